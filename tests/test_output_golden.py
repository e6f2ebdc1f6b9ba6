"""Golden snapshot of the build outputs: the seeds and ``tests/golden_corpus`` (short articles
written for this test: front matter, Markdown, JSON lines, namesakes, renamed places, Cyrillic)
built into ``claims.geojson``, ``places.geojson`` and the CSV and KML exports, compared byte for
byte with ``tests/golden/``.

A change that is meant to change nothing (a module moved, a function split) leaves these files
as they are.  A change to what is found updates them on purpose:
``GEO_UPDATE_GOLDEN=1 python -m pytest tests/test_output_golden.py``, and the diff is reviewed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import geo

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
OUTPUTS = ("claims.geojson", "places.geojson", "claims.csv", "claims.kml")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "out"
    result = geo.build([HERE.parent / "seeds", HERE / "golden_corpus"], out=out, html=False,
                       formats=("csv", "kml"), cache=False)
    assert result.ok
    return out


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_golden_snapshot(built: Path, name: str) -> None:
    got = (built / name).read_bytes()
    want = GOLDEN / name
    if os.environ.get("GEO_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        want.write_bytes(got)
    assert got == want.read_bytes(), f"{name} differs from tests/golden/{name}"


def test_output_golden_corpus_has_every_tag(built: Path) -> None:
    import json

    tags = {f["properties"]["tag"] for f in json.loads((built / "claims.geojson").read_text())["features"]}
    assert {"capture_claim", "denial", "strike", "fortified", "mention"} <= tags
