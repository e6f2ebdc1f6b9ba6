"""What the name finder knows of one article while it walks the tokens, and the candidate
name it is deciding about."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

from ..gazetteer import Gazetteer
from ..model import Article, Mention
from ..text import Token, sentences, tokens
from .language import article_language
from .runs import _in_spans, _known_names, _run_ends, _run_lasts, _title_case_lines
from .people import people_named
from .words import _MAX_SPAN_WORDS


@dataclass(slots=True)
class Scan:
    """One article's tokens with what is computed once about them, the gazetteer's word
    sets, and what the walk has found so far (``out``, ``person_tokens``)."""

    article_id: str
    text: str
    toks: list[Token]
    words: list[str]
    upper: list[bool]  # _is_upper_initial of each token
    run_end: list[int]  # _run_ends
    run_last: list[int]  # _run_lasts
    titled: list[tuple[int, int]]  # headline spans (_title_case_lines)
    sentence_starts: set[int]  # offsets of each sentence's first word
    lower_words: set[str]
    gazetteer: Gazetteer
    has_key: Callable[[str], bool]  # gazetteer.has_key
    known: dict[str, str]  # the gazetteer's _known memo
    max_words: int
    foreign: frozenset[str]  # common words of the article's language
    nouns: frozenset[str]  # capitalised nouns of the article's language (German)
    person_tokens: set[str] = field(default_factory=set)
    out: list[Mention] = field(default_factory=list)
    people: frozenset[str] = frozenset()  # names the article shows to be people (geo.spot.people)

    @classmethod
    def of(cls, article: Article, gazetteer: Gazetteer) -> Scan | None:
        """The scan of ``article``, or None when it has no tokens."""
        text = article.text
        toks = tokens(text)
        if not toks:
            return None
        words = [t.text for t in toks]
        starts = [t.start for t in toks]
        upper = [w[0].isupper() for w in words]
        run_end = _run_ends(text, toks, words)
        # Offsets of each sentence's first word (after any opening quote, bracket or bullet).
        sentence_starts = set()
        for s in sentences(text):
            k = bisect.bisect_left(starts, s.start)
            if k < len(toks) and toks[k].start < s.end:
                sentence_starts.add(toks[k].start)
        language = article_language(words) or ""
        return cls(article.id, text, toks, words, upper, run_end, _run_lasts(upper, run_end),
                   _title_case_lines(text, words, upper, starts), sentence_starts,
                   set(filter(str.islower, words)), gazetteer, gazetteer.has_key, _known_names(gazetteer),
                   min(gazetteer.max_words(), _MAX_SPAN_WORDS),
                   getattr(gazetteer, "foreign_words", {}).get(language, frozenset()),
                   # German capitalises its nouns: "Gebiet Saporischschja" is no first name and surname.
                   getattr(gazetteer, "language_words", {}).get(language, frozenset()), people=people_named(text))


@dataclass(slots=True)
class Candidate:
    """A gazetteer name found at tokens ``i``..``j``: characters ``start``..``end`` (a trailing
    possessive left out), its name key, and whether only the loose key matched."""

    i: int
    j: int
    start: int
    end: int
    key: str
    loose: bool
    surface: str
    prev: Token | None  # the token before, and after, the name
    nxt: Token | None
    in_title: bool  # in a headline written in Title Case
    at_sentence_start: bool

    @classmethod
    def at(cls, scan: Scan, i: int, found: tuple[int, int, str], loose: bool) -> Candidate:
        j, end, key = found
        toks, start = scan.toks, scan.toks[i].start
        return cls(i, j, start, end, key, loose, scan.text[start:end], toks[i - 1] if i > 0 else None,
                   toks[j + 1] if j + 1 < len(toks) else None, _in_spans(start, scan.titled),
                   start in scan.sentence_starts)
