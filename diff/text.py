"""Words: tokenizing, similarity and containment of texts, word-level opcodes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*-?|[^\w\s]", re.UNICODE)
NO_SPACE_BEFORE = set(".,;:)]”’!?")
NO_SPACE_AFTER = set("([“‘")


def tokens(text: str | None) -> list[str]:
    return TOKEN.findall(text or "")


def normalized(toks: Sequence[str], table: Mapping[str, str]) -> list[str]:
    return [table.get(t, t) for t in toks]


def lower(toks: Sequence[str]) -> list[str]:
    return [t.lower() for t in toks]


def detok(toks: Sequence[str]) -> str:
    out = ""
    for t in toks:
        if out and t not in NO_SPACE_BEFORE and out[-1] not in NO_SPACE_AFTER:
            out += " "
        out += t
    return out


def ratio(a: Sequence[str], b: Sequence[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def text_similarity(a: str | None, b: str | None) -> float:
    return ratio(lower(tokens(a)), lower(tokens(b)))


def matched(a: Sequence[str], b: Sequence[str]) -> int:
    """How many tokens of ``a`` are found, in order, in ``b``."""
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]


def is_word(t: str) -> bool:
    return any(c.isalnum() for c in t)


def has_number(toks: Sequence[str]) -> bool:
    return any(any(c.isdigit() for c in t) or t in ("€", "%") for t in toks)
