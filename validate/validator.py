"""The validator: a draft -> the graph of the corpus vocabulary -> SHACL -> findings.

``validate_draft(draft)`` parses a draft (see :mod:`.reader`), builds its graph with the same
builder as the corpus (document, articles, leden, items with their verbatim text, parties and
roles), adds what :mod:`.draft` recognises and what :mod:`.extract` extracts, and checks it
with the shapes of ``shapes/`` (the rule catalogue). A draft given as RDF is checked as it is.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.term import Node

from .. import sparql
from ..clauses.build import KIND_CLASS, ROLE_CLASS, GraphBuilder, bind_prefixes
from ..clauses.corpus import CorpusDocument, folders, municipalities, source_lines
from ..clauses.facts import ID_PATTERN, Division, DocumentFacts, Role, TextSpan
from ..clauses.iris import slug
from ..clauses.layout import Layout
from ..clauses.model import Article, Document
from ..clauses.parser import ParseError, StructureParser
from ..errors import UserError
from ..ontology.load import ontology_graph
from ..ontology.namespace import DVO
from ..store import from_ox
from .draft import Recognised, acts_table, is_dutch, lexicon, recognise
from .model import DraftDeadline, DraftParty, ExtractedNorm, Place
from .reader import Draft, DraftError

HERE = Path(__file__).parent
SHAPES = HERE / "shapes"
REGULATIONS = sparql.load("validate/queries/regulations.rq")
PARENT_KEYS = sparql.load("validate/queries/parent_keys.rq")
VOCABULARY = HERE / "vocabulary.ttl"
DVOV = Namespace("https://w3id.org/dvo-kb/def/validation#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DRAFT_PREFIX = "draft/"
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
UNIT = {"werkdag": DVO["unit-werkdag"], "kalenderdag": DVO["unit-kalenderdag"], "week": DVO["unit-week"],
        "maand": DVO["unit-maand"], "jaar": DVO["unit-jaar"]}
FREQ = {"maandelijks": DVO["freq-maandelijks"], "per-kwartaal": DVO["freq-per-kwartaal"],
        "jaarlijks": DVO["freq-jaarlijks"], "periodiek": DVO["freq-periodiek"]}
DEADLINE_CLASS = {"FixedDay": DVO.FixedDayDeadline, "Period": DVO.PeriodDeadline,
                  "Recurring": DVO.RecurringDeadline, "Vague": DVO.VagueDeadline}


# -- the catalogue ----------------------------------------------------------------------------
@cache
def shapes_graph() -> Graph:
    g = Graph()
    for f in sorted(SHAPES.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@cache
def _support_graph() -> Graph:
    """What the shapes need besides the draft: the class hierarchy of the ontology, the units'
    labels, and the validator's vocabulary (for the topic concepts)."""
    onto = ontology_graph()
    g = Graph()
    for t in onto.triples((None, RDFS.subClassOf, None)):
        if isinstance(t[2], URIRef):
            g.add(t)
    for u in UNIT.values():
        for lab in onto.objects(u, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")):
            g.add((u, RDFS.label, lab))
    g.parse(VOCABULARY, format="turtle")
    shared = GraphBuilder().shared_graph()
    for act in set(shared.subjects(DVO.repealedOn, None)) | set(shared.subjects(DVO.replaces, None)):
        for p in (DVO.title, DVO.shortTitle, DVO.repealedOn, DVO.replaces):
            for o in shared.objects(act, p):
                g.add((act, p, o))
    # the acts whose tasks process personal data (clauses/acts.yaml personal_data: PRIVACY-MISSING)
    why = {str(a["id"]): str(a["personal_data"]) for a in acts_table() if a.get("personal_data")}
    for act, act_id in shared.subject_objects(DVO.documentId):
        if str(act_id) in why:
            g.add((act, DVOV.tasksProcessPersonalData, Literal(why[str(act_id)], lang="nl")))
            for o in shared.objects(act, DVO.title):
                g.add((act, DVO.title, o))
    return g


@dataclass
class Rule:
    id: str
    shape: str
    severity: str
    applies_to: str
    message: dict[str, str]
    source: dict[str, str]
    see_also: str | None = None


def catalogue() -> list[Rule]:
    """The rules of the catalogue, one entry per shape, in the order of the file's ids."""
    g = shapes_graph()
    out = []
    for shape in sorted(set(g.subjects(RDF.type, DVOV.Rule)), key=str):
        holder = shape  # severity and message sit on the property shape where the rule is one
        if g.value(shape, SH.severity) is None:
            holder = next((p for p in g.objects(shape, SH.property) if g.value(p, SH.severity) is not None), shape)
        msgs = {o.language or "": str(o) for o in g.objects(holder, SH.message) if isinstance(o, Literal)}
        srcs = {o.language or "": str(o) for o in g.objects(shape, DVOV.ruleSource) if isinstance(o, Literal)}
        see = g.value(shape, RDFS.seeAlso)
        applies = g.value(shape, DVOV.appliesTo)
        out.append(Rule(str(g.value(shape, DVOV.ruleId)), str(shape).rsplit("/", 1)[-1],
                        SEVERITY[g.value(holder, SH.severity, default=SH.Violation)],  # type: ignore[index]
                        str(applies).rsplit("#", 1)[-1] if applies else "", msgs, srcs,
                        str(see) if see else None))
    return sorted(out, key=lambda r: (r.id, r.shape))


# -- results ----------------------------------------------------------------------------------
@dataclass
class Finding:
    rule: str
    severity: str
    article: str | None
    paragraph: str | None
    message: str
    message_en: str
    source: str
    shape: str
    node: str | None = None
    source_en: str = ""  # the rule's source in English (dvov:ruleSource@en)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "article": self.article, "paragraph": self.paragraph,
                "message": self.message, "message_en": self.message_en, "source": self.source,
                "source_en": self.source_en, "shape": self.shape, "node": self.node}


def summary(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity (violation, warning, info)."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}


@dataclass
class Result:
    name: str
    kind: str
    title: str
    parties: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    findings: list[Finding]
    norms: list[ExtractedNorm]
    report: Graph
    data: Graph
    seconds: dict[str, float] = field(default_factory=dict)
    iri: str | None = None

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "violation" for f in self.findings)

    def checked_clean(self) -> list[str]:
        """The ids of the catalogue's rules that apply to this kind of document (its class or a
        broader one, by the ontology's rdfs:subClassOf) and found nothing: what was checked and
        passed, so that a reader can tell a clean check from one that was not made."""
        from rdflib.namespace import RDFS

        from ..ontology.load import ontology_graph
        from ..ontology.namespace import DVO

        g = ontology_graph()
        kinds = {str(c).rsplit("#", 1)[-1] for c in g.transitive_objects(DVO[self.kind], RDFS.subClassOf)} \
            if self.kind else set()
        found = {f.rule for f in self.findings}
        return sorted({r.id for r in catalogue() if r.applies_to in kinds} - found)

    def as_json(self) -> dict[str, Any]:
        return {
            "document": {"kind": self.kind, "title": self.title, "iri": self.iri, "parties": self.parties,
                         "articles": self.articles},
            "conforms": self.conforms,
            "summary": summary(self.findings),
            "findings": [f.as_dict() for f in self.findings],
            "checked_clean": self.checked_clean(),  # the rules that apply and found nothing
            "norms": [n.as_dict() for n in self.norms],
        }

    def turtle(self) -> str:
        return self.report.serialize(format="turtle")


# -- the draft as a graph ---------------------------------------------------------------------
@cache
def _builder_template() -> GraphBuilder:
    return GraphBuilder()


def _builder() -> GraphBuilder:
    """A graph builder without reading clauses/acts.yaml again (a quarter of a second per
    draft): a copy of one made once, whose tables are only read (DraftGraph sets its own parties)."""
    return copy.copy(_builder_template())


def _lid_gaps(a: Article) -> list[tuple[str, str]]:
    """Where the numbering of an article's leden skips (4.1, 4.2, 4.4), as (the lid before, the lid
    after). The structure parser takes only the next number as a new lid, so a lid whose number is
    skipped stays in the text of the lid before it ("... productenlijst. 4.4 Sittard-Geleen laat
    ..."): it is found there too, as a number of this article's own form after a sentence's end."""
    out: list[tuple[str, str]] = []
    last: tuple[str, int] | None = None
    for p in a.paragraphs:
        mm = re.search(r"(\d+)$", p.label or "")
        if mm is None:
            last = None
            continue
        n = int(mm.group(1))
        if last is not None and n > last[1] + 1:
            out.append((last[0], str(p.label)))
        last = (str(p.label), n)
        prefix = str(p.label)[: -len(mm.group(1))]  # "4." of "4.2", "" of "2"
        for inner in re.finditer(rf"[.;:]\s+{re.escape(prefix)}(\d+)\.?\s+(?=[A-Z])", p.text):
            k = int(inner.group(1))
            if last[1] + 1 < k <= last[1] + 5:  # (not a year or an amount that ends a sentence)
                out.append((last[0], f"{prefix}{k}"))
                last = (f"{prefix}{k}", k)
    return out


class DraftGraph:
    """Builds the graph of one draft with the corpus builder and adds the recognised facts."""

    def __init__(self, name: str, doc: Document, rec: Recognised, parties: list[DraftParty],
                 norms: list[ExtractedNorm], on: dt.date, kb: Any = None) -> None:
        self.name, self.doc, self.rec, self.parties, self.norms, self.on = name, doc, rec, parties, norms, on
        self.kb = kb  # the knowledge base the parent regulation is read from (None: the document folders)
        self.builder = _builder()
        self.m = self.builder.m
        self.articles: dict[str, Article] = {}  # by number, the first of a number (as Document.article)
        for a in doc.articles:
            self.articles.setdefault(a.number, a)
        self.norm_nodes: dict[URIRef, ExtractedNorm] = {}  # each extracted norm by its node (filled by build)
        self.corpus_parties = municipalities()
        self.known = dict(self.corpus_parties)
        self.party_ids: dict[str, str] = {}
        for p in parties:
            if p.municipality:
                pid = slug(p.municipality)
                self.known.setdefault(pid, p.municipality)
            else:
                pid = f"{slug(doc.id)}-{p.key}"
                self.known.setdefault(pid, p.name)
            self.party_ids[p.key] = pid

    def place_iri(self, place: Place) -> URIRef:
        if place.article == "preamble":
            return self.m.preamble(self.doc.id)
        if place.article == "closing":
            return self.m.signatures(self.doc.id)
        art = self.articles.get(place.article)
        if art is None:
            return self.m.document(self.doc.id)
        if place.paragraph is None and len(art.paragraphs) == 1:
            par = art.paragraphs[0]
        else:
            par = next((p for p in art.paragraphs if p.label == place.paragraph), None)  # type: ignore[assignment]
        if par is None:
            return self.m.article(self.doc.id, art.number)
        p = self.m.paragraph(self.doc.id, art.number, par.label)
        if place.item:
            it = next((i for i in par.items if i.label == place.item), None)
            if it is not None:
                return self.m.item(p, it.label, it.position)
        return p

    def build(self) -> Graph:
        doc, rec = self.doc, self.rec
        roles = []
        for p in self.parties:
            src: Any = "preamble"
            if p.source and p.source.article not in ("preamble", "closing") and p.source.article in self.articles:
                art = self.articles[p.source.article]
                lid = None
                if art and p.source.paragraph and any(x.label == p.source.paragraph for x in art.paragraphs):
                    lid = p.source.paragraph
                src = Division(article=p.source.article, lid=lid)
            for r in p.roles if p.municipality else []:
                if r in ROLE_CLASS:
                    roles.append(Role.model_validate({"role": r, "party": self.party_ids[p.key], "name": p.name,
                                                      "source": src}))
        party_ids = sorted({self.party_ids[p.key] for p in self.parties if p.municipality})
        facts = DocumentFacts.model_validate({
            "id": doc.id if re.fullmatch(ID_PATTERN, doc.id) else "draft", "text": TextSpan(file="draft.txt"),
            "kind": rec.kind if rec.kind in KIND_CLASS else "Agreement", "title": rec.title,
            "parties": {pid: self.known[pid] for pid in party_ids}, "roles": roles})
        self.builder.parties = self.known
        g = self.builder.document_graph(CorpusDocument(doc.id, facts, doc), norms=Graph())
        g.remove((None, DVO.inCorpus, None))
        d = self.m.document(doc.id)
        for pid, name in self.known.items():
            if pid not in self.corpus_parties:
                g.add((self.m.party(pid), RDFS.label, Literal(name, lang="nl")))
        self._facts(g, d)
        self._norms(g)
        self._parent(g, d)
        return g

    # the recognised facts
    def _facts(self, g: Graph, d: URIRef) -> None:
        rec = self.rec
        g.add((d, DVOV.referenceDate, Literal(self.on.isoformat(), datatype=XSD.date)))
        g.add((d, DVOV.regulation, Literal(rec.regulation)))
        if rec.citation_title:
            g.add((d, DVO.citationTitle, Literal(rec.citation_title[0], lang="nl")))
        title = rec.citation_title[0] if rec.citation_title else rec.title
        for y in re.findall(r"\b(19\d\d|20\d\d)\b", title):
            g.add((d, DVOV.citationYear, Literal(int(y))))
        # the dates of entry into force and of the end the text states, each where it states it
        for mentions, prop, name in ((rec.in_force, DVOV.statedInForce, "in-force"), (rec.ends, DVOV.statedEnd, "end")):
            for k, st in enumerate(mentions, 1):
                if st.date is None:
                    continue
                node = URIRef(f"{d}/check/{name}/{k}")
                g.add((d, prop, node))
                g.add((node, RDF.type, DVOV.DateStatement))
                g.add((node, DVOV.date, Literal(st.date.isoformat(), datatype=XSD.date)))
                g.add((node, DVOV.inDivision, self.place_iri(st.place)))
                g.add((node, RDFS.label, Literal(st.text, lang="nl")))
        if rec.lists_parties:
            g.add((d, DVOV.listsParties, Literal(True)))
        for k, (place, words) in enumerate(rec.impossible_dates, 1):
            node = URIRef(f"{d}/check/impossible-date/{k}")
            g.add((d, DVOV.statesImpossibleDate, node))
            g.add((node, RDF.type, DVOV.DateStatement))
            g.add((node, DVOV.inDivision, self.place_iri(place)))
            g.add((node, RDFS.label, Literal(words, lang="nl")))
        if rec.retroactive:
            g.add((d, DVOV.statesRetroactiveEffect, self.place_iri(rec.retroactive)))
        for place, text in rec.placeholders:
            g.add((self.place_iri(place), DVOV.placeholder, Literal(text)))
        for place, text in rec.signing_blanks:
            g.add((self.place_iri(place), DVOV.signingBlank, Literal(text)))
        for place, text in rec.unitless_terms:
            g.add((self.place_iri(place), DVOV.unitlessTerm, Literal(text)))
        self._numbering(g, d)
        self._references_and_topics(g, d)
        self._keys_and_signatures(g, d)

    def _numbering(self, g: Graph, d: URIRef) -> None:
        """The article headings as printed, and the last article of each main number."""
        rec = self.rec
        for k, h in enumerate(rec.headings, 1):
            node = URIRef(f"{d}/check/heading/{k}")
            g.add((d, DVOV.articleHeading, node))
            g.add((node, RDF.type, DVOV.ArticleHeading))
            g.add((node, DVO.number, Literal(h.number)))
            g.add((node, DVOV.line, Literal(h.line)))
            g.add((node, DVOV.parsed, Literal(h.parsed)))
            g.add((node, RDFS.label, Literal(h.text, lang="nl")))
        last: dict[int, str] = {}  # the last article of each main number ("16.2" of 16.1, 16.2)
        for a in self.doc.articles:
            mm = re.match(r"\d+", a.number)
            if mm:
                last[int(mm.group(0))] = a.number
        for main_number, number in last.items():
            g.add((self.m.article(self.doc.id, number), DVOV.lastOfNumber, Literal(main_number)))
        for a in self.doc.articles:  # leden numbered 4.1, 4.2, 4.4: the lid between is missing
            art = self.m.article(self.doc.id, a.number)
            for before, after in _lid_gaps(a):
                gap = URIRef(f"{art}/check/lid-gap/{after}")
                g.add((art, DVOV.lidGap, gap))
                g.add((gap, DVOV.lidBefore, Literal(before)))
                g.add((gap, DVOV.lidAfter, Literal(after)))

    def _references_and_topics(self, g: Graph, d: URIRef) -> None:
        rec = self.rec
        numbers = {a.number for a in self.doc.articles}
        for k, r in enumerate(rec.article_refs, 1):
            number, lid = r.target, r.lid
            if number not in numbers and "." in number and number.split(".")[0] in numbers:
                number, lid = number.split(".")[0], number  # "artikel 2.3": lid 2.3 of article 2
            node = URIRef(f"{d}/check/xref/{k}")
            g.add((self.place_iri(r.place), DVOV.articleReference, node))
            g.add((node, RDF.type, DVOV.ArticleReference))
            g.add((node, DVOV.targetNumber, Literal(number)))
            if lid:
                g.add((node, DVOV.targetLid, Literal(lid)))
            g.add((node, RDFS.label, Literal(r.text, lang="nl")))
        for r in rec.act_refs:
            div = self.place_iri(r.place)
            g.add((div, DVO.refersTo, self.m.document(r.target)))
        for topic, places in rec.topics.items():
            concept = _concept(lexicon()["topics"][topic]["concept"])
            for number in places:
                if number == "preamble":
                    g.add((d, DVO.topic, concept))
                else:
                    g.add((self.m.article(self.doc.id, number), DVO.topic, concept))

    def _keys_and_signatures(self, g: Graph, d: URIRef) -> None:
        """Cost-sharing keys with their shares, notice periods, signatures."""
        rec = self.rec
        for k, key in enumerate(rec.cost_keys, 1):
            div = self.place_iri(key.place)
            node = URIRef(f"{div}/check/key/{k}")
            g.add((node, RDF.type, DVO.CostSharingKey))
            g.add((node, PROV.wasDerivedFrom, div))
            for name, pct in key.shares:
                s = URIRef(f"{node}/share/{slug(name)}")
                g.add((node, DVO.hasShare, s))
                g.add((s, RDF.type, DVO.CostShare))
                g.add((s, DVO.shareParty, self._party_by_name(g, name)))
                g.add((s, DVO.sharePercentage, Literal(Decimal(str(pct)))))
            for name, pct in key.others:  # a share of someone who is no party: said, and left out of the sum
                o = URIRef(f"{node}/other/{slug(name)}")
                g.add((node, DVOV.shareOfNonParty, o))
                g.add((o, RDFS.label, Literal(name, lang="nl")))
                g.add((o, DVO.sharePercentage, Literal(Decimal(str(pct)))))
        for k, n in enumerate(rec.notice_periods, 1):
            div = self.place_iri(n.place)
            node = URIRef(f"{div}/check/notice/{k}")
            g.add((div, DVOV.noticePeriod, node))
            g.add((node, DVO.count, Literal(n.count)))
            g.add((node, DVO.unit, UNIT[n.unit]))
            g.add((node, RDFS.label, Literal(n.text, lang="nl")))
        for sig in rec.signatures:
            party = self._party_by_name(g, sig.party)
            node = URIRef(f"{d}/check/signature/{slug(sig.party)}")
            g.add((d, DVO.hasSignature, node))
            g.add((node, RDF.type, DVO.Signature))
            g.add((node, DVO.signatory, party))
            g.add((node, RDFS.label, Literal(f"Gemeente {sig.party}", lang="nl")))
            g.add((node, PROV.wasDerivedFrom, self.place_iri(sig.place)))
            if sig.signed_on and sig.signed_on.date:
                g.add((node, DVO.signedOn, Literal(sig.signed_on.date.isoformat(), datatype=XSD.date)))
            if sig.decision_on and sig.decision_on.date:
                g.add((node, DVO.decisionDate, Literal(sig.decision_on.date.isoformat(), datatype=XSD.date)))

    def _party_by_name(self, g: Graph, name: str) -> URIRef:
        pid = slug(name)
        iri = self.m.party(pid)
        if pid not in self.corpus_parties:
            g.add((iri, RDFS.label, Literal(f"gemeente {name}", lang="nl")))
        return iri

    def _resolve(self, key: str | None, text: str | None, keys: list[str] | None = None,
                 variable: bool = False) -> tuple[list[str], bool]:
        """The parties' keys a bearer (or counterparty) denotes, and whether it is a variable role
        ("de partij die ...", "de andere partij"). The extractor's key where it found one; else
        the words, split at "en", ",", "evenals", each matched to a party's names or a role."""
        if variable and text:
            # the extractor reads "de partij die ...", but also a role the draft never defines, as
            # variable; the latter is a bearer the draft does not know
            words = " ".join(text.lower().split())
            if re.search(lexicon()["variable_bearer"], words) or any(
                    re.search(rf"\b{re.escape(a)}\b", words) for p in self.parties for a in [*p.aliases, p.key]):
                return [], True
            return [], False
        if variable:
            return [], True
        if keys:
            return list(keys), False
        if key is not None:
            return [key], False
        if not text:
            return [], False
        lx = lexicon()
        words = " ".join(text.lower().split())
        if re.search(lx["variable_bearer"], words):
            return [], True
        names: dict[str, str] = {}
        for p in self.parties:
            for n in [p.name.lower(), p.key, *(a.lower() for a in p.aliases)]:
                names[re.sub(r"^(?:de|het|een)\s+", "", n)] = p.key
            if p.municipality:
                names[p.municipality.lower()] = p.key
        found: list[str] = []
        for part in re.split(lx["bearer_split"], words):
            part = re.sub(r"^(?:de|het|een)\s+", "", part.strip(" .,;:"))
            part = re.sub(r"^(?:gemeenten?|colleges?(?: van burgemeester en wethouders)?(?: van)?)\s+", "", part)
            if not part:
                continue
            k = names.get(part)
            if k is None:
                return [], False
            found.append(k)
        return found, False

    def _bearer(self, g: Graph, norm: URIRef, key: str | None, text: str | None, party_p: URIRef, role_p: URIRef,
                text_p: URIRef, keys: list[str] | None = None, variable: bool = False, other: bool = False) -> None:
        """``other``: a municipality the draft names that is no party ("de gemeente Maasgouw"): its
        words, and neither a party nor a role (NORM-BEARER-UNKNOWN says so)."""
        if text:
            g.add((norm, text_p, Literal(text, lang="nl")))
        if other and not keys and key is None:
            return
        keys, variable = self._resolve(key, text, keys, variable)
        if variable:
            var = URIRef(f"{self.m.document(self.doc.id)}/role/var/{slug(text or 'partij')}")
            g.add((var, RDF.type, DVO.VariableRole))
            g.add((var, DVO.nameInText, Literal(text or "", lang="nl")))
            g.add((var, DVO.roleIn, self.m.document(self.doc.id)))
            g.add((norm, role_p, var))
            return
        for k in keys:
            party = next((p for p in self.parties if p.key == k), None)
            if party is None:
                continue
            by_key = {p.key: p for p in self.parties}
            holders = [party] if party.municipality else [by_key[k] for k in party.members if k in by_key]
            for h in holders:
                pid = self.party_ids[h.key]
                g.add((norm, party_p, self.m.party(pid)))
                for r in party.roles:
                    if r in ROLE_CLASS and r in h.roles and h.municipality:
                        g.add((norm, role_p, self.m.role(self.doc.id, r, pid)))
            if not holders:  # a role the draft defines but gives to no party it names
                var = URIRef(f"{self.m.document(self.doc.id)}/role/var/{party.key}")
                g.add((var, RDF.type, DVO.VariableRole))
                g.add((var, DVO.nameInText, Literal(party.name, lang="nl")))
                g.add((norm, role_p, var))

    def _norms(self, g: Graph) -> None:
        counts: dict[URIRef, int] = {}
        for n in self.norms:
            src = self.place_iri(n.place)
            counts[src] = counts.get(src, 0) + 1
            node = URIRef(f"{src}/norm/{counts[src]}")
            self.norm_nodes[node] = n
            g.add((node, RDF.type, DVO[n.kind]))
            g.add((node, DVO.source, src))
            g.add((node, DVOV.extracted, Literal(True)))
            g.add((node, DVOV.cue, Literal(n.cue, lang="nl")))
            self._bearer(g, node, n.bearer, n.bearer_text, DVO.bearer, DVO.bearerRole, DVO.bearerText,
                         n.bearers, n.variable, n.non_party)
            self._bearer(g, node, n.counterparty, n.counterparty_text, DVO.counterparty, DVO.counterpartyRole,
                         DVO.counterpartyText)
            if n.deadline:
                g.add((node, DVO.deadline, _deadline(g, node, n.deadline)))
            if n.survives:  # a sentence of the draft keeps it in force after the end (extract.survival)
                g.add((node, DVO.survivesTermination, Literal(True)))

    # the regulation the draft is based on, when it is in the knowledge base
    def _parent(self, g: Graph, d: URIRef) -> None:
        if self.rec.regulation or not self.doc.preamble:
            return
        preamble = " ".join(self.doc.preamble.split())
        cue = re.compile(lexicon()["based_on"], re.IGNORECASE)
        for pid, title, citation in _regulations(self.kb):
            for name in _names(title, citation):
                i = preamble.lower().find(name.lower())
                if i >= 0 and cue.search(preamble[max(0, i - 300): i]):
                    parent = self.m.document(pid)
                    g.add((d, DVO.basedOn, parent))
                    g.add((parent, DVO.title, Literal(title, lang="nl")))
                    g += _parent_facts(pid, self.kb)
                    return


def _regulations(kb: Any) -> list[tuple[str, str, str | None]]:
    """The regulations a draft may be based on: (id, title, citation title), read from the
    knowledge base when there is one, else from the document folders."""
    if kb is not None:
        return [(r["id"], r["title"], r["citation"]) for r in kb.select(REGULATIONS)]
    return [(pid, f.facts.title, f.facts.citation_title.text if f.facts.citation_title else None)
            for pid, f in folders().items() if f.facts.kind in ("Centrumregeling", "GemeenschappelijkeRegeling")]


def _names(title: str, citation: str | None) -> list[str]:
    """The names that identify a regulation in another text: its title, its citation title,
    and its title without the kind word in front ("Participatiebedrijf Westelijke Mijnstreek 2018")."""
    out = [title]
    if citation:
        out.append(citation)
    words = title.split()
    if len(words) >= 4:
        out.append(" ".join(words[1:]))
    return out


@cache
def _parent_facts(doc_id: str, kb: Any = None) -> Graph:
    """The parent's cost-sharing keys (curated: from the knowledge base when one is given, else
    built from its folder) and notice periods (recognised in its text by the same patterns as
    the draft's)."""
    from ..clauses.corpus import parse_document

    g = Graph()
    builder = _builder()
    m = builder.m
    cd = parse_document(doc_id)
    if kb is not None:
        for t in kb.construct(PARENT_KEYS, {"doc": ox.NamedNode(str(m.document(doc_id)))}):
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    else:
        g += _keys_of(builder, cd, doc_id)
    _notice_periods(g, cd, doc_id)
    return g


def _keys_of(builder: GraphBuilder, cd: CorpusDocument, doc_id: str) -> Graph:
    g = Graph()
    m = builder.m
    part = builder.document_graph(cd)
    for key in part.subjects(RDF.type, DVO.CostSharingKey):
        g.add((key, RDF.type, DVO.CostSharingKey))
        for div in part.objects(key, PROV.wasDerivedFrom):
            g.add((key, PROV.wasDerivedFrom, div))
            g.add((div, DVO.inDocument, m.document(doc_id)))
        for period in part.objects(key, DVO.sharePeriodText):  # the period the key is for, where named
            g.add((key, DVO.sharePeriodText, period))
        for s in part.objects(key, DVO.hasShare):
            g.add((key, DVO.hasShare, s))
            for p, o in part.predicate_objects(s):
                g.add((s, p, o))
    for s, p, o in builder.shared_graph().triples((None, RDFS.label, None)):
        g.add((s, p, o))
    return g


def _notice_periods(g: Graph, cd: CorpusDocument, doc_id: str) -> None:
    m = _builder().m
    rec = recognise(cd.doc, corpus_draft(doc_id).lines)
    for k, n in enumerate(rec.notice_periods, 1):
        art = cd.doc.article(n.place.article)
        div = m.paragraph(doc_id, n.place.article, n.place.paragraph) if art else m.document(doc_id)
        node = URIRef(f"{div}/check/notice/{k}")
        g.add((div, DVO.inDocument, m.document(doc_id)))
        g.add((div, DVOV.noticePeriod, node))
        g.add((node, DVO.count, Literal(n.count)))
        g.add((node, DVO.unit, UNIT[n.unit]))


def _concept(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return DVO[local] if prefix == "dvo" else DVOV[local]


def _deadline(g: Graph, norm: URIRef, dl: DraftDeadline) -> URIRef:
    node = URIRef(f"{norm}/deadline")
    g.add((node, RDF.type, DEADLINE_CLASS[dl.kind]))
    g.add((node, DVO.deadlineText, Literal(dl.text, lang="nl")))
    if dl.unmeasurable:
        g.add((node, DVOV.unmeasurable, Literal(True)))
    if dl.month is not None:
        g.add((node, DVO.month, Literal(dl.month)))
    if dl.day is not None:
        g.add((node, DVO.day, Literal(dl.day)))
    if dl.inclusive is not None:
        g.add((node, DVO.inclusive, Literal(dl.inclusive)))
    if dl.count is not None:
        g.add((node, DVO.count, Literal(dl.count)))
    if dl.unit in UNIT:
        g.add((node, DVO.unit, UNIT[dl.unit]))
    if dl.ordinal is not None:
        g.add((node, DVO.ordinal, Literal(dl.ordinal)))
    if dl.before_anchor:
        g.add((node, DVO.beforeAnchor, Literal(True)))
    if dl.frequency in FREQ:
        g.add((node, DVO.frequency, FREQ[dl.frequency]))
    if dl.minimum_per_year is not None:
        g.add((node, DVO.minimumPerYear, Literal(dl.minimum_per_year)))
    return node


# -- the pipeline -----------------------------------------------------------------------------
def _extract(doc: Document) -> tuple[list[DraftParty], list[ExtractedNorm]]:
    from .extract import extract

    return extract(doc)


def parse_draft(draft: Draft) -> Document:
    if not is_dutch(draft.lines):
        raise DraftError(f"{draft.name}: this does not look like a Dutch agreement (too few Dutch words)")
    doc_id = DRAFT_PREFIX + (slug(Path(draft.name).stem) or "concept")
    try:
        return StructureParser(Layout()).parse_lines(doc_id, draft.name, draft.lines)
    except ParseError as exc:
        raise DraftError(f"{exc} (is this a Dutch agreement with numbered articles?)") from exc


def validate_draft(draft: Draft, on: dt.date | None = None, kb: Any = None) -> Result:
    """Validates a draft as read by :func:`.reader.read_draft` / :func:`.reader.read_bytes`;
    ``kb``: the knowledge base its parent regulation is read from (default: the document folders)."""
    on = on or dt.date.today()
    t0 = time.perf_counter()
    if draft.kind == "rdf":
        assert draft.graph is not None
        return _validate_graph(draft, on)
    doc = parse_draft(draft)
    t1 = time.perf_counter()
    rec = recognise(doc, draft.lines)
    parties, norms = _extract(doc)
    t2 = time.perf_counter()
    data = DraftGraph(draft.name, doc, rec, parties, norms, on, kb).build()
    t3 = time.perf_counter()
    report, findings = check(data)
    t4 = time.perf_counter()
    d = _builder().m.document(doc.id)
    return Result(
        name=draft.name, kind=rec.kind, title=rec.title,
        parties=[{"key": p.key, "name": p.name, "municipality": p.municipality, "roles": p.roles} for p in parties],
        articles=[{"number": a.number, "heading": a.heading, "paragraphs": len(a.paragraphs)} for a in doc.articles],
        findings=findings, norms=norms, report=report, data=data, iri=str(d),
        seconds={"parse": t1 - t0, "extract": t2 - t1, "graph": t3 - t2, "shacl": t4 - t3})


def _validate_graph(draft: Draft, on: dt.date) -> Result:
    g = draft.graph
    assert g is not None
    docs = [d for d in g.subjects(RDF.type, None) if (d, DVO.hasArticle, None) in g]
    if not docs:
        raise DraftError(f"{draft.name}: the graph has no document with articles (dvo:hasArticle)")
    d = docs[0]
    if (d, DVOV.referenceDate, None) not in g:
        g.add((d, DVOV.referenceDate, Literal(on.isoformat(), datatype=XSD.date)))
    report, findings = check(g)
    kind = next((str(c).rsplit("#", 1)[-1] for c in g.objects(d, RDF.type) if str(c).startswith(str(DVO))), "Agreement")
    arts = sorted(g.objects(d, DVO.hasArticle), key=lambda a: int(g.value(a, DVO.position) or 0))  # type: ignore[arg-type]
    return Result(name=draft.name, kind=kind, title=str(g.value(d, DVO.title) or ""), parties=[],
                  articles=[{"number": str(g.value(a, DVO.number)), "heading": str(g.value(a, DVO.heading) or "") or None}
                            for a in arts],
                  findings=findings, norms=[], report=report, data=g, iri=str(d))


@cache
def _data_graph_class() -> type:
    from pyshacl.graph_abstraction import OxigraphDataGraph
    from rdflib import Variable
    from rdflib.namespace import NamespaceManager

    class FullNames(NamespaceManager):
        """Names in pySHACL's text report (which the validator does not use) written in full.
        rdflib's own put every namespace it is asked about in a trie, and each insertion
        compares the new namespace with the ones before it: every lid of a result is a
        namespace (.../art/17/lid/), so results squared."""

        def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 (rdflib's names)
            return f"?{rdfTerm}" if isinstance(rdfTerm, Variable) else f"<{rdfTerm}>"

    class DraftDataGraph(OxigraphDataGraph):  # type: ignore[misc]
        """pySHACL's view of the pyoxigraph store. For every result it reports, pySHACL writes
        ``data_graph or shapes_graph``, and the truth of a graph is its length: on a store a
        COUNT of all its triples, so that each result cost as much as the whole draft (results
        times triples: quadratic in the number of articles). A draft's graph is never empty.
        It writes each result's nodes for its text report too, with the names above."""

        def __init__(self, store: ox.Store) -> None:
            super().__init__(store)
            self._namespace_manager = FullNames(self._default_graph, bind_namespaces="core")

        def __bool__(self) -> bool:
            return True

    _linear_sparql_results()
    return DraftDataGraph


def _linear_sparql_results() -> None:
    """pySHACL drops a SPARQL constraint's duplicate rows by looking each row up in the list of
    the rows before it: results squared per check (a second at 1000 findings of one check,
    four at the 2000 articles a draft may have). Its component for sh:sparql is replaced, in
    pySHACL's table of components, by a subclass that keeps the rows seen in a set: the same
    rows in the same order. Done once, on first use; it changes nothing but the time for any
    other user of pySHACL in the process."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    if CONSTRAINT_PARAMETERS_MAP.get(SH.sparql) is not SPARQLBasedConstraint:
        return  # already replaced, or a pySHACL whose table this does not know

    class LinearSPARQLBasedConstraint(SPARQLBasedConstraint):  # type: ignore[misc]
        def _validate_sparql_query(self, query: str, init_binds: Any, target_graph: Any) -> list[Any]:
            return sparql_violations(target_graph.query(query, initBindings=init_binds))

    CONSTRAINT_PARAMETERS_MAP[SH.sparql] = LinearSPARQLBasedConstraint


def sparql_violations(results: Any) -> list[Any]:
    """The violations of a SPARQL constraint from its result rows, as pySHACL 0.40's
    SPARQLBasedConstraint._validate_sparql_query makes them (one for a row with ?failure;
    (this, path, value, other variables) for a row that binds one of the first three, each
    once), with the rows seen kept in a set instead of found again in the list."""
    if not results or len(results.bindings) < 1:
        return []
    violations: list[Any] = []
    seen: set[Any] = set()
    for r in results:
        var_dict = r.asdict()
        if var_dict.pop("failure", None) is not None:
            if True not in seen:
                violations.append((True, var_dict))
                seen.add(True)
            continue
        p, v, t = var_dict.pop("path", None), var_dict.pop("value", None), var_dict.pop("this", None)
        if p is None and v is None and t is None:
            continue
        key = (t, p, v, frozenset(var_dict.items()))
        if key not in seen:
            seen.add(key)
            violations.append((t, p, v, var_dict))
    return violations


def derived_facts(g: Graph) -> Graph:
    """Facts for the shapes that SPARQL could only find by comparing every article with every
    other, derived here in one pass and a sort: on every article with ``dvov:lastOfNumber``,
    ``dvov:nextNumber``, the next larger main number of an article of the same document
    (NUMBERING-GAP then compares two numbers per article). For a text draft and for a draft
    given as RDF alike; a ``dvov:nextNumber`` in the draft itself is not used (see check)."""
    out = Graph()
    for d in set(g.subjects(DVO.hasArticle, None)):
        last = [(a, i.value) for a in g.objects(d, DVO.hasArticle) for i in g.objects(a, DVOV.lastOfNumber)
                if isinstance(i, Literal) and isinstance(i.value, int) and not isinstance(i.value, bool)]
        numbers = sorted({i for _, i in last})
        for a, i in last:
            k = bisect.bisect_right(numbers, i)
            if k < len(numbers):
                out.add((a, DVOV.nextNumber, Literal(numbers[k])))
    return out


def check(data: Graph, engine: str = "pyshacl") -> tuple[Graph, list[Finding]]:
    """Checks a draft's graph with the catalogue. pySHACL validates directly on a pyoxigraph
    store (its SPARQL constraints then run in Oxigraph, several times faster than on rdflib).
    A check costs time in proportion to the number of articles: the catalogue's queries start
    from the focus node and compute what they need of the whole document once, in sub-selects
    (see the head of shapes/catalogue.ttl); what SPARQL cannot do so is derived beforehand
    (:func:`derived_facts`); and pySHACL is kept from its own costs per result
    (:func:`_data_graph_class`)."""
    if (None, DVOV.nextNumber, None) in data:  # derived below, never taken from the draft
        data = _without(data, DVOV.nextNumber)
    derived = derived_facts(data)
    support = _support_graph()
    if engine == "pyshacl-turbo":
        import pyshacl_turbo

        full = Graph()
        for part in (data, support, derived):
            full += part
        _conforms, report, _text = pyshacl_turbo.validate(full, shacl_graph=shapes_graph(), inference="none",
                                                          advanced=True, allow_warnings=True)
    else:
        from pyshacl import validate as shacl_validate  # imported when first needed: the service starts sooner

        # the three graphs straight into the store, without a merged copy in rdflib first; in
        # place: the store is this call's own, and the catalogue has no rules that add to it
        # (else pySHACL copies it, and the copy is a plain store again)
        ox_store = ox.Store()
        for nt in (data.serialize(format="nt", encoding="utf-8"), _support_nt(),
                   derived.serialize(format="nt", encoding="utf-8")):
            ox_store.bulk_load(nt, ox.RdfFormat.N_TRIPLES)
        store: Any = _data_graph_class()(ox_store)
        _conforms, report, _text = shacl_validate(store, shacl_graph=shapes_graph(), inference="none",
                                                  advanced=True, allow_warnings=True, inplace=True)
    bind_prefixes(report)
    return report, findings_of(report, ReadOnlyGraphAggregate([data, support, derived]))


@cache
def _support_nt() -> bytes:
    return _support_graph().serialize(format="nt", encoding="utf-8")


def _without(g: Graph, p: URIRef) -> Graph:
    out = Graph()
    out += g
    out.remove((None, p, None))
    return out


def findings_of(report: Graph, data: Graph) -> list[Finding]:
    shapes = shapes_graph()
    out: list[Finding] = []
    seen: set[tuple[str, ...]] = set()
    for res in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(res, SH.sourceShape)
        # a property shape's results name the property shape; its node shape holds the rule
        rule_shape = shape
        if shape is not None and (None, SH.property, shape) in shapes:
            rule_shape = shapes.value(None, SH.property, shape)
        rule = shapes.value(rule_shape, DVOV.ruleId)
        if rule is None:
            continue
        msgs = _languages(report, res, shapes, shape) if shape is not None else {}
        if msgs and all(lang for lang in msgs):  # the report's own messages with their tags again (its Turtle)
            for m in list(report.objects(res, SH.resultMessage)):
                if isinstance(m, Literal) and not m.language:
                    report.remove((res, SH.resultMessage, m))
            for lang, text in msgs.items():
                report.add((res, SH.resultMessage, Literal(text, lang=lang)))
        if not msgs:
            msgs = {m.language: str(m) for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        src = {s.language: str(s) for s in shapes.objects(rule_shape, DVOV.ruleSource) if isinstance(s, Literal)}
        focus, value = report.value(res, SH.focusNode), report.value(res, SH.value)
        article, paragraph = _place(data, value) if _is_division(data, value) else _place(data, focus)
        f = Finding(rule=str(rule), severity=SEVERITY[report.value(res, SH.resultSeverity)],  # type: ignore[index]
                    article=article, paragraph=paragraph, message=msgs.get("nl") or next(iter(msgs.values()), ""),
                    message_en=msgs.get("en") or "", source=src.get("nl") or "",
                    shape=str(rule_shape).rsplit("/", 1)[-1], node=str(value if _is_division(data, value) else focus),
                    source_en=src.get("en") or src.get("nl") or "")
        key = (f.rule, f.shape, f.article or "", f.paragraph or "", f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return sorted(out, key=lambda f: (SEVERITY_ORDER[f.severity], _art_key(f.article), f.paragraph or "", f.rule, f.message, f.node or ""))


def _languages(report: Graph, res: Node, shapes: Graph, shape: Node) -> dict[str | None, str]:
    """The result's messages by language. pySHACL drops the language tag of a message whose
    {?var} it filled in: the tag is found again from the shape's template it matches."""
    templates = [(t.language, re.compile("^" + re.sub(r"\\\{\\?[?$]\w+\\\}", ".*", re.escape(str(t))) + "$", re.S))
                 for t in shapes.objects(shape, SH.message) if isinstance(t, Literal)]
    out: dict[str | None, str] = {}
    for m in report.objects(res, SH.resultMessage):
        if not isinstance(m, Literal):
            continue
        lang = m.language or next((lg for lg, pat in templates if pat.match(str(m))), None)
        out[lang] = str(m)
    return out


def _is_division(g: Graph, node: Node | None) -> bool:
    return isinstance(node, URIRef) and ((node, DVO.inDocument, None) in g or (node, DVO.source, None) in g)


def _place(g: Graph, node: Node | None) -> tuple[str | None, str | None]:
    """(article number, lid label) of a division, a norm (its source) or a key (its lid)."""
    if node is None or isinstance(node, BNode):
        return None, None
    src = g.value(node, DVO.source) or g.value(node, PROV.wasDerivedFrom)
    if src is not None and (node, RDF.type, DVO.Signature) not in g:
        node = src
    types = set(g.objects(node, RDF.type))
    if DVO.Item in types:
        node = g.value(node, DVO.isPartOf)
        types = set(g.objects(node, RDF.type))
    if DVO.Paragraph in types:
        art = g.value(node, DVO.isPartOf)
        label = g.value(node, DVO.paragraphLabel)
        return str(g.value(art, DVO.number)), (str(label) if label is not None else None)
    if DVO.Article in types:
        return str(g.value(node, DVO.number)), None
    if DVO.Preamble in types:
        return "preamble", None
    if DVO.SignatureBlock in types:
        return "closing", None
    return None, None


def _art_key(number: str | None) -> tuple[int, str]:
    if number is None:
        return (-1, "")
    m = re.match(r"(\d+)(.*)", number)
    if not m:
        return (10_000 if number == "closing" else -1, number)
    return (int(m.group(1)), m.group(2))


__all__ = ["Finding", "Result", "Rule", "catalogue", "check", "corpus_draft", "validate_draft"]


def corpus_draft(doc_id: str) -> Draft:
    """A document of the corpus, read from its source text as if it were a draft (its curated
    encoding is not used: the validator sees only the text)."""
    try:
        lines = source_lines(doc_id)
    except UserError as exc:
        raise DraftError(str(exc)) from None
    return Draft(f"{doc_id}.txt", "text", lines=lines)
