"""The dashboard's repeated rows, written in Python: the patterns and the actions they led to, the
rating trends, the interviews coming up and those without a debrief, the follow-ups due, the open
actions, the STAR, reason, reading and status rows, and the silence question (also on each item's
own page).

The first visit after a change writes every panel (services/dashboard.py), and these rows were
half its template time: each row's words translated, its links reversed and each value escaped
through the template engine, a dozen nodes per row. Here each sentence is translated once per
panel, each word a person typed is escaped once, and the rest is plain text; the markup and the
messages to translate are the ones the templates had (the same msgids: the Welsh catalogue
applies unchanged). The panels around them are dashboard_cards.py's and dashboard_page.py's.
Each writer takes the context for `record_client`: an adviser's read-only view of a client words
and links the same rows for the adviser. `silence_question` is also a tag (includes/silence.html).
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from debrief.csrf_slot import csrf_input
from debrief.reversing import reverse_remembered
from debrief.templatetags.caseload_tags import iso_moment, status_badge
from debrief.templatetags.charts import bar, sparkline
from debrief.templatetags.debrief_tags import client_name, record_url, short_date

register = template.Library()


def translated(message: str) -> str:
    """A message without placeholders, translated, as `{% translate "…" %}` writes it: a literal
    in a template is trusted, and so is its translation (it may hold an apostrophe or markup)."""
    return gettext(message)


def pattern_items(context, patterns) -> str:
    """The patterns panel's list items: each pattern, how many rejections share it, whether
    it is within the person's control, and what they did about it."""
    own = context.get("record_client") is None
    within_words = translated("within your control")
    outside_words = translated("outside your control: business, not personal")
    did_words = translated("What you did about it:")
    done_word = escape(pgettext("action", "done"))
    open_word = escape(pgettext("action", "open"))
    parts = []
    for pattern in patterns:
        label = escape(pattern.label)
        heading = ngettext(
            "<strong>%(label)s</strong>: %(counter)s rejection",
            "<strong>%(label)s</strong>: %(counter)s rejections",
            pattern.rejections,
        ) % {"label": label, "counter": pattern.rejections}
        control = within_words if pattern.within_my_control else outside_words
        parts.append(
            f'<li class="mb-3"><p class="mb-1">{heading} <span class="small">({control})</span></p>'
        )
        if pattern.actions:
            parts.append(f'<p class="small mb-1">{did_words}</p><ul class="mb-0">')
            for action in pattern.actions:
                text = escape(action.text)
                if own:
                    href = reverse_remembered("debrief:action-edit", [action.pk])
                    text = f'<a href="{href}">{text}</a>'
                state = done_word if action.done else open_word
                parts.append(f'<li>{text} <span class="small">({state})</span></li>')
            parts.append("</ul>")
            if pattern.more_actions:
                if own:
                    more = gettext(
                        'And earlier ones: all your actions<span class="visually-hidden"> '
                        "(%(label)s)</span>"
                    ) % {"label": label}
                    href = reverse_remembered("debrief:action-list")
                    more = f'<a href="{href}">{more}</a>'
                else:
                    more = translated("And earlier ones.")
                parts.append(f'<p class="small mb-0">{more}</p>')
        elif pattern.within_my_control:
            offer = ""
            if own:
                href = reverse_remembered("debrief:action-new")
                turn = translated("Turn it into an action")
                offer = (
                    f' <a href="{href}?feedback={pattern.latest_request}">{turn}'
                    f'<span class="visually-hidden">: {label}</span></a>'
                )
            no_action = translated("No action yet.")
            parts.append(f'<p class="small mb-0">{no_action}{offer}</p>')
        parts.append("</li>")
    return mark_safe("".join(parts))


def trend_rows(trends) -> str:
    """The rating trends panel's first table: each rating's line, latest value and average."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="fw-normal">{escape(trend.label)}</th>'
            f"<td>{sparkline(trend.values, trend.label)}</td>"
            f'<td class="text-end">{trend.latest}</td>'
            f'<td class="text-end">{floatformat(trend.average, 1)}</td></tr>'
            for trend in trends
        )
    )


def trend_by_interview(context, rating_trends) -> str:
    """The rating trends panel's second table, its head and body: each rating at each interview."""
    heads = "".join(
        f'<th scope="col" class="text-end">'
        f'<a href="{record_url(context, "interview-detail", interview["pk"])}">'
        f"{escape(interview['employer'])}</a> "
        f'<span class="small fw-normal">{short_date(interview["when"])}</span></th>'
        for interview in rating_trends["interviews"]
    )
    rows = "".join(
        f'<tr><th scope="row" class="fw-normal">{escape(trend.label)}</th>'
        + "".join(f'<td class="text-end">{value}</td>' for value in trend.values)
        + "</tr>"
        for trend in rating_trends["trends"]
    )
    area = translated("Area")
    return mark_safe(
        f'<thead><tr><th scope="col">{area}</th>{heads}</tr></thead><tbody>{rows}</tbody>'
    )


def upcoming_items(context, interviews) -> str:
    """The list items of the interviews coming up: each interview, when, and its preparation
    sheet."""
    if context.get("record_client") is None:
        prepare = gettext('Prepare<span class="visually-hidden"> for %(employer)s</span>')
    else:
        prepare = gettext('Preparation sheet<span class="visually-hidden"> for %(employer)s</span>')
    parts = []
    for interview in interviews:
        employer = escape(interview.employer)
        when = timezone.localtime(interview.scheduled_at)
        parts.append(
            '<li class="mb-2">'
            f'<a href="{record_url(context, "interview-detail", interview.pk)}">'
            f"{employer} — {escape(interview.stage_label)}</a><br>\n"
            f'<span class="small"><time datetime="{iso_moment(when)}">'
            f"{short_date(when, 'weekday')}, {when:%H:%M}</time>"
            f" · {escape(interview.role_title)}</span>\n<br>"
            f'<a class="small" href="{record_url(context, "interview-prepare", interview.pk)}">'
            f"{prepare % {'employer': employer}}</a></li>"
        )
    return mark_safe("".join(parts))


# The words of the silence question: each kind's, with the number of days.
SILENCE_DAYS = {
    "feedback": lambda days: ngettext(
        "no answer since you last wrote, %(days)s day ago.",
        "no answer since you last wrote, %(days)s days ago.",
        days,
    ),
    "interview": lambda days: ngettext(
        "no outcome since the interview, %(days)s day ago.",
        "no outcome since the interview, %(days)s days ago.",
        days,
    ),
    "application": lambda days: ngettext(
        "no news since you applied, %(days)s day ago.",
        "no news since you applied, %(days)s days ago.",
        days,
    ),
}


@register.simple_tag(takes_context=True)
def silence_question(context, silence) -> str:
    """ "No reply — close this one?" about one item (services/silence.Silence), with its two
    buttons: on the dashboard, once per item asked about, and on the item's own page."""
    request = context.get("request")
    here = escape(request.get_full_path()) if request is not None else ""
    csrf = csrf_input(context)
    waited = SILENCE_DAYS.get(silence.kind, SILENCE_DAYS["application"])(silence.days)
    waited %= {"days": silence.days}
    if silence.employer:
        employer = escape(silence.employer)
        what = gettext("%(role)s at %(employer)s") % {
            "role": escape(silence.role_title),
            "employer": employer,
        }
        waited = f"<strong>{what}</strong>: {waited}"
        close = gettext('Close it: no response<span class="visually-hidden"> (%(employer)s)</span>')
        wait = gettext('Keep waiting<span class="visually-hidden"> (%(employer)s)</span>')
        close, wait = close % {"employer": employer}, wait % {"employer": employer}
    else:
        close = gettext('Close it: no response<span class="visually-hidden"> (this one)</span>')
        wait = gettext('Keep waiting<span class="visually-hidden"> (this one)</span>')
    not_you = gettext(
        "Many employers never reply: that is about their process, not about you. Closing it "
        "records “no response”, counted as an employer who never answered — never as a "
        "rejection."
    )
    forms = "".join(
        f'<form method="post" action="'
        f'{reverse_remembered(f"debrief:silence-{silence.kind}-{verb}", [silence.pk])}">{csrf}'
        f'<input type="hidden" name="next" value="{here}">'
        f'<button type="submit" class="btn {style}">{label}</button></form>'
        for verb, style, label in (
            ("close", "btn-primary", close),
            ("wait", "btn-outline-secondary", wait),
        )
    )
    question = silence.question_id
    title = translated("No reply — close this one?")
    return mark_safe(
        '<div class="card border-secondary-subtle mb-3 silence-question" role="group" '
        f'aria-labelledby="{question}-title"><div class="card-body">'
        f'<h2 class="h5" id="{question}-title">{title}</h2>'
        f'<p class="prose mb-2">{waited} {not_you}</p>'
        f'<div class="d-flex flex-wrap gap-2">{forms}</div></div></div>'
    )


def undebriefed_items(context, interviews) -> str:
    """The list items of the interviews without a debrief: each past interview, and for the job
    seeker, the debrief to write and "They said no" while no outcome is recorded."""
    own = context.get("record_client") is None
    write = gettext('Write the debrief<span class="visually-hidden"> for %(employer)s</span>')
    said_no = translated("They said no")
    parts = []
    for interview in interviews:
        employer = escape(interview.employer)
        item = (
            '<li class="mb-2">'
            f'<a href="{record_url(context, "interview-detail", interview.pk)}">'
            f"{employer} — {escape(interview.stage_label)}</a>\n"
            f'<span class="small">{short_date(interview.scheduled_at)}</span>\n'
        )
        if own:
            edit = reverse_remembered("debrief:debrief-edit", [interview.pk])
            item += f'<br><a class="small" href="{edit}">{write % {"employer": employer}}</a>'
            if interview.outcome == "awaiting":
                decision = reverse_remembered(
                    "debrief:application-decision", [interview.application_pk, "turned-down"]
                )
                item += (
                    f' · <a class="small" href="{decision}?interview={interview.pk}">{said_no}'
                    f'<span class="visually-hidden"> ({employer})</span></a>'
                )
        parts.append(item + "</li>")
    return mark_safe("".join(parts))


def open_action_items(context, actions) -> str:
    """The open actions panel's list items: each open action, its area and when it is due."""
    today = context.get("today")
    overdue = status_badge("overdue", gettext("Overdue"))
    parts = []
    for action in actions:
        when = ""
        if action.due_date:
            day = short_date(action.due_date)
            if today and action.due_date < today:
                when = f" · {overdue} " + gettext("was due %(day)s") % {"day": day}
            else:
                when = " · " + gettext("due %(day)s") % {"day": day}
        parts.append(
            f'<li class="mb-2">{escape(action.text)}\n'
            f'<span class="small d-block">{escape(action.area_label)}{when}</span></li>'
        )
    return mark_safe("".join(parts))


def follow_up_items(context, requests) -> str:
    """The follow-ups due panel's list items: each feedback request to follow up, overdue or
    due soon."""
    overdue = status_badge("overdue", gettext("Overdue"))
    parts = []
    for request in requests:
        if request.overdue:
            day = short_date(request.follow_up_due)
            when = f"{overdue}\n" + (
                f'<span class="small">{gettext("since %(day)s") % {"day": day}}</span>'
            )
        else:
            day = short_date(request.follow_up_due, "weekday")
            when = f'<span class="small">{gettext("due %(day)s") % {"day": day}}</span>'
        parts.append(
            '<li class="mb-2">'
            f'<a href="{record_url(context, "feedback-detail", request.pk)}">'
            f"{escape(request.employer)}</a>\n{when}</li>"
        )
    return mark_safe("".join(parts))


def star_rows(context, coverage) -> str:
    """The STAR panel's rows: each competency, how many answers, the best one's strength
    and how often one was used in an interview; a gap offers to write one."""
    own = context.get("record_client") is None
    star_list = record_url(context, "star-list")
    star_new = reverse_remembered("debrief:star-new")
    no_answer = translated("No answer yet")
    write = gettext('Write one<span class="visually-hidden"> for %(label)s</span>')
    parts = []
    for item in coverage:
        label = escape(item.label)
        row = (
            f'<tr><th scope="row" class="fw-normal">'
            f'<a href="{star_list}?competency={escape(item.value)}">{label}</a></th>'
        )
        if item.is_gap:
            offer = (
                f' · <a href="{star_new}?competency={escape(item.value)}">'
                f"{write % {'label': label}}</a>"
                if own
                else ""
            )
            row += (
                f'<td colspan="2" class="text-end"><span class="gap">{no_answer}</span>{offer}</td>'
            )
        else:
            if item.strongest is not None and item.strongest <= 2:
                best = gettext("%(strongest)s/5, weak") % {"strongest": item.strongest}
                best = f'<span class="gap">{best}</span>'
            else:
                best = f"{item.strongest}/5"
            row += f'<td class="text-end">{item.answers}</td><td class="text-end">{best}</td>'
        parts.append(f'{row}<td class="text-end">{item.times_asked}</td></tr>')
    return mark_safe("".join(parts))


def reason_rows(reasons, largest: int, variant: str = "") -> str:
    """The reasons panel's rows of one table: each reason, how often, and its bar."""
    if not reasons:
        none = translated("None so far.")
        return mark_safe(f'<tr><td colspan="3">{none}</td></tr>')
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="fw-normal">{escape(reason.label)}</th>'
            f'<td class="text-end">{reason.count}</td>'
            f"<td>{bar(reason.count, largest, variant)}</td></tr>"
            for reason in reasons
        )
    )


def reading_rows(context, differences) -> str:
    """The reading panel's rows: each reason, how often the employer said it unexpected,
    how often the person feared it and it went unsaid, and how often both agreed."""
    if context.get("record_client") is None:
        outside = translated("(outside your control)")
    else:
        outside = escape(
            gettext("(outside %(client)s’s control)") % {"client": client_name(context)}
        )
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="fw-normal">{escape(difference.label)}'
            + ("" if difference.within_my_control else f' <span class="small">{outside}</span>')
            + f'</th><td class="text-end">{difference.unexpected}</td>'
            f'<td class="text-end">{difference.feared}</td>'
            f'<td class="text-end">{difference.agreed}</td></tr>'
            for difference in differences
        )
    )


def status_rows(context, statuses, total: int) -> str:
    """The status panel's rows: each status, its applications (a link to them) and a bar."""
    applications = record_url(context, "application-list")
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="fw-normal">'
            f'<a href="{applications}?status={escape(status.value)}">{escape(status.label)}</a>'
            f'</th><td class="text-end">{status.count}</td><td>{bar(status.count, total)}</td></tr>'
            for status in statuses
        )
    )
