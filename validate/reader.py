"""Reading a draft: plain text, Word (.docx) or RDF, with a clear reason when it cannot be read.

Text, Word and Akoma Ntoso 3.0 XML (``.akn``, ``.xml``: what ``dvo-kb export --format akn``
writes, read back by :mod:`dvo_kb.export.akn_read`) become numbered
:class:`~dvo_kb.clauses.layout.Line` objects for the structural parser; RDF becomes an rdflib
graph that is checked as it is. A .docx is a zip archive: it is
opened only after its directory has been checked (size, number of entries, compression ratio,
the size of each XML part), so a zip bomb or a damaged file is refused before anything is
inflated. Word's automatic numbering ("Artikel 1", "1.", "a.") is not in the paragraph text; it
is rebuilt from the numbering definitions of the document (``word/numbering.xml``), as Word
shows it: a paragraph's own numbering or its style's ("List Number"), lists that share a
definition counted together, ``lvlOverride``/``startOverride`` restarting a list. Paragraphs
inside content controls (``w:sdt``) and other block wrappers are read in their place; an
embedded document (``w:altChunk``) is refused with a clear message.

Nothing in a draft makes the reader fetch or open anything: XML (RDF/XML, every XML part of a
.docx) with a DOCTYPE, an entity declaration or an XInclude is refused before it is parsed
(defusedxml), JSON-LD with a context given by IRI (anywhere, also in an array or a term's
scoped context) or an ``@import`` is refused before rdflib sees it, and an RDF draft with
``owl:imports`` is refused (rdflib never follows them; the refusal says the draft is not
complete without what it imports). The message names what was refused, never whether it exists.

A draft larger than a real agreement is refused at once with the bound it passed (the
settings' :class:`~dvo_kb.settings.DraftLimits`): its text in characters, each XML part of a
.docx, its number of articles.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import OWL, Graph, URIRef

from ..clauses.iris import DEFAULT_BASE
from ..clauses.layout import Layout, Line
from ..errors import UserError
from ..settings import DraftLimits

TEXT_TYPES = {".txt", ".text", ".md"}
WORD_TYPES = {".docx"}
AKN_TYPES = {".akn", ".xml"}  # Akoma Ntoso 3.0 (a .akn.xml export ends in .xml)
RDF_TYPES = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".rdf": "xml", ".owl": "xml",
             ".n3": "n3", ".trig": "trig"}

MAX_BYTES = 20 * 1024 * 1024  # the file as given
MAX_INFLATED = 100 * 1024 * 1024  # all entries of a .docx, inflated
MAX_ENTRIES = 2000
MAX_RATIO = 200  # inflated / compressed, per entry

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XINCLUDE = "{http://www.w3.org/2001/XInclude}"
HAS_ARTICLE = URIRef("https://w3id.org/dvo-kb/def#hasArticle")
DRAFT_BASE = DEFAULT_BASE + "draft/"  # the base of the relative IRIs of an RDF draft


class DraftError(UserError):
    """A draft that cannot be read: the reason says what is wrong and where."""


@dataclass
class Draft:
    """A draft as read: its name, and either its lines (text, Word) or its graph (RDF)."""

    name: str
    kind: str  # "text", "docx", "rdf"
    lines: list[Line] = field(default_factory=list)
    graph: Graph | None = None


def supported() -> str:
    return ", ".join(sorted(TEXT_TYPES | WORD_TYPES | AKN_TYPES | set(RDF_TYPES)))


def read_draft(path: Path, limits: DraftLimits | None = None) -> Draft:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: cannot read the file: {exc.strerror}") from exc
    return read_bytes(data, path.name, limits)


def read_bytes(data: bytes, name: str, limits: DraftLimits | None = None) -> Draft:
    """Reads a draft given as bytes with its file name (the suffix says the type), within the
    bounds of ``limits`` (default: the settings, ``DraftLimits.from_env()``)."""
    limits = limits or DraftLimits.from_env()
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise DraftError(f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise DraftError(f"{name}: the file is empty")
    if suffix in WORD_TYPES or (not suffix and data[:2] == b"PK"):
        return Draft(name, "docx", lines=_bounded(_docx_lines(data, name, limits), name, limits))
    if suffix in AKN_TYPES:
        return Draft(name, "akn", lines=_bounded(_akn_lines(data, name), name, limits))
    if suffix in TEXT_TYPES or not suffix:
        return Draft(name, "text", lines=_bounded(_text_lines(data, name, limits), name, limits))
    if suffix in RDF_TYPES:
        return Draft(name, "rdf", graph=_rdf(data, name, RDF_TYPES[suffix], limits))
    if suffix == ".doc":
        raise DraftError(f"{name}: the old Word format (.doc) is not supported; save it as .docx or as plain text")
    if suffix == ".pdf":
        raise DraftError(f"{name}: PDF is not supported; save the text as .txt (or give the .docx)")
    raise DraftError(f"{name}: unsupported file type {suffix!r}; give one of {supported()}")


def _text_lines(data: bytes, name: str, limits: DraftLimits) -> list[Line]:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Notepad's "Unicode": UTF-16 with its mark
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DraftError(f"{name}: the file begins as UTF-16 text but is not (save it as UTF-8)") from exc
        return _lines(text, name, limits)
    if b"\x00" in data[:4096]:
        raise DraftError(f"{name}: this is a binary file, not text (or text in an encoding without its byte "
                         f"order mark, such as UTF-16: save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Windows' "ANSI" (Windows-1252, Latin-1 with the typographic quotes and the euro sign): what
        # Notepad and Word save as plain text on a Dutch Windows (a drafter's trial, sixteenth
        # session); five bytes are no character in it, and a text with one is refused as before
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise DraftError(f"{name}:{line}: the file is neither UTF-8 nor Windows-1252 text (save it as UTF-8)") from exc
    return _lines(text, name, limits)


def _lines(text: str, name: str, limits: DraftLimits) -> list[Line]:
    _check_chars(len(text), name, limits)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]


# -- bounds -------------------------------------------------------------------------------------
def _check_chars(chars: int, name: str, limits: DraftLimits) -> None:
    if chars > limits.max_chars:
        raise DraftError(f"{name}: the text of the draft has {chars:,} characters; refused (at most "
                         f"{limits.max_chars:,}, setting DVO_KB_MAX_DRAFT_CHARS)")


def _check_articles(articles: int, name: str, limits: DraftLimits) -> None:
    if articles > limits.max_articles:
        raise DraftError(f"{name}: the draft has {articles:,} articles; refused (at most {limits.max_articles:,}, "
                         f"setting DVO_KB_MAX_DRAFT_ARTICLES)")


@cache
def _article_heading() -> re.Pattern[str]:
    """The structural parser's pattern of an article heading ("Artikel 12 Kosten")."""
    return Layout().article


def _bounded(lines: list[Line], name: str, limits: DraftLimits) -> list[Line]:
    """The lines of a text or Word draft, if its text and its articles are within the bounds
    (counted before the draft is parsed: a line that looks like an article heading counts)."""
    _check_chars(sum(len(line.text) + 1 for line in lines), name, limits)
    heading = _article_heading()
    _check_articles(sum(1 for line in lines if heading.match(line.text)), name, limits)
    return lines


# -- XML that could make a parser fetch or expand something ---------------------------------------
def _looks_like_xml(head: bytes) -> bool:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    head = head.lstrip(b" \t\r\n\x00")
    return head.startswith(b"<")


def _check_xml(data: bytes, where: str) -> None:
    """Refuses XML with a DOCTYPE (a DTD, internal or external), an entity declaration or an
    XInclude, before any parser that could act on them sees it: defusedxml's parser stops at
    the first of them, so a billion-laughs file is refused after reading its first lines."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import iterparse

    try:
        for event, elem in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True,
                                     forbid_entities=True, forbid_external=True):
            if event == "start" and isinstance(elem.tag, str) and elem.tag.startswith(XINCLUDE):
                raise DraftError(f"{where}: an XInclude (xi:{elem.tag[len(XINCLUDE):]}) is refused: the service "
                                 "never reads or fetches what a draft includes")
            if event == "end":
                elem.clear()
    except DTDForbidden:
        raise DraftError(f"{where}: a DOCTYPE (DTD) is refused: the service never reads DTDs or expands "
                         "entities in a draft") from None
    except EntitiesForbidden:
        raise DraftError(f"{where}: an entity declaration is refused: the service never expands entities "
                         "in a draft") from None
    except ExternalReferenceForbidden:
        raise DraftError(f"{where}: an external reference is refused: the service never fetches what a "
                         "draft refers to") from None
    except ParseError as exc:
        raise DraftError(f"{where}: not well-formed XML ({exc})") from None


# -- JSON-LD that would make rdflib load a document ------------------------------------------------
class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its pairs, in order, duplicates kept (a later duplicate must not hide
    an earlier "@context")."""


def _check_jsonld(data: bytes, name: str) -> None:
    """Refuses JSON-LD that names a document to load: a context given by IRI (at the top, in an
    array, in a term's scoped context, anywhere) or an ``@import``; what rdflib would fetch from
    the network or read from disk. Base and vocabulary IRIs are only names: they stay."""
    try:
        doc = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_Pairs)
    except UnicodeDecodeError:
        raise DraftError(f"{name}: the file is not UTF-8 text (save it as UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise DraftError(f"{name}:{exc.lineno}: malformed json-ld ({exc.msg})") from None
    except RecursionError:
        raise DraftError(f"{name}: the draft is nested too deeply to be read") from None
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, _Pairs):
            for key, value in node:
                if key == "@import":
                    raise DraftError(f"{name}: a JSON-LD context with @import ({_shown(value)}) is refused: the "
                                     "service never loads remote or local documents; put the context in the file")
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise DraftError(f"{name}: a JSON-LD @context given by IRI ({_shown(ctx)}) is refused: "
                                             "the service never loads remote or local documents; put the context "
                                             "in the file")
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return repr(text[:200])


# -- .docx ------------------------------------------------------------------------------------
def _check_zip(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise DraftError(f"{name}: the .docx has {len(infos)} entries; refused (at most {MAX_ENTRIES})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise DraftError(f"{name}: the .docx entry {info.filename} inflates {info.file_size // info.compress_size}"
                             " times; refused as a possible zip bomb")
    if total > MAX_INFLATED:
        raise DraftError(f"{name}: the .docx inflates to {total // (1024 * 1024)} MB; refused (at most"
                         f" {MAX_INFLATED // (1024 * 1024)} MB)")
    if "word/document.xml" not in zf.namelist():
        raise DraftError(f"{name}: not a Word document (no word/document.xml in the archive)")


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    style: str | None = None  # the paragraph style this level is linked to (w:pStyle)
    legal: bool = False  # w:isLgl: every level shown as a decimal number ("1.1.1")


def _level(lvl: Any) -> _Level:
    fmt = lvl.find(f"{W}numFmt")
    txt = lvl.find(f"{W}lvlText")
    start = lvl.find(f"{W}start")
    style = lvl.find(f"{W}pStyle")
    return _Level(fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                  txt.get(f"{W}val", "") if txt is not None else "",
                  int(start.get(f"{W}val", "1")) if start is not None else 1,
                  style.get(f"{W}val") if style is not None else None,
                  lvl.find(f"{W}isLgl") is not None)


class _Numbering:
    """Word's list numbering, rendered as Word shows it: the counters of every list and level.

    A paragraph is numbered by its own ``w:numPr`` or by its paragraph style's (a style such as
    "List Number", through its ``w:basedOn`` chain; the level is the one linked to the style, or
    the paragraph's ``w:ilvl``). Lists (``w:num``) of one abstract definition share its counters,
    as in Word, unless a list overrides a level: ``w:lvlOverride`` with ``w:startOverride``
    restarts that level at the value given, the first time the list is used, and a ``w:lvl``
    inside it replaces the level's definition (and starts it anew, from its own start).
    ``numId`` 0 means no numbering."""

    ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
             (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]

    def __init__(self, doc: object) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.abstract_of: dict[str, str] = {}
        self.restarts: dict[str, dict[int, int]] = {}  # num -> level -> the start it overrides
        self.counters: dict[str, dict[int, int]] = {}  # abstract -> level -> count
        self.started: set[tuple[str, int]] = set()  # (num, level) whose override has been applied
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}  # style -> numId, ilvl, basedOn
        styles = getattr(getattr(doc, "part", None), "_styles_part", None) if doc is not None else None
        if styles is not None:
            for st in styles.element.findall(f"{W}style"):
                num = st.find(f"{W}pPr/{W}numPr")
                nid = num.find(f"{W}numId") if num is not None else None
                ilvl = num.find(f"{W}ilvl") if num is not None else None
                based = st.find(f"{W}basedOn")
                self.styles[st.get(f"{W}styleId", "")] = (
                    nid.get(f"{W}val") if nid is not None else None,
                    int(ilvl.get(f"{W}val", "0")) if ilvl is not None else None,
                    based.get(f"{W}val") if based is not None else None)
        part = getattr(getattr(doc, "part", None), "numbering_part", None) if doc is not None else None
        if part is None:
            return
        root = part.element
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(f"{W}abstractNum"):
            abstract[an.get(f"{W}abstractNumId", "")] = {
                int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in an.findall(f"{W}lvl")}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            num_id, abstract_id = num.get(f"{W}numId", ""), ref.get(f"{W}val", "")
            levels = dict(abstract.get(abstract_id, {}))
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                lvl = override.find(f"{W}lvl")
                if lvl is not None:  # a level defined anew: a list of its own, from its start
                    levels[ilvl] = _level(lvl)
                    self.restarts.setdefault(num_id, {})[ilvl] = levels[ilvl].start
                start = override.find(f"{W}startOverride")
                if start is not None:
                    self.restarts.setdefault(num_id, {})[ilvl] = int(start.get(f"{W}val", "1"))
            self.levels[num_id] = levels
            self.abstract_of[num_id] = abstract_id

    def of_style(self, style: str | None) -> tuple[str | None, int | None]:
        """The numbering a paragraph style gives (its own or inherited): numId and level."""
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            num_id, ilvl, based = self.styles.get(style, (None, None, None))
            if num_id is not None:
                if ilvl is None:  # the level linked to the style, else the first
                    ilvl = next((k for k, lv in self.levels.get(num_id, {}).items() if lv.style == style), None)
                return num_id, ilvl
            style = based
        return None, None

    def _render(self, fmt: str, n: int) -> str:
        if fmt == "lowerLetter":
            return chr(ord("a") + (n - 1) % 26)
        if fmt == "upperLetter":
            return chr(ord("A") + (n - 1) % 26)
        if fmt in ("lowerRoman", "upperRoman"):
            out, k = "", n
            for v, s in self.ROMAN:
                while k >= v:
                    out, k = out + s, k - v
            return out.upper() if fmt == "upperRoman" else out
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""
        return str(n)

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        restart = self.restarts.get(num_id, {}).get(ilvl)
        if restart is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = restart - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "•"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            fmt = "decimal" if level.legal else lv.fmt if lv else "decimal"
            return self._render(fmt, counters.get(k, lv.start if lv else 1))

        return re.sub(r"%(\d)", sub, level.text)


def _check_parts(zf: zipfile.ZipFile, name: str, limits: DraftLimits) -> None:
    """Each XML part of a .docx (whatever its name: python-docx finds parts by their
    relationships) within the bound on its size, read from the directory before it is
    inflated, and without a DTD, entities or XIncludes."""
    for info in zf.infolist():
        if info.is_dir():
            continue
        with zf.open(info) as fh:
            head = fh.read(64)
            if not (_looks_like_xml(head) or info.filename.lower().endswith((".xml", ".rels"))):
                continue  # an image, an embedded font: not parsed as XML
            if info.file_size > limits.max_xml_bytes:
                raise DraftError(f"{name}: the .docx part {info.filename} inflates to {info.file_size:,} bytes; "
                                 f"refused (at most {limits.max_xml_bytes:,}, setting DVO_KB_MAX_DRAFT_XML_BYTES)")
            part = head + fh.read(limits.max_xml_bytes + 1 - len(head))
        _check_xml(part, f"{name}: {info.filename}")


def _docx_lines(data: bytes, name: str, limits: DraftLimits) -> list[Line]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DraftError(f"{name}: not a valid .docx (the zip archive is damaged: {exc})") from exc
    with zf:
        _check_zip(zf, name)
        try:
            _check_parts(zf, name, limits)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DraftError(f"{name}: not a valid .docx (the zip archive is damaged: {exc})") from exc
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a malformed package
        raise DraftError(f"{name}: not a readable Word document ({type(exc).__name__}: {exc})") from exc
    numbering = _Numbering(document)
    texts: list[str] = []
    for block in _blocks(document.element.body, name):
        if block.tag == qn("w:p"):
            texts.extend(_paragraph_text(block, numbering).split("\n"))
        else:  # a table: its cells' paragraphs, row by row (content controls in them included)
            for row in block.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    for p in cell.iter(qn("w:p")):
                        texts.extend(_paragraph_text(p, numbering).split("\n"))
    return [Line(i + 1, t) for i, t in enumerate(texts)]


# block-level wrappers whose content is part of the text: content controls (w:sdt, as municipal
# templates use them for every field and clause), custom XML, and tracked moves and insertions
_WRAPPERS = {f"{W}sdt": f"{W}sdtContent", f"{W}customXml": None, f"{W}ins": None, f"{W}moveTo": None,
             f"{W}smartTag": None}


def _blocks(parent: Any, name: str) -> list[Any]:
    """The paragraphs and tables of the body in document order, also those inside content
    controls and other wrappers (nested too). Embedded documents (``w:altChunk``: HTML, RTF or
    another .docx pasted as is) cannot be read: refused with a clear message."""
    out: list[Any] = []
    stack = [iter(parent.iterchildren())]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag in (f"{W}p", f"{W}tbl"):
            out.append(node)
        elif tag == f"{W}altChunk":
            raise DraftError(f"{name}: the document embeds another document (a w:altChunk, such as pasted HTML or "
                             f"another .docx) whose text cannot be read here; paste its text into the document, or "
                             f"save the draft as .txt")
        elif tag in _WRAPPERS:
            content = node.find(_WRAPPERS[tag]) if _WRAPPERS[tag] else node
            if content is not None:
                stack.append(iter(content.iterchildren()))
    return out


def _paragraph_text(p: object, numbering: _Numbering) -> str:
    parts: list[str] = []
    for node in p.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{W}t":
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    text = "".join(parts)
    ppr = p.find(f"{W}pPr")  # type: ignore[attr-defined]
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    # the paragraph's own numbering, else its style's; an own level with the style's list
    num_id, ilvl = numbering.of_style(style.get(f"{W}val") if style is not None else None)
    if num is not None:
        nid, lvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
        num_id = nid.get(f"{W}val", "") if nid is not None else num_id
        ilvl = int(lvl.get(f"{W}val", "0")) if lvl is not None else ilvl
    if num_id is not None and text.strip():
        label = numbering.label(num_id, ilvl or 0)
        if label:
            text = f"{label} {text}"
    return text


# -- Akoma Ntoso ------------------------------------------------------------------------------
def _akn_lines(data: bytes, name: str) -> list[Line]:
    """The lines of an Akoma Ntoso 3.0 document, as its text would print them; the XML is
    checked for a DTD, entities and XIncludes first and parsed with defusedxml."""
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring

    from ..export.akn_read import AknError, akn_lines

    _check_xml(data, name)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return [Line(i + 1, t) for i, t in enumerate(akn_lines(root))]
    except ParseError as exc:
        raise DraftError(f"{name}: not well-formed XML ({exc})") from None
    except AknError as exc:
        raise DraftError(f"{name}: {exc}") from None


# -- RDF --------------------------------------------------------------------------------------
def _rdf(data: bytes, name: str, fmt: str, limits: DraftLimits) -> Graph:
    if fmt == "xml":
        _check_xml(data, name)
    elif fmt == "json-ld":
        _check_jsonld(data, name)
    g = Graph()
    try:
        # relative IRIs resolve against a base of the knowledge base's own (rdflib's default, the
        # working directory as a file: IRI, would show where the service runs)
        g.parse(data=data, format=fmt, publicID=DRAFT_BASE)
    except DraftError:
        raise
    except Exception as exc:  # rdflib's parsers raise their own types; all mean "malformed"
        msg = re.sub(r"\s*at \^ in:.*$", "", " ".join(str(exc).split()))  # (not the bytes of the file as Python shows them)
        m = re.search(r"line (\d+)", msg)
        where = f"{name}:{m.group(1)}" if m else name
        raise DraftError(f"{where}: malformed {fmt} ({msg[:300]})") from exc
    if len(g) == 0:
        raise DraftError(f"{name}: the graph is empty")
    imports = sorted(str(o) for o in g.objects(None, OWL.imports))
    if imports:
        raise DraftError(f"{name}: owl:imports ({', '.join(repr(i[:200]) for i in imports[:3])}) is refused: the "
                         "service never loads what a draft imports; give the draft as one self-contained graph")
    _check_articles(sum(1 for _ in g.triples((None, HAS_ARTICLE, None))), name, limits)
    return g
