"""Juriconnect identifiers (``jci1.3:c:BWBR0003740&artikel=9``) of national law and its parts.

The Juriconnect standard BWB 1.3 ("logische links naar wetgeving", KOOP) names a regeling of
the Basiswettenbestand by its BWB id, and a part of it by a location string in the short
syntax: the levels that identify the part, from the highest needed down ("&artikel=3&lid=5").
wetten.overheid.nl resolves them. The graph states them as ``dvo:jci`` beside ``dvo:bwbId``:
for every act of ``acts.yaml`` with a BWB id, and for every part of such an act that the
curated encoding cites (``<wgr/art/28> a dvo:Division ; dvo:inDocument <wgr>``, see
``curated/README.md``, References), whose IRI path below the act names the levels.
"""

from __future__ import annotations

import re

VERSION = "jci1.3"
# the IRI path segments of a cited part of an act (curated/README.md) -> Juriconnect levels
LEVELS = {
    "hfst": "hoofdstuk",
    "titel": "titeldeel",
    "afdeling": "afdeling",
    "par": "paragraaf",
    "art": "artikel",
    "lid": "lid",
    "onderdeel": "onderdeel",
    "bijlage": "bijlage",
}
BWB_ID = re.compile(r"^BWB[RV]\d{7}$")
LABEL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.:]*$")


def jci(bwb_id: str, path: str = "") -> str | None:
    """The Juriconnect identifier of a regeling, or of the part of it at ``path``
    ("art/3/lid/5", "afdeling/3.6"); None when the id is no BWB id or the path has a level
    Juriconnect does not name (an EU regulation's "punt" is not BWB, for example)."""
    if not BWB_ID.match(bwb_id):
        return None
    parts = [p for p in path.strip("/").split("/") if p] if path else []
    if len(parts) % 2:
        return None
    location = ""
    for level, label in zip(parts[::2], parts[1::2], strict=True):
        if level not in LEVELS or not LABEL.match(label):
            return None
        location += f"&{LEVELS[level]}={label}"
    return f"{VERSION}:c:{bwb_id}{location}"


__all__ = ["LEVELS", "VERSION", "jci"]
