"""An adviser's caseload: one row per client whose consent is active, a page at a time.

Each client's figures are kept by the database on every write to their record: the counts in
DashboardCount (applications, open actions, follow-ups by the day they are due, summed up to
today), the latest changes and the outcome to name in CaseloadFigures. The search, the tag, who
needs attention, the sort and the page are all PostgreSQL's, in one statement that also counts
the rows and reads the figures of the rows shown and the first clients needing attention: Python
reads 25 rows and the list (reading and sorting 500 rows in Python took longer than the query
that found them; passing the clients' ids and then those needing attention back to the database,
four statements, cost more than the work they did). Every sort order is over the whole caseload,
not one page of it. Which clients need attention is services/needs_attention.py's SQL, over the
whole (filtered) caseload. A fixed number of queries however many clients there are.
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
from debrief.services.needs_attention import changes_sql, flagged_sql, signals_sql

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
    }


def figure_params(figure: str, now: datetime.datetime, today: datetime.date) -> list:
    # "Overdue" is a follow-up day before today, kept as an ISO date: follow_ups_overdue().
    return {
        "interviews": [now - RECENT_INTERVIEWS, now],
        "overdue": [today.isoformat()],
    }.get(figure, [])


# The page in one statement. `known` is each client the filters give with their last activity and
# most important outcome (kept figures); `flagged` those needing attention (services/
# needs_attention.py). `page` sorts the clients and cuts the page: a sort by a figure works it
# out for every client (an index lookup each), the others need none. Then the figures, the most
# important outcome and the tags are read for the page's rows only; beside them, the first
# clients needing attention by name (the list), one row of counts, and for the clients shown (the
# page and the list) each reason's count and first moment, a row each. The counts row also
# carries, when asked, the first moment after now at which a figure changes with time alone
# (needs_attention.changes_sql): until when the page is kept (services/caseload_body.py). Every
# read of the clients' records goes along the owner indexes: joined to the clients as a set, the
# planner guessed one client and read every interview of the service (3 s at 500 of 5,000
# clients).
PAGE, ATTENTION, COUNTS_ROW, SIGNAL = 0, 1, 2, 3
ROWS_SQL = f"""
    WITH clients (id, display_name, email, shared_since, next_contact) AS MATERIALIZED
        ({{clients}}),
    known AS MATERIALIZED (
        SELECT c.*, {LAST_ACTIVITY} AS last_activity, f.latest_outcome_id
        FROM clients c LEFT JOIN {FIGURES} f ON f.client_id = c.id
    ),
    flagged AS ({{flagged}}),
    marked AS MATERIALIZED (
        SELECT known.*, flagged.id IS NOT NULL AS needs_attention
        FROM known LEFT JOIN flagged USING (id)
    ),
    page AS (
        SELECT k.*, row_number() OVER (ORDER BY {{order}}) AS place
        FROM (SELECT m.*, {{sort_key}} AS sort_key FROM marked m {{where}}) k
        ORDER BY place
        {{limit}}
    ),
    attention AS (
        SELECT m.*, row_number() OVER (ORDER BY {BY_NAME.format(c="m")}) AS place
        FROM marked m WHERE m.needs_attention
        ORDER BY place
        LIMIT %s
    ),
    shown AS (SELECT id FROM page UNION SELECT id FROM attention),
    signal (id, kind, count, first) AS ({{signals}})
    SELECT {PAGE}, page.place, page.id, page.display_name, page.email, page.shared_since,
           page.next_contact, {{figures}}, page.last_activity, page.needs_attention,
           outcome.id, outcome.outcome, outcome.outcome_date, application.employer,
           (SELECT array_agg(tag.name ORDER BY lower(tag.name))
            FROM {TAGGING} tagging JOIN {TAG} tag ON tag.id = tagging.tag_id
            WHERE tagging.client_id = page.id AND tag.adviser_id = %s)
    FROM page
    LEFT JOIN {INTERVIEW} outcome ON outcome.id = page.latest_outcome_id
    LEFT JOIN {APPLICATION} application ON application.id = outcome.application_id
    UNION ALL
    SELECT {ATTENTION}, place, id, display_name, email, shared_since, NULL, NULL, NULL, NULL,
           NULL, last_activity, true, NULL, NULL, NULL, NULL, NULL
    FROM attention
    UNION ALL
    SELECT {COUNTS_ROW}, 0, NULL, NULL, NULL, NULL, NULL, (SELECT count(*) FROM clients),
           (SELECT count(*) FROM flagged), NULL, NULL, ({{changes}}), NULL, NULL, NULL, NULL, NULL,
           NULL
    UNION ALL
    SELECT {SIGNAL}, 0, id, kind, NULL, NULL, NULL, count, NULL, NULL, NULL, first, NULL, NULL,
           NULL, NULL, NULL, NULL
    FROM signal
    ORDER BY 1, 2
"""
SHOWN_FIGURES = ("applications", "interviews", "overdue", "actions")


def sort_sql(sort: str) -> tuple[str, str]:
    """The sort key over a client `m` (with their last activity and whether they need
    attention), and the order over `k` (a client with its key)."""
    by_name = BY_NAME.format(c="k")
    if sort == "next_contact":
        return "NULL", f"k.next_contact NULLS LAST, {by_name}"
    if sort == "attention":
        return "NULL", f"k.needs_attention DESC, {by_name}"
    if sort == "activity":
        return "NULL", f"k.last_activity DESC NULLS LAST, {by_name}"
    if sort in SHOWN_FIGURES:
        return figures_sql("m.id")[sort], f"k.sort_key DESC NULLS LAST, {by_name}"
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


@dataclass(frozen=True, slots=True)
class CaseloadRead:
    """What one read of the caseload gives: the rows asked for (a page, or every row), the first
    clients needing attention by name (the list, with what it shows of them), how many clients
    the search and the tag give, how many of them need attention, and what needs attention of
    each client shown."""

    rows: list[CaseloadRow]
    attention: list[CaseloadRow]
    clients: int
    needing_attention: int
    # For each client shown, each reason's count and first moment (needs_attention.signals).
    found: dict[int, dict[str, tuple[int, datetime.datetime]]]
    # When asked for: the first moment after now at which a figure shown changes with time
    # alone (None: no such moment).
    changes_at: datetime.datetime | None = None

    def total(self, filters: Filters) -> int:
        """How many rows there are in all."""
        return self.needing_attention if filters.attention_only else self.clients


def read_rows(
    *,
    adviser: User,
    filters: Filters,
    now: datetime.datetime,
    today: datetime.date,
    limit: int | None = None,
    offset: int = 0,
    attention_shown: int = 0,
    with_changes: bool = False,
) -> CaseloadRead:
    """The rows of the clients the filters give, in the filters' order (a page of them, given a
    limit), the first `attention_shown` of those needing attention, the counts, what needs
    attention of each client shown, and, `with_changes`, when a figure next changes with time
    alone: one statement."""
    sql, params = clients_sql(adviser, filters)
    flagged, flagged_params = flagged_sql(adviser=adviser, now=now, today=today)
    signals, signals_params = signals_sql(
        adviser=adviser, now=now, today=today, shown="ARRAY(SELECT id FROM shown)"
    )
    changes, changes_params = "NULL", []
    if with_changes:
        changes, changes_params = changes_sql(adviser=adviser, now=now, recent=RECENT_INTERVIEWS)
    where = "WHERE m.needs_attention" if filters.attention_only else ""
    limit_sql, limit_params = "", []
    if limit is not None:
        limit_sql, limit_params = "LIMIT %s OFFSET %s", [limit, offset]
    sort_key, order = sort_sql(filters.sort)
    shown = figures_sql("page.id")
    statement = ROWS_SQL.format(
        clients=sql,
        flagged=flagged,
        signals=signals,
        sort_key=sort_key,
        where=where,
        order=order,
        limit=limit_sql,
        figures=", ".join(shown[figure] for figure in SHOWN_FIGURES),
        changes=changes,
    )
    sort_params = figure_params(filters.sort, now, today) if filters.sort in SHOWN_FIGURES else []
    with connection_for_reading(User).cursor() as cursor:
        cursor.execute(
            statement,
            [
                *params,
                *flagged_params,
                *sort_params,
                *limit_params,
                attention_shown,
                *signals_params,
                *(p for figure in SHOWN_FIGURES for p in figure_params(figure, now, today)),
                adviser.pk,
                *changes_params,
            ],
        )
        read = cursor.fetchall()
    rows, attention = [], []
    clients = needing_attention = 0
    changes_at = None
    found: dict[int, dict[str, tuple[int, datetime.datetime]]] = {}
    for (
        part,
        _place,
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
        outcome_id,
        outcome,
        outcome_date,
        employer,
        tags,
    ) in read:
        if part == PAGE:
            rows.append(
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
            )
        elif part == ATTENTION:
            attention.append(
                CaseloadRow(
                    client=CaseloadClient(pk, display_name, email),
                    shared_since=shared_since,
                    last_activity=last_activity,
                    needs_attention=True,
                )
            )
        elif part == COUNTS_ROW:
            # The counts row carries its two counts in the first two figures' columns and the
            # next change in the last activity's.
            clients, needing_attention = int(applications), int(recent)
            changes_at = last_activity
        else:
            # A reason's row: its name in the name's column, its count and first moment in
            # the first figure's and the last activity's.
            found.setdefault(pk, {})[display_name] = (int(applications), last_activity)
    return CaseloadRead(rows, attention, clients, needing_attention, found, changes_at)


def page_number(asked: str | None) -> int:
    return int(asked) if asked and asked.isascii() and asked.isdigit() and int(asked) > 0 else 1


def caseload_page(
    *,
    adviser: User,
    filters: Filters,
    now: datetime.datetime,
    today: datetime.date,
    asked_page: str | None,
    attention_shown: int,
) -> tuple[Page, CaseloadRead]:
    """The asked page of the caseload (the last one when asked past it, as Paginator.get_page
    does: then one more query, only then), with what the read gave beside it, the moment a figure
    next changes with time alone included (the page is cached until then)."""
    number = page_number(asked_page)
    read = read_rows(
        adviser=adviser,
        filters=filters,
        now=now,
        today=today,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
        attention_shown=attention_shown,
        with_changes=True,
    )
    total = read.total(filters)
    if not read.rows and number > 1 and total:
        return caseload_page(
            adviser=adviser,
            filters=filters,
            now=now,
            today=today,
            asked_page=str(-(-total // PAGE_SIZE)),
            attention_shown=attention_shown,
        )
    # The paginator counts nothing: the database counted the rows.
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.page(number) if total else paginator.page(1)
    page.object_list = read.rows
    return page, read
