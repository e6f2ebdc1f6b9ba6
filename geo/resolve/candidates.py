"""A mention's candidate entries, and the Place made of the one chosen."""

from __future__ import annotations

from ..gazetteer import Entry, Gazetteer
from ..model import MatchKind, Mention, Place, Resolution, ResolutionStatus
from ..gazetteer.translit import loose_key

#: What tells a mention's name apart in an article: its match kind and key (a loose key and
#: a name key that read alike are different names).
NameId = tuple[MatchKind, str]


def name_id(m: Mention) -> NameId:
    return m.kind, m.key

def _candidates(gazetteer: Gazetteer, m: Mention) -> tuple[Entry, ...]:
    if m.kind is MatchKind.UNKNOWN:
        return ()
    if m.kind is MatchKind.LOOSE:
        return gazetteer.lookup_loose(m.key)
    if m.kind is MatchKind.FUZZY:
        return gazetteer.lookup_fuzzy(m.key)
    if m.kind is MatchKind.ABBREVIATION:  # a press abbreviation of a region ("Ky.", "B.C.")
        r = gazetteer.region(m.key)
        return (r,) if r is not None else ()
    if m.kind is MatchKind.NAMED_AREA:  # a district or community named after a town: the town's area
        return tuple(c for c in gazetteer.lookup(m.key) if c.kind == "city")
    return gazetteer.lookup(m.key)


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


def _pick_local_region(gazetteer: Gazetteer, codes: set[str]) -> Entry | None:
    for code in sorted(codes):
        r = gazetteer.region(code)
        if r is not None:
            return r
    return None


def _stand_in(m: Mention, place: Place, reason: str) -> Resolution:
    """A settlement placed at a stand-in (its region, its community's centre, a town nearby)."""
    return Resolution(m, place, reason, ResolutionStatus.APPROXIMATE)
