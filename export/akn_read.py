"""Akoma Ntoso 3.0 XML back to the lines of a text, for the structural parser.

The AKN this knowledge base exports (:mod:`.akn`), and AKN from other tools as far as it uses
the same elements, become the lines a printed agreement would have: the preamble a line a
``<p>``, "Artikel 3 Heading", a lid as its number and text, an item as its number and text on
a line of its own, the signature block, and an annex as "Bijlage 1" and its text. Parsed by
:class:`~dvo_kb.clauses.parser.StructureParser`, the lines of an export give back the articles,
leden and items of the graph with the same text (tests/test_export.py).

The caller (``validate/reader.py``) has refused a DTD, entities and XIncludes before this
module parses anything, and parses with defusedxml here too.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{AKN_NS}}}"
BETWEEN = "tussentekst"
CONTAINERS = {"chapter", "part", "book", "title", "subtitle", "section", "subsection", "subchapter", "division",
              "subdivision", "subpart", "tome", "hcontainer", "clause", "level"}
TEXT_BLOCKS = {"content", "intro", "wrapUp"}
ITEMS = {"point", "indent", "alinea", "list", "subparagraph", "item"}


class AknError(ValueError):
    """AKN that cannot be read as an agreement: the message says what is missing."""


def _local(el: Element) -> str:
    return el.tag[len(A):] if isinstance(el.tag, str) and el.tag.startswith(A) else ""


def _text(el: Element) -> str:
    return "".join(el.itertext())


def _child(el: Element, name: str) -> Element | None:
    return el.find(A + name)


def _paras(el: Element | None) -> list[str]:
    """The lines of a block container: a ``<p>`` (or other block) a line."""
    if el is None:
        return []
    out: list[str] = []
    for c in el:
        if _local(c) in ("p", "block", "blockContainer", "docTitle", "longTitle", "container", "formula"):
            out.append(_text(c))
        elif _local(c) in ("blockList", "ul", "ol"):
            out += [_text(i) for i in c]
    if not out and el.text and el.text.strip():
        out.append(el.text.strip())
    return out


def _num(el: Element) -> str | None:
    n = _child(el, "num")
    return _text(n).strip() if n is not None else None


def _heading(el: Element) -> str | None:
    h = _child(el, "heading")
    return _text(h).strip() if h is not None else None


def _first(prefix: str | None, lines: list[str]) -> list[str]:
    """The lines of a numbered node: its number before the first line."""
    if not prefix:
        return lines
    if not lines:
        return [prefix]
    return [f"{prefix} {lines[0]}"] + lines[1:]


def _hier(el: Element) -> list[str]:
    """A lid, an item or a container of items: its lines, its number before the first."""
    own: list[str] = []  # its own text, before its first item
    rest: list[str] = []
    for c in el:
        name = _local(c)
        if name in TEXT_BLOCKS:
            (own if not rest and name != "wrapUp" else rest).extend(_paras(c))
        elif name == "hcontainer" and c.get("name") == BETWEEN:
            rest += _paras(_child(c, "content"))
        elif name in ITEMS or name in CONTAINERS:
            rest += _hier(c)
        elif name == "p":
            (rest if rest else own).append(_text(c))
    return _first(_num(el), own) + rest if own else _first(_num(el), rest)


def _article(el: Element) -> list[str]:
    num = (_num(el) or "").strip()
    num = re.sub(r"^(artikel|art\.?|article)\s*", "", num, flags=re.IGNORECASE).rstrip(".")
    head = _heading(el)
    lines = [f"Artikel {num}" + (f" {head}" if head else "")]
    for c in el:
        name = _local(c)
        if name in ("paragraph", "subparagraph"):
            lines += _hier(c)
        elif name in TEXT_BLOCKS:
            lines += _paras(c)
        elif name in ITEMS:
            lines += _hier(c)
    return lines


def _body(el: Element) -> list[str]:
    lines: list[str] = []
    for c in el:
        name = _local(c)
        if name == "article":
            lines += _article(c)
        elif name in CONTAINERS:
            head = " ".join(x for x in (_num(c), _heading(c)) if x)
            if head:
                lines.append(head)
            lines += _body(c)
        elif name in ("p", "blockList", "content", "intro", "wrapUp"):
            lines += _paras(c) if name != "p" else [_text(c)]
    return lines


def akn_lines(root: Element) -> list[str]:
    """The lines of the text of an Akoma Ntoso document (its root element, parsed)."""
    if root.tag != A + "akomaNtoso":
        raise AknError(f"not Akoma Ntoso 3.0: the root element is {root.tag!r}, not akomaNtoso in {AKN_NS}")
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    if doc is None:
        raise AknError("the akomaNtoso element holds no document")
    body = _child(doc, "body")
    if body is None:
        body = _child(doc, "mainBody")
    if body is None:
        raise AknError(f"the {_local(doc) or doc.tag} element has no body or mainBody")
    preamble = _paras(_child(doc, "preamble"))
    lines = preamble or _paras(_child(doc, "preface"))
    lines += _body(body)
    lines += _paras(_child(doc, "conclusions"))
    atts = _child(doc, "attachments")
    for k, att in enumerate(atts if atts is not None else [], 1):
        inner = next((c for c in att if _local(c) in ("doc", "act")), None)
        if inner is None:
            continue
        number = att.get("eId", "").rsplit("_", 1)[-1] if att.get("eId", "").startswith("att_") else str(k)
        lines.append(f"Bijlage {number}")
        main = _child(inner, "mainBody")
        if main is None:
            main = _child(inner, "body")
        lines += _body(main) if main is not None else []
    return lines


__all__ = ["AKN_NS", "AknError", "akn_lines"]
