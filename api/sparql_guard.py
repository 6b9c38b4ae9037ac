"""The SPARQL endpoint's guard: every query is parsed before it is evaluated.

A query sent to ``/sparql`` is parsed with the SPARQL 1.1 Query grammar (``sparql11.lark``, LALR:
the parser keeps its own stack, so no input can exhaust the process's). What the query does is
read from the parse tree, never from its text: a ``SERVICE`` pattern anywhere (a federated call
to another host) is refused, an update or ``LOAD`` does not parse as a query and is refused as
such, and the query's form and final ``LIMIT`` come from the tree. Words such as "service" in a
variable (``?service``), a prefixed name (``ex:service``), a string or a comment are just that.

Before parsing, the codepoint escapes ``\\uXXXX`` and ``\\UXXXXXXXX`` are resolved as SPARQL 1.1
§19.2 prescribes (they may stand for any character, ``\\u0053ERVICE`` is ``SERVICE``), and the
text so resolved is what the engine is given: what was checked is what runs.

Limits, so that no query can crash or starve the evaluator (whose parser and evaluator recurse):
its length, its nesting depth (brackets and braces), and its *operator depth*, the depth of the
algebra it becomes (a chain of 1000 ``UNION``s or ``&&``s is 1000 levels deep in the engine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

HERE = Path(__file__).parent
_OPEN, _CLOSE = frozenset("({["), frozenset(")}]")
# rules whose children the engine nests one in another (a left-deep chain): each child is a level
_CHAINS = frozenset({"conditional_or_expression", "conditional_and_expression", "additive_expression",
                     "multiplicative_expression", "group_or_union_graph_pattern", "path_alternative",
                     "path_sequence", "group_graph_pattern_sub", "triples_block", "object_list", "object_list_path",
                     "property_list_not_empty", "property_list_path_not_empty", "arg_list", "expression_list",
                     "construct_triples", "triples_template", "group_clause", "order_clause", "select_clause"})


class QueryRefused(Exception):
    """A query that is not evaluated: ``status`` and ``code`` for the HTTP answer, a message that
    says what is wrong and where."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Limits:
    max_length: int = 100_000  # characters
    max_depth: int = 100  # nested brackets and braces
    max_operator_depth: int = 1000  # levels of the algebra (nesting plus the length of chains)


@dataclass(frozen=True)
class CheckedQuery:
    text: str  # the query as the engine gets it: codepoint escapes resolved
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    limit: int | None  # the final LIMIT of the query, if it has one
    # the query's own dataset, FROM and FROM NAMED, as IRIs (relative ones resolved against the
    # query's BASE if it has one; those still relative, against the endpoint's); None: no dataset
    # clause, or one whose prefixed names the prologue does not declare
    dataset: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    # the query calls NOW, RAND, UUID, STRUUID or BNODE: its answer differs from one evaluation to
    # the next, so it is never kept for the same query asked again (api/result_cache.py)
    volatile: bool = False


# the terminals of the functions whose value is new at each call (SPARQL 1.1 §17.4: NOW, RAND,
# UUID, STRUUID in BUILTIN_0, and BNODE)
VOLATILE = frozenset({"BUILTIN_0", "BNODE"})


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    data = yaml.safe_load((HERE / "sparql11.yaml").read_text(encoding="utf-8"))
    types = {k: data["renamed"].get(k, k) for k in data["keywords"]}
    for terminal, words in data["functions"].items():
        types.update({w: terminal for w in words})
    return types, frozenset(data["update_keywords"])


def _type_word(tok: Token) -> Token:
    """A bare word typed as the keyword it is ("a" only in lower case, as in the grammar);
    any other word stays BAREWORD, which no rule accepts."""
    types, _ = _vocabulary()
    if tok.value == "a":
        tok.type = "A"
    else:
        tok.type = types.get(tok.value.upper(), "BAREWORD")
    return tok


@lru_cache(maxsize=1)
def parser() -> Lark:
    return Lark.open("sparql11.lark", rel_to=__file__, parser="lalr", lexer="basic",
                     lexer_callbacks=lexer_callbacks(), propagate_positions=False,
                     maybe_placeholders=False, cache=grammar_cache("sparql11"))


_GRAMMAR_CACHE: list[str] = []  # the folder, once the settings name one (use_grammar_cache)


def use_grammar_cache(folder: str | None) -> None:
    """Keep lark's analysis of the SPARQL grammar in ``folder`` (the user's cache directory, the
    setting DVO_KB_CACHE; None: nowhere). Said by the settings when they open the knowledge base."""
    _GRAMMAR_CACHE[:] = [folder] if folder else []


def grammar_cache(name: str) -> str | bool:
    """Where lark keeps its analysis of the SPARQL grammar (0.3-0.6 s to compute, once per
    process, the first time a query is checked or bound): a file in the cache folder the
    settings named (lark checks the grammar's hash in it and computes it again when it does not
    match), or nowhere when none was named or it cannot be made."""
    if not _GRAMMAR_CACHE:
        return False
    folder = Path(_GRAMMAR_CACHE[0])
    target = folder / f"lark-{name}.pickle"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # lark unpickles the file before it checks the grammar's hash: only a folder and a file
        # that no one else can write (the user's own cache; not a shared or mounted folder)
        if not _own(folder) or target.is_symlink() or (target.exists() and not _own(target)):
            return False
    except OSError:
        return False
    return str(target)


def _own(path: Path) -> bool:
    """Is ``path`` this user's, and writable by no one else?"""
    import os

    st = path.lstat()
    return (not hasattr(os, "getuid") or st.st_uid == os.getuid()) and not st.st_mode & 0o022


def lexer_callbacks() -> dict[str, Any]:
    """The grammar's lexer callbacks (a bare word typed as a keyword or a prefixed name), for
    every parser of ``sparql11.lark``."""
    return {"BAREWORD": _type_word}


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(query: str) -> str:
    """SPARQL 1.1 §19.2: codepoint escape sequences are processed before parsing."""
    def char(m: re.Match[str]) -> str:
        cp = int(m.group(1) or m.group(2), 16)
        if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            raise QueryRefused(400, "malformed_query", f"malformed SPARQL: {m.group(0)} is not a character")
        return chr(cp)
    return _ESCAPE.sub(char, query) if "\\u" in query or "\\U" in query else query


def _where(query: str, line: int | None, column: int | None) -> str:
    return f"line {line}, column {column}" if line is not None else "the end of the query"


def _too_deep(tok: Token, limits: Limits) -> QueryRefused:
    return QueryRefused(400, "query_too_deep", f"the query is nested more than {limits.max_depth} levels deep "
                                               f"(at line {tok.line}, column {tok.column})")


def _counted(tokens: Iterable[Token], limits: Limits) -> Iterator[Token]:
    """The tokens as they come, refusing the first that opens a bracket too deep."""
    depth = 0
    for tok in tokens:
        if tok.value in _OPEN and len(tok.value) == 1:
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(tok, limits)
        elif tok.value in _CLOSE and len(tok.value) == 1:
            depth -= 1
        yield tok


def _tokens(query: str, limits: Limits) -> list[Token]:
    """The query's tokens, refusing one that is nested too deeply or is an update (the reasons
    of a query the parser did not take: ``_parse``)."""
    tokens: list[Token] = []
    try:
        tokens.extend(_counted(parser().lex(query), limits))
    except UnexpectedCharacters as exc:
        raise QueryRefused(400, "malformed_query", f"malformed SPARQL at {_where(query, exc.line, exc.column)}: "
                                                   f"unexpected character {query[exc.pos_in_stream or 0]!r}") from None
    _, updates = _vocabulary()
    i = 0
    while i < len(tokens) and tokens[i].type in ("BASE", "PREFIX"):  # the prologue
        i += 3 if tokens[i].type == "PREFIX" else 2
    if i < len(tokens) and tokens[i].type == "BAREWORD" and tokens[i].value.upper() in updates:
        raise QueryRefused(403, "updates_refused",
                           f"this endpoint is read-only: {tokens[i].value.upper()} (a SPARQL update) is refused")
    return tokens


def _parse(text: str, limits: Limits) -> Tree[Any]:
    """The query's tree, its nesting counted token by token as the parser reads them (one pass of
    the lexer; the parser is LALR, without recursion, and stops at the first token too deep). A
    query the parser does not take is lexed again (``_tokens``) for the lexer's reasons first:
    too deep, an update, a character that is no SPARQL."""
    interactive = parser().parse_interactive(text)
    try:
        for _ in _counted(interactive.iter_parse(), limits):
            pass
        return interactive.feed_eof()
    except (LarkError, RecursionError):
        _tokens(text, limits)
        raise


@dataclass
class _Facts:
    """What one walk over a query's tree finds (``_walk``)."""
    depth: int = 0  # how deep its algebra nests: one level per bracket and per member of a chain
    service: bool = False  # a SERVICE pattern anywhere
    volatile: bool = False  # a function whose value changes from one evaluation to the next
    prefixed: list[Token] = field(default_factory=list)  # its prefixed names, outside PREFIX declarations
    declared: set[str] = field(default_factory=set)  # the prefixes its prologue declares


def _walk(tree: Tree[Any]) -> _Facts:
    """One walk over the tree, without recursion: the algebra's depth (one level per bracket,
    and one per member of a chain: members of a UNION, operands of &&, steps of a path...), and
    what the checks of ``_check`` need."""
    facts = _Facts()
    depth: dict[int, int] = {}
    stack: list[tuple[Tree[Any], bool]] = [(tree, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            data = node.data
            if data == "service_graph_pattern":
                facts.service = True
            in_decl = data == "prefix_decl"
            if in_decl:
                facts.declared.add(str(node.children[1])[:-1])
            for c in node.children:
                if isinstance(c, Tree):
                    stack.append((c, False))
                elif isinstance(c, Token):
                    if c.type in VOLATILE:
                        facts.volatile = True
                    elif not in_decl and c.type in ("PNAME_LN", "PNAME_NS"):
                        facts.prefixed.append(c)
            continue
        below = max((depth.pop(id(c)) for c in node.children if isinstance(c, Tree)), default=0)
        depth[id(node)] = below + (len(node.children) if node.data in _CHAINS else 1)
    facts.depth = depth[id(tree)]
    return facts


def _form_and_limit(tree: Tree[Any]) -> tuple[str, int | None]:
    query = next(c for c in tree.children if isinstance(c, Tree) and c.data.endswith("_query"))
    form = str(query.data).removesuffix("_query").upper()
    limit = None
    modifier = next((c for c in query.children if isinstance(c, Tree) and c.data == "solution_modifier"), None)
    if modifier is not None:
        for clause in modifier.find_data("limit_clause"):
            limit = int(str(clause.children[1]))
    return form, limit


_LOCAL_ESCAPE = re.compile(r"\\(.)")


def _dataset(tree: Tree[Any], predeclared: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The IRIs of the query's FROM and FROM NAMED clauses (the query form's own children: a
    subquery has none), prefixed names expanded with the prologue and ``predeclared``."""
    query = next(c for c in tree.children if isinstance(c, Tree) and c.data.endswith("_query"))
    clauses = [c for c in query.children if isinstance(c, Tree) and c.data == "dataset_clause"]
    if not clauses:
        return None
    base: str | None = None
    prefixes = dict(predeclared)
    prologue = next(c for c in tree.children if isinstance(c, Tree) and c.data == "prologue")

    def resolve(ref: str) -> str:
        return urljoin(base, ref) if base else ref

    for decl in prologue.children:
        if not isinstance(decl, Tree):
            continue
        if decl.data == "base_decl":
            base = resolve(str(decl.children[1])[1:-1])
        elif decl.data == "prefix_decl":
            prefixes[str(decl.children[1])[:-1]] = resolve(str(decl.children[2])[1:-1])
    default: list[str] = []
    named: list[str] = []
    for clause in clauses:
        tok = str(next(clause.find_data("iri")).children[0])
        if tok.startswith("<"):
            iri = resolve(tok[1:-1])
        else:
            prefix, _, local = tok.partition(":")
            if prefix not in prefixes:
                return None
            iri = prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        (named if any(isinstance(t, Token) and t.type == "NAMED" for t in clause.children) else default).append(iri)
    return tuple(default), tuple(named)


FORMS = ("select", "construct", "ask", "describe")  # the query forms of SPARQL 1.1 (section 16)
PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n?|(?i:prefix)\s+[^\s:]*:\s*<[^>]*>|(?i:base)\s+<[^>]*>)")


def _significant(text: str) -> str:
    """The query without its comments and white space (nothing: an empty query)."""
    return re.sub(r"#[^\n]*", "", text).strip()


def _form_word(text: str) -> tuple[int, int, str] | None:
    """Where the first word after the prologue (PREFIX, BASE, comments) stands, and that word,
    when it is no query form: for the message of a query that misspells it. Only for the words of
    an error message: what a query does is decided by the parser."""
    i = 0
    while m := PROLOGUE.match(text, i):
        if m.end() == i:
            break
        i = m.end()
    word = re.match(r"\s*([A-Za-z]+)", text[i:])
    if word is None or word.group(1).lower() in (*FORMS, "prefix", "base"):
        return None  # a query form, or a prologue the pattern could not read (the parser's message says where)
    at = i + word.start(1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, word.group(1)


def check(query: str, limits: Limits = Limits()) -> CheckedQuery:
    """The query parsed and checked, or QueryRefused saying why not."""
    if len(query) > limits.max_length:
        raise QueryRefused(413, "query_too_long", f"the query is longer than {limits.max_length} characters")
    return _check(unescape(query), limits)


@lru_cache(maxsize=512)
def _check(text: str, limits: Limits) -> CheckedQuery:
    try:
        tree = _parse(text, limits)
    except UnexpectedEOF:
        raise QueryRefused(400, "malformed_query", "malformed SPARQL: the query ends too early") from None
    except UnexpectedToken as exc:
        tok = exc.token
        if not _significant(text):
            raise QueryRefused(400, "malformed_query", "malformed SPARQL: the query is empty") from None
        misspelt = _form_word(text)
        if tok.type == "$END" and misspelt is None:
            raise QueryRefused(400, "malformed_query", "malformed SPARQL: the query ends too early") from None
        if misspelt is not None:  # "SELEKT * WHERE ...": the error is the first word, not where the parse stopped
            line, column, word = misspelt
            raise QueryRefused(400, "malformed_query",
                               f"malformed SPARQL at line {line}, column {column}: {word!r} is no query form "
                               "(a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE, after PREFIX and BASE)") from None
        raise QueryRefused(400, "malformed_query",
                           f"malformed SPARQL at {_where(text, exc.line, exc.column)}: unexpected {str(tok)!r}") from None
    except UnexpectedInput as exc:
        raise QueryRefused(400, "malformed_query",
                           f"malformed SPARQL at {_where(text, exc.line, exc.column)}") from None
    except (LarkError, RecursionError) as exc:
        raise QueryRefused(400, "malformed_query", f"malformed SPARQL ({type(exc).__name__})") from None
    facts = _walk(tree)
    if facts.service:
        raise QueryRefused(403, "service_refused",
                           "federated SERVICE calls to other hosts are refused by this endpoint")
    if facts.depth > limits.max_operator_depth:
        raise QueryRefused(400, "query_too_deep", f"the query's operators nest more than "
                                                  f"{limits.max_operator_depth} levels deep (long chains of "
                                                  f"UNION, &&, || or path steps count one level each)")
    form, limit = _form_and_limit(tree)
    from ..kb import PREFIXES  # the prefixes the engine predeclares

    _undeclared(text, facts, PREFIXES)
    return CheckedQuery(text=text, form=form, limit=limit, dataset=_dataset(tree, PREFIXES), volatile=facts.volatile)


def _undeclared(text: str, facts: _Facts, predeclared: dict[str, str]) -> None:
    """A prefixed name whose prefix neither the query nor the engine declares is refused with
    its place and the prefixes there are (the engine would say "expected OPTIONAL" or list
    Unicode ranges)."""
    declared = set(predeclared) | facts.declared
    for tok in sorted(facts.prefixed, key=lambda t: t.start_pos or 0):  # the first in the text first
        prefix = str(tok).partition(":")[0]
        if prefix not in declared:
            raise QueryRefused(400, "undeclared_prefix",
                               f"malformed SPARQL at {_where(text, tok.line, tok.column)}: the prefix '{prefix}:' is "
                               f"not declared (declare it with PREFIX; dvo-kb declares "
                               f"{', '.join(sorted(predeclared))})")
