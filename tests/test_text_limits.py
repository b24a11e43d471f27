"""Every free-text field has a limit: forms explain it next to the field and keep what was typed;
the database refuses longer text whatever path writes it."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.urls import reverse

from debrief.models import (
    TEXT_LIMITS,
    ActionSuggestion,
    Application,
    Appointment,
    Availability,
    CaseNote,
    ClientInvitation,
    ClientTag,
    Contact,
    Document,
    FeedbackRequest,
    Handover,
    ImportBatch,
    InboundMessage,
    Interview,
    InvitationBatch,
    NoteReply,
    SharedAddress,
    StarAnswer,
    User,
)
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_invitation,
    make_note,
    make_organisation,
    make_question,
    make_star_answer,
    make_user,
)
from tests.html import errors_for, field_labelled, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# Text the application writes, not a person: no limit table entry needed.
NOT_TYPED = {
    ("user", "password"),
    ("user", "email"),
    ("application", "job_url"),
    ("appointment", "video_link"),  # a URLField, bounded by its column like job_url
    ("availability", "video_link"),
    # The service's audit log: names copied and what was read, written by Debrief.
    ("serviceauditentry", "actor_name"),
    ("serviceauditentry", "subject"),
    ("feedbackrequest", "contact_email"),
    ("contact", "email"),
    ("accesslogentry", "viewer_name"),
    ("securityevent", "by_name"),
    ("accesslogentry", "viewer_role"),
    ("enrolmentlink", "token_hash"),
    # Chosen from a list, made by Debrief or written by the worker: nothing a person types.
    ("notificationsettings", "time_zone"),
    ("notificationsettings", "calendar_secret"),
    ("notification", "object_type"),
    ("notification", "subject"),
    ("notification", "last_error"),
    ("accesslogentry", "viewed"),
    ("accesslogentry", "path"),
    # A form's one-time token record: a hash and the address Debrief redirected to.
    ("formsubmission", "fingerprint"),
    ("formsubmission", "url"),
    # An invitation row: the address read from the typed line (kept whole in "typed"), the
    # error Debrief wrote, and the hash of the link it sent.
    ("clientinvitation", "email"),
    ("clientinvitation", "error"),
    ("clientinvitation", "token_hash"),
    ("staffinvitation", "token_hash"),
    # A group session's tag, copied from the tag with the tag's own limit (clienttag.name).
    ("groupsession", "tag_name"),
    # Sign-ins: a device cookie's hash, a session's key and the browser's own description
    # (cut to its column by debrief.devices).
    ("knowndevice", "device_hash"),
    ("signedinsession", "session_key"),
    ("signedinsession", "user_agent"),
    # The dashboard's figures kept by the database: names and keys the triggers write.
    ("dashboardcount", "figure"),
    ("dashboardcount", "key"),
    # A private forwarding address's secret, made by Debrief.
    ("inboundaddress", "secret"),
}


def text_fields():
    for model in apps.get_app_config("debrief").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                yield model._meta.model_name, field


def test_every_free_text_field_takes_its_limit_from_the_one_table():
    for model, field in text_fields():
        if (model, field.name) in NOT_TYPED:
            continue
        assert field.name in TEXT_LIMITS.get(model, {}), f"{model}.{field.name} has no limit"
        assert field.max_length == TEXT_LIMITS[model][field.name], f"{model}.{field.name}"


@pytest.fixture
def record(owner, adviser):
    application = make_application(owner)
    interview = make_interview(application)
    debrief = make_debrief(interview)
    organisation = make_organisation()
    return {
        "user": owner,
        "application": application,
        "interview": interview,
        "debrief": debrief,
        "debriefquestion": make_question(debrief),
        "feedbackrequest": make_feedback_request(interview),
        "staranswer": make_star_answer(owner),
        "actionitem": make_action_item(owner),
        "advisernote": make_note(adviser, owner),
        "organisation": organisation,
        "staffinvitation": make_invitation(organisation, "bea@careers.example"),
        "clientinvitation": ClientInvitation.objects.create(
            batch=InvitationBatch.objects.create(adviser=adviser),
            line=1,
            typed="sam@example.org, Sam",
            email="sam@example.org",
            name="Sam",
        ),
        "actionsuggestion": ActionSuggestion.objects.create(
            adviser=adviser, client=owner, text="Ask for feedback"
        ),
        "notereply": NoteReply.objects.create(
            note=make_note(adviser, owner), author=owner, text="Thanks"
        ),
        "handover": Handover.objects.create(
            organisation=organisation,
            client=owner,
            from_adviser=adviser,
            to_adviser=make_user("bea@careers.example", "Bea", role=User.Role.ADVISER),
        ),
        "clienttag": ClientTag.objects.create(adviser=adviser, name="Graduates"),
        "availability": Availability.objects.create(
            adviser=adviser, weekday=0, starts=datetime.time(10), ends=datetime.time(12)
        ),
        "casenote": CaseNote.objects.create(
            adviser=adviser, client=owner, contact_type="phone", minutes=10, outcome="Called"
        ),
        "appointment": Appointment.objects.create(
            adviser=adviser, client=owner, date=datetime.date(2026, 12, 1)
        ),
        "inboundmessage": InboundMessage.objects.create(owner=owner, subject="No thanks"),
        "sharedaddress": SharedAddress.objects.create(client=owner, email="ada@example.org"),
        "importbatch": ImportBatch.objects.create(owner=owner, file_name="applications.csv"),
        "contact": Contact.objects.create(owner=owner, name="Priya Shah"),
        "document": Document.objects.create(
            owner=owner,
            title="CV",
            file="1/cv.pdf",
            original_name="cv.pdf",
            content_type=Document.Type.PDF,
            size=100,
        ),
    }


LIMITED = [
    (model, name, limit) for model, fields in TEXT_LIMITS.items() for name, limit in fields.items()
]


@pytest.mark.parametrize(("model", "name", "limit"), LIMITED)
def test_the_database_refuses_text_over_the_limit(record, model, name, limit):
    row = record[model]
    manager = type(row)._base_manager
    manager.filter(pk=row.pk).update(**{name: "x" * limit})  # exactly the limit is fine

    field = type(row)._meta.get_field(name)
    # A TextField is kept by its named constraint, a CharField by its column type (varchar).
    expected = IntegrityError if isinstance(field, models.TextField) else DataError
    with pytest.raises(expected) as refused, transaction.atomic():
        manager.filter(pk=row.pk).update(**{name: "x" * (limit + 1)})
    if expected is IntegrityError:
        assert f"{model}_{name}_length" in str(refused.value)


@pytest.mark.parametrize(("model", "name", "limit"), LIMITED)
def test_full_clean_explains_the_limit(record, model, name, limit):
    row = record[model]
    setattr(row, name, "x" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert f"at most {limit} characters" in " ".join(refused.value.message_dict[name])


# --- Forms: the message next to the field, and nothing typed lost -------------------------------


def assert_refused_and_kept(client, url: str, label: str, limit: int):
    page = client.get(url)
    control = field_labelled(page, label)
    typed = "Line one\nline two " + "y" * limit
    data = form_data(page)
    data[control.attrs["name"]] = typed

    response = client.post(url, data)

    assert response.status_code == 200
    assert errors_for(response, label) == [
        f"Ensure this value has at most {limit} characters (it has {len(typed)})."
    ]
    # The browser's newline comes back as \r\n in the textarea, so compare the words.
    assert field_labelled(response, label).value.replace("\r\n", "\n") == typed


def test_application_notes_over_the_limit(owner_client):
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:application-new"),
        "Notes",
        TEXT_LIMITS["application"]["notes"],
    )
    assert not Application.objects.exists()


def test_an_employer_name_over_the_limit(owner_client, owner):
    application = make_application(owner, employer="Globex")
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:application-edit", args=[application.pk]),
        "Employer",
        TEXT_LIMITS["application"]["employer"],
    )
    application.refresh_from_db()
    assert application.employer == "Globex"


def test_interview_notes_over_the_limit(owner_client, owner):
    interview = make_interview(make_application(owner), notes="Before")
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:interview-edit", args=[interview.pk]),
        "Notes",
        TEXT_LIMITS["interview"]["notes"],
    )
    assert Interview.objects.get().notes == "Before"


def test_what_went_well_over_the_limit(owner_client, owner):
    interview = make_interview(make_application(owner))
    make_debrief(interview, went_well="Kept calm.")
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:debrief-edit", args=[interview.pk]),
        "What went well",
        TEXT_LIMITS["debrief"]["went_well"],
    )
    interview.debrief.refresh_from_db()
    assert interview.debrief.went_well == "Kept calm."


def test_a_feedback_request_message_over_the_limit(owner_client, owner):
    interview = make_interview(make_application(owner))
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:feedback-new", args=[interview.pk]),
        "Request message",
        TEXT_LIMITS["feedbackrequest"]["message"],
    )
    assert not FeedbackRequest.objects.exists()


def test_feedback_received_over_the_limit(owner_client, owner):
    feedback = make_feedback_request(make_interview(make_application(owner)))
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:feedback-answer", args=[feedback.pk]),
        "What they said",
        TEXT_LIMITS["feedbackrequest"]["feedback_text"],
    )
    feedback.refresh_from_db()
    assert feedback.feedback_text == ""


@pytest.mark.parametrize(("label", "name"), [("Situation", "situation"), ("Result", "result")])
def test_a_star_part_over_the_limit(owner_client, label, name):
    assert_refused_and_kept(
        owner_client, reverse("debrief:star-new"), label, TEXT_LIMITS["staranswer"][name]
    )
    assert not StarAnswer.objects.exists()


def test_an_action_over_the_limit(owner_client, owner):
    item = make_action_item(owner, "Practise aloud")
    assert_refused_and_kept(
        owner_client,
        reverse("debrief:action-edit", args=[item.pk]),
        "Action",
        TEXT_LIMITS["actionitem"]["text"],
    )
    item.refresh_from_db()
    assert item.text == "Practise aloud"


def test_a_display_name_over_the_limit_at_sign_up(client):
    response = client.post(
        reverse("signup"),
        {
            "email": "new@example.com",
            "display_name": "N" * 101,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert errors_for(response, "Your name") == [
        "Ensure this value has at most 100 characters (it has 101)."
    ]
    assert field_labelled(response, "Your name").value == "N" * 101
