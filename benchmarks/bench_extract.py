"""Benchmark: extraction of norms from draft text, against the curated encoding, per document.

    python benchmarks/bench_extract.py [--loo] [--runs 5] [--json FILE] [--write]
    python benchmarks/bench_extract.py --errors DOC  (the lids where kind + bearer differs, LOO)

Per document (the six normative documents of the corpus) and micro-averaged over all: P / R /
F1 per lid of the deontic kind, of kind + bearer, of kind + counterparty, of kind + action and
of the structured deadlines (validate/evaluate.py says how they are compared), and the time to
extract the norms of a document from its parsed structure (median of --runs).

``--loo`` (leave one document out): the learned parts of the extractor (validate/learn.py: the
bearer of a norm whose sentence names none, and the action) are trained, for each document,
on the other five only. Without it the stored model (validate/lexicon/learned.json, trained on
all six) is used, which is in-sample for every document. The cue lexicons
(validate/lexicon/*.yaml) are hand-written and cannot be left out; TUNED names the documents
whose errors were looked at while they were written or changed (see benchmarks/RESULTS.md):
the others are held out from the changes of issue 21 item 4.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results import write_section  # noqa: E402

# Documents whose extraction errors were read while the lexicons and rules were changed for
# issue 21 item 4; the other documents were not looked at (held out).
TUNED = ("cr-pwm-2018", "dvo-pwm-2018", "dvo-pwm-2020-beek", "dvo-pwm-2020-beek-privacyprotocol")
TARGET = 0.85  # kind + bearer F1 on every document (issue 21 item 4)

# F1 (kind, kind+bearer, counterparty, action, deadline), leave one document out, of the
# extractor on 2026-12-06 before that day's rules (commit da08f86), scored the same way. (Before
# issue 21 item 4, commit 831df97 with the lexicons alone, kind + bearer was 0.59 over all.)
BEFORE = {
    "cr-pwm-2018": (0.803, 0.662, 0.469, 0.192, 0.857),
    "dvo-pwm-2018": (0.881, 0.892, 0.783, 0.605, 0.917),
    "dvo-pwm-2020-beek": (0.906, 0.904, 0.839, 0.659, 0.909),
    "dvo-pwm-2020-beek-privacyprotocol": (0.806, 0.645, 0.25, 0.388, 0.667),
    "dvo-hbel-2026": (0.826, 0.792, 0.39, 0.359, 0.8),
    "sok-wm-2025": (0.814, 0.667, 0.211, 0.329, 0.733),
    "tuned": (0.838, 0.751, 0.603, 0.402, 0.886),
    "held out": (0.819, 0.720, 0.304, 0.342, 0.750),
    "all": (0.83, 0.739, 0.488, 0.378, 0.844),
}


NOTES = """\
How it is measured. Per lid, the set of kinds, of (kind, bearer), (kind, counterparty),
(kind, action) and of deadlines of the extracted norms against those of the curated encoding
(validate/evaluate.py); a bearer or counterparty is the set of municipalities it denotes (a
variable role or none: the empty set). With `--loo` the three learned parts (validate/learn.py:
the bearer of a norm whose sentence names none, the counterparty where the sentence names none,
the action; naive Bayes over the words, trained in a second from the curated encoding of the
other five documents) never saw the measured document. What cannot be left out: the cue
lexicons (validate/lexicon/*.yaml) and the rules of validate/extract.py and parties.py are
written by hand. They were written before issue 21 with all six documents in view, so no
document is blind to them. For issue 21 the errors of the four *tuned* documents were read
(`--errors DOC` prints them lid by lid) and the lexicons, rules and the thresholds of learn.py
were changed; the errors and sentences of the two *held-out* documents (dvo-hbel-2026,
sok-wm-2025) were not read, and every change was judged on the tuned documents alone. Their
totals were printed after each change and are in the commit messages.

The changes of 2026-12-06 (one commit each, with its figures): clause boundaries (a clause
inserted between commas, dashes or brackets; relative adverbs such as "waarover";
"onverminderd" a preposition; an initial subordinate clause with no comma, whose main clause
begins at the verb before its party subject); not-norm formulas only in the main clause;
cues for who pays ("komen voor rekening van X", X the bearer), acts by a rule ("vindt plaats
conform"), "geldt dat", "berust bij X", "is een besluit van X vereist", a competence
"behoort toe aan X"; a gap of up to forty words for a separable verb and its particle ("dragen
... op aan", "maakt ... inzichtelijk"); a Power infinitive under a modal of obligation
("zullen ... mandateren") is the content of the duty; a task named in a list item
("beslissen op bezwaar") no Power; the agent of a passive bears it (its subject is the
patient), "door tussenkomst van X" an agent, "door X" inside the subject noun the bearer of an
active sentence and not the agent of a passive; a passive whose agent is no party no norm; the
default agent of the preamble only for passives that name what it acts on (persoonsgegevens);
a Power in a relative clause whose agent is a governing body ("welke ... door de colleges van
Beek, Sittard-Geleen en Stein worden vastgesteld"); organ nouns chained or coordinated in one subject; a party noun never read as a verb; the learned
bearer sees how the rules found the norm (a feature CUE=...). Each has a case in
tests/data/extract.yaml or tests/test_extract.py.

What it did to the held-out documents. Their kind moved by two changes only: the rule "a
passive whose agent is no party is no norm" cost dvo-hbel-2026 three curated pairs (kind 0.83 ->
0.80; the rule rests on every party being recognised: an agent the extractor does not know as a
party is taken for none), the subordinate clause with no comma gained sok-wm-2025 one (0.81 ->
0.82). Their kind + bearer went down: dvo-hbel-2026 by those three pairs and by one more (and two
false pairs) to the learned bearer, which is retrained on the norms the rules leave without a bearer and so moves
with every rule; sok-wm-2025 lost two pairs to the cue feature of the learned bearer. Both changes were kept because they gained on the tuned
documents (two and one pairs), which was the rule of the day; they are the first to revert if
the held-out figures are to decide. The gap between the tuned documents (kind 0.93-0.97 now) and
the held-out ones (0.80-0.82) says that most of today's rules fit the four documents they were
written on and do not reach the phrasing of the other two.

The changes of the eighth session (same rule: errors of the tuned documents only; commit
"extract (issue 21): rules of Dutch drafting ..."): "ten behoeve van" no Power; officials' titles
(archiefinspecteur, functionaris) as organs of the party after "van"; "blijft ... uitvoeren" an
Obligation; "bepalen/verklaren/erkennen dat" a stipulation, no norm; two adjectives before one
noun resolve to the role the first names; a later sentence without a bearer joins its lid's
earlier norm only when it repeats one of its nouns or begins with Deze/Dit/Die; a consent the
norm waits for ("nadat X ... heeft ingestemd", "mits") a Power of X; "voorwaarden verbinden" a
Power; the learned counterparty read with the bearer the rules found; role designations
("hierna te noemen", "is aangewezen als", "vervult de rol van", "De penvoerder is de gemeente X"),
"der" after a quantifier, more cues. Kind + bearer F1 of the tuned documents together 0.861 ->
0.904, of the held-out ones 0.679 -> 0.700 (dvo-hbel-2026 0.72 -> 0.72, sok-wm-2025 0.65 ->
0.68). Tried and dropped on the tuned figures: no learned bearer for passives without an agent,
"wordt ... vastgesteld" as a Power, "instemming van X" naming the bearer, merging after
"hier..." adverbs, other thresholds of the learned bearer. (Once, the number of training
examples per label and document was printed, the held-out documents' among them: totals, not
lids; no decision used them.)

The changes of the twelfth session (2026-12-07; judged on the tuned documents and the two texts
written blind, whose errors were read; the held-out documents' totals printed after each change
and in the commit messages). The blind texts first showed the party block misread, which no
corpus document had shown: entries that share one paragraph (read apart at ";"), a role given
"gezamenlijk" to some of the parties ("Oostzaan en Wormerland hierna gezamenlijk te noemen:
"opdrachtgevers""), names of two capitalised words ("Utrechtse Heuvelrug") and "'s-Hertogenbosch"
(blind kind + bearer 0.21 -> 0.73 from these alone). Then: "wordt ... verstaan" with words
between a definition; a role given by a copula in an article ("is iedere opdrachtgever
verwerkingsverantwoordelijke"); "verlenen ... mandaat" across a long gap; "kan ... uittreden /
toetreden / beëindigen / besluiten", "kan ... worden ingetrokken" Powers; "is bevoegd", "heeft
de bevoegdheid" Powers (bevoegdheid is the ontology's Dutch label of dvo:Power; "is gerechtigd"
stays a Permission, "is niet bevoegd" a Prohibition); "Geen van partijen is gehouden ..." a
Permission; after the second pair: "is ... aansprakelijk" an Obligation (a duty to pay damages;
"is niet aansprakelijk" a Permission), "ondermandateren" a Power, a hyphenated word one word in
the negation test ("niet-overgebrachte"), a Dutch number word never a finite verb, a bare "zorg"
no cue ("continuïteit van zorg"). Tuned documents: unchanged (kind + bearer 0.901 together);
held out 0.700 -> 0.691 (dvo-hbel-2026 0.723 -> 0.731, sok-wm-2025 0.682 -> 0.651: a pair with
"wordt ... verstaan", through the learned bearer, which is retrained on the norms the rules leave
without a bearer, and a pair with the number word). In that session one line of a
held-out document's errors was printed by a failing test's introspection (the floor test now
prints totals only); nothing was done with it. A second pair of blind texts, in other drafting
styles, was scored before anything was read from it: kind / kind + bearer 0.81 / 0.75
(sok-drechtsteden) and 0.77 / 0.32 (dvo-gooi-archief: 'hierna: "Hilversum" of "Dienstverlener"',
"gezamenlijk:" and the words Dienstverlener / Afnemer were not read); after its party block was
read, dvo-gooi-archief 0.86 / 0.74 (tests/data/extract-blind/README.md). A third pair, written
after every change, was scored once before anything was read from it and stays held out: **0.87
/ 0.77 (cr-peel-sociaal) and 0.87 / 0.85 (vwo-breda-privacy)**, the figures to expect of a new
text now (the first pair scored 0.80 / 0.22 and 0.75 / 0.19 at the session's start); after a
review's fixes, not judged on it, 0.87 / 0.77 and 0.86 / 0.84 (the table above). The review's
fixes (negated competences and liabilities, "bevoegd gezag", names of several words, a party's
entry split at ";", no quadratic backtracking on a long name, no crash on "ſ") and a heading on
the line after "Artikel N" are in the commit messages; they moved the held-out documents to
0.74 / 0.67 (dvo-hbel-2026 / sok-wm-2025). Last, from a new user's trial of `dvo-kb add`: a fixed
day with a year is one day, not yearly ("uiterlijk op 1 juli 2027"); "een niet door X
gecontracteerde" no prohibition; a sentence opening with a personal pronoun ("Zij informeert de
penvoerder ...") has the bearer of the sentence before it, the party after the verb its object.

The thirteenth session (2026-12-07) began with a **fourth pair of blind texts**, written by a
fourth helper in other styles again and scored once before anything was read from it: **0.80 /
0.70 (dvo-achterhoek-belasting) and 0.72 / 0.60 (gr-regio-rivierenland)**, kind / kind + bearer,
below the third pair: the honest figure of a new text is 0.60-0.85 kind + bearer, by its style.
dvo-achterhoek-belasting was then read and tuned on: a verb of power in what a duty is to see
done ("draagt er zorg voor dat ... een mandaatbesluit is vastgesteld") or in a relative clause
before the main verb ("Een opdrachtgever die voornemens is zijn beleid te wijzigen, stelt ...")
no longer makes a governing body's duty a Power; "kan ... opzeggen / uittreden / toetreden /
beëindigen / ontbinden" and "treden ... in overleg" over a long gap; "blijft ... gehouden /
gebonden", "houdt ... in stand", "maakt ... openbaar" duties; "wordt in deze overeenkomst
verstaan" a definition (0.88 / 0.77). Tuned documents unchanged (0.901), held-out documents
0.696 -> 0.700, the other tuned texts 0.813 -> 0.816 and up; **gr-regio-rivierenland, held out,
did not move (0.72 / 0.60)**: what one text taught did not reach the other's style (its bodies
that act, mandates granted "hierbij", chapters). Tried and dropped: the other side of a
two-sided agreement as the counterparty of every norm that names none. The blind gold files do
that (their counterparty recall 0.22: 70 such norms in the first pair alone; such a rule: blind
counterparty F1 0.34 -> 0.72), the curated corpus does not (LOO counterparty F1 of the tuned
documents 0.66 -> 0.47): the curated encoding names a counterparty where the text names one, and
the product does not add one the text leaves out.

The target of kind + bearer F1 ≥ 0.85 on every document is **not met**: the four tuned
documents reach it leave one document out (the two DVOs of Participatiebedrijf Westelijke
Mijnstreek, the privacy protocol and, since the eighth session, the regeling); the two held-out
documents, on which no rule was judged, do not (0.74 and 0.67), nor do the blind texts (0.79-0.83
after they were read; the held-out third pair 0.77 and 0.84, gr-regio-rivierenland 0.60): the rules reach the phrasing of the
documents they were written on better than that of the others, and the real held-out documents'
own phrasing least. The kind stays at {kind_range} per document. No pretrained model was
used: spaCy's Dutch pipelines are not on the package index (`pip download nl_core_news_sm`: no
matching distribution; they are release downloads from GitHub) and Stanza downloads its weights
at run time; neither may be used here.
"""


def _names(pairs: set[tuple[str, frozenset[str]]]) -> str:
    return ", ".join(f"{k}:{'+'.join(sorted(m)) or '-'}" for k, m in sorted(pairs, key=lambda p: (p[0], sorted(p[1]))))


BLIND = HERE.parent / "tests" / "data" / "extract-blind"  # texts written blind, with gold files (its README)


# blind texts scored only as totals, their errors never read (tests/data/extract-blind/README.md)
BLIND_HELD_OUT = ("cr-peel-sociaal", "vwo-breda-privacy", "gr-regio-rivierenland", "dvo-inkoop-midden-twente",
                  "cr-leerplicht-walcheren")


def blind_names() -> list[str]:
    return sorted(p.name.removesuffix(".gold.yaml") for p in BLIND.glob("*.gold.yaml"))


def blind(show_errors: str | None = None) -> list[str]:
    """The texts of tests/data/extract-blind scored against their gold files (the stored model:
    it never saw them); with ``show_errors`` a text's lids where kind + bearer differ."""
    from dvo_kb.validate.evaluate import Evaluation, evaluate_text

    scores = [evaluate_text(BLIND / f"{n}.txt", BLIND / f"{n}.gold.yaml") for n in blind_names()]
    if show_errors:
        if show_errors in BLIND_HELD_OUT:
            print(f"warning: {show_errors} is held out; reading its errors makes it a tuned text", file=sys.stderr)
        for d in scores:
            if d.doc_id == show_errors:
                print("\n".join(d.misses))
    ev = Evaluation(scores)
    t = ev.total()
    for d in scores:
        d.doc_id += " (held out)" if d.doc_id in BLIND_HELD_OUT else " (tuned)"
    return [f"| `{d.doc_id}` | {d.lids} | {d.curated_norms} | {d.extracted_norms} | "
            + " | ".join(f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}" for s in (d.kind, d.kind_bearer, d.counterparty))
            + " |" for d in [*scores, t]]


def errors(doc_id: str) -> int:
    """Print, lid by lid, where the extracted (kind, bearer) pairs of `doc_id` differ from the
    curated ones (learned parts trained without it), with the sentences and the cues that decided."""
    from collections import defaultdict

    from dvo_kb.clauses.build import build
    from dvo_kb.clauses.corpus import parse_document
    from dvo_kb.validate.evaluate import curated, documents
    from dvo_kb.validate.extract import extract, units
    from dvo_kb.validate.learn import train

    if doc_id not in TUNED:
        print(f"warning: {doc_id} is held out; reading its errors makes it a tuned document", file=sys.stderr)
    graph = build().union()
    gold = curated(doc_id, graph)
    doc = parse_document(doc_id).doc
    parties, norms = extract(doc, model=train([d for d in documents() if d != doc_id], graph))
    by_key = {p.key: p for p in parties}
    pred: dict[tuple[str, str | None], set[tuple[str, frozenset[str]]]] = defaultdict(set)
    for n in norms:
        munis: set[str] = set()
        for k in n.bearers:
            if k in by_key:
                munis |= by_key[k].municipalities(parties)
        pred[(n.place.article, n.place.paragraph)].add((n.kind, frozenset(munis)))
    text = defaultdict(list)
    for place, t, _ in units(doc):
        text[(place.article, place.paragraph)].append(t)
    fp = fn = 0
    for lid in sorted(gold.lids | set(pred), key=lambda x: (x[0], x[1] or "")):
        g, p = gold.kind_bearers.get(lid, set()), pred.get(lid, set())
        if g == p:
            continue
        fp += len(p - g)
        fn += len(g - p)
        print(f"== {lid[0]}.{lid[1] or 0}  missed [{_names(g - p)}]  wrong [{_names(p - g)}]  right [{_names(g & p)}]")
        for t in text.get(lid, []):
            print("   |", re.sub(r"\s+", " ", t)[:400])
        for n in norms:
            if (n.place.article, n.place.paragraph) == lid:
                print(f"   -> {n.kind} bearer={n.bearers or '-'}{' var' if n.variable else ''} "
                      f"text={n.bearer_text!r} cue={n.cue!r}")
    print(f"{doc_id}: {fp} false (kind, bearer) pairs, {fn} missed")
    return 0


def _compare(ev: Any) -> list[str]:
    """The table of F1 before -> now, per document, the tuned and held-out documents together, all."""
    from dvo_kb.validate.evaluate import DocScore

    groups = {"tuned": DocScore("tuned"), "held out": DocScore("held out")}
    for d in ev.documents:
        g = groups["tuned" if d.doc_id in TUNED else "held out"]
        for part in ("kind", "kind_bearer", "counterparty", "action", "deadline"):
            getattr(g, part).merge(getattr(d, part))
    rows = ["| document | kind | kind+bearer | counterparty | action | deadline | kind+bearer ≥ 0.85 |",
            "|---|---:|---:|---:|---:|---:|:---:|"]
    for d in [*ev.documents, *groups.values(), ev.total()]:
        now = (d.kind.f1, d.kind_bearer.f1, d.counterparty.f1, d.action.f1, d.deadline.f1)
        before = BEFORE.get(d.doc_id)
        cells = [f"{b:.2f} → {n:.2f}" if before else f"{n:.2f}" for b, n in zip(before or now, now, strict=True)]
        if d.doc_id in groups or d.doc_id == "all":
            name = f"**{d.doc_id}**"
        else:
            name = f"`{d.doc_id}` ({'tuned' if d.doc_id in TUNED else 'held out'})"
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {'yes' if d.kind_bearer.f1 >= TARGET else 'no'} |")
    return rows


def _timings(doc_ids: list[str], runs: int) -> list[float]:
    """Milliseconds to extract the norms of each parsed document (median of `runs`)."""
    from dvo_kb.clauses.corpus import parse_document
    from dvo_kb.validate.extract import extract

    ms: list[float] = []
    for doc_id in doc_ids:
        doc = parse_document(doc_id).doc
        extract(doc)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            extract(doc)
            times.append(time.perf_counter() - t)
        ms.append(statistics.median(times) * 1000)
    return ms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loo", action="store_true", help="learned parts trained without the measured document")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md (needs --loo)")
    ap.add_argument("--errors", metavar="DOC", help="print the kind + bearer errors of one document (LOO) or blind "
                    "text and stop")
    ap.add_argument("--blind", action="store_true", help="score the texts of tests/data/extract-blind against "
                    "their gold files and stop")
    args = ap.parse_args()
    if args.errors in blind_names():
        blind(args.errors)
        return 0
    if args.errors:
        return errors(args.errors)
    if args.blind:
        print("| text | lids | gold norms | extracted | kind P / R / F1 | kind+bearer P / R / F1 | counterparty P / R / F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        print("\n".join(blind()))
        return 0
    from dvo_kb.clauses.build import build
    from dvo_kb.validate.evaluate import evaluate, table

    graph = build().union()
    t0 = time.perf_counter()
    ev = evaluate(graph, loo=args.loo)
    t_eval = time.perf_counter() - t0
    ms = _timings([d.doc_id for d in ev.documents], args.runs)
    total = ev.total()
    compare = _compare(ev)
    for d in ev.documents:
        d.doc_id = f"{d.doc_id} ({'tuned' if d.doc_id in TUNED else 'held out'})"
    mode = ("leave one document out: the learned parts trained on the other five documents"
            if args.loo else "in-sample: the stored model trained on all six documents")
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} (CPython {platform.python_version()}), "
        f"against the curated encoding in the built graph, {mode}. P / R / F1 per lid, micro-averaged.",
        "",
        table(ev),
        "",
        f"F1 over all: kind {total.kind.f1:.2f}, kind+bearer {total.kind_bearer.f1:.2f}, counterparty "
        f"{total.counterparty.f1:.2f}, action {total.action.f1:.2f}, deadline {total.deadline.f1:.2f}. "
        f"Extraction time per document (parsed): median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms; "
        f"the whole evaluation {t_eval:.1f} s.",
        "",
        "F1 on 2026-12-06 before that day's rules (commit da08f86) → now, the tuned and the held-out "
        "documents also together:",
        "",
        "\n".join(compare),
        "",
        "The texts written blind (tests/data/extract-blind/README.md: fictional agreements by a helper that read "
        "neither the product nor the corpus, with gold files per lid), scored with the stored model (it never saw "
        "them); the errors of the first two pairs were read in the twelfth session and those of dvo-achterhoek-belasting in the "
        "thirteenth (tuned), the third pair's, gr-regio-rivierenland's and the fifth pair's (fourteenth session) never (held out):",
        "",
        "| text | lids | gold norms | extracted | kind P / R / F1 | kind+bearer P / R / F1 | counterparty P / R / F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "\n".join(blind()),
        "",
        NOTES.format(kind_range=f"{min(d.kind.f1 for d in ev.documents):.2f}-"
                                f"{max(d.kind.f1 for d in ev.documents):.2f}"),
    ]
    text = "\n".join(lines)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(ev.as_dict(), indent=1), encoding="utf-8")
    if args.write:
        if not args.loo:
            ap.error("--write records the leave-one-document-out figures: add --loo")
        write_section("extract-loo", "Extraction of norms, leave one document out (issue 21 item 4)",
                      "python benchmarks/bench_extract.py --loo --write", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
