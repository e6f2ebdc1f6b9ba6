"""The ``dask`` engine (geo.engines.dask) and partitioned GeoParquet output (geo.output.parquet).

The builds run on a two-worker LocalCluster started once for the module.  Without
Dask (or pyarrow) these tests skip locally and fail in CI: the ``test`` extra
installs them.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

import geo
from geo.engines.dask import DistributedError, dask_features
from geo.output.parquet import write_geoparquet
from geo.errors import ConfigError, GeoError
from geo.analysis import article_features

try:
    import pyarrow  # noqa: F401  (GeoParquet)
    from dask.distributed import LocalCluster
except ImportError as err:  # pragma: no cover - the test extra installs both
    if os.environ.get("CI"):
        raise
    pytest.skip(f"dask.distributed or pyarrow not importable: {err}", allow_module_level=True)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Address of a two-worker local cluster (one thread each), shared by the module."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                      silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def local_build(gazetteer, seed_paths, tmp_path_factory) -> tuple[geo.Result, Path]:
    out = tmp_path_factory.mktemp("local")
    return geo.build(seed_paths, out=out, gazetteer=gazetteer, html=False, cache=False), out


def test_distributed_build_byte_identical_to_local(local_build, seed_paths, scheduler, tmp_path) -> None:
    local, local_out = local_build
    result = geo.build(seed_paths, out=tmp_path, html=False, cache=False, engine="dask", scheduler=scheduler)
    assert result.ok and result.articles == local.articles == len(seed_paths)
    assert result.claims["features"]
    for name in ("claims.geojson", "places.geojson"):
        assert (tmp_path / name).read_bytes() == (local_out / name).read_bytes(), name


def test_distributed_features_in_input_order_across_batches(gazetteer, seed_paths, scheduler) -> None:
    articles = list(geo.read_articles(seed_paths))
    per_article, n = dask_features(iter(articles), scheduler=scheduler, batch_size=2)
    assert n == len(articles)
    assert per_article == [article_features(a, gazetteer) for a in articles]


def test_distributed_empty_input(scheduler) -> None:
    assert dask_features(iter([]), scheduler=scheduler) == ([], 0)


def test_distributed_starts_and_closes_local_cluster(gazetteer, seed_paths) -> None:
    articles = list(geo.read_articles(seed_paths))[:2]
    per_article, n = dask_features(iter(articles), scheduler=None, n_workers=1)
    assert n == 2 and per_article == [article_features(a, gazetteer) for a in articles]


@pytest.mark.parametrize("address", ["not a scheduler", "tcp://host-without-port", "inproc://x", "tcp://h:99999"])
def test_distributed_malformed_scheduler_address(seed_paths, tmp_path, address: str) -> None:
    with pytest.raises(ConfigError, match="bad Dask scheduler address") as info:
        geo.build(seed_paths, out=tmp_path, html=False, engine="dask", scheduler=address)
    assert repr(address) in str(info.value)
    assert not (tmp_path / "claims.geojson").exists()


def test_distributed_unreachable_scheduler(seed_paths) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(ConfigError, match="cannot connect to the Dask scheduler") as info:
        dask_features(geo.read_articles(seed_paths), scheduler=address, connect_timeout=1)
    assert address in str(info.value)


def test_distributed_worker_failure_is_a_geo_error(tmp_path, seed_paths, scheduler) -> None:
    def failing_fallback(name: str, *, country: str | None = None, region: str | None = None):
        raise RuntimeError(f"geocoder down ({name})")

    unknown = tmp_path / "unknown.txt"  # a settlement no spelling in the gazetteer matches: the fallback is asked
    unknown.write_text("Shelling damaged homes in the village of Krasnoluzhivka, officials said.\n", encoding="utf-8")
    with pytest.raises(DistributedError) as info:
        dask_features(geo.read_articles([*seed_paths, unknown]), scheduler=scheduler, fallback=failing_fallback)
    err = info.value
    assert isinstance(err, GeoError)
    assert "RuntimeError: geocoder down" in str(err) and "article '" in str(err)
    assert err.__cause__ is None and err.__suppress_context__  # no Dask traceback chained


def test_distributed_unpicklable_fallback(seed_paths, scheduler) -> None:
    class Unpicklable:
        def __call__(self, name, *, country=None, region=None):
            return None

        def __reduce__(self):
            raise TypeError("no pickling")

    with pytest.raises(ConfigError, match="cannot be sent to the Dask workers"):
        dask_features(geo.read_articles(seed_paths), scheduler=scheduler, fallback=Unpicklable())


# --------------------------------------------------------------------------- GeoParquet


@pytest.mark.parametrize("partition_by", ["country", "month"])
def test_geoparquet_round_trip(local_build, tmp_path, partition_by: str) -> None:
    import geopandas as gpd
    claims = local_build[0].claims
    feats = claims["features"]
    paths = write_geoparquet(claims, tmp_path, partition_by=partition_by)
    assert paths == sorted(paths) and all(p.parent == tmp_path for p in paths)
    assert all(p.name.startswith(f"claims-{partition_by}=") and p.suffix == ".parquet" for p in paths)
    assert sorted(tmp_path.iterdir()) == paths  # no temporary files left

    df = gpd.read_parquet(tmp_path)
    assert len(df) == len(feats)
    assert df.crs.to_epsg() == 4326
    got = sorted((r.article, r.place, r.tag, round(r.geometry.x, 5), round(r.geometry.y, 5))
                 for r in df.itertuples())
    want = sorted((f["properties"]["article"], f["properties"]["place"], f["properties"]["tag"],
                   *f["geometry"]["coordinates"]) for f in feats)
    assert got == want
    # one partition per value; every file has the same schema
    first = gpd.read_parquet(paths[0])
    for p in paths:
        part = gpd.read_parquet(p)
        assert list(part.columns) == list(first.columns) and (part.dtypes == first.dtypes).all()
        if partition_by == "country":
            value = p.stem.split("=", 1)[1]
            assert set(part["country"].fillna("__null__")) == {value}


def test_geoparquet_deterministic_and_replaces_stale_files(local_build, tmp_path) -> None:
    claims = local_build[0].claims
    (tmp_path / "claims-country=XX.parquet").write_bytes(b"stale")
    a = {p.name: p.read_bytes() for p in write_geoparquet(claims, tmp_path)}
    assert not (tmp_path / "claims-country=XX.parquet").exists()
    b = {p.name: p.read_bytes() for p in write_geoparquet(claims, tmp_path)}
    assert a == b


def test_geoparquet_bad_partition(local_build, tmp_path) -> None:
    with pytest.raises(ConfigError, match="partition_by='nope'"):
        write_geoparquet(local_build[0].claims, tmp_path, partition_by="nope")
    with pytest.raises(ConfigError, match="partition_by="):
        write_geoparquet(local_build[0].claims, tmp_path, partition_by="../x")



def test_an_article_over_the_budget_on_a_worker_is_reported_not_fatal(gazetteer, monkeypatch) -> None:
    from geo import analysis
    from geo.engines.dask import _run_batch, dask_records
    from geo.model import Article

    monkeypatch.setattr(analysis, "MAX_ANALYSED_CHARS", 2_000)
    big = Article("big", "Russian forces struck Kharkiv. " * 100, source_path="big.txt")
    small = Article("small", "Russian forces struck Odesa overnight, officials said.")
    out = _run_batch([big, small])
    assert isinstance(out[0], str) and "too complex" in out[0] and "big.txt" in out[0]
    assert out[1] == article_features(small, gazetteer)
    errors: list[GeoError] = []
    counted = [2]
    records = list(dask_records(out, errors.append, counted))
    assert [r[0] for r in records] == ["small"] and counted == [1] and len(errors) == 1
