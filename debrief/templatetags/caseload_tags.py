"""Date filters for long tables: the same text as Django's `date` filter for the two formats the
caseload uses, without building a DateFormat per call (a 25-row caseload formats about a hundred
dates). tests/test_caseload_date_filters.py holds them equal to `date`."""

import datetime

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.filter(expects_localtime=True, is_safe=True)
def day_month_year(value: datetime.date | None) -> str:
    """`|date:"j M Y"`: '3 Dec 2026'."""
    if not value:
        return ""
    return f"{value.day} {MONTHS_3[value.month].title()} {value.year:04d}"


@register.filter(expects_localtime=True, is_safe=True)
def iso_moment(value: datetime.datetime | None) -> str:
    """`|date:'Y-m-d\\TH:i:sO'` of an aware moment, in the current time zone."""
    if not value:
        return ""
    if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
        # A wall time that happens twice (clocks going back): `date` leaves the offset out.
        return dateformat.format(value, r"Y-m-d\TH:i:sO")
    offset = value.utcoffset() or datetime.timedelta()
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{value:%Y-%m-%dT%H:%M:%S}{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"


@register.filter
def of_client(mapping: dict, pk: int):
    """`view.signals|of_client:row.client.pk`: what the caseload's view keeps for one client."""
    return mapping.get(pk)


# The caseload's rows and its needs-attention list, written in Python: the template took a
# node, a variable look-up and often a {% url %} or {% blocktranslate %} for every cell of 25
# rows, the largest part of the page's time. Every text is still gettext's (the same messages as
# the template's, so the Welsh catalogue reads them), every value escaped.
ROW = (
    "<tr>"
    '<td><input class="form-check-input" type="checkbox" name="clients" value="{pk}"'
    ' id="choose-{pk}"><label class="visually-hidden" for="choose-{pk}">{choose}</label></td>'
    '<td><a href="{href}">{name}</a> <br><span class="small text-body-secondary">{email}</span>'
    " {tags} {attention}</td>"
    "<td>{next_contact}</td>"
    '<td class="text-end">{applications}</td>'
    '<td class="text-end">{interviews}</td>'
    "<td>{upcoming}</td>"
    "<td>{outcome}</td>"
    '<td class="text-end">{overdue}</td>'
    '<td class="text-end">{actions}</td>'
    "<td>{activity}</td>"
    "</tr>"
)
ATTENTION_ITEM = '<li class="mb-2"><a href="{href}">{name}</a>: {reasons}</li>'
PLACEHOLDER = 999_999_999


def client_links() -> tuple[str, str]:
    """What comes before and after a client's id in the link to their record: one reverse()
    for the page, not one per row."""
    before, after = reverse("debrief:adviser-dashboard", args=[PLACEHOLDER]).split(str(PLACEHOLDER))
    return before, after


def quiet(text: str) -> str:
    return f'<span class="text-body-secondary">{text}</span>'


def status_badge(value: str, label: str | int) -> str:
    """includes/status_badge.html, for the rows written in Python (here and dashboard_rows)."""
    return (
        f'<span class="badge badge-status status-{conditional_escape(value)}">'
        f"{conditional_escape(label)}</span>"
    )


@register.simple_tag
def caseload_rows(rows: list) -> SafeString:
    """The table's rows, as the template wrote them."""
    before, after = client_links()
    choose = _("Choose %(name)s")
    tagged = _("Tags: %(tags)s")
    needs_attention = f"<br>{status_badge('overdue', _('Needs attention'))}"
    due = status_badge("overdue", _("Due for contact"))
    not_set = quiet(_("Not set"))
    next_interviews = _('%(upcoming)s: next <time datetime="%(moment)s">%(day)s</time>')
    no_interviews = quiet(pgettext("no upcoming interviews", "None"))
    no_outcome = quiet(pgettext("no interview outcome", "None yet"))
    no_activity = quiet(pgettext("no activity", "None yet"))
    written = []
    for row in rows:
        client = row.client
        name = escape(client.display_name)
        if row.next_contact:
            next_contact = (
                f'{due if row.due_for_contact else ""} <time class="small d-block"'
                f' datetime="{row.next_contact.isoformat()}">'
                f"{day_month_year(row.next_contact)}</time>"
            )
        else:
            next_contact = not_set
        if row.upcoming:
            moment = localtime(row.next_interview)
            upcoming = next_interviews % {
                "upcoming": row.upcoming,
                "moment": iso_moment(moment),
                "day": day_month_year(moment),
            }
        else:
            upcoming = no_interviews
        if outcome := row.latest_outcome:
            when = f", {day_month_year(outcome.outcome_date)}" if outcome.outcome_date else ""
            outcome_cell = (
                f" {status_badge(outcome.outcome, outcome.label)}"
                f' <span class="small d-block">{escape(outcome.employer)}{when}</span> '
            )
        else:
            outcome_cell = no_outcome
        if row.last_activity:
            moment = localtime(row.last_activity)
            activity = f'<time datetime="{iso_moment(moment)}">{day_month_year(moment)}</time>'
        else:
            activity = no_activity
        written.append(
            ROW.format(
                pk=client.pk,
                choose=choose % {"name": name},
                href=f"{before}{client.pk}{after}",
                name=name,
                email=escape(client.email),
                tags=(
                    f'<br><span class="small">'
                    f"{tagged % {'tags': ', '.join(escape(tag) for tag in row.tags)}}</span>"
                    if row.tags
                    else ""
                ),
                attention=needs_attention if row.needs_attention else "",
                next_contact=next_contact,
                applications=row.applications,
                interviews=row.recent_interviews,
                upcoming=upcoming,
                outcome=outcome_cell,
                overdue=(
                    status_badge("overdue", row.overdue_follow_ups)
                    if row.overdue_follow_ups
                    else "0"
                ),
                actions=row.open_actions,
                activity=activity,
            )
        )
    return SafeString("".join(written))


@register.simple_tag
def attention_items(rows: list) -> SafeString:
    """The needs-attention list's items: each client, linked, and the reasons in words."""
    before, after = client_links()
    return SafeString(
        "".join(
            ATTENTION_ITEM.format(
                href=f"{before}{row.client.pk}{after}",
                name=escape(row.client.display_name),
                reasons=escape(row.reasons),
            )
            for row in rows
        )
    )
