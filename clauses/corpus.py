"""The corpus: the documents of ``documents.yaml``, parsed from the texts in ``sources/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .layout import Layout
from .model import Document
from .parser import ParseError, StructureParser, parse_plan, read_source, slice_lines

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
DOCUMENTS_FILE = HERE / "documents.yaml"


@dataclass
class CorpusDocument:
    id: str
    meta: dict[str, Any]
    doc: Document


@lru_cache(maxsize=4)
def _meta(path: Path = DOCUMENTS_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def metadata() -> dict[str, Any]:
    return _meta(DOCUMENTS_FILE)


def document_ids() -> list[str]:
    return list(metadata()["documents"])


def parse_document(doc_id: str, sources: Path = SOURCES, layout: Layout | None = None) -> CorpusDocument:
    meta = metadata()["documents"].get(doc_id)
    if meta is None:
        raise KeyError(doc_id)
    layout = layout or Layout()
    path = sources / meta["file"]
    all_lines = read_source(path)
    lines = slice_lines(all_lines, meta.get("start"), meta.get("end"), str(path))
    vocab = [ln.text for ln in all_lines]
    if meta["kind"] == "Bedrijfsplan":
        doc = parse_plan(doc_id, meta["file"], lines, layout)
    else:
        doc = StructureParser(layout).parse_lines(doc_id, meta["file"], lines, vocabulary_lines=vocab)
    return CorpusDocument(doc_id, meta, doc)


def parse_corpus(sources: Path = SOURCES) -> list[CorpusDocument]:
    layout = Layout()
    return [parse_document(d, sources, layout) for d in document_ids()]


__all__ = ["CorpusDocument", "ParseError", "document_ids", "metadata", "parse_corpus", "parse_document"]
