"""Pages for legal advisors (Dutch first, ?lang=en), the IRIs of documents, articles and leden
(HTML for browsers, Turtle or JSON-LD by content negotiation), and the data dumps."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...query.ask import Asker
from ...query.parser import QuestionError
from ...store import PREFIXES, KnowledgeBase
from .. import highlight
from ..deps import asker_dep, kb_dep
from ..dutch import interpretation, refusal
from ..errors import ApiError
from ..labels import labels, term
from ..negotiation import VARY, negotiate, not_acceptable_message
from ..ontology_doc import ontology_html
from .sparql import GRAPH_TYPES, graph_counts

router = APIRouter(tags=["pages"])

TEXT = labels("pages")  # the words of the page, nl and en (api/labels.yaml)
RESOURCE = labels("resource")  # the words of the pages of documents, articles, parties, ...
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111;line-height:1.45}
a{color:#0645ad}label{font-weight:600}input[type=search]{width:70%;font-size:1.1rem;padding:.4rem}
button{font-size:1.1rem;padding:.4rem .8rem}.answer{border-left:4px solid #446;padding:.2rem .8rem;margin:.8rem 0}
.meta{color:#333;font-size:.95rem}blockquote{margin:.3rem 0;white-space:pre-wrap}pre{background:#f4f4f4;padding:.5rem;overflow:auto}mark{background:#ffe066;color:#111;padding:0 .1rem}
a:focus,button:focus,select:focus,input:focus,textarea:focus,summary:focus{outline:3px solid #b35900;outline-offset:2px}"""


# C0 and C1 control characters but tab and newline (and DEL): never valid in HTML text
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def no_controls(text: str) -> str:
    """``text`` without control characters (tab and newline stay)."""
    return CONTROLS.sub("", text)


# the RDF of the whole dataset: what every page without a resource of its own offers as its alternate
DATASET_ALTERNATES = [("/data/dvo-kb.ttl", "text/turtle"), ("/data/dvo-kb.nt", "application/n-triples"),
                      ("/data/dvo-kb.jsonld", "application/ld+json"), ("/void.ttl", "text/turtle")]


def _links(alternates: list[tuple[str, str]]) -> str:
    return "".join(f'<link rel="alternate" type="{escape(t)}" href="{escape(href)}">' for href, t in alternates)


def _page(title: str, body: str, lang: str, style: str = "",
          alternates: list[tuple[str, str]] | None = None) -> HTMLResponse:
    """Every HTML page of the service, with ``<link rel="alternate">`` to its RDF (the
    resource's own, or the dataset's). Whatever a page echoes of its input (a question, a file
    name, a parameter, a draft's text) reaches the browser without control characters: they
    are taken out of the whole page here, once, rather than at each place that echoes."""
    links = _links(DATASET_ALTERNATES if alternates is None else alternates)
    return HTMLResponse(no_controls(f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>{links}
<style>{STYLE}{style}</style></head><body>{body}</body></html>"""))


def _local(request: Request, iri: str, base: str) -> str:
    return f"/id/{iri[len(base):]}" if iri.startswith(base) else iri


@router.get("/", response_class=HTMLResponse, summary="The search page")
def home(request: Request, q: str | None = None, lang: str = "nl", asker: Asker = Depends(asker_dep),
         kb: KnowledgeBase = Depends(kb_dep)) -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = TEXT[lang]
    other = "en" if lang == "nl" else "nl"
    switch = urlencode({"q": q, "lang": other} if q else {"lang": other})
    parts = [f'<nav><a href="/?{escape(switch)}" lang="{other}">{t["other"]}</a> · '
             f'<a href="/deadlines?lang={lang}">{t["deadlines"]}</a> · <a href="/validate?lang={lang}">{t["validate"]}</a> · '
             f'<a href="/diff?lang={lang}">{t["diff"]}</a></nav><main><h1>{escape(t["title"])}</h1>',
             f'<form method="get" action="/" role="search"><label for="q">{t["ask"]}</label><br>'
             f'<input type="search" id="q" name="q" value="{escape(q or "")}" placeholder="{escape(t["example"])}">'
             f'<input type="hidden" name="lang" value="{lang}"> <button type="submit">{t["button"]}</button></form>']
    if q:
        try:
            ans = asker.ask(q)
        except QuestionError as exc:
            parts.append(f'<p role="alert">{escape(refusal(str(exc), lang))}</p>')
        else:
            if ans.interpretation:
                parts.append(f'<p class="how"><strong>{escape(t["how_" + ans.how])}:</strong> '
                             f'{escape(interpretation(ans.interpretation, lang) or "")}</p>')
            if ans.note:
                parts.append(f'<p class="note">{escape(ans.note)}</p>')
            if ans.unanswered:
                parts.append(f'<p role="status">{escape(t["unanswered"])}: {escape(ans.unanswered)}</p>')
            if not ans.answers:
                parts.append(f"<p>{t['nothing']}</p>")
                if ans.related:
                    parts.append(f"<p>{escape(t['related'])}: " + ", ".join(
                        f'<a href="{escape(_local(request, r["iri"], kb.base))}">{escape(r["label"])}</a>'
                        for r in ans.related) + "</p>")
            known = highlight.sources(kb, ans.answers)
            current = None
            for a in ans.answers:
                if a["agreement"] != current:  # grouped per document, under its short title
                    current = a["agreement"]
                    parts.append(f'<h2 class="document">{escape(a.get("document") or current)}</h2>')
                where = f"art. {a['article']}" + (f" lid {a['paragraph']}" if a.get("paragraph") else "") if a.get("article") else ""
                meta = " · ".join(escape(str(x)) for x in (a.get("heading"), term(a.get("kind"), lang), a.get("bearer"),
                                                          a.get("counterparty") and f"→ {a['counterparty']}",
                                                          a.get("deadline") and f"{t['deadline']}: {a['deadline']}") if x)
                extra = "".join(f'<li>{escape(t["condition"])}: {escape(c)}</li>' for c in a.get("conditions", []))
                extra += "".join(f'<li lang="en">{escape(t["note"])}: {escape(n)}</li>' for n in a.get("notes", []))
                extra += "".join(f'<li>{escape(t["due"])} <time datetime="{escape(d["due"] or "")}">'
                                 f'{escape(d["due"] or "?")}</time> ({escape(d["rule"])})</li>'
                                 for n in a.get("norms", []) for d in n.get("due_dates", []))
                parts.append(f'<div class="answer"><a href="{escape(_local(request, a["iri"], kb.base))}">'
                             f'{escape(a.get("document") or a["agreement"])} {escape(where)}</a><div class="meta">{meta}</div>'
                             f'<blockquote>{highlight.answer_html(a, known)}</blockquote>'
                             + (f'<ul class="conditions">{extra}</ul>' if extra else "") + '</div>')
            parts.append(f"<details><summary>{t['sparql']}</summary><pre>{escape(ans.to_json()['sparql'])}</pre></details>")
    docs = kb.select("SELECT ?d ?id ?title WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true ; dvo:title ?title "
                     "FILTER EXISTS { ?d dvo:hasArticle ?a } } ORDER BY ?id")
    parts.append(f'<p><a href="/deadlines?lang={lang}">{t["deadlines"]}</a> · <a href="/query">SPARQL</a> · <a href="/docs">API</a> · <a href="/void.ttl">VoID</a> · '
                 '<a href="/ontology.html">ontologie</a> (<a href="/ontology.ttl">Turtle</a>)</p>')
    parts.append(f"<h2>{t['docs']}</h2><ul>" + "".join(
        f'<li><a href="{escape(_local(request, r["d"], kb.base))}">{escape(r["id"])}</a>: {escape(r["title"])}</li>'
        for r in docs) + "</ul>")
    parts.append("</main>")
    return _page(t["title"], "\n".join(parts), lang)


# the representations of a resource, the default (for */* and browsers) first
RESOURCE_OFFER = ["text/html", *GRAPH_TYPES]
# ?format= on a resource's URL, for links to one representation (the pages' <link rel="alternate">)
FORMAT_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdf": "application/rdf+xml", "html": "text/html"}
FORMAT = Query(None, pattern="^(ttl|nt|jsonld|rdf|html)$",
               description="one representation (ttl, nt, jsonld, rdf, html) instead of content negotiation")
NEGOTIATED: dict[int | str, dict[str, Any]] = {200: {"description": "the description: HTML for browsers, RDF by content negotiation (Vary: Accept)",
                    "content": {mt: {} for mt in RESOURCE_OFFER}},
              404: {"description": "nothing is known about this IRI", "content": {"application/json": {}}},
              406: {"description": "none of the types in Accept can be served", "content": {"application/json": {}}}}


def _chosen(accept: str, format: str | None, offer: list[str]) -> str:
    """The representation a request asks for (``format`` first), or 406."""
    if format is not None:
        return FORMAT_TYPES[format]
    mt = negotiate(accept, offer)
    if mt is None:
        raise ApiError(406, "not_acceptable", not_acceptable_message(offer), VARY)
    return mt


def _alternates(url: str, offer: list[str]) -> list[tuple[str, str]]:
    by_type = {v: k for k, v in FORMAT_TYPES.items()}
    return [(f"{url}?format={by_type[mt]}", mt) for mt in offer if mt != "text/html"]


def _serialize(triples: list[Any], fmt: Any) -> bytes:
    return (ox.serialize(triples, format=fmt, prefixes=PREFIXES) if fmt != ox.RdfFormat.N_TRIPLES
            else ox.serialize(triples, format=fmt)) or b""


@lru_cache(maxsize=4)
def _information_classes(kb: KnowledgeBase) -> frozenset[str]:
    """The classes whose instances are information resources: texts, i.e. documents and their
    divisions (articles, leden, items, chapters, annexes, ...), with every subclass."""
    rows = kb.select("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* ?top VALUES ?top { dvo:Document dvo:Division } }")
    return frozenset(r["c"] for r in rows)


def is_information_resource(kb: KnowledgeBase, triples: list[Any]) -> bool:
    """Whether the resource these triples describe is a text (a document or a division of one),
    which its IRI's URL can serve itself; anything else (a party, a role, a norm, a deadline, a
    task, ...) is not a document, and its IRI answers 303 See Other to its description."""
    types = {q.object.value for q in triples if q.predicate.value == RDF_TYPE}
    return bool(types & _information_classes(kb))


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
def resource(path: str, request: Request, format: str | None = FORMAT,
             kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    """Texts (documents, articles, leden, items, ...) are served at their IRI, by content
    negotiation; any other resource's IRI answers 303 See Other to its description under
    ``/doc/`` (the IRI names the thing, the description is a document about it)."""
    triples = _triples_or_page(request, kb, path)
    if isinstance(triples, Response):
        return triples
    if not is_information_resource(kb, triples):
        target = f"/doc/{quote(path)}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(target, status_code=303)
    return _describe(request, kb, path, format, f"/id/{quote(path)}")


@router.get("/doc/{path:path}", summary="The description of a resource that is not a document (a party, role, norm)",
            responses=NEGOTIATED)
def description(path: str, request: Request, format: str | None = FORMAT,
                kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    found = _triples_or_page(request, kb, path)
    if isinstance(found, Response):
        return found
    return _describe(request, kb, path, format, f"/doc/{quote(path)}")


# the pages of resources: long IRIs and values wrap instead of widening the page (a phone's 390 px)
RESOURCE_STYLE = """table{border-collapse:collapse;max-width:100%}th,td{text-align:left;vertical-align:top;
padding:.2rem .4rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere}code{overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .8rem}.facts dt{font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}main{overflow-wrap:anywhere}"""


def _triples_or_page(request: Request, kb: KnowledgeBase, path: str) -> list[Any] | Response:
    """The triples about an IRI; for a browser (Accept names text/html) an IRI nothing is known
    about gets a page saying so (404, in the reader's language), for any other client the JSON error."""
    try:
        return _triples(kb, path)[2]
    except ApiError as exc:
        if exc.status != 404 or "text/html" not in request.headers.get("accept", ""):
            raise
    lang = "en" if request.query_params.get("lang") == "en" else "nl"
    t = labels("not_found")[lang]
    body = (f'{_breadcrumbs(path)}<main><h1>{t["title"]}</h1><p>{escape(t["text"].format(iri=kb.base + path))}</p>'
            f'<p><a href="/?lang={lang}">{t["home"]}</a></p></main>')
    page = _page(f"dvo-kb: {t['title']}", body, lang)
    page.status_code = 404
    page.headers.update(VARY)
    return page


def _describe(request: Request, kb: KnowledgeBase, path: str, format: str | None, url: str) -> Response:
    iri, node, triples = _triples(kb, path)
    mt = _chosen(request.headers.get("accept", ""), format, RESOURCE_OFFER)
    if mt != "text/html":
        described = [ox.Triple(q.subject, q.predicate, q.object) for q in triples]
        return Response(_serialize(described, GRAPH_TYPES[mt]), media_type=mt, headers=VARY)
    lang = "en" if request.query_params.get("lang") == "en" else "nl"
    r = RESOURCE[lang]
    labels_ = {getattr(q.object, "language", None): str(q.object.value) for q in triples
               if q.predicate.value.endswith("#label") and isinstance(q.object, ox.Literal)}
    label = labels_.get(lang) or labels_.get(None) or next(iter(labels_.values()), iri)
    article = _article_html(kb, iri, triples, lang)
    rows = []
    for q in sorted(triples, key=lambda q: (q.predicate.value, str(q.object))):
        obj: Any = q.object
        shown = (f'<a href="{escape(_local(request, obj.value, kb.base))}">{escape(_name(kb, obj.value, lang))}</a>'
                 if isinstance(obj, ox.NamedNode) else
                 f"<span{_lang_attr(obj, lang)}>{escape(str(getattr(obj, 'value', obj)))}</span>")
        local = re.split(r"[#/]", q.predicate.value)[-1]
        rows.append(f"<tr><th scope='row' title='{escape(q.predicate.value)}'>{escape(term(local, lang) or local)}</th>"
                    f"<td>{shown}</td></tr>")
    cited = kb.select("SELECT ?t ?x ?lab WHERE { ?x dvo:refersTo ?t . OPTIONAL { ?x dvo:source/rdfs:label ?lab } }",
                      {"t": node})
    body = (f'{_breadcrumbs(path, label)}<main><h1>{escape(label)}</h1><p><code>{escape(iri)}</code></p>'
            f'{_document_html(request, kb, iri, triples, lang)}{_party_html(request, kb, iri, triples, lang)}'
            f'{article}<details><summary>{r["triples"]}</summary><table>{"".join(rows)}</table></details>')
    if cited:
        body += f"<h2>{r['cited']}</h2><ul>" + "".join(
            f'<li><a href="{escape(_local(request, c["x"], kb.base))}">{escape(c["lab"] or _name(kb, c["x"], lang))}</a></li>'
            for c in cited) + "</ul>"
    body += "</main>"
    page = _page(label, body, lang, RESOURCE_STYLE, alternates=_alternates(url, RESOURCE_OFFER))
    page.headers.update(VARY)
    return page


CRUMBS = {"art": "art.", "lid": "lid", "item": "onder", "bullet": "•"}


def _breadcrumbs(path: str, label: str | None = None) -> str:
    """dvo-kb › document › art. 13 › lid 1 › onder a: each but the last one a link."""
    parts = path.strip("/").split("/")
    crumbs = [("/", "dvo-kb")]
    if len(parts) % 2 == 1 and parts[1:2] == ["art"] and all(parts[i] in CRUMBS for i in range(1, len(parts), 2)):
        crumbs.append((f"/id/{parts[0]}", parts[0]))
        for i in range(1, len(parts), 2):
            crumbs.append((f"/id/{'/'.join(parts[:i + 2])}", f"{CRUMBS[parts[i]]} {parts[i + 1]}"))
    else:
        crumbs.append((f"/id/{path}", label or path))
    links = [f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in crumbs[:-1]]
    return ('<nav aria-label="kruimelpad"><p>' + " › ".join([*links, f'<span aria-current="page">{escape(crumbs[-1][1])}</span>'])
            + "</p></nav>")


@router.get("/data/dvo-kb.{ext}", summary="The whole graph as a dump (ext: ttl, nt or jsonld)",
            responses={200: {"content": {"text/turtle": {}, "application/n-triples": {}, "application/ld+json": {}}}})
def dump(ext: str, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    formats = {"ttl": ("text/turtle", ox.RdfFormat.TURTLE), "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
               "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD)}
    if ext not in formats:
        raise ApiError(404, "not_found", f"no dump in format {ext!r}; there are: {', '.join(formats)}")
    mt, fmt = formats[ext]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kb.quads()]
    data = ox.serialize(triples, format=fmt, prefixes=PREFIXES) if fmt != ox.RdfFormat.N_TRIPLES else ox.serialize(triples, format=fmt)
    return Response(data, media_type=mt)


EXAMPLE_QUERIES = [
    ("Artikelen per document", "SELECT ?id (COUNT(?a) AS ?articles) WHERE {\n  ?d dvo:documentId ?id ; dvo:hasArticle ?a .\n}\nGROUP BY ?id ORDER BY ?id"),
    ("Wie informeert wie bij overmacht", "SELECT ?doc ?art ?bearer ?counterparty ?deadline WHERE {\n  ?n dvo:trigger dvo:event-overmacht ; dvo:action dvo:action-informeren ;\n     dvo:source ?src ; dvo:bearerText ?bearer .\n  ?src dvo:inDocument/dvo:documentId ?doc .\n  ?a dvo:hasParagraph|dvo:hasParagraph/dvo:hasItem ?src ; dvo:number ?art .\n  OPTIONAL { ?n dvo:counterpartyText ?counterparty }\n  OPTIONAL { ?n dvo:deadline/dvo:deadlineText ?deadline }\n}\nORDER BY ?doc ?art"),
    ("Verdeelsleutels", "SELECT ?party ?pct ?lid WHERE {\n  ?key a dvo:CostSharingKey ; prov:wasDerivedFrom ?lid ; dvo:hasShare ?s .\n  ?s dvo:shareParty/dvo:partyId ?party ; dvo:sharePercentage ?pct .\n}\nORDER BY ?lid ?party"),
    ("Wetten met BWB-id", "SELECT ?id ?title ?bwb WHERE {\n  ?l dvo:documentId ?id ; dvo:bwbId ?bwb ; dvo:title ?title .\n}\nORDER BY ?id"),
]


@router.get("/query", response_class=HTMLResponse, summary="A page to write and run SPARQL queries")
def query_page(lang: str = "nl") -> HTMLResponse:
    lang = "en" if lang == "en" else "nl"
    t = labels("query")[lang]
    other = "en" if lang == "nl" else "nl"
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    examples = "".join(
        f'<li><a href="/query?example={i}&amp;lang={lang}">{escape(title)}</a></li>'
        for i, (title, _) in enumerate(EXAMPLE_QUERIES))
    body = (
        f'<nav><a href="/?lang={lang}">{t["home"]}</a> · <a href="/query?lang={other}" lang="{other}">{t["other"]}</a></nav>'
        f'<main><h1>{t["title"]}</h1>'
        f"<p>{t['endpoint'].format(prefixes=escape(', '.join(PREFIXES)))}</p><h2>{t['examples']}</h2><ul>{examples}</ul>"
        f'<form method="get" action="/sparql"><label for="query">{t["query"]}</label><br>'
        '<textarea id="query" name="query" rows="14" cols="90" spellcheck="false" style="max-width:100%"></textarea><br>'
        f'<label for="format">{t["result"]}</label> <select id="format" name="format"><option value="json">JSON</option>'
        '<option value="csv">CSV</option><option value="tsv">TSV</option><option value="xml">XML</option>'
        f'<option value="turtle">Turtle (CONSTRUCT)</option></select> <button type="submit">{t["run"]}</button></form>'
        f"<details><summary>{t['prefixes']}</summary><pre>{escape(prefixes)}</pre></details></main>"
        "<script>const q=new URLSearchParams(location.search).get('example');"
        f"const ex={json.dumps([q for _, q in EXAMPLE_QUERIES])};"
        "document.getElementById('query').value = q!==null && ex[q] ? ex[q] : ex[0];</script>")
    return _page(f"dvo-kb: {t['title']}", body, lang)


@router.get("/void.ttl", summary="VoID description of the dataset", responses={200: {"content": {"text/turtle": {}}}})
def void(request: Request, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    root = str(request.base_url).rstrip("/")
    counts = kb.select("SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?c) AS ?classes) WHERE { ?s a ?c }")[0]
    body = f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{root}/void.ttl#dataset> a void:Dataset ;
    dcterms:title "dvo-kb: Dutch intergovernmental agreements as rules-as-code"@en ;
    void:sparqlEndpoint <{root}/sparql> ;
    void:dataDump <{root}/data/dvo-kb.ttl> , <{root}/data/dvo-kb.nt> , <{root}/data/dvo-kb.jsonld> ;
    void:uriSpace "{kb.base}" ;
    void:vocabulary <https://w3id.org/dvo-kb/def#> ;
    void:triples {graph_counts(kb)[0]} ;
    void:entities {counts["subjects"]} ;
    void:classes {counts["classes"]} .
"""
    return Response(body, media_type="text/turtle")


@router.get("/ontology.ttl", summary="The ontology (hub, modules and alignments) as Turtle",
            responses={200: {"content": {"text/turtle": {}}}})
def ontology() -> Response:
    from ...ontology.load import ontology_graph

    return Response(ontology_graph().serialize(format="turtle"), media_type="text/turtle")


ONTOLOGY_TYPES = {"text/html": "html", "text/turtle": "turtle", "application/n-triples": "nt",
                  "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
ONTOLOGY_OFFER = list(ONTOLOGY_TYPES)


def _ontology_page(alternates: list[tuple[str, str]]) -> HTMLResponse:
    """The pyLODE documentation with ``<link rel="alternate">`` to the ontology's RDF."""
    html = ontology_html()
    head = html.find("</head>")
    if head >= 0:
        html = html[:head] + _links(alternates) + html[head:]
    return HTMLResponse(html)


ONTOLOGY_ALTERNATES = _alternates("/def", ONTOLOGY_OFFER)


@router.get("/ontology.html", response_class=HTMLResponse, summary="The ontology as HTML documentation (pyLODE)")
def ontology_doc() -> HTMLResponse:
    return _ontology_page(ONTOLOGY_ALTERNATES)


def _ontology_negotiated(request: Request, format: str | None, graph: Any, url: str) -> Response:
    mt = _chosen(request.headers.get("accept", ""), format, ONTOLOGY_OFFER)
    page: Response
    if mt == "text/html":
        page = _ontology_page(_alternates(url, ONTOLOGY_OFFER))
    else:
        page = Response(graph().serialize(format=ONTOLOGY_TYPES[mt]), media_type=mt)
    page.headers.update(VARY)
    return page


ONTOLOGY_RESPONSES: dict[int | str, dict[str, Any]] = {**NEGOTIATED, 200: {"description": "HTML documentation for browsers, RDF by content "
                                                         "negotiation (Vary: Accept)",
                                          "content": {mt: {} for mt in ONTOLOGY_OFFER}}}


@router.get("/ontology", summary="The ontology: HTML documentation for browsers, RDF by content negotiation",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_negotiated(request: Request, format: str | None = FORMAT) -> Response:
    from ...ontology.load import ontology_graph

    return _ontology_negotiated(request, format, ontology_graph, "/def")  # the ontology at its IRI


@router.get("/def", summary="The ontology at its IRI, https://w3id.org/dvo-kb/def (terms are def#Term)",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_namespace(request: Request, format: str | None = FORMAT) -> Response:
    """The namespace of the ontology: its terms are hash IRIs (``def#Obligation``), so a client
    that looks a term up asks for ``/def`` and finds the term in the whole ontology."""
    from ...ontology.load import ontology_graph

    return _ontology_negotiated(request, format, ontology_graph, "/def")


def _module_files() -> dict[str, Any]:
    from ...ontology.generate import ontology_files

    return {f.stem: f for f in ontology_files() if f.stem != "dvo"}


@router.get("/def/{module}", summary="A module of the ontology at its IRI (https://w3id.org/dvo-kb/def/norm, ...)",
            response_class=Response, responses=ONTOLOGY_RESPONSES)
def ontology_module(module: str, request: Request, format: str | None = FORMAT) -> Response:
    """One module's own triples as RDF; for a browser, the documentation of the whole ontology
    (one page documents every module)."""
    files = _module_files()
    if module not in files:
        raise ApiError(404, "not_found", f"the ontology has no module {module!r}; its modules are: "
                                         + ", ".join(sorted(files)), VARY)

    def graph() -> Any:
        from rdflib import Graph

        return Graph().parse(files[module], format="turtle")

    return _ontology_negotiated(request, format, graph, f"/def/{quote(module)}")


def _article_html(kb: KnowledgeBase, iri: str, triples: list[Any], lang: str = "nl") -> str:
    """For an article or lid: its verbatim text, lid by lid, with the norms encoded for it (the
    kinds and the page's words in the reader's language)."""
    from ...clauses.views import document_view, select_article

    types = {q.object.value.rsplit("#", 1)[-1] for q in triples if q.predicate.value.endswith("#type")}
    if not types & {"Article", "Paragraph"}:
        return ""
    r = RESOURCE[lang]
    art_iri = iri.split("/lid/")[0]
    doc_id = art_iri.split("/art/")[0][len(kb.base):]
    number = art_iri.split("/art/")[1]
    view = select_article(document_view(kb, doc_id), number, None)
    out = []
    for par in view["articles"][0]["paragraphs"]:
        if "Paragraph" in types and par["iri"] != iri:
            continue
        out.append(f'<section><p id="{escape(par["paragraph"] or "0")}"><strong>{escape(par["marker"] or "")}</strong> '
                   f'<span style="white-space:pre-wrap">{escape(par["text"])}</span></p><ul>')
        for prov in par["provisions"] + [p for it in par["items"] for p in it["provisions"]]:
            kind = term(prov["kind"], lang) or prov["kind"]
            if "bearer" in prov:
                line = (f'{kind}: {prov["bearer"]["text"] or "?"}'
                        + (f' → {prov["counterparty"]["text"]}' if prov.get("counterparty") and prov["counterparty"]["text"] else "")
                        + f': {", ".join(prov["action"])}'
                        + (f' ({prov["action_object"]})' if prov.get("action_object") else "")
                        + "".join(f'; {r["condition"]}: {c["text"]}' for c in prov.get("conditions", []) if c.get("text"))
                        + (f'; {r["deadline"]}: {prov["deadline"]["text"]}' if prov.get("deadline") else "")
                        + (f'; {r["survives"]}' if prov.get("survives") else ""))
            else:
                line = kind + (f': {prov["defined_term"]}' if prov.get("defined_term") else "")
            out.append(f"<li>{escape(line)}</li>")
            out.extend(f'<li class="note">{r["note"]}: <span lang="en">{escape(n)}</span></li>'
                       for n in prov.get("ambiguity_notes", []))
        out.append("</ul></section>")
    return "".join(out)


def _lang_attr(obj: Any, lang: str) -> str:
    """lang="en" on a literal in the other language than the page's."""
    tag = getattr(obj, "language", None)
    return f' lang="{escape(tag)}"' if tag and tag != lang else ""


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
    for r in kb.select("SELECT ?x ?l (LANG(?l) AS ?lang) WHERE { ?x rdfs:label ?l FILTER(isIRI(?x)) }"):
        for lang in ([r["lang"]] if r["lang"] in ("nl", "en") else ["nl", "en"]):
            out[lang].setdefault(r["x"], r["l"])
    for r in kb.select("SELECT ?d ?t WHERE { ?d dvo:documentId ?id OPTIONAL { ?d dvo:shortTitle ?s } "
                       "OPTIONAL { ?d dvo:title ?title } BIND(COALESCE(?s, ?title, ?id) AS ?t) }"):
        out["doc"][r["d"]] = r["t"]
        out["nl"][r["d"]] = out["en"][r["d"]] = r["t"]
    return out


def _types(triples: list[Any]) -> set[str]:
    return {q.object.value.rsplit("#", 1)[-1] for q in triples if q.predicate.value == RDF_TYPE}


def _is_norm(prov: dict[str, Any]) -> bool:
    return "bearer" in prov


def _norms(par: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in par["provisions"] + [p for it in par["items"] for p in it["provisions"]] if _is_norm(p)]


def _document_html(request: Request, kb: KnowledgeBase, iri: str, triples: list[Any], lang: str) -> str:
    """A document's page: its kind, dates, what it is based on and what replaces it, its parties
    with their roles, and a table of contents: the articles in their order with their heading,
    the number of leden and of norms."""
    from ...clauses.views import document_view

    if "Document" not in _types(triples) and not any(q.predicate.value.endswith("#documentId") for q in triples):
        return ""
    doc_id = next((str(q.object.value) for q in triples if q.predicate.value.endswith("#documentId")), None)
    if not doc_id:
        return ""
    try:
        view = document_view(kb, doc_id)
    except Exception:  # a document the views do not know (an external act): its triples say it all
        return ""
    r = RESOURCE[lang]

    def link(target: str) -> str:
        return f'<a href="{escape(_local(request, target, kb.base))}">{escape(_name(kb, target, lang))}</a>'

    def doc_links(ids: list[str]) -> str:
        return ", ".join(link(kb.base + d) for d in ids) or r["none"]

    replaced_by = [x["x"] for x in kb.select("SELECT ?x ?d WHERE { ?x dvo:replaces ?d }", {"d": ox.NamedNode(iri)})]
    facts = [(r["kind"], escape(view.get("kind") or "")),
             (r["in_force"], escape(" · ".join(x for x in (view.get("in_force_from"), view.get("in_force_text")) if x))),
             (r["based_on"], doc_links(view.get("based_on") or [])),
             (r["replaces"], doc_links(view.get("replaces") or [])),
             (r["replaced_by"], ", ".join(link(x) for x in replaced_by) or r["none"])]
    if view.get("annexes"):
        facts.append((r["annexes"], doc_links(view["annexes"])))
    if view.get("annex_of"):
        facts.append((r["annex_of"], doc_links([view["annex_of"]])))
    out = ['<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v or r['none']}</dd>" for k, v in facts) + "</dl>"]
    if view["parties"]:
        out.append(f"<h2>{r['parties']}</h2><ul>" + "".join(
            f'<li>{link(p["iri"])}: {escape(", ".join(dict.fromkeys(x["role"] for x in p["roles"])) or r["none"])}</li>'
            for p in view["parties"]) + "</ul>")
    if view["articles"]:
        rows = "".join(
            f'<tr><td><a href="{escape(_local(request, a["iri"], kb.base))}">{escape(a["article"])}</a></td>'
            f'<td>{escape(a.get("heading") or "")}</td><td>{sum(1 for p in a["paragraphs"] if p.get("paragraph"))}</td>'
            f'<td>{sum(len(_norms(p)) for p in a["paragraphs"])}</td></tr>' for a in view["articles"])
        out.append(f'<h2>{r["contents"]}</h2><table class="toc"><thead><tr><th scope="col">{r["article"]}</th>'
                   f'<th scope="col">{r["heading"]}</th><th scope="col">{r["leden"]}</th><th scope="col">{r["norms"]}</th>'
                   f"</tr></thead><tbody>{rows}</tbody></table>")
    return "".join(out)


def _party_html(request: Request, kb: KnowledgeBase, iri: str, triples: list[Any], lang: str) -> str:
    """A party's page: per document, its roles and the norms it bears (as the party, or in one
    of its roles), each linked to its article or lid."""
    from ...clauses.views import document_view

    if not any(q.predicate.value.endswith("#partyId") for q in triples):
        return ""
    r = RESOURCE[lang]
    party = str(next(q.object.value for q in triples if q.predicate.value.endswith("#partyId")))
    docs = kb.select("SELECT DISTINCT ?id WHERE { ?d dvo:documentId ?id ; dvo:inCorpus true "
                     "FILTER EXISTS { ?d dvo:hasArticle ?a } } ORDER BY ?id")
    out = [f"<h2>{r['documents']}</h2>"]
    for d in docs:
        view = document_view(kb, d["id"])
        mine = next((p for p in view["parties"] if p["party"] == party), None)
        if mine is None:
            continue
        role_iris = {x["iri"] for x in mine["roles"]}
        norms = []
        for a in view["articles"]:
            for par in a["paragraphs"]:
                for n in _norms(par):
                    bearer = n.get("bearer") or {}
                    if party in (bearer.get("parties") or []) or role_iris & {x["iri"] for x in bearer.get("roles", [])}:
                        norms.append(n)
        items = "".join(
            f'<li><a href="{escape(_local(request, n["iri"].split("/norm/")[0], kb.base))}">'
            f'{escape(_name(kb, n["iri"].split("/norm/")[0], lang))}</a>: {escape(term(n["kind"], lang) or n["kind"])}: '
            f'{escape(", ".join(n.get("action", [])))}</li>' for n in norms)
        out.append(f'<section><h3><a href="{escape(_local(request, view["iri"], kb.base))}">'
                   f'{escape(_name(kb, view["iri"], lang))}</a></h3>'
                   f'<p>{r["roles"]}: {escape(", ".join(dict.fromkeys(x["role"] for x in mine["roles"])) or r["none"])}</p>'
                   f'<details><summary>{len(norms)} {r["as_bearer"]}</summary><ul>{items}</ul></details></section>')
    return "".join(out) if len(out) > 1 else ""
