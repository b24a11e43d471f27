"""An import of 2,000 applications, end to end in this process: reading the CSV file, keeping the
draft, the preview of every row (planned and rendered), the confirmation, and the real worker
(`db_worker`'s loop, batch mode) creating the applications, their stage history and interviews.
The target (issue 21): under 60 s on these machines."""

import datetime
import time

from bench import say
from bench.limits import IMPORT_TARGET_SECONDS

ROWS = 2_000
EMAIL = "bench-import@debrief.example"
STATUSES = ["Applied", "Interviewing", "Rejected", "No response", "Offer", "I withdrew"]


def sample_csv() -> bytes:
    lines = [
        "Employer,Role title,Location,Job link,Source,Date applied,Status,Notes,Interview date"
    ]
    start = datetime.date(2026, 1, 5)
    for n in range(ROWS):
        applied = start + datetime.timedelta(days=n % 300)
        status = STATUSES[n % len(STATUSES)]
        interview = (
            (applied + datetime.timedelta(days=10)).strftime("%d/%m/%Y 14:00")
            if status in ("Interviewing", "Rejected", "Offer")
            else ""
        )
        lines.append(
            f"Employer {n},Analyst {n % 40},Leeds,https://jobs.example.com/{n},Indeed,"
            f'{applied:%d/%m/%Y},{status},"Applied through the site, cover letter v{n % 3}",'
            f"{interview}"
        )
    return ("\n".join(lines) + "\n").encode()


def measure() -> dict:
    from django.template.loader import render_to_string
    from django_tasks_db.models import DBTaskResult

    from debrief.models import Application, User
    from debrief.services import importing
    from debrief.services.import_files import read_table
    from debrief.tasks import run_queued_tasks

    User.objects.filter(email=EMAIL).delete()
    owner = User.objects.create_user(EMAIL, None, display_name="Bench Importer")
    DBTaskResult.objects.all().delete()
    content = sample_csv()
    say(f"Importing {ROWS:,} applications ({len(content) / 1024:.0f} KB of CSV)")
    started = time.perf_counter()
    table = read_table("applications.csv", content)
    batch = importing.start_import(owner=owner, file_name="applications.csv", table=table)
    plan = importing.plan(batch)
    page = render_to_string(
        "debrief/import_preview.html",
        {"batch": batch, "plan": plan, "importable": len(plan.importable), "leave_out": 0},
    )
    previewed = time.perf_counter() - started
    importing.confirm_import(batch=batch)
    run_queued_tasks()
    total = time.perf_counter() - started
    created = Application.objects.for_user(owner).count()
    owner.delete()
    result = {
        "rows": ROWS,
        "created": created,
        "preview_seconds": round(previewed, 2),
        "preview_kb": round(len(page) / 1024),
        "total_seconds": round(total, 2),
        "target_seconds": IMPORT_TARGET_SECONDS,
        "passed": created == ROWS and total < IMPORT_TARGET_SECONDS,
    }
    result["summary"] = (
        f"Import of {ROWS:,} rows: preview in {previewed:.1f} s, all created in {total:.1f} s "
        f"(target < {IMPORT_TARGET_SECONDS:.0f} s): {'PASS' if result['passed'] else 'FAIL'}"
    )
    return result
