"""A full-text index over every lid of the corpus, beneath the question language.

The units of the index are the lids (an article without numbered leden has one lid, ``/lid/0``).
Each unit is indexed by its verbatim text, its article's heading (or the title of its chapter),
the names of its document, the Dutch and English SKOS labels of the actions, triggers and topics
of the provisions that have the lid (or one of its items) as source, and the terms the lid
defines. Everything is read from the built graph through the knowledge base, by the SPARQL in
``index/*.rq``; no user text ever enters a query.

Analysis, Dutch and English (``Analyzer``): lower case and accent folding; lemmas by simplemma;
Snowball stems by PyStemmer; Dutch compounds split into parts the index knows
(*bewaartermijnen* -> *bewaar* + *termijn*), on the indexed side and in questions; stopwords from
``lexicon/text_stopwords.yaml``; numbers and years kept. A question word that matches nothing
is corrected against the index's words when it is one or two edits away (rapidfuzz). English
reaches the Dutch text through ``lexicon/glossary.yaml`` and the ontology's nl/en labels.

Ranking: bm25s (its precomputed sparse score matrix). A question is a list of groups, one per
word or glossary phrase; a group's alternatives (the word as Dutch, as English, its compound
parts, its glossary translations, a typo correction) are scored by bm25s and the best
alternative counts, so that synonyms do not add up. A group weighs less when it matches most of
the lids searched (``_group_weights``: a named document's name is in all its lids); a lid whose
text has two neighbouring groups one after the other, or whose heading matches groups, weighs more.

The index is built with the graph and cached beside its dump (``load_or_build``), under a name
derived from the graph's build fingerprint and the index's own inputs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import sparql

if TYPE_CHECKING:
    import numpy as np

    from ..store import KnowledgeBase

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
QUERIES = HERE / "index"
LEXICON = HERE / "lexicon"
LEMMAS = QUERIES / "lemmas.tsv"
GLOSSARY = LEXICON / "glossary.yaml"
DICTIONARY = LEXICON / "dictionary.yaml"
STOPWORDS = LEXICON / "text_stopwords.yaml"
PARTICLES = LEXICON / "particles.yaml"
FIXED_LEMMAS = LEXICON / "lemmas.yaml"
FIXED_STEMS = LEXICON / "stems.yaml"
FORMAT = 2  # of the cached index; raise it when the layout of the cache changes

# -- weights (tuned on tests/data/advisors/dev.yaml only) -----------------------------------
FIELD_WEIGHTS = {"text": 1, "heading": 1, "chapter": 1, "document": 3, "concept": 1, "defined": 2, "cited": 1}
W_GLOSSARY = 0.9  # a translation from lexicon/glossary.yaml
WHOLE = {"en": "en=", "nl": "nl="}  # the language marks of the keys of the glossary's whole phrases
W_LABEL = 0.7  # a translation from the ontology's nl/en labels
# a Dutch phrase of the glossary ("beschermd wonen") weighs each of its n words w / n ** PHRASE_DIVIDE:
# its words together count more than one of them alone, less than as many words of their own (the
# seven development halves, recall / precision in sum: 1 (each word w / n) 6.438 / 5.975, 0.5 6.480 /
# 6.021, 0 6.450 / 6.008)
PHRASE_DIVIDE = 0.5
# the words of a phrase of the glossary ("data breach", "report a data breach") searched as they are
# written weigh 1 / n ** OWN_PHRASE_DIVIDE each: the phrase means what the glossary gives it, and
# its words one by one ("breach" of contract, "report") should not outweigh that (eighteenth
# session, 21 dev halves, recall / precision in sum: 0 (each word 1) 19.589 / 18.086, 0.5 19.596 /
# 18.112, 1 19.621 / 18.167, 1.5 19.608 / 18.156, 3 19.618 / 18.156)
OWN_PHRASE_DIVIDE = 1.0
W_DICTIONARY = 0.6  # a word of lexicon/dictionary.yaml, where neither of those has it (0.4, 0.6, 0.8 on the five dev halves: 0.6, by a little)
# an everyday paraphrase of the dictionary (en_more, asked_more: "person to talk to", "nieuw idee"),
# where none of the above has the words (seven dev halves, recall / precision in sum: none 6.505 /
# 6.041; 0.6 6.480 / 6.047; 0.3 and 0.45 6.500 / 6.072)
W_MORE = 0.4
# a phrase of the dictionary over a word the glossary has ("new idea": "new" is "nieuw") is searched
# as a group of its own beside the glossary's word (with 0.6 above: off 6.485 / 6.020, on 6.480 / 6.047)
PHRASE_ASIDE = True
W_PART = 0.6  # each part of a split compound (against the whole word)
# a heading that matches only a part of a question's compound counts this much of a heading
# match ("verwerkersovereenkomst" and the heading "Verantwoordelijke en verwerker": a privacy
# officer's trial saw the lids that say the word dropped for it); 21 dev halves: 1, 0.75, 0.5
# 20.484 / 18.981, 0.25 20.459 / 18.981, 0 (and all parts together) 20.444 / 18.907
HEADING_PART = 0.5
LAW_TITLE_WORDS = 6  # a law's title of at most this many words is a name of it beside its short title
W_FUZZY = 0.8  # a typo correction
K1, B = 1.2, 0.75
# a question's word that matches more than LOCAL_SHARE of the lids searched (the named document's
# name, its title's words) weighs less, down to LOCAL_FLOOR when it matches them all (_group_weights;
# dev and round2-dev: flat from 0.2 to 0.3, both; 0.5 gains less)
LOCAL_SHARE, LOCAL_FLOOR = 0.3, 0.3
# a lid whose text has two neighbouring words of the question one after the other ("op de hoogte
# stellen", "medewerkers van het Participatiebedrijf") weighs PHRASE more (at most PHRASE_MAX pairs
# count; a pair weighs as its lighter word, see LOCAL_SHARE). dev and round2-dev: 0.2 and 1 keep dev
# and help round2-dev; 0.3 or more costs dev precision, more pairs (2, 3) cost round2-dev
PHRASE, PHRASE_MAX = 0.2, 1
# a word of a party's name ("Stein", "Sittard-Geleen") weighs this much of a content word: the
# parties are in most lids of their documents, and the names of three parties in a question
# outweighed its one content word (round3-dev)
LIGHT = 0.3
# the words of the sentences that set out a situation before the question itself weigh this much
# (ask.py _before_question; dev halves recall 16.728 -> 16.795 at 0.9, less at 0.8 and 0.7, 0.3 as
# LIGHT lost; the frozen halves 16.225 -> 16.243, precision 15.032 -> 15.043)
CONTEXT = 0.9
MIN_PART = 4  # the shortest part of a compound
MIN_COMPOUND = 8  # the shortest word that is split
SELECT_FRACTION, SELECT_LIMIT = 0.7, 8  # select(): within 70 % of the best score, at most 8
# Snowball's Dutch stemmer as it was before Snowball 3 (PyStemmer's "dutch" is now the
# Kraaij-Pohlmann one, which strips ge-: gegevens -> geven, gemeente -> meen, Geleen -> leen)
DUTCH = "dutch_porter"
MEMO_LIMIT = 200_000  # words whose analysis is remembered, per language
MAX_QUERY_WORDS = 100  # words of a question that are searched for (after the stopwords)

EN = "en:"  # the mark of an English term
ANNEX = "Bijlage"  # an annex's unit is cited as "<doc> Bijlage <n>", as the texts cite annexes
WORD = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
NUMBER = re.compile(r"\d")
CLAUSE = re.compile(r"[,;:?!]|\.(?!\d)")  # the marks that end a clause (not a number's point)
POSSESSIVE = "'’"
# a name of capitalised parts joined by hyphens ("Sittard-Geleen", "Echt-Susteren")
NAME = re.compile(r"(?<![\w-])[^\W\d_a-z][^\W\d_]*(?:-[^\W\d_a-z][^\W\d_]*)+(?![\w-])")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents: *Beëindiging* -> *beeindiging*, *cliënt* -> *client*."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def verb_infinitive(stem: str) -> str:
    """The infinitive a Dutch verb stem, as it stands in a compound, comes from: a double vowel
    before the last consonant is halved (*bewaar* -> *bewaren*), a consonant after a single
    vowel is doubled (*opzeg* -> *opzeggen*); then -en."""
    vowels = "aeiou"
    if len(stem) >= 3 and stem[-1] not in vowels:
        if stem[-2] == stem[-3] and stem[-2] in vowels and (len(stem) < 4 or stem[-4] not in vowels):
            return stem[:-2] + stem[-1] + "en"
        if stem[-2] in vowels and stem[-3] not in vowels and stem[-1] not in "wjy":
            return stem + stem[-1] + "en"
    return stem + "en"


ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")  # an acronym's English plural


def words(text: str) -> list[tuple[str, str]]:
    """The words of a text: (as written, folded). Numbers (12.3, 2027) are words. A name's
    possessive 's ("Huizen's department") and a Dutch plural's 's ("taxi's") are left off: the
    word is the name, or the singular the lemma would give."""
    out = []
    for m in WORD.finditer(text):
        w = m.group(0)
        if len(w) > 4 and w[-2] in POSSESSIVE and w[-1] in "sS":
            w = w[:-2]
        elif ACRONYM_PLURAL.fullmatch(w):  # "BSNs", "DVOs", "KPIs": the acronym
            w = w[:-1]
        out.append((w, fold(w)))
    return out


# -- data ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """A lid found by the index."""

    lid: str  # the lid's IRI
    doc: str  # the document id
    article: str  # the article number as printed
    lid_label: str | None  # the lid's label as printed ("2", "16.3"); None for an article without leden
    label: str  # "DVO-2018 art. 12.3", "centrumregeling art. 15 lid 2"
    heading: str | None  # the article's heading, or the title of its chapter
    score: float
    matched_terms: tuple[str, ...]  # the words of the lid text that matched, as written there (to highlight)
    matched_query: tuple[str, ...]  # the words of the question that matched (in the lid text or its labels)
    text: str  # the lid's verbatim text
    # per word group of the question: its words and what it added to this lid's score (weighted,
    # before the phrase and heading factors); 0.0 where the lid does not match it
    groups: tuple[tuple[tuple[str, ...], float], ...] = ()

    @property
    def main_group(self) -> tuple[str, ...] | None:
        """The words of the group that adds most to this lid's score: what it was found by."""
        best = max(self.groups, key=lambda g: g[1], default=None)
        return best[0] if best is not None and best[1] > 0 else None

    def matches_group(self, group: tuple[str, ...]) -> bool:
        """Does this lid match the question's word group ``group`` (its words)?"""
        return any(g == group and v > 0 for g, v in self.groups)

    @property
    def citation(self) -> str:
        """'<doc-id> <article number>', as the test data cite articles."""
        return f"{self.doc} {self.article}"


@dataclass
class Unit:
    """A lid as stored in the index."""

    lid: str
    doc: str
    article: str
    lid_label: str | None
    label: str
    heading: str | None
    text: str
    surfaces: dict[str, list[str]] = field(default_factory=dict)  # term -> the words of the text that give it


@dataclass(frozen=True)
class Alternative:
    """One way to match a group of question words: index terms with their weights."""

    terms: tuple[tuple[str, float], ...]
    how: str  # "word", "part", "glossary", "label", "fuzzy"


@dataclass(frozen=True)
class Group:
    """Question words that count once: a word, or a phrase of the glossary."""

    words: tuple[str, ...]
    alternatives: tuple[Alternative, ...]


# -- analysis ------------------------------------------------------------------------------------
class Analyzer:
    """Lemmas (simplemma), stems (Snowball) and compound splitting against a vocabulary.

    ``terms`` memoises the term of each (language, word); a cached index stores it, so that it
    answers most questions without loading simplemma's dictionaries. ``lemmas`` are lemmas
    known beforehand: ``index/lemmas.tsv`` holds simplemma's lemmas of every word the index of
    the corpus is built from, so that a build need not load them either (about half a second);
    a word that is not there is looked up in simplemma and noted in ``looked_up``."""

    def __init__(self, stopwords: Iterable[str], terms: dict[str, dict[str, str]] | None = None,
                 lemmas: dict[str, dict[str, str]] | None = None) -> None:
        import Stemmer

        self.stop = frozenset(stopwords)
        self.stemmers = {"nl": Stemmer.Stemmer(DUTCH), "en": Stemmer.Stemmer("english")}
        self.terms: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
        for lang, known in (terms or {}).items():
            self.terms[lang] = dict(known)
        self.lemmas: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
        for lang, known in (lemmas or {}).items():
            self.lemmas[lang] = dict(known)
        self.looked_up: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
        self.words: dict[str, int] = {}  # the folded words of the Dutch fields -> in how many units
        self.stems: set[str] = set()  # their stems and terms: what a compound part may be
        self._splits: dict[str, list[str] | None] = {}
        self._fields: dict[tuple[str, str, bool], list[str]] = {}

    def stem(self, word: str, lang: str) -> str:
        return str(self.stemmers[lang].stemWord(word))

    def marked_stem(self, word: str, lang: str) -> str:
        """The stem of a folded word as an index term: English stems carry the English mark."""
        return self.stem(word, lang) if lang == "nl" else EN + self.stem(word, lang)

    def lemma(self, word: str, lang: str) -> str:
        """simplemma's lemma of a lower-case word (from ``lemmas`` when it is there), or the one
        ``lexicon/lemmas.yaml`` gives in its place."""
        known = load_fixed_lemmas().get(lang, {}).get(word) or self.lemmas[lang].get(word)
        if known is None:
            import simplemma

            try:  # low_memory: loads its dictionary in half the time; lookups are few
                known = simplemma.lemmatize(word, lang=lang, low_memory=True)
            except ValueError:
                known = word
            if len(self.lemmas[lang]) < MEMO_LIMIT:  # a server's memory does not grow with every new word
                self.lemmas[lang][word] = self.looked_up[lang][word] = known
        return known

    def term(self, word: str, lang: str) -> str:
        """The index term of a lower-case word: the stem of its folded lemma; English terms are
        marked (``en:``), so that an English word meets the English labels and, through the
        glossary, the Dutch text, but not a Dutch word with the same stem (*controller* is not
        *controle*). Numbers stay. A Dutch compound simplemma does not know takes the lemma of
        its last part (*kwartaalrapportages* -> *kwartaalrapportage*)."""
        memo = self.terms[lang]
        t = memo.get(word)
        if t is None:
            if NUMBER.search(word):
                t = word
            else:
                lemma = fold(self.lemma(word, lang)).replace("_", "")  # aan_passen: a separable verb
                if lang == "nl" and lemma == fold(word) and self.words:
                    parts = self.split(lemma)
                    if parts and lemma.endswith(parts[-1]):
                        lemma = lemma[: len(lemma) - len(parts[-1])] + fold(self.lemma(parts[-1], "nl"))
                fixed = load_fixed_stems().get(lang, {}).get(lemma)
                t = self.marked_stem(lemma, lang) if fixed is None else (fixed if lang == "nl" else EN + fixed)
            if len(memo) < MEMO_LIMIT:
                memo[word] = t
        return t

    def is_stop(self, folded: str) -> bool:
        return folded in self.stop or (len(folded) == 1 and not folded.isdigit())

    def set_vocabulary(self, word_counts: dict[str, int]) -> None:
        """The words that compound parts are checked against (folded, with their unit counts)."""
        self.words = dict(word_counts)
        self.stems = {self.stem(w, "nl") for w in self.words} | {
            self.stem(fold(self.lemma(w, "nl")), "nl") for w in self.words}
        self.terms["nl"].clear()  # terms found before: now compounds have parts
        self._splits.clear()
        self._fields.clear()

    def known_part(self, part: str) -> str | None:
        """The word a compound part stands for when the vocabulary knows it: the part itself, or
        for a verb stem the infinitive (*opzeg* -> *opzeggen*, *bewaar* -> *bewaren*); else None."""
        if len(part) < MIN_PART or part in self.stop or not part.isalpha():
            return None
        if part in self.words or self.stem(part, "nl") in self.stems:
            return part
        infinitive = verb_infinitive(part)
        if infinitive in self.words or self.stem(infinitive, "nl") in self.stems:
            return infinitive
        return None

    def split(self, word: str) -> list[str] | None:
        """A Dutch compound as the words of its parts, when the vocabulary knows every part (the
        longest first part first; a linking -s- is dropped): *kwartaalrapportage* ->
        [kwartaal, rapportage], *opzegtermijn* -> [opzeggen, termijn]. None when it is not one."""
        if word in self._splits:
            return self._splits[word]
        parts = self._split(word)
        if len(self._splits) < MEMO_LIMIT:
            self._splits[word] = parts
        return parts

    def _split(self, word: str, depth: int = 0) -> list[str] | None:
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return None
        best: list[str] | None = None
        for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:i], word[i:]
            heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > MIN_PART else [])
            known = next((k for k in map(self.known_part, heads) if k), None)
            if known is None:
                continue
            last = self.known_part(tail)
            if last:
                return [known, last]
            if depth == 0 and best is None and len(tail) >= 2 * MIN_PART:
                rest = self._split(tail, 1)
                if rest:
                    best = [known, *rest]
        return best

    def field_terms(self, text: str, lang: str, compounds: bool = True,
                    surfaces: dict[str, list[str]] | None = None) -> list[str]:
        """The index terms of a field: per word its term, and for a Dutch compound also the
        terms of its parts. ``surfaces`` collects, per term, the words as written."""
        if surfaces is None:
            memo = self._fields.get((text, lang, compounds))
            if memo is None:
                memo = self._fields[(text, lang, compounds)] = self.field_terms(text, lang, compounds, {})
            return list(memo)
        out: list[str] = []
        for written, folded in words(text):
            if self.is_stop(folded):
                continue
            lower = written.lower()
            produced = [self.term(lower, lang)]
            if compounds and lang == "nl":
                parts = self.split(folded)
                if parts:
                    produced.extend(self.term(p, "nl") for p in parts)
            for t in produced:
                out.append(t)
                seen = surfaces.setdefault(t, [])
                if written not in seen:
                    seen.append(written)
        return out


# -- the glossary --------------------------------------------------------------------------------
@dataclass(frozen=True)
class GlossaryEntry:
    en: tuple[str, ...]  # the words asked with (English; Dutch everyday words for lang "nl")
    nl: tuple[str, ...]  # the Dutch words of the texts
    source: str | None = None
    note: str | None = None
    lang: str = "en"  # the language of ``en``: "nl" for the synonyms section
    how: str = "glossary"  # where it comes from: "glossary" or "dictionary" (lexicon/dictionary.yaml)


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_glossary(path: Path = GLOSSARY) -> list[GlossaryEntry]:
    """The entries of ``lexicon/glossary.yaml``; an entry without a source or a note, or
    without English or Dutch terms, is an error."""
    data = _yaml(path)
    out = []
    for section, lang, asked in (("entries", "en", "en"), ("synonyms", "nl", "asked")):
        for i, e in enumerate(data.get(section) or []):
            en = [e[asked]] if isinstance(e.get(asked), str) else list(e.get(asked) or [])
            nl = [e["nl"]] if isinstance(e.get("nl"), str) else list(e.get("nl") or [])
            if not en or not nl or not (e.get("source") or e.get("note")) or not all(
                    isinstance(x, str) for x in en + nl):
                raise ValueError(f"{path.name}: {section} {i + 1} ({en}) needs {asked}, nl and a source or a note")
            out.append(GlossaryEntry(tuple(en), tuple(nl), e.get("source"), e.get("note"), lang))
            whole = [e["whole"]] if isinstance(e.get("whole"), str) else list(e.get("whole") or [])
            if not all(isinstance(x, str) and len(words(x)) > 1 for x in whole):
                raise ValueError(f"{path.name}: {section} {i + 1} ({en}): whole is a list of phrases of two words or more")
            if whole:
                out.append(GlossaryEntry(tuple(whole), tuple(nl), e.get("source"), e.get("note"), lang, "whole"))
    return out


def load_dictionary(path: Path = DICTIONARY) -> list[GlossaryEntry]:
    """The words of ``lexicon/dictionary.yaml`` as entries like the glossary's (``how``
    "dictionary"; the file's header is their source): per word of the texts, its English words
    and the other Dutch words asked for it. A word without either, or a value that is not a
    string, is an error."""
    data = _yaml(path)
    out = []
    for i, e in enumerate(data.get("words") or []):
        nl, en, asked = e.get("nl"), list(e.get("en") or []), list(e.get("asked") or [])
        if not isinstance(nl, str) or not (en or asked) or not all(isinstance(x, str) for x in en + asked):
            raise ValueError(f"{path.name}: word {i + 1} ({nl!r}) needs nl, and en or asked, all of them text")
        more_en, more_asked = list(e.get("en_more") or []), list(e.get("asked_more") or [])
        if not all(isinstance(x, str) for x in more_en + more_asked):
            raise ValueError(f"{path.name}: word {i + 1} ({nl!r}): en_more and asked_more are lists of text")
        for lang, words_, how in (("en", en, "dictionary"), ("nl", asked, "dictionary"),
                                  ("en", more_en, "more"), ("nl", more_asked, "more")):
            if words_:
                out.append(GlossaryEntry(tuple(words_), (nl,), f"{path.name} (its header)", None, lang, how))
    return out


def load_lemmas(path: Path = LEMMAS) -> dict[str, dict[str, str]]:
    """The lemmas known beforehand (``index/lemmas.tsv``: language, word, lemma; a lemma the
    same as its word is left empty). None when the file is not there."""
    out: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                lang, word, lemma = line.split("\t")
                out[lang][word] = lemma or word
    return out


def write_lemmas(analyzer: Analyzer, path: Path = LEMMAS) -> int:
    """Writes the lemmas the analyzer used (known before and looked up) to ``path``; the count."""
    lines = ["# simplemma's lemmas of the words the text index of the corpus is built from (language, word,",
             "# lemma; empty: the word itself), so that a build need not load simplemma's dictionaries.",
             "# Written by: python -m dvo_kb.query.textindex --write-lemmas (tests/test_textindex.py says when)"]
    rows = sorted((lang, w, "" if lem == w else lem) for lang, known in analyzer.lemmas.items() for w, lem in known.items())
    path.write_text("\n".join(lines + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    return len(rows)


@lru_cache(maxsize=1)
def load_fixed_stems(path: Path = FIXED_STEMS) -> dict[str, dict[str, str]]:
    """The index terms that lexicon/stems.yaml gives in place of Snowball's stems, per language."""
    return load_fixed_lemmas(path)


@lru_cache(maxsize=2)  # read at every lemma looked up: parsed once
def load_fixed_lemmas(path: Path = FIXED_LEMMAS) -> dict[str, dict[str, str]]:
    """The lemmas that lexicon/lemmas.yaml gives in place of simplemma's, per language."""
    data = _yaml(path)
    out: dict[str, dict[str, str]] = {}
    for lang, table in data.items():
        if lang not in ("nl", "en") or not isinstance(table, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            raise ValueError(f"{path.name}: {lang!r} is not a table of words to lemmas in nl or en")
        out[lang] = dict(table)
    return out


@lru_cache(maxsize=4)
def load_particles(path: Path = PARTICLES, key: str = "particles") -> frozenset[str]:
    """The particles of Dutch separable verbs (lexicon/particles.yaml); with ``key="pronominal"``
    the pronominal adverbs a particle may stand apart from ("er ... uit")."""
    found = _yaml(path).get(key) or []
    if bad := [w for w in found if not isinstance(w, str)]:
        raise ValueError(f"{path.name}: not words: {bad} (quote them)")
    return frozenset(fold(w) for w in found)


@lru_cache(maxsize=1)
def load_idioms(path: Path = PARTICLES) -> dict[str, frozenset[str]]:
    """A joined pronominal adverb -> the lemmas of the verbs beside which it is an idiom of its
    own (lexicon/particles.yaml ``idioms``: "eruit" beside "zien")."""
    found = _yaml(path).get("idioms") or {}
    if not isinstance(found, dict) or any(not isinstance(v, list) for v in found.values()):
        raise ValueError(f"{path.name}: idioms: a word -> a list of verbs")
    return {fold(k): frozenset(fold(v) for v in vs) for k, vs in found.items()}


def load_stopwords_by_language(path: Path = STOPWORDS) -> dict[str, frozenset[str]]:
    """The words of a list of words per language (its ``nl`` and ``en``), folded."""
    data = _yaml(path)
    found = {lang: list(data.get(lang) or []) for lang in ("nl", "en")}
    if bad := [w for ws in found.values() for w in ws if not isinstance(w, str)]:  # YAML reads a bare on / no / yes as a boolean
        raise ValueError(f"{path.name}: not words: {bad} (quote them)")
    return {lang: frozenset(fold(w) for w in ws) for lang, ws in found.items()}


def load_stopwords(path: Path = STOPWORDS) -> set[str]:
    """The words of a list of words, both languages together."""
    return {w for ws in load_stopwords_by_language(path).values() for w in ws}


# -- the index -----------------------------------------------------------------------------------
def _query(name: str) -> str:
    return sparql.load(f"query/index/{name}.rq")


def _inputs_hash() -> str:
    """A hash of what the index is derived from besides the graph: this code, its queries, its
    lexicons and lemma table, and the versions of the libraries that stem and score (simplemma
    and rapidfuzz are not among them: a build takes its lemmas from index/lemmas.tsv)."""
    import bm25s
    import numpy
    import Stemmer

    h = hashlib.sha256()
    h.update(f"{FORMAT}:{bm25s.__version__}:{numpy.__version__}:{Stemmer.version()}".encode())
    for f in [Path(__file__), GLOSSARY, DICTIONARY, STOPWORDS, FIXED_LEMMAS, FIXED_STEMS, *sorted(QUERIES.glob("*.rq")), *sorted(QUERIES.glob("*.tsv"))]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


class TextIndex:
    """The full-text index of the lids. Build with ``TextIndex.build(kb)`` or, cached beside the
    graph's dump, ``TextIndex.load_or_build(kb, cache_dir)``; ask with ``search``."""

    def __init__(self, units: list[Unit], analyzer: Analyzer, model: Any,
                 glossary: dict[tuple[str, ...], list[tuple[tuple[str, ...], float, str]]],
                 fuzzy_words: list[str], info: dict[str, Any]) -> None:
        self.units = units
        self.analyzer = analyzer
        self.model = model  # bm25s.BM25
        self.glossary = glossary  # ("en" | "nl", *terms of the words asked) -> [(Dutch terms, weight, how)]
        # keys start with their language; those of whole phrases with WHOLE's marks
        self.longest_key = max((len(k) - 1 for k in glossary if k[0] in ("en", "nl")), default=1)
        self.longest_whole = max((len(k) - 1 for k in glossary if k[0] in WHOLE.values()), default=0)
        self.fuzzy_words = fuzzy_words  # what a typo may be corrected to, the most frequent first
        self._fuzzy_set = frozenset(fuzzy_words)
        self.info = info  # how it was made: seconds, cache status, key
        self.vocab: dict[str, int] = model.vocab_dict
        import numpy as np

        self.by_lid: dict[str, int] = {}  # a lid -> its (first) unit
        passages: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(units):
            self.by_lid.setdefault(u.lid, i)
            passages[u.lid].append(i)
        self.passages = {lid: np.array(ix, dtype=np.int64) for lid, ix in passages.items()}  # a lid -> all its units
        self.docs = [u.doc for u in units]
        of_doc: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(self.docs):
            of_doc[d].append(i)
        self.doc_units = {d: np.array(ix, dtype=np.int64) for d, ix in of_doc.items()}  # a document id -> its units
        self._pairs: dict[tuple[str, str], np.ndarray] | None = None  # two terms one after the other -> units
        self._headings: dict[str, np.ndarray] | None = None  # heading term -> the units whose heading has it

    # -- building --------------------------------------------------------------------------------
    @classmethod
    def build(cls, kb: KnowledgeBase, lemmas: dict[str, dict[str, str]] | None = None) -> TextIndex:
        """The index of the lids in the graph of ``kb`` (embedded or on a server). ``lemmas``:
        the lemmas known beforehand (default: ``index/lemmas.tsv``)."""
        import bm25s

        t0 = time.perf_counter()
        lids = kb.select(_query("lids"))
        names: dict[str, list[str]] = defaultdict(list)
        for r in kb.select(_query("documents")):
            if r["name"] not in names[r["docId"]]:
                names[r["docId"]].append(r["name"])
        concepts: dict[str, list[str]] = defaultdict(list)
        for r in kb.select(_query("concepts")):
            concepts[r["lid"]].append(r["concept"])
        labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"nl": [], "en": []})
        for r in kb.select(_query("labels")):
            if r["label"] not in labels[r["concept"]][r["lang"]]:
                labels[r["concept"]][r["lang"]].append(r["label"])
        defined: dict[str, list[str]] = defaultdict(list)
        for r in kb.select(_query("definitions")):
            defined[r["lid"]].append(r["term"])
        cited: dict[str, list[str]] = defaultdict(list)
        for r in kb.select(_query("references")):
            cited[r["lid"]].append(r["anchor"])

        # an annex that is a list (annexes.rq) is cited as "<doc> Bijlage <n>"; each of its items
        # is a unit of its own (a passage): as one unit of 5-7000 characters, the length of a
        # product list drowned the one item a question is about (BM25 weighs by length)
        lids = lids + [{"lid": r["annex"], "docId": r["docId"], "artNo": f"{ANNEX} {r['annexNo']}", "lidLabel": None,
                        "label": r["label"], "text": passage, "heading": r["title"], "chapter": None}
                       for r in kb.select(_query("annexes")) for passage in passages(r["text"])]
        units: list[Unit] = []
        fields: list[dict[str, str | list[str]]] = []
        seen: set[tuple[str, str]] = set()
        for r in lids:
            if (r["lid"], r["text"]) in seen:  # a second row of an OPTIONAL with two values
                continue
            seen.add((r["lid"], r["text"]))
            units.append(Unit(r["lid"], r["docId"], r["artNo"], r["lidLabel"], r["label"] or r["lid"],
                              r["heading"] or r["chapter"], r["text"]))
            fields.append({"heading": r["heading"] or "", "chapter": r["chapter"] or "",
                           "document": names.get(r["docId"], []), "defined": defined.get(r["lid"], []),
                           "concepts": concepts.get(r["lid"], []), "cited": cited.get(r["lid"], [])})

        analyzer = Analyzer(load_stopwords(), lemmas=load_lemmas() if lemmas is None else lemmas)
        # the vocabulary that compounds are split against: the words of the Dutch fields
        counts: Counter[str] = Counter()
        for u, f in zip(units, fields, strict=True):
            dutch = [u.text, str(f["heading"]), str(f["chapter"]), *f["document"], *f["defined"]]
            dutch += [lab for c in f["concepts"] for lab in labels[c]["nl"]]
            counts.update({w for text in dutch for _, w in words(text)
                           if w.isalpha() and not analyzer.is_stop(w)})
        analyzer.set_vocabulary(dict(counts))

        corpus: list[list[str]] = []
        for u, f in zip(units, fields, strict=True):
            tokens = analyzer.field_terms(u.text, "nl", surfaces=u.surfaces) * FIELD_WEIGHTS["text"]
            tokens += analyzer.field_terms(str(f["heading"]), "nl") * FIELD_WEIGHTS["heading"]
            tokens += analyzer.field_terms(str(f["chapter"]), "nl") * FIELD_WEIGHTS["chapter"]
            for name in f["document"]:
                tokens += analyzer.field_terms(name, "nl") * FIELD_WEIGHTS["document"]
            for term in f["defined"]:
                tokens += analyzer.field_terms(term, "nl") * FIELD_WEIGHTS["defined"]
            for anchor in f["cited"]:
                tokens += analyzer.field_terms(anchor, "nl") * FIELD_WEIGHTS["cited"]
            for c in dict.fromkeys(f["concepts"]):
                for lang in ("nl", "en"):
                    for lab in labels[c][lang]:
                        tokens += analyzer.field_terms(lab, lang, compounds=lang == "nl") * FIELD_WEIGHTS["concept"]
            corpus.append(tokens)

        model = bm25s.BM25(k1=K1, b=B)
        model.index(corpus, show_progress=False)

        entries = load_glossary() + load_dictionary() + cls._law_entries(kb)
        glossary = cls._compile_glossary(analyzer, entries, labels, set(model.vocab_dict))
        fuzzy: Counter[str] = Counter(counts)
        for lab in (x for c in labels.values() for x in c["en"]):
            fuzzy.update(w for _, w in words(lab) if w.isalpha() and len(w) >= 5)
        for e in entries:
            fuzzy.update(w for k in e.en for _, w in words(k) if w.isalpha() and len(w) >= 5)
        fuzzy_words = [w for w, _ in sorted(fuzzy.items(), key=lambda x: (-x[1], x[0])) if len(w) >= 4]
        # lemmas the build had to look up in simplemma: none while index/lemmas.tsv is up to date
        looked_up = sorted(f"{lang}:{w}" for lang, known in analyzer.looked_up.items() for w in known)
        info = {"units": len(units), "terms": len(model.vocab_dict), "seconds": time.perf_counter() - t0,
                "cache": "off", "looked_up": looked_up}
        return cls(units, analyzer, model, glossary, fuzzy_words, info)

    @staticmethod
    def _law_entries(kb: KnowledgeBase) -> list[GlossaryEntry]:
        """A law named by its short title or by its title, either way ("een Woo-verzoek": the HBEL-DVO
        writes "Wet open overheid"), from the graph (index/law_names.rq); titles of at most
        LAW_TITLE_WORDS words (the AVG's full title is a paragraph)."""
        out: list[GlossaryEntry] = []
        for r in kb.select(_query("law_names")):
            if not r.get("short") or not r.get("title"):
                continue  # named one way only
            short, title = str(r["short"]), str(r["title"])
            if len(title.split()) > LAW_TITLE_WORDS or short.lower() == title.lower():
                continue
            note = f"graph: the short title and title of {r['id']}"
            for lang in ("en", "nl"):
                out.append(GlossaryEntry((short,), (title,), note=note, lang=lang))
                out.append(GlossaryEntry((title,), (short,), note=note, lang=lang))
        return out

    @staticmethod
    def _compile_glossary(analyzer: Analyzer, entries: Sequence[GlossaryEntry],
                          labels: dict[str, dict[str, list[str]]], vocab: set[str],
                          ) -> dict[tuple[str, ...], list[tuple[tuple[str, ...], float, str]]]:
        """Keys -> Dutch alternatives (their terms). A key is ("en", *terms) for an English term
        of the glossary or of a concept's English labels, ("nl", *terms) for a Dutch everyday
        word of the glossary's synonyms. Dutch terms the index does not know are left out; so is
        a key of stopwords only."""
        out: dict[tuple[str, ...], list[tuple[tuple[str, ...], float, str]]] = defaultdict(list)

        def add(lang: str, phrase: str, nl: str, weight: float, how: str,
                skip: set[tuple[str, ...]] | frozenset[tuple[str, ...]] = frozenset()) -> None:
            # each word as its term and as its bare stem: simplemma reads "stappen" as the noun
            # (stap) and "stapt" as the verb (stappen), so a key and a question may meet in either
            forms = [tuple(dict.fromkeys((analyzer.term(w.lower(), lang), analyzer.marked_stem(f, lang))))
                     for w, f in words(phrase) if not analyzer.is_stop(f)]
            target = dutch(nl)
            if not forms or not target:
                return
            for key in itertools.product(*forms):
                if (lang == "nl" and key == target) or (lang, *key) in skip:
                    continue
                put((lang, *key), target, weight, how)

        def dutch(nl: str) -> tuple[str, ...]:  # the index terms of a Dutch word or phrase
            return tuple(t for t in analyzer.field_terms(nl, "nl", compounds=False) if t in vocab)

        def put(key: tuple[str, ...], target: tuple[str, ...], weight: float, how: str) -> None:
            if all(existing != target for existing, _, _ in out[key]):
                out[key].append((target, weight, how))

        for e in entries:
            if e.how == "glossary":
                for term in e.en:
                    for nl in e.nl:
                        add(e.lang, term, nl, W_GLOSSARY, "glossary")
            elif e.how == "whole":  # a phrase matched word for word as written, its small words too
                for term in e.en:
                    key = (WHOLE[e.lang], *(f for _, f in words(term)))
                    for nl in e.nl:
                        if target := dutch(nl):
                            put(key, target, W_GLOSSARY, "glossary")
        for lab in labels.values():
            for en in lab["en"]:
                for nl in lab["nl"]:
                    add("en", en, nl, W_LABEL, "label")
        # the dictionary fills the gaps only: a word the glossary or a label has keeps what they
        # say, and a Dutch word that the texts use in that very form matches its own text, not a
        # synonym's ("aparte" is asked for "nadere"; the texts have "apart" once, not "aparte";
        # five dev halves: by the written form 4.782 / 4.476 in sum, by the term 4.759 / 4.481)
        # the everyday paraphrases (en_more, asked_more) then fill what is still a gap after those
        for layer, weight in (("dictionary", W_DICTIONARY), ("more", W_MORE)):
            known = set(out)
            for e in entries:
                if e.how != layer:
                    continue
                for term in e.en:
                    if e.lang == "nl" and all(f in analyzer.words for w, f in words(term) if not analyzer.is_stop(f)):
                        continue
                    for nl in e.nl:
                        add(e.lang, term, nl, weight, layer, skip=known)
        return dict(out)

    # -- the cache -------------------------------------------------------------------------------
    @classmethod
    def load_or_build(cls, kb: KnowledgeBase, cache_dir: str | os.PathLike[str] | None) -> TextIndex:
        """The index from ``cache_dir`` when it holds one for this graph (the graph's build
        fingerprint and the index's own inputs name it), else built and written there. A cache
        that does not match its checksums is rebuilt; without a fingerprint (a server store) or
        a cache directory the index is built each time."""
        fp = getattr(kb.info, "fingerprint", None)
        if cache_dir is None or not fp:
            return cls.build(kb)
        t0 = time.perf_counter()
        key = f"{fp[:24]}-{_inputs_hash()[:12]}"  # the graph's dump is graph-{fp[:24]}.nq
        folder = Path(cache_dir) / f"textindex-{key}"
        status = "built"
        if folder.exists():
            try:
                index = cls._load(folder, key)
                index.info.update(seconds=time.perf_counter() - t0, cache="reused")
                return index
            except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
                status = f"rebuilt: {type(exc).__name__}: {exc}"[:200]
                log.warning("the cached text index %s is damaged and is rebuilt: %s", folder, exc)
        index = cls.build(kb)
        index._save(Path(cache_dir), folder, key)
        index.info.update(seconds=time.perf_counter() - t0, cache=status)
        return index

    def _save(self, cache: Path, folder: Path, key: str) -> None:
        """Written to a temporary folder and renamed; a manifest with the sha256 of every file
        is written last. Older indexes in the cache go. A cache that cannot be written is
        skipped: the index is still there, in memory."""
        tmp = cache / f".textindex-{key}.tmp{os.getpid()}"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            self.model.save(str(tmp), show_progress=False)
            state = {
                "format": FORMAT, "key": key,
                "units": [asdict(u) for u in self.units],
                "terms": self.analyzer.terms, "words": self.analyzer.words, "stems": sorted(self.analyzer.stems),
                "stop": sorted(self.analyzer.stop),
                "glossary": [[list(k), [[list(t), w, how] for t, w, how in v]] for k, v in self.glossary.items()],
                "fuzzy": self.fuzzy_words,
                "info": {k: v for k, v in self.info.items() if k in ("units", "terms")},
            }
            (tmp / "units.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
            files = sorted(p.name for p in tmp.iterdir())
            manifest = {"format": FORMAT, "key": key,
                        "sha256": {n: hashlib.sha256((tmp / n).read_bytes()).hexdigest() for n in files}}
            (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
            for old in cache.glob("textindex-*"):
                if old != folder and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            log.warning("the text index could not be cached in %s: %s", cache, exc)
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def _load(cls, folder: Path, key: str) -> TextIndex:
        import bm25s

        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != key:
            raise ValueError("format or key mismatch")
        sums: dict[str, str] = manifest["sha256"]
        if not sums or any(hashlib.sha256((folder / n).read_bytes()).hexdigest() != h for n, h in sums.items()):
            raise ValueError("checksum mismatch")
        state = json.loads((folder / "units.json").read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(folder), load_corpus=False, show_progress=False)
        analyzer = Analyzer(state["stop"], state["terms"])
        analyzer.words = {str(w): int(n) for w, n in state["words"].items()}
        analyzer.stems = set(state["stems"])
        units = [Unit(**u) for u in state["units"]]
        glossary = {tuple(k): [(tuple(t), float(w), str(how)) for t, w, how in v] for k, v in state["glossary"]}
        if len(units) != model.scores["num_docs"]:
            raise ValueError("unit count mismatch")
        return cls(units, analyzer, model, glossary, list(state["fuzzy"]), dict(state["info"]))

    def warm(self) -> None:
        """Loads simplemma's dictionaries and rapidfuzz now rather than at the first question with
        a word the index has not seen (about half a second)."""
        import rapidfuzz.process  # noqa: F401
        import simplemma

        for lang in ("nl", "en"):
            simplemma.is_known("warm", lang, low_memory=True)
        # the language of a question without function words (query/language.py) is told by
        # simplemma's detector, whose dictionaries are others (0.8 s at the first such question)
        simplemma.langdetect("warm", lang=("nl", "en"))

    # -- questions -------------------------------------------------------------------------------
    def analyze(self, text: str) -> list[str]:
        """The index terms of a text, as its lid text would be indexed (Dutch, with compound
        parts)."""
        return self.analyzer.field_terms(text, "nl")

    def _word_alternatives(self, written: str, folded: str, langs: Sequence[str] = ("nl", "en")) -> list[Alternative]:
        a = self.analyzer
        lower = written.lower()
        alts: list[Alternative] = []
        seen: set[str] = set()
        for lang in langs:
            t = a.term(lower, lang)
            if t in self.vocab and t not in seen:
                seen.add(t)
                alts.append(Alternative(((t, 1.0),), "word"))
        parts = a.split(folded)
        if parts:
            terms = tuple(dict.fromkeys(a.term(p, "nl") for p in parts))
            if all(t in self.vocab for t in terms):
                alts.append(Alternative(tuple((t, W_PART) for t in terms), "part"))
        if not alts and "nl" in langs and (verb := self._particle_verb(folded)):
            alts.append(Alternative(((verb, W_PART),), "part"))
        return alts

    def _particle_verb(self, folded: str) -> str | None:
        """The index term of the verb in a Dutch separable verb that the texts do not use
        ("afbrandt": branden, "meebeslissen": beslissen), for a word the index does not know: its
        particle (lexicon/particles.yaml) taken off, the rest a word of the index."""
        for p in sorted(load_particles(), key=len, reverse=True):
            rest = folded[len(p):]
            if folded.startswith(p) and len(rest) >= MIN_PART and rest.isalpha():
                t = self.analyzer.term(rest, "nl")
                if t in self.vocab:
                    return t
        return None

    def _curated(self, key: tuple[str, ...]) -> bool:
        """Does the glossary or a concept's label give this key (not the dictionary alone)?"""
        return any(how not in ("dictionary", "more") for _, _, how in self.glossary.get(key, ()))

    def _glossary_alternatives(self, key: tuple[str, ...]) -> list[Alternative]:
        return [Alternative(tuple((t, w / len(target) ** PHRASE_DIVIDE) for t in target), how)
                for target, w, how in self.glossary.get(key, [])]

    def correct(self, word: str) -> str | None:
        """The word of the index a typo stands for (see _fuzzy), or None; none for a compound of
        words of the index ("bijstandsuitvoering" is no typo of "bijstandsuitkering")."""
        folded = fold(word)
        parts = self.analyzer.split(folded)
        if parts and all(self.analyzer.term(p, "nl") in self.vocab for p in parts):
            return None
        return self._fuzzy(folded)

    def _fuzzy(self, folded: str) -> str | None:
        """The word of the index one edit away (two for words of eight letters or more), the
        most frequent first; None for a word simplemma knows (not a typo, just not here)."""
        if len(folded) < 5 or not folded.isalpha():
            return None
        import simplemma
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if any(simplemma.is_known(folded, lang, low_memory=True) for lang in ("nl", "en")):
            return None
        if folded not in self._fuzzy_set:
            # a word cut short in a search box ("persoonsgeg", "opzeg"): the most frequent word of
            # the index it begins (before a word one edit away: "opzeg" is not "opzet")
            whole = next((w for w in self.fuzzy_words if len(w) > len(folded) and w.startswith(folded)), None)
            if whole is not None:
                return whole
        limit = 1 if len(folded) < 8 else 2
        best = process.extractOne(folded, self.fuzzy_words, scorer=Levenshtein.distance, score_cutoff=limit)
        return None if best is None else str(best[0])

    def parse(self, text: str) -> list[Group]:
        """A question as groups of words, each with its ways to match (see the module). The
        longest phrase of the glossary (English, or a Dutch everyday word) that starts at a word
        makes one group; stopwords are left out first."""
        a = self.analyzer
        text = self.without_unknown_names(text)
        full = words(text)
        wholes, taken = self._wholes(full)
        ws = [(w, f) for j, (w, f) in enumerate(full) if j not in taken and not a.is_stop(f)][:MAX_QUERY_WORDS]
        keys = {lang: [a.term(w.lower(), lang) for w, _ in ws] for lang in ("en", "nl")}
        particles = {f for _, f in words(text) if f in load_particles()}  # of separable verbs
        idioms = self._idioms(text)  # "eruit" beside "zien": not the glossary's "eruit"
        groups: list[Group] = []
        aside: list[Group] = []  # phrases of the dictionary over words the glossary has: groups of their own
        i = 0
        while i < len(ws):
            for n in range(min(self.longest_key, len(ws) - i), 0, -1):
                found = [k for k in ((lang, *keys[lang][i:i + n]) for lang in ("en", "nl"))
                         if k in self.glossary and k not in idioms]
                if found and n > 1 and not any(self._curated(k) for k in found) and any(
                        self._curated((lang, keys[lang][j])) for j in range(i, i + n) for lang in ("en", "nl")):
                    # a phrase of the dictionary only does not take a word the glossary has ("new"
                    # stays "nieuw"); the phrase ("new idea": innovatie) is searched as well, beside it
                    if PHRASE_ASIDE:
                        aside.append(Group(tuple(w for w, _ in ws[i:i + n]),
                                           tuple(alt for k in found for alt in self._glossary_alternatives(k))))
                    continue
                if found:
                    break
            else:
                n, found = 1, []
            span = ws[i:i + n]
            i += n
            # a word of the glossary is read in the glossary's language only (English "controller"
            # is not Dutch "controle"): the Dutch words it stands for are among the alternatives
            langs = tuple(dict.fromkeys(k[0] for k in found)) or ("nl", "en")
            if n == 1 and "nl" not in langs and span[0][1] in a.words:
                langs += ("nl",)  # written as the Dutch texts write it ("taken" is Dutch for tasks too)
            own = [alt for w, f in span for alt in self._word_alternatives(w, f, langs)]
            if n > 1:  # the phrase in the words it is written in, in the language of its key: each word counts
                lang = found[0][0]  # an English phrase's own words are English: the glossary gives its meaning
                own_w = 1.0 / n ** OWN_PHRASE_DIVIDE if lang == "en" else 1.0
                phrase = tuple((t, own_w) for t in keys[lang][i - n:i] if t in self.vocab)
                own = [Alternative(phrase, "word")] if phrase else []
            alts = own + [alt for k in found for alt in self._glossary_alternatives(k)]
            if n == 1:
                alts += self._particle_alternatives(span[0][0], particles, {t for alt in alts for t, _ in alt.terms})
            if not alts:
                written, folded = span[0]
                fixed = self._fuzzy(folded)
                if fixed is not None:
                    again = [("en", a.term(fixed, "en")), ("nl", a.term(fixed, "nl"))]
                    alts = [Alternative(tuple((t, W_FUZZY * w) for t, w in alt.terms), "fuzzy")
                            for alt in self._word_alternatives(fixed, fixed)
                            + [g for k in again for g in self._glossary_alternatives(k)]]
            if alts:
                groups.append(Group(tuple(w for w, _ in span), tuple(alts)))
        return wholes + groups + aside + self._joined(text) + self._pronominal(text, idioms)

    def _wholes(self, full: list[tuple[str, str]]) -> tuple[list[Group], set[int]]:
        """The glossary's whole phrases in a question's words (``whole`` in lexicon/glossary.yaml:
        "want out", "cannot agree", "het niet eens": phrases whose small words make the meaning,
        which the other keys leave out), longest first, each a group; and the positions they take."""
        groups: list[Group] = []
        taken: set[int] = set()
        i = 0
        while self.longest_whole and i < len(full):
            for n in range(min(self.longest_whole, len(full) - i), 1, -1):
                found = [k for k in ((mark, *(f for _, f in full[i:i + n])) for mark in WHOLE.values())
                         if k in self.glossary]
                if found:
                    groups.append(Group(tuple(w for w, _ in full[i:i + n]),
                                        tuple(alt for k in found for alt in self._glossary_alternatives(k))))
                    taken.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1
        return groups, taken

    def _idioms(self, text: str) -> set[tuple[str, ...]]:
        """The glossary keys of the joined pronominal adverbs that are an idiom of their own in
        this text (lexicon/particles.yaml ``idioms``: "eruit" beside a form of "zien")."""
        lemmas = {fold(self.analyzer.lemma(w.lower(), "nl")) for w, _ in words(text)}
        return {("nl", self.analyzer.term(word, "nl")) for word, verbs in load_idioms().items() if lemmas & verbs}

    def without_unknown_names(self, text: str) -> str:
        """The text with blanks (as many as their characters) for the names of several capitalised
        parts joined by hyphens that the index does not know ("Echt-Susteren", a municipality no
        document names): a place's name, not words to match or to correct ("Susteren" is no typo
        of "systemen")."""
        def known(m: re.Match[str]) -> str:
            parts = [p for p in m.group(0).split("-") if len(p) > 1]  # "GBA-V": the texts' "GBA" (a letter is no word)
            if parts and all(self.analyzer.term(fold(p), "nl") in self.vocab for p in parts):
                return m.group(0)
            return " " * len(m.group(0))
        return NAME.sub(known, text)

    def _joined(self, text: str) -> list[Group]:
        """A Dutch compound written as two words ("verwerkers overeenkomst", "opzeg termijn"):
        the joined word (with or without a linking -s-) as a group of its own, when the index
        holds it."""
        a = self.analyzer
        ws = words(text)
        out = []
        for (w1, f1), (w2, f2) in zip(ws, ws[1:], strict=False):
            if not (f1.isalpha() and f2.isalpha()) or a.is_stop(f1) or a.is_stop(f2):
                continue
            for joined in dict.fromkeys((f1 + f2, f1 + "s" + f2)):
                t = a.term(joined, "nl")
                if len(joined) >= MIN_COMPOUND and t in self.vocab:
                    out.append(Group((w1, w2), (Alternative(((t, 1.0),), "joined"),)))
                    break
        return out

    def _pronominal(self, text: str, idioms: set[tuple[str, ...]]) -> list[Group]:
        """A pronominal adverb split from its particle after a modal ("kunnen we er per 2028
        uit?"; lexicon/particles.yaml ``pronominal``, ``pronominal_verbs``): the joined word
        ("eruit") as a group of its own with what the glossary gives it, when the particle ends
        the clause or stands before its last word (the verb), and not where the joined word is an idiom of its own
        (``idioms``: "hoe ziet het er uit?")."""
        adverbs, particles = load_particles(key="pronominal"), load_particles()
        verbs = load_particles(key="pronominal_verbs")
        out = []
        for clause in CLAUSE.split(text):
            ws = [f for _, f in words(clause)]
            if not any(fold(self.analyzer.lemma(w, "nl")) in verbs for w in ws):
                continue
            for i, f in enumerate(ws):
                if f not in adverbs:
                    continue
                for j in range(max(i + 1, len(ws) - 2), len(ws)):  # ("kunnen we er uit?": next to it)
                    if ws[j] in particles and f + ws[j] not in ws:
                        key = ("nl", self.analyzer.term(f + ws[j], "nl"))
                        if key not in idioms and (alts := self._glossary_alternatives(key)):
                            out.append(Group((f + ws[j],), tuple(alts)))  # read as the joined word ("eruit")
                            break
        return out

    def _particle_alternatives(self, written: str, present: set[str], have: set[str]) -> list[Alternative]:
        """A Dutch separable verb written apart ("als Beek uit de regeling treedt", "wij zeggen
        de overeenkomst op"): the verb's word also matches the joined infinitive (*uittreden*,
        *opzeggen*) when the index holds it; ``present``: the question's particles
        (lexicon/particles.yaml), ``have``: the terms the word matches already."""
        if not present or not written.isalpha():
            return []
        a = self.analyzer
        verb = fold(a.lemma(written.lower(), "nl"))
        return [Alternative(((t, 1.0),), "particle")
                for p in sorted(present) if verb != p and not verb.startswith(p)
                for t in [a.term(p + verb, "nl")] if t in self.vocab and t not in have]

    @staticmethod
    def _group_weights(per_group: Sequence[np.ndarray], inside: np.ndarray) -> list[float]:
        """A weight per group of the question by how many of the lids searched it matches
        (``inside``: the lids of the documents searched): a word that matches most of them (the
        named document's own name, the words of its title) tells them apart less than the
        corpus-wide idf of bm25 says. Full weight up to LOCAL_SHARE of the lids, then down
        linearly to LOCAL_FLOOR when it matches them all."""
        m = max(int(inside.sum()), 1)
        out = []
        for best in per_group:
            share = float(((best > 0) & inside).sum()) / m
            if share <= LOCAL_SHARE:
                out.append(1.0)
            else:
                out.append(1.0 - (1.0 - LOCAL_FLOOR) * (share - LOCAL_SHARE) / (1.0 - LOCAL_SHARE))
        return out

    def _in_headings(self, terms: set[str]) -> np.ndarray:
        """Which units' headings (the article's heading, or its chapter's title) have one of
        ``terms``."""
        import numpy as np

        if self._headings is None:
            by_term: dict[str, list[int]] = defaultdict(list)
            for i, u in enumerate(self.units):
                for t in set(self.analyze(u.heading)) if u.heading else ():
                    by_term[t].append(i)
            self._headings = {t: np.array(ix, dtype=np.int64) for t, ix in by_term.items()}
        out = np.zeros(len(self.units), dtype=bool)
        for t in terms:
            if t in self._headings:
                out[self._headings[t]] = True
        return out

    def _with_pair(self, first: set[str], second: set[str]) -> np.ndarray:
        """Which units' text has a term of ``first`` right before one of ``second`` (stopwords
        left out between them: "op de hoogte stellen" has hoogte, stell)."""
        import numpy as np

        if self._pairs is None:
            by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i, u in enumerate(self.units):
                ts = self.analyzer.field_terms(u.text, "nl", compounds=False)
                for pair in set(zip(ts, ts[1:], strict=False)):
                    by_pair[pair].append(i)
            self._pairs = {p: np.array(ix, dtype=np.int64) for p, ix in by_pair.items()}
        out = np.zeros(len(self.units), dtype=bool)
        for a in first:
            for b in second:
                ix = self._pairs.get((a, b))
                if ix is not None:
                    out[ix] = True
        return out

    def _inside(self, documents: set[str] | None) -> Any:
        """A mask over the units: those of ``documents`` (all when None)."""
        import numpy as np

        if documents is None:
            return np.ones(len(self.units), dtype=bool)
        inside = np.zeros(len(self.units), dtype=bool)
        for d in documents:
            if d in self.doc_units:
                inside[self.doc_units[d]] = True
        return inside

    def unfound_words(self, text: str, documents: set[str] | None = None) -> tuple[list[str], list[str]]:
        """The words of a question that the lids (of ``documents``, or of all) do not have, read
        from one parse of it:

        - absent: content words that no lid has in any form the search knows: their own stem, a
          compound's parts, a word they are corrected to, a synonym, a translation ("boete" in "is er
          een boete als Huizen te laat is?": the HBEL-DVO has no such word);
          a phrase of the glossary whose meaning no lid has, though they have its words ("verkeerd
          adres", a datalek, in the agreements of a party that say nothing of datalekken);
        - in parts only: words the lids have only as the parts of a compound, not whole and not in
          another form ("zorgkosten": "zorg" and "kosten" apart; a new user's trial read an answer
          about Wmo care as one about youth care).

        A search by the rest of the question should say it left them out."""
        import numpy as np

        inside = self._inside(documents)

        def found(alts: Sequence[Alternative]) -> bool:
            terms = list(dict.fromkeys(t for alt in alts for t, _ in alt.terms if t in self.vocab))
            return bool(terms) and bool(np.any(np.asarray(self.model.get_scores(terms))[inside] > 0))

        had: set[str] = set()
        seen: set[str] = set()
        parts_only: list[str] = []
        meant_absent: list[str] = []  # a phrase of the glossary whose meaning the lids lack, though they have its words
        for g in self.parse(text):
            seen.update(fold(w) for w in g.words)
            if found(g.alternatives):
                had.update(fold(w) for w in g.words)
                meant = [alt for alt in g.alternatives if alt.how == "glossary"]
                phrase = " ".join(g.words)
                if len(g.words) > 1 and meant and not found(meant) and phrase not in meant_absent:
                    meant_absent.append(phrase)  # "verkeerd adres" (a datalek) where no lid has one
                parts = [alt for alt in g.alternatives if alt.how == "part" and len(alt.terms) > 1]
                if len(g.words) == 1 and parts and not found([alt for alt in g.alternatives if alt not in parts]):
                    parts_only.append(g.words[0])
        idioms = {k[1] for k in self._idioms(text)}  # "eruit" beside "zien": an idiom, not a word left out
        candidates: list[str] = []
        for w, f in words(text):
            if f in had or self.analyzer.term(f, "nl") in idioms or self.analyzer.is_stop(f) or len(f) < 3 or any(c.isdigit() for c in f) or w in candidates:
                continue
            candidates.append(w)
        absent = [w for w in candidates if fold(w) in seen or not self.analyzer.field_terms(w, "nl", compounds=True)
                  or all(t not in self.vocab for t in self.analyzer.field_terms(w, "nl", compounds=True))]
        return meant_absent + absent, parts_only

    def search(self, text: str, k: int = 10, documents: set[str] | None = None,
               boost: dict[str, float] | None = None, lids: set[str] | None = None,
               heading: float = 0.0, light: frozenset[str] = frozenset(),
               context: frozenset[str] = frozenset()) -> list[Hit]:
        """The ``k`` best lids for a question, best first (only lids that match at all).
        ``documents``: only lids of these document ids; ``boost``: multiplies the scores of the
        lids of a document id or of a lid IRI; ``lids``: only these lids (to rank a given list);
        ``heading``: a lid whose heading matches all the question's groups weighs this much more
        (in proportion to the weight of the groups its heading matches); ``light``: folded words
        that weigh LIGHT as much as other words (the names of parties: which documents they are in
        is the caller's filter, and a name says little about which lid answers); ``context``: folded
        words that weigh CONTEXT as much (those of a situation set out before the question)."""
        import numpy as np

        groups = self.parse(text)
        if not groups:
            return []
        n = len(self.units)
        cache: dict[str, np.ndarray] = {}

        def scores(term: str) -> np.ndarray:
            s = cache.get(term)
            if s is None:
                s = cache[term] = np.asarray(self.model.get_scores([term]), dtype=np.float64)
            return s

        total = np.zeros(n)
        per_group: list[np.ndarray] = []
        for g in groups:
            best = np.zeros(n)
            for alt in g.alternatives:
                s = np.zeros(n)
                for t, w in alt.terms:
                    s += w * scores(t)
                np.maximum(best, s, out=best)
            per_group.append(best)
        inside = self._inside(documents)
        weights = self._group_weights(per_group, inside)
        if light:
            weights = [w * LIGHT if all(fold(x) in light for x in g.words) else w
                       for g, w in zip(groups, weights, strict=True)]
        if context:
            weights = [w * CONTEXT if all(fold(x) in context for x in g.words) else w
                       for g, w in zip(groups, weights, strict=True)]
        for best, w in zip(per_group, weights, strict=True):
            total += w * best
        if PHRASE and len(groups) > 1:
            terms = [{t for alt in g.alternatives for t, _ in alt.terms} for g in groups]
            together = np.zeros(n)
            for j in range(len(groups) - 1):
                together += min(weights[j], weights[j + 1]) * self._with_pair(terms[j], terms[j + 1])
            total *= 1.0 + PHRASE * np.minimum(together, PHRASE_MAX)
        if heading and sum(weights) > 0:
            share = np.zeros(n)
            for g, w in zip(groups, weights, strict=True):
                # a heading that has only a part of a question's compound counts HEADING_PART
                # ("verwerkersovereenkomst" is not the heading "Verantwoordelijke en verwerker")
                whole = self._in_headings({t for alt in g.alternatives if alt.how != "part" for t, _ in alt.terms})
                part = self._in_headings({t for alt in g.alternatives if alt.how == "part" for t, _ in alt.terms})
                share += w * np.where(whole, 1.0, HEADING_PART * part)
            total *= 1.0 + heading * share / sum(weights)
        if documents is not None:
            total[~inside] = 0.0
        if lids is not None:
            keep = np.zeros(n, dtype=bool)
            for lid in lids:
                if lid in self.passages:
                    keep[self.passages[lid]] = True
            total[~keep] = 0.0
        for target, factor in (boost or {}).items():
            if target in self.passages:
                total[self.passages[target]] *= factor
            elif target in self.doc_units:
                total[self.doc_units[target]] *= factor
        order: list[int] = []
        listed: set[str] = set()
        for i in np.argsort(-total, kind="stable"):  # a lid once, by its best passage
            if len(order) == k or total[i] <= 0:
                break
            if self.units[i].lid not in listed:
                listed.add(self.units[i].lid)
                order.append(int(i))
        hits = []
        for i in order:
            u = self.units[i]
            written: list[str] = []
            asked: list[str] = []
            for g, gs in zip(groups, per_group, strict=True):
                if gs[i] <= 0:
                    continue
                own = [w for w in g.words if not self.analyzer.is_stop(fold(w))]
                # a phrase with its small words ("het niet eens worden", "want out"): said whole
                asked.extend(own if len(own) == len(g.words) or len(g.words) == 1 else [" ".join(g.words)])
                for alt in g.alternatives:
                    for t, _ in alt.terms:
                        if scores(t)[i] > 0:
                            written.extend(u.surfaces.get(t, []))
            contributions = tuple((g.words, round(float(w * gs[i]), 4))
                                  for g, gs, w in zip(groups, per_group, weights, strict=True))
            hits.append(Hit(u.lid, u.doc, u.article, u.lid_label, u.label, u.heading, round(float(total[i]), 4),
                            tuple(dict.fromkeys(written)), tuple(dict.fromkeys(asked)), u.text, contributions))
        return hits


ELLIPSIS = "…"  # where a passage of a list leaves out items before or after it
BULLETS = ("•", "▪", "●", "◦")  # the glyphs that begin an item of a list in the texts (as extracted from their PDFs)


PASSAGE_CHARS = 1000  # (400-1500 measured on the five development halves: 1000 and 800 best; 600 and 400 a little worse)


def passages(text: str) -> list[str]:
    """The items of a list (an annex's product list): its text cut before each line that begins
    with a bullet, the lines before the first item one passage of their own; a text without two
    items stays whole."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.lstrip().startswith(BULLETS) and any(x.strip() for x in out[-1]):
            out.append([])
        out[-1].append(line)
    found = ["\n".join(p).strip() for p in out if "".join(p).strip()]
    if len(found) <= 2:
        return [text]
    joined = [found[0]]  # items joined up to PASSAGE_CHARS: a passage about as long as a lid
    for item in found[1:]:
        if len(joined[-1]) + len(item) < PASSAGE_CHARS:
            joined[-1] += "\n" + item
        else:
            joined.append(item)
    # a passage says that it is part of a longer list: "…" where the list goes on before or after it
    return [("" if i == 0 else f"{ELLIPSIS}\n") + p + ("" if i == len(joined) - 1 else f"\n{ELLIPSIS}")
            for i, p in enumerate(joined)]


def select(hits: Sequence[Hit], fraction: float = SELECT_FRACTION, limit: int = SELECT_LIMIT) -> list[Hit]:
    """The handful of best hits: those within ``fraction`` of the best score, at most ``limit``
    (the best one always)."""
    if not hits:
        return []
    top = hits[0].score
    return [h for j, h in enumerate(hits[:limit]) if j == 0 or h.score >= fraction * top]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dvo_kb.query.textindex --write-lemmas``: rewrites ``index/lemmas.tsv`` from a
    build of the corpus that looks every lemma up in simplemma."""
    import argparse

    from ..store import KnowledgeBase

    ap = argparse.ArgumentParser(prog="python -m dvo_kb.query.textindex", description=main.__doc__)
    ap.add_argument("--write-lemmas", action="store_true", help="rewrite index/lemmas.tsv")
    args = ap.parse_args(argv)
    if not args.write_lemmas:
        ap.print_help()
        return 2
    index = TextIndex.build(KnowledgeBase.open(), lemmas={})
    print(f"{LEMMAS}: {write_lemmas(index.analyzer)} lemmas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
