"""The ontology as one document: the RDF that ``/ontology`` and ``/def`` serve, and its HTML
documentation, generated with pyLODE (OntPub profile) once per process and language.

One ontology. On disk the ontology is a hub (``dvo.ttl``, ``https://w3id.org/dvo-kb/def``) that
``owl:imports`` six small modules (``def/document``, ``def/norm``, ..., ``def/alignment``), each its own
``owl:Ontology``; ``/def/{module}`` serves each of them as it is. The merged document
(:func:`ontology_document`) has one ``owl:Ontology``, the hub: the modules are its parts
(``dcterms:hasPart``, each with its title and description), no longer typed ``owl:Ontology``, and the
hub's ``owl:imports`` of them are left out (their axioms are all in the document, and an OWL tool
would otherwise fetch them again). A term's ``rdfs:isDefinedBy`` stays the module that defines it:
the document declares that IRI a part of the hub, and the IRI dereferences to the module.

The documentation (:func:`ontology_html`): the hub's header only (pyLODE would also take every
``skos:ConceptScheme``'s title and IRI for the ontology's), its parts listed; each term titled in the
reader's language with the other after it in brackets ("verplichting (obligation)"), the description
in the reader's language first; an anchor per term equal to its local name
(``/ontology.html#Obligation``), so that links to a term stay put whatever its label says; terms of
other vocabularies that share a label ("Permission" of odrl, lkif and lrml) are shown by their
prefixed names ("odrl:Permission") in the contents and their headings, their anchors unchanged. pyLODE's
own words (headings, legend, the names of the properties, tooltips) are English: they are put in the
reader's language from the ``ontology_doc`` section of ``api/labels.yaml``, on the parsed page (lxml),
Dutch by default, English with ``lang=en``.

pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does not ship
(RDFLib/pyLODE#260), it configures the root logger (``logging.basicConfig(level=DEBUG)``
on import, ``logging.info`` while it runs), and it keeps its background vocabularies (the titles of
rdf, owl, prov, schema.org ... terms) as pickles it writes into its own installed folder the first
time it runs (``pylode/rdf/refs.pickle``), not atomically: a second process reading it while the
first writes gets "pickle data was truncated" (it did, on CI's fresh environment: the page
answered 500), and an installed package is no place for a program's files (read-only, shared).
All three are worked around here: the version module is provided from the installed
distribution's metadata, the root logger is kept as it was, and the background vocabularies are
read from pyLODE's Turtle files into memory once per process (:func:`_background_graph`, 0.3 s),
never from or into a pickle.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from typing import Any

import lxml.html
from rdflib import DC, DCTERMS, OWL, RDF, RDFS, SDO, SKOS, Graph, Literal, URIRef

from .labels import labels

_lock = threading.Lock()
_html: dict[str, str] = {}
WORDS = labels("ontology_doc")  # pyLODE's words, nl and en (api/labels.yaml)


@contextmanager
def _root_logger_kept() -> Iterator[None]:
    """pyLODE configures the root logger (``basicConfig``, and ``logging.info`` does it implicitly):
    undo that, so the service's logging stays as uvicorn set it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    guard = logging.NullHandler()
    root.addHandler(guard)  # basicConfig does nothing while the root logger has a handler
    try:
        yield
    finally:
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)


def _import_ontpub() -> Any:
    if "pylode.version" not in sys.modules:
        try:
            import pylode.version  # noqa: F401
        except (FileNotFoundError, KeyError, ImportError):
            for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
                del sys.modules[name]
            stub = types.ModuleType("pylode.version")
            stub.__version__ = metadata.version("pylode")  # type: ignore[attr-defined]
            sys.modules["pylode.version"] = stub
    from pylode import OntPub, utils
    from pylode.profiles import ontpub

    for module in (ontpub, utils):  # each has its own name for them (see the module's docstring)
        module.load_background_onts = _background_graph
        module.load_background_onts_titles = _background_titles
    return OntPub


@lru_cache(maxsize=1)
def _background_graph() -> Graph:
    """pyLODE's background vocabularies (its ``rdf/*.ttl``), each term's title and description
    also as ``dcterms:title`` / ``dcterms:description``: what pyLODE's own
    ``load_background_onts`` builds, without its pickle."""
    from pylode import utils

    graph = Graph(bind_namespaces="core")
    for source in sorted(utils.RDF_FOLDER.glob("*.ttl")):
        graph.parse(source, format="turtle")
    for props, target in ((TITLES, DCTERMS.title), (DESCRIPTIONS, DCTERMS.description)):
        for prop in props:
            if prop != target:
                for s, o in list(graph.subject_objects(prop)):
                    graph.add((s, target, o))
    return graph


@lru_cache(maxsize=1)
def _background_titles_cached() -> tuple[tuple[str, str], ...]:
    graph = _background_graph()
    titles = {str(s): str(o) for s in graph.subjects(RDF.type, OWL.Ontology)
              for o in graph.objects(s, DCTERMS.title)}
    return tuple(sorted(titles.items(), key=lambda item: item[1]))


def _background_titles(_graph: Graph | None = None) -> dict[str, str]:
    """The titles of the background ontologies, by IRI, sorted by title (pyLODE's
    ``load_background_onts_titles``, without its pickle)."""
    return dict(_background_titles_cached())


HUB = URIRef("https://w3id.org/dvo-kb/def")
NS = str(HUB) + "#"
TITLES = (DCTERMS.title, DC.title, RDFS.label, SKOS.prefLabel, SDO.name)  # what pyLODE shows as a term's title
DESCRIPTIONS = (DCTERMS.description, DC.description, RDFS.comment, SKOS.definition, SDO.description)
PART_ANNOTATIONS = (DCTERMS.title, DCTERMS.description)  # what a module keeps of its header, as a part


def ontology_document(graph: Graph | None = None) -> Graph:
    """The whole ontology (hub, modules, alignments) as one document with one ``owl:Ontology``,
    the hub's: each module's header becomes a part of the hub (``hub dcterms:hasPart module``, the
    module keeping its title and description, not its type, licence or version), the hub's
    ``owl:imports`` of the modules are left out (their triples are in the document). The terms'
    ``rdfs:isDefinedBy`` still name their module, a part of the hub in this document."""
    if graph is None:
        from ..ontology.load import ontology_graph

        graph = ontology_graph()
    modules = {o for o in graph.subjects(RDF.type, OWL.Ontology) if o != HUB}
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    for t in graph:
        if t[0] in modules and t[1] not in PART_ANNOTATIONS:
            continue
        if t[0] == HUB and t[1] == OWL.imports and t[2] in modules:
            continue
        g.add(t)
    for m in modules:
        g.add((HUB, DCTERMS.hasPart, m))
    if modules:
        g.add((DCTERMS.hasPart, RDF.type, OWL.AnnotationProperty))  # an annotation of the ontology (OWL 2 DL)
    return g


def _by_language(values: list[Any]) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for v in values:
        out.setdefault(getattr(v, "language", None), str(v))
    return out


def documented(graph: Graph, lang: str = "nl") -> Graph:
    """The graph pyLODE documents, from :func:`ontology_document`: every subject with one title
    and one description, the reader's language first (pyLODE runs all the labels of a term together:
    "verplichtingobligation"); the hub and its parts titled in the reader's language only."""
    other = "en" if lang == "nl" else "nl"
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    for t in graph:
        if t[1] in TITLES or t[1] in DESCRIPTIONS:
            continue
        g.add(t)
    whole = {HUB, *graph.objects(HUB, DCTERMS.hasPart)}  # the ontology and its parts: titled as documents
    for s in set(graph.subjects()):
        titles = _by_language([o for p in TITLES for o in graph.objects(s, p) if isinstance(o, Literal)])
        if titles:
            first, second = titles.get(lang) or titles.get(None), titles.get(other)
            if s in whole:
                title = first or second
            else:
                title = f"{first} ({second})" if first and second and second.lower() != first.lower() else first or second
            g.add((s, DCTERMS.title if s in whole else RDFS.label, Literal(title or next(iter(titles.values())))))
        texts = _by_language([o for p in DESCRIPTIONS for o in graph.objects(s, p) if isinstance(o, Literal)])
        if texts:
            first, second = texts.get(lang) or texts.get(None), texts.get(other)
            text = (first or second) if s in whole else f"{first}\n\n{second}" if first and second and first != second else first or second
            g.add((s, DCTERMS.description if s in whole else RDFS.comment, Literal(text or next(iter(texts.values())))))
    return g


def anchors(graph: Graph) -> dict[str, str]:
    """The fragment of each resource in the documentation: a term of the ontology's namespace by
    its local name, any other by prefix and local name (``eli-title``, ``dcterms-title``: pyLODE
    would make both ``title1``), unique."""
    out: dict[str, str] = {}
    used: set[str] = set()
    subjects = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef)})
    for iri in subjects:  # the ontology's own terms first: they keep their local names
        if iri.startswith(NS) and iri[len(NS):]:
            out[iri] = iri[len(NS):]
            used.add(out[iri])
    for iri in subjects:
        if iri in out or iri == str(HUB):
            continue
        try:
            prefix, _, local = graph.namespace_manager.compute_qname(iri, generate=False)
            fid = re.sub(r"[^A-Za-z0-9_-]", "-", f"{prefix}-{local}")
        except (ValueError, KeyError):
            continue  # no prefix for it: pyLODE makes its fragment
        n, base = 1, fid
        while fid in used:
            n += 1
            fid = f"{base}-{n}"
        out[iri] = fid
        used.add(fid)
    return out


def curies(graph: Graph, fids: dict[str, str]) -> dict[str, str]:
    """The prefixed name of each term outside the ontology's namespace, by its fragment
    (``odrl-Permission`` -> ``odrl:Permission``): how the page tells apart terms that share a label."""
    out: dict[str, str] = {}
    for iri, fid in fids.items():
        if iri.startswith(NS):
            continue
        try:
            prefix, _, local = graph.namespace_manager.compute_qname(iri, generate=False)
        except (ValueError, KeyError):
            continue
        out[fid] = f"{prefix}:{local}"
    return out


def _told_apart(root: Any, names: dict[str, str]) -> None:
    """Terms of other vocabularies that the table of contents would list under the same label
    ("Permission" of odrl, lkif and lrml; "Norm" of lkif beside "norm") by their prefixed names
    ("odrl:Permission"), in the contents, in their headings and in the links to them; their
    anchors stay."""
    by_label: dict[str, set[str]] = {}
    for a in root.xpath("//div[@id='toc']//ul//ul//a[starts-with(@href, '#')]"):
        by_label.setdefault(" ".join(a.text_content().split()).lower(), set()).add(a.get("href")[1:])
    for fids in by_label.values():
        if len(fids) < 2:
            continue
        for fid in fids & set(names):
            for a in root.xpath(f"//a[@href='#{fid}']"):
                if not len(a) and (a.text or "").strip():
                    a.text = names[fid]
            for h in root.xpath(f"//*[@id='{fid}']/h3"):
                label = (h.text or "").strip()
                if label:
                    h.text = h.text.replace(label, names[fid], 1)


def _pylode(graph: Graph) -> Any:
    """pyLODE's OntPub for one ontology: no ``skos:ConceptScheme`` taken for the ontology (pyLODE
    gives the metadata, and the schema.org JSON-LD in the head, the title of every scheme and the
    metadata the IRI of the last one), and the hub's parts
    (``dcterms:hasPart``, which pyLODE does not show) listed in the metadata the way pyLODE lists
    the other properties."""
    ontpub = _import_ontpub()
    from dominate.tags import dl
    from pylode.utils import prop_obj_pair_html

    class OneOntology(ontpub):  # type: ignore[misc,valid-type]
        def make_html(self, *args: Any, **kwargs: Any) -> Any:
            self.ont.remove((None, RDF.type, SKOS.ConceptScheme))  # (its title is taken: __init__)
            return super().make_html(*args, **kwargs)

        def _make_metadata(self) -> None:
            super()._make_metadata()
            parts = sorted(self.ont.objects(HUB, DCTERMS.hasPart))
            section = self.content.children[-1] if self.content.children else None
            listing = section.children[-1] if section is not None and section.children else None
            if parts and isinstance(listing, dl):
                ont_title = self.back_onts_titles.get(str(DCTERMS))
                listing.appendChild(prop_obj_pair_html(
                    self.ont, self.back_onts, self.ns, "dl", DCTERMS.hasPart, "Has Part", None, ont_title,
                    self.fids, parts))

    return OneOntology(graph)


def _text(el: Any, words: dict[str, str], by_english: dict[str, str]) -> None:
    """An element's own text in the reader's words, when it is one of pyLODE's (whitespace kept)."""
    core = (el.text or "").strip()
    if core in by_english:
        el.text = el.text.replace(core, words[by_english[core]], 1)


def _translated(root: Any, lang: str) -> None:
    """pyLODE's words (headings, table of contents, legend, names and tooltips of the properties,
    tooltips of the type marks, the credit line, "or"/"and" of class unions) in ``lang``, found by
    where pyLODE puts them, never in the text of the ontology."""
    words, english = WORDS[lang], WORDS["en"]
    by_english = {v: k for k, v in english.items() if not k.startswith(("prop_", "tip_"))}
    for el in root.xpath("//h2 | //div[@id='toc']/h3 | //div[@id='toc']//h4/a | //div[@id='legend']//td"
                         " | //div[@id='pylode']/p | //div[@id='pylode']//span | //span[@class='cardinality']"):
        _text(el, words, by_english)
    for el in root.xpath("//sup[@title]"):
        title = el.get("title").strip()
        if title in by_english:
            el.set("title", words[by_english[title]])
    for el in root.xpath("//a[contains(concat(' ', @class, ' '), ' hover_property ')]"):
        local = re.split(r"[#/]", el.get("href") or "")[-1]
        if f"prop_{local}" in words:
            el.text = words[f"prop_{local}"]
        if f"tip_{local}" in words:
            el.set("title", words[f"tip_{local}"])


def _unique_ids(root: Any) -> None:
    """A term pyLODE lists twice (a datatype property that is also functional) keeps its anchor
    on the first entry; the second gets ``-2``."""
    seen: dict[str, int] = {}
    for el in root.xpath("//*[@id]"):
        fid = el.get("id")
        seen[fid] = seen.get(fid, 0) + 1
        if seen[fid] > 1:
            el.set("id", f"{fid}-{seen[fid]}")


def _landmarks(root: Any, lang: str) -> None:
    """pyLODE's text as the page's <main>, its table of contents as a <nav> and its credit line as a
    <footer> (it makes all three <div>s)."""
    for fid, tag in (("content", "main"), ("toc", "nav"), ("pylode", "footer")):
        for el in root.xpath(f"/html/body/div[@id='{fid}']"):
            el.tag = tag
            if tag == "nav":
                el.set("aria-label", WORDS[lang]["contents_label"])


def _page(html: str, lang: str, names: dict[str, str] | None = None) -> str:
    """pyLODE's page, parsed (lxml), in the reader's language (``<html lang>``, pyLODE's words);
    terms of other vocabularies that share a label by their prefixed ``names``; unique ids; landmarks."""
    root = lxml.html.document_fromstring(html)
    root.set("lang", lang)
    _translated(root, lang)
    _told_apart(root, names or {})
    _unique_ids(root)
    _landmarks(root, lang)
    return str(lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")) + "\n"


def ontology_html(lang: str = "nl") -> str:
    """The HTML documentation of the whole ontology (hub, modules, alignments) in ``lang`` (Dutch
    unless "en"); generated on the first call for a language (about 2 s) and kept for the life of
    the process."""
    lang = "en" if lang == "en" else "nl"
    with _lock:
        if lang not in _html:
            graph = documented(ontology_document(), lang)
            with _root_logger_kept():
                doc = _pylode(graph)
                fids = anchors(graph)
                doc.fids.update(fids)  # pyLODE keeps a term's fragment once it has one
                doc.doc.title = str(graph.value(HUB, DCTERMS.title))  # (pyLODE takes any scheme's title)
                html = str(doc.make_html())
            _html[lang] = _page(html, lang, curies(graph, fids))
        return _html[lang]
