"""The pattern helpers of geo.lexicon."""

from __future__ import annotations

import re

import pytest

from geo import lexicon as lx

TEXTS = [
    "Russian forces captured Avdiivka, Kyiv denied it; STRIKES hit Kharkiv.",
    "The ſtrike and the İnterception were reported in 2023 by Ukraine's army.",
    "over the occupied Kherson region near the village of Stara Shchinka",
    "",
]


@pytest.mark.parametrize("pattern, flags", [
    (r"\b(?:captur(?:ed|ing)|seiz(?:ed|ure of)|took control)\b", re.I),
    (r"\b(?:strikes?|struck|drones?|shell(?:ed|ing))\b", re.I), (r"\b(?:over|above)\s+(?:the\s+)?$", re.I),
    (r"(?:urban |heavy )?(?:combat|fighting)\b", re.I), (r"\b((?:19|20)\d\d)\b", 0),
    (r"\b(?:Ministry|Staff) of (?:the )?$", 0), (r"\d+ km", 0), (r"(?:a|)b", 0),
])
def test_scanner_finds_what_re_finds(pattern: str, flags: int) -> None:
    plain, fast = re.compile(pattern, flags), lx.scanner(pattern, flags)
    for text in TEXTS:
        for end in range(len(text) + 1):
            part = text[:end]
            assert [m.span() for m in fast.finditer(part)] == [m.span() for m in plain.finditer(part)]
            assert fast.findall(part) == plain.findall(part)


def test_scanner_adds_a_lookahead_only_when_the_first_characters_are_known() -> None:
    assert lx.scanner(r"\b(?:in|near)\s+$", re.I).pattern.startswith("(?=[in])")
    assert lx.scanner(r"(?:heavy )?fighting").pattern.startswith("(?=[fh])")
    for pattern in (r"\d+ km", r"(?:a|)b", r"x?", r".a", r"(?=a)a"):
        assert lx.scanner(pattern).pattern == pattern
