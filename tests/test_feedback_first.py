"""Feedback first: recording "They said no" drafts the feedback request from what Debrief knows
(the first interviewer, the role, the interview date), and the next page sends it: "I've sent
it" saves the words as sent and starts the follow-up clock from that day. A GET changes nothing;
another person's request answers 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, Contact, FeedbackRequest
from tests.factories import make_application, make_interview

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def interview(owner):
    application = make_application(
        owner,
        employer="Octopus Energy",
        role_title="Data Analyst",
        date_applied=datetime.date(2026, 11, 1),
    )
    interview = make_interview(
        application,
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 11, 10, 10)),
        interviewers="Jo Bloggs (Head of Data), Sam Lee",
    )
    application.change_status(Application.Status.INTERVIEWING, on=datetime.date(2026, 11, 10))
    return interview


def say_no(client, interview, **extra):
    return client.post(
        reverse("debrief:application-decision", args=[interview.application_id, "turned-down"]),
        {"interview": interview.pk, "decided_on": "2026-11-20", **extra},
    )


def send_url(request):
    return reverse("debrief:feedback-send", args=[request.pk])


def test_it_drafts_the_request_when_the_no_is_recorded_and_leads_with_it(owner_client, interview):
    response = say_no(owner_client, interview)
    steps = reverse("debrief:application-next-steps", args=[interview.application_id])
    assert response.url == steps
    request = FeedbackRequest.objects.get(interview=interview)
    assert request.status == FeedbackRequest.Status.NOT_SENT
    assert request.requested_on is None
    assert request.contact_name == "Jo Bloggs"
    assert request.message.startswith("Dear Jo,\n")
    assert "Data Analyst role at Octopus Energy" in request.message
    assert "first interview on 10 November 2026" in request.message
    assert request.message.rstrip().endswith("Olivia Owner")

    page = owner_client.get(steps).text
    assert "Open in my email app" in page
    assert 'href="mailto:?subject=Feedback%20on%20my%20first%20interview' in page
    assert "data-copy-target" in page
    assert "I&#x27;ve sent it" in page or "I've sent it" in page
    assert f'action="{send_url(request)}"' in page


def test_i_have_sent_it_saves_the_words_and_starts_the_follow_up_clock(owner_client, interview):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    steps = reverse("debrief:application-next-steps", args=[interview.application_id])
    response = owner_client.post(
        send_url(request),
        {
            "contact_name": "Jo Bloggs",
            "contact_email": "jo@octopus.example",
            "message": "Dear Jo,\n\nCould you tell me what would have made me stronger?\n\nOlivia",
            "next": steps,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == steps
    assert "Marked as sent today" in response.text
    assert "Friday 27 November" in response.text
    request.refresh_from_db()
    assert request.status == FeedbackRequest.Status.REQUESTED
    assert request.requested_on == TODAY
    assert request.follow_up_due == TODAY + datetime.timedelta(days=7)
    assert request.contact_email == "jo@octopus.example"
    assert request.message.startswith("Dear Jo,\n\nCould you tell me")
    # The step now says it is done, with the follow-up date, and offers no second send.
    assert "Asked on 20 November; follow up on 27 November" in response.text
    assert send_url(request) not in response.text


def test_the_follow_up_counts_from_the_day_it_was_sent(owner_client, interview, clock):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    clock.move_to(datetime.date(2026, 11, 24))
    owner_client.post(send_url(request), {"message": request.message})
    request.refresh_from_db()
    assert request.requested_on == datetime.date(2026, 11, 24)
    assert request.follow_up_due == datetime.date(2026, 12, 1)


def test_did_you_send_it_asks_and_a_get_changes_nothing(owner_client, interview):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    before = FeedbackRequest.objects.filter(pk=request.pk).values().get()
    page = owner_client.get(send_url(request))
    assert page.status_code == 200
    assert "<h1>Did you send it?</h1>" in page.text
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count('type="submit"') == 1
    assert FeedbackRequest.objects.filter(pk=request.pk).values().get() == before


def test_sending_twice_changes_nothing_the_second_time(owner_client, interview, clock):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    owner_client.post(send_url(request), {"message": request.message})
    clock.move_to(datetime.date(2026, 11, 23))
    response = owner_client.post(send_url(request), {"message": "Changed"}, follow=True)
    assert "already marked as sent on 20 November 2026" in response.text
    request.refresh_from_db()
    assert request.requested_on == TODAY
    assert request.message != "Changed"
    assert "<h1>Already sent</h1>" in owner_client.get(send_url(request)).text


def test_a_bad_address_is_explained_and_the_words_kept(owner_client, interview):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    response = owner_client.post(
        send_url(request), {"contact_email": "not an address", "message": "My own words"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert "My own words" in response.text
    request.refresh_from_db()
    assert request.status == FeedbackRequest.Status.NOT_SENT


def test_someone_elses_request_is_not_found(owner_client, stranger, interview):
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    stranger_client = owner_client
    stranger_client.force_login(stranger)
    assert stranger_client.get(send_url(request)).status_code == 404
    assert stranger_client.post(send_url(request), {"message": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.status == FeedbackRequest.Status.NOT_SENT


def test_a_second_no_keeps_the_one_open_request(owner_client, interview):
    say_no(owner_client, interview)
    say_no(owner_client, interview, what_they_said="Again")
    assert FeedbackRequest.objects.filter(interview=interview).count() == 1


def test_without_interviewers_it_greets_the_hiring_team(owner_client, interview):
    interview.interviewers = ""
    interview.save()
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    assert request.contact_name == ""
    assert request.message.startswith("Dear Hiring Team,")


def test_asking_later_also_offers_the_interviewer_and_greets_by_first_name(owner_client, interview):
    response = owner_client.get(reverse("debrief:feedback-new", args=[interview.pk]))
    form = response.context["form"]
    assert form["contact_name"].value() == "Jo Bloggs"
    assert form["message"].value().startswith("Dear Jo,\n")


def test_a_recorded_contact_is_asked_and_greeted_by_first_name(owner_client, owner, interview):
    contact = Contact.objects.create(
        owner=owner, name="Priya Shah", role="recruiter", email="priya@octopus.example"
    )
    contact.applications.add(interview.application)
    say_no(owner_client, interview)
    request = FeedbackRequest.objects.get(interview=interview)
    assert (request.contact_name, request.contact_email) == ("Priya Shah", "priya@octopus.example")
    assert request.message.startswith("Dear Priya,\n")
