"""The structural parser: source text -> :class:`~dvo_kb.clauses.model.Document`.

Three steps, each with its data beside it:

1. layout cleanup (``layout.yaml``, :mod:`dvo_kb.clauses.layout`): page headers and footers
   and footnotes leave the flow of text;
2. the line lexer below classifies every remaining line (article heading, lid, item, ...)
   with the patterns of ``layout.yaml`` and the context that numbering gives (a lid "3." is
   a lid only where lid 2 came before it: "2021." at the start of a line is not);
3. the Lark grammar ``structure.lark`` nests the lines into document, articles, leden and
   items, and a transformer turns the tree into dataclasses, joining the lines of each
   node into verbatim text (hyphenation undone, bullets normalised).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError
from lark.lexer import Lexer

from .layout import Joiner, Layout, Line, Vocabulary
from .model import Annex, Article, Chapter, Document, Footnote, Item, Paragraph, Task

BULLET_MARK = "•"


class ParseError(Exception):
    """A source text that cannot be parsed, with the file and line where it went wrong."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(where + message)
        self.file = file
        self.line = line


@dataclass
class LineToken:
    type: str
    line: Line
    value: dict[str, Any] = field(default_factory=dict)


def _article_key(number: str) -> tuple[int, str, int]:
    m = re.match(r"(\d+)([a-z]?)(?:\.(\d+))?$", number)
    if not m:
        return (0, "", 0)
    return (int(m.group(1)), m.group(2), int(m.group(3) or 0))


class LineLexer:
    """Classifies the lines of one document into line tokens for ``structure.lark``."""

    def __init__(self, layout: Layout) -> None:
        self.L = layout

    def _article(self, text: str, last: str | None) -> dict[str, Any] | None:
        m = self.L.article.match(text)
        if not m:
            return None
        heading = m.group("heading")
        if heading and self.L.article_heading_not.match(heading):
            return None
        number = m.group("number")
        if last is not None and _article_key(number) <= _article_key(last):
            return None  # numbers go up; a repeat is running text ("Artikel 3 van ...")
        # "Artikel 4 – Verplichtingen van Afnemers": the dash or colon after the number is no part of the heading
        heading = heading.strip().lstrip("–—-:").strip() if heading else None
        return {"number": number, "heading": heading or None}

    def _chapter(self, text: str) -> dict[str, Any] | None:
        for pat in self.L.chapter:
            m = pat.match(text)
            if m:
                return {"kind": m.group("kind"), "number": m.group("number"),
                        "title": m.group("title") or None}
        return None

    def _lid(self, text: str, article: str, style: str | None, last: int) -> dict[str, Any] | None:
        main = re.match(r"\d+", article)
        for name, pat in self.L.lid_styles:
            if style is not None and name != style:
                continue
            m = pat.match(text)
            if not m:
                continue
            num = int(m.group("num"))
            if name == "dotted":
                # "6.1" inside article 6 (not inside an article numbered "16.1")
                if "." in article or not main or m.group("art") != main.group(0):
                    continue
                label = f"{m.group('art')}.{num}"
            else:
                label = str(num)
            if num != last + 1:
                continue
            marker = text[: m.end()].strip()
            return {"style": name, "num": num, "label": label, "marker": marker,
                    "rest": text[m.end():].strip()}
        return None

    def _item(self, text: str) -> dict[str, Any] | None:
        for _name, pat in self.L.items:
            m = pat.match(text)
            if m:
                return {"label": m.group("label"), "marker": text[: m.end()].strip(),
                        "rest": text[m.end():].strip()}
        b = self.L.bullet(text)
        if b:
            return {"label": None, "marker": BULLET_MARK, "rest": b[1]}
        return None

    def _is_heading_line(self, text: str, prev: str | None) -> bool:
        s = text.strip()
        if not s or len(s) > self.L.section_max:
            return False
        if self.L.section_not_ending.search(s) or not self.L.section_must_start.match(s):
            return False
        if self.L.bullet(s) or self._item(s):
            return False
        if prev is not None:
            p = prev.rstrip()
            # the line before a heading ends a sentence (or is itself structure)
            if p and p[-1] not in ".;:!?”\"’')" and not p.endswith("-"):
                return False
        return True

    def lex(self, lines: list[Line], start_in_body: bool = False) -> list[LineToken]:
        toks: list[LineToken] = []
        state = "body" if start_in_body else "front"
        last_article: str | None = None
        lid_style: str | None = None
        last_lid = 0
        prev_text: str | None = None
        in_list = False  # the last content line belongs to an item
        n = len(lines)

        def next_is_article(i: int) -> bool:
            j = i + 1
            while j < n:
                t = lines[j].text
                if self._article(t, last_article):
                    return True
                # a section heading may stand above a chapter heading and an article
                if self._chapter(t) or self.L.chapter_caps.match(t):
                    j += 1
                    continue
                return False
            return False

        heading_lines: set[int] = set()  # lines read as the heading of the article above them

        def own_line_heading(i: int, number: str) -> int | None:
            """The index of a heading on the line after "Artikel 2" ("Artikel 2" / "Doel en
            reikwijdte" / "Doel van deze overeenkomst is ..."): a heading-like line, followed by a
            lid or by a line that begins a sentence."""
            j = i + 1
            while j < n and not lines[j].text.strip():
                j += 1
            if j >= n or not self._is_heading_line(lines[j].text, None) or self._lid(lines[j].text, number, None, 0):
                return None
            k = j + 1
            while k < n and not lines[k].text.strip():
                k += 1
            if k >= n or self._article(lines[k].text, None):
                return None
            nxt = lines[k].text.strip()
            return j if self._lid(nxt, number, None, 0) or nxt[:1].isupper() else None

        for i, line in enumerate(lines):
            t = line.text
            if i in heading_lines:
                continue
            if state in ("front", "body"):
                art = self._article(t, last_article)
                if art:
                    if art["heading"] is None and (h := own_line_heading(i, art["number"])) is not None:
                        art = {**art, "heading": lines[h].text.strip()}
                        heading_lines.add(h)
                    toks.append(LineToken("ARTICLE", line, art))
                    state, last_article, lid_style, last_lid, in_list = "body", art["number"], None, 0, False
                    prev_text = None
                    continue
                ch = self._chapter(t)
                if ch and next_is_article(i):
                    toks.append(LineToken("CHAPTER", line, ch))
                    state, prev_text = "body", None
                    continue
                caps = self.L.chapter_caps.match(t)
                if caps and next_is_article(i):
                    toks.append(LineToken("CHAPTER", line, {"kind": None, "number": None,
                                                            "title": caps.group("title").strip()}))
                    state, prev_text = "body", None
                    continue
                if next_is_article(i) and self._is_heading_line(t, prev_text):
                    toks.append(LineToken("SECTION", line, {"title": t.strip()}))
                    state, prev_text = "body", None
                    continue
            if state in ("front", "body") and self.L.closing.match(t) and last_article is not None:
                toks.append(LineToken("CLOSING", line))
                state = "closing"
                continue
            if state in ("body", "closing", "annex") and last_article is not None:
                am = self.L.annex.match(t)
                if am and not self.L.annex_not.match(t):
                    toks.append(LineToken("ANNEX", line, {"number": am.group("number"),
                                                          "title": am.group("title")}))
                    state = "annex"
                    prev_text = None
                    continue
            if state == "front" or state == "closing":
                toks.append(LineToken("TEXT", line))
                prev_text = t
                continue
            if state == "annex":
                b = self.L.bullet(t)
                head = next((tk.type for tk in reversed(toks) if tk.type != "CONT"), None)
                in_task = head == "TASK"  # the last line belongs to an entry (not to a heading)
                if b:
                    toks.append(LineToken("TASK", line, {"rest": b[1]}))
                elif prev_text is not None and (
                    prev_text.rstrip().endswith(("-", ",")) or t.strip()[:1].islower()
                    # a parenthetical note under an entry ("(NB. Voor de behandeling van
                    # bezwaarschriften ...)") belongs to that entry, not to the headings
                    or (in_task and t.strip().startswith("("))
                ):
                    toks.append(LineToken("CONT", line))
                else:
                    toks.append(LineToken("TEXT", line))
                prev_text = t
                continue
            # state == "body": inside an article
            assert last_article is not None
            lid = self._lid(t, last_article, lid_style, last_lid)
            if lid:
                toks.append(LineToken("LID", line, lid))
                lid_style, last_lid, in_list = lid["style"], lid["num"], False
                prev_text = t
                continue
            item = self._item(t)
            if item:
                toks.append(LineToken("ITEM", line, item))
                in_list = True
                prev_text = t
                continue
            if in_list and prev_text is not None:
                p = prev_text.rstrip()
                s = t.strip()
                if (p.endswith((".", ":")) or self._after_entries(toks)) and s[:1].isupper():
                    toks.append(LineToken("TAIL", line))
                    in_list = False
                    prev_text = t
                    continue
            toks.append(LineToken("TEXT", line))
            prev_text = t
        return toks

    @staticmethod
    def _after_entries(toks: list[LineToken]) -> bool:
        """Does a list of figures end here: at least two items, each one line that ends in a
        number or a percentage ("• Gemeente Beek 8%", "• Gemeente Stein 10%"), so that a
        sentence after it is the lid's own ("Na twee jaar worden deze percentages
        geëvalueerd ..."), not more of the last item? (An item of words may go on on a line
        that begins with a capital: "de gemeenten Beek en" / "Stein gezamenlijk ...".)"""
        entries: list[str] = []
        for tk in reversed(toks):
            if tk.type != "ITEM":
                break
            entries.append(str(tk.value.get("rest", "")).rstrip())
        return len(entries) >= 2 and all(e and len(e) <= 60 and (e[-1].isdigit() or e[-1] == "%") for e in entries)


class _TokenStream(Lexer):
    """Feeds pre-classified line tokens to Lark's LALR parser."""

    def __init__(self, lexer_conf: Any) -> None:  # noqa: D107 - Lark's interface
        pass

    def lex(self, data: Any, parser_state: Any = None) -> Iterator[Token]:  # type: ignore[override]
        for tok in data:
            yield Token(tok.type, tok, line=tok.line.no)


_GRAMMAR: Lark | None = None


def grammar() -> Lark:
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = Lark.open("structure.lark", rel_to=__file__, parser="lalr", lexer=_TokenStream)
    return _GRAMMAR


class _Build(Transformer[Token, Any]):
    """Lark tree -> model objects (lines still as lists; text is joined afterwards)."""

    def __init__(self, joiner: Joiner) -> None:
        super().__init__()
        self.j = joiner

    # tokens are LineToken objects in Token.value
    @staticmethod
    def _lt(tok: Token) -> LineToken:
        lt: LineToken = tok.value  # type: ignore[assignment]
        return lt

    def start(self, children: list[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"front": children[0], "body": children[1], "closing": None, "annexes": []}
        for c in children[2:]:
            if isinstance(c, dict) and c.get("kind") == "closing":
                out["closing"] = c
            elif isinstance(c, Annex):
                out["annexes"].append(c)
        return out

    def front(self, toks: list[Token]) -> list[Line]:
        return [self._lt(t).line for t in toks]

    def body(self, children: list[Any]) -> list[Any]:
        return children

    def chapter(self, toks: list[Token]) -> Chapter:
        lt = self._lt(toks[0])
        v = lt.value
        if lt.type == "SECTION":
            return Chapter(kind=None, number=None, title=v["title"], line=lt.line.no)
        title = v.get("title") or ""
        return Chapter(kind=v.get("kind"), number=v.get("number"), title=title.strip(), line=lt.line.no)

    def content(self, children: list[Any]) -> dict[str, Any]:
        lines: list[Line] = []
        blocks: list[Any] = []
        for c in children:
            if isinstance(c, Token):
                lines.append(self._lt(c).line)
            else:
                blocks.append(c)
        return {"lines": lines, "blocks": blocks}

    def item(self, toks: list[Token]) -> dict[str, Any]:
        head = self._lt(toks[0])
        lines = [Line(head.line.no, head.value["rest"])] + [self._lt(t).line for t in toks[1:]]
        return {"kind": "item", "label": head.value["label"], "marker": head.value["marker"],
                "lines": lines, "label_line": head.line.no}

    def tail(self, toks: list[Token]) -> dict[str, Any]:
        return {"kind": "tail", "lines": [self._lt(t).line for t in toks]}

    def lid(self, children: list[Any]) -> dict[str, Any]:
        head = self._lt(children[0])
        content = children[1]
        first = [Line(head.line.no, head.value["rest"])] if head.value["rest"] else []
        return {"label": head.value["label"], "marker": head.value["marker"],
                "line": head.line.no, "lines": first + content["lines"], "blocks": content["blocks"]}

    def article(self, children: list[Any]) -> dict[str, Any]:
        head = self._lt(children[0])
        return {"number": head.value["number"], "heading": head.value["heading"],
                "line": head.line.no, "content": children[1], "lids": children[2:]}

    def closing(self, toks: list[Token]) -> dict[str, Any]:
        return {"kind": "closing", "lines": [self._lt(t).line for t in toks]}

    def group(self, toks: list[Token]) -> dict[str, Any]:
        return {"kind": "group", "lines": [self._lt(t).line for t in toks]}

    def task(self, toks: list[Token]) -> dict[str, Any]:
        head = self._lt(toks[0])
        return {"kind": "task", "lines": [Line(head.line.no, head.value["rest"])]
                + [self._lt(t).line for t in toks[1:]]}

    def annex(self, children: list[Any]) -> Annex:
        head = self._lt(children[0])
        title_parts: list[str] = []
        if head.value.get("title"):
            title_parts.append(head.value["title"].strip())
        tasks: list[Task] = []
        groups: list[str] = []
        texts: list[str] = []
        end = head.line.no
        for c in children[1:]:
            txt = self.j.join([ln.text for ln in c["lines"]])
            end = max(end, c["lines"][-1].no)
            if c["kind"] == "group":
                if not tasks and len(title_parts) < 2:
                    title_parts.append(txt)
                groups.append(txt)
                texts.append(txt)
            else:
                group = " > ".join(groups[-2:]) if groups else None
                tasks.append(Task(text=txt, group=group, start=c["lines"][0].no,
                                  end=c["lines"][-1].no, position=len(tasks) + 1))
                texts.append(f"{BULLET_MARK} {txt}")
        return Annex(number=head.value["number"], title=" ".join(title_parts) or None,
                     text="\n".join(texts), tasks=tasks, start=head.line.no, end=end)


def _paragraph_text(j: Joiner, lines: list[Line], blocks: list[dict[str, Any]]) -> tuple[str, list[Item]]:
    """The text of a lid (one item a line) and its items."""
    intro = list(lines)
    blocks = [dict(b) for b in blocks]
    # A label printed on its own line after the text that belongs to it ("Arrangement ...:
    # ..." then "a."): the orphan lines after the intro's colon move into the empty item.
    for k, b in enumerate(blocks):
        if b["kind"] == "item" and not any(ln.text.strip() for ln in b["lines"]) and k == 0:
            colon = max((i for i, ln in enumerate(intro) if ln.text.rstrip().endswith(":")), default=None)
            if colon is not None and colon < len(intro) - 1:
                b["lines"] = intro[colon + 1:]
                intro = intro[: colon + 1]
    # Text between two items goes on with the item before it ("b. Daarnaast vindt er ... overleg
    # plaats." / "Hierin worden de operationele zaken besproken." / "c. ..."): Dutch drafting has no
    # text of the lid between the items of a list, only after the last one (a closing sentence).
    # (A new user's trial: the second paragraph of an item was the lid's, so a norm citing the item
    # cited a text without its words.)
    for k in range(len(blocks) - 2, 0, -1):
        if blocks[k]["kind"] != "item" and blocks[k - 1]["kind"] == "item" and blocks[k + 1]["kind"] == "item":
            blocks[k - 1] = {**blocks[k - 1], "lines": [*blocks[k - 1]["lines"], *blocks[k]["lines"]]}
            del blocks[k]
    parts: list[str] = []
    if intro:
        parts.append(j.join([ln.text for ln in intro]))
    items: list[Item] = []
    for b in blocks:
        txt = j.join([ln.text for ln in b["lines"]])
        nos = [ln.no for ln in b["lines"]] or [0]
        if b["kind"] == "item":
            items.append(Item(label=b["label"], marker=b["marker"], text=txt,
                              start=min(nos), end=max(nos), position=len(items) + 1,
                              label_line=b["label_line"]))
            parts.append(f"{b['marker']} {txt}".rstrip())
        else:
            parts.append(txt)
    return "\n".join(p for p in parts if p), items


def _last_line(lines: list[Line], blocks: list[dict[str, Any]], default: int) -> int:
    nos = [ln.no for ln in lines] + [ln.no for b in blocks for ln in b["lines"]]
    return max(nos) if nos else default


def _marker_pattern(num: str) -> re.Pattern[str]:
    """A footnote marker glued to the word before it ("B.V1." for footnote 1)."""
    return re.compile(r"(?<=[A-Za-zÀ-ÿ.)])" + re.escape(num) + r"(?=[\s.,;:]|$)")


class StructureParser:
    """Parses the text of one document of the corpus (or a draft) into a Document."""

    def __init__(self, layout: Layout | None = None) -> None:
        self.layout = layout or Layout()
        self.lexer = LineLexer(self.layout)

    def clean(self, lines: list[Line]) -> tuple[list[Line], list[int], list[Footnote]]:
        """Drops page headers and footers and takes footnote texts out of the flow."""
        kept: list[Line] = []
        noise: list[int] = []
        notes: list[Footnote] = []
        next_note = 1
        for ln in lines:
            if not ln.text.strip():
                continue
            if self.layout.noise_kind(ln.text):
                noise.append(ln.no)
                continue
            m = self.layout.footnote.match(ln.text)
            if m and int(m.group("num")) == next_note:
                marker_line = self._find_marker(kept, m.group("num"))
                if marker_line is not None:
                    notes.append(Footnote(number=m.group("num"), text=" ".join(m.group("text").split()),
                                          line=ln.no, marker_line=marker_line))
                    next_note += 1
                    continue
            kept.append(ln)
        # remove the markers from the text they were glued to ("B.V1." -> "B.V.")
        for note in notes:
            for k, ln in enumerate(kept):
                if ln.no == note.marker_line:
                    pat = _marker_pattern(note.number)
                    kept[k] = Line(ln.no, pat.sub("", ln.text, count=1))
        return kept, noise, notes

    def _find_marker(self, kept: list[Line], num: str) -> int | None:
        pat = _marker_pattern(num)
        for ln in reversed(kept[-60:]):
            if pat.search(ln.text):
                return ln.no
        return None

    def parse_lines(self, doc_id: str, source_file: str, lines: list[Line],
                    vocabulary_lines: list[str] | None = None) -> Document:
        if not any(ln.text.strip() for ln in lines):
            raise ParseError("the text is empty", source_file)
        vocab = Vocabulary(vocabulary_lines if vocabulary_lines is not None else [ln.text for ln in lines])
        joiner = Joiner(self.layout, vocab)
        kept, noise, notes = self.clean(lines)
        toks = self.lexer.lex(kept)
        if not any(t.type == "ARTICLE" for t in toks):
            raise ParseError("no article found (no line of the form 'Artikel 1 ...')", source_file,
                             lines[0].no if lines else None)
        try:
            tree = grammar().parse(toks)  # type: ignore[arg-type]
        except LarkError as exc:
            tok = getattr(exc, "token", None)
            line = tok.line if tok is not None and hasattr(tok, "line") else None
            raise ParseError(f"unexpected structure: {type(exc).__name__}", source_file, line) from exc
        parts = _Build(joiner).transform(tree)
        return self._assemble(doc_id, source_file, lines, parts, joiner, noise, notes)

    def _assemble(self, doc_id: str, source_file: str, lines: list[Line], parts: dict[str, Any],
                  j: Joiner, noise: list[int], notes: list[Footnote]) -> Document:
        doc = Document(id=doc_id, source_file=source_file, start=lines[0].no, end=lines[-1].no,
                       noise_lines=noise, footnotes=notes)
        front: list[Line] = parts["front"]
        if front:
            doc.preamble = self._join_front(j, front)
            doc.preamble_lines = (front[0].no, front[-1].no)
        chapter_idx: int | None = None
        pending_section: Chapter | None = None
        for c in parts["body"]:
            if isinstance(c, Chapter):
                doc.chapters.append(c)
                chapter_idx = len(doc.chapters) - 1
                pending_section = c if c.kind is None else None
                continue
            content = c["content"]
            paragraphs: list[Paragraph] = []
            if content["lines"] or content["blocks"] or not c["lids"]:
                text, items = _paragraph_text(j, content["lines"], content["blocks"])
                paragraphs.append(Paragraph(label=None, marker=None, text=text, items=items,
                                            start=c["line"], end=_last_line(content["lines"], content["blocks"], c["line"]),
                                            position=1))
            for lid in c["lids"]:
                text, items = _paragraph_text(j, lid["lines"], lid["blocks"])
                paragraphs.append(Paragraph(label=lid["label"], marker=lid["marker"], text=text, items=items,
                                            start=lid["line"], end=_last_line(lid["lines"], lid["blocks"], lid["line"]),
                                            position=len(paragraphs) + 1))
            heading = c["heading"]
            own = heading is not None
            if heading is None and pending_section is not None:
                # an untitled section heading ("Overmacht bij de naleving") heads every
                # article under it; a numbered chapter's title does not
                heading = pending_section.title
            end = max([p.end for p in paragraphs] + [c["line"]])
            doc.articles.append(Article(number=c["number"], heading=heading, own_heading=own,
                                        paragraphs=paragraphs, start=c["line"], end=end,
                                        chapter=chapter_idx, position=len(doc.articles) + 1))
        if parts["closing"]:
            cl = parts["closing"]["lines"]
            doc.closing = "\n".join(" ".join(ln.text.split()) for ln in cl)
            doc.closing_lines = (cl[0].no, cl[-1].no)
        doc.annexes = parts["annexes"]
        return doc

    def _join_front(self, j: Joiner, front: list[Line]) -> str:
        """The front matter, a paragraph a list entry ("1. De gemeente ...", "- Dat ...")."""
        paras: list[list[str]] = [[]]
        for ln in front:
            t = ln.text
            s = t.strip()
            starts_entry = bool(re.match(r"^(\d+[.)]|[a-z][.)])\s", s)) or self.layout.bullet(t) is not None
            prev = paras[-1][-1].strip() if paras[-1] else ""
            last_word = prev.split()[-1] if prev else ""
            ends_sentence = s[:1].isupper() and (
                prev.endswith((";", ":"))
                # a full stop, not an abbreviation ("drs.", "G.J.M.")
                or (prev.endswith(".") and len(last_word) > 4 and "." not in last_word[:-1])
                # a title line: short, no closing punctuation
                or (len(prev) <= 60 and prev[-1:].isalnum())
            )
            if paras[-1] and (starts_entry or ends_sentence):
                paras.append([])
            b = self.layout.bullet(t)
            paras[-1].append(f"{BULLET_MARK} {b[1]}" if b else t)
        return "\n".join(j.join(p) for p in paras if p)


def read_source(path: Path) -> list[Line]:
    """Reads a source text file as numbered lines, with a clear error when it cannot."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror}", str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError("the file is not UTF-8 text", str(path), line) from exc
    return [Line(i + 1, t.rstrip("\r")) for i, t in enumerate(text.split("\n"))]


def slice_lines(lines: list[Line], start: str | None, end: str | None, source: str) -> list[Line]:
    """The lines from the one matching `start` (inclusive) to the one matching `end` (exclusive)."""
    i0, i1 = 0, len(lines)
    if start:
        pat = re.compile(start)
        hits = [i for i, ln in enumerate(lines) if pat.match(ln.text)]
        if not hits:
            raise ParseError(f"the start of the document (/{start}/) is not in the text", source)
        i0 = hits[0]
    if end:
        pat = re.compile(end)
        hits = [i for i, ln in enumerate(lines) if i > i0 and pat.match(ln.text)]
        if not hits:
            raise ParseError(f"the end of the document (/{end}/) is not in the text", source)
        i1 = hits[0]
    out = lines[i0:i1]
    while out and not out[-1].text.strip():
        out.pop()
    return out


def parse_plan(doc_id: str, source_file: str, lines: list[Line], layout: Layout) -> Document:
    """A non-normative plan (the bedrijfsplan): numbered chapters with running text, no articles."""
    j = Joiner(layout, Vocabulary([ln.text for ln in lines]))
    doc = Document(id=doc_id, source_file=source_file, start=lines[0].no, end=lines[-1].no)
    heading = re.compile(r"^\s*(?P<num>\d{1,2})\s+(?P<title>[A-ZÀ-Ý][^.]{2,90}?)\s*$")
    annexes = re.compile(r"^\s*Bijlagen\s*$")
    expected = 1
    current: Chapter | None = None
    body: list[str] = []
    front: list[Line] = []

    def close() -> None:
        if current is not None:
            current.text = j.join(body)

    for ln in lines:
        if layout.noise_kind(ln.text) or not ln.text.strip():
            continue
        m = heading.match(ln.text)
        if (m and int(m.group("num")) == expected) or annexes.match(ln.text):
            close()
            if m and int(m.group("num")) == expected:
                current = Chapter(kind="Hoofdstuk", number=m.group("num"), title=m.group("title").strip(), line=ln.no)
                expected += 1
            else:
                current = Chapter(kind="Bijlagen", number=None, title="Bijlagen", line=ln.no)
            doc.chapters.append(current)
            body = []
            continue
        if current is None:
            front.append(ln)
        else:
            body.append(ln.text)
    close()
    # a chapter title broken over two lines ("... samenvoe-" / "ging")
    if front:
        doc.preamble = j.join([ln.text for ln in front])
        doc.preamble_lines = (front[0].no, front[-1].no)
    return doc
