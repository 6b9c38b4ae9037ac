"""The general number words of words.yaml (words.number_word)."""

from __future__ import annotations

import pytest

from dvo_kb.words import number_word


@pytest.mark.parametrize(("word", "number"), [
    ("veertig", 40), ("Dertig", 30), ("vijfendertig", 35), ("tweeëntwintig", 22), ("drieëntwintig", 23),
    ("eenentwintig", 21), ("negenennegentig", 99), ("honderd", 100), ("tien", 10),
    ("huis", None), ("tienentwintig", None), ("vijfendertigste", None), ("procent", None),
])
def test_a_dutch_number_word(word: str, number: int | None) -> None:
    assert number_word(word) == number
