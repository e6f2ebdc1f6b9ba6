"""Stage 2: Mentions -> Resolutions (a Place, or None with the reason).

Requires the article text and a :class:`~geo.gazetteer.Gazetteer`.  Candidates of
a name are ranked by

* the region the text puts it in ("Dobropillia in the Zaporizhzhia region",
  "Lyman, Donetsk region", "the Kharkiv, Sumy and Dnipropetrovsk regions");
* the regions and countries the rest of the article names;
* population, as the tie-breaker of last resort

(:mod:`geo.resolve.features`), and decided by named passes (:mod:`geo.resolve.passes`).

When the text names a region that holds no place of that name, the mention is
placed at the region with precision 3 instead of at a namesake elsewhere.  When a
small place has namesakes in several regions and nothing in the text decides,
it stays unresolved and says so: no confident wrong village.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..gazetteer import Entry, Gazetteer
from ..gazetteer.online import Fallback
from ..model import Article, MatchKind, Mention, Resolution, ResolutionStatus
from ..spot import located_by
from ..gazetteer.translit import name_key
from . import passes as _passes
from .candidates import NameId, _place, name_id
from .context import _Context, _Home, _Nearness
from .cues import _APPOSITION_GAP
from .evidence import Evidence, Sides, gather
from .passes import Pass, decide
from .register import _fall_back, _registered

__all__ = ["APPOSITIONS", "resolve"]

#: The name of the article-wide pass that settles "Town, Region" pairs (:func:`_settle_appositions`).
APPOSITIONS = "appositions"


def resolve(article: Article, mentions: Sequence[Mention], gazetteer: Gazetteer, *,
            fallback: Fallback | None = None, passes: Sequence[Pass] | None = None,
            appositions: bool = True) -> list[Resolution]:
    """Resolve each mention to a place using the article as context.

    Parameters
    ----------
    article : Article
        The article the mentions come from.
    mentions : sequence of Mention
        From :func:`geo.spot.find_mentions`, sorted by offset.
    gazetteer : Gazetteer
        Candidate lookup.
    fallback : Fallback, optional
        Asked for names the gazetteer lacks (see :mod:`geo.gazetteer.online`), with the
        region the text puts them in.
    passes : sequence of Pass, optional
        The decision passes to run, in order; :data:`geo.resolve.passes.PASSES` (read
        when called) by default.
    appositions : bool
        Run the article-wide pass for "Town, Region" and "Town, Country" pairs.

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
    chosen = _passes.PASSES if passes is None else tuple(passes)
    ev = gather(article, mentions, gazetteer)
    cands = ev.cands
    # Pass 1 reads each name with what the article names outright; pass 2 adds what
    # pass 1 resolved (the regions and countries of the places found, and their
    # points, so namesakes near the story's other places win).
    context = _Context([ev.by_key])
    first = [decide(ev, i, *context(name_id(m)), _Nearness([]), chosen) if cands[i] else None
             for i, m in enumerate(mentions)]
    learned, points = _learned(ev, first)
    context = _Context([ev.by_key, learned])
    # Settlements the register places without help ("the village of Ostapivske") are context
    # for the rest ("Bratske, about 3 km northwest of the village of Ostapivske").
    registered: dict[int, Entry] = {}
    for i, m in enumerate(mentions):
        if not cands[i] and m.kind is MatchKind.UNKNOWN:
            entry = _registered(gazetteer, m.key, name_id(m), ev.locals_[i] or context(name_id(m))[1], [],
                                stated=bool(ev.locals_[i]))
            if entry is not None:
                registered[i] = entry
                ev.settled.append((name_id(m), entry.lat, entry.lon))
    near = _Nearness(points)
    ev.home = _Home(learned)
    for i, r in enumerate(first):
        if r is not None and r.place is not None and r.status is ResolutionStatus.PLACED and r.place.kind == "city":
            ev.by_sentence.setdefault(ev.bounds[i][0], []).append((name_id(mentions[i]), r.place.lat, r.place.lon))
    done: dict[int, Resolution] = {}
    for i, m in enumerate(mentions):
        if cands[i]:
            done[i] = decide(ev, i, *context(name_id(m)), near, chosen)
    for i, m in enumerate(mentions):
        if not cands[i]:
            done[i] = _unknown(ev, i, done, context, registered.get(i), points, fallback)
    _one_sense(ev, mentions, done)
    if appositions:
        _settle_appositions(ev.text, mentions, cands, done)
    return [done[i] for i in range(len(mentions))]


def _one_sense(ev: Evidence, mentions: Sequence[Mention], done: dict[int, Resolution]) -> None:
    """One sense per article: a town the text once places in its region ("GLASGOW, Ky.",
    "Yablunivka in the Donetsk region") is that town wherever else the article names it
    without saying where.  Changes ``done`` in place."""
    stated: dict[NameId, Resolution] = {}
    for i, m in enumerate(mentions):
        r = done[i]
        if ev.locals_[i] and r.place is not None and r.place.kind == "city" and name_id(m) not in stated:
            stated[name_id(m)] = r
    if not stated:
        return
    for i, m in enumerate(mentions):
        first = stated.get(name_id(m))
        r = done[i]
        if first is None or ev.locals_[i] or r is first or (r.place is not None and r.place == first.place):
            continue
        if r.place is None or r.place.kind == "city":
            done[i] = Resolution(m, first.place, first.reason)


def _learned(ev: Evidence, first: Sequence[Resolution | None]) -> tuple[Sides, list[tuple[NameId, float, float]]]:
    """What the first reading found: per name key, the countries and regions of its places,
    and the distinct (key, lat, lon) points of the towns (and city districts) found."""
    learned: Sides = {}
    points: list[tuple[NameId, float, float]] = []
    seen_points: set[tuple[NameId, float, float]] = set()
    for i, (m, r) in enumerate(zip(ev.mentions, first)):
        if r is None or r.place is None or r.status is not ResolutionStatus.PLACED:
            continue
        name = name_id(m)
        ctry, regs_ = learned.setdefault(name, (set(), set()))
        p = r.place
        if p.country:
            ctry.add(p.country)
        if p.kind == "region" and p.region_code:
            regs_.add(p.region_code)
            if p.region_code in ev.gazetteer.compact_regions and (name, p.lat, p.lon) not in seen_points:
                seen_points.add((name, p.lat, p.lon))  # a borough or city district: as good as a town
                points.append((name, p.lat, p.lon))
        elif p.kind == "city":
            entry = next((c for c in ev.cands[i] if c.geonameid == p.geonameid), None)
            if entry is not None and entry.region_code:
                regs_.add(entry.region_code)
            if (name, p.lat, p.lon) not in seen_points:
                seen_points.add((name, p.lat, p.lon))
                points.append((name, p.lat, p.lon))
    return learned, points


def _unknown(ev: Evidence, i: int, done: dict[int, Resolution], context: _Context, entry: Entry | None,
             points: list[tuple[NameId, float, float]], fallback: Fallback | None) -> Resolution:
    """A mention without candidates: by the town the text puts it near, the register (``entry``
    when it placed the name without help), the sentence's district or the fallback."""
    m, text, mentions = ev.mentions[i], ev.text, ev.mentions
    frame = ev.frames.get(i)
    by = done.get(i + 1)
    if by is not None and (by.place is None or by.place.kind != "city"
                           or located_by(text, m.end) != mentions[i + 1].start):
        by = None
    countries, regions = context(name_id(m))
    if entry is None and m.kind is MatchKind.UNKNOWN:  # decided by the places resolved since
        entry = _registered(ev.gazetteer, m.key, name_id(m), ev.locals_[i] or regions, [*points, *ev.settled],
                            stated=bool(ev.locals_[i]))
    return _fall_back(fallback, ev.gazetteer, m, ev.locals_[i], countries,
                      frame[1] if frame is not None and isinstance(frame[1], Entry) else None,
                      by.place if by is not None else None, entry)


def _settle_appositions(text: str, mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
                        done: dict[int, Resolution]) -> None:
    """The pass for "Town, Region" and "Town, Country" ("Athens, Georgia", "Rome, New York",
    "Rome, Italy"): the second name is the region or country the town lies in, and the town
    the one in that country.  Changes ``done`` in place."""
    for i in range(1, len(mentions)):
        if name_id(mentions[i]) == name_id(mentions[i - 1]) or not _APPOSITION_GAP.match(
                text[mentions[i - 1].end:mentions[i].start]):
            continue  # "Kyiv, Kyiv, ...": a repetition, not a town and its region
        town, after = done.get(i - 1), done.get(i)
        if town is None or after is None or town.place is None or town.place.kind != "city":
            continue
        entry = next((c for c in cands[i - 1] if c.geonameid == town.place.geonameid), None)
        if entry is None:
            continue
        # a country by its own name ("Italy"), matched exactly or loosely
        key = mentions[i].key if mentions[i].kind in (MatchKind.EXACT, MatchKind.LOOSE) else None
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
