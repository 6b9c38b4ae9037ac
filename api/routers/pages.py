"""Pages for legal advisors (Dutch first, ?lang=en), the IRIs of documents, articles and leden
(HTML for browsers, Turtle or JSON-LD by content negotiation), and the data dumps."""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ...query.ask import Asker
from ...query.parser import QuestionError
from ...store import PREFIXES, KnowledgeBase
from .. import highlight
from ..deps import asker_dep, kb_dep
from ..errors import ApiError
from ..labels import labels
from ..ontology_doc import ontology_html
from .sparql import GRAPH_TYPES, _negotiate

router = APIRouter(tags=["pages"])

TEXT = labels("pages")  # the words of the page, nl and en (api/labels.yaml)
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


def _page(title: str, body: str, lang: str, style: str = "") -> HTMLResponse:
    """Every HTML page of the service. Whatever a page echoes of its input (a question, a file
    name, a parameter, a draft's text) reaches the browser without control characters: they
    are taken out of the whole page here, once, rather than at each place that echoes."""
    return HTMLResponse(no_controls(f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>
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
            parts.append(f'<p role="alert">{escape(str(exc))}</p>')
        else:
            if ans.interpretation:
                parts.append(f'<p class="how"><strong>{escape(t["how_" + ans.how])}:</strong> '
                             f'{escape(ans.interpretation)}</p>')
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
            for a in ans.answers:
                where = f"art. {a['article']}" + (f" lid {a['paragraph']}" if a.get("paragraph") else "") if a.get("article") else ""
                meta = " · ".join(escape(str(x)) for x in (a.get("heading"), a.get("kind"), a.get("bearer"),
                                                          a.get("counterparty") and f"→ {a['counterparty']}",
                                                          a.get("deadline") and f"termijn: {a['deadline']}") if x)
                extra = "".join(f'<li>{escape(t["condition"])}: {escape(c)}</li>' for c in a.get("conditions", []))
                extra += "".join(f'<li lang="en">{escape(t["note"])}: {escape(n)}</li>' for n in a.get("notes", []))
                extra += "".join(f'<li>{escape(t["due"])} <time datetime="{escape(d["due"] or "")}">'
                                 f'{escape(d["due"] or "?")}</time> ({escape(d["rule"])})</li>'
                                 for n in a.get("norms", []) for d in n.get("due_dates", []))
                parts.append(f'<div class="answer"><a href="{escape(_local(request, a["iri"], kb.base))}">'
                             f'{escape(a["agreement"])} {escape(where)}</a><div class="meta">{meta}</div>'
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


@router.get("/id/{path:path}", summary="A document, article, lid or other resource, by its IRI")
def resource(path: str, request: Request, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    iri = kb.base + path
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise ApiError(404, "not_found", f"not an IRI of this knowledge base: {iri!r}") from None
    triples = kb.quads(node)
    if not triples:
        raise ApiError(404, "not_found", f"nothing is known about <{iri}>")
    accept = request.headers.get("accept", "")
    if "text/html" not in accept and any(mt in accept for mt in GRAPH_TYPES):
        mt, fmt = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        described = [ox.Triple(q.subject, q.predicate, q.object) for q in triples]
        return Response(ox.serialize(described, format=fmt, prefixes=PREFIXES) if fmt != ox.RdfFormat.N_TRIPLES
                        else ox.serialize(described, format=fmt), media_type=mt)
    label = next((str(getattr(q.object, "value", q.object)) for q in triples if q.predicate.value.endswith("#label")), iri)
    article = _article_html(kb, iri, triples)
    rows = []
    for q in sorted(triples, key=lambda q: (q.predicate.value, str(q.object))):
        obj: Any = q.object
        shown = (f'<a href="{escape(_local(request, obj.value, kb.base))}">{escape(obj.value)}</a>'
                 if isinstance(obj, ox.NamedNode) else f"<span>{escape(str(getattr(obj, 'value', obj)))}</span>")
        rows.append(f"<tr><th scope='row'>{escape(q.predicate.value.split('#')[-1])}</th><td>{shown}</td></tr>")
    cited = kb.select("SELECT ?t ?x ?lab WHERE { ?x dvo:refersTo ?t . OPTIONAL { ?x dvo:source/rdfs:label ?lab } }",
                      {"t": node})
    body = (f'{_breadcrumbs(path)}<h1>{escape(label)}</h1><p><code>{escape(iri)}</code></p>'
            f'{article}<details><summary>Triples</summary><table>{"".join(rows)}</table></details>')
    if cited:
        body += "<h2>Verwezen door</h2><ul>" + "".join(
            f'<li><a href="{escape(_local(request, r["x"], kb.base))}">{escape(r["lab"] or r["x"])}</a></li>' for r in cited) + "</ul>"
    return _page(label, body, "nl")


CRUMBS = {"art": "art.", "lid": "lid", "item": "onder", "bullet": "•"}


def _breadcrumbs(path: str) -> str:
    """dvo-kb › document › art. 13 › lid 1 › onder a: each but the last one a link."""
    parts = path.strip("/").split("/")
    crumbs = [("/", "dvo-kb")]
    if len(parts) % 2 == 1 and parts[1:2] == ["art"] and all(parts[i] in CRUMBS for i in range(1, len(parts), 2)):
        crumbs.append((f"/id/{parts[0]}", parts[0]))
        for i in range(1, len(parts), 2):
            crumbs.append((f"/id/{'/'.join(parts[:i + 2])}", f"{CRUMBS[parts[i]]} {parts[i + 1]}"))
    else:
        crumbs.append((f"/id/{path}", path))
    links = [f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in crumbs[:-1]]
    return ('<nav aria-label="kruimelpad"><p>' + " › ".join([*links, f'<span aria-current="page">{escape(crumbs[-1][1])}</span>'])
            + "</p></nav>")


@router.get("/data/dvo-kb.{ext}", summary="The whole graph as a dump")
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
def query_page() -> HTMLResponse:
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    examples = "".join(
        f'<li><a href="/query?example={i}">{escape(title)}</a></li>' for i, (title, _) in enumerate(EXAMPLE_QUERIES))
    body = (
        '<p><a href="/">dvo-kb</a></p><h1>SPARQL</h1>'
        "<p>The endpoint is <code>/sparql</code> (SPARQL 1.1 Protocol). The prefixes "
        f"{escape(', '.join(PREFIXES))} are predeclared.</p><h2>Voorbeelden</h2><ul>{examples}</ul>"
        '<form method="get" action="/sparql"><label for="query">Query</label><br>'
        '<textarea id="query" name="query" rows="14" cols="90" spellcheck="false"></textarea><br>'
        '<label for="format">Result</label> <select id="format" name="format"><option value="json">JSON</option>'
        '<option value="csv">CSV</option><option value="tsv">TSV</option><option value="xml">XML</option>'
        '<option value="turtle">Turtle (CONSTRUCT)</option></select> <button type="submit">Run</button></form>'
        f"<details><summary>Prefixes</summary><pre>{escape(prefixes)}</pre></details>"
        "<script>const q=new URLSearchParams(location.search).get('example');"
        f"const ex={json.dumps([q for _, q in EXAMPLE_QUERIES])};"
        "document.getElementById('query').value = q!==null && ex[q] ? ex[q] : ex[0];</script>")
    return _page("dvo-kb SPARQL", body, "nl")


@router.get("/void.ttl", summary="VoID description of the dataset")
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
    void:triples {kb.info.triples} ;
    void:entities {counts["subjects"]} ;
    void:classes {counts["classes"]} .
"""
    return Response(body, media_type="text/turtle")


@router.get("/ontology.ttl", summary="The ontology (hub, modules and alignments) as Turtle")
def ontology() -> Response:
    from ...ontology.load import ontology_graph

    return Response(ontology_graph().serialize(format="turtle"), media_type="text/turtle")


@router.get("/ontology.html", response_class=HTMLResponse, summary="The ontology as HTML documentation (pyLODE)")
def ontology_doc() -> HTMLResponse:
    return HTMLResponse(ontology_html())


ONTOLOGY_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml", "text/html": "html"}


@router.get("/ontology", summary="The ontology: HTML documentation for browsers, RDF by content negotiation",
            response_class=Response)
def ontology_negotiated(request: Request) -> Response:
    from ...ontology.load import ontology_graph

    mt, fmt = _negotiate(request.headers.get("accept", ""), ONTOLOGY_TYPES, "text/turtle")
    if fmt == "html":
        return HTMLResponse(ontology_html())
    return Response(ontology_graph().serialize(format=fmt), media_type=mt)


def _article_html(kb: KnowledgeBase, iri: str, triples: list[Any]) -> str:
    """For an article or lid: its verbatim text, lid by lid, with the norms encoded for it."""
    from ...clauses.views import document_view, select_article

    types = {q.object.value.rsplit("#", 1)[-1] for q in triples if q.predicate.value.endswith("#type")}
    if not types & {"Article", "Paragraph"}:
        return ""
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
            if "bearer" in prov:
                line = (f'{prov["kind"]}: {prov["bearer"]["text"] or "?"}'
                        + (f' → {prov["counterparty"]["text"]}' if prov.get("counterparty") and prov["counterparty"]["text"] else "")
                        + f': {", ".join(prov["action"])}'
                        + (f' ({prov["action_object"]})' if prov.get("action_object") else "")
                        + "".join(f'; voorwaarde: {c["text"]}' for c in prov.get("conditions", []) if c.get("text"))
                        + (f'; termijn: {prov["deadline"]["text"]}' if prov.get("deadline") else "")
                        + ("; blijft gelden na het einde" if prov.get("survives") else ""))
            else:
                line = prov["kind"] + (f': {prov["defined_term"]}' if prov.get("defined_term") else "")
            out.append(f"<li>{escape(line)}</li>")
            out.extend(f'<li class="note" lang="en">Toelichting / note: {escape(n)}</li>'
                       for n in prov.get("ambiguity_notes", []))
        out.append("</ul></section>")
    return "".join(out)
