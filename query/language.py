"""The language of a question (Dutch or English). Dutch first: a question that is as Dutch as it
is English ("overmacht DVO", "Stein 2027"), or that has no word of either ("xq zz"), is Dutch.

1. Function words decide where a question has them: the Dutch and the English lists of
   lexicon/text_stopwords.yaml (de, het, wie, moet ... / the, who, must ...).
2. Otherwise (a search-box query: "opzegtermijn sok", "notice period sok") simplemma's
   langdetect restricted to the two ("xq zz qwv", no word of either: Dutch).
A term in quotes is what is asked about, not the asker's language ('What does "Beschermd wonen"
mean?')."""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("nl", "en")
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’|„[^”“]*[”“]')
WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    from .textindex import load_stopwords_by_language

    words = load_stopwords_by_language()  # lexicon/text_stopwords.yaml
    nl, en = words["nl"], words["en"]
    return {"nl": nl - en, "en": en - nl}  # a word of both lists tells nothing


@lru_cache(maxsize=4096)
def question_language(text: str) -> str:
    """"nl" or "en" (see the module)."""
    import simplemma

    from .textindex import fold

    unquoted = QUOTED.sub(" ", text)
    tokens = [fold(w) for w in WORD.findall(unquoted if unquoted.strip() else text)]
    fw = _function_words()
    nl, en = (sum(t in fw[lang] for t in tokens) for lang in LANGUAGES)
    if nl != en:
        return "en" if en > nl else "nl"
    scores = dict(simplemma.langdetect(unquoted if unquoted.strip() else text, lang=LANGUAGES))
    return "en" if scores.get("en", 0.0) > scores.get("nl", 0.0) else "nl"
