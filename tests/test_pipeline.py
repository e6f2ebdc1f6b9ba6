"""End-to-end tests for geo.api on the seed articles and on small made-up texts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import geo
from geo.errors import OutputError
from geo.model import Tag

CLAIM_PROPS = {"article", "place", "surface", "start", "end", "tag", "claimant", "evidence", "source", "date",
               "url", "title", "admin1", "country", "precision", "kind", "answers_start", "answers_end"}
PLACE_PROPS = {"place", "status", "tags", "articles", "citations", "claimed_by", "denied_by", "struck_by",
               "fortified_by", "country", "precision"}
TAGS = {t.value for t in Tag}


@pytest.fixture(scope="module")
def seed_build(gazetteer, seed_paths, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed_maps")
    return geo.build(seed_paths, out=out, gazetteer=gazetteer, html=False), out


@pytest.fixture(scope="module")
def seed_texts(seed_paths) -> dict[str, str]:
    return {a.id: a.text for a in geo.read_articles(seed_paths)}


@pytest.mark.parametrize("expected_files", [("claims.geojson", "places.geojson")])
def test_pipeline_seeds_build(seed_build, seed_paths, expected_files) -> None:
    result, out = seed_build
    assert result.ok and result.errors == ()
    assert result.articles == len(seed_paths) == 5
    assert tuple(sorted(p.name for p in result.outputs)) == expected_files
    for name in expected_files:
        assert json.loads((out / name).read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert json.loads((out / "claims.geojson").read_text(encoding="utf-8")) == result.claims


@pytest.mark.parametrize("kind", ["claims", "places"])
def test_pipeline_seeds_required_properties(seed_build, kind: str) -> None:
    result, _ = seed_build
    fc = result.claims if kind == "claims" else result.places
    required = CLAIM_PROPS if kind == "claims" else PLACE_PROPS
    assert fc["features"]
    for f in fc["features"]:
        p = f["properties"]
        assert required <= set(p), required - set(p)
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert p["precision"] in (1, 2, 3)
        if kind == "claims":
            assert p["tag"] in TAGS
            assert p["claimant"] in (None, "RU", "UA", "other")
            assert p["place"]
        else:
            assert p["status"] in ("contested", "claimed", "denied", "struck", "fortified", "mentioned")
            assert p["citations"]


@pytest.mark.parametrize("check", ["evidence", "offsets"])
def test_pipeline_seeds_evidence(seed_build, seed_texts, check: str) -> None:
    result, _ = seed_build
    for f in result.claims["features"]:
        p = f["properties"]
        text = seed_texts[p["article"]]
        if check == "offsets":
            assert text[p["start"]:p["end"]] == p["surface"]
            assert p["evidence"] in text
        elif p["surface"] not in p["evidence"]:
            assert p["tag"] == "denial" and p["answers_start"] is not None, p
            assert text[p["answers_start"]:p["answers_end"]] == p["surface"]


@pytest.mark.parametrize("tag", ["capture_claim", "strike"])
def test_pipeline_seeds_find_events(seed_build, tag: str) -> None:
    # The seeds are war reports: they hold capture claims and strikes.
    result, _ = seed_build
    assert any(f["properties"]["tag"] == tag for f in result.claims["features"])


@pytest.mark.parametrize("bad", [("broken.txt", b""), ("broken.jsonl", b"{not json\n")])
def test_pipeline_bad_file_still_writes(gazetteer, seed_paths, tmp_path: Path, bad: tuple[str, bytes]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = shutil.copy(seed_paths[1], folder)
    (folder / bad[0]).write_bytes(bad[1])
    seen: list = []
    result = geo.build([folder], out=tmp_path / "out", gazetteer=gazetteer, html=False, on_error=seen.append)
    assert result.articles == 1
    assert not result.ok and len(result.errors) == 1 and bad[0] in result.errors[0]
    assert len(seen) == 1 and isinstance(seen[0], geo.InputError)
    assert (tmp_path / "out" / "claims.geojson").exists() and (tmp_path / "out" / "places.geojson").exists()
    assert {f["properties"]["article"] for f in result.claims["features"]} == {Path(seed).stem}


@pytest.mark.parametrize("runs", [2])
def test_pipeline_deterministic(gazetteer, seed_paths, tmp_path: Path, runs: int) -> None:
    outs = []
    for i in range(runs):
        geo.build(seed_paths, out=tmp_path / str(i), gazetteer=gazetteer, html=False)
        outs.append([(tmp_path / str(i) / n).read_bytes() for n in ("claims.geojson", "places.geojson")])
    assert outs[0] == outs[1]


@pytest.mark.parametrize("blocker_content", ["keep me"])
def test_pipeline_unwritable_output_keeps_old_files(gazetteer, seed_paths, tmp_path: Path,
                                                    blocker_content: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text(blocker_content, encoding="utf-8")
    with pytest.raises(OutputError):
        geo.build(seed_paths[:1], out=blocker / "maps", gazetteer=gazetteer, html=False)
    assert blocker.read_text(encoding="utf-8") == blocker_content


@pytest.mark.parametrize(
    ("text", "place", "tag", "claimant"),
    [("Russia's Defence Ministry said its troops had captured Siversk in the Donetsk region.",
      "Siversk", "capture_claim", "RU"),
     ("A Russian drone struck a hospital in Sumy on Tuesday.", "Sumy", "strike", "RU")],
)
def test_pipeline_extract(gazetteer, text: str, place: str, tag: str, claimant: str) -> None:
    claims = geo.extract(text, gazetteer=gazetteer, date="2025-11-20", publisher="Test Wire")
    assert (place, tag, claimant) in {(c.place.name, c.tag.value, c.claimant) for c in claims}


def test_pipeline_extract_claims_carry_the_metadata_given(gazetteer) -> None:
    claims = geo.extract("A Russian drone struck a hospital in Sumy on Tuesday.", gazetteer=gazetteer,
                         article_id="wire-7", url="https://example.org/wire-7", publisher="Test Wire",
                         date="2025-11-20", title="Drone hits hospital")
    assert claims and all(isinstance(c, geo.Claim) for c in claims)
    cited = {(c.article.id, c.article.url, c.article.publisher, c.article.date, c.article.title) for c in claims}
    assert cited == {("wire-7", "https://example.org/wire-7", "Test Wire", "2025-11-20", "Drone hits hospital")}
    bare = geo.extract("A Russian drone struck a hospital in Sumy on Tuesday.", gazetteer=gazetteer)
    assert {(c.article.url, c.article.date) for c in bare} == {(None, None)}


@pytest.mark.parametrize("name", ["wire.txt"])
def test_pipeline_iter_mentions(gazetteer, tmp_path: Path, name: str) -> None:
    text = "Drones hit Lviv. Soldiers were seen in Pishchane."
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rows = list(geo.iter_mentions([path], gazetteer=gazetteer))
    assert [r["surface"] for r in rows] == ["Lviv", "Pishchane"]
    city, village = rows
    assert city["place"] == "Lviv" and city["tag"] == "strike" and city["article"] == "wire"
    assert village["place"] is None and village["lat"] is None and village["reason"]
