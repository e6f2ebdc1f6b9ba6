"""Stage 5 (optional): the claims as GIS files through geopandas.

* ``claims.gpkg``: GeoPackage, layers ``claims`` and ``places`` (QGIS, ArcGIS);
* ``claims.csv``: ACLED-like columns (event_date, event_type, actor1, location,
  admin1, country, latitude, longitude, geo_precision, source, notes) so the rows
  merge with ACLED exports;
* ``claims.kml``: for Google Earth.

Each writer produces bytes in a temporary file; :func:`geo.pipeline.build` moves
them into place with the other outputs.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ConfigError

__all__ = ["FORMATS", "check_formats", "export"]

#: Export formats beyond the GeoJSON and HTML map.
FORMATS = ("csv", "gpkg", "kml")

_EVENT_TYPE = {"capture_claim": "Capture claim", "denial": "Denial of capture", "strike": "Strike",
               "fortified": "Fortified place", "mention": "Mention"}
_ACTOR = {"RU": "Russia (claimant)", "UA": "Ukraine (claimant)", "other": "Other party", None: ""}
_CSV_COLUMNS = ("event_id", "event_date", "event_type", "actor1", "location", "admin1", "country",
                "latitude", "longitude", "geo_precision", "source", "source_url", "notes", "article", "tag",
                "claimant")


def _csv(claims: dict) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(_CSV_COLUMNS)
    for n, f in enumerate(claims["features"], start=1):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        w.writerow([f"{p['article']}-{n}", p["date"] or "", _EVENT_TYPE[p["tag"]], _ACTOR.get(p["claimant"], ""),
                    p["place"], p["admin1"] or "", p["country"] or "", lat, lon, p["precision"],
                    p["source"] or "", p["url"] or "", p["evidence"], p["article"], p["tag"], p["claimant"] or ""])
    return out.getvalue().encode("utf-8")


def _frame(fc: dict):
    """A GeoDataFrame with list/dict properties flattened to JSON text (GIS files hold scalars)."""
    import geopandas as gpd

    feats = []
    for f in fc["features"]:
        props = {k: (json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v)
                 for k, v in f["properties"].items()}
        feats.append({**f, "properties": props})
    return gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")


def _via_file(suffix: str, write) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out{suffix}"
        write(path)
        return path.read_bytes()


def check_formats(formats: Sequence[str], *, extra: Sequence[str] = ()) -> None:
    """Raise ConfigError naming any format not in :data:`FORMATS` (or ``extra``) and listing the valid ones."""
    valid = (*FORMATS, *extra)
    unknown = sorted(set(formats) - set(valid))
    if unknown:
        raise ConfigError(f"unknown export format {', '.join(unknown)}; valid: {', '.join(valid)}")


def export(claims: dict, places: dict, formats: Sequence[str]) -> dict[str, bytes]:
    """File name -> bytes for each requested format.

    Parameters
    ----------
    claims, places : dict
        The FeatureCollections of :func:`geo.geojson.to_geojson` and :func:`geo.geojson.place_status`.
    formats : sequence of str
        Any of :data:`FORMATS`.

    Returns
    -------
    dict of str to bytes

    Raises
    ------
    ConfigError
        For an unknown format (the message lists the valid ones).

    Examples
    --------
    >>> files = export(claims, places, ["csv"])   # doctest: +SKIP
    >>> sorted(files)                              # doctest: +SKIP
    ['claims.csv']
    """
    check_formats(formats)
    out: dict[str, bytes] = {}
    if "csv" in formats:
        out["claims.csv"] = _csv(claims)
    if "gpkg" in formats:
        def write_gpkg(path: Path) -> None:
            if claims["features"]:
                _frame(claims).to_file(path, layer="claims", driver="GPKG")
            if places["features"]:
                _frame(places).to_file(path, layer="places", driver="GPKG", mode="a" if path.exists() else "w")
            if not path.exists():
                _empty_gpkg(path)
        out["claims.gpkg"] = _via_file(".gpkg", write_gpkg)
    if "kml" in formats:
        def write_kml(path: Path) -> None:
            if claims["features"]:
                _frame(claims).to_file(path, driver="KML")
            else:
                path.write_text('<?xml version="1.0" encoding="utf-8"?>\n'
                                '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>\n', encoding="utf-8")
        out["claims.kml"] = _via_file(".kml", write_kml)
    return out


def _empty_gpkg(path: Path) -> None:
    import geopandas as gpd

    gpd.GeoDataFrame({"place": []}, geometry=[], crs="EPSG:4326").to_file(path, layer="claims", driver="GPKG")
