"""The matched norm in the verbatim text of its lid, marked with ``<mark>`` for the search page.

A norm whose source is an item (``.../lid/1/item/a/norm/1``) marks that item's text within the
lid; a norm of the lid itself marks, within the lid's own text (before its items), the sentence
that carries most of the norm's wording (bearer, counterparty, action, deadline); a cost share
marks the sentence or line with the party and its percentage. Without any match the whole
scope is marked, never an invented span.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pyoxigraph as ox

from .. import sparql
from ..store import KnowledgeBase

LID_ITEMS = sparql.load("api/queries/lid_items.rq")
NORM_ITEM = sparql.load("api/queries/norm_item.rq")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def find(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """The span of ``needle`` in ``text`` (case-insensitive, any run of whitespace matches any)."""
    words = needle.split()
    if not words:
        return None
    m = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE).search(text, start)
    return (m.start(), m.end()) if m else None


def _phrases(answer: dict[str, Any]) -> list[tuple[str, int]]:
    """The answer's wording to look for in the text, with a weight (a percentage counts most)."""
    out = []
    for key in ("bearer", "counterparty", "action", "deadline", "term", "costs"):
        value = answer.get(key)
        if isinstance(value, str):
            value = re.sub(r"\s*[\[(][^\])]*[\])]", "", value).strip()  # "(die partij)", "[de overmacht ...]"
            if len(value) >= 4:
                out.append((value, 1))
    if isinstance(answer.get("share"), float | int):
        pct = f"{answer['share']:g}"
        out += [(f"{pct}%", 3), (f"{pct} %", 3)]
    if isinstance(answer.get("party"), str):
        out.append((answer["party"].replace("-", " "), 1))
    return out


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences (or lines) of text[start:end], as spans without surrounding whitespace."""
    out, pos = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def span(text: str, answer: dict[str, Any], source_text: str | None, item_texts: list[str]) -> tuple[int, int] | None:
    """The part of the lid's text to mark for this answer, or None when nothing fits."""
    if not text.strip():
        return None
    if source_text:  # the norm comes from an item: that item, within the lid
        found = find(text, source_text)
        if found is None:
            return None
        scope = found
    elif not answer.get("norm"):  # a cost share, a definition: anywhere in the lid
        scope = (0, len(text))
    else:  # a norm of the lid itself: the lid's own text, up to its first item
        starts = [f[0] for f in (find(text, t) for t in item_texts) if f]
        first = min(starts, default=len(text))
        line = text.rfind("\n", 0, first)  # the item's marker ("a)") starts its line
        scope = (0, line if starts and line > 0 else first)
    phrases = _phrases(answer)
    best, best_score = None, 0
    for s, e in _segments(text, *scope):
        score = sum(w for p, w in phrases if find(text[s:e], p))
        if score > best_score:
            best, best_score = (s, e), score
    s, e = best or scope
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else None


def marked(text: str, where: tuple[int, int] | None) -> str:
    """The text as HTML, the span marked."""
    if where is None:
        return escape(text)
    s, e = where
    return f"{escape(text[:s])}<mark>{escape(text[s:e])}</mark>{escape(text[e:])}"


def marked_all(text: str, spans: list[tuple[int, int]]) -> str:
    """The text as HTML, each span marked (overlapping spans as one)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, last = [], 0
    for s, e in merged:
        out.append(f"{escape(text[last:s])}<mark>{escape(text[s:e])}</mark>")
        last = e
    return "".join(out) + escape(text[last:])


def sources(kb: KnowledgeBase, answers: list[dict[str, Any]]) -> dict[str, tuple[str | None, list[str]]]:
    """Per lid or norm IRI of the answers: the norm's item text (None for a norm of the lid
    itself) and the texts of the lid's items."""
    out: dict[str, tuple[str | None, list[str]]] = {}
    items: dict[str, list[str]] = {}
    for a in answers:
        lid = a.get("iri")
        if not isinstance(lid, str) or lid in items:
            continue
        rows = kb.select(LID_ITEMS, {"lid": ox.NamedNode(lid)})
        items[lid] = [r["t"] for r in rows if r["t"]]
    for a in answers:
        lid = a.get("iri")
        if not isinstance(lid, str):
            continue
        for norm in a.get("matched_norms") or [a.get("norm")]:
            item_text = None
            if isinstance(norm, str):
                rows = kb.select(NORM_ITEM, {"n": ox.NamedNode(norm)})
                item_text = rows[0]["t"] if rows else None
            out[norm if isinstance(norm, str) else lid] = (item_text, items.get(lid, []))
    return out


def terms_html(text: str, terms: list[str]) -> str:
    """The text as HTML with the words the text search matched marked (<mark>)."""
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]) + "<mark>" + escape(m.group(0)) + "</mark>")
        last = m.end()
    return "".join(out) + escape(text[last:])


def answer_html(answer: dict[str, Any], known: dict[str, tuple[str | None, list[str]]]) -> str:
    """The verbatim text of an answer as HTML, with the matched norm marked (or, for a lid the
    text search found, the words it matched)."""
    text = answer.get("text") or ""
    key = answer.get("norm") or answer.get("iri")
    if answer.get("norm") is None and answer.get("kind") is None and answer.get("matched_terms"):
        return terms_html(text, answer["matched_terms"])
    if answer.get("kind") == "InForce" or key not in known:
        return escape(text)
    spans = []
    for norm in answer.get("matched_norms") or [key]:  # every norm of the lid the question matched
        if norm in known:
            item_text, item_texts = known[norm]
            one = {**answer, "norm": norm} if norm != answer.get("iri") else answer  # keyed by lid: no norm
            found = span(text, one, item_text, item_texts)
            if found is not None:
                spans.append(found)
    return marked_all(text, spans)
