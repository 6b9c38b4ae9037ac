"""``dvo-kb review``: the lids of an added document whose extracted norms no person has read yet,
worst first, and accepting them.

A document added with ``dvo-kb add`` has every provision "niet gecontroleerd" (dvo:Unreviewed).
A person reads a lid against its text, corrects ``norms.ttl`` where the extraction is wrong, and
accepts the lid: ``review.yaml`` in the document's folder records it (with the date), and on the
next build its provisions are dvo:Reviewed. A lid in which nothing was extracted is listed too
(confidence 0): a norm may have been missed there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from .. import sparql
from ..clauses import corpus
from ..clauses.corpus import REVIEW_FILE
from ..errors import UserError
from ..ontology.namespace import DVO_NS as DVO

LIDS = sparql.load("validate/queries/review_lids.rq")
COUNTS = sparql.load("validate/queries/review_counts.rq")

NORM_KINDS = {"Obligation", "Permission", "Prohibition", "Power"}


@dataclass
class LidToReview:
    path: str  # below the document: "art/13/lid/1"
    article: str
    label: str | None
    text: str
    iri: str
    provisions: list[dict[str, Any]] = field(default_factory=list)
    reviewed: bool = False

    @property
    def confidence(self) -> Decimal:
        """The lowest confidence of its provisions not reviewed; 0 where nothing was extracted."""
        open_ = [Decimal(p["confidence"]) for p in self.provisions if p["status"] != "Reviewed" and p["confidence"]]
        return min(open_) if open_ else Decimal(0)

    @property
    def where(self) -> str:
        return f"art. {self.article}" + (f" lid {self.label}" if self.label else "")

    def as_json(self) -> dict[str, Any]:
        return {"lid": self.path, "iri": self.iri, "article": self.article, "paragraph": self.label,
                "text": self.text, "confidence": float(self.confidence), "reviewed": self.reviewed,
                "provisions": self.provisions}


def _folder(doc_id: str) -> corpus.DocumentFolder:
    f = corpus.folder(doc_id)
    if f.facts.extracted is None:
        raise UserError(f"{doc_id}: de normen zijn met de hand gecodeerd (clauses/documents/{doc_id}/norms.ttl), niet "
                        f"afgeleid: er is niets na te lezen; dvo-kb review is voor documenten die met dvo-kb add zijn "
                        f"opgenomen (its norms are curated by hand: nothing to review)")
    return f


def lids(kb: Any, doc_id: str) -> list[LidToReview]:
    """Every lid of the document with its provisions, in the order of the text."""
    _folder(doc_id)
    doc = f"{kb.base}{doc_id}"
    out: dict[str, LidToReview] = {}
    bearers: dict[str, set[str]] = {}  # a provision -> its bearers' names (one row of LIDS per bearer)
    for r in kb.select(LIDS, {"doc": ox.NamedNode(doc)}):
        lid = r["lid"]
        item = out.get(lid)
        if item is None:
            item = out[lid] = LidToReview(path=lid[len(doc) + 1:], article=r["article"], label=r["label"],
                                          text=r["text"], iri=lid)
        if r["prov"] and r["bearer"]:
            bearers.setdefault(r["prov"], set()).add(r["bearer"])
        if r["prov"] and not any(p["iri"] == r["prov"] for p in item.provisions):
            item.provisions.append({
                "iri": r["prov"], "kind": r["kind"].rsplit("#", 1)[-1],
                "status": (r["status"] or DVO + "Reviewed").rsplit("#", 1)[-1],
                "confidence": r["confidence"], "bearer_text": r["bearerText"], "bearer": r["bearer"],
                "counterparty_text": r["counterpartyText"], "deadline": r["deadlineText"]})
    for item in out.values():
        item.reviewed = bool(item.provisions) and all(p["status"] == "Reviewed" for p in item.provisions)
        for prov in item.provisions:  # a provision of several bearers names each, in the same order on every run
            if prov["iri"] in bearers:
                prov["bearer"] = ", ".join(sorted(bearers[prov["iri"]]))
    return list(out.values())


def pending(kb: Any, doc_id: str) -> list[LidToReview]:
    """The lids not reviewed yet: those with extracted provisions, the lowest confidence first, then
    those where nothing was extracted (a norm may have been missed there; definitions and the
    citation title mostly: a trial found them at the top of the list, before any norm to check);
    each group in the order of the text."""
    items = [x for x in lids(kb, doc_id) if not x.reviewed]
    order = {id(x): k for k, x in enumerate(items)}
    return sorted(items, key=lambda x: (not x.provisions, x.confidence, order[id(x)]))


def accept(kb: Any, doc_id: str, which: list[str], on: dt.date | None = None, note: str | None = None) -> list[str]:
    """Accepts lids of the document: ``all``, an article ("13", "16.1": all its leden) or a lid
    ("13/1", "art/13/lid/1"). Returns the lids written to review.yaml."""
    f = _folder(doc_id)
    everything = lids(kb, doc_id)
    chosen: list[str] = []
    for w in which:
        w = w.strip().strip("/")
        if w == "all":
            found = [x.path for x in everything if not x.reviewed]
        elif w.startswith("art/"):
            found = [x.path for x in everything if x.path == w or x.path.startswith(w + "/")]
        elif "/" in w:
            art, label = w.split("/", 1)
            found = [x.path for x in everything if x.article == art and (x.label or "0") == label]
        else:
            found = [x.path for x in everything if x.article == w]
        if not found:
            known = ", ".join(sorted({x.article for x in everything}, key=lambda a: [int(p) if p.isdigit() else 0
                                                                                     for p in a.split(".")]))
            raise UserError(f"{doc_id}: geen artikel of lid {w!r} (artikelen: {known}; een lid als ARTIKEL/LID, bv. 13/1) "
                            f"(no article or lid {w!r})")
        chosen += [p for p in found if p not in chosen]
    if not chosen:
        return []
    on = on or dt.date.today()
    path = f.path / REVIEW_FILE
    existing = {a.lid for a in corpus.read_review(path).accepted}
    new = [p for p in chosen if p not in existing]
    if new:
        old = path.read_text(encoding="utf-8") if path.exists() else (
            f"# The lids of {doc_id} whose extracted norms a person has read against the text and accepted\n"
            "# (written by dvo-kb review --accept; the build marks their provisions dvo:Reviewed).\naccepted:\n")
        lines = [f"  - {{lid: {p!r}, date: {on.isoformat()}" + (f", note: {note!r}" if note else "") + "}"
                 for p in new]
        text = old.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        staged = path.with_name(f".{REVIEW_FILE}.new")
        staged.write_text(text, encoding="utf-8")
        try:
            corpus.read_review(staged)  # the file stays valid, or it is not written
        except UserError:
            staged.unlink()
            raise
        staged.replace(path)
        corpus.refresh()
    return new


def counts(kb: Any) -> dict[str, tuple[int, int]]:
    """Per document: its provisions and how many are not reviewed."""
    return {r["id"]: (int(r["provisions"]), int(r["unreviewed"])) for r in kb.select(COUNTS)}
