"""ExternalSort: a stable sort in bounded memory, and builds that spill give the same bytes."""

from __future__ import annotations

import random
from operator import itemgetter
from pathlib import Path

import pytest

import geo
from geo.engines import spill
from geo.output import geojson
from geo.engines.spill import ExternalSort


@pytest.mark.parametrize("budget", [1, 50, 10**9])
def test_external_sort_equals_stable_sorted(budget):
    rng = random.Random(7)
    records = [((rng.randrange(20), rng.choice("abc")), i, "x" * rng.randrange(5))
               for i in range(500)]
    with ExternalSort(key=itemgetter(0), budget=budget) as s:
        for r in records:
            s.add(r, 10)
        got = list(s)
        assert (s.runs > 1) == (budget < 1000)
        assert list(s) == got  # iterable again, from the start
    assert got == sorted(records, key=itemgetter(0))  # ties keep the order they were added in


def test_empty_sort():
    with ExternalSort(key=itemgetter(0)) as s:
        assert list(s) == []
        assert s.runs == 0


def test_spilling_build_is_byte_identical(tmp_path, monkeypatch, gazetteer):
    """Runs on disk and places written piece by piece give the bytes of an in-memory build."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    geo.build([seeds], out=tmp_path / "mem", gazetteer=gazetteer, cache=False)
    monkeypatch.setattr(spill, "DEFAULT_BUDGET", 2000)  # a run every few features
    monkeypatch.setattr(geojson, "_WHOLE", 1)  # every place with several claims written in pieces
    spills = []
    real = ExternalSort._spill
    monkeypatch.setattr(ExternalSort, "_spill", lambda self: (spills.append(1), real(self)))
    result = geo.build([seeds], out=tmp_path / "disk", gazetteer=gazetteer, cache=False)
    assert len(spills) > 10
    assert result.events > 0 and result.n_places > 0
    for name in ("claims.geojson", "places.geojson", "claims.html"):
        assert (tmp_path / "mem" / name).read_bytes() == (tmp_path / "disk" / name).read_bytes()


def test_a_full_temporary_folder_is_named_and_keeps_the_outputs(tmp_path, monkeypatch, gazetteer):
    import errno

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out"
    geo.build([seeds], out=out, gazetteer=gazetteer, cache=False, html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(spill.tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(spill, "DEFAULT_BUDGET", 2000)

    class Full:
        def __init__(self, *a, **kw):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spill.tempfile, "TemporaryFile", Full)
    with pytest.raises(geo.OutputError) as err:
        geo.build([seeds], out=out, gazetteer=gazetteer, cache=False, html=False)
    assert str(scratch) in str(err.value) and "No space left on device" in str(err.value)
    assert str(out) not in str(err.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
