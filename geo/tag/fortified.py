"""Constructions of fortification: fortress and defence nouns, verbs of fortifying."""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .frame import Frame
from .lexicon import lexicon
from .strike import _fronted


def _fortified(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    n = lex.nouns["fortified"].at(words, i)
    lemma = lex.verb("fortify", words[i])
    if not n and lemma is None:
        return []
    if not n:
        # "fortifying Kramatorsk", "building fortifications"; "strengthen the defence in X"
        dig_in = lemma == "dig" and i + 1 < hi and words[i + 1] == "in"  # "troops have dug in around X"
        if lemma in ("fortify", "entrench") or dig_in:
            start = i + 2 if dig_in else i + 1
            args = find.objects(start, hi, preps=frozenset({"in", "around", "near", "along", "on"}), gap=6, loose=True,
                                near=True)  # defences around a town are its defences
            args = args or find.subjects(i, lo)
            return [Frame("fortified.verb", Tag.FORTIFIED, i, i + 1, args)] if args else []
        return []
    w = words[i]
    if w in ("defence", "defense", "defences", "defenses"):
        # only "built/reinforced/strengthened defences in X", not "the defence ministry"
        if not (i > lo and any(lex.verb("fortify", words[k]) for k in range(max(lo, i - 3), i))):
            return []
    if w in ("trenches", "trench", "bunkers") and not any(doc.words[k] in ("dig", "dug", "digging", "built",
                                                                           "building", "network", "lines")
                                                          for k in range(max(lo, i - 4), min(hi, i + 3))):
        pass
    # the place described comes first ("X, a fortress city in the Y region"), then what the cue is of or in
    args = [a for a in find.subjects(i, lo) or _apposed(doc, find, i, lo) if a.kind != "country"]
    if not args:
        args = [a for a in _copula_subject(doc, find, st, i)  # "X is one of the last cities ... and part of its
                if a.kind != "country"]                            # defensive belt"; not "Ukraine is building ..."
    if not args:  # "X is / remains / represents one of the last strongholds", "described X as a fortress"
        first = [p for p in find.in_clause(max(lo, i - 14), i) if not find._is_locator(p.lo) and p.kind != "country"]
        if first:
            args = find.list_from(first[0], i)
    if not args:
        args = [a for a in find.objects(i + n, hi, preps=_FORT_PREPS, gap=6, loose=True, source=True, near=True)
                if a.kind != "country" and not (find._is_locator(a.lo) and words[find._locator_word(a.lo)] == "outside")]
        # (defences near a town are its defences; "the fortified area just outside X" is not X)
    if not args or all(a.region for a in args):
        colon = next((k for k in range(i + n, st.sent.hi) if words[k] == ":"), None)
        if colon is not None:  # 'the "fortress belt": A, B and C', "divided into two parts: ..."
            listed = [p for p in find.in_clause(colon + 1, st.sent.hi) if p.kind != "country"]
            args = listed or args
    if not args:
        args = [p for fr in _fronted(doc, find, st, i, lo) for p in fr.args]  # "In the Kyiv region, they fortify"
    if not args and find.antecedent(i - 1 if i - 1 >= lo and words[i - 1] == "the" else max(lo, i - 2), hi):
        args = find.antecedent_before(i)  # "pulled out of the former stronghold"
    args = [a for a in args if a.kind != "country"]
    if args:  # "X represents one of the final defensive positions, alongside Y": Y too
        along = next((k for k in range(i + n, min(hi, i + n + 10)) if words[k] == "alongside"), None)
        if along is not None:
            args += [a for a in find.objects(along + 1, hi, gap=3) if a.kind != "country" and a not in args]
    return [Frame("fortified.noun", Tag.FORTIFIED, i, i + n, args)] if args else []


_COPULA = frozenset("is was remains remained represents represented becomes became".split())


def _copula_subject(doc: Doc, find: Finder, st: Structure, i: int) -> list[PlaceSpan]:
    """The places a sentence opens with as the subject of "is", "remains", "represents"
    before the cue ("Kostiantynivka is one of the last cities Ukraine holds ... and part of its
    defensive belt"): what the cue describes."""
    words = doc.words
    span = find.place(st.sent.lo)
    if span is None:
        return []
    subject = find.list_from(span, i)
    k = subject[-1].hi
    while k < i and words[k] in ("also", "still", "now", "has", "have", "become"):
        k += 1
    return subject if k < i and (words[k] in _COPULA or words[k - 1] == "become") else []


_FORT_PREPS = frozenset("in around of near at along on by from formed including includes covering between through "
                        "to stretching which that runs connecting linking".split())


def _apposed(doc: Doc, find: Finder, i: int, lo: int) -> list[PlaceSpan]:
    """ "X, a key stronghold", "X, one of the last fortresses": the place before the comma."""
    words = doc.words
    k = i - 1
    while k >= lo and k > i - 8 and words[k] != "," and doc.covered[k] < 0:
        k -= 1
    if k > lo and words[k] == ",":
        span = doc.place_covering(k - 1)
        if span is not None and span.lo not in find.actors and not find._is_locator(span.lo) and not (
                span.lo > lo and words[span.lo - 1] in ("in", "of")):  # "X, a city in the DPR, into a stronghold": X
            return find.list_back(span, lo)
    return []
