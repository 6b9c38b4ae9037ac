"""The engines' sentences in the reader's language (issue 18), from data: ``api/messages.yaml``
holds every message by id, with its English and its Dutch text and {parameters}.

The deadline engine (rules/deadlines.py, rules/calendar.py) says how a date was computed in
English ("for the month 2026-02, in advance: ...", "2 werkdag after ..."), the question
language (query/parser.py) why it cannot read a question, and validate/, diff/ and clauses/
what is wrong; the pages, the .ics and the CLI show a Dutch reader these sentences in Dutch.
Until the engines emit a message id with its parameters (``message(id, lang, **params)``
renders one), a sentence is recognised by its English text: the patterns are made from the
messages' ``en`` texts, not written by hand. The words quoted from the agreement (after the
colon) stay as they are; a sentence no message knows is shown unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES = Path(__file__).with_name("messages.yaml")
WHAT = {"right": "het recht", "power": "de bevoegdheid", "duty": "de plicht", "ban": "het verbod", "norm": "de norm"}


@cache
def _data() -> dict[str, Any]:
    with MESSAGES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def unit_word(n: str, unit: str, lang: str) -> str:
    """An engine's unit ('werkdag', or in the plural 'werkdagen') in ``lang``, in the plural where
    n is not 1 (messages.yaml units); a word it does not know unchanged."""
    for forms in _data()["units"].values():
        if unit in forms["nl"] or unit in forms["en"]:
            return str(forms[lang][0 if n.strip() == "1" else 1])
    return unit


def _count(n: str, unit: str, lang: str = "nl") -> str:
    """'2 werkdag' -> '2 werkdagen' (the engine gives the unit in the singular), in English '2 working days'."""
    return f"{n} {unit_word(n, unit, lang)}"


def _ordinal(n: str, lang: str) -> str:
    """2 -> '2e' (nl), '2nd' (en)."""
    if lang == "nl" or not n.isdigit():
        return f"{n}e" if n.isdigit() else n
    return n + ("th" if int(n) % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th"))


# the filters of a parameter in a message's text, by language: {what|what}, {period|period}, ...;
# a unit of messages.yaml as a filter gives n with that unit ({n|werkdag}: 10 werkdagen, 10 working days)
FILTERS: dict[str, dict[str, Callable[[str], str]]] = {
    "what": {"nl": lambda v: WHAT.get(v, v)},
    "period": {"nl": lambda v: _units_in(v.replace("more than ", "meer dan "), "nl"),
               "en": lambda v: _units_in(v, "en")},
    "nth": {"nl": lambda v: re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1e", v)},
    "quarter": {"nl": lambda v: v.replace("Q", "K")},
    "ordinal": {"nl": lambda v: _ordinal(v, "nl"), "en": lambda v: _ordinal(v, "en")},
    "monthname": {"nl": lambda v: _month_name(v, "nl"), "en": lambda v: _month_name(v, "en")},
}


def _month_name(value: str, lang: str) -> str:
    """'2026-02' -> 'februari 2026' (nl), 'February 2026' (en): the names of dvo_kb/words.yaml."""
    from ..words import month_names

    year, _, month = value.partition("-")
    return f"{month_names(lang)[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else value


def _units_in(text: str, lang: str) -> str:
    """Every '<number> <unit>' of a text with the unit in ``lang`` ('more than 10 werkdagen' ->
    'more than 10 working days')."""
    return re.sub(r"\b(\d+) (\w+)\b", lambda m: _count(m[1], m[2], lang), text)


def _filtered(value: str, name: str, lang: str) -> str:
    if name in _data()["units"]:
        return _count(value, name, lang)
    return FILTERS.get(name, {}).get(lang, lambda v: v)(value)
FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
ANY = ".+?"  # a parameter messages.yaml gives no pattern


@dataclass(frozen=True)
class Message:
    id: str
    match: str  # prefix, whole or anywhere
    text: dict[str, str]  # by language; en_reader: the English a reader sees, where it is not en
    pattern: re.Pattern[str]  # the English the engine writes today

    def render(self, lang: str, params: dict[str, str]) -> str:
        """The message in ``lang`` with its parameters filled in (in English the reader's English:
        the units in English, not as the engine writes them)."""
        values = dict(params)
        if "n" in values and "unit" in values:
            values["count"] = _count(values["n"], values["unit"], lang)

        def field(m: re.Match[str]) -> str:
            value = values[m[1]]
            return _filtered(value, m[2], lang) if m[2] else value

        text = self.text.get("en_reader") or self.text["en"] if lang == "en" else self.text.get(lang)
        return FIELD.sub(field, text or self.text["en"])


def _pattern(en: str, match: str, params: dict[str, str]) -> re.Pattern[str]:
    """The regular expression of an English text: its words literally, its {parameters} as groups."""
    out, last, seen = [], 0, set()
    for m in FIELD.finditer(en):
        out.append(re.escape(en[last:m.start()]))
        name = m[1]
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>{params.get(name, ANY)})")
        seen.add(name)
        last = m.end()
    out.append(re.escape(en[last:]))
    body = "".join(out)
    return re.compile({"prefix": "^" + body, "whole": "^" + body + "$", "anywhere": body}[match], re.S)


@cache
def messages(section: str) -> tuple[Message, ...]:
    """The messages of a section of messages.yaml (deadlines, refusals, errors), in its order."""
    data = _data()
    params: dict[str, str] = data["params"]
    return tuple(Message(id, m["match"], {k: m[k] for k in ("en", "nl", "en_reader") if k in m},
                         _pattern(m["en"], m["match"], params))
                 for id, m in data[section].items())


@cache
def _by_id() -> dict[str, Message]:
    return {m.id: m for section in ("deadlines", "refusals", "errors") for m in messages(section)}


def message(id: str, lang: str = "nl", **params: Any) -> str:
    """A message by its id in the reader's language: what an engine that emits ids and parameters
    is shown (``message("rule.after_event", "nl", n="2", unit="werkdag")``)."""
    return _by_id()[id].render(lang, {k: str(v) for k, v in params.items()})


def translate(text: str, section: str, lang: str = "nl") -> str:
    """``text`` with every sentence (or part) the section's messages know in ``lang``: each message
    is tried in turn, as the engines' sentences may carry more than one (a rule and its roll)."""
    for m in messages(section):
        text = m.pattern.sub(_renderer(m, lang), text)
    return text


def _renderer(m: Message, lang: str) -> Callable[[re.Match[str]], str]:
    def render(found: re.Match[str]) -> str:
        return m.render(lang, found.groupdict())

    return render


def dutch(text: str | None) -> str | None:
    """The deadline engine's sentence in Dutch (unchanged when no message knows it)."""
    if not text:
        return text
    return translate(text, "deadlines")


def english(text: str | None) -> str | None:
    """The deadline engine's sentence as an English reader sees it: its units in English ("more
    than 10 working days", "11th working day", not "werkdagen"); unchanged when no message knows it."""
    if not text:
        return text
    return translate(text, "deadlines", "en")


def dutch_item(item: Any, skipped_in_steps: bool = False, lang: str = "nl") -> Any:
    """A deadline item (rules.deadlines.Item) with its rule and steps in Dutch (with ``lang="en"``,
    in the reader's English); for an .ics (``skipped_in_steps``), the days it skipped among its
    steps ("overgeslagen: ...")."""
    words = english if lang == "en" else dutch
    steps = [words(s) for s in item.steps]
    if not skipped_in_steps:
        return replace(item, rule=words(item.rule), steps=steps,
                       calendar_notes=[words(n) for n in getattr(item, "calendar_notes", [])])
    steps += [message("item.skipped", lang, days="; ".join(item.skipped))] if item.skipped else []
    return replace(item, rule=words(item.rule), steps=steps, skipped=[],
                   calendar_notes=[words(n) for n in getattr(item, "calendar_notes", [])])


def english_item(item: Any) -> Any:
    """A deadline item with its rule and steps as an English reader sees them (:func:`english`)."""
    return dutch_item(item, lang="en")


# -- messages of other parts, in the reader's language (the pages show one language) -------------
def refusal(message: str, lang: str) -> str:
    """A refusal of a question (query/parser.py: "de vraag is niet te begrijpen / cannot understand
    the question: <where>; voorbeelden / questions that work look like: "..."; "..."") in one
    language: for a Dutch reader the Dutch words and the Dutch examples only."""
    m = re.match(r'^de vraag (heeft geen woorden|is niet te begrijpen) / (the question has no words|cannot understand the question)'
                 r'(?:: (.*?))?; voorbeelden / questions that work look like: (.*)$', message, re.S)
    if not m:
        both = (re.match(r"^(de vraag is te lang: .*?) / (the question is too long: .*)$", message, re.S)
                or re.match(r"^(geen artikel .*? gevonden; de artikelen zijn: .*?) / (no article .*? found; the articles are: .*)$",
                            message, re.S))
        return (both[2] if lang == "en" else both[1]) if both else message
    examples = re.findall(r'"([^"]*)"', m[4])
    if lang == "en":  # (the reader's English: no character positions)
        return f"{m[2]}" + (f": {translate(m[3], 'refusals', 'en')}" if m[3] else "") + "; questions that work look like: " + "; ".join(
            f'"{q}"' for q in examples)
    where = translate(m[3], "refusals") if m[3] else m[3]
    from ..query.language import question_language

    dutch_examples = [q for q in examples if question_language(q) == "nl"] or [
        "wie moet wie informeren bij overmacht?", "welke plichten heeft Sittard-Geleen?",
        "wanneer moet het jaarverslag worden aangeleverd?"]
    return (f"de vraag {m[1]}" + (f": {where}" if where else "") + "; voorbeelden: "
            + "; ".join(f'"{q}"' for q in dutch_examples))


def dutch_error(message: str) -> str:
    """A known error message of another part (validate/, diff/, clauses/) in Dutch; unchanged
    when no pattern knows it."""
    return translate(message, "errors")


def interpretation(text: str | None, lang: str) -> str | None:
    """How the grammar read a question (query/ask.py: "begrepen als definition (concept: overmacht;
    doc: dvo-2018)") in the reader's words: the intent and the names of what it recognised from
    api/labels.yaml (section interpretation); the recognised words themselves stay."""
    if not text:
        return text
    from .labels import labels

    words = labels("interpretation")[lang]

    def intent(m: re.Match[str]) -> str:
        return f"{words['as']} {words.get(m[1], m[1])}"

    text = re.sub(r"begrepen als (\w+)", intent, text)
    if lang == "en":
        for key in ("whole", "same_article", "topic_searched", "searched", "no_norm", "plays_role", "cited", "month"):
            text = text.replace(labels("interpretation")["nl"][key], words[key])
    return re.sub(r"(?<=[(;] )(\w+): |(?<=\()(\w+): ",
                  lambda m: f"{words.get(m[1] or m[2], m[1] or m[2])}: ", text)


def answer_json(ans: Any) -> dict[str, Any]:
    """An answer of ``ask`` as the JSON API and ``dvo-kb ask --format json`` give it: the engine's
    fields, and ``interpretation_by_lang``, how the question was read in the reader's words, Dutch
    and English (the engine's own ``interpretation`` names its intents: "begrepen als who_whom")."""
    out: dict[str, Any] = ans.to_json()
    out["interpretation_by_lang"] = {lang: interpretation(ans.interpretation, lang) for lang in ("nl", "en")}
    return out
