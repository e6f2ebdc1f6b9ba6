"""Cues in other languages: the places of the cue's clause are its arguments."""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .frame import Frame, _without_locating_regions
from .lexicon import Lexicon


def _foreign(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int, lex: Lexicon) -> list[Frame]:
    """Cues of other languages: the places of the sentence's clause are their arguments."""
    words = doc.words
    w = words[i]
    for cls, tag in (("capture", Tag.CAPTURE_CLAIM), ("strike", Tag.STRIKE), ("fortified", Tag.FORTIFIED),
                     ("deny", Tag.DENIAL)):
        if (w in lex.foreign[cls] or cls == "strike" and lex.compound_strike(w)) and not _english(doc, st):
            lo2, hi2 = st.clause_of(i)
            args = [p for p in find.in_clause(max(lo2, i - 8), min(hi2, i + 16)) if p.kind not in ("other", "country")]
            args = [p for p in _without_locating_regions(args) if not _foreign_speaker_place(doc, lex, p, lo2)
                    and not (cls != "fortified" and _foreign_locator(words, p.lo, lo2))  # a line west of X: X's
                    and not _forces_of(words, p.lo, lo2, lex)]  # "les forces de Kyiv": a side, not a place
            if cls == "strike" and any(words[k] in _REPELLED for k in range(lo2, hi2)):
                return []  # "die russischen Angriffe seien abgewehrt worden": ground assaults repelled
            first = next((k for k in range(st.sent.lo, i) if words[k] in lex.foreign["strike"]
                          or lex.compound_strike(words[k])), None) if cls == "strike" else None
            if first is not None and any(doc.place_at.get(m) is not None for m in range(first, i)):
                return []  # "... атаковали города X и Y, в результате обстрела ...": one strike, told once
            if cls == "capture" and w in _CONTROL:
                holder = next((x.side for x in st.sides if i < x.lo <= i + 6 or i - 3 <= x.lo < i), None)
                own = holder is not None and args and all(a.res.place is not None and a.res.place.country == holder
                                                         for a in args)
                reported = any(words[k] in _THAT or words[k] in lex.foreign["speech"] for k in range(st.sent.lo, i))
                if any(words[k] in lex.words["lasting_foreign"] for k in range(lo2, i)) or (own and reported):
                    # "Datschne steht weiter unter ukrainischer Kontrolle", "(déclarant) que Koupiansk était
                    # sous le contrôle des forces de Kyiv": it has not fallen
                    return [Frame("denial.foreign", Tag.DENIAL, i, i + 1, args)] if args else []
            if cls == "deny":  # "В Киеве это опровергли": a denial of what was claimed before, if nothing here
                return [Frame("denial.foreign", tag, i, i + 1, args)]
            return [Frame(f"{tag.value.split('_')[0]}.foreign", tag, i, i + 1, args)] if args else []
    return []


# Control, in the languages read.
_CONTROL = frozenset("kontrolle controle controlo control contrôle контролем контроль".split())


# Assaults repelled (German, Portuguese, Spanish, French, Russian): fighting, not a strike.
_REPELLED = frozenset("abgewehrt zurückgeschlagen repelido repelidos repelidas repelida repelido rechazado rechazados "
                      "repoussé repoussés repoussée repoussées отражены отбиты отбита отражена отразили".split())


# Words that put a place near another, not at it ("al noroeste de la ciudad de Donetsk",
# "südlich von Bachmut", "perto de", "к северу от").
_LOCATORS = frozenset("noroeste noreste nordeste sudeste sureste suroeste sudoeste norte sur sul este leste oeste "
                      "cerca perto près proximité nähe nahe südlich nördlich östlich westlich südwestlich südöstlich "
                      "nordwestlich nordöstlich северу югу востоку западу северо-западу северо-востоку юго-западу "
                      "юго-востоку близ нескольких kilómetros quilómetros quilômetros kilometer kilometern km "
                      "километрах".split())


def _foreign_locator(words: list[str], lo: int, clause_lo: int) -> bool:
    """Whether a locating word stands in the few words before a place (its locator, not its event)."""
    return any(words[k] in _LOCATORS for k in range(max(clause_lo, lo - 5), lo))


def _forces_of(words: list[str], lo: int, clause_lo: int, lex: Lexicon) -> bool:
    """Whether a place names whose forces they are ("les forces de Kyiv", "die Truppen von Moskau")."""
    return lo - 2 >= clause_lo and words[lo - 1] in ("de", "des", "von", "der", "da", "do", "del", "of") and (
        words[lo - 2] in lex.words["forces_foreign"])


# "that" of a reported statement ("déclarant que", "sagte, dass", "заявил, что").
_THAT = frozenset("que dass что che".split())


_SPEAKER_PREPS = frozenset("in aus em de do da à en в во из".split())


def _foreign_speaker_place(doc: Doc, lex: Lexicon, p: PlaceSpan, lo: int) -> bool:
    """Where a speaker is, in another language: "teilte das Ministerium in Moskau mit",
    "selon Moscou", "сообщили в Москве"."""
    words = doc.words
    if p.lo > lo and words[p.lo - 1] in lex.foreign["according"]:
        return True
    if p.lo > lo and words[p.lo - 1] in _SPEAKER_PREPS and any(
            words[k] in lex.foreign["speech"] or words[k] in lex.foreign["deny"] for k in range(p.hi, p.hi + 4)
            if k < len(words)):
        return True  # "В Киеве это опровергли", "In Moskau hieß es"
    return p.lo > lo and words[p.lo - 1] in _SPEAKER_PREPS and any(
        words[k] in lex.foreign["speech"] or words[k] in lex.foreign["according"]
        for k in range(max(lo, p.lo - 5), p.lo))  # "nach Angaben des Generalstabs in Kiew"


# English function words that German, Portuguese, French and Russian text does not use as
# words of its own ("in", "was", "an", "a", "on" are German, Portuguese or French words too).
_ENGLISH = frozenset("the and of to were is are has have had said with from by that this for it its their".split())


def _english(doc: Doc, st: Structure) -> bool:
    return len(_ENGLISH.intersection(doc.words[st.sent.lo:st.sent.hi])) >= 2
