"""Server-rendered SVG charts: no JavaScript, no CDN, nothing the strict CSP blocks.

Colours come from CSS classes (app.css) or SVG presentation attributes, never style attributes.
A bar is decorative (the number is written beside it); a sparkline is an image with its values
in its accessible name.
"""

import datetime
import functools
import html

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()

BAR_WIDTH = 100
BAR_HEIGHT = 10
SPARK_WIDTH = 100
SPARK_HEIGHT = 40
SPARK_PADDING = 5
RATING_MIN, RATING_MAX = 1, 5
LINE_COLOUR = "#1d4e89"
GRID_COLOUR = "#ced4da"


@register.simple_tag
def bar(value: int | float | None, largest: int | float | None, variant: str = "") -> str:
    """A horizontal bar `value / largest` of the cell's width, hidden from screen readers.
    Written as a plain string: nothing in it comes from a person, and format_html's escaping of
    each number cost the dashboard's first render more than the rest of the bar."""
    share = (value or 0) / largest if largest else 0
    fill_class = "bar-fill-outside" if variant == "outside" else "bar-fill"
    return mark_safe(
        f'<svg class="chart-bar" width="100%" height="12" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" '
        'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        f'<rect class="bar-track" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" rx="2"></rect>'
        f'<rect class="{fill_class}" width="{BAR_WIDTH * min(share, 1):.1f}" '
        f'height="{BAR_HEIGHT}" rx="2"></rect></svg>'
    )


def spark_points(values: list[int]) -> list[tuple[float, float]]:
    inner_width = SPARK_WIDTH - 2 * SPARK_PADDING
    inner_height = SPARK_HEIGHT - 2 * SPARK_PADDING
    step = inner_width / (len(values) - 1) if len(values) > 1 else 0
    return [
        (
            SPARK_PADDING + (index * step if len(values) > 1 else inner_width / 2),
            SPARK_PADDING + inner_height * (RATING_MAX - value) / (RATING_MAX - RATING_MIN),
        )
        for index, value in enumerate(values)
    ]


@register.simple_tag
def sparkline(values: list[int], label: str) -> str:
    """Ratings 1–5, oldest to newest, as a line; its accessible name reads the values out. The
    label is escaped once; the rest is numbers and constants, written as a plain string (through
    format_html, escaping every coordinate was most of the dashboard trend panel's time)."""
    if not values:
        return ""
    points = spark_points(values)
    middle = SPARK_PADDING + (SPARK_HEIGHT - 2 * SPARK_PADDING) / 2
    last = len(points) - 1
    # The latest rating is the larger dot.
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 if index == last else 2.5}" '
        f'fill="{LINE_COLOUR}"></circle>'
        for index, (x, y) in enumerate(points)
    )
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    spoken = ", ".join(str(value) for value in values)
    spoken_label = escape(
        gettext("%(label)s: %(values)s out of 5, oldest to newest")
        % {"label": label, "values": spoken}
    )
    w, h = SPARK_WIDTH, SPARK_HEIGHT
    return mark_safe(
        f'<svg class="chart-spark" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{spoken_label}">'
        f'<line x1="0" x2="{w}" y1="{middle:.1f}" y2="{middle:.1f}" stroke="{GRID_COLOUR}" '
        'stroke-dasharray="3 3"></line>'
        f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" '
        f'stroke-linejoin="round"></polyline>{dots}</svg>'
    )


MONTHS_WIDTH = 720
MONTHS_HEIGHT = 220
MONTHS_TOP = 24
MONTHS_BOTTOM = 34
MONTHS_LEFT = 8


@functools.lru_cache(maxsize=1024)
def month_words(month: datetime.date, format_name: str, language: str | None) -> str:
    """A month's name in the active language (its `language` is the key), escaped for HTML:
    worked out once per language rather than once per measure and month of every report."""
    return html.escape(date_format(month, format_name))


LABEL = '<text class="chart-label" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>'


def month_slot(months) -> float:
    """The width each month has in a chart of these months (its bar takes 60% of it)."""
    return (MONTHS_WIDTH - 2 * MONTHS_LEFT) / max(len(months), 1)


def month_axis(months) -> list[str]:
    """Under each month's bar: its name, then the year (at the first month and each January) or
    "to date" (the month not yet over). The same for every measure of a report: worked out
    once, as the report draws nine charts of up to 36 months each."""
    slot = month_slot(months)
    baseline = MONTHS_HEIGHT - MONTHS_BOTTOM
    language = get_language()
    to_date = html.escape(pgettext("the month not yet over", "to date"))
    labels = []
    for index, figure in enumerate(months):
        month = figure.month
        middle = MONTHS_LEFT + index * slot + slot / 2
        under = LABEL.format(middle, baseline + 14, month_words(month, "M", language))
        if figure.to_date:
            under += LABEL.format(middle, baseline + 28, to_date)
        elif index == 0 or month.month == 1:
            under += LABEL.format(middle, baseline + 28, month.year)
        labels.append(under)
    return labels


def month_bars(rows, chart_id: str, axis: list[str]) -> str:
    """One bar per month of an outcome-report measure (`MeasureRows`), its figure written above
    it, and under it the month (`axis`: month_axis of the same months). A figure not shown has a
    dashed outline and "–" instead of a bar; the month not yet over has an outlined bar and "to
    date" under its name, so neither is told by colour alone. The table beside it is the text
    alternative.

    Written with plain formatting (numbers need no escaping; every word is escaped)."""
    slot = month_slot(rows.months)
    bar_width = slot * 0.6
    plot = MONTHS_HEIGHT - MONTHS_TOP - MONTHS_BOTTOM
    baseline = MONTHS_TOP + plot
    largest = rows.largest or 1
    parts = []
    for index, figure in enumerate(rows.months):
        cell = figure.cell
        x = MONTHS_LEFT + index * slot + (slot - bar_width) / 2
        middle = x + bar_width / 2
        if cell.suppressed:
            parts.append(
                f'<rect class="chart-suppressed" x="{x:.1f}" y="{baseline - 14:.1f}" '
                f'width="{bar_width:.1f}" height="14"></rect>'
            )
            parts.append(LABEL.format(middle, baseline - 18, "–"))
        else:
            height = plot * cell.value / largest
            kind = "bar-partial" if figure.to_date else "bar-fill"
            parts.append(
                f'<rect class="{kind}" x="{x:.1f}" y="{baseline - height:.1f}" '
                f'width="{bar_width:.1f}" height="{height:.1f}"></rect>'
            )
            parts.append(LABEL.format(middle, baseline - height - 4, html.escape(cell.text)))
        parts.append(axis[index])
    return format_html(
        '<svg class="chart-months" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title">'
        '<title id="{id}-title">{title}</title>'
        '<line class="chart-axis" x1="0" x2="{w}" y1="{base}" y2="{base}"></line>{parts}</svg>',
        w=MONTHS_WIDTH,
        h=MONTHS_HEIGHT,
        id=chart_id,
        title=gettext("%(measure)s by month, as a bar chart: the table gives each figure")
        % {"measure": rows.measure.label},
        base=f"{baseline:.1f}",
        parts=mark_safe("".join(parts)),  # every word in it escaped above
    )


ROW = (
    '<tr><th scope="row" class="fw-normal">{month}{badge}</th>'
    '<td class="text-end{suppressed}">{text}{why}</td></tr>'
)


def month_rows(rows) -> str:
    """The rows of an outcome-report measure's table (the chart's text alternative): each month,
    the month to date badged, a figure not shown saying why. Written here rather than by a
    template loop: nine tables of up to 36 months were most of the page's rendering time."""
    language = get_language()
    badge = format_html(' <span class="badge text-bg-light border">{}</span>', gettext("to date"))
    parts = []
    for figure in rows.months:
        cell = figure.cell
        why = cell.why
        parts.append(
            ROW.format(
                month=month_words(figure.month, "F Y", language),
                badge=badge if figure.to_date else "",
                suppressed=" report-suppressed" if cell.suppressed else "",
                text=html.escape(cell.text),
                why=format_html(' <span class="small">({})</span>', why) if why else "",
            )
        )
    return mark_safe("".join(parts))  # every value in it escaped above


SECTION = (
    '<section class="card card-panel mb-4" id="measure-{key}"'
    ' aria-labelledby="measure-{key}-heading">\n'
    '<div class="card-body">\n'
    '<h2 id="measure-{key}-heading" class="h4">{label}</h2>\n'
    '<p class="small mb-2">{description}.</p>\n'
    # Scrolls sideways on a narrow screen, so it can be reached by keyboard.
    '<div class="table-responsive" tabindex="0" role="group" aria-label="{chart_name}">'
    "{chart}</div>\n"
    '<div class="table-responsive">\n'
    '<table class="table table-sm caption-top mb-0">\n'
    "<caption>{caption}</caption>\n"
    '<thead><tr><th scope="col">{month}</th><th scope="col" class="text-end">{label}</th></tr>'
    "</thead>\n"
    "<tbody>{rows}</tbody>\n"
    '<tfoot><tr><th scope="row">{total_label}</th>'
    '<td class="text-end fw-semibold{suppressed}">{total}{why}</td></tr></tfoot>\n'
    "</table>\n</div>\n</div>\n</section>\n"
)


@register.simple_tag
def measure_sections(report) -> str:
    """Each measure of an outcome report: its heading and description, the chart, and the table
    with the total. Written here rather than by a template loop over the nine measures, which
    took as long as the report's statement; the words are the same messages as ever."""
    month = escape(gettext("Month"))
    totals = {
        "median": escape(gettext("Median over the whole range")),
        "people": escape(gettext("Different clients over the whole range")),
        "count": escape(gettext("Total over the whole range")),
    }
    axis = month_axis(report.measures[0].months) if report.measures else []
    parts = []
    for rows in report.measures:
        measure, total = rows.measure, rows.total
        label = str(measure.label)
        kind = "median" if measure.is_median else "people" if measure.is_people else "count"
        parts.append(
            SECTION.format(
                key=escape(measure.key),
                label=escape(label),
                description=escape(capfirst(str(measure.description))),
                chart_name=escape(
                    gettext("Chart of %(measure)s by month") % {"measure": label.lower()}
                ),
                chart=month_bars(rows, measure.key, axis),
                caption=escape(gettext("%(measure)s by month") % {"measure": label}),
                month=month,
                rows=month_rows(rows),
                total_label=totals[kind],
                suppressed=" report-suppressed" if total.suppressed else "",
                total=escape(total.text),
                why=format_html(' <span class="small fw-normal">({})</span>', total.why)
                if total.why
                else "",
            )
        )
    return mark_safe("".join(parts))  # every value in it escaped above
