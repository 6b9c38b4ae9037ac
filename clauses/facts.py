"""The facts of one document, as its ``document.yaml`` states them: typed and checked on load.

A document of the knowledge base is a folder (``clauses/documents/<id>/``, or
``<data>/documents/<id>/`` for documents added later): ``document.yaml`` (these facts), its
source text, and ``norms.ttl`` (its curated or extracted norms). :mod:`dvo_kb.clauses.corpus`
is the only reader of those folders; everything else reads the graph built from them.

Every fact about the document points to the division of its text that states it
(:class:`Source`): "preamble", "closing", or an article number as printed with an optional lid.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

# the kinds of document the builder knows (classes of the ontology, dvo:<Kind>)
Kind = Literal["Centrumregeling", "Dienstverleningsovereenkomst", "Samenwerkingsovereenkomst", "Protocol",
               "Bedrijfsplan", "GemeenschappelijkeRegeling", "Verwerkersovereenkomst", "Agreement", "Decision",
               "NationalLaw", "EURegulation", "Plan"]
# the roles a party plays in a document (dvo:<Role>)
RoleName = Literal["Opdrachtgever", "Opdrachtnemer", "Centrumgemeente", "DeelnemendeGemeente", "Gastgemeente",
                   "CoordinerendeGemeente", "Verwerker", "Verwerkingsverantwoordelijke", "Partij"]
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _text(v: Any) -> Any:
    """Numbers written without quotes in YAML ("article: 23") are article numbers as printed."""
    return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v


Printed = Annotated[str, BeforeValidator(_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Division(Strict):
    """An article (as printed: "16.1", "13") and optionally one of its leden ("2", "6.2")."""

    article: Printed
    lid: Printed | None = None


# where the text states a fact: "preamble", "closing" or a division
Source = Literal["preamble", "closing"] | Division


class TextSpan(Strict):
    """Where the document's text is: ``file`` in its own folder, or a stretch of the source file
    of another ``document`` of the corpus; ``start``/``end``: regular expressions of the first
    line and of the line after the last (both optional)."""

    file: str | None = None
    document: str | None = Field(default=None, pattern=ID_PATTERN)
    start: str | None = None
    end: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> TextSpan:
        if (self.file is None) == (self.document is None):
            raise ValueError("give either `file` (in this folder) or `document` (whose file holds the text)")
        if self.file is not None and ("/" in self.file or "\\" in self.file or self.file.startswith(".")):
            raise ValueError(f"`file` is a file name in the document's own folder, not a path: {self.file!r}")
        return self


class CitationTitle(Strict):
    text: str
    source: Source


class Role(Strict):
    role: RoleName
    party: str = Field(pattern=ID_PATTERN)
    name: str  # the words the text uses for it ("de opdrachtnemer")
    source: Source


class InForce(Strict):
    text: str  # the words of the text
    source: Source
    date: dt.date | None = None
    indefinite: bool | None = None
    duration: str | None = None
    retroactive: bool | None = None
    same_as: str | None = Field(default=None, pattern=ID_PATTERN)  # in force as long as that document
    ambiguity: str | None = None  # what the text leaves open, shown to the user (in English)
    ambiguity_nl: str | None = None  # the same in Dutch (issue 18): a reader sees the note in the reader's language


class Reference(Strict):
    document: str = Field(pattern=ID_PATTERN)
    source: Source


class AnnexOf(Strict):
    document: str = Field(pattern=ID_PATTERN)
    number: Printed


class SignatureEntry(Strict):
    party: str = Field(pattern=ID_PATTERN)
    body: Literal["college", "burgemeester", "raad"] | None = None
    names: list[str] = []
    functions: list[str] = []
    date_text: str | None = None
    date: dt.date | None = None
    decision_date_text: str | None = None
    decision_date: dt.date | None = None


class Signatures(Strict):
    source: Source = "closing"
    note: str | None = None
    entries: list[SignatureEntry] = []


class Extracted(Strict):
    """A document added with ``dvo-kb add``: its facts and norms were extracted by a program from
    ``file`` on ``date`` (``by``: the extractor and its version), and stay "not reviewed" until a
    person accepts them lid by lid (``review.yaml`` beside, written by ``dvo-kb review``)."""

    file: str
    date: dt.date
    by: str


class Accepted(Strict):
    lid: str  # the path of the lid (or item, article) below the document: "art/13/lid/1"
    date: dt.date
    note: str | None = None


class Review(Strict):
    """``review.yaml`` of an added document: the lids whose extracted norms a person accepted."""

    accepted: list[Accepted] = []


class DocumentFacts(Strict):
    """The contents of one ``document.yaml``, plus the id (the folder's name)."""

    id: str = Field(pattern=ID_PATTERN)
    text: TextSpan
    kind: Kind
    title: str
    citation_title: CitationTitle | None = None
    short_titles: list[str] = []
    normative: bool = True
    draft: bool = False
    parties_are_colleges: bool = False  # the parties are the colleges of the municipalities (Wgr art. 1 lid 1)
    parties: dict[str, str] = {}  # municipality id -> its name ("sittard-geleen": "Sittard-Geleen")
    roles: list[Role] = []
    in_force: InForce | None = None
    based_on: list[Reference] = []
    replaces: list[Reference] = []
    cites: list[Reference] = []
    annex_of: AnnexOf | None = None
    signatures: Signatures | None = None
    extracted: Extracted | None = None  # added by dvo-kb add: extracted by a program, not reviewed

    @field_validator("parties")
    @classmethod
    def _party_ids(cls, v: dict[str, str]) -> dict[str, str]:
        import re

        for pid in v:
            if not re.match(ID_PATTERN, pid):
                raise ValueError(f"party id {pid!r}: lower-case letters, digits and hyphens")
        return v

    @model_validator(mode="after")
    def _known_parties(self) -> DocumentFacts:
        for r in self.roles:
            if r.party not in self.parties:
                raise ValueError(f"role {r.role} of {r.party!r}: not among the document's parties")
        for e in self.signatures.entries if self.signatures else []:
            if e.party not in self.parties:
                raise ValueError(f"signature of {e.party!r}: not among the document's parties")
        return self

    @property
    def short_title(self) -> str:
        """The name used in the labels of its articles ("DVO-2018 art. 16.1")."""
        return self.short_titles[0] if self.short_titles else self.id


__all__ = ["Accepted", "AnnexOf", "CitationTitle", "Division", "DocumentFacts", "Extracted", "InForce", "Kind", "Reference", "Review", "Role",
           "RoleName", "SignatureEntry", "Signatures", "Source", "TextSpan"]
