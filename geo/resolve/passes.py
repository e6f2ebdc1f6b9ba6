"""The decision for one mention: its pool of candidates, then the named passes in order.

Each pass looks at a :class:`Decision` and returns a :class:`~geo.model.Resolution` when it
decides, else None (a pass may also reorder the ranking, as ``famous_namesake`` does); the
first that decides wins, and a mention no pass decides is placed at its best-ranked candidate.
:data:`PASSES` lists them; ``resolve(..., passes=...)`` runs a subset, so that what each one
buys can be measured (``bench/passes.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from ..gazetteer import Entry, Gazetteer
from ..model import MatchKind, Mention, Resolution, ResolutionStatus
from ..gazetteer.translit import loose_key, name_key
from .candidates import NameId, _pick_local_region, _place, _stand_in, name_id
from .context import _Nearness
from .cues import _CUE_WINDOW, _NEAR_BEFORE, _NEAR_BEFORE_ENDS, _ends_with
from .evidence import Evidence
from .features import (_AMBIGUOUS_POP, _FAR_KM, _SAME_AREA_KM, _SPEAKER_TOWN_POP, _TOWN_FAR_KM, _VILLAGE_POP, _dominant,
                       _km, _score)
from .register import _close_namesake, _nearer_namesake, _register_rivals, _registered, _settlement


class Decision:
    """One mention being decided: its evidence, the context it sees (``countries``,
    ``regions``, ``near``) and its pool of candidates, ranked on first use."""

    __slots__ = ("ev", "i", "m", "key", "name", "local", "countries", "regions", "near", "pool", "_ranked",
                 "_scores")

    def __init__(self, ev: Evidence, i: int, countries: set[str], regions: set[str], near: _Nearness) -> None:
        self.ev, self.i, self.countries, self.regions, self.near = ev, i, countries, regions, near
        self.m: Mention = ev.mentions[i]
        self.key: str = self.m.key
        self.name: NameId = name_id(self.m)
        self.local: set[str] = ev.locals_[i]
        self.pool: list[Entry] = []
        self._ranked: list[Entry] | None = None
        self._scores: dict[int, float] = {}

    def points(self) -> list[tuple[NameId, float, float]]:
        """The points of the article's other places, and of the settlements the register placed."""
        return [*self.near.points, *self.ev.settled]

    def score(self, c: Entry) -> float:
        got = self._scores.get(id(c))
        if got is None:
            bonus = self.near(self.name, c) if len(self.pool) > 1 else 0.0
            got = self._scores[id(c)] = _score(c, self.local, self.regions, self.countries, self.key,
                                               self.ev.gazetteer.preferred) + bonus
        return got

    @property
    def ranked(self) -> list[Entry]:
        """The pool, best first."""
        if self._ranked is None:
            pool = self.pool
            self._ranked = sorted(pool, key=lambda c: (-self.score(c), c.geonameid or 0, c.name)) \
                if len(pool) > 1 else list(pool)
        return self._ranked


def _pool(d: Decision) -> list[Entry]:
    """The candidates the words around the name allow: the town in the region the text
    places it, the region when the text says region, the city when it says city, and for a
    bare name that is both, the region's namesake city unless the article names the region."""
    ev, key, cue, local = d.ev, d.key, d.ev.cues[d.i], d.local
    pool = list(ev.cands[d.i])
    regs = [c for c in pool if c.kind == "region"]
    cities = [c for c in pool if c.kind == "city"]
    in_local = [c for c in cities if c.region_code in local] if local and cue != "region" else []
    if not in_local and ev.home is not None and cue not in ("region", "regional") and not any(
            r.region_code in ev.stated for r in regs):
        in_stated = [c for c in cities if c.region_code in ev.stated and loose_key(c.name) == loose_key(key)]
        if len(in_stated) == 1 and in_stated[0].country == ev.home.get(d.name):
            # "Paris" in a story about Texas, "Edmonton" in one about Queensland: the
            # namesake in the state the article names, when most of its other places
            # lie in that country (a story ranging abroad keeps the famous Paris).
            in_local = in_stated
    if in_local:
        return in_local  # "Reading, Pennsylvania", "Kherson, Kherson region": the town the text places
    if cue in ("region", "regional") and regs:
        # "the Kyiv region" is Kyiv Oblast, not the capital's own city region "Kyiv".
        return [r for r in regs if name_key(r.name) != key] or regs
    if cue == "city" and cities:
        # "a New Jersey airport": the state, not a town whose old name it is
        own = [c for c in cities if loose_key(c.name) == loose_key(key) or (key, c.geonameid) in ev.gazetteer.preferred]
        return own or (regs if regs else cities)
    if regs and cities:
        # A bare "Donetsk" or "Kherson": the region's namesake city, unless the article
        # names the region itself and nothing says city.  Small namesakes elsewhere
        # ("Alaska", West Virginia) do not compete with a region.
        namesakes = [c for c in cities if (c.population >= 200000 and loose_key(c.name) == loose_key(key)) or (
            c.population >= 50000 and any(c.region_code == r.region_code for r in regs))]
        same = [r for r in regs if r.region_code in ev.named_regions]
        return same or namesakes or regs + [c for c in pool if c.kind == "country"]
    return pool


def _outside_stated_region(d: Decision) -> Resolution | None:
    """"the village of Bratske, in Dnipropetrovsk region": none of the Bratskes we know is
    there; the settlement register may know the one that is, else the region (precision 3)."""
    m, local, gaz = d.m, d.local, d.ev.gazetteer
    if not (local and not any(c.region_code in local for c in d.pool) and all(
            c.kind == "city" and c.population < 100000 for c in d.pool)):
        return None
    registered = _registered(gaz, d.key, d.name, local, d.points())
    if registered is not None:
        return _settlement(m, registered)
    region = _pick_local_region(gaz, local)
    if region is not None:
        return _stand_in(m, replace(_place(region, 3), name=m.text),
                          f"no {m.text!r} in {region.name}: placed at the region")
    return None


def _unsupported_misspelling(d: Decision) -> Resolution | None:
    """A misspelt name is placed only where the text's regions agree."""
    m = d.m
    if m.kind is MatchKind.FUZZY and not any(c.region_code in d.local or c.region_code in d.regions for c in d.pool):
        return Resolution(m, None, f"{m.text!r} is close to {d.pool[0].name} but nothing in the text places it there",
                          ResolutionStatus.DOUBTED)
    return None


def _framed_district(d: Decision) -> Resolution | None:
    """"In the Volokonovsky District, ... Borisovka": the Borisovka we know is elsewhere, so the district's town."""
    m, frame = d.m, d.ev.frames.get(d.i)
    u = frame[1] if frame is not None else None
    if isinstance(u, Entry) and m.kind is not MatchKind.NAMED_AREA and all(
            c.kind == "city" and c.population < 20000 and _km(c.lat, c.lon, u.lat, u.lon) > 60 for c in d.pool):
        return _stand_in(m, replace(_place(u, 2), name=m.text),
                          f"no {m.text!r} near {u.name} in the gazetteer: placed at the district's town")
    return None


def _famous_namesake(d: Decision) -> Resolution | None:
    """A world-famous namesake (Geneva, Paris, London) stays the reading unless the text puts
    the name in another region outright ("Paris, Texas") or next to another town of the story
    (Edmonton within 50 km of London).  Reorders the ranking; decides nothing."""
    ranked = d.ranked
    dominant = _dominant(d.pool, d.key, d.ev.gazetteer.preferred)
    if (dominant is not None and ranked[0] is not dominant and ranked[0].region_code not in d.local
            and d.near(d.name, ranked[0]) < 3):
        ranked.remove(dominant)
        ranked.insert(0, dominant)
    return None


def _ambiguous(d: Decision) -> Resolution | None:
    """A small town with namesakes elsewhere about as likely, and nothing in the text to decide:
    the register's namesake by the story's places ("towards Chasiv Yar ... shelled Grigorovka"), else unplaced."""
    m, key, ranked, preferred = d.m, d.key, d.ranked, d.ev.gazetteer.preferred
    best = ranked[0]
    if not (best.kind == "city" and len(ranked) > 1 and best.population < _AMBIGUOUS_POP):
        return None
    decided = (best.region_code in d.local) or (best.region_code in d.regions) or (
        (key, best.geonameid) in preferred) or (len(d.pool) > 1 and d.near(d.name, best) >= 2)
    top = d.score(best)
    rivals = [c for c in ranked[1:] if c.kind == "city" and c.region_code != best.region_code
              and d.score(c) >= top - 1.0]
    if not rivals or decided:
        return None
    close = _close_namesake(d.ev.gazetteer, key, d.name, d.points()) if best.country == "UA" else None
    if close is not None:
        return _settlement(m, close)
    return Resolution(m, None, f"ambiguous: {len(ranked)} places named {m.text!r}, nothing in the text decides")


def _nearer_village(d: Decision) -> Resolution | None:
    """"Tokmak ... Novoprokopivka and Ocheretuvate": the village of that name near the article's
    other places, not a namesake of GeoNames' cities far from all of them."""
    best = d.ranked[0]
    if best.kind == "city" and best.population < _AMBIGUOUS_POP and best.country == "UA":
        # a village far from the rest; a small town a little less far ("Ivanivka" among Kherson's
        # villages of Beryslav district, not the town 90 km east)
        far = _FAR_KM if best.population < _VILLAGE_POP else _TOWN_FAR_KM
        nearer = _nearer_namesake(d.ev.gazetteer, d.key, d.name, best, d.points(), far)
        if nearer is not None:
            return _settlement(d.m, nearer)
    return None


def _sentence_namesake(d: Decision) -> Resolution | None:
    """"towards Novodanilovka - Novoprokopovka and Mala Tokmachka": the namesake by the places
    of its own sentence, not a bigger one 100 km off."""
    m, best = d.m, d.ranked[0]
    sentence = d.ev.by_sentence.get(d.ev.bounds[d.i][0], [])
    if best.kind == "city" and best.population < _AMBIGUOUS_POP and best.country == "UA" and sentence and all(
            _km(best.lat, best.lon, lat, lon) > 2 * _SAME_AREA_KM for k, lat, lon in sentence if k != d.name):
        close = _close_namesake(d.ev.gazetteer, d.key, d.name, sentence, best.geonameid)
        if close is not None:
            return _settlement(m, close)
    if best.kind == "city" and best.population < _AMBIGUOUS_POP and best.country == "UA" and len(sentence) >= 4:
        # a long list of villages ("fired at A, B, C, ..."): the namesake among most of them
        crowd = _crowded_namesake(d.ev.gazetteer, d.key, d.name, sentence, best)
        if crowd is not None:
            return _settlement(m, crowd)
    return None


def _neighbours(lat: float, lon: float, points: list[tuple[float, float]]) -> int:
    return sum(_km(lat, lon, a, b) <= _SAME_AREA_KM for a, b in points)


def _crowded_namesake(gaz: Gazetteer, key: str, name: NameId, sentence: list[tuple[NameId, float, float]],
                      best: Entry) -> Entry | None:
    """The register's namesake of ``best`` (with its own point) near more of the sentence's other
    places than ``best`` and than any other namesake: at least two more than ``best``."""
    lookup = getattr(gaz, "lookup_settlement", None)
    others = [(lat, lon) for k, lat, lon in sentence if k != name]
    if lookup is None or len(others) < 3:
        return None
    own = _neighbours(best.lat, best.lon, others)
    ranked = sorted(((_neighbours(c.lat, c.lon, others), c.geonameid, c) for c in lookup(key)
                     if c.geonameid is not None and c.geonameid != best.geonameid
                     and loose_key(c.name) == loose_key(key)), key=lambda t: (-t[0], t[1]))  # by its own name
    if not ranked or ranked[0][0] < own + 2 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][2]


def _register_namesakes(d: Decision) -> Resolution | None:
    """"the village of Blahodatne ... in Kherson region": GeoNames knows one, the register
    several far apart: the namesake by the places of its sentence ("Pobeda ... near Marinka"),
    else by the article's ("Klapaia ... Blahodatne"), else the region when the text names it,
    else nothing."""
    m, best, gaz = d.m, d.ranked[0], d.ev.gazetteer
    if not (best.kind == "city" and best.population < _VILLAGE_POP
            and _register_rivals(gaz, d.key, d.name, best, d.points())):
        return None
    close = (_close_namesake(gaz, d.key, d.name, d.ev.by_sentence.get(d.ev.bounds[d.i][0], []), best.geonameid)
             or _close_namesake(gaz, d.key, d.name, d.points()))  # then by the article's places ("Klapaia, Kherson")
    if close is not None:
        return _settlement(m, close)
    region = gaz.region(best.region_code) if best.region_code in d.local | d.regions else None
    if region is not None:
        return _stand_in(m, replace(_place(region, 3), name=m.text),
                          f"several villages named {m.text!r} in {region.name}: placed at the region")
    return Resolution(m, None, f"ambiguous: several villages named {m.text!r} in {best.admin1}, "
                               "nothing in the text decides")


def _alternate_name_only(d: Decision) -> Resolution | None:
    """A small place abroad that the name is only an alternate of (short alternates such as
    "Buro" are often fragments of other words): unplaced."""
    m, key, best = d.m, d.key, d.ranked[0]
    own = m.kind is MatchKind.FUZZY or name_key(best.name) == key or loose_key(best.name) == loose_key(key) or (
        (key, best.geonameid) in d.ev.gazetteer.preferred)
    if best.kind == "city" and not own and best.country not in d.countries and best.population < (
            200000 if len(key) <= 5 else 5000):
        return Resolution(m, None, f"{m.text!r} is only an alternate name of {best.name} "
                                   f"({best.country}), a small place the article gives no reason for",
                          ResolutionStatus.DOUBTED)
    return None


def _source_speaking(d: Decision) -> Resolution | None:
    """"Baza reported", "Mash claimed": a channel or outlet that speaks, not a small town
    abroad that the article gives no other reason for."""
    m, best = d.m, d.ranked[0]
    if best.kind == "city" and best.country not in d.countries and best.population < _SPEAKER_TOWN_POP and \
            d.name in d.ev.only_speaks:
        return Resolution(m, None, f"{m.text!r} speaks here: a source, not {best.name} ({best.country})",
                          ResolutionStatus.DOUBTED)
    return None


def _placed(d: Decision) -> Resolution:
    """The best-ranked candidate: precision 3 for a region or country, 2 for a town the text
    puts the place near ("outside Donetsk") or a district named after it, else 1."""
    m, best, text = d.m, d.ranked[0], d.ev.text
    precision = 3 if best.kind in ("region", "country") else 1
    a, _ = d.ev.bounds[d.i]
    before = text[max(a, m.start - _CUE_WINDOW):m.start]
    if best.kind == "city" and ((_ends_with(before, _NEAR_BEFORE_ENDS) and _NEAR_BEFORE.search(before))
                                or m.kind is MatchKind.NAMED_AREA):
        precision = 2
    return Resolution(m, _place(best, precision), "")


class Pass(NamedTuple):
    """A named decision pass: ``run`` decides (a Resolution) or passes (None)."""

    name: str
    run: Callable[[Decision], Resolution | None]


#: The decision passes for one mention, in order.  The article-wide pass that settles
#: "Town, Region" pairs afterwards is named ``appositions`` (see :func:`geo.resolve.resolve`).
PASSES: tuple[Pass, ...] = (
    Pass("outside_stated_region", _outside_stated_region),
    Pass("unsupported_misspelling", _unsupported_misspelling),
    Pass("framed_district", _framed_district),
    Pass("famous_namesake", _famous_namesake),
    Pass("ambiguous", _ambiguous),
    Pass("nearer_village", _nearer_village),
    Pass("sentence_namesake", _sentence_namesake),
    Pass("register_namesakes", _register_namesakes),
    Pass("alternate_name_only", _alternate_name_only),
    Pass("source_speaking", _source_speaking),
)


def decide(ev: Evidence, i: int, countries: set[str], regions: set[str], near: _Nearness,
           passes: Sequence[Pass] = PASSES) -> Resolution:
    """Mention ``i`` of ``ev`` decided by ``passes`` with the context given."""
    d = Decision(ev, i, countries, regions, near)
    d.pool = _pool(d)
    for p in passes:
        got = p.run(d)
        if got is not None:
            return got
    return _placed(d)
