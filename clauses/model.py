"""The parsed structure of one document: plain dataclasses, no RDF.

The structural parser (:mod:`dvo_kb.clauses.parser`) produces these; the graph builder
(:mod:`dvo_kb.clauses.build`) turns them into triples. Line numbers are 1-based line numbers
of the source file, so every node can be traced back to the text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Item:
    """A sub-point of a lid: "a.", "a)", "a.1", or an unlabelled bullet."""

    label: str | None  # "a", "a.1"; None for a bullet
    marker: str  # as printed: "a.", "a)", "a.1", "•"
    text: str
    start: int
    end: int
    position: int = 0  # 1-based within its lid; bullets are numbered by this
    label_line: int = 0  # the line on which the label is printed


@dataclass
class Paragraph:
    """A lid. `label` is the number as printed without its closing dot or parenthesis
    ("3", "6.2"); None for the text of an article without numbered leden."""

    label: str | None
    marker: str | None  # as printed: "1.", "1)", "6.2", "6.2."
    text: str  # the whole lid, items included, one item a line
    items: list[Item]
    start: int
    end: int
    position: int = 0


@dataclass
class Article:
    number: str  # as printed: "16.1", "13", "7a"
    heading: str | None  # the heading on the article line, else the section heading above it
    own_heading: bool  # True when the heading stands on the article's own line
    paragraphs: list[Paragraph]
    start: int
    end: int
    chapter: int | None = None  # index into Document.chapters
    position: int = 0

    @property
    def text(self) -> str:
        parts = []
        for p in self.paragraphs:
            parts.append(f"{p.marker} {p.text}" if p.marker else p.text)
        return "\n".join(parts)


@dataclass
class Chapter:
    """A titled group of articles: "Hoofdstuk 2 ...", "Paragraaf 1 ...", "ALGEMENE BEPALINGEN",
    or an untitled heading line such as "Overmacht bij de naleving"."""

    kind: str | None  # "Hoofdstuk", "Paragraaf", ... or None for a plain heading
    number: str | None
    title: str
    line: int
    text: str | None = None  # for the chapters of a plan, which have running text


@dataclass
class Footnote:
    number: str
    text: str
    line: int
    marker_line: int | None


@dataclass
class Task:
    """An entry of a productenlijst (an annex listing tasks)."""

    text: str
    group: str | None  # the headings above it, joined with " > "
    start: int
    end: int
    position: int = 0


@dataclass
class Annex:
    number: str
    title: str | None
    text: str
    tasks: list[Task]
    start: int
    end: int


@dataclass
class Document:
    id: str
    source_file: str
    start: int  # first line of the document in its source file
    end: int  # last line
    preamble: str | None = None
    preamble_lines: tuple[int, int] | None = None
    chapters: list[Chapter] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    closing: str | None = None
    closing_lines: tuple[int, int] | None = None
    annexes: list[Annex] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    noise_lines: list[int] = field(default_factory=list)

    def article(self, number: str) -> Article | None:
        for a in self.articles:
            if a.number == number:
                return a
        return None
