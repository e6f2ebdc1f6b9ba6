"""The Doc: an article's tokens, sentences and places, made once and read by every rule.

Tokens are words (letters with inner apostrophes and hyphens), numbers and single
punctuation marks, each with its character offsets and lower-cased form.  Sentences come
from :func:`geo.text.sentences`.  Each resolved mention is laid over the tokens it covers,
so a rule asks "is there a place at token i" in constant time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from ..model import Article, Resolution, ResolutionStatus
from ..text import sentences

_T = TypeVar("_T")

__all__ = ["Doc", "PlaceSpan", "SentenceSpan", "Tok", "make_doc", "tokenize_words"]

# Words keep inner apostrophes and hyphens ("pro-Russian" is one word), but a closing possessive
# is a token of its own ("Kyiv's" -> "Kyiv" "'s"); numbers keep their separators; everything
# else that is not a space is one token.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|['’][sS]\b|[^\W\d_]+(?:[-'’ʼ](?![sS]\b)[^\W\d_]+)*|\S", re.UNICODE)


class Tok(NamedTuple):
    """A token: ``low`` is the lower-cased text (a curly apostrophe made straight).

    A named tuple rather than a dataclass: an article has thousands of tokens."""

    start: int
    end: int
    text: str
    low: str


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    new = tuple.__new__
    return [new(Tok, (m.start(), m.end(), g, g.lower().replace("’", "'")))
            for m in _TOKEN.finditer(text, start, end) for g in (m.group(),)]


def tokenize_words(text: str) -> list[str]:
    """The lower-cased tokens of a short text, as the Doc makes them (for the lexicon)."""
    return [t.low for t in _tokens(text, 0, len(text))]


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A resolved mention over tokens ``lo``..``hi`` (exclusive)."""

    lo: int
    hi: int
    res: Resolution

    @property
    def kind(self) -> str:
        assert self.res.place is not None
        return self.res.place.kind

    @property
    def town(self) -> bool:
        """A settlement, or a settlement placed at its region for want of a better point."""
        place = self.res.place
        assert place is not None
        return place.kind == "city" or (place.kind == "region" and self.res.status is ResolutionStatus.APPROXIMATE)

    @property
    def region(self) -> bool:
        place = self.res.place
        assert place is not None
        return place.kind == "region" and self.res.status is ResolutionStatus.PLACED


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence over tokens ``lo``..``hi`` (exclusive), with its character bounds and text
    (those of the whole sentence when this is a piece of an over-long one)."""

    lo: int
    hi: int
    start: int
    end: int
    text: str


@dataclass
class Doc:
    """An article made ready for the rules (see the module docstring)."""

    article: Article
    toks: list[Tok]
    words: list[str]  # ``toks[i].low``, for phrase lookups
    sents: list[SentenceSpan]
    places: list[PlaceSpan]
    place_at: dict[int, PlaceSpan]  # token index of a place's first token -> the place
    covered: list[int]  # token index -> index into ``places`` of the place covering it, or -1
    place_los: list[int]  # ``places[k].lo``, for bisecting
    year: int | None
    sent_los: list[int] = field(default_factory=list)  # ``sents[k].lo``, for bisecting
    #: Places inside a token another place begins ("Ukraine" of "Russia-Ukraine"): named, and
    #: cited by their sentence, but no frame's argument.
    inner: list[Resolution] = field(default_factory=list)
    #: Facts about a span computed once however many frames ask ((name, lo, hi) -> value).
    memo: dict[tuple[str, int, int], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sent_los[:] = [s.lo for s in self.sents]

    def once(self, name: str, lo: int, hi: int, compute: Callable[[], _T]) -> _T:
        """``compute()`` for the span ``lo``..``hi``, made once per Doc (a clause asked by each
        of its frames costs its length once, not once per frame)."""
        key = (name, lo, hi)
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def place_covering(self, i: int) -> PlaceSpan | None:
        k = self.covered[i]
        return self.places[k] if k >= 0 else None

    def places_in(self, lo: int, hi: int) -> list[PlaceSpan]:
        """The places whose first token lies in tokens ``lo``..``hi`` (a sentence)."""
        return self.places[bisect.bisect_left(self.place_los, lo):bisect.bisect_left(self.place_los, hi)]

    def sentence_of(self, i: int) -> SentenceSpan | None:
        """The sentence holding token ``i``."""
        k = bisect.bisect_right(self.sent_los, i) - 1
        return self.sents[k] if k >= 0 and i < self.sents[k].hi else None

    def line_start(self, i: int) -> bool:
        """Whether token ``i`` is the first on its line."""
        text = self.article.text
        a = text.rfind("\n", 0, self.toks[i].start) + 1
        return not text[a:self.toks[i].start].strip()


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _year(article: Article) -> int | None:
    if article.date and article.date[:4].isdigit():
        return int(article.date[:4])
    years = [int(y) for y in _YEAR.findall(article.text[:5000]) if int(y) <= 2100]
    return max(years) if years else None


#: The most tokens a sentence of the Doc holds.  Real sentences of news stay far below
#: (the longest of a hundred articles has 74); a longer run without a sentence end (page
#: debris, a list, hostile text) is read in pieces, so that what a rule reads of one
#: sentence is bounded and an article is tagged in time linear in its length.
MAX_SENTENCE_TOKENS = 150
_BREAKS = frozenset(";,:")


def _pieces(toks: list[Tok], lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Tokens ``lo``..``hi`` in pieces of at most :data:`MAX_SENTENCE_TOKENS`, each cut
    after the last comma, colon or semicolon of its second half where there is one."""
    while hi - lo > MAX_SENTENCE_TOKENS:
        cut = lo + MAX_SENTENCE_TOKENS
        for k in range(cut - 1, lo + MAX_SENTENCE_TOKENS // 2, -1):
            if toks[k].text in _BREAKS:
                cut = k + 1
                break
        yield lo, cut
        lo = cut
    yield lo, hi


def make_doc(article: Article, resolutions: Sequence[Resolution]) -> Doc:
    """Tokens, sentences and places of one article."""
    text = article.text
    toks: list[Tok] = []
    sents: list[SentenceSpan] = []
    for s in sentences(text):
        lo = len(toks)
        toks.extend(_tokens(text, s.start, s.end))
        for a, b in _pieces(toks, lo, len(toks)):
            sents.append(SentenceSpan(a, b, s.start, s.end, s.text))  # a piece cites its whole sentence
    starts = [t.start for t in toks]
    covered = [-1] * len(toks)
    places: list[PlaceSpan] = []
    place_at: dict[int, PlaceSpan] = {}
    inner: list[Resolution] = []
    for r in sorted((r for r in resolutions if r.place is not None), key=lambda r: r.mention.start):
        lo = bisect.bisect_left(starts, r.mention.start)
        hi = bisect.bisect_left(starts, r.mention.end)
        if lo >= hi or lo in place_at or covered[lo] >= 0:
            inner.append(r)
            continue
        span = PlaceSpan(lo, hi, r)
        for i in range(lo, hi):
            covered[i] = len(places)
        places.append(span)
        place_at[lo] = span
    return Doc(article, toks, [t.low for t in toks], sents, places, place_at, covered, [p.lo for p in places],
               _year(article), inner=inner)
