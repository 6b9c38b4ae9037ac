"""Content negotiation (RFC 9110 §12.5.1) with python-mimeparse: the media type a request's
``Accept`` header prefers among those a resource offers.

- q-values are honoured; a type with ``q=0`` is never chosen ("not acceptable");
- a more specific range wins over a wildcard (``text/turtle;q=0`` beats ``*/*``);
- on a tie, and for ``*/*`` or no ``Accept`` at all, the first type the resource offers;
- a malformed range (no ``/``) is ignored, as RFC 9110 allows; a header of nothing but
  malformed ranges counts as no header;
- when nothing offered is acceptable, ``None``: the caller answers 406 (``not_acceptable``).

Every negotiated response says ``Vary: Accept`` (``VARY``), so that caches keep its
representations apart.
"""

from __future__ import annotations

from collections.abc import Sequence

import mimeparse

VARY = {"Vary": "Accept"}


def _ranges(accept: str) -> list[str]:
    """The well-formed media ranges of an Accept header."""
    out = []
    for part in accept.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            mimeparse.parse_media_range(part)
        except ValueError:
            continue
        kind, sep, params = part.partition(";")
        out.append(kind.strip().lower() + sep + params)  # media types are case-insensitive
    return out


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the header prefers, or None when none is acceptable."""
    ranges = _ranges(accept or "")
    if not ranges:
        return offered[0]
    # mimeparse prefers the last of equally good candidates: offer them in reverse
    best: str = mimeparse.best_match(list(reversed(offered)), ",".join(ranges))
    return best or None


def not_acceptable_message(offered: Sequence[str]) -> str:
    return "none of the media types in Accept can be served here; this resource is available as: " + ", ".join(offered)
