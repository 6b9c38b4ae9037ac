"""The date engine: Dutch working days, month arithmetic, and the structured deadlines of the
norms turned into dates, each with the steps of its computation.

Working days are Monday to Friday that are not Dutch public holidays according to the
maintained ``holidays`` library (country "NL"). That calendar includes Good Friday, and
Liberation Day (5 May) only in lustrum years; every computation lists the days it skipped, by
name, so an advisor can check it against the calendar the agreement means.

Whether a term that ends on a weekend or holiday moves to the next working day (as the
Algemene termijnenwet does for statutory terms) is an option (``roll_forward``); an answer it
changes says so.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from ..errors import UserError
from ..settings import CALENDAR_YEARS

FIRST_YEAR, LAST_YEAR = CALENDAR_YEARS
FIRST_DAY, LAST_DAY = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)


class DateOutOfRange(UserError):
    """A date or year the engine does not answer for (see ``settings.CALENDAR_YEARS``)."""


def range_text() -> str:
    return f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def check_date(day: dt.date, name: str) -> dt.date:
    """``day`` if the engine answers for it; else DateOutOfRange naming the parameter and the range."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateOutOfRange(f"{name}: {day.isoformat()} is outside the supported range {range_text()}")
    return day


def check_year(year: int, name: str = "year") -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateOutOfRange(f"{name}: {year} is outside the supported years {FIRST_YEAR} to {LAST_YEAR}")
    return year


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("NL", years=[year], language="nl"))


def holiday_name(day: dt.date) -> str | None:
    return _holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def why_not_working(day: dt.date) -> str:
    name = holiday_name(day)
    if name:
        return f"{day.isoformat()} {name}"
    return f"{day.isoformat()} {'zaterdag' if day.weekday() == 5 else 'zondag'}"


@dataclass
class Computation:
    """A computed date and how it was found."""

    due: dt.date | None
    steps: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rolled: bool = False  # moved to the next working day by the roll-forward option
    computable: bool = True


def add_working_days(start: dt.date, n: int) -> Computation:
    """The n-th working day after `start` (the day of the event itself does not count)."""
    if n < 0:
        raise ValueError("a number of working days cannot be negative")
    c = Computation(start, [f"anchor {start.isoformat()}", f"+{n} werkdagen"])
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
        else:
            c.skipped.append(why_not_working(day))
    c.due = day
    return c


def add_months(start: dt.date, n: int) -> dt.date:
    """`start` plus n calendar months; the day is clamped to the end of a shorter month
    (31 January + 1 month = 28 or 29 February)."""
    month0 = start.month - 1 + n
    year, month = start.year + month0 // 12, month0 % 12 + 1
    day = min(start.day, _cal.monthrange(year, month)[1])
    return dt.date(year, month, day)


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def add_period(start: dt.date, count: int, unit: str, ordinal: int | None = None) -> Computation:
    """A period after an anchor: werkdag, kalenderdag, week, maand, jaar. With an ordinal
    ("uiterlijk de tweede maand na ..."), the end of that month after the anchor's month."""
    if unit == "werkdag":
        return add_working_days(start, count)
    c = Computation(None, [f"anchor {start.isoformat()}"])
    if unit == "kalenderdag":
        c.due = start + dt.timedelta(days=count)
        c.steps.append(f"+{count} kalenderdagen")
    elif unit == "week":
        c.due = start + dt.timedelta(weeks=count)
        c.steps.append(f"+{count} weken")
    elif unit == "maand":
        if ordinal:
            m = add_months(dt.date(start.year, start.month, 1), ordinal)
            c.due = end_of_month(m.year, m.month)
            c.steps.append(f"end of the {ordinal}e maand after {start.strftime('%Y-%m')}")
        else:
            c.due = add_months(start, count)
            c.steps.append(f"+{count} maanden (end-of-month clamped)")
    elif unit == "jaar":
        c.due = add_months(start, 12 * count)
        c.steps.append(f"+{count} jaar")
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return c


ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


def _nth(n: int) -> str:
    return ORDINAL.get(n, f"{n}th") if n % 100 not in (11, 12, 13) else f"{n}th"


def arises_after(start: dt.date, count: int, unit: str, exclusive: bool) -> Computation:
    """The first day on which a norm exists that arises once a state begun by an event on
    `start` has lasted a period: "gedurende een periode van meer dan tien (10) werkdagen ...
    niet kan nakomen" (count 10, werkdag, exclusive) gives the 11th working day after the event;
    "na een termijn van 30 dagen" (30, kalenderdag, exclusive) the 31st day. The day of the event
    itself does not count, as for a term after an event; for working days the steps also give the
    day on which the norm would exist if it did (the state began at the start of that day)."""
    if count < 0:
        raise ValueError("a period cannot be negative")
    n = count + 1 if exclusive else count
    more = "more than " if exclusive else ""
    if unit == "werkdag":
        c = add_working_days(start, n)
        c.steps = [f"the event {start.isoformat()} (the day itself not counted)",
                   f"{more}{count} werkdagen: the norm exists from the {_nth(n)} werkdag after the event",
                   f"{_nth(n)} werkdag: {c.due.isoformat() if c.due else '?'}"]
        if is_working_day(start) and n > 0:
            alt = add_working_days(start, n - 1).due if n > 1 else start
            c.steps.append(f"if the day of the event itself counts as the first werkdag of the period: "
                           f"from {alt.isoformat() if alt else '?'}")
        return c
    end = add_period(start, count, unit)
    assert end.due is not None
    c = Computation(end.due + dt.timedelta(days=1) if exclusive else end.due,
                    [f"the event {start.isoformat()} (the day itself not counted)"] + end.steps[1:])
    c.steps.append(f"the period of {count} {unit} ends {end.due.isoformat()}"
                   + (f"; the norm exists from the day after: {c.due.isoformat() if c.due else '?'}" if exclusive
                      else "; the norm exists from that day"))
    return c


def fixed_day(year: int, month: int, day: int, inclusive: bool) -> Computation:
    """"uiterlijk op 1 december" (inclusive): 1 December; "vóór 1 maart" (exclusive): the day
    before, 28 or 29 February."""
    d = dt.date(year, month, day)
    c = Computation(d, [f"{d.isoformat()} ({'uiterlijk op' if inclusive else 'vóór'})"])
    if not inclusive:
        c.due = d - dt.timedelta(days=1)
        c.steps.append(f"the day before: {c.due.isoformat()}")
    return c


def roll_forward(c: Computation) -> Computation:
    """Moves a due date on a weekend or holiday to the next working day."""
    if c.due is None or is_working_day(c.due):
        return c
    day = c.due
    while not is_working_day(day):
        c.skipped.append(why_not_working(day))
        day += dt.timedelta(days=1)
    c.steps.append(f"rolled forward to the next working day {day.isoformat()} (option roll_forward)")
    c.due, c.rolled = day, True
    return c


def quarter_ends(year: int) -> list[dt.date]:
    return [end_of_month(year, m) for m in (3, 6, 9, 12)]
