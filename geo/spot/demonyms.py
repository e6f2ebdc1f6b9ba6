"""Demonyms as references to their country ("Turkish troops" refers to Turkey).

A demonym names no place of its own, so the map never shows one; ``geo mentions`` lists
them (flagged ``demonym``) because a geoparser's reader often wants every reference to a
country, adjectival ones too.  The table, ``demonym_countries.tsv``, keeps only demonyms
that one country (or continent) has.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..gazetteer.paths import data_dir


class Demonym(NamedTuple):
    start: int
    end: int
    surface: str
    place: str  # the country's or continent's name in the gazetteer


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str] | None]:
    path = data_dir() / "demonym_countries.tsv"
    table: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            word, place = line.split("\t", 1)
            if word != "demonym":
                table[word] = place
    if not table:
        return table, None
    words = sorted(table, key=lambda w: (-len(w), w))  # the longest first: "French Polynesian"
    return table, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")


def find_demonyms(text: str, taken: list[tuple[int, int]]) -> list[Demonym]:
    """The demonyms of ``text`` outside the spans already ``taken`` by place names.

    >>> [(d.surface, d.place) for d in find_demonyms("Turkish and Syrian officials met.", [])]
    [('Turkish', 'Turkey'), ('Syrian', 'Syria')]
    """
    table, pattern = _table()
    if pattern is None:
        return []
    spans = sorted(taken)
    out = []
    k = 0
    for m in pattern.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] < m.end():
            continue  # inside a place name ("Turkish Riviera" would be one)
        out.append(Demonym(m.start(), m.end(), m.group(), table[m.group()]))
    return out
