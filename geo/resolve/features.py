"""The features a candidate entry is scored by, with their weights in one place, and the
thresholds the decision passes (:mod:`geo.resolve.passes`) compare with.

A candidate's score is the sum of

* ``population``: ``WEIGHTS.population * log10(population + 10)``, the tie-breaker of last resort;
* ``own_name``: the mention is the entry's own name (exactly or by loose key), not a
  historical or foreign alternate (Pokrovsk is not Engels);
* ``curated_alias``: a curated alias names it (Krasnoarmeysk is Pokrovsk in today's news);
* ``country``, ``curated_area``, ``region``: what kind of place it is (curated areas,
  continents, seas, Donbas, are famous: they outrank namesake towns);
* ``stated_region``: it lies in the region the text puts the name in ("X in the Y region");
* ``article_region``, ``article_country``: it lies in a region or country the article's
  other names stand for;
* nearness (:data:`NEAR_BANDS`): the distance to the points resolved for the article's other
  names, when there is a choice (stories are local).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..gazetteer import Entry
from ..gazetteer.translit import loose_key, name_key


@dataclass(frozen=True)
class Weights:
    """The weight of each feature of :func:`_score`."""

    population: float = 1.5
    own_name: float = 3.0
    curated_alias: float = 6
    country: float = 6
    curated_area: float = 9
    region: float = 3
    stated_region: float = 8
    article_region: float = 2.5
    article_country: float = 1


WEIGHTS = Weights()

#: (km, bonus): a town nearer than km to another place of the article gets the bonus of the first band.
NEAR_BANDS: tuple[tuple[float, float], ...] = ((50.0, 3.0), (200.0, 2.0), (500.0, 1.0))


def _score(c: Entry, local: set[str], regions: set[str], countries: set[str], key: str = "",
           preferred: frozenset[tuple[str, int]] = frozenset()) -> float:
    """The features' weighted sum but nearness (see the module's docstring)."""
    w = WEIGHTS
    s = w.population * math.log10(c.population + 10)
    if key and (name_key(c.name) == key or loose_key(c.name) == loose_key(key)):
        s += w.own_name
    if c.geonameid is not None and (key, c.geonameid) in preferred:
        s += w.curated_alias
    if c.kind == "country":
        s += w.country
    elif c.kind == "other":
        s += w.curated_area
    elif c.kind == "region":
        s += w.region
    if c.region_code and c.region_code in local:
        s += w.stated_region
    elif c.region_code and c.region_code in regions:
        s += w.article_region
    if c.country and c.country in countries:
        s += w.article_country
    return s


def _dominant(pool: Sequence[Entry], key: str, preferred: frozenset[tuple[str, int]]) -> Entry | None:
    """The one city of this name that is far bigger than every namesake (8x, 100,000+)."""
    if len(pool) < 2:
        return None
    cities = sorted((c for c in pool if c.kind == "city"), key=lambda c: -c.population)
    if not cities or cities[0].population < 100000:
        return None
    top = cities[0]
    if _unabbreviated(loose_key(top.name)) != _unabbreviated(loose_key(key)) and (key, top.geonameid) not in preferred:
        return None  # "Waterloo" is no old name of Austin that dwarfs the towns called so today
    if any(c is not top and c.population * 8 > top.population for c in cities):
        return None
    if any((key, c.geonameid) in preferred for c in pool if c is not top):
        return None
    return top


_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _unabbreviated(key: str) -> str:
    """A name key with a leading "St", "Mt", "Ft" written out ("st petersburh": "saint petersburh")."""
    first, _, rest = key.partition(" ")
    return f"{_ABBREVIATED[first]} {rest}" if first in _ABBREVIATED and rest else key


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


# A small place with namesakes elsewhere is left unresolved below this population
# unless the text decides between them.
_AMBIGUOUS_POP = 20000


# A small town abroad named right before a verb of saying is a source speaking ("Baza reported").
_SPEAKER_TOWN_POP = 100_000


# A village this far from every other place of its article is likely another of its name.
_FAR_KM = 100


# A small town (under _AMBIGUOUS_POP) this far from every other place of its article gives way
# to a namesake of the register among them.
_TOWN_FAR_KM = 50


# A GeoNames village this small that shares its name with register villages far off in its
# region is no likelier the one meant than they are; a bigger one usually is.
_VILLAGE_POP = 2000


# Settlements whose community centres lie this close count as one area.
_SAME_AREA_KM = 30
