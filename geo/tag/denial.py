"""Constructions of denial: verbs and falsehoods said of a claim, fighting that goes on, places held."""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .frame import Frame, _anaphor_in, _noun_use, _subject_side, _without_locating_regions
from .lexicon import lexicon


_ASSAULTS = frozenset("attacks attack assaults assault offensives offensive attempts advances storming".split())
_ONGOING = frozenset("ongoing continue continues continued continuing raging rages still".split())


def _denial(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    if lex.verb("deny", w) and not _noun_use(words, i, lo):
        # its place is one the denied claim is about ("rejected claims about X", "denied reports of X");
        # a claim reported with its verb ("denied that X had fallen") is a frame of its own
        args: list[PlaceSpan] = []
        j = i + 1
        while j < hi and j - i < 6 and not lex.nouns["claim"].at(words, j):
            j += 1
        notes: list[str] = []
        if j < hi and lex.nouns["claim"].at(words, j):
            k = j + lex.nouns["claim"].at(words, j)
            if k < hi and words[k] in ("of", "about", "on", "regarding", "concerning"):
                args = find.objects(k + 1, hi, gap=4)
                if not args and find.in_clause(k + 1, min(hi, k + 8)):
                    notes.append("about other")  # "denied claims of advances near X": not the claims before
        return [Frame("denial.verb", Tag.DENIAL, i, i + 1, args, notes=notes)]
    n = lex.nouns["falsehood"].at(words, i)
    if n and _said_of_claim(doc, st, i, n, lo):
        fronted = i + n < st.sent.hi and words[i + n] in ("is", "are", "was", "were")
        args = find.in_clause(lo, st.sent.hi if fronted else hi)  # "untrue are claims that X fell": X
        owner = next((x.side for x in st.sides if x.hi == i and x.side != "other"), None)  # "Russian propaganda"
        args = _without_locating_regions([a for a in args if not find._is_locator(a.lo)])  # "X in Kharkiv region"
        return [Frame("denial.falsehood", Tag.DENIAL, i, i + n, args, holder=owner)]
    if w in ("fighting", "combat", "battles", "battle", "clashes", "resistance") and not _noun_use(words, i, lo) or (
            w in ("fighting", "combat", "battles", "clashes") and i > lo and words[i - 1] in ("urban", "street", "heavy")):
        going = [k for k in range(i + 1, min(hi, i + 6)) if words[k] in _ONGOING] or [
            k for k in range(max(lo, i - 3), i) if words[k] in ("still", "continue", "continues", "continued")]
        if going:
            args = find.objects(i + 1, hi, preps=frozenset({"in", "for", "inside", "around"}), gap=4)
            if not args:
                args = _anaphor_in(find, i + 1, hi) or find.antecedent_before(i)
            if args:
                return [Frame("denial.ongoing", Tag.DENIAL, i, i + 1, args)]
    if lex.verb("repel", w) and not _noun_use(words, i, lo):
        j = i + 1
        while j < hi and j - i < 5 and words[j] not in _ASSAULTS:
            j += 1
        if j < hi and words[j] in _ASSAULTS:
            # every place after the assaults: the frame keeps only those claimed before (classify)
            args = find.in_clause(j + 1, st.sent.hi)
            if args:
                return [Frame("denial.ongoing", Tag.DENIAL, i, i + 1, args)]
    hold = lex.verb("hold", w)
    if hold is not None and not _noun_use(words, i, lo):
        # "continue to hold parts of X", "are still holding X", "actively resisting in X": said by the
        # side that holds it, a denial that the place fell (decided by attribution)
        args = find.objects(i + 1, hi, preps=frozenset({"in", "inside", "on", "at", "of"}), gap=5, loose=True)
        lasting = any(words[k] in ("continue", "continues", "continued", "still", "remain", "remains", "firmly")
                      for k in range(max(lo, i - 4), i)) or hold == "resist"
        if args and hold in ("hold", "control") and not lasting and any(words[k] in ("now", "already")
                                                                         for k in range(max(lo, i - 3), i)):
            # "Russian troops now hold X": a change of hands, claimed by the subject's side
            return [Frame("capture.control", Tag.CAPTURE_CLAIM, i, i + 1, args, state=True,
                          holder=_subject_side(st, words, i, lo))]
        progressive = any(words[k] in ("are", "were", "is", "was") for k in range(max(lo, i - 3), i))
        if args and (lasting or progressive) and hold != "remain":
            frame = Frame("denial.hold", Tag.DENIAL, i, i + 1, args, agent=_subject_side(st, words, i, lo))
            if not lasting:
                frame.notes.append("answers")  # "troops are defending X": a denial only of a claim made before
            return [frame]
    return []


def _said_of_claim(doc: Doc, st: Structure, i: int, n: int, lo: int) -> bool:
    """Whether a word of falsehood is said of a claim ("the claim is false", "called the
    reports propaganda", "dismissed it as fake"), not of anything else ("a false pretext")."""
    lex = lexicon()
    words = doc.words
    nxt = words[i + n] if i + n < st.sent.hi else ""
    if nxt in ("is", "are", "was", "were") and any(lex.nouns["claim"].at(words, k)
                                                   for k in range(i + n + 1, min(st.sent.hi, i + n + 4))):
        return True  # "Also untrue are statements that ...": the predicate put first
    if nxt.isalpha() and nxt not in ("and", "or", "but", "that", "as") and not lex.nouns["claim"].at(words, i + n):
        return False  # an adjective before another noun
    if any(lex.nouns["claim"].at(words, k) or lex.verb("speech", words[k]) in (
            "call", "describe", "dismiss", "deny", "reject") for k in range(max(lo, i - 10), i)):
        return True
    # "Claims from Russian commanders that they have taken X are likely inaccurate": a long subject
    j = i - 1
    while j > lo and (words[j].endswith("ly") or words[j] in ("all", "simply", "also")):
        j -= 1
    return words[j] in ("is", "are", "was", "were") and any(
        lex.nouns["claim"].at(words, k) and words[k] not in ("it", "this", "that", "these", "those", "them")
        for k in range(max(st.sent.lo, i - 40), i - 10))
