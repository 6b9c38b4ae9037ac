"""The ``dvo-kb`` command line: one module per group of commands, their options in Dutch.

    dvo-kb build [--store DIR]              build the graph and print a summary       (show.py)
    dvo-kb show DOC [ARTICLE [LID]]         the text of a document, article or lid     (show.py)
    dvo-kb sparql QUERY | --file F          run a SPARQL 1.1 query on the graph        (sparql.py)
    dvo-kb ask "QUESTION"                   a question in Dutch or English              (ask.py)
    dvo-kb deadlines | events | duties      the dated deadlines, events, duties        (calendar.py)
    dvo-kb validate DRAFT | diff A B        check a draft, compare two documents       (validate.py)
    dvo-kb serve | publish                  the service; the graph into a SPARQL server (serve.py)
    dvo-kb export --format ttl|nt|jsonld|nq|trig|akn|legalruleml                        (export.py)
    dvo-kb add FILE | review ID             a new agreement into the user's data; its review (grow.py)

Every command takes the common options (``--store``, ``--graph-store``, ``--extra``,
``--cache``, ``--base``; common.py), whose defaults are the settings (``dvo_kb/settings.py``,
the DVO_KB_* environment variables).

Bad input (an unknown document, malformed SPARQL, an unreadable file, an invalid setting) is
reported in one line on stderr with exit code 2, never with a traceback; in Dutch, like all the
output of the commands (the words in api/labels.yaml, section cli; the messages of other parts
through api/dutch.py), except where a command's ``--lang en`` asks for English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import UserError
from ..settings import Settings, load_settings
from . import ask, calendar, export, grow, serve, show, sparql, validate
from .common import Parser, common_options, say, words

DESCRIPTION = ("dvo-kb: een kennisbank van Nederlandse samenwerkingsafspraken tussen overheden "
               "(centrumregelingen en dienstverleningsovereenkomsten): de tekst, de normen en hun termijnen als RDF en "
               "als uitvoerbare regels, met vragen, termijnen, toetsing van concepten en een SPARQL-endpoint.")
EPILOG = ("Instellingen: de omgevingsvariabelen DVO_KB_* (zie README); een optie op de opdrachtregel gaat voor. "
          "Hulp bij een opdracht: dvo-kb OPDRACHT --help.")


def parser(env: Settings | None = None) -> argparse.ArgumentParser:
    """The parser of every command; the defaults of its options are the settings ``env``
    (default: the environment's)."""
    env = env or load_settings()
    common = common_options(env)
    ap = Parser(prog="dvo-kb", description=DESCRIPTION, epilog=EPILOG)
    ap.add_argument("--version", action="version", version=f"dvo-kb {__version__}",
                    help="toon het versienummer en stop")
    sub = ap.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=Parser,
                            help="een van deze opdrachten:")
    sub.required = True
    show.add(sub, common)
    sparql.add(sub, common)
    ask.add(sub, common)
    calendar.add(sub, common)
    validate.add(sub, common)
    serve.add(sub, common, env)
    export.add(sub, common)
    grow.add(sub, common)
    return ap


def error_line(exc: UserError, lang: str = "nl") -> str:
    """A user's error in one line: the command's own words are Dutch already; the messages of
    the other parts (clauses/, rules/, validate/, diff/) through api/dutch.py's patterns."""
    from ..api.dutch import dutch_error

    text = str(exc)
    hint = f" ({exc.cli_hint})" if getattr(exc, "cli_hint", None) else ""
    return f"dvo-kb: {words(lang)['error']}: {dutch_error(text) if lang == 'nl' else text}{hint}"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        env = load_settings()
    except UserError as exc:  # an invalid DVO_KB_* variable
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    args = parser(env).parse_args(argv)
    lang = getattr(args, "lang", None) or "nl"
    try:
        return int(args.func(args))
    except UserError as exc:
        print(error_line(exc, lang), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: one line, no traceback, unless asked
        if env.debug:
            raise
        print(f"dvo-kb: {say('internal_error', lang, error=f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
