"""Server-rendered SVG charts: no JavaScript, no CDN, nothing the strict CSP blocks.

Colours come from CSS classes (app.css) or SVG presentation attributes, never style attributes.
A bar is decorative (the number is written beside it); a sparkline is an image with its values
in its accessible name.
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

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


@register.simple_tag
def month_bars(rows, chart_id: str) -> str:
    """One bar per month of an outcome-report measure (`MeasureRows`), its figure written above
    it. A figure not shown has a dashed outline and "–" instead of a bar; the month not yet over
    has an outlined bar and "to date" under its name, so neither is told by colour alone. The
    table beside it is the text alternative."""
    months = rows.months
    slot = (MONTHS_WIDTH - 2 * MONTHS_LEFT) / max(len(months), 1)
    bar_width = slot * 0.6
    plot = MONTHS_HEIGHT - MONTHS_TOP - MONTHS_BOTTOM
    baseline = MONTHS_TOP + plot
    largest = rows.largest or 1
    parts = []
    for index, figure in enumerate(months):
        month, cell = figure.month, figure.cell
        x = MONTHS_LEFT + index * slot + (slot - bar_width) / 2
        middle = x + bar_width / 2
        if cell.suppressed:
            parts.append(
                format_html(
                    '<rect class="chart-suppressed" x="{}" y="{}" width="{}" height="{}"></rect>'
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">–</text>',
                    f"{x:.1f}",
                    f"{baseline - 14:.1f}",
                    f"{bar_width:.1f}",
                    14,
                    f"{middle:.1f}",
                    f"{baseline - 18:.1f}",
                )
            )
        else:
            height = plot * cell.value / largest
            parts.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    "bar-partial" if figure.to_date else "bar-fill",
                    f"{x:.1f}",
                    f"{baseline - height:.1f}",
                    f"{bar_width:.1f}",
                    f"{height:.1f}",
                    f"{middle:.1f}",
                    f"{baseline - height - 4:.1f}",
                    cell.text,
                )
            )
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{middle:.1f}",
                f"{baseline + 14:.1f}",
                date_format(month, "M"),
            )
        )
        if figure.to_date:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{middle:.1f}",
                    f"{baseline + 28:.1f}",
                    pgettext("the month not yet over", "to date"),
                )
            )
        elif index == 0 or month.month == 1:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{middle:.1f}",
                    f"{baseline + 28:.1f}",
                    month.year,
                )
            )
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
        parts=format_html_join("", "{}", ((part,) for part in parts)),
    )
