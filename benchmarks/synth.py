"""Synthetic corpora shaped like the real documents, deterministic from a seed.

    python benchmarks/synth.py --triples 1000000 --seed 1 --out synth-1m.nq [--with-corpus]

The templates are the document graphs of the built corpus (``clauses.build.build()``): each
synthetic document is a copy of one of them with its own id (``synth-00042``: every IRI under
``{base}synth-00042/...``, its named graph ``{base}graph/synth-00042``), other municipalities
(names and region from ``synth_data.yaml`` beside this script; the parties get their IRIs,
roles, labels and body nodes in the document graph, as ``graph/shared`` has them for the real
parties), a shifted year (titles, entry into force), a random subset of the articles (with
their lids, items, norms and everything that refers to them), other counts and dates in the
structured deadlines with the same words changed in ``dvo:deadlineText`` and in the lid text
("binnen twee werkdagen" -> "binnen zeven werkdagen", "vóór 1 maart" -> "vóór 17 juni"), and
other shares in the cost-sharing keys (in the shares and in the lid text). The ontology, the
concepts and the shared graph are not copied: only document graphs are written.

``--triples`` counts the synthetic quads (one line each); the output has that many within a
few hundred (the last document is trimmed by articles to fit). ``--with-corpus`` writes the
real corpus's named graphs first (then the file holds exactly the data dvo-kb serves with the
synthetic file as ``DVO_KB_EXTRA_DATA``). Output: N-Quads, streamed, one document at a time;
the same seed gives the same bytes (with ``--with-corpus``, the same graphs: the labels of
the ontology's blank nodes may differ between runs).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import yaml

HERE = Path(__file__).parent
DATA = HERE / "synth_data.yaml"
DVO = "https://w3id.org/dvo-kb/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
TOKEN = re.compile("⟦([^⟧]+)⟧")
TEMPLATE_REGION = "Westelijke Mijnstreek"

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
         "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"]
NUMBER = {w: i for i, w in enumerate(WORDS)} | {"één": 1}
# unit of a period deadline -> (singular, plural) as the texts write them, and the counts drawn for it
UNITS = {
    "unit-werkdag": (("werkdag", "werkdagen"), (2, 20)),
    "unit-kalenderdag": (("dag", "dagen"), (5, 60)),
    "unit-week": (("week", "weken"), (1, 8)),
    "unit-maand": (("maand", "maanden"), (1, 6)),
    "unit-jaar": (("jaar", "jaar"), (1, 3)),
}
UNIT_WORDS = sorted({w for (forms, _) in UNITS.values() for w in forms}, key=len, reverse=True)
PERIOD = re.compile(r"\b(\d+|" + "|".join(sorted(NUMBER, key=len, reverse=True)) + r")(\s+(?:\(\d+\)\s+)?)("
                    + "|".join(UNIT_WORDS) + r")\b")
DAY_MONTH = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def parse_size(text: str) -> int:
    """'10k', '1m', '5M', '250000' -> an int."""
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult > 1 else t) * mult)


def slugify(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def number_text(n: int, like: str) -> str:
    """``n`` written as the template wrote its number: digits, or a Dutch word ("één" kept)."""
    if like.isdigit() or n >= len(WORDS):
        return str(n)
    return "één" if n == 1 and like == "één" else WORDS[n]


@dataclass
class Period:
    key: str  # token suffix
    phrase: str  # the deadline text as in the template
    count: int
    unit: str  # local name of the unit concept


@dataclass
class FixedDay:
    key: str
    phrase: str


@dataclass
class Template:
    doc_id: str
    parties: list[str]  # template party slugs, token S{k} / N{k} in this order
    short_titles: list[str]  # token T{k}; with name tokens
    years: list[int]  # token Y{year}
    periods: list[Period]
    fixed: list[FixedDay]
    shares: list[int]  # per cost-sharing key (token SH{k}.{j}): the number of shares
    articles: list[str]
    groups: list[tuple[frozenset[str], str, int]] = field(default_factory=list)  # articles needed, text, lines

    def size(self, keep: frozenset[str]) -> int:
        return sum(n for need, _, n in self.groups if need <= keep)

    def text(self, keep: frozenset[str]) -> str:
        return "".join(t for need, t, _ in self.groups if need <= keep)


def _graph_triples(graph: Any) -> list[tuple[Any, Any, Any]]:
    from dvo_kb.store import to_ox

    return [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]


def _lines(quads: list[ox.Quad]) -> list[str]:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return data.decode("utf-8").splitlines(keepends=True)


def fill(text: str, values: dict[str, str]) -> str:
    """Every ⟦KEY⟧ in ``text`` replaced by ``values[KEY]``."""
    return TOKEN.sub(lambda m: values[m.group(1)], text)


class Compiler:
    """One template document graph -> N-Quads text with tokens (⟦ID⟧, ⟦S0⟧, ⟦DT3⟧, ...)."""

    def __init__(self, base: str, doc_id: str, triples: list[tuple[Any, Any, Any]], party_names: dict[str, str],
                 others: frozenset[str] | set[str] = frozenset()):
        self.base, self.doc_id = base, doc_id
        self.others = others  # the IRIs of the other corpus documents: facts about them are not copied
        self.prefix = base + doc_id
        self.graph_iri = f"{base}graph/{doc_id}"
        self.triples = triples
        slugs = set()
        party_re = re.compile(re.escape(base) + r"party/([^/]+)")
        for t in triples:
            for term in (t[0], t[2]):
                if isinstance(term, ox.NamedNode) and (m := party_re.match(term.value)) and m.group(1) in party_names:
                    slugs.add(m.group(1))
        self.parties = sorted(slugs)
        self.slug_token = {s: f"⟦S{k}⟧" for k, s in enumerate(self.parties)}
        names = {party_names[s]: f"⟦N{k}⟧" for k, s in enumerate(self.parties)}
        self.names_re = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        self.name_token = names
        by_sp: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for s, p, o in triples:
            by_sp[(s.value, p.value)].append(o)
        self.by_sp = by_sp
        doc = self.prefix
        self.short_titles = sorted(o.value for o in by_sp.get((doc, DVO + "shortTitle"), []))
        # as the synthetic document's short titles: the names as tokens ("DVO-2020 ⟦N0⟧")
        self.short_title_forms = [self._names(t) for t in self.short_titles]
        self.short_title_order = sorted(enumerate(self.short_titles), key=lambda kt: -len(kt[1]))  # longest first
        self.titleish = {o.value for p in ("title", "citationTitle", "shortTitle", "inForceText")
                         for o in by_sp.get((doc, DVO + p), [])}
        self.years: set[int] = set()
        # (subject, predicate) -> the literal's new lexical form (with tokens), for the varied numbers
        self.literal: dict[tuple[str, str], str] = {}
        # lid/item IRI -> [(regex, replacement)] applied once each to its dvo:text
        self.text_edits: dict[str, list[tuple[re.Pattern[str], str]]] = defaultdict(list)
        self.periods: list[Period] = []
        self.fixed: list[FixedDay] = []
        self.shares: list[int] = []
        self._deadlines()
        self._cost_keys()

    def _text_of(self, iri: str) -> str | None:
        texts = self.by_sp.get((iri, DVO + "text"))
        return texts[0].value if texts else None

    def _deadlines(self) -> None:
        seen: dict[tuple[str, str], str] = {}  # (source, phrase) -> token key: one draw for both
        norms = sorted({s for (s, p) in self.by_sp if p == DVO + "deadline"})
        for norm in norms:
            src = self.by_sp.get((norm, DVO + "source"), [None])[0]
            for d in sorted(o.value for o in self.by_sp[(norm, DVO + "deadline")]):
                phrase = self.by_sp.get((d, DVO + "deadlineText"), [None])[0]
                types = {o.value for o in self.by_sp.get((d, RDF_TYPE), [])}
                if phrase is None or src is None:
                    continue
                phrase_s, src_s = phrase.value, src.value
                lid_text = self._text_of(src_s)
                if lid_text is None or phrase_s not in lid_text:
                    continue  # the words are not verbatim in the lid: leave it as it is
                if DVO + "PeriodDeadline" in types:
                    count = self.by_sp.get((d, DVO + "count"), [None])[0]
                    unit = self.by_sp.get((d, DVO + "unit"), [None])[0]
                    m = PERIOD.search(phrase_s)
                    if count is None or unit is None or m is None or unit.value.split("#")[-1] not in UNITS:
                        continue
                    key = seen.get((src_s, phrase_s))
                    if key is None:
                        key = seen[(src_s, phrase_s)] = f"P{len(self.periods)}"
                        self.periods.append(Period(key, phrase_s, int(count.value), unit.value.split("#")[-1]))
                        self.text_edits[src_s].append((re.compile(re.escape(phrase_s)), f"⟦DT{key}⟧"))
                    self.literal[(d, DVO + "deadlineText")] = f"⟦DT{key}⟧"
                    self.literal[(d, DVO + "count")] = f"⟦DC{key}⟧"
                elif DVO + "FixedDayDeadline" in types and DAY_MONTH.search(phrase_s):
                    key = seen.get((src_s, phrase_s))
                    if key is None:
                        key = seen[(src_s, phrase_s)] = f"F{len(self.fixed)}"
                        self.fixed.append(FixedDay(key, phrase_s))
                        self.text_edits[src_s].append((re.compile(re.escape(phrase_s)), f"⟦DT{key}⟧"))
                    self.literal[(d, DVO + "deadlineText")] = f"⟦DT{key}⟧"
                    if (d, DVO + "day") in self.by_sp:
                        self.literal[(d, DVO + "day")] = f"⟦DD{key}⟧"
                    if (d, DVO + "month") in self.by_sp:
                        self.literal[(d, DVO + "month")] = f"⟦DM{key}⟧"

    def _cost_keys(self) -> None:
        keys = sorted(s for (s, p), os_ in self.by_sp.items()
                      if p == RDF_TYPE and any(o.value == DVO + "CostSharingKey" for o in os_))
        for key in keys:
            shares = sorted(o.value for o in self.by_sp.get((key, DVO + "hasShare"), []))
            k = len(self.shares)
            lid = key.rsplit("/", 1)[0]
            for j, share in enumerate(shares):
                pct = self.by_sp.get((share, DVO + "sharePercentage"), [None])[0]
                if pct is None:
                    continue
                token = f"⟦SH{k}.{j}⟧"
                self.literal[(share, DVO + "sharePercentage")] = token
                self.text_edits[lid].append((re.compile(rf"\b{re.escape(pct.value)}(?=\s?%)"), token))
            self.shares.append(len(shares))

    def iri(self, v: str) -> str:
        if v == self.prefix or v.startswith(self.prefix + "/"):
            rest = v[len(self.prefix):]
            segs = [self.slug_token.get(s, s) for s in rest.split("/")]
            return self.base + "⟦ID⟧" + "/".join(segs)
        if v == self.graph_iri:
            return self.base + "graph/⟦ID⟧"
        if v.startswith(self.base + "party/"):
            segs = v[len(self.base) + 6:].split("/")
            return self.base + "party/" + "/".join([self.slug_token.get(segs[0], segs[0]), *segs[1:]])
        return v

    def text(self, s: str, p: str, value: str) -> str:
        if (s, p) in self.literal:
            return self.literal[(s, p)]
        if value == self.doc_id:
            return "⟦ID⟧"
        head = value.split("/")[0]
        if p == DVO + "partyId" and head in self.slug_token:
            return self.slug_token[head] + value[len(head):]
        for pattern, token in self.text_edits.get(s, []) if p == DVO + "text" else []:
            value = pattern.sub(token, value, count=1)
        title = value in self.titleish  # also the rdf:object of the statements about them
        for k, t in self.short_title_order:
            # a short title that is an ordinary word ("centrumregeling") only where it is the title
            if title or p == RDFS_LABEL or any(c.isdigit() or c.isupper() for c in t):
                value = value.replace(t, f"⟦T{k}⟧")
        if title:
            value = YEAR.sub(self._year, value)
        return self._names(value.replace(TEMPLATE_REGION, "⟦R⟧"))

    def _names(self, value: str) -> str:
        return self.names_re.sub(lambda m: self.name_token[m.group(1)], value) if self.name_token else value

    def _year(self, m: re.Match[str]) -> str:
        self.years.add(int(m.group(1)))
        return f"⟦Y{m.group(1)}⟧"

    def term(self, s: str, p: str, o: Any) -> Any:
        if isinstance(o, ox.NamedNode):
            return ox.NamedNode(self.iri(o.value))
        if isinstance(o, ox.Literal):
            dt = o.datatype.value
            if dt == XSD_DATE and YEAR.match(o.value):
                self.years.add(int(o.value[:4]))
                return ox.Literal(f"⟦Y{o.value[:4]}⟧{o.value[4:]}", datatype=o.datatype)
            new = self.text(s, p, o.value)
            if o.language:
                return ox.Literal(new, language=o.language)
            return ox.Literal(new, datatype=o.datatype)
        return o

    def article(self, v: str) -> str | None:
        art = self.prefix + "/art/"
        return v[len(art):].split("/")[0] if v.startswith(art) else None

    def compile(self) -> Template:
        graph = ox.NamedNode(self.base + "graph/⟦ID⟧")
        groups: dict[frozenset[str], list[ox.Quad]] = defaultdict(list)
        articles: set[str] = set()
        for s, p, o in self.triples:
            if s.value in self.others:  # "<dvo-pwm-2020-beek> dvo:hasAnnex <this>": not said of a copy
                continue
            need = frozenset(a for t in (s, o) if isinstance(t, ox.NamedNode) and (a := self.article(t.value)))
            articles |= need
            q = ox.Quad(ox.NamedNode(self.iri(s.value)), p, self.term(s.value, p.value, o), graph)
            groups[need].append(q)
        tpl = Template(self.doc_id, self.parties, self.short_title_forms, sorted(self.years), self.periods, self.fixed,
                       self.shares, sorted(articles))
        for need in sorted(groups, key=lambda n: sorted(n)):
            lines = sorted(_lines(groups[need]))
            tpl.groups.append((need, "".join(lines), len(lines)))
        return tpl


def party_block(base: str, shared: list[tuple[Any, Any, Any]], slug: str, name: str) -> str:
    """The shared graph's description of one real party (municipality, its raad, college and
    burgemeester) with tokens ⟦S0⟧ / ⟦N0⟧, to give each synthetic party the same shape."""
    node = base + "party/" + slug
    graph = ox.NamedNode(base + "graph/⟦ID⟧")

    def conv(t: Any) -> Any:
        if isinstance(t, ox.NamedNode) and (t.value == node or t.value.startswith(node + "/")):
            return ox.NamedNode(base + "party/⟦S0⟧" + t.value[len(node):])
        if isinstance(t, ox.Literal):
            v = t.value.replace(name, "⟦N0⟧")
            v = "⟦S0⟧" + v[len(slug):] if v == slug or v.startswith(slug + "/") else v
            return ox.Literal(v, language=t.language) if t.language else ox.Literal(v, datatype=t.datatype)
        return t

    quads = [ox.Quad(conv(s), p, conv(o), graph) for s, p, o in shared
             if s.value == node or s.value.startswith(node + "/")]
    return "".join(sorted(_lines(quads)))


@dataclass
class Templates:
    base: str
    docs: list[Template]
    party: str  # the party block with ⟦S0⟧ / ⟦N0⟧
    party_lines: int
    corpus: list[tuple[str, list[tuple[Any, Any, Any]]]]  # every named graph of the real corpus


def load_templates(base: str | None = None) -> Templates:
    """The real corpus, built (about 2 s), compiled into templates."""
    from dvo_kb.clauses.build import build
    from dvo_kb.clauses.iris import DEFAULT_BASE

    base = base or DEFAULT_BASE
    res = build(base)
    graphs = {str(name): _graph_triples(g) for name, g in res.graphs.items()}
    shared = graphs[f"{base}graph/shared"]
    party_names = {}
    for s, p, o in shared:
        if p.value == RDFS_LABEL and isinstance(o, ox.Literal) \
                and o.language == "nl" and o.value.startswith("gemeente "):
            party_names[s.value[len(base) + 6:]] = o.value[len("gemeente "):]
    docs = []
    doc_iris = {base + name[len(base) + 6:] for name in graphs if name.startswith(base + "graph/")}
    for name in sorted(graphs):
        if not name.startswith(base + "graph/") or name == f"{base}graph/shared":
            continue
        doc_id = name[len(base) + 6:]
        triples = graphs[name]
        in_corpus = any(s.value == base + doc_id and p.value == DVO + "inCorpus" for s, p, _ in triples)
        has_articles = any(p.value == DVO + "hasArticle" for _, p, _ in triples)
        if in_corpus and has_articles:
            docs.append(Compiler(base, doc_id, triples, party_names, doc_iris - {base + doc_id}).compile())
    ref = sorted(party_names)[0]
    block = party_block(base, shared, ref, party_names[ref])
    return Templates(base, docs, block, block.count("\n"), sorted(graphs.items()))


class Generator:
    def __init__(self, templates: Templates, seed: int, data: Path = DATA) -> None:
        self.t = templates
        self.rng = random.Random(seed)
        spec = yaml.safe_load(data.read_text(encoding="utf-8"))
        self.municipalities: list[str] = list(spec["municipalities"])
        self.regions: list[str] = list(spec["regions"])
        self.blocks = [templates.party.replace("⟦S0⟧", f"⟦S{k}⟧").replace("⟦N0⟧", f"⟦N{k}⟧") for k in range(16)]

    def _plan(self, tpl: Template, budget: int) -> tuple[frozenset[str], int] | None:
        """The articles a document keeps and its size in lines; trimmed to ``budget`` if needed."""
        rng = self.rng
        p = rng.uniform(0.7, 1.0)
        keep = [a for a in tpl.articles if rng.random() < p] or [rng.choice(tpl.articles)]
        extra = self.t.party_lines * len(tpl.parties)
        size = tpl.size(frozenset(keep)) + extra
        if size <= budget:
            return frozenset(keep), size
        order = list(keep)
        rng.shuffle(order)
        dropped = []
        while order and size > budget:
            dropped.append(order.pop())
            size = tpl.size(frozenset(order)) + extra
        if size > budget:
            return None
        for a in sorted(dropped, key=lambda a: tpl.size(frozenset([*order, a]))):  # fill up what still fits
            bigger = tpl.size(frozenset([*order, a])) + extra
            if bigger <= budget:
                order.append(a)
                size = bigger
        return frozenset(order), size

    def _values(self, tpl: Template, number: int) -> dict[str, str]:
        rng = self.rng
        names = rng.sample(self.municipalities, len(tpl.parties))
        values = {"ID": f"synth-{number:05d}", "R": rng.choice(self.regions)}
        for k, name in enumerate(names):
            values[f"S{k}"] = slugify(name)
            values[f"N{k}"] = name
        shift = rng.randint(-6, 8)
        for y in tpl.years:
            values[f"Y{y}"] = str(y + shift)
        for k, title in enumerate(tpl.short_titles):  # "DVO-2018" -> "DVO-2024 Oss", "DVO-2020 ⟦N0⟧" -> "DVO-2026 Epe"
            t = YEAR.sub(lambda m: str(int(m.group(1)) + shift), title)
            if names and not any("⟦N" in x for x in tpl.short_titles):
                t = f"{t} {names[0]}"
            values[f"T{k}"] = fill(t, values)
        for per in tpl.periods:
            (sing, plur), (lo, hi) = UNITS[per.unit]
            n = rng.randint(lo, hi)

            def swap(m: re.Match[str], n: int = n, sing: str = sing, plur: str = plur) -> str:
                unit = m.group(3)
                if unit in (sing, plur):
                    unit = sing if n == 1 else plur
                gap = re.sub(r"\(\d+\)", f"({n})", m.group(2))
                return number_text(n, m.group(1)) + gap + unit

            values[f"DT{per.key}"] = PERIOD.sub(swap, per.phrase, count=1)
            values[f"DC{per.key}"] = str(n)
        for fd in tpl.fixed:
            day, month = rng.randint(1, 28), rng.randint(1, 12)
            values[f"DT{fd.key}"] = DAY_MONTH.sub(f"{day} {MONTHS[month - 1]}", fd.phrase, count=1)
            values[f"DD{fd.key}"], values[f"DM{fd.key}"] = str(day), str(month)
        for k, n in enumerate(tpl.shares):
            cuts = sorted(rng.sample(range(1, 100 // 3), n - 1)) if n > 1 else []
            weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100 // 3], strict=True)]
            parts = [3 * w for w in weights]
            parts[parts.index(max(parts))] += 100 - sum(parts)
            for j, v in enumerate(parts):
                values[f"SH{k}.{j}"] = str(v)
        return values

    def documents(self, triples: int) -> Iterator[tuple[str, int]]:
        """(N-Quads text, lines) per synthetic document until ``triples`` lines are written."""
        remaining, number = triples, 1
        docs = self.t.docs
        while remaining > 0:
            tpl = self.rng.choice(docs)
            plan = self._plan(tpl, remaining)
            if plan is None:  # the last one: the template that fits the rest best
                for other in sorted(docs, key=lambda d: d.doc_id):
                    plan = self._plan(other, remaining)
                    if plan is not None:
                        tpl = other
                        break
                else:
                    return
            keep, size = plan
            values = self._values(tpl, number)
            text = tpl.text(keep) + "".join(self.blocks[k] for k in range(len(tpl.parties)))
            yield fill(text, values), size
            remaining -= size
            number += 1


def corpus_lines(templates: Templates) -> Iterable[str]:
    """The real corpus's named graphs as N-Quads, sorted, blank nodes relabelled in order."""
    quads = [ox.Quad(s, p, o, ox.NamedNode(name)) for name, triples in templates.corpus for s, p, o in triples]
    lines = _lines(quads)
    bnode = re.compile(r"_:([A-Za-z0-9]+)")
    lines.sort(key=lambda line: (bnode.sub("_:", line), line))
    labels: dict[str, str] = {}

    def relabel(m: re.Match[str]) -> str:
        return "_:b" + labels.setdefault(m.group(1), str(len(labels)))

    return [bnode.sub(relabel, line) if "_:" in line else line for line in lines]


def write(out: IO[str], triples: int, seed: int, with_corpus: bool = False, templates: Templates | None = None,
          ) -> dict[str, int]:
    templates = templates or load_templates()
    written = {"documents": 0, "triples": 0, "corpus_triples": 0}
    if with_corpus:
        lines = corpus_lines(templates)
        out.writelines(lines)
        written["corpus_triples"] = len(lines) if isinstance(lines, list) else 0
    for text, size in Generator(templates, seed).documents(triples):
        out.write(text)
        written["documents"] += 1
        written["triples"] += size
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=parse_size, default=parse_size("1m"), help="synthetic quads: 10k, 1m, 5m, ...")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-", help="an .nq file (default: standard output)")
    ap.add_argument("--with-corpus", action="store_true", help="write the real corpus's named graphs first")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.out == "-":
        stats = write(sys.stdout, args.triples, args.seed, args.with_corpus)
    else:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            stats = write(f, args.triples, args.seed, args.with_corpus)
    print(f"{stats['documents']} synthetic documents, {stats['triples']} quads"
          + (f" + {stats['corpus_triples']} of the corpus" if args.with_corpus else "")
          + f" in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
