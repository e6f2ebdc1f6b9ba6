"""What the words around a name say: a region or a city, the region the text puts it in
("X in the Y region", "X, Y Oblast"), a sentence framed by "In the Y District, ...", and
the sentence bounds all of these look within."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from ..gazetteer import Entry
from ..model import MatchKind, Mention
from ..spot import folded
from ..gazetteer.translit import name_key

_REGION_AFTER = re.compile(r"^[\s]*(?:region|oblast|province|regions|oblasts|provinces|krai|raion|"
                           r"people['’]s\s+republic)\b", re.I)  # "the Donetsk People's Republic": the oblast


_REGIONAL_AFTER = re.compile(r"^\s*regional\b", re.I)


# ", Texas." after a name: the town's state or country closing the phrase, so the name is a town.
_TOWN_OF_REGION_AFTER = re.compile(r"^,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s*(?:[.;)]|,\s+[a-z]|$)")


_REGION_LIST_AFTER = re.compile(
    r"^(?:\s*(?:,|,?\s*and|,?\s*or)\s+[A-Z][\w'’-]+)+\s+(?:regions|oblasts|provinces)\b")


_REGION_BEFORE = re.compile(
    r"(?:\b(?:region|regions|oblast|province|provinces) of|\b(?:all|parts?|most|rest|much|half|remainder|"
    r"portions?|swathes?|\d+(?:\.\d+)?\s*(?:%|percent|per cent)) of"
    # German "im Gebiet Saporischschja", "in der Region Krasnodar"; Romance "na região de Donetsk";
    # Russian and Ukrainian "Донецкой области" is an adjective, not a name
    r"|\b(?:Gebiet|Gebiets|Gebieten|Gebiete|Region|Regionen|Oblast|Provinz)|\b(?:região|regiao|región|region|région|province|provincia|"
    r"regione|oblast)(?: vizinha| vecina| voisine| vicina)? (?:de|di|da|do|du))\s+(?:the\s+)?$",
    re.I)


_CITY_BEFORE = re.compile(
    r"\b(?:city|town|village|settlement|outskirts|centre|center|suburbs?|downtown|streets|mayor|residents) of\s+$"
    r"|\b(?:in|into) (?:the )?(?:city|town) (?:of )?$"
    r"|\b(?:port|harbou?r|seaport) (?:in|of|at)\s+$", re.I)  # "the port in Odesa": the city


_CITY_AFTER = re.compile(r"^\s*(?:city|town|airport|air base|airbase|railway station|station|port|"
                         r"(?:oil )?refinery|oil depot|power plant|thermal power plant|plant|factory)\b"
                         r"|^['’]s (?:mayor|residents|city)"
                         # "Donetsk, a Russian-held regional capital", "Odesa, the port city"
                         r"|^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:city|town|capital|port)\b(?!\s+of\b)", re.I)


# A caption's "Zaporizhzhia, Ukraine": a town (but "Russia, Belarus" lists two countries).
_CAPTION_COUNTRY = ("Ukraine", "Russia", "Belarus", "Moldova", "Poland", "Crimea")


_CAPTION_AFTER = re.compile(r"^,\s*(?:" + "|".join(_CAPTION_COUNTRY) + r")\b(?!['’]s)", re.I)


_CAPTION_KEYS = frozenset(name_key(c) for c in _CAPTION_COUNTRY)


_NEAR_BEFORE = re.compile(r"\b(?:near|outside|outskirts of|around|close to|approaches to|north of|south of|"
                          r"east of|west of|(?:north|south)(?:-?(?:east|west))? of|km from|kilometres from|kilometers from|miles from)\s+(?:the\s+)?$", re.I)


# Words that put a name at a point, not over an area: "outside Donetsk", "5 km south-west of
# Donetsk" (a bare "west of Donetsk" may mean the region's land).
_POINT_BEFORE = re.compile(r"\b(?:outside|outskirts of|close to|near|(?:km|kilometres|kilometers|miles)\]?\s+"
                        r"(?:[(\[][^()\[\]]{0,30}[)\]]\s+)?(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s+of|from))"
                        r"\s+(?:the\s+)?$", re.I)


_POINT_BEFORE_ENDS = ("outside", "of", "to", "near", "from", "the")


# The last words of every match of the patterns above that end at "$", but for space:
# a text that does not end so is not searched (see _ends_with).  Keep them in step.
_REGION_BEFORE_ENDS = ("of", "the", "gebiet", "gebiets", "gebieten", "gebiete", "region", "regionen", "oblast", "provinz",
                      "de", "di", "da", "do", "du")


_CITY_BEFORE_ENDS = ("of", "city", "town", "in", "at")


_NEAR_BEFORE_ENDS = ("near", "outside", "around", "of", "to", "from", "the")


def _ends_with(before: str, words: tuple[str, ...]) -> bool:
    """Whether ``before``, trailing space aside, ends with one of ``words`` in any case (as
    ``re.I`` matches them): cheap, and needed for a pattern anchored at its end to match."""
    return folded(before.rstrip()[-12:]).endswith(words)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    b_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x != -1]
    b = min(b_candidates) if b_candidates else len(text)
    return a + 1, b


_BREAK = re.compile(r"\. |\n")


def _all_sentence_bounds(text: str, positions: Sequence[int]) -> list[tuple[int, int]]:
    """:func:`_sentence_bounds` of each of ``positions``, from one scan of the text: searched
    from each mention, one long sentence naming many places would cost quadratic time."""
    dots: list[int] = []
    breaks: list[int] = []
    for m in _BREAK.finditer(text):
        (breaks if m.group() == "\n" else dots).append(m.start())
    out = []
    for pos in positions:
        k = bisect.bisect_right(dots, pos - 2)  # rfind(". ", 0, pos): the last one ending by pos
        n = bisect.bisect_left(breaks, pos)
        a = max(dots[k - 1] if k else -1, breaks[n - 1] if n else -1)
        k2 = bisect.bisect_left(dots, pos)
        ends = [x for x in (dots[k2] if k2 < len(dots) else -1, breaks[n] if n < len(breaks) else -1) if x != -1]
        out.append((a + 1, min(ends) if ends else len(text)))
    return out


#: How far around a name its cue words are looked for (a list of regions after it included).
_CUE_WINDOW = 300


_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")


_IN_PREVIOUS = re.compile(r"^[\s,–—-]*in\s+(?:the\s+)?(?:[a-z]+\s+)?$")


def _region_cue(text: str, m: Mention, sent_start: int, sent_end: int, prev: Mention | None) -> str | None:
    """'region' or 'city' when the words around the name say which one it is."""
    after = text[m.end:min(sent_end, m.end + _CUE_WINDOW)]  # a window: not the rest of a long sentence
    before = text[max(sent_start, m.start - _CUE_WINDOW):m.start]
    if _REGION_AFTER.match(after) or _REGION_LIST_AFTER.match(after):
        return "region"
    if _REGIONAL_AFTER.match(after):
        return "regional"  # "the Dnipropetrovsk regional administration": this mention only
    if _ends_with(before, _REGION_BEFORE_ENDS) and _REGION_BEFORE.search(before) and not _CAPITAL_AFTER.match(after) \
            and not _TOWN_OF_REGION_AFTER.match(after):
        return "region"  # "80% of Donetsk", but not "part of the Poltava Military Institute" nor "all of Paris, Texas"
    if (_ends_with(before, _CITY_BEFORE_ENDS) and _CITY_BEFORE.search(before)) or _CITY_AFTER.match(after) or (
            (m.kind is not MatchKind.EXACT or m.key not in _CAPTION_KEYS) and _CAPTION_AFTER.match(after)):
        return "city"
    if _ends_with(before, _POINT_BEFORE_ENDS) and _POINT_BEFORE.search(before):
        return "city"  # "just outside Donetsk", "five kilometres south-west of Donetsk": a point
    if prev is not None and prev.end >= sent_start and _IN_PREVIOUS.match(text[prev.end:m.start]):
        return "region"  # "the city of Vovchansk in Kharkiv"
    if prev is not None and prev.end >= sent_start and _LIST_AND.match(text[prev.end:m.start]) and (
            _PLURAL_REGIONS_BEFORE.search(text[max(sent_start, prev.start - 40):prev.start])):
        return "region"  # "zwischen den Gebieten Dnipropetrowsk und Donezk", "the regions of Sumy and Kharkiv"
    return None


_LIST_AND = re.compile(r"^\s*(?:,|,?\s*(?:and|und|e|y|et|и|i))\s*$")


# A plural noun of regions right before a list of names: each name is a region.
_PLURAL_REGIONS_BEFORE = re.compile(r"\b(?:regions of|oblasts of|provinces of|Gebieten|Gebiete|Regionen|regiões de|"
                                    r"regiones de|régions de|областей|областях)\s+(?:the\s+)?$", re.I)


# A small town abroad named right before a verb of saying is a source speaking ("Baza reported").
_SPEAKS_AFTER = re.compile(r"\s+(?:reported|reports|said|says|claimed|claims|wrote|writes|added|told|announced)\b")


_APPOSITION_GAP = re.compile(r"^,[ \t]?$")


_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")


_IN_REGION_GAP = re.compile(r"^\s*(?:,|\(|in|of|near)?\s*(?:the\s+)?(?:(?!and\b|or\b)[a-z-]+\s+){0,2}"
                            r"(?:(?:Ukraine|Russia)['’]s\s+(?:[a-z-]+\s+){0,2})?$"
                            # "X, a village in the Y region", "X, a frontline town in Y"
                            r"|^\s*,\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:village|town|city|settlement|hamlet|"
                            r"community)\s+(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:(?:Ukraine|Russia)['’]s\s+)?$")


_FRAME = re.compile(r"^(?:In|Across|Throughout|Within)\s+(?:the\s+)?$")


_FRAME_AFTER = re.compile(r"^\s*(?:(?:region|oblast|province|district|raion|community|hromada|krai)\b\s*)?,", re.I)


def _frames(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
            bounds: Sequence[tuple[int, int]]) -> dict[int, tuple[str, str | Entry]]:
    """Sentences framed by an opening "In the X region," / "In the Y District,": every later
    place of the sentence lies there.  Maps mention index -> ("region", code) or ("unit", Entry);
    ``bounds`` are the mentions' :func:`_sentence_bounds`."""
    out: dict[int, tuple[str, str | Entry]] = {}
    for i, m in enumerate(mentions):
        a, b = bounds[i]
        if m.start - a > _CUE_WINDOW or not _FRAME.match(text[a:m.start].strip() + " ") or not _FRAME_AFTER.match(
                text[m.end:min(b, m.end + _CUE_WINDOW)]):
            continue
        if m.kind is MatchKind.NAMED_AREA:
            towns = [c for c in cands[i] if c.kind == "city"]
            frame: tuple[str, str | Entry] | None = (
                ("unit", max(towns, key=lambda c: c.population)) if towns else None)
        else:
            codes = {c.region_code for c in cands[i] if c.kind == "region" and c.region_code}
            frame = ("region", next(iter(codes))) if len(codes) == 1 else None
        if frame is None:
            continue
        for j in range(i + 1, len(mentions)):
            if mentions[j].start >= b:
                break
            out[j] = frame
    return out


def _local_regions(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
                   cues: Sequence[str | None], i: int) -> set[str]:
    """Region codes the text puts mention ``i`` in: "X in the Y region", "X, Y Oblast",
    "X and Z in Y region"; a region named by its bare name counts only when the words
    around it say region."""
    codes: set[str] = set()
    prev_end = mentions[i].end
    for j in range(i + 1, len(mentions)):
        n = mentions[j]
        gap = text[prev_end:n.start]
        regs = [c for c in cands[j] if c.kind == "region"]
        if regs and _IN_REGION_GAP.match(gap) and (cues[j] == "region" or gap.strip() == ","
                                                   or all(c.kind == "region" for c in cands[j])):
            return {c.region_code for c in regs if c.region_code}
        if not _LIST_GAP.match(gap):
            return codes
        prev_end = n.end  # another town in a list: the region may follow it
    return codes


def _all_local_regions(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
                       cues: Sequence[str | None],
                       registered: Callable[[str], tuple[Entry, ...]] | None = None) -> list[set[str]]:
    """:func:`_local_regions` of every mention, from the last one back: the walk along a list
    of places from mention ``i`` is mention ``i + 1``'s walk once the gap between them is a
    list's, so one pass does them all (walking each, a long list costs quadratic time)."""
    out: list[set[str]] = [set() for _ in mentions]
    walk: frozenset[str] = frozenset()  # where the walk from mention j - 1 ends, for j below
    for j in range(len(mentions) - 1, 0, -1):
        n = mentions[j]
        gap = text[mentions[j - 1].end:n.start]
        if len(gap) > _CUE_WINDOW:  # not "in the", nor a list's comma (and a long gap of spaces costs
            walk = frozenset()      # these patterns quadratic time)
            out[j - 1] = set()
            continue
        k = j  # the mention whose region the walk may take
        if (j + 1 < len(mentions) and any(c.kind == "country" for c in cands[j])
                and _POSSESSIVE_GAP.match(text[n.end:mentions[j + 1].start])):
            # "X in Ukraine's eastern Donetsk region": X lies in the country's region
            k, gap = j + 1, text[mentions[j - 1].end:mentions[j + 1].start]
        regs = [c for c in cands[k] if c.kind == "region"]
        if regs and _IN_REGION_GAP.match(gap) and (cues[k] == "region" or all(c.kind == "region" for c in cands[k])
                                                   or (gap.strip() == "," and _lies_in(text, mentions, cands, k, regs, registered))):
            walk = frozenset(c.region_code for c in regs if c.region_code)
        elif not _LIST_GAP.match(gap):
            walk = frozenset()
        out[j - 1] = set(walk)
    return out


def _lies_in(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]], k: int,
             regions: Sequence[Entry], registered: Callable[[str], tuple[Entry, ...]] | None) -> bool:
    """Whether "X, Y" (Y: mention ``k``, whose ``regions`` are named) puts X in Y: X has a town
    there ("Rome, New York"), in the gazetteer or the settlement register ("Novoselivka,
    Kharkiv"), or Y ends the list ("Hlushkivka, Kharkiv."); not "Osokorivka, Lvov, Dudchany",
    a list of villages."""
    codes = {r.region_code for r in regions if r.region_code}
    town = (*cands[k - 1], *(registered(mentions[k - 1].key) if registered is not None else ()))
    if any(c.kind == "city" and c.region_code in codes for c in town):
        return True
    return not (k + 1 < len(mentions) and _LIST_GAP.match(text[mentions[k].end:mentions[k + 1].start]))


# Between a country and its region: "Ukraine's eastern Donetsk region", "Russia's Kursk region".
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+(?:[a-z-]+\s+){0,2}$")
