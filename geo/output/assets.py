"""What the map page inlines besides its data: the vendored Leaflet files and the map's
own script and style (``geo/assets/``), the country outlines of the basemap, and the ids
the page's elements are found by.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gazetteer import data_dir
from .mapdata import clean_text, features_of, json_for_html, polygon

ASSETS = Path(__file__).resolve().parent.parent / "assets"

DATA_ELEMENT_ID = "geo-claim-data"
BASEMAP_ELEMENT_ID = "geo-basemap-data"
BASEMAP_FILE = "world_outline.geojson"  # in geo.gazetteer.data_dir()
MAP_ID = "geo"  # folium renders the map as ``map_geo``
DEFAULT_CENTER = (48.4, 31.2)  # used only when there are no places at all
__all__ = ["ASSETS", "BASEMAP_ELEMENT_ID", "BASEMAP_FILE", "DATA_ELEMENT_ID", "DEFAULT_CENTER", "GENERATED_NAME_RE",
           "MAP_ID", "basemap_json", "default_basemap_json", "inline_css", "inline_js"]

GENERATED_NAME_RE = re.compile(r"^\w+_[0-9a-f]{32}$")


@functools.lru_cache(maxsize=None)
def _asset_text(rel: str) -> str:
    """Read one file under ``geo/assets/`` as text, made safe to inline."""
    text = (ASSETS / rel).read_text(encoding="utf-8")
    # Source-map comments would make developer tools fetch a file we do not ship.
    text = re.sub(r"/[/*][#@] sourceMappingURL=[^\n]*", "", text)
    if re.search(r"</(script|style)", text, re.IGNORECASE):  # pragma: no cover - asset check
        raise RuntimeError(f"asset {rel} cannot be inlined: contains a closing tag")
    return text


def _data_uri(rel: str, mime: str) -> str:
    data = base64.b64encode((ASSETS / rel).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"


@functools.lru_cache(maxsize=None)
def inline_css() -> str:
    """Leaflet, markercluster and map CSS, with Leaflet's images as data URIs."""
    leaflet = _asset_text("leaflet/leaflet.css")
    for name in ("layers.png", "layers-2x.png"):
        leaflet = leaflet.replace(
            f"url(images/{name})", f"url({_data_uri('leaflet/images/' + name, 'image/png')})"
        )
    # Default marker icon is never used (markers are div icons); avoid any fetch.
    leaflet = leaflet.replace("url(images/marker-icon.png)", "none")
    return "\n".join(
        [leaflet, _asset_text("leaflet.markercluster/MarkerCluster.css"), _asset_text("claimmap.css")]
    )


@functools.lru_cache(maxsize=None)
def inline_js() -> str:
    return "\n".join(
        [
            _asset_text("leaflet/leaflet.js"),
            _asset_text("leaflet.markercluster/leaflet.markercluster.js"),
            _asset_text("claimmap.js"),
        ]
    )


def _basemap_features(basemap: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Country outline polygons trimmed to ``name``/``iso2`` and 0.01 degree coordinates."""
    out: list[dict[str, Any]] = []
    for feature in features_of(basemap):
        props = feature.get("properties")
        geometry = feature.get("geometry")
        if not isinstance(props, Mapping):
            props = {}
        if not isinstance(geometry, Mapping):
            continue
        kind = geometry.get("type")
        coords = geometry.get("coordinates")
        if kind == "Polygon":
            polys = [polygon(coords)]
        elif kind == "MultiPolygon" and isinstance(coords, (list, tuple)):
            polys = [polygon(p) for p in coords]
        else:
            continue
        polys = [p for p in polys if p]
        if not polys:
            continue
        properties: dict[str, Any] = {}
        name = clean_text(props.get("name"))
        if name is not None:
            properties["name"] = name
        iso2 = props.get("iso2")
        if isinstance(iso2, str) and re.fullmatch("[A-Z]{2}", iso2):
            properties["iso2"] = iso2
        out.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Polygon", "coordinates": polys[0]}
                if len(polys) == 1
                else {"type": "MultiPolygon", "coordinates": polys},
            }
        )
    return out


def basemap_json(basemap: Mapping[str, Any] | None) -> str | None:
    """The basemap as HTML-safe JSON text, or None when it has no polygons."""
    features = _basemap_features(basemap)
    if not features:
        return None
    return json_for_html({"type": "FeatureCollection", "features": features})


def default_basemap_json() -> str | None:
    """``world_outline.geojson`` from the data folder as embeddable JSON; None when missing."""
    path = data_dir() / BASEMAP_FILE
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_basemap_json(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _cached_basemap_json(path: str, mtime_ns: int, size: int) -> str | None:
    """Read and trim one basemap file; cached per (path, modification time, size)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return basemap_json(data if isinstance(data, Mapping) else None)
