"""Stage 2: Mentions -> Resolutions (a Place, or None with the reason).

Requires the article text and a :class:`~geo.gazetteer.Gazetteer`.  Candidates of
a name are ranked by

* the region the text puts it in ("Dobropillia in the Zaporizhzhia region",
  "Lyman, Donetsk region", "the Kharkiv, Sumy and Dnipropetrovsk regions");
* the regions and countries the rest of the article names;
* population, as the tie-breaker of last resort.

When the text names a region that holds no place of that name, the mention is
placed at the region with precision 3 instead of at a namesake elsewhere.  When a
small place has namesakes in several regions and nothing in the text decides,
it stays unresolved and says so: no confident wrong village.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
import re
from dataclasses import replace
from collections.abc import Sequence

from .gazetteer import Entry, Gazetteer
from .geocode import Fallback
from .spot import folded, located_by
from .model import Article, Mention, Place, Resolution
from .translit import loose_key, name_key

__all__ = ["resolve"]

_REGION_AFTER = re.compile(r"^[\s]*(?:region|oblast|province|regions|oblasts|provinces|krai|raion|"
                           r"people['’]s\s+republic)\b", re.I)  # "the Donetsk People's Republic": the oblast
_REGIONAL_AFTER = re.compile(r"^\s*regional\b", re.I)
_REGION_LIST_AFTER = re.compile(
    r"^(?:\s*(?:,|,?\s*and|,?\s*or)\s+[A-Z][\w'’-]+)+\s+(?:regions|oblasts|provinces)\b")
_REGION_BEFORE = re.compile(
    r"(?:\b(?:region|regions|oblast|province|provinces) of|\b(?:all|parts?|most|rest|much|half|remainder|"
    r"portions?|swathes?|\d+(?:\.\d+)?\s*(?:%|percent|per cent)) of"
    # German "im Gebiet Saporischschja", "in der Region Krasnodar"; Romance "na região de Donetsk";
    # Russian and Ukrainian "Донецкой области" is an adjective, not a name
    r"|\b(?:Gebiet|Gebiets|Region|Oblast|Provinz)|\b(?:região|regiao|región|region|région|province|provincia|"
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
_REGION_BEFORE_ENDS = ("of", "the", "gebiet", "gebiets", "region", "oblast", "provinz", "de", "di", "da", "do", "du")
_CITY_BEFORE_ENDS = ("of", "city", "town", "in", "at")
_NEAR_BEFORE_ENDS = ("near", "outside", "around", "of", "to", "from", "the")


def _ends_with(before: str, words: tuple[str, ...]) -> bool:
    """Whether ``before``, trailing space aside, ends with one of ``words`` in any case (as
    ``re.I`` matches them): cheap, and needed for a pattern anchored at its end to match."""
    return folded(before.rstrip()[-12:]).endswith(words)


_IN_BETWEEN = re.compile(r"^\s*(?:,\s*)?(?:\(\s*)?(?:in|of|,)?\s*(?:the\s+)?(?:[a-z]+\s+){0,2}(?:Ukraine['’]s\s+|Russia['’]s\s+)?$")

# A small place with namesakes elsewhere is left unresolved below this population
# unless the text decides between them.
_AMBIGUOUS_POP = 20000


def _candidates(gazetteer: Gazetteer, m: Mention) -> tuple[Entry, ...]:
    if m.key.startswith("?"):
        return ()
    if m.key.startswith("~"):
        return gazetteer.lookup_loose(m.key[1:])
    if m.key.startswith("≈"):
        return gazetteer.lookup_fuzzy(m.key[1:])
    if m.key.startswith("@"):  # a press abbreviation of a region ("Ky.", "B.C.")
        r = gazetteer.region(m.key[1:])
        return (r,) if r is not None else ()
    if m.key.startswith("^"):  # a district or community named after a town: the town's area
        return tuple(c for c in gazetteer.lookup(m.key[1:]) if c.kind == "city")
    return gazetteer.lookup(m.key)


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
    if _ends_with(before, _REGION_BEFORE_ENDS) and _REGION_BEFORE.search(before) and not _CAPITAL_AFTER.match(after):
        return "region"  # "80% of Donetsk", but not "part of the Poltava Military Institute"
    if (_ends_with(before, _CITY_BEFORE_ENDS) and _CITY_BEFORE.search(before)) or _CITY_AFTER.match(after) or (
            m.key not in _CAPTION_KEYS and _CAPTION_AFTER.match(after)):
        return "city"
    if _ends_with(before, _POINT_BEFORE_ENDS) and _POINT_BEFORE.search(before):
        return "city"  # "just outside Donetsk", "five kilometres south-west of Donetsk": a point
    if prev is not None and prev.end >= sent_start and _IN_PREVIOUS.match(text[prev.end:m.start]):
        return "region"  # "the city of Vovchansk in Kharkiv"
    return None


def _score(c: Entry, local: set[str], regions: set[str], countries: set[str], key: str = "",
           preferred: frozenset[tuple[str, int]] = frozenset()) -> float:
    s = 1.5 * math.log10(c.population + 10)
    if key and (name_key(c.name) == key or loose_key(c.name) == loose_key(key)):
        s += 3.0  # its own name, not a historical or foreign alternate (Pokrovsk is not Engels)
    if c.geonameid is not None and (key, c.geonameid) in preferred:
        s += 6  # a curated alias: Krasnoarmeysk is Pokrovsk in today's news
    if c.kind == "country":
        s += 6
    elif c.kind == "other":
        s += 9  # curated areas (continents, seas, Donbas) are famous: they outrank namesake towns
    elif c.kind == "region":
        s += 3
    if c.region_code and c.region_code in local:
        s += 8
    elif c.region_code and c.region_code in regions:
        s += 2.5
    if c.country and c.country in countries:
        s += 1
    return s


def resolve(article: Article, mentions: Sequence[Mention], gazetteer: Gazetteer, *,
            fallback: Fallback | None = None) -> list[Resolution]:
    """Resolve each mention to a place using the article as context.

    Parameters
    ----------
    article : Article
        The article the mentions come from.
    mentions : sequence of Mention
        From :func:`geo.mentions.find_mentions`, sorted by offset.
    gazetteer : Gazetteer
        Candidate lookup.
    fallback : Fallback, optional
        Asked for names the gazetteer lacks (see :mod:`geo.geocode`), with the
        region the text puts them in.

    Returns
    -------
    list of Resolution
        One per mention, in order; ``place`` is None when the name cannot be placed
        with confidence, with the reason.

    Examples
    --------
    >>> [r.place.admin1 for r in resolve(article, find_mentions(article, gaz), gaz)]  # doctest: +SKIP
    ['Zaporizhzhia Oblast']
    """
    text = article.text
    preferred = gazetteer.preferred
    by_name: dict[str, tuple[Entry, ...]] = {}  # the candidates of each key (most names recur)
    for m in mentions:
        if m.key not in by_name:
            by_name[m.key] = _candidates(gazetteer, m)
    cands = [by_name[m.key] for m in mentions]
    bounds = _all_sentence_bounds(text, [m.start for m in mentions])
    cues = [_region_cue(text, m, a, b, mentions[i - 1] if i else None)
            for i, (m, (a, b)) in enumerate(zip(mentions, bounds))]
    for i, (m, cue) in enumerate(zip(mentions, cues)):
        if cue == "region" and (m.key[:1].isalnum() or m.key[:1] == "~"):
            # "the Kyiv region", "the Moscow region": the oblast, which the bare name does not
            # find when a city with its own region status holds that name.
            wider = [e for suffix in (" oblast", " region", " province", " krai")
                     for e in gazetteer.lookup(m.key + suffix) if e.kind == "region"] if m.key[:1] != "~" else []
            if not wider:  # "im Gebiet Saporischschja": the region named after the city the name spells
                wider = [r for c in cands[i] if c.kind == "city" and c.region_code
                         for r in [gazetteer.region(c.region_code)]
                         if r is not None and loose_key(r.name).startswith(loose_key(c.name) + " ")]
            if wider:
                cands[i] = tuple(dict.fromkeys([*wider, *cands[i]]))

    # Context: countries and regions the article names outright, and the regions of
    # unambiguous big cities.  A name never supports its own reading: context is
    # gathered per name key and each mention sees the other keys' context only.
    by_key: dict[str, tuple[set[str], set[str]]] = {}
    named_regions: set[str] = set()
    stated: set[str] = set()  # named regions, and regions whose namesakes are small towns ("Texas")
    for m, cs, cue in zip(mentions, cands, cues):
        ctry, regs_ = by_key.setdefault(m.key, (set(), set()))
        kinds = {c.kind for c in cs}
        if "country" in kinds and cue != "city":
            ctry.update(c.country for c in cs if c.kind == "country" and c.country)
        if "region" in kinds and (cue == "region" or kinds == {"region"}):
            codes = {c.region_code for c in cs if c.kind == "region" and c.region_code}
            if len(codes) == 1:
                named_regions |= codes
                stated |= codes
                regs_ |= codes
                ctry.update(c.country for c in cs if c.kind == "region" and c.country)
        elif "region" in kinds and cue != "city" and all(c.population < 100000 for c in cs if c.kind == "city"):
            codes = {c.region_code for c in cs if c.kind == "region" and c.region_code}
            if len(codes) == 1:
                stated |= codes
        cities = sorted((c for c in cs if c.kind == "city"), key=lambda c: -c.population)
        if cities and cities[0].population >= 100000 and (
                len(cities) == 1 or cities[1].population * 10 < cities[0].population):
            if cities[0].region_code:
                regs_.add(cities[0].region_code)
            if cities[0].country:
                ctry.add(cities[0].country)

    locals_ = _all_local_regions(text, mentions, cands, cues)
    frames = _frames(text, mentions, cands, bounds)
    for i, f in frames.items():
        if isinstance(f[1], str) and not locals_[i]:
            locals_[i] = {f[1]}

    home: _Home | None = None  # known from pass 2 on
    # The names that only ever speak in the article ("Baza reported", "Baza said").
    speaking: dict[str, bool] = {}
    for m in mentions:
        speaking[m.key] = speaking.get(m.key, True) and bool(_SPEAKS_AFTER.match(text, m.end))
    only_speaks = {k for k, v in speaking.items() if v}
    # The points pass 1 found, by the start of their sentence: a village's neighbours in one
    # sentence ("Pobeda in Donetsk, near Marinka") tell its namesakes apart (from pass 2 on).
    by_sentence: dict[int, list[tuple[str, float, float]]] = {}
    # Points of the settlements the register places without help: context for other
    # register lookups only (a community's centre is too rough to favour namesakes by).
    settled: list[tuple[str, float, float]] = []

    def one(i: int, countries: set[str], regions: set[str], near: _Nearness) -> Resolution:
        m, cs, cue, local = mentions[i], cands[i], cues[i], locals_[i]
        key = m.key.lstrip("~≈^@")  # the name key without its match-kind mark
        pool = list(cs)
        regs = [c for c in pool if c.kind == "region"]
        cities = [c for c in pool if c.kind == "city"]
        in_local = [c for c in cities if c.region_code in local] if local and cue != "region" else []
        if not in_local and home is not None and cue not in ("region", "regional") and not any(
                r.region_code in stated for r in regs):
            in_stated = [c for c in cities if c.region_code in stated and loose_key(c.name) == loose_key(key)]
            if len(in_stated) == 1 and in_stated[0].country == home.get(m.key):
                # "Paris" in a story about Texas, "Edmonton" in one about Queensland: the
                # namesake in the state the article names, when most of its other places
                # lie in that country (a story ranging abroad keeps the famous Paris).
                in_local = in_stated
        if in_local:
            pool = in_local  # "Reading, Pennsylvania", "Kherson, Kherson region": the town the text places
        elif cue in ("region", "regional") and regs:
            # "the Kyiv region" is Kyiv Oblast, not the capital's own city region "Kyiv".
            pool = [r for r in regs if name_key(r.name) != key] or regs
        elif cue == "city" and cities:
            pool = cities
        elif regs and cities:
            # A bare "Donetsk" or "Kherson": the region's namesake city, unless the article
            # names the region itself and nothing says city.  Small namesakes elsewhere
            # ("Alaska", West Virginia) do not compete with a region.
            namesakes = [c for c in cities if (c.population >= 200000 and loose_key(c.name) == loose_key(key)) or (
                c.population >= 50000 and any(c.region_code == r.region_code for r in regs))]
            same = [r for r in regs if r.region_code in named_regions]
            if same:
                pool = same
            elif namesakes:
                pool = namesakes
            else:
                pool = regs + [c for c in pool if c.kind == "country"]
        if local and not any(c.region_code in local for c in pool) and all(
                c.kind == "city" and c.population < 100000 for c in pool):
            # "the village of Bratske, in Dnipropetrovsk region": none of the Bratskes we
            # know is there; the settlement register may know the one that is.
            registered = _registered(gazetteer, key, m.key, local, [*near.points, *settled])
            if registered is not None:
                return _settlement(m, registered)
            region = _pick_local_region(gazetteer, local)
            if region is not None:
                return Resolution(m, replace(_place(region, 3), name=m.text),
                                  f"no {m.text!r} in {region.name}: placed at the region")
        if m.key.startswith("≈") and not any(
                c.region_code in local or c.region_code in regions for c in pool):
            return Resolution(m, None, f"{m.text!r} is close to {pool[0].name} but nothing in the text "
                                       "places it there")
        frame = frames.get(i)
        u = frame[1] if frame is not None else None
        if isinstance(u, Entry) and m.key[:1] != "^" and all(
                c.kind == "city" and c.population < 20000 and _km(c.lat, c.lon, u.lat, u.lon) > 60 for c in pool):
            # "In the Volokonovsky District, ... Borisovka": the Borisovka we know is elsewhere.
            return Resolution(m, replace(_place(u, 2), name=m.text),
                              f"no {m.text!r} near {u.name} in the gazetteer: placed at the district's town")

        memo: dict[int, float] = {}

        def score(c: Entry) -> float:
            if id(c) not in memo:
                bonus = near(m.key, c) if len(pool) > 1 else 0.0
                memo[id(c)] = _score(c, local, regions, countries, key, preferred) + bonus
            return memo[id(c)]

        ranked = sorted(pool, key=lambda c: (-score(c), c.geonameid or 0, c.name)) if len(pool) > 1 else list(pool)
        dominant = _dominant(pool, key, preferred)
        if (dominant is not None and ranked[0] is not dominant and ranked[0].region_code not in local
                and near(m.key, ranked[0]) < 3):
            # A world-famous namesake (Geneva, Paris, London) stays the reading unless the
            # text puts the name in another region outright ("Paris, Texas") or next to
            # another town of the story (Edmonton within 50 km of London).
            ranked.remove(dominant)
            ranked.insert(0, dominant)
        best = ranked[0]
        if best.kind == "city" and len(ranked) > 1 and best.population < _AMBIGUOUS_POP:
            decided = (best.region_code in local) or (best.region_code in regions) or (
                (key, best.geonameid) in preferred) or (len(pool) > 1 and near(m.key, best) >= 2)
            top = score(best)
            rivals = [c for c in ranked[1:] if c.kind == "city" and c.region_code != best.region_code
                      and score(c) >= top - 1.0]
            if rivals and not decided:
                close = _close_namesake(gazetteer, key, m.key, [*near.points, *settled]) if best.country == "UA" else None
                if close is not None:
                    # "towards Chasiv Yar ... shelled Grigorovka": of the many, the one by the story's places
                    return _settlement(m, close)
                return Resolution(m, None, f"ambiguous: {len(ranked)} places named {m.text!r}, "
                                           "nothing in the text decides")
        if best.kind == "city" and best.population < _VILLAGE_POP and best.country == "UA":
            nearer = _nearer_namesake(gazetteer, key, m.key, best, [*near.points, *settled])
            if nearer is not None:
                # "Tokmak ... Novoprokopivka and Ocheretuvate": the village of that name near the
                # article's other places, not a namesake of GeoNames' cities far from all of them
                return _settlement(m, nearer)
        sentence = by_sentence.get(bounds[i][0], [])
        if best.kind == "city" and best.population < _AMBIGUOUS_POP and best.country == "UA" and sentence and all(
                _km(best.lat, best.lon, lat, lon) > 2 * _SAME_AREA_KM for k, lat, lon in sentence if k != m.key):
            close = _close_namesake(gazetteer, key, m.key, sentence, best.geonameid)
            if close is not None:
                # "towards Novodanilovka - Novoprokopovka and Mala Tokmachka": the namesake by the
                # places of its own sentence, not a bigger one 100 km off
                return _settlement(m, close)
        if best.kind == "city" and best.population < _VILLAGE_POP and _register_rivals(
                gazetteer, key, m.key, best, [*near.points, *settled]):
            # "the village of Blahodatne ... in Kherson region": GeoNames knows one, the
            # register several far apart, and nothing in the text says which: the region
            # when the text names it, else nothing; but "Pobeda ... near Marinka": the
            # namesake by the story's other places.
            close = _close_namesake(gazetteer, key, m.key, by_sentence.get(bounds[i][0], []), best.geonameid)
            if close is not None:
                return _settlement(m, close)
            region = gazetteer.region(best.region_code) if best.region_code in local | regions else None
            if region is not None:
                return Resolution(m, replace(_place(region, 3), name=m.text),
                                  f"several villages named {m.text!r} in {region.name}: placed at the region")
            return Resolution(m, None, f"ambiguous: several villages named {m.text!r} in {best.admin1}, "
                                       "nothing in the text decides")
        own = m.key.startswith("≈") or name_key(best.name) == key or loose_key(best.name) == loose_key(key) or (
            (key, best.geonameid) in preferred)
        if best.kind == "city" and not own and best.country not in countries and best.population < (
                200000 if len(key) <= 5 else 5000):  # short alternates ("Buro") are often fragments of other words
            return Resolution(m, None, f"{m.text!r} is only an alternate name of {best.name} "
                                       f"({best.country}), a small place the article gives no reason for")
        if best.kind == "city" and best.country not in countries and best.population < _SPEAKER_TOWN_POP and \
                m.key in only_speaks:
            # "Baza reported", "Mash claimed": a channel or outlet that speaks, not a small town
            # abroad that the article gives no other reason for
            return Resolution(m, None, f"{m.text!r} speaks here: a source, not {best.name} ({best.country})")
        precision = 3 if best.kind in ("region", "country") else 1
        a, _ = bounds[i]
        before = text[max(a, m.start - _CUE_WINDOW):m.start]
        if best.kind == "city" and ((_ends_with(before, _NEAR_BEFORE_ENDS) and _NEAR_BEFORE.search(before))
                                    or m.key.startswith("^")):
            precision = 2
        return Resolution(m, _place(best, precision), "")

    # Pass 1 reads each name with what the article names outright; pass 2 adds what
    # pass 1 resolved (the regions and countries of the places found, and their
    # points, so namesakes near the story's other places win).
    context = _Context([by_key])
    first = [one(i, *context(m.key), _Nearness([])) if cands[i] else None for i, m in enumerate(mentions)]
    learned: dict[str, tuple[set[str], set[str]]] = {}
    points: list[tuple[str, float, float]] = []
    seen_points: set[tuple[str, float, float]] = set()
    for i, (m, r) in enumerate(zip(mentions, first)):
        if r is None or r.place is None or r.reason:
            continue
        ctry, regs_ = learned.setdefault(m.key, (set(), set()))
        p = r.place
        if p.country:
            ctry.add(p.country)
        if p.kind == "region" and p.region_code:
            regs_.add(p.region_code)
            if p.region_code in gazetteer.compact_regions and (m.key, p.lat, p.lon) not in seen_points:
                seen_points.add((m.key, p.lat, p.lon))  # a borough or city district: as good as a town
                points.append((m.key, p.lat, p.lon))
        elif p.kind == "city":
            entry = next((c for c in cands[i] if c.geonameid == p.geonameid), None)
            if entry is not None and entry.region_code:
                regs_.add(entry.region_code)
            if (m.key, p.lat, p.lon) not in seen_points:
                seen_points.add((m.key, p.lat, p.lon))
                points.append((m.key, p.lat, p.lon))
    context = _Context([by_key, learned])
    done: dict[int, Resolution] = {}
    # Settlements the register places without help ("the village of Ostapivske") are context
    # for the rest ("Bratske, about 3 km northwest of the village of Ostapivske").
    registered: dict[int, Entry] = {}
    for i, m in enumerate(mentions):
        if not cands[i] and m.key.startswith("?"):
            entry = _registered(gazetteer, m.key[1:], m.key, locals_[i] or context(m.key)[1], [])
            if entry is not None:
                registered[i] = entry
                settled.append((m.key, entry.lat, entry.lon))
    near = _Nearness(points)
    home = _Home(learned)
    for i, r in enumerate(first):
        if r is not None and r.place is not None and not r.reason and r.place.kind == "city":
            by_sentence.setdefault(bounds[i][0], []).append((mentions[i].key, r.place.lat, r.place.lon))
    for i, m in enumerate(mentions):
        if cands[i]:
            countries, regions = context(m.key)
            done[i] = one(i, countries, regions, near)
    for i, m in enumerate(mentions):
        if not cands[i]:
            frame = frames.get(i)
            by = done.get(i + 1)
            if by is not None and (by.place is None or by.place.kind != "city"
                                   or located_by(text, m.end) != mentions[i + 1].start):
                by = None
            countries, regions = context(m.key)
            entry = registered.get(i)
            if entry is None and m.key.startswith("?"):  # decided by the places resolved since
                entry = _registered(gazetteer, m.key[1:], m.key, locals_[i] or regions, [*points, *settled])
            done[i] = _fall_back(fallback, gazetteer, m, locals_[i], countries,
                                 frame[1] if frame is not None and isinstance(frame[1], Entry) else None,
                                 by.place if by is not None else None, entry)
    _settle_appositions(text, mentions, cands, done)
    return [done[i] for i in range(len(mentions))]


_APPOSITION_GAP = re.compile(r"^,[ \t]?$")


def _settle_appositions(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
                        done: dict[int, Resolution]) -> None:
    """The pass for "Town, Region" and "Town, Country" ("Athens, Georgia", "Rome, New York",
    "Rome, Italy"): the second name is the region or country the town lies in, and the town
    the one in that country.  Changes ``done`` in place."""
    for i in range(1, len(mentions)):
        if mentions[i].key == mentions[i - 1].key or not _APPOSITION_GAP.match(
                text[mentions[i - 1].end:mentions[i].start]):
            continue  # "Kyiv, Kyiv, ...": a repetition, not a town and its region
        town, after = done.get(i - 1), done.get(i)
        if town is None or after is None or town.place is None or town.place.kind != "city":
            continue
        entry = next((c for c in cands[i - 1] if c.geonameid == town.place.geonameid), None)
        if entry is None:
            continue
        key = mentions[i].key.lstrip("~")
        region = next((c for c in cands[i] if c.kind == "region" and c.region_code == entry.region_code), None)
        country = next((c for c in cands[i] if c.kind == "country" and name_key(c.name) == key), None)
        if region is not None and (after.place is None or after.place.kind != "region"
                                   or after.place.region_code != region.region_code):
            done[i] = Resolution(mentions[i], _place(region, 3), "")  # "Athens, Georgia": the state
        elif country is not None:
            there = sorted((c for c in cands[i - 1] if c.kind == "city" and c.country == country.country),
                           key=lambda c: (-c.population, c.geonameid or 0))
            if not there:
                continue
            if entry.country != country.country:  # "Rome, Italy" in a story of American towns: Italy's Rome
                done[i - 1] = Resolution(mentions[i - 1], _place(there[0], town.place.precision), "")
            if after.place is None or after.place.kind != "country":  # and Italy, not Italy, Texas
                done[i] = Resolution(mentions[i], _place(country, 3), "")


def _registered(gazetteer: Gazetteer, key: str, mention_key: str, regions: set[str],
                points: Sequence[tuple[str, float, float]]) -> Entry | None:
    """The settlement of the register (:meth:`~geo.gazetteer.GeoNamesGazetteer.lookup_settlement`)
    named ``key`` that the text means: the one in the regions it is placed in (or the
    article names), near the article's other places (``points``, but those of
    ``mention_key`` itself) when several are; ``None`` when namesakes far apart remain."""
    lookup = getattr(gazetteer, "lookup_settlement", None)
    if lookup is None:
        return None
    pool = sorted(lookup(key), key=lambda c: (c.region_code or "", c.lat, c.lon))
    if regions:
        pool = [c for c in pool if c.region_code in regions]
    if len(pool) > 1:
        others = [(lat, lon) for k, lat, lon in points if k != mention_key]
        close = [c for c in pool if any(_km(c.lat, c.lon, lat, lon) <= _SAME_AREA_KM for lat, lon in others)]
        pool = close or pool
    if pool and all(_km(c.lat, c.lon, pool[0].lat, pool[0].lon) <= _SAME_AREA_KM for c in pool):
        return pool[0]
    return None


def _register_rivals(gazetteer: Gazetteer, key: str, mention_key: str, best: Entry,
                     points: Sequence[tuple[str, float, float]]) -> bool:
    """Whether the settlement register knows namesakes of ``best`` in its region far from it,
    ``best`` is not a community's centre itself (the register places the centre's villages at
    its point: Petropavlivka near Kupiansk, not its namesake hamlets), and no other place of
    the article (but ``mention_key``'s own) lies near ``best`` to tell them apart."""
    lookup = getattr(gazetteer, "lookup_settlement", None)
    if lookup is None:
        return False
    if best.geonameid in getattr(gazetteer, "community_centres", ()):
        return False
    same = [c for c in lookup(key) if c.region_code == best.region_code and c.geonameid != best.geonameid]
    if any(c.geonameid is None and _km(c.lat, c.lon, best.lat, best.lon) <= 1 for c in same):
        return False
    far = [c for c in same if _km(c.lat, c.lon, best.lat, best.lon) > _SAME_AREA_KM]
    return bool(far) and not any(_km(best.lat, best.lon, lat, lon) <= _SAME_AREA_KM for k, lat, lon in points
                                 if k != mention_key)


def _nearer_namesake(gazetteer: Gazetteer, key: str, mention_key: str, best: Entry,
                     points: Sequence[tuple[str, float, float]]) -> Entry | None:
    """The register's settlement named ``key`` (with its own GeoNames point) that lies near the
    article's other places (``points``, but ``mention_key``'s own) when ``best`` lies far from
    all of them; ``None`` when ``best`` is near one, or no such namesake or several far apart."""
    others = [(lat, lon) for k, lat, lon in points if k != mention_key]
    if not others or any(_km(best.lat, best.lon, lat, lon) <= _FAR_KM for lat, lon in others):
        return None
    return _close_namesake(gazetteer, key, mention_key, points, best.geonameid)


def _close_namesake(gazetteer: Gazetteer, key: str, mention_key: str, points: Sequence[tuple[str, float, float]],
                    skip: int | None = None) -> Entry | None:
    """The register's settlement named ``key`` (with its own GeoNames point, not ``skip``) within
    a community's reach of the article's other places (``points``, but ``mention_key``'s own);
    ``None`` when there is none, or several far apart."""
    lookup = getattr(gazetteer, "lookup_settlement", None)
    others = [(lat, lon) for k, lat, lon in points if k != mention_key]
    if lookup is None or not others:
        return None
    by_distance = sorted(((min(_km(c.lat, c.lon, lat, lon) for lat, lon in others), c.geonameid, c)
                          for c in lookup(key) if c.geonameid is not None and c.geonameid != skip),
                         key=lambda t: (t[0], t[1]))
    close = [c for d, _, c in by_distance if d <= _SAME_AREA_KM]
    if close and all(_km(c.lat, c.lon, close[0].lat, close[0].lon) <= _SAME_AREA_KM for c in close):
        return close[0]
    return None


# A small town abroad named right before a verb of saying is a source speaking ("Baza reported").
_SPEAKS_AFTER = re.compile(r"\s+(?:reported|reports|said|says|claimed|claims|wrote|writes|added|told|announced)\b")
_SPEAKER_TOWN_POP = 100_000

# A village this far from every other place of its article is likely another of its name.
_FAR_KM = 100

# A GeoNames village this small that shares its name with register villages far off in its
# region is no likelier the one meant than they are; a bigger one usually is.
_VILLAGE_POP = 2000

# Settlements whose community centres lie this close count as one area.
_SAME_AREA_KM = 30
_REGISTERED = "in the settlement register, not in GeoNames: placed at its community's centre"


def _settlement(m: Mention, entry: Entry) -> Resolution:
    """A settlement of the register: at its own GeoNames point when it has one, else at its
    community's centre (precision 2)."""
    if entry.geonameid is not None:
        return Resolution(m, _place(entry, 1), "")
    return Resolution(m, _place(entry, 2), _REGISTERED)


#: (id of an entry, precision) -> (the entry, its Place): a Place is immutable, so every
#: resolution to one entry at one precision can share one.
_PLACES: dict[tuple[int, int], tuple[Entry, Place]] = {}


def _place(entry: Entry, precision: int) -> Place:
    """``entry.to_place(precision=precision)``, made once per entry and precision."""
    hit = _PLACES.get((id(entry), precision))
    if hit is not None and hit[0] is entry:  # the entry is held here, so its id is not reused meanwhile
        return hit[1]
    if len(_PLACES) >= 100_000:
        _PLACES.clear()
    place = entry.to_place(precision=precision)
    _PLACES[(id(entry), precision)] = (entry, place)
    return place


class _Home:
    """The country most of an article's names resolved to, seen from one name key: more
    than half of the other keys that resolved to a single country lie there."""

    def __init__(self, learned: dict[str, tuple[set[str], set[str]]]) -> None:
        self._single = {k: next(iter(c)) for k, (c, _) in learned.items() if len(c) == 1}
        self._votes = Counter(self._single.values())

    def get(self, key: str) -> str | None:
        own = self._single.get(key)
        total = len(self._single) - (own is not None)
        for country, n in self._votes.most_common(2):
            if total and 2 * (n - (country == own)) > total:
                return country
        return None


class _Context:
    """The countries and regions that the names of an article other than a given key
    stand for: the union over ``sources`` (name key -> (countries, region codes)) of
    every other key's sets.  The returned sets are not to be changed.

    Nothing is kept per key: a key that alone names nothing gets the shared sets, and one
    that does a difference made for the call (kept per key, an article naming 10,000 places
    in as many regions would hold 10,000 copies of nearly every region)."""

    def __init__(self, sources: Sequence[dict[str, tuple[set[str], set[str]]]]) -> None:
        # Each country and region code with the keys that name it: a key's context is
        # everything except what only that key names.
        owners: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        for source in sources:
            for k, sets in source.items():
                for side, values in zip(owners, sets):
                    for v in values:
                        side.setdefault(v, set()).add(k)
        self._all = tuple(set(side) for side in owners)
        self._sole: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        for side, sole in zip(owners, self._sole):
            for v, keys in side.items():
                if len(keys) == 1:
                    sole.setdefault(next(iter(keys)), set()).add(v)

    def __call__(self, key: str) -> tuple[set[str], set[str]]:
        (countries, regions), (sole_c, sole_r) = self._all, self._sole
        own_c, own_r = sole_c.get(key), sole_r.get(key)
        return (countries - own_c if own_c else countries, regions - own_r if own_r else regions)


class _Nearness:
    """:func:`_nearby` of an entry to the points resolved for the article's other name
    keys, memoised per (key, entry).

    The distinct points are kept once, each with the one key that resolved to it (or
    ``None`` when several did), in a grid of half-degree cells: a query looks at the
    cells within 50 km, then 200 km, then 500 km (the bands of :func:`_nearby`) rather
    than at every point, and memory grows with the points, not with keys times points
    (an article naming 10,000 places would otherwise hold a list of 10,000 others per name).
    """

    _CELL = 0.5  # degrees
    _COLS = 720  # cells around a parallel

    def __init__(self, points: list[tuple[str, float, float]]) -> None:
        self.points = points
        owner: dict[tuple[float, float], str | None] = {}
        for k, lat, lon in points:
            if (lat, lon) not in owner:
                owner[(lat, lon)] = k
            elif owner[(lat, lon)] != k:
                owner[(lat, lon)] = None  # several keys: another key's point for every key
        self._grid: dict[tuple[int, int], list[tuple[float, float, str | None]]] = {}
        for (lat, lon), who in owner.items():
            self._grid.setdefault(self._cell(lat, lon), []).append((lat, lon, who))
        self._memo: dict[tuple[str, int], float] = {}

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self._CELL), math.floor(lon / self._CELL) % self._COLS

    def __call__(self, key: str, c: Entry) -> float:
        if not self.points or c.kind != "city":
            return 0.0
        got = self._memo.get((key, id(c)))
        if got is None:
            got = 0.0
            for km, bonus in ((50.0, 3.0), (200.0, 2.0), (500.0, 1.0)):
                if self._any_within(key, c.lat, c.lon, km):
                    got = bonus
                    break
            self._memo[(key, id(c))] = got
        return got

    def _any_within(self, key: str, lat: float, lon: float, km: float) -> bool:
        """Whether a point of a key other than ``key`` lies under ``km`` from (lat, lon)."""
        # A great circle is at least 111.19 km a degree of latitude, and at least
        # 12742 * asin(cos(latitude) * sin(dlon / 2)) for a difference dlon in longitude.
        dlat = km / 111.0 + 0.01
        row0, col0 = self._cell(lat, lon)
        rows = range(math.floor((lat - dlat) / self._CELL), math.floor((lat + dlat) / self._CELL) + 1)
        widest = min(90.0, abs(lat) + dlat)
        reach = math.sin(km / 12742.0) / max(math.cos(math.radians(widest)), 1e-12)
        if reach >= 1:
            cols = range(self._COLS)
        else:
            dlon = 2 * math.degrees(math.asin(reach)) * 1.01 + 0.01
            span = math.floor(dlon / self._CELL) + 1
            cols = range(self._COLS) if 2 * span + 1 >= self._COLS else range(col0 - span, col0 + span + 1)
        grid = self._grid
        ordered = sorted(cols, key=lambda q: abs(q - col0))  # nearest cells first
        for row in sorted(rows, key=lambda r: abs(r - row0)):
            for col in ordered:
                cell = grid.get((row, col % self._COLS))
                if cell is None:
                    continue
                for plat, plon, owner in cell:
                    if owner != key and abs(plat - lat) * 111.0 < km and _km(lat, lon, plat, plon) < km:
                        return True
        return False


def _dominant(pool: Sequence[Entry], key: str, preferred: frozenset[tuple[str, int]]) -> Entry | None:
    """The one city of this name that is far bigger than every namesake (8x, 100,000+)."""
    if len(pool) < 2:
        return None
    cities = sorted((c for c in pool if c.kind == "city"), key=lambda c: -c.population)
    if not cities or cities[0].population < 100000:
        return None
    top = cities[0]
    if any(c is not top and c.population * 8 > top.population for c in cities):
        return None
    if any((key, c.geonameid) in preferred for c in pool if c is not top):
        return None
    return top


def _nearby(c: Entry, points: list[tuple[float, float]]) -> float:
    """A bonus for a town close to the article's other towns (stories are local)."""
    if c.kind != "city" or not points:
        return 0.0
    d = 500.0  # the nearest point so far, if nearer than the last band
    for lat, lon in points:
        # A great circle is at least as long as its north-south extent (111.19 km a
        # degree; 111 leaves room for rounding): a point that far cannot be nearer.
        if abs(lat - c.lat) * 111.0 >= d:
            continue
        km = _km(c.lat, c.lon, lat, lon)
        if km < d:
            d = km
            if d < 50:
                break  # the top band: nothing nearer changes the bonus
    return 3.0 if d < 50 else 2.0 if d < 200 else 1.0 if d < 500 else 0.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")
_IN_REGION_GAP = re.compile(r"^\s*(?:,|\(|in|of|near)?\s*(?:the\s+)?(?:[a-z]+\s+)?(?:(?:Ukraine|Russia)['’]s\s+)?$"
                            # "X, a village in the Y region", "X, a frontline town in Y"
                            r"|^\s*,\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:village|town|city|settlement|hamlet|"
                            r"community)\s+(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:(?:Ukraine|Russia)['’]s\s+)?$")


def _fall_back(fallback: Fallback | None, gazetteer: Gazetteer, m: Mention, local: set[str],
               countries: set[str], unit: Entry | None, by: Place | None = None,
               registered: Entry | None = None) -> Resolution:
    """A settlement the gazetteer lacks ("the village of X"): asked online when allowed,
    else placed at the town the text says it lies near ("X, a village south of Y"), at its
    community's centre from the settlement register (:func:`_registered`) or at the town
    of the district the sentence opens with (precision 2), else left unplaced."""
    if fallback is not None:
        region = _pick_local_region(gazetteer, local)
        country = region.country if region else (next(iter(sorted(countries))) if len(countries) == 1 else None)
        place = fallback(m.text, country=country, region=region.name if region else None)
        if place is not None:
            return Resolution(m, place, "")
    if registered is not None and registered.geonameid is not None and (
            by is None or _km(by.lat, by.lon, registered.lat, registered.lon) <= _SAME_AREA_KM):
        return _settlement(m, registered)  # "the village of Ostapivske": at its own point
    if by is not None:  # "Klishchiivka, a village south of Bakhmut": at Bakhmut
        return Resolution(m, replace(by, name=m.text, precision=2),
                          f"{m.text!r} is not in the gazetteer: placed at {by.name}, which the text puts it near")
    if registered is not None:  # "the village of Ostapivske": at its community's centre, Pokrovske
        return _settlement(m, registered)
    if unit is not None:  # "In the Volokonovsky District, ... khutori Plotvyanka": the district's town
        return Resolution(m, replace(_place(unit, 2), name=m.text),
                          f"{m.text!r} is not in the gazetteer: placed at the town of its district, {unit.name}")
    return Resolution(m, None, "not in the offline gazetteer" if fallback is None else "not found online either")


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
        if m.key.startswith("^"):
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
                       cues: Sequence[str | None]) -> list[set[str]]:
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
        regs = [c for c in cands[j] if c.kind == "region"]
        if regs and _IN_REGION_GAP.match(gap) and (cues[j] == "region" or gap.strip() == ","
                                                   or all(c.kind == "region" for c in cands[j])):
            walk = frozenset(c.region_code for c in regs if c.region_code)
        elif not _LIST_GAP.match(gap):
            walk = frozenset()
        out[j - 1] = set(walk)
    return out


def _pick_local_region(gazetteer: Gazetteer, codes: set[str]) -> Entry | None:
    for code in sorted(codes):
        r = gazetteer.region(code)
        if r is not None:
            return r
    return None

