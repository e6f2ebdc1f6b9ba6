"""What an article tells about each of its mentions before any is decided: the candidates,
the words around the name, the region the text puts it in, the countries and regions the
article names outright; and what the first reading adds for the second."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..gazetteer import Entry, Gazetteer
from ..model import Article, MatchKind, Mention
from ..gazetteer.translit import loose_key
from .candidates import NameId, _candidates, name_id
from .context import _Home
from .cues import _SPEAKS_AFTER, _all_local_regions, _all_sentence_bounds, _frames, _region_cue

#: Name key -> (countries, region codes) that the name stands for.
Sides = dict[NameId, tuple[set[str], set[str]]]


@dataclass(slots=True)
class Evidence:
    """Per mention (by index): candidates, sentence bounds, cue ("region", "regional", "city" or
    None), the regions the text puts it in and the frame its sentence opens with; per article:
    what its names stand for outright, and (from the second reading on) what the first found."""

    text: str
    mentions: Sequence[Mention]
    gazetteer: Gazetteer
    cands: list[tuple[Entry, ...]]
    bounds: list[tuple[int, int]]
    cues: list[str | None]
    locals_: list[set[str]]
    frames: dict[int, tuple[str, str | Entry]]
    by_key: Sides
    named_regions: set[str]
    stated: set[str]  # named regions, and regions whose namesakes are small towns ("Texas")
    only_speaks: set[NameId]  # the names that only ever speak ("Baza reported", "Baza said")
    home: _Home | None = None  # known from the second reading on
    # The points the first reading found, by the start of their sentence: a village's neighbours
    # in one sentence ("Pobeda in Donetsk, near Marinka") tell its namesakes apart.
    by_sentence: dict[int, list[tuple[NameId, float, float]]] = field(default_factory=dict)
    # Points of the settlements the register places without help: context for other
    # register lookups only (a community's centre is too rough to favour namesakes by).
    settled: list[tuple[NameId, float, float]] = field(default_factory=list)


def gather(article: Article, mentions: Sequence[Mention], gazetteer: Gazetteer) -> Evidence:
    """The :class:`Evidence` of an article's mentions."""
    text = article.text
    by_name: dict[NameId, tuple[Entry, ...]] = {}  # the candidates of each name (most names recur)
    for m in mentions:
        if name_id(m) not in by_name:
            by_name[name_id(m)] = _candidates(gazetteer, m)
    cands = [by_name[name_id(m)] for m in mentions]
    bounds = _all_sentence_bounds(text, [m.start for m in mentions])
    cues = [_region_cue(text, m, a, b, mentions[i - 1] if i else None)
            for i, (m, (a, b)) in enumerate(zip(mentions, bounds))]
    for i, (m, cue) in enumerate(zip(mentions, cues)):
        if cue == "region" and ((m.kind is MatchKind.EXACT and m.key[:1].isalnum()) or m.kind is MatchKind.LOOSE):
            cands[i] = _widened(gazetteer, m, cands[i])
    by_key, named_regions, stated = _named_outright(mentions, cands, cues)
    locals_ = _all_local_regions(text, mentions, cands, cues, getattr(gazetteer, "lookup_settlement", None))
    frames = _frames(text, mentions, cands, bounds)
    for i, f in frames.items():
        if isinstance(f[1], str) and not locals_[i]:
            locals_[i] = {f[1]}
    speaking: dict[NameId, bool] = {}
    for m in mentions:
        speaking[name_id(m)] = speaking.get(name_id(m), True) and bool(_SPEAKS_AFTER.match(text, m.end))
    return Evidence(text, mentions, gazetteer, cands, bounds, cues, locals_, frames, by_key, named_regions, stated,
                    {k for k, v in speaking.items() if v})


def _widened(gazetteer: Gazetteer, m: Mention, cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """"the Kyiv region", "the Moscow region": the oblast, which the bare name does not find
    when a city with its own region status holds that name, ahead of ``cands``."""
    wider = [e for suffix in (" oblast", " region", " province", " krai")
             for e in gazetteer.lookup(m.key + suffix) if e.kind == "region"] if m.kind is not MatchKind.LOOSE else []
    if not wider:  # "im Gebiet Saporischschja": the region named after the city the name spells
        wider = [r for c in cands if c.kind == "city" and c.region_code
                 for r in [gazetteer.region(c.region_code)]
                 if r is not None and loose_key(r.name).startswith(loose_key(c.name) + " ")]
    if not wider:  # "den Gebieten Dnipropetrowsk": the region its loose spelling names
        wider = [e for e in gazetteer.lookup_loose(loose_key(m.key)) if e.kind == "region"]
    return tuple(dict.fromkeys([*wider, *cands])) if wider else cands


def _named_outright(mentions: Sequence[Mention], cands: Sequence[tuple[Entry, ...]],
                    cues: Sequence[str | None]) -> tuple[Sides, set[str], set[str]]:
    """Context: countries and regions the article names outright, and the regions of
    unambiguous big cities, per name key (a name never supports its own reading: each
    mention sees the other keys' context only); the region codes named, and those stated."""
    by_key: Sides = {}
    named_regions: set[str] = set()
    stated: set[str] = set()
    for m, cs, cue in zip(mentions, cands, cues):
        ctry, regs_ = by_key.setdefault(name_id(m), (set(), set()))
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
    return by_key, named_regions, stated
