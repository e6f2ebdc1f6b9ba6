"""Partitioned GeoParquet output, for corpora too large for one GeoJSON file
(``geo build --format parquet``).

Importing this module does not import geopandas or pyarrow.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import ConfigError, OutputError

__all__ = ["write_geoparquet"]

#: ``partition_by`` values other than a property name: ``month`` is the article date's YYYY-MM.
_DERIVED = {"month": lambda p: (p.get("date") or "")[:7] or None}

_NULL = "__null__"


def _partition_value(props: dict, partition_by: str) -> str:
    value = _DERIVED[partition_by](props) if partition_by in _DERIVED else props.get(partition_by)
    if value is None or value == "":
        return _NULL
    return quote(str(value), safe="-_.")


def _column_dtype(values: list) -> str:
    """A nullable pandas dtype that keeps one schema across partitions (all-null columns too)."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {bool} and kinds:
        return "boolean"
    if kinds <= {int}:
        return "Int64" if kinds else "string"
    if kinds <= {int, float}:
        return "Float64"
    return "string"


def write_geoparquet(claims_fc: dict, folder: str | os.PathLike, *, partition_by: str = "country") -> list[Path]:
    """Write a claims FeatureCollection as partitioned GeoParquet.

    Parameters
    ----------
    claims_fc : dict
        The claims collection (``Result.claims``), in its canonical order.
    folder : path
        Output folder, created if missing.  Earlier ``claims-*.parquet`` files in it
        are removed, so the folder reads back as exactly this collection.
    partition_by : str
        A feature property (``country``, ``tag``, ``claimant``, ``admin1``, ...) or
        ``month`` (the article date's ``YYYY-MM``).  Features without a value go to
        the ``__null__`` partition.

    Returns
    -------
    list of Path
        The files written, one per partition, sorted; named
        ``claims-<partition_by>=<value>.parquet`` (value percent-encoded).  Every
        file has the same columns and types, rows in the collection's order.

    Raises
    ------
    ConfigError
        When geopandas or pyarrow is missing, or ``partition_by`` is not a property.
    OutputError
        When the folder cannot be written.

    Examples
    --------
    >>> paths = write_geoparquet(result.claims, "maps/claims.parquet")   # doctest: +SKIP
    >>> import geopandas
    >>> len(geopandas.read_parquet("maps/claims.parquet")) == len(result.claims["features"])  # doctest: +SKIP
    True
    """
    try:
        import geopandas as gpd
        import pandas as pd
        import pyarrow  # noqa: F401  (to_parquet's engine)
        from shapely.geometry import shape
    except ImportError as err:
        raise ConfigError(f"GeoParquet output needs geopandas and pyarrow: "
                          f"pip install 'geo-claims[dask]' ({err})") from err
    if not re.fullmatch(r"[A-Za-z0-9_]+", partition_by):
        raise ConfigError(f"partition_by={partition_by!r}: expected a property name or 'month'")
    feats = claims_fc.get("features", [])
    columns: list[str] = []
    for f in feats:
        columns.extend(k for k in f["properties"] if k not in columns)
    if feats and partition_by not in _DERIVED and partition_by not in columns:
        raise ConfigError(f"partition_by={partition_by!r}: not a claim property; valid: month, {', '.join(columns)}")
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        stale = sorted(out.glob("claims-*.parquet"))
    except OSError as err:
        raise OutputError(f"cannot create output folder {out}: {err.strerror or err}") from err
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(feats):
        groups.setdefault(_partition_value(f["properties"], partition_by), []).append(i)
    gdf = _frame(feats, columns, gpd, pd, shape)
    written: list[Path] = []
    try:
        for value in sorted(groups):
            final = out / f"claims-{partition_by}={value}.parquet"
            _write_file(gdf.iloc[groups[value]].reset_index(drop=True), final)
            written.append(final)
        for old in stale:
            if old not in written:
                old.unlink(missing_ok=True)
    except OSError as err:
        raise OutputError(f"cannot write GeoParquet to {out}: {err.strerror or err}") from err
    return written


def _frame(feats: list[dict], columns: list[str], gpd: Any, pd: Any, shape: Any) -> Any:
    """The features as a GeoDataFrame, one column per property with one type throughout."""
    frame = pd.DataFrame({c: pd.array([f["properties"].get(c) for f in feats],
                                      dtype=_column_dtype([f["properties"].get(c) for f in feats]))
                          for c in columns})
    return gpd.GeoDataFrame(frame, geometry=[shape(f["geometry"]) for f in feats], crs="EPSG:4326")


def _write_file(gdf: Any, final: Path) -> None:
    """Write one partition to a temporary name beside ``final``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    os.close(fd)
    try:
        gdf.to_parquet(tmp, index=False)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
