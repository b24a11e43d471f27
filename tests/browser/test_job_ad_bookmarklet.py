"""The bookmarklet, run on a job ad served by the test: Debrief opens in a new tab with the
application form filled from the page's title, address and selected text; saved, the application
keeps the ad's text. Debrief's own page passes axe."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from debrief.models import Application
from tests.browser.helpers import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLOSING = datetime.date.today() + datetime.timedelta(days=20)
AD_PAGE = """<!doctype html><html lang="en"><head><title>Junior Analyst - Brightwater - Manchester
| Indeed.com</title></head><body><main id="ad"><h1>Junior Analyst</h1>
<p>Salary: £28,000</p>
<p>Closing date: {closing:%-d %B %Y}</p>
<p>Essential: SQL and a curious mind.</p></main></body></html>"""


class AdHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = AD_PAGE.format(closing=CLOSING).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def job_board():
    server = ThreadingHTTPServer(("127.0.0.1", 0), AdHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/viewjob?jk=42"
    server.shutdown()


def test_the_bookmarklet_opens_a_filled_form(
    page: Page, live_server, settings, job_board, axe_check
):
    settings.SITE_URL = live_server.url
    make_user("olivia@example.com", "Olivia Owner")
    sign_in(page, live_server.url, "olivia@example.com")
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="Add from a job ad").click()
    axe_check(page)
    href = page.get_by_role("link", name="Add to Debrief").get_attribute("href")
    assert href.startswith("javascript:")

    page.goto(job_board)
    page.evaluate(
        "() => { const range = document.createRange();"
        " range.selectNodeContents(document.getElementById('ad'));"
        " window.getSelection().removeAllRanges(); window.getSelection().addRange(range); }"
    )
    with page.context.expect_page() as opened:
        page.evaluate(unquote(href.removeprefix("javascript:")))
    form = opened.value
    form.wait_for_load_state()
    expect(form.get_by_label("Role title")).to_have_value("Junior Analyst")
    expect(form.get_by_label("Employer")).to_have_value("Brightwater")
    expect(form.get_by_label("Location")).to_have_value("Manchester")
    expect(form.get_by_label("Salary")).to_have_value("£28,000")
    expect(form.get_by_label("Closing date")).to_have_value(CLOSING.isoformat())
    expect(form.get_by_label("Job link")).to_have_value(job_board)
    expect(form.get_by_label("The job ad")).to_contain_text("Essential: SQL and a curious mind.")
    axe_check(form)
    form.get_by_role("button", name="Add application").click()
    expect(form.get_by_role("heading", level=1)).to_contain_text("Junior Analyst")
    assert "curious mind" in Application.objects.get().ad_text
