"""The exports as files or bytes: ``dvo-kb export --format akn|legalruleml``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from .source import exportable

if TYPE_CHECKING:
    from ..store import KnowledgeBase

SUFFIX = {"akn": ".akn.xml", "legalruleml": ".lrml.xml"}


def exporter(fmt: str) -> Callable[[KnowledgeBase, str], bytes]:
    """The function that exports one document in a format: Akoma Ntoso or LegalRuleML."""
    if fmt == "akn":
        from .akn import akn

        return akn
    if fmt == "legalruleml":
        from .lrml import lrml

        return lrml
    raise UserError(f"unknown export format {fmt!r}; give akn or legalruleml")


def export(kb: KnowledgeBase, fmt: str, document: str | None = None, out: Path | None = None) -> dict[str, bytes]:
    """Exports one document (by id or short title), or every document with articles, and writes
    each as ``{out}/{id}{suffix}`` when a folder is given; returns the bytes by document id."""
    from ..clauses.views import resolve_document

    run = exporter(fmt)
    ids = [resolve_document(kb, document)[1]] if document else exportable(kb)
    result = {doc_id: run(kb, doc_id) for doc_id in ids}
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            for doc_id, data in result.items():
                (out / f"{doc_id}{SUFFIX[fmt]}").write_bytes(data)
        except OSError as exc:
            raise UserError(f"cannot write to {out}: {exc.strerror}") from exc
    return result


__all__ = ["SUFFIX", "export", "exporter"]
