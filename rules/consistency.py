"""Equal clauses, equal encoding: a check of the curated norms across documents (issue 23).

DVO-2018 and DVO-2020 Beek share most articles, and the confidentiality, dispute and overmacht
clauses recur in all documents. Two tiers (settings in ``consistency.yaml``):

1. **Equal text.** Every pair of documents is compared with the norm-level diff
   (:func:`dvo_kb.diff.compare.compare`), which aligns their articles, leden and norms. Where two
   aligned leden are nearly equal in their words, their matched norms must agree in kind, action,
   bearer (parties and roles, document-free), survival and deadline (its structure), and a norm
   on one side must have its match on the other.
2. **Recurring clauses.** Norms of the topics of the recurring clauses in different documents
   with the same actions and triggers must agree in kind and survival, whatever their words.

A difference is *tolerated* when a note on either side (``dvo:ambiguityNote`` or
``rdfs:comment`` of either norm, or of the lid that lacks a norm) names the other document, or
when the words of the texts explain it (another bearer or other deadline words in the text,
parties that left or joined, survival in a document without a survival clause). Every tolerated
difference is listed with its reason; any other difference is *unexplained*.

    python -m dvo_kb.rules.consistency            # the report; exit 1 if anything is unexplained
    python -m dvo_kb.rules.consistency --json
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import sparql
from ..clauses.iris import where
from ..clauses.views import list_documents
from ..diff.compare import compare
from ..diff.load import Norm, Side, load_side
from ..diff.text import lower, matched, text_similarity, tokens

if TYPE_CHECKING:
    from ..store import KnowledgeBase

HERE = Path(__file__).parent
NORM_KINDS = ("Obligation", "Permission", "Prohibition", "Power")
NOTES = sparql.load("rules/notes.rq")
TOPICS = sparql.load("rules/topics.rq")


@cache
def config() -> dict[str, Any]:
    with (HERE / "consistency.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@dataclass
class Difference:
    """One difference of encoding between two norms (or a norm and a lid that lacks it)."""

    tier: str  # "equal-text" or "recurring-clause"
    field: str  # kind, action, bearer, survives, deadline, norm
    a: str  # document ids
    b: str
    a_where: str  # "art. 18", "art. 13 lid 2"
    b_where: str
    a_norm: str | None  # the norms' IRIs (None: this side lacks the norm)
    b_norm: str | None
    before: Any
    after: Any
    similarity: float | None  # of the leden's words (tier 1)
    a_lid: str | None = None  # the leden (or items) of the two sides
    b_lid: str | None = None
    tolerated_by: str | None = None  # "note", "words", "parties", "no-survival-clause"; None: unexplained
    reason: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """(A's norm, or the lid that lacks it; B's; the field), relative to the base."""
        return (_rel(self.a_norm or self.a_lid or self.a_where), _rel(self.b_norm or self.b_lid or self.b_where),
                self.field)

    def line(self) -> str:
        where = f"{self.a} {self.a_where} ~ {self.b} {self.b_where}"
        what = f"{self.field}: {self.before!s:.70} | {self.after!s:.70}"
        why = f"  [{self.tolerated_by}: {self.reason}]" if self.tolerated_by else "  [UNEXPLAINED]"
        return f"{where}: {what}{why}"


def _rel(iri: str) -> str:
    return iri.split("/id/", 1)[1] if "/id/" in iri else iri


def _where(n: Norm | None, article: str | None, paragraph: str | None) -> str:
    """"art. 18 norm 2", "art. 13 lid 1 onder a norm 1"; a lid that lacks the norm: "art. 19"."""
    if n is None:
        return where(article, paragraph)
    return (where(n.article, n.paragraph)
            + (f" onder {n.item}" if n.item else "") + f" norm {n.iri.rsplit('/', 1)[-1]}")


def _who(x: dict[str, Any] | None) -> tuple[frozenset[str], frozenset[str]]:
    if not x:
        return frozenset(), frozenset()
    roles = frozenset(r["iri"].split("/role/", 1)[1] for r in x.get("roles") or [] if "/role/" in r["iri"])
    return frozenset(x.get("parties") or []), roles


def _same_who(x: dict[str, Any] | None, y: dict[str, Any] | None) -> bool:
    (px, rx), (py, ry) = _who(x), _who(y)
    if px and py:
        return px == py and (rx == ry or not rx or not ry)
    return (px, rx) == (py, ry)


class Checker:
    """The consistency check over the documents of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, documents: list[str] | None = None) -> None:
        self.kb = kb
        docs = list_documents(kb)
        self.names = {d["id"]: [d["id"], *d["short_titles"]] for d in docs}
        self.sides: dict[str, Side] = {}
        for d in documents or [d["id"] for d in docs]:
            side = load_side(kb, d)
            if any(a.norms for a in side.articles):
                self.sides[side.id] = side
        self.notes: dict[str, list[str]] = {}
        self.by_source: dict[str, set[str]] = {}
        for r in kb.select(NOTES):
            self.notes.setdefault(r["prov"], []).append(r["note"])
            self.by_source.setdefault(r["src"], set()).add(r["prov"])
        self.topics: dict[str, set[str]] = {}
        for r in kb.select(TOPICS):
            self.topics.setdefault(r["prov"], set()).add(r["topic"].rsplit("#", 1)[-1])
        self.norms = {n.iri: n for s in self.sides.values() for a in s.articles for n in a.provisions}
        self.survival_clause = {d: any(n.data.get("survives") for a in s.articles for n in a.norms)
                                for d, s in self.sides.items()}

    # -- the check -------------------------------------------------------------------------------
    def check(self) -> list[Difference]:
        out = []
        for a, b in itertools.combinations(sorted(self.sides), 2):
            out += self.equal_text(a, b)
        out += self.recurring()
        seen: set[tuple[str, str, str]] = set()
        unique = []
        for d in out:
            if d.key not in seen:
                seen.add(d.key)
                unique.append(d)
        return unique

    def equal_text(self, a: str, b: str) -> list[Difference]:
        cfg = config()
        diff = compare(self.kb, self.sides[a], self.sides[b])
        out = []
        for pair in diff.pairs:
            for c in pair.changes:
                if c.field not in cfg["fields"] or c.level not in ("substantive", "consequential"):
                    continue
                if not (c.a_text and c.b_text):
                    continue
                sim = text_similarity(c.a_text, c.b_text)
                if sim < cfg["min_text_similarity"]:
                    continue
                x = self.norms.get(c.a_norm or "")
                y = self.norms.get(c.b_norm or "")
                if c.field == "bearer" and x and y and _same_who(x.data.get("bearer"), y.data.get("bearer")):
                    continue  # the same parties and roles in other words
                d = Difference("equal-text", c.field, a, b, _where(x, c.a_article, c.a_paragraph),
                               _where(y, c.b_article, c.b_paragraph), c.a_norm, c.b_norm, c.before, c.after,
                               round(sim, 3), c.a_iri, c.b_iri)
                self._explain(d, x, y, c.a_iri, c.b_iri, c.a_text, c.b_text, c.level, c.note)
                out.append(d)
        return out

    def recurring(self) -> list[Difference]:
        cfg = config()
        topics = set(cfg["recurring_topics"])
        cands: list[tuple[str, Norm]] = []
        for d, side in sorted(self.sides.items()):
            for art in side.articles:
                for n in art.norms:
                    if self.topics.get(n.iri, set()) & topics:
                        cands.append((d, n))
        out: list[Difference] = []
        for (da, x), (db, y) in itertools.combinations(cands, 2):
            if da == db:
                continue
            dx, dy = x.data, y.data
            if sorted(dx.get("action") or []) != sorted(dy.get("action") or []) or \
                    sorted(dx.get("trigger_ids") or []) != sorted(dy.get("trigger_ids") or []):
                continue
            for fld in cfg["recurring_fields"]:
                vx, vy = (x.kind, y.kind) if fld == "kind" else (bool(dx.get("survives")), bool(dy.get("survives")))
                if vx == vy:
                    continue
                diff = Difference("recurring-clause", fld, da, db, _where(x, None, None), _where(y, None, None),
                                  x.iri, y.iri, vx, vy, None, x.paragraph_iri, y.paragraph_iri)
                self._explain(diff, x, y, x.paragraph_iri, y.paragraph_iri, x.text, y.text, "substantive", None)
                out.append(diff)
        return out

    # -- why a difference is allowed ----------------------------------------------------------------
    def _explain(self, d: Difference, x: Norm | None, y: Norm | None, a_lid: str | None, b_lid: str | None,
                 a_text: str | None, b_text: str | None, level: str, party_note: str | None) -> None:
        dx, dy = (x.data if x else {}), (y.data if y else {})
        if d.field == "bearer" and level == "consequential":
            d.tolerated_by, d.reason = "parties", party_note or "the parties of the documents differ"
        elif d.field == "bearer":
            tx, ty = (dx.get("bearer") or {}).get("text"), (dy.get("bearer") or {}).get("text")
            if tx and ty and lower(tokens(tx)) != lower(tokens(ty)):
                d.tolerated_by, d.reason = "words", f"the texts name another bearer: '{tx}' / '{ty}'"
        elif d.field == "deadline":
            ex, ey = dx.get("deadline"), dy.get("deadline")
            if ex and ey and lower(tokens(ex.get("text"))) != lower(tokens(ey.get("text"))):
                d.tolerated_by, d.reason = "words", f"the deadlines are worded differently: '{ex.get('text')}' / '{ey.get('text')}'"
            elif bool(ex) != bool(ey):
                words, other = (ex.get("text"), b_text) if ex else ((ey or {}).get("text"), a_text)
                w = lower(tokens(words))
                if w and matched(w, lower(tokens(other))) / len(w) < 0.9:
                    d.tolerated_by, d.reason = "words", f"the other lid does not have the words '{words}'"
        elif d.field == "survives":
            for doc, flag in ((d.a, d.before), (d.b, d.after)):
                if not flag and not self.survival_clause.get(doc):
                    d.tolerated_by, d.reason = "no-survival-clause", f"{doc} has no clause that makes norms survive its end"
        if d.tolerated_by:  # the words of the texts explain it
            return
        note = self._note(x, d.b, a_lid if x is None else None) or self._note(y, d.a, b_lid if y is None else None)
        if note:
            d.tolerated_by, d.reason = "note", note

    def _note(self, n: Norm | None, other: str, lid: str | None) -> str | None:
        """A note that names the other document: of the norm, or (for a norm this side lacks) of
        any provision of the lid."""
        provs = [n.iri] if n is not None else sorted(p for s, ps in self.by_source.items()
                                                      if lid and (s == lid or s.startswith(lid + "/")) for p in ps)
        names = [x.lower() for x in self.names.get(other, [other])]
        for p in provs:
            for note in self.notes.get(p, []):
                low = note.lower()
                if any(nm in low for nm in names):
                    return note
        return None


def check(kb: KnowledgeBase, documents: list[str] | None = None) -> list[Difference]:
    """Every difference of encoding between equal or recurring clauses, tolerated or not."""
    return Checker(kb, documents).check()


def report(diffs: list[Difference]) -> str:
    bad = [d for d in diffs if not d.tolerated_by]
    ok = [d for d in diffs if d.tolerated_by]
    lines = [f"{len(bad)} unexplained difference(s), {len(ok)} tolerated"]
    if bad:
        lines += ["", "Unexplained:"] + ["  " + d.line() for d in bad]
    if ok:
        lines += ["", "Tolerated:"] + ["  " + d.line() for d in ok]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from ..store import KnowledgeBase

    args = list(sys.argv[1:] if argv is None else argv)
    diffs = check(KnowledgeBase.open())
    if "--json" in args:
        json.dump([asdict(d) for d in diffs], sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        print(report(diffs))
    return 1 if any(not d.tolerated_by for d in diffs) else 0


if __name__ == "__main__":
    sys.exit(main())
