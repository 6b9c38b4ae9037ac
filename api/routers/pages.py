"""Pages for legal advisors (Dutch first, ?lang=en), the IRIs of documents, articles and leden
(HTML for browsers, Turtle or JSON-LD by content negotiation), and the data dumps."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from rdflib import Graph

from ... import sparql
from ...clauses.views import _num as provision_number
from ...clauses.views import document_names
from ...ontology.load import term_text
from ...ontology.namespace import DVO_NS
from ...query.ask import Asker, party_id
from ...query.parser import QuestionError
from ...settings import Settings
from ...store import PREFIXES, KnowledgeBase
from .. import highlight, render
from ..deps import asker_dep, kb_dep, settings_dep
from ..dutch import dutch, dutch_error, english, interpretation, refusal
from ..errors import ApiError, not_found_page
from ..labels import answer_line, dates_in_words, labels, merged_shares, norms_apart, shares_text, term, where
from ..negotiation import VARY, negotiate, not_acceptable_message
from ..ontology_doc import ontology_document, ontology_html
from ..render import language
from .sparql import FORMAT_GRAPH, GRAPH_TYPES, RDF_TYPES, graph_counts

router = APIRouter(tags=["pages"])

TEXT = labels("pages")  # the words of the page, nl and en (api/labels.yaml)
RESOURCE = labels("resource")  # the words of the pages of documents, articles, parties, ...
SITE = labels("site")  # the words of every page (the breadcrumbs, the foot of the search page)
TASK_NAME = 90  # the most characters of an entry of a product list that name it (on a page)
CRUMBS = labels("citation")["nl"]  # how a division is cited: art. 13 lid 1 onder a


def _query(name: str) -> sparql.Query:
    """A query of the pages (api/routers/queries/pages/<name>.rq)."""
    return sparql.load(f"api/routers/queries/pages/{name}.rq")


def _local(request: Request, iri: str, base: str) -> str:
    """The path of an IRI of the knowledge base on this site, in the reader's language (an
    English page links to English pages: ``?lang=en``); another IRI as it is."""
    if not iri.startswith(base):
        return iri
    return f"/id/{iri[len(base):]}" + ("?lang=en" if request.query_params.get("lang") == "en" else "")


def _answers(request: Request, kb: KnowledgeBase, answers: list[dict[str, Any]],
             lang: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """The answers grouped per document, under its short title, as home.html shows them."""
    t = TEXT[lang]
    known = highlight.sources(kb, answers)
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    current = None
    for a in merged_shares(answers):  # a lid's cost shares in one answer
        if a["agreement"] != current:
            current = a["agreement"]
            groups.append((a.get("document") or current, []))
        at = where(a, lang)
        apart = norms_apart(a, lang)  # a lid of several norms: each with its own conditions, due dates and notes
        if not apart and not a.get("kind"):
            # a lid the text found (no norm of its own on the answer): its norms' lines all the same,
            # a single one too (a new user's trial: "artikel 15 centrumregeling" showed lid 2's
            # condition without its duty); not a bare kind ("verklaring") that says nothing more
            apart = [n for n in a.get("norms", []) if answer_line(n, lang) != term(n.get("kind") or "", lang)]
        # (the kind, parties and deadline of one norm only where one line says it all)
        meta = [str(x) for x in (a.get("heading"), *([] if apart else (
                    term(a.get("kind"), lang), a.get("kind") == "CostShare" and shares_text(a, lang), a.get("bearer"),
                    a.get("counterparty") and f"→ {a['counterparty']}",
                    a.get("deadline") and f"{t['deadline']}: {a['deadline']}")),
                                 # a lid whose norms were extracted by dvo-kb add: "niet gecontroleerd"
                                 a.get("reviewed") is False and term("Unreviewed", lang)) if x]
        groups[-1][1].append({
            "href": _local(request, a["iri"], kb.base), "title": f"{a.get('document') or a['agreement']} {at}",
            "meta": meta, "quote": Markup(highlight.answer_html(a, known)),  # escaped by highlight, marks added
            "conditions": a.get("conditions", []), **_notes(a, lang), "dues": _dues(a.get("norms", []), lang),
            "norms": [{"line": answer_line(n, lang), "conditions": n.get("conditions", []), "dues": _dues([n], lang),
                       **_notes(n, lang)} for n in apart if not _bare(n, lang)]})
    return groups


def _bare(n: dict[str, Any], lang: str) -> bool:
    """A provision whose line would be its kind alone ("verklaring") with nothing beside it: no
    condition, due date or note (a trial: bullets that said nothing under a lid whose text says it)."""
    return (answer_line(n, lang) == term(n.get("kind") or "", lang) and not n.get("conditions")
            and not _dues([n], lang) and not _notes(n, lang)["notes"])


def _dues(norms: list[dict[str, Any]], lang: str) -> list[tuple[Any, ...]]:
    """The due dates of norms as the page shows them: (ISO date, in words, the rule)."""
    return [(d["due"], d["due"] and dates_in_words(d["due"], lang), dutch(d["rule"]) if lang == "nl" else english(d["rule"]))
            for n in norms for d in n.get("due_dates", [])]


def _sparql_shown(ans: Any, lang: str) -> str:
    """The grammar's queries as the page shows them: each with the values the question bound to
    its variables, in a comment above it (they are bound, not written into the query), so that a
    reader can see, and rerun, what was asked."""
    out = []
    for q in ans.queries:
        values = ", ".join(f"?{k} = {v}" for k, v in sorted(q.substitutions().items()))
        out.append((f"# {TEXT[lang]['bound']}: {values}\n" if values else "") + _without_notes(q.sparql))
    return "\n\n".join(out)


def _without_notes(sparql: str) -> str:
    """One of the engine's own templates (query/templates/*.rq, never a user's text) without its
    comment lines: notes for its developers, in English (a new user's trial: "Speed
    (benchmarks/bench_ask.py) ..." under "Toon SPARQL")."""
    lines = [line for line in sparql.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).strip()


def _notes(a: dict[str, Any], lang: str) -> dict[str, Any]:
    """An answer's ambiguity notes in the page's language (the other where a note has none), and
    that language, for the notes' lang attribute: the answer's own notes are in the question's."""
    from ...clauses.views import in_language

    notes, note_lang = in_language(a.get("notes_by_lang") or {"": a.get("notes", [])}, lang)
    return {"notes": notes, "notes_lang": note_lang}


@router.get("/", response_class=HTMLResponse, summary="The search page")
def home(request: Request, q: str | None = None, lang: str = "nl", party: str | None = None,
         asker: Asker = Depends(asker_dep), kb: KnowledgeBase = Depends(kb_dep)) -> HTMLResponse:
    lang = language(lang)
    other = "en" if lang == "nl" else "nl"
    party_rows = kb.select(_query("parties"))
    parties = [(r["id"], _name(kb, r["p"], lang)) for r in party_rows if "/" not in str(r["id"])]  # the municipalities
    party = party_id(party)  # as a person writes it ("Beek"): the id, as /api/ask and the CLI read it
    party = party if party in {pid for pid, _ in parties} else None  # (another value: all documents)
    asked = {"q": q, **({"party": party} if party else {})} if q else {}
    context: dict[str, Any] = {"t": TEXT[lang], "site": SITE[lang], "q": q or "", "refused": None, "answer": None,
                               "switch": urlencode({**asked, "lang": other}), "party": party or "",
                               "party_choices": parties}
    if q is not None and not q.strip():  # the button pressed on an empty box
        context["refused"] = TEXT[lang]["empty_question"]
    if q and q.strip():
        try:
            ans = asker.ask(q, party=party)
        except QuestionError as exc:
            said = refusal(str(exc), lang)
            context["refused"] = said[:1].upper() + said[1:]  # a sentence of its own on the page
        else:
            context["answer"] = {
                # a question read in parts: each part says how it was read (not "Gezocht in de tekst:
                # '...': gezocht in de tekst naar: ..."; a new user's trial)
                "how": "parts" if ans.parts else ans.how, "interpretation": _read_as(ans.interpretation, lang),
                "note": ans.note_in(lang), "unanswered": ans.unanswered,
                # the named documents lack the topic: that is the answer, the related lids are elsewhere
                "absent": ans.topic_absent,
                "related": [(_local(request, r["iri"], kb.base), r["label"]) for r in ans.related],
                # the best handful in full, the others found (a role or a kind alone matches
                # dozens; thousands at scale) folded below them, listed all the same
                "groups": _answers(request, kb, [a for a in ans.answers if a.get("best", True)], lang),
                "rest": _answers(request, kb, [a for a in ans.answers if not a.get("best", True)], lang),
                "rest_count": len({a["iri"] for a in ans.answers if not a.get("best", True)}),
                "sparql": _sparql_shown(ans, lang),
                "more": _answers(request, kb, ans.more, lang), "more_count": len(ans.more)}
    docs = kb.select(_query("documents"))
    context["documents"] = [(_local(request, r["d"], kb.base), _name(kb, r["d"], lang), r["title"]) for r in docs]
    context["parties"] = [(_local(request, r["p"], kb.base), _name(kb, r["p"], lang)) for r in party_rows]
    return render.page(request, "home.html", lang, **context)


# the representations of a resource, the default (for */* and browsers) first
RESOURCE_OFFER = ["text/html", *RDF_TYPES]
# ?format= on a resource's URL, for links to one representation (the pages' <link rel="alternate">)
FORMAT_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdf": "application/rdf+xml", "html": "text/html"}
# other names of the same: the /sparql endpoint's names of a graph's formats ("turtle", "json-ld",
# ...), but "json" (a page is no JSON of the API)
FORMAT_ALIASES = {name: {v: k for k, v in FORMAT_TYPES.items()}[mt] for name, mt in FORMAT_GRAPH.items()
                  if name not in FORMAT_TYPES and name != "json"}
FormatName = Literal["ttl", "nt", "jsonld", "rdf", "html", "turtle", "n3", "ntriples", "n-triples", "json-ld",
                     "rdfxml", "rdf+xml", "xml"]
FORMAT = Query(None,
               description="one representation (ttl, nt, jsonld, rdf, html; also turtle, json-ld, rdfxml) "
                           "instead of content negotiation")
NEGOTIATED: dict[int | str, dict[str, Any]] = {200: {"description": "the description: HTML for browsers, RDF by content negotiation (Vary: Accept)",
                    "content": {mt: {} for mt in RESOURCE_OFFER}},
              404: {"description": "nothing is known about this IRI", "content": {"application/json": {}}},
              406: {"description": "none of the types in Accept can be served", "content": {"application/json": {}}}}


def _chosen(accept: str, format: str | None, offer: list[str]) -> str:
    """The representation a request asks for (``format`` first), or 406."""
    if format is not None:  # (one of FormatName: another value is refused with them listed, 400)
        return FORMAT_TYPES[FORMAT_ALIASES.get(format, format)]
    mt = negotiate(accept, offer)
    if mt is None:
        raise ApiError(406, "not_acceptable", not_acceptable_message(offer), VARY)
    return mt


def _alternates(url: str, offer: list[str]) -> list[tuple[str, str]]:
    by_type = {v: k for k, v in FORMAT_TYPES.items()}
    return [(f"{url}?format={by_type[mt]}", mt) for mt in offer if mt != "text/html"]


def _serialize(triples: list[Any], fmt: Any) -> bytes:
    """Triples (or quads) in a format, with the prefixes where the format has them."""
    lines = fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
    return (ox.serialize(triples, format=fmt) if lines else ox.serialize(triples, format=fmt, prefixes=PREFIXES)) or b""


@lru_cache(maxsize=4)
def _information_classes(kb: KnowledgeBase) -> frozenset[str]:
    """The classes whose instances are information resources: texts, i.e. documents and their
    divisions (articles, leden, items, chapters, annexes, ...), with every subclass."""
    rows = kb.select(_query("information_classes"))
    return frozenset(r["c"] for r in rows)


def is_information_resource(kb: KnowledgeBase, triples: list[Any]) -> bool:
    """Whether the resource these triples describe is a text (a document or a division of one),
    which its IRI's URL can serve itself; anything else (a party, a role, a norm, a deadline, a
    task, ...) is not a document, and its IRI answers 303 See Other to its description."""
    types = {q.object.value for q in triples if q.predicate.value == RDF_TYPE}
    return bool(types & _information_classes(kb))


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def _triples(kb: KnowledgeBase, path: str) -> tuple[str, ox.NamedNode, list[Any]]:
    iri = kb.base + path
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise ApiError(404, "not_found", f"not an IRI of this knowledge base: {iri!r}") from None
    triples = kb.quads(node)
    if not triples:
        raise ApiError(404, "not_found", f"nothing is known about <{iri}>")
    return iri, node, triples


@router.get("/id/{path:path}", summary="A document, article, lid or other resource, by its IRI",
            responses={**NEGOTIATED, 303: {"description": "a resource that is not a document (a party, role, norm, "
                                                          "...): see its description at /doc/{path}"}})
def resource(path: str, request: Request, format: FormatName | None = FORMAT,
             kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    """Texts (documents, articles, leden, items, ...) are served at their IRI, by content
    negotiation; any other resource's IRI answers 303 See Other to its description under
    ``/doc/`` (the IRI names the thing, the description is a document about it). A named graph's
    IRI (``/id/graph/{name}``, as the Service Description names them) serves the graph's triples."""
    if path.startswith("graph/") and kb.base + path in kb.graph_names():
        return _named_graph(request, kb, path, format)
    triples = _triples_or_page(request, kb, path)
    if isinstance(triples, Response):
        return triples
    if not is_information_resource(kb, triples):
        target = f"/doc/{quote(path)}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(target, status_code=303)
    return _describe(request, kb, path, format, f"/id/{quote(path)}")


@router.get("/doc/{path:path}", summary="The description of a resource that is not a document (a party, role, norm)",
            responses=NEGOTIATED)
def description(path: str, request: Request, format: FormatName | None = FORMAT,
                kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    found = _triples_or_page(request, kb, path)
    if isinstance(found, Response):
        return found
    return _describe(request, kb, path, format, f"/doc/{quote(path)}")


def _named_graph(request: Request, kb: KnowledgeBase, path: str, format: str | None) -> Response:
    """A named graph at its IRI: its triples, Turtle first; a browser is sent (303) to the page of
    the document of the same id, where there is one."""
    mt = _chosen(request.headers.get("accept", ""), format, [*RDF_TYPES, "text/html"])
    name = path.removeprefix("graph/")
    if mt == "text/html":
        if kb.quads(ox.NamedNode(kb.base + name), None, None):  # the document the graph holds
            return RedirectResponse(f"/id/{quote(name)}", status_code=303)
        mt = "text/turtle"
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kb.quads(graph=ox.NamedNode(kb.base + path))]
    return Response(_serialize(triples, GRAPH_TYPES[mt]), media_type=mt, headers=VARY)


def _triples_or_page(request: Request, kb: KnowledgeBase, path: str) -> list[Any] | Response:
    """The triples about an IRI; for a browser (Accept names text/html) an IRI nothing is known
    about gets a page saying so (404, in the reader's language), for any other client the JSON error."""
    try:
        return _triples(kb, path)[2]
    except ApiError as exc:
        if exc.status != 404 or "text/html" not in request.headers.get("accept", ""):
            raise
    lang = language(request.query_params.get("lang"))
    return not_found_page(request, kb.base + path, _crumbs(kb, path, lang=lang), VARY, _no_article(kb, path, lang))


def _no_article(kb: KnowledgeBase, path: str, lang: str) -> str | None:
    """For the address of an article a document does not have ("dvo-pwm-2020-beek/art/24": its
    numbering goes from 23 to 25): which articles it does have (a new user's trial)."""
    from ...clauses.views import document_view

    parts = path.split("/")
    if len(parts) < 3 or parts[1] != "art":
        return None
    try:
        view = document_view(kb, parts[0], lang)
    except Exception:  # no such document: the page says nothing is known
        return None
    numbers = [str(a["article"]) for a in view["articles"]]
    if parts[2] in numbers:
        return None  # the article exists (a lid or item of it does not)
    return str(labels("not_found")[lang]["no_article"]).format(
        doc=document_names(kb, by_id=True).get(parts[0], parts[0]), number=parts[2], numbers=", ".join(numbers))


# the most statements that point to a resource its RDF description carries (a party of hundreds
# of documents at scale); the corpus's most is 270
INBOUND_MAX = 10_000


def _describe(request: Request, kb: KnowledgeBase, path: str, format: str | None, url: str) -> Response:
    iri, node, triples = _triples(kb, path)
    mt = _chosen(request.headers.get("accept", ""), format, RESOURCE_OFFER)
    if mt != "text/html":
        # what is said of it and what says something of it (a party: the documents it is a party
        # to, the norms it bears, the roles it plays), as its page lists them: one step each way
        # (a symmetric concise bounded description without blank-node closure)
        inbound = kb.quads(None, None, node)
        headers = dict(VARY)
        if len(inbound) > INBOUND_MAX:  # said in a header; the rest through /sparql
            headers["X-Inbound-Triples"] = f"{INBOUND_MAX} of {len(inbound)}; the rest: /sparql"
            inbound = inbound[:INBOUND_MAX]
        described = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in [*triples, *inbound]))
        return Response(_serialize(described, GRAPH_TYPES[mt]), media_type=mt, headers=headers)
    lang = language(request.query_params.get("lang"))
    labels_ = {getattr(q.object, "language", None): str(q.object.value) for q in triples
               if q.predicate.value.endswith("#label") and isinstance(q.object, ox.Literal)}
    label = labels_.get(lang) or labels_.get(None) or next(iter(labels_.values()), iri)
    # an article's heading beside its label in the page's title ("HBEL-DVO art. 13 Overmacht en wanprestatie")
    heading = next((str(q.object.value) for q in triples if q.predicate.value == PREFIXES["dvo"] + "heading"), None)
    rows: list[tuple[str, str | None, str | None, str, str | None]] = []  # predicate, its name, link, value, lang
    for q in sorted(triples, key=lambda q: (q.predicate.value, _natural(str(q.object)))):  # art. 2 before art. 10
        obj: Any = q.object
        local = re.split(r"[#/]", q.predicate.value)[-1]
        if isinstance(obj, ox.NamedNode):
            rows.append((q.predicate.value, term(local, lang), _local(request, obj.value, kb.base),
                         _name(kb, obj.value, lang), None))
        else:
            tag = getattr(obj, "language", None)
            value = str(getattr(obj, "value", obj))
            if getattr(getattr(obj, "datatype", None), "value", None) == XSD_BOOLEAN:  # "ja", not "true" (a trial)
                value = RESOURCE[lang]["yes" if value in ("true", "1") else "no"]
            rows.append((q.predicate.value, term(local, lang), None, value,
                         tag if tag and tag != lang else None))  # lang="en" on a literal in the other language
    cited = kb.select(_query("referred_by"), {"t": node})
    return render.page(
        request, "resource.html", lang, headers=VARY, alternates=_alternates(url, RESOURCE_OFFER),
        t=RESOURCE[lang], site=SITE[lang], label=label, heading=heading, iri=iri, crumbs=_crumbs(kb, path, label, lang), rows=rows,
        switch=f"{request.url.path}?lang={'nl' if lang == 'en' else 'en'}",
        document=_document_view(request, kb, iri, triples, lang), party=_party_view(request, kb, triples, lang),
        article=_article_view(kb, iri, triples, lang),
        cited=[(_local(request, c["x"], kb.base), c["lab"] or _name(kb, c["x"], lang)) for c in cited])


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A key that orders the numbers within a text by their value ("art/2" before "art/10")."""
    return tuple((1, int(x), "") if x.isdigit() else (0, 0, x) for x in re.split(r"(\d+)", text))


def _crumbs(kb: KnowledgeBase, path: str, label: str | None = None, lang: str = "nl") -> list[tuple[str, str]]:
    """dvo-kb › DVO-2018 › art. 13 › lid 1 › onder a (the document by its short title; the last
    one is the page itself)."""
    parts = path.strip("/").split("/")
    q = "?lang=en" if lang == "en" else ""  # (an English page links to English pages)
    crumbs = [(f"/{q}", "dvo-kb")]
    if len(parts) % 2 == 1 and parts[1:2] == ["art"] and all(parts[i] in CRUMBS for i in range(1, len(parts), 2)):
        crumbs.append((f"/id/{parts[0]}{q}", _name(kb, kb.base + parts[0], lang)))
        for i in range(1, len(parts), 2):
            unnumbered = parts[i] == "lid" and parts[i + 1] == "0"  # an article's one lid without a number
            crumbs.append((f"/id/{'/'.join(parts[:i + 2])}{q}",
                           SITE[lang]["unnumbered"] if unnumbered else f"{CRUMBS[parts[i]]} {parts[i + 1]}"))
    else:
        crumbs.append((f"/id/{path}{q}", label or path))
    return crumbs


@router.get("/data/dvo-kb.{ext}", summary="The whole graph as a dump (ext: ttl, nt or jsonld: the triples; "
                                          "nq or trig: each in its named graph)",
            responses={200: {"content": {"text/turtle": {}, "application/n-triples": {}, "application/ld+json": {},
                                         "application/n-quads": {}, "application/trig": {}}}})
def dump(ext: str, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    formats = {"ttl": ("text/turtle", ox.RdfFormat.TURTLE), "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
               "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
               "nq": ("application/n-quads", ox.RdfFormat.N_QUADS), "trig": ("application/trig", ox.RdfFormat.TRIG)}
    if ext not in formats:
        raise ApiError(404, "not_found", f"no dump in format {ext!r}; there are: {', '.join(formats)}")
    mt, fmt = formats[ext]
    if ext in ("nq", "trig"):  # every triple in the named graph of its document (the default graph repeats them)
        return Response(_serialize(kb.named_quads(), fmt), media_type=mt)
    return Response(_serialize([ox.Triple(q.subject, q.predicate, q.object) for q in kb.quads()], fmt), media_type=mt)


# the example queries of the query page, in this order: api/routers/queries/pages/examples/<name>.rq,
# each titled by the label example_<name> (api/labels.yaml, section query)
EXAMPLES = ("articles", "force_majeure", "cost_shares", "acts", "document_kinds", "duties_of_a_party")  # (new ones last: links keep their number)
EXAMPLE_QUERIES = [(name, sparql.load(f"api/routers/queries/pages/examples/{name}.rq")) for name in EXAMPLES]
# the result formats the page offers: a table on the page itself, or the endpoint's answer
# (the format parameter of /sparql)
RESULT_FORMATS = [("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML"), ("turtle", "Turtle (CONSTRUCT)")]
TABLE_ROWS = 1000  # rows a table on the page shows (the endpoint's own limits apply before)
# the longest query the page takes in its URL: 10,000 characters stay within the server's limit on a
# request line (64 KiB) even as %-escaped UTF-8; a longer query is POSTed to /sparql
QUERY_LENGTH = 10_000
# what the page asks the endpoint for: results as JSON, a graph as N-Triples
TABLE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


QUERY_PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the page; with format=table, the query's answer as a table, or (role=alert) why the "
                         "endpoint refused it (a malformed query, an update, too many results), as the search page "
                         "says a question it cannot read"},
    303: {"description": "a query with a format other than table: its answer from the endpoint, at /sparql"},
    503: {"description": "the query took too long, all query workers are busy, or the store does not answer",
          "content": {"text/html": {}, "application/json": {}}}}


@router.get("/query", response_class=HTMLResponse, summary="A page to write and run SPARQL queries",
            responses=QUERY_PAGE_RESPONSES)
async def query_page(request: Request, lang: str = "nl", example: int | None = None,
                     query: str | None = Query(None, max_length=QUERY_LENGTH, description="a query to start from (or run, with format)"),
                     format: str | None = Query(None, pattern="^(table|json|csv|tsv|xml|turtle)$",
                                                description="run the query: table (on this page) or a format of /sparql"),
                     kb: KnowledgeBase = Depends(kb_dep), settings: Settings = Depends(settings_dep)) -> Response:
    """The query page, with an example query in the editor (``example``, the first by default), or
    the query given (``query``). With ``format`` the query runs: ``table`` shows its answer on
    the page, as a table with links; any other format is the endpoint's answer (303 to /sparql)."""
    lang = language(lang)
    t = labels("query")[lang]
    result, error, error_lang, status = None, None, lang, 200
    if query is not None and format not in (None, "table"):
        # a query the endpoint would refuse, or a format its form has not, is said on this page
        # (the endpoint answers a refusal in JSON and a wrong format with its default one)
        from ..sparql_guard import QueryRefused, check

        try:
            form = check(query).form
        except QueryRefused as exc:
            error, error_lang = _endpoint_said(exc.message, lang)
        else:
            graph = form in ("CONSTRUCT", "DESCRIBE")
            if graph != (format == "turtle"):
                shown = "Turtle" if format == "turtle" else format.upper()
                error = t["table_format" if graph else "graph_format"].format(format=shown, form=form)
            else:
                return RedirectResponse("/sparql?" + urlencode({"query": query, "format": format}), status_code=303)
    if query is None:
        query = EXAMPLE_QUERIES[example if example is not None and 0 <= example < len(EXAMPLE_QUERIES) else 0][1]
    if format == "table":
        try:
            result = await _table(request, kb, query, settings)
        except ApiError as exc:  # refused (4xx): said on the page; the endpoint could not answer (5xx): the status too
            (error, error_lang), status = _endpoint_said(exc.message, lang), (exc.status if exc.status >= 500 else 200)
    return render.page(request, "query.html", lang, status_code=status, t=t, query=query,
                       examples=[t["example_" + name] for name in EXAMPLES], formats=RESULT_FORMATS,
                       chosen=format or "table", result=result, error=error, error_lang=error_lang,
                       prefix_names=", ".join(PREFIXES),
                       limits=t["limits"].format(seconds=f"{settings.query_timeout:g}",
                                                 rows=f"{settings.max_results:,}".replace(",", "." if lang == "nl" else ","),
                                                 mb=f"{settings.max_result_bytes / 1_000_000:g}"),
                       prefixes="".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items()))


def _endpoint_said(message: str, lang: str) -> tuple[str, str]:
    """The endpoint's message on a query in the page's language, and the language it is in: its
    own words are English where no Dutch is known for them (api/messages.yaml)."""
    said = dutch_error(message) if lang == "nl" else message
    return said, (lang if said != message or lang == "en" else "en")


async def _table(request: Request, kb: KnowledgeBase, query: str, settings: Settings) -> dict[str, Any]:
    """A query's answer as query.html shows it: the endpoint runs it (its checks and limits), the
    page makes a table of it: variables and rows (at most TABLE_ROWS), or a yes or no (ASK)."""
    from .sparql import run_query

    response = await run_query(kb, query, TABLE_ACCEPT, settings, [], [], kb.base + "sparql")
    body = bytes(response.body)
    if response.media_type and response.media_type.startswith("application/n-triples"):
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        rows = [[_cell(request, kb, x) for x in (t.subject, t.predicate, t.object)] for t in triples[:TABLE_ROWS]]
        return {"vars": ["subject", "predicate", "object"], "rows": rows, "total": len(triples)}
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": bool(data["boolean"])}
    bindings = data["results"]["bindings"]
    names = data["head"]["vars"]
    rows = [[_cell(request, kb, b.get(v)) for v in names] for b in bindings[:TABLE_ROWS]]
    return {"vars": names, "rows": rows, "total": len(bindings)}


def _cell(request: Request, kb: KnowledgeBase, value: Any) -> dict[str, str | None]:
    """A value of a result (a JSON binding or a term): its text, a link for an IRI (to its page
    when it is the knowledge base's), its language."""
    if value is None:
        return {"text": "", "href": None, "lang": None}
    if isinstance(value, dict):
        kind, text, tag = value.get("type"), str(value.get("value", "")), value.get("xml:lang")
    else:
        kind = "uri" if isinstance(value, ox.NamedNode) else "bnode" if isinstance(value, ox.BlankNode) else "literal"
        text, tag = str(value.value), getattr(value, "language", None)
    if kind == "uri":
        return {"text": text, "href": _local(request, text, kb.base) if text.startswith(kb.base) else text, "lang": None}
    return {"text": text if kind != "bnode" else f"_:{text}", "href": None, "lang": tag}


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
DUMPS = ("ttl", "nt", "jsonld", "nq", "trig")  # the dumps of /data/dvo-kb.{ext}


@router.get("/void.ttl", summary="VoID description of the dataset", responses={200: {"content": {"text/turtle": {}}}})
def void(request: Request, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    root = str(request.base_url).rstrip("/")
    counts = kb.select(_query("void_counts"))[0]
    try:
        dataset = ox.NamedNode(f"{root}/void.ttl#dataset")
        endpoint, dumps = ox.NamedNode(f"{root}/sparql"), [ox.NamedNode(f"{root}/data/dvo-kb.{x}") for x in DUMPS]
    except ValueError:
        raise ApiError(400, "bad_request", f"the address {root!r} (the Host header) does not make an IRI") from None
    v = "http://rdfs.org/ns/void#"
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    triples = [ox.Triple(dataset, ox.NamedNode(RDF_TYPE), ox.NamedNode(v + "Dataset")),
               ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/title"),
                         ox.Literal("dvo-kb: Dutch intergovernmental agreements as rules-as-code", language="en")),
               ox.Triple(dataset, ox.NamedNode(v + "sparqlEndpoint"), endpoint),
               *(ox.Triple(dataset, ox.NamedNode(v + "dataDump"), d) for d in dumps),
               ox.Triple(dataset, ox.NamedNode(v + "uriSpace"), ox.Literal(kb.base)),
               ox.Triple(dataset, ox.NamedNode(v + "vocabulary"), ox.NamedNode(DVO_NS)),
               *(ox.Triple(dataset, ox.NamedNode(v + p), ox.Literal(str(n), datatype=integer))
                 for p, n in (("triples", graph_counts(kb)[0]), ("entities", counts["subjects"]),
                              ("classes", counts["classes"])))]
    # the class and property partitions (VoID 4.5), for a researcher planning queries
    for kind, key, number, query in (("classPartition", "class", "entities", "void_classes"),
                                     ("propertyPartition", "property", "triples", "void_properties")):
        for r in kb.select(_query(query)):
            part = ox.BlankNode()
            triples += [ox.Triple(dataset, ox.NamedNode(v + kind), part),
                        ox.Triple(part, ox.NamedNode(v + key), ox.NamedNode(str(r[key]))),
                        ox.Triple(part, ox.NamedNode(v + number), ox.Literal(str(r[number]), datatype=integer))]
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    # rdflib writes each partition inside the dataset's description ("void:classPartition [ ... ]")
    g = Graph(bind_namespaces="none").parse(data=nt.decode("utf-8"), format="nt")
    for prefix, ns in (("void", v), ("dcterms", "http://purl.org/dc/terms/"), ("dvo", DVO_NS),
                       *PREFIXES.items()):
        g.bind(prefix, ns, override=False)
    return Response(g.serialize(format="turtle"), media_type="text/turtle")


@router.get("/ontology.ttl", summary="The ontology (hub, modules and alignments) as one Turtle document",
            responses={200: {"content": {"text/turtle": {}}}})
def ontology() -> Response:
    return Response(ontology_document().serialize(format="turtle"), media_type="text/turtle")


ONTOLOGY_TYPES = {"text/html": "html", "text/turtle": "turtle", "application/n-triples": "nt",
                  "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
ONTOLOGY_OFFER = list(ONTOLOGY_TYPES)


LANG = Query("nl", description="the language of the documentation's own words: nl (default) or en")


def _ontology_page(alternates: list[tuple[str, str]], lang: str = "nl") -> HTMLResponse:
    """The pyLODE documentation (Dutch, English with lang=en) with ``<link rel="alternate">`` to
    the ontology's RDF."""
    html = ontology_html(language(lang))
    head = html.find("</head>")
    if head >= 0:
        html = html[:head] + render.ENV.get_template("ontology_head.html").render(alternates=alternates) + html[head:]
    return HTMLResponse(html)


ONTOLOGY_ALTERNATES = _alternates("/def", ONTOLOGY_OFFER)


@router.get("/ontology.html", response_class=HTMLResponse, summary="The ontology as HTML documentation (pyLODE)")
def ontology_doc(lang: str = LANG) -> HTMLResponse:
    return _ontology_page(ONTOLOGY_ALTERNATES, lang)


def _ontology_negotiated(request: Request, format: str | None, graph: Any, url: str, lang: str = "nl") -> Response:
    mt = _chosen(request.headers.get("accept", ""), format, ONTOLOGY_OFFER)
    page: Response
    if mt == "text/html":
        page = _ontology_page(_alternates(url, ONTOLOGY_OFFER), lang)
    else:
        page = Response(graph().serialize(format=ONTOLOGY_TYPES[mt]), media_type=mt)
    page.headers.update(VARY)
    return page


ONTOLOGY_RESPONSES: dict[int | str, dict[str, Any]] = {**NEGOTIATED, 200: {"description": "HTML documentation for browsers, RDF by content "
                                                         "negotiation (Vary: Accept)",
                                          "content": {mt: {} for mt in ONTOLOGY_OFFER}}}


@router.get("/ontology", summary="The ontology: HTML documentation for browsers, RDF by content negotiation",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_negotiated(request: Request, format: FormatName | None = FORMAT, lang: str = LANG) -> Response:
    """The ontology as one document (one owl:Ontology, the hub, its modules its parts)."""
    return _ontology_negotiated(request, format, ontology_document, "/def", lang)  # the ontology at its IRI


@router.get("/def", summary="The ontology at its IRI, https://w3id.org/dvo-kb/def (terms are def#Term)",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_namespace(request: Request, format: FormatName | None = FORMAT, lang: str = LANG) -> Response:
    """The namespace of the ontology: its terms are hash IRIs (``def#Obligation``), so a client
    that looks a term up asks for ``/def`` and finds the term in the whole ontology (one document)."""
    return _ontology_negotiated(request, format, ontology_document, "/def", lang)


def _module_files() -> dict[str, Any]:
    from ...ontology.generate import ontology_files

    return {f.stem: f for f in ontology_files() if f.stem != "dvo"}


@router.get("/def/{module}", summary="A module of the ontology at its IRI (https://w3id.org/dvo-kb/def/norm, ...)",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_module(module: str, request: Request, format: FormatName | None = FORMAT, lang: str = LANG) -> Response:
    """One module's own triples as RDF; for a browser, the documentation of the whole ontology
    (one page documents every module)."""
    files = _module_files()
    if module not in files:
        raise ApiError(404, "not_found", f"the ontology has no module {module!r}; its modules are: "
                                         + ", ".join(sorted(files)), VARY)

    def graph() -> Any:
        from rdflib import Graph

        return Graph().parse(files[module], format="turtle")

    return _ontology_negotiated(request, format, graph, f"/def/{quote(module)}", lang)


def _article_view(kb: KnowledgeBase, iri: str, triples: list[Any], lang: str = "nl") -> list[dict[str, Any]]:
    """For an article or lid: its verbatim text, lid by lid, with the norms encoded for it (the
    kinds in the reader's language), as resource_article.html shows them; nothing for anything else."""
    from ...clauses.views import document_view, select_article

    types = _types(triples)
    if not types & {"Article", "Paragraph"}:
        return []
    art_iri = iri.split("/lid/")[0]
    doc_id = art_iri.split("/art/")[0][len(kb.base):]
    number = art_iri.split("/art/")[1]
    view = select_article(document_view(kb, doc_id, lang), number, None)
    out = []
    for par in view["articles"][0]["paragraphs"]:
        if "Paragraph" in types and par["iri"] != iri:
            continue
        provisions = []
        for prov in par["provisions"] + [p for it in par["items"] for p in it["provisions"]]:
            counterparty = prov.get("counterparty") or {}
            provisions.append({
                "norm": "bearer" in prov, "kind": term(prov["kind"], lang) or prov["kind"],
                "bearer": (prov.get("bearer") or {}).get("text"), "counterparty": counterparty.get("text"),
                "actions": prov.get("action", []), "object": prov.get("action_object"),
                "conditions": [c["text"] for c in prov.get("conditions", []) if c.get("text")],
                "deadline": (prov.get("deadline") or {}).get("text"), "survives": prov.get("survives"),
                "defined_term": prov.get("defined_term"), "notes": prov.get("ambiguity_notes", []),
                # what a provision that is no norm is ("verklaring": a fact, purpose or principle, no
                # duty or right), in the ontology's words: the bare kind told a new user nothing
                "definition": None if "bearer" in prov else term_text(prov["kind"], lang)[1] if prov["kind"] else None,
                "notes_lang": prov.get("ambiguity_lang"),
                "unreviewed": term("Unreviewed", lang) if prov.get("reviewed") is False else None})
        out.append({"id": par["paragraph"] or "0", "marker": par["marker"], "text": par["text"],
                    "provisions": provisions})
    return out


def _name(kb: KnowledgeBase, iri: str, lang: str = "nl") -> str:
    """What a reader calls the thing an IRI names: a document's short title, 'DVO-2018 art. 5
    lid 2' for a division, a party's or term's label; the IRI itself when nothing is known."""
    names = _names(kb)
    if iri in names.get(lang, {}):
        return names[lang][iri]
    if iri.startswith(kb.base):
        path = iri[len(kb.base):].split("/")
        doc = names["doc"].get(kb.base + path[0])
        if doc and len(path) >= 3 and path[1] == "art":
            words = [doc]
            for i in range(1, len(path) - 1, 2):
                if path[i] in CRUMBS and not (path[i] == "lid" and path[i + 1] == "0"):  # lid 0: an unnumbered lid
                    words.append(f"{CRUMBS[path[i]]} {path[i + 1]}")
                elif path[i] in ("norm", "provision"):
                    words.append(f"({RESOURCE[lang][path[i] + '_word']} {path[i + 1]})")
            return " ".join(words)
        if doc:
            return doc
    if iri.startswith(str(PREFIXES.get("dvo", ""))):
        local = iri[len(PREFIXES["dvo"]):]
        return term(local, lang) or local
    return iri


@lru_cache(maxsize=4)
def _names(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    """Documents by their short title ("doc", and under nl and en), and every resource of the
    knowledge base with an rdfs:label, by language (a label without a language under both)."""
    out: dict[str, dict[str, str]] = {"doc": {}, "nl": {}, "en": {}}
    for r in kb.select(_query("labels")):
        for lang in ([r["lang"]] if r["lang"] in ("nl", "en") else ["nl", "en"]):
            out[lang].setdefault(r["x"], r["l"])
    for iri, name in document_names(kb).items():
        if name == iri.rsplit("/", 1)[-1] and iri in out["nl"]:
            # a document without a title of its own (the GR of the HBEL-DVO): its label, not its id
            out["doc"][iri] = out["nl"][iri]
            continue
        out["doc"][iri] = out["nl"][iri] = out["en"][iri] = name
    for r in kb.select(_query("task_names")):  # an entry of a product list: its own words, shortened
        short = _short(r["l"])  # (not its label in the graph, "DVO-2018, bijlage 1, taak 60": its words say what it is)
        out["nl"][r["x"]] = short
        out["en"][r["x"]] = short
    return out


def _types(triples: list[Any]) -> set[str]:
    return {q.object.value.rsplit("#", 1)[-1] for q in triples if q.predicate.value == RDF_TYPE}


def _is_norm(prov: dict[str, Any]) -> bool:
    return "bearer" in prov


def _norms(par: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in par["provisions"] + [p for it in par["items"] for p in it["provisions"]] if _is_norm(p)]


def _read_as(text: str | None, lang: str) -> str | None:
    """How the grammar read a question, after the page's own "Begrepen als vraag:": "wie jegens
    wie (begrip: overmacht)", without a second "begrepen als" (the CLI keeps it)."""
    if not text:
        return None
    read = interpretation(text, lang) or ""
    # after the page's "Gezocht in de tekst:", the words searched for (not "gezocht in de tekst naar:" again)
    read = read.removeprefix(labels("interpretation")[lang]["searched"] + " ")
    return read.removeprefix(labels("interpretation")[lang]["as"] + " ")


def _document_view(request: Request, kb: KnowledgeBase, iri: str, triples: list[Any],
                   lang: str) -> dict[str, Any] | None:
    """A document's page: its kind, dates, what it is based on and what replaces it, its parties
    with their roles, and a table of contents: the articles in their order with their heading,
    the number of leden and of norms (resource_document.html); None for anything else."""
    from ...clauses.views import document_view

    if "Document" not in _types(triples) and not any(q.predicate.value.endswith("#documentId") for q in triples):
        return None
    doc_id = next((str(q.object.value) for q in triples if q.predicate.value.endswith("#documentId")), None)
    if not doc_id:
        return None
    try:
        view = document_view(kb, doc_id, lang)
    except Exception:  # a document the views do not know (an external act): its triples say it all
        return None
    r = RESOURCE[lang]

    def link(target: str) -> tuple[str, str]:
        return _local(request, target, kb.base), _name(kb, target, lang)

    def doc_links(ids: list[str]) -> list[tuple[str, str]]:
        return [link(kb.base + d) for d in ids]

    replaced_by = [x["x"] for x in kb.select(_query("replaced_by"), {"d": ox.NamedNode(iri)})]
    # (name, text, links): a fact is a text or a list of links
    facts: list[tuple[str, str | None, list[tuple[str, str]] | None]] = [
        (r["kind"], view.get("kind"), None),
        # the date in words and the text that states it, once where they say the same ("1 januari 2025")
        (r["in_force"], " · ".join(dict.fromkeys(x for x in (dates_in_words(view.get("in_force_from") or "", lang),
                                                             view.get("in_force_text")) if x)), None),
        # what the graph says of it in the reader's language (the HBEL-DVO: "Concept: de ondertekenaars en
        # de data zijn opengelaten"; a second trial found it only in the RDF, in English)
        *[(r["comment"], str(q.object.value), None) for q in triples
          if q.predicate.value == RDFS_COMMENT and getattr(q.object, "language", None) == lang],
        # the curators' note on it where the text is unclear (the HBEL-DVO: art. 2 against art. 16, a
        # draft; a new user's trial read "In werking 1 januari 2026" without it)
        *([(r["in_force_note"], view["ambiguity"], None)] if view.get("ambiguity") else []),
        (r["based_on"], None, doc_links(view.get("based_on") or [])),
        (r["replaces"], None, doc_links(view.get("replaces") or [])),
        (r["replaced_by"], None, [link(x) for x in replaced_by])]
    if view.get("annexes"):
        facts.append((r["annexes"], None, doc_links(view["annexes"])))
    if view.get("annex_of"):
        facts.append((r["annex_of"], None, doc_links([view["annex_of"]])))
    # the document in the standards of the field (api/routers/export.py): linked, not only served (a
    # new user's trial found /id/{doc}.akn.xml by trying)
    if view.get("articles"):  # (the export is of a document's articles: not of the business plan)
        facts.append((r["formats"], None, [(f"/id/{doc_id}.akn.xml", "Akoma Ntoso (XML)"),
                                           (f"/id/{doc_id}.lrml.xml", "LegalRuleML (XML)")]))
    return {"facts": facts,
            "parties": [(*link(p["iri"]), _roles(p["roles"], lang)) for p in view["parties"]],
            "articles": [(_local(request, a["iri"], kb.base), a["article"], a.get("heading"),
                          sum(1 for p in a["paragraphs"] if p.get("paragraph")),
                          sum(len(_norms(p)) for p in a["paragraphs"])) for a in view["articles"]]}


def _roles(roles: list[dict[str, Any]], lang: str) -> list[str]:
    """A party's roles in a document by the ontology's rdfs:label ("coördinerende gemeente", not
    the class's local name "CoordinerendeGemeente"), each once."""
    return list(dict.fromkeys(term(x["role"], lang) or x["role"] for x in roles))


def _party_view(request: Request, kb: KnowledgeBase, triples: list[Any], lang: str) -> list[dict[str, Any]]:
    """A party's page: per document it plays a role in, its roles there and the norms it bears (as
    the party, or in one of its roles there), in the document's order, each linked to its lid
    (resource_party.html); nothing for anything else. Two queries for the whole page (each
    document's whole view took it 14 s at 1M quads, where a party is in a few hundred documents)."""
    if not any(q.predicate.value.endswith("#partyId") for q in triples):
        return []
    party = next(q.subject for q in triples if q.predicate.value.endswith("#partyId"))
    documents: dict[str, dict[str, Any]] = {}
    for r in kb.select(_query("party_documents"), {"party": party}):
        doc = documents.setdefault(r["d"], {"id": r["id"], "roles": []})
        doc["roles"].append({"role": _tail(r["roleClass"])})
    norms: dict[str, dict[str, Any]] = {}
    for r in kb.select(_query("party_norms"), {"party": party}):
        if r["d"] not in documents:  # (a norm of a document the party plays no role in is not listed)
            continue
        n = norms.setdefault(r["prov"], {"d": r["d"], "kinds": set(), "actions": {},
                                         "order": (int(r["apos"]), int(r["ppos"]), int(r["ipos"] or 0),
                                                   provision_number(r["prov"])),
                                         "object": _object(r["object"] or r["itemText"] or ""),
                                         "unreviewed": _tail(r["status"] or "") == "Unreviewed"})
        n["kinds"].add(_tail(r["kind"]))
        if r["action"]:  # a concept's Dutch preferred label, else its Dutch label, else its local name
            names = n["actions"].setdefault(r["action"], set())
            names.add((0, r["pref"]) if r["pref"] else (1, r["label"]) if r["label"] else (2, _tail(r["action"])))
    out = []
    for doc_iri, doc in sorted(documents.items(), key=lambda x: x[1]["id"]):
        listed = []
        for prov, n in sorted(((p, n) for p, n in norms.items() if n["d"] == doc_iri), key=lambda x: x[1]["order"]):
            where = prov.split("/norm/")[0]
            kind = min(n["kinds"])
            listed.append((_local(request, where, kb.base), _name(kb, where, lang), term(kind, lang) or kind,
                           sorted(min(names)[1] for names in n["actions"].values()), n["object"],
                           term("Unreviewed", lang) if n["unreviewed"] else None))  # "niet gecontroleerd"
        out.append({"href": _local(request, doc_iri, kb.base), "name": _name(kb, doc_iri, lang),
                    "roles": _roles(doc["roles"], lang), "norms": listed})
    return out


def _object(text: str) -> str:
    """What a norm acts on, on the party page: its object or its item's text, without the
    punctuation that ends an item of a list, cut as _short cuts."""
    return _short(" ".join(text.split()).rstrip(";,."))


def _short(text: str) -> str:
    """A text on one line, cut at a word after TASK_NAME characters (an entry of a product list,
    a norm's object, an item's text)."""
    text = " ".join(text.split())
    return text if len(text) <= TASK_NAME else text[:TASK_NAME].rsplit(" ", 1)[0] + " …"


def _tail(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
