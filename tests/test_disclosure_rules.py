"""HESA's rounding, rule by rule, at its boundaries (services/disclosure.py): counts to the
nearest 5 with 0-2 as 0, no percentage for a population under 22.5, no median for 7 or fewer."""

import pytest

from debrief.services import disclosure


@pytest.mark.parametrize(
    ("true", "shown"),
    [(0, 0), (1, 0), (2, 0), (3, 5), (4, 5), (7, 5), (8, 10), (12, 10), (13, 15), (1002, 1000)],
)
def test_counts_round_to_the_nearest_five(true, shown):
    assert disclosure.count(true).value == shown


def test_a_negative_count_is_a_mistake():
    with pytest.raises(ValueError, match="negative"):
        disclosure.rounded(-1)


def test_no_percentage_under_a_population_of_22_point_5():
    hidden = disclosure.percentage(11, 22)
    assert (hidden.value, hidden.why) == (None, "fewer than 23 people")
    shown = disclosure.percentage(11, 23)
    assert (shown.value, shown.text) == (48, "48%")


def test_no_median_for_seven_people_or_fewer():
    assert disclosure.median(4.5, 7).value is None
    assert disclosure.median(4.5, 7).why == "7 people or fewer"
    assert disclosure.median(4.5, 8).value == 4.5
    assert disclosure.median(None, 0).suppressed


def test_the_rule_is_one_sentence():
    assert disclosure.RULE.count(". ") == 0
    assert disclosure.RULE.endswith(".")
