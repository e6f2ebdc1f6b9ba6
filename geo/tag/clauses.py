"""Clauses and side mentions of a sentence: the structure every rule reads.

A clause ends at a semicolon, colon, parenthesis, dash or quotation mark, and before a
subordinating word ("that", "which", "while", "after" ...).  Commas do not end a clause:
they join the items of lists ("A, B and C") and set off appositions, which the argument
finder reads itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .doc import Doc, SentenceSpan
from .lexicon import lexicon

__all__ = ["Side", "Structure", "structure"]

# "as well as" and "so-called" keep their first word from ending a clause.
_NOT_BOUNDARY_AFTER = {"as": {"well"}, "so": {"-called", "called"}}
_ALIGNED = frozenset("allied aligned backed linked friendly leaning affiliated installed appointed controlled".split())


@dataclass(frozen=True, slots=True)
class Side:
    """A mention of a side over tokens ``lo``..``hi``: RU, UA or other; ``kind`` is
    names, people or media (from ``rules/sides.toml``)."""

    lo: int
    hi: int
    side: str
    kind: str


@dataclass
class Structure:
    """A sentence's clause of each token (``clause[i - lo]``) and its side mentions."""

    sent: SentenceSpan
    clause: list[int]
    bounds: list[tuple[int, int]]  # clause number -> token range
    sides: list[Side]

    def clause_of(self, i: int) -> tuple[int, int]:
        return self.bounds[self.clause[i - self.sent.lo]]

    def sides_between(self, lo: int, hi: int) -> list[Side]:
        return [s for s in self.sides if lo <= s.lo < hi]


def _lowercase_acronym(doc: Doc, i: int, k: int) -> bool:
    """A short side name written in lower case: "un" in "Un ataque" is no UN, "rt" no RT."""
    text = doc.toks[i].text
    return k == 1 and len(text) <= 3 and not text.isupper()


def structure(doc: Doc, sent: SentenceSpan) -> Structure:
    """Clauses and sides of one sentence (linear in its length)."""
    lex = lexicon()
    ends = lex.words["clause_end"]
    words = doc.words
    clause: list[int] = []
    bounds: list[tuple[int, int]] = []
    start = sent.lo
    n = 0
    for i in range(sent.lo, sent.hi):
        w = words[i]
        boundary = w in ends and doc.covered[i] < 0 and not (
            i + 1 < sent.hi and words[i + 1] in _NOT_BOUNDARY_AFTER.get(w, ()))
        if boundary and i > start:
            bounds.append((start, i))
            start = i
            n += 1
        clause.append(n)
    bounds.append((start, sent.hi))
    sides: list[Side] = []
    i = sent.lo
    while i < sent.hi:
        k = lex.sides.at(words, i)
        w = words[i]
        head, _, tail = w.partition("-")
        if not k and tail in _ALIGNED and lex.sides.at([head], 0):
            sides.append(Side(i, i + 1, lex.side_of[(head,)], "names"))  # "Kremlin-allied", "Kyiv-aligned"
            i += 1
        elif k and (i + k >= sent.hi or words[i + k] != "-") and not _lowercase_acronym(doc, i, k):
            key = tuple(words[i:i + k])
            side = Side(i, i + k, lex.side_of[key], lex.side_kind[key])
            if sides and sides[-1].hi == i and side.side == "other" and sides[-1].side != "other":
                # "Kremlin-allied military bloggers", "Russian analysts": the first names the side
                sides[-1] = Side(sides[-1].lo, i + k, sides[-1].side, sides[-1].kind)
            else:
                sides.append(side)
            i += k
        else:
            i += 1
    return Structure(sent, clause, bounds, sides)
