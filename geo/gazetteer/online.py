"""Opt-in online fallback for names the offline gazetteer lacks.

Off by default: only ``geo build --online`` (or ``build(..., fallback=...)``) uses it.
It asks geopy's Nominatim geocoder at most once per second (geopy's
``RateLimiter``), sends a descriptive user agent as the OpenStreetMap usage policy
asks, and keeps every answer, found or not, in an on-disk JSON cache so a rebuild
asks nothing twice.  A request that fails (no network, a timeout) is no answer: it is
not kept, the run says so in one line and asks nothing more.  Tests pass a fake geocoder; the network is never touched
there or in CI.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigError
from ..model import Place

__all__ = ["Fallback", "OnlineFallback", "USER_AGENT"]

_LOG = logging.getLogger("geo")


def _printable_reason(err: BaseException) -> str:
    """What went wrong, in one short line."""
    text = " ".join(str(err).split())[:200]
    return text or "no answer"

USER_AGENT = "geo-claim-mapper/0.1 (offline-first geoparser; opt-in fallback for unknown place names)"


class Fallback(Protocol):
    """Resolves a place name the gazetteer lacks, with optional context."""

    def __call__(self, name: str, *, country: str | None = None, region: str | None = None) -> Place | None:
        ...


class OnlineFallback:
    """Nominatim through geopy, rate limited and cached.

    Parameters
    ----------
    cache : Path
        JSON file of earlier answers (created if missing).
    geocoder : object, optional
        Anything with geopy's ``geocode(query, exactly_one=True, ...)``; defaults to
        ``geopy.geocoders.Nominatim(user_agent=USER_AGENT)``.  Tests pass a fake.
    min_delay_seconds : float
        Pause between requests (Nominatim's policy: at most one per second).

    Examples
    --------
    >>> fb = OnlineFallback(Path("~/.cache/geo/nominatim.json").expanduser())  # doctest: +SKIP
    >>> fb("Stara Shchinka", country="RU", region="Belgorod Oblast")           # doctest: +SKIP
    """

    def __init__(self, cache: Path, *, geocoder: Any = None, min_delay_seconds: float = 1.0) -> None:
        if min_delay_seconds < 1.0 and geocoder is None:
            raise ConfigError(f"min_delay_seconds={min_delay_seconds}: Nominatim allows at most 1 request/s")
        try:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim
        except ImportError as err:  # an optional dependency: the offline install lacks it
            raise ConfigError(f"the online fallback needs geopy: pip install 'geo-claims[online]' ({err})") from err
        if geocoder is None:
            geocoder = Nominatim(user_agent=USER_AGENT, timeout=10)

        self._geocode: Callable[..., Any] = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
            error_wait_seconds=2 * min_delay_seconds, swallow_exceptions=False)
        self.cache_path = Path(cache)
        self._cache: dict[str, list[float] | None] = {}
        if self.cache_path.exists():
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}  # an unreadable cache is rebuilt, not fatal
        self.requests = 0
        #: Why the geocoder could not be reached in this run (then it is not asked again).
        self.unreachable: str | None = None

    def __call__(self, name: str, *, country: str | None = None, region: str | None = None) -> Place | None:
        query = ", ".join(p for p in (name, region) if p)
        key = f"{query}|{country or ''}"
        if key not in self._cache:
            kwargs = {"exactly_one": True, "language": "en"}
            if country:
                kwargs["country_codes"] = country.lower()
            if self.unreachable is not None:
                return None
            self.requests += 1
            try:
                loc = self._geocode(query, **kwargs)
            except Exception as err:  # no network, a timeout, a refusal: not an answer, so not cached
                self.unreachable = _printable_reason(err)
                _LOG.warning("geo: --online: the geocoder cannot be reached (%s); names the offline gazetteer "
                             "lacks stay unplaced in this run", self.unreachable)
                return None
            self._cache[key] = [round(loc.latitude, 5), round(loc.longitude, 5)] if loc is not None else None
            self._save()
        hit = self._cache[key]
        if hit is None:
            return None
        return Place(name=name, lat=hit[0], lon=hit[1], kind="city", country=country, admin1=region, precision=1)

    def _save(self) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._cache, f, sort_keys=True, ensure_ascii=False)
            os.replace(tmp, self.cache_path)
        except OSError:
            pass  # the cache is an optimisation
