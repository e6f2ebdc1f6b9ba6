"""Stage 1: Article -> place-name Mentions (character spans).

Requires a :class:`~geo.gazetteer.Gazetteer`; produces :class:`~geo.model.Mention`
objects sorted by offset, without overlaps.

A candidate is the longest run of words, starting and ending with a capitalised
word, whose name key the gazetteer knows.  Candidates are then dropped when the
text shows they are not places (:mod:`geo.spot.filters`): part of a longer proper
name ("Kyiv Independent", "Washington Post"), a person ("President Lincoln", "Marco
Rubio" and later "Rubio"), a curated not-place ("Peace", "Victory"), or a
sentence-initial common word the article also writes in lower case.
"""

from __future__ import annotations

from typing import Callable

from ..gazetteer import Gazetteer
from ..model import Article, MatchKind, Mention
from ..gazetteer.translit import cyrillic_nominatives, has_cyrillic, loose_key, name_key
from .cues import (_AXIS_AFTER, _CITY_DISTRICT, _TAKEN_LAST, _admin_unit, _axis_town, _fuzzy_ok, _listed_settlement,
                   _located_settlement, _settlement_before, _taken_settlement)
from .filters import _note_person, rejected
from .language import _cyrillic_base
from .runs import _known, _longest, _loose
from .scan import Candidate, Scan
from .words import _SETTLEMENT_WORDS, _strip_possessive

__all__ = ["find_mentions"]


def find_mentions(article: Article, gazetteer: Gazetteer, *, unknown: bool = True) -> list[Mention]:
    """Find the place names in an article.

    Parameters
    ----------
    article : Article
        The article; offsets refer to ``article.text``.
    gazetteer : Gazetteer
        Supplies the name keys (``has_key``/``lookup``/``lookup_loose``) and the
        curated ``not_places`` keys.
    unknown : bool
        Also return names the gazetteer lacks in any spelling where the text says
        they are settlements ("the village of X", "khutor X"), of kind
        :attr:`~geo.model.MatchKind.UNKNOWN`.  Resolution asks the online fallback when there is one, else
        places them at the town of the district the sentence opens with.

    Returns
    -------
    list of Mention
        Sorted by ``start``, non-overlapping; ``text == article.text[start:end]``.

    Examples
    --------
    >>> from geo.model import Article
    >>> ms = find_mentions(Article("a", "Russia struck Kharkiv overnight."), gaz)  # doctest: +SKIP
    >>> [m.text for m in ms]                                                      # doctest: +SKIP
    ['Russia', 'Kharkiv']
    """
    scan = Scan.of(article, gazetteer)
    if scan is None:
        return []
    steps: tuple[Callable[[Scan, int], int | None], ...] = (
        *((_unknown_settlement,) if unknown else ()), _abbreviation, _city_district, _named_area, _gazetteer_name)
    i = 0
    while i < len(scan.toks):
        if not scan.upper[i]:
            i += 1
            continue
        for step in steps:
            nxt = step(scan, i)
            if nxt is not None:
                i = nxt
                break
    return scan.out


def _inflected_of_larger(gaz: Gazetteer, word: str, key: str) -> str | None:
    """The nominative's key of a Cyrillic word that is also, as written, a name of some small
    place, when the nominative names a place ten times as large ("Новороссийске")."""
    if not has_cyrillic(word):
        return None
    base = _cyrillic_base(gaz, word)
    if base is None or base == key:
        return None
    size = max((e.population for e in gaz.lookup(key)), default=0)
    return base if max((e.population for e in gaz.lookup(base)), default=0) > 10 * max(size, 1000) else None


def _add(scan: Scan, start: int, end: int, key: str, kind: MatchKind = MatchKind.EXACT) -> None:
    scan.out.append(Mention(scan.article_id, start, end, scan.text[start:end], key, kind))


def _unknown_settlement(scan: Scan, i: int) -> int | None:
    """A name the text calls a settlement ("the village of X", "X, a village south of Y",
    "captured X", "X and Y" after one) that the gazetteer lacks in any spelling: a mention
    of kind UNKNOWN with its name key (FUZZY with its loose key for a misspelt town); the next token."""
    text, toks, words, gaz = scan.text, scan.toks, scan.words, scan.gazetteer
    tok, last, out = toks[i], scan.run_last[i], scan.out
    located = _located_settlement(text, toks, i, last, scan.lower_words)
    if not (located or (i and _settlement_before(text, toks[i - 1], tok))
            or (last + 1 < len(toks) and words[last + 1] in _SETTLEMENT_WORDS
                and text[toks[last].end:toks[last + 1].start] == " ")
            or (i and (words[i - 1].lower() in _TAKEN_LAST or ":" in text[toks[i - 1].end:tok.start])
                and _taken_settlement(text, toks, i, last, gaz))
            or (out and toks[i].start - out[-1].end <= 16 and _listed_settlement(text, out[-1], toks, i, last, gaz))):
        return None
    end = toks[last].end - _strip_possessive(toks[last].text)
    run = name_key(text[tok.start:end])
    registered = getattr(gaz, "has_settlement", lambda k: False)
    # "fired at Chervonyi Mayak": the register's whole name, though "Chervonyi" alone is known
    if scan.has_key(run) or not ((" " in run and (located or registered(run)) and not gaz.lookup_loose(loose_key(run)))
                                 or (
            _longest(text, toks, scan.upper, scan.run_end, i, scan.max_words, scan.has_key, scan.known) is None
            and _loose(text, toks, scan.upper, scan.run_end, i, gaz, min_words=1) is None)):
        return None
    # "Novoselivka Persha, a village near Avdiivka": the whole name, though "Novoselivka" alone is known
    # "the village of Stara Shchinka": a settlement the gazetteer lacks in any spelling
    key, kind = run, MatchKind.UNKNOWN
    if last == i and end == tok.end and len(tok.text) >= 6 and tok.text[1:].islower() and not registered(
            run) and gaz.lookup_fuzzy(loose_key(tok.text)):
        # "the town of Dobrophillya": a misspelt town, if the text agrees
        key, kind = loose_key(tok.text), MatchKind.FUZZY
    _add(scan, tok.start, end, key, kind)
    return last + 1


# Words before a Russian or Ukrainian village name in another case that make it a place:
# prepositions of place and of taking ("над", "под", "у", "возле"), and "и"/"та" in a list.
_CYRILLIC_BEFORE = frozenset("над под в во у за около возле близ из с со от до к и та й біля під поблизу "
                             "освободили заняли взяли заняла взяла освободила звільнили".split())


def _cyrillic_village(scan: Scan, i: int) -> str | None:
    """The name key of the nominative of a Cyrillic word in another case that names a village
    of the settlement register, after a preposition of place or taking or in a list of places
    ("установили контроль над Чугуновкой и Глушковкой")."""
    registered = getattr(scan.gazetteer, "has_settlement", None)
    if registered is None or i == 0 or scan.words[i - 1].lower() not in _CYRILLIC_BEFORE and not (
            scan.out and scan.toks[i].start - scan.out[-1].end <= 3):
        return None
    if i + 1 < len(scan.words) and scan.words[i + 1].lower().startswith(("област", "район", "округ", "обл")):
        return None  # "в Харьковской области": the region's adjective, no village
    for cand in cyrillic_nominatives(scan.toks[i].text):
        key = name_key(cand)
        if registered(key) and key not in scan.gazetteer.not_places:
            return key
    return None


def _abbreviation(scan: Scan, i: int) -> int | None:
    """A press abbreviation of a region ("Ky.", "B.C."): kind ABBREVIATION, the region's code as key."""
    tok, text, abbreviations = scan.toks[i], scan.text, scan.gazetteer.abbreviations
    abbr = tok.text if tok.text.endswith(".") else text[tok.start:tok.end + 1]
    if abbr.endswith(".") and abbr in abbreviations and (i == 0 or text[scan.toks[i - 1].end:tok.start] != "-"):
        _add(scan, tok.start, tok.start + len(abbr), abbreviations[abbr], MatchKind.ABBREVIATION)
        return i + 1
    return None


def _city_district(scan: Scan, i: int) -> int | None:
    """"Kharkiv's Kyivskyi district": a district of the city just named, not another place (skipped)."""
    tok, prev = scan.toks[i], scan.toks[i - 1] if i > 0 else None
    if prev is not None and _strip_possessive(prev.text) and _CITY_DISTRICT.match(scan.text[tok.end:tok.end + 20]) \
            and scan.has_key(name_key(prev.text[:-2])):
        return i + 1
    return None


def _named_area(scan: Scan, i: int) -> int | None:
    """"the Marganetska community", "Shebekinsky District", "the Konstantinovskiy direction": the
    area of the town it is named after: kind NAMED_AREA, the town's key as key."""
    tok, text = scan.toks[i], scan.text
    unit = _admin_unit(text, scan.toks, i, scan.has_key) if not _known(scan.known, tok.text, scan.has_key) else None
    if unit is None and text.startswith(" ", tok.end) and _AXIS_AFTER.match(text[tok.end:tok.end + 20]):
        unit = _axis_town(scan.toks, i, scan.gazetteer)
    if unit is None:
        return None
    _add(scan, tok.start, tok.end, unit, MatchKind.NAMED_AREA)
    return i + 1


def _gazetteer_name(scan: Scan, i: int) -> int:
    """The longest name the gazetteer knows from token ``i`` (exactly, loosely, misspelt, or a
    Cyrillic name in another case), kept unless a filter rejects it; the next token."""
    text, toks, gaz = scan.text, scan.toks, scan.gazetteer
    tok = toks[i]
    found = _longest(text, toks, scan.upper, scan.run_end, i, scan.max_words, scan.has_key, scan.known)
    loose = False
    # A loose match replaces a one-word exact one only when it is longer.
    alt = (_loose(text, toks, scan.upper, scan.run_end, i, gaz, min_words=1 if found is None else 2)
           if found is None or found[0] == i else None)
    if alt is not None and (found is None or alt[0] > found[0]):
        found, loose = alt, True
    if found is None and _fuzzy_ok(text, toks, i, scan.sentence_starts, scan.person_tokens,
                                   (gaz.common_words, gaz.not_places)):
        lk = loose_key(tok.text)
        if gaz.lookup_fuzzy(lk):
            _add(scan, tok.start, tok.end, lk, MatchKind.FUZZY)
            return i + 1
    if found is None and tok.text[:1].isupper() and not tok.text.isupper():
        base = _cyrillic_base(gaz, tok.text)
        if base is not None:  # "от Константиновки", "города Дружковку": the town in another case
            _add(scan, tok.start, tok.end, base)
            return i + 1
        village = _cyrillic_village(scan, i)
        if village is not None:  # "контроль над Чугуновкой и Глушковкой": villages of the register
            _add(scan, tok.start, tok.end, village, MatchKind.UNKNOWN)
            return i + 1
    if found is None:
        _note_person(text, toks, i, scan.titled, scan.has_key, scan.person_tokens, scan.sentence_starts,
                     gaz.common_words)
        return i + 1
    c = Candidate.at(scan, i, found, loose)
    base = _inflected_of_larger(gaz, tok.text, c.key) if c.j == i else None
    if base is not None:  # "в Новороссийске": the city in another case, not a village's odd alternate name
        _add(scan, tok.start, tok.end, base)
        return i + 1
    if rejected(scan, c) is None:
        _add(scan, c.start, c.end, c.key, MatchKind.LOOSE if c.loose else MatchKind.EXACT)
    return c.j + 1
