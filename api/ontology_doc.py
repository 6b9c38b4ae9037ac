"""The ontology as HTML documentation, generated with pyLODE (OntPub profile) once per process.

pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does not ship
(RDFLib/pyLODE#260), and it configures the root logger (``logging.basicConfig(level=DEBUG)``
on import, ``logging.info`` while it runs). Both are worked around here: the version module
is provided from the installed distribution's metadata, and the root logger is kept as it was.
"""

from __future__ import annotations

import logging
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Any

_lock = threading.Lock()
_html: str | None = None


@contextmanager
def _root_logger_kept() -> Iterator[None]:
    """pyLODE configures the root logger (``basicConfig``, and ``logging.info`` does it implicitly):
    undo that, so the service's logging stays as uvicorn set it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    guard = logging.NullHandler()
    root.addHandler(guard)  # basicConfig does nothing while the root logger has a handler
    try:
        yield
    finally:
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)


def _import_ontpub() -> Any:
    if "pylode.version" not in sys.modules:
        try:
            import pylode.version  # noqa: F401
        except (FileNotFoundError, KeyError, ImportError):
            for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
                del sys.modules[name]
            stub = types.ModuleType("pylode.version")
            stub.__version__ = metadata.version("pylode")  # type: ignore[attr-defined]
            sys.modules["pylode.version"] = stub
    from pylode import OntPub

    return OntPub


def ontology_html() -> str:
    """The HTML documentation of the whole ontology (hub, modules, alignments); generated on the
    first call (about 2 s) and kept for the life of the process."""
    global _html
    with _lock:
        if _html is None:
            from ..ontology.load import ontology_graph

            with _root_logger_kept():
                _html = str(_import_ontpub()(ontology_graph()).make_html())
        return _html

