"""The names by which a question refers to documents and parties, all read from the built graph
(``templates/document_names.rq``, ``short_titles.rq``, ``document_broader_kinds.rq``,
``party_names.rq``, ``annex_numbers.rq``): so a document added
to the knowledge base later (extra data, a new folder) is named in a question as the corpus's are,
and no hand-kept list repeats what the graph knows.

A document is named by its id, title, citation title and short titles (a hyphen also read as a
space: "SOK-2025", "sok 2025"); by a word of its short titles that no other document's names
contain and that is not a kind or a party ("HBEL", "SOK"); by its kind with the year it takes
effect ("DVO 2018", "the 2020 service agreement", "de DVO uit 2020") or with a party ("de DVO met
Beek", "the Huizen DVO") when that names one document; an annex by its number ("Bijlage 2") when
one annex has it. A party is named by its id and labels, and by a part of a double-barrelled name
that no other party shares ("Sittard" for Sittard-Geleen).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import sparql

LEXICON = Path(__file__).with_name("lexicon")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

Names = dict[str, list[tuple[str, Any]]]


def _template(name: str) -> str:
    return sparql.load(f"query/templates/{name}.rq")


@cache
def words_of(key: str) -> tuple[str, ...]:
    """A list of words of lexicon/names.yaml."""
    data = yaml.safe_load((LEXICON / "names.yaml").read_text(encoding="utf-8"))
    return tuple(str(j) for j in data[key])


def joiners() -> tuple[str, ...]:
    return words_of("joiners")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _variants(name: str) -> set[str]:
    """A name as written, with its hyphens and slashes read as spaces ("DVO-2020 Beek"), and
    without a remark in brackets ("joint arrangement (Wgr)")."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return {name, " ".join(_words(name)), bare, " ".join(_words(bare))} - {""}


def graph_names(select: Callable[[str], list[dict[str, Any]]]) -> Names:
    """phrase -> [(DOC, doc id) | (PARTY, party id)] from the graph (``select`` runs a query)."""
    doc_rows = select(_template("document_names"))
    party_rows = select(_template("party_names"))
    unique_annex = {r["annexNo"]: int(r["annexes"]) for r in select(_template("annex_numbers"))}

    names: dict[str, set[str]] = {}  # doc -> its own names
    short: dict[str, set[str]] = {}  # doc -> its short titles (short_titles.rq; not its id, not its title)
    kinds: dict[str, set[str]] = {}  # kind label (lower case) -> docs
    years: dict[str, str] = {}
    annex: dict[str, str] = {}
    for r in doc_rows:
        doc = r["docId"]
        names.setdefault(doc, {doc})
        short.setdefault(doc, set())
        if r.get("name"):
            names[doc].add(r["name"])
        if r.get("kindLabel"):
            kinds.setdefault(" ".join(_words(r["kindLabel"])), set()).add(doc)
        if r.get("from"):
            years[doc] = r["from"][:4]
        if r.get("annexNo") and unique_annex.get(r["annexNo"]) == 1:
            annex[doc] = r["annexNo"]

    for r in select(_template("short_titles")):
        if r["docId"] in short:
            short[r["docId"]].add(r["short"])

    party_names: dict[str, set[str]] = {}
    party_docs: dict[str, set[str]] = {}
    for r in party_rows:
        pid = r["partyId"]
        party_names.setdefault(pid, {pid})
        if r.get("name"):
            party_names[pid].add(r["name"])
        party_docs.setdefault(pid, set()).add(r["docId"])
    # a part of a double-barrelled id that no other party's names contain ("sittard")
    all_party_words = {p: {w for n in ns for w in _words(n)} for p, ns in party_names.items()}
    for pid in party_names:
        parts = _words(pid)
        if len(parts) > 1:
            for part in parts:
                if len(part) >= 4 and not any(part in ws for q, ws in all_party_words.items() if q != pid):
                    party_names[pid].add(part)
    # the bare name of a party: its id and the parts above, the words a kind is joined to
    bare = {pid: {n for n in ns if n.lower() == n or n == pid} | _variants(pid) for pid, ns in party_names.items()}

    out: dict[str, set[tuple[str, Any]]] = {}

    def add(phrases: Iterable[str], value: tuple[str, Any]) -> None:
        for ph in phrases:
            for v in _variants(ph):
                out.setdefault(v.lower(), set()).add(value)

    for pid, ns in party_names.items():
        add(ns, ("PARTY", pid))
    for doc, ns in names.items():
        add(ns, ("DOC", doc))

    kind_words = {w for k in kinds for w in _words(k)}
    party_words = {w for ws in all_party_words.values() for w in ws}
    # a word of a document's short titles that no other document's names contain ("hbel", "sok")
    doc_words = {d: {w for n in ns for w in _words(n)} for d, ns in names.items()}
    own_words: dict[str, set[str]] = {}  # doc -> the words above ("hbel")
    for doc, ns in short.items():
        for w in {w for n in ns for w in _words(n)}:
            if (len(w) >= 2 and w.isalpha() and w not in kind_words and w not in party_words
                    and not any(w in ws for d, ws in doc_words.items() if d != doc)):
                add([w], ("DOC", doc))
                own_words.setdefault(doc, set()).add(w)

    combos: dict[str, set[str]] = {}  # phrase -> the documents it may name
    for label, docs in kinds.items():
        combos.setdefault(label, set()).update(docs)  # "the cooperation agreement": the only one of its kind
        for doc in docs:
            if doc in years:
                y = years[doc]
                for ph in (f"{label} {y}", f"{label}-{y}", f"{y} {label}", *(f"{label} {j} {y}" for j in joiners())):
                    combos.setdefault(ph, set()).add(doc)
        for pid, pdocs in party_docs.items():
            mine = docs & pdocs
            if len(mine) > 1:  # several of this kind: the one whose own names contain the party's
                mine = {d for d in mine if any(set(_words(b)) <= doc_words[d] for b in bare[pid])}
            for b in bare[pid]:
                for ph in (f"{label} {b}", f"{b} {label}", f"{b}'s {label}",
                           *(f"{label} {j} {b}" for j in joiners())):
                    combos.setdefault(ph, set()).update(mine or {""})
                    for doc in docs & pdocs:  # with the year too: "de DVO van Beek uit 2020"
                        if doc in years:
                            for ph2 in (f"{ph} {years[doc]}", *(f"{ph} {j} {years[doc]}" for j in joiners())):
                                combos.setdefault(ph2, set()).add(doc)
    for doc, no in annex.items():
        for word in words_of("annex_words"):
            combos.setdefault(f"{word} {no}", set()).add(doc)
    doc_kinds = {d: {k for k, ds in kinds.items() if d in ds} for d in names}
    for r in select(_template("document_broader_kinds")):  # "de gemeenschappelijke regeling"
        doc = r["docId"]
        if doc in names:
            for v in _variants(r["kindLabel"]):
                label = v.lower()
                combos.setdefault(label, set()).add(doc)
                doc_kinds[doc].add(label)
                if doc in years:  # "the 2025 agreement", "de overeenkomst uit 2025"
                    y = years[doc]
                    for ph in (f"{label} {y}", f"{y} {label}", *(f"{label} {j} {y}" for j in joiners())):
                        combos.setdefault(ph, set()).add(doc)
                for pid, pdocs in party_docs.items():  # "the Huizen agreement": its one agreement
                    if doc in pdocs:
                        for b in bare[pid]:
                            for ph in (f"{b} {label}", f"{b}'s {label}", *(f"{label} {j} {b}" for j in joiners())):
                                combos.setdefault(ph, set()).add(doc)
    for doc, ws in own_words.items():  # "de HBEL-overeenkomst", "the SOK agreement"
        for w in ws:
            for label in doc_kinds.get(doc, ()):
                for ph in (f"{w} {label}", f"{w}-{label}", f"{label} {w}"):
                    combos.setdefault(ph, set()).add(doc)
    for ph, docs in combos.items():
        if len(docs) == 1 and "" not in docs:  # a name of one document alone
            add([ph], ("DOC", next(iter(docs))))
    return {ph: sorted(vals, key=str) for ph, vals in out.items()}
