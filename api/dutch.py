"""The deadline engine's own words in Dutch (issue 18): rules/deadlines.py and rules/calendar.py
say how a date was computed in English ("each month, in advance: ...", "2 werkdag after the
event: ..."); the pages, the .ics and the CLI show a Dutch reader these sentences in Dutch.
Each pattern rewrites the engine's words only; the words quoted from the agreement (after the
colon) stay as they are. A sentence no pattern knows is shown unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

PLURAL = {"werkdag": "werkdagen", "kalenderdag": "kalenderdagen", "dag": "dagen", "week": "weken",
          "maand": "maanden", "jaar": "jaar", "kwartaal": "kwartalen"}
WHAT = {"right": "het recht", "power": "de bevoegdheid", "duty": "de plicht", "ban": "het verbod", "norm": "de norm"}
ORDINALS = {"first": "eerste", "second": "tweede", "third": "derde"}


def _count(n: str, unit: str) -> str:
    """'2 werkdag' -> '2 werkdagen' (the engine gives the unit in the singular)."""
    return f"{n} {unit if n.strip() == '1' else PLURAL.get(unit, unit)}"


def _period(text: str) -> str:
    return text.replace("more than ", "meer dan ")


def _nth(text: str) -> str:
    return re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1e", text)


Repl = str | Callable[[re.Match[str]], str]
Sub = tuple[re.Pattern[str], Repl]
D = r"\d{4}-\d{2}-\d{2}"
RULES: list[tuple[str, Repl]] = [
    # the rule of an item (rules/deadlines.py)
    (r"^each year: ", "elk jaar: "),
    (r"^each quarter \(([^)]*)\): ", lambda m: f"elk kwartaal ({m[1].replace('Q', 'K')}): "),
    (r"^each quarter: ", "elk kwartaal: "),
    (r"^each month, in advance: ", "elke maand, vooraf: "),
    (r"^recurring, no day given: ", "terugkerend, geen dag genoemd: "),
    (r"^recurring: ", "terugkerend: "),
    (r"^(\d+) (\w+) after (.+?) \(a later event\): ",
     lambda m: f"{_count(m[1], m[2])} na {m[3]} (een latere gebeurtenis): "),
    (r"^(\d+) (\w+) before the event: ", lambda m: f"{_count(m[1], m[2])} vóór de gebeurtenis: "),
    (r"^at the earliest (\d+) (\w+) after the event \(a minimum period\): ",
     lambda m: f"op zijn vroegst {_count(m[1], m[2])} na de gebeurtenis (een minimumtermijn): "),
    (r"^(\d+) (\w+) after the event: ", lambda m: f"{_count(m[1], m[2])} na de gebeurtenis: "),
    (r"^immediately / not computable: ", "onverwijld / niet als datum te berekenen: "),
    (r"^the next such day: ", "de eerstvolgende zulke dag: "),
    (r"^no deadline$", "geen termijn"),
    (r"^the (\w+) arises (.+?) after (.+?) \(another event\): ",
     lambda m: f"{WHAT.get(m[1], m[1])} ontstaat {_period(m[2])} na {m[3]} (een andere gebeurtenis): "),
    (r"^the (\w+) exists from this day( at the earliest)?, once (.+?) have passed since the event, and only if "
     r"that state still lasts: ",
     lambda m: f"{WHAT.get(m[1], m[1])} bestaat vanaf deze dag{' op zijn vroegst' if m[2] else ''}, zodra "
               f"{_period(m[3])} verstreken zijn sinds de gebeurtenis, en alleen als die toestand dan nog duurt: "),
    (r" \[rolled forward: ([^\]]*)\]", r" [verschoven: \1]"),
    # the steps of a computation (rules/calendar.py, rules/deadlines.py)
    (rf"^anchor ({D})$", r"vanaf \1"),
    (r"^working days counted with the Dutch public holidays of the holidays library \(country NL, version ([^)]*)\)$",
     r"werkdagen geteld met de Nederlandse feestdagen van de bibliotheek holidays (land NL, versie \1)"),
    (r"^working days counted with ", "werkdagen geteld met "),
    (r"^counted with the Dutch public holidays of the holidays library \(country NL, version ([^)]*)\): ",
     r"geteld met de Nederlandse feestdagen van de bibliotheek holidays (land NL, versie \1): "),
    (r"^counted with ", "geteld met "),
    (r"^end of the (\d+)e maand after ", r"einde van de \1e maand na "),
    (r"^\+(\d+) maanden \(end-of-month clamped\)$", r"+\1 maanden (tot het einde van de maand)"),
    (rf"^end of the period ({D})$", r"einde van de periode \1"),
    (rf"^for (\d{{4}}-\d{{2}}), in advance: before ({D})$", r"voor \1, vooraf: vóór \2"),
    (r"^counted from (.+), not from this event$", r"geteld vanaf \1, niet vanaf deze gebeurtenis"),
    (r"^'(.*)': due immediately, not computable as a date$", r"'\1': onverwijld, niet als datum te berekenen"),
    (r"^no deadline in the text$", "geen termijn in de tekst"),
    (r"^not rolled forward: the Atw does not extend a term counted back from an event \(art\. 1 lid 2\)$",
     "niet verschoven: de Atw verlengt geen termijn die vanaf een gebeurtenis terug wordt geteld (art. 1 lid 2)"),
    (r"^the period of (.+?) runs from (.+), not from this event$",
     lambda m: f"de periode van {_period(m[1])} loopt vanaf {m[2]}, niet vanaf deze gebeurtenis"),
    (r"^roll-forward does not apply: this is the first day on which the norm exists, not the end of a term$",
     "niet verschoven: dit is de eerste dag waarop de norm bestaat, niet het einde van een termijn"),
    (r"^once it exists: ", "zodra zij bestaat: "),
    (rf"^the event ({D}) \(the day itself not counted\)$", r"de gebeurtenis \1 (die dag zelf niet meegeteld)"),
    (r"^(more than )?(\d+) werkdagen: the norm exists from the (\w+) werkdag after the event$",
     lambda m: f"{'meer dan ' if m[1] else ''}{m[2]} werkdagen: de norm bestaat vanaf de {_nth(m[3])} werkdag "
               f"na de gebeurtenis"),
    (r"^(\w+) werkdag: ", lambda m: f"{_nth(m[1])} werkdag: "),
    (r"^if the day of the event itself counts as the first werkdag of the period: from ",
     "als de dag van de gebeurtenis zelf de eerste werkdag van de periode is: vanaf "),
    (rf"^the period of (\d+) (\w+) ends ({D}); the norm exists from the day after: ",
     lambda m: f"de periode van {_count(m[1], m[2])} eindigt {m[3]}; de norm bestaat vanaf de dag erna: "),
    (rf"^the period of (\d+) (\w+) ends ({D}); the norm exists from that day$",
     lambda m: f"de periode van {_count(m[1], m[2])} eindigt {m[3]}; de norm bestaat vanaf die dag"),
    (rf"^the day before: ({D})$", r"de dag ervoor: \1"),
    (r"^rolled forward to the next day that is no Saturday, Sunday or holiday: (.*) \(option roll_forward, as Atw "
     r"art\. 1 lid 1 does for a term set by law; holidays: (.*)\)$",
     r"verschoven naar de eerstvolgende dag die geen zaterdag, zondag of feestdag is: \1 (optie verschuiven, zoals "
     r"Atw art. 1 lid 1 doet voor een wettelijke termijn; feestdagen: \2)"),
    (r"^the Atw calendar in rules/atw\.yaml starts in (\d+): the holidays of (\d+) are not in the data \(only "
     r"weekends were skipped in \d+\)$",
     r"de Atw-kalender in rules/atw.yaml begint in \1: de feestdagen van \2 staan niet in de gegevens (in \2 zijn "
     r"alleen weekenden overgeslagen)"),
    (r"^the days declared equal to a holiday for (\d+) \(Atw art\. 3 lid 3, published in the Staatscourant\) are "
     r"not in rules/atw\.yaml: a declared day may be missing from this count$",
     r"de dagen die voor \1 met een feestdag gelijkgesteld zijn (Atw art. 3 lid 3, gepubliceerd in de Staatscourant) "
     r"staan niet in rules/atw.yaml: een gelijkgestelde dag kan in deze telling ontbreken"),
    (r"the Algemene termijnenwet \(BWBR0002448\) art\. 3, with the days declared under lid 3",
     "de Algemene termijnenwet (BWBR0002448) art. 3, met de dagen gelijkgesteld onder lid 3"),
]
PATTERNS: list[Sub] = [(re.compile(p), r) for p, r in RULES]


def dutch(text: str | None) -> str | None:
    """The engine's sentence in Dutch (unchanged when no pattern knows it)."""
    if not text:
        return text
    for pattern, repl in PATTERNS:
        text = pattern.sub(repl, text)
    return text


def dutch_item(item: Any, skipped_in_steps: bool = False) -> Any:
    """A deadline item (rules.deadlines.Item) with its rule and steps in Dutch; for an .ics
    (``skipped_in_steps``), the days it skipped among its steps ("overgeslagen: ...")."""
    steps = [dutch(s) for s in item.steps]
    if not skipped_in_steps:
        return replace(item, rule=dutch(item.rule), steps=steps,
                       calendar_notes=[dutch(n) for n in getattr(item, "calendar_notes", [])])
    steps += [f"overgeslagen: {'; '.join(item.skipped)}"] if item.skipped else []
    return replace(item, rule=dutch(item.rule), steps=steps, skipped=[],
                   calendar_notes=[dutch(n) for n in getattr(item, "calendar_notes", [])])


# -- messages of other parts, in the reader's language (the pages show one language) -------------
ENGLISH_QUESTION = re.compile(r"\b(who|whom|what|when|which|must|does|may|the|are|is|of)\b", re.I)
WHERE = [(re.compile(p), nl) for p, nl in [
    (r'^(.*) is not in the vocabulary \(first at character (\d+)\)$', r"\1 staat niet in de woordenlijst (teken \2)"),
    (r'^(.*) are not in the vocabulary \(first at character (\d+)\)$',
     r"\1 staan niet in de woordenlijst (eerste bij teken \2)"),
    (r'^the word (".*") \(at character (\d+)\) is not in the vocabulary$', r"het woord \1 (teken \2) staat niet in de woordenlijst"),
    (r"^the question ends before it says what it asks$", "de vraag houdt op voordat zij zegt wat zij vraagt"),
    (r'^it stopped at (".*") \(at character (\d+)\)$', r"de vraag liep vast bij \1 (teken \2)"),
    (r"^it could not be read$", "de vraag is niet te lezen"),
]]


def refusal(message: str, lang: str) -> str:
    """A refusal of a question (query/parser.py: "de vraag is niet te begrijpen / cannot understand
    the question: <where>; voorbeelden / questions that work look like: "..."; "..."") in one
    language: for a Dutch reader the Dutch words and the Dutch examples only."""
    m = re.match(r'^de vraag is (leeg|niet te begrijpen) / (the question is empty|cannot understand the question)'
                 r'(?:: (.*?))?; voorbeelden / questions that work look like: (.*)$', message, re.S)
    if not m:
        return message
    examples = re.findall(r'"([^"]*)"', m[4])
    if lang == "en":
        return f"{m[2]}" + (f": {m[3]}" if m[3] else "") + "; questions that work look like: " + "; ".join(
            f'"{q}"' for q in examples)
    where = m[3]
    for pattern, nl in WHERE:
        where = pattern.sub(nl, where) if where else where
    dutch_examples = [q for q in examples if not ENGLISH_QUESTION.search(q)] or [
        "wie moet wie informeren bij overmacht?", "welke plichten heeft Sittard-Geleen?",
        "wanneer moet het jaarverslag worden aangeleverd?"]
    return (f"de vraag is {m[1]}" + (f": {where}" if where else "") + "; voorbeelden: "
            + "; ".join(f'"{q}"' for q in dutch_examples))


ERRORS = [(re.compile(p), nl) for p, nl in [
    (r"^(.*): the file is empty$", r"\1: het bestand is leeg"),
    (r"^(.*): this does not look like a Dutch agreement \(too few Dutch words\)$",
     r"\1: dit lijkt geen Nederlandse afspraak (te weinig Nederlandse woorden)"),
    (r"^unknown document ('.*'); the (?:known )?documents are: ", r"onbekend document \1; de documenten zijn: "),
    (r"^('.*') is not a party of (\S+); its parties are: ", r"\1 is geen partij van \2; de partijen zijn: "),
    (r"^(\S+) knows no event ('.*'); its events are: ", r"\1 kent geen gebeurtenis \2; de gebeurtenissen zijn: "),
    (r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\)", r"\1 tot en met \2)"),
]]


def dutch_error(message: str) -> str:
    """A known error message of another part (validate/, diff/, clauses/) in Dutch; unchanged
    when no pattern knows it."""
    for pattern, nl in ERRORS:
        message = pattern.sub(nl, message)
    return message


def interpretation(text: str | None, lang: str) -> str | None:
    """How the grammar read a question (query/ask.py: "begrepen als definition (concept: overmacht;
    doc: dvo-2018)") in the reader's words: the intent and the names of what it recognised from
    api/labels.yaml (section interpretation); the recognised words themselves stay."""
    if not text:
        return text
    from .labels import labels

    words = labels("interpretation")[lang]

    def intent(m: re.Match[str]) -> str:
        return f"{words['as']} {words.get(m[1], m[1])}"

    text = re.sub(r"begrepen als (\w+)", intent, text)
    if lang == "en":
        text = text.replace("gezocht in de tekst naar: ", "searched the text for: ")
    return re.sub(r"(?<=[(;] )(\w+): |(?<=\()(\w+): ",
                  lambda m: f"{words.get(m[1] or m[2], m[1] or m[2])}: ", text)
