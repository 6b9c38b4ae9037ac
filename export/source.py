"""What the exports read of a document, from the built graph through the knowledge base.

The articles, leden, items and provisions come from :func:`dvo_kb.clauses.views.document_view`;
the rest (preamble and signature block, chapters, annexes, footnotes, references with their
Juriconnect identifiers) from the SPARQL in ``queries/*.rq`` beside this module, with the
document bound as a value (pyoxigraph substitutions), never spliced into the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .. import sparql
from ..clauses.views import document_view, list_documents, resolve_document
from ..errors import UserError

if TYPE_CHECKING:
    from ..store import KnowledgeBase

QUERIES = Path(__file__).with_name("queries")


def query_text(name: str) -> str:
    return sparql.load(f"export/queries/{name}.rq")


def _select(kb: KnowledgeBase, name: str, doc: str) -> list[dict[str, Any]]:
    return list(kb.select(query_text(name), {"doc": ox.NamedNode(doc)}))


@dataclass
class Chapter:
    iri: str
    position: int
    number: str | None
    title: str
    label: str  # as printed: "Hoofdstuk 1 Algemene bepalingen"; for a plain heading, the title
    articles: list[str] = field(default_factory=list)  # article IRIs

    @property
    def kind(self) -> str | None:
        """The word before the number as printed ("Hoofdstuk", "Paragraaf"); None for a heading."""
        if self.number is None:
            return None
        head = self.label[: len(self.label) - len(self.title)].strip() if self.label.endswith(self.title) else ""
        word = head[: len(head) - len(self.number)].strip() if head.endswith(self.number) else head
        return word or None


@dataclass
class Task:
    iri: str
    position: int
    text: str
    group: str | None


@dataclass
class Annex:
    iri: str
    number: str
    title: str | None
    text: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Reference:
    """What one provision refers to: its targets and the words the text uses for them."""

    provision: str
    lid: str
    texts: list[str]
    targets: list[Target]


@dataclass
class Target:
    iri: str
    label: str | None
    jci: str | None
    document: str | None  # the IRI of the document the target is, or is a division of
    document_id: str | None
    number: str | None  # the division's number or label
    names: list[str]  # the document's title and short titles


@dataclass
class Source:
    """One document as the exports read it."""

    view: dict[str, Any]  # clauses.views.document_view
    short_titles: list[str]
    preamble: str | None
    closing: str | None
    parent_id: str | None
    parent_in_force: str | None
    annex_number: str | None
    chapters: list[Chapter]
    annexes: list[Annex]
    footnotes: list[tuple[str, str, str]]  # (IRI, marker, text)
    references: list[Reference]
    terms: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    """By norm IRI: its actions and triggers ("action", "trigger"), each a (concept IRI, label)."""

    @property
    def id(self) -> str:
        return str(self.view["id"])

    @property
    def iri(self) -> str:
        return str(self.view["iri"])


def exportable(kb: KnowledgeBase) -> list[str]:
    """The ids of the documents with articles, the ones the exports cover."""
    return [r["id"] for r in kb.select(query_text("documents"))]


def read(kb: KnowledgeBase, name: str) -> Source:
    """The document a user names by id or short title, as the exports read it."""
    iri, doc_id = resolve_document(kb, name)
    if doc_id not in exportable(kb):
        raise UserError(f"{doc_id} has no articles; the exports cover the documents with articles: "
                        + ", ".join(exportable(kb)))
    view = document_view(kb, doc_id)
    shorts: list[str] = next((d["short_titles"] for d in list_documents(kb) if d["id"] == doc_id), [])
    meta = _select(kb, "document", iri)[0]
    chapters: dict[str, Chapter] = {}
    for r in _select(kb, "chapters", iri):
        ch = chapters.setdefault(r["ch"], Chapter(r["ch"], int(r["pos"]), r["number"], r["title"], r["label"]))
        if r["art"] and r["art"] not in ch.articles:
            ch.articles.append(r["art"])
    annexes: dict[str, Annex] = {}
    for r in _select(kb, "annexes", iri):
        an = annexes.setdefault(r["annex"], Annex(r["annex"], r["number"], r["title"], r["text"]))
        if r["task"] and all(t.iri != r["task"] for t in an.tasks):
            an.tasks.append(Task(r["task"], int(r["taskPos"]), r["taskText"], r["taskGroup"]))
    for an in annexes.values():
        an.tasks.sort(key=lambda t: t.position)
    notes = [(r["note"], r["marker"], r["text"]) for r in _select(kb, "footnotes", iri)]
    return Source(view=view, short_titles=sorted(shorts), preamble=meta["preamble"], closing=meta["closing"],
                  parent_id=meta["parentId"], parent_in_force=meta["parentInForce"], annex_number=meta["annexNumber"],
                  chapters=sorted(chapters.values(), key=lambda c: c.position),
                  annexes=sorted(annexes.values(), key=lambda a: _number_key(a.number)),
                  footnotes=notes, references=_references(kb, iri), terms=_terms(kb, iri))


def _terms(kb: KnowledgeBase, iri: str) -> dict[str, dict[str, list[tuple[str, str]]]]:
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for r in _select(kb, "terms", iri):
        kind = r["p"].rsplit("#", 1)[-1]
        pair = (r["term"], r["label"] or r["term"].rsplit("#", 1)[-1])
        lst = out.setdefault(r["prov"], {}).setdefault(kind, [])
        if pair not in lst:
            lst.append(pair)
    for d in out.values():
        for lst in d.values():
            lst.sort()
    return out


def _references(kb: KnowledgeBase, iri: str) -> list[Reference]:
    refs: dict[str, Reference] = {}
    targets: dict[str, Target] = {}
    for r in _select(kb, "references", iri):
        ref = refs.setdefault(r["prov"], Reference(r["prov"], r["lid"], [], []))
        if r["refText"] and r["refText"] not in ref.texts:
            ref.texts.append(r["refText"])
        t = targets.setdefault(r["target"], Target(r["target"], r["label"], r["jci"], r["targetDoc"], r["targetDocId"],
                                                   r["targetNumber"], []))
        if r["name"] and r["name"] not in t.names:
            t.names.append(r["name"])
        if all(x.iri != t.iri for x in ref.targets):
            ref.targets.append(t)
    for ref in refs.values():  # a fixed order whatever the store returns
        ref.texts.sort()
        ref.targets.sort(key=lambda x: x.iri)
    for t in targets.values():
        t.names.sort(key=lambda n: (-len(n), n))
    return sorted(refs.values(), key=lambda x: x.provision)


def _number_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


__all__ = ["Annex", "Chapter", "Reference", "Source", "Target", "Task", "exportable", "read"]
