"""The parties and roles a draft defines, read from its own words.

Sources, in this order: the list of parties in the preamble ("De gemeente Beek, ..., hierna te
noemen: “opdrachtgever”"; "... hierna gezamenlijk te noemen “partijen”"; "De gemeente
Sittard-Geleen als centrumgemeente"), the definitions article ("Centrumgemeente: de gemeente
Sittard-Geleen") and designations in the articles ("De gemeente Sittard-Geleen wordt
aangewezen als centrumgemeente"; "De centrumgemeente treedt op als bewerker"; "De gemeente X,
hierna te noemen de penvoerder, ..."; "De gemeente X vervult de rol van verwerker"; the role
first: "De penvoerder is de gemeente X"). Role names are mapped to the ontology's role classes
through ``lexicon/roles.yaml``.

The result has one :class:`DraftParty` per municipality (key: its slug, ``municipality`` set)
and one per role or group the draft defines (key: the slug of its name, ``roles`` the role
class, ``members`` the keys of the municipalities that play it). Where the draft names no
group of all parties, a group "partijen" (role Partij) of all of them is added: "partijen" and
"de gemeenten" denote all parties of an agreement.

:class:`PartyIndex` finds the mentions of these parties in a sentence (used by :mod:`.extract`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..clauses.iris import slug
from ..clauses.model import Document
from .model import DraftParty, Place

# the role classes of the party that performs the agreed tasks, in order of preference
EXEC_ROLES = ("Opdrachtnemer", "Verwerker", "Centrumgemeente", "Gastgemeente", "CoordinerendeGemeente")

LEXICON = Path(__file__).with_name("lexicon")
WORD = r"[\wÀ-ÿ'’-]+"


def has_phrase(text: str, phrase: str, flags: int = 0) -> bool:
    """Does ``text`` hold ``phrase`` as whole words (not inside a longer word or hyphenated name)?"""
    return re.search(rf"(?<![\wÀ-ÿ-]){re.escape(phrase)}(?![\wÀ-ÿ-])", text, flags) is not None


def _name_pattern(lex: RoleLexicon) -> str:
    """A municipality's name: one of the names of several words ``multiword_municipalities`` lists
    ("Berg en Dal", "De Ronde Venen"), or a capitalised word (with hyphens: "Sittard-Geleen",
    "'s-Hertogenbosch"), a second capitalised word on the same line ("Utrechtse Heuvelrug", "Hollands
    Kroon") that is no word beginning a sentence or a clause (``name_stop_words``: "... de gemeente
    Beek De gemeente Stein ..." when lines are read as one), and a joined part (``name_joiners``:
    "Wijk bij Duurstede", "Bergen op Zoom"), all of lexicon/roles.yaml. The second word and the
    joiners are matched case-sensitively within the case-insensitive whole; the repetitions are
    possessive (no backtracking: a long run of letters costs its length, not its square)."""
    raw = lex.raw
    stop = "|".join(re.escape(w) for w in raw["name_stop_words"])
    joiners = "|".join(re.escape(w) for w in raw["name_joiners"])
    prefix = "|".join(re.escape(w) for w in raw["name_prefixes"])
    whole = "|".join(re.escape(n) for n in sorted(raw["multiword_municipalities"], key=len, reverse=True))
    cap = r"(?:IJ|[A-ZÀ-Ý])"
    return (rf"(?:(?-i:{whole})(?![\wÀ-ÿ'’-])|(?:(?:{prefix}))?{cap}[\wÀ-ÿ'’]*+(?:-[A-ZÀ-Ýa-zà-ÿ][\wÀ-ÿ'’]*+)*+"
            rf"(?-i:(?:[ \t]+(?!(?:{stop})\b){cap}[a-zà-ÿ'’]++(?![-:])(?![ \t]*:))?)"
            rf"(?-i:(?:[ \t]+(?:{joiners})[ \t]+(?:den[ \t]+|de[ \t]+)?{cap}[\wÀ-ÿ'’-]*+)?))")


QUOTES = "“”\"'‘’„"
# "deelnemende c.q. afnemende " right before a noun: two adjectives of one noun (PartyIndex._elliptic)
ELLIPSIS = re.compile(r"(?<![\wÀ-ÿ-])([a-zà-ÿ]+e)\s+(?:c\.q\.|en/of|en|of|dan\s+wel)\s+([a-zà-ÿ]+e)\s+$")


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    with (LEXICON / f"{name}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    if name == "numbers":  # the cardinals and months are general words (dvo_kb/words.yaml)
        from ..words import cardinals, month_names

        data = {"cardinals": cardinals(), "months": {m: k for k, m in enumerate(month_names("nl"), 1)}, **data}
    return data


class Nouns(frozenset[str]):
    """A set of nouns that also holds every word ending in one of its `suffixes` (compounds:
    "archiefinspecteur", "gemeentesecretaris" with "inspecteur", "secretaris")."""

    suffixes: tuple[str, ...] = ()

    def __new__(cls, words: Any = (), suffixes: Any = ()) -> Nouns:
        obj = super().__new__(cls, words)
        obj.suffixes = tuple(suffixes)
        return obj

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or isinstance(word, str) and bool(self.suffixes) \
            and word.endswith(self.suffixes)


@dataclass(frozen=True)
class RoleLexicon:
    classes: dict[str, str]  # noun (lower case) -> role class
    plural: frozenset[str]
    collectives: frozenset[str]
    determiners: frozenset[str]
    distributive: frozenset[str]
    variable: frozenset[str]
    organs: frozenset[str]
    municipality_nouns: tuple[str, ...]
    raw: dict[str, Any]

    def role_class(self, name: str) -> str | None:
        return self.classes.get(self.normalise(name))

    def normalise(self, name: str) -> str:
        # casefold: what matched case-insensitively is found ("verwerkingſverantwoordelijke": ſ is s)
        words = name.strip().strip(QUOTES).strip().casefold().split()
        while words and words[0] in self.determiners:
            words = words[1:]
        return " ".join(words)


@lru_cache(maxsize=1)
def role_lexicon() -> RoleLexicon:
    raw = load_lexicon("roles")
    classes: dict[str, str] = {}
    plural: set[str] = set()
    for cls, forms in raw["roles"].items():
        for noun in forms.get("singular", []):
            classes[noun.lower()] = cls
        for noun in forms.get("plural", []):
            classes[noun.lower()] = cls
            plural.add(noun.lower())
    return RoleLexicon(
        classes=classes, plural=frozenset(plural),
        collectives=frozenset(w.lower() for w in raw["collectives"]),
        determiners=frozenset(raw["determiners"]), distributive=frozenset(raw["distributive"]),
        variable=frozenset(raw["variable"]), organs=Nouns(raw["organs"], raw.get("official_suffixes", [])),
        municipality_nouns=tuple(raw["municipality_nouns"]), raw=raw,
    )


def _municipality_re(lex: RoleLexicon) -> re.Pattern[str]:
    nouns = "|".join(sorted(lex.municipality_nouns, key=len, reverse=True))
    name = _name_pattern(lex)
    separators = "|".join(re.escape(w) for w in lex.raw["name_separators"])
    names = rf"{name}(?:\s*,\s*{name})*(?:\s+(?:{separators})\s+{name})?"
    return re.compile(rf"(?<![\wÀ-ÿ-])(?:{nouns})\s+({names})", re.IGNORECASE)


_MUNI_CACHE: dict[int, re.Pattern[str]] = {}


def municipalities_in(text: str, lex: RoleLexicon | None = None) -> list[str]:
    """Municipality names in "de gemeente Beek", "de gemeenten Beek, Sittard-Geleen en Stein"."""
    lex = lex or role_lexicon()
    rx = _MUNI_CACHE.setdefault(id(lex), _municipality_re(lex))
    out: list[str] = []
    separators = "|".join(re.escape(w) for w in lex.raw["name_separators"])
    for m in rx.finditer(text):
        group = m.group(1)
        whole = {n for n in lex.raw["multiword_municipalities"] if n in group}
        for n in whole:  # "Berg en Dal" is one name, not "Berg" and "Dal"
            group = group.replace(n, n.replace(" ", "\u2063"))
        for name in re.split(rf"\s*,\s*|\s+(?:{separators})\s+", group):
            name = name.replace("\u2063", " ")
            name = name.strip()
            head, _, last = name.rpartition(" ")
            if head and (last.lower() in lex.classes or last.lower() in lex.organs):
                name = head  # "de gemeente Beek Opdrachtgever" (lines read as one): the role is no part of the name
            prefix = next((x for x in lex.raw["name_prefixes"] if name.startswith(x)), "")
            bare = name[len(prefix):]  # "'s-Hertogenbosch"
            if bare and bare[0].isupper() and name not in out and name.lower() not in lex.classes:
                out.append(name)
    return out


def any_party_name(names: list[str], parties: Iterable[str]) -> bool:
    """Is one of ``names`` the name of one of the ``parties``' municipalities, whatever its case or
    apostrophe ("’s-Hertogenbosch" is "'s-Hertogenbosch"; a review found it reported as no party)?"""
    def same(name: str) -> str:
        return name.replace("’", "'").replace("‘", "'").replace("`", "'").casefold()
    known = {same(n) for n in parties}
    return any(same(n) in known for n in names)


# ---------------------------------------------------------------------------------------------
# Mentions of parties in a sentence
# ---------------------------------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str | None  # the DraftParty key; None for a role noun the draft does not define
    singular: bool
    role_class: str | None
    defined_name: bool  # the draft itself uses this name for the party or role
    other: bool = False  # a municipality named that is no party of the draft ("de gemeente Maasgouw")


@dataclass
class PartyIndex:
    """The names of a draft's parties and roles, for finding them in sentences."""

    parties: list[DraftParty]
    lex: RoleLexicon = field(default_factory=role_lexicon)

    def __post_init__(self) -> None:
        self.by_key = {p.key: p for p in self.parties}
        names: dict[str, tuple[str | None, bool, str | None, bool]] = {}
        for noun, cls in self.lex.classes.items():  # undefined role nouns: variable by default
            names[noun] = (None, noun not in self.lex.plural, cls, False)
        for p in self.parties:
            if p.municipality:  # found by its name (muni_rx); a name the draft gives it of its own is a name too
                for own in p.aliases[2:]:
                    names[own.lower()] = (p.key, True, p.roles[0] if p.roles else None, True)
                continue
            defined = {a.lower() for a in p.aliases[:1]}
            for alias in p.aliases:
                a = alias.lower()
                singular = a not in self.lex.plural and a not in self.lex.collectives
                names[a] = (p.key, singular, p.roles[0] if p.roles else None, a in defined)
        self.names = names
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.role_rx = re.compile(rf"(?<![\wÀ-ÿ-])({alternation})(?![\wÀ-ÿ-])", re.IGNORECASE)
        munis = [p for p in self.parties if p.municipality]
        self.muni_by_name = {p.municipality: p.key for p in munis if p.municipality}
        if munis:
            alt = "|".join(re.escape(n) for n in sorted(self.muni_by_name, key=len, reverse=True))
            self.muni_rx: re.Pattern[str] | None = re.compile(rf"(?<![\wÀ-ÿ-])({alt})(?![\wÀ-ÿ-])")
        else:
            self.muni_rx = None

    def mentions(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        if self.muni_rx is not None:
            for m in self.muni_rx.finditer(text):
                key: str | None = self.muni_by_name.get(m.group(1))
                if key is None:
                    continue
                found.append(Mention(m.start(), m.end(), m.group(0), key, True, None, True))
        # a municipality the draft names that is none of its parties: named, not a role to fill in
        # (a drafter's trial: "De gemeente Maasgouw ... draagt zorg voor het verslag" was read as
        # "De gemeente", a variable role, and the duty of a non-party went unsaid)
        for m in _MUNI_CACHE.setdefault(id(self.lex), _municipality_re(self.lex)).finditer(text):
            names = municipalities_in(m.group(0), self.lex)
            if names and not any_party_name(names, self.muni_by_name) \
                    and not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(Mention(m.start(), m.end(), m.group(0), None, len(names) == 1, None, False, True))
        for m in self.role_rx.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            entry = self.names.get(m.group(1).lower()) or self.names.get(m.group(1).casefold())
            if entry is None:  # matched case-insensitively, but no name as written ("ſ" for "s")
                continue
            key, singular, cls, defined = entry
            found.append(Mention(m.start(), m.end(), m.group(0), key, singular, cls, defined))
        found.sort(key=lambda x: x.start)
        return [self._elliptic(text, f) for f in found]

    def _elliptic(self, text: str, m: Mention) -> Mention:
        """Two adjectives coordinated before one noun ("de deelnemende c.q. afnemende gemeente",
        "de deelnemende en toetredende gemeenten"): the noun with the first adjective, where that is
        a name of the draft and the noun with the second one is not, is the party meant."""
        e = ELLIPSIS.search(text, 0, m.start)
        if e is None:
            return m
        first = f"{e.group(1)} {m.text}".lower()
        second = f"{e.group(2)} {m.text}".lower()
        if first not in self.names or second in self.names:
            return m
        key, singular, cls, defined = self.names[first]
        return Mention(e.start(), m.end, text[e.start():m.end], key, singular, cls, defined)

    def members(self, key: str) -> set[str]:
        p = self.by_key.get(key)
        if p is None:
            return set()
        if p.municipality:
            return {p.key}
        return set(p.members)

    def group_size(self, key: str | None) -> int:
        return len(self.members(key)) if key else 0


# ---------------------------------------------------------------------------------------------
# Reading the parties of a draft
# ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
    role: str
    names: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # municipality names
    source: Place | None = None

    def add_members(self, names: list[str]) -> None:
        for n in names:
            if n not in self.members:
                self.members.append(n)


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lex = role_lexicon()
        self.pre = self.lex.raw["preamble"]
        self.municipalities: dict[str, Place] = {}
        self.groups: dict[str, _Group] = {}
        self.own_names: dict[str, list[str]] = {}  # a municipality -> the names the draft gives it that are no role

    def muni(self, name: str, place: Place) -> None:
        self.municipalities.setdefault(name, place)

    def group(self, role: str, name: str, place: Place) -> _Group:
        g = self.groups.get(role)
        if g is None:
            g = self.groups[role] = _Group(role, source=place)
        norm = self.lex.normalise(name)
        if norm and norm not in g.names:
            g.names.append(norm)
        return g

    # -- preamble -----------------------------------------------------------------------------

    def party_block(self) -> list[str]:
        text = self.doc.preamble or ""
        lines = text.split("\n")
        starts = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in self.pre["start"]]
        ends = [re.compile(p, re.IGNORECASE) for p in self.pre["end"]]
        begin = None
        for i, line in enumerate(lines):
            hit = next((m for rx in starts if (m := rx.search(line))), None)
            if hit:
                begin = i
                lines[i] = line[hit.start():]
                break
        if begin is None:
            # no list of parties: the parties are named before the recitals (a regeling)
            if any(rx.search(line) for line in lines for rx in ends):
                begin = 0
            if begin is None:
                return []
        block: list[str] = []
        for line in lines[begin:]:
            cut = min((e.start() for rx in ends if (e := rx.search(line))), default=None)
            if cut is not None:
                if line[:cut].strip():
                    block.append(line[:cut])
                if block:
                    break
                continue
            block.append(line)
        return block

    def read_preamble(self) -> None:
        place = Place("preamble")
        naming = re.compile(self.pre["naming"], re.IGNORECASE)
        naming_unquoted = re.compile(self.pre["naming_unquoted"], re.IGNORECASE)
        naming_more = re.compile(self.pre["naming_more"], re.IGNORECASE)
        collective = re.compile(self.pre["collective_naming"], re.IGNORECASE)
        as_role = re.compile(self.pre["as_role"], re.IGNORECASE)
        bracket_role = re.compile(self.pre["bracket_role"], re.IGNORECASE)
        all_munis: list[str] = []
        collective_names: list[str] = []
        # each party's entry apart: a draft's first lines are often read as one paragraph, and its
        # entries end with ";" ("... de gemeente Zaanstad, hierna te noemen: "opdrachtnemer"; het
        # college van ... de gemeente Oostzaan, ...;")
        segments: list[str] = []
        opener = re.compile(self.pre["entry_opener"])
        for line in self.party_block():
            for i, seg in enumerate(x for x in re.split(r";\s*", line) if x.strip()):
                if i and segments and not opener.match(seg):
                    segments[-1] += "; " + seg  # "1. De gemeente Beek; vertegenwoordigd door ...; hierna ...": one entry
                else:
                    segments.append(seg)
        for line in segments:
            munis = municipalities_in(line, self.lex)
            if not munis:  # "Oostzaan en Wormerland hierna gezamenlijk te noemen ...": names given before
                munis = [n for n in all_munis if has_phrase(line, n)]
            for n in munis:
                self.muni(n, place)
                if n not in all_munis:
                    all_munis.append(n)
            namings = []
            for m in naming.finditer(line):
                namings.append((m.group(1), m.group(2)))
                end = m.end()
                while more := naming_more.match(line, end):  # 'hierna: "Hilversum" of "Dienstverlener"'
                    namings.append((m.group(1), more.group(1)))
                    end = more.end()
            if not namings:
                namings = [(m.group(1), m.group(2)) for m in naming_unquoted.finditer(line)]
            for together, name in namings:
                cls = self.lex.role_class(name)
                context = line[max(0, line.lower().find(name.lower()) - 40): line.lower().find(name.lower())]
                if (together or collective.search(context)) and cls not in (None, "Partij") and munis:
                    # "Oostzaan en Wormerland hierna gezamenlijk te noemen: "opdrachtgevers"": the role of those named
                    self.group(cls, name, place).add_members(munis)
                elif together or collective.search(context) or (cls == "Partij" and not munis):
                    collective_names.append(name)
                elif cls is not None:
                    self.group(cls, name, place).add_members(munis)
                elif len(munis) == 1:  # a name of the draft's own ("hierna te noemen "Uitvoerder""): the party's
                    self.own_names.setdefault(munis[0], []).append(name.strip().lower())
            for m in itertools.chain(as_role.finditer(line), bracket_role.finditer(line)):
                words = m.group(1).split()
                for k in (2, 1):
                    cls = self.lex.role_class(" ".join(words[:k]))
                    if cls is not None and munis:
                        self.group(cls, " ".join(words[:k]), place).add_members(munis[:1])
                        break
        for name in collective_names:
            self.group("Partij", name, place).add_members(all_munis)

    # -- definitions --------------------------------------------------------------------------

    def read_definitions(self) -> None:
        d = self.lex.raw["definitions"]
        heading = re.compile("|".join(d["headings"]), re.IGNORECASE)
        opening = re.compile(d["opening"], re.IGNORECASE)
        entry = re.compile(d["entry"])
        for art in self.doc.articles:
            if not (art.heading and heading.search(art.heading)) and not any(
                    opening.search(p.text) for p in art.paragraphs):
                continue
            for par in art.paragraphs:
                units = [(it.label, it.text) for it in par.items] or [(None, par.text)]
                for label, text in units:
                    m = entry.match(text.split("\n")[0])
                    if not m:
                        continue
                    term, definition = m.group(1), m.group(2)
                    place = Place(art.number, par.label, label)
                    self.define(term, definition, place)

    def define(self, term: str, definition: str, place: Place) -> None:
        terms = [t for t in re.split(r"\s*/\s*", term) if t]
        cls = next((c for t in terms if (c := self.lex.role_class(t))), None)
        if cls is None:
            return
        munis = municipalities_in(definition, self.lex)
        for n in munis:
            self.muni(n, place)
        g = self.group(cls, terms[0], place)
        g.add_members(munis)
        # "de centrumgemeente en de deelnemende gemeenten gezamenlijk": through other roles
        for other in [] if munis else self.groups.values():
            if other is g:
                continue
            if any(has_phrase(definition, n, re.IGNORECASE)
                   for n in other.names):
                g.add_members(other.members)

    # -- designations in the articles -----------------------------------------------------------

    def read_designations(self) -> None:
        cues = [re.compile(p, re.IGNORECASE) for p in self.lex.raw["designations"]]
        nouns = sorted(self.lex.classes, key=len, reverse=True)
        role_after = re.compile(rf"\s*[{QUOTES}]?\s*(?:de\s+|het\s+)?[{QUOTES}]?(" + "|".join(re.escape(n) for n in nouns)
                                + r")(?![\wÀ-ÿ-])", re.IGNORECASE)
        for art in self.doc.articles:
            for par in art.paragraphs:
                for sentence in re.split(r"(?<=[.;])\s+", par.text):
                    for rx in cues:
                        m = rx.search(sentence)
                        if not m:
                            continue
                        r = role_after.match(sentence, m.end())
                        if not r:
                            continue
                        cls = self.lex.role_class(r.group(1))
                        if cls is None:
                            continue
                        before = sentence[: m.start()]
                        munis = municipalities_in(before, self.lex) or [
                            n for n in self.municipalities if has_phrase(before, n)]
                        if not munis:
                            for other in self.groups.values():
                                if other.role != cls and any(
                                        has_phrase(before, n, re.IGNORECASE)
                                        for n in other.names):
                                    munis = list(other.members)
                                    break
                        if munis:
                            self.group(cls, r.group(1), Place(art.number, par.label)).add_members(munis)

    def read_party_after(self) -> None:
        """ "De penvoerder is de gemeente Aalsmeer", "Als centrumgemeente treedt op de gemeente
        Zwolle": the role noun first, the municipalities after it (``designations_party_after``)."""
        nouns = "|".join(re.escape(n) for n in sorted(self.lex.classes, key=len, reverse=True))
        cues = [re.compile(p.replace("{role}", rf"({nouns})(?![\wÀ-ÿ-])"), re.IGNORECASE)
                for p in self.lex.raw.get("designations_party_after", [])]
        for art in self.doc.articles:
            for par in art.paragraphs:
                units = [it.text for it in par.items] or [par.text]
                for text in units:
                    for sentence in re.split(r"(?<=[.;])\s+", text):
                        for rx in cues:
                            m = rx.search(sentence)
                            if m is None:
                                continue
                            cls = self.lex.role_class(m.group(1))
                            munis = municipalities_in(sentence[m.end():], self.lex)
                            if munis and cls is not None and cls != "Partij":
                                self.group(cls, m.group(1), Place(art.number, par.label)).add_members(munis)

    def read_copula(self) -> None:
        """"... is iedere opdrachtgever verwerkingsverantwoordelijke en is opdrachtnemer verwerker",
        "Ieder college is verwerkingsverantwoordelijke": a role the draft gives no members otherwise
        is played by the party the copula names (``designations_copula`` of lexicon/roles.yaml)."""
        nouns = "|".join(re.escape(n) for n in sorted(self.lex.classes, key=len, reverse=True))
        cues = [re.compile(p.replace("{role}", nouns), re.IGNORECASE) for p in self.lex.raw.get("designations_copula", [])]
        every = [w.lower() for w in self.lex.raw.get("every_party", [])]
        negations = load_lexicon("deontic")["negations"]
        found: dict[str, tuple[str, list[str], Place]] = {}
        for art in self.doc.articles:
            for par in art.paragraphs:
                for sentence in re.split(r"(?<=[.;])\s+", par.text):
                    for rx in cues:
                        for m in rx.finditer(sentence):
                            cls = self.lex.role_class(m.group("role"))
                            if cls is None or cls == "Partij" or cls in found or any(g.role == cls and g.members for g in self.groups.values()):
                                continue
                            around = sentence[max(0, m.start() - 30):m.end()].casefold()
                            if any(has_phrase(around, w) for w in negations):
                                continue  # "Geen van partijen is verwerker", "is opdrachtnemer niet verwerker"
                            munis = self._party_text(m.group("party"), cls, every)
                            if munis:
                                found[cls] = (m.group("role"), munis, Place(art.number, par.label))
        for cls, (noun, munis, place) in found.items():
            self.group(cls, noun, place).add_members(munis)

    def _party_text(self, text: str, cls: str, every: list[str]) -> list[str]:
        """The municipalities a party text of a copula names: by name, by a role or party noun
        of another group with members, or every party ("ieder college")."""
        low = text.lower()
        if any(has_phrase(low, w) for w in every):
            return list(self.municipalities)
        munis = [n for n in self.municipalities if has_phrase(text, n)]
        if munis:
            return munis
        for g in self.groups.values():
            if g.role != cls and g.members and any(
                    has_phrase(low, n) for n in self._forms(g)):
                return list(g.members)
        return []

    def read_role_first(self) -> None:
        """ "is de verantwoordelijke ... het College van ... van de deelnemende gemeenten": a
        role the draft defines without members gets those of the party named after it."""
        cues = [re.compile(p, re.IGNORECASE) for p in self.lex.raw.get("designations_role_first", [])]
        for art in self.doc.articles:
            for par in art.paragraphs:
                for sentence in re.split(r"(?<=[.;])\s+", par.text):
                    for rx in cues:
                        for m in rx.finditer(sentence):
                            rest = sentence[m.end():]
                            hit = None
                            for g in self.groups.values():
                                if g.members:
                                    continue
                                r = next((r for n in self._forms(g) if (r := re.match(
                                    rf"de\s+{re.escape(n)}(?![\wÀ-ÿ-])", rest, re.IGNORECASE))), None)
                                if r is not None:
                                    hit = (g, r)
                                    break
                            if hit is None:
                                continue
                            g, r = hit
                            after = rest[r.end():]
                            munis = municipalities_in(after, self.lex)
                            if not munis:
                                for other in self.groups.values():
                                    if other is not g and other.members and any(
                                            has_phrase(after, n, re.IGNORECASE)
                                            for n in self._forms(other)):
                                        munis = list(other.members)
                                        break
                            g.add_members(munis)

    def _forms(self, g: _Group) -> list[str]:
        """The names of a group: its own and the lexicon's nouns of its role, longest first."""
        forms = self.lex.raw["roles"][g.role]
        return sorted({*g.names, *forms.get("singular", []), *forms.get("plural", [])}, key=len, reverse=True)

    def executing_bodies(self) -> list[str]:
        """The executing bodies (roles.yaml) the preamble or the definitions name."""
        nouns = self.lex.raw.get("executing_bodies", [])
        d = self.lex.raw["definitions"]
        heading = re.compile("|".join(d["headings"]), re.IGNORECASE)
        text = (self.doc.preamble or "") + "\n" + "\n".join(
            p.text for a in self.doc.articles if a.heading and heading.search(a.heading) for p in a.paragraphs)
        return [n for n in nouns if has_phrase(text, n, re.IGNORECASE)]

    # -- result ---------------------------------------------------------------------------------

    def result(self) -> list[DraftParty]:
        self.read_preamble()
        self.read_definitions()
        self.read_designations()
        self.read_party_after()
        self.read_role_first()
        self.read_copula()
        if self.municipalities and "Partij" not in self.groups:
            g = self.group("Partij", "partijen", Place("preamble"))
            g.add_members(list(self.municipalities))
            g.source = None
        parties: list[DraftParty] = []
        keys: set[str] = set()
        for name, place in self.municipalities.items():
            key = slug(name)
            keys.add(key)
            roles = [g.role for g in self.groups.values() if name in g.members]
            parties.append(DraftParty(
                key=key, name=f"de gemeente {name}", municipality=name, roles=roles,
                aliases=[name.lower(), f"gemeente {name.lower()}", *self.own_names.get(name, [])], source=place))
        for g in self.groups.values():
            key = slug(g.names[0]) if g.names else slug(g.role)
            while key in keys:
                key += "-rol"
            keys.add(key)
            forms = self.lex.raw["roles"][g.role]
            aliases = list(g.names)
            for noun in [*forms.get("plural", []), *forms.get("singular", [])]:
                if noun.lower() not in aliases and not (g.role == "Partij" and noun.lower() not in self.lex.plural):
                    aliases.append(noun.lower())
            if g.role == "Partij":
                for noun in sorted(self.lex.collectives):
                    if noun not in aliases:
                        aliases.append(noun)
            parties.append(DraftParty(
                key=key, name=g.names[0] if g.names else g.role.lower(), roles=[g.role], aliases=aliases,
                source=g.source, members=[slug(m) for m in g.members]))
        executor = next((g for role in EXEC_ROLES for g in self.groups.values() if g.role == role and g.members), None)
        if executor is not None:
            taken = {a for p in parties for a in p.aliases}
            for noun in self.executing_bodies():
                if noun in taken or slug(noun) in keys:
                    continue
                keys.add(slug(noun))
                parties.append(DraftParty(key=slug(noun), name=noun, aliases=[noun], source=Place("preamble"),
                                          members=[slug(m) for m in executor.members]))
        return parties


def default_agent(doc: Document, parties: list[DraftParty]) -> str | None:
    """The party the preamble names as the agent of a passive ("zullen persoonsgegevens worden
    verwerkt door het samenwerkingsverband"), if it is one of `parties`."""
    rx = re.compile(role_lexicon().raw.get("default_agent", r"(?!)"), re.IGNORECASE)
    for m in rx.finditer(re.sub(r"\s+", " ", doc.preamble or "")):
        word = m.group(1).lower()
        p = next((p for p in parties if word in p.aliases and (p.members or p.municipality)), None)
        if p is not None:
            return p.key
    return None


def find_parties(doc: Document) -> list[DraftParty]:
    """The parties and roles the draft defines (preamble, definitions, designations)."""
    return _Reader(doc).result()
