"""A job seeker imports their Teal export: chooses the file, checks the matched columns, reads the
preview, confirms, and sees the import finish. The mapping and the preview pass axe at desktop
width and at 390 px."""

import os

import pytest
from playwright.sync_api import Page, expect

from debrief.models import Application
from tests.browser.helpers import sign_in
from tests.factories import make_user
from tests.import_helpers import DATA
from tests.reminder_helpers import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("DEBRIEF_SCREENSHOTS", "")


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_job_seeker_imports_their_teal_export(page: Page, live_server, axe_check, width):
    make_user("olivia@example.com", "Olivia Owner")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "olivia@example.com")
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applications")
    axe_check(page)

    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Spreadsheet file").set_input_files(str(DATA / "teal.csv"))
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns of teal.csv")
    expect(page.get_by_label("Employer")).to_have_value("0")
    expect(page.get_by_label("Role title")).to_have_value("1")
    axe_check(page)
    shoot(page, f"import-mapping-{width}")

    page.get_by_label("Location").select_option(label="— Not in my file —")
    page.get_by_role("button", name="Preview the rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of teal.csv")
    table = page.get_by_role("table", name="Every row of the file, by its line number")
    expect(table.get_by_role("row")).to_have_count(7)
    expect(table.get_by_text("Left out: “Bookmarked” means not applied yet")).to_be_visible()
    axe_check(page)
    shoot(page, f"import-preview-{width}")

    page.get_by_role("button", name="Import 5 applications, leave out 1 row").click()
    expect(page.get_by_text("Importing 5 applications")).to_be_visible()
    run_worker()
    page.reload()
    expect(page.get_by_text("5 applications added to your record.")).to_be_visible()
    axe_check(page)
    assert Application.objects.filter(location="").count() == 5
