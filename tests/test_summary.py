"""Tests for geo.output.summary: the one place-status rule, and PlaceSummary as a feature."""

from __future__ import annotations

import pytest

from geo.output import mapdata
from geo.output.geojson import place_status, to_geojson
from geo.output.summary import STATUSES, PlaceSummary, place_status_of
from geo.model import Article, Claim, Mention, Place, Tag


@pytest.mark.parametrize(
    ("tags", "status"),
    [
        ((), "mentioned"),
        (("mention",), "mentioned"),
        (("capture_claim",), "claimed"),
        (("denial",), "denied"),
        (("capture_claim", "denial"), "contested"),
        (("denial", "strike", "capture_claim"), "contested"),
        (("strike", "fortified", "mention"), "struck"),
        (("fortified",), "fortified"),
        (("denial", "strike"), "denied"),
    ],
)
def test_summary_place_status_of(tags: tuple[str, ...], status: str) -> None:
    assert place_status_of(tags) == status
    assert status in STATUSES


def _summary(tags: tuple[str, ...]) -> PlaceSummary:
    return PlaceSummary("Bakhmut", 48.59, 38.0, kind="city", admin1="Donetsk", country="UA", precision=0,
                        region_code="UA-14", tags=tags, articles=2, claimed_by=("RU",), denied_by=("UA", None))


@pytest.mark.parametrize("tags", [("capture_claim", "denial")])
def test_summary_feature_is_the_place_line(tags: tuple[str, ...]) -> None:
    f = _summary(tags).feature()
    assert f["geometry"] == {"type": "Point", "coordinates": [38.0, 48.59]}
    p = f["properties"]
    assert (p["status"], p["tags"], p["claimed_by"], p["denied_by"], p["struck_by"]) == (
        "contested", ["capture_claim", "denial"], ["RU"], ["UA", None], [])


@pytest.mark.parametrize("tag", ["capture_claim", "denial", "strike", "fortified", "mention"])
def test_summary_places_and_map_agree(tag: str) -> None:
    """places.geojson and the map (given a place without a status) take the same rule."""
    place = Place("Avdiivka", 48.14, 37.75, "city", country="UA", admin1="Donetsk")
    mention = Mention("a", 0, 8, "Avdiivka")
    claim = Claim(mention, place, Tag(tag), "RU", "Avdiivka.")
    places = place_status(to_geojson([(Article("a", "Avdiivka."), [claim])]))
    (feature,) = places["features"]
    assert feature["properties"]["status"] == place_status_of([tag])
    del feature["properties"]["status"]
    prepared = mapdata.prepare_place(feature)
    assert prepared is not None and f'"s":"{place_status_of([tag])}"' in prepared[0]
