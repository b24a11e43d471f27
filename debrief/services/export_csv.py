"""The export's spreadsheets: one CSV per kind of record, that Excel opens as it should.

UTF-8 with a byte-order mark (without it Excel reads "£" and "é" as garbage), the labels people
see in Debrief instead of stored codes, dates as YYYY-MM-DD and times in the local time zone.
Built from the same data as data.json, so the two never disagree.
"""

import csv
import datetime
import io

from django.utils import timezone

from debrief.models import (
    DEBRIEF_RATINGS,
    ActionItem,
    Application,
    Competency,
    Debrief,
    FeedbackRequest,
    Interview,
    Reason,
)

# The application's fields in the export and the import's own layout, with their headings.
APPLICATION_COLUMNS = [
    ("employer", "Employer"),
    ("role_title", "Role title"),
    ("location", "Location"),
    ("job_url", "Job link"),
    ("source", "Source"),
    ("date_applied", "Date applied"),
    ("closing_date", "Closing date"),
    ("salary", "Salary"),
    ("status", "Status"),
    ("notes", "Notes"),
]


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def cell(value, choices=None) -> str:
    # One stored code (text, or a number for Debrief.Feeling) becomes its label; lists below.
    if choices is not None and isinstance(value, str | int) and not isinstance(value, bool):
        value = dict(choices.choices).get(value, value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "Yes" if value else "No"
    elif isinstance(value, list):
        labels = dict(choices.choices) if choices is not None else {}
        value = "; ".join(str(labels.get(item, item)) for item in value)
    return spreadsheet_safe(value)


def table(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def applications(data: dict) -> bytes:
    return table(
        [
            "Employer",
            "Role title",
            "Location",
            "Job link",
            "Source",
            "Date applied",
            "Closing date",
            "Salary",
            "Status",
            "Notes",
            "Stage history",
        ],
        [
            [
                cell(a["employer"]),
                cell(a["role_title"]),
                cell(a["location"]),
                cell(a["job_url"]),
                cell(a["source"]),
                cell(a["date_applied"]),
                cell(a["closing_date"]),
                cell(a["salary"]),
                cell(a["status"], Application.Status),
                cell(a["notes"]),
                cell(
                    "; ".join(
                        f"{Application.Status(c['status']).label} {c['changed_on']:%Y-%m-%d}"
                        for c in a["status_history"]
                    )
                ),
            ]
            for a in data["applications"]
        ],
    )


def interviews(data: dict) -> bytes:
    return table(
        [
            "Application",
            "Stage",
            "When",
            "Format",
            "Interviewers",
            "Outcome",
            "Outcome date",
            "Notes",
        ],
        [
            [
                cell(i["application"]),
                cell(i["stage"], Interview.Stage),
                cell(i["scheduled_at"]),
                cell(i["format"], Interview.Format),
                cell(i["interviewers"]),
                cell(i["outcome"], Interview.Outcome),
                cell(i["outcome_date"]),
                cell(i["notes"]),
            ]
            for i in data["interviews"]
        ],
    )


def debriefs(data: dict) -> bytes:
    rows = []
    for i in data["interviews"]:
        d = i["debrief"]
        if d is None:
            continue
        questions = "; ".join(
            q["question"] + (f" ({q['answer_rating']}/5)" if q["answer_rating"] else "")
            for q in d["questions"]
        )
        rows.append(
            [
                cell(i["application"]),
                cell(i["stage"], Interview.Stage),
                cell(timezone.localdate(i["scheduled_at"])),
                cell(d["check_in"], Debrief.CheckIn),
                *(cell(d[field]) for field in DEBRIEF_RATINGS),
                cell(d["overall_feeling"], Debrief.Feeling),
                cell(d["went_well"]),
                cell(d["do_better"]),
                cell(d["my_reasons"], Reason),
                cell(questions),
            ]
        )
    return table(
        [
            "Application",
            "Stage",
            "Interview date",
            "How I felt after the news",
            *DEBRIEF_RATINGS.values(),
            "Overall feeling",
            "What went well",
            "What I would do better",
            "My reading: why it might not succeed",
            "Questions asked",
        ],
        rows,
    )


def feedback_requests(data: dict) -> bytes:
    return table(
        [
            "Application",
            "Stage",
            "Contact name",
            "Contact email",
            "Channel",
            "Status",
            "Requested on",
            "Follow-up due",
            "Received on",
            "Feedback received",
            "How the interview went, in their words",
            "Reasons they gave",
            "Was this feedback useful?",
            "Outcome",
        ],
        [
            [
                cell(i["application"]),
                cell(i["stage"], Interview.Stage),
                cell(f["contact_name"]),
                cell(f["contact_email"]),
                cell(f["channel"], FeedbackRequest.Channel),
                cell(f["status"], FeedbackRequest.Status),
                cell(f["requested_on"]),
                cell(f["follow_up_due"]),
                cell(f["received_on"]),
                cell(f["feedback_text"]),
                cell([DEBRIEF_RATINGS.get(name, name) for name in f["dimensions"]]),
                cell(f["reasons"], Reason),
                cell(f["useful"], FeedbackRequest.Usefulness),
                cell(f["outcome"], FeedbackRequest.Outcome),
            ]
            for i in data["interviews"]
            for f in i["feedback_requests"]
        ],
    )


def star_answers(data: dict) -> bytes:
    return table(
        [
            "Title",
            "Questions it answers",
            "Competencies",
            "Situation",
            "Task",
            "Action",
            "Result",
            "My part in the result",
            "Strength",
        ],
        [
            [
                cell(s["title"]),
                cell(s["questions"]),
                cell(s["competencies"], Competency),
                cell(s["situation"]),
                cell(s["task"]),
                cell(s["action"]),
                cell(s["result"]),
                cell(s["my_part"]),
                cell(s["strength"]),
            ]
            for s in data["star_answers"]
        ],
    )


def action_items(data: dict) -> bytes:
    return table(
        ["Action", "Area", "Status", "Due date", "Completed on"],
        [
            [
                cell(a["text"]),
                cell(a["area"], ActionItem.Area),
                cell(a["status"], ActionItem.Status),
                cell(a["due_date"]),
                cell(a["completed_on"]),
            ]
            for a in data["action_items"]
        ],
    )


CSV_FILES = {
    "applications.csv": applications,
    "interviews.csv": interviews,
    "debriefs.csv": debriefs,
    "feedback_requests.csv": feedback_requests,
    "star_answers.csv": star_answers,
    "action_items.csv": action_items,
}
