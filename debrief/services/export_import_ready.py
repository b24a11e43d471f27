"""The export's "import-ready" CSV: one application a row, in the columns Debrief's import
recognises by name (a spreadsheet with Debrief's column names), so that a record exported from one
account imports into another as the same applications with the same interview times."""

from debrief.models import Application
from debrief.services.export_csv import cell, table

HEADER = [
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
    "Interview date",
]


def import_ready(data: dict) -> bytes:
    interviews: dict[int, list] = {}
    for interview in sorted(data["interviews"], key=lambda i: i["scheduled_at"]):
        interviews.setdefault(interview["application_id"], []).append(interview["scheduled_at"])
    return table(
        HEADER,
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
                "; ".join(cell(moment) for moment in interviews.get(a["id"], [])),
            ]
            for a in data["applications"]
        ],
    )
