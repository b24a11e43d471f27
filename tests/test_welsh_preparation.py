"""The preparation sheet in Welsh: the job seeker's sentences, and their adviser's, which name the
client. Each of those is its own sentence in the catalogue (Welsh cannot put a name where English
puts "your"), so the adviser's sheet is checked as well as the job seeker's."""

import html
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from debrief.services.preparation import preparation_context
from tests.test_dashboard import TODAY, at
from tests.test_preparation import upcoming  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(at(TODAY, 12))]


@pytest.fixture
def welsh(settings):
    # The project's catalogue, whatever the settings of the branch this runs on.
    settings.LOCALE_PATHS = [str(settings.BASE_DIR / "locale")]
    with translation.override("cy"):
        yield


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_the_job_seekers_sheet_reads_in_welsh(welsh, upcoming):  # noqa: F811
    sheet = text_of(preparation_context(upcoming, TODAY)["sheet_html"])

    assert "Eich cryfderau" in sheet
    assert "Beth fyddech chi’n ei wneud yn well: Bring numbers for results." in sheet
    assert "Wedi codi 1 waith; sgorioch chi’r atebion hynny’n 2.0 allan o 5." in sheet
    assert "Your strengths" not in sheet
    assert "What you would do better" not in sheet


def test_the_advisers_sheet_names_the_client_in_welsh(welsh, upcoming, owner):  # noqa: F811
    context = preparation_context(upcoming, TODAY) | {"record_client": owner}
    first_name = owner.display_name.split()[0]

    sheet = text_of(render_to_string("debrief/includes/prepare_body.html", context))

    assert f"Cryfderau {first_name}" in sheet
    assert f"Beth fyddai {first_name} yn ei wneud yn well: Bring numbers for results." in sheet
    assert f"sgoriodd {first_name} yr atebion hynny’n 2.0 allan o 5." in sheet
    assert "Eich cryfderau" not in sheet
    assert "’s" not in sheet
