"""Demo data: a demo job seeker with three months of believable history, and a demo adviser the
job seeker shares their record with; or the same history, scaled, for benchmarks.

`manage.py seed_demo` is the thin command in front of `seed_demo()` and `seed_benchmark()`.
Everything is written with bulk_create (no query per row) and every date is relative to today, so
the demo always looks current. Each function reports what it did through `say` (a line at a time).
"""

import datetime
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from debrief.models import (
    ActionItem,
    ActionSuggestion,
    AdviserAccess,
    AdviserAccessChange,
    AdviserNote,
    Application,
    Appointment,
    Competency,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    Membership,
    NoteReply,
    Organisation,
    Reason,
    StarAnswer,
    StatusChange,
    User,
)
from debrief.services import notify

DEMO_PASSWORD = "debrief-demo-2026"
DEMO_SEEKER = "demo@debrief.example"
DEMO_ADVISER = "adviser@debrief.example"
DEMO_APPLICATIONS = 30
# The demo careers service: its admin, and the demo adviser with two colleagues.
DEMO_SERVICE = "Demo Careers Service"
DEMO_SERVICE_ADMIN = ("service-admin@debrief.example", "Jordan Blake")
DEMO_COLLEAGUES = (
    ("adviser2@debrief.example", "Priya Shah"),
    ("adviser3@debrief.example", "Tom Evans"),
)
DEMO_COHORT = 36
COHORT_MONTHS = 12
BATCH_SIZE = 2000
ANALYZE_AFTER = 1000

Status = Application.Status
Stage = Interview.Stage
Outcome = Interview.Outcome
FeedbackStatus = FeedbackRequest.Status


@dataclass(frozen=True)
class Step:
    """One interview; days are counted back from today (negative: still to come)."""

    stage: str
    days_ago: int
    outcome: str = Outcome.PROGRESSED
    outcome_days_ago: int | None = None
    debriefed: bool = True


@dataclass(frozen=True)
class Journey:
    """One application's story, from the day it was sent to where it stands today."""

    employer: str
    role_title: str
    location: str
    source: str
    salary: str
    status: str
    applied_ago: int
    closed_ago: int | None = None
    interviews: tuple[Step, ...] = ()
    feedback: str = ""
    my_reasons: tuple[str, ...] = ()


def rejected(stage: str, days_ago: int, outcome_days_ago: int, **kwargs) -> Step:
    return Step(stage, days_ago, Outcome.REJECTED, outcome_days_ago, **kwargs)


# A data-analytics career changer (from retail operations), over the last three months. The order
# matters only for the action items below, which name the journey they came from by position.
JOURNEYS: tuple[Journey, ...] = (
    # Recently sent, no answer yet.
    Journey("Ocado Group", "Data Analyst", "Hatfield", "LinkedIn", "£34,000 – £38,000",
            Status.APPLIED, 2),
    Journey("Sky", "Junior Data Analyst", "Leeds", "Company website", "£31,000",
            Status.APPLIED, 5),
    Journey("Aviva", "Data Analyst", "Norwich", "Indeed", "£32,000 – £36,000 + bonus",
            Status.APPLIED, 8),
    Journey("Rightmove", "Data Analyst", "Milton Keynes", "Otta", "Up to £35,000",
            Status.APPLIED, 11),
    # Four weeks without news: the "no news for 30 days" reminder falls due in three days.
    Journey("Greggs", "Supply Chain Analyst", "Newcastle upon Tyne", "Reed", "£30,000",
            Status.APPLIED, 27),
    # Heard nothing ("ghosted").
    Journey("ASOS", "Trading Analyst", "London", "LinkedIn", "£33,000",
            Status.NO_RESPONSE, 85, 60),
    Journey("Tesco", "Data Analyst, Retail Operations", "Welwyn Garden City", "Indeed",
            "£34,500", Status.NO_RESPONSE, 78, 55),
    Journey("Zoopla", "Junior Insight Analyst", "London", "Otta", "",
            Status.NO_RESPONSE, 70, 48),
    Journey("Wise", "Operations Analyst", "London", "Company website", "£38,000 – £45,000",
            Status.NO_RESPONSE, 62, 40),
    Journey("Bupa", "MI Analyst", "Salford", "Hays (recruiter)", "£30,000 – £33,000",
            Status.NO_RESPONSE, 50, 28),
    # Turned down on the CV.
    Journey("Lloyds Banking Group", "Data Analyst", "Leeds", "LinkedIn", "£36,000",
            Status.REJECTED, 88, 80),
    Journey("Admiral Group", "Pricing Analyst", "Cardiff", "Indeed", "£32,000",
            Status.REJECTED, 66, 59),
    Journey("Just Eat Takeaway.com", "Analyst", "London", "Otta", "£37,000",
            Status.REJECTED, 33, 26),
    # Rejected after interviews; feedback asked for in every way it can go.
    Journey("Sainsbury's", "Customer Insight Analyst", "London", "LinkedIn", "£32,000",
            Status.REJECTED, 82, 69,
            (rejected(Stage.SCREENING, 72, 69),),
            "vague", (Reason.IMPRESSION,)),
    Journey("Boots", "Trading Analyst", "Nottingham", "Company website", "£29,000 – £32,000",
            Status.REJECTED, 40, 27,
            (rejected(Stage.SCREENING, 30, 27),),
            "no_response"),
    Journey("Experian", "Data Analyst", "Nottingham", "LinkedIn", "£33,000 – £37,000",
            Status.REJECTED, 80, 58,
            (Step(Stage.SCREENING, 71, outcome_days_ago=70), rejected(Stage.FIRST, 63, 58)),
            "specific_skills", (Reason.EXPERIENCE_GAP,)),
    Journey("John Lewis Partnership", "Commercial Analyst", "London", "Guardian Jobs",
            "£35,000", Status.REJECTED, 58, 38,
            (Step(Stage.SCREENING, 50, outcome_days_ago=48), rejected(Stage.FIRST, 42, 38)),
            "declined"),
    Journey("Office for National Statistics", "Data Analyst (HEO)", "Newport",
            "Civil Service Jobs", "£33,000 – £36,000", Status.REJECTED, 36, 16,
            (Step(Stage.SCREENING, 28, outcome_days_ago=26), rejected(Stage.FIRST, 20, 16)),
            "followed_up", (Reason.SKILLS_GAP,)),
    Journey("Deliveroo", "Operations Analyst", "London", "LinkedIn", "£36,000 – £40,000",
            Status.REJECTED, 34, 14,
            (Step(Stage.SCREENING, 26, outcome_days_ago=25), rejected(Stage.FIRST, 18, 14)),
            "overdue"),
    Journey("Transport for London", "Junior Data Analyst", "London", "Company website",
            "£34,000", Status.REJECTED, 24, 5,
            (Step(Stage.SCREENING, 16, outcome_days_ago=15), rejected(Stage.FIRST, 9, 5)),
            "due"),
    Journey("Auto Trader UK", "Junior Data Analyst", "Manchester", "Referral", "£32,000",
            Status.REJECTED, 75, 46,
            (
                Step(Stage.SCREENING, 68, outcome_days_ago=66),
                Step(Stage.FIRST, 61, outcome_days_ago=57),
                rejected(Stage.FINAL, 50, 46),
            ),
            "specific_stronger", (Reason.TEAM_FIT,)),
    Journey("Monzo", "Junior Data Analyst", "London", "Otta", "£35,000 – £40,000",
            Status.REJECTED, 55, 35,
            (Step(Stage.SCREENING, 48, outcome_days_ago=46), rejected(Stage.TECHNICAL, 40, 35)),
            "specific_nerves", (Reason.SKILLS_GAP,)),
    Journey("Octopus Energy", "Data Analyst", "London", "LinkedIn", "£38,000",
            Status.REJECTED, 30, 2,
            (
                Step(Stage.SCREENING, 22, outcome_days_ago=20),
                rejected(Stage.TECHNICAL, 12, 2, debriefed=False),
            ),
            "not_sent"),
    # Still in the running, with interviews in the next fortnight.
    Journey("NHS England", "Data Analyst (Band 5)", "Leeds", "NHS Jobs", "£29,970 – £36,483",
            Status.INTERVIEWING, 20, None,
            (
                Step(Stage.SCREENING, 12, outcome_days_ago=10, debriefed=False),
                Step(Stage.FIRST, -2, Outcome.AWAITING),
            )),
    Journey("Skyscanner", "Junior Data Analyst", "Edinburgh", "LinkedIn", "£34,000",
            Status.INTERVIEWING, 16, None,
            (Step(Stage.SCREENING, -5, Outcome.AWAITING),)),
    Journey("BBC", "Audience Data Analyst", "Salford", "Company website", "£31,500 – £35,000",
            Status.INTERVIEWING, 26, None,
            (
                Step(Stage.SCREENING, 18, outcome_days_ago=17),
                Step(Stage.FIRST, 9, outcome_days_ago=6),
                Step(Stage.SECOND, -9, Outcome.AWAITING),
            )),
    Journey("Marks & Spencer", "Junior Data Analyst", "London", "Indeed", "£33,000",
            Status.INTERVIEWING, 22, None,
            (
                Step(Stage.SCREENING, 14, outcome_days_ago=12),
                Step(Stage.FIRST, 3, Outcome.AWAITING),
            )),
    # One offer, waiting for an answer.
    Journey("Co-op", "Reporting Analyst", "Manchester", "LinkedIn", "£33,500",
            Status.OFFER, 60, 4,
            (
                Step(Stage.SCREENING, 52, outcome_days_ago=50),
                Step(Stage.SECOND, 30, outcome_days_ago=25),
                Step(Stage.FINAL, 8, Outcome.OFFER, 4),
            )),
    # Withdrawn.
    Journey("Nationwide Building Society", "MI Analyst", "Swindon", "Indeed", "£31,000",
            Status.WITHDRAWN, 45, 33,
            (Step(Stage.SCREENING, 38, outcome_days_ago=36),)),
    Journey("Manchester City Council", "Performance Analyst", "Manchester", "Guardian Jobs",
            "£30,296 – £33,366", Status.WITHDRAWN, 27, 21),
)  # fmt: skip

INTERVIEWERS = {
    Stage.SCREENING: "Talent partner (phone screen)",
    Stage.FIRST: "Hiring manager and a senior analyst",
    Stage.SECOND: "Head of Analytics and a stakeholder from Operations",
    Stage.FINAL: "Director of Data; HR business partner",
    Stage.TECHNICAL: "Two analysts (live SQL and Python exercise)",
}
FORMATS = {
    Stage.SCREENING: Interview.Format.PHONE,
    Stage.FIRST: Interview.Format.VIDEO,
    Stage.SECOND: Interview.Format.IN_PERSON,
    Stage.FINAL: Interview.Format.IN_PERSON,
    Stage.TECHNICAL: Interview.Format.VIDEO,
}
WITHDRAWN_NOTES = {
    "Nationwide Building Society": "Withdrew after the screening call: the role is mostly "
    "month-end reporting with no SQL.",
    "Manchester City Council": "Withdrew: the role needed a driving licence for site visits.",
}

# Feedback plans: days are counted from the rejection (received/declined) or back from today.
FEEDBACK = {
    "vague": {
        "status": FeedbackStatus.RECEIVED,
        "received_after": 6,
        "outcome": FeedbackRequest.Outcome.VAGUE,
        "reasons": [Reason.TEAM_FIT],
        "feedback_text": "Thank you for your time. The panel felt other candidates were a closer "
        "fit for the team on this occasion.",
    },
    "no_response": {"status": FeedbackStatus.NO_RESPONSE},
    "specific_skills": {
        "status": FeedbackStatus.RECEIVED,
        "received_after": 4,
        "outcome": FeedbackRequest.Outcome.SPECIFIC,
        "reasons": [Reason.SKILLS_GAP, Reason.UNEXPECTED_REQUIREMENT],
        "feedback_text": "You communicated well and your retail background was relevant. The "
        "team felt your SQL was not yet at the level needed: in particular window functions, "
        "which we use daily. We also work in dbt, which was not in the advert but came up a lot "
        "in the interview.",
    },
    "declined": {
        "status": FeedbackStatus.DECLINED,
        "outcome": FeedbackRequest.Outcome.DECLINED,
        "feedback_text": "Unfortunately, due to the number of applications, we are unable to "
        "give individual feedback.",
    },
    "followed_up": {"status": FeedbackStatus.FOLLOWED_UP, "follow_up_due_ago": -2},
    "overdue": {"status": FeedbackStatus.REQUESTED},
    "due": {"status": FeedbackStatus.REQUESTED},
    "specific_stronger": {
        "status": FeedbackStatus.RECEIVED,
        "received_after": 3,
        "outcome": FeedbackRequest.Outcome.SPECIFIC,
        "reasons": [Reason.STRONGER_CANDIDATE, Reason.EXPERIENCE_GAP],
        "feedback_text": "It was very close. The successful candidate had three years of "
        "analytics work with senior stakeholders. Your dashboard portfolio was strong; more "
        "examples of presenting findings to managers would have helped.",
    },
    "specific_nerves": {
        "status": FeedbackStatus.RECEIVED,
        "received_after": 5,
        "outcome": FeedbackRequest.Outcome.SPECIFIC,
        "reasons": [Reason.SKILLS_GAP, Reason.IMPRESSION],
        "feedback_text": "Your approach to the pandas exercise was sound but you ran out of "
        "time, and you seemed nervous talking through your code. Practise thinking aloud.",
    },
    "not_sent": {"status": FeedbackStatus.NOT_SENT},
}

# Ten STAR answers from retail operations and data training; leadership and conflict are left
# uncovered on purpose, so the coverage gap shows.
STAR_ANSWERS = (
    ("Cut stock write-offs with a spreadsheet model",
     "Fresh food waste questions; a time you used data to solve a problem",
     [Competency.PROBLEM_SOLVING, Competency.INITIATIVE],
     "As assistant store manager, our store wrote off about £4,000 of fresh food a month.",
     "I was asked to bring waste down without emptier shelves at peak times.",
     "I exported 12 weeks of till and waste data, built a model of sales by hour and product, "
     "and changed the order quantities and markdown times for the 40 worst lines.",
     "Waste fell by 31% in two months, about £1,200 a month, and two other stores copied it.",
     "I built the model and ran the trial; the team applied the new markdown times.", 5),
    ("Built the weekly sales dashboard",
     "Tell me about something you built; give an example of initiative",
     [Competency.INITIATIVE, Competency.COMMUNICATION],
     "Department managers spent Monday mornings copying numbers into a weekly report.",
     "Nobody asked me to, but I wanted to give them the time back.",
     "I learned Power BI in my evenings and built a dashboard fed by the till exports.",
     "The report went from three hours to ten minutes, and the area manager rolled it out to six "
     "stores.",
     "I designed and built it, and trained the managers to use it.", 4),
    ("Calmed a customer whose wedding cake order was lost",
     "Tell me about a time you dealt with a difficult customer",
     [Competency.CUSTOMER_FOCUS, Competency.COMMUNICATION],
     "A customer arrived to collect a wedding cake the bakery had no record of.",
     "I had to put it right on the day and keep the customer's trust.",
     "I listened, apologised without excuses, called two nearby stores, and had a cake "
     "decorated and delivered to the venue by 3pm.",
     "The cake arrived before the reception; the customer wrote to head office to thank the team.",
     "I owned the problem from start to finish and made the calls myself.", 4),
    ("Covered the Christmas rota when three staff left",
     "How do you prioritise?; a time you worked under pressure",
     [Competency.ORGANISATION, Competency.RESILIENCE, Competency.TEAMWORK],
     "Three supervisors resigned in November, our busiest month.",
     "I had to keep every shift covered through December.",
     "I mapped the hours we needed against who could work what, cross-trained four colleagues "
     "and agreed overtime fairly with the team.",
     "Every shift was covered and sales were 6% up on the year before.",
     "I planned the rota and did the cross-training myself.", 3),
    ("Learned SQL in eight weeks for my certificate",
     "Tell me about a time you had to learn something new quickly",
     [Competency.ADAPTABILITY, Competency.RESILIENCE],
     "I decided to move into data analytics with no technical background.",
     "I needed working SQL for the certificate's capstone project.",
     "I studied an hour every morning before work and wrote a query a day on public datasets.",
     "I passed with distinction and my capstone analysed 2 million rows of bike-hire data.",
     "All of it was my own work.", 3),
    ("Merged two stores' stock systems",
     "Tell me about a time you worked as part of a team",
     [Competency.TEAMWORK, Competency.ORGANISATION],
     "Two stores merged and their stock records disagreed on 15% of lines.",
     "I was part of the four-person team asked to reconcile them in a fortnight.",
     "I split the lines between us by department, set up a shared tracker, and took the "
     "trickiest category, chilled food, myself.",
     "We finished two days early with 99.6% of lines matching.",
     "I set up the tracker and reconciled the chilled lines.", 3),
    ("Presented the waste findings to the regional manager",
     "How would you explain a technical finding to a non-technical stakeholder?",
     [Competency.COMMUNICATION],
     "The regional manager wanted to know whether the waste trial should go wider.",
     "I had ten minutes to explain the model to people who do not use spreadsheets.",
     "I led with the money saved, showed one chart, and kept the method for questions.",
     "The region adopted the new markdown times in 12 stores.",
     "I prepared and gave the presentation.", 2),
    ("Failed my first technical test and retook it",
     "Tell me about a setback and how you dealt with it",
     [Competency.RESILIENCE, Competency.ADAPTABILITY],
     "I failed a timed SQL test in my first analytics interview.",
     "I wanted to understand why and pass the next one.",
     "I asked for feedback, found I was weak on joins under time pressure, and practised timed "
     "problems three times a week.",
     "I passed the next two technical tests comfortably.",
     "I asked for the feedback and made the practice plan.", 4),
    ("Cleaned 18 months of messy till data",
     "Describe a complex problem you solved with data",
     [Competency.PROBLEM_SOLVING],
     "For my portfolio project, the only data I could get was 18 months of inconsistent exports.",
     "I had to make it fit for analysis.",
     "I wrote Python with pandas to standardise product codes, fix dates and flag duplicates, "
     "and documented every rule.",
     "The clean dataset found a seasonal pattern the buyers had missed.",
     "I wrote the cleaning code and the documentation.", 3),
    ("Trained new starters on the stock system",
     "Give an example of helping a colleague; customer service",
     [Competency.TEAMWORK, Competency.CUSTOMER_FOCUS],
     "New starters made stock errors that left customers facing empty shelves.",
     "I was asked to help new starters get it right in their first week.",
     "I wrote a one-page guide with screenshots and paired with each starter for a shift.",
     "Stock errors by new starters halved over the next quarter.",
     "I wrote the guide and did the pairing.", 4),
)  # fmt: skip

# Questions interviewers asked, with the competency each probes (None: not a competency question).
QUESTIONS = (
    ("Tell me about a time you worked as part of a team.", Competency.TEAMWORK),
    ("Describe a complex problem you solved with data.", Competency.PROBLEM_SOLVING),
    ("How would you explain a technical finding to a non-technical stakeholder?",
     Competency.COMMUNICATION),
    ("Tell me about a time you disagreed with a colleague.", Competency.CONFLICT),
    ("Give an example of when you went beyond what was asked.", Competency.INITIATIVE),
    ("Tell me about a time you dealt with a difficult customer.", Competency.CUSTOMER_FOCUS),
    ("Tell me about a setback and how you dealt with it.", Competency.RESILIENCE),
    ("How do you prioritise competing deadlines?", Competency.ORGANISATION),
    ("Tell me about a time you had to learn something new quickly.", Competency.ADAPTABILITY),
    ("Describe a time you led a piece of work.", Competency.LEADERSHIP),
    ("Why do you want to move into data analytics?", None),
    ("Why do you want to work here?", None),
)  # fmt: skip

WENT_WELL = (
    "Built rapport with the interviewer early on.",
    "My waste-model example landed well.",
    "Explained why I am moving from retail to data clearly.",
    "Asked good questions about the team's data stack at the end.",
    "Stayed calm when I did not know an answer and talked through my approach.",
)
DO_BETTER = (
    "Answers rambled: use STAR and finish with the result.",
    "Say what I did, not what 'we' did.",
    "Prepare a conflict example; I had nothing ready.",
    "Research the company's products before the interview.",
    "Slow down when nervous; take a breath before answering.",
    "Quantify results: I forgot to say how much waste fell.",
    "Have two questions ready about how the team uses its data.",
    "Link each example back to the job description.",
)

# (text, area, open?, due in days, completed days ago, source kind, journey position)
ACTIONS = (
    ("Finish the SQL window functions course and do ten practice problems",
     ActionItem.Area.SKILLS, True, 7, None, "feedback", 15),
    ("Build a small dbt project and put it on GitHub",
     ActionItem.Area.SKILLS, False, None, 40, "feedback", 15),
    ("Practise two STAR answers aloud every day for a week",
     ActionItem.Area.INTERVIEW_PERFORMANCE, False, None, 60, "debrief", 13),
    ("Write a STAR answer about handling a disagreement",
     ActionItem.Area.INTERVIEW_PERFORMANCE, True, 3, None, "debrief", 18),
    ("Do a timed mock live-coding session with a friend, thinking aloud",
     ActionItem.Area.IMPRESSION, True, -2, None, "feedback", 21),
    ("Lead the CV summary with the analytics projects, not the retail titles",
     ActionItem.Area.APPLICATIONS, False, None, 50, None, None),
    ("Follow up applications with no answer after two weeks",
     ActionItem.Area.APPLICATIONS, False, None, 20, None, None),
    ("Prepare two examples of presenting findings to senior managers",
     ActionItem.Area.EMPLOYER_INSIGHT, True, 10, None, "feedback", 20),
    ("Ask each panel what their team's biggest data problem is",
     ActionItem.Area.EMPLOYER_INSIGHT, True, None, None, None, None),
)  # fmt: skip

ADVISER_NOTE = (
    "Sam, your self-assessment for structuring answers with STAR has gone from 2 to 4 in two "
    "months: keep it up. Before the second interview at the BBC, write a STAR answer about a "
    "disagreement: it is the one competency question you have no example for yet."
)

NOTE_REPLY = "Thanks Alex: I'll draft the disagreement answer this week and bring it on Thursday."

SUGGESTED_ACTION = "Record yourself giving the disagreement answer and keep it under two minutes"


def clamp_rating(value: float) -> int:
    return max(1, min(5, round(value)))


def slug(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


class HistoryBuilder:
    """Builds `count` applications and everything that hangs off them for one job seeker.

    Application i follows JOURNEYS[i % 30]: each block of thirty is one copy of the demo story,
    with its own ten STAR answers and action items, so every proportion scales with `count`.
    """

    def __init__(self, owner: User, count: int, seed: int, today: datetime.date):
        self.owner = owner
        self.count = count
        self.random = random.Random(seed)
        self.today = today

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def moment(self, days_ago: int, hour: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.day(days_ago), datetime.time(hour))
        )

    def journey(self, index: int) -> Journey:
        return JOURNEYS[index % len(JOURNEYS)]

    def build(self) -> dict[str, int]:
        blocks = math.ceil(self.count / len(JOURNEYS))
        applications = self.create(
            Application, [self.application(index) for index in range(self.count)]
        )
        numbered = list(enumerate(applications))
        self.create(
            StatusChange,
            [change for index, app in numbered for change in self.history(app, index)],
        )
        interviews = self.create(
            Interview,
            [interview for index, app in numbered for interview in self.interviews(app, index)],
        )
        answers = self.create(
            StarAnswer,
            [
                self.star_answer(block, number)
                for block in range(blocks)
                for number in range(len(STAR_ANSWERS))
            ],
        )
        by_application = {}
        for interview in interviews:
            by_application.setdefault(interview.application_id, []).append(interview)
        debriefs, requests = {}, {}
        for index, application in numbered:
            journey = self.journey(index)
            steps = zip(journey.interviews, by_application.get(application.pk, []), strict=True)
            for step, interview in steps:
                if step.days_ago > 0 and step.debriefed:
                    last = step is journey.interviews[-1]
                    debriefs[interview.pk] = (self.debrief(interview, step, journey, last), index)
            if journey.feedback:
                requests[index] = self.feedback_request(by_application[application.pk][-1], journey)
        self.create(Debrief, [debrief for debrief, _ in debriefs.values()])
        self.create(FeedbackRequest, list(requests.values()))
        questions = [
            question
            for debrief, index in debriefs.values()
            for question in self.questions(debrief, answers, index // len(JOURNEYS))
        ]
        self.create(DebriefQuestion, questions)
        last_debrief = {index: debrief for debrief, index in debriefs.values()}
        actions = [
            self.action_item(block, action, last_debrief, requests)
            for block in range(blocks)
            for action in ACTIONS
        ]
        self.create(ActionItem, actions)
        return {
            "applications": len(applications),
            "interviews": len(interviews),
            "debriefs": len(debriefs),
            "feedback requests": len(requests),
            "STAR answers": len(answers),
            "action items": len(actions),
        }

    @staticmethod
    def create(model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if len(created) >= ANALYZE_AFTER:
            # Plans made while a table looked empty (foreign-key checks, the record-version
            # triggers) would scan it in full for each row the next tables insert: give the
            # planner this table's new size before they are written.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        return created

    def application(self, index: int) -> Application:
        journey = self.journey(index)
        employer = journey.employer
        return Application(
            owner=self.owner,
            employer=employer,
            role_title=journey.role_title,
            location=journey.location,
            job_url=f"https://jobs.{slug(employer)}.example/{1000 + index}",
            source=journey.source,
            date_applied=self.day(journey.applied_ago),
            salary=journey.salary,
            status=journey.status,
            notes=WITHDRAWN_NOTES.get(employer, ""),
        )

    def history(self, application: Application, index: int) -> list[StatusChange]:
        journey = self.journey(index)
        changes = [(Status.APPLIED, journey.applied_ago)]
        if journey.interviews:
            # Invited a few days before the first interview, never before applying.
            invited = max(0, min(journey.applied_ago - 1, journey.interviews[0].days_ago + 4))
            changes.append((Status.INTERVIEWING, invited))
        if journey.closed_ago is not None:
            changes.append((journey.status, journey.closed_ago))
        return [
            StatusChange(application=application, status=status, changed_on=self.day(days_ago))
            for status, days_ago in changes
        ]

    def interviews(self, application: Application, index: int) -> list[Interview]:
        journey = self.journey(index)
        return [
            Interview(
                application=application,
                owner=self.owner,
                stage=step.stage,
                scheduled_at=self.moment(step.days_ago, self.random.choice((10, 11, 14, 15))),
                format=FORMATS[step.stage],
                interviewers=INTERVIEWERS[step.stage],
                outcome=step.outcome,
                outcome_date=(
                    None if step.outcome_days_ago is None else self.day(step.outcome_days_ago)
                ),
            )
            for step in journey.interviews
        ]

    def debrief(self, interview: Interview, step: Step, journey: Journey, last: bool) -> Debrief:
        # Ratings improve over the three months, as practice and feedback pay off.
        progress = max(0.0, 1 - step.days_ago / 90)
        offsets = {
            "rating_answers": 0,
            "rating_star": -0.6,
            "rating_manner": 0.8,
            "rating_suitability": 0,
            "rating_enthusiasm": 0.9,
            "rating_nerves": -0.8,
        }
        ratings = {
            field: clamp_rating(1.9 + 2.6 * progress + offset + self.random.uniform(-0.4, 0.4))
            for field, offset in offsets.items()
        }
        feeling = clamp_rating(sum(ratings.values()) / len(ratings))
        return Debrief(
            interview=interview,
            overall_feeling=feeling,
            went_well=self.random.choice(WENT_WELL),
            do_better=self.random.choice(DO_BETTER),
            my_reasons=list(journey.my_reasons) if last else [],
            **ratings,
        )

    def questions(self, debrief: Debrief, answers: list[StarAnswer], block: int):
        block_answers = answers[block * len(STAR_ANSWERS) : (block + 1) * len(STAR_ANSWERS)]
        progress = max(0.0, 1 - (self.today - debrief.interview.scheduled_at.date()).days / 90)
        for text, competency in self.random.sample(QUESTIONS, self.random.choice((2, 3))):
            matching = [a for a in block_answers if competency in a.competencies]
            answer = self.random.choice(matching) if matching else None
            bonus = 0.5 if answer else -0.7
            yield DebriefQuestion(
                debrief=debrief,
                question=text,
                answer_rating=clamp_rating(
                    2 + 2.4 * progress + bonus + self.random.uniform(-0.5, 0.5)
                ),
                star_answer=answer,
            )

    def feedback_request(self, interview: Interview, journey: Journey) -> FeedbackRequest:
        plan = FEEDBACK[journey.feedback]
        status = plan["status"]
        request = FeedbackRequest(
            interview=interview,
            contact_name="Recruitment team",
            contact_email=f"recruitment@{slug(journey.employer)}.example",
            status=status,
            feedback_text=plan.get("feedback_text", ""),
            reasons=plan.get("reasons", []),
            outcome=plan.get("outcome", ""),
        )
        if status != FeedbackStatus.NOT_SENT:
            requested_ago = journey.closed_ago - 1
            request.requested_on = self.day(requested_ago)
            request.follow_up_due = self.day(plan.get("follow_up_due_ago", requested_ago - 7))
            request.message = (
                f"Thank you for letting me know about the {journey.role_title} role. I would "
                "value any feedback on my interview, so that I can improve for the future."
            )
        if "received_after" in plan:
            request.received_on = self.day(journey.closed_ago - plan["received_after"])
        return request

    def star_answer(self, block: int, number: int) -> StarAnswer:
        title, questions, competencies, situation, task, action, result, my_part, strength = (
            STAR_ANSWERS[number]
        )
        return StarAnswer(
            owner=self.owner,
            title=title if block == 0 else f"{title} ({block + 1})",
            questions=questions.replace("; ", "\n"),
            competencies=competencies,
            situation=situation,
            task=task,
            action=action,
            result=result,
            my_part=my_part,
            strength=strength,
        )

    def action_item(self, block: int, action: tuple, debriefs: dict, requests: dict) -> ActionItem:
        text, area, is_open, due_in, completed_ago, source, position = action
        index = block * len(JOURNEYS) + position if position is not None else None
        item = ActionItem(
            owner=self.owner,
            text=text,
            area=area,
            status=ActionItem.Status.OPEN if is_open else ActionItem.Status.DONE,
            due_date=None if due_in is None else self.day(-due_in),
            completed_on=None if completed_ago is None else self.day(completed_ago),
        )
        if source == "debrief":
            item.debrief = debriefs.get(index)
        elif source == "feedback":
            item.feedback_request = requests.get(index)
        return item


Say = Callable[[str], None]


@transaction.atomic
def seed_demo(seed: int, say: Say) -> tuple[User, User]:
    """The demo job seeker and adviser, idempotently: (seeker, adviser)."""
    seeker = demo_user(DEMO_SEEKER, "Sam Taylor", User.Role.JOB_SEEKER)
    adviser = demo_user(DEMO_ADVISER, "Alex Morgan", User.Role.ADVISER)
    build_history(seeker, DEMO_APPLICATIONS, seed, say)
    share_with(seeker, adviser, say)
    return seeker, adviser


@transaction.atomic
def seed_benchmark(email: str, count: int, seed: int, say: Say) -> User:
    """Job seeker `email` with the demo's history scaled to `count` applications."""
    seeker = demo_user(email.lower(), "Benchmark Seeker", User.Role.JOB_SEEKER)
    build_history(seeker, count, seed, say)
    return seeker


def demo_user(email: str, name: str, role: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=name,
            role=role,
            email_confirmed_at=timezone.now(),
        )
    return user


def build_history(seeker: User, count: int, seed: int, say: Say) -> None:
    existing = seeker.applications.count()
    if existing:
        say(f"{seeker.email} already has {existing} applications; none added.")
        return
    built = HistoryBuilder(seeker, count, seed, timezone.localdate()).build()
    say(f"{seeker.email}: " + ", ".join(f"{number} {what}" for what, number in built.items()))


def share_with(seeker: User, adviser: User, say: Say) -> None:
    access = AdviserAccess.objects.filter(client=seeker, adviser=adviser).active().first()
    if access is None:
        now = timezone.now()
        access = AdviserAccess.objects.create(
            client=seeker,
            adviser=adviser,
            status=AdviserAccess.Status.ACTIVE,
            requested_at=now - datetime.timedelta(days=40),
            granted_at=now - datetime.timedelta(days=39),
        )
        AdviserAccessChange.objects.create(
            access=access,
            status=AdviserAccess.Status.ACTIVE,
            changed_by=seeker,
            changed_at=access.granted_at,
        )
        say(f"{seeker.email} shares their record with {adviser.email}.")
    if not AdviserNote.objects.filter(adviser=adviser, client=seeker).exists():
        upcoming = (
            Interview.objects.for_user(seeker)
            .upcoming()
            .filter(stage=Interview.Stage.SECOND, application__employer="BBC")
            .first()
        )
        note = AdviserNote.objects.create(
            adviser=adviser, client=seeker, interview=upcoming, text=ADVISER_NOTE
        )
        notify.note_added(note)
        NoteReply.objects.create(note=note, author=seeker, text=NOTE_REPLY)
    work_together(seeker, adviser, access)


def work_together(seeker: User, adviser: User, access: AdviserAccess) -> None:
    """A past appointment, the next one and the next contact, and an action the adviser
    suggested that Sam has not answered yet: what the adviser and Sam see on /together/."""
    if Appointment.objects.filter(adviser=adviser, client=seeker).exists():
        return
    today = timezone.localdate()
    Appointment.objects.bulk_create(
        Appointment(adviser=adviser, client=seeker, **fields) for fields in appointments(today)
    )
    access.next_contact_on = today + datetime.timedelta(days=6)
    access.save(update_fields=["next_contact_on", "updated_at"])
    ActionSuggestion.objects.create(
        adviser=adviser,
        client=seeker,
        text=SUGGESTED_ACTION,
        area=ActionItem.Area.INTERVIEW_PERFORMANCE,
        due_date=today + datetime.timedelta(days=10),
    )


def appointments(today: datetime.date) -> list[dict]:
    return [
        {
            "date": today - datetime.timedelta(days=21),
            "time": datetime.time(10, 0),
            "kind": Appointment.Kind.CV_REVIEW,
            "agreed": "Lead the CV with the data-pipeline project; cut the summary to three lines.",
        },
        {
            "date": today - datetime.timedelta(days=7),
            "time": datetime.time(14, 30),
            "kind": Appointment.Kind.MOCK_INTERVIEW,
            "agreed": (
                "Answers were clear but long: aim for two minutes each. Write a STAR answer "
                "about a disagreement before the BBC interview."
            ),
        },
        {
            "date": today + datetime.timedelta(days=6),
            "time": datetime.time(11, 0),
            "kind": Appointment.Kind.ONE_TO_ONE,
            "agreed": "",
        },
    ]


# --- The demo careers service -------------------------------------------------------------------

COHORT_FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Dan", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran",
    "Leah", "Mo", "Nina", "Owen", "Poppy", "Rhys", "Sara",
)  # fmt: skip
COHORT_SURNAMES = ("Khan", "Jones", "Smith", "Patel", "Brown", "Okafor", "Wilson", "Evans")
COHORT_ROLES = (
    ("Trainee Accountant", "Moore Kingston Smith"), ("Graduate Engineer", "Arup"),
    ("Marketing Assistant", "Unilever"), ("Junior Developer", "Sage"),
    ("HR Assistant", "NHS Trust"), ("Data Analyst", "ONS"), ("Sales Executive", "Enterprise"),
    ("Teaching Assistant", "Oak Academy"), ("Paralegal", "Irwin Mitchell"),
)  # fmt: skip


@transaction.atomic
def seed_demo_service(seed: int, say: Say) -> tuple[User, list[User]]:
    """The demo careers service, idempotently: its admin, three advisers (the demo adviser
    among them) and a cohort of clients who share with them, with a year of activity so that
    the outcome report has figures. (admin, advisers)"""
    service, _ = Organisation.objects.get_or_create(name=DEMO_SERVICE)
    admin = staff_member(service, *DEMO_SERVICE_ADMIN, Membership.Role.ADMIN)
    advisers = [User.objects.get(email=DEMO_ADVISER)]
    advisers += [staff_member(service, email, name) for email, name in DEMO_COLLEAGUES]
    if not Membership.objects.filter(user=advisers[0]).exists():
        Membership.objects.create(organisation=service, user=advisers[0], invited_by=admin)
    if User.objects.filter(email=cohort_email(0)).exists():
        say(f"{DEMO_SERVICE} already has its cohort; none added.")
    else:
        built = CohortBuilder(advisers, seed, timezone.localdate()).build()
        say(f"{DEMO_SERVICE}: " + ", ".join(f"{n} {what}" for what, n in built.items()))
    return admin, advisers


def staff_member(service: Organisation, email: str, name: str, role=Membership.Role.ADVISER):
    user = demo_user(email, name, User.Role.ADVISER)
    Membership.objects.get_or_create(user=user, defaults={"organisation": service, "role": role})
    return user


def cohort_email(number: int) -> str:
    return f"cohort{number + 1:02d}@debrief.example"


class CohortBuilder:
    """DEMO_COHORT job seekers, a third with each adviser, each with a few applications a month
    over the last COHORT_MONTHS months: interviews, rejections and offers, debriefs written a few
    days after a "no", feedback asked for and sometimes given. Every model in one bulk insert."""

    def __init__(self, advisers: list[User], seed: int, today: datetime.date):
        self.advisers = advisers
        self.random = random.Random(seed)
        self.today = today
        self.now = timezone.now()

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def build(self) -> dict[str, int]:
        # One password hash for them all: Argon2 costs about a second a hash.
        template = User()
        template.set_password(DEMO_PASSWORD)
        clients = User.objects.bulk_create(
            User(
                email=cohort_email(number),
                display_name=(
                    f"{COHORT_FIRST_NAMES[number % len(COHORT_FIRST_NAMES)]} "
                    f"{COHORT_SURNAMES[number % len(COHORT_SURNAMES)]}"
                ),
                password=template.password,
                # Unconfirmed, so Debrief emails them nothing: the demo's console shows the
                # demo job seeker's reminders, not three dozen others'.
                email_confirmed_at=None,
            )
            for number in range(DEMO_COHORT)
        )
        accesses = AdviserAccess.objects.bulk_create(
            AdviserAccess(
                client=client,
                adviser=self.advisers[number % len(self.advisers)],
                status=AdviserAccess.Status.ACTIVE,
                requested_at=self.now - datetime.timedelta(days=COHORT_MONTHS * 31),
                granted_at=self.now - datetime.timedelta(days=COHORT_MONTHS * 31 - 1),
            )
            for number, client in enumerate(clients)
        )
        AdviserAccessChange.objects.bulk_create(
            AdviserAccessChange(
                access=access, status=access.status, changed_by=access.client,
                changed_at=access.granted_at,
            )
            for access in accesses
        )  # fmt: skip
        plans = [self.application(client) for client in clients for _ in range(self.per_client())]
        applications = Application.objects.bulk_create(application for application, _ in plans)
        StatusChange.objects.bulk_create(
            StatusChange(application=application, status=status, changed_on=day)
            for application, (_, _, changes) in zip(
                applications, (p for _, p in plans), strict=True
            )
            for status, day in changes
        )
        interviews = Interview.objects.bulk_create(
            interview
            for application, (interview_plan, _, _) in zip(
                applications, (p for _, p in plans), strict=True
            )
            if interview_plan
            for interview in [self.interview(application, *interview_plan)]
        )
        rejected = [i for i in interviews if i.outcome == Interview.Outcome.REJECTED]
        debriefs = Debrief.objects.bulk_create(
            self.debrief(interview) for interview in rejected if self.random.random() < 0.8
        )
        # Written a few days after the "no" (bulk_create stamps them now).
        for debrief in debriefs:
            debrief.created_at = self.written_after(debrief.interview.outcome_date)
        Debrief.objects.bulk_update(debriefs, ["created_at"])
        requests = FeedbackRequest.objects.bulk_create(
            self.feedback_request(interview) for interview in rejected if self.random.random() < 0.6
        )
        return {
            "clients": len(clients),
            "applications": len(applications),
            "interviews": len(interviews),
            "debriefs": len(debriefs),
            "feedback requests": len(requests),
        }

    def per_client(self) -> int:
        return self.random.randint(COHORT_MONTHS, COHORT_MONTHS * 2)

    def application(self, client: User) -> tuple[Application, tuple]:
        applied_ago = self.random.randint(3, COHORT_MONTHS * 30)
        role, employer = self.random.choice(COHORT_ROLES)
        changes = [(Application.Status.APPLIED, self.day(applied_ago))]
        interview_plan = None
        status = Application.Status.APPLIED
        roll = self.random.random()
        if roll < 0.35 and applied_ago > 20:
            interview_ago = applied_ago - self.random.randint(7, 14)
            outcome_ago = max(0, interview_ago - self.random.randint(2, 7))
            if self.random.random() < 0.2:
                outcome, status = Interview.Outcome.OFFER, Application.Status.OFFER
            else:
                outcome, status = Interview.Outcome.REJECTED, Application.Status.REJECTED
            changes += [
                (Application.Status.INTERVIEWING, self.day(interview_ago)),
                (status, self.day(outcome_ago)),
            ]
            interview_plan = (interview_ago, outcome, outcome_ago)
        elif roll < 0.55 and applied_ago > 30:
            status = Application.Status.NO_RESPONSE
            changes.append((status, self.day(applied_ago - 30)))
        return (
            Application(
                owner=client,
                employer=employer,
                role_title=role,
                date_applied=self.day(applied_ago),
                status=status,
            ),
            (interview_plan, status, changes),
        )

    def interview(self, application, interview_ago: int, outcome: str, outcome_ago: int):
        return Interview(
            application=application,
            owner=application.owner,
            stage=Interview.Stage.FIRST,
            scheduled_at=timezone.make_aware(
                datetime.datetime.combine(self.day(interview_ago), datetime.time(11))
            ),
            outcome=outcome,
            outcome_date=self.day(outcome_ago),
        )

    def written_after(self, rejected_on: datetime.date) -> datetime.datetime:
        written = min(self.today, rejected_on + datetime.timedelta(days=self.random.randint(0, 9)))
        return timezone.make_aware(datetime.datetime.combine(written, datetime.time(18)))

    def debrief(self, interview: Interview) -> Debrief:
        ratings = {field: self.random.randint(2, 5) for field in Debrief.RATINGS}
        return Debrief(interview=interview, went_well=self.random.choice(WENT_WELL), **ratings)

    def feedback_request(self, interview: Interview) -> FeedbackRequest:
        requested = interview.outcome_date + datetime.timedelta(days=1)
        requested = min(requested, self.today)
        request = FeedbackRequest(
            interview=interview,
            contact_name="Recruitment team",
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=requested,
            follow_up_due=requested + datetime.timedelta(days=7),
        )
        received = requested + datetime.timedelta(days=self.random.randint(2, 10))
        if received <= self.today and self.random.random() < 0.6:
            request.status = FeedbackRequest.Status.RECEIVED
            request.received_on = received
            request.outcome = FeedbackRequest.Outcome.SPECIFIC
        return request
