"""An adviser's caseload: one row per client whose consent is active, a page at a time.

Each client's figures are kept by the database on every write to their record: the counts in
DashboardCount (applications, open actions, follow-ups by the day they are due, summed up to
today), the latest changes and the outcome to name in CaseloadFigures. First the ids of the
clients the search and the tag give (integers only); then the sort and the page are done in
PostgreSQL, in one statement that also counts the rows and reads the figures of the rows shown:
Python reads 25 rows (reading and sorting 500 rows in Python took longer than the query that
found them). Every sort order is over the whole caseload, not one page of it.

Which clients need attention is one more query over the whole (filtered) caseload, returning
their ids by name (services/needs_attention.py): the "needs attention" list shows the first of
them, and the filter and the "needs attention first" order pass the ids back to the database.
A fixed number of queries however many clients there are.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy

from debrief.models import (
    Application,
    CaseloadFigures,
    ClientTag,
    ClientTagging,
    DashboardCount,
    Interview,
    User,
)
from debrief.replica import connection_for_reading

PAGE_SIZE = 25
RECENT_INTERVIEWS = datetime.timedelta(days=30)
# The last activity is the latest change to any of these (PostgreSQL's GREATEST skips NULLs).
ACTIVITY_KINDS = ("application", "interview", "debrief", "feedback", "action", "answer")

SORTS = {
    "name": gettext_lazy("Name"),
    "attention": gettext_lazy("Those needing attention first"),
    "activity": gettext_lazy("Last activity"),
    "applications": gettext_lazy("Applications"),
    "interviews": gettext_lazy("Interviews in the last 30 days"),
    "overdue": gettext_lazy("Overdue follow-ups"),
    "actions": gettext_lazy("Open actions"),
    "next_contact": gettext_lazy("Next contact (soonest first)"),
}

COUNTS = DashboardCount._meta.db_table
INTERVIEW = Interview._meta.db_table
APPLICATION = Application._meta.db_table
FIGURES = CaseloadFigures._meta.db_table
TAG = ClientTag._meta.db_table
TAGGING = ClientTagging._meta.db_table
LAST_ACTIVITY = "GREATEST({})".format(", ".join(f"f.last_{kind}_at" for kind in ACTIVITY_KINDS))

# The name (then the address, then the id) breaks ties, so a page is the same on every visit and
# no client falls between two pages. `c` is a client; ROWS_SQL's `k` adds its sort key.
BY_NAME = "lower({c}.display_name), {c}.email, {c}.id"


def kept_count(figure: str, client: str, *, before_key: bool = False) -> str:
    """One of the client's kept counts (DashboardCount), along its (owner, figure, key) index."""
    before = " AND key < %s" if before_key else ""
    return (
        f"coalesce((SELECT sum(value) FROM {COUNTS} "
        f"WHERE owner_id = {client} AND figure = '{figure}'{before}), 0)"
    )


def figures_sql(client: str) -> dict[str, str]:
    """Each figure a row shows, as SQL over one client's id (`client`), with %s for its
    parameters in the order `figure_params` gives them."""
    return {
        "applications": kept_count("application_status", client),
        "interviews": (
            f"(SELECT count(*) FROM {INTERVIEW} WHERE owner_id = {client} "
            "AND scheduled_at >= %s AND scheduled_at <= %s)"
        ),
        "overdue": kept_count("awaiting_reply_due_on", client, before_key=True),
        "actions": kept_count("open_actions", client),
        "activity": f"(SELECT {LAST_ACTIVITY} FROM {FIGURES} f WHERE f.client_id = {client})",
    }


def figure_params(figure: str, now: datetime.datetime, today: datetime.date) -> list:
    # "Overdue" is a follow-up day before today, kept as an ISO date: follow_ups_overdue().
    return {
        "interviews": [now - RECENT_INTERVIEWS, now],
        "overdue": [today.isoformat()],
    }.get(figure, [])


# The page in two steps. `page` sorts the clients and cuts the page: a sort by a figure works it
# out for every client (an index lookup each), the others need none. Then the figures, the most
# important outcome and the tags are read for the page's rows only. Every read of the clients'
# records goes along the owner indexes, one client at a time: joined to the clients as a
# set, the planner guessed one client and read every interview of the service (3 s at 500 of
# 5,000 clients).
ROWS_SQL = f"""
    WITH clients (id, display_name, email, shared_since, next_contact) AS ({{clients}}),
    page AS (
        SELECT k.*, count(*) OVER () AS total, row_number() OVER (ORDER BY {{order}}) AS place
        FROM (
            SELECT c.*, c.id = ANY(%s) AS needs_attention, {{sort_key}} AS sort_key
            FROM clients c
            {{where}}
        ) k
        ORDER BY place
        {{limit}}
    )
    SELECT page.id, page.display_name, page.email, page.shared_since, page.next_contact,
           {{figures}},
           page.needs_attention, page.total,
           outcome.id, outcome.outcome, outcome.outcome_date, application.employer,
           (SELECT array_agg(tag.name ORDER BY lower(tag.name))
            FROM {TAGGING} tagging JOIN {TAG} tag ON tag.id = tagging.tag_id
            WHERE tagging.client_id = page.id AND tag.adviser_id = %s) AS tags
    FROM page
    LEFT JOIN {FIGURES} kept ON kept.client_id = page.id
    LEFT JOIN {INTERVIEW} outcome ON outcome.id = kept.latest_outcome_id
    LEFT JOIN {APPLICATION} application ON application.id = outcome.application_id
    ORDER BY page.place
"""
SHOWN_FIGURES = ("applications", "interviews", "overdue", "actions", "activity")


def sort_sql(sort: str) -> tuple[str, str]:
    """The sort key over a client `c`, and the order over `k` (a client with its key)."""
    by_name = BY_NAME.format(c="k")
    if sort == "next_contact":
        return "NULL", f"k.next_contact NULLS LAST, {by_name}"
    if sort == "attention":
        return "NULL", f"k.needs_attention DESC, {by_name}"
    if sort in SHOWN_FIGURES:
        return figures_sql("c.id")[sort], f"k.sort_key DESC NULLS LAST, {by_name}"
    return "NULL", by_name


@dataclass(frozen=True, slots=True)
class LatestOutcome:
    """The client's most important outcome, as the row names it (kept per client by the
    database as the interview's id; see CaseloadFigures)."""

    interview_id: int
    outcome: str
    outcome_date: datetime.date | None
    employer: str

    @property
    def label(self) -> str:
        return Interview.Outcome(self.outcome).label


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
    shared_since: datetime.datetime | None
    applications: int = 0
    recent_interviews: int = 0
    latest_outcome: LatestOutcome | None = None
    overdue_follow_ups: int = 0
    open_actions: int = 0
    last_activity: datetime.datetime | None = None
    next_contact: datetime.date | None = None
    due_for_contact: bool = False
    needs_attention: bool = False
    tags: list[str] = field(default_factory=list)
    # Filled for the rows shown (cohorts.caseload_view): the reasons in words.
    reasons: str = ""
    upcoming: int = 0
    next_interview: datetime.datetime | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    """What the adviser asked for: the search, one of their tags, only those needing
    attention, and the order."""

    search: str = ""
    tag_id: int | None = None
    attention_only: bool = False
    sort: str = "name"


def shared_clients(adviser: User, search: str = "", tag_id: int | None = None) -> QuerySet[User]:
    """The adviser's clients now (User.objects.clients_of), each with the date they shared and
    the adviser's next-contact date, from the same consent row; matching the search and in the
    tag, when given (the tag is the adviser's own: the view found it among theirs)."""
    found = User.objects.clients_of(adviser).annotate(
        shared_since=F("adviser_accesses__granted_at"),
        next_contact=F("adviser_accesses__next_contact_on"),
    )
    if search:
        found = found.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    if tag_id is not None:
        found = found.filter(
            pk__in=ClientTagging.objects.filter(tag_id=tag_id, tag__adviser=adviser).values(
                "client_id"
            )
        )
    return found


def client_ids(adviser: User, filters: Filters) -> list[int]:
    """The ids of the clients the filters give, in no order: the page and the needs-attention
    list read the records of these clients only."""
    found = shared_clients(adviser, filters.search, filters.tag_id)
    return list(found.order_by().values_list("pk", flat=True))


def clients_sql(adviser: User, filters: Filters) -> tuple[str, list]:
    """The clients the filters give, as SQL for a WITH clause: the ORM's own query, so who counts
    as a client is decided in one place. (Not by their ids: 500 ids as an ORM `pk__in` took
    longer to compile than the page's queries took to run.)"""
    query = (
        shared_clients(adviser, filters.search, filters.tag_id)
        .values_list("pk", "display_name", "email", "shared_since", "next_contact")
        .order_by()
    )
    sql, params = query.query.sql_with_params()
    return sql, list(params)


def read_rows(
    *,
    adviser: User,
    filters: Filters,
    ids: list[int],
    now: datetime.datetime,
    today: datetime.date,
    needing_attention: list[int],
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[CaseloadRow], int]:
    """The rows of these clients in the filters' order (a page of them, given a limit), and how
    many rows there are in all (0 when the page is past the last row)."""
    if not ids:
        return [], 0
    sql, params = clients_sql(adviser, filters)
    where, where_params = "", []
    if filters.attention_only:
        where, where_params = "WHERE c.id = ANY(%s)", [needing_attention]
    limit_sql, limit_params = "", []
    if limit is not None:
        limit_sql, limit_params = "LIMIT %s OFFSET %s", [limit, offset]
    sort_key, order = sort_sql(filters.sort)
    shown = figures_sql("page.id")
    statement = ROWS_SQL.format(
        clients=sql,
        sort_key=sort_key,
        where=where,
        order=order,
        limit=limit_sql,
        figures=", ".join(shown[figure] for figure in SHOWN_FIGURES),
    )
    sort_params = figure_params(filters.sort, now, today) if filters.sort in SHOWN_FIGURES else []
    with connection_for_reading(User).cursor() as cursor:
        cursor.execute(
            statement,
            [
                *params,
                needing_attention,
                *sort_params,
                *where_params,
                *limit_params,
                *(p for figure in SHOWN_FIGURES for p in figure_params(figure, now, today)),
                adviser.pk,
            ],
        )
        found = cursor.fetchall()
    rows = [
        CaseloadRow(
            client=CaseloadClient(pk, display_name, email),
            shared_since=shared_since,
            applications=applications,
            recent_interviews=recent,
            overdue_follow_ups=overdue,
            open_actions=open_actions,
            last_activity=last_activity,
            next_contact=next_contact,
            due_for_contact=next_contact is not None and next_contact <= today,
            latest_outcome=(
                LatestOutcome(outcome_id, outcome, outcome_date, employer)
                if outcome_id is not None
                else None
            ),
            needs_attention=needs_attention,
            tags=tags or [],
        )
        for (
            pk,
            display_name,
            email,
            shared_since,
            next_contact,
            applications,
            recent,
            overdue,
            open_actions,
            last_activity,
            needs_attention,
            _,
            outcome_id,
            outcome,
            outcome_date,
            employer,
            tags,
        ) in found
    ]
    return rows, (found[0][11] if found else 0)


def page_number(asked: str | None) -> int:
    return int(asked) if asked and asked.isascii() and asked.isdigit() and int(asked) > 0 else 1


def caseload_page(
    *,
    adviser: User,
    filters: Filters,
    ids: list[int],
    now: datetime.datetime,
    today: datetime.date,
    needing_attention: list[int],
    asked_page: str | None,
) -> Page:
    """The asked page of the caseload (the last one when asked past it, as Paginator.get_page
    does: then one more query, only then), its rows with the total the database counted."""
    number = page_number(asked_page)
    rows, total = read_rows(
        adviser=adviser,
        filters=filters,
        ids=ids,
        now=now,
        today=today,
        needing_attention=needing_attention,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    if not rows and number > 1:
        shown = needing_attention if filters.attention_only else ids
        last = -(-len(shown) // PAGE_SIZE)
        return caseload_page(
            adviser=adviser,
            filters=filters,
            ids=ids,
            now=now,
            today=today,
            needing_attention=needing_attention,
            asked_page=str(max(1, last)),
        )
    # The paginator counts nothing: the total came with the rows.
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.page(number) if total else paginator.page(1)
    page.object_list = rows
    return page
