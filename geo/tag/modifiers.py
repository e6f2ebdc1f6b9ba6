"""Modifiers, applied once to every frame: negation, modality, questions and history.

A frame reports an event only when its cue is asserted: not asked ("Has X fallen?"), not
planned, forecast or wished ("aims to capture", "could fall within weeks", "capturing X
would open the road"), and not history (an earlier year in its clause).  A negated cue
("has not fallen", "failed to retake", "did not capture anything") is reported as negated:
a negated taking is a denial, a negated strike is nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import Structure
from .doc import Doc
from .frame import Frame
from ..model import Tag
from .lexicon import lexicon

__all__ = ["Mood", "mood"]

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = {m: n for n, m in enumerate("january february march april may june july august september october "
                                      "november december".split(), 1)}


def _progressive(words: list[str], cue: int, lo: int) -> bool:
    """Whether a verb in -ing follows a form of "be" ("are advancing", "were gradually pushing")."""
    k = cue - 1
    while k >= lo and (words[k].endswith("ly") or words[k] in ("still", "now", "also")):
        k -= 1
    return k >= lo and words[k] in ("is", "are", "was", "were", "be", "been")


def _earlier_month(doc: Doc, st: Structure, lo: int, hi: int) -> bool:
    """ "in February" in an article of May: a past event named without its year is history
    when its month lies two or more months before the article's."""
    date = doc.article.date or ""
    if len(date) < 7 or not date[5:7].isdigit():
        return False
    now = int(date[5:7])
    words, toks = doc.words, doc.toks
    for k in range(lo + 1, hi):
        month = _MONTHS.get(words[k])
        prev = words[k - 2] if words[k - 1] in ("late", "early", "mid", "mid-") and k - 2 >= lo else words[k - 1]
        if month and prev in ("in", "since", "during") and toks[k].text[:1].isupper() and not (
                k + 1 < hi and (words[k + 1][:1].isdigit())):
            if 2 <= (now - month) % 12 <= 9:
                return True
    return False
_WINDOW = 6  # tokens before a cue that a modal or negation reaches


@dataclass(frozen=True, slots=True)
class Mood:
    """What the modifiers found: ``drop`` names why a frame reports nothing (or is empty)."""

    negated: bool = False
    drop: str = ""


_TIME_CLAUSE = frozenset("after before".split())
_UNCONFIRMED = frozenset("confirm confirmed confirming verify verified comment commented acknowledge "
                         "acknowledged".split())
_FUTURE = frozenset("will would could might can shall should must 'll".split())


def _time_clauses(words: list[str], hi: int, end: int) -> int:
    """The end of a clause with the time clauses that follow it ("captured X soon after
    invading Ukraine in February 2022": the year dates the taking)."""
    while hi < end and (words[hi] in _TIME_CLAUSE or hi + 1 < end and words[hi] == "soon" and words[hi + 1] in _TIME_CLAUSE):
        hi += 1
        while hi < end and words[hi] not in (",", ";", ":") and words[hi] not in _TIME_CLAUSE:
            hi += 1
    return hi


def _aside(words: list[str], lo: int, k: int, cue: int) -> bool:
    """Whether token ``k`` lies between commas before the cue: an apposition describing
    something else ("the head of Crimea, the peninsula seized in 2014, reported an attack")."""
    return k < cue and "," in words[lo:k] and "," in words[k:cue]


def mood(doc: Doc, st: Structure, frame: Frame) -> Mood:
    """The modifiers of one frame."""
    lex = lexicon()
    words, toks = doc.words, doc.toks
    lo, hi = st.clause_of(frame.cue)
    if st.sent.text.rstrip().endswith("?"):
        return Mood(drop="question")
    dated = hi if frame.tag is Tag.FORTIFIED else _time_clauses(words, hi, st.sent.hi)  # a stronghold stays one
    past_years = doc.once("past years", lo, dated, lambda: [
        k for k in range(lo, dated) if _YEAR.match(words[k]) and doc.year and int(words[k]) < doc.year])
    for k in past_years:
        if (k > lo and words[k - 1] in lex.words["history"] or 0 < frame.cue - k <= 3) and not _aside(
                words, lo, k, frame.cue):
            return Mood(drop="history")  # history: "in 2014", or a year right before the cue
    if lo > st.sent.lo and words[lo] in ("after", "when", "once", "until", "before") and any(
            words[k] in _FUTURE for k in range(max(st.sent.lo, lo - 5), lo)):
        return Mood(drop="modal")  # "victory would come only after the liberation of X": a condition
    if lo > st.sent.lo and words[lo] == "that" and (
            lex.verb("intend", words[lo - 1]) or words[lo - 1] in lex.words["modal"]):
        return Mood(drop="intent")  # "demanded that Moscow take X", "the goal that ..."
    if frame.tag is not Tag.FORTIFIED and doc.once("earlier month", lo, dated,
                                                   lambda: _earlier_month(doc, st, lo, dated)):  # a stronghold stays one
        return Mood(drop="history")
    for k in range(max(st.sent.lo, frame.cue - 4), frame.cue):
        if lex.nouns["falsehood"].at(words, k) and words[k + 1] in ("about", "of", "that", "on"):
            return Mood(drop="reported")  # "spreading fakes about an airstrike on X"
    if words[frame.cue].endswith("ing") and frame.tag is Tag.CAPTURE_CLAIM and _progressive(words, frame.cue, lo):
        return Mood(drop="ongoing")  # "were gradually pushing Russian troops back": not yet done
    for k in range(lo, max(lo, frame.cue - _WINDOW)):
        if words[k] in ("will", "would", "could", "might", "must", "should", "shall") and "and" in words[k:frame.cue]:
            return Mood(drop="modal")  # "Russia will fulfil its goals and take X": the modal governs both
    negated = False
    start = max(lo, frame.cue - _WINDOW)
    for k in range(start, frame.cue):  # "tried to advance towards X and has captured Y": a clause of its own
        if words[k] in ("and", "but") and (words[k + 1] in ("has", "have", "had", "then", "also")
                                           or k + 1 == frame.cue and words[k + 1].endswith("ed")):
            start = k + 1
    for k in range(start, frame.cue):
        w = words[k]
        if w in lex.words["negation"] and frame.cue - k <= 4:
            if any(words[m] in _UNCONFIRMED for m in range(k + 1, frame.cue)):
                return Mood(drop="unconfirmed")  # "has not confirmed the capture of X": neither claimed nor denied
            negated = True
        elif lex.verb("intend", w) in ("fail", "struggle") and frame.cue - k <= 4:
            negated = True
        elif w in lex.words["modal"] and not (w == "may" and toks[k].text == "May") or (
                w == "about" and words[k + 1] == "to"):
            return Mood(drop="modal")
        elif lex.verb("intend", w) is not None and k + 1 < frame.cue and words[k + 1] in ("to", "at", "for") and (
                frame.tag is not Tag.FORTIFIED):  # "tried to defend X with trenches": the trenches are there
            return Mood(drop="intent")
    if (words[frame.cue].endswith("ing") or frame.rule.endswith((".noun", ".possessive"))) and frame.args:
        # "capturing X would ...", "the liberation of X would be ...", "X's capture would be": a hypothesis
        end = max([a.hi for a in frame.args] + [frame.cue + 1])
        subject = words[frame.cue].endswith("ing") and (frame.cue == lo or words[frame.cue - 1] in ("that", "but"))
        for k in range(end, min(st.sent.hi, end + 4)):
            if words[k] in lex.words["modal"] and words[k] != "may":
                return Mood(drop="modal")
            if subject and words[k] in ("is", "remains", "seems", "looks"):
                return Mood(drop="modal")  # "taking Sumy or Kharkiv is an unrealistic goal": the act, not an event
    return Mood(negated=negated)
