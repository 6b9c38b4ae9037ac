"""Akoma Ntoso ``eId``s from the IRIs of the graph, and back.

An eId is the IRI's path below the document, each level written as AKN's naming convention
abbreviates the element and joined with ``__``; the numbers and labels stay as printed, so
the same numbering names a node in both::

    {doc}/art/16.1                      art_16.1
    {doc}/art/13/lid/1                  art_13__para_1
    {doc}/art/3/lid/0                   art_3__para_0       (an article without numbered leden)
    {doc}/art/13/lid/1/item/a           art_13__para_1__point_a
    {doc}/art/3/lid/1/bullet/2          art_3__para_1__indent_2
    {doc}/hfst/2, {doc}/sec/4           chp_2, sec_4
    {doc}/bijlage/1, .../task/3         att_1, att_1__item_3
"""

from __future__ import annotations

import re

LEVELS = {"art": "art", "lid": "para", "item": "point", "bullet": "indent", "hfst": "chp", "sec": "sec",
          "bijlage": "att", "task": "item", "footnote": "fn"}
BACK = {"art": "art", "para": "lid", "point": "item", "indent": "bullet", "chp": "hfst", "sec": "sec", "att": "bijlage",
        "fn": "footnote"}
LABEL = re.compile(r"^[^\s/_]+$")


def eid(doc_iri: str, iri: str) -> str:
    """The eId of the node at ``iri`` in the document at ``doc_iri``."""
    prefix = doc_iri.rstrip("/") + "/"
    if not iri.startswith(prefix):
        raise ValueError(f"{iri} is not in the document {doc_iri}")
    parts = iri[len(prefix):].split("/")
    if len(parts) % 2:
        raise ValueError(f"{iri} has no eId (an odd path below the document)")
    out = []
    for level, label in zip(parts[::2], parts[1::2], strict=True):
        if level not in LEVELS or not LABEL.match(label):
            raise ValueError(f"{iri} has no eId (level {level!r}, label {label!r})")
        out.append(f"{LEVELS[level]}_{label}")
    return "__".join(out)


def iri(doc_iri: str, eid_: str) -> str:
    """The IRI of the node an eId of this export names (the inverse of :func:`eid`)."""
    parts = []
    previous = None
    for step in eid_.split("__"):
        level, _, label = step.partition("_")
        back = "task" if level == "item" and previous == "att" else BACK.get(level)
        if back is None or not label:
            raise ValueError(f"{eid_!r} is not an eId of this export")
        parts += [back, label]
        previous = level
    return doc_iri.rstrip("/") + "/" + "/".join(parts)


__all__ = ["eid", "iri"]
