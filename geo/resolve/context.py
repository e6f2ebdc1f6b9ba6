"""The article's context as a name sees it: the countries and regions its other names
stand for, the country most of them lie in, and the distance to its other places."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..gazetteer import Entry
from .candidates import NameId
from .features import NEAR_BANDS, _km

class _Home:
    """The country most of an article's names resolved to, seen from one name key: more
    than half of the other keys that resolved to a single country lie there."""

    def __init__(self, learned: dict[NameId, tuple[set[str], set[str]]]) -> None:
        self._single = {k: next(iter(c)) for k, (c, _) in learned.items() if len(c) == 1}
        self._votes = Counter(self._single.values())

    def get(self, key: NameId) -> str | None:
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

    def __init__(self, sources: Sequence[dict[NameId, tuple[set[str], set[str]]]]) -> None:
        # Each country and region code with the keys that name it: a key's context is
        # everything except what only that key names.
        owners: tuple[dict[str, set[NameId]], dict[str, set[NameId]]] = ({}, {})
        for source in sources:
            for k, sets in source.items():
                for side, values in zip(owners, sets):
                    for v in values:
                        side.setdefault(v, set()).add(k)
        self._all = tuple(set(side) for side in owners)
        self._sole: tuple[dict[NameId, set[str]], dict[NameId, set[str]]] = ({}, {})
        for side, sole in zip(owners, self._sole):
            for v, keys in side.items():
                if len(keys) == 1:
                    sole.setdefault(next(iter(keys)), set()).add(v)

    def __call__(self, key: NameId) -> tuple[set[str], set[str]]:
        (countries, regions), (sole_c, sole_r) = self._all, self._sole
        own_c, own_r = sole_c.get(key), sole_r.get(key)
        return (countries - own_c if own_c else countries, regions - own_r if own_r else regions)


_FEW = 256  # distinct points up to which a query looks at each point rather than at grid cells


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

    def __init__(self, points: list[tuple[NameId, float, float]]) -> None:
        self.points = points
        owner: dict[tuple[float, float], NameId | None] = {}
        for k, lat, lon in points:
            if (lat, lon) not in owner:
                owner[(lat, lon)] = k
            elif owner[(lat, lon)] != k:
                owner[(lat, lon)] = None  # several keys: another key's point for every key
        self._grid: dict[tuple[int, int], list[tuple[float, float, NameId | None]]] = {}
        self._few = [(lat, lon, who) for (lat, lon), who in owner.items()] if len(owner) <= _FEW else None
        for (lat, lon), who in owner.items():
            self._grid.setdefault(self._cell(lat, lon), []).append((lat, lon, who))
        self._memo: dict[tuple[NameId, int], float] = {}

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self._CELL), math.floor(lon / self._CELL) % self._COLS

    def __call__(self, key: NameId, c: Entry) -> float:
        if not self.points or c.kind != "city":
            return 0.0
        got = self._memo.get((key, id(c)))
        if got is None:
            got = 0.0
            for km, bonus in NEAR_BANDS:
                if self._any_within(key, c.lat, c.lon, km):
                    got = bonus
                    break
            self._memo[(key, id(c))] = got
        return got

    def _any_within(self, key: NameId, lat: float, lon: float, km: float) -> bool:
        """Whether a point of a key other than ``key`` lies under ``km`` from (lat, lon)."""
        if self._few is not None:  # a few points: looking at each is quicker than walking the cells
            return any(owner != key and abs(plat - lat) * 111.0 < km and _km(lat, lon, plat, plon) < km
                       for plat, plon, owner in self._few)
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


def _nearby(c: Entry, points: list[tuple[float, float]]) -> float:
    """A bonus for a town close to the article's other towns (stories are local)."""
    if c.kind != "city" or not points:
        return 0.0
    d = NEAR_BANDS[-1][0]  # the nearest point so far, if nearer than the last band
    for lat, lon in points:
        # A great circle is at least as long as its north-south extent (111.19 km a
        # degree; 111 leaves room for rounding): a point that far cannot be nearer.
        if abs(lat - c.lat) * 111.0 >= d:
            continue
        km = _km(c.lat, c.lon, lat, lon)
        if km < d:
            d = km
            if d < NEAR_BANDS[0][0]:
                break  # the top band: nothing nearer changes the bonus
    return next((bonus for km, bonus in NEAR_BANDS if d < km), 0.0)
