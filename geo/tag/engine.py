"""Frames: cue words and the places that fill their slots, sentence by sentence.

Each construction (in :mod:`.capture`, :mod:`.strike`, :mod:`.denial`, :mod:`.fortified` and
:mod:`.foreign`) is a rule of ``rules/frames.toml`` (its id is the ``rule`` of the frames it
makes, and its examples are tested).  The engine only finds frames; whether a
frame reports an event (negation, modality, questions, history) is decided by
:mod:`geo.tag.modifiers`, and who asserts it by :mod:`geo.tag.attribution`.
"""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .capture import _capture
from .clauses import Structure
from .denial import _denial
from .doc import Doc
from .foreign import _foreign
from .fortified import _fortified
from .frame import Frame
from .lexicon import lexicon
from .strike import _strike

__all__ = ["Frame", "frames"]


def frames(doc: Doc, st: Structure, actors: set[int]) -> list[Frame]:
    """Every frame of one sentence, in token order."""
    lex = lexicon()
    words = doc.words
    sent = st.sent
    find = Finder(doc, sent.lo, sent.hi, actors)
    out: list[Frame] = []
    for i in range(sent.lo, sent.hi):
        if doc.covered[i] >= 0 or not lex.trigger(words[i]):
            continue
        lo, hi = st.clause_of(i)
        out.extend(_capture(doc, st, find, i, lo, hi) or _strike(doc, st, find, i, lo, hi)
                   or _denial(doc, st, find, i, lo, hi) or _fortified(doc, st, find, i, lo, hi)
                   or _foreign(doc, st, find, i, lo, hi, lex))
    if any(f.tag is Tag.STRIKE and f.rule != "strike.where" for f in out):
        out = [f for f in out if f.rule != "strike.where"]  # a strike that names its place locates the others
    return out
