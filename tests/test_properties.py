"""Property-based tests (hypothesis) over the whole pipeline, with the real gazetteer.

For any text: no crash, every mention's offsets slice the text to its surface, and the
GeoJSON survives a JSON round trip with finite coordinates in range.  The same for
text built from real place names mixed with random Unicode, and for the readers: any
bytes in a file and any JSON-lines record give articles or an ``InputError``, nothing else.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from geo.errors import InputError
from geo.output.geojson import dumps, place_status, to_geojson
from geo.model import Article

PIPELINE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READERS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["Kharkiv", "Pokrovsk", "Куп'янськ", "Donetsk region", "U.S.", "Kyiv", "Siversk", "Харків",
         "Zaporizhzhia Oblast", "Russia", "Ukraine", "Kupiansk", "Bakhmut", "Москва", "St. Petersburg"]
WORDS = ["captured", "struck", "denied", "shelled", "fortified", "Russia's Defence Ministry said",
         "Kyiv denied it", "in the", "near", "said", "troops", "drones hit", "the"]
GLUE = [" ", ". ", ", ", "\n", "\n\n", "'s ", " (", ") ", "\u200b", "\u202e", "\xa0", "-", "—", ": "]

any_text = st.text(max_size=400)
#: Also lone surrogates, which JSON escapes (\ud800) can smuggle into Python strings.
any_code_points = st.text(st.characters(blacklist_categories=()), max_size=200)
mixed_text = st.lists(
    st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.sampled_from(GLUE), st.text(max_size=12)),
    max_size=40,
).map("".join)


def _check_offsets(text: str, res, claims) -> None:
    for r in res:
        m = r.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    for c in claims:
        m = c.mention
        assert text[m.start:m.end] == m.text
        assert isinstance(c.evidence, str)
        if c.answers is not None:
            assert 0 <= c.answers[0] < c.answers[1] <= len(text)


def _check_geojson(fc: dict, *, utf8: bool = True) -> None:
    text = dumps(fc)
    if utf8:
        text.encode("utf-8")  # what the build writes
    back = json.loads(text)
    assert back == json.loads(json.dumps(fc))
    assert back["type"] == "FeatureCollection"
    for f in back["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert math.isfinite(lon) and math.isfinite(lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def _run(text: str, gazetteer, *, utf8: bool = True) -> None:
    claims = geo.extract(text, article_id="t", gazetteer=gazetteer)
    article = Article("t", text)
    res, claims2 = geo.analyse(article, gazetteer)
    assert [(c.mention, c.tag) for c in claims] == [(c.mention, c.tag) for c in claims2]
    _check_offsets(text, res, claims2)
    fc = to_geojson([(article, claims2)])
    _check_geojson(fc, utf8=utf8)
    _check_geojson(place_status(fc), utf8=utf8)
    for f in fc["features"]:
        p = f["properties"]
        assert text[p["start"]:p["end"]] == p["surface"]


@PIPELINE
@given(text=any_text)
def test_any_text(gazetteer, text: str) -> None:
    _run(text, gazetteer)


@PIPELINE
@given(text=mixed_text)
def test_place_names_in_random_text(gazetteer, text: str) -> None:
    _run(text, gazetteer)


@settings(max_examples=100, deadline=None)
@given(text=any_code_points)
def test_any_code_points_do_not_crash(gazetteer, text: str) -> None:
    _run(text, gazetteer, utf8=False)


def test_named_places_are_found(gazetteer) -> None:
    """The mixed-text strategy does reach real places (so the properties above are not vacuous)."""
    claims = geo.extract("Russia's Defence Ministry said troops captured Pokrovsk. Drones hit Kharkiv, "
                         "Куп'янськ and the Donetsk region.", gazetteer=gazetteer)
    assert {"Pokrovsk", "Kharkiv", "Kupiansk", "Donetsk Oblast"} <= {c.place.name for c in claims}


# --------------------------------------------------------------------------- readers


def _read(path: Path) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    arts = list(geo.read_articles([path], on_error=errors.append))
    for a in arts:
        a.text.encode("utf-8")  # no lone surrogates survive reading
        a.id.encode("utf-8")
        for v in (a.url, a.title, a.publisher, a.date):
            assert v is None or isinstance(v, str) and v.encode("utf-8")
    for e in errors:
        assert str(e).startswith(str(path))  # every message names the file
    return arts, errors


@READERS
@given(data=st.binary(max_size=600), ext=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json"]))
def test_any_bytes_in_a_file(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"a{ext}"
        path.write_bytes(data)
        arts, errors = _read(path)
        if ext in (".txt", ".md", ".html"):
            assert len(arts) + len(errors) == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(st.characters(), max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {},
    optional={"id": json_values | st.text(max_size=8), "text": json_values | mixed_text,
              "url": json_values, "title": json_values, "publisher": json_values, "date": json_values},
)


@READERS
@given(lines=st.lists(records | json_values, min_size=1, max_size=6))
def test_any_json_lines(lines: list) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        path.write_text("\n".join(json.dumps(v) for v in lines), encoding="utf-8")
        arts, errors = _read(path)
        assert len(arts) + len(errors) == len(lines)  # one article or one error per line
