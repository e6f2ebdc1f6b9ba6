"""Tokens and sentences with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Sentence", "Token", "sentences", "tokens"]

# A word: letters with inner apostrophes, or a dotted acronym ("U.S.", "U.K.").
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)


class Token(NamedTuple):
    """A word: letters with inner apostrophes; ``end`` exclusive.

    A named tuple rather than a dataclass: an article has hundreds of words and
    tuples are several times cheaper to build.
    """

    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with offsets into ``text``."""
    new = tuple.__new__  # builds the named tuple without its Python-level __new__ (hundreds per article)
    return [new(Token, (m.start(), m.end(), m.group()))
            for m in _WORD.finditer(text, start, len(text) if end is None else end)]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or headline/caption line) of an article; ``end`` exclusive."""

    start: int
    end: int
    text: str


# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    "mr mrs ms dr gen lt col maj sgt capt st mt ft u.s u.k u.n jan feb mar apr jun jul aug sep sept "
    "oct nov dec no vs etc e.g i.e approx pres gov sen rep adm cmdr prof jr sr inc corp co ltd".split())
# Invisible format characters (zero-width, bidi marks) that may sit between sentences.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
# (The lookahead lets the scan skip every other character quickly.  The lookbehind tries a
# run of "." "!" "?" once, from its first mark: tried from each of its marks in turn, a long
# run ("......") would cost time quadratic in its length.)
_END = re.compile(r"(?=[.!?\n])(?:(?<![.!?])[.!?]+[\"'”’)\]]*(?=[\s" + _INVISIBLE + r"]+[\"'“‘(\[]?[A-ZА-ЯІЇЄҐ0-9])|\n\s*\n|\n)")


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences and lines, keeping offsets (memoised for the last texts).


    A line break always ends a sentence (headlines and captions have no period);
    a period ends one unless it follows a known abbreviation or an initial.
    """
    cached = _MEMO.get(text)
    if cached is not None:
        return cached
    out = _split(text)
    if len(_MEMO) >= 8:
        _MEMO.clear()
    _MEMO[text] = out
    return out


_MEMO: dict[str, list[Sentence]] = {}  # the stages split the same article several times


_LAST_WORD = re.compile(r"([\w.]+)\.$")  # the word a period closes


def _split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            word = _LAST_WORD.search(text[max(start, m.start() - 12):m.start() + 1])
            if word:
                w = word.group(1).lower()
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
        _emit(text, start, end, out)
        start = end
    _emit(text, start, len(text), out)
    return out


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and (text[start].isspace() or "\u200b" <= text[start] <= "\u200f"
                           or "\u202a" <= text[start] <= "\u202e" or "\u2060" <= text[start] <= "\u2069"
                           or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
