"""The silence clock: days since the employer last said anything on each open application,
interview and feedback request, and "No reply — close this one?" asked once after the person's
waiting time, answered with one click ("no response", never a rejection) or "keep waiting"."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import (
    Application,
    FeedbackRequest,
    Interview,
    ReplySettings,
    SilenceAnswer,
)
from debrief.services.silence import working_days_between
from tests.factories import make_application, make_feedback_request, make_interview
from tests.test_dashboard import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# FROZEN_AT: Wednesday 25 November 2026.
TODAY = datetime.date(2026, 11, 25)
QUESTION = "No reply — close this one?"
DASHBOARD = reverse("debrief:dashboard")


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)


def interview_waiting(owner, days: int, employer: str = "Quiet Ltd") -> Interview:
    application = make_application(owner, employer=employer, date_applied=days_ago(days + 10))
    interview = make_interview(application, scheduled_at=at(days_ago(days)))
    application.change_status(Application.Status.INTERVIEWING)
    return interview


def request_waiting(owner, requested_on: datetime.date, **fields) -> FeedbackRequest:
    application = make_application(owner, employer="Hush plc", date_applied=days_ago(60))
    interview = make_interview(
        application,
        scheduled_at=at(days_ago(50)),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=days_ago(45),
    )
    fields.setdefault("status", FeedbackRequest.Status.REQUESTED)
    return make_feedback_request(interview, requested_on=requested_on, **fields)


def page(client, url: str) -> str:
    return page_text(client.get(url))


def test_working_days_count_monday_to_friday_after_the_start():
    wednesday = datetime.date(2026, 11, 11)
    assert working_days_between(wednesday, wednesday) == 0
    assert working_days_between(wednesday, datetime.date(2026, 11, 13)) == 2  # Thu, Fri
    assert working_days_between(wednesday, datetime.date(2026, 11, 15)) == 2  # + weekend
    assert working_days_between(wednesday, TODAY) == 10
    assert working_days_between(datetime.date(2026, 11, 14), datetime.date(2026, 11, 16)) == 1


def test_an_interview_shows_its_days_and_asks_only_from_day_14(owner_client, owner):
    thirteen = interview_waiting(owner, 13, "Thirteen Ltd")
    fourteen = interview_waiting(owner, 14, "Fourteen Ltd")

    text = page(owner_client, thirteen.get_absolute_url())
    assert "13 days since the employer last said anything" in text
    assert QUESTION not in text
    text = page(owner_client, fourteen.get_absolute_url())
    assert "14 days since the employer last said anything" in text
    assert QUESTION in text
    dashboard = page(owner_client, DASHBOARD)
    assert dashboard.count(QUESTION) == 1
    assert "Fourteen Ltd" in dashboard


def test_a_request_asks_after_ten_working_days_then_again_from_its_follow_up(
    owner_client, owner, clock
):
    nine = request_waiting(owner, datetime.date(2026, 11, 12))
    ten = request_waiting(owner, datetime.date(2026, 11, 11))
    assert QUESTION not in page(owner_client, nine.get_absolute_url())
    assert QUESTION in page(owner_client, ten.get_absolute_url())

    # Followed up today: the clock counts from the follow-up.
    assert ten.mark_followed_up(TODAY)
    ten.refresh_from_db()
    assert ten.followed_up_on == TODAY
    assert QUESTION not in page(owner_client, ten.get_absolute_url())
    clock.move_to(datetime.date(2026, 12, 9))  # ten working days later
    owner_client.force_login(owner)  # a fresh session: the old one has expired
    assert QUESTION in page(owner_client, ten.get_absolute_url())


def test_an_application_with_no_interview_asks_after_a_month(owner_client, owner):
    young = make_application(owner, employer="Young Ltd", date_applied=days_ago(29))
    old = make_application(owner, employer="Old Ltd", date_applied=days_ago(30))
    assert "29 days since" in page(owner_client, young.get_absolute_url())
    assert QUESTION not in page(owner_client, young.get_absolute_url())
    assert QUESTION in page(owner_client, old.get_absolute_url())


def test_each_person_chooses_how_long_to_wait(owner_client, owner):
    interview = interview_waiting(owner, 14)
    request = request_waiting(owner, datetime.date(2026, 11, 11))
    response = owner_client.post(
        reverse("debrief:settings-replies"),
        {"interview_quiet_days": "21", "request_quiet_working_days": "15"},
    )
    assert response.status_code == 302
    settings = ReplySettings.objects.get(user=owner)
    assert (settings.interview_quiet_days, settings.request_quiet_working_days) == (21, 15)
    assert settings.counted_in_evidence is False  # an unticked box
    assert QUESTION not in page(owner_client, interview.get_absolute_url())
    assert QUESTION not in page(owner_client, request.get_absolute_url())
    assert QUESTION not in page(owner_client, DASHBOARD)


@pytest.mark.parametrize("days", ["2", "91", "x"])
def test_a_waiting_time_out_of_range_is_explained_next_to_the_field(owner_client, owner, days):
    response = owner_client.post(
        reverse("debrief:settings-replies"),
        {"interview_quiet_days": days, "request_quiet_working_days": "10"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["interview_quiet_days"]
    assert not ReplySettings.objects.filter(user=owner).exists()


def test_closing_an_interview_records_no_response_never_a_rejection(owner_client, owner):
    interview = interview_waiting(owner, 20)
    response = owner_client.post(
        reverse("debrief:silence-interview-close", args=[interview.pk]),
        {"next": DASHBOARD},
    )
    assert response.status_code == 302
    assert response.url == DASHBOARD
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.NO_RESPONSE
    assert interview.outcome_date == TODAY
    application = interview.application
    application.refresh_from_db()
    assert application.status == Application.Status.NO_RESPONSE
    assert application.status_changes.last().status == Application.Status.NO_RESPONSE
    assert SilenceAnswer.objects.get(interview=interview).answer == SilenceAnswer.Kind.CLOSED

    dashboard = page(owner_client, DASHBOARD)
    assert "Employers who never answered: 1" in dashboard
    assert "not counted as rejections" in dashboard
    assert QUESTION not in dashboard
    # The latest decision card (a rejection or an offer) does not speak of it.
    assert "said no thank you" not in dashboard


def test_closing_a_request_or_an_application(owner_client, owner):
    request = request_waiting(owner, datetime.date(2026, 11, 1))
    application = make_application(owner, employer="Old Ltd", date_applied=days_ago(40))
    owner_client.post(reverse("debrief:silence-feedback-close", args=[request.pk]))
    owner_client.post(reverse("debrief:silence-application-close", args=[application.pk]))
    request.refresh_from_db()
    application.refresh_from_db()
    assert (request.status, request.outcome) == ("no_response", "no_answer")
    assert application.status == Application.Status.NO_RESPONSE


def test_keep_waiting_stops_the_question_for_that_item_only(owner_client, owner, clock):
    first = interview_waiting(owner, 15, "First Ltd")
    interview_waiting(owner, 16, "Second Ltd")
    response = owner_client.post(reverse("debrief:silence-interview-wait", args=[first.pk]))
    assert response.status_code == 302
    assert response.url == first.get_absolute_url()
    first.refresh_from_db()
    assert first.outcome == Interview.Outcome.AWAITING
    clock.move_to(datetime.date(2027, 1, 25))
    owner_client.force_login(owner)  # a fresh session: the old one has expired
    assert QUESTION not in page(owner_client, first.get_absolute_url())
    # The clock still shows; only the question is gone.
    assert "days since the employer last said anything" in page(
        owner_client, first.get_absolute_url()
    )
    dashboard = page(owner_client, DASHBOARD)
    assert dashboard.count(QUESTION) == 1
    assert "Second Ltd" in dashboard


def test_answering_twice_changes_nothing_more(owner_client, owner):
    interview = interview_waiting(owner, 20)
    url = reverse("debrief:silence-interview-close", args=[interview.pk])
    owner_client.post(url)
    response = owner_client.post(url, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert SilenceAnswer.objects.count() == 1


def test_a_get_changes_nothing_and_a_stranger_gets_404(owner, stranger_client):
    interview = interview_waiting(owner, 20)
    request = request_waiting(owner, datetime.date(2026, 11, 1))
    application = make_application(owner, date_applied=days_ago(40))
    for kind, item in (
        ("interview", interview),
        ("feedback", request),
        ("application", application),
    ):
        for answer in ("close", "wait"):
            url = reverse(f"debrief:silence-{kind}-{answer}", args=[item.pk])
            assert stranger_client.get(url).status_code == 405
            assert stranger_client.post(url).status_code == 404
    assert not SilenceAnswer.objects.exists()
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.AWAITING


def test_an_offer_or_a_no_is_never_overwritten_by_silence(owner_client, owner):
    interview = interview_waiting(owner, 20)
    interview.outcome, interview.outcome_date = Interview.Outcome.REJECTED, TODAY
    interview.save()
    response = owner_client.post(
        reverse("debrief:silence-interview-close", args=[interview.pk]), follow=True
    )
    assert "nothing was changed" in response.content.decode()
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.REJECTED


def test_the_dashboard_question_costs_no_query_when_cached(
    owner_client, owner, django_assert_max_num_queries
):
    for n in range(7):
        interview_waiting(owner, 20 + n, f"Employer {n}")
    first = page(owner_client, DASHBOARD)
    assert first.count(QUESTION) == 5
    assert "And 7 in all" in first
    # the adviser's panel and the waiting forwarded emails are read live, in one statement
    with django_assert_max_num_queries(6):
        owner_client.get(DASHBOARD)


def test_the_feedback_list_shows_each_waiting_requests_days_without_a_reply(owner_client, owner):
    request_waiting(owner, days_ago(12))
    assert "12 days without a reply" in page(owner_client, reverse("debrief:feedback-list"))


def test_the_export_of_my_data_holds_my_answers_and_settings(owner, stranger):
    from debrief.services.export import user_data

    interview = interview_waiting(owner, 20)
    ReplySettings.objects.create(user=owner, interview_quiet_days=21)
    SilenceAnswer.objects.create(owner=owner, interview=interview, answer="waiting")
    SilenceAnswer.objects.create(
        owner=stranger, application=make_application(stranger), answer="closed"
    )
    owner.refresh_from_db()
    data = user_data(owner)
    assert data["reply_settings"]["interview_quiet_days"] == 21
    assert [a["interview_id"] for a in data["silence_answers"]] == [interview.pk]


def test_past_a_hundred_waiting_the_dashboard_says_over_a_hundred(owner_client, owner):
    Application.objects.bulk_create(
        Application(owner=owner, employer=f"Silent {n}", role_title="Analyst", date_applied=day)
        for n, day in enumerate([days_ago(40)] * 101)
    )
    text = page(owner_client, DASHBOARD)
    assert text.count(QUESTION) == 5
    assert "And over 100 in all" in text

    Application.objects.filter(employer="Silent 0").delete()
    assert "And 100 in all" in page(owner_client, DASHBOARD)
