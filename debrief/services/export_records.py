"""The export's spreadsheets for issue 21's records: contacts, documents, and the "import-ready"
CSV: one application a row, in the columns Debrief's import recognises by name (the export's own
application columns, and the interviews' times), so that a record exported from one account
imports into another as the same applications with the same interview times."""

from debrief.models import Application, Contact, Document
from debrief.services.export_csv import APPLICATION_COLUMNS, cell, table


def record_files(data: dict) -> dict[str, bytes]:
    return {
        "import-ready.csv": import_ready(data),
        "contacts.csv": contacts(data),
        "documents.csv": documents(data),
    }


def contacts(data: dict) -> bytes:
    return table(
        ["Name", "Role", "Employer", "Email", "Phone", "Notes"],
        [
            [
                cell(c["name"]),
                cell(c["role"], Contact.Role),
                cell(c["employer"]),
                cell(c["email"]),
                cell(c["phone"]),
                cell(c["notes"]),
            ]
            for c in data["contacts"]
        ],
    )


def documents(data: dict) -> bytes:
    return table(
        ["Kind", "Version name", "File name", "Size (bytes)", "Uploaded", "File in this export"],
        [
            [
                cell(d["kind"], Document.Kind),
                cell(d["title"]),
                cell(d["original_name"]),
                cell(d["size"]),
                cell(d["created_at"]),
                cell(d["file_in_this_export"]),
            ]
            for d in data["documents"]
        ],
    )


def import_ready(data: dict) -> bytes:
    interviews: dict[int, list] = {}
    for interview in sorted(data["interviews"], key=lambda i: i["scheduled_at"]):
        interviews.setdefault(interview["application_id"], []).append(interview["scheduled_at"])
    return table(
        [label for _, label in APPLICATION_COLUMNS] + ["Interview date"],
        [
            [
                *(
                    cell(a[name], Application.Status if name == "status" else None)
                    for name, _ in APPLICATION_COLUMNS
                ),
                "; ".join(cell(moment) for moment in interviews.get(a["id"], [])),
            ]
            for a in data["applications"]
        ],
    )
