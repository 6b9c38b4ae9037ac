"""The documents of the knowledge base: one folder per document, and the one reader of them.

A document is a folder whose name is its id (``clauses/documents/dvo-pwm-2018/``):

- ``document.yaml``: its facts (titles, kind, parties and roles, dates, what it is based on,
  replaces and cites, each with the division of the text that states it), read into
  :class:`dvo_kb.clauses.facts.DocumentFacts` and checked on load: an error names the file and
  the line;
- its source text (``text.file``), or a stretch of another document's file (``text.document``);
- ``norms.ttl``: its norms (curated by hand, or extracted and marked for review).

The folders are found by glob under each root: the corpus of the package
(``clauses/documents/``) first, then the ``documents/`` folder of the user's data directory
(documents added later), if given. There is no list of documents anywhere else: adding a
document is adding a folder. The structure of each text (articles, leden, items) is parsed
from it by :mod:`dvo_kb.clauses.parser`, never written down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import UserError
from .facts import DocumentFacts, Review
from .layout import Layout
from .model import Document
from .parser import Line, ParseError, StructureParser, parse_plan, read_source, slice_lines

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"  # the corpus that ships with the package
FACTS_FILE = "document.yaml"
NORMS_FILE = "norms.ttl"
REVIEW_FILE = "review.yaml"  # an added document's lids accepted by a person (dvo-kb review)


class CorpusError(UserError):
    """A document folder that cannot be read: the message names the file and the line."""


@dataclass(frozen=True)
class DocumentFolder:
    """One document folder, read: its facts, where its text and its norms are."""

    id: str
    path: Path
    facts: DocumentFacts
    source: Path  # the file that holds its text (in its folder, or in another document's)

    @property
    def norms(self) -> Path | None:
        p = self.path / NORMS_FILE
        return p if p.is_file() else None

    @property
    def source_name(self) -> str:
        return self.source.name

    @property
    def review(self) -> Review | None:
        """The lids a person accepted, for a document added with ``dvo-kb add`` (else None:
        the norms of the corpus are curated by hand, that is reviewed)."""
        if self.facts.extracted is None:
            return None
        return read_review(self.path / REVIEW_FILE)


@dataclass
class CorpusDocument:
    """A document with its facts and its parsed structure."""

    id: str
    facts: DocumentFacts
    doc: Document
    folder: DocumentFolder | None = None


# -- reading one folder -------------------------------------------------------------------------
class _Loader(yaml.SafeLoader):
    """YAML without its own dates: a date is a string that the typed facts check (so that
    "2026-02-30" is an error with its line, not a crash of the YAML library)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _node_at(node: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """The YAML node at a pydantic error location (as deep as the document goes)."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(key)), None)
            if nxt is None:
                nxt = next((k for k, _ in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node


def _errors(path: Path, node: yaml.Node | None, exc: ValidationError) -> str:
    lines = []
    for e in exc.errors():
        loc = [x for x in e["loc"] if not (isinstance(x, str) and x[:1].isupper() or str(x).startswith("function-"))]
        line = _node_at(node, loc).start_mark.line + 1 if node is not None else 1
        where = ".".join(str(x) for x in loc) or "(the document)"
        lines.append(f"{path}:{line}: {where}: {e['msg']}")
    return "\n".join(lines)


def read_facts(folder: Path) -> DocumentFacts:
    """The facts of the document in `folder`, checked; a :class:`CorpusError` names file and line."""
    path = folder / FACTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusError(f"{path}: missing (every document folder has its {FACTS_FILE})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read it: {exc}") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
        data: Any = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CorpusError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}:1: a mapping of facts is expected (text:, kind:, title:, ...)")
    if "id" in data:
        line = _node_at(node, ["id"]).start_mark.line + 1 if node is not None else 1
        raise CorpusError(f"{path}:{line}: id: the id of a document is the name of its folder; leave it out")
    try:
        return DocumentFacts.model_validate({"id": folder.name, **data})
    except ValidationError as exc:
        raise CorpusError(_errors(path, node, exc)) from None


def read_review(path: Path) -> Review:
    """``review.yaml`` (empty when there is none yet), checked like the facts."""
    if not path.exists():
        return Review()
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
        data: Any = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    try:
        return Review.model_validate(data or {})
    except ValidationError as exc:
        raise CorpusError(_errors(path, node, exc)) from None


def _folders_under(root: Path) -> Iterable[Path]:
    if root.is_dir():
        for p in sorted(root.iterdir()):
            if p.is_dir() and (p / FACTS_FILE).exists():
                yield p


@lru_cache(maxsize=16)
def _read(roots: tuple[Path, ...]) -> dict[str, DocumentFolder]:
    facts: dict[str, tuple[Path, DocumentFacts]] = {}
    for root in roots:
        for folder in _folders_under(root):
            f = read_facts(folder)
            if f.id in facts:
                raise CorpusError(f"{folder}: a document {f.id!r} exists already ({facts[f.id][0]}): "
                                  f"a document's id is its folder's name and must be unique")
            facts[f.id] = (folder, f)
    out: dict[str, DocumentFolder] = {}
    names: dict[str, tuple[str, str]] = {}
    for doc_id, (folder, f) in facts.items():
        if f.text.file is not None:
            source = folder / f.text.file
        else:
            owner = facts.get(f.text.document or "")
            if owner is None or owner[1].text.file is None:
                raise CorpusError(f"{folder / FACTS_FILE}: text.document {f.text.document!r}: no document with "
                                  f"its own text file has that id")
            source = owner[0] / owner[1].text.file
        if not source.is_file():
            raise CorpusError(f"{folder / FACTS_FILE}: text: {source} does not exist")
        for pid, name in f.parties.items():
            seen = names.setdefault(pid, (name, doc_id))
            if seen[0] != name:
                raise CorpusError(f"{folder / FACTS_FILE}: party {pid!r} is named {name!r} here but "
                                  f"{seen[0]!r} in {seen[1]}: one party, one name")
        out[doc_id] = DocumentFolder(doc_id, folder, f, source)
    return out


def default_roots() -> tuple[Path, ...]:
    """The package's corpus, then the documents added to the user's data directory (the
    setting ``DVO_KB_DATA``: ``<data>/documents/<id>/``), if there are any."""
    from ..settings import load_settings

    added = load_settings().data / "documents"
    return (DOCUMENTS, added) if added.is_dir() and added.resolve() != DOCUMENTS.resolve() else (DOCUMENTS,)


def refresh() -> None:
    """Forgets the folders read (after a document was added or replaced)."""
    _read.cache_clear()


def folders(roots: Sequence[Path] | None = None) -> dict[str, DocumentFolder]:
    """Every document folder under the roots (default: :func:`default_roots`), by id."""
    return dict(_read(tuple(Path(r) for r in (roots if roots is not None else default_roots()))))


def folder(doc_id: str, roots: Sequence[Path] | None = None) -> DocumentFolder:
    found = folders(roots)
    if doc_id not in found:
        raise CorpusError(f"unknown document {doc_id!r}; the documents are: {', '.join(found)}")
    return found[doc_id]


def document_ids(roots: Sequence[Path] | None = None) -> list[str]:
    return list(folders(roots))


def normative_ids(roots: Sequence[Path] | None = None) -> list[str]:
    """The documents with norms (agreements, regulations, protocols; not a business plan)."""
    return [k for k, f in folders(roots).items() if f.facts.normative]


def municipalities(roots: Sequence[Path] | None = None) -> dict[str, str]:
    """Every party of every document: id -> name (one name per id, checked on load)."""
    out: dict[str, str] = {}
    for f in folders(roots).values():
        for pid, name in f.facts.parties.items():
            out.setdefault(pid, name)
    return out


def corpus_files(roots: Sequence[Path] | None = None) -> list[Path]:
    """Every file the documents are built from (for the fingerprint of a build)."""
    out: list[Path] = []
    for f in folders(roots).values():
        out += sorted(p for p in f.path.iterdir() if p.is_file())
    return out


def source_lines(doc_id: str, roots: Sequence[Path] | None = None) -> list[Line]:
    """The lines of the document's text (its stretch of the source file), numbered as in the file."""
    f = folder(doc_id, roots)
    return slice_lines(read_source(f.source), f.facts.text.start, f.facts.text.end, str(f.source))


def parse_document(doc_id: str, roots: Sequence[Path] | None = None, layout: Layout | None = None) -> CorpusDocument:
    f = folder(doc_id, roots)
    layout = layout or Layout()
    all_lines = read_source(f.source)
    lines = slice_lines(all_lines, f.facts.text.start, f.facts.text.end, str(f.source))
    if f.facts.kind == "Bedrijfsplan":
        doc = parse_plan(doc_id, f.source_name, lines, layout)
    else:
        doc = StructureParser(layout).parse_lines(doc_id, f.source_name, lines,
                                                  vocabulary_lines=[ln.text for ln in all_lines])
    return CorpusDocument(doc_id, f.facts, doc, f)


def parse_corpus(roots: Sequence[Path] | None = None) -> list[CorpusDocument]:
    layout = Layout()
    return [parse_document(d, roots, layout) for d in document_ids(roots)]


__all__ = ["DOCUMENTS", "CorpusDocument", "CorpusError", "DocumentFolder", "ParseError", "corpus_files",
           "default_roots", "document_ids", "folder", "folders", "municipalities", "normative_ids",
           "parse_corpus", "parse_document", "read_facts", "read_review", "refresh", "source_lines"]
