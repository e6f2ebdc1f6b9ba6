"""Tests for geo.text: sentence splitting and tokens keep offsets into the text."""

from __future__ import annotations

import pytest

from geo.text import sentences, tokens

SPLIT_CASES = [
    ("Troops left Izium. Residents returned.", ["Troops left Izium.", "Residents returned."]),
    ("The U.S. Army sent shells. Officials in Lviv welcomed them.",
     ["The U.S. Army sent shells.", "Officials in Lviv welcomed them."]),
    ("Mr. Horbunov visited Sumy. He left at noon.", ["Mr. Horbunov visited Sumy.", "He left at noon."]),
    ("On Dec. 4 the bridge at Zatoka was hit. Traffic stopped.",
     ["On Dec. 4 the bridge at Zatoka was hit.", "Traffic stopped."]),
    ("Gen. Tarnavskyi spoke first. Others listened.", ["Gen. Tarnavskyi spoke first.", "Others listened."]),
    ("O. Petrenko and J. K. Rowe signed it. Nobody objected.",
     ["O. Petrenko and J. K. Rowe signed it.", "Nobody objected."]),
    ("Prices rose 3.5 percent in Uman. Bread was scarce.", ["Prices rose 3.5 percent in Uman.", "Bread was scarce."]),
    ("Was Vuhledar lost? No! The brigade held it.", ["Was Vuhledar lost?", "No!", "The brigade held it."]),
    ("Strike on Odesa port\nA drone hit a grain silo overnight.",
     ["Strike on Odesa port", "A drone hit a grain silo overnight."]),
    ('"We hold Lyman," the officer said. "Nothing changed."',
     ['"We hold Lyman," the officer said.', '"Nothing changed."']),
    ("  Leading spaces. Trailing spaces.   ", ["Leading spaces.", "Trailing spaces."]),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_text_sentences_split(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


@pytest.mark.parametrize("text", [t for t, _ in SPLIT_CASES] + ["", "   \n\n ", "No period at the end"])
def test_text_sentences_keep_offsets(text: str) -> None:
    got = sentences(text)
    for s in got:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
    starts = [s.start for s in got]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kup’yansk and Chasiv-Yar", ["Kup’yansk", "and", "Chasiv", "Yar"]),
        ("U.S. troops, 2025.", ["U.S.", "troops"]),
        ("Ukraine's east", ["Ukraine's", "east"]),
        ("Харків і Суми", ["Харків", "і", "Суми"]),
        ("", []),
    ],
)
def test_text_tokens_words_and_offsets(text: str, expected: list[str]) -> None:
    toks = tokens(text)
    assert [t.text for t in toks] == expected
    assert all(text[t.start:t.end] == t.text for t in toks)


@pytest.mark.parametrize(("start", "end", "expected"), [(0, 9, ["Near", "Sumy"]), (10, None, ["and", "Izium"])])
def test_text_tokens_in_range(start: int, end: int | None, expected: list[str]) -> None:
    text = "Near Sumy and Izium"
    toks = tokens(text, start, end)
    assert [t.text for t in toks] == expected
    assert all(text[t.start:t.end] == t.text for t in toks)


@pytest.mark.parametrize(("word", "capitalized"), [("Sumy", True), ("sumy", False), ("Харків", True)])
def test_text_token_capitalized(word: str, capitalized: bool) -> None:
    assert tokens(word)[0].capitalized is capitalized
