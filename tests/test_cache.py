"""Scripted rebuilds: the result cache reprocesses only new or changed articles and
recomputes only the places they touch, and a warm build writes a cold build's bytes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import geo
import geo.engines.cache
import geo.output.geojson
import geo.ingest.files
import geo.output.collector
from geo.engines.cache import ArticleCache

OUTPUTS = ("claims.geojson", "places.geojson", "claims.html")

EXTRA = ("Russian forces captured Kupiansk, the Russian defence ministry said on Tuesday. "
         "Ukraine's general staff denied the claim.\n")


@pytest.fixture()
def folder(seed_paths, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "in"
    src.mkdir()
    for p in seed_paths:
        shutil.copy(p, src / p.name)
    return src


def _build(gazetteer, src: Path, out: Path, *, cache: bool = True) -> dict[str, bytes]:
    result = geo.build([src], out=out, gazetteer=gazetteer, cache=cache)
    assert result.ok, result.errors
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _count_calls(monkeypatch, owner: object, name: str) -> list[int]:
    calls = [0]
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_rebuild_equals_cold_build(gazetteer, folder: Path, tmp_path: Path, change: str) -> None:
    _build(gazetteer, folder, tmp_path / "warm")
    first = sorted(folder.iterdir())[0]
    if change == "add":
        (folder / "zz-extra.txt").write_text(EXTRA, encoding="utf-8")
    elif change == "edit":
        first.write_text(first.read_text(encoding="utf-8") + "\n" + EXTRA, encoding="utf-8")
    else:
        first.unlink()
    warm = _build(gazetteer, folder, tmp_path / "warm")
    cold = _build(gazetteer, folder, tmp_path / "cold", cache=False)
    assert warm == cold
    if change == "remove":
        assert f'"article": "{first.stem}"'.encode() not in warm["claims.geojson"]
    else:
        assert b"general staff denied the claim" in warm["claims.geojson"]


def test_rebuild_parses_and_analyses_only_new_articles(gazetteer, folder: Path, tmp_path: Path,
                                                       monkeypatch) -> None:
    before = _build(gazetteer, folder, tmp_path / "out")
    parsed = _count_calls(monkeypatch, geo.ingest.files, "parse_text")
    features = _count_calls(monkeypatch, geo.output.geojson.PlaceGroup, "feature")
    outlines = _count_calls(monkeypatch, geo.output.collector, "_regions")
    again = _build(gazetteer, folder, tmp_path / "out")
    assert again == before
    assert b'"regions":{"type":"FeatureCollection","features":[{' in before["claims.html"]
    assert parsed == [0], "an unchanged article was parsed again"
    assert features == [0], "a place whose claims did not change was recomputed"
    assert outlines == [0], "the same regions were shaded again from the outlines"

    (folder / "zz-extra.txt").write_text(EXTRA, encoding="utf-8")
    grown = _build(gazetteer, folder, tmp_path / "out")
    assert parsed == [1]
    # Only the places the new article names (Kupiansk, Ukraine, Russia ...) are recomputed.
    n_places = grown["places.geojson"].count(b'"type": "Feature"')
    assert 0 < features[0] < n_places / 4
    assert b"Kupiansk" in grown["places.geojson"] and b"Kupiansk" in grown["claims.html"]


def test_damaged_cache_entries_are_recomputed(gazetteer, folder: Path, tmp_path: Path) -> None:
    before = _build(gazetteer, folder, tmp_path / "out")
    stores = sorted((tmp_path / "cache").glob("*.sqlite"))
    assert [p.name for p in stores] == ["articles.sqlite", "places.sqlite"]
    with sqlite3.connect(stores[0]) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 5
        db.execute("UPDATE entries SET value = ?", (b"\x00not marshal",))
    assert _build(gazetteer, folder, tmp_path / "out") == before


def test_damaged_cache_file_is_replaced(gazetteer, folder: Path, tmp_path: Path) -> None:
    before = _build(gazetteer, folder, tmp_path / "out")
    for p in (tmp_path / "cache").glob("*.sqlite"):
        p.write_bytes(b"this is not a database" * 100)
    assert _build(gazetteer, folder, tmp_path / "out") == before
    with sqlite3.connect(tmp_path / "cache" / "articles.sqlite") as db:  # rebuilt, and filled again
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 5


def test_unwritable_cache_only_costs_speed(gazetteer, folder: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GEO_CACHE_DIR", str(blocker / "cache"))
    assert _build(gazetteer, folder, tmp_path / "out") == _build(gazetteer, folder, tmp_path / "cold", cache=False)


def test_get_many_answers_each_key_in_order(tmp_path: Path) -> None:
    store = ArticleCache(tmp_path / "c.sqlite")
    n = ArticleCache._CHUNK * 2 + 7  # several queries
    for i in range(0, n, 2):
        store.put(f"k{i}", [i, f"v{i}"])
    store.close()
    keys = [f"k{i}" for i in range(n)] + ["k0", "missing", "k2"]
    got = ArticleCache(tmp_path / "c.sqlite").get_many(keys)
    assert len(got) == len(keys)
    assert got[:n] == [[i, f"v{i}"] if i % 2 == 0 else None for i in range(n)]
    assert got[n:] == [[0, "v0"], None, [2, "v2"]]


def test_a_cache_locked_by_another_build_is_busy_not_damaged(gazetteer, folder: Path, tmp_path: Path,
                                                               monkeypatch, caplog) -> None:
    before = _build(gazetteer, folder, tmp_path / "out")
    path = tmp_path / "cache" / "articles.sqlite"
    monkeypatch.setattr(ArticleCache, "_TIMEOUT", 0.2)
    monkeypatch.setattr(geo.engines.cache, "_SAID", set(), raising=False)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another build writing, for longer than we wait
    try:
        assert _build(gazetteer, folder, tmp_path / "out2") == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    with sqlite3.connect(path) as db:  # still there, entries and all
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 5
    assert any("in use by another build" in r.getMessage() for r in caplog.records)


def test_a_cached_entry_that_changed_on_disk_is_not_used(tmp_path: Path) -> None:
    store = ArticleCache(tmp_path / "c.sqlite")
    store.put("k", ["Kyiv", 50.45])
    store.close()
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        (blob,) = db.execute("SELECT value FROM entries").fetchone()
        db.execute("UPDATE entries SET value = ?", (blob.replace(b"Kyiv", b"Lviv"),))  # still loads
    again = ArticleCache(tmp_path / "c.sqlite")
    assert again.get("k") is None and again.misses == 1
    again.put("k", ["Kyiv", 50.45])  # recomputed and replaced
    again.close()
    assert ArticleCache(tmp_path / "c.sqlite").get("k") == ["Kyiv", 50.45]


def test_an_unwritable_cache_folder_is_said_once(gazetteer, folder: Path, tmp_path: Path, monkeypatch,
                                                 caplog) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GEO_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(geo.engines.cache, "_SAID", set(), raising=False)
    _build(gazetteer, folder, tmp_path / "out")
    _build(gazetteer, folder, tmp_path / "out")
    said = [r.getMessage() for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(said) == 1 and str(blocker) in said[0]
