"""The words of the web pages in Dutch and English: data in ``labels.yaml``, one section a page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


@cache
def _all() -> dict[str, dict[str, dict[str, str]]]:
    with (HERE / "labels.yaml").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(fh)
    return data


def labels(page: str) -> dict[str, dict[str, str]]:
    """A page's words: {"nl": {key: text}, "en": {key: text}}."""
    return _all()[page]


@cache
def _term_labels() -> dict[tuple[str, str], str]:
    """The ontology's rdfs:label of every dvo: term, by (local name, language)."""
    from rdflib import RDFS, Literal

    from ..ontology.load import ontology_graph
    from ..ontology.namespace import DVO

    ns = str(DVO._NS)
    out: dict[tuple[str, str], str] = {}
    for s, o in ontology_graph().subject_objects(RDFS.label):
        if str(s).startswith(ns) and isinstance(o, Literal) and o.language in ("nl", "en"):
            out[(str(s)[len(ns):], o.language)] = str(o)
    return out


def term(local: str | None, lang: str = "nl") -> str | None:
    """A term of the ontology (a kind of norm: "Obligation") in the reader's language, from its
    rdfs:label ("verplichting"); the name itself when the ontology has no label for it."""
    if not local:
        return local
    return _term_labels().get((local, lang)) or local


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def where(answer: dict[str, Any], lang: str = "nl") -> str:
    """Where an answer of ``ask`` stands, as the texts cite it (section citation): "art. 13 lid
    2", "bijlage 1" for an annex's list, "" for an answer that is no division of a document."""
    cite = labels("citation")[lang]
    if answer.get("annex"):
        return f"{cite['annex']} {answer['annex']}"
    if not answer.get("article"):
        return ""
    return f"{cite['art']} {answer['article']}" + (f" {cite['lid']} {answer['paragraph']}" if answer.get("paragraph") else "")


def dates_in_words(text: str, lang: str = "nl") -> str:
    """The ISO dates in a sentence as a reader writes them ("ingetrokken per 2018-05-25" ->
    "ingetrokken per 25 mei 2018"; "25 May 2018" in English); the rest unchanged."""
    from ..words import month_names

    months = month_names(lang)

    def one(m: re.Match[str]) -> str:
        return f"{int(m[3])} {months[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else m[0]
    return ISO_DATE.sub(one, text)


def merged_shares(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers with the cost shares of one lid (one answer per party in ``ask``'s JSON) as one
    answer whose ``shares`` lists them, the largest first; the other answers unchanged."""
    out: list[dict[str, Any]] = []
    for a in answers:
        if a.get("kind") == "CostShare" and out and out[-1].get("kind") == "CostShare" and (
                out[-1]["iri"], out[-1].get("costs"), out[-1].get("period")) == (a["iri"], a.get("costs"), a.get("period")):
            out[-1]["shares"].append(a)
            out[-1]["shares"].sort(key=lambda x: -float(x.get("share") or 0))
            out[-1]["party"] = out[-1]["share"] = None  # the key as a whole (the page marks no one party's line)
        elif a.get("kind") == "CostShare":
            out.append({**a, "shares": [a]})
        else:
            out.append(a)
    return out


def shares_text(answer: dict[str, Any], lang: str = "nl") -> str:
    """A lid's cost shares in words: "gemeente Sittard-Geleen 69 %, gemeente Stein 19 %, gemeente
    Beek 12 %; kosten: De jaarlijkse vergoedingen ...; jaarlijks" (the parties by their labels)."""
    t = labels("cli")[lang]
    decimal = t.get("decimal", ".")

    def pct(x: Any) -> str:
        return f"{float(x):g}".replace(".", decimal) + " %"

    parts = ", ".join(f"{(s.get('party_names') or {}).get(lang) or s.get('party')} {pct(s['share'])}"
                      for s in answer.get("shares") or [answer])
    extra = [f"{t['costs']}: {answer['costs']}"] if answer.get("costs") else []
    extra += [answer["period"]] if answer.get("period") else []
    return "; ".join([parts, *extra])


def answer_line(a: dict[str, Any], lang: str = "nl") -> str:
    """What an answer of ``ask`` (or one norm of its lid) says, by its kind: a cost share, entry
    into force, a norm, a definition (the CLI's words, labels.yaml section cli)."""
    t = labels("cli")[lang]
    kind = a.get("kind") or ""
    if kind == "CostShare":
        return f"{term(kind, lang)}: {shares_text(a, lang)}"
    if kind == "InForce":
        return f"{t['in_force']} {a['in_force_from']}" + (f" {t['until']} {a['until']}" if a.get("until") else "")
    if kind in ("Obligation", "Permission", "Prohibition", "Power"):
        line = f"{term(kind, lang)}: {a.get('bearer') or '?'}"
        if a.get("counterparty"):
            line += f" -> {a['counterparty']}"
        verb, what = a.get(f"verb_{lang}") or a.get("verb_nl"), a.get("action")
        if verb and what and lang == "nl" and verb.split()[0][:5].lower() in what.lower():
            # said once: "maatregelen treffen – met onmiddellijke ingang maatregelen treffen ..." (an
            # object's last word ending in -en is no sign of a verb of its own: "de netto
            # uitvoeringskosten", a review found 323 of 554 lines without their verb that way)
            verb = None
        if verb or what:  # what is to be done: the action's label (a new user's trial missed the verb) and its object
            line += ": " + " – ".join(x for x in (verb, what) if x)
        if a.get("deadline"):
            line += f"; {t['deadline']}: {a['deadline']}"
        if a.get("survives"):
            line += f"; {t['survives']}"
        return line
    if kind == "Definition":  # a definition whose term the graph does not name: its heading, or nothing
        return (t["definition_of"].format(term=a["term"]) if a.get("term")
                else t["definition"] + (f" ({a['heading']})" if a.get("heading") else ""))
    if kind == "Declaration" and a.get("says"):  # what it declares (a trial: bare "verklaring" lines)
        return f"{term(kind, lang)}: {_short_said(a['says'])}"
    return (term(kind, lang) if kind else "") or (a.get("heading") or "")


def _short_said(text: str, limit: int = 160) -> str:
    """A declaration's words on one line, cut at a word near ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def norms_apart(answer: dict[str, Any], lang: str = "nl") -> list[dict[str, Any]]:
    """The norms of an answer's lid to show one by one, each with its own conditions, deadline
    and notes: a lid of norms that read differently; none where one line says it all (a single
    norm, norms that read the same such as two declarations, a cost share, entry into force)."""
    norms: list[dict[str, Any]] = answer.get("norms", [])
    if answer.get("kind") in ("CostShare", "InForce") or len({answer_line(n, lang) for n in norms}) < 2:
        return []
    return norms
