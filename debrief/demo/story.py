"""The demo job seeker's story, written out: a data-analytics career changer's three months of
applications (JOURNEYS), and what hangs off them: interviewers, feedback plans, STAR answers,
debrief questions, lessons turned into actions, and the adviser's note. Data only; the builder
that turns it into rows is history.py."""

from dataclasses import dataclass

from debrief.models import ActionItem, Application, Competency, FeedbackRequest, Interview, Reason

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
