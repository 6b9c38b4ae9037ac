"""How well :mod:`.extract` finds the norms of the curated encoding (``clauses/curated/*.ttl``).

Everything is compared per lid (the norms of a lid's items count for the lid):

* **kind**: the set of kinds of the lid's norms (Obligation, Permission, Prohibition, Power);
  a lid whose provisions are all non-norms (Definition, Declaration, ...) has the empty set;
* **kind+bearer**: the set of pairs (kind, bearer key). The bearer key is the set of
  municipalities the bearer denotes: for a curated norm, those of its ``dvo:bearer`` parties
  (``<party/beek/college>`` -> Beek) and of its fixed ``dvo:bearerRole`` roles
  (``<{doc}/role/opdrachtnemer/sittard-geleen>`` -> Sittard-Geleen); for an extracted norm, those
  of its ``bearers`` (a role through its members). A bearer that denotes no municipality (a
  variable role such as "de partij die ...", or none found) has the empty key, so "variable"
  matches "variable";
* **counterparty**: the set of (kind, counterparty key) of the lid's norms that have a
  counterparty, the key as for the bearer (``dvo:counterparty``, fixed ``dvo:counterpartyRole``);
* **action**: the set of (kind, action concept) of the lid's norms (``dvo:action``; the
  extractor gives a norm one action, read by the learned classifier of :mod:`.learn`);
* **deadline**: the set of structured deadlines of the lid's norms: the kind with its values
  (FixedDay month, day, inclusive; Period count, unit, ordinal, counted back; Recurring
  frequency and minimum per year; Vague alone).

`loo=True` (leave one document out): the learned parts (:mod:`.learn`) used on a document are
trained on the other documents only. The cue lexicons (``lexicon/*.yaml``) are hand-written
and the same for every document (benchmarks/RESULTS.md says which documents were looked at
while writing them).

Precision = matched / extracted, recall = matched / curated, summed over lids, per document and
over all documents (micro-averaged).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..clauses import corpus
from ..clauses.corpus import parse_document
from ..clauses.iris import DEFAULT_BASE
from ..ontology.namespace import DVO
from .extract import extract
from .learn import Model, default_model, train
from .model import DraftDeadline

NORM_KINDS = ("Obligation", "Permission", "Prohibition", "Power")

LidKey = tuple[str, str | None]  # article, lid label


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def merge(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class DocScore:
    doc_id: str
    lids: int = 0
    curated_norms: int = 0
    extracted_norms: int = 0
    kind: Score = field(default_factory=Score)
    kind_bearer: Score = field(default_factory=Score)
    counterparty: Score = field(default_factory=Score)
    action: Score = field(default_factory=Score)
    deadline: Score = field(default_factory=Score)
    misses: list[str] = field(default_factory=list)  # lid-level differences, for reading

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "lids": self.lids, "curated_norms": self.curated_norms,
                "extracted_norms": self.extracted_norms, "kind": self.kind.as_dict(),
                "kind_bearer": self.kind_bearer.as_dict(), "counterparty": self.counterparty.as_dict(),
                "action": self.action.as_dict(), "deadline": self.deadline.as_dict()}


@dataclass
class Evaluation:
    documents: list[DocScore]

    def total(self) -> DocScore:
        t = DocScore("all")
        for d in self.documents:
            t.lids += d.lids
            t.curated_norms += d.curated_norms
            t.extracted_norms += d.extracted_norms
            t.kind.merge(d.kind)
            t.kind_bearer.merge(d.kind_bearer)
            t.counterparty.merge(d.counterparty)
            t.action.merge(d.action)
            t.deadline.merge(d.deadline)
        return t

    def as_dict(self) -> dict[str, Any]:
        return {"documents": [d.as_dict() for d in self.documents], "all": self.total().as_dict()}


# ---------------------------------------------------------------------------------------------
# The curated side
# ---------------------------------------------------------------------------------------------


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def deadline_signature(d: DraftDeadline) -> tuple[Any, ...]:
    if d.kind == "FixedDay":
        return ("FixedDay", d.month, d.day, bool(d.inclusive))
    if d.kind == "Period":
        return ("Period", d.count, d.unit, d.ordinal, bool(d.before_anchor))
    if d.kind == "Recurring":
        return ("Recurring", d.frequency, d.minimum_per_year)
    return ("Vague",)


def _curated_deadline(g: Graph, node: Any) -> DraftDeadline:
    kinds = {_local(t) for t in g.objects(node, RDF.type)}
    kind = next((k.removesuffix("Deadline") for k in kinds if k.endswith("Deadline")), "Vague")

    def val(p: URIRef) -> Any:
        o = g.value(node, p)
        return o.toPython() if o is not None and hasattr(o, "toPython") else o

    def word(p: URIRef, prefix: str) -> str | None:
        o = g.value(node, p)
        return _local(o).removeprefix(prefix) if o is not None else None

    count = val(DVO.count)
    minimum = val(DVO.minimumPerYear)
    return DraftDeadline(
        kind=kind,  # type: ignore[arg-type]
        text=str(val(DVO.deadlineText) or ""),
        month=int(val(DVO.month)) if val(DVO.month) is not None else None,
        day=int(val(DVO.day)) if val(DVO.day) is not None else None,
        inclusive=bool(val(DVO.inclusive)) if val(DVO.inclusive) is not None else None,
        count=int(count) if count is not None else None,
        unit=word(DVO.unit, "unit-"),
        ordinal=int(val(DVO.ordinal)) if val(DVO.ordinal) is not None else None,
        before_anchor=bool(val(DVO.beforeAnchor)) if val(DVO.beforeAnchor) is not None else None,
        frequency=word(DVO.frequency, "freq-"),
        minimum_per_year=int(minimum) if minimum is not None else None,
    )


def _lid_of(source: str, base: str, doc_id: str) -> LidKey | None:
    m = re.match(rf"{re.escape(base + doc_id)}/art/([^/]+)/lid/([^/]+)", source)
    if not m:
        return None
    return m.group(1), None if m.group(2) == "0" else m.group(2)


@dataclass
class Gold:
    kinds: dict[LidKey, set[str]]
    kind_bearers: dict[LidKey, set[tuple[str, frozenset[str]]]]
    deadlines: dict[LidKey, set[tuple[Any, ...]]]
    lids: set[LidKey]
    norms: int
    counterparties: dict[LidKey, set[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    kind_actions: dict[LidKey, dict[str, set[str]]] = field(default_factory=dict)

    def actions(self, lid: LidKey) -> set[tuple[str, str]]:
        return {(k, a) for k, acts in self.kind_actions.get(lid, {}).items() for a in acts}


def curated(doc_id: str, graph: Graph | None = None, base: str = DEFAULT_BASE) -> Gold:
    """The curated norms of one document per lid. `graph`: the built graph
    (``build().union()``); without it, the curated file is read on its own."""
    if graph is None:
        from ..clauses.curated import curated_file, load_curated

        path = curated_file(doc_id)
        graph = load_curated(path, base) if path is not None else Graph()
    names = _municipality_names()
    kinds: dict[LidKey, set[str]] = defaultdict(set)
    kb: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    dl: dict[LidKey, set[tuple[Any, ...]]] = defaultdict(set)
    cps: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    acts: dict[LidKey, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    lids: set[LidKey] = set()
    norms = 0

    def munis_of(node: Any, party: URIRef, role: URIRef) -> set[str]:
        out: set[str] = set()
        for b in graph.objects(node, party):
            pid = str(b).removeprefix(base + "party/").split("/")[0]
            if pid in names:
                out.add(names[pid])
        for r in graph.objects(node, role):
            if "/role/var/" in str(r):
                continue
            pid = str(r).rsplit("/", 1)[-1]
            if pid in names:
                out.add(names[pid])
        return out
    prefix = base + doc_id + "/"
    for prov, source in graph.subject_objects(DVO.source):
        if not str(prov).startswith(prefix):
            continue
        lid = _lid_of(str(source), base, doc_id)
        if lid is None:
            continue
        lids.add(lid)
        kind = next((k for k in NORM_KINDS if (prov, RDF.type, DVO[k]) in graph), None)
        if kind is None:
            continue
        norms += 1
        kinds[lid].add(kind)
        kb[lid].add((kind, frozenset(munis_of(prov, DVO.bearer, DVO.bearerRole))))
        if any(True for _ in graph.objects(prov, DVO.counterpartyText)) or \
                any(True for _ in graph.objects(prov, DVO.counterparty)) or \
                any(True for _ in graph.objects(prov, DVO.counterpartyRole)):
            cps[lid].add((kind, frozenset(munis_of(prov, DVO.counterparty, DVO.counterpartyRole))))
        for a in graph.objects(prov, DVO.action):
            acts[lid][kind].add(_local(a))
        for d in graph.objects(prov, DVO.deadline):
            dl[lid].add(deadline_signature(_curated_deadline(graph, d)))
    return Gold(dict(kinds), dict(kb), dict(dl), lids, norms, dict(cps), {k: dict(v) for k, v in acts.items()})


# ---------------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------------


_DEFAULT: Any = object()


def municipalities_of(parties: list[Any]) -> Any:
    """The municipalities a list of bearer or counterparty keys denotes, as a frozenset, among the
    extracted parties (a role through its members)."""
    by_key = {p.key: p for p in parties}

    def munis(keys: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for k in keys:
            if k in by_key:
                out |= by_key[k].municipalities(parties)
        return frozenset(out)

    return munis


def evaluate_document(doc_id: str, graph: Graph | None = None, base: str = DEFAULT_BASE,
                      model: Model | None = _DEFAULT) -> DocScore:
    """Scores of one document; `model`: the learned parts to use (default: the stored model
    trained on all documents; None: none)."""
    if model is _DEFAULT:
        model = default_model()
    gold = curated(doc_id, graph, base)
    doc = parse_document(doc_id).doc
    parties, norms = extract(doc, model=model)
    kinds: dict[LidKey, set[str]] = defaultdict(set)
    kb: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    cps: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    acts: dict[LidKey, set[tuple[str, str]]] = defaultdict(set)
    dl: dict[LidKey, set[tuple[Any, ...]]] = defaultdict(set)
    munis = municipalities_of(parties)

    for n in norms:
        lid = (n.place.article, n.place.paragraph)
        kinds[lid].add(n.kind)
        kb[lid].add((n.kind, munis(n.bearers)))
        if n.counterparty is not None or n.counterparty_text:
            cps[lid].add((n.kind, munis([n.counterparty] if n.counterparty else [])))
        if model is not None:
            action = model.action_of(n.sentence, n.kind)
            if action is not None:
                acts[lid].add((n.kind, action))
        if n.deadline is not None:
            dl[lid].add(deadline_signature(n.deadline))
    score = DocScore(doc_id, lids=len(gold.lids), curated_norms=gold.norms, extracted_norms=len(norms))
    for lid in sorted(gold.lids | set(kinds), key=lambda x: (x[0], x[1] or "")):
        g_k, p_k = gold.kinds.get(lid, set()), kinds.get(lid, set())
        score.kind.add(g_k, p_k)
        score.kind_bearer.add(gold.kind_bearers.get(lid, set()), kb.get(lid, set()))
        score.counterparty.add(gold.counterparties.get(lid, set()), cps.get(lid, set()))
        score.action.add(gold.actions(lid), acts.get(lid, set()))
        score.deadline.add(gold.deadlines.get(lid, set()), dl.get(lid, set()))
        if g_k != p_k:
            score.misses.append(f"{doc_id} {lid[0]}.{lid[1] or 0}: curated {sorted(g_k)} extracted {sorted(p_k)}")
    return score


def compare(doc_id: str, gold: Gold, pred: Gold) -> DocScore:
    """Two encodings of one text compared lid by lid, as :func:`evaluate_document` scores the
    extractor: the curated (`gold`) against another (`pred`: e.g. the norms.ttl that
    ``dvo-kb add`` wrote for the same text under another id; read it with :func:`curated`)."""
    score = DocScore(doc_id, lids=len(gold.lids), curated_norms=gold.norms, extracted_norms=pred.norms)
    for lid in sorted(gold.lids | set(pred.kinds), key=lambda x: (x[0], x[1] or "")):
        score.kind.add(gold.kinds.get(lid, set()), pred.kinds.get(lid, set()))
        score.kind_bearer.add(gold.kind_bearers.get(lid, set()), pred.kind_bearers.get(lid, set()))
        score.counterparty.add(gold.counterparties.get(lid, set()), pred.counterparties.get(lid, set()))
        score.action.add(gold.actions(lid), pred.actions(lid))
        score.deadline.add(gold.deadlines.get(lid, set()), pred.deadlines.get(lid, set()))
    return score


def documents() -> list[str]:
    """The documents with norms (those with articles)."""
    return corpus.normative_ids([corpus.DOCUMENTS])  # the corpus's own (not a plan, not added ones)


def _municipality_names() -> dict[str, str]:
    return dict(corpus.municipalities())


def evaluate(graph: Graph | None = None, base: str = DEFAULT_BASE, loo: bool = False,
             model: Model | None = _DEFAULT) -> Evaluation:
    """Precision and recall of the extraction against the curated encoding, per document.
    `loo`: each document with learned parts trained on the other documents only (needs the
    built `graph`); otherwise with `model` (default: the stored model, trained on all)."""
    docs = documents()
    if not loo:
        return Evaluation([evaluate_document(d, graph, base, model) for d in docs])
    if graph is None:
        from ..clauses.build import build

        graph = build().union()
    return Evaluation([evaluate_document(d, graph, base, train([o for o in docs if o != d], graph)) for d in docs])


def table(ev: Evaluation) -> str:
    rows = ["| document | lids | curated norms | extracted | kind P / R / F1 | kind+bearer P / R / F1 "
            "| counterparty P / R / F1 | action P / R / F1 | deadline P / R / F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for d in [*ev.documents, ev.total()]:
        name = f"**{d.doc_id}**" if d.doc_id == "all" else f"`{d.doc_id}`"
        rows.append(
            f"| {name} | {d.lids} | {d.curated_norms} | {d.extracted_norms} | "
            + " | ".join(f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}"
                         for s in (d.kind, d.kind_bearer, d.counterparty, d.action, d.deadline)) + " |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    import sys

    ev = evaluate(loo="--loo" in sys.argv[1:])
    print(table(ev))


# ---------------------------------------------------------------------------------------------
# Texts with a hand-written gold file (not curated in the knowledge base)
# ---------------------------------------------------------------------------------------------


def _same_lid(lid: LidKey) -> LidKey:
    """A lid as a gold file and the parser may both write it: "2.1" of article 2 (a label that
    repeats its article's number) is its lid "1"; "1)" is "1"."""
    article, label = lid
    if label is not None:
        label = label.rstrip(".)")
        if label.startswith(article + ".") and label[len(article) + 1:]:
            label = label[len(article) + 1:]
    return article, label


def gold_file(path: Any) -> Gold:
    """The norms of a text as a YAML gold file lists them (``tests/data/extract-blind/*.gold.yaml``):
    per lid (``article``, ``lid``: labels as printed, ``lid`` null for an article's unnumbered
    text) its ``norms``, each with ``kind`` and ``bearer`` / ``counterparty`` (lists of
    municipality names: those the norm binds, those it is owed to)."""
    from pathlib import Path

    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: a gold file is a list of lids")
    kinds: dict[LidKey, set[str]] = defaultdict(set)
    kb: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    cps: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    lids: set[LidKey] = set()
    norms = 0
    for entry in data:
        lid = _same_lid((str(entry["article"]).rstrip("."),
                         None if entry.get("lid") in (None, "") else str(entry["lid"]).rstrip(".)")))
        lids.add(lid)
        for n in entry.get("norms") or []:
            if n["kind"] not in NORM_KINDS:
                raise ValueError(f"{path}: {lid}: kind {n['kind']!r} is not one of {NORM_KINDS}")
            norms += 1
            kinds[lid].add(n["kind"])
            kb[lid].add((n["kind"], frozenset(n.get("bearer") or [])))
            if n.get("counterparty"):
                cps[lid].add((n["kind"], frozenset(n["counterparty"])))
    return Gold(dict(kinds), dict(kb), {}, lids, norms, dict(cps), {})


def evaluate_text(path: Any, gold_path: Any, model: Model | None = _DEFAULT) -> DocScore:
    """Scores of a text read as a draft is (``dvo-kb add``, ``validate``) against its gold file:
    kind, kind + bearer and counterparty per lid (the gold files have no actions or deadlines)."""
    from pathlib import Path

    from ..clauses.layout import Layout
    from ..clauses.parser import StructureParser
    from .reader import read_draft

    if model is _DEFAULT:
        model = default_model()
    path = Path(path)
    gold = gold_file(gold_path)
    draft = read_draft(path)
    doc = StructureParser(Layout()).parse_lines(path.stem, path.name, draft.lines)
    parties, norms = extract(doc, model=model)
    munis = municipalities_of(parties)
    kinds: dict[LidKey, set[str]] = defaultdict(set)
    kb: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    cps: dict[LidKey, set[tuple[str, frozenset[str]]]] = defaultdict(set)
    for n in norms:
        lid = _same_lid((n.place.article, n.place.paragraph))
        kinds[lid].add(n.kind)
        kb[lid].add((n.kind, munis(n.bearers)))
        if n.counterparty is not None:
            cps[lid].add((n.kind, munis([n.counterparty])))
    pred = Gold(dict(kinds), dict(kb), {}, set(kinds), len(norms), dict(cps), {})
    score = compare(path.stem, gold, pred)
    for lid in sorted(gold.lids | set(kinds), key=lambda x: (x[0], x[1] or "")):
        g, p = gold.kind_bearers.get(lid, set()), kb.get(lid, set())
        if g != p:
            score.misses.append(f"{path.stem} {lid[0]}.{lid[1] or 0}: gold {sorted((k, sorted(m)) for k, m in g)} "
                                f"extracted {sorted((k, sorted(m)) for k, m in p)}")
    return score
