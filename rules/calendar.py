"""The date engine: Dutch working days, month arithmetic, and the structured deadlines of the
norms turned into dates, each with the steps of its computation.

Working days are Monday to Friday that are not holidays of one of two calendars:

- ``holidays-nl`` (the default): the Dutch public holidays of the maintained ``holidays``
  library (country "NL"), which include Good Friday, and Liberation Day (5 May) only in lustrum
  years;
- ``atw``: the Algemene termijnenwet (BWBR0002448), kept as dated data with its sources in
  ``atw.yaml``: the days of art. 3 lid 1 (5 May every year), Good Friday (lid 2), and the days
  the government declared equal to them (lid 3), per year as published. Where the declared days of
  a year are not in the data, every computation that touches that year says so.

``DVO_KB_WORKING_DAYS`` (``holidays-nl`` or ``atw``) chooses the calendar that counts working
days; every computation names it and lists the days it skipped, and notes where the other calendar
would give another date. Whether a term that ends on a weekend or holiday moves to the next
working day is an option (``roll_forward``); it follows the Atw (art. 1), with the Atw calendar,
and an answer it changes says so.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import holidays
import yaml
from dateutil.easter import easter

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


class NoSuchDay(ValueError):
    """A date written in a known form that names no day ("2027-02-31", "29-02-2026")."""


# the forms of a date a reader may type: ISO 8601 (2026-12-24) and the Dutch day-month-year
# (24-12-2026, 24/12/2026); anything else is no date
DAY_FORMS = (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
             re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"))


def parse_day(text: str) -> dt.date:
    """A day as a reader types it (DAY_FORMS); ValueError for no date, NoSuchDay for a date in a
    known form that does not exist."""
    for rx in DAY_FORMS:
        m = rx.fullmatch(text.strip())
        if m is not None:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                raise NoSuchDay(text) from None
    raise ValueError(text)


def check_year(year: int, name: str = "year") -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateOutOfRange(f"{name}: {year} is outside the supported years {FIRST_YEAR} to {LAST_YEAR}")
    return year


# -- the calendars of working days ---------------------------------------------------------------
WORKING_DAYS_ENV = "DVO_KB_WORKING_DAYS"
ATW_FILE = Path(__file__).with_name("atw.yaml")


class WorkingDays:
    """A calendar of working days: Monday to Friday that are not its holidays."""

    name = ""
    label = ""
    short = ""

    def holiday_name(self, day: dt.date) -> str | None:
        raise NotImplementedError

    def notes(self, year: int) -> list[str]:
        """What this calendar does not know about a year (said, never guessed)."""
        return []

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None


class HolidaysNL(WorkingDays):
    name = "holidays-nl"
    short = "holidays NL"
    label = f"the Dutch public holidays of the holidays library (country NL, version {holidays.__version__})"

    @staticmethod
    @lru_cache(maxsize=64)
    def _year(year: int) -> dict[dt.date, str]:
        return dict(holidays.country_holidays("NL", years=[year], language="nl"))

    def holiday_name(self, day: dt.date) -> str | None:
        return self._year(day.year).get(day)


@cache
def atw_data() -> dict[str, Any]:
    """rules/atw.yaml: the days of the Algemene termijnenwet with their sources."""
    with ATW_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


class Atw(WorkingDays):
    name = "atw"
    short = "Atw"
    label = "the Algemene termijnenwet (BWBR0002448) art. 3, with the days declared under lid 3 (rules/atw.yaml)"

    @staticmethod
    @lru_cache(maxsize=256)
    def _year(year: int) -> dict[dt.date, str]:
        data = atw_data()
        days: dict[dt.date, str] = {}
        if year >= int(data["valid_from_year"]):
            for h in data["holidays"]:
                if h.get("valid_from") and dt.date(year, 12, 31) < h["valid_from"]:
                    continue
                if "easter" in h:
                    day = easter(year) + dt.timedelta(days=int(h["easter"]))
                else:
                    day = dt.date(year, int(h["month"]), int(h["day"]))
                    if h.get("if_sunday") and day.weekday() == 6:
                        day += dt.timedelta(days=int(h["if_sunday"]))
                days[day] = f"{h['name']} ({h['reference'].split(' (')[0]})"
        for dec in data["declared"]:
            for d in dec["days"]:
                if d["date"].year == year:
                    days[d["date"]] = f"{d['name']}, gelijkgesteld (Atw art. 3 lid 3: {dec['decision']})"
        return days

    def holiday_name(self, day: dt.date) -> str | None:
        return self._year(day.year).get(day)

    def notes(self, year: int) -> list[str]:
        data = atw_data()
        if year < int(data["valid_from_year"]):
            return [f"the Atw calendar in rules/atw.yaml starts in {data['valid_from_year']}: the holidays of {year} "
                    f"are not in the data (only weekends were skipped in {year})"]
        if not any(year in dec["years"] for dec in data["declared"]):
            return [f"the days declared equal to a holiday for {year} (Atw art. 3 lid 3, published in the "
                    f"Staatscourant) are not in rules/atw.yaml: a declared day may be missing from this count"]
        return []


HOLIDAYS_NL = HolidaysNL()
ATW = Atw()
CALENDARS: dict[str, WorkingDays] = {"holidays-nl": HOLIDAYS_NL, "holidays": HOLIDAYS_NL, "atw": ATW}


def working_days_calendar(name: str | None = None) -> WorkingDays:
    """The calendar named, or the one ``DVO_KB_WORKING_DAYS`` chooses (default ``holidays-nl``)."""
    if name is None:
        from ..settings import load_settings

        name = load_settings().working_days
    wanted = (name or "holidays-nl").strip().lower()
    if wanted not in CALENDARS:
        raise UserError(f"unknown working-day calendar {wanted!r} ({WORKING_DAYS_ENV}); choose holidays-nl or atw")
    return CALENDARS[wanted]


def holiday_name(day: dt.date, cal: WorkingDays | None = None) -> str | None:
    return (cal or working_days_calendar()).holiday_name(day)


def is_working_day(day: dt.date, cal: WorkingDays | None = None) -> bool:
    return (cal or working_days_calendar()).is_working_day(day)


def why_not_working(day: dt.date, cal: WorkingDays | None = None) -> str:
    name = holiday_name(day, cal)
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
    calendar: str | None = None  # the calendar that counted the working days (None: none counted)
    rolled_with: str | None = None  # the calendar with which the date was rolled forward
    notes: list[str] = field(default_factory=list)  # what the calendars do not know, other readings

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _count(start: dt.date, n: int, cal: WorkingDays) -> tuple[dt.date, list[str]]:
    day, counted, skipped = start, 0, []
    while counted < n:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
        else:
            skipped.append(why_not_working(day, cal))
    return day, skipped


def add_working_days(start: dt.date, n: int, cal: WorkingDays | None = None) -> Computation:
    """The n-th working day after `start` (the day of the event itself does not count), counted
    with `cal` (default: the calendar ``DVO_KB_WORKING_DAYS`` chooses). The computation names
    the calendar, says what it does not know about the years it touches, and notes the date the
    other calendar would give where that differs."""
    if n < 0:
        raise ValueError("a number of working days cannot be negative")
    cal = cal or working_days_calendar()
    c = Computation(start, [f"anchor {start.isoformat()}", f"+{n} werkdagen"], calendar=cal.name)
    c.due, c.skipped = _count(start, n, cal)
    c.steps.append(f"working days counted with {cal.label}")
    for year in range(start.year, c.due.year + 1):
        for text in cal.notes(year):
            c.note(text)
    other = ATW if cal is not ATW else HOLIDAYS_NL
    alt, _ = _count(start, n, other)
    if alt != c.due:
        c.note(f"counted with {other.label}: {alt.isoformat()}")
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


def _signed(count: int) -> str:
    """+2, or -1 for a period before the anchor (not "+-1")."""
    return f"+{count}" if count >= 0 else f"-{-count}"


def add_period(start: dt.date, count: int, unit: str, ordinal: int | None = None,
               cal: WorkingDays | None = None) -> Computation:
    """A period after an anchor: werkdag, kalenderdag, week, maand, jaar. With an ordinal
    ("uiterlijk de tweede maand na ..."), the end of that month after the anchor's month."""
    if unit == "werkdag":
        return add_working_days(start, count, cal)
    c = Computation(None, [f"anchor {start.isoformat()}"])
    if unit == "kalenderdag":
        c.due = start + dt.timedelta(days=count)
        c.steps.append(f"{_signed(count)} kalenderdagen")
    elif unit == "week":
        c.due = start + dt.timedelta(weeks=count)
        c.steps.append(f"{_signed(count)} weken")
    elif unit == "maand":
        if ordinal:
            m = add_months(dt.date(start.year, start.month, 1), ordinal)
            c.due = end_of_month(m.year, m.month)
            c.steps.append(f"end of the {ordinal}e maand after {start.strftime('%Y-%m')}")
        else:
            c.due = add_months(start, count)
            c.steps.append(f"{_signed(count)} maanden (end-of-month clamped)")
    elif unit == "jaar":
        c.due = add_months(start, 12 * count)
        c.steps.append(f"{_signed(count)} jaar")
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return c


ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


def _nth(n: int) -> str:
    return ORDINAL.get(n, f"{n}th") if n % 100 not in (11, 12, 13) else f"{n}th"


def arises_after(start: dt.date, count: int, unit: str, exclusive: bool, cal: WorkingDays | None = None) -> Computation:
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
        cal = cal or working_days_calendar()
        c = add_working_days(start, n, cal)
        c.steps = [f"the event {start.isoformat()} (the day itself not counted)",
                   f"{more}{count} werkdagen: the norm exists from the {_nth(n)} werkdag after the event",
                   f"{_nth(n)} werkdag: {c.due.isoformat() if c.due else '?'}",
                   f"working days counted with {cal.label}"]
        if cal.is_working_day(start) and n > 0:
            alt = add_working_days(start, n - 1, cal).due if n > 1 else start
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


def roll_forward(c: Computation, cal: WorkingDays | None = None) -> Computation:
    """Moves a due date on a Saturday, Sunday or holiday to the next day that is none, as the
    Algemene termijnenwet does for a statutory term (art. 1 lid 1), with the Atw calendar
    (``atw.yaml``) unless another is given. The computation says that it moved and with which
    calendar, and what that calendar does not know about the year."""
    if c.due is None:
        return c
    cal = cal or ATW
    for text in cal.notes(c.due.year):
        c.note(text)
    if cal.is_working_day(c.due):
        return c
    day = c.due
    while not cal.is_working_day(day):
        c.skipped.append(why_not_working(day, cal))
        day += dt.timedelta(days=1)
        for text in cal.notes(day.year):
            c.note(text)
    c.steps.append(f"rolled forward to the next day that is no Saturday, Sunday or holiday: {day.isoformat()} "
                   f"(option roll_forward, as Atw art. 1 lid 1 does for a term set by law; holidays: {cal.label})")
    c.due, c.rolled, c.rolled_with = day, True, cal.name
    return c


def quarter_ends(year: int) -> list[dt.date]:
    return [end_of_month(year, m) for m in (3, 6, 9, 12)]
