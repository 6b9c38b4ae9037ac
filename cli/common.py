"""What the commands of ``dvo-kb`` share: the parser in Dutch, the options every command takes
(``--store``, ``--graph-store``, ``--extra``, ``--cache``, ``--base``), the settings and the
knowledge base they name, and the output helpers. Every word a command prints is in
api/labels.yaml (section ``cli``; the norms' one-line summaries: section ``norm_line``), Dutch
by default."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, NoReturn

import pyoxigraph as ox

from ..errors import UserError
from ..kb import KnowledgeBase
from ..settings import CALENDAR_YEARS, Settings, cache_setting, load_settings

# a request to a SPARQL server from the command line (no time limit of the service's)
CLI_TIMEOUT = 30.0

FORMATS_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
FORMATS_RDF = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
}


def words(lang: str = "nl") -> dict[str, str]:
    """The words of the command line in ``lang`` (api/labels.yaml, section cli)."""
    from ..api.labels import labels

    return labels("cli")[lang]


def say(key: str, lang: str = "nl", **fields: Any) -> str:
    """A sentence of the command line by its key, its {fields} filled in."""
    return words(lang)[key].format(**fields)


def decimal(x: float, digits: int = 2, lang: str = "nl") -> str:
    """A number with the reader's decimal sign (0,09 in Dutch)."""
    return f"{x:.{digits}f}".replace(".", words(lang)["decimal"])


def argparse_dutch(message: str) -> str:
    """argparse's own sentences of an error ("the following arguments are required: ...") in Dutch:
    each English phrase of api/labels.yaml (cli, argparse_*) replaced by its Dutch."""
    en, nl = words("en"), words("nl")
    for key in en:
        if key.startswith("argparse_"):
            message = message.replace(en[key], nl[key])
    return message


class Parser(argparse.ArgumentParser):
    """argparse with its own words in Dutch: the headings of the help and ``-h``, and an error of
    the arguments ("gebruik: ...", "fout: ...")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "toon deze hulp en stop"

    def format_usage(self) -> str:
        """The usage line of an error, headed in Dutch (the help keeps argparse's own layout)."""
        usage = super().format_usage()
        en, nl = words("en")["usage"], words("nl")["usage"]
        return nl + usage[len(en):] if usage.startswith(en) else usage

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {words()['error']}: {argparse_dutch(message)}\n")


def common_options(env: Settings) -> argparse.ArgumentParser:
    """The options of every command that opens the knowledge base; their defaults are the
    settings of the environment (DVO_KB_*)."""
    parent = Parser(add_help=False)
    common = parent.add_argument_group("de kennisbank (elke opdracht)")
    common.add_argument("--store", metavar="DIR|URL", default=env.store,
                        help="bewaar de graaf in een opslag op schijf in DIR en hergebruik die zolang de bronnen "
                             "niet veranderen, of gebruik de graaf op de SPARQL-server met query-endpoint URL "
                             "(zie publish); standaard: in het geheugen, geladen uit de cache; env DVO_KB_STORE")
    common.add_argument("--graph-store", metavar="URL", default=env.graph_store,
                        help="het Graph Store Protocol-endpoint van die server (standaard: afgeleid van --store; "
                             "env DVO_KB_GRAPH_STORE)")
    common.add_argument("--extra", metavar="FILE", action="append", default=list(env.extra_data),
                        help="een N-Quads- of TriG-bestand om aan het corpus toe te voegen (herhaalbaar; "
                             "env DVO_KB_EXTRA_DATA)")
    common.add_argument("--cache", metavar="DIR", default=env.cache, type=cache_setting,
                        help=f"waar een opslag in het geheugen de dump van zijn bouw bewaart, hergebruikt zolang de "
                             f"bronnen niet veranderen ('off': nergens; standaard {env.cache or 'off'}; "
                             f"env DVO_KB_CACHE)")
    common.add_argument("--base", metavar="IRI", default=env.base_iri,
                        help=f"basis-IRI van de graaf (standaard {env.base_iri}; env DVO_KB_BASE_IRI)")
    return parent


def settings_of(args: argparse.Namespace, **more: Any) -> Settings:
    """The settings of a command: the environment's, with its command-line options above them."""
    return load_settings(store=args.store, graph_store=args.graph_store, extra_data=args.extra,
                         cache=args.cache, base_iri=args.base, **more)


def open_kb(args: argparse.Namespace, timeout: float | None = CLI_TIMEOUT) -> KnowledgeBase:
    """The knowledge base the command's options name (``timeout``: of a request to a SPARQL
    server; None: the service's); a source that cannot be parsed or a bad setting is a
    UserError (exit 2)."""
    from ..clauses.parser import ParseError

    settings = args.settings if getattr(args, "settings", None) is not None else settings_of(args)
    try:
        return settings.open_kb(rebuild=getattr(args, "rebuild", False), timeout=timeout)
    except ParseError as exc:
        raise UserError(say("cannot_parse", error=exc)) from exc
    except ValueError as exc:
        raise UserError(str(exc)) from exc


# -- arguments -------------------------------------------------------------------------------------
def date_argument(text: str) -> dt.date:
    """A date argument: a day that exists, within the years the date engine answers for
    (settings.CALENDAR_YEARS); else argparse's error (exit 2)."""
    from ..api.dutch import dutch_error
    from ..rules.calendar import range_text

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", text=repr(text))) from None
    if not CALENDAR_YEARS[0] <= day.year <= CALENDAR_YEARS[1]:
        raise argparse.ArgumentTypeError(say("outside_range", text=text, range=dutch_error(f"({range_text()})")))
    return day


def year_argument(text: str) -> int:
    first, last = CALENDAR_YEARS
    if not text.strip().isdigit() or not first <= int(text) <= last:
        raise argparse.ArgumentTypeError(say("not_a_year", text=repr(text), first=first, last=last))
    return int(text)


# -- output ----------------------------------------------------------------------------------------
def as_bytes(data: bytes | None) -> bytes:
    """pyoxigraph's serialize returns bytes when it writes to no file."""
    return data or b""


def prefixes() -> dict[str, str]:
    from ..kb import PREFIXES

    return dict(PREFIXES)


def table(names: list[str], rows: list[list[str]]) -> None:
    width = [max([len(n)] + [min(len(r[i]), 80) for r in rows]) for i, n in enumerate(names)]
    print("  ".join(n.ljust(width[i]) for i, n in enumerate(names)))
    print("  ".join("-" * w for w in width))
    for r in rows:
        cells = [(c if len(c) <= 80 else c[:77] + "...").replace("\n", " ") for c in r]
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(cells)))
    print(say("one_row") if len(rows) == 1 else say("rows", n=len(rows)))


def write_output(data: bytes, output: str | None) -> None:
    """An export's bytes to --output FILE, or to stdout."""
    if not output:
        sys.stdout.buffer.write(data)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise UserError(say("cannot_write", file=output, why=exc.strerror)) from exc
