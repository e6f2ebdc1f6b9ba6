"""The gazetteer's record (:class:`Entry`) and what the pipeline asks of a gazetteer
(:class:`Gazetteer`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import Place

__all__ = ["Entry", "Gazetteer"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record; ``kind`` is city, region, country or other."""

    name: str
    lat: float
    lon: float
    kind: str
    country: str | None
    admin1: str | None
    admin1_code: str | None  # GeoNames admin1 code (cities) or region code (regions)
    region_code: str | None  # ISO 3166-2 / Natural Earth code of the region itself or the city's region
    population: int
    geonameid: int | None

    def to_place(self, *, precision: int = 1) -> Place:
        """This entry as a resolved :class:`~geo.model.Place`."""
        return Place(
            name=self.name, lat=self.lat, lon=self.lon, kind=self.kind, country=self.country,
            admin1=self.admin1, geonameid=self.geonameid, population=self.population,
            precision=precision, region_code=self.region_code if self.kind == "region" else None,
        )


class Gazetteer(Protocol):
    """What the pipeline asks of a gazetteer."""

    version: str
    #: Name keys that are never places (curated words, demonyms).
    not_places: frozenset[str]
    #: English words that are also place names: accepted only for big places.
    common_words: frozenset[str]
    #: Language code -> common words of that language that are also place names ("Orte", "Meer").
    foreign_words: dict[str, frozenset[str]]
    #: Language code -> its frequent words, for languages that capitalise nouns (German).
    language_words: dict[str, frozenset[str]]
    #: (name key, geonameid) pairs of curated aliases: that reading wins.
    preferred: frozenset[tuple[str, int]]
    #: Press abbreviations with their periods ("Ky.") -> region code.
    abbreviations: dict[str, str]
    #: Codes of regions small enough (a London borough, a city district) for their point to
    #: stand for a town when placing the article's other names.
    compact_regions: frozenset[str]
    #: GeoNames ids of the centres of Ukraine's communities (hromadas) in the settlement register.
    community_centres: frozenset[int]

    def has_key(self, key: str) -> bool:
        """Whether any place has this exact name key."""

    def lookup(self, key: str) -> tuple[Entry, ...]:
        """Entries whose exact name key is ``key``."""

    def lookup_loose(self, key: str) -> tuple[Entry, ...]:
        """Entries whose :func:`~geo.gazetteer.translit.loose_key` is ``key`` (fallback only)."""

    def lookup_fuzzy(self, key: str) -> tuple[Entry, ...]:
        """Entries one edit away from ``key`` (last resort for typos)."""

    def has_settlement(self, key: str) -> bool:
        """Whether the settlement register knows the name key ``key``."""

    def lookup_settlement(self, key: str) -> tuple[Entry, ...]:
        """Settlements of the register named ``key``: asked only about a settlement the text
        names as one ("the village of X") that :meth:`lookup` lacks or may place wrongly."""

    def names_of(self, geonameid: int) -> tuple[str, ...]:
        """Every name the index knows for the place with this GeoNames id, its own first:
        other languages' and scripts' (Бахмут), older and Russian-romanised ones (Artemovsk)."""

    def region(self, code: str) -> Entry | None:
        """The region entry with this region code."""

    def region_of(self, entry: Entry) -> Entry | None:
        """The first-level region that holds ``entry``."""

    def max_words(self) -> int:
        """The longest name in words."""
