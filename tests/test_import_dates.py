"""Dates in an imported file are read in UK, ISO, US (when the file is month first) and written
forms; the file's own cells settle whether its numeric dates are day or month first."""

import datetime

import pytest

from debrief.services.import_layouts import DateError, guess_day_first, parse_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("03/11/2026", True, (D(2026, 11, 3), None)),
        ("3/11/26", True, (D(2026, 11, 3), None)),
        ("03.11.2026", True, (D(2026, 11, 3), None)),
        ("11/3/26, 3:45 PM", False, (D(2026, 11, 3), datetime.time(15, 45))),
        ("2026-11-03", True, (D(2026, 11, 3), None)),
        ("2026-11-03T14:30:00.000Z", False, (D(2026, 11, 3), datetime.time(14, 30))),
        ("20/10/2026 14:00", True, (D(2026, 10, 20), datetime.time(14, 0))),
        ("3 Nov 2026", True, (D(2026, 11, 3), None)),
        ("3rd November 2026", True, (D(2026, 11, 3), None)),
        ("Nov 3, 2026", True, (D(2026, 11, 3), None)),
    ],
)
def test_it_reads_the_date(text, day_first, expected):
    assert parse_date(text, day_first=day_first) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "tomorrow", "2026-13-01"])
def test_it_refuses_what_is_not_a_date(text):
    with pytest.raises(DateError):
        parse_date(text, day_first=True)


def test_the_cells_settle_the_order():
    assert guess_day_first(["01/02/2026", "25/12/2026"], default=False) is True
    assert guess_day_first(["01/02/2026", "12/25/2026"], default=True) is False
    assert guess_day_first(["01/02/2026"], default=False) is False
