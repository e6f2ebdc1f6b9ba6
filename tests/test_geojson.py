"""Tests for geo.output.geojson: RFC 7946 structure, coordinate order, determinism, place status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.output.geojson import dumps, place_status, to_geojson
from geo.model import Article, Claim, Mention, Place, Tag

PLACE_A = Place("Vyshneve", 48.123456789, 37.987654321, "city", "UA", "Zorya Oblast", 9000001, 1200)
PLACE_B = Place("Lisky", 51.9, 36.1, "city", "RU", "Lisova Oblast", 9000006, 30000)
PLACE_R = Place("Zorya Oblast", 48.1, 37.6, "region", "UA", "Zorya Oblast", None, 0, 3, "UA-91")

TEXT = "Moscow said it captured Vyshneve. Kyiv denied that Vyshneve fell. Drones hit Lisky."


def _claim(surface: str, place: Place, tag: Tag, claimant: str | None, nth: int = 0,
           answers: tuple[int, int] | None = None, text: str = TEXT) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    sentence = next(s for s in text.split(". ") if surface in s)
    return Claim(Mention("a", start, start + len(surface), surface), place, tag, claimant, sentence,
                 answers=answers)


def _pairs(date_a: str | None = "2025-11-01", date_b: str | None = "2025-11-15"):
    a = Article("a", TEXT, publisher="Agency A", date=date_a, url="https://example.org/a", title="A")
    claims_a = [
        _claim("Vyshneve", PLACE_A, Tag.CAPTURE_CLAIM, "RU"),
        _claim("Vyshneve", PLACE_A, Tag.DENIAL, "UA", nth=1),
        _claim("Lisky", PLACE_B, Tag.STRIKE, "UA"),
    ]
    text_b = "Vyshneve was hit again. Zorya Oblast was quiet."
    b = Article("b", text_b, publisher="Agency B", date=date_b)
    claims_b = [
        _claim("Vyshneve", PLACE_A, Tag.STRIKE, "RU", text=text_b),
        _claim("Zorya Oblast", PLACE_R, Tag.MENTION, None, text=text_b),
    ]
    return [(a, claims_a), (b, claims_b)]


@pytest.mark.parametrize("fc_name", ["claims", "places"])
def test_geojson_rfc7946_structure(fc_name: str) -> None:
    claims_fc = to_geojson(_pairs())
    fc = claims_fc if fc_name == "claims" else place_status(claims_fc)
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc  # RFC 7946 removed crs: coordinates are WGS 84
    assert fc["features"]
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert set(f) == {"type", "geometry", "properties"}
        g = f["geometry"]
        assert g["type"] == "Point"
        lon, lat = g["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(isinstance(v, float) for v in g["coordinates"])
        assert isinstance(f["properties"], dict)
    json.loads(dumps(fc))  # valid JSON


@pytest.mark.parametrize(("place", "expected"), [(PLACE_A, [37.98765, 48.12346]), (PLACE_B, [36.1, 51.9])])
def test_geojson_lon_lat_order_and_rounding(place: Place, expected: list[float]) -> None:
    article = Article("a", TEXT)
    surface = "Vyshneve" if place is PLACE_A else "Lisky"
    fc = to_geojson([(article, [_claim(surface, place, Tag.STRIKE, "RU")])])
    (f,) = fc["features"]
    assert f["geometry"]["coordinates"] == expected
    (p,) = place_status(fc)["features"]
    assert p["geometry"]["coordinates"] == expected


@pytest.mark.parametrize(
    "prop",
    ["article", "place", "surface", "start", "end", "tag", "claimant", "evidence", "source", "date", "url",
     "title", "admin1", "country", "precision", "answers_start", "answers_end"],
)
def test_geojson_claim_properties(prop: str) -> None:
    fc = to_geojson(_pairs())
    assert all(prop in f["properties"] for f in fc["features"])


@pytest.mark.parametrize("tag", ["capture_claim", "denial", "strike"])
def test_geojson_claim_values(tag: str) -> None:
    fc = to_geojson(_pairs())
    (f,) = [f for f in fc["features"] if f["properties"]["article"] == "a" and f["properties"]["tag"] == tag]
    p = f["properties"]
    assert TEXT[p["start"]:p["end"]] == p["surface"]
    assert p["surface"] in p["evidence"]
    assert p["source"] == "Agency A" and p["date"] == "2025-11-01" and p["url"] == "https://example.org/a"


@pytest.mark.parametrize("reverse", [False, True])
def test_geojson_deterministic_bytes(reverse: bool) -> None:
    pairs = _pairs()
    if reverse:  # input order must not change the output
        pairs = [(a, list(reversed(cs))) for a, cs in reversed(pairs)]
    first = dumps(to_geojson(_pairs()))
    second = dumps(to_geojson(pairs))
    assert first == second
    assert dumps(place_status(to_geojson(_pairs()))) == dumps(place_status(to_geojson(pairs)))
    assert first.endswith("\n")


@pytest.mark.parametrize("dupes", [2, 3])
def test_geojson_one_feature_per_article_place_tag_claimant(dupes: int) -> None:
    text = " ".join(["Drones hit Lisky."] * dupes)
    article = Article("a", text)
    claims = [_claim("Lisky", PLACE_B, Tag.STRIKE, "UA", nth=i, text=text) for i in range(dupes)]
    (f,) = to_geojson([(article, claims)])["features"]
    assert f["properties"]["start"] == text.index("Lisky")  # the first mention supplies offsets


@pytest.mark.parametrize(
    ("place", "status", "by"),
    [
        ("Vyshneve", "contested", {"claimed_by": ["RU"], "denied_by": ["UA"], "struck_by": ["RU"]}),
        ("Lisky", "struck", {"struck_by": ["UA"], "claimed_by": [], "denied_by": []}),
        ("Zorya Oblast", "mentioned", {"claimed_by": [], "struck_by": []}),
    ],
)
def test_geojson_place_status(place: str, status: str, by: dict) -> None:
    places = place_status(to_geojson(_pairs()))
    (f,) = [f for f in places["features"] if f["properties"]["place"] == place]
    assert f["properties"]["status"] == status
    for field, value in by.items():
        assert f["properties"][field] == value


@pytest.mark.parametrize(
    ("tags", "status"),
    [((Tag.CAPTURE_CLAIM,), "claimed"), ((Tag.DENIAL,), "denied"), ((Tag.FORTIFIED,), "fortified"),
     ((Tag.CAPTURE_CLAIM, Tag.DENIAL), "contested"), ((Tag.STRIKE, Tag.FORTIFIED), "struck")],
)
def test_geojson_place_status_values(tags: tuple[Tag, ...], status: str) -> None:
    text = "Vyshneve again."
    claims = [_claim("Vyshneve", PLACE_A, t, "RU" if t is not Tag.DENIAL else "UA", text=text) for t in tags]
    (f,) = place_status(to_geojson([(Article("a", text), claims)]))["features"]
    assert f["properties"]["status"] == status


@pytest.mark.parametrize("claimant", [None])
def test_geojson_unattributed(claimant: None) -> None:
    text = "Vyshneve fell."
    fc = to_geojson([(Article("a", text), [_claim("Vyshneve", PLACE_A, Tag.CAPTURE_CLAIM, claimant, text=text)])])
    (f,) = place_status(fc)["features"]
    assert f["properties"]["claimed_by"] == [None]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (("2025-11-01", "2025-11-15", None), ["2025-11-15", "2025-11-01", None]),
        ((None, "2024-01-31", "2025-01-01"), ["2025-01-01", "2024-01-31", None]),
    ],
)
def test_geojson_citations_newest_first_nulls_last(dates: tuple, expected: list) -> None:
    text = "Drones hit Lisky."
    pairs = [(Article(f"art{i}", text, date=d), [_claim("Lisky", PLACE_B, Tag.STRIKE, "UA", text=text)])
             for i, d in enumerate(dates)]
    (f,) = place_status(to_geojson(pairs))["features"]
    assert [c["date"] for c in f["properties"]["citations"]] == expected
    assert f["properties"]["articles"] == 3


@pytest.mark.parametrize("which", ["claims", "places"])
def test_geojson_read_by_geopandas(tmp_path: Path, which: str) -> None:
    gpd = pytest.importorskip("geopandas")
    claims_fc = to_geojson(_pairs())
    fc = claims_fc if which == "claims" else place_status(claims_fc)
    path = tmp_path / f"{which}.geojson"
    path.write_text(dumps(fc), encoding="utf-8")
    df = gpd.read_file(path)
    assert len(df) == len(fc["features"])
    assert df.crs is not None and df.crs.to_epsg() == 4326
    expected = {"place", "tag", "claimant", "evidence", "date", "admin1", "country"} if which == "claims" \
        else {"place", "status", "claimed_by", "denied_by", "citations"}
    assert expected <= set(df.columns)
    row = df[df["place"] == "Vyshneve"].iloc[0]
    assert (round(row.geometry.x, 5), round(row.geometry.y, 5)) == (37.98765, 48.12346)
