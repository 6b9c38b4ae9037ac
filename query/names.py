"""The names by which a question refers to documents and parties, all read from the built graph
(``templates/document_names.rq``, ``short_titles.rq``, ``document_broader_kinds.rq``,
``party_names.rq``, ``annex_numbers.rq``): so a document added
to the knowledge base later (extra data, a new folder) is named in a question as the corpus's are,
and no hand-kept list repeats what the graph knows.

Several documents are named together by a word their ids share that names nothing else ("PWM":
the documents of the Participatiebedrijf Westelijke Mijnstreek). A document is named by its id, title, citation title and short titles (a hyphen also read as a
space: "SOK-2025", "sok 2025"); by a word of its short titles that no other document's names
contain and that is not a kind or a party ("HBEL", "SOK"); by its kind with the year it takes
effect ("DVO 2018", "the 2020 service agreement", "de DVO uit 2020") or with a party ("de DVO met
Beek", "the Huizen DVO") when that names one document; an annex by its number ("Bijlage 2") when
one annex has it. A party is named by its id and labels, and by a part of a double-barrelled name
that no other party shares ("Sittard" for Sittard-Geleen).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import sparql

LEXICON = Path(__file__).with_name("lexicon")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Names:
    """The names of documents and parties: the phrases that are names in themselves (ids,
    titles, short titles, labels, a kind of which there is one document) and the
    :class:`Composer` of the names made of parts."""

    phrases: dict[str, list[tuple[str, Any]]]
    composer: Composer
    # the phrases that name a document only by a broader kind it alone has in the knowledge base
    # ("de gemeenschappelijke regeling", "the joint arrangement"): beside a document named by its
    # own name they speak of such a thing in general (the HBEL-DVO's own regeling), not of that one
    generic: frozenset[str] = frozenset()
    # a word of the documents' ids that several documents share and that names nothing else
    # ("pwm": cr-pwm-2018, dvo-pwm-2018, dvo-pwm-2020-beek and its protocol): names them together
    # ... and a word of the titles of several documents, not of all ("participatiebedrijf")
    families: dict[str, frozenset[str]] = field(default_factory=dict)
    # the families of the ids' words alone: documents made together ("pwm"), not only titled alike
    id_families: dict[str, frozenset[str]] = field(default_factory=dict)


def _template(name: str) -> str:
    return sparql.load(f"query/templates/{name}.rq")


@cache
def words_of(key: str) -> tuple[str, ...]:
    """A list of words of lexicon/names.yaml."""
    data = yaml.safe_load((LEXICON / "names.yaml").read_text(encoding="utf-8"))
    return tuple(str(j) for j in data[key])


def joiners() -> tuple[str, ...]:
    return words_of("joiners")


@lru_cache(maxsize=1 << 16)  # a question's words, in every phrase the lexicon looks up
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


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
        # a document without short titles (one added with dvo-kb add): the words of its title and
        # citation title ("DVO Leerlingenvervoer Heuvelland 2027": "heuvelland"; a trial asked for it
        # without the year)
        titled = not ns  # (the words of a title: only those of four letters or more that are no stopword)
        for w in {w for n in (ns or names[doc] - {doc}) for w in _words(n)}:
            if titled and (len(w) < 4 or w in _stopwords()):
                continue  # "de", "het", "van" of "Dienstverleningsovereenkomst inzake het ... van de regio ..."
            if (len(w) >= 2 and w.isalpha() and w not in kind_words and w not in party_words
                    and not any(w in ws for d, ws in doc_words.items() if d != doc)):
                add([w], ("DOC", doc))
                own_words.setdefault(doc, set()).add(w)

    combos: dict[str, set[str]] = {}  # phrase -> the documents it may name (the one-part names)
    for label, docs in kinds.items():
        combos.setdefault(label, set()).update(docs)  # "the cooperation agreement": the only one of its kind
    for doc, no in annex.items():
        for word in words_of("annex_words"):
            combos.setdefault(f"{word} {no}", set()).add(doc)
    doc_kinds = {d: {k for k, ds in kinds.items() if d in ds} for d in names}
    broader: dict[str, set[str]] = {}  # a broader kind's label (lower case, each variant) -> its documents
    for r in select(_template("document_broader_kinds")):  # "de gemeenschappelijke regeling"
        doc = r["docId"]
        if doc in names:
            for v in _variants(r["kindLabel"]):
                label = v.lower()
                combos.setdefault(label, set()).add(doc)
                doc_kinds[doc].add(label)
                broader.setdefault(label, set()).add(doc)
    for ph, docs in combos.items():
        if len(docs) == 1:  # a name of one document alone
            add([ph], ("DOC", next(iter(docs))))
    generic = frozenset(v.lower() for label, docs in broader.items() if len(docs) == 1 for v in _variants(label))
    id_words: dict[str, set[str]] = {}
    for doc in names:
        for w in _words(doc):
            id_words.setdefault(w, set()).add(doc)
    id_families = {w: frozenset(ds) for w, ds in id_words.items() if _family(w, ds, len(names), kind_words, party_words, out)}
    # a word of the titles of several documents, not of all ("Participatiebedrijf": the centrumregeling
    # and the two DVOs; an advisor's trial asked for "de kosten van het Participatiebedrijf" and got the SOK)
    # (an annex with articles of its own, the privacy protocol, is of its document's family; a word
    # the dictionary knows is no name: "deelnemers" of the DVO-2020 Beek's title is not its family, a
    # review found "wat moeten de deelnemers doen bij uittreding?" kept to it)
    import simplemma

    parent = {r["annexId"]: r["docId"] for r in select(_template("annexes"))}
    for doc, ws in doc_words.items():
        for w in ws:
            if len(w) >= 4 and w not in _stopwords() and not simplemma.is_known(w, "nl"):
                id_words.setdefault(w, set()).add(doc)
                id_words[w].update(a for a, d in parent.items() if d == doc and a in names)
    families = {w: frozenset(ds) for w, ds in id_words.items() if _family(w, ds, len(names), kind_words, party_words, out)}
    phrases = {ph: sorted(vals, key=str) for ph, vals in out.items()}
    composer = Composer(kinds=kinds, broader=broader, years=years, party_docs=party_docs, bare=bare,
                        doc_words=doc_words, own_words=own_words, doc_kinds=doc_kinds)
    return Names(phrases, composer, generic, families, id_families)


def _family(word: str, docs: set[str], documents: int, kind_words: set[str], party_words: set[str],
            single: dict[str, Any]) -> bool:
    """Does ``word`` name ``docs`` together: several documents, not all, and no kind, party or
    single document's name (``single``: the phrases that name one document)."""
    return (1 < len(docs) < documents and len(word) >= 2 and word.isalpha() and word not in kind_words
            and word not in party_words and word not in single)


class Composer:
    """The names of a document made of parts: its kind with a year or a party, or with a word of
    its own ("de DVO uit 2020", "the 2018 DVO", "de DVO met Beek", "Beek's DVO", "de DVO van
    Beek uit 2020", "the Huizen agreement", "de HBEL-overeenkomst"), recognised by their parts
    when a question is read, not listed beforehand (a list of every kind x joiner x party x year
    ran to millions of phrases on a few hundred documents). A phrase names a document when its
    readings name that one document and no other.

    The readings (L: a kind of the document, B: a bare name of a party, Y: the year it takes
    effect, J: a joiner of ``lexicon/names.yaml``, W: a word of its own short titles; a hyphen or
    an apostrophe read as a space):
    L Y, Y L, L J Y (the documents of the kind from that year); L B, B L, B's L, L J B (the one
    document of the kind with that party, or the one among several whose own names name the
    party; a party without one makes the phrase name none), each also followed by Y or J Y;
    for a broader kind ("gemeenschappelijke regeling", "agreement") the same with a year, and B
    BL, B's BL, BL J B; W L, L W."""

    def __init__(self, *, kinds: dict[str, set[str]], broader: dict[str, set[str]], years: dict[str, str],
                 party_docs: dict[str, set[str]], bare: dict[str, set[str]], doc_words: dict[str, set[str]],
                 own_words: dict[str, set[str]], doc_kinds: dict[str, set[str]]) -> None:
        def key(text: str) -> tuple[str, ...]:  # as the tagger folds a question's words (NFC)
            return tuple(_words(unicodedata.normalize("NFC", text)))

        self.kinds = {key(label): docs for label, docs in kinds.items() if key(label)}
        self.broader = {key(label): docs for label, docs in broader.items() if key(label)}
        self.years = years
        self.year_words = {(y,) for y in years.values()}
        self.joiners = {key(j) for j in joiners()} - {()}
        self.parties: dict[tuple[str, ...], set[str]] = {}  # the words of a bare name -> its parties
        for pid, names_ in bare.items():
            for b in names_:
                for v in _variants(b):  # also without a remark in brackets ("gemeente Stein (Limburg)")
                    if key(v):
                        self.parties.setdefault(key(v), set()).add(pid)
        self.party_docs = party_docs
        self.bare_words = {pid: [set(key(b)) for b in names_] for pid, names_ in bare.items()}
        self.doc_words = doc_words
        self.own: dict[tuple[str, ...], str] = {(w,): doc for doc, ws in own_words.items() for w in ws}
        self.own_kinds = {doc: {key(k) for k in doc_kinds.get(doc, ())} for doc in own_words}
        self.first = {k[0] for table in (self.kinds, self.broader, self.parties, self.own) for k in table}
        self.first |= {y for (y,) in self.year_words}
        longest = max((len(k) for k in self.parties), default=1) + 2 * max((len(j) for j in self.joiners), default=1)
        self.longest = longest + max((len(k) for k in (*self.kinds, *self.broader)), default=1) + 2
        self._memo: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
        # the kinds and broader kinds, the longest first (a kind said once: expand_one)
        self.kind_labels = sorted((*self.kinds, *self.broader), key=len, reverse=True)

    # -- a kind said once, then "the 2018 one" ----------------------------------------------------
    def expand_one(self, text: str) -> str:
        """The text with a word that stands for a kind said before it ("the two service agreements
        ... the 2018 one ... the 2020 Beek one"; "de DVO's ... die van 2018") replaced by that kind,
        so that "the 2018 service agreement" names its document (lexicon/names.yaml one_words)."""
        ones = words_of("one_after")  # English: after a year or a party ("the 2018 one")
        thats = words_of("one_before")  # Dutch: before a joiner and a year ("die van 2018")
        found = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        toks = [text[a:b].lower() for a, b in found]
        kind: str | None = None
        out, last, covered = [], 0, 0
        for i, w in enumerate(toks):
            for label in self.kind_labels:  # the longest kind first
                n = len(label)
                got = tuple(toks[i:i + n])
                if i >= covered and len(got) == n and got[:-1] == label[:-1] and got[-1] in (
                        label[-1], label[-1] + "s", label[-1] + "en"):
                    kind, covered = " ".join(label), i + n
                    break
            if kind is None:
                continue
            prev = toks[i - 1] if i else ""
            nxt = toks[i + 1:i + 3]
            # (Dutch "die" before a party is often a pronoun of something else: "hoe worden die met
            # Beek en Stein verrekend?"; before a year of a document seldom)
            if (w in ones and ((prev,) in self.year_words or (prev,) in self.parties)) or (w in thats and len(nxt) == 2 and (nxt[0],) in self.joiners
                                                and (nxt[1],) in self.year_words):
                a, b = found[i]
                out.append(text[last:a] + kind)
                last = b
        return "".join(out) + text[last:] if out else text

    # -- reading a phrase ---------------------------------------------------------------------------
    def __call__(self, words: tuple[str, ...]) -> list[tuple[str, Any]]:
        """[("DOC", id)] when ``words`` (the question's words, as the lexicon splits them) name
        one document by its parts, else []."""
        if len(words) < 2 and not any("-" in w or "'" in w for w in words):
            return []
        head = _words(words[0])
        if not head or head[0] not in self.first:
            return []
        pieces = tuple(p for w in words for p in _words(w))
        if len(pieces) < 2 or len(pieces) > self.longest:
            return []
        found = self._memo.get(pieces)
        if found is None:
            found = self._read(pieces)
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[pieces] = found
        return list(found)

    def _read(self, k: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        docs: set[str] = set()
        for found in self._readings(k):
            if found is None:  # a kind and a party that have no document together
                return ()
            docs |= found
        return (("DOC", next(iter(docs))),) if len(docs) == 1 else ()

    def _split(self, k: tuple[str, ...], table: Any) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The ways ``k`` begins with a key of ``table``: (that key, the rest)."""
        return [(k[:n], k[n:]) for n in range(1, len(k) + 1) if k[:n] in table]

    def _year_end(self, rest: tuple[str, ...]) -> list[str]:
        """The year of Y or J Y that ``rest`` is, if it is one."""
        if len(rest) == 1 and rest in self.year_words:
            return [rest[0]]
        return [r[-1] for _, r in [(j, rest[len(j):]) for j in self.joiners if rest[:len(j)] == j]
                if len(r) == 1 and r in self.year_words]

    def _readings(self, k: tuple[str, ...]) -> Any:
        """Each reading's documents (a set), or None for a kind and party with none together."""
        for table, is_kind in ((self.kinds, True), (self.broader, False)):
            # L Y, L J Y; L B, L J B (+ Y, J Y)
            for label, rest in self._split(k, table):
                for y in self._year_end(rest):
                    yield {d for d in table[label] if self.years.get(d) == y}
                for tail in [rest] + [rest[len(j):] for j in self.joiners if rest[:len(j)] == j]:
                    yield from self._with_party(label, tail, table, is_kind, joined=tail is not rest)
            # Y L
            if k[:1] in self.year_words:
                y = k[0]
                if k[1:] in table:
                    yield {d for d in table[k[1:]] if self.years.get(d) == y}
            # B L, B's L (+ Y, J Y)
            for b, rest in self._split(k, self.parties):
                for after in (rest, rest[1:] if rest[:1] == ("s",) else None):
                    if after is None:
                        continue
                    for label, tail in self._split(after, table):
                        yield from self._party_kind(b, label, tail, table, is_kind)
        # W L, L W
        for w, rest in self._split(k, self.own):
            if rest in self.own_kinds[self.own[w]]:
                yield {self.own[w]}
        if k[-1:] in self.own and k[:-1] in self.own_kinds[self.own[k[-1:]]]:
            yield {self.own[k[-1:]]}

    def _with_party(self, label: tuple[str, ...], tail: tuple[str, ...], table: Any, is_kind: bool,
                    joined: bool) -> Any:
        """L B / L J B (+ Y, J Y): ``tail`` is what follows L (and its joiner, ``joined``)."""
        if not joined and not is_kind:  # a broader kind is not followed by a party without a joiner
            return
        for b, rest in self._split(tail, self.parties):
            yield from self._party_kind(b, label, rest, table, is_kind)

    def _party_kind(self, b: tuple[str, ...], label: tuple[str, ...], rest: tuple[str, ...], table: Any,
                    is_kind: bool) -> Any:
        docs = table[label]
        for pid in self.parties[b]:
            together = docs & self.party_docs.get(pid, set())
            if not rest:
                if not is_kind:
                    yield together
                    continue
                mine = together
                if len(mine) > 1:  # several of this kind: the one whose own names contain the party's
                    mine = {d for d in mine if any(ws <= self.doc_words[d] for ws in self.bare_words[pid])}
                yield mine or None
            elif is_kind:
                for y in self._year_end(rest):
                    yield {d for d in together if self.years.get(d) == y}


@cache
def _stopwords() -> frozenset[str]:
    """The text index's stopwords (lexicon/text_stopwords.yaml), folded: no word of a title names a document."""
    from .textindex import load_stopwords

    return frozenset(load_stopwords())

