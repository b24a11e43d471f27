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

import math
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

ROUND_TO = 5
SMALLEST_POPULATION_FOR_A_PERCENTAGE = 22.5
LARGEST_GROUP_WITHOUT_AN_AVERAGE = 7

# The words are made from the numbers above, so a threshold is written once. Marked here,
# translated where shown (rule()); RULE stays the English words, as tests and the CSV read them.
PERCENTAGE_FROM = math.ceil(SMALLEST_POPULATION_FOR_A_PERCENTAGE)
SHOWN_AS_ZERO = [str(count) for count in range(ROUND_TO // 2 + 1)]
RULE_WORDS = gettext_noop(
    "Every count is rounded to the nearest %(round_to)s (%(zeros)s and %(last_zero)s show as 0), "
    "no percentage is given for fewer than %(percentage_from)s people and no median for "
    "%(largest_group)s people or fewer, and totals are rounded from the true figures, so they "
    "need not equal the sum of the rounded months."
)
RULE_NUMBERS = {
    "round_to": ROUND_TO,
    "zeros": ", ".join(SHOWN_AS_ZERO[:-1]),
    "last_zero": SHOWN_AS_ZERO[-1],
    "percentage_from": PERCENTAGE_FROM,
    "largest_group": LARGEST_GROUP_WITHOUT_AN_AVERAGE,
}
RULE = RULE_WORDS % RULE_NUMBERS


def rule() -> str:
    """The rule in the active language."""
    return _(RULE_WORDS) % RULE_NUMBERS


def _why_percentage() -> str:
    return _("fewer than %(count)s people") % {"count": PERCENTAGE_FROM}


def _why_average() -> str:
    return _("%(count)s people or fewer") % {"count": LARGEST_GROUP_WITHOUT_AN_AVERAGE}


# Lazy: each reads in the language active where it is shown.
WHY_PERCENTAGE = lazy(_why_percentage, str)()
WHY_AVERAGE = lazy(_why_average, str)()


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
