"""The tagger of the question language: a question -> tags for ``question.lark``.

Function words come from ``lexicon/keywords.yaml``, words without meaning from
``lexicon/stopwords.yaml``, general words from ``lexicon/entities.yaml``, and names from the knowledge
base itself (the SKOS labels of topics, events and actions in the ontology, the names of parties
and documents: ``names.py``). The longest phrase wins. Dates and quoted terms are recognised first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from ..ontology.namespace import DVO_NS
from ..words import month_numbers

if TYPE_CHECKING:
    from collections.abc import Callable

    from .names import Names

LEXICON = Path(__file__).with_name("lexicon")

MONTHS = month_numbers()  # every written month, Dutch and English (dvo_kb/words.yaml)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_BEFORE = r"(?:(?P<before>voor|vóór|before|uiterlijk(?:\s+op)?|by|no later than|prior to|ten laatste)\s+)?"
_ON = r"(?:(?:op|on|per|at|as of|as at)\s+)?"
DATE_PATTERNS = [
    re.compile(_BEFORE + _ON + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(_BEFORE + _ON + r"(?P<d>\d{1,2})(?:st|nd|rd|th|e)?\s+(?:of\s+)?(?P<mon>" + _MONTH + r")\b(?:\s+(?P<y>\d{4}))?"),
    re.compile(_BEFORE + _ON + r"(?P<mon>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?"),
]
QUOTED = re.compile(r"[\"'‘’“”«»]([^\"'‘’“”«»]{1,80})[\"'‘’“”«»]")
WORD = re.compile(r"[\w]+(?:[-/'’][\w]+)*", re.UNICODE)


@dataclass(frozen=True)
class Tag:
    type: str
    value: Any
    text: str
    start: int  # character offsets in the normalised question
    end: int


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[tuple[str, Any]]] = field(default_factory=dict)
    stop: set[tuple[str, ...]] = field(default_factory=set)
    longest: int = 1
    # the names of documents made of parts ("de DVO met Beek uit 2020"), read when asked (names.Composer)
    composer: Callable[[tuple[str, ...]], list[tuple[str, Any]]] | None = None

    def lookup(self, words: tuple[str, ...]) -> list[tuple[str, Any]] | None:
        """The readings of a phrase (its words), or None."""
        entries = self.phrases.get(words)
        if self.composer is not None and len(words) <= self.longest:
            composed = self.composer(words)
            if composed:
                entries = (entries or []) + [e for e in composed if e not in (entries or [])]
        return entries or None

    def add(self, phrase: str, type_: str, value: Any) -> None:
        words = tuple(WORD.findall(fold(phrase)))
        if not words:
            return
        entries = self.phrases.setdefault(words, [])
        if (type_, value) not in entries:
            entries.append((type_, value))
        self.longest = max(self.longest, len(words))


def fold(text: str) -> str:
    """Lower case, curly quotes straightened, accents kept (ë, é are Dutch letters)."""
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


@lru_cache(maxsize=1 << 16)  # each word of a question is looked up in every phrase it starts or ends
def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1)
def entity_lexicon() -> dict[str, Any]:
    data: dict[str, Any] = _load("entities.yaml")
    return data


def _load(name: str) -> Any:
    with (LEXICON / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def build_lexicon(ontology: Graph, graph_names: Names | None = None) -> Lexicon:
    """The lexicon: keywords, entities, stopwords, the ontology's SKOS labels, and names from
    the knowledge base (``graph_names``: its phrases, phrase -> [(type, value)], and the
    composer of the names made of parts)."""
    lex = Lexicon()
    for token, phrases in _load("keywords.yaml").items():
        for ph in phrases:
            lex.add(str(ph), token, None)
    ent = _load("entities.yaml")
    for section, token in (("kinds", "KIND"), ("roles", "ROLE"), ("objects", "OBJECT")):
        for value, phrases in ent[section].items():
            for ph in phrases:
                lex.add(ph, token, value)
    # concepts: the ontology's own labels, then the synonyms of entities.yaml
    concept_phrases: dict[str, set[str]] = {}
    for s, p, o in ontology.triples((None, None, None)):
        if p in (SKOS.prefLabel, SKOS.altLabel) and isinstance(o, Literal) and str(s).startswith(DVO_NS):
            local = str(s)[len(DVO_NS):]
            if local.split("-", 1)[0] in ("topic", "event", "action"):
                concept_phrases.setdefault(str(o), set()).add(local)
    for local, phrases in ent["concepts"].items():
        for ph in phrases:
            concept_phrases.setdefault(ph, set()).add(local)
    for ph, locals_ in concept_phrases.items():
        lex.add(ph, "CONCEPT", frozenset(locals_))
    for ph in _load("stopwords.yaml"):
        words = tuple(WORD.findall(fold(str(ph))))
        if words:
            lex.stop.add(words)
            lex.longest = max(lex.longest, len(words))
    if graph_names is not None:
        for ph, entries in graph_names.phrases.items():
            for type_, value in entries:
                lex.add(ph, type_, value)
        lex.composer = graph_names.composer
        lex.longest = max(lex.longest, graph_names.composer.longest)
    _merge_concepts(lex)
    return lex


def _merge_concepts(lex: Lexicon) -> None:
    """A phrase that names several concepts (overmacht: topic and event) is one CONCEPT tag."""
    for words, entries in lex.phrases.items():
        concepts = [v for t, v in entries if t == "CONCEPT"]
        if len(concepts) > 1:
            merged = frozenset().union(*concepts)
            lex.phrases[words] = [e for e in entries if e[0] != "CONCEPT"] + [("CONCEPT", merged)]


PRIORITY = ["DOC", "PARTY", "ROLE", "KIND", "OBJECT", "CONCEPT"]


def _choose(entries: list[tuple[str, Any]]) -> tuple[str, Any]:
    """Several readings of one phrase: a keyword beats a name, then the order of PRIORITY."""
    keywords = [e for e in entries if e[0] not in PRIORITY]
    if keywords:
        return keywords[0]
    return sorted(entries, key=lambda e: PRIORITY.index(e[0]))[0]


def tag(question: str, lex: Lexicon) -> list[Tag]:
    text = fold(question)
    spans: list[Tag] = []
    taken = [False] * len(text)

    def claim(m: re.Match[str], t: Tag) -> None:
        spans.append(t)
        for i in range(m.start(), m.end()):
            taken[i] = True

    for m in QUOTED.finditer(text):
        claim(m, Tag("TERM", m.group(1).strip(), m.group(0), m.start(), m.end()))
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS[g["mon"]]
            day = int(g["d"])
            year = int(g["y"]) if g.get("y") else None
            value = {"month": month, "day": day, "year": year, "before": bool(g.get("before"))}
            claim(m, Tag("DATE", value, m.group(0), m.start(), m.end()))
    words = []
    for m in WORD.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        if "/" in m.group(0) and lex.lookup((m.group(0),)) is None:  # "Huizen/BEL", "Beek/Stein": each name
            pos = m.start()
            for part in m.group(0).split("/"):
                words.append((part, pos, pos + len(part)))
                pos += len(part) + 1
        else:
            words.append((m.group(0), m.start(), m.end()))
    i = 0
    while i < len(words):
        # a Dutch compound written as two words ("privacy protocol"): the lexicon's one word
        joined = (words[i][0] + words[i + 1][0],) if i + 1 < len(words) else None
        if joined and len(joined[0]) >= 8 and (entries := lex.lookup(joined)) \
                and not lex.lookup((words[i][0], words[i + 1][0])):
            t, v = _choose(entries)
            spans.append(Tag(t, v, text[words[i][1]:words[i + 1][2]], words[i][1], words[i + 1][2]))
            i += 2
            continue
        for n in range(min(lex.longest, len(words) - i), 0, -1):
            seq = words[i:i + n]
            # phrases are contiguous in the question (no tag between their words)
            if n > 1 and any(spans and s.start > seq[0][1] and s.end < seq[-1][2] for s in spans):
                continue
            key = tuple(w for w, _, _ in seq)
            alt = tuple(_strip_accents(w) for w in key)
            entries = lex.lookup(key) or (lex.lookup(alt) if alt != key else None)
            if entries:
                t, v = _choose(entries)
                spans.append(Tag(t, v, text[seq[0][1]:seq[-1][2]], seq[0][1], seq[-1][2]))
                i += n
                break
            if key in lex.stop or alt in lex.stop:
                i += n
                break
        else:
            w, s, e = words[i]
            singular = _singular(w)
            entries = lex.lookup((singular,)) if singular else None
            if entries:
                t, v = _choose(entries)
                spans.append(Tag(t, v, w, s, e))
            else:
                spans.append(Tag("WORD", w, w, s, e))
            i += 1
    spans.sort(key=lambda t: t.start)
    return [t for t in spans if not (t.type == "SURVIVE" and _period_after(text, t.end))]


@lru_cache(maxsize=1)
def _period_rx() -> re.Pattern[str]:
    """"van het kwartaal", "of a quarter": a period named right after (lexicon/survival.yaml periods)."""
    data = _load("survival.yaml")
    words = sorted({fold(w) for lang in ("nl", "en") for w in data["periods"][lang]}, key=len, reverse=True)

    def alternatives(key: str) -> str:
        return "|".join(re.escape(fold(w)) for w in data[key])

    return re.compile(rf"\s+(?:van|of)\s+(?:(?:{alternatives('period_determiners')})\s+)?"
                      rf"(?:(?:{alternatives('period_adjectives')})\s+)?"
                      r"(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _period_after(text: str, end: int) -> bool:
    """Does the end a SURVIVE phrase speaks of belong to a period ("after the end of a quarter":
    a deadline), not to the agreement?"""
    return _period_rx().match(text, end) is not None


def _singular(word: str) -> str | None:
    """A last try for inflected forms the lexicon does not list: English plural -s, Dutch -en."""
    for suffix in ("s", "en", "n"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def stopword_count() -> int:
    return len(_load("stopwords.yaml"))
