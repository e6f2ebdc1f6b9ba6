"""The frame a construction makes, and the helpers its constructions share."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .lexicon import rules


_PASSIVE_AUX = frozenset("was were been be is are being get got gets".split())
_NEAR = frozenset("near outside around".split())


@dataclass
class Frame:
    """A cue at tokens ``cue``..``cue_end`` with its argument places.

    ``holder`` is the side the cue itself names ("under Russian control", "in Ukrainian
    hands"); ``agent`` the side a passive names ("by Russian forces"); ``negated`` is set
    by the construction when the cue's own words deny ("has not fallen")."""

    rule: str
    tag: Tag
    cue: int
    cue_end: int
    args: list[PlaceSpan]
    holder: str | None = None
    agent: str | None = None
    state: bool = False  # a standing state ("is under Russian control"), not a verb of taking
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rule not in rules():
            raise KeyError(f"frame rule {self.rule!r} is not in rules/frames.toml; known rules: {sorted(rules())}")


def _side_in(st: Structure, lo: int, hi: int) -> str | None:
    sides = st.sides_between(lo, hi)
    return sides[0].side if sides else None


def _passive(words: list[str], i: int, lo: int) -> bool:
    j = i - 1
    while j >= lo and (words[j].endswith("ly") or words[j] in ("fully", "also", "now", "already", "not", "been")):
        if words[j] == "been":
            return True
        j -= 1
    return j >= lo and words[j] in _PASSIVE_AUX


def _by_agent(st: Structure, words: list[str], i: int, hi: int) -> str | None:
    """The side after "by" following a passive cue ("liberated by the Russian forces")."""
    j = i + 1
    while j < hi and j - i < 4 and words[j] != "by":
        j += 1
    if j < hi and words[j] == "by":
        return _side_in(st, j + 1, min(hi, j + 5))
    return None


_PLURAL_PLACES = frozenset("settlements villages towns cities localities hamlets communities".split())
_TARGETS = frozenset("facilities facility infrastructure targets sites plants plant regions cities towns depots "
                     "airfields bases refineries substations grid enterprises".split())


def _targets(doc: Doc, lo: int, place: PlaceSpan) -> bool:
    """Whether targets are named before a country ("energy facilities in several regions of X")."""
    return any(doc.words[k] in _TARGETS for k in range(lo, place.lo))


_SHARE = frozenset("percent per cent % all most part half parts much share third quarter".split())


def _share(words: list[str], j: int, lo: int) -> bool:
    """ "70 percent of Donetsk", "almost all of Luhansk": a share of a region is a standing state."""
    return any(words[k] in _SHARE or words[k].endswith("%") for k in range(max(lo, j - 4), j))


def _anaphor_in(find: Finder, j: int, hi: int) -> list[PlaceSpan]:
    """The town "the city" stands for, when the object names part of it."""
    for k in range(j, min(hi, j + 12)):
        if find.antecedent(k, hi):
            return find.antecedent_before(j)
    return []


def _relative(doc: Doc, find: Finder, lo: int) -> list[PlaceSpan]:
    """The place a relative clause starting at ``lo`` ("..., which ...") is about."""
    if doc.words[lo] not in ("which", "that") or lo - 2 < find.lo or doc.words[lo - 1] != ",":
        return []
    span = doc.place_covering(lo - 2)
    return [span] if span is not None and span.lo not in find.actors else []


def _plural_settlements(words: list[str], j: int, hi: int) -> bool:
    """Whether an object is a number of places not named there ("five settlements")."""
    return any(words[k] in _PLURAL_PLACES for k in range(j, min(hi, j + 5)))


def _list_after(doc: Doc, find: Finder, st: Structure, j: int) -> list[PlaceSpan]:
    """The list that names them later in the sentence: after a colon, "they are", "namely"."""
    words = doc.words
    for k in range(j, st.sent.hi):
        if words[k] == ":" or words[k] in ("namely", "including") or (
                words[k] in ("they", "these") and k + 1 < st.sent.hi and words[k + 1] in ("are", "were", "include")):
            start = k + 1 if words[k] in (":", "namely", "including") else k + 2
            if words[k] == ":" and start + 1 < st.sent.hi and words[start] in ("they", "these", "those") and words[
                    start + 1] in ("are", "were", "include"):
                start += 2  # ": they are A, B and C"
            return find.objects(start, st.sent.hi, gap=2)
    return []


def _noun_use(words: list[str], i: int, lo: int) -> bool:
    return i > lo and words[i - 1] in ("the", "a", "an", "its", "their", "his", "'s", "new", "massive", "latest",
                                       "drone", "missile", "air", "artillery", "overnight", "combined", "another",
                                       "major", "large-scale", "deadly", "first", "second", "this", "that")


def _side_before(doc: Doc, st: Structure, i: int) -> bool:
    """A side's adjective right before a word makes it a noun ("a Russian strike", "Ukrainian
    attacks"); a side's name ("Ukraine hit X", "Russians attack") is its subject."""
    return any(s.hi == i and s.kind == "names" and doc.covered[s.lo] < 0 and not doc.words[i - 1].endswith("s")
               for s in st.sides)


_SELF_HOLDER = frozenset("our their its".split())


def _subject_side(st: Structure, words: list[str], j: int, lo: int) -> str | None:
    """The side of the subject before token ``j`` in its clause, skipping sides after a preposition."""
    best = None
    for side in st.sides:
        if lo <= side.lo < j and not (side.lo > lo and words[side.lo - 1] in ("in", "on", "at", "of", "from", "to")):
            best = side.side
    return best


def _without_locating_regions(args: list[PlaceSpan]) -> list[PlaceSpan]:
    """Drop a region that only locates a town of the same frame ("in der Siedlung Ilski in der
    Region Krasnodar", "em Kurakhove, na região de Donetsk"): the town is the event's place."""
    held = {a.res.place.admin1 for a in args if a.town and a.res.place is not None}
    return [a for a in args if not (a.region and a.res.place is not None
                                    and (a.res.place.admin1 or a.res.place.name) in held)]
