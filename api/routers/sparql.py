"""The SPARQL 1.1 Protocol endpoint (queries only, read-only).

GET /sparql?query=..., POST application/x-www-form-urlencoded (query=...) or
application/sparql-query; default-graph-uri and named-graph-uri; content negotiation for
results (JSON, XML, CSV, TSV) and graphs (Turtle, N-Triples, JSON-LD, RDF/XML); without a
query, a SPARQL 1.1 Service Description. Updates, LOAD and federated SERVICE calls are
refused; a result size limit and a time limit answer with a clear error.
"""

from __future__ import annotations

import asyncio
import codecs
import inspect
import re
import threading
from functools import lru_cache
from typing import IO, Any, cast
from urllib.parse import parse_qs, urljoin

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ...settings import Settings
from ...sparql import load as load_query
from ...store import PREFIXES, KnowledgeBase
from ..deps import get_evaluator, get_kb, get_result_cache, kb_dep, registry, settings_dep
from ..errors import ApiError
from ..evaluator import Failed, Job, Outcome, Unavailable
from ..limits import Cancelled, TimeLimitExceeded, run_limited
from ..negotiation import VARY, negotiate, not_acceptable_message
from ..result_cache import Kept
from ..result_cache import key as result_key
from ..sparql_guard import Limits, QueryRefused, check

router = APIRouter(tags=["sparql"])
DEFAULT_GRAPH_SIZE = load_query("api/routers/queries/default_graph_size.rq")
NAMED_GRAPH_SIZES = load_query("api/routers/queries/named_graph_sizes.rq")

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    # a graph asked for as plain XML or JSON (clients that send one Accept for every query): RDF/XML, JSON-LD
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
}
# the fewest bytes a result row takes in each format: a result of n bytes has at most
# n / MIN_ROW_BYTES rows, so one that is small enough needs no count of its rows
MIN_ROW_BYTES = {ox.QueryResultsFormat.JSON: 3, ox.QueryResultsFormat.XML: 17, ox.QueryResultsFormat.CSV: 2,
                 ox.QueryResultsFormat.TSV: 1}
# the types offered for each form of query, the default (for */* or no Accept) first
RESULT_OFFER = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml"]
GRAPH_OFFER = list(GRAPH_TYPES)
CANONICAL_GRAPH_TYPE = {"application/xml": "application/rdf+xml", "application/json": "application/ld+json"}
RDF_TYPES = [mt for mt in GRAPH_TYPES if mt not in CANONICAL_GRAPH_TYPE]  # the graph formats by their own names
# the ``format`` parameter (the query page's choice; SPARQLWrapper and other clients send it too), in
# place of Accept: its media type for a query of each kind (a value that names none for the kind
# of query asked leaves the choice to Accept: "xml" is the results' XML for a SELECT, RDF/XML for a
# CONSTRUCT, as other endpoints read it)
FORMAT_SOLUTIONS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                    "csv": "text/csv", "tsv": "text/tab-separated-values"}
FORMAT_GRAPH = {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
                "ntriples": "application/n-triples", "n-triples": "application/n-triples",
                "jsonld": "application/ld+json", "json-ld": "application/ld+json", "json": "application/ld+json",
                "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
                "xml": "application/rdf+xml"}
FORMAT_PARAMETER = {**FORMAT_GRAPH, **FORMAT_SOLUTIONS}  # every value the parameter takes


def _negotiate(accept: str, table: dict[str, Any], default: str) -> tuple[str, Any]:
    """The media type (and format) of ``table`` the Accept header prefers; ``default`` where
    none fits (the handler has refused such a request with 406 before: ``_choose``)."""
    offer = (default, *(mt for mt in table if mt != default))
    mt = _preferred(accept, offer) or default
    return mt, table[mt]


def _choose(form: str, accept: str) -> str:
    """The media type of the answer to a query of this form, or 406 when Accept allows none."""
    offer = GRAPH_OFFER if form in ("CONSTRUCT", "DESCRIBE") else RESULT_OFFER
    mt = _preferred(accept, tuple(offer))
    if mt is None:
        raise ApiError(406, "not_acceptable", f"a {form} query's answer: " + not_acceptable_message(offer))
    return mt


CACHED_ACCEPT = 512  # characters: longer Accept headers are negotiated each time, not kept


def _preferred(accept: str, offer: tuple[str, ...]) -> str | None:
    """``negotiate``, remembered for the Accept headers clients send again and again (parsing
    one costs about 20 µs, twice per query: here and in the worker)."""
    return _preferred_cached(accept, offer) if len(accept) <= CACHED_ACCEPT else negotiate(accept, offer)


@lru_cache(maxsize=256)
def _preferred_cached(accept: str, offer: tuple[str, ...]) -> str | None:
    return negotiate(accept, offer)


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
           "N-Triples", "JSON-LD", "RDF_XML"]


@lru_cache(maxsize=4)
def graph_counts(kb: KnowledgeBase) -> tuple[int, tuple[tuple[str, int], ...]]:
    """What the store holds, counted by the store: the triples of the default graph (the union,
    each triple once: a server's union default graph may give a triple once per graph that holds
    it, so the distinct ones are counted) and of each named graph. Counted once per knowledge base."""
    default = kb.select(DEFAULT_GRAPH_SIZE)
    named = kb.select(NAMED_GRAPH_SIZES)
    return int(default[0]["n"]), tuple((r["g"], int(r["n"])) for r in named)


def service_description(kb: KnowledgeBase, endpoint: str) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint: its languages, formats and features,
    its default dataset (the default graph, the union of the named graphs, with its real triple
    count, and every named graph with its own) and the graphs a request may name
    (``sd:availableGraphs``: the same named graphs)."""
    void = "http://rdfs.org/ns/void#"

    def n(local: str, ns: str = SD) -> ox.NamedNode:
        return ox.NamedNode(ns + local)

    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    graphs = ox.BlankNode("graphs")
    total, named = graph_counts(kb)
    out = [ox.Triple(service, a, n("Service")), ox.Triple(service, n("endpoint"), service),
           ox.Triple(service, n("supportedLanguage"), n("SPARQL11Query")),
           ox.Triple(service, n("feature"), n("UnionDefaultGraph")),
           ox.Triple(service, n("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
           ox.Triple(service, n("defaultDataset"), dataset), ox.Triple(service, n("availableGraphs"), graphs),
           ox.Triple(dataset, a, n("Dataset")), ox.Triple(dataset, n("defaultGraph"), default),
           ox.Triple(default, a, n("Graph")), ox.Triple(default, n("triples", void), ox.Literal(str(total), datatype=XSD_INTEGER)),
           ox.Triple(graphs, a, n("GraphCollection"))]
    out += [ox.Triple(service, n("resultFormat"), ox.NamedNode("http://www.w3.org/ns/formats/" + f)) for f in FORMATS]
    for i, (name, count) in enumerate(named):
        ng, g = ox.BlankNode(f"ng{i}"), ox.BlankNode(f"g{i}")
        out += [ox.Triple(dataset, n("namedGraph"), ng), ox.Triple(graphs, n("namedGraph"), ng),
                ox.Triple(ng, a, n("NamedGraph")), ox.Triple(ng, n("name"), ox.NamedNode(name)),
                ox.Triple(ng, n("graph"), g), ox.Triple(g, a, n("Graph")),
                ox.Triple(g, n("triples", void), ox.Literal(str(count), datatype=XSD_INTEGER))]
    return out


XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
SD_PREFIXES = {"sd": SD, "void": "http://rdfs.org/ns/void#", "formats": "http://www.w3.org/ns/formats/"}


def _charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type, lower case, or None."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower() or None
    return None


def _form(body: bytes, charset: str | None) -> dict[str, list[str]]:
    """An application/x-www-form-urlencoded body in its charset (UTF-8 when it names none):
    the text decoded, and its percent-escapes read as bytes of that charset, or of UTF-8 for a
    charset in which "%" and "=" are not ASCII bytes (UTF-16, UTF-32)."""
    name = charset or "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise ApiError(415, "unsupported_charset", f"the form's charset {name!r} is not known") from None
    try:
        text = body.decode(codec)
        escapes = codec if "query=%+&".encode(codec) == b"query=%+&" else "utf-8"
        return parse_qs(text, keep_blank_values=True, encoding=escapes, errors="strict")
    except UnicodeError:
        raise ApiError(400, "bad_encoding", f"the form is not valid {name}"
                                            + ("" if charset else " (a form without a charset is read as UTF-8; "
                                                                   "name its charset in Content-Type)")) from None


def _direct(body: bytes, charset: str | None) -> str:
    """An application/sparql-query body: UTF-8, the only encoding its media type has (SPARQL
    1.1 Protocol §2.1.3; the W3C protocol test bad_query_non_utf8 expects a UTF-16 body to be
    refused)."""
    if charset not in (None, "utf-8", "utf8", "us-ascii", "ascii"):
        raise ApiError(415, "unsupported_charset",
                       f"a query sent as application/sparql-query is UTF-8 (SPARQL 1.1 Protocol), not {charset}; "
                       f"send it in UTF-8, or as a form (application/x-www-form-urlencoded) in its charset")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_encoding", f"the query is not valid UTF-8 (byte {exc.start})") from None


async def _params(request: Request, settings: Settings) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        params.setdefault(k, []).append(v)
    if request.method == "POST":
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise ApiError(413, "body_too_large", f"the request body is larger than {settings.max_body_bytes} bytes")
        content_type = request.headers.get("content-type", "")
        ctype = content_type.split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, vs in _form(body, _charset(content_type)).items():
                params.setdefault(k, []).extend(vs)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(_direct(body, _charset(content_type)))
        elif ctype == "application/sparql-update" or "update" in params:
            raise ApiError(403, "updates_refused", "this endpoint is read-only: SPARQL updates are refused")
        else:
            raise ApiError(415, "unsupported_media_type",
                           "POST a query as application/x-www-form-urlencoded or application/sparql-query")
    if "update" in params:
        raise ApiError(403, "updates_refused", "this endpoint is read-only: SPARQL updates are refused")
    return params


def guard_limits(settings: Settings) -> Limits:
    return Limits(settings.max_query_length, settings.max_query_depth, settings.max_query_operator_depth)


def _base(endpoint: str, kb: KnowledgeBase) -> str:
    """The base IRI of the queries: the endpoint's URL (as the protocol suggests), or, where the
    request's Host makes that no IRI, the knowledge base's base with ``sparql``."""
    try:
        return ox.NamedNode(endpoint).value
    except ValueError:
        return kb.base + "sparql"


async def run_query(kb: KnowledgeBase, query: str, accept: str, settings: Settings,
                    default_graphs: list[str], named_graphs: list[str], base_iri: str | None = None,
                    fmt: str | None = None) -> Response:
    """Parses and checks the query (``sparql_guard``), chooses the media type of its answer
    (406 when Accept allows none), then has it evaluated under a hard time limit: by a worker
    process that is killed at the limit (``evaluator``), or, on a server store, in a thread
    while the server evaluates it (``limits``).

    The dataset is the protocol's (SPARQL 1.1 Protocol §2.1.4): ``default-graph-uri`` and
    ``named-graph-uri``, when either is given, replace the query's FROM and FROM NAMED, and a
    part not given is empty. Relative IRIs in the query are resolved against ``base_iri``."""
    try:
        checked = check(query, guard_limits(settings))
    except QueryRefused as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    graph = checked.form in ("CONSTRUCT", "DESCRIBE")
    chosen = (FORMAT_GRAPH if graph else FORMAT_SOLUTIONS).get(fmt or "")
    media_type = chosen or _choose(checked.form, accept)  # a format that names none for this kind: Accept
    if graph:  # a graph asked for as plain XML or JSON is answered as what it is
        media_type = CANONICAL_GRAPH_TYPE.get(media_type, media_type)
    for name, graphs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        for g in graphs:
            try:
                ox.NamedNode(g)
            except ValueError as exc:
                raise ApiError(400, "invalid_parameter", f"{name}: not an absolute IRI ({exc})") from None
    if not default_graphs and not named_graphs and checked.dataset is not None and kb.info.kind == "remote":
        # the query's own FROM and FROM NAMED, sent as the protocol's (the same dataset): a server
        # that makes its default graph the union would otherwise put the union in their place
        default_graphs, named_graphs = ([urljoin(base_iri or "", g) for g in part] for part in checked.dataset)
    job = Job(checked.text, tuple(default_graphs), tuple(named_graphs), media_type, checked.limit,
              settings.max_results, settings.max_result_bytes, base_iri)
    # (not another knowledge base that a test runs here; the service's own is built before any query)
    own = registry.has("kb") and kb is get_kb()
    cache = get_result_cache() if own and not checked.volatile else None
    if cache is not None and cache.max_bytes <= 0:
        cache = None
    job_key = result_key(job) if cache is not None else b""
    kept = cache.get(job_key) if cache is not None else None
    if kept is not None:  # the same query asked before, on a graph that has not changed since
        return Response(kept.body, media_type=kept.media_type, headers={**VARY, "X-Cache": "HIT"})
    evaluator = get_evaluator()
    if evaluator is not None and not own:
        evaluator = None  # its processes hold the service's own graph: another knowledge base runs here
    try:
        if evaluator is not None:
            outcome = await evaluator.run(job, settings.query_timeout)
        else:
            outcome = await run_limited(lambda cancel: execute(kb, job, cancel), settings.query_timeout,
                                        settings.query_workers)
    except Failed as exc:
        if exc.code == "internal_error":
            raise RuntimeError(exc.message) from None  # logged with an error id by the catch-all handler
        raise ApiError(exc.status, exc.code, exc.message) from None
    except (TimeLimitExceeded, Unavailable) as exc:
        reason = exc.reason if isinstance(exc, Unavailable) else "busy" if exc.busy else "timeout"
        if reason == "busy":  # (Retry-After: a slow query is stopped at the time limit, freeing its worker)
            raise ApiError(503, "server_busy", f"all {settings.query_workers} query workers are busy with slow "
                                               f"queries; try again later",
                           headers={"Retry-After": str(max(1, round(settings.query_timeout)))}) from None
        if reason == "died":
            raise ApiError(503, "query_failed", "the query could not be evaluated: it needed more memory than a "
                                                "query may use; narrow it down") from None
        raise ApiError(503, "query_timeout", f"the query did not finish within the time limit of "
                                             f"{settings.query_timeout:g} s; narrow it down or add a LIMIT") from None
    if not outcome.ok:
        if outcome.status >= 500 and outcome.code == "internal_error":
            raise RuntimeError(outcome.message)  # logged with an error id by the catch-all handler
        raise ApiError(outcome.status, outcome.code, outcome.message)
    if cache is not None:
        cache.put(job_key, Kept(outcome.body, outcome.media_type))
    return Response(outcome.body, media_type=outcome.media_type, headers=VARY)


class _Overflow(Exception):
    pass


class _Output:
    """Where pyoxigraph writes a result: in memory, checking the request's cancellation (in a
    thread), and giving up past ``cap`` bytes."""

    def __init__(self, cap: int, cancel: threading.Event | None) -> None:
        self.cap, self.cancel, self.size = cap, cancel, 0
        self.parts: list[bytes] = []

    def write(self, b: bytes) -> int:
        if self.cancel is not None:
            Cancelled.check(self.cancel)
        self.size += len(b)
        if self.size > self.cap:
            raise _Overflow
        self.parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass


def _too_large(job: Job) -> Outcome:
    return Outcome(False, status=413, code="result_too_large",
                   message=f"the result is larger than {job.max_bytes} bytes, the most this endpoint returns; "
                           f"ask for fewer rows (a smaller LIMIT, then OFFSET) or fewer or shorter values")


def _write(res: Any, job: Job, cancel: threading.Event | None, **kwargs: Any) -> bytes | None:
    """The result serialized by pyoxigraph, or None past the byte cap."""
    out = _Output(job.max_bytes, cancel)
    try:
        res.serialize(cast(IO[bytes], out), **kwargs)
    except _Overflow:
        return None
    return b"".join(out.parts)


UNSUPPORTED_FUNCTION = re.compile(r"^The custom function (?P<iri><[^>]*>) is not supported")
CHAR_CLASS = re.compile(r",?\s*\[[^\]]*\.\.=[^\]]*\]|,?\s*\[_\]")  # "['0' ..= '9' | ...]" of the parser's message


ENGINE_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")
BIND_AS = re.compile(r"\bBIND\s*\(.*?\bAS\s+([?$]\w+)\s*\)", re.IGNORECASE | re.S)


def syntax_message(exc: SyntaxError, query: str | None = None) -> str:
    """pyoxigraph's message of a malformed query as a reader can use it: where ("at line 1, column
    41"), and the engine's reason when it gives one, without the tokens and character classes it
    may list (a screen of Unicode ranges); a hint where it names a common mistake."""
    raw = re.sub(r"\s+", " ", CHAR_CLASS.sub("", str(exc))).strip(" ,")
    where = ""
    pos = ENGINE_POSITION.match(raw)
    if pos is not None:
        where = f" at line {pos[1]}, column {pos[2]}"
        raw = raw[pos.end():]
    # the reasons the engine gives among the tokens it expected: the items that are sentences
    items = [x.strip() for x in re.split(r",\s*", re.sub(r"^expected (?:one of )?", "", raw))]
    reasons = [x for x in items if len(x.split()) >= 3]
    msg = "; ".join(r[0].lower() + r[1:] if r[:4] == "The " else r for r in reasons) if reasons else raw
    if "variable that is unbound" in msg:
        msg += (" (a variable of the SELECT that is neither in GROUP BY nor in an aggregate: add it to GROUP BY, "
                "or select SAMPLE(?x) or another aggregate of it)")
    elif "limit should be" in msg or "offset should be" in msg:
        msg += " (at most 18446744073709551615)"
    elif pos is not None and query is not None and msg.strip(" ,") in ("", "expected") and (
            var := _rebound(_before(query, int(pos[1]), int(pos[2])))):
        msg = (f"{var} is already used before the BIND that names it after AS (in its group): BIND may not give a "
               f"variable a second value (SPARQL 1.1, 18.2.1); name a new variable")
    elif msg.strip(" ,") in ("", "expected"):
        snippet = _snippet(query, int(pos[1]), int(pos[2])).strip() if pos and query else ""
        msg = f"unexpected text here: {snippet!r}" if snippet else "the query does not parse near its end"
    return f"malformed SPARQL{where}: {msg}"


def _rebound(text: str) -> str | None:
    """The variable of the last BIND before the error that its own group uses before it (a reason
    the engine does not give: "{ ?s ?p ?o . BIND(1 AS ?s) }"), for the message only: the group is
    the text from the innermost brace left open before the BIND."""
    last = None
    for m in BIND_AS.finditer(text):
        last = m
    if last is None:
        return None
    depth, start = 0, 0
    for i in range(last.start() - 1, -1, -1):
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth == 0:
                start = i
                break
            depth -= 1
    name = last[1][1:]
    return last[1] if re.search(rf"[?$]{re.escape(name)}\b", text[start:last.start()]) else None


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _before(query: str, line: int, column: int) -> str:
    return query[:_offset(query, line, column)]


def _snippet(query: str, line: int, column: int) -> str:
    at = _offset(query, line, column)
    return query[at:at + 20].split("\n")[0]


def execute(kb: KnowledgeBase, job: Job, cancel: threading.Event | None = None) -> Outcome:
    """:func:`_execute`, with the engine's refusal of a function it does not know as a 400 (it
    says so only while it evaluates the query)."""
    try:
        return _execute(kb, job, cancel)
    except RuntimeError as exc:
        m = UNSUPPORTED_FUNCTION.match(str(exc))
        if m is None:
            raise
        return Outcome(False, status=400, code="unsupported_function",
                       message=f"the function {m['iri']} is not supported here: only SPARQL 1.1's own functions "
                               f"and the XSD casts (xsd:integer(), ...) are")


def _execute(kb: KnowledgeBase, job: Job, cancel: threading.Event | None = None) -> Outcome:
    """The job's result, serialized, within its limits (rows and bytes): in a worker process,
    or in a thread (``cancel``: set once the request has given up).

    A SELECT is evaluated once and written by pyoxigraph when it cannot have more rows than
    allowed: its final LIMIT says so, or its serialization is too small to hold more. Otherwise
    its rows are counted first (streamed, stopped past the limit), and it is evaluated again to
    be written."""
    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:  # the protocol's dataset replaces the query's, both parts
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    if job.base_iri:
        kwargs["base_iri"] = job.base_iri
    try:
        res = kb.query(job.query, **kwargs)
    except SyntaxError as exc:
        return Outcome(False, status=400, code="malformed_query", message=syntax_message(exc, job.query))
    except ValueError as exc:
        return Outcome(False, status=400, code="bad_request", message=str(exc))
    mt, fmt = _negotiate(job.accept, RESULT_TYPES, "application/sparql-results+json")
    if isinstance(res, ox.QueryBoolean):
        return Outcome(True, res.serialize(format=fmt) or b"", mt)
    if isinstance(res, ox.QuerySolutions):
        cap = job.max_results * MIN_ROW_BYTES[fmt]
        if job.limit is None or job.limit > job.max_results:
            out = _Output(min(cap, job.max_bytes), cancel)
            try:
                res.serialize(cast(IO[bytes], out), format=fmt)
                return Outcome(True, b"".join(out.parts), mt)
            except _Overflow:
                res = kb.query(job.query, **kwargs)  # perhaps too many rows: count them
        else:
            body = _write(res, job, cancel, format=fmt)
            return Outcome(True, body, mt) if body is not None else _too_large(job)
    assert not isinstance(res, ox.QueryBoolean)  # (answered above; the second run is of the same query)
    rows: list[Any] = []
    for r in res:  # streamed: stopped here, at the next row, once the request has given up
        if cancel is not None:
            Cancelled.check(cancel)
        rows.append(r)
        if len(rows) > job.max_results:
            return Outcome(False, status=413, code="too_many_results",
                           message=f"the result has more than {job.max_results} rows, the most this endpoint "
                                   f"returns; ask for at most {job.max_results} (LIMIT {job.max_results}) and page "
                                   f"with OFFSET")
    if not isinstance(res, ox.QuerySolutions):  # triples (of the embedded store or a server)
        gmt, gfmt = _negotiate(job.accept, GRAPH_TYPES, "text/turtle")
        body = (ox.serialize(rows, format=gfmt, prefixes=PREFIXES) if gfmt != ox.RdfFormat.N_TRIPLES
                else ox.serialize(rows, format=gfmt)) or b""
        return Outcome(True, body, gmt) if len(body) <= job.max_bytes else _too_large(job)
    # within the row limit: run it again and let pyoxigraph write the results (it writes an unread iterator)
    if cancel is not None:
        Cancelled.check(cancel)
    body = _write(kb.query(job.query, **kwargs), job, cancel, format=fmt)
    return Outcome(True, body, mt) if body is not None else _too_large(job)


def execute_job(job: Job) -> Outcome:
    """In a worker process: the job on the knowledge base the process was forked with."""
    return execute(get_kb(), job)


SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "query results or a graph, by content negotiation (Vary: Accept); without a query, the "
                         "Service Description", "content": {mt: {} for mt in [*RESULT_TYPES, *GRAPH_TYPES]}},
    400: {"description": "a malformed query or parameter, or a body that is not valid in its charset"},
    403: {"description": "an update, LOAD or SERVICE"},
    406: {"description": "none of the media types in Accept can answer this form of query"},
    413: {"description": "too many results, a result or a body too large, or a query too long"},
    415: {"description": "a POST body that is neither a form nor application/sparql-query, or in a charset that "
                         "is not known (a form) or not UTF-8 (application/sparql-query)"},
    503: {"description": "the query took too long, all query workers are busy, or the store does not answer"},
}
SPARQL_POST_BODY = {"requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
    "application/sparql-query": {"schema": {"type": "string"}}}}}


# the parameters of GET, for the OpenAPI document only: the handler reads them from the request
# itself (``_params``, as for POST), without FastAPI validating them a second time per request
SPARQL_GET_PARAMETERS = {"parameters": [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE)"},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": sorted(FORMAT_PARAMETER)},
     "description": "instead of an Accept header: json, xml, csv or tsv for a SELECT or ASK; turtle, nt, jsonld or "
                    "rdfxml (xml, json) for a CONSTRUCT or DESCRIBE; a value that names none for the query leaves "
                    "the choice to Accept"},
]}


@router.get("/sparql", summary="SPARQL 1.1 query endpoint (read-only): a query in the URL",
            operation_id="sparql_get", responses=SPARQL_RESPONSES, openapi_extra=SPARQL_GET_PARAMETERS)
async def sparql_get(request: Request, kb: KnowledgeBase = Depends(kb_dep),
                     settings: Settings = Depends(settings_dep)) -> Response:
    return await sparql(request, kb, settings)


@router.post("/sparql", summary="SPARQL 1.1 query endpoint (read-only): a query in the body",
             operation_id="sparql_post", responses=SPARQL_RESPONSES, openapi_extra=SPARQL_POST_BODY)
async def sparql_post(request: Request, kb: KnowledgeBase = Depends(kb_dep),
                      settings: Settings = Depends(settings_dep)) -> Response:
    return await sparql(request, kb, settings)


async def _resolve(request: Request, dep: Any) -> Any:
    """A dependency as FastAPI would give it, with the app's overrides (the tests use them)."""
    value = request.app.dependency_overrides.get(dep, dep)()
    return await value if inspect.isawaitable(value) else value


async def sparql_fast(request: Request) -> Response:
    """The endpoint as a plain Starlette route, installed in front of the two FastAPI routes
    above (which stay, for the OpenAPI document): FastAPI's dependency solving costs the
    endpoint about a third of its time per request, which matters to researchers' clients that
    send thousands of small queries."""
    return await sparql(request, await _resolve(request, kb_dep), await _resolve(request, settings_dep))


async def sparql(request: Request, kb: KnowledgeBase, settings: Settings) -> Response:
    """Both methods: the parameters from the URL and (POST) the body, as the protocol has them.
    Every answer, an error too, depends on Accept (``Vary: Accept``)."""
    try:
        return await _sparql(request, kb, settings)
    except ApiError as exc:
        exc.headers.update(VARY)
        raise


async def _sparql(request: Request, kb: KnowledgeBase, settings: Settings) -> Response:
    params = await _params(request, settings)
    queries = params.get("query", [])
    endpoint = str(request.url).split("?")[0]
    accept = request.headers.get("accept", "")
    fmt = (params.get("format") or [""])[0].strip().lower()
    if fmt and fmt not in FORMAT_PARAMETER:
        raise ApiError(400, "invalid_parameter", f"format: {fmt!r} is no format of this endpoint; one of "
                                                 f"{', '.join(sorted(FORMAT_PARAMETER))} (or leave it out and send Accept)")
    if not queries and request.method == "POST":
        raise ApiError(400, "bad_request", "no query: send it as the form field 'query' "
                                           "(application/x-www-form-urlencoded) or as the body with Content-Type "
                                           "application/sparql-query (SPARQL 1.1 Protocol 2.1)")
    if not queries:
        mt = negotiate(accept, GRAPH_OFFER)
        if mt is None:
            raise ApiError(406, "not_acceptable", "the Service Description: " + not_acceptable_message(GRAPH_OFFER))
        triples = await asyncio.to_thread(service_description, kb, endpoint)
        rdf = GRAPH_TYPES[mt]
        mt = CANONICAL_GRAPH_TYPE.get(mt, mt)
        body = (ox.serialize(triples, format=rdf, prefixes=SD_PREFIXES) if rdf != ox.RdfFormat.N_TRIPLES
                else ox.serialize(triples, format=rdf))
        return Response(body, media_type=mt, headers=VARY)
    if len(queries) > 1:
        raise ApiError(400, "bad_request", "give exactly one query")
    return await run_query(kb, queries[0], accept, settings, params.get("default-graph-uri", []),
                           params.get("named-graph-uri", []), _base(endpoint, kb), fmt or None)
