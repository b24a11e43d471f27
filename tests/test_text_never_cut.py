"""Text longer than a field's limit is never cut by the browser: no `maxlength` on textareas,
a visible counter of the limit, and the server refuses it with a message next to the field,
keeping every character typed."""

import re

import pytest
from django.urls import reverse

from debrief.models import TEXT_LIMITS, ActionItem
from tests.factories import make_application, make_interview

pytestmark = pytest.mark.django_db


def test_a_textarea_has_a_counter_and_no_maxlength(owner_client, owner):
    interview = make_interview(make_application(owner))
    page = owner_client.get(reverse("debrief:debrief-quick", args=[interview.pk])).text
    textarea = re.search(r"<textarea[^>]*id_do_better[^>]*>", page).group(0)
    assert "maxlength" not in textarea
    limit = TEXT_LIMITS["debrief"]["do_better"]
    assert f'data-limit-for="id_do_better" data-limit="{limit}">Up to {limit} characters.' in page


def test_over_long_text_is_refused_next_to_the_field_and_kept_whole(owner_client, owner):
    limit = TEXT_LIMITS["actionitem"]["text"]
    typed = "Practise the STAR method aloud. " * 12
    assert len(typed) > limit
    response = owner_client.post(
        reverse("debrief:action-new"), {"text": typed, "area": "skills", "status": "open"}
    )
    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters" in response.text
    assert typed.strip() in response.text
    assert not ActionItem.objects.exists()
