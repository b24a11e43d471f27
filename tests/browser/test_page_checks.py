"""The checks every browser test runs besides axe find what they are meant to find: a page built
to break each rule fails it, and the same page done right passes."""

import pytest
from playwright.sync_api import Page

from tests.browser.page_checks import wcag_problems

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title><style>
  input { border: 1px solid #dee2e6; }
  .tiny { display: inline-block; width: 12px; height: 12px; }
  .pale { color: #aaa; background: #fff; border: 0; }
  .nofocus:focus { outline: none; }
  .stuck { position: sticky; top: 0; }
</style></head><body>
  <div class="stuck">Header</div>
  <label>Name <input id="name"></label>
  <p><a class="tiny" href="#a">a</a><a class="tiny" href="#b">b</a></p>
  <button class="pale nofocus">Pale</button>
</body></html>"""

RIGHT = """<!doctype html><html lang="en"><head><title>Right</title><style>
  input { border: 1px solid #5f6771; }
  a, button { display: inline-block; min-width: 24px; min-height: 24px; }
  :focus-visible { outline: 3px solid #0b0c0c; }
</style></head><body>
  <label>Name <input id="name"></label>
  <p><a href="#a">Apples</a> <a href="#b">Bananas</a></p>
  <button>Save</button>
</body></html>"""


def test_a_page_that_breaks_each_rule_is_reported_at_both_widths(page: Page):
    page.set_content(BROKEN)
    problems = "\n".join(wcag_problems(page))
    for width in ("desktop", "phone"):
        assert f'{width}: <input#name> "": its edge has a contrast of 1.3' in problems
        assert f'{width}: <a.tiny> "a": a target of 12×12 px too close' in problems
        assert f'{width}: <button.pale.nofocus> "Pale": its text has a contrast of 2.3' in problems
        assert f'{width}: <button.pale.nofocus> "Pale": its focus indicator' in problems
        assert f'{width}: <div.stuck> "Header": position sticky' in problems


def test_the_same_page_done_right_passes(page: Page):
    page.set_content(RIGHT)
    assert wcag_problems(page) == []


def test_the_html_checker_finds_the_fraction_html_does_not_allow(html_checker):
    if html_checker is None:
        pytest.skip("No Nu HTML checker here (make browser-deps installs it).")
    errors = html_checker.errors(
        '<!doctype html><html lang="en"><title>t</title>'
        '<time datetime="2026-12-07T09:30:00.123456+00:00">now</time></html>'
    )
    assert len(errors) == 1
    assert "fraction of a second must be one, two, or three digits" in errors[0]
