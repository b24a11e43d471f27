"""A one-page board summary of a careers service: the last twelve months against the twelve
before, under the same disclosure rules as the outcome report (services/disclosure.py), as a
printable page and as a PDF (WeasyPrint, with Debian's fonts).

The year is the twelve months ending with this one (to date); the previous year the twelve before
it. The figures are each range's true totals (clients once each), then rounded or hidden.
"""

import datetime
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from debrief.models import Organisation
from debrief.services import disclosure
from debrief.services.service_report import months_between, true_figures


@dataclass(frozen=True)
class Line:
    label: str
    this_year: disclosure.Shown
    last_year: disclosure.Shown


@dataclass(frozen=True)
class Year:
    first: datetime.date
    last: datetime.date


def years(today: datetime.date) -> tuple[Year, Year]:
    this_month = today.replace(day=1)
    months = this_month.year * 12 + this_month.month - 1
    first = datetime.date((months - 11) // 12, (months - 11) % 12 + 1, 1)
    before = datetime.date((months - 23) // 12, (months - 23) % 12 + 1, 1)
    last_before = datetime.date((months - 12) // 12, (months - 12) % 12 + 1, 1)
    return Year(first, this_month), Year(before, last_before)


def lines_for(total: dict) -> dict[str, disclosure.Shown]:
    def number(key: str) -> int:
        return int(total.get(key) or 0)

    median = total.get("median_days")
    if median is not None:
        median = int(median) if median == int(median) else round(median, 1)
    return {
        "clients": disclosure.count(number("sharing")),
        "active": disclosure.count(number("active")),
        "applications": disclosure.count(number("applications")),
        "interviews": disclosure.count(number("interviews")),
        "offers": disclosure.count(number("offers")),
        "to_interview": disclosure.percentage(number("interviews"), number("applications")),
        "to_offer": disclosure.percentage(number("offers"), number("interviews")),
        "feedback_requested": disclosure.count(number("feedback_requested")),
        "feedback_received": disclosure.count(number("feedback_received")),
        "feedback_rate": disclosure.percentage(
            number("feedback_received"), number("feedback_requested")
        ),
        "median_days": disclosure.median(median, number("median_days_people")),
    }


LABELS = {
    "clients": gettext_lazy("Clients supported (shared their record)"),
    "active": gettext_lazy("Clients active in their search"),
    "applications": gettext_lazy("Applications"),
    "interviews": gettext_lazy("Interviews"),
    "offers": gettext_lazy("Offers"),
    "to_interview": gettext_lazy("Applications that reached interview"),
    "to_offer": gettext_lazy("Interviews that led to an offer"),
    "feedback_requested": gettext_lazy("Feedback asked for"),
    "feedback_received": gettext_lazy("Feedback answered"),
    "feedback_rate": gettext_lazy("Feedback requests answered"),
    "median_days": gettext_lazy("Median days from a “no” to a debrief"),
}


def summary(*, organisation: Organisation, today: datetime.date) -> dict:
    this, last = years(today)
    figures = []
    for year in (this, last):
        _ignored, total = true_figures(
            organisation=organisation, first_month=year.first, last_month=year.last
        )
        figures.append(lines_for(total))
    return {
        "organisation": organisation,
        "this_year": this,
        "last_year": last,
        "months": len(months_between(this.first, this.last)),
        "lines": [Line(str(LABELS[key]), figures[0][key], figures[1][key]) for key in LABELS],
        "rule": disclosure.rule(),
        "today": today,
    }


def pdf(context: dict) -> bytes:
    """The summary as a one-page A4 PDF."""
    from weasyprint import CSS, HTML  # heavy (Pango): loaded only when a PDF is asked for

    html = render_to_string("debrief/board_summary_pdf.html", context)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find("css/board.css"))])
