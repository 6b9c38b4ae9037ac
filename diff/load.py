"""The two sides of a comparison: a corpus document named by id, or a graph (a draft).

Both become a :class:`Side`: the document view of :func:`dvo_kb.clauses.views.document_view`
(metadata, parties and roles, articles with leden and their provisions) plus the cost-sharing
keys and the sources of the document-level facts, which the view does not carry. A graph is
read through the same view code: it is loaded into a scratch store together with the ontology
and the shared graph (parties, cited documents) of the knowledge base, so a draft produced by
the validation package in the corpus vocabulary is compared exactly like a corpus document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..clauses.views import document_view, list_documents
from ..errors import UserError
from ..ontology.namespace import DVO_NS as DVO

if TYPE_CHECKING:
    from ..store import KnowledgeBase

HERE = Path(__file__).parent

ONTOLOGY_GRAPH = "https://w3id.org/dvo-kb/def"
NORM_KINDS = ("Obligation", "Permission", "Prohibition", "Power")


class UnknownDocumentError(UserError):
    """A side of a comparison names no document of the knowledge base."""


class DiffInputError(UserError):
    """A side of a comparison cannot be read as a document (no or several documents in a graph)."""


@cache
def queries() -> dict[str, str]:
    with (HERE / "queries.yaml").open(encoding="utf-8") as fh:
        data: dict[str, str] = yaml.safe_load(fh)
    return data


@dataclass
class Norm:
    """One provision (norm or not) where it stands: article, lid, item."""

    data: dict[str, Any]  # the provision as in the document view
    article: str
    paragraph: str | None  # the lid label as printed (None: an article without numbered leden)
    paragraph_iri: str
    item: str | None
    text: str  # the verbatim text of the lid (or the item)
    index: int  # position within its lid

    @property
    def iri(self) -> str:
        return str(self.data["iri"])

    @property
    def kind(self) -> str:
        return str(self.data.get("kind") or "")

    @property
    def is_norm(self) -> bool:
        return self.kind in NORM_KINDS


@dataclass
class Article:
    number: str
    heading: str | None
    iri: str
    position: int
    paragraphs: list[dict[str, Any]]
    provisions: list[Norm] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p["text"] for p in self.paragraphs)

    @property
    def norms(self) -> list[Norm]:
        return [n for n in self.provisions if n.is_norm]

    @property
    def topics(self) -> set[str]:
        return {t for n in self.provisions for t in n.data.get("topics", [])}


@dataclass
class Side:
    """A loaded document: its view, its articles, cost keys and fact sources."""

    id: str
    iri: str
    view: dict[str, Any]
    articles: list[Article]
    fact_sources: dict[str, list[str]] = field(default_factory=dict)  # property name -> division IRIs
    origin: str = "corpus"  # "corpus" or "graph"

    @property
    def label(self) -> str:
        return self.id

    @property
    def unreviewed(self) -> int:
        """Its provisions extracted by dvo-kb add that no person has checked (dvo:Unreviewed)."""
        return sum(1 for a in self.articles for n in a.provisions if n.data.get("reviewed") is False)

    def article(self, number: str) -> Article:
        return next(a for a in self.articles if a.number == number)

    def division(self, iri: str) -> tuple[str | None, str | None]:
        """(article number, lid label) of a division IRI of this document, if it is one."""
        for a in self.articles:
            if iri == a.iri:
                return a.number, None
            for p in a.paragraphs:
                if iri == p["iri"] or iri.startswith(p["iri"] + "/"):
                    return a.number, p["paragraph"]
        return None, None


DocumentSide = str | Graph | Side


def load_side(kb: KnowledgeBase, side: DocumentSide) -> Side:
    """A side of a comparison: a corpus id or short title, an rdflib Graph of one document
    (a draft in the corpus vocabulary), or an already loaded :class:`Side`."""
    if isinstance(side, Side):
        return side
    if isinstance(side, Graph):
        return _load_graph(kb, side)
    if isinstance(side, str):
        return _load_corpus(kb, side)
    raise DiffInputError(f"cannot compare a {type(side).__name__}: give a document id, a graph or a loaded document")


def _load_corpus(kb: KnowledgeBase, name: str) -> Side:
    docs = list_documents(kb)
    wanted = name.strip().lower()
    hits = [d for d in docs if d["id"].lower() == wanted or wanted in (s.lower() for s in d["short_titles"])]
    if len(hits) != 1:
        known = ", ".join(d["id"] for d in docs)
        if not hits:
            raise UnknownDocumentError(f"unknown document {name!r}; the known documents are: {known}")
        raise UnknownDocumentError(f"{name!r} names several documents ({', '.join(d['id'] for d in hits)}); "
                                   f"use one of: {known}")
    return _side(kb, document_view(kb, hits[0]["id"]), "corpus")


def _load_graph(kb: KnowledgeBase, g: Graph) -> Side:
    from ..store import BuildInfo, EmbeddedKnowledgeBase, to_ox

    has_article = URIRef(DVO + "hasArticle")
    doc_id = URIRef(DVO + "documentId")
    docs = sorted({str(s) for s in g.subjects(has_article, None) if (s, doc_id, None) in g})
    if len(docs) != 1:
        raise DiffInputError(f"the graph must hold exactly one document with articles (dvo:hasArticle and "
                             f"dvo:documentId); it holds {len(docs)}")
    doc = URIRef(docs[0])
    store = ox.Store()
    for name in (ONTOLOGY_GRAPH, kb.base + "graph/shared"):
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in kb.quads(graph=ox.NamedNode(name)))
    # the names of the other documents (what the draft is based on, replaces, cites)
    for prop in ("documentId", "title"):
        store.extend(ox.Quad(q.subject, q.predicate, q.object)
                     for q in kb.quads(None, ox.NamedNode(DVO + prop))
                     if q.subject != ox.NamedNode(str(doc)))
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)
    # the views list documents of the corpus only: a draft counts as one in its scratch store
    store.add(ox.Quad(to_ox(doc), ox.NamedNode(DVO + "inCorpus"), to_ox(Literal(True, datatype=XSD.boolean))))
    scratch = EmbeddedKnowledgeBase(store, BuildInfo(len(store), 1, 0.0, False, None), kb.base)
    return _side(scratch, document_view(scratch, str(g.value(doc, doc_id))), "graph")


def _side(kb: KnowledgeBase, view: dict[str, Any], origin: str) -> Side:
    doc = ox.NamedNode(view["iri"])
    keys: dict[str, list[dict[str, Any]]] = {}
    for r in kb.select(queries()["cost_keys"], {"doc": doc}):
        key = next((k for k in keys.setdefault(r["src"], []) if k["iri"] == r["key"]), None)
        if key is None:
            key = {"iri": r["key"], "source": r["src"], "costs": r["costs"], "period": r["period"], "shares": {}}
            keys[r["src"]].append(key)
        if r["party"] is not None and r["pct"] is not None:
            key["shares"][r["partyId"] or r["party"]] = float(r["pct"])
    sources: dict[str, list[str]] = {}
    for r in kb.select(queries()["fact_sources"], {"doc": doc}):
        sources.setdefault(r["p"].rsplit("#", 1)[-1], []).append(r["src"])
    articles = []
    for pos, a in enumerate(view["articles"]):
        art = Article(a["article"], a["heading"], a["iri"], pos, a["paragraphs"])
        for par in a["paragraphs"]:
            for i, pr in enumerate(par["provisions"]):
                art.provisions.append(Norm(pr, a["article"], par["paragraph"], par["iri"], None, par["text"], i))
            for it in par["items"]:
                for i, pr in enumerate(it["provisions"]):
                    art.provisions.append(Norm(pr, a["article"], par["paragraph"], par["iri"], it["item"],
                                               it["text"], i))
            art.keys.extend(keys.get(par["iri"], []))
        articles.append(art)
    return Side(view["id"], view["iri"], view, articles, sources, origin)


def graph_of(kb: KnowledgeBase, doc_id: str) -> Graph:
    """The named graph of a corpus document as an rdflib Graph (to edit it into a draft)."""
    from ..store import from_ox as term

    side = _load_corpus(kb, doc_id)
    g = Graph()
    name = ox.NamedNode(kb.base + "graph/" + side.id)
    for q in kb.quads(graph=name):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g
