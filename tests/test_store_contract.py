"""The store contract (dvo_kb/kb.py): the embedded and the server store implement it, give the
same answers through it, a third backend is one module, and the store modules import no cycle."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from dvo_kb import kb as contract
from dvo_kb.kb import KnowledgeBase, StoreError, WrongForm
from dvo_kb.remote import RemoteKnowledgeBase
from dvo_kb.store import EmbeddedKnowledgeBase

ROOT = Path(__file__).parent.parent
DVO = "https://w3id.org/dvo-kb/def#"
BASE = "https://w3id.org/dvo-kb/id/"
STORE_MODULES = ["dvo_kb.kb", "dvo_kb.sparql", "dvo_kb.binding", "dvo_kb.store", "dvo_kb.remote"]
# imports of others' modules that close a cycle through a store module, named so that the list can
# only shrink: each goes when its module imports the contract (dvo_kb.kb) instead
CYCLE_EDGES_TO_REMOVE: set[tuple[str, str]] = set()
PRIMITIVES = ["open_at", "query", "quads", "graph_names", "named_quads"]


# -- the backends implement the contract ------------------------------------------------------------
@pytest.mark.parametrize("backend", [EmbeddedKnowledgeBase, RemoteKnowledgeBase])
def test_both_backends_implement_the_contract(backend: type[KnowledgeBase]) -> None:
    assert issubclass(backend, KnowledgeBase) and not inspect.isabstract(backend)
    for name in PRIMITIVES:
        mine, theirs = inspect.signature(getattr(backend, name)), inspect.signature(getattr(KnowledgeBase, name))
        assert list(mine.parameters) == list(theirs.parameters), (backend.__name__, name)
    assert {b.target for b in contract.BACKENDS} == {"dvo_kb.remote:RemoteKnowledgeBase",
                                                     "dvo_kb.store:EmbeddedKnowledgeBase"}


def test_the_contract_cannot_be_half_implemented() -> None:
    class Half(KnowledgeBase):
        def query(self, sparql: str, substitutions: Any = None, **kw: Any) -> Any:
            raise NotImplementedError

    with pytest.raises(TypeError, match="abstract"):
        Half()  # type: ignore[abstract]


def test_knowledge_base_of_a_pyoxigraph_store_is_the_embedded_one() -> None:
    """KnowledgeBase(store, info, base), as callers wrote it before the contract."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode(DVO + "documentId"), ox.Literal("x")))
    made = KnowledgeBase(store, contract.BuildInfo(1, 0, 0.0, False, None), BASE)  # type: ignore[abstract]
    assert type(made) is EmbeddedKnowledgeBase and made.store is store
    assert made.select("SELECT ?id WHERE { ?s dvo:documentId ?id }") == [{"id": "x"}]


# -- the same answers on both stores ----------------------------------------------------------------
@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> KnowledgeBase:
    return KnowledgeBase.open(oxigraph_server)


def test_the_same_answers_through_the_contract(remote: KnowledgeBase, kb: KnowledgeBase) -> None:
    assert isinstance(kb, EmbeddedKnowledgeBase) and isinstance(remote, RemoteKnowledgeBase)
    doc = ox.NamedNode(BASE + "dvo-pwm-2018")
    art = ox.NamedNode(BASE + "dvo-pwm-2018/art/13")
    q = "SELECT ?id ?title WHERE { ?d dvo:documentId ?id ; dvo:title ?title } ORDER BY ?id"
    assert remote.select(q) == kb.select(q) and len(kb.select(q)) >= 6
    q = "SELECT ?d ?a ?n WHERE { ?d dvo:hasArticle ?a . ?a dvo:number ?n } ORDER BY ?a"
    assert remote.select(q, {"d": doc}) == kb.select(q, {"d": doc}) and kb.select(q, {"d": doc})
    ask = "ASK { ?d dvo:hasArticle ?a }"
    assert remote.ask(ask, {"a": art}) is kb.ask(ask, {"a": art}) is True
    assert remote.ask(ask, {"a": doc}) is kb.ask(ask, {"a": doc}) is False
    construct = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    assert sorted(map(str, remote.construct(construct, {"a": art}))) == sorted(map(str, kb.construct(construct, {"a": art})))
    assert all(isinstance(t, ox.Triple) for t in kb.construct(construct, {"a": art}))
    assert sorted(map(str, remote.quads(art))) == sorted(map(str, kb.quads(art)))
    assert remote.graph_names() == kb.graph_names()
    path = [DVO + "hasArticle", DVO + "number"]
    assert remote.objects([doc.value, "not an iri"], path) == kb.objects([doc.value, "not an iri"], path)
    assert remote.health()["status"] == kb.health()["status"] == "ok"
    for store in (kb, remote):
        with pytest.raises(WrongForm, match="not an ASK"):
            store.ask(q)
        with pytest.raises(WrongForm, match="not a SELECT"):
            store.select(ask)
        with pytest.raises(SyntaxError):
            store.select("SELECT ?x WHERE { ?x")


# -- a third backend is one module ------------------------------------------------------------------
THIRD = '''
"""A third store: triples in a pyoxigraph store made for it (one module, one line in BACKENDS)."""
from __future__ import annotations

import pyoxigraph as ox

from dvo_kb.kb import PREFIXES, BuildInfo, KnowledgeBase


class ThirdKnowledgeBase(KnowledgeBase):
    def __init__(self, store, base):
        self._store, self.base = store, base
        self.info = BuildInfo(len(store), 0, 0.0, False, None, "third", quads=len(store))

    @classmethod
    def open_at(cls, location, options):
        store = ox.Store()
        s = ox.NamedNode(options.base + "doc")
        dvo = PREFIXES["dvo"]
        store.add(ox.Quad(s, ox.NamedNode(dvo + "documentId"), ox.Literal(str(location)[len("third:"):])))
        store.add(ox.Quad(s, ox.NamedNode(dvo + "hasArticle"), ox.NamedNode(options.base + "doc/art/1")))
        store.add(ox.Quad(ox.NamedNode(options.base + "doc/art/1"), ox.NamedNode(dvo + "number"), ox.Literal("1")))
        return cls(store, options.base)

    def query(self, sparql, substitutions=None, *, default_graph=None, named_graphs=None, base_iri=None):
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self._store.query(sparql, prefixes=PREFIXES, substitutions=subs or None)

    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        return list(self._store.quads_for_pattern(subject, predicate, obj, graph or ox.DefaultGraph()))

    def graph_names(self):
        return []

    def named_quads(self):
        return []
'''


def test_a_third_backend_is_one_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "thirdkb.py").write_text(textwrap.dedent(THIRD), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(contract, "BACKENDS", [
        contract.Backend("third", lambda loc: isinstance(loc, str) and loc.startswith("third:"),
                         "thirdkb:ThirdKnowledgeBase"), *contract.BACKENDS])
    third = KnowledgeBase.open("third:synth-7")
    assert type(third).__name__ == "ThirdKnowledgeBase" and third.info.kind == "third"
    assert third.select("SELECT ?id WHERE { ?d dvo:documentId ?id }") == [{"id": "synth-7"}]
    assert third.ask("ASK { ?d dvo:documentId ?id }", {"id": ox.Literal("synth-7")})
    # the readings the contract builds on the primitives: objects (through quads) and health
    assert third.objects([BASE + "doc"], [DVO + "hasArticle", DVO + "number"]) == {BASE + "doc": ["1"]}
    assert third.health()["status"] == "degraded"  # a document with an article, but not of the corpus
    with pytest.raises(StoreError, match="extra data cannot be added"):
        KnowledgeBase.open("http://127.0.0.1:9/query", extra=["x.nq"])


# -- no import cycle -------------------------------------------------------------------------------
def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(["dvo_kb", *parts])


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The import statements under ``if TYPE_CHECKING:`` (never run)."""
    return {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for stmt in node.body for n in ast.walk(stmt)}


def _imports(path: Path) -> set[str]:
    """The package's modules a module imports when it runs, anywhere in it (at the top or in a
    function), with the packages they are in."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("dvo_kb")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.startswith("dvo_kb"):
                target = node.module
            else:
                continue
            out.add(target)
            out |= {f"{target}.{a.name}" for a in node.names}  # `from . import sparql` imports a module
    return out | {".".join(m.split(".")[:i]) for m in out for i in range(2, m.count(".") + 1)}  # their packages


def import_graph() -> dict[str, set[str]]:
    files = [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in
             {"tests", "benchmarks", "build", ".venv", "venv", "docs"}]
    modules = {_module_name(p): p for p in files}
    return {m: {t for t in _imports(p) if t in modules and t != m} for m, p in modules.items()}


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), list(graph.get(start, ()))
    while todo:
        m = todo.pop()
        if m == goal:
            return True
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()))
    return False


def test_the_store_modules_import_no_cycle() -> None:
    graph = import_graph()
    for a, b in CYCLE_EDGES_TO_REMOVE:
        assert b in graph[a], f"{a} no longer imports {b}: take it off CYCLE_EDGES_TO_REMOVE"
        graph[a].discard(b)
    assert {"dvo_kb.kb", "dvo_kb.store", "dvo_kb.remote", "dvo_kb.sparql"} <= set(graph)
    cycles = [m for m in STORE_MODULES if _reaches(graph, m, m)]
    assert not cycles, f"import cycles through {cycles}"
    # the contract knows no backend; the backends do not know each other
    assert not ({"dvo_kb.store", "dvo_kb.remote"} & graph["dvo_kb.kb"])
    assert "dvo_kb.store" not in graph["dvo_kb.remote"] and "dvo_kb.remote" not in graph["dvo_kb.store"]


def test_the_graph_sees_a_cycle_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert _reaches(graph, "a", "a") and not _reaches(graph, "c", "c")


@pytest.mark.parametrize("module", STORE_MODULES)
def test_each_store_module_imports_fresh_on_its_own(module: str) -> None:
    """Imported first, in a new interpreter: the contract and the loader pull in no backend."""
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('dvo_kb.store', 'dvo_kb.remote') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT.parent)
    assert r.returncode == 0, r.stderr
    loaded = eval(r.stdout.strip())  # noqa: S307 (our own print of a list of names)
    if module in ("dvo_kb.kb", "dvo_kb.sparql"):
        assert loaded == []
