"""The job seeker's dashboard: where the search stands, at a glance, at a fixed cost."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from debrief.models import (
    ActionItem,
    Application,
    Competency,
    Debrief,
    FeedbackRequest,
    Interview,
    StarAnswer,
)
from debrief.services.dashboard import dashboard_context
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_note,
    make_question,
    make_star_answer,
    make_user,
)

LONDON = datetime.timezone(datetime.timedelta(0))  # March in London is GMT.
TODAY = datetime.date(2026, 3, 10)
DASHBOARD = "/dashboard/"
# Session, user, the kept figures, the short lists with the rating trends, the silence question,
# the patterns' details, the interviews around now (the last four sent together once the figures
# are in: services/dashboard.figures_and_attention), and the adviser's panel with the waiting
# forwarded emails (one statement: services/dashboard_live.py).
QUERY_BUDGET = 7
# No page of the record above this many (the preparation sheet reads 12).
PAGE_BUDGET = 12
# ATOMIC_REQUESTS inside the test's transaction adds a SAVEPOINT and its RELEASE to each request;
# production makes neither.
SAVEPOINTS = 2


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days)


pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(at(TODAY, 12))]


def rejected_interview(owner, employer: str, *, held: datetime.date, decided: datetime.date):
    application = make_application(owner, employer=employer, status=Application.Status.REJECTED)
    return make_interview(
        application,
        scheduled_at=at(held),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=decided,
    )


@pytest.fixture
def search(owner, clock):
    """Five applications: three rejected after interview, one with an interview in three days,
    one just applied. Two employers gave reasons; Gamma's feedback request is overdue."""
    acme = rejected_interview(owner, "Acme", held=days_ago(18), decided=days_ago(5))
    beta = rejected_interview(owner, "Beta", held=days_ago(37), decided=days_ago(28))
    gamma = rejected_interview(owner, "Gamma", held=days_ago(54), decided=days_ago(44))
    delta = make_interview(
        make_application(owner, employer="Delta", status=Application.Status.INTERVIEWING),
        scheduled_at=at(TODAY + datetime.timedelta(3)),
    )
    make_application(owner, employer="Epsilon")

    acme_debrief = make_debrief(
        acme,
        rating=4,
        rating_star=2,
        my_reasons=["skills_gap", "impression"],
        do_better="Bring numbers for every result.",
    )
    make_debrief(beta, rating=3, rating_star=1, my_reasons=["experience_gap"])
    make_feedback_request(
        acme,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=days_ago(4),
        received_on=days_ago(2),
        reasons=["skills_gap", "stronger_candidate"],
        feedback_text="You lacked SQL; another candidate had more of it.",
    )
    make_feedback_request(
        beta,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=days_ago(27),
        received_on=days_ago(20),
        reasons=["stronger_candidate"],
    )
    make_feedback_request(
        gamma,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=days_ago(40),
        follow_up_due=days_ago(33),
    )

    teamwork = make_star_answer(
        owner, "Led the migration", competencies=["teamwork", "leadership"], strength=4
    )
    make_star_answer(owner, "Calmed a client", competencies=["conflict"], strength=2)
    make_question(
        acme_debrief, "Tell me about a team success", answer_rating=2, star_answer=teamwork
    )

    make_action_item(owner, "Learn window functions in SQL", due_date=days_ago(1))
    make_action_item(owner, "Practise STAR answers aloud", area=ActionItem.Area.IMPRESSION)
    make_action_item(owner, "Read the job description twice", status=ActionItem.Status.DONE)
    return {"acme": acme, "beta": beta, "gamma": gamma, "delta": delta}


def page_text(response) -> str:
    """The visible text, whitespace collapsed, so assertions read like sentences."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


# --- The figures ---------------------------------------------------------------------------------


def test_it_counts_applications_by_status_and_the_funnel(owner, search):
    context = dashboard_context(owner, TODAY)

    counts = {status.value: status.count for status in context["status_counts"]}
    assert counts == {
        "applied": 1,
        "interviewing": 1,
        "offer": 0,
        "accepted": 0,
        "declined": 0,
        "rejected": 3,
        "withdrawn": 0,
        "no_response": 0,
    }
    assert [(stage.label, stage.count, stage.rate) for stage in context["funnel"]] == [
        ("Applied", 5, None),
        ("Interviewed", 4, 80),
        ("Offer", 0, 0),
    ]


def test_the_funnel_counts_an_offer_and_its_rate_from_interview(owner, clock):
    offered = make_application(owner, employer="Initech", status=Application.Status.ACCEPTED)
    make_interview(offered, outcome=Interview.Outcome.OFFER, outcome_date=TODAY)
    make_interview(make_application(owner, employer="Hooli"))

    funnel = dashboard_context(owner, TODAY)["funnel"]

    assert [(stage.count, stage.rate) for stage in funnel] == [(2, None), (2, 100), (1, 50)]
    assert funnel[2].rate_text == "50% of those interviewed"


def test_it_splits_the_reasons_employers_gave_within_and_outside_my_control(owner_client, search):
    reasons = dashboard_context(search["acme"].owner, TODAY)["reasons"]

    assert [(r.value, r.count) for r in reasons.within] == [("skills_gap", 1)]
    assert [(r.value, r.count) for r in reasons.outside] == [("stronger_candidate", 2)]
    assert (reasons.within_total, reasons.outside_total) == (1, 2)
    text = page_text(owner_client.get(DASHBOARD))
    assert "Employers gave 3 reasons. 2 were outside your control" in text
    assert "It's business, not personal." in text
    assert "1 is yours to work on" in text


def test_it_shows_where_my_own_reading_differed_from_what_employers_said(owner_client, search):
    context = dashboard_context(search["acme"].owner, TODAY)

    assert context["reading_compared"] == 2
    differences = {
        d.label: (d.unexpected, d.feared, d.agreed) for d in context["reading_differences"]
    }
    assert differences == {
        "Skills gap": (0, 0, 1),
        "Not enough relevant experience": (0, 1, 0),
        "A stronger candidate": (2, 0, 0),
        "The impression I gave (e.g. nerves)": (0, 1, 0),
    }
    text = page_text(owner_client.get(DASHBOARD))
    assert (
        "Over 2 interviews with both your own reading and the employer's reasons: "
        "2 reasons you had not expected, 2 worries they did not mention, 1 you read right."
    ) in text


def test_it_lists_interviews_coming_up_follow_ups_due_and_missing_debriefs(owner_client, search):
    context = dashboard_context(search["acme"].owner, TODAY)

    assert [line.pk for line in context["upcoming"]] == [search["delta"].pk]
    assert context["upcoming_total"] == 1
    assert [line.pk for line in context["undebriefed"]] == [search["gamma"].pk]
    assert context["undebriefed_total"] == 1
    assert [request.employer for request in context["feedback_due"]] == ["Gamma"]
    assert context["feedback_overdue"] == 1
    response = owner_client.get(DASHBOARD)
    assert reverse("debrief:interview-prepare", args=[search["delta"].pk]) in response.text
    assert reverse("debrief:debrief-edit", args=[search["gamma"].pk]) in response.text
    assert "1 overdue." in page_text(response)


def test_an_interview_beyond_two_weeks_is_not_yet_coming_up(owner, clock):
    make_interview(make_application(owner), scheduled_at=at(TODAY + datetime.timedelta(15)))

    assert dashboard_context(owner, TODAY)["upcoming"] == []


def test_it_shows_how_often_employers_answer_feedback_requests(owner, clock):
    for status in ["received", "received", "declined", "no_response", "requested"]:
        interview = make_interview(make_application(owner))
        make_feedback_request(
            interview,
            status=status,
            requested_on=days_ago(20),
            received_on=days_ago(10) if status == "received" else None,
        )

    response = dashboard_context(owner, TODAY)["feedback_response"]

    assert [(label, count) for _, label, count in response["rows"]] == [
        ("Answered with feedback", 2),
        ("Declined to give feedback", 1),
        ("Never answered", 1),
        ("Still waiting for a reply", 1),
        ("Not sent yet", 0),
    ]
    assert response["answered_rate"] == 50


def test_it_shows_each_rating_over_the_last_interviews_with_a_text_alternative(
    owner_client, search
):
    trends = dashboard_context(search["acme"].owner, TODAY)["rating_trends"]

    star = next(trend for trend in trends["trends"] if trend.field == "rating_star")
    assert star.values == (1, 2)  # Beta, then Acme: oldest first.
    assert star.average == 1.5
    assert [interview["employer"] for interview in trends["interviews"]] == ["Beta", "Acme"]
    response = owner_client.get(DASHBOARD)
    assert (
        'role="img" aria-label="Structured answers with STAR: 1, 2 out of 5, oldest to newest"'
        in response.text
    )
    assert "Ratings from 1 to 5 over your last 2 debriefs" in response.text


def test_the_trend_keeps_the_last_eight_debriefs_by_interview_date(owner, clock):
    for day in range(10):
        interview = make_interview(make_application(owner), scheduled_at=at(days_ago(30 - day)))
        make_debrief(interview, rating=1 + day % 5)

    trends = dashboard_context(owner, TODAY)["rating_trends"]

    assert trends["total"] == 10
    assert trends["trends"][0].values == (3, 4, 5, 1, 2, 3, 4, 5)
    assert trends["trends"][0].average == 3.0


def test_the_trend_reads_past_interviews_coming_up_drafts_and_days_without_a_debrief(owner, clock):
    """The trends read only the days that have a complete self-assessment (DashboardCount's
    `rated_on`): interviews coming up, drafts and days with no debrief are skipped, not lost."""
    rated = []

    def interview_on(day: datetime.date, hour: int = 10, rating: int | None = None, **fields):
        interview = make_interview(make_application(owner), scheduled_at=at(day, hour))
        if rating is not None or fields:
            make_debrief(interview, rating=rating or 3, **fields)
        if rating is not None:
            rated.append(rating)
        return interview

    interview_on(days_ago(41))  # before the first debrief: nothing to read
    interview_on(days_ago(40), rating=1)
    interview_on(days_ago(39), rating=2)
    interview_on(days_ago(38), rating_star=None)  # a draft: not in the trend
    for day in range(12):
        interview_on(days_ago(30 - 2 * day), hour=9 + day % 3, rating=1 + day % 5)
        interview_on(days_ago(29 - 2 * day))  # no debrief yet
    interview_on(days_ago(-2), rating=5)  # written ahead of its day: it counts, as before
    for ahead in range(3, 8):
        interview_on(days_ago(-ahead))  # coming up

    trends = dashboard_context(owner, TODAY)["rating_trends"]

    assert trends["total"] == len(rated)
    assert trends["trends"][0].values == tuple(rated[-8:])
    assert trends["earliest"]["ratings"]["rating_answers"] == (1, 2)
    assert trends["earliest"]["when"] == at(days_ago(40))


def test_the_interviews_without_a_debrief_skip_the_days_that_have_every_debrief(owner, clock):
    """Read on the days the kept counts say have one, back over days where every interview has
    its debrief; today counts one this afternoon, not yet held, which is not listed and must not
    take the place of a day that has one."""

    def interview_on(day: datetime.date, hour: int = 10, *, debriefed: bool = False):
        interview = make_interview(make_application(owner), scheduled_at=at(day, hour))
        if debriefed:
            make_debrief(interview)
        return interview

    oldest = interview_on(days_ago(14))
    waiting = [interview_on(days_ago(day)) for day in (12, 9, 8, 6, 2)]
    for day in (5, 4, 3):
        for hour in (9, 10, 11):
            interview_on(days_ago(day), hour, debriefed=True)
    interview_on(days_ago(2), 11, debriefed=True)
    interview_on(TODAY, 15)  # this afternoon

    context = dashboard_context(owner, TODAY)

    assert [line.pk for line in context["undebriefed"]] == [i.pk for i in reversed(waiting)]
    assert context["undebriefed_total"] == 6
    assert oldest.pk not in [line.pk for line in context["undebriefed"]]


def test_the_interviews_without_a_debrief_include_this_mornings(owner, clock):
    earlier = make_interview(make_application(owner), scheduled_at=at(days_ago(3)))
    this_morning = make_interview(make_application(owner), scheduled_at=at(TODAY, 9))
    make_interview(make_application(owner), scheduled_at=at(TODAY, 15))

    context = dashboard_context(owner, TODAY)

    assert [line.pk for line in context["undebriefed"]] == [this_morning.pk, earlier.pk]


def test_it_highlights_competencies_without_a_star_answer_in_words(owner_client, search):
    coverage = {
        item.value: item for item in dashboard_context(search["acme"].owner, TODAY)["star_coverage"]
    }

    assert (coverage["teamwork"].answers, coverage["teamwork"].strongest) == (1, 4)
    assert (coverage["teamwork"].times_asked, coverage["teamwork"].asked_rating) == (1, 2)
    assert coverage["conflict"].is_weak
    assert coverage["resilience"].is_gap
    text = page_text(owner_client.get(DASHBOARD))
    assert text.count("No answer yet") == len(Competency) - 3
    assert "2/5, weak" in text


def test_it_lists_open_actions_and_how_many(owner_client, search):
    context = dashboard_context(search["acme"].owner, TODAY)

    assert [item.text for item in context["open_actions"]] == [
        "Learn window functions in SQL",
        "Practise STAR answers aloud",
    ]
    assert context["open_actions_total"] == 2
    assert "2 lessons to act on" in page_text(owner_client.get(DASHBOARD))


def test_after_a_recent_rejection_it_says_what_you_now_know(owner_client, search):
    # Fresh and not yet debriefed, it leads even with an interview this week (progress first).
    Debrief.objects.filter(interview=search["acme"]).delete()
    text = page_text(owner_client.get(DASHBOARD))

    assert "Acme said no thank you — it's business, not personal." in text
    assert "What you now know that you did not before:" in text
    assert "How you can improve your interview performance" in text


def test_an_old_rejection_gives_way_to_the_next_interview(owner_client, search):
    Interview.objects.filter(pk=search["acme"].pk).update(
        scheduled_at=at(days_ago(32)), outcome_date=days_ago(30)
    )

    text = page_text(owner_client.get(DASHBOARD))

    assert "said no thank you" not in text
    assert "Next: Delta" in text
    assert "Open the preparation sheet" in text


def test_the_next_interview_is_dated_on_its_london_day(owner_client, owner, clock):
    clock.move_to(datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC))
    # 00:30 in London on 13 June is 23:30 on 12 June in UTC.
    make_interview(
        make_application(owner, employer="Delta", status=Application.Status.INTERVIEWING),
        scheduled_at=datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC),
    )

    assert "Next: Delta, 13 June." in page_text(owner_client.get(DASHBOARD))


def test_an_offer_is_congratulated(owner_client, owner, clock):
    application = make_application(owner, employer="Initech", status=Application.Status.OFFER)
    make_interview(application, outcome=Interview.Outcome.OFFER, outcome_date=days_ago(1))

    assert "Congratulations on the offer from Initech!" in page_text(owner_client.get(DASHBOARD))


def test_a_new_user_is_told_what_to_do_first(owner_client):
    response = owner_client.get(DASHBOARD)

    text = page_text(response)
    assert "Start with your first application" in text
    assert reverse("debrief:application-new") in response.text
    assert "Why employers said no" not in text
    # One first step, not a wall of gaps: STAR coverage waits for the first application.
    assert "No answer yet" not in text


def test_each_panel_links_to_the_list_behind_it(owner_client, search):
    html = owner_client.get(DASHBOARD).content.decode()

    for link in [
        "/applications/?status=rejected",
        "/feedback/?status=received",
        "/star/?competency=teamwork",
        "/actions/?status=open",
        reverse("debrief:interview-detail", args=[search["delta"].pk]),
        reverse("debrief:feedback-detail", args=[search["gamma"].feedback_requests.get().pk]),
    ]:
        assert f'href="{link}"' in html


def test_it_counts_only_my_own_record(client, search, stranger):
    make_application(stranger, employer="Stranger Things", status=Application.Status.REJECTED)
    client.force_login(stranger)

    text = page_text(client.get(DASHBOARD))

    assert "Acme" not in text
    assert dashboard_context(stranger, TODAY)["applications_total"] == 1


def test_the_job_seeker_reads_their_advisers_notes(owner_client, owner, adviser, search):
    grant_access(owner, adviser)
    make_note(adviser, owner, "Lead with the SQL course you finished.")

    text = page_text(owner_client.get(DASHBOARD))

    assert "Notes from your adviser" in text
    assert "Lead with the SQL course you finished." in text


def test_an_adviser_reads_the_same_panels_without_any_control(client, owner, adviser, search):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)

    response = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Olivia Owner’s dashboard" in html
    assert "Why employers said no" in html
    # The encouraging line speaks to the job seeker, not to their adviser.
    assert "Acme said no thank you" not in html
    record = f"/adviser/clients/{owner.pk}"
    assert f'href="{record}/applications/?status=rejected"' in html
    assert f'href="{record}/interviews/{search["delta"].pk}/"' in html
    for control in [
        reverse("debrief:debrief-edit", args=[search["gamma"].pk]),
        reverse("debrief:interview-prepare", args=[search["delta"].pk]),
        reverse("debrief:action-new"),
        reverse("debrief:star-new"),
    ]:
        # The adviser's own read-only addresses may end the same way (…/prepare/).
        assert f'href="{control}' not in html


def test_it_asks_a_visitor_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={DASHBOARD}"


def test_the_page_has_no_inline_styles_or_scripts(owner_client, search):
    html = owner_client.get(DASHBOARD).content.decode()

    assert "style=" not in html
    assert "<script>" not in html


# --- A fixed cost, whatever the size of the record ------------------------------------------------


def bulk_record(owner, size: int) -> None:
    """`size` applications with interviews, debriefs, feedback, STAR answers and actions, in a few
    bulk inserts: past, upcoming, with and without debriefs."""
    statuses = Application.Status.values
    applications = Application.objects.bulk_create(
        Application(
            owner=owner,
            employer=f"Employer {n}",
            role_title="Analyst",
            status=statuses[n % len(statuses)],
            date_applied=days_ago(n % 300),
        )
        for n in range(size)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            application=application,
            owner=owner,
            scheduled_at=at(days_ago(n % 200 - 10)),
            outcome=Interview.Outcome.REJECTED if n % 2 else Interview.Outcome.AWAITING,
            outcome_date=days_ago(n % 200 - 20) if n % 2 else None,
        )
        for n, application in enumerate(applications)
    )
    debriefs = Debrief.objects.bulk_create(
        Debrief(
            interview=interview,
            my_reasons=["skills_gap"],
            do_better="More numbers.",
            **dict.fromkeys(Debrief.RATINGS, 1 + n % 5),
        )
        for n, interview in enumerate(interviews)
        if n % 3
    )
    FeedbackRequest.objects.bulk_create(
        FeedbackRequest(
            interview=interview,
            status=FeedbackRequest.Status.values[n % 6],
            requested_on=days_ago(40),
            follow_up_due=days_ago(n % 40 - 5),
            received_on=days_ago(20),
            outcome="specific" if FeedbackRequest.Status.values[n % 6] == "received" else "",
            reasons=["stronger_candidate", "skills_gap"][: n % 3],
            feedback_text="Good, but another candidate had more experience.",
        )
        for n, interview in enumerate(interviews)
    )
    answers = StarAnswer.objects.bulk_create(
        StarAnswer(
            owner=owner,
            title=f"Answer {n}",
            competencies=Competency.values[n % 5 : n % 5 + 2],
            situation="S",
            task="T",
            action="A",
            result="R",
            strength=1 + n % 5,
        )
        for n in range(size // 5)
    )
    for n, debrief in enumerate(debriefs[: size // 5]):
        make_question(debrief, answer_rating=1 + n % 5, star_answer=answers[n % len(answers)])
    ActionItem.objects.bulk_create(
        ActionItem(owner=owner, text=f"Action {n}", due_date=days_ago(n % 20 - 10))
        for n in range(size // 2)
    )


def real_queries(queries, budget: int = QUERY_BUDGET) -> int:
    count = sum("SAVEPOINT" not in query["sql"] for query in queries.captured_queries)
    assert count <= budget
    return count


def test_the_dashboard_costs_the_same_queries_for_10_or_300_applications(
    client, clock, django_assert_max_num_queries
):
    counts = []
    for size in (10, 300):
        user = make_user(f"user{size}@example.com")
        bulk_record(user, size)
        client.force_login(user)
        with django_assert_max_num_queries(QUERY_BUDGET + SAVEPOINTS) as queries:
            assert client.get(DASHBOARD).status_code == 200
        counts.append(real_queries(queries))

    assert counts[0] == counts[1]


def test_an_adviser_signing_in_lands_on_the_caseload(client, adviser):
    sign_in_verified(client, adviser)
    response = client.get(reverse("debrief:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("debrief:adviser-caseload")


def test_it_points_out_applications_with_no_news_for_over_a_month(owner_client, owner, clock):
    make_application(owner, employer="Quiet Ltd", date_applied=days_ago(45))
    make_application(owner, employer="Recent Ltd", date_applied=days_ago(10))
    interviewed = make_application(owner, employer="Busy Ltd", date_applied=days_ago(60))
    make_interview(interviewed, scheduled_at=at(days_ago(40)))

    text = page_text(owner_client.get(DASHBOARD))

    assert "1 application with no news for over a month" in text
    assert "/applications/?status=applied&amp;sort=date_applied" in owner_client.get(DASHBOARD).text
