"""The corpus as RDF: parsed structure + curated document facts -> named graphs.

One named graph per document (its structure, roles, signatures and the facts stated about it),
one for the parties and the documents outside the corpus, one for the ontology. Every curated
fact about a document (entry into force, what it is based on, what it replaces, ...) is also
stated as an ``rdf:Statement`` that points with ``prov:wasDerivedFrom`` to the division of the
text that says it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from ..ontology.load import ontology_graph
from ..ontology.namespace import DVO, DVO_NS
from ..words import after_duration
from .corpus import CorpusDocument, municipalities, parse_corpus
from .curated import load_curated
from .facts import Division, Signatures, Source
from .iris import DEFAULT_BASE, Minter, slug, where
from .juriconnect import jci
from .model import Document

ACTS_FILE = Path(__file__).with_name("acts.yaml")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/dvo-kb/def")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

NORM_KIND_ORDER = ("Obligation", "Prohibition", "Permission", "Power", "Declaration", "Definition")

KIND_CLASS = {
    "Centrumregeling": DVO.Centrumregeling,
    "Dienstverleningsovereenkomst": DVO.Dienstverleningsovereenkomst,
    "Samenwerkingsovereenkomst": DVO.Samenwerkingsovereenkomst,
    "Protocol": DVO.Protocol,
    "Bedrijfsplan": DVO.Bedrijfsplan,
    "GemeenschappelijkeRegeling": DVO.GemeenschappelijkeRegeling,
    "Verwerkersovereenkomst": DVO.Verwerkersovereenkomst,
    "Agreement": DVO.Agreement,
    "Decision": DVO.Decision,
    "NationalLaw": DVO.NationalLaw,
    "EURegulation": DVO.EURegulation,
    "Plan": DVO.Plan,
}
EXTERNAL_KIND = {
    "national-law": DVO.NationalLaw,
    "eu-regulation": DVO.EURegulation,
    "decision": DVO.Decision,
    "ministerial-regulation": DVO.ExternalLegalAct,
    "gemeenschappelijke-regeling": DVO.GemeenschappelijkeRegeling,
    "centrumregeling": DVO.Centrumregeling,
    "dvo": DVO.Dienstverleningsovereenkomst,
    "samenwerkingsovereenkomst": DVO.Samenwerkingsovereenkomst,
    "agreement": DVO.Agreement,
    "verwerkersovereenkomst": DVO.Verwerkersovereenkomst,
    "protocol": DVO.Protocol,
    "plan": DVO.Plan,
}
ROLE_CLASS = {name: DVO[name] for name in (
    "Opdrachtgever", "Opdrachtnemer", "Centrumgemeente", "DeelnemendeGemeente", "Gastgemeente",
    "CoordinerendeGemeente", "Verwerker", "Verwerkingsverantwoordelijke", "Partij")}


def nl(text: str) -> Literal:
    return Literal(text, lang="nl")


@dataclass
class BuildResult:
    """The built knowledge base: named graphs by graph IRI."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    documents: list[CorpusDocument] = field(default_factory=list)

    def union(self) -> Graph:
        g = Graph()
        bind_prefixes(g)
        for part in self.graphs.values():
            g += part
        return g

    def triple_count(self) -> int:
        return sum(len(g) for g in self.graphs.values())


def bind_prefixes(g: Graph, base: str = DEFAULT_BASE) -> None:
    g.bind("dvo", str(DVO._NS))
    g.bind("id", base)
    g.bind("eli", str(ELI))
    g.bind("prov", str(PROV))
    g.bind("dcterms", str(DCTERMS))
    g.bind("owl", str(OWL))


class GraphBuilder:
    def __init__(self, base: str = DEFAULT_BASE, parties: dict[str, str] | None = None) -> None:
        self.m = Minter(base)
        # document id -> its date of entry into force and the division that states it (build)
        self.in_force_dates: dict[str, tuple[Any, URIRef]] = {}
        # the municipalities of the shared graph: id -> name (default: the parties of the corpus)
        self.parties: dict[str, str] = dict(parties) if parties is not None else municipalities()
        with ACTS_FILE.open(encoding="utf-8") as fh:
            self.acts: dict[str, Any] = yaml.safe_load(fh) or {}

    # -- helpers ---------------------------------------------------------------------------
    def _division_iri(self, doc: Document, source: Source) -> URIRef:
        """The IRI of the division a fact cites: "preamble", "closing", or an article with an
        optional lid (checked against the parsed text)."""
        if source == "preamble":
            return self.m.preamble(doc.id)
        if source == "closing":
            return self.m.signatures(doc.id)
        if isinstance(source, Division):
            art = doc.article(source.article)
            if art is None:
                raise ValueError(f"{doc.id}: document.yaml cites article {source.article}, which the text does not have")
            if source.lid is None:
                return self.m.article(doc.id, art.number)
            if not any(p.label == source.lid for p in art.paragraphs):
                raise ValueError(f"{doc.id}: document.yaml cites art. {art.number} lid {source.lid}, "
                                 f"which the text does not have")
            return self.m.paragraph(doc.id, art.number, source.lid)
        raise ValueError(f"{doc.id}: cannot resolve the source {source!r}")

    def _statement(self, g: Graph, doc: Document, s: URIRef, p: URIRef, o: Any, source: Source, k: int,
                   name: str | None = None) -> None:
        st = self.m.statement(doc.id, name or str(p).rsplit("#", 1)[-1], k)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, self._division_iri(doc, source)))

    def _doc_ref(self, ref: str) -> URIRef:
        return self.m.document(ref)

    # -- shared graph: parties and documents outside the corpus -----------------------------
    def shared_graph(self) -> Graph:
        g = Graph()
        for pid, name in self.parties.items():
            mun = self.m.party(pid)
            g.add((mun, RDF.type, DVO.Municipality))
            g.add((mun, DVO.partyId, Literal(pid)))
            g.add((mun, RDFS.label, nl(f"gemeente {name}")))
            g.add((mun, RDFS.label, Literal(f"municipality of {name}", lang="en")))
            for body, cls, prop, label_nl, label_en in (
                ("college", DVO.College, DVO.collegeOf, "college van burgemeester en wethouders van {}", "executive of {}"),
                ("burgemeester", DVO.Burgemeester, DVO.burgemeesterOf, "burgemeester van {}", "mayor of {}"),
                ("raad", DVO.Gemeenteraad, DVO.raadOf, "gemeenteraad van {}", "municipal council of {}"),
            ):
                b = self.m.party(pid, body)
                g.add((b, RDF.type, cls))
                g.add((b, prop, mun))
                g.add((b, DVO.partyId, Literal(f"{pid}/{body}")))
                g.add((b, RDFS.label, nl(label_nl.format(name))))
                g.add((b, RDFS.label, Literal(label_en.format(name), lang="en")))
        for act in self.acts.get("acts", []) or []:
            iri = self._doc_ref(act["id"])
            g.add((iri, RDF.type, EXTERNAL_KIND.get(act.get("kind", ""), DVO.ExternalLegalAct)))
            g.add((iri, DVO.documentId, Literal(act["id"])))
            g.add((iri, DVO.inCorpus, Literal(False)))
            g.add((iri, DVO.title, nl(act["title"])))
            g.add((iri, RDFS.label, nl(act["title"])))
            if act.get("abbreviation"):
                g.add((iri, DVO.shortTitle, Literal(act["abbreviation"])))
            if act.get("bwb_id"):
                g.add((iri, DVO.bwbId, Literal(act["bwb_id"])))
                ident = jci(act["bwb_id"])
                if ident:
                    g.add((iri, DVO.jci, Literal(ident)))
            if act.get("celex"):
                g.add((iri, DVO.celexId, Literal(str(act["celex"]))))
            if act.get("url"):
                g.add((iri, RDFS.seeAlso, URIRef(act["url"])))
            if act.get("in_force_from"):
                g.add((iri, DVO.inForceFrom, Literal(str(act["in_force_from"]), datatype=XSD.date)))
            if act.get("repealed_on"):
                g.add((iri, DVO.repealedOn, Literal(str(act["repealed_on"]), datatype=XSD.date)))
            if act.get("successor"):
                succ = act["successor"] if isinstance(act["successor"], list) else [act["successor"]]
                for s in succ:
                    if isinstance(s, str) and any(a["id"] == s for a in self.acts.get("acts", [])):
                        g.add((self._doc_ref(s), DVO.replaces, iri))
        for d in self.acts.get("documents", []) or []:
            if d.get("in_corpus"):
                continue
            iri = self._doc_ref(d["id"])
            g.add((iri, RDF.type, EXTERNAL_KIND.get(d.get("kind", ""), DVO.LegalDocument)))
            g.add((iri, DVO.documentId, Literal(d["id"])))
            g.add((iri, DVO.inCorpus, Literal(False)))
            if d.get("title"):
                g.add((iri, DVO.title, nl(d["title"])))
            # a document the corpus cites without its title gets a descriptive label only
            g.add((iri, RDFS.label, nl(d.get("title") or d.get("label") or d["id"])))
        return g

    # -- one document -----------------------------------------------------------------------
    def document_graph(self, cd: CorpusDocument, norms: Graph | None = None) -> Graph:
        """The graph of one document: its facts, parties, structure, signatures and norms
        (``norms``: given, or read from its folder's ``norms.ttl``)."""
        g = Graph()
        doc, f, m = cd.doc, cd.facts, self.m
        d = m.document(doc.id)
        g.add((d, RDF.type, KIND_CLASS[f.kind]))
        if f.annex_of:
            g.add((d, RDF.type, DVO.Annex))
        g.add((d, DVO.documentId, Literal(doc.id)))
        g.add((d, DVO.inCorpus, Literal(True)))
        g.add((d, DVO.title, nl(f.title)))
        g.add((d, RDFS.label, nl(f.title)))
        for st in f.short_titles:
            g.add((d, DVO.shortTitle, Literal(st)))
        g.add((d, DVO.sourceFile, Literal(doc.source_file)))
        g.add((d, DVO.sourceStartLine, Literal(doc.start)))
        g.add((d, DVO.sourceEndLine, Literal(doc.end)))
        self._dates_and_references(g, cd, d)
        if f.annex_of:
            parent = m.document(f.annex_of.document)
            g.add((parent, DVO.hasAnnex, d))
            g.add((d, DVO.isPartOf, parent))
            g.add((d, DVO.number, Literal(f.annex_of.number)))
        if f.draft:
            g.add((d, RDFS.comment, Literal("Draft: the signatories and dates are left blank.", lang="en")))
            g.add((d, RDFS.comment, Literal("Concept: de ondertekenaars en de data zijn opengelaten.", lang="nl")))
        self._parties(g, cd, d)
        self._structure(g, cd, d)
        self._signatures(g, cd, d)
        if norms is None and cd.folder is not None and cd.folder.norms is not None:
            norms = load_curated(cd.folder.norms, self.m.base)
        if norms is not None:
            g += norms
            self._juriconnect(g)
            self._provision_labels(g)
        if f.extracted is not None:
            self._review(g, cd, d, norms if norms is not None else Graph())
        return g

    @staticmethod
    def _provision_labels(g: Graph) -> None:  # (NORM_KIND_ORDER: the kind named where a node has several)
        """A label for each norm and provision without one, by its kind, its number and the lid it
        comes from ("verplichting 1, DVO-2018 art. 12.3"@nl, "obligation 1, DVO-2018 art. 12.3"@en; a
        researcher's trial: generic RDF tools showed the norms by their IRIs only). (Not the variable
        roles: their names in the text say too little apart, "een gemeente" three times in the SOK.)"""
        from ..ontology.load import term_text

        for node, lid in list(g.subject_objects(DVO.source)):
            if not isinstance(node, URIRef) or (node, RDFS.label, None) in g:
                continue
            kinds = sorted((str(t).removeprefix(DVO_NS) for t in g.objects(node, RDF.type) if str(t).startswith(DVO_NS)),
                           key=lambda k: (NORM_KIND_ORDER.index(k) if k in NORM_KIND_ORDER else len(NORM_KIND_ORDER), k))
            where_ = next((str(x) for x in g.objects(lid, RDFS.label)), None)
            if not kinds or where_ is None:
                continue
            number = str(node).rsplit("/", 1)[-1]
            for lang in ("nl", "en"):
                kind = term_text(kinds[0], lang)[0]
                g.add((node, RDFS.label, Literal(f"{kind} {number}, {where_}" if number.isdigit() else f"{kind}, {where_}",
                                                 lang=lang)))

    def _dates_and_references(self, g: Graph, cd: CorpusDocument, d: URIRef) -> None:
        """Citation title, entry into force and duration, based on / replaces / cites: each also
        an rdf:Statement derived from the division that says it."""
        doc, f, m = cd.doc, cd.facts, self.m
        k = 0
        if f.citation_title:
            ct = nl(f.citation_title.text)
            g.add((d, DVO.citationTitle, ct))
            k += 1
            self._statement(g, doc, d, DVO.citationTitle, ct, f.citation_title.source, k)
        inf = f.in_force
        if inf:
            k += 1
            if inf.date:
                lit = Literal(inf.date.isoformat(), datatype=XSD.date)
                g.add((d, DVO.inForceFrom, lit))
                self._statement(g, doc, d, DVO.inForceFrom, lit, inf.source, k)
            g.add((d, DVO.inForceText, nl(inf.text)))
            # the duration, derived from the division that states it as the entry into force is
            # (a researcher's trial: these two facts had no source of their own)
            if inf.indefinite is not None:
                g.add((d, DVO.indefiniteDuration, Literal(inf.indefinite)))
                self._statement(g, doc, d, DVO.indefiniteDuration, Literal(inf.indefinite), inf.source, 1)
            if inf.duration:
                g.add((d, DVO.durationText, nl(inf.duration)))
                g.add((d, DVO.indefiniteDuration, Literal(False)))
                self._statement(g, doc, d, DVO.durationText, nl(inf.duration), inf.source, 1)
                self._statement(g, doc, d, DVO.indefiniteDuration, Literal(False), inf.source, 2)
                # the last day in force, computed from the two (a researcher's trial: "in force on
                # 2030-06-01" still listed the HBEL-DVO of four years from 1 January 2026)
                if inf.date and (end := after_duration(inf.date, inf.duration)) is not None:
                    last = Literal((end - dt.timedelta(days=1)).isoformat(), datatype=XSD.date)
                    g.add((d, DVO.inForceUntil, last))
                    self._statement(g, doc, d, DVO.inForceUntil, last, inf.source, 1)
            if inf.ambiguity:
                g.add((d, DVO.ambiguityNote, Literal(" ".join(inf.ambiguity.split()), lang="en")))
            if inf.ambiguity_nl:
                g.add((d, DVO.ambiguityNote, Literal(" ".join(inf.ambiguity_nl.split()), lang="nl")))
            if inf.same_as:
                g.add((d, DVO.inForceSource, m.document(inf.same_as)))
                # "dezelfde looptijd als de Dienstverleningsovereenkomst": in force from the day that
                # one is (the privacy protocol, art. 14, with the DVO-2020 Beek, art. 20), derived
                # from this document's own division (a researcher's trial: no date, so queries of
                # what is in force on a day missed it)
                same = self.in_force_dates.get(inf.same_as)
                if not inf.date and same is not None:
                    lit = Literal(same[0].isoformat(), datatype=XSD.date)
                    g.add((d, DVO.inForceFrom, lit))
                    self._statement(g, doc, d, DVO.inForceFrom, lit, inf.source, k)
                    # and from the other's division that states the date (the DVO-2020 Beek's art. 20; a review)
                    g.add((self.m.statement(doc.id, "inForceFrom", k), PROV.wasDerivedFrom, same[1]))
            g.add((d, DVO.inForceSource, self._division_iri(doc, inf.source)))
        for refs, prop in ((f.based_on, DVO.basedOn), (f.replaces, DVO.replaces), (f.cites, DVO.cites)):
            for i, ref in enumerate(refs, 1):
                target = self._doc_ref(ref.document)
                g.add((d, prop, target))
                self._statement(g, doc, d, prop, target, ref.source, i)

    def _review(self, g: Graph, cd: CorpusDocument, d: URIRef, norms: Graph) -> None:
        """A document added by ``dvo-kb add``: its facts and each provision "not reviewed"
        (dvo:Unreviewed) unless a person accepted its lid (``review.yaml``), and generated by
        the extraction named in its ``document.yaml``."""
        assert cd.facts.extracted is not None
        activity = URIRef(f"{d}/extraction")
        g.add((activity, RDF.type, DVO.Extraction))
        g.add((activity, RDFS.label, Literal(cd.facts.extracted.by)))
        g.add((activity, DCTERMS.date, Literal(cd.facts.extracted.date.isoformat(), datatype=XSD.date)))
        g.add((activity, PROV.used, Literal(cd.facts.extracted.file)))
        g.add((d, DVO.reviewStatus, DVO.Unreviewed))  # its facts (document.yaml) were extracted too
        review = cd.folder.review if cd.folder is not None else None
        accepted = [f"{d}/{a.lid.strip('/')}" for a in (review.accepted if review else [])]
        for prov in set(norms.subjects(DVO.source, None)):
            source = str(norms.value(prov, DVO.source))
            ok = any(source == a or source.startswith(a + "/") for a in accepted)
            g.add((prov, DVO.reviewStatus, DVO.Reviewed if ok else DVO.Unreviewed))
            g.add((prov, PROV.wasGeneratedBy, activity))

    def _juriconnect(self, g: Graph) -> None:
        """``dvo:jci`` for every cited part of an act with a BWB id: a division the curated
        encoding declares below the act (``<wgr/art/28> dvo:inDocument <wgr>``), its levels
        read from its IRI path below the act's."""
        bwb = {str(self._doc_ref(a["id"])): a["bwb_id"] for a in self.acts.get("acts", []) or [] if a.get("bwb_id")}
        for part, act in list(g.subject_objects(DVO.inDocument)):
            prefix = f"{act}/"
            if str(part).startswith(prefix) and (part, DVO.isPartOf, None) not in g:
                # part of its act as a corpus division is of its document (a researcher's trial:
                # "?t dvo:isPartOf* ?law" lost every reference to an article of a law)
                g.add((part, DVO.isPartOf, act))
            if str(act) in bwb and str(part).startswith(prefix):
                ident = jci(bwb[str(act)], str(part)[len(prefix):])
                if ident:
                    g.add((part, DVO.jci, Literal(ident)))

    def _parties(self, g: Graph, cd: CorpusDocument, d: URIRef) -> None:
        f, m = cd.facts, self.m
        for pid in f.parties:
            g.add((d, DVO.party, m.party(pid, "college") if f.parties_are_colleges else m.party(pid)))
        for r in f.roles:
            role = m.role(cd.id, r.role, r.party)
            g.add((role, RDF.type, ROLE_CLASS[r.role]))
            g.add((role, DVO.playedBy, m.party(r.party)))
            g.add((role, DVO.roleIn, d))
            g.add((role, DVO.nameInText, nl(r.name)))
            g.add((role, RDFS.label, nl(f"{r.name} ({f.parties[r.party]})")))
            g.add((role, PROV.wasDerivedFrom, self._division_iri(cd.doc, r.source)))

    def _structure(self, g: Graph, cd: CorpusDocument, d: URIRef) -> None:
        """The text's divisions: preamble, chapters, articles with their leden and items, the
        signature block, annexes with their tasks, footnotes."""
        short = cd.facts.short_titles[0] if cd.facts.short_titles else cd.doc.id
        chapter_iris = self._chapters(g, cd.doc, d, short)
        self._articles(g, cd.doc, d, short, chapter_iris)
        self._annexes(g, cd.doc, d, short)

    def _chapters(self, g: Graph, doc: Document, d: URIRef, short: str) -> list[URIRef]:
        m = self.m
        if doc.preamble:
            p = m.preamble(doc.id)
            g.add((d, DVO.hasPreamble, p))
            self._division(g, p, DVO.Preamble, d, d, doc.preamble, doc.preamble_lines)
            g.add((p, RDFS.label, nl(f"{short}, aanhef")))
        chapter_iris: list[URIRef] = []
        for i, ch in enumerate(doc.chapters, 1):
            c = m.chapter(doc.id, ch.number, i)
            chapter_iris.append(c)
            g.add((c, RDF.type, DVO.Chapter))
            g.add((d, DVO.hasChapter, c))
            g.add((c, DVO.isPartOf, d))
            g.add((c, DVO.inDocument, d))
            g.add((c, DVO.title, nl(ch.title)))
            g.add((c, RDFS.label, nl(" ".join(x for x in (ch.kind, ch.number, ch.title) if x))))
            g.add((c, DVO.position, Literal(i)))
            g.add((c, DVO.sourceStartLine, Literal(ch.line)))
            if ch.number is not None:
                g.add((c, DVO.number, Literal(ch.number)))
            if ch.text:
                g.add((c, DVO.text, nl(ch.text)))
        return chapter_iris

    def _articles(self, g: Graph, doc: Document, d: URIRef, short: str, chapter_iris: list[URIRef]) -> None:
        m = self.m
        for art in doc.articles:
            a = m.article(doc.id, art.number)
            g.add((a, RDF.type, DVO.Article))
            g.add((d, DVO.hasArticle, a))
            g.add((a, DVO.isPartOf, d))
            g.add((a, DVO.inDocument, d))
            g.add((a, DVO.number, Literal(art.number)))
            g.add((a, DVO.position, Literal(art.position)))
            g.add((a, DVO.text, nl(art.text)))
            g.add((a, RDFS.label, nl(f"{short} art. {art.number}")))
            g.add((a, DVO.sourceStartLine, Literal(art.start)))
            g.add((a, DVO.sourceEndLine, Literal(art.end)))
            if art.own_heading and art.heading:
                g.add((a, DVO.heading, nl(art.heading)))
            if art.chapter is not None:
                g.add((a, DVO.inChapter, chapter_iris[art.chapter]))
            for par in art.paragraphs:
                p = m.paragraph(doc.id, art.number, par.label)
                g.add((a, DVO.hasParagraph, p))
                self._division(g, p, DVO.Paragraph, a, d, par.text, (par.start, par.end))
                g.add((p, DVO.position, Literal(par.position)))
                lid_label = f"{short} {where(art.number, par.label)}" if par.label is not None else f"{short} art. {art.number}"
                g.add((p, RDFS.label, nl(lid_label)))
                if par.label is not None:
                    g.add((p, DVO.paragraphLabel, Literal(par.label)))
                    g.add((p, DVO.marker, Literal(par.marker)))
                for it in par.items:
                    ii = m.item(p, it.label, it.position)
                    g.add((p, DVO.hasItem, ii))
                    self._division(g, ii, DVO.Item, p, d, it.text, (it.start, it.end))
                    g.add((ii, DVO.position, Literal(it.position)))
                    g.add((ii, DVO.marker, Literal(it.marker)))
                    if it.label is not None:
                        g.add((ii, DVO.itemLabel, Literal(it.label)))
                    # a label as the lid's ("SOK-2025 art. 4.4 onder c"; a researcher's trial: items had none)
                    mark = it.label or str(it.position)
                    g.add((ii, RDFS.label, nl(f"{lid_label} onder {mark}")))
                    g.add((ii, RDFS.label, Literal(f"{lid_label} item {mark}", lang="en")))

    def _annexes(self, g: Graph, doc: Document, d: URIRef, short: str) -> None:
        """The signature block, the annexes with their tasks, the footnotes."""
        m = self.m
        if doc.closing:
            s = m.signatures(doc.id)
            g.add((d, DVO.hasSignatureBlock, s))
            self._division(g, s, DVO.SignatureBlock, d, d, doc.closing, doc.closing_lines)
            g.add((s, RDFS.label, nl(f"{short}, ondertekening")))
        for an in doc.annexes:
            x = m.annex(doc.id, an.number)
            g.add((d, DVO.hasAnnex, x))
            self._division(g, x, DVO.Annex, d, d, an.text, (an.start, an.end))
            g.add((x, DVO.number, Literal(an.number)))
            g.add((x, RDFS.label, nl(f"{short}, bijlage {an.number}" + (f": {an.title}" if an.title else ""))))
            if an.title:
                g.add((x, DVO.title, nl(an.title)))
            for t in an.tasks:
                ti = m.task(x, t.position)
                g.add((x, DVO.hasTask, ti))
                self._division(g, ti, DVO.Task, x, d, t.text, (t.start, t.end))
                g.add((ti, DVO.position, Literal(t.position)))
                g.add((ti, RDFS.label, nl(f"{short}, bijlage {an.number}, taak {t.position}")))
                g.add((ti, RDFS.label, Literal(f"{short}, annex {an.number}, task {t.position}", lang="en")))
                if t.group:
                    g.add((ti, DVO.heading, nl(t.group)))
        for fn in doc.footnotes:
            f = m.footnote(doc.id, fn.number)
            g.add((d, DVO.hasFootnote, f))
            g.add((f, RDF.type, DVO.Footnote))
            g.add((f, DVO.inDocument, d))
            g.add((f, DVO.marker, Literal(fn.number)))
            g.add((f, DVO.text, nl(fn.text)))
            g.add((f, DVO.sourceStartLine, Literal(fn.line)))

    @staticmethod
    def _division(g: Graph, node: URIRef, cls: URIRef, parent: URIRef, d: URIRef, text: str,
                  lines: tuple[int, int] | None) -> None:
        g.add((node, RDF.type, cls))
        g.add((node, DVO.isPartOf, parent))
        g.add((node, DVO.inDocument, d))
        g.add((node, DVO.text, nl(text)))
        if lines:
            g.add((node, DVO.sourceStartLine, Literal(lines[0])))
            g.add((node, DVO.sourceEndLine, Literal(lines[1])))

    def _signatures(self, g: Graph, cd: CorpusDocument, d: URIRef) -> None:
        sig: Signatures | None = cd.facts.signatures
        if not sig:
            return
        block = self._division_iri(cd.doc, sig.source)
        if sig.note:
            g.add((block, RDFS.comment, Literal(sig.note, lang="en")))
        for e in sig.entries:
            s = self.m.signature(cd.id, e.party)
            g.add((s, RDF.type, DVO.Signature))
            g.add((d, DVO.hasSignature, s))
            g.add((s, DVO.signatory, self.m.party(e.party, e.body)))
            for name in e.names:
                g.add((s, DVO.signatoryName, Literal(name)))
            for fn in e.functions:
                g.add((s, DVO.signatoryFunction, Literal(fn)))
            if e.date_text is not None:
                g.add((s, DVO.signedOnText, Literal(e.date_text)))
            if e.date:
                g.add((s, DVO.signedOn, Literal(e.date.isoformat(), datatype=XSD.date)))
            if e.decision_date_text is not None:
                g.add((s, DVO.decisionDateText, Literal(e.decision_date_text)))
            if e.decision_date:
                g.add((s, DVO.decisionDate, Literal(e.decision_date.isoformat(), datatype=XSD.date)))
            g.add((s, PROV.wasDerivedFrom, block))

    # -- everything -------------------------------------------------------------------------
    def build(self, documents: Iterable[CorpusDocument] | None = None, with_ontology: bool = True) -> BuildResult:
        docs = list(documents) if documents is not None else parse_corpus()
        res = BuildResult(documents=docs)
        if with_ontology:
            res.graphs[ONTOLOGY_GRAPH] = ontology_graph()
        res.graphs[self.m.graph("shared")] = self.shared_graph()
        # the dates of entry into force, for a document in force as long as another (same_as)
        self.in_force_dates = {cd.id: (cd.facts.in_force.date, self._division_iri(cd.doc, cd.facts.in_force.source))
                               for cd in docs if cd.facts.in_force is not None and cd.facts.in_force.date is not None}
        for cd in docs:
            res.graphs[self.m.graph(cd.id)] = self.document_graph(cd)
        for g in res.graphs.values():
            bind_prefixes(g, self.m.base)
        return res


def build(base: str = DEFAULT_BASE, with_ontology: bool = True, roots: Sequence[Path] | None = None) -> BuildResult:
    """The knowledge base of the document folders under `roots` (default: the corpus and the
    user's added documents, :func:`dvo_kb.clauses.corpus.default_roots`)."""
    return GraphBuilder(base, municipalities(roots)).build(parse_corpus(roots), with_ontology=with_ontology)


__all__ = ["BuildResult", "GraphBuilder", "ONTOLOGY_GRAPH", "build", "slug"]
