"""A document of the knowledge base as Akoma Ntoso 3.0 (OASIS LegalDocML) XML.

Everything is read from the built graph (:mod:`.source`). The mapping (see ``README.md``):

- the document: ``<act name="centrumregeling">`` for a (centrum)regeling, else
  ``<doc name="dienstverleningsovereenkomst">`` (an agreement, a protocol);
- ``meta/identification``: FRBR work, expression (Dutch, dated by the entry into force) and
  manifestation, with the IRI of the knowledge base as ``FRBRalias``; the parties and their roles
  as ``TLCOrganization`` and ``TLCRole``; every document and division the provisions refer to as
  an ``activeRef`` (Juriconnect identifier for national law);
- ``preface``: the title; ``preamble``: the verbatim text before the first article, a ``<p>`` a
  line; ``conclusions``: the signature block; ``attachments``: the annexes printed in it;
- the body: chapters and headings (``chapter``, ``hcontainer``), articles, leden
  (``paragraph``, also the text of an article without numbered leden), items (``point``,
  ``indent`` for bullets), with ``eId``s from the IRIs (:mod:`.eid`) and the IRI itself as
  ``GUID``; the text of a lid around its items as ``intro``, ``wrapUp`` and in between
  ``hcontainer name="tussentekst"``; the words by which a lid refers to law and documents as
  ``<ref>`` (or ``<mref>`` with a ``<ref>`` per target it names) with the target's
  Juriconnect identifier, the ``#eId`` of a division of the same document, or the IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from .akn_read import AKN_NS
from .eid import eid
from .source import Chapter, Source, Target, read

if TYPE_CHECKING:
    from ..store import KnowledgeBase

A = f"{{{AKN_NS}}}"
KB_HOME = "https://w3id.org/dvo-kb/"
ACT_KINDS = {"Centrumregeling", "GemeenschappelijkeRegeling"}
BETWEEN = "tussentekst"  # hcontainer name: text of a lid between its items


def akn(kb: KnowledgeBase, name: str) -> bytes:
    """The document a user names by id or short title, as Akoma Ntoso 3.0 XML (UTF-8)."""
    return serialize(build(read(kb, name)))


INLINE = {"p", "num", "heading", "docTitle", "docNumber", "ref", "mref"}


def serialize(root: etree._Element) -> bytes:
    _indent(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _indent(el: etree._Element, depth: int = 0) -> None:
    """Indents the elements that hold elements only; never the inside of a ``<p>``, a number
    or a heading (lxml's pretty printer would put white space into a ``<p>`` that begins with
    a ``<ref>``, and the text is verbatim)."""
    children = list(el)
    if not children or etree.QName(el).localname in INLINE or (el.text or "").strip():
        return
    el.text = "\n" + "  " * (depth + 1)
    for c in children:
        _indent(c, depth + 1)
        c.tail = "\n" + "  " * (depth + 1)
    children[-1].tail = "\n" + "  " * depth


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    clean = {k.rstrip("_"): v for k, v in attrs.items() if v is not None}
    el = etree.Element(A + tag, clean) if parent is None else etree.SubElement(parent, A + tag, clean)
    if text is not None:
        el.text = text
    return el


# -- naming ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Names:
    """The FRBR IRIs of a document (AKN naming convention, country nl)."""

    work: str
    expression: str
    date: str  # the work's and expression's date (entry into force)
    date_name: str

    @property
    def manifestation(self) -> str:
        return f"{self.expression}.akn"


def doc_type(src: Source) -> str:
    return "act" if src.view["kind"] in ACT_KINDS else "doc"


def subtype(src: Source) -> str:
    return str(src.view["kind"] or "document").lower()


def names(src: Source) -> Names:
    """The work is dated by the entry into force (the document's own, else that of the document
    it is an annex of); the expression is the Dutch text of that date."""
    if src.view["in_force_from"]:
        date, date_name = str(src.view["in_force_from"]), "entryIntoForce"
    elif src.parent_in_force:
        date, date_name = str(src.parent_in_force), "entryIntoForceOfMainDocument"
    else:
        raise ValueError(f"{src.id}: no date of entry into force (nor of a document it is part of) to date the work")
    work = f"/akn/nl/{doc_type(src)}/{subtype(src)}/{date}/{src.id}"
    return Names(work, f"{work}/nld@{date}", date, date_name)


# -- references -------------------------------------------------------------------------------------
def href(src: Source, t: Target) -> str:
    """A Juriconnect identifier for national law, ``#eId`` for a division of this document, else
    the target's IRI in the knowledge base."""
    if t.jci:
        return t.jci
    if t.iri.startswith(src.iri + "/"):
        try:
            return "#" + eid(src.iri, t.iri)
        except ValueError:
            pass
    return t.iri


def _needles(t: Target) -> list[str]:
    """The words by which a text may name a target: a division's number ("artikel 3", "lid 1",
    "2.2.1"), a document's title and short titles."""
    out: list[str] = []
    if t.number and t.document and t.iri != t.document:
        level = t.iri[len(t.document) + 1:].split("/")[-2]
        word = {"art": "artikel", "lid": "lid", "bijlage": "bijlage", "afdeling": "afdeling",
                "hfst": "hoofdstuk", "item": "onder", "punt": "punt"}.get(level)
        if word:
            out.append(f"{word} {t.number}")
        out.append(t.number)
    else:
        out += t.names
    return out


def _find(text: str, needle: str) -> int:
    """Where a needle stands in a text as words of its own (case-insensitive), or -1."""
    m = re.search(r"(?<![\w.])" + re.escape(needle) + r"(?![\w])", text, re.IGNORECASE)
    return m.start() if m else -1


@dataclass
class Phrase:
    """Words of a lid that refer: to one target (a ``<ref>``) or several (an ``<mref>``)."""

    text: str
    targets: list[Target]


def phrases(src: Source) -> dict[str, list[Phrase]]:
    """The referring words of each lid (by the lid's IRI), paired with their targets: a provision
    with one reference text refers by it to all its targets; with several, each target goes to
    the text that names it (and a last text and target left over go together)."""
    out: dict[str, dict[str, Phrase]] = {}
    for ref in src.references:
        pairs: list[tuple[str, list[Target]]] = []
        if len(ref.texts) == 1:
            pairs.append((ref.texts[0], list(ref.targets)))
        elif ref.texts:
            assigned: dict[str, list[Target]] = {t: [] for t in ref.texts}
            left: list[Target] = []
            for tg in ref.targets:
                home = next((tx for tx in ref.texts if any(_find(tx, n) >= 0 for n in _needles(tg))), None)
                (assigned[home] if home else left).append(tg)
            empty = [tx for tx, tgs in assigned.items() if not tgs]
            if len(empty) == 1 and len(left) == 1:
                assigned[empty[0]].append(left[0])
            pairs += [(tx, tgs) for tx, tgs in assigned.items() if tgs]
        lid = out.setdefault(ref.lid, {})
        for text, targets in pairs:
            ph = lid.setdefault(text, Phrase(text, []))
            ph.targets += [t for t in targets if all(t.iri != x.iri for x in ph.targets)]
    return {lid: sorted(d.values(), key=lambda p: (-len(p.text), p.text)) for lid, d in out.items()}


def _spans(text: str, found: list[Phrase]) -> list[tuple[int, int, Phrase]]:
    spans: list[tuple[int, int, Phrase]] = []
    for ph in found:  # longest first
        start = 0
        while (i := text.find(ph.text, start)) >= 0:
            end = i + len(ph.text)
            if all(end <= a or i >= b for a, b, _ in spans):
                spans.append((i, end, ph))
            start = end
    return sorted(spans, key=lambda s: s[0])


def _append_text(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def inline(parent: etree._Element, text: str, src: Source, found: list[Phrase]) -> None:
    """The text into ``parent`` with its referring words marked up."""
    pos, last = 0, None
    for start, end, ph in _spans(text, found):
        _append_text(parent, last, text[pos:start])
        words = text[start:end]
        if len(ph.targets) == 1:
            last = _el(parent, "ref", words, href=href(src, ph.targets[0]))
        else:
            last = _mref(parent, words, src, ph.targets)
        pos = end
    _append_text(parent, last, text[pos:])


def _mref(parent: etree._Element, words: str, src: Source, targets: list[Target]) -> etree._Element:
    """Words that refer to several targets: a ``<ref>`` around each target's name in them."""
    m = _el(parent, "mref")
    marks: list[tuple[int, int, Target]] = []
    for t in targets:
        for n in sorted(_needles(t), key=len, reverse=True):
            i = _find(words, n)
            if i >= 0 and all(i + len(n) <= a or i >= b for a, b, _ in marks):
                marks.append((i, i + len(n), t))
                break
    pos, last = 0, None
    for start, end, t in sorted(marks, key=lambda x: x[0]):
        _append_text(m, last, words[pos:start])
        last = _el(m, "ref", words[start:end], href=href(src, t))
        pos = end
    _append_text(m, last, words[pos:])
    return m


# -- the document -----------------------------------------------------------------------------------
def build(src: Source) -> etree._Element:
    root = etree.Element(A + "akomaNtoso", nsmap={None: AKN_NS})  # type: ignore[dict-item]
    doc = _el(root, doc_type(src), name=subtype(src))
    _meta(doc, src)
    preface = _el(doc, "preface")
    _el(_el(preface, "p"), "docTitle", src.view["title"])
    if src.preamble:
        pre = _el(doc, "preamble")
        for line in src.preamble.split("\n"):
            _el(pre, "p", line)
    _body(_el(doc, "body" if doc_type(src) == "act" else "mainBody"), src)
    if src.closing:
        concl = _el(doc, "conclusions")
        for line in src.closing.split("\n"):
            _el(concl, "p", line)
    if src.annexes:
        atts = _el(doc, "attachments")
        for an in src.annexes:
            _annex(atts, src, an)
    return root


def _meta(doc: etree._Element, src: Source) -> None:
    n = names(src)
    meta = _el(doc, "meta")
    ident = _el(meta, "identification", source="#dvo-kb")
    work = _el(ident, "FRBRWork")
    _el(work, "FRBRthis", value=f"{n.work}/!main")
    _el(work, "FRBRuri", value=n.work)
    _el(work, "FRBRalias", value=src.iri, name="dvo-kb")
    for st in src.short_titles:
        _el(work, "FRBRalias", value=st, name="shortTitle")
    if src.view.get("citation_title"):
        _el(work, "FRBRalias", value=src.view["citation_title"], name="citationTitle")
    _el(work, "FRBRdate", date=n.date, name=n.date_name)
    parties = [p for p in src.view["parties"]]
    for p in parties:
        _el(work, "FRBRauthor", href=f"#{p['party']}", as_="#partij")
    if not parties:
        _el(work, "FRBRauthor", href="#dvo-kb")
    _el(work, "FRBRcountry", value="nl")
    _el(work, "FRBRsubtype", value=subtype(src))
    _el(work, "FRBRnumber", value=src.id)
    _el(work, "FRBRname", value=src.view["title"])
    expr = _el(ident, "FRBRExpression")
    _el(expr, "FRBRthis", value=f"{n.expression}/!main")
    _el(expr, "FRBRuri", value=n.expression)
    _el(expr, "FRBRdate", date=n.date, name=n.date_name)
    _el(expr, "FRBRauthor", href="#dvo-kb")
    _el(expr, "FRBRlanguage", language="nld")
    man = _el(ident, "FRBRManifestation")
    _el(man, "FRBRthis", value=f"{n.expression}/!main.xml")
    _el(man, "FRBRuri", value=n.manifestation)
    _el(man, "FRBRdate", date=n.date, name=n.date_name)
    _el(man, "FRBRauthor", href="#dvo-kb")
    _el(man, "FRBRformat", value="application/akn+xml")
    refs = _el(meta, "references", source="#dvo-kb")
    seen: dict[str, Target] = {}
    for ref in src.references:
        for t in ref.targets:
            seen.setdefault(t.iri, t)
    for k, t in enumerate(sorted(seen.values(), key=lambda x: x.iri), 1):
        _el(refs, "activeRef", eId=f"ref_{k}", href=href(src, t), showAs=t.label or t.iri)
    _el(refs, "TLCOrganization", eId="dvo-kb", href=KB_HOME, showAs="dvo-kb")
    roles: dict[str, str] = {}
    for p in src.view["parties"]:
        _el(refs, "TLCOrganization", eId=p["party"], href=p["iri"], showAs=p["label"])
        for r in p["roles"]:
            roles.setdefault(r["role"], r["name_in_text"])
    roles.setdefault("Partij", "partij")
    for role, shown in sorted(roles.items()):
        _el(refs, "TLCRole", eId=role.lower(), href=f"https://w3id.org/dvo-kb/def#{role}", showAs=shown)
    for iri, marker, text in src.footnotes:
        notes = meta.find(A + "notes") or _el(meta, "notes", source="#dvo-kb")
        note = _el(notes, "note", eId=eid(src.iri, iri), GUID=iri, marker=marker)
        _el(note, "p", text)


def _body(body: etree._Element, src: Source) -> None:
    found = phrases(src)
    chapter_of = {a: ch for ch in src.chapters for a in ch.articles}
    pending = list(src.chapters)
    current: tuple[Chapter, etree._Element] | None = None
    for art in src.view["articles"]:
        ch = chapter_of.get(art["iri"])
        if ch is not None and (current is None or current[0].iri != ch.iri):
            while pending and pending[0].position <= ch.position:  # chapters without articles too
                c = pending.pop(0)
                current = (c, _chapter(body, src, c))
        parent = current[1] if current is not None and ch is not None else body
        _article(parent, src, art, found)
    for c in pending:
        _chapter(body, src, c)


def _chapter(body: etree._Element, src: Source, ch: Chapter) -> etree._Element:
    if ch.kind and ch.kind.lower().startswith("hoof"):  # "Hoofdstuk", and "Hoofstuk" as printed once
        el = _el(body, "chapter", eId=eid(src.iri, ch.iri), GUID=ch.iri)
    else:
        el = _el(body, "hcontainer", eId=eid(src.iri, ch.iri), GUID=ch.iri, name=(ch.kind or "kop").lower())
    if ch.number is not None:
        _el(el, "num", ch.label[: len(ch.label) - len(ch.title)].strip())
    _el(el, "heading", ch.title)
    return el


def _article(parent: etree._Element, src: Source, art: dict[str, Any], found: dict[str, list[Phrase]]) -> None:
    el = _el(parent, "article", eId=eid(src.iri, art["iri"]), GUID=art["iri"])
    _el(el, "num", f"Artikel {art['article']}")
    if art["heading"] and art["heading_printed_on_article"]:
        _el(el, "heading", art["heading"])
    for par in art["paragraphs"]:
        _paragraph(el, src, par, found.get(par["iri"], []))


def _lines(parent: etree._Element, text: str, src: Source, found: list[Phrase]) -> None:
    for line in text.split("\n"):
        inline(_el(parent, "p"), line, src, found)


def _paragraph(article: etree._Element, src: Source, par: dict[str, Any], found: list[Phrase]) -> None:
    el = _el(article, "paragraph", eId=eid(src.iri, par["iri"]), GUID=par["iri"])
    if par["marker"]:
        _el(el, "num", par["marker"])
    parts = split_lid(par["text"], par["items"])
    if parts is None:
        _lines(_el(el, "content"), par["text"], src, found)
        return
    intro, pieces, wrap = parts
    if intro is not None:
        _lines(_el(el, "intro"), intro, src, found)
    for kind, value in pieces:
        if kind == "item":
            it = value
            item = _el(el, "point" if it["item"] is not None else "indent", eId=eid(src.iri, it["iri"]), GUID=it["iri"])
            _el(item, "num", it["marker"])
            _lines(_el(item, "content"), it["text"], src, found)
        else:
            _lines(_el(_el(el, "hcontainer", name=BETWEEN), "content"), value, src, found)
    if wrap is not None:
        _lines(_el(el, "wrapUp"), wrap, src, found)


def split_lid(text: str, items: list[dict[str, Any]]) -> tuple[str | None, list[tuple[str, Any]], str | None] | None:
    """A lid's text around its items: the text before the first (intro), the items with the text
    between them, the text after the last (wrap-up); each item is its marker and text on a line
    of its own. None for a lid without items, or one whose text is not so made."""
    if not items:
        return None
    pos, gaps = 0, []
    for it in items:
        line = f"{it['marker']} {it['text']}"
        i = text.find(line, pos)
        if i < 0:
            return None
        gaps.append(text[pos:i])
        pos = i + len(line)
    tail = text[pos:]
    if gaps[0] and not gaps[0].endswith("\n"):
        return None
    if any(g != "\n" and not (g.startswith("\n") and g.endswith("\n") and len(g) > 2) for g in gaps[1:]):
        return None
    if tail and not (tail.startswith("\n") and len(tail) > 1):
        return None
    intro = gaps[0][:-1] if gaps[0] else None
    pieces: list[tuple[str, Any]] = []
    for k, it in enumerate(items):
        if k and gaps[k] != "\n":
            pieces.append(("text", gaps[k][1:-1]))
        pieces.append(("item", it))
    return intro, pieces, (tail[1:] if tail else None)


def _annex(atts: etree._Element, src: Source, an: Any) -> None:
    n = names(src)
    att = _el(atts, "attachment", eId=eid(src.iri, an.iri), GUID=an.iri)
    doc = _el(att, "doc", name="bijlage")
    meta = _el(doc, "meta")
    ident = _el(meta, "identification", source="#dvo-kb")
    local = eid(src.iri, an.iri)
    for frbr, base, extra in (("FRBRWork", n.work, None), ("FRBRExpression", n.expression, "nld"),
                              ("FRBRManifestation", n.expression, "xml")):
        el = _el(ident, frbr)
        _el(el, "FRBRthis", value=f"{base}/!{local}" + (".xml" if extra == "xml" else ""))
        _el(el, "FRBRuri", value=base if frbr != "FRBRManifestation" else n.manifestation)
        if frbr == "FRBRWork":
            _el(el, "FRBRalias", value=an.iri, name="dvo-kb")
        _el(el, "FRBRdate", date=n.date, name=n.date_name)
        _el(el, "FRBRauthor", href="#dvo-kb")
        if frbr == "FRBRWork":
            _el(el, "FRBRcountry", value="nl")
            _el(el, "FRBRsubtype", value="bijlage")
            _el(el, "FRBRnumber", value=an.number)
        elif frbr == "FRBRExpression":
            _el(el, "FRBRlanguage", language="nld")
        else:
            _el(el, "FRBRformat", value="application/akn+xml")
    preface = _el(doc, "preface")
    _el(_el(preface, "p"), "docNumber", f"Bijlage {an.number}")
    if an.title:
        _el(_el(preface, "p"), "docTitle", an.title)
    body = _el(doc, "mainBody")
    for line in an.text.split("\n"):
        _el(body, "p", line)


__all__ = ["AKN_NS", "akn", "build", "href", "names", "phrases", "serialize", "split_lid"]
