"""Values bound to a query as a ``VALUES`` block of RDF terms at the start of its WHERE group,
found by parsing the query with the SPARQL 1.1 grammar of the endpoint's guard
(``api/sparql11.lark``): never text spliced into the query, no regular expression over it.

A server store (:mod:`dvo_kb.remote`) binds values this way because the protocol has no other;
the embedded store (:mod:`dvo_kb.store`) too, where it lets the engine plan with the values
known (and not where the query has a sub-SELECT, :func:`has_subquery`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from lark import Lark, Tree
from lark.exceptions import LarkError

from .api import sparql_guard

if TYPE_CHECKING:
    from .kb import KnowledgeBase


# -- values bound as a VALUES block --------------------------------------------------------------
@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The SPARQL 1.1 grammar of the endpoint's guard (api/sparql11.lark, its keyword typing),
    here with the positions of what it parses."""
    return Lark.open(str(sparql_guard.HERE / "sparql11.lark"), parser="lalr", lexer="basic",
                     lexer_callbacks=sparql_guard.lexer_callbacks(), propagate_positions=True,
                     maybe_placeholders=False, cache=sparql_guard.grammar_cache("sparql11-positions"))


def _child(tree: Tree[Any], *names: str) -> Tree[Any] | None:
    return next((c for c in tree.children if isinstance(c, Tree) and c.data in names), None)


@lru_cache(maxsize=512)
def _shape(query: str) -> tuple[int, int, bool, bool]:
    """One parse of a query (already unescaped) with the SPARQL 1.1 grammar: the offsets of its
    WHERE group's opening and just after its closing brace, whether that group is a subquery's,
    and whether a sub-SELECT stands anywhere in it. ValueError for a query that does not parse
    or has no WHERE group."""
    try:
        tree = _parser().parse(query)
    except (LarkError, RecursionError) as exc:
        raise ValueError(f"values can only be bound in a query that parses: {exc}") from None
    form = _child(tree, "select_query", "construct_query", "describe_query", "ask_query")
    where = _child(form, "where_clause") if form is not None else None
    group = _child(where, "group_graph_pattern") if where is not None else None
    if group is None:
        raise ValueError("values can only be bound in a query with a WHERE group (not in CONSTRUCT WHERE { ... })")
    nested = any(True for _ in tree.find_data("sub_select"))
    return group.meta.start_pos, group.meta.end_pos, _child(group, "sub_select") is not None, nested


def where_group(query: str) -> tuple[int, int, bool]:
    """Where the query's WHERE group is, parsed with the SPARQL 1.1 grammar: the offsets of its
    opening and just after its closing brace, and whether it is a subquery's group (``{ SELECT
    ... }``, which a VALUES block cannot join as is). ValueError for a query that does not parse
    or has no WHERE group to bind values in (``CONSTRUCT WHERE { ... }``, a DESCRIBE without one)."""
    return _shape(query)[:3]


def has_subquery(query: str) -> bool:
    """Whether the query holds a sub-SELECT anywhere (a VALUES block at the start of the WHERE
    group does not reach into one: the sub-SELECT is evaluated first, for every value); the same
    parse as :func:`bind_values` places its block by. ValueError for a query that does not parse
    or has no WHERE group."""
    return _shape(sparql_guard.unescape(query))[3]


def bind_values(query: str, substitutions: Mapping[str, Any] | None) -> str:
    """The query with a VALUES block of the bound terms at the start of its WHERE group."""
    if not substitutions:
        return query
    return bind_rows(query, list(substitutions), [list(substitutions.values())])


def bind_rows(query: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The query with a VALUES block of several rows of terms (one per solution) at the start of
    its WHERE group, found by parsing the query: the one way values reach a query on a server.
    The terms are written by pyoxigraph (N-Triples syntax, escaped): never query text."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a variable name: {name!r}")
    lines = []
    for row in rows:
        for name, term in zip(names, row, strict=True):
            if not isinstance(term, (ox.NamedNode, ox.Literal)):
                raise ValueError(f"?{name}: only IRIs and literals can be bound on a SPARQL server, not {term!r}")
        lines.append("(" + " ".join(str(term) for term in row) + ")")
    query = sparql_guard.unescape(query)  # what the server would read (SPARQL 1.1 §19.2), so the offsets hold
    start, end, subquery = where_group(query)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {' '.join(lines)} }} "
    if subquery:  # { SELECT ... } -> { VALUES ... { SELECT ... } }
        return query[:start + 1] + block + "{" + query[start + 1:end - 1] + "} " + query[end - 1:]
    return query[:start + 1] + block + query[start + 1:]


def select_each(kb: KnowledgeBase, query: str, name: str, values: Sequence[Any],
                chunk: int = 500) -> dict[str, list[dict[str, Any]]]:
    """The rows of a SELECT for each of several values of the variable ``name`` (which it
    projects), in a few queries rather than one per value: the values as rows of a VALUES block
    (:func:`bind_rows`), ``chunk`` at a time. Keyed by each value's text (an IRI's or a
    literal's value)."""
    out: dict[str, list[dict[str, Any]]] = {getattr(v, "value", str(v)): [] for v in values}
    todo = list(dict.fromkeys(values))
    for i in range(0, len(todo), chunk):
        for row in kb.select(bind_rows(query, [name], [[v] for v in todo[i:i + chunk]])):
            out.setdefault(row[name] or "", []).append(row)
    return out
