"""Rules as code: the norms' structured deadlines as dates, and the duties an event triggers.

The norms come from the graph (the curated encoding, read with the views of
:mod:`dvo_kb.clauses.views`): those of the articles and those of the entries of the annexes
(``annex_provisions.rq``: "bijlage 1, taak 11"). When a deadline recurs and what triggers a norm is derived by
the SPARQL CONSTRUCT rules in ``schedule/`` (data: one rule a file); the dates by
:mod:`dvo_kb.rules.calendar`.
Nothing is computed that the text does not give: a vague term ("onverwijld", "tijdig") or a
recurrence without a day is reported as not computable, never as an invented date. A norm that
arises only after a period ("gedurende een periode van meer dan tien (10) werkdagen ... heeft de
andere partij het recht", a ``dvo:DurationCondition``) gets, for an event on a date, the first day
on which it exists (``date_kind`` "arises"), with its steps and skipped days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .. import sparql
from ..clauses.iris import where
from ..clauses.views import _provision, document_names, document_view, list_documents, resolve_document
from ..errors import UserError
from ..ontology.load import term_text
from ..ontology.namespace import DVO_NS
from ..words import after_duration, calendar_words, says_minimum
from .calendar import (
    Computation,
    add_period,
    arises_after,
    check_date,
    end_of_month,
    fixed_day,
    quarter_ends,
    roll_forward,
    working_days_calendar,
)

if TYPE_CHECKING:
    from ..store import KnowledgeBase

HERE = Path(__file__).parent
MAX_WINDOW_YEARS = 10
NORMS = ("Obligation", "Permission", "Prohibition", "Power")


def _query(name: str) -> str:
    return sparql.load(f"rules/{name}.rq")


@dataclass
class Item:
    agreement: str
    article: str
    paragraph: str | None
    kind: str
    bearer: str | None
    counterparty: str | None
    action: str
    due: dt.date | None
    rule: str
    text: str
    norm: str
    deadline_text: str | None
    steps: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rolled: bool = False
    parties: list[str] = field(default_factory=list)
    place: str | None = None  # where the norm stands, in words: "art. 12.3", "bijlage 1, taak 11"
    # "due": the last day of a term; "arises": the first day on which the norm exists; "earliest": the
    # earliest day a minimum period allows ("een opzegtermijn van minimaal één jaar")
    date_kind: str = "due"
    calendar: str | None = None  # the calendar that counted the working days ("holidays-nl", "atw"), if any
    rolled_with: str | None = None  # the calendar with which the date was rolled forward ("atw")
    calendar_notes: list[str] = field(default_factory=list)  # what the calendars do not know; other dates
    reviewed: bool = True  # False: the norm was extracted by dvo-kb add and no person has checked it yet
    bearers: list[str] = field(default_factory=list)  # the parties that bear it (of ``parties``: both sides)
    conditions: list[str] = field(default_factory=list)  # the norm's conditions, in the text's words
    notes: dict[str, list[str]] = field(default_factory=dict)  # the curators' ambiguity notes, by language

    def notes_in(self, lang: str) -> list[str]:
        """The ambiguity notes in ``lang``, else in the other language."""
        return self.notes.get(lang) or self.notes.get("nl" if lang == "en" else "en") or self.notes.get("", [])

    @property
    def where(self) -> str:
        return self.place or where(self.article, self.paragraph)

    def to_json(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "article": self.article, "paragraph": self.paragraph, "where": self.where,
                "kind": self.kind, "bearer": self.bearer, "counterparty": self.counterparty,
                "action": self.action, "due": self.due.isoformat() if self.due else None, "rule": self.rule,
                "text": self.text, "norm": self.norm, "deadline_text": self.deadline_text,
                "steps": self.steps, "skipped": self.skipped, "rolled_forward": self.rolled,
                "parties": self.parties, "date_kind": self.date_kind, "calendar": self.calendar,
                "rolled_with": self.rolled_with, "calendar_notes": self.calendar_notes, "reviewed": self.reviewed,
                "conditions": self.conditions, "notes_by_lang": self.notes}


@dataclass
class Norm:
    agreement: str
    article: str  # the article number, or "bijlage N" for an entry of an annex
    paragraph: str | None
    text: str
    p: dict[str, Any]
    place: str | None = None  # "bijlage 1, taak 11" for an entry of an annex
    notes: dict[str, list[str]] = field(default_factory=dict)  # the curators' ambiguity notes, by language

    def first_dates(self) -> list[tuple[dt.date, str]]:
        """The first dates its conditions name (dvo:firstDate), with each condition's words, earliest first."""
        return sorted((dt.date.fromisoformat(str(c["first_date"])[:10]), c.get("text") or "")
                      for c in self.p.get("conditions") or [] if c.get("first_date"))

    def parties(self, roles: dict[str, dict[str, Any]], sides: tuple[str, ...] = ("bearer", "counterparty")) -> set[str]:
        """The parties of the norm's sides (both by default): named, playing its roles, or
        candidates of a variable role."""
        out: set[str] = set()
        for side in sides:
            s = self.p.get(side) or {}
            out |= {x.split("/")[0] for x in s.get("parties", [])}
            for r in s.get("roles", []):
                if r.get("party"):
                    out.add(r["party"])
                out |= set(roles.get(r["iri"], {}).get("candidates", []))
        return out


SCHEDULE_RULES = HERE / "schedule"  # data: one CONSTRUCT rule a file


def annex_provisions(kb: KnowledgeBase, doc_iri: str) -> list[tuple[str, int, str, dict[str, Any]]]:
    """The provisions of the entries of a document's annexes: (annex number, position of the
    entry, its text, the provision as the document view gives the provisions of a lid)."""
    doc = ox.NamedNode(doc_iri)
    labels: dict[str, dict[str, str | None]] = {}
    for r in kb.select(_query("annex_labels"), {"doc": doc}):
        entry = labels.setdefault(r["x"], {"id": None, "name": None})
        entry["id"] = entry["id"] or r["id"]
        entry["name"] = entry["name"] or r["name"]
    props: dict[str, dict[str, list[str]]] = {}
    nodes: dict[str, dict[str, list[str]]] = {}
    where: dict[str, tuple[str, int, str]] = {}
    for r in kb.select(_query("annex_provisions"), {"doc": doc}):
        where[r["prov"]] = (r["number"], int(r["pos"]), r["text"])
        target = props if r["node"] == r["prov"] else nodes
        target.setdefault(r["node"], {}).setdefault(r["p"].rsplit("#", 1)[-1], []).append(r["o"])
    out = [(*where[prov], _provision(prov, p, nodes, labels)) for prov, p in props.items()]
    out.sort(key=lambda x: (x[0], x[1], x[3]["iri"]))
    return out


def derive(kb: KnowledgeBase) -> dict[str, dict[str, set[str]]]:
    """Runs the deadline rules (``schedule/*.rq``, SPARQL CONSTRUCT) over the graph: per norm,
    the derived properties (recursEachYear, recursEachQuarter, recursEachMonth, triggeredBy)
    and their values."""
    out: dict[str, dict[str, set[str]]] = {}
    for file in sorted(SCHEDULE_RULES.glob("*.rq")):
        for t in kb.construct(sparql.read(file)):
            subject, obj = t.subject, t.object
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                continue  # (no rule derives statements about statements)
            prop = t.predicate.value.removeprefix(DVO_NS)
            out.setdefault(subject.value, {}).setdefault(prop, set()).add(obj.value.removeprefix(DVO_NS))
    return out


class Rules:
    """The deadline rules over one knowledge base."""

    def __init__(self, kb: KnowledgeBase, working_days: str | None = None) -> None:
        self.kb = kb
        self.working_days = working_days  # the calendar that counts working days; None: DVO_KB_WORKING_DAYS
        self._event_words: list[str] = []
        self._norms: dict[str, tuple[str, list[Norm], dict[str, dict[str, Any]], set[str]]] = {}
        self.derived = derive(kb)
        self.durations: dict[str, dict[str, Any]] = {}
        # each agreement's dvo:inForceFrom (read once, not as a side effect of reading its norms)
        self._in_force: dict[str, dt.date] = {
            d["id"]: dt.date.fromisoformat(str(d["in_force_from"])[:10]) for d in list_documents(kb) if d.get("in_force_from")}
        # the first day each agreement of a definite duration is no longer in force ("vier jaar")
        self._ends: dict[str, tuple[dt.date, str, dt.date]] = {
            r["docId"]: (end, r["duration"], begin) for r in kb.select(_query("validity"))
            if (end := after_duration(begin := dt.date.fromisoformat(str(r["from"])[:10]), r["duration"])) is not None}
        for r in kb.select(_query("durations")):
            self.durations[r["n"]] = {"count": int(r["count"]), "unit": r["unit"].rsplit("-", 1)[-1],
                                      "exclusive": r["exclusive"] == "true", "since": r["since"].rsplit("#", 1)[-1],
                                      "text": r["text"]}

    # -- reading the norms ------------------------------------------------------------------------
    def norms(self, agreement: str) -> tuple[str, list[Norm], dict[str, dict[str, Any]], set[str]]:
        """The agreement's id, its norms, its variable roles and its parties; read once per agreement
        where the graph cannot change while it is read (the embedded store, whose build has a
        fingerprint; a question naming a year read them at each year: 70 ms)."""
        if not getattr(self.kb.info, "fingerprint", None):
            return self._read_norms(agreement)
        if agreement not in self._norms:
            self._norms[agreement] = self._read_norms(agreement)
        return self._norms[agreement]

    def _read_norms(self, agreement: str) -> tuple[str, list[Norm], dict[str, dict[str, Any]], set[str]]:
        view = document_view(self.kb, agreement)
        out = []
        for art in view["articles"]:
            for par in art["paragraphs"]:
                provs = list(par["provisions"]) + [p for it in par["items"] for p in it["provisions"]]
                for p in provs:
                    if p["kind"] in NORMS:
                        out.append(Norm(view["id"], art["article"], par["paragraph"], par["text"], p))
        for number, pos, text, p in annex_provisions(self.kb, view["iri"]):
            if p["kind"] in NORMS:
                out.append(Norm(view["id"], f"bijlage {number}", None, text, p, f"bijlage {number}, taak {pos}"))
        notes: dict[str, dict[str, list[str]]] = {}  # a norm's ambiguity notes in each language they are written in
        for r in self.kb.select(_query("ambiguity_notes"), {"doc": ox.NamedNode(view["iri"])}):
            notes.setdefault(r["prov"], {}).setdefault(r["lang"] or "", []).append(r["note"])
        for n in out:
            n.notes = {lang: sorted(x) for lang, x in notes.get(n.p["iri"], {}).items()}
        return view["id"], out, self.variable_roles(view["iri"]), {p["party"] for p in view["parties"]}

    def variable_roles(self, doc_iri: str) -> dict[str, dict[str, Any]]:
        roles: dict[str, dict[str, Any]] = {}
        for r in self.kb.select(_query("variable_roles"), {"doc": ox.NamedNode(doc_iri)}):
            e = roles.setdefault(r["role"], {"name": r["name"], "candidates": set(), "other_than": None,
                                             "condition": None})
            if r["candidate"]:
                e["candidates"].add(r["candidate"])
            e["other_than"] = e["other_than"] or r["otherThan"]
            e["condition"] = e["condition"] or r["condition"]
        return roles

    @staticmethod
    def check_party(agreement: str, known: set[str], party: str | None) -> str | None:
        """The party id, checked against the agreement's parties."""
        if party is None:
            return None
        wanted = party.strip().lower().replace(" ", "-")
        if wanted not in known:
            raise UserError(f"{party!r} is not a party of {agreement}; its parties are: {', '.join(sorted(known))}")
        return wanted

    # -- the calendar of an agreement -----------------------------------------------------------------
    def calendar(self, agreement: str, start: dt.date, end: dt.date, party: str | None = None,
                 roll: bool = False) -> tuple[list[Item], list[Item]]:
        """The fixed and recurring deadlines due in [start, end], and the recurring ones that
        cannot be dated."""
        check_date(start, "from")
        check_date(end, "to")
        if end < start:
            raise UserError(f"the window ends ({end}) before it starts ({start})")
        if (end - start).days > 366 * MAX_WINDOW_YEARS:
            raise UserError(f"the window is longer than {MAX_WINDOW_YEARS} years")
        doc_id, norms, roles, parties = self.norms(agreement)
        since = self._in_force_since(doc_id, end, f"the window ends {end.isoformat()}")
        until = self._in_force_until(doc_id, start)
        party = self.check_party(doc_id, parties, party)
        cal = working_days_calendar(self.working_days)
        items: list[Item] = []
        undated: list[Item] = []
        # a party's calendar: the deadlines of the lids in which it has a part, by any norm of the
        # lid (DVO-2018 art. 17.2: the opdrachtnemer fixes the costs by 1 December, and the
        # opdrachtgevers are informed of them; an advisor's trial missed that date in Stein's calendar)
        involved: dict[tuple[str, str | None, str | None], set[str]] = {}
        for n in norms:
            involved.setdefault((n.article, n.paragraph, n.place), set()).update(n.parties(roles))
        for n in norms:
            d = n.p.get("deadline")
            if not d or (party and party not in involved[(n.article, n.paragraph, n.place)]):
                continue
            rules = self.derived.get(n.p["iri"], {})
            if "recursEachYear" in rules and d["type"] == "fixed-day":
                for year in range(start.year - 1, end.year + 1):
                    c = fixed_day(year, d["month"], d["day"], d["inclusive"])
                    self._add(items, n, c, roll, start, end, f"each year: {d['text']}", roles, party)
            elif ("recursEachQuarter" in rules or "recursEachYear" in rules) and d["type"] == "period":
                quarterly = "recursEachQuarter" in rules
                quarters = d.get("quarters") or [1, 2, 3, 4]
                for year in range(start.year - 1, end.year + 1):
                    if quarterly:
                        anchors = [qe for i, qe in enumerate(quarter_ends(year), 1) if i in quarters]
                        what = "each quarter" + (f" ({', '.join(f'Q{q}' for q in quarters)})" if d.get("quarters") else "")
                    else:
                        anchors, what = [dt.date(year, 12, 31)], "each year"
                    for a in anchors:
                        c = add_period(a, d["count"], d["unit"], d.get("ordinal"), cal)
                        c.steps.insert(0, f"end of the period {a.isoformat()}")
                        self._add(items, n, c, roll, start, end, f"{what}: {d['text']}", roles, party)
            elif "recursEachMonth" in rules:
                month = dt.date(start.year, start.month, 1)
                while month <= end + dt.timedelta(days=31):
                    c = Computation(month - dt.timedelta(days=1),
                                    [f"for {month.strftime('%Y-%m')}, in advance: before {month.isoformat()}"])
                    self._add(items, n, c, roll, start, end,
                              f"for the month {month.strftime('%Y-%m')}, in advance: {d['text']}", roles, party)
                    month = end_of_month(month.year, month.month) + dt.timedelta(days=1)
            elif d["type"] == "recurring":
                undated.append(self._item(n, Computation(None, computable=False), roles, party,
                                          f"recurring, no day given: {d['text']}"))
            elif d["type"] == "vague" and not self.derived.get(n.p["iri"], {}).get("triggeredBy"):
                # a term the text gives in words only ("tijdig", "ineens voorafgaand aan het boekjaar"):
                # listed as not computable, not left out (a new user's trial: the centrumregeling's
                # art. 7a lid 5 was on no page); one that runs from an event belongs to the event
                undated.append(self._item(n, Computation(None, computable=False), roles, party,
                                          f"no date in the text: {d['text']}"))
        if since is not None:  # a window that begins before the agreement: what falls before it is not due
            items = [i for i in items if i.due is None or i.due >= since]
        if until is not None:  # a window that ends after the agreement has ended: nothing is due after it
            items = [i for i in items if i.due is None or i.due < until]
        items.sort(key=lambda i: (i.due or dt.date.max, i.article, i.norm))
        return items, undated

    def _add(self, items: list[Item], n: Norm, c: Computation, roll: bool, start: dt.date, end: dt.date,
             rule: str, roles: dict[str, dict[str, Any]], party: str | None) -> None:
        if roll:
            c = roll_forward(c)  # with the Atw calendar (Atw art. 1 lid 1)
        if c.due is not None and start <= c.due <= end:
            items.append(self._item(n, c, roles, party, rule))

    def _item(self, n: Norm, c: Computation, roles: dict[str, dict[str, Any]], party: str | None, rule: str,
              suffering: str | None = None) -> Item:
        p = n.p
        bearer = (p.get("bearer") or {}).get("text")
        counter = (p.get("counterparty") or {}).get("text")
        if suffering:
            bearer = self._resolve(p.get("bearer") or {}, roles, suffering) or bearer
            counter = self._resolve(p.get("counterparty") or {}, roles, suffering) or counter
        action = ", ".join(p.get("action", [])) + (f" ({p['action_object']})" if p.get("action_object") else "")
        if c.calendar:
            rule += f" [werkdagen: {working_days_calendar(c.calendar).short}]"
        if c.rolled_with:
            rule += f" [rolled forward: {working_days_calendar(c.rolled_with).short}]"
        return Item(n.agreement, n.article, n.paragraph, p["kind"], bearer, counter, action, c.due, rule,
                    n.text, p["iri"], (p.get("deadline") or {}).get("text"), c.steps + c.notes, c.skipped, c.rolled,
                    sorted(n.parties(roles)), n.place, calendar=c.calendar, rolled_with=c.rolled_with,
                    calendar_notes=list(c.notes), reviewed=p.get("reviewed", True),
                    conditions=[x["text"] for x in p.get("conditions") or [] if x.get("text")], notes=n.notes,
                    bearers=sorted(n.parties(roles, ("bearer",))))

    def _resolve(self, side: dict[str, Any], roles: dict[str, dict[str, Any]], suffering: str) -> str | None:
        """The words of the text with, for a variable role, the parties it denotes when
        `suffering` is the party that suffers the event: a role whose condition names the
        event is that party, a role defined as "the other(s)" of it the other candidates."""
        for r in side.get("roles", []):
            v = roles.get(r["iri"])
            if not v:
                continue
            condition = (v["condition"] or "").lower()
            if condition and suffering in v["candidates"] and any(w in condition for w in self._event_words):
                return f"{side.get('text')} = {suffering}"
            if v["other_than"]:
                others = sorted(v["candidates"] - {suffering})
                return f"{side.get('text')} = {', '.join(others)}"
        return None

    # -- events and the duties they trigger ---------------------------------------------------------
    def events(self, agreement: str) -> list[dict[str, Any]]:
        iri, doc_id = resolve_document(self.kb, agreement)
        out: dict[str, dict[str, Any]] = {}
        for r in self.kb.select(_query("events"), {"doc": ox.NamedNode(iri)}):
            e = out.setdefault(r["event"].rsplit("#", 1)[-1], {"id": r["event"].rsplit("#", 1)[-1], "labels": []})
            if r["label"] not in e["labels"]:
                e["labels"].append(r["label"])
        return sorted(out.values(), key=lambda e: e["id"])

    def resolve_event(self, agreement: str, event: str) -> dict[str, Any]:
        """The event (id and labels) an agreement knows by this id or label."""
        known = self.events(agreement)
        want = event.strip().lower()
        for e in known:
            if want in (e["id"], e["id"].removeprefix("event-")) or want in (lbl.lower() for lbl in e["labels"]):
                return e
        if not known:  # ("its events are: " and nothing after it said nothing)
            raise UserError(f"{agreement} knows no event {event!r}: it has no events at all (no norm of it is "
                            "triggered by an event)")
        names = "; ".join(f"{e['id']} ({', '.join(e['labels'])})" for e in known)
        raise UserError(f"{agreement} knows no event {event!r}; its events are: {names}")

    def _check_day_of_event(self, doc_id: str, norms: list[Norm], ev: dict[str, Any], on: dt.date) -> None:
        """UserError when a norm the event triggers says the event can take effect on one day of a
        year only (dvo:onlyOnMonth, dvo:onlyOnDay: "Uittreding geschiedt uitsluitend met ingang van 31
        december van enig kalenderjaar") and ``on`` is another day, or before the first such day the
        norm names (dvo:firstDate: "op zijn vroegst per 31 december 2021"), with the nearest days that
        are (an advisor's trial: an uittreding on 30 June 2027 was computed as if it could be)."""
        for n in norms:
            if str(ev["id"]) not in self.derived.get(n.p["iri"], {}).get("triggeredBy", set()):
                continue
            conditions = n.p.get("conditions") or []
            only = next((c for c in conditions if c.get("only_on")), None)
            if only is None:
                continue
            month, day = only["only_on"]
            firsts = n.first_dates()
            first, first_text = firsts[0] if firsts else (None, "")

            def that_day(year: int, month: int = month, day: int = day) -> dt.date:
                return dt.date(year, month, min(day, end_of_month(year, month).day))

            this = that_day(on.year)
            before: dt.date | None
            before, after = (this, that_day(on.year + 1)) if this < on else (that_day(on.year - 1), this)
            if first is not None and after < first:
                before, after = None, first
            elif first is not None and before < first:
                before = None
            if (on.month, on.day) == (month, day) and (first is None or on >= first):
                continue
            name = document_names(self.kb, by_id=True).get(doc_id, doc_id)
            place = f"{name} art. {n.article}" + (f" lid {n.paragraph}" if n.paragraph else "")
            label = ev["labels"][0] if ev["labels"] else str(ev["id"])
            said = f"'{only['text']}'" + (f", '{first_text}'" if first is not None else "")
            if before is None:
                raise UserError(f"{place}: the event {label} cannot take effect on {on.isoformat()} ({said}); "
                                f"the first day on which it can is {after.isoformat()}")
            raise UserError(f"{place}: the event {label} cannot take effect on {on.isoformat()} ({said}); "
                            f"the nearest days on which it can are {before.isoformat()} and {after.isoformat()}")

    def _in_force_since(self, doc_id: str, last: dt.date, what: str) -> dt.date | None:
        """The day the agreement is in force from (its dvo:inForceFrom), or None when the graph
        does not say; UserError when ``last`` lies before it (no deadline exists before then). An
        event before it is not refused: a duty may arise at signing, before the agreement is in
        force."""
        since = self._in_force.get(doc_id)
        if since is not None and last < since:
            name = document_names(self.kb, by_id=True).get(doc_id, doc_id)
            raise UserError(f"{name} is in force from {since.isoformat()}: nothing is due under it before that "
                            f"day ({what})")
        return since

    def _in_force_until(self, doc_id: str, first: dt.date, what: str = "window begins") -> dt.date | None:
        """The first day the agreement is no longer in force (a definite duration in words from its
        dvo:inForceFrom: "vier jaar"), or None; UserError when ``first`` lies on or after it."""
        if doc_id not in self._ends:
            return None
        until, duration, begin = self._ends[doc_id]
        if first >= until:
            name = document_names(self.kb, by_id=True).get(doc_id, doc_id)
            last = until - dt.timedelta(days=1)
            raise UserError(f"{name} was in force until {last.isoformat()} ({duration} from {begin.isoformat()}): "
                            f"nothing is due under it after that day (the {what} {first.isoformat()})")
        return until

    def duties(self, agreement: str, event: str, on: dt.date, party: str | None = None,
               roll: bool = False) -> list[Item]:
        check_date(on, "on")
        doc_id, norms, roles, parties = self.norms(agreement)
        self._in_force_until(doc_id, on, "event is on")  # an event after the agreement has ended creates no duty under it
        cal = working_days_calendar(self.working_days)
        ev = self.resolve_event(doc_id, event)
        event_id = str(ev["id"])
        party = self.check_party(doc_id, parties, party)
        self._event_words = [w.lower() for w in ev["labels"]] + [event_id.removeprefix("event-").replace("-", " ")]
        self._check_day_of_event(doc_id, norms, ev, on)
        out = []
        for n in norms:
            d = n.p.get("deadline") or {}
            if event_id not in self.derived.get(n.p["iri"], {}).get("triggeredBy", set()):
                continue
            if party and party not in n.parties(roles):
                continue
            if n.p["iri"] in self.durations and "arisesAfter" in self.derived.get(n.p["iri"], {}):
                out.append(self._arising(n, self.durations[n.p["iri"]], event_id, on, roll, roles, party, cal))
                continue
            minimum = False
            if d.get("type") == "period" and d.get("anchor_id") and d["anchor_id"] != event_id:
                c = Computation(None, [f"counted from {d['anchor']}, not from this event"], computable=False)
                rule = f"{d['count']} {d['unit']} after {d['anchor']} (a later event): {d['text']}"
            elif d.get("type") == "period":
                if d.get("before_anchor"):
                    c = add_period(on, -d["count"], d["unit"]) if d["unit"] != "werkdag" else Computation(None)
                    rule = f"{d['count']} {d['unit']} before the event: {d['text']}"
                    if roll:
                        c.steps.append("not rolled forward: the Atw does not extend a term counted back from an "
                                       "event (art. 1 lid 2)")
                else:
                    c = add_period(on, d["count"], d["unit"], d.get("ordinal"), cal)
                    minimum = says_minimum(d["text"])
                    rule = (f"at the earliest {d['count']} {d['unit']} after the event (a minimum period): {d['text']}"
                            if minimum else f"{d['count']} {d['unit']} after the event: {d['text']}")
                    if roll:
                        c = roll_forward(c)
                    # after the roll: a first date the text names is no term's end (a review of the change)
                    self._first_date(n, c, on, d, cal)
            elif d.get("type") == "vague":
                c = Computation(None, [f"'{d['text']}': due immediately, not computable as a date"], computable=False)
                rule = f"immediately / not computable: {d['text']}"
            elif d.get("type") == "fixed-day":
                year = on.year
                c = fixed_day(year, d["month"], d["day"], d["inclusive"])
                if c.due is not None and c.due < on:
                    c = fixed_day(year + 1, d["month"], d["day"], d["inclusive"])
                rule = f"the next such day: {d['text']}"
                if roll:
                    c = roll_forward(c)
            elif d.get("type") == "recurring":
                c = Computation(None, computable=False)
                rule = f"recurring: {d['text']}"
            else:
                c = Computation(None, ["no deadline in the text"], computable=False)
                rule = "no deadline"
            item = self._item(n, c, roles, party, rule, suffering=party)
            if minimum:  # the date is the earliest one (a minimum period), not a last day
                item.date_kind = "earliest"
            out.append(item)
        # the dated first, by date (what must happen after the event, in order), then those without a date
        out.sort(key=lambda i: (i.due is None, i.due or dt.date.max, i.article, i.norm))
        return out

    @staticmethod
    def _first_date(n: Norm, c: Computation, on: dt.date, d: dict[str, Any], cal: Any) -> None:
        """A norm whose condition names a first date ("derhalve voor het eerst per 1 april 2029",
        dvo:firstDate) and a period after the event that would end before it: the date is no earlier
        than that first date (the day it takes effect at the earliest); where the norm can instead
        first be used on that day, its period runs from then: that date is given as the other
        reading (among the calendar notes), as the curators' note on the norm says."""
        firsts = n.first_dates()
        if not firsts or c.due is None or (c.due >= firsts[0][0] and on >= firsts[0][0]):
            return
        first, text = firsts[0]  # the earliest first date, with the words of its own condition
        c.steps.append(f"the text names {first.isoformat()} as the first date: {text}")
        if c.due < first:
            c.due = first
        other = add_period(max(on, first), d["count"], d["unit"], d.get("ordinal"), cal).due
        if other is not None and other != c.due:
            c.notes.append(f"read the other way (it can first be used on {first.isoformat()}): "
                           f"at the earliest {other.isoformat()}")

    WHAT = {"Permission": "right", "Power": "power", "Obligation": "duty", "Prohibition": "ban"}

    def _arising(self, n: Norm, dur: dict[str, Any], event_id: str, on: dt.date, roll: bool,
                 roles: dict[str, dict[str, Any]], party: str | None, cal: Any = None) -> Item:
        """A norm that arises once the state begun by the event has lasted a period: the first
        day on which it exists, if the state still lasts then."""
        what = self.WHAT.get(n.p["kind"], "norm")
        units = {"werkdag": "werkdagen", "kalenderdag": "kalenderdagen", "week": "weken", "maand": "maanden"}
        period = f"{'more than ' if dur['exclusive'] else ''}{dur['count']} {units.get(dur['unit'], dur['unit'])}"
        if dur["since"] != event_id:
            c = Computation(None, [f"the period of {period} runs from {dur['since']}, not from this event"],
                            computable=False)
            rule = f"the {what} arises {period} after {dur['since']} (another event): {dur['text']}"
        else:
            c = arises_after(on, dur["count"], dur["unit"], dur["exclusive"], cal)
            earliest = says_minimum(dur["text"])
            rule = (f"the {what} exists from this day{' at the earliest' if earliest else ''}, once {period} "
                    f"have passed since the event, and only if that state still lasts: {dur['text']}")
            if roll:
                c.steps.append("roll-forward does not apply: this is the first day on which the norm exists, "
                               "not the end of a term")
        deadline = n.p.get("deadline")
        if deadline:
            c.steps.append(f"once it exists: {deadline['text']}")
        item = self._item(n, c, roles, party, rule, suffering=party)
        item.date_kind = "arises"
        return item


def _lid_iri(norm: str) -> str:
    """The IRI of the lid (or annex entry) a norm stands in: a norm of an item, its lid."""
    source = norm.split("/norm/")[0]
    return source.split("/item/")[0].split("/bullet/")[0]


def to_ics(items: list[Item], calendar_name: str, stamp: dt.datetime | None = None) -> str:
    """An iCalendar file (RFC 5545, written by the ``icalendar`` library): one all-day event per
    dated deadline, with a UID that stays the same from one download to the next (the norm and
    its date), DTSTAMP the time the file is made (``stamp``, default now), the article and text
    in the description and the URL of the lid. There must be something with a date: RFC 5545
    has no calendar without a component, so none is made (UserError)."""
    from icalendar import Calendar, Event

    dated = [it for it in items if it.due is not None]
    if not dated:
        raise UserError(f"{calendar_name}: nothing has a date in this window, so there is no calendar to write")
    stamp = stamp or dt.datetime.now(dt.UTC)
    w = calendar_words()  # the Dutch words of the events (words.yaml calendar)
    cal = Calendar()
    cal.add("prodid", "-//dvo-kb//deadlines//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    for it in dated:
        assert it.due is not None
        uid = hashlib.sha1(f"{it.norm}|{it.due.isoformat()}".encode()).hexdigest()
        where = it.where
        how = "".join(f"\n{x}" for x in it.steps) + (f"\n{w['skipped']}: {'; '.join(it.skipped)}" if it.skipped else "")
        said = "".join(f"\n{w['condition']}: {c}" for c in it.conditions) + "".join(
            f"\n{w['ambiguity']}: {x}" for x in it.notes_in("nl"))  # (as the page says it)
        who = f"{it.bearer or '?'} -> {it.counterparty}" if it.counterparty else (it.bearer or "?")  # (no "-> :")
        desc = f"{it.agreement} {where}\n{it.rule}\n{who}: {it.action}{how}{said}\n\n{it.text}"
        if not it.reviewed:
            label, why = term_text("Unreviewed", "nl")  # the ontology's words for dvo:Unreviewed
            desc = f"{label}: {why}\n\n" + desc
        event = Event()
        event.add("uid", f"{uid}@dvo-kb")
        event.add("dtstamp", stamp)
        event.add("dtstart", it.due)
        event.add("dtend", it.due + dt.timedelta(days=1))
        event.add("summary", f"{it.agreement} {where}: " + (f"{w[it.date_kind]}: " if it.date_kind in ("arises", "earliest")
                                                           else "") + it.action
                  + (f" ({it.bearer})" if it.bearer else "")  # who must act, in a calendar's title (a trial)
                  + ("" if it.reviewed else f" ({term_text('Unreviewed', 'nl')[0]})"))
        event.add("description", desc)
        event.add("url", _lid_iri(it.norm))
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))
