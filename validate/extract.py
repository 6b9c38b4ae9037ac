"""Norms in a draft, found sentence by sentence with cue lexicons (``lexicon/*.yaml``).

For every lid (and every item of a lid), every sentence gets:

* its deontic kind: the first kind with a cue of ``deontic.yaml`` in the main clause
  (Prohibition, Power, Permission, Obligation; a Power is reported beside another kind), else a
  present-tense command after a party subject ("Opdrachtnemer stelt ... op"), else a passive
  with an agent ("wordt door opdrachtnemer uitgevoerd") or a deadline ("worden uiterlijk ...
  aangeboden");
* its bearer: the party subject, resolved through the names of :func:`.parties.find_parties`;
  None, with ``variable`` set, where the subject is a role chosen by a condition ("de partij
  die ...", "een gemeente", "de andere partij") or a role the draft does not define;
* a counterparty where a party follows "aan", "jegens", "met", ... or "stelt ... op de hoogte";
* a structured deadline (``deadlines.yaml``, numbers from ``numbers.yaml``).

Nothing here is tuned to an article: every word that decides is in the lexicons.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..clauses.model import Article, Document, Paragraph
from ..words import cardinals
from .learn import Model, default_model, label_of, resolve
from .model import DraftDeadline, DraftParty, ExtractedNorm, NormKind, Place
from .parties import Mention, PartyIndex, default_agent, find_parties, load_lexicon, role_lexicon

W = r"[\wÀ-ÿ]"
GAP = r"(?:\s+[^\s;:]+){0,8}?\s+"
LONG_GAP = r"(?:\s+[^\s;:.]+){0,40}?\s+"  # "…": a separable verb and its particle at the end of the clause
PRESENT = " (present tense after a party)"  # the cue's label of a present-tense command with its subject
PRONOUN = " (a pronoun subject)"  # the cue's label of a sentence whose subject is a personal pronoun
BODY = " (a body of the parties)"  # the cue's label of a norm a body of the parties bears
ACTOR = " (a subject that is no party)"  # ... or a capitalised actor noun the draft does not define
CARDINALS = frozenset(cardinals())  # Dutch number words (dvo_kb/words.yaml): never a finite verb
KIND_ORDER: tuple[NormKind, ...] = ("Prohibition", "Power", "Permission", "Obligation")
Primary = tuple[str, str, "re.Match[str] | None"]  # kind, cue label, the cue's match (None: no cue word)


def compile_cue(text: str) -> re.Pattern[str]:
    """``a|b ... c*`` -> a regular expression (see the header of deontic.yaml)."""
    out: list[str] = []
    sep_next = ""
    for tok in text.split():
        if tok in ("...", "…"):
            sep_next = GAP if tok == "..." else LONG_GAP
            continue
        alts = [re.escape(a[:-1]) + rf"{W}*" if a.endswith("*") else re.escape(a) for a in tok.split("|")]
        out.append((sep_next if out else "") + "(?:" + "|".join(alts) + ")")
        sep_next = r"\s+"
    return re.compile(rf"(?<!{W})" + "".join(out) + rf"(?!{W})", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    label: str
    kind: str
    rx: re.Pattern[str]


@dataclass(frozen=True)
class DeadlinePattern:
    kind: str
    rx: re.Pattern[str]
    spec: dict[str, Any]


class Lexicons:
    def __init__(self) -> None:
        d = load_lexicon("deontic")
        n = load_lexicon("numbers")
        self.abbreviations = {a.lower() for a in d["sentences"]["abbreviations"]}
        self.subordinators = set(d["subordinators"])
        self.subordinating_phrases = list(d["subordinating_phrases"])
        self.initial_subordinators = list(d["initial_subordinators"])
        # ", dan" after a condition with its verb first (not "dan wel"): the main clause begins after it
        then = "|".join(re.escape(w) for w in d["condition_then"])
        self.condition_then = re.compile(rf",\s*(?:{then})(?!{W})")
        self.condition_then_not = tuple(d["condition_then_not"])
        self.cues = [Cue(c, kind, compile_cue(c)) for kind in KIND_ORDER for c in d["kinds"][kind]]
        self.power_verbs = [compile_cue(c) for c in d["power_verbs"]]
        self.see_to_it = frozenset(d.get("see_to_it") or ())
        self.stative = set(d["stative_verbs"])
        self.command_phrases = [compile_cue(c) for c in d["command_phrases"]]
        self.passive = set(d["passive_auxiliaries"])
        # a passive auxiliary as a word ("wordt", "worden"), once for every use
        self.passive_rx = re.compile(rf"(?<!{W})(?:{'|'.join(sorted(self.passive, key=len, reverse=True))})(?!{W})",
                                     re.IGNORECASE)
        self.agent = d["agent_preposition"]
        self.bearer_after = [compile_cue(c) for c in d.get("bearer_after", [])]
        self.means = [compile_cue(c) for c in d.get("means_phrases", [])]
        self.conjunctions = set(d.get("conjunctions", []))
        self.default_patient = re.compile(d["default_patient"], re.IGNORECASE) if d.get("default_patient") else None
        phrases = [compile_cue(c).pattern for c in d.get("agent_phrases", [])]
        self.agent_phrase = re.compile(rf"(?:{'|'.join(phrases)})\s*$", re.IGNORECASE) if phrases else None
        self.modals = set(d.get("obligation_modals", []))
        self.modal_verbs = set(d.get("modal_verbs", []))
        self.negations = set(d["negations"])
        self.not_verbs = set(d["not_verbs"])
        self.quantifiers_all = set(d["quantifiers_all"])
        self.quantifiers_variable = set(d["quantifiers_variable"])
        self.cp_preps = set(d["counterparty_prepositions"])
        self.cp_verbs = set(d["counterparty_verbs"])
        self.not_norms = [compile_cue(c) for c in d["not_norms"]]
        self.not_cues = [compile_cue(c) for c in d.get("not_cues", [])]
        self.passive_norms = bool(d["passive_norms"])
        self.consent_openers = list(d.get("consent_openers", []))
        self.consent_cues = [compile_cue(c) for c in d.get("consent_cues", [])]
        self.consent_conditions = list(d.get("consent_conditions", []))
        self.back_pointers = list(d.get("back_pointers", []))
        # a sentence that opens with one ("Deze rapportages worden ...", "Deze verplichting blijft ...")
        self.back_pointer_rx = (re.compile(rf"\s*(?:{'|'.join(map(re.escape, self.back_pointers))})(?!\w)", re.IGNORECASE)
                                if self.back_pointers else None)
        self.subject_pronouns = frozenset(d.get("subject_pronouns", []))
        self.noun_subject_articles = frozenset(d.get("noun_subject_articles", []))
        self.survival = [re.compile(x, re.IGNORECASE) for x in d.get("survival", [])]
        self.survival_other_law = re.compile(d["survival_other_law"], re.IGNORECASE) if d.get("survival_other_law") else None
        self.survival_topics = [(re.compile(k, re.IGNORECASE), re.compile(v, re.IGNORECASE))
                                for k, v in (d.get("survival_topics") or {}).items()]
        self.survival_articles = re.compile(d["survival_articles"], re.IGNORECASE) if d.get("survival_articles") else None
        self.demonstrative_after = frozenset(d.get("demonstrative_after", []))
        self.noun_subject_words = int(d.get("noun_subject_words", 0))
        self.participle = re.compile(d["participle"])
        self.cardinals: dict[str, int] = {k.lower(): int(v) for k, v in n["cardinals"].items()}
        self.ordinals: dict[str, int] = {k.lower(): int(v) for k, v in n["ordinals"].items()}
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in n["months"].items()}
        self.units: dict[str, str] = {k.lower(): str(v) for k, v in n["units"].items()}
        self.deadlines = self._deadlines(load_lexicon("deadlines"))

    def _alt(self, words: dict[str, Any]) -> str:
        return "(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"

    def _deadlines(self, data: dict[str, Any]) -> list[DeadlinePattern]:
        fills = {
            "{day}": r"([12]?\d|3[01])",
            "{month}": self._alt(self.months) + rf"(?!{W})",
            "{n}": r"(\d+|" + self._alt(self.cardinals)[1:-1] + r")(?:\s*\(\d+\))?",
            "{ordinal}": self._alt(self.ordinals),
            "{unit}": self._alt(self.units) + rf"(?!{W})",
        }
        out: list[DeadlinePattern] = []
        for kind in ("FixedDay", "Period", "Recurring", "Vague"):
            for entry in data[kind]:
                spec = entry if isinstance(entry, dict) else {"pattern": entry}
                pat = spec["pattern"]
                for k, v in fills.items():
                    pat = pat.replace(k, v)
                out.append(DeadlinePattern(kind, re.compile(pat, re.IGNORECASE), spec))
        return out

    def number(self, word: str) -> int | None:
        w = word.lower()
        if w.isdigit():
            return int(w)
        return self.cardinals.get(w)


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    return Lexicons()


# ---------------------------------------------------------------------------------------------
# Text units and sentences
# ---------------------------------------------------------------------------------------------


def units(doc: Document) -> list[tuple[Place, str, bool]]:
    """(place, text, is a definitions entry) for every lid, its lead text and its items."""
    lex = role_lexicon().raw["definitions"]
    heading = re.compile("|".join(lex["headings"]), re.IGNORECASE)
    opening = re.compile(lex["opening"], re.IGNORECASE)
    entry = re.compile(lex["entry"])
    out: list[tuple[Place, str, bool]] = []
    for art in doc.articles:
        defs = bool(art.heading and heading.search(art.heading)) or any(opening.search(p.text) for p in art.paragraphs)
        for par in art.paragraphs:
            for place, text in _paragraph_units(art, par):
                is_def = defs and bool(entry.match(text.split("\n")[0])) and not opening.search(text)
                out.append((place, text, is_def))
    return out


def _paragraph_units(art: Article, par: Paragraph) -> list[tuple[Place, str]]:
    if not par.items:
        return [(Place(art.number, par.label), par.text)]
    lines = par.text.split("\n")
    first = par.items[0]
    lead: list[str] = []
    for line in lines:
        if line.lstrip().startswith(first.marker) and first.text[:20] in line:
            break
        lead.append(line)
    out = [(Place(art.number, par.label), " ".join(lead))] if lead and " ".join(lead).strip() else []
    for it in par.items:
        label = it.label if it.label is not None else f"bullet/{it.position}"
        out.append((Place(art.number, par.label, label), it.text))
    return out


def sentences(text: str) -> list[str]:
    lx = lexicons()
    text = re.sub(r"\s+", " ", text).strip()
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.;!?](?=\s+[\w“\"‘(•À-ÿ])", text):
        before = text[start:m.start()].split()
        last = before[-1].lower().strip("(") if before else ""
        if m.group(0) == "." and (last in lx.abbreviations or re.fullmatch(r"(?:\w\.)*\w", last) and len(last) <= 3 and
                                  not last.isdigit() and len(last.replace(".", "")) <= 2):
            continue
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


# ---------------------------------------------------------------------------------------------
# Analysis of one sentence
# ---------------------------------------------------------------------------------------------

WORD_RX = re.compile(r"[\wÀ-ÿ][\wÀ-ÿ.'’/-]*|[,;:()]")


@dataclass
class Subject:
    mentions: list[Mention]
    start: int  # where the noun phrase begins
    end: int
    before: str | None  # the word before the noun phrase (None at the start of the clause)
    before_start: int
    variable: bool
    distributive: bool  # "elke gemeente", "alle partijen"
    organ: str | None  # "college" in "het college van ...", "hoofd" in "het hoofd ... van"


class SentenceAnalyser:
    def __init__(self, index: PartyIndex) -> None:
        self.index = index
        self.lx = lexicons()
        self.roles = role_lexicon()
        self.governing = set(self.roles.raw["governing_bodies"])
        # a body of the parties (roles.yaml bodies, body_suffixes) after its article: opening the
        # clause before its verb, after a verb, and as the agent of a passive (_body)
        body = (rf"(?:{'|'.join(map(re.escape, self.roles.raw.get('bodies', [])))}|"
                rf"{W}+(?:{'|'.join(map(re.escape, self.roles.raw.get('body_suffixes', [])))}))")
        np = rf"(?:{'|'.join(self.lx.noun_subject_articles)})\s+(?:{W}+\s+)?{body}(?!{W})"  # ("de", "het")
        self.body_lead = re.compile(rf"\s*({np})\s+({W}+)", re.IGNORECASE)
        self.body_after = re.compile(rf"(?<!{W})({W}+)\s+({np})", re.IGNORECASE)
        self.body_agent = re.compile(rf"(?<!{W}){re.escape(self.lx.agent)}\s+({np})", re.IGNORECASE)
        # a capitalised actor noun after its article (roles.yaml actor_suffixes, actor_articles; _actor)
        suffixes = "|".join(map(re.escape, self.roles.raw.get("actor_suffixes", [])))
        articles = "|".join(self.roles.raw.get("actor_articles", []))
        self.actor_lead = (re.compile(rf"\s*((?i:{articles})\s+[A-ZÀ-Ý]{W}*(?:{suffixes}))\s+({W}+)")
                           if suffixes and articles else None)

    # -- clauses ------------------------------------------------------------------------------

    def main_start(self, s: str) -> int:
        low = s.lower()
        for sub in self.lx.initial_subordinators:
            m = re.match(rf"\s*{re.escape(sub)}(?!{W})", low)
            if m:
                comma = s.find(",")
                end = comma if comma >= 0 else len(s)
                inverted = self._inverted_verb(s, m.end(), end)
                if inverted is not None:  # "Ingeval de wetten worden gewijzigd blijft de centrumgemeente ..."
                    return inverted
                return comma + 1 if comma >= 0 else m.end()
        m = self.lx.condition_then.search(low)
        if (m is not None and "," not in low[:m.start()]  # "Lukt dat niet binnen drie maanden, dan wordt ..."
                and not low[m.start() + 1:].lstrip().startswith(self.lx.condition_then_not)):
            return m.end()
        return 0

    def _inverted_verb(self, s: str, start: int, end: int) -> int | None:
        """After an initial subordinate clause with no comma, the main clause begins with its
        finite verb right before its party subject ("... vervangen blijft de centrumgemeente
        zorgdragen"): the position of that verb, if there is one between `start` and `end`."""
        mentions = self.index.mentions(s[:end])
        for m in mentions:
            if m.start < start:
                continue
            words = [w for w in self._words_before(s, m.start) if w[0] >= start]
            while words and words[-1][1].lower() in self.roles.determiners:
                words.pop()
            if len(words) < 2:
                continue
            pos, w = words[-1]
            lw = w.lower()
            if w.isalpha() and w.islower() and lw not in self.lx.not_verbs and lw not in self.lx.subordinators \
                    and not self.subordinate(s, pos, start) and not (lw.endswith("e") and lw not in self.lx.stative) \
                    and not any(o.start <= pos < o.end for o in mentions):
                return pos
        return None

    def subordinate(self, s: str, pos: int, floor: int) -> bool:
        """Whether position `pos` lies in a subordinate clause: a subordinator between the
        start of its clause (the last comma, colon, bracket or dash set in spaces) and `pos`."""
        dashes = [i + 1 for d in "-–" if (i := s.rfind(f" {d} ", floor, pos)) >= 0]  # the dash itself
        clause = max(max(s.rfind(c, floor, pos) for c in ",;:()"), *dashes, -1)
        seg = s[max(clause + 1, floor):pos].lower()
        words = re.findall(rf"{W}+", seg)
        if not words and clause > floor and s[clause] == ",":
            # ", zoals bedoeld in het vorige lid, zal ...": after an inserted subordinate clause
            # the clause around it goes on
            opening = s.rfind(",", floor, clause)
            inserted = re.findall(rf"{W}+", s[opening + 1:clause].lower())
            if opening > floor and inserted and inserted[0] in self.lx.subordinators:
                return self.subordinate(s, opening, floor)
        for i, w in enumerate(words):
            if w in self.lx.subordinators:
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if w in ("die", "dat") and (nxt in self.roles.classes or nxt in self.index.names
                                            or i > 0 and words[i - 1] in self.lx.demonstrative_after):
                    continue  # a demonstrative: "die partij", "in dat geval"
                return True
        return any(p in seg for p in self.lx.subordinating_phrases)

    # -- subjects -------------------------------------------------------------------------------

    def _words_before(self, s: str, pos: int) -> list[tuple[int, str]]:
        return [(m.start(), m.group(0)) for m in WORD_RX.finditer(s, 0, pos)]

    def subject_of(self, s: str, m: Mention, floor: int, mentions: list[Mention] | None = None) -> Subject:
        words = [w for w in self._words_before(s, m.start) if w[0] >= floor]
        variable = False
        distributive = False
        organ: str | None = None
        start = m.start
        i = len(words) - 1
        while i >= 0:
            pos, w = words[i]
            lw = w.lower()
            inside = next((o for o in mentions or [] if o is not m and o.start <= pos < o.end), None)
            if inside is not None:  # apposition: "de gemeenten Beek en Stein", "de centrumgemeente Sittard-Geleen"
                start = inside.start
                while i >= 0 and words[i][0] >= inside.start:
                    i -= 1
                continue
            if lw in self.roles.determiners or lw in self.roles.distributive:
                distributive = distributive or lw in self.roles.distributive
                start, i = pos, i - 1
                continue
            if lw in self.roles.variable:
                variable = True
                start, i = pos, i - 1
                continue
            if lw in ("van", "der") and i > 0:  # "geen van de partijen", "één der partijen"
                prev = words[i - 1][1].lower()
                if prev in self.lx.quantifiers_all or prev in self.lx.quantifiers_variable:
                    variable = variable or prev in self.lx.quantifiers_variable
                    distributive = distributive or prev in self.lx.quantifiers_all
                    start, i = words[i - 1][0], i - 2
                    continue
                if lw == "der":
                    break
                # "het college van", "het hoofd Sociale Zaken van": an organ within four words
                back = [j for j in range(i - 1, max(-1, i - 5), -1) if words[j][1].lower() in self.roles.organs]
                if back:
                    j = back[0]
                    while j > 0 and words[j - 1][1].lower() in self.roles.organs or j > 1 and \
                            words[j - 1][1].lower() in self.lx.conjunctions and words[j - 2][1].lower() in self.roles.organs:
                        # "de directeur Participatiebedrijf van ...", "de raden en colleges van ..."
                        j -= 1 if words[j - 1][1].lower() in self.roles.organs else 2
                    organ = words[j][1].lower()
                    start, i = words[j][0], j - 1
                    continue
                break
            if lw.endswith("e") and lw.isalpha() and lw.islower() and lw not in self.lx.not_verbs and len(lw) > 3 \
                    and lw not in self.lx.stative:
                variable = True  # an adjective: "de uittredende gemeente", "de andere partij"
                start, i = pos, i - 1
                continue
            break
        before = words[i][1] if i >= 0 else None
        before_start = words[i][0] if i >= 0 else start
        return Subject([m], start, m.end, before, before_start, variable, distributive, organ)

    def _joined(self, s: str, a: Mention, b: Mention) -> bool:
        gap = s[a.end:b.start]
        if re.fullmatch(r"\s*(?:,|\s)?\s*(?:(?:en|of|evenals|alsmede|c\.q\.|en/of)\s+)?(?:(?:de|het|alle)\s+)?", gap):
            # not an article alone: "informeert opdrachtgever de opdrachtnemer" is a subject and its object
            return not re.fullmatch(r"\s+(?:de|het|alle)\s+", gap)
        if re.match(r"\s*(?:,\s*)?(?:en|evenals|alsmede)\s", gap) and re.search(r"\svan\s+(?:de\s+|het\s+)?$", gap):
            return any(w.lower() in self.roles.organs for w in re.findall(rf"{W}+", gap))
        return False

    def find_subject(self, s: str, mentions: list[Mention], floor: int, cue_pos: int | None) -> Subject | None:
        """The first party noun phrase of the main clause that is not governed by a
        preposition: the subject before the verb, or after it ("Hiertoe stelt opdrachtnemer")."""
        cands = [m for m in mentions if m.start >= floor]
        for k, m in enumerate(cands):
            if any(o is not m and o.start <= m.start < o.end for o in cands):
                continue
            subj = self.subject_of(s, m, floor, mentions)
            before = subj.before.lower() if subj.before else None
            if before is not None and (before in self.lx.not_verbs and before not in ("dat", "die", "hun", "haar", "zijn")
                                       or before in ("(", ":")):
                continue
            if before is not None and self.subordinate(s, subj.start, floor):
                continue
            if before == "," and k > 0:
                continue
            return self._coordinated(s, subj, cands[k + 1:])
        return None

    def _coordinated(self, s: str, subj: Subject, following: list[Mention]) -> Subject:
        """`subj` extended over the parties coordinated with it ("opdrachtgever en opdrachtnemer")."""
        last = subj.mentions[-1]
        for nxt in following:
            if nxt.start < last.end:
                continue
            if not self._joined(s, last, nxt):
                break
            subj.mentions.append(nxt)
            subj.end = nxt.end
            last = nxt
        return subj

    def agent(self, s: str, mentions: list[Mention], floor: int) -> Subject | None:
        aux = self.lx.passive_rx.search(s[floor:])
        if aux is None:
            return None
        for m in mentions:
            if m.start < floor:
                continue
            subj = self.subject_of(s, m, floor, mentions)
            following = [x for x in mentions if x.start >= subj.end]
            if self.lx.agent_phrase is not None and self.lx.agent_phrase.search(s, floor, subj.start):
                return self._coordinated(s, subj, following)  # "wordt door tussenkomst van het college ... uitgevoerd"
            if subj.before and subj.before.lower() == self.lx.agent:
                if self._in_noun(s, subj, floor) and subj.before_start < floor + aux.start():
                    continue  # "De gegevensverwerking door X zal ... worden gespecificeerd"
                return self._coordinated(s, subj, following)  # "door opdrachtgever en opdrachtnemer"
        return None

    def _in_noun(self, s: str, subj: Subject, floor: int) -> bool:
        """Whether the "door" before `subj` follows a noun of its clause ("De doorbelasting ...
        door de centrumgemeente"), rather than opening the clause ("Door de gemeenten wordt ...")."""
        words = self._words_before(s, subj.before_start)
        if not words or words[-1][0] < floor:
            return False
        last = words[-1][1].lower()
        # not after a verb: "kunnen door opdrachtgever voorwaarden worden verbonden"
        return last not in (",", ":", ";", "(") and last not in self.lx.passive and last not in self.lx.modal_verbs

    def nominal_agent(self, s: str, mentions: list[Mention], floor: int, cue_pos: int) -> Subject | None:
        """The agent inside the subject noun of a sentence in the active voice with no party
        subject: "De doorbelasting ... door de centrumgemeente ... vindt plaats volgens ..."."""
        if self.lx.passive_rx.search(s[floor:]):
            return None
        for m in mentions:
            if m.start < floor or m.start > cue_pos:
                continue
            subj = self.subject_of(s, m, floor, mentions)
            if subj.before and subj.before.lower() == self.lx.agent and self._in_noun(s, subj, floor) \
                    and not self.subordinate(s, subj.start, floor):
                return subj
        return None

    def bearer_named_after(self, s: str, mentions: list[Mention], floor: int) -> Subject | None:
        """The party after a phrase of ``bearer_after``: "zijn voor rekening van de uittredende gemeente"."""
        for rx in self.lx.bearer_after:
            for hit in rx.finditer(s, floor):
                for m in (x for x in mentions if x.start >= hit.end()):
                    sub = self.subject_of(s, m, hit.end(), mentions)
                    if not s[hit.end():sub.start].strip():  # "bij het hoofd Sociale Zaken van de centrumgemeente"
                        return sub
        return None

    # -- bearer -------------------------------------------------------------------------------

    def bearer(self, subj: Subject) -> tuple[list[str], bool]:
        mentions = subj.mentions
        if any(m.role_class is None and m.key is not None for m in mentions):  # a municipality named
            munis = [m for m in mentions if m.role_class is None and m.key is not None]
            roles = [m for m in mentions if m not in munis]
            # "de gemeenten Stein en Beek", "de centrumgemeente Sittard-Geleen": apposition
            if all(r.role_class == "Partij" or any(mu.start > r.end and mu.start - r.end <= 2 for mu in munis)
                   for r in roles):
                mentions = munis
        keys: list[str] = []
        variable = subj.variable
        everyone = next((p.key for p in self.index.parties if "Partij" in p.roles and not p.municipality), None)
        for m in mentions:
            if m.key is None and m.role_class == "Partij" and subj.distributive and not subj.variable and everyone:
                keys.append(everyone)  # "elke gemeente", "iedere partij": all of them, each
                continue
            if m.key is None and m.other:  # a municipality that is no party: named, no role to fill in
                continue
            if m.key is None:
                variable = True
                continue
            if m.singular and not m.defined_name and self.index.group_size(m.key) > 1 and not self._distributive(subj):
                variable = True
                continue
            if m.key not in keys:
                keys.append(m.key)
        if variable and len(mentions) == 1:
            return [], True
        return keys, variable and not keys

    def _distributive(self, subj: Subject) -> bool:
        return subj.distributive and not subj.variable

    # -- kind -----------------------------------------------------------------------------------

    def cues(self, s: str, floor: int) -> dict[str, tuple[Cue, re.Match[str]]]:
        found: dict[str, tuple[Cue, re.Match[str]]] = {}
        masked = s
        for rx in self.lx.not_cues:  # "ten behoeve van": a preposition, not the verb "behoeven"
            masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
        for cue in self.lx.cues:
            if cue.kind in found:
                continue
            for m in cue.rx.finditer(masked, floor):
                if not self.subordinate(s, m.start(), floor):
                    found[cue.kind] = (cue, m)
                    break
        return found

    def command(self, s: str, subj: Subject, mentions: list[Mention] | None = None) -> tuple[str, int] | None:
        """The finite verb of a present-tense command with this subject, and its position."""
        mentions = self.index.mentions(s) if mentions is None else mentions
        if subj.before is None:
            end = subj.end
            rel = re.match(r"\s*,?\s*(?:die|dat|welke)\s[^,]*,", s[end:])
            ins = re.match(rf"\s*,\s*({W}+)[^,;:]*,", s[end:])
            if rel:  # "De partij die ..., informeert": skip the relative clause
                end += rel.end()
            elif ins and (ins.group(1).lower() in self.lx.not_verbs or ins.group(1).lower() in self.lx.quantifiers_all):
                end += ins.end()  # "De colleges, ieder voor zover het hen betreft, stellen ...": an insertion
            app = re.match(r"\s*als\s+", s[end:])
            role = next((m for m in mentions if m.start == end + app.end()), None) if app else None
            if role is not None:  # "De gemeente Zwolle als centrumgemeente voert ... uit": an apposition
                end = role.end
            nxt = WORD_RX.search(s, end)
            while nxt and nxt.group(0).lower() in ("afzonderlijk", "zelf", "gezamenlijk", "ieder", ","):
                nxt = WORD_RX.search(s, nxt.end())
            if not nxt:
                return None
            verb, pos = nxt.group(0), nxt.start()
        else:
            verb, pos = subj.before, subj.before_start
            if verb.lower() in self.lx.subject_pronouns:  # "stelt zij de andere partijen ...": the verb before it
                prev = self._words_before(s, pos)
                if not prev:
                    return None
                pos, verb = prev[-1]
        lw = verb.lower()
        if not verb.isalpha() or not verb.islower() or lw in self.lx.not_verbs or lw in self.roles.determiners \
                or lw in CARDINALS:  # "... zijn vier medewerkers van Gooise Meren in dienst getreden"
            return None
        if any(m.start <= pos < m.end for m in mentions):
            return None  # a party, not a verb: "De relatie opdrachtgever/opdrachtnemer wordt ..."
        if lw in self.lx.stative and not any(rx.match(s, pos) for rx in self.lx.command_phrases):
            return None
        return verb, pos

    def _body(self, s: str, floor: int, mentions: list[Mention]) -> tuple[int, int, int | None, str] | None:
        """A body of the parties (roles.yaml bodies) as the subject that opens the main clause
        ("De Stuurgroep komt ... bijeen": its start, end and the position of its finite verb) or
        as the agent of its passive ("... kan door het bestuurlijk overleg worden vastgesteld":
        start, end and None); None where there is none."""
        m = self.body_lead.match(s[floor:])
        if m is not None and m.group(1).split()[-1].lower() in self.roles.raw.get("not_bodies", []):
            m = None  # "De doelgroep ontvangt ...": no body
        if m is not None and not any(x.start < floor + m.end(1) for x in mentions if x.start >= floor):
            verb = m.group(2)
            pos = floor + m.start(2)
            if verb.islower() and verb not in self.lx.not_verbs and not self.subordinate(s, pos, floor):
                # "De Stuurgroep is bevoegd ...": a verb of being before a cue of its own lets the cue
                # decide; without one ("Het overleg heeft als doel ...") there is no norm
                stative = verb in self.lx.stative and not any(rx.match(s, pos) for rx in self.lx.command_phrases)
                if stative and not self.cues(s, floor):
                    return None
                return floor + m.start(1), floor + m.end(1), None if stative else pos, BODY
        actor = self._actor(s, floor, mentions)
        if actor is not None:
            return (*actor, ACTOR)
        # after its verb ("In afwijking van artikel 15.2 kan het Bestuurlijk Overleg de bijlagen wijzigen"),
        # where no party comes before it in the main clause
        inv = self.body_after.search(s[floor:])
        if inv is not None and not any(floor <= x.start < floor + inv.start(2) for x in mentions):
            verb, pos = inv.group(1), floor + inv.start(1)
            if verb.islower() and verb in self.lx.modal_verbs and not self.subordinate(s, pos, floor):
                # ("kan het Bestuurlijk Overleg ... wijzigen"; not "Het is niet toegestaan de stuurgroep te passeren")
                return floor + inv.start(2), floor + inv.end(2), None, BODY
        if self.lx.passive_rx.search(s[floor:]):
            a = self.body_agent.search(s[floor:])
            if a is not None and not self.subordinate(s, floor + a.start(), floor):
                return floor + a.start(1), floor + a.end(1), None, BODY
        return None

    def _actor(self, s: str, floor: int, mentions: list[Mention]) -> tuple[int, int, int | None] | None:
        """A capitalised actor noun the draft does not define as the subject that opens the main
        clause, before a verb that is no verb of being ("De Uitvoerder stelt jaarlijks een plan op",
        "De Regiocoördinator rapporteert ..."): its start, end and the position of its verb
        (roles.yaml actor_suffixes); None where there is none."""
        m = self.actor_lead.match(s[floor:]) if self.actor_lead is not None else None
        if m is None:
            return None
        if any(x.start < floor + m.end(1) for x in mentions if x.start >= floor):
            return None  # a party or role of the draft: its own rules
        verb, pos = m.group(2), floor + m.start(2)
        if not verb.islower() or verb in self.lx.not_verbs or verb in self.lx.stative \
                or self.subordinate(s, pos, floor):
            return None
        return floor + m.start(1), floor + m.end(1), pos

    def _antecedent(self, s: str, mentions: list[Mention], floor: int) -> Subject | None:
        """The party of the clause that opens the sentence before its main clause ("Indien een
        partij ..., stelt zij ..."): what a subject pronoun after the main verb stands for."""
        first = next((m for m in mentions if m.start < floor), None)
        return self.subject_of(s, first, 0, mentions) if first is not None else None

    def _noun_subject(self, s: str, floor: int, subj: Subject) -> tuple[int, int] | None:
        """Where a noun phrase that names no party opens the clause before the verb of which the
        party `subj` seemed the subject after it ("De vervoerder informeert de opdrachtgevers"):
        (start, end) of that noun phrase; None otherwise (deontic.yaml noun_subject_articles)."""
        lead = [w for w in self._words_before(s, subj.before_start) if w[0] >= floor]
        if not lead or not 2 <= len(lead) <= self.lx.noun_subject_words \
                or lead[0][1].lower() not in self.lx.noun_subject_articles:
            return None
        rest = [w for _, w in lead[1:]]
        if any(not re.fullmatch(rf"{W}+(?:-{W}+)*", w) or w.lower() in self.lx.not_verbs
               or w.lower() in self.lx.subordinators for w in rest):
            return None  # "De eerste keer dat ...", "Het in lid 1 bedoelde ...": no plain noun phrase
        if any(w[:1].isupper() for w in rest[1:]):
            return None  # "De accounthouder BEL", "De beleidsregisseur Huizen": an official of a party
        if any(m.start < subj.before_start and m.end > lead[0][0] for m in self.index.mentions(s)):
            return None
        if subj.start == subj.mentions[0].start and subj.mentions[0].role_class is None:
            return None  # "De verantwoordelijk beleidsregisseur Huizen ...": a name right after a noun is its apposition
        return lead[0][0], lead[-1][0] + len(lead[-1][1])

    def _pronoun_subject(self, s: str, verb_at: int) -> bool:
        """Whether the sentence opens with a personal pronoun right before its verb ("Zij informeert ...")."""
        lead = re.findall(rf"{W}+", s[:verb_at].lower())
        return len(lead) == 1 and lead[0] in self.lx.subject_pronouns

    def negated(self, s: str, pos: int) -> bool:
        clause = re.split(r"[,;]", s[pos:], maxsplit=1)[0]
        # (a hyphenated word is one: "de niet-overgebrachte archiefbescheiden" is no negation)
        words = re.findall(rf"{W}+(?:-{W}+)*", clause.lower())[1:6]
        return any(w in self.lx.negations for w in words)

    # -- deadlines ------------------------------------------------------------------------------

    def deadline(self, s: str, floor: int = 0) -> DraftDeadline | None:
        """The sentence's deadline, in its main clause (from ``floor``): a period in a condition
        before it is the condition's ("Indien partijen er binnen zes weken niet uitkomen, wordt het
        geschil voorgelegd ...": no deadline of the submission; a drafter's trial)."""
        for dp in self.lx.deadlines:
            m = dp.rx.search(s, floor)
            if m is None:
                continue
            d = self._deadline(dp, m)
            if d is not None:
                return d
        return None

    def _deadline(self, dp: DeadlinePattern, m: re.Match[str]) -> DraftDeadline | None:
        groups = [g for g in m.groups() if g is not None]
        text = m.group(0).strip()
        spec = dp.spec
        if dp.kind == "FixedDay":
            month = next((self.lx.months[g.lower()] for g in groups if g.lower() in self.lx.months), None)
            if month is None:
                return None
            day_s = next((g for g in groups if g.isdigit()), None)
            if spec.get("day") == "last":
                day = calendar.monthrange(2001, month)[1]
            elif day_s is not None:
                day = int(day_s)
            else:
                return None
            year = re.match(r"\s+(\d{4})\b", m.string[m.end():])
            if year:  # "uiterlijk op 1 juli 2027": one day, not every year (a FixedDay recurs yearly)
                return DraftDeadline("Vague", f"{text} {year.group(1)}")
            return DraftDeadline("FixedDay", text, month=month, day=day, inclusive=bool(spec.get("inclusive")))
        if dp.kind == "Period":
            unit = next((self.lx.units[g.lower()] for g in groups if g.lower() in self.lx.units), None)
            if unit is None:
                return None
            if spec.get("ordinal"):
                ordinal = next((self.lx.ordinals[g.lower()] for g in groups if g.lower() in self.lx.ordinals), None)
                return DraftDeadline("Period", text, count=ordinal, unit=unit, ordinal=ordinal)
            count = next((n for g in groups if (n := self.lx.number(g)) is not None), None)
            if count is None:
                return None
            return DraftDeadline("Period", text, count=count, unit=unit,
                                 before_anchor=True if spec.get("before_anchor") else None)
        if dp.kind == "Recurring":
            minimum = None
            if spec.get("minimum"):
                minimum = next((n for g in groups if (n := self.lx.number(g)) is not None), None)
            return DraftDeadline("Recurring", text, frequency=str(spec["frequency"]), minimum_per_year=minimum)
        return DraftDeadline("Vague", text, unmeasurable=True if spec.get("unmeasurable") else None)

    # -- counterparty ---------------------------------------------------------------------------

    def counterparty(self, s: str, mentions: list[Mention], subj: Subject | None, floor: int) -> Mention | None:
        taken = set(id(m) for m in subj.mentions) if subj else set()
        for m in mentions:
            if id(m) in taken or m.start < floor or (subj and m.start < subj.end):
                continue
            sub = self.subject_of(s, m, floor, mentions)
            before = (sub.before or "").lower()
            if before in self.lx.cp_preps or before in self.lx.cp_verbs:
                keys, variable = self.bearer(sub)
                if variable and not keys:  # "stelt de andere partijen op de hoogte": a variable role
                    return Mention(sub.start, sub.end, s[sub.start:sub.end], None, m.singular, m.role_class, False)
                return None if len(keys) != 1 else m
        return None

    # -- the sentence ---------------------------------------------------------------------------

    def analyse(self, s: str, place: Place) -> list[ExtractedNorm]:
        """The norms of one sentence; a coordinated main clause with its own party subject
        ("... op de hoogte en treden partijen in overleg") is analysed on its own."""
        if self._not_norm(s):
            return []
        mentions = self.index.mentions(s)
        for m in re.finditer(rf"(?:,\s*|\s)en\s+({W}+)\s+", s):
            nxt = next((x for x in mentions if x.start >= m.end()), None)
            verb = m.group(1)
            if nxt is None or verb.lower() in self.lx.not_verbs or not verb.islower():
                continue
            head = s[:m.start()]
            gap = s[m.end():nxt.start].strip().lower()
            if gap in ("", "de", "het", "alle") and self.cues(head, 0) and nxt.key is not None:
                return self._analyse(head, place) + self._analyse(s[m.start():].lstrip(", ")[3:], place)
        return self._analyse(s, place)

    def lead_subject(self, lead: str) -> str:
        """The party a list is introduced with when the lead is that party alone ("De opdrachtnemer:",
        its items "a. voert de heffing uit;"): the subject of every item, with a space; else ""."""
        m = re.fullmatch(r"\s*(.*?)\s*:\s*", lead, re.DOTALL)
        if m is None or not m.group(1):
            return ""
        np = m.group(1)
        mentions = self.index.mentions(np)
        rest = np
        for x in reversed(mentions):
            rest = rest[:x.start] + " " + rest[x.end:]
        words = re.findall(rf"{W}+", rest.lower())
        if not mentions or any(w not in self.roles.determiners and w not in self.lx.conjunctions for w in words):
            return ""
        return np + " "

    def _not_norm(self, s: str) -> bool:
        """A formula of ``not_norms`` in the main clause ("wordt verstaan onder"; not in "...,
        waaronder minimaal wordt verstaan: ...")."""
        floor = self.main_start(s)
        return any(not self.subordinate(s, m.start(), floor) for rx in self.lx.not_norms for m in rx.finditer(s, floor))

    def _analyse(self, s: str, place: Place) -> list[ExtractedNorm]:
        floor = self.main_start(s)
        mentions = self.index.mentions(s)
        found = self.cues(s, floor)
        cue_pos = min((m.start() for _, m in found.values()), default=None)
        subj = self.find_subject(s, mentions, floor, cue_pos)
        deadline = self.deadline(s, floor)
        primary, agent = self._primary(s, floor, mentions, found, subj, deadline)
        pronoun = subj is not None and subj.before is not None and (
            self._pronoun_subject(s, subj.before_start)
            # "Indien een partij ..., stelt zij de andere partijen ... op de hoogte": the pronoun after
            # the verb is the subject, the party after it the object (a drafter's trial: "zij" was read
            # as the verb and "de andere partijen" as the bearer)
            or subj.before.lower() in self.lx.subject_pronouns)
        inverted = pronoun and subj is not None and subj.before is not None \
            and subj.before.lower() in self.lx.subject_pronouns and not self._pronoun_subject(s, subj.before_start)
        if pronoun and primary is not None:
            # "Zij informeert de penvoerder ...": the pronoun is the subject (the bearer of the sentence
            # before it, extract_norms), the party after the verb its object
            subj, agent = None, None
            primary = (primary[0], primary[1] + PRONOUN, primary[2])
            if inverted:  # "Indien een partij ..., stelt zij ...": the party of the clause before it
                agent = self._antecedent(s, mentions, floor)
        if subj is None and agent is None and floor > 0 and (primary is None or primary[2] is None or primary[0] == "Power"):
            # "Indien opdrachtnemer ... niet haalt, stelt zij ... een verbeterplan op": a pronoun after the
            # verb that opens the main clause is its subject, the party of the clause before it the bearer
            lead = re.match(rf"\s*({W}+)\s+({W}+)(?!{W})", s[floor:])
            antecedent = self._antecedent(s, mentions, floor)
            verb_at = floor + lead.start(1) if lead is not None else 0
            if lead is not None and lead.group(2).lower() in self.lx.subject_pronouns and antecedent is not None \
                    and lead.group(1).islower() and lead.group(1) not in self.lx.not_verbs \
                    and (lead.group(1) not in self.lx.stative or any(rx.match(s, verb_at) for rx in self.lx.command_phrases)):
                kind = "Prohibition" if self.negated(s, verb_at) else "Obligation"
                if primary is None:
                    primary = (kind, f"{lead.group(1)}{PRESENT}{PRONOUN}", None)
                agent = antecedent
                pronoun = True
        noun = (self._noun_subject(s, floor, subj) if subj is not None and not pronoun and primary is not None
                and primary[2] is None and primary[1].endswith(PRESENT) else None)
        if noun is not None:
            # "De vervoerder informeert de opdrachtgevers": the noun phrase before the verb is the
            # subject, no party of the draft; the party after the verb its object
            patient_of_noun, subj, agent = subj, None, None
        body = self._body(s, floor, mentions) if subj is None and agent is None and not pronoun and noun is None else None
        if body is not None:
            # "De Stuurgroep komt ... bijeen", "... kan door het bestuurlijk overleg worden vastgesteld":
            # a body of the parties, no party, bears it
            verb = body[2]
            if primary is None and verb is None and "Permission" in found:
                # "kan het Bestuurlijk Overleg ... wijzigen": a body's liberty, not a mere possibility
                primary = ("Permission", found["Permission"][0].label, found["Permission"][1])
            if (primary is None or primary[2] is None) and verb is not None:
                kind = "Prohibition" if self.negated(s, verb) else "Obligation"
                primary = (kind, f"{WORD_RX.match(s, verb).group(0)}{body[3]}", None)  # type: ignore[union-attr]
        if subj is None and agent is None and not pronoun and noun is None and body is None \
                and (primary is not None or "Power" in found):
            agent = self.agent(s, mentions, floor) if primary is not None else None
            if agent is None:
                agent = self.bearer_named_after(s, mentions, floor)
            if agent is None and primary is not None and primary[2] is not None:
                agent = self.nominal_agent(s, mentions, floor, primary[2].start())
        bearer_subj = subj if subj is not None else agent
        patient = None
        if primary is not None and primary[2] is None and primary[1] in (
                "present-tense passive", "passive with a deadline", f"{self.lx.agent} ... (passive with an agent)"):
            # the subject of a passive is what is acted on, not the bearer: "Opdrachtgevers
            # worden hieromtrent (door opdrachtnemer) geïnformeerd" (its counterparty, if anything)
            bearer_subj, patient = agent, subj
        if noun is not None:
            patient = patient_of_noun
        kinds = self._kinds(s, floor, found, primary, bearer_subj, place.item is not None)
        if body is not None and any(k in ("Obligation", "Permission") for k, _ in kinds) \
                and self._power_verb(s, body[2] if body[2] is not None else body[0]):
            # a body decides: "Het Bestuurlijk Overleg stelt ... vast", "kan door de Stuurgroep worden gewijzigd"
            label = next(lb for k, lb in kinds if k in ("Obligation", "Permission"))
            kinds = [("Power", label)] + [(k, lb) for k, lb in kinds if k not in ("Obligation", "Permission", "Power")]
        out = self._norms(s, place, kinds, mentions, floor, bearer_subj, patient, deadline) if kinds else []
        for named in (noun, body[:2] if body is not None else None):
            if named is not None:
                for n in out:
                    if not n.bearers and not n.bearer_text:
                        n.bearer_text, n.named_other = s[named[0]:named[1]], True
        if all(k != "Power" for k, _ in kinds):
            out += self._relative_power(s, place, mentions, floor)
        return out

    def _relative_power(self, s: str, place: Place, mentions: list[Mention], floor: int) -> list[ExtractedNorm]:
        """A Power in a relative clause whose agent is a governing body or a group deciding
        together: "... de productenlijst welke vervolgens, gehoord het bestuurlijk overleg, door
        de colleges van Beek, Sittard-Geleen en Stein worden vastgesteld"."""
        for m in mentions:
            subj = self.subject_of(s, m, floor, mentions)
            before = {w.lower() for w in re.findall(rf"{W}+", s[floor:subj.start])}
            if not subj.before or subj.before.lower() != self.lx.agent or not before & self.lx.subordinators:
                continue  # ("welke vervolgens, gehoord het bestuurlijk overleg, door ...": commas inside)
            clause = re.split(r"[;.]", s[m.end:], maxsplit=1)[0]
            if not any(rx.search(clause) for rx in self.lx.power_verbs):
                continue
            for nxt in mentions:  # "door de colleges van Beek, Sittard-Geleen en Stein"
                if nxt.start >= subj.end and self._joined(s, subj.mentions[-1], nxt):
                    subj.mentions.append(nxt)
                    subj.end = nxt.end
            if subj.organ in self.governing or subj.organ is None and self._group(subj):
                keys, variable = self.bearer(subj)
                return [ExtractedNorm(place=place, kind="Power", bearer=keys[0] if len(keys) == 1 else None,
                                      bearer_text=s[subj.start:subj.end], cue=f"{self.lx.agent} ... (relative clause, "
                                      "verb of power)", sentence=s, bearers=list(keys), variable=variable)]
        return []

    def _primary(self, s: str, floor: int, mentions: list[Mention], found: dict[str, tuple[Cue, re.Match[str]]],
                 subj: Subject | None, deadline: DraftDeadline | None) -> tuple[Primary | None, Subject | None]:
        """The kind of the sentence other than a Power (kind, cue label, the cue's match), and the
        agent of a passive where that made it a norm."""
        primary: Primary | None = None
        for kind in ("Prohibition", "Permission", "Obligation"):
            if kind in found:
                primary = (kind, found[kind][0].label, found[kind][1])
                break
        passive = self.lx.passive_rx.search(s[floor:])
        if primary is not None and primary[0] == "Permission" and primary[1] == "kan|kunnen" and not mentions \
                and not passive:
            # "De resultaten kunnen aanleiding geven tot ...": a possibility, no party's liberty
            primary = None
        if primary is None and subj is not None:
            cmd = self.command(s, subj, mentions)
            if cmd is not None:
                kind = "Prohibition" if self.negated(s, cmd[1]) else "Obligation"
                primary = (kind, f"{cmd[0]}{PRESENT}", None)
        agent = None
        if primary is None and "Power" not in found:
            agent = self.agent(s, mentions, floor)
            if agent is not None:
                primary = ("Obligation", f"{self.lx.agent} ... (passive with an agent)", None)
            elif self.lx.passive_norms and self._passive(s, floor) and not self._agent_not_a_party(s, floor):
                primary = ("Obligation", "present-tense passive", None)
            elif deadline is not None and deadline.kind != "Vague" and (
                    passive or re.search(r"\bvind(?:t|en)\b.*\bplaats\b", s[floor:], re.IGNORECASE)):
                primary = ("Obligation", "passive with a deadline", None)
        return primary, agent

    def _kinds(self, s: str, floor: int, found: dict[str, tuple[Cue, re.Match[str]]], primary: Primary | None,
               bearer_subj: Subject | None, item: bool = False) -> list[tuple[str, str]]:
        """(kind, cue label) of the norms of the sentence: a Power beside the primary kind, which
        it replaces where its cue covers the primary one or a governing body acts with a verb of
        power. No Power where its verb is an infinitive under a modal of obligation ("zullen ...
        hun bevoegdheden mandateren": a duty to use a power) or in a list item with no party and
        no finite verb ("beslissen op bezwaar": a task named, not a power)."""
        kinds: list[tuple[str, str]] = []
        power = found.get("Power")
        if power is not None and (self._under_modal(s, primary, power[1])
                                  or item and primary is None and bearer_subj is None
                                  and re.fullmatch(rf"{W}+en", power[1].group(0))):
            power = None
        if power is not None:
            pm = power[1]
            covers = primary is not None and primary[2] is not None and pm.start() <= primary[2].start() < pm.end()
            if covers and primary is not None and primary[0] == "Prohibition":
                return [(primary[0], primary[1])]  # "is niet bevoegd ...": no competence, a prohibition
            if primary is not None and (covers or self._can_power(s, primary, pm)
                                        or primary[0] == "Obligation" and primary[2] is None
                                        and bearer_subj is not None and pm.start() <= bearer_subj.end + 40
                                        and pm.start() >= bearer_subj.start):
                primary = None
            kinds.append(("Power", power[0].label))
        if primary is not None:
            kind, label, _ = primary
            if kind in ("Obligation", "Permission") and bearer_subj is not None \
                    and self._power_verb(s, self._main_verb_at(s, label, bearer_subj, floor)) \
                    and (bearer_subj.organ in self.governing or bearer_subj.organ is None and self._group(bearer_subj)):
                kind = "Power"
                if any(k == "Power" for k, _ in kinds):
                    kind = ""
            if kind:
                kinds.insert(0, (kind, label))
        return kinds

    def _can_power(self, s: str, primary: Primary, pm: re.Match[str]) -> bool:
        """Whether the cue of a Power follows the modal "kan|kunnen" of a Permission in the same
        clause: "Aan de toetreding kunnen voorwaarden worden verbonden" is the power itself."""
        m = primary[2]
        return primary[0] == "Permission" and primary[1] == "kan|kunnen" and m is not None \
            and pm.start() >= m.end() and not re.search(r"[,;:]", s[m.end():pm.start()])

    def _under_modal(self, s: str, primary: Primary | None, pm: re.Match[str]) -> bool:
        """Whether the cue of a Power is an infinitive governed by the modal of an Obligation
        (``obligation_modals``) earlier in the same clause: "zullen ... mandateren", "dient te
        worden gewijzigd"."""
        if primary is None or primary[0] != "Obligation" or primary[2] is None or primary[1] not in self.lx.modals:
            return False
        between = s[primary[2].end():pm.start()]
        infinitive = any(w.lower().endswith("en") for w in re.findall(rf"{W}+", pm.group(0)))
        return pm.start() >= primary[2].end() and not re.search(r"[,;:]", between) and infinitive

    def _norms(self, s: str, place: Place, kinds: list[tuple[str, str]], mentions: list[Mention], floor: int,
               bearer_subj: Subject | None, patient: Subject | None,
               deadline: DraftDeadline | None) -> list[ExtractedNorm]:
        keys, variable = self.bearer(bearer_subj) if bearer_subj is not None else ([], False)
        non_party = not keys and bearer_subj is not None and any(m.other for m in bearer_subj.mentions)
        cp = self.counterparty(s, mentions, bearer_subj, floor)
        if cp is None and patient is not None and len(patient.mentions) == 1:
            keys_p, variable_p = self.bearer(patient)
            if len(keys_p) == 1 and not variable_p:  # "Opdrachtgevers worden hieromtrent geïnformeerd"
                cp = patient.mentions[0]
        out: list[ExtractedNorm] = []
        for i, (kind, label) in enumerate(kinds):
            out.append(ExtractedNorm(
                place=place, kind=kind,  # type: ignore[arg-type]
                bearer=keys[0] if len(keys) == 1 else None,
                bearer_text=s[bearer_subj.start:bearer_subj.end] if bearer_subj is not None else "",
                cue=label, sentence=s,
                counterparty=cp.key if cp is not None else None,
                counterparty_text=cp.text if cp is not None else None,
                deadline=deadline if i == 0 else None,
                bearers=list(keys), variable=variable,
                named_other=non_party, non_party=non_party,
            ))
        if all(k != "Power" for k, _ in kinds):
            openers = self.lx.consent_conditions + (self.lx.consent_openers if kinds[0][0] == "Prohibition" else [])
            consent = self._consent(s, mentions, place, openers)
            if consent is not None:
                out.append(consent)
        return out

    def _consent(self, s: str, mentions: list[Mention], place: Place, openers: list[str]) -> ExtractedNorm | None:
        """A prohibition's exception by a party's consent: "..., tenzij de verantwoordelijke hiermee
        akkoord gaat" is a power of that party (to lift the prohibition); so is a consent any norm
        waits for ("Het plan wordt vastgesteld nadat de colleges ... daarmee hebben ingestemd":
        ``consent_conditions``)."""
        if not openers:
            return None
        for m in re.finditer(rf"(?<!{W})(?:{'|'.join(map(re.escape, openers))})(?!{W})", s, re.IGNORECASE):
            clause = re.split(r"[;,](?:\s*dan\s+wel)?", s[m.end():], maxsplit=1)[0]
            if not any(rx.search(clause) for rx in self.lx.consent_cues):
                continue
            start = m.end()
            inside = [x for x in mentions if start <= x.start < start + len(clause)]
            if not inside:
                continue
            subj = self.subject_of(s, inside[0], start, mentions)
            keys, variable = self.bearer(subj)
            return ExtractedNorm(
                place=place, kind="Power", bearer=keys[0] if len(keys) == 1 else None,
                bearer_text=s[subj.start:subj.end], cue=f"{m.group(0)} ... (consent)", sentence=s,
                bearers=list(keys), variable=variable)
        return None

    def _passive(self, s: str, floor: int) -> bool:
        """A present-tense passive in the main clause: "wordt ... verwerkt", "worden ... gedeeld"."""
        for m in self.lx.passive_rx.finditer(s[floor:]):
            pos = floor + m.start()
            if self.subordinate(s, pos, floor):
                continue
            tail = re.split(r"[,;.]", s[pos:], maxsplit=1)[0]
            if any(self.lx.participle.fullmatch(w) for w in re.findall(rf"{W}+", tail.lower())[1:]):
                return True
        return False

    def _agent_not_a_party(self, s: str, floor: int) -> bool:
        """A passive whose agent is no party: "De opdrachtnemersrol wordt ingevuld door een
        gemeentelijk organisatieonderdeel", "Door deze regeling wordt ... niet aangetast" (a
        description, no party's duty). Not "door" inside the subject noun, in a subordinate clause
        or in a phrase of means (``means_phrases``: "door middel van")."""
        aux = self.lx.passive_rx.search(s[floor:])
        for m in re.finditer(rf"(?<!{W}){re.escape(self.lx.agent)}(?!{W})", s[floor:], re.IGNORECASE):
            pos = floor + m.start()
            if self.subordinate(s, pos, floor) or any(rx.match(s, pos) for rx in self.lx.means):
                continue
            before = self._words_before(s, pos)
            if aux is not None and pos < floor + aux.start() and before and before[-1][0] >= floor:
                continue  # "De gegevensverwerking door X wordt ...": inside the subject noun
            return True
        return False

    def _power_verb(self, s: str, floor: int) -> bool:
        """A verb of power in the main clause; not in a phrase that opens the sentence with a
        preposition and ends at a comma ("Voor de vaststelling van ..., wordt ... gevraagd")."""
        first = WORD_RX.search(s, floor)
        comma = s.find(",", floor)
        if first is not None and first.group(0).lower() in self.lx.not_verbs and comma >= 0:
            floor = comma + 1
        return any(rx.search(s, floor) for rx in self.lx.power_verbs)

    def _main_verb_at(self, s: str, label: str, subj: Subject, floor: int) -> int:
        """Where a verb of power may stand for a duty or liberty of a governing body to be a Power:
        from the finite verb of a present-tense command on (not in a relative clause before it:
        "Een opdrachtgever die voornemens is zijn beleid te wijzigen, stelt ... in kennis"); for
        a duty by another cue ("draagt er zorg voor dat ... is vastgesteld": the duty to see it
        done) nowhere; else from `floor`."""
        if label.endswith("(present tense after a party)"):
            cmd = self.command(s, subj)
            return cmd[1] if cmd is not None else floor
        if label in self.lx.see_to_it:
            return len(s)
        return floor

    def _group(self, subj: Subject) -> bool:
        members: set[str] = set()
        for m in subj.mentions:
            if m.key:
                members |= self.index.members(m.key)
        return len(members) > 1


_DEFAULT: Any = object()


def _no_bearer(n: ExtractedNorm) -> bool:
    return not n.bearers and not n.variable and not n.named_other


def extract_norms(doc: Document, parties: list[DraftParty], model: Model | None = _DEFAULT) -> list[ExtractedNorm]:
    """The norms of every lid and item of the draft, sentence by sentence.

    Within one lid, a norm whose sentence names no bearer is merged into the norm of the same
    kind that an earlier sentence of the lid gave a bearer (the later sentence elaborates the
    same duty: "Opdrachtnemer stelt kwartaalrapportages op. De kwartaalrapportages worden ...
    aangeboden"): its deadline and counterparty go to that norm; with a second deadline it is
    kept, with that norm's bearer.
    A norm that still has no bearer gets the one the learned `model` (:mod:`.learn`) reads
    from its words, as a role of this draft (all parties, the performing party, the parties it
    performs for); `model=None`: no learned part. Before it, a norm in the passive voice with no
    agent gets the draft's default agent (:func:`.parties.default_agent`), if it names one.
    The items of a list whose lead is a party alone ("De opdrachtnemer:") are read with that party
    before them (:meth:`SentenceAnalyser.lead_subject`)."""
    if model is _DEFAULT:
        model = default_model()
    analyser = SentenceAnalyser(PartyIndex(parties))
    out: list[ExtractedNorm] = []
    leads: dict[tuple[str, str | None], str] = {}
    lead_norms: dict[tuple[str, str | None], list[ExtractedNorm]] = {}  # the norms of a list's lead
    for place, text, is_definition in units(doc):
        if is_definition:
            continue
        if place.item is None:
            leads[(place.article, place.paragraph)] = text
        else:
            text = analyser.lead_subject(leads.get((place.article, place.paragraph), "")) + text
        found: list[ExtractedNorm] = []
        for s in sentences(text):
            for n in analyser.analyse(s, place):
                if n.cue.endswith(PRONOUN) and found:  # "... mag een Partij ... sluiten. Zij informeert ...": hers
                    n.bearers, n.bearer, n.variable = list(found[-1].bearers), found[-1].bearer, found[-1].variable
                    n.bearer_text = found[-1].bearer_text
                same = next((o for o in found if o.kind == n.kind and not _no_bearer(o)), None)
                if _no_bearer(n) and same is not None and _refers_back(n.sentence, same.sentence):
                    if same.counterparty is None and same.counterparty_text is None:  # "... aan opdrachtgevers"
                        same.counterparty, same.counterparty_text = n.counterparty, n.counterparty_text
                    if n.deadline is None or n.deadline == same.deadline:
                        continue
                    if same.deadline is None:  # "... worden uiterlijk één maand na ... aangeboden"
                        same.deadline = n.deadline
                        continue
                    n.bearers, n.bearer = list(same.bearers), same.bearer  # a second deadline of the same duty
                found.append(n)
        key = (place.article, place.paragraph)
        if place.item is None:
            lead_norms[key] = found
        elif (lead := next((o for o in reversed(lead_norms.get(key, [])) if o.bearers or o.named_other), None)) is not None:
            # the items of a list under a lead that names its bearer ("Dienstverlener is jegens ieder
            # Afnemer gehouden:", "De Stuurgroep is bevoegd te besluiten over:"): an item's norm that
            # names none is the bearer's of the lead's last sentence that names one (the one before the list)
            for n in found:
                if _no_bearer(n):
                    n.bearers, n.bearer, n.variable = list(lead.bearers), lead.bearer, lead.variable
                    n.bearer_text, n.named_other, n.non_party = lead.bearer_text, lead.named_other, lead.non_party
        out.extend(found)
    agent = default_agent(doc, parties)
    passive = lexicons().passive_rx
    patient = _default_patient(doc) if agent is not None else None
    if agent is not None:
        for n in out:
            if _no_bearer(n) and n.kind != "Power" and passive.search(n.sentence) \
                    and (patient is None or patient.search(n.sentence)):
                n.bearers, n.bearer = [agent], agent
    if model is not None:
        _learned_parts(out, parties, model)
    survival(doc, out)
    return out


def survival(doc: Document, norms: list[ExtractedNorm]) -> None:
    """Marks the norms that survive the end of the agreement (deontic.yaml ``survival``): those of
    the articles (or article lids) of the draft a survival sentence names ("artikel 5 van de
    Archiefwet" is another law's; "10 tot en met 12" a range), those whose words are of a duty it
    names by its subject (``survival_topics``: "in ieder geval de geheimhouding"), and, where it
    points back ("Deze verplichting blijft ..."), those of the sentence before it: its own lid's, or
    the lid before it when it opens its lid."""
    lx = lexicons()
    if not lx.survival:
        return
    before: tuple[str, str | None] | None = None  # the lid before this one in the same article
    last: tuple[str, str | None] | None = None
    for place, text, is_definition in units(doc):
        here = (place.article, place.paragraph)
        if place.item is None:
            before, last = (last if last is not None and last[0] == place.article and last != here else None), here
        if is_definition:
            continue
        said = sentences(text)
        for k, sent in enumerate(said):
            if not any(rx.search(sent) for rx in lx.survival):
                continue
            # the duties it names by their subject, in it or in the sentence after it ("Tot deze
            # verplichtingen behoort in ieder geval de geheimhouding")
            near = " ".join(said[k:k + 2])
            kept = [words for topic, words in lx.survival_topics if topic.search(near)]
            if kept:
                for n in norms:
                    if any(w.search(n.sentence) for w in kept) and not any(rx.search(n.sentence) for rx in lx.survival):
                        n.survives = True
            named: set[tuple[str, str | None]] = set()
            for m in lx.survival_articles.finditer(sent) if lx.survival_articles is not None else []:
                if lx.survival_other_law is not None and lx.survival_other_law.match(sent, m.end()):
                    continue  # "artikel 5 van de Archiefwet": not the draft's
                span = re.search(r"(\d+)\s+tot en met\s+(\d+)", m.group(1))
                if span is not None and int(span[2]) - int(span[1]) < 50:
                    named |= {(str(i), None) for i in range(int(span[1]), int(span[2]) + 1)}
                for ref in re.findall(r"(\d+[a-z]?(?:\.\d+)?)(?:\s+lid\s+(\d+))?", m.group(1)):
                    named.add((ref[0], ref[1] or None))
            pointer = not named and lx.back_pointer_rx is not None and lx.back_pointer_rx.match(sent) is not None
            target = here if k > 0 else before  # "Deze verplichting ...": the duty of the sentence before it
            for n in norms:
                art, lid = n.place.article, n.place.paragraph
                if named:
                    hit = any(a == art and (lid_ is None or lid in (lid_, f"{a}.{lid_}")) or
                              (lid_ is None and "." in a and art == a.split(".")[0] and lid in (a, a.split(".", 1)[1]))
                              for a, lid_ in named)
                else:
                    hit = pointer and target is not None and (art, lid) == target \
                        and not any(rx.search(n.sentence) for rx in lx.survival)
                if hit:
                    n.survives = True


def _refers_back(later: str, earlier: str) -> bool:
    """Whether `later` elaborates the duty of `earlier`: it repeats one of its nouns before its
    verb ("Opdrachtnemer stelt kwartaalrapportages op. De kwartaalrapportages worden ...") or
    points back to it ("Deze ..."). Otherwise it is a norm of its own ("Op de verantwoordingen wordt
    door X een accountantscontrole uitgevoerd. De kosten ... worden apart in rekening gebracht")."""
    lx = lexicons()
    if lx.back_pointer_rx is not None and lx.back_pointer_rx.match(later):
        return True  # "Deze rapportages worden ..."
    head = lx.passive_rx.split(later, maxsplit=1)[0]
    words = {w.lower() for w in re.findall(rf"{W}{{5,}}", head)}  # the nouns before its verb (five letters or more)
    return bool(words & {w.lower() for w in re.findall(rf"{W}{{5,}}", earlier)})


def _default_patient(doc: Document) -> re.Pattern[str] | None:
    """What the default agent acts on, as the preamble says ("zullen persoonsgegevens worden
    verwerkt door het samenwerkingsverband": persoonsgegevens): the default agent bears only the
    passives that name it ("Persoonsgegevens worden ... verkregen bij de betrokkene"), not those
    on the agreement itself ("Dit protocol dient te worden gewijzigd"). None: the preamble names
    none (every passive then)."""
    rx = lexicons().default_patient
    m = rx.search(re.sub(r"\s+", " ", doc.preamble or "")) if rx is not None else None
    word = next((g for g in m.groups() if g), None) if m is not None else None
    return re.compile(rf"(?<!{W}){re.escape(word)}(?!{W})", re.IGNORECASE) if word else None


def _learned_parts(out: list[ExtractedNorm], parties: list[DraftParty], model: Model) -> None:
    """The bearer of the norms that still have none and the counterparty of those with none, as
    the learned `model` reads them (:func:`extract_norms`). The counterparty is read given the
    bearer the rules found (none for a bearer the model gave), as the model was trained."""
    ruled = {id(n): list(n.bearers) for n in out}
    for n in out:
        if _no_bearer(n):
            label, _ = model.bearer_label(n.sentence, n.kind, n.cue)
            key = resolve(label, parties)
            if key is not None:
                n.bearers = [key]
                n.bearer = key
    by_key = {p.key: p for p in parties}
    for n in out:
        if n.counterparty is None and not n.counterparty_text:
            munis: set[str] = set()
            for k in ruled[id(n)]:
                if k in by_key:
                    munis |= by_key[k].municipalities(parties)
            label = model.counterparty_label(n.sentence, n.kind, label_of(frozenset(munis), parties))
            key = resolve(label, parties) if label != "NOCP" else None
            if key is not None and key not in n.bearers:
                n.counterparty, n.counterparty_text = key, ""


def extract(doc: Document, model: Model | None = _DEFAULT) -> tuple[list[DraftParty], list[ExtractedNorm]]:
    """The parties and roles the draft defines, and its norms (`model`: see :func:`extract_norms`)."""
    parties = find_parties(doc)
    return parties, extract_norms(doc, parties, model)
