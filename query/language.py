"""The language of a question (Dutch or English), by simplemma's word lists: the share of its
words that are words of each language. Dutch first: a question that is as Dutch as it is English
("overmacht DVO", "Stein 2027") is Dutch."""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("nl", "en")
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’|„[^”“]*[”“]')


@lru_cache(maxsize=4096)
def question_language(text: str) -> str:
    """"nl" or "en": the language most of the question's words belong to (simplemma.langdetect,
    restricted to the two); "nl" on a tie and for a question without known words. A term in
    quotes is what is asked about, not the asker's language ('What does "Beschermd wonen" mean?')."""
    from simplemma import langdetect

    unquoted = QUOTED.sub(" ", text)
    scores = dict(langdetect(unquoted if unquoted.strip() else text, lang=LANGUAGES))
    return "en" if scores.get("en", 0.0) > scores.get("nl", 0.0) else "nl"
