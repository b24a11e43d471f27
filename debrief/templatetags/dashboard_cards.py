"""The dashboard's panels cached with the figures (services.dashboard.CACHED_PANELS), written in
Python: each card's heading, sentences and tables around the rows of dashboard_rows.py. The page
that holds them, and the panels written on every visit, are dashboard_page.py's.

The first visit after a change writes every panel (services/dashboard.py), and the templates were
most of its time: a few hundred nodes, each sentence's translation looked up through the template
engine. The markup and the messages are the templates' own (the same msgids, so the Welsh
catalogue applies unchanged): `translated_with` and `translated_count` write what
`{% blocktranslate trimmed %}` wrote, dashboard_rows' `translated` what `{% translate "…" %}`
wrote, and no message is translated inside an f-string's braces (xgettext would not find it).
Each writer takes the context (a template Context, or the figures' dict for the cached panels)
and reads `record_client` from it: an adviser's read-only view of a client words and links the
same panels for the adviser, as the templates did.
"""

from django.utils.html import conditional_escape
from django.utils.translation import gettext, ngettext

from debrief.reversing import reverse_remembered
from debrief.templatetags.charts import bar
from debrief.templatetags.dashboard_rows import (
    follow_up_items,
    open_action_items,
    pattern_items,
    reading_rows,
    reason_rows,
    star_rows,
    status_rows,
    translated,
    trend_by_interview,
    trend_rows,
)
from debrief.templatetags.debrief_tags import record_url, you


def translated_with(message: str, **values) -> str:
    """A message as `{% blocktranslate trimmed with … %}` writes it: translated, its values
    escaped, the message itself not (it may hold markup)."""
    return gettext(message) % {name: conditional_escape(value) for name, value in values.items()}


def translated_count(singular: str, plural: str, counter: int, **values) -> str:
    """As `{% blocktranslate trimmed count counter=… %}` writes it."""
    values = {name: conditional_escape(value) for name, value in values.items()}
    return ngettext(singular, plural, counter) % {"counter": counter, **values}


def small_link(href: str, text: str) -> str:
    return f'<a class="small" href="{href}">{text}</a>'


def card(name: str, heading: str, body: str) -> str:
    return (
        f'<section class="card card-panel" aria-labelledby="{name}-heading">'
        f'<div class="card-body"><h2 id="{name}-heading" class="h5">{heading}</h2>'
        f"{body}</div></section>"
    )


def table_head(*columns: tuple[str, str]) -> str:
    """A table's head row: (words, class) for each column."""
    cells = "".join(
        f'<th scope="col" class="{css}">{label}</th>' if css else f'<th scope="col">{label}</th>'
        for label, css in columns
    )
    return f"<thead><tr>{cells}</tr></thead>"


def share_column(css: str) -> tuple[str, str]:
    share = translated("Share")
    return f'<span class="visually-hidden">{share}</span>', css


def reader(context) -> tuple[bool, str]:
    """Whether the record is the reader's own, and the client's name otherwise (`{% you %}`)."""
    return context.get("record_client") is None, you(context)


def trend_card(context) -> str:
    own, client = reader(context)
    trends = context.get("rating_trends")
    if own:
        heading = translated_with("How your self-assessment is changing")
    else:
        heading = translated_with("How %(client)s’s self-assessment is changing", client=client)
    interviews = trends["interviews"]
    if not interviews:
        body = '<p class="mb-0">{}</p>'.format(
            translated_with(
                "After each interview, rate yourself in a debrief: how you answered, used STAR, "
                "came across, showed your suitability and enthusiasm, and managed nerves. The "
                "trend shows here."
            )
        )
        return card("trend", heading, body)
    if own:
        over = translated_count(
            "Ratings from 1 to 5 over your last %(counter)s debrief, oldest to newest; the "
            "average is over all %(total)s.",
            "Ratings from 1 to 5 over your last %(counter)s debriefs, oldest to newest; the "
            "average is over all %(total)s.",
            len(interviews),
            total=trends["total"],
        )
        caption = translated_with(
            "Each self-assessment rating over your last debriefs, its latest value and its average"
        )
        by_interview = translated_with("Each rating at each of your last debriefs")
    else:
        over = translated_count(
            "Ratings from 1 to 5 over %(client)s’s last %(counter)s debrief, oldest to newest; "
            "the average is over all %(total)s.",
            "Ratings from 1 to 5 over %(client)s’s last %(counter)s debriefs, oldest to newest; "
            "the average is over all %(total)s.",
            len(interviews),
            client=client,
            total=trends["total"],
        )
        caption = translated_with(
            "Each self-assessment rating over %(client)s’s last debriefs, its latest value and "
            "its average",
            client=client,
        )
        by_interview = translated_with(
            "Each rating at each of %(client)s’s last debriefs", client=client
        )
    over_all, average = translated("Average over all your debriefs"), translated("Avg.")
    summary = translated("The ratings interview by interview")
    head = table_head(
        (translated("Area"), ""),
        (translated("Trend"), ""),
        (translated("Latest"), "text-end"),
        (f'<abbr title="{over_all}">{average}</abbr>', "text-end"),
    )
    body = (
        f'<p class="small mb-1">{over}</p>'
        '<div class="table-responsive"><table class="table table-sm align-middle mb-2">'
        f'<caption class="visually-hidden">{caption}</caption>{head}'
        f"<tbody>{trend_rows(trends['trends'])}</tbody></table></div>"
        f"<details><summary>{summary}</summary>"
        '<div class="table-responsive"><table class="table table-sm mt-2 mb-0">'
        f'<caption class="visually-hidden">{by_interview}</caption>'
        f"{trend_by_interview(context, trends)}</table></div></details>"
    )
    return card("trend", heading, body)


def reasons_card(context) -> str:
    own, client = reader(context)
    reasons = context.get("reasons")
    feedback_list = record_url(context, "feedback-list")
    if reasons.total:
        gave = translated_count(
            "Employers gave %(counter)s reason.",
            "Employers gave %(counter)s reasons.",
            reasons.total,
        )
        if own:
            outside = translated_count(
                "<strong>%(counter)s was outside your control</strong> — who else applied, how "
                "the team is made up, whether they expect you to stay.",
                "<strong>%(counter)s were outside your control</strong> — who else applied, how "
                "the team is made up, whether they expect you to stay.",
                reasons.outside_total,
            )
            within = translated_count(
                "%(counter)s is yours to work on.",
                "%(counter)s are yours to work on.",
                reasons.within_total,
            )
            within_caption = translated_with("Within your control: yours to work on")
            outside_caption = translated_with(
                "Outside your control: the employer's business decisions"
            )
        else:
            outside = translated_count(
                "<strong>%(counter)s was outside %(client)s’s control</strong> — who else "
                "applied, how the team is made up, whether they expect %(client)s to stay.",
                "<strong>%(counter)s were outside %(client)s’s control</strong> — who else "
                "applied, how the team is made up, whether they expect %(client)s to stay.",
                reasons.outside_total,
                client=client,
            )
            within = translated_count(
                "%(counter)s is %(client)s’s to work on.",
                "%(counter)s are %(client)s’s to work on.",
                reasons.within_total,
                client=client,
            )
            within_caption = translated_with(
                "Within %(client)s’s control: %(client)s’s to work on", client=client
            )
            outside_caption = translated_with(
                "Outside %(client)s’s control: the employer's business decisions", client=client
            )
        head = table_head(
            (translated("Reason"), ""), (translated("Times"), "text-end"), share_column("w-50")
        )
        business = translated("It's business, not personal.")
        body = (
            f"<p>{gave} {outside} {business} {within}</p>"
            '<table class="table table-sm align-middle mb-3">'
            f'<caption class="caption-top text-body fw-semibold">{within_caption}</caption>'
            f"{head}<tbody>{reason_rows(reasons.within, reasons.largest)}</tbody></table>"
            '<table class="table table-sm align-middle mb-2">'
            f'<caption class="caption-top text-body fw-semibold">{outside_caption}</caption>'
            f"{head}<tbody>{reason_rows(reasons.outside, reasons.largest, 'outside')}</tbody>"
            "</table>"
        )
    elif own:
        body = "<p>{}</p>".format(
            translated_with(
                "When an employer gives reasons for a no, record them with the feedback: this "
                "shows which were within your control and which were simply business decisions."
            )
        )
    else:
        body = "<p>{}</p>".format(
            translated_with(
                "When an employer gives reasons for a no, record them with the feedback: this "
                "shows which were within %(client)s’s control and which were simply business "
                "decisions.",
                client=client,
            )
        )
    if own:
        received = translated_with("Feedback you received")
    else:
        received = translated_with("Feedback %(client)s received", client=client)
    body += small_link(f"{feedback_list}?status=received", received)
    return card("reasons", translated("Why employers said no"), body)


def feedback_due_card(context) -> str:
    due, overdue = context.get("feedback_due"), context.get("feedback_overdue")
    if due:
        body = ""
        if overdue:
            body = '<p class="mb-2">{}</p>'.format(
                translated_count(
                    "<strong>%(counter)s overdue.</strong> A short, polite follow-up often gets "
                    "an answer.",
                    "<strong>%(counter)s overdue.</strong> A short, polite follow-up often gets "
                    "an answer.",
                    overdue,
                )
            )
        body += f'<ul class="list-unstyled mb-2">{follow_up_items(context, due)}</ul>'
    else:
        body = '<p class="mb-2">{}</p>'.format(
            translated("Nothing due. After each interview, ask the employer for feedback.")
        )
    body += small_link(record_url(context, "feedback-list"), translated("All feedback requests"))
    return card("feedback-due", translated("Feedback follow-ups due"), body)


def reading_card(context) -> str:
    own, client = reader(context)
    compared = context.get("reading_compared")
    if own:
        heading = translated_with("What you thought and what they said")
    else:
        heading = translated_with("What %(client)s thought and what they said", client=client)
    if compared:
        summary, differences = context.get("reading_summary"), context.get("reading_differences")
        # Four figures, each its own phrase: one sentence cannot carry four plural counts.
        if own:
            over = translated_count(
                "Over %(counter)s interview with both your own reading and the employer's reasons:",
                "Over %(counter)s interviews with both your own reading and the employer's "
                "reasons:",
                compared,
            )
            unexpected = translated_count(
                "%(counter)s reason you had not expected,",
                "%(counter)s reasons you had not expected,",
                summary["unexpected"],
            )
            agreed = translated_count(
                "%(counter)s you read right.", "%(counter)s you read right.", summary["agreed"]
            )
        else:
            over = translated_count(
                "Over %(counter)s interview with both %(client)s’s own reading and the "
                "employer's reasons:",
                "Over %(counter)s interviews with both %(client)s’s own reading and the "
                "employer's reasons:",
                compared,
                client=client,
            )
            unexpected = translated_count(
                "%(counter)s reason %(client)s had not expected,",
                "%(counter)s reasons %(client)s had not expected,",
                summary["unexpected"],
                client=client,
            )
            agreed = translated_count(
                "%(counter)s %(client)s read right.",
                "%(counter)s %(client)s read right.",
                summary["agreed"],
                client=client,
            )
        feared = translated_count(
            "%(counter)s worry they did not mention,",
            "%(counter)s worries they did not mention,",
            summary["feared"],
        )
        body = f"<p>{over} {unexpected} {feared} {agreed}</p>"
        if differences:
            if own:
                caption = translated_with(
                    "Reasons by how your reading compared with the employers'"
                )
                not_expected = translated_with("They said, you did not expect it")
            else:
                caption = translated_with(
                    "Reasons by how %(client)s’s reading compared with the employers'",
                    client=client,
                )
                not_expected = translated_with(
                    "They said, %(client)s did not expect it", client=client
                )
            head = table_head(
                (translated("Reason"), ""),
                (not_expected, "text-end"),
                (translated("You feared it, they did not say it"), "text-end"),
                (translated("Both"), "text-end"),
            )
            rows = reading_rows(context, differences)
            body += (
                '<div class="table-responsive"><table class="table table-sm mb-2">'
                f'<caption class="visually-hidden">{caption}</caption>{head}'
                f"<tbody>{rows}</tbody></table></div>"
            )
        body += '<p class="small mb-2">{}</p>'.format(
            translated(
                "A reason you did not expect may be a skill you had not considered necessary; a "
                "worry they never mentioned is one you can let go."
            )
        )
    else:
        body = "<p>{}</p>".format(
            translated_with(
                "In each debrief, note your own reading of why it might not succeed. When the "
                "employer's reasons arrive, this shows where your reading and theirs differ."
            )
        )
    body += small_link(record_url(context, "feedback-list"), translated("All feedback requests"))
    return card("reading", heading, body)


def patterns_card(context) -> str:
    body = (
        '<p class="small">{}</p>'.format(
            translated("Only what two or more rejections share: one signal is not a pattern.")
        )
        + f'<ul class="list-unstyled mb-0">{pattern_items(context, context.get("patterns"))}</ul>'
    )
    return card("patterns", translated("Patterns in what employers said"), body)


def feedback_response_card(context) -> str:
    response = context.get("feedback_response")
    if response["answered_rate"] is not None:
        answered = translated_with(
            "Employers gave feedback on <strong>%(rate)s%%</strong> of the requests that have "
            "ended.",
            rate=response["answered_rate"],
        )
    elif response["sent"]:
        answered = translated("No request has ended yet: allow a week, then follow up.")
    else:
        answered = translated(
            "An employer does not have to give feedback, but most will explain their decision: ask."
        )
    body = f"<p>{answered}</p>"
    if response["largest"]:
        feedback_list = record_url(context, "feedback-list")
        rows = "".join(
            f'<tr><th scope="row" class="fw-normal">'
            f'<a href="{feedback_list}?status={conditional_escape(status)}">'
            f"{conditional_escape(label)}</a></th>"
            f'<td class="text-end">{count}</td><td>{bar(count, response["largest"])}</td></tr>'
            for status, label, count in response["rows"]
        )
        head = table_head(
            (translated("Answer"), ""), (translated("Requests"), "text-end"), share_column("w-25")
        )
        caption = translated("Feedback requests by how the employer answered")
        body += (
            '<table class="table table-sm align-middle mb-2">'
            f'<caption class="visually-hidden">{caption}</caption>'
            f"{head}<tbody>{rows}</tbody></table>"
        )
    return card("response", translated("Do employers answer?"), body)


def actions_card(context) -> str:
    actions = context.get("open_actions")
    if actions:
        body = '<p class="mb-2">{}</p><ul class="list-unstyled mb-2">{}</ul>'.format(
            translated_count(
                "%(counter)s lesson to act on before the next interview.",
                "%(counter)s lessons to act on before the next interview.",
                context.get("open_actions_total"),
            ),
            open_action_items(context, actions),
        )
    else:
        body = '<p class="mb-2">{}</p>'.format(
            translated(
                "No open actions. Turn each lesson from a debrief or feedback into something to do."
            )
        )
    body += small_link(
        record_url(context, "action-list") + "?status=open", translated("All open actions")
    )
    if context.get("record_client") is None:
        body += " · " + small_link(
            reverse_remembered("debrief:action-new"), translated("Add an action")
        )
    return card("actions", translated("Open actions"), body)


def funnel_card(context) -> str:
    total = context.get("applications_total")
    rows = "".join(
        f'<tr><th scope="row">{conditional_escape(stage.label)}</th>'
        f'<td class="text-end">{stage.count}</td>'
        f'<td class="small">{conditional_escape(stage.rate_text)}</td>'
        f"<td>{bar(stage.count, total)}</td></tr>"
        for stage in context.get("funnel")
    )
    head = table_head(
        (translated("Stage"), ""),
        (translated("Applications"), "text-end"),
        (translated("Rate"), ""),
        share_column("w-25"),
    )
    caption = translated("Applications that reached each stage, and the rate from the stage before")
    body = (
        '<table class="table table-sm align-middle mb-2">'
        f'<caption class="visually-hidden">{caption}</caption>'
        f"{head}<tbody>{rows}</tbody></table>"
        + small_link(record_url(context, "application-list"), translated("All applications"))
    )
    return card("funnel", translated("From application to offer"), body)


def star_card(context) -> str:
    own, client = reader(context)
    if not context.get("star_answers_total"):
        if not own:
            body = '<p class="mb-0">{}</p>'.format(translated("No STAR answers written yet."))
        else:
            star_new = reverse_remembered("debrief:star-new")
            write_first = translated("Write your first STAR answer")
            body = (
                "<p>{}</p>".format(
                    translated_with(
                        "Start your STAR bank with one example you are proud of: the Situation, "
                        "the Task, the Actions you took and the Result. Interviewers ask for "
                        "teamwork and problem solving most."
                    )
                )
                + f'<a class="btn btn-outline-primary btn-sm" href="{star_new}">{write_first}</a>'
            )
        return card("star", translated("STAR answers by competency"), body)
    if own:
        caption = translated_with(
            "Your STAR answers for each competency: how many, the strength of the best, and how "
            "often you used one in an interview"
        )
        bank = translated_with("Your STAR bank")
    else:
        caption = translated_with(
            "%(client)s’s STAR answers for each competency: how many, the strength of the best, "
            "and how often %(client)s used one in an interview",
            client=client,
        )
        bank = translated_with("%(client)s’s STAR bank", client=client)
    head = table_head(
        (translated("Competency"), ""),
        (translated("Answers"), "text-end"),
        (translated("Best"), "text-end"),
        (translated("Used"), "text-end"),
    )
    body = (
        '<div class="table-responsive"><table class="table table-sm align-middle mb-2">'
        f'<caption class="visually-hidden">{caption}</caption>{head}'
        f"<tbody>{star_rows(context, context.get('star_coverage'))}</tbody></table></div>"
        + small_link(record_url(context, "star-list"), bank)
    )
    return card("star", translated("STAR answers by competency"), body)


def status_card(context) -> str:
    total = context.get("applications_total")
    head = table_head(
        (translated("Status"), ""), (translated("Applications"), "text-end"), share_column("w-50")
    )
    caption = translated("Number of applications in each status")
    body = (
        '<table class="table table-sm align-middle mb-0">'
        f'<caption class="visually-hidden">{caption}</caption>{head}'
        f"<tbody>{status_rows(context, context.get('status_counts'), total)}</tbody></table>"
    )
    never_answered = context.get("never_answered")
    if never_answered:
        body += '<p class="small mt-2 mb-0">{}</p>'.format(
            translated_with(
                "Employers who never answered: <strong>%(never_answered)s</strong>, closed as "
                "“no response” and not counted as rejections. Silence is about their process, "
                "not about you.",
                never_answered=never_answered,
            )
        )
    silent = context.get("applications_silent")
    if silent:
        news = translated_count(
            "%(counter)s application with no news for over a month.",
            "%(counter)s applications with no news for over a month.",
            silent,
        )
        if context.get("record_client") is None:
            news += " " + translated_count(
                "If you have heard nothing, <a "
                'href="%(list_url)s?status=applied&amp;sort=date_applied">mark it as “No '
                "response”</a>: it keeps your figures honest, and it is not a reflection on you.",
                "If you have heard nothing, <a "
                'href="%(list_url)s?status=applied&amp;sort=date_applied">mark them as “No '
                "response”</a>: it keeps your figures honest, and it is not a reflection on you.",
                silent,
                list_url=reverse_remembered("debrief:application-list"),
            )
        body += f'<p class="small mt-2 mb-0">{news}</p>'
    return card("status", translated("Applications by status"), body)


# The panels cached with the figures (services.dashboard.CACHED_PANELS), by name.
CARDS = {
    "funnel": funnel_card,
    "status": status_card,
    "reasons": reasons_card,
    "reading": reading_card,
    "feedback_response": feedback_response_card,
    "star": star_card,
    "feedback_due": feedback_due_card,
    "trend": trend_card,
    "actions": actions_card,
    "patterns": patterns_card,
}
