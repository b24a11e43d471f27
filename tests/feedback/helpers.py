"""Shared by the feedback tests."""

import datetime
import re

from django.urls import reverse

from debrief.models import FeedbackRequest

Status = FeedbackRequest.Status


TODAY = datetime.date(2026, 3, 16)


def url(name: str, *args) -> str:
    return reverse(f"debrief:{name}", args=args)


def edit_data(feedback: FeedbackRequest, **changes) -> dict:
    data = {
        "contact_name": feedback.contact_name,
        "contact_email": feedback.contact_email,
        "channel": feedback.channel,
        "requested_on": feedback.requested_on.isoformat() if feedback.requested_on else "",
        "follow_up_due": feedback.follow_up_due.isoformat() if feedback.follow_up_due else "",
    }
    data.update(changes)
    return data


def answer_data(**changes) -> dict:
    """The answer form (FeedbackAnswerForm) filled in: specific feedback received today."""
    data = {
        "answer": "specific",
        "received_on": TODAY.isoformat(),
        "feedback_text": "",
        "useful": "",
    }
    data.update(changes)
    return data


def textarea_ids(html: str) -> list[str]:
    """The drafts a page offers, by their textareas' ids, in page order."""
    return re.findall(r'<textarea[^>]*id="(draft-[\w-]+)"', html)
