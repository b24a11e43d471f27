"""Demo data: a demo job seeker with three months of believable history, a demo adviser the
job seeker shares their record with, and a demo careers service with a cohort of clients; or the
same history, scaled, for benchmarks.

`manage.py seed_demo` is the thin command in front of `seed_demo()`, `seed_demo_service()` and
`seed_benchmark()`, and prints the logins. Everything is written with bulk_create (no query per
row) and every date is relative to today, so the demo always looks current. Each function reports
what it did through `say` (a line at a time).

    people.py   the logins and how a demo account is made
    story.py    the job seeker's story, as data
    history.py  HistoryBuilder: the story turned into rows, scaled to any size
    seeker.py   the demo job seeker and adviser working together; the benchmark's job seeker
    service.py  the demo careers service and its cohort
"""

from debrief.demo.history import DEMO_APPLICATIONS, HistoryBuilder
from debrief.demo.people import (
    DEMO_ADVISER,
    DEMO_COLLEAGUES,
    DEMO_PASSWORD,
    DEMO_SEEKER,
    DEMO_SERVICE,
    DEMO_SERVICE_ADMIN,
)
from debrief.demo.seeker import seed_benchmark, seed_demo
from debrief.demo.service import DEMO_COHORT, cohort_email, seed_demo_service

__all__ = [
    "DEMO_ADVISER",
    "DEMO_APPLICATIONS",
    "DEMO_COHORT",
    "DEMO_COLLEAGUES",
    "DEMO_PASSWORD",
    "DEMO_SEEKER",
    "DEMO_SERVICE",
    "DEMO_SERVICE_ADMIN",
    "HistoryBuilder",
    "cohort_email",
    "seed_benchmark",
    "seed_demo",
    "seed_demo_service",
]
