"""The date engine: working days, month arithmetic, fixed days (examples and properties)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvo_kb.rules.calendar import (
    add_months,
    add_period,
    add_working_days,
    fixed_day,
    is_working_day,
    roll_forward,
)

DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2035, 12, 31))


def test_christmas_and_a_weekend_are_skipped() -> None:
    # Thursday 24 December 2026: 25 and 26 December are holidays, 27 December a Sunday
    c = add_working_days(dt.date(2026, 12, 24), 2)
    assert c.due == dt.date(2026, 12, 29)
    assert [s[:10] for s in c.skipped] == ["2026-12-25", "2026-12-26", "2026-12-27"]


def test_kings_day_is_a_holiday() -> None:
    assert not is_working_day(dt.date(2027, 4, 27))
    assert is_working_day(dt.date(2027, 4, 28))


@pytest.mark.parametrize(("start", "months", "due"), [
    (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
    (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
    (dt.date(2027, 3, 31), 1, dt.date(2027, 4, 30)),
    (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
    (dt.date(2027, 8, 15), 12, dt.date(2028, 8, 15)),
])
def test_month_arithmetic_at_month_ends(start: dt.date, months: int, due: dt.date) -> None:
    assert add_months(start, months) == due


def test_before_1_march_is_the_last_day_of_february() -> None:
    assert fixed_day(2027, 3, 1, inclusive=False).due == dt.date(2027, 2, 28)
    assert fixed_day(2028, 3, 1, inclusive=False).due == dt.date(2028, 2, 29)
    assert fixed_day(2027, 12, 1, inclusive=True).due == dt.date(2027, 12, 1)


def test_the_second_month_after_a_quarter() -> None:
    c = add_period(dt.date(2027, 3, 31), 2, "maand", ordinal=2)
    assert c.due == dt.date(2027, 5, 31)


def test_roll_forward_is_an_option_and_says_so() -> None:
    c = roll_forward(fixed_day(2027, 5, 1, inclusive=True))  # Saturday 1 May 2027
    assert c.due == dt.date(2027, 5, 3) and c.rolled
    assert any("rolled forward" in s for s in c.steps)


@given(DATES, st.integers(min_value=0, max_value=40))
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(start: dt.date, n: int) -> None:
    c = add_working_days(start, n)
    assert c.due is not None
    if n > 0:
        assert is_working_day(c.due)
        assert c.due > start
    working = sum(is_working_day(start + dt.timedelta(days=i)) for i in range(1, (c.due - start).days + 1))
    assert working == n


@given(DATES, st.integers(min_value=0, max_value=60))
def test_month_arithmetic_keeps_the_day_or_clamps_to_the_month_end(start: dt.date, n: int) -> None:
    d = add_months(start, n)
    assert (d.year - start.year) * 12 + d.month - start.month == n
    assert d.day == start.day or (d.day < start.day and (d + dt.timedelta(days=1)).day == 1)
