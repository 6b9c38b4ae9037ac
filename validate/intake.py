"""``dvo-kb add``: a new agreement into the knowledge base, its norms extracted and marked for review.

The text (.txt, or a .docx read as its paragraphs) is parsed by the structural parser of the
corpus, its facts recognised (:mod:`.draft`), its parties and roles resolved and its norms
extracted (:mod:`.extract`), exactly as a draft is for validation (:class:`.validator.DraftGraph`).
What comes out is a document folder like those of the corpus (``clauses/corpus.py``):

    <data>/documents/<id>/
        document.yaml   the recognised facts, each with the division that states it, and
                        ``extracted:`` (the file, the date, the extractor and its version)
        <id>.txt        the text as read
        norms.ttl       the extracted norms, each with a confidence and prov:wasGeneratedBy
                        the extraction; every one is "not reviewed" until a person accepts its
                        lid (``dvo-kb review``, which writes review.yaml)

The folder is written beside the target and checked by building it before it is moved into
place: a failed add leaves nothing behind. A document whose id exists is refused unless
``replace``; a document of the package's corpus is never replaced.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .. import __version__
from ..clauses import corpus
from ..clauses.build import KIND_CLASS, ROLE_CLASS, GraphBuilder
from ..clauses.facts import ID_PATTERN
from ..clauses.iris import slug
from ..clauses.layout import Layout
from ..clauses.model import Document
from ..clauses.parser import Line, ParseError, StructureParser
from ..errors import UserError
from ..ontology.namespace import DVO
from ..settings import DraftLimits
from .draft import Recognised, is_dutch, recognise
from .model import DraftParty, ExtractedNorm, Place
from .reader import Draft, DraftError, read_draft

log = logging.getLogger(__name__)

EXTRACTOR = f"dvo-kb {__version__} (dvo_kb.validate.extract)"
NORM_KINDS = {DVO.Obligation, DVO.Permission, DVO.Prohibition, DVO.Power}


class DocumentExists(UserError):
    """A document with this id exists already (added before: --replace replaces it)."""


@dataclass
class AddResult:
    id: str
    folder: Path
    title: str
    kind: str
    articles: int
    norms: int
    lids_without_norm: int
    parties: dict[str, str] = field(default_factory=dict)
    replaced: bool = False
    same_text_as: list[str] = field(default_factory=list)  # added documents with this very text (a second upload)
    # the text checked as a draft is (dvo-kb validate): findings per severity, and the violations
    # ("art. 4 lid 2: ..."), so that an agreement with a defect is not added unsaid
    check: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "folder": str(self.folder), "title": self.title, "kind": self.kind,
                "articles": self.articles, "norms": self.norms, "lids_without_norm": self.lids_without_norm,
                "parties": self.parties, "replaced": self.replaced, "reviewed": False,
                "same_text_as": self.same_text_as, "check": self.check, "violations": self.violations}


def _same_text(text: str, target_root: Path, doc_id: str) -> list[str]:
    """The added documents (other ids) whose text as read is this text: the same agreement added
    twice answers every question twice."""
    out = []
    for folder in sorted(target_root.iterdir()) if target_root.is_dir() else []:
        own = folder / f"{folder.name}.txt"
        if folder.name != doc_id and own.is_file() and own.read_text(encoding="utf-8") == text:
            out.append(folder.name)
    return out


# -- the confidence of an extracted norm ---------------------------------------------------------
def confidence(n: ExtractedNorm) -> Decimal:
    """How sure the extraction is of a norm, 0–1: a heuristic for the order of review (the worst
    first), not a probability. A bearer resolved to one party or role weighs most (kind + bearer
    is where the extractor errs most, benchmarks/RESULTS.md); a variable or unnamed bearer least."""
    score = 0.5
    if n.bearer:
        score += 0.3
    elif n.bearers:
        score += 0.15
    if n.variable:
        score -= 0.2
    if not n.bearer_text:
        score -= 0.2
    if n.counterparty:
        score += 0.1
    if n.deadline is not None and n.deadline.kind == "Vague":
        score -= 0.1
    return Decimal(str(round(min(0.95, max(0.05, score)), 2)))


# -- the facts -------------------------------------------------------------------------------------
def _source(place: Place | None, doc: Document) -> Any:
    """A recognised place as the source of a fact: "preamble", "closing" or an article (and its lid)."""
    if place is None or place.article == "preamble":
        return "preamble"
    if place.article == "closing":
        return "closing"
    art = doc.article(place.article)
    if art is None:
        return "preamble"
    if place.paragraph and any(p.label == place.paragraph for p in art.paragraphs):
        return {"article": art.number, "lid": place.paragraph}
    return {"article": art.number}


def _facts(doc: Document, rec: Recognised, parties: list[DraftParty], source: str, short_title: str | None,
           known: dict[str, str], on: dt.date) -> dict[str, Any]:
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    for p in parties:
        if p.municipality:
            pid = slug(p.municipality)
            ids[p.key] = pid
            names[pid] = known.get(pid, p.municipality)
    roles = []
    for p in parties:
        if p.municipality:
            for r in p.roles:
                if r in ROLE_CLASS:
                    roles.append({"role": r, "party": ids[p.key], "name": p.name, "source": _source(p.source, doc)})
    facts: dict[str, Any] = {
        "text": {"file": source},
        "kind": rec.kind if rec.kind in KIND_CLASS else "Agreement",
        "title": rec.title,
    }
    if rec.citation_title:
        facts["citation_title"] = {"text": rec.citation_title[0], "source": _source(rec.citation_title[1], doc)}
    if short_title:
        facts["short_titles"] = [short_title]
    facts["parties"] = names
    facts["roles"] = roles
    stated = next((m for m in rec.in_force if m.date is not None), None)
    if stated is not None and stated.date is not None:
        facts["in_force"] = {"date": stated.date.isoformat(), "text": stated.text, "source": _source(stated.place, doc)}
    facts["extracted"] = {"file": source_name(source), "date": on.isoformat(), "by": EXTRACTOR}
    return facts


def source_name(name: str) -> str:
    return Path(name).name


# -- the norms -------------------------------------------------------------------------------------
def _norms_graph(data: Graph, doc_iri: URIRef, nodes: dict[URIRef, ExtractedNorm]) -> Graph:
    """The norms of the draft graph (and the nodes below them: deadlines, variable roles), in the
    corpus vocabulary only (the validation vocabulary is left out), each with its confidence."""
    out = Graph()
    out.bind("dvo", str(DVO._NS))
    out.bind("prov", str(PROV))
    keep = str(DVO._NS)

    def copy(node: URIRef, seen: set[URIRef]) -> None:
        if node in seen:
            return
        seen.add(node)
        for p, o in data.predicate_objects(node):
            if p == RDF.type or str(p).startswith(keep) or p in (RDFS.label,):
                if p == RDF.type and not str(o).startswith(keep):
                    continue
                out.add((node, p, o))
                if isinstance(o, URIRef) and str(o).startswith(f"{doc_iri}/") and (o, DVO.source, None) not in data \
                        and "/norm/" in str(o):
                    copy(o, seen)
                if isinstance(o, URIRef) and "/role/var/" in str(o):
                    copy(o, seen)

    from .learn import default_model

    model = default_model()  # the action: a classifier trained on the curated norms (validate/learn.py)
    seen: set[URIRef] = set()
    for node, n in nodes.items():
        copy(node, seen)
        out.add((node, DVO.confidence, Literal(confidence(n))))
        action = model.action_of(n.sentence, n.kind) if model is not None else None
        if action and (data.value(node, DVO.action) is None):
            out.add((node, DVO.action, DVO[action]))
        out.add((node, RDFS.comment, Literal(f"extracted from the cue '{n.cue}'", lang="en")))
    _cost_keys(data, out)
    return out


def _cost_keys(data: Graph, out: Graph) -> None:
    """The cost-sharing keys the draft graph recognised (validate/draft.py: a lid on costs that gives
    parties percentages), as the corpus has them (``<lid>/key``: dvo:CostSharingKey, its shares,
    prov:wasDerivedFrom the lid), unreviewed like the norms. A share of a municipality that is no
    party is left out, as in the check of the draft (a researcher's trial: an added document's key
    was in no query)."""
    keys = sorted(data.subjects(RDF.type, DVO.CostSharingKey), key=str)
    by_lid: dict[URIRef, int] = {}
    for key in keys:
        div = data.value(key, PROV.wasDerivedFrom)
        if not isinstance(div, URIRef):
            continue
        by_lid[div] = by_lid.get(div, 0) + 1
        node = URIRef(f"{div}/key" + (f"/{by_lid[div]}" if by_lid[div] > 1 else ""))
        out.add((node, RDF.type, DVO.CostSharingKey))
        out.add((node, PROV.wasDerivedFrom, div))
        out.add((node, DVO.reviewStatus, DVO.Unreviewed))
        for k, share in enumerate(sorted(data.objects(key, DVO.hasShare), key=str), 1):
            s = URIRef(f"{node}/share/{k}")
            out.add((node, DVO.hasShare, s))
            out.add((s, RDF.type, DVO.CostShare))
            for p in (DVO.shareParty, DVO.sharePercentage):
                for o in data.objects(share, p):
                    out.add((s, p, o))


def _turtle(g: Graph, base: str, header: str) -> str:
    """Turtle with the IRIs of the knowledge base relative to its base (as the curated files are
    written, so that a changed base IRI moves them too)."""
    text = g.serialize(format="turtle").replace(f"<{base}", "<")  # IRIs are only written in <...>
    return header + text.strip() + "\n"


# -- add -------------------------------------------------------------------------------------------
def _lines_text(lines: list[Line]) -> str:
    """The text as read, one line a line, numbered as the parser numbered them (1, 2, ...)."""
    out: list[str] = []
    for ln in lines:
        while len(out) < ln.no - 1:
            out.append("")
        out.append(ln.text)
    return "\n".join(out) + "\n"


@dataclass
class _Encoded:
    """A text read, parsed and encoded: what the folder will hold."""

    doc: Document
    title: str
    source: str  # the text's file name in the folder
    text: str
    facts: dict[str, Any]
    facts_yaml: str
    norms_ttl: str
    paragraph_iri: Any  # (article, label) -> the lid's IRI
    graph: Graph | None = None  # the text as a draft's graph (validator.DraftGraph), for the draft check


def _read(path: Path, limits: DraftLimits | None) -> Draft:
    draft: Draft = read_draft(Path(path), limits)
    if draft.kind not in ("text", "docx"):
        raise DraftError(f"{draft.name}: dvo-kb add neemt de tekst van een overeenkomst (.txt of .docx), geen {draft.kind} "
                         f"(add takes the text of an agreement)")
    if not is_dutch(draft.lines):
        raise DraftError(f"{draft.name}: dit lijkt geen Nederlandse overeenkomst (te weinig Nederlandse woorden) "
                         f"(this does not look like a Dutch agreement)")
    return draft


def check_id(doc_id: str | None, name: str, data_dir: Path, replace: bool) -> str:
    """The id a document added from the file ``name`` gets (``doc_id``, else from the file name),
    checked as add_document checks it, before anything costly is done (UserError, DocumentExists)."""
    doc_id = doc_id or slug(Path(name).stem)
    _target(doc_id, Path(data_dir) / "documents", replace)
    return doc_id


def _target(doc_id: str, target_root: Path, replace: bool) -> bool:
    """Whether the id may be written under `target_root` (True: it replaces an added document)."""
    # (the messages name no option of the CLI and no path on the server: the web page and the API
    # show them as they are; the CLI adds its own hint)
    if not re.match(ID_PATTERN, doc_id or ""):
        raise UserError(f"id {doc_id!r}: an id is lower-case letters, digits and hyphens (e.g. dvo-beek-2027)",
                        cli_hint="--id")
    existing = corpus.folders()
    if doc_id not in existing:
        return False
    where = existing[doc_id].path
    if where.parent.resolve() != target_root.resolve():
        raise UserError(f"{doc_id!r} is a document of the knowledge base's own corpus: choose another id",
                        cli_hint=f"--id; {where}")
    if not replace:
        raise DocumentExists(f"a document {doc_id!r} exists already: choose another id or replace it",
                             cli_hint=f"--replace, --id; {where}")
    return True


def _encode(draft: Draft, doc_id: str, short_title: str | None, on: dt.date) -> _Encoded:
    """Parse, recognise, extract: the folder's files as text."""
    from .extract import extract
    from .validator import DraftGraph

    source = f"{doc_id}.txt"
    try:
        doc = StructureParser(Layout()).parse_lines(doc_id, source, draft.lines)
    except ParseError as exc:
        raise DraftError(f"{draft.name}: {exc} (is dit een overeenkomst met genummerde artikelen? / is this an "
                         f"agreement with numbered articles?)") from None
    rec = recognise(doc, draft.lines)
    parties, norms = extract(doc)
    dg = DraftGraph(draft.name, doc, rec, parties, norms, on)
    graph = dg.build()
    facts = _facts(doc, rec, parties, source, short_title, corpus.municipalities(), on)
    facts["extracted"]["file"] = draft.name
    header = (f"# The norms of {doc_id}, EXTRACTED by {EXTRACTOR} from {draft.name} on {on.isoformat()}.\n"
              f"# NOT REVIEWED: every provision is \"niet gecontroleerd\" until a person has read it against\n"
              f"# its lid. Correct this file where it is wrong (conventions: clauses/documents/NORMS.md),\n"
              f"# then accept the lid: dvo-kb review {doc_id} --accept ARTIKEL[/LID].\n\n")
    norms_ttl = _turtle(_norms_graph(graph, dg.m.document(doc_id), dg.norm_nodes), dg.m.base, header)
    facts_yaml = (f"# {doc_id}: {rec.title}\n"
                  f"# Facts EXTRACTED by {EXTRACTOR} from {draft.name} on {on.isoformat()} (not reviewed):\n"
                  f"# correct what is wrong; each fact names the division of the text that states it.\n"
                  + yaml.safe_dump(facts, allow_unicode=True, sort_keys=False, width=110))
    return _Encoded(doc, rec.title, source, _lines_text(draft.lines), facts, facts_yaml, norms_ttl,
                    lambda number, label: str(dg.m.paragraph(doc_id, number, label)), graph)


def _install(enc: _Encoded, doc_id: str, target_root: Path, base: str) -> Graph:
    """Writes the folder beside the target, builds it (it must read and build as a document of
    the knowledge base), and only then moves it into place (an added document it replaces is
    put back if that fails). Returns the document's built graph."""
    target_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".add-{doc_id}-", dir=target_root))
    staged, final, old = work / doc_id, target_root / doc_id, work / f"{doc_id}.replaced"
    try:
        staged.mkdir()
        (staged / enc.source).write_text(enc.text, encoding="utf-8")
        (staged / corpus.FACTS_FILE).write_text(enc.facts_yaml, encoding="utf-8")
        (staged / corpus.NORMS_FILE).write_text(enc.norms_ttl, encoding="utf-8")
        roots = [r for r in corpus.default_roots() if r.resolve() != target_root.resolve()] + [work]
        built = GraphBuilder(base, corpus.municipalities(roots)).document_graph(corpus.parse_document(doc_id, roots))
        if final.exists():
            final.rename(old)
        try:
            staged.rename(final)
        except OSError:
            if old.exists():
                old.rename(final)
            raise
        return built
    except (OSError, ValueError) as exc:
        raise UserError(f"{doc_id}: het document kon niet worden opgenomen (could not be added): {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        corpus.refresh()


def add_document(path: Path, data_dir: Path, base: str, doc_id: str | None = None, replace: bool = False,
                 short_title: str | None = None, limits: DraftLimits | None = None,
                 on: dt.date | None = None, check: bool = True) -> AddResult:
    """Adds the agreement in `path` (.txt or .docx) as ``<data_dir>/documents/<id>/``. ``check``:
    the text is checked as a draft is (the service checks it before, in a worker process within
    the draft limits, and passes False)."""
    on = on or dt.date.today()
    draft = _read(path, limits)
    doc_id = doc_id or slug(Path(draft.name).stem)
    target_root = Path(data_dir) / "documents"
    replaced = _target(doc_id, target_root, replace)
    enc = _encode(draft, doc_id, short_title, on)
    same = _same_text(enc.text, target_root, doc_id)
    built = _install(enc, doc_id, target_root, base)
    count = len({s for s in built.subjects(DVO.source, None) if any((s, RDF.type, k) in built for k in NORM_KINDS)})
    sources = {str(o) for o in built.objects(None, DVO.source)}
    without = 0
    for a in enc.doc.articles:
        for p in a.paragraphs:
            lid = enc.paragraph_iri(a.number, p.label)
            without += not any(x == lid or x.startswith(lid + "/") for x in sources)
    summary, violations = _draft_check(enc) if check else ({}, [])
    return AddResult(doc_id, target_root / doc_id, enc.title, enc.facts["kind"], len(enc.doc.articles), count, without,
                     enc.facts["parties"], replaced, same, summary, violations)


def _draft_check(enc: _Encoded) -> tuple[dict[str, int], list[str]]:
    """The text checked as a draft is (validator.check, the catalogue of dvo-kb validate): the
    findings per severity and the violations' messages with their place."""
    from .validator import check, summary

    if enc.graph is None:
        return {}, []
    try:  # (the document is in place already: a check that fails leaves it added, without a count)
        _, findings = check(enc.graph)
    except Exception:  # noqa: BLE001 - pySHACL's errors are many; the add itself succeeded
        log.exception("the draft check of an added document failed")
        return {}, []
    return summary(findings), placed_violations([f.as_dict() for f in findings])


def placed_violations(findings: list[dict[str, Any]], lang: str = "nl") -> list[str]:
    """The violations among a check's findings (``Finding.as_dict``), each with its place:
    "art. 4 lid 2: ...", in ``lang`` (nl or en)."""
    out = []
    for f in findings:
        if f["severity"] != "violation":
            continue
        place = (f"art. {f['article']}" + (f" lid {f['paragraph']}" if f.get("paragraph") else "") + ": "
                 if f.get("article") else "")
        out.append(place + ((f.get("message_en") if lang == "en" else None) or f["message"]))
    return out


__all__ = ["EXTRACTOR", "AddResult", "DocumentExists", "add_document", "check_id", "confidence", "placed_violations"]
