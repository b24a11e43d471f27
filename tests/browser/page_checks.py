"""What every page the browser tests visit is held to besides axe-core (which `axe_check` in
tests/conftest.py runs first):

- WCAG 2.2 AA checks axe does not make (page_checks.js), at a desktop width and at 390 px:
  the contrast of each visible control's edge, text and focus indicator, target sizes, nothing
  fixed on the screen that could hide the focused control;
- valid HTML: the page as the server sent it, checked by the Nu HTML checker (the `vnu-jar` npm
  package, installed by `make browser-deps`), one checker process for the whole test session.
"""

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.helpers import WIDTHS

CHECKS = (Path(__file__).with_name("page_checks.js")).read_text()
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def wcag_problems(page: Page) -> list[str]:
    """The problems page_checks.js finds at each width; the viewport is put back afterwards."""
    kept = page.viewport_size
    problems = []
    try:
        for width_name, size in WIDTHS.items():
            page.set_viewport_size(size)
            # A key press makes focus set by script look as keyboard focus does (:focus-visible).
            page.keyboard.press("Shift")
            problems += [f"{width_name}: {problem}" for problem in page.evaluate(CHECKS)]
    finally:
        if kept:
            page.set_viewport_size(kept)
    return problems


class HtmlChecker:
    """The Nu HTML checker as a local web service: started once, given each page's source."""

    def __init__(self, jar: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/?out=json"
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss4m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(jar),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                self.errors("<!doctype html><html lang=en><title>ready</title></html>")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("The Nu HTML checker did not start") from None
                time.sleep(0.3)

    def errors(self, html: str) -> list[str]:
        request = urllib.request.Request(
            self.url,
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
