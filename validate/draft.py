"""What a draft says about itself, beyond its norms: its kind, title, dates, signatures,
references, placeholders, the topics of its articles, cost keys and notice periods.

Everything is found with the patterns of ``lexicon/document.yaml`` and the table of acts in
``clauses/acts.yaml``; every finding keeps the words it was found in and its place (article,
lid), so that the validator's findings cite the text. Nothing here decides what is wrong:
that is for the shapes (``shapes/``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..clauses.layout import Layout, Line
from ..clauses.model import Document
from ..words import municipality_names, number_word
from .model import Place
from .parties import load_lexicon

HERE = Path(__file__).parent
ACTS = HERE.parent / "clauses" / "acts.yaml"
FLAGS = re.IGNORECASE


def lexicon() -> dict[str, Any]:
    return load_lexicon("document")


@cache
def _re(pattern: str, flags: int = FLAGS) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@cache
def acts_table() -> list[dict[str, Any]]:
    with ACTS.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return list(data.get("acts", []) or [])


@dataclass
class Unit:
    """A piece of text with its place: a lid (items included), the preamble or the closing."""

    place: Place
    text: str
    heading: str | None = None


@dataclass
class DateMention:
    date: dt.date | None
    text: str
    place: Place


@dataclass
class Signature:
    party: str  # the municipality's name as printed
    place: Place
    signed_on: DateMention | None = None
    decision_on: DateMention | None = None


@dataclass
class Reference:
    place: Place
    text: str
    target: str  # an article number, or an act id
    lid: str | None = None


@dataclass
class CostKey:
    place: Place
    text: str
    shares: list[tuple[str, float]]  # municipality name, percentage
    # a share given to a municipality that is no party of the draft ("gemeente Hilversum 25%")
    others: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class NoticePeriod:
    place: Place
    text: str
    count: int
    unit: str


@dataclass
class Heading:
    number: str
    line: int
    text: str
    parsed: bool  # False: a heading line the parser took as running text (a repeated number)


@dataclass
class Recognised:
    kind: str
    regulation: bool
    title: str
    citation_title: tuple[str, Place] | None = None
    in_force: list[DateMention] = field(default_factory=list)
    ends: list[DateMention] = field(default_factory=list)  # "... en eindigt op 31 juli 2029": its last day
    retroactive: Place | None = None
    signatures: list[Signature] = field(default_factory=list)
    placeholders: list[tuple[Place, str]] = field(default_factory=list)
    signing_blanks: list[tuple[Place, str]] = field(default_factory=list)  # the signature block's, filled in at the signing
    headings: list[Heading] = field(default_factory=list)
    article_refs: list[Reference] = field(default_factory=list)
    act_refs: list[Reference] = field(default_factory=list)
    topics: dict[str, dict[str, Place]] = field(default_factory=dict)  # topic -> first place per article
    cost_keys: list[CostKey] = field(default_factory=list)
    notice_periods: list[NoticePeriod] = field(default_factory=list)
    unitless_terms: list[tuple[Place, str]] = field(default_factory=list)  # "binnen 30 na afloop"
    mentions: list[tuple[str, Place]] = field(default_factory=list)  # titles of other documents named
    impossible_dates: list[tuple[Place, str]] = field(default_factory=list)  # "31 februari 2027"
    lists_parties: bool = True  # the preamble has a list of parties ("De ondergetekenden:", "Partijen:")


def units(doc: Document) -> Iterator[Unit]:
    if doc.preamble:
        yield Unit(Place("preamble"), _flat(doc.preamble))
    for art in doc.articles:
        for p in art.paragraphs:
            yield Unit(Place(art.number, p.label), _flat(p.text), art.heading)
    if doc.closing:
        yield Unit(Place("closing"), doc.closing)


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- dates ------------------------------------------------------------------------------------
def find_dates(text: str) -> list[tuple[dt.date | None, str, int]]:
    """The dates written in `text`: (date or None when impossible, the words, position)."""
    lx = lexicon()
    out = []
    for pat in lx["date_patterns"]:
        for m in _re(pat).finditer(text):
            g = m.groupdict()
            month = int(g["monthnum"]) if g.get("monthnum") else lx["months"][g["month"].lower()]
            try:
                date: dt.date | None = dt.date(int(g["year"]), month, int(g["day"]))
            except ValueError:
                date = None
            out.append((date, m.group(0), m.start()))
    return sorted(out, key=lambda x: x[2])


# -- the document -----------------------------------------------------------------------------
def recognise_kind(doc: Document, lines: list[Line]) -> tuple[str, bool, str]:
    """(ontology class name, is a gemeenschappelijke regeling, title)."""
    lx = lexicon()
    opening = [ln.text.strip() for ln in lines[:60] if ln.text.strip()]
    first_article = doc.articles[0].start if doc.articles else None
    if first_article is not None:
        opening = [ln.text.strip() for ln in lines if ln.no < first_article and ln.text.strip()][:60] or opening
    title = _title(opening)
    cit = citation_title(doc)
    candidates = [cit[0]] if cit else []
    candidates += [title, " ".join(opening)]
    for text in candidates:  # the kind named first in the first text that names one
        hits = [(m.start(), i) for i, k in enumerate(lx["kinds"]) for m in [_re(k["pattern"]).search(text)] if m]
        if hits:
            k = lx["kinds"][min(hits)[1]]
            return k["class"], bool(k["regulation"]), (cit[0] if cit else title)
    return "Agreement", False, (cit[0] if cit else title)


def _title(opening: list[str]) -> str:
    """The title: the first lines before the preamble proper, as one line."""
    out: list[str] = []
    for text in opening:
        if _re(r"^(?:de )?ondergetekenden|^partijen\b|^overweg|^considerans|^gelet op|^de colleges?\b|^het college\b").match(text):
            break
        if out and (len(text) > 160 or len(" ".join([*out, text])) > 300):
            break  # (a title of several lines is read to its end: the limit is the whole title's, not a line's)
        out.append(text)
    return " ".join(out)[:300] or "(zonder titel)"


def citation_title(doc: Document) -> tuple[str, Place] | None:
    pat = _re(lexicon()["citation_title"])
    for u in units(doc):
        if u.place.article in ("preamble", "closing"):
            continue
        m = pat.search(u.text)
        if m:
            return (m.group("title") or m.group("bare")).strip(), u.place
    return None


def is_dutch(lines: list[Line]) -> bool:
    lx = lexicon()
    words = re.findall(r"[a-zà-ÿ]+", " ".join(ln.text for ln in lines[:2000]).lower())
    if len(words) < 20:
        return False
    known = set(lx["dutch_words"])
    return sum(1 for w in words if w in known) / len(words) >= float(lx["dutch_min_share"])


def recognise(doc: Document, lines: list[Line]) -> Recognised:
    lx = lexicon()
    kind, regulation, title = recognise_kind(doc, lines)
    r = Recognised(kind=kind, regulation=regulation, title=title, citation_title=citation_title(doc))
    in_force, retro, until = _re(lx["in_force"]), _re(lx["retroactive"]), _re(lx["in_force_until"])
    own_end_rx = _re(lx["own_end_before"])
    holders = [_re(p, 0 if "[A-Z]" in p else FLAGS) for p in lx["placeholders"]]
    signing = _re(lx["signing_blank"])
    cost_ctx, share = _re(lx["cost_context"]), _re(lx["share"])
    municipalities = _municipality_names(doc)
    starts = load_lexicon("roles")["preamble"]["start"]
    r.lists_parties = any(re.search(p, doc.preamble or "", re.IGNORECASE | re.MULTILINE) for p in starts)
    for u in units(doc):
        for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z(])", u.text):
            if u.place.article not in ("preamble", "closing") and (m := in_force.search(sentence)):
                # not a date after a word of ending ("treedt in werking op 1 augustus 2027 en eindigt op
                # 31 juli 2029": the second is its end, not another entry into force)
                end = until.search(sentence, m.start())
                # its own end only where the ending is said of it, joined to its entry into force ("...
                # en eindigt op", "..., geldt tot en met"), not of another one ("en vervangt de
                # overeenkomst die eindigt op") nor a retroactive start ("en werkt terug tot en met")
                own_end = end is not None and own_end_rx.search(sentence[max(0, end.start() - 12):end.start()]) is not None
                for date, words, at in find_dates(sentence):
                    if end is None or at < end.start():
                        r.in_force.append(DateMention(date, words, u.place))
                    elif own_end:
                        r.ends.append(DateMention(date, words, u.place))
            if retro.search(sentence) and r.retroactive is None:
                r.retroactive = u.place
        r.impossible_dates.extend((u.place, words) for date, words, _ in find_dates(u.text) if date is None)
        for pat in holders:
            for m in pat.finditer(u.text):
                blank = m.group(0).strip()
                if u.place.article == "closing" and signing.search(blank):
                    r.signing_blanks.append((u.place, blank))
                else:
                    r.placeholders.append((u.place, blank))
        if u.place.article not in ("preamble", "closing"):
            r.article_refs.extend(_article_refs(u))
            if cost_ctx.search(u.text):
                key = _cost_key(u, share, municipalities)
                if key:
                    r.cost_keys.append(key)
            r.notice_periods.extend(_notice(u))
            r.unitless_terms.extend((u.place, t) for t in unitless_terms(u.text))
        r.act_refs.extend(_act_refs(u))
    r.signatures = _signatures(doc)
    r.headings = _headings(doc, lines)
    r.topics = _topics(doc)
    return r


def _municipality_names(doc: Document) -> list[str]:
    names: list[str] = []
    text = " ".join(x for x in (doc.preamble, doc.closing) if x)
    for m in _re(r"\bgemeenten?\s+((?:[A-Z][\w'-]*(?:-[A-Z][\w'-]*)*)(?:\s*(?:,|en)\s*[A-Z][\w'-]*(?:-[A-Z][\w'-]*)*)*)", 0).finditer(text):
        for name in re.split(r"\s*(?:,|\ben\b)\s*", m.group(1)):
            if name and name not in names and name not in ("Partijen",):
                names.append(name)
    return names


# -- pieces -----------------------------------------------------------------------------------
def _article_refs(u: Unit) -> list[Reference]:
    lx = lexicon()
    out = []
    ext, more = _re(lx["external_after"]), _re(lx["article_list_more"])
    for m in _re(lx["article_reference"]).finditer(u.text):
        after = u.text[m.end(): m.end() + 80]
        numbers = [m.group("number")]
        rest = after
        while True:
            mm = more.match(rest)
            if not mm:
                break
            numbers.append(mm.group("number"))
            rest = rest[mm.end():]
        if ext.match(rest) or _act_before(u.text[max(0, m.start() - 150): m.start()]) or re.match(r"^\s*:\s*\d", after) or re.match(r"^:\d", u.text[m.end():]):
            continue
        if re.match(r"^\d*:", u.text[m.end(): m.end() + 4]):
            continue  # "artikel 7:400" (BW)
        lid = m.group("lid") or (str(lx["lid_words"][m.group("lidword").lower()]) if m.group("lidword") else None)
        for i, n in enumerate(numbers):
            out.append(Reference(u.place, m.group(0) if i == 0 else f"artikel {n}", n, lid if i == 0 else None))
    return out


def _act_before(text: str) -> bool:
    """An act named earlier in the same sentence: "de Wet X, in het bijzonder artikel 71"."""
    text = re.split(r"[.;:]\s", text)[-1]
    return any(pat.search(text) for _, pat in _act_patterns())


@cache
def _act_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for act in acts_table():
        names = sorted({*(act.get("aliases") or []), act["title"], *([act["abbreviation"]] if act.get("abbreviation") else [])},
                       key=len, reverse=True)
        alts = "|".join(re.escape(n) for n in names if n)
        # abbreviations are matched with their capitals; names without regard to case
        out.append((act["id"], re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")))
    return out


def _act_refs(u: Unit) -> list[Reference]:
    out = []
    for act_id, pat in _act_patterns():
        m = pat.search(u.text)
        if m:
            out.append(Reference(u.place, m.group(0), act_id))
    return out


def _cost_key(u: Unit, share: re.Pattern[str], municipalities: list[str]) -> CostKey | None:
    """Percentages given to named municipalities in one lid: "Sittard-Geleen 82%, Beek 8%"."""
    shares: list[tuple[str, float]] = []
    others: list[tuple[str, float]] = []
    for m in share.finditer(u.text):
        window = u.text[max(0, m.start() - 60): m.end() + 40]
        before = u.text[max(0, m.start() - 60): m.start()]
        name = None
        best = -1
        for mun in municipalities:
            for mm in re.finditer(re.escape(mun), before):
                if mm.start() > best:
                    best, name = mm.start(), mun
        if name is None:
            for mun in municipalities:
                if re.search(re.escape(mun), window[len(before):]):
                    name = mun
                    break
        if m.group("pct"):
            pct = float(m.group("pct").replace(",", "."))
        elif (n := number_word(m.group("word"))) is not None:
            pct = float(n)
        else:
            continue  # "... procent" after a word that is no number
        other = _re(lexicon()["share_other_municipality"]).search(before)
        if other is None:  # "- Stein: 10%" in a DVO of Beek and Sittard-Geleen: a municipality by its name alone
            other = next((o for o in [_re(lexicon()["share_named"], 0).search(before)]
                          if o is not None and o["name"] in municipality_names()), None)
        if other is not None and other.start("name") > best and other["name"] not in municipalities:
            # "gemeente Berg 40%, gemeente Hilversum 25%": the name right before is no party's
            if all(n != other["name"] for n, _ in others):
                others.append((other["name"], pct))
            continue
        if name is None:
            continue
        if all(n != name for n, _ in shares):
            shares.append((name, pct))
    if len(shares) < 2:
        return None
    return CostKey(u.place, u.text[:300], shares, others)


def _notice(u: Unit) -> list[NoticePeriod]:
    lx = lexicon()
    out = []
    for m in _re(lx["notice_period"]).finditer(u.text):
        out.append(NoticePeriod(u.place, m.group(0), int(m.group("count")), lx["units"][m.group("unit").lower()]))
    if not out:
        for m in _re(lx["notice_period_words"]).finditer(u.text):
            out.append(NoticePeriod(u.place, m.group(0), int(lx["number_words"][m.group("word").lower()]),
                                    lx["units"][m.group("unit").lower()]))
    return out


def unitless_terms(text: str) -> list[str]:
    """The terms of a text whose number has no unit of time ("binnen 30 na afloop van het
    kwartaal", "een opzegtermijn van zes"): lexicon/document.yaml, unitless_term."""
    lx = lexicon()
    unit, not_time = _re(lx["unit_words"]), _re(lx["after_number_not"])
    out = []
    for m in _re(lx["unitless_term"]).finditer(text):
        after, number = m.group("after") or "", m.group("number")
        if re.match(r"[-/.]\d", text[m.end("number"):]):  # a date: 31-12-2025, 1.1.2026
            continue
        if number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2100:  # a year
            continue
        if not unit.search(after) and not not_time.search(after):
            out.append(" ".join(m.group(0).split()))
    return out


def _signatures(doc: Document) -> list[Signature]:
    """Signature blocks in the closing, with the dates of signing, and the dates of the college
    decisions that the signatures execute (stated per party in the preamble or the closing)."""
    lx = lexicon()
    party_pat, date_kw = _re(lx["signature_party"], 0), _re(lx["signature_date"])
    out: list[Signature] = []
    if doc.closing:
        current: Signature | None = None
        for raw in doc.closing.split("\n"):
            text = raw.strip()
            pm = party_pat.match(text) or _re(r"^(?P<name>[A-Z][\w'-]+(?:-[A-Z][\w'-]+)*)\s*,?\s*$", 0).match(text)
            if party_pat.match(text) and pm:
                current = Signature(pm.group("name"), Place("closing"))
                out.append(current)
            dates = find_dates(text)
            if (current is not None and dates and (date_kw.search(text) or len(text) < 40)
                    and current.signed_on is None):
                current.signed_on = DateMention(dates[0][0], dates[0][1], Place("closing"))
    decision = _re(lx["decision"])
    party_in = _re(r"\b[Gg]emeente\s+(?P<name>[A-Z][\w'-]*(?:-[A-Z][\w'-]*)*)", 0)
    # the preamble by a party's entry, read whole, for one that runs over several lines ("...,
    # handelend ter uitvoering van het besluit van het college\nd.d. 3 november 2025;"; an entry ends
    # at a blank line or the next numbered entry; each decision goes with the last party named
    # before it), the closing line by line
    entries = [" ".join(e.split()) for e in re.split(r"\n\s*\n|\n(?=\s*\d+[.)]\s)", doc.preamble or "")]
    for text in entries + (doc.closing or "").split("\n"):
        for m in decision.finditer(text):
            named = list(party_in.finditer(text[: m.start()]))
            pm = named[-1] if named else None  # the last party named before the decision
            dates = find_dates(text[m.start():])
            if pm and dates:
                for s in out:
                    if s.party == pm.group("name") and s.decision_on is None:
                        s.decision_on = DateMention(dates[0][0], dates[0][1], Place("preamble"))
    return out


def _headings(doc: Document, lines: list[Line]) -> list[Heading]:
    """Every line that looks like an article heading: the parsed articles, and lines with the
    number of an earlier article that the parser kept as running text (a repeated number)."""
    layout = Layout()
    parsed = {a.start: a.number for a in doc.articles}
    out = [Heading(a.number, a.start, f"Artikel {a.number}" + (f" {a.heading}" if a.own_heading and a.heading else ""), True)
           for a in doc.articles]
    seen = set(parsed.values())
    for ln in lines:
        if ln.no in parsed or not (doc.start <= ln.no <= doc.end):
            continue
        m = layout.article.match(ln.text)
        if not m or not m.group("heading"):
            continue
        heading = m.group("heading").strip()
        # a title: short, starts with a capital, no sentence inside it
        if (m.group("number") in seen and heading[:1].isupper() and len(heading) < 60
                and not re.search(r"[.;:,]\s*\w", heading) and not layout.article_heading_not.match(heading)):
            out.append(Heading(m.group("number"), ln.no, ln.text.strip(), False))
    return sorted(out, key=lambda h: h.line)


def _topics(doc: Document) -> dict[str, dict[str, Place]]:
    """The topics per article (and of the preamble): the heading weighs 2, every lid that
    speaks of it 1; a topic needs its `threshold` (the lexicon's default or its own)."""
    lx = lexicon()
    out: dict[str, dict[str, Place]] = {}
    parts: list[tuple[str, str, list[tuple[str | None, str]]]] = []
    if doc.preamble:
        parts.append(("preamble", "", [(None, _flat(doc.preamble))]))
    for art in doc.articles:
        parts.append((art.number, art.heading or "", [(p.label, _flat(p.text)) for p in art.paragraphs]))
    for number, heading, paragraphs in parts:
        for key, t in lx["topics"].items():
            threshold = int(t.get("threshold", lx["topic_threshold"]))
            weight = 2 if heading and _re(t["heading"]).search(heading) else 0
            place = Place(number)
            for label, text in paragraphs:
                if _re(t["text"]).search(text):
                    weight += 1
                    if place.paragraph is None and number != "preamble":
                        place = Place(number, label)
                    if weight >= threshold:
                        break
            if weight >= threshold:
                out.setdefault(key, {})[number] = place
    return out
