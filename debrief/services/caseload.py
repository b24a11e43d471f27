"""An adviser's caseload: one row per client whose consent is active.

Each client's figures are kept by the database on every write to their record: the counts in
DashboardCount (applications, open actions, follow-ups by the day they are due, summed up to
today), the latest changes and the outcome to name in CaseloadFigures. The caseload reads them
with the clients in one query, plus the interviews of the last 30 days along the
(owner, scheduled_at) index. Only the shown page's most important outcomes are loaded
(`with_latest_outcomes`, one query). A fixed number of queries however many clients there are.
Sorting and searching happen over all the rows, so every sort order is over the whole caseload,
not one page of it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy

from debrief.models import DashboardCount, Interview, User

RECENT_INTERVIEWS = datetime.timedelta(days=30)
# The last activity is the latest change to any of these (PostgreSQL's GREATEST skips NULLs).
ACTIVITY_KINDS = ("application", "interview", "debrief", "feedback", "action", "answer")

SORTS = {
    "name": gettext_lazy("Name"),
    "activity": gettext_lazy("Last activity"),
    "applications": gettext_lazy("Applications"),
    "interviews": gettext_lazy("Interviews in the last 30 days"),
    "overdue": gettext_lazy("Overdue follow-ups"),
    "actions": gettext_lazy("Open actions"),
    "next_contact": gettext_lazy("Next contact (soonest first)"),
}


@dataclass(frozen=True, slots=True)
class CaseloadClient:
    """Who a caseload row is about: what the row shows and links to. Plain values, not a User:
    building 500 model instances took longer than the query that reads them."""

    pk: int
    display_name: str
    email: str


@dataclass(slots=True)
class CaseloadRow:
    client: CaseloadClient
    shared_since: datetime.datetime
    applications: int = 0
    recent_interviews: int = 0
    latest_outcome: Interview | None = None
    overdue_follow_ups: int = 0
    open_actions: int = 0
    last_activity: datetime.datetime | None = None
    next_contact: datetime.date | None = None
    due_for_contact: bool = False
    latest_outcome_id: int | None = None


def shared_clients(adviser: User, search: str = "") -> QuerySet[User]:
    """The adviser's clients now (User.objects.clients_of), each with the date they shared and
    the adviser's next-contact date, from the same consent row."""
    found = User.objects.clients_of(adviser).annotate(
        shared_since=F("adviser_accesses__granted_at"),
        next_contact=F("adviser_accesses__next_contact_on"),
    )
    if search:
        found = found.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    return found


def caseload(
    *, adviser: User, now: datetime.datetime, today: datetime.date, search: str = "", sort: str
) -> list[CaseloadRow]:
    """Every row of the caseload, sorted; `with_latest_outcomes` fills the shown page's outcome."""
    recent_interviews = (
        Interview.objects.filter(
            owner=OuterRef("pk"),
            scheduled_at__gte=now - RECENT_INTERVIEWS,
            scheduled_at__lte=now,
        )
        .order_by()
        .values("owner")
        .annotate(count=Count("id"))
        .values("count")
    )
    found = (
        shared_clients(adviser, search)
        .values_list(
            "pk",
            "display_name",
            "email",
            "shared_since",
            "next_contact",
            Subquery(recent_interviews),
            Greatest(*(f"caseload_figures__last_{kind}_at" for kind in ACTIVITY_KINDS)),
            "caseload_figures__latest_outcome_id",
        )
        .order_by()
    )  # sorted below, by the caseload's own rules
    found = list(found)
    counts = kept_counts([row[0] for row in found], today)
    nothing = {}
    rows = [
        CaseloadRow(
            client=CaseloadClient(pk, display_name, email),
            shared_since=shared_since,
            applications=counts.get(pk, nothing).get("applications") or 0,
            recent_interviews=recent or 0,
            overdue_follow_ups=counts.get(pk, nothing).get("overdue") or 0,
            open_actions=counts.get(pk, nothing).get("open_actions") or 0,
            last_activity=last_activity,
            next_contact=next_contact,
            due_for_contact=next_contact is not None and next_contact <= today,
            latest_outcome_id=latest_outcome_id,
        )
        for (
            pk,
            display_name,
            email,
            shared_since,
            next_contact,
            recent,
            last_activity,
            latest_outcome_id,
        ) in found
    ]
    return sorted_rows(rows, sort)


def kept_counts(clients: list[int], today: datetime.date) -> dict[int, dict]:
    """The clients' counts from DashboardCount, where the dashboard keeps them, in one grouped
    query: as a subquery per client and figure it took three times as long (500 clients)."""
    return {
        row["owner_id"]: row
        for row in DashboardCount.objects.filter(
            owner_id__in=clients,
            figure__in=["application_status", "open_actions", "awaiting_reply_due_on"],
        )
        .order_by()
        .values("owner_id")
        .annotate(
            applications=Sum("value", filter=Q(figure="application_status")),
            open_actions=Sum("value", filter=Q(figure="open_actions")),
            overdue=Sum("value", filter=DashboardCount.follow_ups_overdue(today)),
        )
    }


def with_latest_outcomes(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    """The shown rows with their most important outcome (kept per client by the database as the
    interview's id; see CaseloadFigures), in one query however many rows."""
    wanted = [row.latest_outcome_id for row in rows if row.latest_outcome_id is not None]
    interviews = Interview.objects.select_related("application").in_bulk(wanted)
    for row in rows:
        row.latest_outcome = interviews.get(row.latest_outcome_id)
    return rows


def sorted_rows(rows: list[CaseloadRow], sort: str) -> list[CaseloadRow]:
    def by_name(row: CaseloadRow):
        return (row.client.display_name.casefold(), row.client.email)

    rows.sort(key=by_name)
    # Python's sort is stable: clients with the same figure stay in name order.
    match sort:
        case "activity":
            never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
            rows.sort(key=lambda row: row.last_activity or never, reverse=True)
        case "applications":
            rows.sort(key=lambda row: row.applications, reverse=True)
        case "interviews":
            rows.sort(key=lambda row: row.recent_interviews, reverse=True)
        case "overdue":
            rows.sort(key=lambda row: row.overdue_follow_ups, reverse=True)
        case "actions":
            rows.sort(key=lambda row: row.open_actions, reverse=True)
        case "next_contact":
            rows.sort(key=lambda row: (row.next_contact is None, row.next_contact))
    return rows
