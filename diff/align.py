"""Alignment of the articles (and of the leden within aligned articles) of two documents.

Every pair of units gets a score from the signals weighted in ``config.yaml`` (text, number,
heading, topics, position). The best pairs are aligned one to one, best first, if their score
reaches the threshold (or their texts are nearly the same: a renumbered unit). A unit left over
on one side that is mostly contained in an aligned unit of the other side joins that unit's
group: several units of A in one of B were merged, one of A into several of B was split.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .text import jaccard, lower, matched, ratio, text_similarity, tokens

MIN_PHRASE = 3  # shared runs shorter than this ("de", "van de") do not cover a text


@dataclass
class Unit:
    """What the aligner needs of an article or a lid."""

    key: str | None  # the number or label as printed
    text: str
    position: int
    heading: str | None = None
    topics: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.words = lower(tokens(self.text))


@dataclass
class Group:
    """Aligned units: indexes into A and B (one each, or several on one side)."""

    a: list[int]
    b: list[int]
    how: str  # "same-number", "renumbered", "merged", "split"
    score: float


def score(x: Unit, y: Unit, nx: int, ny: int, weights: dict[str, float], text: float) -> float:
    signals = {
        "text": text,
        "number": 1.0 if x.key is not None and x.key == y.key else 0.0,
        "heading": text_similarity(x.heading, y.heading) if x.heading and y.heading else 0.0,
        "topics": jaccard(x.topics, y.topics) if x.topics or y.topics else 0.0,
        "position": 1.0 - abs(x.position / max(nx - 1, 1) - y.position / max(ny - 1, 1)),
    }
    total = sum(weights.values()) or 1.0
    return sum(w * signals.get(k, 0.0) for k, w in weights.items()) / total


def uncovered(target: list[str], partner: list[str]) -> list[str]:
    """``target`` with the tokens that ``partner`` matches blanked out."""
    out = list(target)
    for blk in SequenceMatcher(None, partner, target, autojunk=False).get_matching_blocks():
        if blk.size < MIN_PHRASE:
            continue
        for k in range(blk.b, blk.b + blk.size):
            out[k] = "\x00"
    return out


def align(a: list[Unit], b: list[Unit], cfg: dict[str, Any]) -> tuple[list[Group], list[int], list[int]]:
    """Groups of aligned units (in the order of A), the units only in A, only in B."""
    weights = cfg["weights"]
    texts = {(i, j): ratio(x.words, y.words) for i, x in enumerate(a) for j, y in enumerate(b)}
    scores = {(i, j): score(a[i], b[j], len(a), len(b), weights, t) for (i, j), t in texts.items()}
    same_text = cfg.get("same_text", 1.01)
    ranked = sorted(scores, key=lambda ij: (-max(scores[ij], texts[ij]), abs(ij[0] - ij[1]), ij))
    a_of: dict[int, int] = {}
    b_of: dict[int, int] = {}
    for i, j in ranked:
        if i in a_of or j in b_of:
            continue
        if (scores[i, j] >= cfg["match"] and texts[i, j] >= cfg.get("min_text", 0.0)) or texts[i, j] >= same_text:
            a_of[i], b_of[j] = j, i
    groups: dict[int, Group] = {}
    for i, j in a_of.items():
        same = a[i].key is not None and a[i].key == b[j].key
        groups[i] = Group([i], [j], "same-number" if same else "renumbered", round(scores[i, j], 3))
    # leftovers contained in the part of an aligned unit that its partner does not cover
    cont, share = cfg.get("containment", 1.01), cfg.get("containment_min_share", 0.0)

    def fits(x: Unit, target: Unit, partner: Unit) -> int:
        """Tokens of ``x`` found, in order, in what ``partner`` leaves uncovered of ``target``."""
        left = uncovered(target.words, partner.words)
        m = matched(x.words, left)
        ok = m / len(x.words) >= cont and m / max(len(target.words), 1) >= share
        return m if ok else 0

    for i, x in enumerate(a):
        if i in a_of or not x.words:
            continue
        m, j = max(((fits(x, b[j], a[b_of[j]]), j) for j in b_of), default=(0, -1))
        if m:
            g = groups[b_of[j]]
            g.a = sorted([*g.a, i])
            g.how = "merged"
            a_of[i] = j
    for j, y in enumerate(b):
        if j in b_of or not y.words:
            continue
        m, i = max(((fits(y, a[i], b[a_of[i]]), i) for i in groups if len(groups[i].a) == 1), default=(0, -1))
        if m:
            g = groups[i]
            g.b = sorted([*g.b, j])
            g.how = "split"
            b_of[j] = i
    ordered = sorted(groups.values(), key=lambda g: (g.a[0], g.b[0]))
    return ordered, [i for i in range(len(a)) if i not in a_of], [j for j in range(len(b)) if j not in b_of]
