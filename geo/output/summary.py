"""What every output says of one place across articles: :class:`PlaceSummary`, and the one
rule that turns the tags reported there into the place's status (:func:`place_status_of`).

``places.geojson``, the map and the exports all take the status from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["STATUSES", "STATUS_TABLE", "STATUS_TAGS", "PlaceSummary", "place_status_of"]

#: Each status with the tag that gives it, by precedence; ``contested`` (a capture claim and
#: a denial) comes before them all and ``mentioned`` (none of these tags) after.
_STATUS_OF_TAG = (("capture_claim", "claimed"), ("denial", "denied"), ("strike", "struck"),
                  ("fortified", "fortified"))

#: Every place status, by precedence.
STATUSES: tuple[str, ...] = ("contested", *(status for _, status in _STATUS_OF_TAG), "mentioned")


def place_status_of(tags: Iterable[str]) -> str:
    """The status of a place where these tags were reported.

    Examples
    --------
    >>> place_status_of(["denial", "capture_claim", "mention"])
    'contested'
    >>> place_status_of(["strike", "fortified"])
    'struck'
    >>> place_status_of([])
    'mentioned'
    """
    present = set(tags)
    if {"capture_claim", "denial"} <= present:
        return "contested"
    return next((status for tag, status in _STATUS_OF_TAG if tag in present), "mentioned")


#: The status rule as a table for the map, which recomputes a place's status when its
#: filters hide some citations: entry ``m`` is the status of the event tags whose bits are set
#: in ``m`` (bit ``k`` for ``STATUS_TAGS[k]``), so the page holds no rule of its own.
STATUS_TAGS = ("capture_claim", "denial", "strike", "fortified")
STATUS_TABLE = [place_status_of(t for k, t in enumerate(STATUS_TAGS) if m >> k & 1) for m in range(1 << len(STATUS_TAGS))]


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    """One place (name and point) with what the articles report there, without the citations.

    ``tags`` are in :class:`~geo.model.Tag` order; ``claimed_by``, ``denied_by``,
    ``struck_by`` and ``fortified_by`` list the claimants of each tag by name, the
    unattributed (``None``) last; ``articles`` counts the articles citing the place.
    """

    place: str
    lat: float
    lon: float
    kind: str | None
    admin1: str | None
    country: str | None
    precision: int | None
    region_code: str | None
    tags: tuple[str, ...]
    articles: int
    claimed_by: tuple[str | None, ...] = ()
    denied_by: tuple[str | None, ...] = ()
    struck_by: tuple[str | None, ...] = ()
    fortified_by: tuple[str | None, ...] = ()

    @property
    def status(self) -> str:
        """``contested``, ``claimed``, ``denied``, ``struck``, ``fortified`` or ``mentioned``
        (:func:`place_status_of` the place's tags)."""
        return place_status_of(self.tags)

    def feature(self) -> dict:
        """The place as a GeoJSON Point feature (its ``places.geojson`` line, less ``citations``)."""
        props = {"place": self.place, "kind": self.kind, "admin1": self.admin1, "country": self.country,
                 "precision": self.precision, "region_code": self.region_code, "status": self.status,
                 "tags": list(self.tags), "articles": self.articles, "claimed_by": list(self.claimed_by),
                 "denied_by": list(self.denied_by), "struck_by": list(self.struck_by),
                 "fortified_by": list(self.fortified_by)}
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [self.lon, self.lat]},
                "properties": props}
