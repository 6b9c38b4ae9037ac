"""The one reader of dvo-kb's SPARQL: every query (and update) is a ``.rq`` (``.ru``) file
beside the code that runs it, read here, once.

    from dvo_kb import sparql

    NORMS = sparql.load("query/templates/norms.rq")      # a Query: the text, and where it is from
    RULES = sparql.load_all("rules/schedule/*.rq")       # sorted by path
    rows = kb.select(NORMS, {"doc": ox.NamedNode(iri)})  # values bound, never spliced into the text

Paths are relative to the package (``dvo_kb/``), with forward slashes, whatever the platform.
A :class:`Query` is a ``str`` (its text), so it goes wherever a query string went; values reach
it only as bound terms: a ``VALUES`` block placed by the SPARQL grammar's parser
(:mod:`dvo_kb.binding`; on the embedded store pyoxigraph's substitutions for a query with a
sub-SELECT or a blank node).

No Python module of the package holds a query in a string (``tests/test_sparql_files.py``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

PACKAGE = Path(__file__).parent
SUFFIXES = (".rq", ".ru")  # a query, an update


class Query(str):
    """The text of a query read from a file of the package; ``path``: where from (package-relative)."""

    path: str

    def __new__(cls, text: str, path: str) -> Query:
        q = super().__new__(cls, text)
        q.path = path
        return q

    @property
    def text(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"<Query {self.path}>"

    def __reduce__(self) -> tuple[type[Query], tuple[str, str]]:  # pickled as what it is (worker processes)
        return Query, (self.text, self.path)


def _relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"{path!r}: a query's path is relative to the package dvo_kb/, without '..'")
    return rel


@cache
def load(path: str) -> Query:
    """The query in the package's file ``path`` (e.g. ``"rules/events.rq"``), read once."""
    rel = _relative(path)
    try:
        return read(PACKAGE.joinpath(*rel.parts), str(rel))
    except FileNotFoundError:
        raise FileNotFoundError(f"dvo_kb/{rel}: no such query file (is it in the package data?)") from None


def read(file: Path, name: str | None = None) -> Query:
    """A query file outside the package (rules given as data at run time), read now; ``name``:
    what to call it (its path by default)."""
    if file.suffix not in SUFFIXES:
        raise ValueError(f"{file}: a query file ends in .rq (an update in .ru)")
    return Query(file.read_text(encoding="utf-8"), name or str(file))


@cache
def load_all(pattern: str) -> tuple[Query, ...]:
    """Every query whose path matches a glob pattern (e.g. ``"rules/schedule/*.rq"``), by path."""
    rel = _relative(pattern)
    found = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.glob(str(rel))
                   if p.is_file() and p.suffix in SUFFIXES)
    return tuple(load(p) for p in found)
