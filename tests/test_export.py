"""Tests for geo.output.export: the CSV lines up with ACLED, KML and GeoPackage open cleanly in
GIS tools, the files are deterministic, and untrusted text stays data in every format."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from geo.output import export
from geo.output.geojson import place_status, to_geojson
from geo.model import Article

KML = "{http://www.opengis.net/kml/2.2}"

#: The first columns of an ACLED export (its API's CSV), with one row, as an analyst has it.
ACLED_SAMPLE = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
    "UKR123456,2025-12-01,2025,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,"
    "Military Forces of Russia (2000-),,State forces,,,,State forces-Civilians,,804,Europe,Ukraine,Donetsk,"
    "Kramatorskyi,Kostiantynivska,Kostiantynivka,48.5277,37.7050,1,Ukrinform,National,"
    "\"On 1 December 2025, Russian forces shelled Kostiantynivka.\",0,,1733140000\n"
)


def _feature(place: str, lon: float, lat: float, tag: str, claimant: str | None, evidence: str, *,
             article: str = "a1", date: str | None = "2025-12-03", url: str | None = "https://example.org/a1",
             start: int = 0, title: str | None = "Title", source: str | None = "Reuters") -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"article": article, "place": place, "surface": place, "start": start,
                           "end": start + len(place), "tag": tag, "claimant": claimant, "evidence": evidence,
                           "source": source, "date": date, "url": url, "title": title,
                           "admin1": "Donetsk Oblast", "country": "UA", "precision": 1, "kind": "city",
                           "region_code": "UA-14", "geonameid": 1, "as_actor": False,
                           "answers_start": None, "answers_end": None}}


def _claims() -> dict[str, Any]:
    feats = [
        _feature("Kostiantynivka", 37.70594, 48.52728, "strike", "RU", "Russian drones struck Kostiantynivka."),
        _feature("Siversk", 38.08, 48.87, "capture_claim", "RU", "=HYPERLINK(\"http://evil\",\"x\")", start=40),
        _feature("Siversk", 38.08, 48.87, "denial", "UA", "-2+3 Kyiv denied it.", start=80),
        _feature("Lviv", 24.03, 49.84, "mention", None, "Talks in Lviv.", start=120),
        _feature("Pokrovsk", 37.18, 48.28, "capture_claim", None, "@SUM(A1) Pokrovsk fell </Placemark><x>",
                 article="a2", date=None, url="javascript:alert(1)", title="<script>alert(1)</script>"),
    ]
    return {"type": "FeatureCollection", "features": feats}


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# --------------------------------------------------------------------------- CSV


def test_csv_columns_follow_acled_then_ours() -> None:
    data = export.export(_claims(), {"type": "FeatureCollection", "features": []}, ["csv"])["claims.csv"]
    header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
    acled = ACLED_SAMPLE.splitlines()[0].split(",")
    shared = [c for c in header if c in acled]
    assert shared == [c for c in acled if c in header], "shared columns keep ACLED's order"
    assert header[:len(shared)] == shared, "ACLED's columns come first"
    assert header[len(shared):] == ["claimant", "tag", "evidence", "article", "url", "title"]
    assert "end" not in header


def test_csv_concatenates_with_acled_in_pandas() -> None:
    pd = pytest.importorskip("pandas")
    ours = pd.read_csv(io.BytesIO(export.export(_claims(), {"type": "FeatureCollection", "features": []},
                                                ["csv"])["claims.csv"]))
    acled = pd.read_csv(io.StringIO(ACLED_SAMPLE))
    both = pd.concat([acled, ours], ignore_index=True)
    # Shared columns line up: one column each, with values from both files in it.
    assert list(both.columns[:len(acled.columns)]) == list(acled.columns)
    for col in ("event_date", "event_type", "country", "iso", "location", "latitude", "longitude",
                "geo_precision", "source", "notes"):
        assert both[col].notna().sum() >= 2, col
    assert both["latitude"].dtype.kind == "f" and both["iso"].dtype.kind in "if"
    assert set(both["iso"].dropna().astype(int)) == {804}
    assert set(both["country"]) == {"Ukraine"}
    dates = pd.to_datetime(both["event_date"], format="%Y-%m-%d")
    assert dates.notna().sum() == len(both) - 1  # the undated report
    strike = both[both["tag"] == "strike"].iloc[0]
    assert strike["event_type"] == "Explosions/Remote violence" and strike["actor1"] == "Russian side"
    assert strike["year"] == 2025 and strike["location"] == "Kostiantynivka"


def test_csv_events_only_by_default_and_mentions_on_request() -> None:
    empty = {"type": "FeatureCollection", "features": []}
    rows = _csv_rows(export.export(_claims(), empty, ["csv"])["claims.csv"])
    assert [r["tag"] for r in rows] == ["strike", "capture_claim", "denial", "capture_claim"]
    everything = _csv_rows(export.export(_claims(), empty, ["csv"], mentions=True)["claims.csv"])
    assert "mention" in [r["tag"] for r in everything] and len(everything) == 5
    # Ids are stable within an article whether or not mentions are written.
    assert {r["event_id_cnty"] for r in rows} <= {r["event_id_cnty"] for r in everything}


def test_csv_undated_row_says_so() -> None:
    rows = _csv_rows(export.export(_claims(), {"type": "FeatureCollection", "features": []}, ["csv"])["claims.csv"])
    (row,) = [r for r in rows if r["location"] == "Pokrovsk"]
    assert row["event_date"] == "" and row["year"] == "" and row["time_precision"] == ""
    assert row["notes"].startswith("Undated report:")


def test_csv_neutralises_formulas_and_drops_unsafe_urls() -> None:
    rows = _csv_rows(export.export(_claims(), {"type": "FeatureCollection", "features": []}, ["csv"])["claims.csv"])
    evidence = [r["evidence"] for r in rows]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in evidence
    assert "'-2+3 Kyiv denied it." in evidence
    assert "'@SUM(A1) Pokrovsk fell </Placemark><x>" in evidence
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert {r["url"] for r in rows} == {"https://example.org/a1", ""}
    assert float(rows[0]["latitude"]) == 48.52728  # numbers are not touched


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_spreadsheet_safe(value: str) -> None:
    assert export.spreadsheet_safe(value) == "'" + value
    assert export.spreadsheet_safe("Kyiv") == "Kyiv" and export.spreadsheet_safe(-3.5) == -3.5


# --------------------------------------------------------------------------- GeoJSON


@pytest.mark.parametrize("url", ["javascript:alert(1)", " data:text/html,<b>x</b>", "file:///etc/passwd",
                                 "//example.org/x", "java\nscript:alert(1)"])
def test_geojson_drops_non_http_urls(url: str) -> None:
    from geo.model import Claim, Mention, Place, Tag

    text = "Russia said it captured Siversk."
    article = Article("a", text, url=url)
    place = Place("Siversk", 48.87, 38.08, "city", "UA", "Donetsk Oblast")
    mention = Mention("a", 23, 30, "Siversk")
    fc = to_geojson([(article, [Claim(mention, place, Tag.CAPTURE_CLAIM, "RU", text)])])
    assert fc["features"][0]["properties"]["url"] is None
    article = Article("a", text, url=" https://example.org/x\n")
    fc = to_geojson([(article, [Claim(mention, place, Tag.CAPTURE_CLAIM, "RU", text)])])
    assert fc["features"][0]["properties"]["url"] == "https://example.org/x"


def test_places_write_an_unattributed_side_as_null() -> None:
    claims = _claims()
    claims["features"][1]["properties"]["claimant"] = None
    places = {f["properties"]["place"]: f["properties"] for f in place_status(claims)["features"]}
    assert places["Siversk"]["claimed_by"] == [None]
    assert places["Pokrovsk"]["claimed_by"] == [None]
    assert places["Kostiantynivka"]["struck_by"] == ["RU"]


# --------------------------------------------------------------------------- KML


def _kml(**kw: Any) -> ET.Element:
    return ET.fromstring(export.export(_claims(), {"type": "FeatureCollection", "features": []}, ["kml"],
                                       **kw)["claims.kml"])


def test_kml_placemarks_have_name_description_style_and_time() -> None:
    root = _kml()
    styles = {s.get("id") for s in root.iter(f"{KML}Style")}
    assert styles == {"capture_claim", "denial", "strike", "fortified", "mention"}
    marks = list(root.iter(f"{KML}Placemark"))
    assert len(marks) == 4  # events only
    first = marks[0]
    assert first.findtext(f"{KML}name") == "Kostiantynivka"
    assert first.findtext(f"{KML}styleUrl") == "#strike"
    assert first.findtext(f"{KML}TimeStamp/{KML}when") == "2025-12-03"
    description = first.findtext(f"{KML}description") or ""
    assert "Attacker: Russian side" in description and "Reuters" in description
    assert "Russian drones struck Kostiantynivka." in description
    fields = {d.get("name") for d in root.iter(f"{KML}SimpleData")}
    assert "end" not in fields and "start" not in fields and {"article", "tag", "claimant", "evidence"} <= fields
    undated = marks[-1]
    assert undated.find(f"{KML}TimeStamp") is None
    assert len(_kml(mentions=True).findall(f".//{KML}Placemark")) == 5


def test_kml_hostile_text_stays_text() -> None:
    root = _kml()
    mark = [m for m in root.iter(f"{KML}Placemark") if m.findtext(f"{KML}name") == "Pokrovsk"][0]
    description = mark.findtext(f"{KML}description") or ""
    # Once XML is parsed, the balloon HTML shows the article's markup as escaped text.
    assert "<script>" not in description and "&lt;script&gt;" in description
    assert "</Placemark><x>" not in description and "&lt;/Placemark&gt;&lt;x&gt;" in description
    assert "javascript:" not in ET.tostring(root, encoding="unicode")
    assert [d.text for d in mark.iter(f"{KML}SimpleData") if d.get("name") == "url"] == []


# --------------------------------------------------------------------------- GeoPackage


def _gpkg(tmp_path: Path, name: str = "claims.gpkg") -> Path:
    claims = _claims()
    path = tmp_path / name
    path.write_bytes(export.export(claims, place_status(claims), ["gpkg"])["claims.gpkg"])
    return path


def test_gpkg_dates_are_dates_and_lists_are_text(tmp_path: Path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    path = _gpkg(tmp_path)
    info = pyogrio.read_info(path, layer="claims")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["date"] == "OFTDate"
    assert types["start"] == types["answers_end"] == "OFTInteger64"
    assert info["features"] == 4
    places = pyogrio.read_dataframe(path, layer="places")
    siversk = places[places["place"] == "Siversk"].iloc[0]
    assert siversk["claimed_by"] == "RU" and siversk["denied_by"] == "UA"
    assert siversk["tags"] == "capture_claim,denial"
    claims = pyogrio.read_dataframe(path, layer="claims")
    assert set(claims["url"].dropna()) == {"https://example.org/a1"}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2


def test_gpkg_bytes_are_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _gpkg(tmp_path, "one.gpkg")
    time.sleep(1.1)
    second = _gpkg(tmp_path, "two.gpkg")
    assert first.read_bytes() == second.read_bytes()
    with sqlite3.connect(first) as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {"2025-12-03T00:00:00.000Z"}  # the newest report date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third = _gpkg(tmp_path, "three.gpkg")
    with sqlite3.connect(third) as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {"2023-11-14T22:13:20.000Z"}


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo is not installed")
@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_gdal_opens_without_warnings(tmp_path: Path, fmt: str) -> None:
    claims = _claims()
    path = tmp_path / f"claims.{fmt}"
    path.write_bytes(export.export(claims, place_status(claims), [fmt])[f"claims.{fmt}"])
    r = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Warning" not in r.stderr + r.stdout and "ERROR" not in r.stderr, r.stderr
    assert "Feature Count: 4" in r.stdout
