"""The words of the web pages in Dutch and English: data in ``labels.yaml``, one section a page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@cache
def _all() -> dict[str, dict[str, dict[str, str]]]:
    with (HERE / "labels.yaml").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(fh)
    return data


def labels(page: str) -> dict[str, dict[str, str]]:
    """A page's words: {"nl": {key: text}, "en": {key: text}}."""
    return _all()[page]
