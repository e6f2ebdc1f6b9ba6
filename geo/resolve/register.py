"""Ukraine's register of settlements (KATOTTG) as evidence: the namesake the text means, and
the places of names the gazetteer lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..gazetteer import Entry, Gazetteer
from ..gazetteer.online import Fallback
from ..gazetteer.translit import has_cyrillic, loose_key
from ..model import Mention, Place, Resolution
from .candidates import NameId, _pick_local_region, _place, _stand_in
from .features import _SAME_AREA_KM, _FAR_KM, _km

def _registered(gazetteer: Gazetteer, key: str, mention_key: NameId, regions: set[str],
                points: Sequence[tuple[NameId, float, float]], *, stated: bool = True) -> Entry | None:
    """The settlement of the register (:meth:`~geo.gazetteer.GeoNamesGazetteer.lookup_settlement`)
    named ``key`` that the text means: the one in the regions it is placed in (or, not
    ``stated``, those the article names, when it has one there), near the article's other
    places (``points``, but those of ``mention_key`` itself) when several are; ``None`` when
    namesakes far apart remain."""
    lookup = getattr(gazetteer, "lookup_settlement", None)
    if lookup is None:
        return None
    pool = sorted(lookup(key), key=lambda c: (c.region_code or "", c.lat, c.lon))
    if regions:
        there = [c for c in pool if c.region_code in regions]
        # "Robotyne" in a story told from Kyiv: still Robotyne, when the register has it by its own name
        pool = there if stated or there else [c for c in pool if loose_key(c.name) == loose_key(key)
                                              or (has_cyrillic(key) and len(pool) == 1)]  # "Чугуновкой": its one village
    if len(pool) > 1:
        others = [(lat, lon) for k, lat, lon in points if k != mention_key]
        close = [c for c in pool if any(_km(c.lat, c.lon, lat, lon) <= _SAME_AREA_KM for lat, lon in others)]
        pool = close or pool
    if pool and all(_km(c.lat, c.lon, pool[0].lat, pool[0].lon) <= _SAME_AREA_KM for c in pool):
        return pool[0]
    return None


def _register_rivals(gazetteer: Gazetteer, key: str, mention_key: NameId, best: Entry,
                     points: Sequence[tuple[NameId, float, float]]) -> bool:
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


_FAR_AWAY = 20_000.0  # km: farther than any two points on Earth


def _nearer_namesake(gazetteer: Gazetteer, key: str, mention_key: NameId, best: Entry,
                     points: Sequence[tuple[NameId, float, float]], far_km: float = _FAR_KM) -> Entry | None:
    """The register's settlement named ``key`` (with its own GeoNames point) that lies near the
    article's other places (``points``, but ``mention_key``'s own) when ``best`` lies far from
    all of them; ``None`` when ``best`` is near one, or no such namesake or several far apart."""
    others = [(lat, lon) for k, lat, lon in points if k != mention_key]
    lookup = getattr(gazetteer, "lookup_settlement", None)
    if not others or lookup is None or not lookup(key) or any(
            _km(best.lat, best.lon, lat, lon) <= far_km for lat, lon in others):
        return None
    return _close_namesake(gazetteer, key, mention_key, points, best.geonameid)


def _close_namesake(gazetteer: Gazetteer, key: str, mention_key: NameId, points: Sequence[tuple[NameId, float, float]],
                    skip: int | None = None) -> Entry | None:
    """The register's settlement named ``key`` (with its own GeoNames point, not ``skip``) within
    a community's reach of the article's other places (``points``, but ``mention_key``'s own);
    ``None`` when there is none, or several far apart."""
    lookup = getattr(gazetteer, "lookup_settlement", None)
    others = [(lat, lon) for k, lat, lon in points if k != mention_key]
    if lookup is None or not others:
        return None
    # (a degree of latitude is 111 km: only namesakes within half a degree are measured)
    by_distance = sorted(((min((_km(c.lat, c.lon, lat, lon) for lat, lon in others
                                if abs(c.lat - lat) < 0.5 and abs(c.lon - lon) < 0.8), default=_FAR_AWAY),
                           c.geonameid, c)
                          for c in lookup(key) if c.geonameid is not None and c.geonameid != skip),
                         key=lambda t: (t[0], t[1]))
    close = [c for d, _, c in by_distance if d <= _SAME_AREA_KM]
    if close and all(_km(c.lat, c.lon, close[0].lat, close[0].lon) <= _SAME_AREA_KM for c in close):
        return close[0]
    return None


_REGISTERED = "in the settlement register, not in GeoNames: placed at its community's centre"


def _settlement(m: Mention, entry: Entry) -> Resolution:
    """A settlement of the register: at its own GeoNames point when it has one, else at its
    community's centre (precision 2)."""
    if entry.geonameid is not None:
        return Resolution(m, _place(entry, 1), "")
    return _stand_in(m, _place(entry, 2), _REGISTERED)


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
        return _stand_in(m, replace(by, name=m.text, precision=2),
                          f"{m.text!r} is not in the gazetteer: placed at {by.name}, which the text puts it near")
    if registered is not None:  # "the village of Ostapivske": at its community's centre, Pokrovske
        return _settlement(m, registered)
    if unit is not None:  # "In the Volokonovsky District, ... khutori Plotvyanka": the district's town
        return _stand_in(m, replace(_place(unit, 2), name=m.text),
                          f"{m.text!r} is not in the gazetteer: placed at the town of its district, {unit.name}")
    return Resolution(m, None, "not in the offline gazetteer" if fallback is None else "not found online either")
