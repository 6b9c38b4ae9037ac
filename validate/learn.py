"""The learned parts of the extractor, trained on the curated encoding of some documents.

Two small multinomial naive Bayes classifiers over the words of a sentence (no weights to
download: trained here, in a second, from ``clauses/curated/*.ttl``):

* **bearer**: for a norm whose sentence names no bearer ("Persoonsgegevens worden ...
  verwerkt", "kan de overeenkomst worden gewijzigd"), which of the document's own parties
  bears it, as a *role label* that holds in any agreement: ``ALL`` (all parties), ``EXEC``
  (the party that performs: opdrachtnemer, verwerker, centrumgemeente, gastgemeente, ...),
  ``CLIENT`` (the parties it performs for: opdrachtgevers, deelnemende gemeenten, ...) or
  ``NONE`` (no party). The label is resolved in the draft through the roles the draft itself
  defines (:func:`resolve`), so nothing about a party of the training documents is carried
  over;
* **action**: the concept of ``dvo:ActionScheme`` (``action-informeren``, ...) of a norm;
  where the classifier is unsure, the first label of the scheme in the sentence
  (:func:`action_rules`; the labels of ``ontology/modules/topic.ttl``, written by hand).

:func:`train` takes the documents to learn from, so that a document can be measured with
classifiers that never saw it (``benchmarks/bench_extract.py --loo``). :func:`default_model`
is the model trained on all curated documents, stored in ``lexicon/learned.json`` (rebuild it
with ``python -m dvo_kb.validate.learn``) and used by :func:`.extract.extract` by default.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import DraftParty
from .parties import EXEC_ROLES

if TYPE_CHECKING:
    from rdflib import Graph

MODEL_FILE = Path(__file__).with_name("lexicon") / "learned.json"
WORD = re.compile(r"[a-zà-ÿ]{3,}")
STOP = frozenset([
    "de", "het", "een", "van", "en", "in", "op", "te", "voor", "met", "aan", "door", "bij", "dat", "die",
    "deze", "dit", "zijn", "wordt", "worden", "is", "als", "of", "om", "tot", "uit", "over", "naar", "ook",
    "niet", "dan", "wel", "hun", "haar", "zij", "ter",
])

# Role classes (ontology/modules/party.ttl) of the party that performs and of those it performs
# for, in order of preference: the first one the draft defines is used.
CLIENT_ROLES = ("Opdrachtgever", "DeelnemendeGemeente", "Verwerkingsverantwoordelijke")
LABELS = ("ALL", "EXEC", "CLIENT", "NONE")
# A learned bearer is used only with at least this posterior probability (chosen leave one
# document out on the tuned documents of benchmarks/bench_extract.py: 0.5-0.7 equal, 0 and 0.9 worse).
BEARER_MIN_CONFIDENCE = 0.6
# Below this posterior the action is read from the labels of the action scheme instead (chosen
# on the tuned documents, LOO: 0.5 of 0.3 / 0.5 / 0.7 / 0.9).
ACTION_MIN_CONFIDENCE = 0.5
COUNTERPARTY_MIN_CONFIDENCE = 0.6  # the figures are the same for 0.4-0.8 (tuned documents, LOO)
TOPIC_MODULE = Path(__file__).parent.parent / "ontology" / "modules" / "topic.ttl"


def _stem(word: str) -> str:
    return word[:-2] if word.endswith("en") and len(word) > 5 else word


@lru_cache(maxsize=1)
def action_rules() -> list[tuple[re.Pattern[str], str]]:
    """One pattern per Dutch label (skos:prefLabel, skos:altLabel) of each concept of
    dvo:ActionScheme, longest label first: its words as stems in order, up to six words apart
    ("informeren" matches "informeert", "in kennis stellen" "stelt ... in kennis")."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from ..ontology.namespace import DVO

    g = Graph().parse(TOPIC_MODULE, format="turtle")
    rules: list[tuple[int, re.Pattern[str], str]] = []
    for c in g.subjects(SKOS.inScheme, DVO.ActionScheme):
        name = str(c).rsplit("#", 1)[-1]
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for lab in g.objects(c, prop):
                if getattr(lab, "language", None) != "nl":
                    continue
                words = [_stem(w) for w in str(lab).lower().split()]
                rx = re.compile(r"\b(?:ge)?" + r"\w*\s+(?:\w+\s+){0,6}?".join(re.escape(w) for w in words), re.IGNORECASE)
                rules.append((len(str(lab)), rx, name))
    rules.sort(key=lambda r: (-r[0], r[2]))
    return [(rx, name) for _, rx, name in rules]


def features(sentence: str, kind: str | None = None) -> list[str]:
    words = [w for w in WORD.findall(sentence.lower()) if w not in STOP]
    out = words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    if kind:
        out.append(f"KIND={kind}")
    return out


def cue_feature(cue: str | None) -> list[str]:
    """How the rules found the norm, as one feature: a passive with no agent, a modal cue word,
    a present-tense command, ... (the part of the cue label in brackets, else "cue word")."""
    if cue is None:
        return []
    m = re.search(r"\(([^)]*)\)\s*$", cue)
    return [f"CUE={m.group(1) if m else 'cue word'}"] if not cue.startswith("present-tense passive") \
        else ["CUE=present-tense passive"]


@dataclass
class NaiveBayes:
    """Multinomial naive Bayes with add-one smoothing."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # label -> feature -> count
    priors: dict[str, int] = field(default_factory=dict)

    def fit(self, examples: Iterable[tuple[list[str], str]]) -> NaiveBayes:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        priors: Counter[str] = Counter()
        for feats, label in examples:
            counts[label].update(feats)
            priors[label] += 1
        self.counts = {k: dict(v) for k, v in counts.items()}
        self.priors = dict(priors)
        self.__dict__.pop("_cache", None)
        return self

    def _sizes(self) -> tuple[frozenset[str], int, dict[str, int]]:
        cached: tuple[frozenset[str], int, dict[str, int]] | None = self.__dict__.get("_cache")
        if cached is None:
            vocab = frozenset(f for c in self.counts.values() for f in c)
            cached = (vocab, sum(self.priors.values()), {k: sum(c.values()) for k, c in self.counts.items()})
            self.__dict__["_cache"] = cached
        return cached

    def scores(self, feats: list[str]) -> dict[str, float]:
        vocab, total, sizes = self._sizes()
        known = [f for f in feats if f in vocab]
        out: dict[str, float] = {}
        for label, c in self.counts.items():
            denom = math.log(sizes[label] + len(vocab))
            s = math.log(self.priors[label] / total)
            for f in known:
                s += math.log(c.get(f, 0) + 1) - denom
            out[label] = s
        return out

    def predict(self, feats: list[str]) -> tuple[str | None, float]:
        """The best label and its posterior probability."""
        sc = self.scores(feats)
        if not sc:
            return None, 0.0
        best = max(sc, key=lambda k: sc[k])
        z = sum(math.exp(v - sc[best]) for v in sc.values())
        return best, 1.0 / z

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "priors": self.priors}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NaiveBayes:
        return cls(counts=d["counts"], priors=d["priors"])


@dataclass
class Model:
    trained_on: list[str]
    bearer: NaiveBayes
    action: NaiveBayes
    counterparty: NaiveBayes = field(default_factory=NaiveBayes)

    def as_dict(self) -> dict[str, Any]:
        return {"trained_on": self.trained_on, "bearer": self.bearer.as_dict(), "action": self.action.as_dict(),
                "counterparty": self.counterparty.as_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Model:
        return cls(d["trained_on"], NaiveBayes.from_dict(d["bearer"]), NaiveBayes.from_dict(d["action"]),
                   NaiveBayes.from_dict(d["counterparty"]) if "counterparty" in d else NaiveBayes())

    def counterparty_label(self, sentence: str, kind: str, bearer: str | None) -> str | None:
        """The role label of the counterparty of a norm whose sentence names none ("NOCP": it
        has none), given the role label of its bearer; None below COUNTERPARTY_MIN_CONFIDENCE."""
        if not self.counterparty.priors:
            return None
        label, p = self.counterparty.predict([*features(sentence, kind), f"BEARER={bearer}"])
        return label if p >= COUNTERPARTY_MIN_CONFIDENCE else None

    def bearer_label(self, sentence: str, kind: str, cue: str | None = None) -> tuple[str | None, float]:
        """The role label of the bearer and its probability (None below BEARER_MIN_CONFIDENCE);
        `cue`: the cue label of the extracted norm (:func:`cue_feature`)."""
        label, p = self.bearer.predict([*features(sentence, kind), *cue_feature(cue)])
        return (label, p) if p >= BEARER_MIN_CONFIDENCE else (None, p)

    def action_of(self, sentence: str, kind: str) -> str | None:
        """The action: the classifier's when its posterior is at least ACTION_MIN_CONFIDENCE,
        else the first label of the action scheme in the sentence (:func:`action_rules`), else
        the classifier's."""
        label, p = self.action.predict(features(sentence, kind))
        if p >= ACTION_MIN_CONFIDENCE:
            return label
        hits = [(m.start(), name) for rx, name in action_rules() if (m := rx.search(sentence))]
        return min(hits)[1] if hits else label


# ---------------------------------------------------------------------------------------------
# Role labels in a draft
# ---------------------------------------------------------------------------------------------


def role_keys(parties: list[DraftParty]) -> dict[str, str]:
    """Role label -> the key of the draft's party or role that it denotes in this draft."""
    out: dict[str, str] = {}
    groups = [p for p in parties if not p.municipality and p.members]
    everyone = next((p for p in groups if "Partij" in p.roles), None)
    if everyone is not None:
        out["ALL"] = everyone.key
    for label, roles in (("EXEC", EXEC_ROLES), ("CLIENT", CLIENT_ROLES)):
        for role in roles:
            g = next((p for p in groups if role in p.roles), None)
            if g is not None:
                out[label] = g.key
                break
    return out


def resolve(label: str | None, parties: list[DraftParty]) -> str | None:
    """The party key of a role label in this draft (None for NONE or a role it lacks)."""
    if label is None or label == "NONE":
        return None
    return role_keys(parties).get(label)


def label_of(munis: frozenset[str], parties: list[DraftParty]) -> str | None:
    """The role label whose parties are exactly these municipalities (None: no label fits)."""
    if not munis:
        return "NONE"
    by_key = {p.key: p for p in parties}
    for label, key in role_keys(parties).items():
        if by_key[key].municipalities(parties) == set(munis):
            return label
    return None


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


Examples = list[tuple[list[str], str]]


def training_examples(doc_id: str, graph: Graph) -> tuple[Examples, Examples, Examples]:
    """(bearer, action, counterparty examples) of one document: its extracted norms, without
    the learned parts, matched to its curated norms per lid and kind."""
    from ..clauses.corpus import parse_document
    from .evaluate import curated
    from .extract import extract

    gold = curated(doc_id, graph)
    parties, norms = extract(parse_document(doc_id).doc, model=None)
    bearers: Examples = []
    actions: Examples = []
    cps: Examples = []
    by_key = {p.key: p for p in parties}
    for n in norms:
        lid = (n.place.article, n.place.paragraph)
        pairs = [b for k, b in gold.kind_bearers.get(lid, set()) if k == n.kind]
        acts = gold.kind_actions.get(lid, {}).get(n.kind)
        feats = features(n.sentence, n.kind)
        if acts:
            for a in sorted(acts):
                actions.append((feats, a))
        if n.counterparty is None and not n.counterparty_text and n.kind in gold.kinds.get(lid, set()):
            gold_cps = [m for k, m in gold.counterparties.get(lid, set()) if k == n.kind]
            cp_label = "NOCP" if not gold_cps else label_of(gold_cps[0], parties) if len(gold_cps) == 1 else None
            munis: set[str] = set()
            for k in n.bearers:
                if k in by_key:
                    munis |= by_key[k].municipalities(parties)
            if cp_label is not None:
                cps.append(([*feats, f"BEARER={label_of(frozenset(munis), parties)}"], cp_label))
        if n.bearers or n.variable or len(pairs) != 1:
            continue
        label = label_of(pairs[0], parties)
        if label is not None:
            bearers.append(([*feats, *cue_feature(n.cue)], label))
    return bearers, actions, cps


def train(doc_ids: Iterable[str], graph: Graph) -> Model:
    bearers: Examples = []
    actions: Examples = []
    cps: Examples = []
    ids = list(doc_ids)
    for d in ids:
        b, a, c = training_examples(d, graph)
        bearers += b
        actions += a
        cps += c
    return Model(ids, NaiveBayes().fit(bearers), NaiveBayes().fit(actions), NaiveBayes().fit(cps))


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    """The model trained on all curated documents (``lexicon/learned.json``), if present."""
    if not MODEL_FILE.exists():
        return None
    return Model.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def main() -> None:  # pragma: no cover - a build step
    from ..clauses.build import build
    from .evaluate import documents

    graph = build().union()
    model = train(documents(), graph)
    MODEL_FILE.write_text(json.dumps(model.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          encoding="utf-8")
    print(f"{MODEL_FILE}: trained on {', '.join(model.trained_on)}; "
          f"{sum(model.bearer.priors.values())} bearer, {sum(model.action.priors.values())} action and "
          f"{sum(model.counterparty.priors.values())} counterparty examples")


if __name__ == "__main__":  # pragma: no cover
    main()
