"""Layout cleanup of PDF-extracted text, driven by ``layout.yaml`` beside this module.

Noise lines (page headers and footers), bullet glyphs, and line-end hyphenation are handled
here; which lines are structure is decided in :mod:`dvo_kb.clauses.parser`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

LAYOUT_FILE = Path(__file__).with_name("layout.yaml")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Line:
    """One source line: its 1-based number in the source file and its text."""

    no: int
    text: str


class Layout:
    """The layout rules of ``layout.yaml``, compiled."""

    def __init__(self, path: Path = LAYOUT_FILE) -> None:
        self.path = path
        with path.open(encoding="utf-8") as fh:
            self.conf: dict[str, Any] = yaml.safe_load(fh)
        c = self.conf
        self.noise = [(n["name"], re.compile(n["pattern"])) for n in c["noise"]]
        self.bullets: list[str] = c["bullets"]
        self.bullets_need_space = set(c["bullets_need_space"])
        self.article = re.compile(c["article"])
        self.article_heading_not = re.compile(c["article_heading_not"])
        self.chapter = [re.compile(p) for p in c["chapter"]]
        self.chapter_caps = re.compile(c["chapter_caps"])
        sh = c["section_heading"]
        self.section_max = int(sh["max_length"])
        self.section_not_ending = re.compile(sh["not_ending"])
        self.section_must_start = re.compile(sh["must_start"])
        self.lid_styles = [(s["name"], re.compile(s["pattern"])) for s in c["lid_styles"]]
        self.items = [(s["name"], re.compile(s["pattern"])) for s in c["items"]]
        self.closing = re.compile(c["closing"])
        self.annex = re.compile(c["annex"])
        self.annex_not = re.compile(c["annex_not"])
        self.footnote = re.compile(c["footnote"])
        self.footnote_marker = re.compile(c["footnote_marker"])
        hy = c["hyphenation"]
        self.coordination = set(hy["coordination"])
        self.keep_after = set(hy["keep_after"])

    # -- lines ----------------------------------------------------------------------------
    def noise_kind(self, text: str) -> str | None:
        for name, pat in self.noise:
            if pat.match(text):
                return name
        return None

    def bullet(self, text: str) -> tuple[str, str] | None:
        """If the line starts with a bullet glyph: (glyph, rest of the line)."""
        s = text.lstrip()
        for b in self.bullets:
            if s.startswith(b):
                rest = s[len(b):]
                if b in self.bullets_need_space and not (rest[:1].isspace()):
                    continue
                return b, rest.strip()
        return None


class Vocabulary:
    """Word counts of a text, used to undo line-end hyphenation: a word broken over two lines
    is joined if the joined form occurs elsewhere in the text, and keeps its hyphen if the
    hyphenated compound does."""

    def __init__(self, lines: list[str]) -> None:
        counts: Counter[str] = Counter()
        for i, line in enumerate(lines):
            words = WORD.findall(line)
            if not words:
                continue
            # the first word may be the tail of a word broken on the previous line
            if i > 0 and lines[i - 1].rstrip().endswith("-"):
                words = words[1:]
            if line.rstrip().endswith("-") and words:
                words = words[:-1]
            counts.update(w.lower() for w in words)
        self.counts = counts

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.counts


class Joiner:
    """Joins the lines of one paragraph into running text, undoing hyphenation."""

    def __init__(self, layout: Layout, vocabulary: Vocabulary) -> None:
        self.layout = layout
        self.vocab = vocabulary

    @cached_property
    def _tail_word(self) -> re.Pattern[str]:
        return re.compile(r"([^\W\d_]*[\w&]*?)-$", re.UNICODE)

    def join(self, lines: list[str]) -> str:
        out = ""
        for raw in lines:
            line = " ".join(raw.split())
            if not line:
                continue
            if not out:
                out = line
                continue
            if out.endswith("-") and len(out) > 1 and (out[-2].isalnum() or out[-2] == "&"):
                out = self._join_hyphen(out, line)
            else:
                out = out + " " + line
        return out

    def _join_hyphen(self, left_text: str, right_text: str) -> str:
        m = re.search(r"(\S+)-$", left_text)
        left_token = m.group(1) if m else ""
        left_word = re.split(r"[^\w&]", left_token)[-1] if left_token else ""
        first = right_text.split(" ", 1)[0]
        right_word_m = WORD.match(first)
        right_word = right_word_m.group(0) if right_word_m else ""
        lower_first = first.lower().rstrip(",;:.")
        if lower_first in self.layout.coordination or first.lower() in self.layout.coordination:
            return left_text + " " + right_text  # "herzienings- en andere"
        if not right_word or first[0].isdigit():
            return left_text + right_text  # "2018-2020", "art.-"
        if right_word[0].isupper():
            return left_text + right_text  # "Sittard-" + "Geleen"
        joined = (left_word + right_word.split("-")[0]).lower()
        hyphenated = (left_word + "-" + right_word.split("-")[0]).lower()
        if hyphenated in self.vocab and joined not in self.vocab:
            return left_text + right_text
        if joined in self.vocab:
            return left_text[:-1] + right_text
        if left_word in self.layout.keep_after or sum(ch.isupper() for ch in left_word) >= 2:
            return left_text + right_text  # "Wmo-" + "maatwerkvoorzieningen"
        if any(ch.isdigit() for ch in left_word):
            return left_text + right_text
        return left_text[:-1] + right_text  # an ordinary syllable break: "ge-" + "meenten"


def normalise(text: str) -> str:
    """Text reduced to its lower-case letters and digits: the form in which two renderings of
    the same words compare equal whatever their layout, hyphenation or punctuation."""
    return "".join(ch for ch in text.lower() if ch.isalnum())
