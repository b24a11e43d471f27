"""Evidence from Debrief's own requests: reply rate and median days per kind of ask, for the
person and across everyone (and their careers service) — never a shared figure from fewer than
20 asks by 5 people; people who opt out are not counted; one query whatever the data."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from debrief.models import FeedbackAsk, FeedbackRequest, Interview, ReplySettings, User
from debrief.services import evidence
from debrief.services.evidence import compute, evidence_for
from tests.factories import (
    grant_access,
    make_application,
    make_feedback_request,
    make_interview,
    make_member,
    make_organisation,
    make_user,
)
from tests.test_dashboard import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TODAY = datetime.date(2026, 11, 25)
Status = FeedbackRequest.Status


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def rejected_interview(person) -> Interview:
    return make_interview(
        make_application(person, date_applied=days_ago(90)),
        scheduled_at=datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=days_ago(80),
    )


def asked(person, *, answered_after: int | None, followed_up: bool = False) -> FeedbackRequest:
    """A request sent 60 days ago: answered after `answered_after` days, or never."""
    requested_on = days_ago(60)
    fields = {"requested_on": requested_on, "status": Status.NO_RESPONSE}
    if followed_up:
        fields["followed_up_on"] = requested_on + datetime.timedelta(days=7)
    if answered_after is not None:
        fields.update(
            status=Status.RECEIVED,
            received_on=requested_on + datetime.timedelta(days=answered_after),
        )
    return make_feedback_request(rejected_interview(person), **fields)


def people(count: int, prefix: str = "p") -> list:
    return [make_user(f"{prefix}{n}@example.com", f"Person {n}") for n in range(count)]


def spread(persons: list, asks: int, answered_every: int = 2) -> None:
    """`asks` requests shared out among `persons`, every `answered_every`th answered in 6 days."""
    for n in range(asks):
        asked(persons[n % len(persons)], answered_after=6 if n % answered_every == 0 else None)


def shared(user, kind: str = "request"):
    return compute(user.pk, TODAY)[kind].everyone


@pytest.mark.parametrize(
    ("asks", "persons", "shown"),
    [(19, 5, False), (20, 4, False), (19, 4, False), (20, 5, True), (40, 8, True)],
)
def test_a_shared_figure_needs_20_asks_from_5_people(owner, asks, persons, shown):
    spread(people(persons), asks)
    figure = shared(owner)
    assert (figure is not None) == shown
    if shown:
        assert figure.asks == asks
        assert figure.times_in_ten == 5
        # Half of them answered, by too few people or too few times for a median of its own.
        assert figure.usual_days is None


def test_the_page_shows_the_figure_at_the_threshold_and_nothing_below(owner_client, owner):
    own = make_feedback_request(
        rejected_interview(owner), status=Status.REQUESTED, requested_on=days_ago(2)
    )
    crowd = people(5)
    spread(crowd, 19, answered_every=1)
    text = page_text(owner_client.get(own.get_absolute_url()))
    assert "got an answer" not in text
    assert "at least 20 of them, from at least 5 people" in text

    asked(crowd[4], answered_after=6)
    owner_client.force_login(owner)  # the evidence is cached for a record's version and day
    cache.clear()
    text = page_text(owner_client.get(own.get_absolute_url()))
    assert (
        "Across everyone using Debrief, requests for feedback like this got an answer "
        "10 times in 10" in text
    )
    assert "usually within 6 days" in text
    assert "(20 requests from 5 people.)" in text
    # Where the person decides to ask, too.
    new = make_interview(make_application(owner), scheduled_at=days_ago_moment(3))
    text = page_text(owner_client.get(reverse("debrief:feedback-new", args=[new.pk])))
    assert "got an answer 10 times in 10" in text


def days_ago_moment(days: int) -> datetime.datetime:
    day = days_ago(days)
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)


def test_a_median_needs_as_many_answers_as_a_rate(owner):
    crowd = people(5)
    spread(crowd, 40, answered_every=3)  # 14 answers: a rate, no median
    figure = shared(owner)
    assert figure.asks == 40
    assert figure.usual_days is None


def test_people_who_opt_out_are_not_counted_but_still_see_their_own(owner):
    crowd = people(5)
    spread(crowd, 20)
    ReplySettings.objects.create(user=crowd[0], counted_in_evidence=False)
    assert shared(owner) is None
    mine = compute(crowd[0].pk, TODAY)["request"].mine
    assert (mine.asks, mine.answered) == (4, 2)


def test_opting_out_is_a_setting_and_the_privacy_notice_says_how_requests_are_counted(
    owner_client, owner
):
    response = owner_client.post(
        reverse("debrief:settings-replies"),
        {"interview_quiet_days": "14", "request_quiet_working_days": "10"},
    )
    assert response.status_code == 302
    assert ReplySettings.objects.get(user=owner).counted_in_evidence is False
    notice = page_text(owner_client.get(reverse("debrief:privacy")))
    assert "How your feedback requests are counted" in notice
    assert "at least 20 requests from at least 5 people" in notice
    assert "choose not to be counted" in notice


def test_a_follow_up_raises_the_rate_and_has_its_own_figure(owner):
    crowd = people(5)
    for n in range(20):
        person = crowd[n % 5]
        if n < 6:
            asked(person, answered_after=4)
        elif n < 14:
            asked(person, answered_after=10, followed_up=True)  # answered after the follow-up
        else:
            asked(person, answered_after=None, followed_up=True)
    evidence = compute(owner.pk, TODAY)
    request = evidence["request"]
    assert request.everyone.times_in_ten == 3  # 6 of 20 before any follow-up
    assert request.everyone_with_follow_up.times_in_ten == 7  # 14 of 20 in the end
    # 14 follow-ups: below the threshold, so no figure of their own yet.
    assert evidence["follow_up"].everyone is None
    assert evidence["follow_up"].mine is None


def test_the_careers_service_figure_counts_its_own_clients_only(owner):
    service = make_organisation()
    adviser = make_member(service, "adviser@service.example", "Ada")
    members = people(5, "member")
    for person in [*members, owner]:
        grant_access(person, adviser)
    spread(members, 20, answered_every=1)  # all answered
    spread(people(5, "outsider"), 20, answered_every=10**6)  # one answered of 20
    evidence = compute(owner.pk, TODAY)["request"]
    assert evidence.service.times_in_ten == 10
    assert evidence.everyone.asks == 40
    assert evidence.is_service
    assert evidence.shared is evidence.service


def test_later_asks_are_marked_sent_and_answered_and_counted(owner_client, owner, stranger_client):
    request = make_feedback_request(
        rejected_interview(owner),
        status=Status.RECEIVED,
        outcome=FeedbackRequest.Outcome.VAGUE,
        requested_on=days_ago(20),
        received_on=days_ago(15),
    )
    sent = reverse("debrief:ask-more-detail-sent", args=[request.pk])
    answered = reverse("debrief:ask-more-detail-answered", args=[request.pk])
    assert owner_client.get(sent).status_code == 405
    assert stranger_client.post(sent).status_code == 404
    assert not FeedbackAsk.objects.exists()

    owner_client.force_login(owner)
    owner_client.post(sent)
    owner_client.post(sent)  # twice: still one
    ask = FeedbackAsk.objects.get()
    assert (ask.kind, ask.sent_on, ask.answered_on) == ("more_detail", TODAY, None)
    assert "They answered today" in owner_client.get(request.get_absolute_url()).text
    owner_client.post(answered)
    ask.refresh_from_db()
    assert ask.answered_on == TODAY
    mine = compute(owner.pk, TODAY)["more_detail"].mine
    assert (mine.asks, mine.answered, mine.usual_days) == (1, 1, 0)


def test_the_figures_cost_two_queries_whatever_the_data(owner, django_assert_num_queries):
    spread(people(3), 6)
    with django_assert_num_queries(2):
        compute(owner.pk, TODAY)
    spread(people(6, "more"), 30)
    spread([owner], 3)
    with django_assert_num_queries(2):
        compute(owner.pk, TODAY)


def test_the_shared_figures_are_read_once_a_day_for_everyone(
    owner, stranger, django_assert_num_queries
):
    spread(people(5), 20)
    # As a request loads them: with their record's version.
    owner, stranger = (
        User.objects.select_related("record_version")
        .filter(pk__in=[owner.pk, stranger.pk])
        .order_by("pk")
    )
    with django_assert_num_queries(2):
        assert evidence_for(owner, TODAY)["request"].everyone.asks == 20
    # Another person of no careers service: only their own figures are read.
    with django_assert_num_queries(1):
        assert evidence_for(stranger, TODAY)["request"].everyone.asks == 20


def test_the_draft_after_a_no_shows_the_figure_where_the_person_decides_to_send(
    owner_client, owner
):
    spread(people(5), 20, answered_every=1)
    application = make_application(owner, date_applied=days_ago(30))
    interview = make_interview(application, scheduled_at=days_ago_moment(5))
    owner_client.post(
        reverse("debrief:application-decision", args=[application.pk, "turned-down"]),
        {"interview": interview.pk, "decided_on": TODAY.isoformat()},
    )
    steps = page_text(
        owner_client.get(reverse("debrief:application-next-steps", args=[application.pk]))
    )
    assert "I've sent it" in steps
    assert "got an answer 10 times in 10" in steps
    draft = FeedbackRequest.objects.get(interview=interview)
    assert "got an answer 10 times in 10" in page_text(
        owner_client.get(reverse("debrief:feedback-send", args=[draft.pk]))
    )


# status: counted as an answer (feedback or a refusal), written out here, not read from the model.
ANSWERED_OR_NOT = {
    Status.REQUESTED: False,
    Status.FOLLOWED_UP: False,
    Status.RECEIVED: True,
    Status.DECLINED: True,
    Status.NO_RESPONSE: False,
}


@pytest.mark.parametrize("status", list(ANSWERED_OR_NOT))
def test_an_answer_is_feedback_or_a_refusal(owner, status):
    fields = {"requested_on": days_ago(60), "status": status}
    if status == Status.FOLLOWED_UP:
        fields["followed_up_on"] = days_ago(53)
    if status == Status.RECEIVED:
        fields["received_on"] = days_ago(55)
    make_feedback_request(rejected_interview(owner), **fields)

    # The first request, whatever the follow-up brought: answered or not by its status alone.
    _, own = evidence.mine(owner.pk, TODAY)
    figure = own[evidence.WITH_FOLLOW_UP]
    assert (figure.asks, figure.answered) == (1, int(ANSWERED_OR_NOT[status]))
