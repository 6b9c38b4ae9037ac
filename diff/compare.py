"""What changed between two documents, norm by norm.

:func:`compare` aligns the articles (:mod:`.align`), then, for every aligned group, the leden
and the provisions, and lists the changes: norms added or removed, changed kind, bearer,
counterparty, action, trigger, condition, deadline, survival, definitions, references and
cost-sharing keys, then the word-level changes of the text. Every change names the article
and lid of both sides (the lid of the other side is the aligned lid, where there is one).

Levels, in this order: ``substantive`` (the structured encoding differs), ``consequential``
(a bearer or counterparty that differs only by parties that joined or left the agreement, see
the document-level changes), ``wording`` (the encoded words differ, the structure does not)
and ``text`` (the word-level differences of the verbatim text).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .align import Group, Unit, align
from .load import Article, DocumentSide, Norm, Side, load_side
from .text import detok, has_number, is_word, jaccard, lower, normalized, opcodes, text_similarity, tokens

if TYPE_CHECKING:
    from ..store import KnowledgeBase

HERE = Path(__file__).parent


@cache
def config() -> dict[str, Any]:
    with (HERE / "config.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


# -- the result --------------------------------------------------------------------------------
@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    field: str  # "norm", "kind", "bearer", "counterparty", "action", "trigger", "condition", "deadline", ...
    before: Any
    after: Any
    a_text: str | None
    b_text: str | None
    level: str = "substantive"
    a_article: str | None = None
    b_article: str | None = None
    a_paragraph: str | None = None
    b_paragraph: str | None = None
    a_iri: str | None = None  # the lid or item of A
    b_iri: str | None = None
    a_norm: str | None = None  # the provision of A
    b_norm: str | None = None
    note: str | None = None
    covered_by: str | None = None  # word-level: the substantive change that accounts for it
    cover: tuple[set[str], set[str]] | None = None  # (words before, words after) it accounts for
    # (before, after, note) where they are the comparison's own words, for a reader of another
    # language than the values' English (as_json leaves them out): {"nl": (...)}
    shown: dict[str, tuple[Any, Any, str | None]] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def in_words(self, lang: str) -> tuple[Any, Any, str | None]:
        """before, after and note as a reader of ``lang`` reads them."""
        return self.shown.get(lang, (self.before, self.after, self.note))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "field": self.field, "before": self.before, "after": self.after,
                               "a_text": self.a_text, "b_text": self.b_text, "level": self.level,
                               "a_article": self.a_article, "b_article": self.b_article,
                               "a_paragraph": self.a_paragraph, "b_paragraph": self.b_paragraph,
                               "a_iri": self.a_iri, "b_iri": self.b_iri}
        for k in ("a_norm", "b_norm", "note", "covered_by"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        return out


@dataclass
class LidPair:
    """Aligned leden of an aligned group of articles (one each, or several on one side)."""

    a: list[dict[str, Any]]
    b: list[dict[str, Any]]
    a_article: list[str]
    b_article: list[str]


@dataclass
class Pair:
    a_articles: list[Article]
    b_articles: list[Article]
    how: str
    score: float
    changes: list[Change] = field(default_factory=list)
    lids: list[LidPair] = field(default_factory=list)

    @property
    def a_article(self) -> str:
        return "+".join(a.number for a in self.a_articles)

    @property
    def b_article(self) -> str:
        return "+".join(b.number for b in self.b_articles)

    def as_json(self) -> dict[str, Any]:
        return {"a_article": self.a_article, "b_article": self.b_article,
                "a_articles": [a.number for a in self.a_articles], "b_articles": [b.number for b in self.b_articles],
                "match": {"how": self.how, "score": self.score}, "changes": [c.as_json() for c in self.changes]}


@dataclass
class Diff:
    a: Side
    b: Side
    document_changes: list[Change]
    pairs: list[Pair]
    only_a: list[Article]
    only_b: list[Article]

    def substantive(self) -> list[tuple[Pair | None, Change]]:
        """Every change that is not wording or text, with its pair (None: document level)."""
        out: list[tuple[Pair | None, Change]] = [(None, c) for c in self.document_changes
                                                 if c.level in ("substantive", "consequential")]
        out += [(p, c) for p in self.pairs for c in p.changes if c.level in ("substantive", "consequential")]
        return out

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a.id, "b": self.b.id,
                # provisions of a side that were extracted by dvo-kb add and not reviewed: its changes rest on them
                "not_reviewed": {"a": self.a.unreviewed, "b": self.b.unreviewed},
                "document_changes": [c.as_json() for c in self.document_changes],
                "pairs": [p.as_json() for p in self.pairs],
                "only_a": [_only(a) for a in self.only_a], "only_b": [_only(b) for b in self.only_b]}


def _only(a: Article) -> dict[str, Any]:
    return {"article": a.number, "heading": a.heading, "iri": a.iri,
            "paragraphs": [{"paragraph": p["paragraph"], "iri": p["iri"], "text": p["text"]} for p in a.paragraphs],
            "norms": [{"iri": n.iri, "paragraph": n.paragraph, "summary": summary(n)} for n in a.norms]}


# -- describing encoded values ------------------------------------------------------------------
def _role_key(iri: str) -> str:
    """A role without its document: ``opdrachtnemer/sittard-geleen``, ``var/getroffen-partij``."""
    return iri.split("/role/", 1)[1] if "/role/" in iri else iri


def _who(x: dict[str, Any] | None) -> tuple[frozenset[str], frozenset[str]]:
    if not x:
        return frozenset(), frozenset()
    return frozenset(x.get("parties") or []), frozenset(_role_key(r["iri"]) for r in x.get("roles") or [])


def _same_who(sx: tuple[frozenset[str], frozenset[str]], sy: tuple[frozenset[str], frozenset[str]]) -> bool:
    """The same parties, and the same roles where both sides state roles (an encoding with
    parties only is not a change from one with parties and roles)."""
    if sx[0] and sy[0]:
        return sx[0] == sy[0] and (sx[1] == sy[1] or not sx[1] or not sy[1])
    return sx == sy


def _who_text(x: dict[str, Any] | None) -> str | None:
    if not x:
        return None
    parties, roles = _who(x)
    detail = ", ".join(sorted(parties)) or ", ".join(sorted(roles))
    text = x.get("text") or ""
    return f"{text} [{detail}]" if detail else text or None


def _deadline_key(d: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not d:
        return None
    return tuple(sorted((k, str(v)) for k, v in d.items() if k not in ("text", "anchor", "frequency")))


@cache
def _w(lang: str) -> dict[str, str]:
    """The words of a norm's summary in ``lang`` (api/labels.yaml, section norm_line)."""
    from ..api.labels import labels

    return labels("norm_line")[lang]


def reader_languages() -> list[str]:
    """The languages a change is also described in, besides its values' own English."""
    from ..api.labels import labels

    return [lang for lang in labels("norm_line") if lang != "en"]


def _said(c: Change, shown: Mapping[str, tuple[Any, Any, str | None]]) -> Change:
    """``c`` with its values also in the words of every other reader's language (``shown``, by
    language: before, after, note)."""
    c.shown.update(shown)
    return c


def kind_text(kind: str | None, lang: str = "en") -> str:
    """A kind of norm (or of a document, a role): its name in the values (en), else the
    ontology's rdfs:label in ``lang``."""
    if lang == "en" or not kind:
        return kind or ""
    from ..api.labels import term

    return term(kind, lang) or kind


def _bool_text(x: Any, lang: str) -> Any:
    """A yes or no of the comparison (survives, indefinite): the value itself in English, else the word."""
    return _w(lang)["yes" if x else "no"] if isinstance(x, bool) and lang != "en" else x


def deadline_text(d: dict[str, Any] | None, lang: str = "en") -> str | None:
    if not d:
        return None
    w = _w(lang)
    t = d.get("type")
    if t == "fixed-day":
        rule = w["on_or_before" if d.get("inclusive") else "before_day"].format(day=d.get("day"), month=d.get("month"))
    elif t == "period":
        n = d.get("ordinal") and w["nth_unit"].format(nth=_ordinal(d["ordinal"], lang), unit=d.get("unit")) \
            or f"{d.get('count')} {_unit(d.get('count'), d.get('unit'), lang)}"
        rule = w["before_anchor" if d.get("before_anchor") else "after_anchor"].format(n=n, anchor=d.get("anchor") or "?")
        if d.get("quarters"):
            rule += " " + w["quarters"].format(quarters=", ".join(str(q) for q in d["quarters"]))
    elif t == "recurring":
        rule = str(d.get("frequency") or "")
        if d.get("minimum_per_year"):
            rule += ", " + w["per_year"].format(n=d["minimum_per_year"])
    else:
        rule = w["not_computable"]
    return f"{d.get('text')} [{rule}]"


def _ordinal(n: int, lang: str = "en") -> str:
    w = _w(lang)
    names = w["ordinals"].split()
    return names[n - 1] if 1 <= n <= len(names) else w["nth"].format(n=n)


def condition_text(c: dict[str, Any] | None, lang: str = "en") -> str | None:
    if not c:
        return None
    t = c.get("text") or ""
    if c.get("threshold_count") is not None:
        unit = _unit(c["threshold_count"], c.get("threshold_unit") or "", lang)
        t += " [" + _w(lang)["threshold"].format(n=c["threshold_count"], unit=unit) + "]"
    return t


def _unit(n: Any, unit: Any, lang: str) -> Any:
    """The unit of a count in the reader's ``lang``, in the plural after a count other than 1
    ("10 werkdagen", api/messages.yaml units); in the values (en) as the norm gives it."""
    if lang == "en" or n is None or not unit:
        return unit
    from ..api.dutch import unit_word

    return unit_word(str(n), str(unit), lang)


def summary(n: Norm, lang: str = "en") -> str:
    """A norm in one line: its kind, bearer, counterparty, action, trigger, condition, deadline
    and survival; in English (the values of the comparison, as_json) or in the reader's ``lang``
    (the kinds by the ontology's rdfs:label, the words from api/labels.yaml, section norm_line)."""
    d = n.data
    w = _w(lang)
    kind = kind_text(n.kind, lang)
    if not n.is_norm:
        extra = d.get("defined_term") or ""
        return f"{kind} {extra}".strip()
    parts = [w["bearer"].format(kind=kind, who=_who_text(d.get("bearer")) or "?")]
    if d.get("counterparty"):
        parts.append(w["towards"].format(who=_who_text(d["counterparty"])))
    parts.append((w["action"].format(action=", ".join(d.get("action") or [])) + f": {d.get('action_object') or ''}")
                 .rstrip(": "))
    if d.get("trigger"):
        parts.append(w["on"].format(what=", ".join(d["trigger"])))
    if d.get("condition"):
        parts.append(w["if"].format(what=condition_text(d["condition"], lang)))
    if d.get("deadline"):
        parts.append(w["deadline"].format(what=deadline_text(d["deadline"], lang)))
    if d.get("survives"):
        parts.append(w["survives"])
    return "; ".join(parts)


# -- comparing ----------------------------------------------------------------------------------
def compare(kb: KnowledgeBase, a: DocumentSide, b: DocumentSide) -> Diff:
    """Compares two documents: corpus ids or short titles, rdflib Graphs of one document each
    (a draft in the corpus vocabulary), or loaded :class:`~dvo_kb.diff.load.Side` objects."""
    sa, sb = load_side(kb, a), load_side(kb, b)
    cfg = config()
    doc_changes = document_changes(sa, sb)
    left = {p["party"] for p in sa.view["parties"]} - {p["party"] for p in sb.view["parties"]}
    joined = {p["party"] for p in sb.view["parties"]} - {p["party"] for p in sa.view["parties"]}
    units_a = [Unit(x.number, x.text, x.position, x.heading, x.topics) for x in sa.articles]
    units_b = [Unit(x.number, x.text, x.position, x.heading, x.topics) for x in sb.articles]
    groups, only_a, only_b = align(units_a, units_b, cfg["articles"])
    pairs = [_pair(sa, sb, g, cfg, left, joined, doc_changes) for g in groups]
    _moved_definitions(sa, sb, pairs)
    return Diff(sa, sb, doc_changes, pairs, [sa.articles[i] for i in only_a], [sb.articles[j] for j in only_b])


def _moved_definitions(sa: Side, sb: Side, pairs: list[Pair]) -> None:
    """A definition added to one article that the other document has elsewhere was moved."""
    where_a = {str(n.data.get("defined_term") or "").lower(): n for a in sa.articles for n in a.provisions
               if n.kind == "Definition"}
    where_b = {str(n.data.get("defined_term") or "").lower(): n for a in sb.articles for n in a.provisions
               if n.kind == "Definition"}
    for p in pairs:
        for c in p.changes:
            if c.field != "definition":
                continue
            term = str(c.after if c.kind == "added" else c.before or "").lower()
            other = where_a.get(term) if c.kind == "added" else where_b.get(term) if c.kind == "removed" else None
            if other is None:
                continue
            if c.kind == "added":
                c.before = f"{c.after} (art. {other.article})"
                c.after = f"{c.after} (art. {p.b_article})"
            else:
                c.after = f"{c.before} (art. {other.article})"
                c.before = f"{c.before} (art. {p.a_article})"
            c.kind, c.level = "moved", "wording"
            if c.a_norm is None:
                c.a_article, c.a_paragraph, c.a_iri, c.a_text, c.a_norm = (
                    other.article, other.paragraph, other.paragraph_iri, other.text, other.iri)
            else:
                c.b_article, c.b_paragraph, c.b_iri, c.b_text, c.b_norm = (
                    other.article, other.paragraph, other.paragraph_iri, other.text, other.iri)
        order = _level_order()
        p.changes.sort(key=lambda c: order.get(c.level, 99))


def _level_order() -> dict[str, int]:
    return {lv: i for i, lv in enumerate(config()["levels"])}


def _pair(sa: Side, sb: Side, g: Group, cfg: dict[str, Any], left: set[str], joined: set[str],
          doc_changes: list[Change]) -> Pair:
    arts_a = [sa.articles[i] for i in g.a]
    arts_b = [sb.articles[j] for j in g.b]
    pair = Pair(arts_a, arts_b, g.how, g.score)
    lids_a = [(a.number, p) for a in arts_a for p in a.paragraphs]
    lids_b = [(b.number, p) for b in arts_b for p in b.paragraphs]
    ua = [Unit(p["paragraph"] or "0", p["text"], k) for k, (_, p) in enumerate(lids_a)]
    ub = [Unit(p["paragraph"] or "0", p["text"], k) for k, (_, p) in enumerate(lids_b)]
    if len(ua) == 1 and len(ub) == 1:  # the articles are aligned: so are their only leden
        lgroups, la, lb = [Group([0], [0], "same-number", 1.0)], list[int](), list[int]()
    else:
        lgroups, la, lb = align(ua, ub, {**cfg["articles"], **cfg["paragraphs"]})
    partner_a: dict[str, tuple[str, dict[str, Any]]] = {}  # lid IRI of A -> aligned (article, lid) of B
    partner_b: dict[str, tuple[str, dict[str, Any]]] = {}
    for lg in lgroups:
        pair.lids.append(LidPair([lids_a[i][1] for i in lg.a], [lids_b[j][1] for j in lg.b],
                                 [lids_a[i][0] for i in lg.a], [lids_b[j][0] for j in lg.b]))
        for i in lg.a:
            partner_a[lids_a[i][1]["iri"]] = lids_b[lg.b[0]]
        for j in lg.b:
            partner_b[lids_b[j][1]["iri"]] = lids_a[lg.a[0]]
    for i in la:
        pair.lids.append(LidPair([lids_a[i][1]], [], [lids_a[i][0]], []))
    for j in lb:
        pair.lids.append(LidPair([], [lids_b[j][1]], [], [lids_b[j][0]]))
    # a side with a single lid: everything on the other side points to it
    if len(lids_a) == 1:
        for _, p in lids_b:
            partner_b.setdefault(p["iri"], lids_a[0])
    if len(lids_b) == 1:
        for _, p in lids_a:
            partner_a.setdefault(p["iri"], lids_b[0])

    ctx = _Ctx(pair, partner_a, partner_b, left, joined, cfg)
    norms_a = [n for a in arts_a for n in a.provisions]
    norms_b = [n for b in arts_b for n in b.provisions]
    ctx.norms([n for n in norms_a if n.is_norm], [n for n in norms_b if n.is_norm])
    ctx.definitions([n for n in norms_a if n.kind == "Definition"], [n for n in norms_b if n.kind == "Definition"])
    ctx.references(norms_a, norms_b)
    ctx.keys([k for a in arts_a for k in a.keys], [k for b in arts_b for k in b.keys])
    ctx.words(doc_changes)
    order = _level_order()
    pair.changes.sort(key=lambda c: order.get(c.level, 99))
    return pair


class _Ctx:
    """The changes of one aligned group, with the lid alignment to point to the other side."""

    def __init__(self, pair: Pair, partner_a: dict[str, tuple[str, dict[str, Any]]],
                 partner_b: dict[str, tuple[str, dict[str, Any]]], left: set[str], joined: set[str],
                 cfg: dict[str, Any]) -> None:
        self.pair, self.partner_a, self.partner_b = pair, partner_a, partner_b
        self.left, self.joined, self.cfg = left, joined, cfg
        self.a_id = _rel(pair.a_articles[0].iri).split("/art/")[0]
        self.b_id = _rel(pair.b_articles[0].iri).split("/art/")[0]

    # where a change is
    def add(self, c: Change, a: Norm | dict[str, Any] | None, b: Norm | dict[str, Any] | None) -> None:
        a_loc = self._loc(a)
        b_loc = self._loc(b)
        if a_loc is None and b_loc is not None:
            a_loc = self._partner(self.partner_b, b_loc[2])
        if b_loc is None and a_loc is not None:
            b_loc = self._partner(self.partner_a, a_loc[2])
        if a_loc:
            c.a_article, c.a_paragraph, c.a_iri, c.a_text = a_loc
        if b_loc:
            c.b_article, c.b_paragraph, c.b_iri, c.b_text = b_loc
        if isinstance(a, Norm):
            c.a_norm = a.iri
        if isinstance(b, Norm):
            c.b_norm = b.iri
        self.pair.changes.append(c)

    @staticmethod
    def _loc(x: Norm | dict[str, Any] | None) -> tuple[str, str | None, str, str] | None:
        if isinstance(x, Norm):
            return x.article, x.paragraph, x.paragraph_iri, x.text
        if isinstance(x, dict):
            return x["article"], x["paragraph"], x["iri"], x["text"]
        return None

    @staticmethod
    def _partner(table: dict[str, tuple[str, dict[str, Any]]], iri: str) -> tuple[str, str | None, str, str] | None:
        hit = table.get(iri)
        if hit is None:
            return None
        art, p = hit
        return art, p["paragraph"], p["iri"], p["text"]

    # norms
    def may_match(self, x: Norm, y: Norm) -> bool:
        """Two norms are candidates only if they share an action, or say nearly the same, or
        stand at the same place of aligned leden with the same bearer."""
        dx, dy = x.data, y.data
        if set(dx.get("action") or []) & set(dy.get("action") or []):
            return True
        if text_similarity(dx.get("action_object"), dy.get("action_object")) >= self.cfg["norms"]["object_alone"]:
            return True
        aligned = self.partner_a.get(x.paragraph_iri, ("", {}))[1].get("iri") == y.paragraph_iri
        return aligned and x.index == y.index and x.kind == y.kind \
            and _same_who(_who(dx.get("bearer")), _who(dy.get("bearer")))

    def norm_score(self, x: Norm, y: Norm) -> float:
        w = self.cfg["norms"]["weights"]
        dx, dy = x.data, y.data
        px, rx = _who(dx.get("bearer"))
        py, ry = _who(dy.get("bearer"))
        aligned = self.partner_a.get(x.paragraph_iri, ("", {}))[1].get("iri") == y.paragraph_iri
        signals = {
            "action": jaccard(set(dx.get("action") or []), set(dy.get("action") or [])),
            "action_object": text_similarity(dx.get("action_object"), dy.get("action_object")),
            "kind": 1.0 if x.kind == y.kind else 0.0,
            "bearer": jaccard(set(px | rx), set(py | ry)),
            "trigger": jaccard(set(dx.get("trigger") or []), set(dy.get("trigger") or [])),
            "same_lid": (1.0 if x.index == y.index else 0.5) if aligned else 0.0,
        }
        return sum(wt * signals.get(k, 0.0) for k, wt in w.items()) / (sum(w.values()) or 1.0)

    def norms(self, na: list[Norm], nb: list[Norm]) -> None:
        scores = sorted(((self.norm_score(x, y), i, j) for i, x in enumerate(na) for j, y in enumerate(nb)
                         if self.may_match(x, y)),
                        key=lambda t: (-t[0], t[1], t[2]))
        ma: dict[int, int] = {}
        mb: set[int] = set()
        for s, i, j in scores:
            if s >= self.cfg["norms"]["match"] and i not in ma and j not in mb:
                ma[i] = j
                mb.add(j)
        for i, x in enumerate(na):
            if i in ma:
                self.norm_pair(x, nb[ma[i]])
            else:
                self.add(_said(Change("removed", "norm", summary(x), None, None, None),
                               {lang: (summary(x, lang), None, None) for lang in reader_languages()}), x, None)
        for j, y in enumerate(nb):
            if j not in mb:
                self.add(_said(Change("added", "norm", None, summary(y), None, None),
                               {lang: (None, summary(y, lang), None) for lang in reader_languages()}), None, y)

    def norm_pair(self, x: Norm, y: Norm) -> None:
        dx, dy = x.data, y.data
        below = self.cfg["changes"]["substantive_below"]

        def changed(fld: str, before: Any, after: Any, level: str = "substantive", note: str | None = None,
                    cover: tuple[str | None, str | None] | None = None,
                    words: Mapping[str, tuple[Any, Any, str | None]] | None = None) -> None:
            c = Change("changed", fld, before, after, None, None, level, note=note)
            if words is not None:
                _said(c, words)
            if cover is not None:
                c.cover = (set(normalized(tokens(cover[0]), {})), set(normalized(tokens(cover[1]), {})))
            self.add(c, x, y)

        if x.kind != y.kind:
            changed("kind", x.kind, y.kind, words={lang: (kind_text(x.kind, lang), kind_text(y.kind, lang), None)
                                                   for lang in reader_languages()})
        for fld in ("bearer", "counterparty"):
            wx, wy = dx.get(fld), dy.get(fld)
            sx, sy = _who(wx), _who(wy)
            tx, ty = (wx or {}).get("text"), (wy or {}).get("text")
            if (wx is None) != (wy is None) or not _same_who(sx, sy):
                level, note = "substantive", None
                if wx is not None and wy is not None and self._by_parties(sx, sy):
                    level = "consequential"
                    note = _party_note(self.left, self.joined)
                before, after = _who_text(wx), _who_text(wy)
                changed(fld, before, after, level, note, (tx, ty),
                        words={lang: (before, after, note and _party_note(self.left, self.joined, lang))
                               for lang in reader_languages()})
            elif (tx or "") != (ty or ""):
                level = "wording" if text_similarity(tx, ty) >= below else "substantive"
                changed(fld, _who_text(wx), _who_text(wy), level, cover=(tx, ty))
        for fld in ("action", "trigger"):
            if sorted(dx.get(fld) or []) != sorted(dy.get(fld) or []):
                changed(fld, ", ".join(dx.get(fld) or []) or None, ", ".join(dy.get(fld) or []) or None)
        cx, cy = dx.get("condition"), dy.get("condition")
        if cx or cy:
            tx, ty = (cx or {}).get("text"), (cy or {}).get("text")
            thx = ((cx or {}).get("threshold_count"), (cx or {}).get("threshold_unit"))
            thy = ((cy or {}).get("threshold_count"), (cy or {}).get("threshold_unit"))
            cond_words = {lang: (condition_text(cx, lang), condition_text(cy, lang), None)
                          for lang in reader_languages()}

            if (cx is None) != (cy is None) or thx != thy or text_similarity(tx, ty) < below:
                changed("condition", condition_text(cx), condition_text(cy), cover=(tx, ty), words=cond_words)
            elif tx != ty:
                changed("condition", condition_text(cx), condition_text(cy), "wording", cover=(tx, ty),
                        words=cond_words)
        ex, ey = dx.get("deadline"), dy.get("deadline")
        if ex or ey:
            tx, ty = (ex or {}).get("text"), (ey or {}).get("text")
            deadline_words = {lang: (deadline_text(ex, lang), deadline_text(ey, lang), None)
                              for lang in reader_languages()}

            if _deadline_key(ex) != _deadline_key(ey):
                changed("deadline", deadline_text(ex), deadline_text(ey), cover=(tx, ty), words=deadline_words)
            elif tx != ty:
                changed("deadline", deadline_text(ex), deadline_text(ey), "wording", cover=(tx, ty),
                        words=deadline_words)
        if bool(dx.get("survives")) != bool(dy.get("survives")):
            sx_, sy_ = bool(dx.get("survives")), bool(dy.get("survives"))
            changed("survives", sx_, sy_, words={lang: (_bool_text(sx_, lang), _bool_text(sy_, lang), None)
                                                 for lang in reader_languages()})
        if (dx.get("action_object") or "") != (dy.get("action_object") or ""):
            sim = text_similarity(dx.get("action_object"), dy.get("action_object"))
            changed("action_object", dx.get("action_object"), dy.get("action_object"),
                    "wording" if sim >= below else "substantive")

    def _by_parties(self, sx: tuple[frozenset[str], frozenset[str]], sy: tuple[frozenset[str], frozenset[str]]) -> bool:
        """True if two bearers differ only by parties that left (or joined) the agreement."""
        if not (self.left or self.joined):
            return False
        roles = bool(sx[1] and sy[1]) or not (sx[0] and sy[0])
        gone = {_party_of_party(v) for v in sx[0] - sy[0]} | ({_party_of_role(v) for v in sx[1] - sy[1]} if roles else set())
        new = {_party_of_party(v) for v in sy[0] - sx[0]} | ({_party_of_role(v) for v in sy[1] - sx[1]} if roles else set())
        return gone <= self.left and new <= self.joined

    def definitions(self, da: list[Norm], db: list[Norm]) -> None:
        ta = {str(n.data.get("defined_term") or "").lower(): n for n in da}
        tb = {str(n.data.get("defined_term") or "").lower(): n for n in db}
        for t, n in ta.items():
            if t not in tb:
                self.add(Change("removed", "definition", n.data.get("defined_term"), None, None, None), n, None)
        for t, n in tb.items():
            if t not in ta:
                self.add(Change("added", "definition", None, n.data.get("defined_term"), None, None), None, n)

    def references(self, na: list[Norm], nb: list[Norm]) -> None:
        def refs(ns: list[Norm], own: str) -> dict[str, tuple[Norm, list[str]]]:
            out: dict[str, tuple[Norm, list[str]]] = {}
            for n in ns:
                for r in n.data.get("references") or []:
                    rel = _rel(r["iri"])
                    if rel == own or rel.startswith(own + "/"):  # its own articles: "art/18" in both
                        rel = _w("en")["this_document"] + rel[len(own):]
                    out.setdefault(rel, (n, n.data.get("reference_text") or []))
            return out

        ra, rb = refs(na, self.a_id), refs(nb, self.b_id)
        gone = [r for r in ra if r not in rb]
        new = [r for r in rb if r not in ra]
        # one reference replaced by another in the aligned lid: one change
        for r in list(gone):
            na_, ta = ra[r]
            same_lid = [s for s in new if self.partner_a.get(na_.paragraph_iri, ("", {}))[1].get("iri")
                        == rb[s][0].paragraph_iri]
            if len(gone) == 1 and len(same_lid) == 1:
                s = same_lid[0]
                c = _said(Change("changed", "reference", r, s, None, None),
                          {lang: (_ref_text(r, lang), _ref_text(s, lang), None) for lang in reader_languages()})
                c.cover = (set(tokens(" ".join(ta))), set(tokens(" ".join(rb[s][1]))))
                self.add(c, na_, rb[s][0])
                gone.remove(r)
                new.remove(s)
        for r in gone:
            c = _said(Change("removed", "reference", r, None, None, None),
                      {lang: (_ref_text(r, lang), None, None) for lang in reader_languages()})
            c.cover = (set(tokens(" ".join(ra[r][1]))), set())
            self.add(c, ra[r][0], None)
        for s in new:
            c = _said(Change("added", "reference", None, s, None, None),
                      {lang: (None, _ref_text(s, lang), None) for lang in reader_languages()})
            c.cover = (set(), set(tokens(" ".join(rb[s][1]))))
            self.add(c, None, rb[s][0])

    def keys(self, ka: list[dict[str, Any]], kb_: list[dict[str, Any]]) -> None:
        used: set[int] = set()
        for x in ka:
            best = max(((text_similarity(x["costs"], y["costs"]), j) for j, y in enumerate(kb_) if j not in used),
                       default=(0.0, -1))
            loc_x = self._key_loc(x)
            if best[1] < 0:
                self.add(_said(Change("removed", "cost_key", _key_text(x), None, None, None),
                               {lang: (_key_text(x, lang), None, None) for lang in reader_languages()}), loc_x, None)
                continue
            y = kb_[best[1]]
            used.add(best[1])
            loc_y = self._key_loc(y)
            for party in sorted(set(x["shares"]) | set(y["shares"])):
                sx, sy = x["shares"].get(party), y["shares"].get(party)
                if sx != sy:
                    kind = "added" if sx is None else "removed" if sy is None else "changed"
                    self.add(Change(kind, "share", f"{party}: {sx}%" if sx is not None else None,
                                    f"{party}: {sy}%" if sy is not None else None, None, None), loc_x, loc_y)
            if (x["period"] or "") != (y["period"] or ""):
                self.add(Change("changed", "share_period", x["period"], y["period"], None, None), loc_x, loc_y)
            if (x["costs"] or "") != (y["costs"] or ""):
                self.add(Change("changed", "cost_key", x["costs"], y["costs"], None, None, "wording"), loc_x, loc_y)
        for j, y in enumerate(kb_):
            if j not in used:
                self.add(_said(Change("added", "cost_key", None, _key_text(y), None, None),
                               {lang: (None, _key_text(y, lang), None) for lang in reader_languages()}), None, self._key_loc(y))

    def _key_loc(self, k: dict[str, Any]) -> dict[str, Any]:
        for arts in (self.pair.a_articles, self.pair.b_articles):
            for a in arts:
                for p in a.paragraphs:
                    if p["iri"] == k["source"]:
                        return {"article": a.number, "paragraph": p["paragraph"], "iri": p["iri"], "text": p["text"]}
        raise KeyError(k["source"])

    # words
    def words(self, doc_changes: list[Change]) -> None:
        table = self.cfg["changes"]["normalize"]
        for lp in self.pair.lids:
            here = {p["iri"] for p in lp.a + lp.b}
            covers = [(c.field, c.cover) for c in self.pair.changes
                      if c.cover is not None and c.level in ("substantive", "consequential", "wording")
                      and ({c.a_iri, c.b_iri} & here)]
            cover_before = {t.lower() for _, (cb, _ca) in covers for t in normalized(list(cb), table)}
            cover_after = {t.lower() for _, (_cb, ca) in covers for t in normalized(list(ca), table)}
            ta = [t for p in lp.a for t in tokens(p["text"])]
            tb = [t for p in lp.b for t in tokens(p["text"])]
            a_loc = {"article": lp.a_article[0], "paragraph": lp.a[0]["paragraph"], "iri": lp.a[0]["iri"],
                     "text": "\n".join(p["text"] for p in lp.a)} if lp.a else None
            b_loc = {"article": lp.b_article[0], "paragraph": lp.b[0]["paragraph"], "iri": lp.b[0]["iri"],
                     "text": "\n".join(p["text"] for p in lp.b)} if lp.b else None
            # a document-level fact stated by this lid (entry into force, citation title) covers it
            lid_iris = {p["iri"] for p in lp.a + lp.b}
            by_fact = next((c.field for c in doc_changes if c.level == "substantive"
                            and any(x and (x in lid_iris or any(i.startswith(x + "/") for i in lid_iris))
                                    for x in (c.a_iri, c.b_iri))), None)
            nums_a = {t for t in ta if has_number([t])}
            nums_b = {t for t in tb if has_number([t])}
            for op, i1, i2, j1, j2 in opcodes(normalized(ta, table), normalized(tb, table)):
                before, after = ta[i1:i2], tb[j1:j2]
                kind = {"replace": "changed", "delete": "removed", "insert": "added"}[op]
                c = Change(kind, "text", detok(before) or None, detok(after) or None, None, None, "text")
                wb = {t for t in lower(normalized(before, table)) if is_word(t)}
                wa = {t for t in lower(normalized(after, table)) if is_word(t)}
                c.covered_by = by_fact
                for fld, (cb, ca) in covers:
                    if c.covered_by is None and (wb or wa) and wb <= {t.lower() for t in normalized(list(cb), table)} \
                            and wa <= {t.lower() for t in normalized(list(ca), table)}:
                        c.covered_by = fld
                self.add(c, a_loc, b_loc)
                if not self.cfg["changes"]["flag_numbers"] or c.covered_by is not None:
                    continue
                # numbers that are in one text only and that no encoded change accounts for
                gone = [k for k in range(i1, i2) if ta[k] in nums_a - nums_b and ta[k].lower() not in cover_before]
                new = [k for k in range(j1, j2) if tb[k] in nums_b - nums_a and tb[k].lower() not in cover_after]
                if gone or new:
                    was, now = _around(ta, gone), _around(tb, new)
                    n = _said(Change(kind, "number", was, now, None, None, note=_w("en")["number"]),
                              {lang: (was, now, _w(lang)["number"]) for lang in reader_languages()})
                    self.add(n, a_loc, b_loc)


def _around(toks: list[str], at: list[int], width: int = 3) -> str | None:
    """The tokens at the given positions with a few words of context."""
    if not at:
        return None
    return detok(toks[max(at[0] - width, 0):at[-1] + width + 1])


def _rel(iri: str) -> str:
    return iri.split("/id/", 1)[1] if "/id/" in iri else iri


def _party_of_party(v: str) -> str:
    """The municipality of a party id: ``stein/management`` -> ``stein``."""
    return v.split("/", 1)[0]


def _party_of_role(v: str) -> str:
    """The party of a role key: ``opdrachtgever/stein`` -> ``stein``; variable roles have none."""
    return "" if v.startswith("var/") else v.rsplit("/", 1)[-1]


def _party_note(left: set[str], joined: set[str], lang: str = "en") -> str:
    w = _w(lang)
    parts = []
    if left:
        parts.append(w["left"].format(who=", ".join(sorted(left))))
    if joined:
        parts.append(w["joined"].format(who=", ".join(sorted(joined))))
    return w["follows"].format(what="; ".join(parts))


def _key_text(k: dict[str, Any], lang: str = "en") -> str:
    w = _w(lang)
    shares = ", ".join(f"{p} {v}%" for p, v in sorted(k["shares"].items()))
    return f"{k['costs'] or w['costs']} ({k['period'] or w['no_period']}): {shares}"


def _ref_text(ref: str, lang: str = "en") -> str:
    """A reference as the comparison names it, its own document said in ``lang``."""
    own = _w("en")["this_document"]
    return _w(lang)["this_document"] + ref[len(own):] if ref.startswith(own) else ref


# -- document level -----------------------------------------------------------------------------
def document_changes(a: Side, b: Side) -> list[Change]:
    va, vb = a.view, b.view
    out: list[Change] = []

    def add(c: Change, prop: str | None = None, cover: tuple[str | None, str | None] | None = None) -> None:
        if prop:
            for side, pre in ((a, "a"), (b, "b")):
                srcs = side.fact_sources.get(prop, [])
                _at(c, side, srcs[0] if srcs else None, pre)
        if cover:
            c.cover = (set(tokens(_str(cover[0]))), set(tokens(_str(cover[1]))))
        out.append(c)

    for key, prop in (("title", "title"), ("citation_title", "citationTitle"), ("kind", None),
                      ("in_force_from", "inForceFrom"), ("duration", "durationText"), ("indefinite", "indefiniteDuration")):
        if va.get(key) != vb.get(key):
            c = Change("changed", key, va.get(key), vb.get(key), None, None)
            if key == "kind":
                _said(c, {lang: (kind_text(va.get("kind"), lang), kind_text(vb.get("kind"), lang), None)
                          for lang in reader_languages()})
            elif key == "indefinite":
                _said(c, {lang: (_bool_text(va.get(key), lang), _bool_text(vb.get(key), lang), None)
                          for lang in reader_languages()})
            add(c, prop, (va.get(key), vb.get(key)))
    if va.get("in_force_text") != vb.get("in_force_text"):
        add(Change("changed", "in_force_text", va.get("in_force_text"), vb.get("in_force_text"), None, None,
                   "wording"), "inForceFrom", (va.get("in_force_text"), vb.get("in_force_text")))
    for key, prop in (("based_on", "basedOn"), ("replaces", "replaces")):
        if sorted(va.get(key) or []) != sorted(vb.get(key) or []):
            add(Change("changed", key, ", ".join(va.get(key) or []) or None, ", ".join(vb.get(key) or []) or None,
                       None, None), prop)
    pa = {p["party"]: p for p in va["parties"]}
    pb = {p["party"]: p for p in vb["parties"]}
    for pid in sorted(set(pa) | set(pb)):
        x, y = pa.get(pid), pb.get(pid)
        if y is None and x is not None:
            c = _said(Change("removed", "party", f"{pid} ({_roles(x)})", None, None, None),
                      {lang: (f"{pid} ({_roles(x, lang)})", None, None) for lang in reader_languages()})
            add(_at(c, a, x["roles"][0]["source"], "a"))
        elif x is None and y is not None:
            c = _said(Change("added", "party", None, f"{pid} ({_roles(y)})", None, None),
                      {lang: (None, f"{pid} ({_roles(y, lang)})", None) for lang in reader_languages()})
            add(_at(c, b, y["roles"][0]["source"], "b"))
        elif x is not None and y is not None:
            rx = {r["role"]: r for r in x["roles"]}
            ry = {r["role"]: r for r in y["roles"]}
            for role in sorted(set(rx) | set(ry)):
                if role not in ry:
                    add(_said(Change("removed", "role", f"{pid}: {role}", None, None, None),
                              {lang: (f"{pid}: {kind_text(role, lang)}", None, None) for lang in reader_languages()}))
                elif role not in rx:
                    add(_said(Change("added", "role", None, f"{pid}: {role}", None, None),
                              {lang: (None, f"{pid}: {kind_text(role, lang)}", None) for lang in reader_languages()}))
                elif rx[role]["name_in_text"] != ry[role]["name_in_text"]:
                    def named(r: dict[str, Any], lang: str, pid: str = pid, role: str = role) -> str:
                        return f"{pid}: {kind_text(role, lang)} \u201c{r[role]['name_in_text']}\u201d"

                    c = Change("changed", "role_name", named(rx, "en"), named(ry, "en"), None, None, "wording")
                    _said(c, {lang: (named(rx, lang), named(ry, lang), None) for lang in reader_languages()})
                    add(_at(_at(c, a, rx[role]["source"], "a"), b, ry[role]["source"], "b"))
    order = _level_order()
    out.sort(key=lambda c: order.get(c.level, 99))
    return out


def _at(c: Change, side: Side, iri: str | None, pre: str) -> Change:
    """Points a document-level change to the division of ``side`` that states it."""
    if iri:
        art, lid = side.division(iri)
        if art is None and iri.startswith(side.iri + "/"):
            art = iri[len(side.iri) + 1:]  # "preamble", "signatures"
        setattr(c, f"{pre}_article", art)
        setattr(c, f"{pre}_paragraph", lid)
        setattr(c, f"{pre}_iri", iri)
        setattr(c, f"{pre}_text", _division_text(side, iri))
    return c


def _str(x: Any) -> str | None:
    return None if x is None else str(x)


def _roles(p: dict[str, Any], lang: str = "en") -> str:
    return ", ".join(f"{kind_text(r['role'], lang)} \u201c{r['name_in_text']}\u201d" for r in p["roles"])


def _division_text(side: Side, iri: str) -> str | None:
    for a in side.articles:
        for p in a.paragraphs:
            if p["iri"] == iri or (iri == a.iri and len(a.paragraphs) == 1):
                return str(p["text"])
        if iri == a.iri:
            return a.text
    return None
