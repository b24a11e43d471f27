"""Disclosure control for every figure a careers service publishes, as the UK's higher-education
statistics agency (HESA) applies it to its own releases:

- every count is rounded to the nearest multiple of 5 (0, 1 and 2 become 0);
- no percentage is shown where the population it is a share of is under 22.5;
- no average or median is shown for a group of 7 people or fewer;
- totals are worked out from the true figures and then rounded, never added up from the
  rounded (or hidden) cells, so a total never under-counts and never gives a hidden cell away.

These rules apply when a report is read, to the true figures whatever store keeps them: the
outcome report, its CSV and the board summary all pass through here and nowhere else.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

ROUND_TO = 5
SMALLEST_POPULATION_FOR_A_PERCENTAGE = 22.5
LARGEST_GROUP_WITHOUT_AN_AVERAGE = 7

# Marked here, translated where it is shown: the constant stays the English words.
RULE = gettext_noop(
    "Every count is rounded to the nearest 5 (0, 1 and 2 show as 0), no percentage is given "
    "for fewer than 23 people and no median for 7 people or fewer, and totals are rounded from "
    "the true figures, so they need not equal the sum of the rounded months."
)

WHY_PERCENTAGE = gettext_lazy("fewer than 23 people")
WHY_AVERAGE = gettext_lazy("7 people or fewer")


@dataclass(frozen=True)
class Shown:
    """A figure as it may be published: `value` is None when it may not be, and `why` says so in
    words (for the page and the CSV's "why empty" column)."""

    value: int | float | None
    why: str = ""
    kind: str = "count"  # "count", "percentage" or "median"

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        if self.value is None:
            return _("not shown")
        if self.kind == "percentage":
            return f"{self.value:g}%"
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return f"{self.value:,}"


def rounded(true_count: int) -> int:
    """To the nearest multiple of 5: 0-2 → 0, 3-7 → 5, 8-12 → 10. A true count is a whole
    number, so it is never exactly half way."""
    if true_count < 0:
        raise ValueError("A count cannot be negative.")
    return ROUND_TO * ((true_count + ROUND_TO // 2) // ROUND_TO)


def count(true_count: int) -> Shown:
    return Shown(rounded(true_count))


def percentage(part: int, population: int) -> Shown:
    """`part` as a whole percentage of `population`, from the true figures."""
    if population < SMALLEST_POPULATION_FOR_A_PERCENTAGE:
        return Shown(None, WHY_PERCENTAGE, "percentage")
    return Shown(round(100 * part / population), kind="percentage")


def median(value: int | float | None, people: int) -> Shown:
    """A median (or mean) over a group of `people`: shown only for a group of 8 or more."""
    if value is None or people <= LARGEST_GROUP_WITHOUT_AN_AVERAGE:
        return Shown(
            None, WHY_AVERAGE if value is not None or people else gettext_lazy("no one"), "median"
        )
    return Shown(value, kind="median")
