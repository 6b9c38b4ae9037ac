"""The embedded store of the knowledge base: pyoxigraph, in memory or on disk.

``KnowledgeBase.open(location)`` (the contract, :mod:`dvo_kb.kb`) chooses the store by the
location (the setting ``DVO_KB_STORE``); this module is the embedded one:

- nothing: an embedded store in memory. The graph is built from the sources, or loaded from a
  cached dump of an earlier build (``cache``: a directory) while the sources, the curated data
  and the code that derives the graph are unchanged (a fingerprint of all of them names the dump);
- a directory: an embedded on-disk store, reused on the same condition.

An ``http(s)://`` URL is the query endpoint of a SPARQL 1.1 server (:mod:`dvo_kb.remote`).
The names callers used from here (``KnowledgeBase``, ``BuildInfo``, ``StoreError``,
``PREFIXES``...) are the contract's, re-exported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from . import __version__, sparql
from .kb import (
    PREFIXES,
    BuildInfo,
    KnowledgeBase,
    Options,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    Subject,
    Substitutions,
    Term,
    is_remote,
)

__all__ = ["PREFIXES", "BuildInfo", "EmbeddedKnowledgeBase", "KnowledgeBase", "QuerySyntaxError", "StoreError",
           "fingerprint", "from_ox", "is_remote", "to_ox"]

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent
FINGERPRINT = "dvo-kb-fingerprint.json"
DATASET_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
# the graph that records what was published on a server: its fingerprint and size
META_GRAPH = "graph/meta"


def fingerprint(base: str, extra: Sequence[Path] = ()) -> str:
    """A hash of everything the graph is derived from (extra data files by path, size and time)."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(base.encode())
    for folder in ("clauses", "ontology"):
        for f in sorted((PACKAGE / folder).rglob("*")):
            if f.is_file() and f.suffix in {".py", ".txt", ".yaml", ".ttl", ".lark", ".rq"}:
                h.update(str(f.relative_to(PACKAGE)).encode())
                h.update(f.read_bytes())
    from .clauses.corpus import DOCUMENTS, corpus_files

    for f in corpus_files():  # the documents added to the user's data directory (the corpus's are above)
        if DOCUMENTS not in f.parents:
            h.update(str(f.resolve()).encode())
            h.update(f.read_bytes())
    for p in extra:
        st = p.stat()
        h.update(f"{p.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def to_ox(term: Any) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Any:
    """The rdflib term of a pyoxigraph term (the inverse of :func:`to_ox`)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def quads(graphs: Mapping[URIRef, Graph]) -> Iterable[ox.Quad]:
    """Every triple in its named graph and once more in the default graph, which is the
    union: queries run on the default graph (several times faster than pyoxigraph's
    union-of-named-graphs mode), and the named graphs keep where each triple comes from."""
    default = ox.DefaultGraph()
    for name, g in graphs.items():
        gn = ox.NamedNode(str(name))
        for s, p, o in g:
            t = (to_ox(s), to_ox(p), to_ox(o))
            yield ox.Quad(*t, gn)
            yield ox.Quad(*t, default)


def load_extra(store: ox.Store, path: Path, base: str) -> None:
    """Loads an extra data file (N-Quads or TriG) into its named graphs, by pyoxigraph's bulk
    loader; triples outside a named graph go to the graph named after the file. (The copy into
    the default graph is made afterwards, for all files at once: ``_fill``.)"""
    fmt = DATASET_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: extra data must be N-Quads (.nq) or TriG (.trig), with a named graph per document")
    if not path.is_file():
        raise StoreError(f"{path}: no such file (extra data)")
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise StoreError(f"{path}: not valid {path.suffix[1:]}: {exc}") from None
    loose = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if loose:
        fallback = ox.NamedNode(base + "graph/" + re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem))
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, fallback) for q in loose)
        for q in loose:
            store.remove(q)


class EmbeddedKnowledgeBase(KnowledgeBase):
    """The knowledge base on an embedded pyoxigraph store (the default); ``store``: pyoxigraph's."""

    def __init__(self, store: ox.Store, info: BuildInfo, base: str) -> None:
        self.store = store
        self.info = info
        self.base = base

    @classmethod
    def open_at(cls, location: str | os.PathLike[str] | None, options: Options) -> EmbeddedKnowledgeBase:
        """In memory (``location`` None; ``options.cache``: a directory for the dump of the
        build) or in the directory ``location``; ``options.extra``: N-Quads or TriG files added
        to the built corpus."""
        base, rebuild, cache = options.base, options.rebuild, options.cache
        t0 = time.perf_counter()
        extras = [Path(p) for p in options.extra]
        for p in extras:
            if not p.is_file():
                raise StoreError(f"{p}: no such file (extra data)")
        fp = fingerprint(base, extras)
        if location is not None:
            p = Path(location)
            try:
                p.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(p))
            except OSError as exc:
                raise StoreError(f"cannot open the store in {p}: {exc} (is another dvo-kb process using it? "
                                 f"several workers need a server store, see the README)") from None
            marker = p / FINGERPRINT
            if not rebuild and marker.exists():
                try:
                    saved = json.loads(marker.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    saved = {}
                if isinstance(saved, dict) and saved.get("fingerprint") == fp:
                    # not counted again here: on disk, len() reads the whole store (/healthz checks it holds the corpus)
                    return cls(store, BuildInfo(saved["triples"], saved["graphs"], time.perf_counter() - t0, True,
                                                str(p), "disk", fp, "reused", saved.get("quads")), base)
                held = saved.get("extra") if isinstance(saved, dict) else None
                given = _extra_names(extras)
                if isinstance(held, list) and sorted(held) != given:
                    # a command given other extra data (or none) would build the store anew from it
                    # and so throw away what it holds (a large graph built with --extra)
                    del store
                    raise StoreError(
                        f"the store in {p} holds a graph built with extra data {sorted(held) or '(none)'}, not "
                        f"{given or '(none)'}: give the same --extra (DVO_KB_EXTRA_DATA), "
                        f"or build it anew with: dvo-kb build --store {p} --rebuild [--extra FILE ...]")
            store.clear()
            triples, graphs = _fill(store, base, extras, on_disk=True)
            store.flush()
            store.optimize()
            quads = len(store)
            marker.write_text(json.dumps({"fingerprint": fp, "triples": triples, "graphs": graphs, "quads": quads,
                                          "extra": _extra_names(extras)}), encoding="utf-8")
            return cls(store, BuildInfo(triples, graphs, time.perf_counter() - t0, False, str(p), "disk", fp, "built",
                                        quads), base)
        status = "off"
        if cache is not None:
            status = "built"
            if not rebuild:
                loaded, status = _load_cache(Path(cache), fp)
                if loaded is not None:
                    store, saved = loaded
                    return cls(store, BuildInfo(saved["triples"], saved["graphs"], time.perf_counter() - t0, True,
                                                None, "memory", fp, status, saved["quads"]), base)
        store = ox.Store()
        triples, graphs = _fill(store, base, extras)
        quads = len(store)
        if cache is not None:
            _write_cache(store, Path(cache), fp, triples, graphs)
        return cls(store, BuildInfo(triples, graphs, time.perf_counter() - t0, False, None, "memory", fp, status,
                                    quads), base)

    def reopen_read_only(self) -> None:
        """An on-disk store opened again, read-only (in a forked process: RocksDB's handle does not
        survive a fork)."""
        if self.info.kind == "disk" and self.info.path:
            self.store = ox.Store.read_only(self.info.path)

    # -- the contract's primitives ------------------------------------------------------------------
    def query(self, sparql: str, substitutions: Substitutions | None = None, *,
              default_graph: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None, base_iri: str | None = None) -> QueryResult:
        """See :meth:`KnowledgeBase.query`. Bound IRIs and literals travel as a VALUES block at
        the start of the query's WHERE group, placed by parsing the query (as on a server store,
        :func:`dvo_kb.binding.bind_values`): the engine's planner then knows them, where with
        pyoxigraph's substitutions it plans as if they were unbound (a lid's norms through
        ``dvo:hasItem?``: 120 ms at 1M quads, against 0.5 ms). Substitutions bind blank nodes,
        values of a query with a sub-SELECT (they reach into it, a VALUES block outside it does
        not: norms.rq at 1M, 50 ms against 12 s), and values of a query that the grammar does not
        read or that the block makes invalid (a BIND to a bound variable). Bound values follow a
        VALUES block's semantics: they are visible in an OPTIONAL's FILTER and in a projected
        expression. The result is pyoxigraph's, streamed: solutions, a boolean or triples."""
        kwargs: dict[str, Any] = {}
        if default_graph is not None:
            kwargs["default_graph"] = list(default_graph)
        if named_graphs is not None:
            kwargs["named_graphs"] = list(named_graphs)
        if base_iri is not None:
            kwargs["base_iri"] = base_iri
        # (a query with a codepoint escape is left to substitutions: the parser that places the
        # block reads escapes as SPARQL 1.1 §19.2 says, pyoxigraph does not in every case)
        if (substitutions and all(isinstance(v, (ox.NamedNode, ox.Literal)) for v in substitutions.values())
                and "\\u" not in sparql and "\\U" not in sparql):
            from .binding import bind_values, has_subquery

            try:
                if not has_subquery(sparql):
                    bound: QueryResult = self.store.query(bind_values(sparql, substitutions), prefixes=PREFIXES,
                                                          **kwargs)
                    return bound
            except (ValueError, SyntaxError):  # e.g. a BIND to a bound variable: substitutions below
                pass
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        result: QueryResult = self.store.query(sparql, prefixes=PREFIXES, substitutions=subs or None, **kwargs)
        return result

    def quads(self, subject: Subject | None = None, predicate: ox.NamedNode | None = None, obj: Term | None = None,
              graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(subject, predicate, obj, graph or ox.DefaultGraph()))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def named_quads(self) -> list[ox.Quad]:
        return [q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph)]


def _extra_names(extras: Sequence[Path]) -> list[str]:
    """The extra data files of a build, as the marker of an on-disk store records them."""
    return sorted(str(Path(e).resolve()) for e in extras)


def _fill(store: ox.Store, base: str, extras: Sequence[Path], on_disk: bool = False) -> tuple[int, int]:
    from .clauses.build import build  # the build pulls in the parser; not needed on reuse

    for p in extras:  # first, while the default graph is empty
        load_extra(store, p, base)
    if extras and on_disk:  # every triple once more in the default graph, the union, streamed per graph
        # by the bulk loader: an update holds all its solutions at once (at 5M quads a peak of 5.6 GB)
        default = ox.DefaultGraph()
        for g in list(store.named_graphs()):
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default)
                              for q in store.quads_for_pattern(None, None, None, g))
    elif extras:  # the same in memory by an update (in Rust: 2x faster than from Python)
        store.update(sparql.load("queries/union.ru"))
    res = build(base)
    store.bulk_extend(quads(res.graphs))
    graphs = len(res.graphs)
    if extras:
        graphs = sum(1 for _ in store.named_graphs())
        counted = store.query(sparql.load("queries/count.rq"), prefixes=PREFIXES)
        assert isinstance(counted, ox.QuerySolutions)
        return int(next(iter(counted))["n"].value), graphs
    return res.triple_count(), graphs


def _cache_files(cache: Path, fp: str) -> tuple[Path, Path]:
    """The dump of the build with this fingerprint and the metadata beside it."""
    dump = cache / f"graph-{fp[:24]}.nq"
    return dump, dump.with_suffix(".json")


def _load_cache(cache: Path, fp: str) -> tuple[tuple[ox.Store, dict[str, Any]] | None, str]:
    """The store loaded from the cached dump of the build with this fingerprint, with its
    metadata, and "reused"; or None and why not: "built" (no dump), "rebuilt: <why>" (a dump
    that does not match its metadata: checksum, quad count, fingerprint; said in a warning).
    The dump is read once: its bytes are hashed, then loaded."""
    dump, meta = _cache_files(cache, fp)
    if not dump.is_file() and not meta.is_file():
        return None, "built"
    why = ""
    try:
        saved = json.loads(meta.read_text(encoding="utf-8"))
        data = dump.read_bytes()
        if not isinstance(saved, dict) or saved.get("fingerprint") != fp:
            why = "fingerprint mismatch"
        elif "sha256" not in saved or "quads" not in saved:
            why = "no checksum (a cache of an earlier version)"
        elif hashlib.sha256(data).hexdigest() != saved["sha256"]:
            why = "checksum mismatch"
        else:
            store = ox.Store()
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
            quads = len(store)
            if quads != saved["quads"]:
                why = f"quad count mismatch ({quads}, not {saved['quads']})"
            else:
                saved["triples"], saved["graphs"] = int(saved["triples"]), int(saved["graphs"])
                return (store, saved), "reused"
    except FileNotFoundError as exc:
        why = f"{Path(exc.filename or '').name or 'a file'} missing"
    except (OSError, ValueError, SyntaxError, KeyError, TypeError) as exc:
        why = f"unreadable ({type(exc).__name__})"
    log.warning("the cached build %s does not match its metadata and is rebuilt: %s", dump, why)
    return None, f"rebuilt: {why}"


def _write_cache(store: ox.Store, cache: Path, fp: str, triples: int, graphs: int) -> None:
    """The dump of a build (named graphs and the default graph), written atomically, with its
    metadata beside it: the fingerprint, the counts, the quads in the dump and its sha256 (the
    dump is used only while both match); older dumps go. A cache that cannot be written is
    skipped: the graph is still there, in memory."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        dump, meta = _cache_files(cache, fp)
        tmp = dump.with_suffix(f".tmp{os.getpid()}")
        store.dump(output=str(tmp), format=ox.RdfFormat.N_QUADS)
        h = hashlib.sha256()
        with tmp.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        tmp.replace(dump)
        tmp_meta = meta.with_suffix(f".tmp{os.getpid()}j")
        tmp_meta.write_text(json.dumps({"fingerprint": fp, "triples": triples, "graphs": graphs, "quads": len(store),
                                        "sha256": h.hexdigest()}), encoding="utf-8")
        tmp_meta.replace(meta)
        for old in cache.glob("graph-*.nq"):
            if old != dump:
                old.unlink(missing_ok=True)
                old.with_suffix(".json").unlink(missing_ok=True)
    except OSError:
        pass
