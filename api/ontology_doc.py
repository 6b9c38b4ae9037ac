"""The ontology as HTML documentation, generated with pyLODE (OntPub profile) once per process:
one document (the hub's header only, not one per module), Dutch first (each term titled by its
Dutch label, the English after it in brackets; the Dutch description before the English), and an
anchor per term equal to its local name (``/ontology.html#Obligation``), so that links to a term
stay put whatever its label says.

pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does not ship
(RDFLib/pyLODE#260), and it configures the root logger (``logging.basicConfig(level=DEBUG)``
on import, ``logging.info`` while it runs). Both are worked around here: the version module
is provided from the installed distribution's metadata, and the root logger is kept as it was.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Any

from rdflib import DC, DCTERMS, OWL, RDF, RDFS, SDO, SKOS, Graph, Literal, URIRef

_lock = threading.Lock()
_html: str | None = None


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
    from pylode import OntPub

    return OntPub


HUB = URIRef("https://w3id.org/dvo-kb/def")
NS = str(HUB) + "#"
TITLES = (DCTERMS.title, DC.title, RDFS.label, SKOS.prefLabel, SDO.name)  # what pyLODE shows as a term's title
DESCRIPTIONS = (DCTERMS.description, DC.description, RDFS.comment, SKOS.definition, SDO.description)


def _by_language(values: list[Any]) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for v in values:
        out.setdefault(getattr(v, "language", None), str(v))
    return out


def documented(graph: Graph) -> Graph:
    """The graph pyLODE documents: the modules' owl:Ontology headers left out (the hub's is the
    document's), and every subject with one title and one description, Dutch first (pyLODE runs
    all the labels of a term together: "verplichtingobligation")."""
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    modules = {o for o in graph.subjects(RDF.type, OWL.Ontology) if o != HUB}
    for t in graph:
        if t[0] in modules and t[1] in (RDF.type, *TITLES, *DESCRIPTIONS):
            continue
        if t[1] in TITLES or t[1] in DESCRIPTIONS:
            continue
        g.add(t)
    for s in set(graph.subjects()) - modules:
        titles = _by_language([o for p in TITLES for o in graph.objects(s, p) if isinstance(o, Literal)])
        if titles:
            nl, en = titles.get("nl") or titles.get(None), titles.get("en")
            title = f"{nl} ({en})" if nl and en and s != HUB and en.lower() != nl.lower() else nl or en
            g.add((s, RDFS.label if s != HUB else DCTERMS.title, Literal(title or next(iter(titles.values())))))
        texts = _by_language([o for p in DESCRIPTIONS for o in graph.objects(s, p) if isinstance(o, Literal)])
        if texts:
            nl, en = texts.get("nl") or texts.get(None), texts.get("en")
            text = f"{nl}\n\n{en}" if nl and en and nl != en else nl or en
            g.add((s, DCTERMS.description if s == HUB else RDFS.comment, Literal(text or next(iter(texts.values())))))
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


def _landmarks(html: str) -> str:
    """pyLODE's text as the page's <main> and its table of contents as a <nav> (it makes both
    <div>s); unchanged where pyLODE's layout is not the one this expects."""
    start, toc, end = '<div id="content">', '</div>\n    <div id="toc">', "</div>\n  </body>"
    if html.count(start) != 1 or html.count(toc) != 1 or not html.endswith(end + "\n</html>"):
        return html
    html = html.replace(start, '<main id="content">').replace(toc, '</main>\n    <nav id="toc" aria-label="inhoud">')
    return html[: -len(end + "\n</html>")] + "</nav>\n  </body>\n</html>"


def _unique_ids(html: str) -> str:
    """A term pyLODE lists twice (a datatype property that is also functional) keeps its anchor
    on the first entry; the second gets ``-2``."""
    seen: dict[str, int] = {}

    def unique(m: re.Match[str]) -> str:
        seen[m[1]] = seen.get(m[1], 0) + 1
        return m[0] if seen[m[1]] == 1 else f'id="{m[1]}-{seen[m[1]]}"'

    return re.sub(r'\bid="([^"]+)"', unique, html)


def ontology_html() -> str:
    """The HTML documentation of the whole ontology (hub, modules, alignments); generated on the
    first call (about 2 s) and kept for the life of the process."""
    global _html
    with _lock:
        if _html is None:
            from ..ontology.load import ontology_graph

            graph = documented(ontology_graph())
            with _root_logger_kept():
                doc = _import_ontpub()(graph)
                doc.fids.update(anchors(graph))  # pyLODE keeps a term's fragment once it has one
                doc.doc.title = str(graph.value(HUB, DCTERMS.title))  # (pyLODE takes any scheme's title)
                html = str(doc.make_html())
            _html = _landmarks(_unique_ids(html.replace("<html>", '<html lang="nl">', 1)))
        return _html

