"""Every admin page registered for a model that holds a person's records writes that person's
access log, as advisers' reads do. The admin registry is walked, so a new admin that forgets
the log fails here unless it is named below with the reason it holds no one's record."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from debrief.admin import StaffReadsLogged
from debrief.models import (
    AccessLogEntry,
    AdviserNote,
    Handover,
    NoteReply,
    Notification,
    SecurityEvent,
    User,
)
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_debrief, make_organisation, make_question, make_user
from tests.url_walk import make_record

pytestmark = pytest.mark.django_db

# Registered models that hold no job seeker's record, and why.
NOT_A_PERSONS_RECORD = {
    "otp_totp.totpdevice": "a staff member's or adviser's authenticator; its key is never shown",
    "otp_static.staticdevice": "an adviser's recovery codes, never shown",
    "debrief.enrolmentlink": "which set-up links staff sent advisers (no token kept)",
    "debrief.organisation": "a careers service",
    "debrief.staffinvitation": "a careers service recruiting staff",
    "debrief.invitationbatch": "an adviser's list of addresses to invite: no record yet",
    "debrief.clientinvitation": "a row of such a list: an address, no record yet",
}


def holds_a_persons_record(model, seen=()) -> bool:
    """The user account itself, or anything that leads to one through its relations."""
    if model is User:
        return True
    for field in model._meta.get_fields():
        if field.many_to_one or (field.one_to_one and field.concrete):
            target = field.related_model
            if target is User or (
                target not in seen and holds_a_persons_record(target, (*seen, model))
            ):
                return True
    return False


def registered():
    return {
        f"{model._meta.app_label}.{model._meta.model_name}": model for model in admin.site._registry
    }


@pytest.fixture
def staff_client(client):
    staff = User.objects.create_superuser("staff@example.com", "x", display_name="Sam Staff")
    sign_in_verified(client, staff)
    return client


@pytest.fixture
def everything(owner, adviser):
    """One of each kind of row the admin shows, belonging to the owner."""
    record = make_record(owner, adviser)
    interview = owner.applications.get().interviews.get()
    make_question(make_debrief(interview))
    Notification.objects.create(
        user=owner,
        kind=Notification.Kind.choices[0][0],
        object_type="interview",
        object_id=interview.pk,
        due_on=timezone.localdate(),
    )
    SecurityEvent.objects.create(user=owner, kind=SecurityEvent.Kind.ENROLLED)
    NoteReply.objects.create(
        note=AdviserNote.objects.get(pk=record["notes"]), author=owner, text="Thank you"
    )
    Handover.objects.create(
        organisation=make_organisation(),
        client=owner,
        from_adviser=adviser,
        to_adviser=make_user("second@example.com", "Second Adviser", role=User.Role.ADVISER),
    )
    return record


def test_the_walk_sees_the_admin_registry():
    models = registered()
    assert "debrief.application" in models
    assert set(NOT_A_PERSONS_RECORD) <= set(models), "an exemption names no registered model"


def unlogged_reads(staff_client) -> tuple[list[str], list[str]]:
    """(admin pages of a person's records that wrote no access log, the models walked)."""
    unlogged, walked = [], []
    for name, model in registered().items():
        if name in NOT_A_PERSONS_RECORD or not holds_a_persons_record(model):
            continue
        walked.append(name)
        if not isinstance(admin.site._registry[model], StaffReadsLogged):
            unlogged.append(f"{name}: not a StaffReadsLogged admin")
        # The newest row: the owner's or the adviser's, never the staff member's own account.
        row = model._default_manager.order_by("-pk").first()
        assert row is not None, f"{name}: the test made no row to read"
        meta = model._meta
        for url in [
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]),
        ]:
            before = AccessLogEntry.objects.filter(viewer_role="staff").count()
            assert staff_client.get(url).status_code == 200, url
            if AccessLogEntry.objects.filter(viewer_role="staff").count() == before:
                unlogged.append(url)
    return unlogged, walked


def test_every_admin_for_a_persons_records_logs_its_reads(staff_client, everything):
    unlogged, walked = unlogged_reads(staff_client)
    assert unlogged == []
    assert len(walked) >= 14


def test_an_admin_that_forgets_the_log_is_caught(monkeypatch, staff_client, everything):
    # A hand-made regression: the notifications admin reading without the log.
    notifications = admin.site._registry[Notification]
    for method in ["get_object", "get_changelist_instance"]:
        plain = getattr(admin.ModelAdmin, method).__get__(notifications)
        monkeypatch.setattr(notifications, method, plain)
    unlogged, _ = unlogged_reads(staff_client)
    assert unlogged == [
        "/admin/debrief/notification/",
        f"/admin/debrief/notification/{Notification.objects.get().pk}/change/",
    ]
