"""Runs of capitalised tokens and the longest gazetteer name each starts: the candidates."""

from __future__ import annotations

import bisect
from itertools import accumulate
from operator import and_
from weakref import WeakKeyDictionary

from ..gazetteer import Gazetteer
from ..text import Token, sentences
from ..gazetteer.translit import loose_key, name_key
from .words import _JOINERS, _NAME_ABBREVIATIONS, _strip_possessive

def _title_case_lines(text: str, words: list[str], upper: list[bool], starts: list[int]) -> list[tuple[int, int]]:
    """Spans of lines written in Title Case (headlines), where capitals say nothing
    (``words``, ``upper``, ``starts``: the tokens' texts, capitalisation and start offsets)."""
    # Running counts of the words longer than three letters, and of those capitalised:
    # each sentence's share is then two subtractions.
    long_ = list(map((3).__lt__, map(len, words)))
    n_long = [0, *accumulate(long_)]
    n_upper = [0, *accumulate(map(and_, long_, upper))]
    spans = []
    for s in sentences(text):
        lo, hi = bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)
        n = n_long[hi] - n_long[lo]
        if n < 4:
            continue
        ratio = (n_upper[hi] - n_upper[lo]) / n
        # A headline has no closing full stop; a sentence crowded with names has one.
        if ratio >= 0.9 or (ratio >= 0.75 and not s.text.rstrip("\"”’' ").endswith(".")):
            spans.append((s.start, s.end))
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted, not overlapping): a binary search,
    as an article of many short lines has thousands of them."""
    k = bisect.bisect_right(spans, (pos, _AFTER_ANY))
    return k > 0 and spans[k - 1][0] <= pos < spans[k - 1][1]


_AFTER_ANY = float("inf")


def _run_lasts(upper: list[bool], run_end: list[int]) -> list[int]:
    """For each token ``i``, the last token of the run of capitalised words starting at ``i``
    (computed from the end in one pass: walking each run from each of its words would take
    time quadratic in the run's length)."""
    lasts = list(range(len(upper)))
    for j in range(len(upper) - 2, -1, -1):
        if j < run_end[j] and upper[j + 1]:
            lasts[j] = lasts[j + 1]
    return lasts


def _run_ends(text: str, toks: list[Token], words: list[str]) -> list[int]:
    """For each token ``k``, the last token of the run from ``k`` on whose gaps may all join
    the words of one name (a space or a hyphen; ". " after "St", "Mt" ...): ``k`` itself
    when the gap after it may not."""
    ends = list(range(len(toks)))
    for k in range(len(toks) - 2, -1, -1):
        gap = text[toks[k].end:toks[k + 1].start]
        if gap in _JOINERS or (gap == ". " and words[k] in _NAME_ABBREVIATIONS):
            ends[k] = ends[k + 1]
    return ends


#: Per gazetteer, the name key of each surface string asked about, or "" when the
#: gazetteer lacks it (see :func:`_known`): the same few thousand words recur in every article.
_KNOWN: WeakKeyDictionary[Gazetteer, dict[str, str]] = WeakKeyDictionary()


def _known_names(gazetteer: Gazetteer) -> dict[str, str]:
    """The :func:`_known` memo of ``gazetteer`` (a fresh one when it cannot be weakly referenced)."""
    try:
        memo = _KNOWN.get(gazetteer)
        if memo is None:
            memo = _KNOWN[gazetteer] = {}
    except TypeError:
        return {}
    if len(memo) >= 200_000:
        memo.clear()
    return memo


def _known(memo: dict[str, str], surface: str, has_key) -> str:
    """The name key of ``surface`` when the gazetteer has it, else "" (memoised in ``memo``)."""
    key = memo.get(surface)
    if key is None:
        key = name_key(surface)
        key = memo[surface] = key if key and has_key(key) else ""
    return key


def _longest(text: str, toks: list[Token], upper: list[bool], run_end: list[int], i: int, max_words: int,
             has_key, known: dict[str, str]) -> tuple[int, int, str] | None:
    """The longest gazetteer name starting at token ``i``: (last token, end offset, key).

    ``upper`` holds :func:`_is_upper_initial` of each token, ``run_end`` :func:`_run_ends`;
    ``known`` is the gazetteer's :func:`_known` memo."""
    start = toks[i].start
    for j in range(min(run_end[i], i + max_words - 1), i - 1, -1):
        if not upper[j] and j != i:
            continue
        tj = toks[j]
        cut = _strip_possessive(tj.text)
        for end in ((tj.end - cut, tj.end) if cut else (tj.end,)):  # without, then with, a possessive
            surface = text[start:end]
            key = known.get(surface)
            if key is None:
                key = _known(known, surface, has_key)
            if key:
                return j, end, key
    return None


def _loose(text: str, toks: list[Token], upper: list[bool], run_end: list[int], i: int, gazetteer: Gazetteer,
           min_words: int = 1) -> tuple[int, int, str] | None:
    """A loose-key match of one or two capitalised words (romanisation variants), of at
    least ``min_words`` words; ``upper`` and ``run_end`` as for :func:`_longest`."""
    for n in ((2, 1) if min_words <= 1 else (2,)):
        j = i + n - 1
        if j >= len(toks) or (n == 2 and not (upper[j] and run_end[i] > i)):
            continue
        end = toks[j].end - _strip_possessive(toks[j].text)
        surface = text[toks[i].start:end]
        if len(surface) < 5:
            continue
        lk = loose_key(surface)
        if gazetteer.lookup_loose(lk):
            return j, end, lk
    return None
