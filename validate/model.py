"""The plain results of extraction (no RDF): parties, deadlines and norms found in a draft.

Shared by :mod:`.parties`, :mod:`.extract` (which produce them) and :mod:`.validator` (which
turns them into triples of the corpus vocabulary and checks them). Fields may be added; the
ones here keep their names and meaning.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

NormKind = Literal["Obligation", "Permission", "Prohibition", "Power"]
DeadlineKind = Literal["FixedDay", "Period", "Recurring", "Vague"]


@dataclass
class Place:
    """Where something is in the draft: an article number as printed, a lid label (None for
    an article without numbered leden), an item label; or article "preamble" / "closing"."""

    article: str
    paragraph: str | None = None
    item: str | None = None


@dataclass
class DraftParty:
    """A party to the draft, or a role that the draft defines ("hierna te noemen: opdrachtnemer")."""

    key: str  # a slug, unique in the draft: "beek", "sittard-geleen", "opdrachtnemer"
    name: str  # as the text names it: "de gemeente Beek", "het college van Stein"
    municipality: str | None = None  # "Beek" where the party is (the college of) a municipality
    roles: list[str] = field(default_factory=list)  # ontology role classes: "Opdrachtnemer", "Centrumgemeente", ...
    aliases: list[str] = field(default_factory=list)  # other names the text uses for it (lower case)
    source: Place | None = None
    # For a role or a group ("opdrachtgevers", "partijen"): the keys of the parties it denotes
    # (empty when the draft does not say who plays it). Empty for a party itself.
    members: list[str] = field(default_factory=list)

    def municipalities(self, parties: list[DraftParty]) -> set[str]:
        """The municipalities this party or role denotes ("Beek"), through its members."""
        if self.municipality:
            return {self.municipality}
        by_key = {p.key: p for p in parties}
        return {m.municipality for k in self.members if (m := by_key.get(k)) is not None and m.municipality}


@dataclass
class DraftDeadline:
    """One structured deadline, the same forms as the curated encoding (clauses/curated/README.md)."""

    kind: DeadlineKind
    text: str  # the words of the text
    month: int | None = None  # FixedDay
    day: int | None = None  # FixedDay
    inclusive: bool | None = None  # FixedDay: "uiterlijk op" True, "vóór" False
    count: int | None = None  # Period
    unit: str | None = None  # Period: "werkdag", "kalenderdag", "week", "maand", "jaar"
    ordinal: int | None = None  # Period: "de tweede maand na" -> 2
    before_anchor: bool | None = None  # Period counted back ("van tevoren")
    frequency: str | None = None  # Recurring: "maandelijks", "per-kwartaal", "jaarlijks", "periodiek"
    minimum_per_year: int | None = None  # Recurring: "minimaal twee keer per jaar"
    unmeasurable: bool | None = None  # Vague: no date, period or starting moment at all ("tijdig")

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class ExtractedNorm:
    place: Place
    kind: NormKind
    bearer: str | None  # DraftParty.key, or None where the bearer is not a party or role of the draft
    bearer_text: str  # the bearer in the words of the text ("" when the text names none)
    cue: str  # the cue (from the lexicon) that made it a norm: "draagt zorg voor"
    sentence: str  # the sentence it was found in
    counterparty: str | None = None
    counterparty_text: str | None = None
    deadline: DraftDeadline | None = None
    # all DraftParty keys the subject names ("Opdrachtgever en opdrachtnemer" -> both); `bearer`
    # is set only when there is exactly one
    bearers: list[str] = field(default_factory=list)
    variable: bool = False  # the bearer is a variable role: "de partij die ...", "een gemeente", "de andere partij"
    # the text names a bearer that is no party or role of the draft ("De vervoerder informeert ..."):
    # bearer_text holds it, no bearer is guessed for it
    named_other: bool = False
    # ... and that bearer is a municipality the draft names that is none of its parties ("De gemeente
    # Maasgouw draagt zorg ..."): no party and no role (the graph gives it neither)
    non_party: bool = False
    # a sentence of the draft says it stays in force after the agreement ends (dvo:survivesTermination)
    survives: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.place.article, "paragraph": self.place.paragraph, "item": self.place.item,
            "kind": self.kind, "bearer": self.bearer, "bearer_text": self.bearer_text,
            "counterparty": self.counterparty, "counterparty_text": self.counterparty_text,
            "bearers": self.bearers, "variable": self.variable, "named_other": self.named_other,
            "survives": self.survives,
            "cue": self.cue, "sentence": self.sentence,
            "deadline": self.deadline.as_dict() if self.deadline else None,
        }
