"""The dashboard's page: every panel in its place (`{% dashboard_panels %}`, the body of
includes/dashboard_panels.html), and the panels written on every visit of the page rather than
cached with the figures: the first card and the encouraging line, the silence question, how the
self-assessment moved, the interviews coming up and those without a debrief. Written in Python
as dashboard_cards.py explains; the panels read live (forwarded emails, the adviser's notes) and
the first steps of a new record stay templates.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from debrief.reversing import reverse_remembered
from debrief.templatetags.dashboard_cards import (
    CARDS,
    card,
    reader,
    translated_count,
    translated_with,
)
from debrief.templatetags.dashboard_rows import (
    silence_question,
    translated,
    undebriefed_items,
    upcoming_items,
)
from debrief.templatetags.debrief_tags import record_url

register = template.Library()


def upcoming_card(context) -> str:
    upcoming, total = context.get("upcoming"), context.get("upcoming_total")
    heading = translated_with(
        "Interviews in the next %(days)s days", days=context.get("upcoming_days")
    )
    if upcoming:
        body = f'<ul class="list-unstyled mb-2">{upcoming_items(context, upcoming)}</ul>'
        if total > len(upcoming):
            first = translated_with(
                "The first %(shown)s of %(total)s.", shown=len(upcoming), total=total
            )
            body += f'<p class="small mb-0">{first}</p>'
    else:
        body = '<p class="mb-0">{}</p>'.format(
            translated("None booked. Interviews you add to an application appear here.")
        )
    return card("upcoming", heading, body)


def undebriefed_card(context) -> str:
    own, client = reader(context)
    undebriefed = context.get("undebriefed")
    if undebriefed:
        total = context.get("undebriefed_total")
        if own:
            write_up = translated_with(
                "%(total)s to write up while you still remember.", total=total
            )
        else:
            write_up = translated_with(
                "%(total)s to write up while %(client)s still remembers.",
                total=total,
                client=client,
            )
        body = (
            f'<p class="mb-2">{write_up}</p>'
            f'<ul class="list-unstyled mb-0">{undebriefed_items(context, undebriefed)}</ul>'
        )
    else:
        if context.get("funnel")[1].count:
            none = translated("Every past interview has its debrief.")
        elif not own:
            none = translated("No interviews yet.")
        else:
            none = translated(
                "After your first interview, write your debrief here while it is fresh."
            )
        body = f'<p class="mb-0">{none}</p>'
    return card("undebriefed", translated("Interviews without a debrief"), body)


def silence_section(context) -> str:
    silences = context.get("silences")
    questions = "".join(silence_question(context, silence) for silence in silences["items"])
    more = ""
    if silences["total"] > len(silences["items"]):
        if silences["over"]:
            more = translated_with(
                "And over %(total)s in all: Debrief asks about the oldest first.",
                total=silences["total"],
            )
        else:
            more = translated_with(
                "And %(total)s in all: Debrief asks about the oldest first.",
                total=silences["total"],
            )
        more = f'<p class="small">{more}</p>'
    heading = translated("Still waiting to hear")
    return (
        '<section class="mb-3" aria-labelledby="silence-heading">'
        f'<h2 id="silence-heading" class="h5">{heading}</h2>{questions}{more}</section>'
    )


def movements_section(context) -> str:
    client = context.get("record_client")
    heading = (
        translated("Your progress")
        if client is None
        else translated_with("%(record_client)s’s progress", record_client=client)
    )
    worth = translated("worth a look before the next interview")
    items = "".join(
        f"<li>{conditional_escape(movement)}"
        + ("" if movement.rose else f' <span class="small">— {worth}</span>')
        + "</li>"
        for movement in context.get("movements")
    )
    return (
        '<section class="card mb-4" aria-labelledby="movements-heading"><div class="card-body">'
        f'<h2 id="movements-heading" class="h5">{heading}</h2>'
        f'<ul class="mb-0">{items}</ul></div></section>'
    )


def buttons(actions) -> str:
    """(label, url) as buttons, the first the main one, a space apart (inline: a space shows)."""
    return " ".join(
        f'<a class="btn {"btn-primary" if first else "btn-outline-primary"}" '
        f'href="{conditional_escape(url)}">{conditional_escape(label)}</a>'
        for first, (label, url) in ((index == 0, action) for index, action in enumerate(actions))
    )


def worthwhile() -> str:
    return translated(
        "You, as a person and a candidate, are worthwhile and will be of value to the right "
        "employer."
    )


def encouragement_section(context) -> str:
    encouragement = context.get("encouragement")
    parts = [
        f'<section class="card encouragement encouragement-{conditional_escape(encouragement.kind)}'
        ' mb-4" aria-labelledby="encouragement-heading"><div class="card-body">'
        f'<h2 id="encouragement-heading" class="h4">{conditional_escape(encouragement.heading)}'
        f'</h2><p class="mb-2">{conditional_escape(encouragement.text)}</p>'
    ]
    if encouragement.known:
        known = "".join(
            f"<li>{conditional_escape(capfirst(text))}</li>" for _, text in encouragement.known
        )
        parts.append(f'<ul class="mb-2">{known}</ul><p class="mb-2">{worthwhile()}</p>')
    if context.get("record_client") is None:
        if encouragement.kind == "start":
            new = reverse_remembered("debrief:application-new")
            label = translated("Add your first application")
            parts.append(f'<a class="btn btn-primary" href="{new}">{label}</a>')
        elif encouragement.kind == "rejection":
            parts.append(buttons(encouragement.next_steps))
        elif encouragement.kind == "upcoming":
            prepare = reverse_remembered("debrief:interview-prepare", [encouragement.interview_pk])
            label = translated("Open the preparation sheet")
            parts.append(f'<a class="btn btn-primary" href="{prepare}">{label}</a>')
    elif encouragement.interview_pk:
        detail = record_url(context, "interview-detail", encouragement.interview_pk)
        label = translated("See the interview")
        parts.append(f'<a href="{detail}">{label}</a>')
    parts.append("</div></section>")
    return "".join(parts)


def first_card_section(context) -> str:
    first = context.get("first_card")
    worthwhile_line = f'<p class="mb-2">{worthwhile()}</p>' if first.kind == "rejection" else ""
    return (
        f'<section class="card encouragement encouragement-{conditional_escape(first.kind)} mb-4"'
        ' aria-labelledby="first-card-heading"><div class="card-body">'
        f'<h2 id="first-card-heading" class="h4">{conditional_escape(first.heading)}</h2>'
        f'<p class="mb-2">{conditional_escape(first.text)}</p>{worthwhile_line}'
        f'<div class="d-flex flex-wrap gap-2">{buttons(first.actions)}</div></div></section>'
    )


def panel(context, name: str) -> str:
    """A cached panel: on the job seeker's own dashboard, the HTML cached with the figures
    (rendered once per record version and day, from nothing but those figures); in an adviser's
    view, which words it for the adviser, written here."""
    cached = None if context.get("record_client") else context.get("panels", {}).get(name)
    return cached if cached is not None else CARDS[name](context)


def included(context, name: str) -> str:
    """One of the panels that stay templates, rendered with this context (its request too)."""
    return context.template.engine.get_template(f"debrief/includes/{name}.html").render(context)


@register.simple_tag(takes_context=True)
def dashboard_panels(context) -> str:
    """Every panel of the dashboard; the adviser's read-only view writes them with
    `record_client` set."""
    own, client = reader(context)
    parts = []
    if not context.get("is_new"):
        # Three figures, each its own phrase: one sentence cannot carry three plural counts.
        total = context.get("applications_total")
        funnel = context.get("funnel")
        lead = "{}, {}, {}. ".format(
            translated_count("%(counter)s application", "%(counter)s applications", total),
            translated_with("%(count)s reached interview", count=funnel[1].count),
            translated_count("%(counter)s offer", "%(counter)s offers", funnel[2].count),
        )
        upcoming_total = context.get("upcoming_total")
        if upcoming_total:
            lead += translated_count(
                "%(counter)s interview in the next %(days)s days.",
                "%(counter)s interviews in the next %(days)s days.",
                upcoming_total,
                days=context.get("upcoming_days"),
            )
        parts.append(f'<p class="lead">{lead}</p>')
    # The encouraging line speaks to the job seeker; their adviser reads the figures.
    if own:
        first = context.get("first_card")
        if first:
            parts.append(first_card_section(context))
        if not first or first.then_usual:
            parts.append(encouragement_section(context))
    slots = context.get("slots")
    if slots:
        parts.append(slots["inbound"])
    elif own and (context.get("inbound") or {}).get("items"):
        parts.append(included(context, "dashboard_inbound"))
    if own and (context.get("silences") or {}).get("items"):
        parts.append(silence_section(context))
    if context.get("movements"):
        parts.append(movements_section(context))
    if slots:
        parts.append(slots["from_adviser"])
    elif own:
        parts.append(included(context, "from_your_adviser"))
    if context.get("is_new"):
        parts.append(included(context, "dashboard_empty"))
        return mark_safe("".join(parts))
    if own:
        going = translated("How your applications are going")
        stars = translated("Your STAR answers and actions")
    else:
        going = translated_with("How %(client)s’s applications are going", client=client)
        stars = translated_with("%(client)s’s STAR answers and actions", client=client)
    said = translated("What employers said")
    # On a phone the figures fold into sections the reader opens; on a wide screen they are all
    # shown (app.css).
    parts.append(
        '<div class="row g-3 mb-3">'
        f'<div class="col-lg-4">{upcoming_card(context)}</div>'
        f'<div class="col-lg-4">{panel(context, "feedback_due")}</div>'
        f'<div class="col-lg-4">{undebriefed_card(context)}</div></div>'
        f'<details class="fold-narrow mb-3"><summary>{going}</summary>'
        '<div class="row g-3 mb-3">'
        f'<div class="col-lg-6">{panel(context, "funnel")}</div>'
        f'<div class="col-lg-6">{panel(context, "status")}</div></div>'
        '<div class="row g-3">'
        f'<div class="col-lg-8">{panel(context, "trend")}</div>'
        f'<div class="col-lg-4">{panel(context, "feedback_response")}</div></div></details>'
        f'<details class="fold-narrow mb-3"><summary>{said}</summary>'
        '<div class="row g-3">'
        f'<div class="col-lg-6">{panel(context, "reasons")}</div>'
        f'<div class="col-lg-6">{panel(context, "reading")}</div></div>'
    )
    if context.get("patterns"):
        parts.append(f'<div class="mt-3">{panel(context, "patterns")}</div>')
    parts.append(
        f'</details><details class="fold-narrow"><summary>{stars}</summary><div class="row g-3">'
        f'<div class="col-lg-7">{panel(context, "star")}</div>'
        f'<div class="col-lg-5">{panel(context, "actions")}</div></div></details>'
    )
    return mark_safe("".join(parts))
