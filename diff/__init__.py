"""Norm-level comparison of two agreements (issue #9).

    from dvo_kb.diff import compare, render_text, render_html
    d = compare(kb, "dvo-pwm-2018", "dvo-pwm-2020-beek")   # ids, short titles, or rdflib Graphs
    d.as_json(); render_text(d, lang="nl"); render_html(d)

See :mod:`.compare` for what is compared, ``config.yaml`` for the alignment weights.
"""

from .compare import Change, Diff, Pair, compare
from .load import DiffInputError, Side, UnknownDocumentError, graph_of, load_side
from .render import render_html, render_text

__all__ = ["Change", "Diff", "DiffInputError", "Pair", "Side", "UnknownDocumentError", "compare", "graph_of",
           "load_side", "render_html", "render_text"]
