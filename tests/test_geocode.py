"""Tests for the opt-in online fallback (geo.gazetteer.online) with fake geocoders: never the network."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from geo.errors import ConfigError
from geo.gazetteer.online import OnlineFallback


class _Down:
    """A geocoder whose every request fails as an unreachable network does."""

    def __init__(self) -> None:
        self.calls = 0

    def geocode(self, query: str, **kwargs: object) -> None:
        self.calls += 1
        raise OSError("[Errno 101] Network is unreachable")


class _Up:
    def geocode(self, query: str, **kwargs: object) -> SimpleNamespace | None:
        return SimpleNamespace(latitude=50.123456, longitude=30.654321) if query.startswith("Known") else None


def test_an_unreachable_geocoder_is_said_once_and_not_cached_as_not_found(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "nominatim.json"
    down = _Down()
    fb = OnlineFallback(cache, geocoder=down, min_delay_seconds=0)
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert fb("Known Village", country="UA") is None
        assert fb("Other Hamlet", country="UA") is None
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "cannot be reached" in lines[0] and "\n" not in lines[0]
    assert down.calls <= 2  # geopy's one retry, then not asked again in this run
    assert not cache.exists() or json.loads(cache.read_text(encoding="utf-8")) == {}
    # Back online: the names are asked again, not answered "not found" from the cache.
    again = OnlineFallback(cache, geocoder=_Up(), min_delay_seconds=0)
    place = again("Known Village", country="UA")
    assert place is not None and (place.lat, place.lon) == (50.12346, 30.65432)
    assert again("Nowhere", country="UA") is None
    assert json.loads(cache.read_text(encoding="utf-8")) == {"Known Village|UA": [50.12346, 30.65432],
                                                             "Nowhere|UA": None}


@pytest.mark.parametrize("module", ["geopy.geocoders", "geopy.extra.rate_limiter"])
def test_geocode_without_geopy_is_a_config_error(tmp_path: Path, monkeypatch, module: str) -> None:
    """geopy is the ``online`` extra: without it, asking for the fallback says how to install it."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ConfigError, match=r"geo-claims\[online\]"):
        OnlineFallback(tmp_path / "nominatim.json")
