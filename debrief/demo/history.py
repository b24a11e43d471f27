"""The job seeker's record, built: HistoryBuilder turns the story (story.py) into applications,
interviews, debriefs, feedback requests, STAR answers and action items, `count` applications at a
time in bulk inserts (no query per row); every date is relative to `today`."""

import datetime
import math
import random

from django.db import connection
from django.utils import timezone

from debrief.demo.story import (
    ACTIONS,
    DO_BETTER,
    FEEDBACK,
    FORMATS,
    INTERVIEWERS,
    JOURNEYS,
    QUESTIONS,
    STAR_ANSWERS,
    WENT_WELL,
    WITHDRAWN_NOTES,
    FeedbackStatus,
    Journey,
    Status,
    Step,
)
from debrief.models import (
    ActionItem,
    Application,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    StarAnswer,
    StatusChange,
    User,
)

DEMO_APPLICATIONS = 30
BATCH_SIZE = 2000
ANALYZE_AFTER = 1000


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
