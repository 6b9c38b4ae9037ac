"""Stable, readable IRIs for everything in the graph (see the README, "IRIs").

Derived only from the document id, the article number and the lid and item labels as printed,
so that every build mints the same IRIs. The base is a setting (``DVO_KB_BASE_IRI``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/dvo-kb/id/"
SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lower-case IRI segment: "Sittard-Geleen" -> "sittard-geleen"."""
    table = str.maketrans("áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc")
    return SLUG.sub("-", text.lower().translate(table)).strip("-")


@dataclass(frozen=True)
class Minter:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", self.base):
            raise ValueError(f"the base IRI must be an http(s) IRI ending in '/': {self.base!r}")

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}{doc_id}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/{name}")

    def preamble(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/preamble")

    def signatures(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/signatures")

    def signature(self, doc_id: str, party: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/signatures/{party}")

    def chapter(self, doc_id: str, number: str | None, position: int) -> URIRef:
        if number is not None:
            return URIRef(f"{self.document(doc_id)}/hfst/{number}")
        return URIRef(f"{self.document(doc_id)}/sec/{position}")

    def article(self, doc_id: str, number: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/art/{number}")

    def paragraph(self, doc_id: str, article: str, label: str | None) -> URIRef:
        return URIRef(f"{self.article(doc_id, article)}/lid/{label if label is not None else '0'}")

    def item(self, paragraph: URIRef, label: str | None, position: int) -> URIRef:
        if label is not None:
            return URIRef(f"{paragraph}/item/{label}")
        return URIRef(f"{paragraph}/bullet/{position}")

    def annex(self, doc_id: str, number: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/bijlage/{number}")

    def task(self, annex: URIRef, position: int) -> URIRef:
        return URIRef(f"{annex}/task/{position}")

    def footnote(self, doc_id: str, number: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/footnote/{number}")

    def role(self, doc_id: str, role: str, party: str) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/role/{slug(role)}/{party}")

    def statement(self, doc_id: str, name: str, k: int) -> URIRef:
        return URIRef(f"{self.document(doc_id)}/statement/{name}-{k}")

    def party(self, party_id: str, body: str | None = None) -> URIRef:
        return URIRef(f"{self.base}party/{party_id}" + (f"/{body}" if body else ""))


def where(article: str | None, lid: str | None = None) -> str:
    """A lid as Dutch practice cites it: "art. 7 lid 2"; a lid numbered within its article's
    number as itself ("art. 6.2", not "art. 6 lid 6.2": "Artikel 6." with leden "6.1", "6.2");
    an article without lid: "art. 7"."""
    if not lid:
        return f"art. {article}"
    if article and lid.startswith(f"{article}."):
        return f"art. {lid}"
    return f"art. {article} lid {lid}"
