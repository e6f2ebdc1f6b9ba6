"""Argument finders: which places fill a cue's slots.

Only a frame's arguments get its tag.  A place is an argument when it is the cue's
object (after it, across words that belong to the object's noun phrase: "captured the
strategic town of X"), its subject (before it, across auxiliaries and an apposition: "X,
known as Y, has fallen"), or a list joined to either ("X, Y and Z").  A place that only
locates an argument ("X in the Donetsk region", "X near Bakhmut", "40 km from Y") is
not one.
"""

from __future__ import annotations

import bisect

from .doc import Doc, PlaceSpan
from .lexicon import lexicon

__all__ = ["Finder"]

_REGION_NOUNS = frozenset("region oblast province district raion krai republic area hromada community "
                          "regions oblasts provinces districts raions communities".split())
_ANAPHORS = frozenset("city town village settlement locality hamlet port capital stronghold".split())
# Nouns after a place that make it a modifier, not the place itself ("Kharkiv residents").
_MODIFIED = frozenset("residents people citizens inhabitants airport airfield governor mayor authorities officials "
                      "natives".split())
_PLURAL_ANAPHORS = frozenset("areas towns cities settlements villages places localities".split())
_MAX_GAP = 7
_DESCRIBED = frozenset("which that located situated lying some about roughly".split())
_SMALL = frozenset("village settlement locality hamlet".split())
_CITY_SIZE = 50_000  # people: a place this large is no "village"
_COMPASS = frozenset("north south east west northeast northwest southeast southwest north-east north-west "
                     "south-east south-west".split())
_SUBJECT_PREPS = frozenset("on in at of near from over for against into".split())


class Finder:
    """Finds argument places in one sentence; ``actors`` are places acting as speakers."""

    def __init__(self, doc: Doc, lo: int, hi: int, actors: set[int]) -> None:
        self.doc, self.lo, self.hi, self.actors = doc, lo, hi, actors
        lex = lexicon()
        self.bridge = lex.words["bridge"]
        self.join = lex.words["list_join"]
        self.locator = lex.words["locator"]
        self.aux = lex.words["aux"]

    def place(self, i: int) -> PlaceSpan | None:
        """The place starting at token ``i``, unless it acts there."""
        span = self.doc.place_at.get(i)
        if span is None or span.lo in self.actors:
            return None
        return span

    # --- after the cue -------------------------------------------------------------------
    def objects(self, i: int, stop: int, *, preps: frozenset[str] = frozenset(), gap: int = _MAX_GAP,
                loose: bool = False, source: bool = False, near: bool = False,
                modifier_ok: bool = False) -> list[PlaceSpan]:
        """Places after token ``i`` (exclusive) up to ``stop``: the first reachable across
        bridge words (and, for ``preps``, a preposition such as "in" or "on"), then its list.
        ``loose`` lets unknown words stand in the object's noun phrase ("struck energy
        facilities in X")."""
        words, j, skipped, unknown = self.doc.words, i, 0, 0
        while j < stop and skipped <= gap:
            span = self.doc.place_at.get(j)
            if span is not None:
                if span.lo in self.actors or span.kind == "other":
                    return []
                if self._is_locator(j) and not (source and j - i <= 4 and words[i] in self.locator) and not (
                        near and words[self._locator_word(j)] in ("near", "outside", "around")):
                    return []
                if unknown and words[j - 1] != "of":
                    return []
                if span.hi + 1 < stop and words[span.hi] == "'s" and self.doc.place_at.get(span.hi + 1):
                    span = self.doc.place_at[span.hi + 1]  # "Russia's Novorossiysk naval base"
                elif span.kind == "country" and span.hi < stop and words[span.hi] == "'s":
                    inner = self.objects(span.hi + 1, stop, preps=preps | {"in", "of"}, gap=gap, loose=True, near=near)
                    if inner:  # "Ukraine's energy infrastructure in the Lviv region": the region
                        return inner
                later = self._qualified(span, stop)
                if later is not None:
                    span = later  # "the Kursk region village of Sudzha"
                if span.hi < stop and words[span.hi] in _MODIFIED and not modifier_ok:
                    return []  # "took Kharkiv residents by surprise": the place only qualifies a noun
                return self.list_from(span, stop)
            w = words[j]
            if (w in self.locator and not (near and w in ("near", "outside", "around")) and not (source and j == i)
                    and not self._part(j)) or self.doc.covered[j] >= 0:
                return []
            if w == "by" and w not in preps:
                return []  # "rockets delivered by the United States": an agent, not the object
            if w in preps or w in self.bridge or w[:1].isdigit() or w == "," and loose:
                pass
            elif loose and (w.isalpha() or "-" in w or w in ("—", "–")) and (w not in self.join or w == "and"):
                pass
            elif w.isalpha() and w.islower() and unknown < 2 and w not in self.join:
                unknown += 1
            elif w in (",", "-", '"', "“", "”", "'") or w.endswith("ly"):
                pass
            else:
                return []
            j += 1
            skipped += 1
        return []

    def _qualified(self, span: PlaceSpan, stop: int) -> PlaceSpan | None:
        """The place a region qualifies: "the Kursk region village of Sudzha"."""
        words = self.doc.words
        k = span.hi
        while k < stop and k - span.hi < 3 and words[k] in _REGION_NOUNS:
            k += 1
        if k + 1 < stop and words[k] in _ANAPHORS | _PLURAL_ANAPHORS and words[k + 1] == "of":
            return self.doc.place_at.get(k + 2)
        return None

    def _locator_word(self, j: int) -> int:
        words = self.doc.words
        k = j - 1
        while k > self.lo and (words[k] in ("the", "of", "a") or words[k] in _ANAPHORS):
            k -= 1
        return k

    def _is_locator(self, j: int) -> bool:
        """Whether the place at ``j`` follows a locating word ("near", "km from", "west of")."""
        words = self.doc.words
        k = j - 1
        while k >= self.lo and (words[k] in ("the", "of", "a") or words[k] in _ANAPHORS or words[k] in _PLURAL_ANAPHORS):
            k -= 1  # "from the village of X"
        return k >= self.lo and words[k] in self.locator and not self._part(k)

    def _part(self, k: int) -> bool:
        """Whether a compass word at ``k`` names a part of the place after it ("in the north of
        X" is in X), not a direction from it ("north of X"); a unit of area is no distance."""
        words = self.doc.words
        if k > self.lo and words[k - 1] in ("square", "sq"):
            return True  # "16 square kilometres": an area, not a distance
        return (words[k] in _COMPASS and k > self.lo and words[k - 1] == "the" and k + 1 < len(words)
                and words[k + 1] == "of")

    def list_from(self, first: PlaceSpan, stop: int) -> list[PlaceSpan]:
        """``first`` and the places joined to it, skipping locators ("X in the Y region, Z")."""
        out = [first]
        words = self.doc.words
        j = first.hi
        while j < stop:
            j = self._skip_locator(j, stop, out[-1])
            if j >= stop:
                break
            k = self.join.at(words, j)
            if not k:
                break
            j += k
            while j < stop and self.join.at(words, j):
                j += self.join.at(words, j)  # ", and", ", as well as"
            j = self._skip_settlement_noun(j, stop)
            span = self.doc.place_at.get(j)
            if span is None and self._unknown_item(j, stop):
                j += 1
                continue  # "A, Tyahyntsi, B": a name the gazetteer lacks does not end the list
            if span is None or span.lo in self.actors or span.kind == "country" and first.kind != "country":
                break
            out.append(span)
            j = span.hi
        return out

    def _unknown_item(self, j: int, stop: int) -> bool:
        """Whether token ``j`` is a capitalised name no place was found for, listed between
        places ("A, Tyahyntsi, B"): the list goes on after it."""
        doc, words = self.doc, self.doc.words
        if not (j + 2 < stop and doc.toks[j].text[:1].isupper() and doc.covered[j] < 0 and words[j].isalpha()):
            return False
        k = self.join.at(words, j + 1)
        return bool(k) and j + 1 + k < stop and doc.place_at.get(j + 1 + k) is not None

    def _skip_settlement_noun(self, j: int, stop: int) -> int:
        """Past "the town of", "the villages of" before a list item."""
        words = self.doc.words
        k = j
        while k < stop and k - j < 5 and words[k] in self.bridge and words[k] != "of" and k not in self.doc.place_at:
            k += 1
        if k < stop and words[k] == "of" and k > j:
            return k + 1
        if j + 1 < stop and words[j] == "the" and j + 1 in self.doc.place_at:
            return j + 1  # "... as well as the Kyiv and Khmelnytskyi regions"
        return j

    def _skip_locator(self, j: int, stop: int, last: PlaceSpan) -> int:
        """Past a phrase locating the last argument: "in the Donetsk region", ", Donetsk Oblast",
        "(Zaporizhzhia region)", "near Bakhmut", "about 25 km east of Sloviansk"."""
        words, doc = self.doc.words, self.doc
        k = j
        if k < stop and words[k] in ("—", "–"):
            close = k + 1
            while close < stop and words[close] not in ("—", "–") and close - k < 10:
                close += 1
            if close < stop and words[close] in ("—", "–"):
                return self._skip_locator(close + 1, stop, last)  # "X – known in Ukraine as Y – in Z"
            return j
        if k < stop and words[k] == "(":
            close = k
            while close < stop and words[close] != ")" and close - k < 12:
                close += 1
            return close + 1 if close < stop and words[close] == ")" else j
        comma = k < stop and words[k] == ","
        if comma:
            k += 1
        if k < stop and (words[k] in ("in", "of") or words[k] in self.locator or words[k] in ("located", "situated",
                                                                                            "positioned", "on")):
            m = k + 1
            while m < stop and m - k < 8 and m not in doc.place_at and (
                    words[m] in self.bridge or words[m] in self.locator or words[m][:1].isdigit()
                    or words[m] in ("approximately", "roughly", "bank", "left", "right", "river", "coast")):
                m += 1
            span = doc.place_at.get(m)
            if span is not None and (words[k] != "in" or span.region or span.kind == "country"
                                     or (m + 1 < len(words) and words[span.hi] in _REGION_NOUNS)
                                     or not last.region):
                end = span.hi
                while end < stop and words[end] in _REGION_NOUNS:
                    end += 1
                return self._skip_locator(end, stop, last) if words[k] != "in" or span.region else end
            return j
        span = doc.place_at.get(k)
        if comma and span is not None and span.hi < stop and words[span.hi] in _REGION_NOUNS:
            return span.hi + 1  # "X, Donetsk region"
        if comma and span is not None and span.region and last.town:
            return span.hi  # "X, Donetsk Oblast"
        return j

    # --- before the cue ------------------------------------------------------------------
    def subjects(self, i: int, start: int, *, pp_ok: bool = False) -> list[PlaceSpan]:
        """Places before token ``i`` back to ``start`` that are its subject: across
        auxiliaries and adverbs, and an apposition between commas ("X, known as Y in
        Ukraine, has fallen")."""
        words, doc = self.doc.words, self.doc
        j = i - 1
        while j >= start and (words[j] in self.aux or words[j].endswith("ly") and doc.covered[j] < 0
                              or words[j] in ("not", "n't", "never", '"', "“", "”", "'")):
            j -= 1
        if j >= start and words[j] == "," and doc.covered[j] < 0:
            k = j - 1
            while k >= self.lo and k > j - 24 and words[k] != ",":
                k -= 1
            if k >= self.lo and words[k] == ",":
                j = k - 1
                start = min(start, self.lo)
            else:
                return []
        # "the town of X" / "the city", "the settlement" standing for the place before
        span = doc.place_covering(j) if j >= start else None
        while span is None and j >= start and words[j] in _REGION_NOUNS and j - 1 >= start:
            span = doc.place_covering(j - 1)  # "the Donetsk region has been liberated"
            break
        if span is None and j >= start and words[j] in _PLURAL_ANAPHORS and j > self.lo and words[j - 1] == "the":
            # "the areas were under Russian control": the towns the sentence named before
            return [p for p in self.doc.places[self._first(self.lo):self._first(j)]
                    if p.town and p.lo not in self.actors][-4:]
        if span is None and j >= start and words[j] in _ANAPHORS:
            k = j - 1
            while k >= start and j - k < 4 and words[k] != "the" and doc.covered[k] < 0:
                k -= 1
            if k >= start and words[k] == "the":
                return self.antecedent_before(k)  # "the key settlement had fallen"
        if span is None or span.lo in self.actors:
            return []
        named = span.lo - 2 >= self.lo and words[span.lo - 1] == "of" and lexicon().nouns["settlement"].at(
            words, span.lo - 2)  # "the village of X is under control": X names the village
        p = span.lo - 1 - (span.lo - 1 > self.lo and words[span.lo - 1] == "the")  # the preposition before it
        if span.region and p > self.lo and words[p] == "in" and doc.place_covering(p - 1) is not None:
            located = doc.place_covering(p - 1)  # "X in the Kharkiv region has been captured": X
            if located is not None and located.lo not in self.actors:
                return self.list_back(located, start)
        if p >= self.lo and words[p] in _SUBJECT_PREPS and not named and not (pp_ok and words[p] in ("in", "at", "near")):
            return []  # "temperatures in Kyiv fell"; but "the plant in X was hit" locates what was hit
        return self.list_back(span, start)

    def list_back(self, span: PlaceSpan, start: int) -> list[PlaceSpan]:
        """``span`` and the places listed before it back to ``start`` ("A, B and C")."""
        words, doc = self.doc.words, self.doc
        out = [span]
        k = span.lo - 1
        while k >= start:  # "A, B and C have been liberated"
            if words[k] in (",", "and", "or", "&"):
                m = k - 1
                while m >= start and words[m] in (",", "and", "or"):
                    m -= 1
                prev = doc.place_covering(m) if m >= start else None
                if prev is None or prev.lo in self.actors:
                    break
                out.insert(0, prev)
                k = prev.lo - 1
            else:
                break
        return out

    def antecedent(self, j: int, stop: int) -> bool:
        """Whether the words from ``j`` are "the city", "the entire town", "the regional
        capital" (an anaphor), not a name ("the city of X")."""
        words = self.doc.words
        if not (j < stop and words[j] == "the"):
            return False
        k = j + 1
        while k < stop and k - j < 4 and words[k] not in _ANAPHORS and (words[k] in self.bridge or words[k] in (
                "regional", "provincial", "entire", "besieged")):
            k += 1
        if not (k < stop and words[k] in _ANAPHORS and (k + 1 >= stop or words[k + 1] != "of")):
            return False
        # "the village, which lies 10 km south of X": a place described, not one named before
        return not (k + 2 < stop and words[k + 1] == "," and words[k + 2] in _DESCRIBED)

    def antecedent_before(self, i: int) -> list[PlaceSpan]:
        """The town an anaphor at token ``i`` stands for: the last one named before it, in
        its sentence or the one before; "the village" is no city."""
        words = self.doc.words
        noun = next((words[k] for k in range(i, min(len(words), i + 6)) if words[k] in _ANAPHORS), None)
        small = noun in _SMALL
        for span in reversed(self.doc.places[:self._first(i)]):
            compound = self.doc.toks[span.hi - 1].end > span.res.mention.end
            place = span.res.place
            too_big = small and place is not None and place.population >= _CITY_SIZE
            if span.town and not compound and span.lo >= self.lo - 60 and not self._speaks(span) and not too_big:
                return [span]
        return []

    def _speaks(self, span: PlaceSpan) -> bool:
        """Whether a place acting in its sentence speaks ("Kyiv said"), rather than locating an
        office ("the administration in Belgorod said"), which an anaphor may still stand for."""
        if span.lo not in self.actors:
            return False
        words = self.doc.words
        return not (span.lo > 0 and words[span.lo - 1] in ("in", "of", "at"))

    def in_clause(self, lo: int, hi: int) -> list[PlaceSpan]:
        """Every non-acting place of tokens ``lo``..``hi``."""
        return [s for s in self.doc.places[self._first(lo):] if s.lo < hi and s.lo not in self.actors]

    def _first(self, lo: int) -> int:
        return bisect.bisect_left(self.doc.place_los, lo)
