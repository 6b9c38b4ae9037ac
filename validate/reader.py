"""Reading a draft: plain text, Word (.docx) or RDF, with a clear reason when it cannot be read.

Text and Word become numbered :class:`~dvo_kb.clauses.layout.Line` objects for the structural
parser; RDF becomes an rdflib graph that is checked as it is. A .docx is a zip archive: it is
opened only after its directory has been checked (size, number of entries, compression ratio),
so a zip bomb or a damaged file is refused before anything is inflated. Word's automatic
numbering ("Artikel 1", "1.", "a.") is not in the paragraph text; it is rebuilt from the
numbering definitions of the document (``word/numbering.xml``), as Word shows it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..clauses.layout import Line
from ..errors import UserError

TEXT_TYPES = {".txt", ".text", ".md"}
WORD_TYPES = {".docx"}
RDF_TYPES = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".rdf": "xml", ".owl": "xml",
             ".n3": "n3", ".trig": "trig"}

MAX_BYTES = 20 * 1024 * 1024  # the file as given
MAX_INFLATED = 100 * 1024 * 1024  # all entries of a .docx, inflated
MAX_ENTRIES = 2000
MAX_RATIO = 200  # inflated / compressed, per entry

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    return ", ".join(sorted(TEXT_TYPES | WORD_TYPES | set(RDF_TYPES)))


def read_draft(path: Path) -> Draft:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: cannot read the file: {exc.strerror}") from exc
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> Draft:
    """Reads a draft given as bytes with its file name (the suffix says the type)."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise DraftError(f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise DraftError(f"{name}: the file is empty")
    if suffix in WORD_TYPES or (not suffix and data[:2] == b"PK"):
        return Draft(name, "docx", lines=_docx_lines(data, name))
    if suffix in TEXT_TYPES or not suffix:
        return Draft(name, "text", lines=_text_lines(data, name))
    if suffix in RDF_TYPES:
        return Draft(name, "rdf", graph=_rdf(data, name, RDF_TYPES[suffix]))
    if suffix == ".doc":
        raise DraftError(f"{name}: the old Word format (.doc) is not supported; save it as .docx or as plain text")
    if suffix == ".pdf":
        raise DraftError(f"{name}: PDF is not supported; save the text as .txt (or give the .docx)")
    raise DraftError(f"{name}: unsupported file type {suffix!r}; give one of {supported()}")


def _text_lines(data: bytes, name: str) -> list[Line]:
    if b"\x00" in data[:4096]:
        raise DraftError(f"{name}: this is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DraftError(f"{name}:{line}: the file is not UTF-8 text (save it as UTF-8)") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]


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


class _Numbering:
    """Word's list numbering: the counters of every list and level, rendered as Word shows them."""

    ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
             (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]

    def __init__(self, doc: object) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        part = getattr(getattr(doc, "part", None), "numbering_part", None) if doc is not None else None
        if part is None:
            return
        root = part.element
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(f"{W}abstractNum"):
            lv: dict[int, _Level] = {}
            for lvl in an.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                txt = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                lv[ilvl] = _Level(fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                                  txt.get(f"{W}val", "") if txt is not None else "",
                                  int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[an.get(f"{W}abstractNumId", "")] = lv
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})

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
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "•"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            return self._render(lv.fmt if lv else "decimal", counters.get(k, lv.start if lv else 1))

        return re.sub(r"%(\d)", sub, level.text)


def _docx_lines(data: bytes, name: str) -> list[Line]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DraftError(f"{name}: not a valid .docx (the zip archive is damaged: {exc})") from exc
    with zf:
        _check_zip(zf, name)
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a malformed package
        raise DraftError(f"{name}: not a readable Word document ({type(exc).__name__}: {exc})") from exc
    numbering = _Numbering(document)
    texts: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == qn("w:p"):
            texts.extend(_paragraph_text(block, numbering).split("\n"))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    for p in cell.iter(qn("w:p")):
                        texts.extend(_paragraph_text(p, numbering).split("\n"))
    return [Line(i + 1, t) for i, t in enumerate(texts)]


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
    if num is not None and text.strip():
        ilvl = num.find(f"{W}ilvl")
        nid = num.find(f"{W}numId")
        label = numbering.label(nid.get(f"{W}val", "") if nid is not None else "",
                                int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)
        if label:
            text = f"{label} {text}"
    return text


# -- RDF --------------------------------------------------------------------------------------
def _rdf(data: bytes, name: str, fmt: str) -> Graph:
    g = Graph()
    try:
        g.parse(data=data, format=fmt)
    except Exception as exc:  # rdflib's parsers raise their own types; all mean "malformed"
        msg = " ".join(str(exc).split())
        m = re.search(r"line (\d+)", msg)
        where = f"{name}:{m.group(1)}" if m else name
        raise DraftError(f"{where}: malformed {fmt} ({msg[:300]})") from exc
    if len(g) == 0:
        raise DraftError(f"{name}: the graph is empty")
    return g
