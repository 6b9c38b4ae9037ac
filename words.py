"""General words of dates and numbers, Dutch and English: ``words.yaml`` beside this module, read
once. The one place for month names, weekdays and number words (the question tagger, the
extractor, the pages and the diff read them here)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS = Path(__file__).with_name("words.yaml")


@cache
def words() -> dict[str, Any]:
    with WORDS.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def municipality_names() -> frozenset[str]:
    """The municipalities of the Netherlands by the names people write them (words.yaml, with its
    source): to recognise a municipality a text or a question names."""
    return frozenset(str(n) for n in words()["municipalities"])


def month_names(lang: str = "nl") -> list[str]:
    """January to December, as written in ``lang`` ("nl": lower case, "en": capitalised)."""
    return list(words()["months"][lang])


def month_numbers() -> dict[str, int]:
    """Every written month (Dutch and English names, lower case, and abbreviations) -> 1..12."""
    out = {abbr: n for abbr, n in words()["month_abbreviations"].items()}
    for names in words()["months"].values():
        out.update({name.lower(): k for k, name in enumerate(names, 1)})
    return out


def weekdays(lang: str = "nl") -> list[str]:
    """Monday to Sunday, abbreviated, in ``lang``."""
    return list(words()["weekdays"][lang])


def cardinals() -> dict[str, int]:
    """Dutch number words -> the number ("twee": 2, "tweemaal": 2)."""
    return dict(words()["cardinals"])


def number_word(word: str) -> int | None:
    """A Dutch number word as a number: a cardinal ("veertig": 40) or a unit, "en" and a ten
    ("vijfendertig": 35, "tweeëntwintig": 22); None for any other word."""
    w = word.lower()
    table = cardinals()
    if w in table:
        return table[w]
    for joiner in words()["number_joiners"]:
        for unit, u in table.items():
            if 1 <= u <= 9 and w.startswith(unit + joiner):
                ten = table.get(w[len(unit) + len(joiner):])
                if ten is not None and ten in (20, 30, 40, 50, 60, 70, 80, 90):
                    return ten + u
    return None


def minimum_period_words() -> tuple[str, ...]:
    """The Dutch words that make a period a minimum ("minimaal", "ten minste", ...)."""
    return tuple(words()["minimum_period"])


def says_minimum(text: str | None) -> bool:
    """Does a Dutch text make its period a minimum ("een opzegtermijn van minimaal één jaar")?"""
    lower = (text or "").lower()
    return any(w in lower for w in minimum_period_words())


def calendar_words() -> dict[str, str]:
    """The Dutch words of an .ics calendar's events (``calendar`` in words.yaml)."""
    return {k: str(v) for k, v in words()["calendar"].items()}


def after_duration(start: dt.date, duration: str | None) -> dt.date | None:
    """The first day after a duration in words from ``start`` ("vier jaar" from 1 January 2026:
    1 January 2030); None when the words are not a number of years."""
    if not duration:
        return None
    parts = duration.lower().split()
    if len(parts) != 2 or parts[1] not in ("jaar", "jaren"):
        return None
    n = int(parts[0]) if parts[0].isdigit() else number_word(parts[0])
    if n is None:
        return None
    try:
        return start.replace(year=start.year + n)
    except ValueError:  # 29 February
        return start.replace(year=start.year + n, day=28)
