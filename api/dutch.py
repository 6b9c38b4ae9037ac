"""The engines' sentences in the reader's language (issue 18), from data: ``api/messages.yaml``
holds every message by id, with its English and its Dutch text and {parameters}.

The deadline engine (rules/deadlines.py, rules/calendar.py) says how a date was computed in
English ("each month, in advance: ...", "2 werkdag after ..."), the question
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
PLURAL = {"werkdag": "werkdagen", "kalenderdag": "kalenderdagen", "dag": "dagen", "week": "weken",
          "maand": "maanden", "jaar": "jaar", "kwartaal": "kwartalen"}
WHAT = {"right": "het recht", "power": "de bevoegdheid", "duty": "de plicht", "ban": "het verbod", "norm": "de norm"}


def _count(n: str, unit: str) -> str:
    """'2 werkdag' -> '2 werkdagen' (the engine gives the unit in the singular)."""
    return f"{n} {unit if n.strip() == '1' else PLURAL.get(unit, unit)}"


# the filters of a parameter in a message's text: {what|what}, {period|period}, ...
FILTERS: dict[str, Callable[[str], str]] = {
    "what": lambda v: WHAT.get(v, v),
    "period": lambda v: v.replace("more than ", "meer dan "),
    "nth": lambda v: re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1e", v),
    "quarter": lambda v: v.replace("Q", "K"),
}
FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
ANY = ".+?"  # a parameter messages.yaml gives no pattern


@dataclass(frozen=True)
class Message:
    id: str
    match: str  # prefix, whole or anywhere
    text: dict[str, str]  # by language
    pattern: re.Pattern[str]  # the English the engine writes today

    def render(self, lang: str, params: dict[str, str]) -> str:
        """The message in ``lang`` with its parameters filled in."""
        values = dict(params)
        if "n" in values and "unit" in values:
            values["count"] = _count(values["n"], values["unit"])

        def field(m: re.Match[str]) -> str:
            value = values[m[1]]
            return FILTERS[m[2]](value) if m[2] and lang == "nl" else value

        return FIELD.sub(field, self.text.get(lang) or self.text["en"])


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
    with MESSAGES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    params: dict[str, str] = data["params"]
    return tuple(Message(id, m["match"], {k: m[k] for k in ("en", "nl")}, _pattern(m["en"], m["match"], params))
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


def dutch_item(item: Any, skipped_in_steps: bool = False) -> Any:
    """A deadline item (rules.deadlines.Item) with its rule and steps in Dutch; for an .ics
    (``skipped_in_steps``), the days it skipped among its steps ("overgeslagen: ...")."""
    steps = [dutch(s) for s in item.steps]
    if not skipped_in_steps:
        return replace(item, rule=dutch(item.rule), steps=steps,
                       calendar_notes=[dutch(n) for n in getattr(item, "calendar_notes", [])])
    steps += [message("item.skipped", "nl", days="; ".join(item.skipped))] if item.skipped else []
    return replace(item, rule=dutch(item.rule), steps=steps, skipped=[],
                   calendar_notes=[dutch(n) for n in getattr(item, "calendar_notes", [])])


# -- messages of other parts, in the reader's language (the pages show one language) -------------
ENGLISH_QUESTION = re.compile(r"\b(who|whom|what|when|which|must|does|may|the|are|is|of)\b", re.I)


def refusal(message: str, lang: str) -> str:
    """A refusal of a question (query/parser.py: "de vraag is niet te begrijpen / cannot understand
    the question: <where>; voorbeelden / questions that work look like: "..."; "..."") in one
    language: for a Dutch reader the Dutch words and the Dutch examples only."""
    m = re.match(r'^de vraag is (leeg|niet te begrijpen) / (the question is empty|cannot understand the question)'
                 r'(?:: (.*?))?; voorbeelden / questions that work look like: (.*)$', message, re.S)
    if not m:
        return message
    examples = re.findall(r'"([^"]*)"', m[4])
    if lang == "en":
        return f"{m[2]}" + (f": {m[3]}" if m[3] else "") + "; questions that work look like: " + "; ".join(
            f'"{q}"' for q in examples)
    where = translate(m[3], "refusals") if m[3] else m[3]
    dutch_examples = [q for q in examples if not ENGLISH_QUESTION.search(q)] or [
        "wie moet wie informeren bij overmacht?", "welke plichten heeft Sittard-Geleen?",
        "wanneer moet het jaarverslag worden aangeleverd?"]
    return (f"de vraag is {m[1]}" + (f": {where}" if where else "") + "; voorbeelden: "
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
        text = text.replace("gezocht in de tekst naar: ", "searched the text for: ")
        for key in ("no_norm", "plays_role"):
            text = text.replace(labels("interpretation")["nl"][key], words[key])
    return re.sub(r"(?<=[(;] )(\w+): |(?<=\()(\w+): ",
                  lambda m: f"{words.get(m[1] or m[2], m[1] or m[2])}: ", text)
