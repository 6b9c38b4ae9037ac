"""Large draft agreements for the validator, in the style of the corpus, deterministic from a seed.

    python benchmarks/draft_synth.py --articles 500 --seed 1 [--kind dvo|regeling] > concept.txt

A dienstverleningsovereenkomst between Beek, Stein (opdrachtgevers) and Sittard-Geleen
(opdrachtnemer, centrumgemeente), made under the Centrumregeling Participatiebedrijf
Westelijke Mijnstreek 2018 (so the checks against the parent regulation run), or a
gemeenschappelijke regeling of the same three (``--kind regeling``, the Wgr rules). Modelled on
``clauses/sources/*.txt``: a preamble with the parties and their college decisions, a
definitions article, then N articles of one to five leden drawn from a set of templates (tasks,
reports "binnen 10 werkdagen" / "uiterlijk op 1 april", payments, cost shares per
municipality, references to other articles and to the Wgr, the Awb, the Wob and the Woo,
personal data, force majeure, confidentiality, disputes, duration and notice, consultation,
complaints), the entry into force and citation title as the last articles, and a signature
block. Like real drafts they have faults: now and then a share that does not add up to 100%,
a placeholder, a reference to an article or lid that does not exist, a bearer that is no
party, a skipped article number, an article number printed twice, a repealed act.

``synth_articles`` gives the articles (number, heading, leden) and ``render`` writes a draft
from any selection of them, so a test can validate the same articles in smaller drafts.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
ORDINAL_LID = ["eerste", "tweede", "derde", "vierde", "vijfde"]
WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 8: "acht", 10: "tien", 12: "twaalf"}
TASKS = ["de uitvoering van de Participatiewet", "de schuldhulpverlening", "de re-integratie van uitkeringsgerechtigden",
         "de verstrekking van individuele voorzieningen", "de inkoop van maatwerkvoorzieningen", "het leerlingenvervoer",
         "de handhaving en terugvordering", "de bijzondere bijstand", "het beschut werk", "de inburgering",
         "het contractbeheer met zorgaanbieders", "het toezicht op de kwaliteit van de Wmo-voorzieningen"]
DOCUMENTS = ["het jaarplan", "het meerjarenplan", "de productenlijst", "de kwartaalrapportage", "de begroting",
             "de jaarrekening", "het uitvoeringsplan", "de managementrapportage", "de verantwoordingsrapportage",
             "de risicoparagraaf"]
BODIES = ["het bestuurlijk overleg", "het ambtelijk overleg", "de colleges van opdrachtgevers",
          "het college van opdrachtnemer"]
UNKNOWN = ["De verwerker", "De gastgemeente", "De coördinerende gemeente"]  # roles this draft never defines


@dataclass
class Article:
    number: str
    heading: str
    leden: list[str] = field(default_factory=list)
    extra: str = ""  # a line printed after the leden (an article heading printed twice)


def bare(phrase: str) -> str:
    """"het jaarplan" -> "jaarplan"."""
    return phrase.split(" ", 1)[1]


def cap(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:]


class _Writer:
    def __init__(self, n: int, seed: int, kind: str) -> None:
        self.n, self.kind, self.rng = n, kind, random.Random(seed)
        self.year = 2026
        self.body = "overeenkomst" if kind == "dvo" else "regeling"

    def shares(self) -> str:
        r = self.rng
        a, b = r.randint(5, 15), r.randint(5, 15)
        c = 100 - a - b
        if r.random() < 0.12:  # a share that was changed and the others not
            c += r.choice([-2, 1, 3])
        return f"Sittard-Geleen {c}%, Beek {a}%, Stein {b}%"

    def ref(self, own: int) -> str:
        """A reference to another article of the draft; now and then one that does not exist."""
        r = self.rng
        if r.random() < 0.04:
            return f"artikel {self.n + r.randint(5, 40)}"
        k = r.randint(2, max(2, self.n - 2))
        if k == own:
            k = 2 if own != 2 else 3
        if r.random() < 0.5:
            return f"artikel {k}, {r.choice(ORDINAL_LID[:2] if r.random() < 0.95 else ORDINAL_LID[3:])} lid"
        return f"artikel {k}"

    def article(self, i: int) -> tuple[str, list[str]]:
        r = self.rng
        kinds = ["taken", "rapportage", "kosten", "betaling", "wetten", "privacy", "overleg", "kwaliteit",
                 "klachten", "verwijzing", "planning", "overmacht", "geheimhouding", "informatie", "personeel"]
        weights = [14, 10, 6, 6, 5, 4, 8, 8, 5, 8, 8, 1, 2, 8, 7]
        k = r.choices(kinds, weights)[0]
        task, doc, body = r.choice(TASKS), r.choice(DOCUMENTS), r.choice(BODIES)
        days, weeks = r.choice([5, 10, 14, 15, 20, 30]), r.choice([2, 4, 6, 8])
        month, day = r.choice(MONTHS), r.randint(1, 28)
        if k == "taken":
            leden = [f"Opdrachtnemer voert voor opdrachtgevers {task} uit.",
                     f"Opdrachtnemer stelt binnen {days} werkdagen na ontvangst van een verzoek van opdrachtgever "
                     f"een voorstel op voor {task}.",
                     f"Opdrachtgever levert opdrachtnemer uiterlijk {weeks} weken voor de aanvang van het "
                     f"kalenderjaar de gegevens die voor {task} nodig zijn.",
                     f"{cap(task)} geschiedt met inachtneming van het bepaalde in {self.ref(i)}."]
            return f"Taken: {bare(task)}", leden[: r.randint(2, 4)]
        if k == "rapportage":
            leden = [f"Opdrachtnemer rapporteert per kwartaal aan opdrachtgevers over {task}.",
                     f"{cap(doc)} wordt uiterlijk op {day} {month} van het volgende jaar aan {body} toegezonden.",
                     f"Opdrachtgevers kunnen binnen {days} werkdagen na ontvangst van {doc} schriftelijk "
                     "vragen stellen, die opdrachtnemer binnen tien werkdagen beantwoordt."]
            return f"Rapportage over {task}", leden[: r.randint(2, 3)]
        if k == "kosten":
            leden = [f"De kosten van {task} worden verdeeld naar de volgende verdeelsleutel: {self.shares()}.",
                     f"Opdrachtgevers betalen opdrachtnemer jaarlijks uiterlijk op 1 december hun bijdrage in de "
                     f"kosten van {task}.",
                     f"De verdeelsleutel wordt elke {WORDS[r.choice([2, 4])]} jaar herzien op voorstel van {body}."]
            return f"Kosten van {task}", leden[: r.randint(1, 3)]
        if k == "betaling":
            leden = [f"Opdrachtgever betaalt de facturen van opdrachtnemer binnen {r.choice([30, 60])} dagen na "
                     "ontvangst.",
                     f"Opdrachtnemer zendt de voorschotnota uiterlijk op {day} {month} aan opdrachtgevers.",
                     "Bij niet tijdige betaling is opdrachtgever de wettelijke rente verschuldigd."]
            return "Betaling", leden[: r.randint(1, 3)]
        if k == "wetten":
            act = r.choices(["de Wet gemeenschappelijke regelingen", "de Algemene wet bestuursrecht",
                             "de Wet openbaarheid van bestuur", "de Wet open overheid", "de Participatiewet"],
                            [3, 3, 1, 2, 3])[0]
            leden = [f"Opdrachtnemer neemt bij {task} {act} in acht.",
                     f"Verzoeken op grond van {act} die betrekking hebben op {task} worden door opdrachtnemer "
                     f"binnen {days} werkdagen doorgezonden aan opdrachtgever."]
            if act == "de Wet openbaarheid van bestuur" and r.random() < 0.5:
                leden[1] += " Vanaf 1 mei 2022 geldt daarvoor de Wet open overheid."
            return "Wettelijk kader", leden[: r.randint(1, 2)]
        if k == "privacy":
            leden = [f"Opdrachtnemer verwerkt bij {task} persoonsgegevens ten behoeve van opdrachtgevers.",
                     "Opdrachtnemer neemt passende technische en organisatorische maatregelen om de "
                     "persoonsgegevens te beveiligen.",
                     f"Een inbreuk in verband met persoonsgegevens meldt opdrachtnemer binnen {r.choice([24, 48])} "
                     "uur aan opdrachtgever."]
            if r.random() < 0.3:
                leden.append("Partijen sluiten hiertoe een verwerkersovereenkomst.")
            return "Verwerking van persoonsgegevens", leden
        if k == "overleg":
            leden = [f"{cap(body)} komt ten minste {WORDS[r.choice([2, 4, 6])]} keer per jaar "
                     "bijeen.",
                     f"Opdrachtnemer zendt de agenda uiterlijk {r.choice([5, 10])} werkdagen voor de vergadering "
                     "aan de deelnemers.",
                     f"{cap(body)} bespreekt de voortgang van {task}."]
            return "Overleg", leden[: r.randint(1, 3)]
        if k == "kwaliteit":
            leden = [f"Opdrachtnemer zorgt voor een deugdelijke uitvoering van {task}.",
                     f"Opdrachtnemer meldt een tekortkoming binnen {days} werkdagen aan opdrachtgever.",
                     f"Opdrachtgever kan opdrachtnemer schriftelijk in gebreke stellen en stelt daarbij een "
                     f"termijn van ten minste {weeks} weken."]
            return "Kwaliteit", leden[: r.randint(1, 3)]
        if k == "klachten":
            leden = [f"Klachten over {task} worden behandeld volgens de klachtenregeling van opdrachtnemer.",
                     f"Opdrachtnemer handelt een klacht binnen {WORDS[r.choice([4, 6, 8])]} weken af."]
            return "Klachten", leden
        if k == "verwijzing":
            leden = [f"Het bepaalde in {self.ref(i)} is van overeenkomstige toepassing op {task}.",
                     f"In afwijking van {self.ref(i)} kan {body} besluiten {doc} later vast te stellen."]
            return "Overeenkomstige toepassing", leden[: r.randint(1, 2)]
        if k == "planning":
            leden = [f"Opdrachtnemer stelt jaarlijks voor {day} {month} {doc} op.",
                     f"{cap(body)} stelt {doc} binnen {weeks} weken na ontvangst vast.",
                     f"Opdrachtnemer informeert opdrachtgevers binnen {days} werkdagen over wijzigingen in "
                     f"{doc}."]
            if r.random() < 0.15:
                leden.append(f"{r.choice(UNKNOWN)} stelt jaarlijks voor 1 april een overzicht van {task} op en zendt "
                             "dit binnen tien werkdagen aan opdrachtgevers.")
            if r.random() < 0.05:
                leden.append(f"De contactpersoon voor {doc} is [NAAM].")
            return f"Planning: {bare(doc)}", leden
        if k == "overmacht":
            leden = ["Van overmacht is sprake bij een tekortkoming die niet aan de betrokken partij kan worden "
                     "toegerekend.",
                     "De partij die door overmacht haar verplichtingen niet kan nakomen, stelt de andere partij "
                     f"daarvan binnen {days} werkdagen schriftelijk op de hoogte."]
            return "Overmacht", leden
        if k == "geheimhouding":
            leden = ["Partijen zijn verplicht tot geheimhouding van alle vertrouwelijke gegevens die zij bij de "
                     "uitvoering van deze overeenkomst verkrijgen."]
            return "Geheimhouding", leden
        if k == "informatie":
            leden = [f"Opdrachtgever verstrekt opdrachtnemer binnen {days} werkdagen na een verzoek de informatie "
                     f"die nodig is voor {task}.",
                     f"Opdrachtnemer informeert opdrachtgevers onverwijld over ontwikkelingen die gevolgen hebben voor "
                     f"{task}.",
                     f"Opdrachtnemer legt de gegevens over {task} vast in {doc}."]
            return "Informatievoorziening", leden[: r.randint(1, 3)]
        leden = [f"Opdrachtnemer zet voor {task} voldoende gekwalificeerd personeel in.",
                 f"Opdrachtnemer meldt wijzigingen in de formatie binnen {weeks} weken aan {body}.",
                 "Het personeel blijft in dienst van opdrachtnemer."]
        return "Personeel", leden[: r.randint(1, 3)]

    def articles(self) -> list[Article]:
        r = self.rng
        out = [Article("1", "Begripsbepalingen", [
            f"In deze {self.body} wordt verstaan onder:\na. opdrachtgevers: de gemeenten Beek en Stein;\n"
            "b. opdrachtnemer: de gemeente Sittard-Geleen;\n"
            "c. bestuurlijk overleg: het overleg van de portefeuillehouders van de gemeenten."])]
        tail = self._tail()
        number = 2
        while len(out) < self.n - len(tail):
            heading, leden = self.article(number)
            extra = ""
            if len(out) > 3 and r.random() < 0.004:  # a heading with an earlier number, printed twice
                extra = f"Artikel {out[-2].number} {out[-2].heading}"
            out.append(Article(str(number), heading, leden, extra))
            number += 1
            if r.random() < 0.006:  # a skipped number
                number += 1
        for heading, leden in tail[: max(0, self.n - len(out))]:
            out.append(Article(str(number), heading, leden))
            number += 1
        return out

    def _tail(self) -> list[tuple[str, list[str]]]:
        r = self.rng
        y = self.year
        if self.kind == "regeling":
            return [
                ("Belang", ["Deze regeling wordt getroffen ter behartiging van het belang van een doelmatige "
                            "uitvoering van de taken in het sociaal domein."]),
                ("Toetreding", ["Een gemeente kan tot deze regeling toetreden met toestemming van de colleges."]),
                ("Uittreding", ["Een deelnemende gemeente kan uittreden bij besluit van haar college.",
                                "De kosten en andere financiële gevolgen van de uittreding komen voor rekening van "
                                "de uittredende gemeente."]),
                ("Wijziging", ["De colleges kunnen deze regeling wijzigen bij eensluidende besluiten."]),
                ("Opheffing", ["De regeling wordt opgeheven indien de colleges daartoe besluiten."]),
                ("Evaluatie", ["De colleges evalueren deze regeling elke vier jaar."]),
                ("Inwerkingtreding", [f"Deze regeling treedt in werking op 1 januari {y}."]),
                ("Citeertitel", [f"Deze regeling wordt aangehaald als: Regeling Sociaal Domein Westelijke "
                                 f"Mijnstreek {y}."]),
            ]
        months = r.choice([6, 12])
        return [
            ("Overmacht", ["De partij die door overmacht haar verplichtingen niet kan nakomen, stelt de andere "
                           "partij daarvan onverwijld schriftelijk op de hoogte.",
                           "Partijen treden in dat geval in overleg over de gevolgen."]),
            ("Geheimhouding", ["Partijen zijn verplicht tot geheimhouding van alle vertrouwelijke gegevens die zij "
                               "bij de uitvoering van deze overeenkomst verkrijgen."]),
            ("Geschillen", ["Geschillen over deze overeenkomst worden eerst in overleg opgelost en anders "
                            "voorgelegd aan de bevoegde rechter."]),
            ("Duur en opzegging", [f"Deze overeenkomst treedt in werking op 1 januari {y} en geldt voor onbepaalde "
                                   "tijd.",
                                   f"Elke partij kan deze overeenkomst opzeggen met inachtneming van een "
                                   f"opzegtermijn van {WORDS[months]} maanden.",
                                   "Opzegging geschiedt schriftelijk."]),
            ("Citeertitel", [f"Deze overeenkomst wordt aangehaald als: Dienstverleningsovereenkomst Sociaal Domein "
                             f"Westelijke Mijnstreek {y}."]),
        ]

    def preamble(self) -> str:
        r = self.rng
        y = self.year
        d = [f"{r.randint(1, 28)}-{r.randint(9, 11)}-{y - 1}" for _ in range(3)]
        if self.kind == "regeling":
            return (f"Gemeenschappelijke regeling Sociaal Domein Westelijke Mijnstreek {y}\n\n"
                    "De colleges van burgemeester en wethouders van de gemeenten Beek, Sittard-Geleen en Stein, "
                    "ieder voor zover bevoegd, gelet op de Wet gemeenschappelijke regelingen,\n\n"
                    "besluiten de volgende gemeenschappelijke regeling te treffen:")
        return (f"Dienstverleningsovereenkomst Sociaal Domein Westelijke Mijnstreek {y}\n\n"
                "De ondergetekenden:\n"
                "1. De gemeente Beek, hierbij rechtsgeldig vertegenwoordigd door de burgemeester, handelende ter "
                f"uitvoering van het besluit van het college van burgemeester en wethouders d.d. {d[0]};\n"
                "2. De gemeente Stein, hierbij rechtsgeldig vertegenwoordigd door de burgemeester, handelende ter "
                f"uitvoering van het besluit van het college van burgemeester en wethouders d.d. {d[1]};\n"
                "beide hierna te noemen: opdrachtgevers;\n"
                "3. De gemeente Sittard-Geleen, hierbij rechtsgeldig vertegenwoordigd door de burgemeester, "
                "handelende ter uitvoering van het besluit van het college van burgemeester en wethouders d.d. "
                f"{d[2]}, hierna te noemen: opdrachtnemer;\n"
                "hierna gezamenlijk te noemen: partijen,\n\n"
                "overwegende dat de gemeenten Beek en Stein de uitvoering van hun taken in het sociaal domein "
                "hebben opgedragen aan de gemeente Sittard-Geleen, gelet op de Centrumregeling Participatiebedrijf "
                "Westelijke Mijnstreek 2018;\n\n"
                "komen het volgende overeen:")

    def closing(self) -> str:
        if self.kind == "regeling":
            return ""
        r = self.rng
        y = self.year
        out = ["Aldus overeengekomen en ondertekend:"]
        for name in ("Beek", "Stein", "Sittard-Geleen"):
            out += [f"Gemeente {name},", "De burgemeester", f"Datum: {r.randint(1, 20)}-12-{y - 1}"]
        return "\n".join(out)


def synth_articles(n_articles: int, seed: int = 1, kind: str = "dvo") -> tuple[str, list[Article], str]:
    """(preamble, articles, closing) of a draft of `n_articles` articles."""
    w = _Writer(n_articles, seed, kind)
    preamble = w.preamble()
    articles = w.articles()
    return preamble, articles, w.closing()


def render(preamble: str, articles: list[Article], closing: str) -> str:
    parts = [preamble]
    for a in articles:
        lines = [f"Artikel {a.number} {a.heading}"]
        if len(a.leden) == 1:
            lines.append(a.leden[0])
        else:
            lines += [f"{k}. {lid}" for k, lid in enumerate(a.leden, 1)]
        if a.extra:
            lines.append(a.extra)
        parts.append("\n".join(lines))
    if closing:
        parts.append(closing)
    return "\n\n".join(parts) + "\n"


def synth_draft(n_articles: int, seed: int = 1, kind: str = "dvo") -> str:
    """The text of a draft of `n_articles` articles; the same arguments give the same text."""
    return render(*synth_articles(n_articles, seed, kind))


# Drafts of N articles that all say the same kind of thing: the worst case of one check. Leden
# are separated by " | "; "repeated numbers" prints the heading of the article before again.
THEMES: dict[str, tuple[str, str]] = {
    "references": ("Verwijzingen", "Het bepaalde in artikel {j}, tweede lid is van overeenkomstige toepassing. | "
                                   "Zie ook artikel {k} en artikel {far}, derde lid."),
    "personal data": ("Persoonsgegevens", "Opdrachtnemer verwerkt persoonsgegevens in opdracht van opdrachtgever."),
    "force majeure": ("Overmacht", "Bij overmacht is geen van de partijen aansprakelijk voor de gevolgen ({i})."),
    "withdrawal": ("Uittreding", "Een deelnemende gemeente kan uittreden bij besluit van haar college ({i})."),
    "repeated numbers": ("Uitvoering", "Opdrachtnemer voert taak {i} uit."),
    "gaps": ("Uitvoering", "Opdrachtnemer voert taak {i} uit."),
    "entry into force": ("Inwerkingtreding", "Deze overeenkomst treedt in werking op 1 december 2025 ({i})."),
    "repealed acts": ("Openbaarheid", "Verzoeken op grond van de Wet openbaarheid van bestuur over taak {i} worden "
                                      "doorgezonden aan opdrachtgever."),
    "cost shares": ("Kosten", "De kosten van taak {i} worden verdeeld naar de volgende verdeelsleutel: "
                              "Sittard-Geleen 80%, Beek 10%, Stein 11%."),
    "placeholders": ("Contactpersoon", "De contactpersoon voor taak {i} is [NAAM]."),
    "notice periods": ("Opzegging", "Elke partij kan taak {i} opzeggen met een opzegtermijn van {m} maanden."),
}


def theme_draft(n_articles: int, theme: str, seed: int = 1) -> str:
    """A draft of `n_articles` articles that all carry `theme` (one of THEMES): the preamble and
    closing of the dvo (of the regeling for "withdrawal"), then the same article over and over."""
    heading, text = THEMES[theme]
    kind = "regeling" if theme == "withdrawal" else "dvo"
    w = _Writer(n_articles, seed, kind)
    r = w.rng
    preamble, closing = w.preamble(), w.closing()
    articles = [Article("1", "Begripsbepalingen", [
        "In deze overeenkomst wordt verstaan onder:\na. opdrachtgevers: de gemeenten Beek en Stein;\n"
        "b. opdrachtnemer: de gemeente Sittard-Geleen."])]
    for i in range(2, n_articles + 1):
        number = 2 * i if theme == "gaps" else i
        leden = text.format(i=i, j=r.randint(2, n_articles), k=r.randint(2, n_articles), far=n_articles + i,
                            m=r.choice([3, 6, 12])).split(" | ")
        extra = f"Artikel {i - 1} {heading}" if theme == "repeated numbers" and i > 2 else ""
        articles.append(Article(str(number), heading, leden, extra))
    return render(preamble, articles, closing)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", choices=["dvo", "regeling"], default="dvo")
    args = ap.parse_args()
    print(synth_draft(args.articles, args.seed, args.kind), end="")


if __name__ == "__main__":
    main()
