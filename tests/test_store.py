"""The embedded store: in memory, on disk, reused while the sources are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvo_kb import store as store_mod
from dvo_kb.store import KnowledgeBase


def test_on_disk_store_is_reused_until_the_sources_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = KnowledgeBase.open(tmp_path)
    assert not first.info.reused and first.info.triples > 10000
    del first
    second = KnowledgeBase.open(tmp_path)
    assert second.info.reused
    assert second.select("SELECT (COUNT(*) AS ?n) WHERE { ?a a dvo:Article }")[0]["n"] == "146"
    del second
    monkeypatch.setattr(store_mod, "fingerprint", lambda base, extra=(): "changed")
    third = KnowledgeBase.open(tmp_path)
    assert not third.info.reused


def test_substitutions_bind_values_never_splice(tmp_path: Path) -> None:
    import pyoxigraph as ox

    kb = KnowledgeBase.open()
    evil = '" } ; DROP ALL ; SELECT * { "'
    rows = kb.select("SELECT ?id ?d WHERE { ?d dvo:documentId ?id }", {"id": ox.Literal(evil)})
    assert rows == []
    rows = kb.select("SELECT ?id ?d WHERE { ?d dvo:documentId ?id }", {"id": ox.Literal("dvo-pwm-2018")})
    assert rows[0]["d"].endswith("/dvo-pwm-2018")


def test_a_bad_base_iri_is_refused() -> None:
    with pytest.raises(ValueError, match="base IRI"):
        KnowledgeBase.open(base="not an iri")
