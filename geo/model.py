"""The data that flows between the pipeline's stages.

Every type is a small frozen dataclass; sequences are tuples.  Stages pass these,
never dicts, so a field means the same thing on every code path.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["CLAIMANTS", "Article", "Claim", "MatchKind", "Mention", "Place", "Resolution", "ResolutionStatus", "Tag"]

#: The sides a claim can be attributed to (ISO 3166-1 alpha-2, "other"), or None.
CLAIMANTS = ("RU", "UA", "other")


class Tag(str, enum.Enum):
    """What an article says happened at a place."""

    CAPTURE_CLAIM = "capture_claim"
    DENIAL = "denial"
    STRIKE = "strike"
    FORTIFIED = "fortified"
    MENTION = "mention"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``id`` is the input file's stem or the JSON-lines ``id``.  Metadata fields are
    ``None`` when the input does not state them: they are never guessed.
    """

    id: str
    text: str
    source_path: str = ""
    url: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO 8601 date, YYYY-MM-DD
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved gazetteer entry.

    ``kind`` is ``city``, ``region`` or ``country`` (or ``other`` for seas,
    continents and the like).  ``precision`` follows ACLED: 1 the named place,
    2 near or part of it, 3 only the region is known.
    """

    name: str
    lat: float
    lon: float
    kind: str
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # name of the first-level region
    geonameid: int | None = None
    population: int = 0
    precision: int = 1
    #: Region outline key (``iso_3166_2`` of a shaded region), if any.
    region_code: str | None = None


class _Printed(str, enum.Enum):
    """A string enum that prints as its value."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return str(self.value)


class MatchKind(_Printed):
    """How the name finder matched a mention, and so what its ``key`` is."""

    #: The gazetteer's name key, as spelt.
    EXACT = "exact"
    #: The looser key of a romanisation variant (y/i/j, kh/h, doubled letters).
    LOOSE = "loose"
    #: The loose key of a misspelt town (one letter off), placed only where the text agrees.
    FUZZY = "fuzzy"
    #: A settlement the text names that the gazetteer lacks in any spelling: its name key.
    UNKNOWN = "unknown"
    #: A press abbreviation of a region ("Ky.", "B.C."): the region's code.
    ABBREVIATION = "abbreviation"
    #: A district, community or front axis named after a town ("the Marganetska community"):
    #: the town's name key.
    NAMED_AREA = "named_area"


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A span of article text that names a place; ``end`` is exclusive."""

    article_id: str
    start: int
    end: int
    text: str
    #: Normalised lookup key the matcher found (what it is depends on ``kind``).
    key: str = field(default="", compare=False)
    kind: MatchKind = field(default=MatchKind.EXACT, compare=False)


class ResolutionStatus(_Printed):
    """What a resolution's place stands for."""

    #: The named place itself (or the area a district named after a town covers).
    PLACED = "placed"
    #: A stand-in for a settlement the gazetteer cannot place itself: its region, its
    #: community's centre, the town the text puts it near or its district's town.
    APPROXIMATE = "approximate"
    #: No place; ``reason`` says why.
    UNPLACED = "unplaced"
    #: No place, and likely no place at all here: a source speaking, a name that is only an
    #: old or foreign alternate of a small place, a loose spelling nothing supports.
    DOUBTED = "doubted"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and where it resolved: ``place`` is None with the ``reason`` why.

    ``status`` says what the place stands for; a resolution without a place is always
    :attr:`ResolutionStatus.UNPLACED`.  ``reason`` is the same in words, for people."""

    mention: Mention
    place: Place | None
    reason: str = ""
    status: ResolutionStatus = ResolutionStatus.PLACED

    def __post_init__(self) -> None:
        if self.place is None and self.status not in (ResolutionStatus.UNPLACED, ResolutionStatus.DOUBTED):
            object.__setattr__(self, "status", ResolutionStatus.UNPLACED)


@dataclass(frozen=True, slots=True)
class Claim:
    """A mention with its resolved place, tag, claimant and evidence sentence."""

    mention: Mention
    place: Place
    tag: Tag
    claimant: str | None
    evidence: str
    #: True when the place is used as a speaker ("Kyiv denied"), not an event place.
    as_actor: bool = False
    #: For a denial answering a claim: the mention offsets of that claim.
    answers: tuple[int, int] | None = None
    #: The rule (``rules/frames.toml`` id) and the cue words that made the claim; empty for a mention.
    rule: str = ""
    cue: str = ""
