"""Interactive, self-contained HTML map of place claims.

The page is a folium :class:`folium.Map` whose CDN scripts are replaced by the
vendored Leaflet and Leaflet.markercluster files in ``geo/assets/``, inlined so the
HTML opens with no network (only the OpenStreetMap background tiles are fetched,
and the page still works without them).

Security model: every string in the input comes from article text and is
untrusted.  The data is embedded once, as JSON in a ``<script
type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029
written as ``\\uXXXX`` escapes, and ``geo/assets/claimmap.js`` builds markers,
tooltips and popups from it with DOM APIs (``textContent``, ``setAttribute``),
linking a URL only when its scheme is http or https.

Basemap: country outlines (``data/world_outline.geojson``, Natural Earth) are
embedded in a second JSON block and drawn in their own pane under the tiles, the
regions and the markers, so the map can be read offline: coasts and borders show
where the tiles cannot load, and loaded tiles simply cover them.

Output is deterministic: folium element ids, normally random, are given fixed
values per map, so the same input yields byte-identical HTML.

Public functions: :func:`build_map`, :func:`render_map`, :func:`save_map`.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engines.cache import seal, unseal
from .geojson import http_url

if TYPE_CHECKING:
    import folium


__all__ = ["MapData", "build_map", "page_chunks", "prepare_place", "render_map", "save_map"]

_ASSETS = Path(__file__).resolve().parent.parent / "assets"

#: Tags in display order; "mention" is the only non-event tag.
_TAGS: tuple[str, ...] = ("capture_claim", "denial", "strike", "fortified", "mention")
_EVENT_TAGS = frozenset(_TAGS[:-1])
#: Claimants; a missing claimant is shown as "unattributed".
_CLAIMANTS: tuple[str, ...] = ("RU", "UA", "other", "unattributed")
_STATUSES: tuple[str, ...] = ("contested", "claimed", "denied", "struck", "fortified", "mentioned")

_DATA_ELEMENT_ID = "geo-claim-data"
_BASEMAP_ELEMENT_ID = "geo-basemap-data"
_BASEMAP_FILE = "world_outline.geojson"  # in geo.gazetteer.data_dir()
_MAP_ID = "geo"  # folium renders the map as ``map_geo``
_DEFAULT_CENTER = (48.4, 31.2)  # used only when there are no places at all
_MAX_TEXT = 2000  # characters kept of any one untrusted string
_MAX_ALIASES = 12

_GENERATED_NAME_RE = re.compile(r"^\w+_[0-9a-f]{32}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_HTML_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


# --------------------------------------------------------------------------- assets


@functools.lru_cache(maxsize=None)
def _asset_text(rel: str) -> str:
    """Read one file under ``geo/assets/`` as text, made safe to inline."""
    text = (_ASSETS / rel).read_text(encoding="utf-8")
    # Source-map comments would make developer tools fetch a file we do not ship.
    text = re.sub(r"/[/*][#@] sourceMappingURL=[^\n]*", "", text)
    if re.search(r"</(script|style)", text, re.IGNORECASE):  # pragma: no cover - asset check
        raise RuntimeError(f"asset {rel} cannot be inlined: contains a closing tag")
    return text


def _data_uri(rel: str, mime: str) -> str:
    data = base64.b64encode((_ASSETS / rel).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"


@functools.lru_cache(maxsize=None)
def _inline_css() -> str:
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
def _inline_js() -> str:
    return "\n".join(
        [
            _asset_text("leaflet/leaflet.js"),
            _asset_text("leaflet.markercluster/leaflet.markercluster.js"),
            _asset_text("claimmap.js"),
        ]
    )


# --------------------------------------------------------------------------- data


def _text(value: Any) -> str | None:
    """Untrusted value -> bounded string, or None when empty/missing."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if not text.strip():
        return None
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 1] + "\u2026"
    return text


def _date(value: Any) -> str | None:
    text = _text(value)
    return text if text is not None and _DATE_RE.match(text) else None


def _http_url(value: Any) -> str | None:
    """Keep a URL only when its scheme is http or https (checked again in the browser)
    and it is whole: a URL too long to keep is dropped, never linked cut."""
    url = http_url(value)
    return url if url is not None and len(url) <= _MAX_TEXT else None


def _claimant(value: Any) -> str:
    if value is None or value == "unattributed":
        return "unattributed"
    return value if value in ("RU", "UA") else "other"


def _lat_lon(feature: Mapping[str, Any]) -> tuple[float, float] | None:
    """Return (lat, lon) of a Point feature, or None when missing/invalid."""
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
    if not isinstance(coords, (list, tuple)) or len(coords) < 2:
        return None
    try:
        lon, lat = float(coords[0]), float(coords[1])
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 5), round(lon, 5)


def _features(collection: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if not collection:
        return []
    return [f for f in collection.get("features") or [] if isinstance(f, Mapping)]


class _Interner:
    """Assigns small integer ids to repeated values, in first-seen order."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        key = tuple(value) if isinstance(value, list) else value
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(value)
        return self._index[key]


def _citations_from_claims(claims: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Group claim features by place as citation dicts (fallback when places lack them)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for feature in _features(claims):
        props = feature.get("properties") or {}
        place = _text(props.get("place"))
        if place is None:
            continue
        out.setdefault(place, []).append(
            {k: props.get(k) for k in ("article", "tag", "claimant", "evidence", "source", "date", "url", "title")}
        )
    return out


def _aliases_from_claims(claims: Mapping[str, Any]) -> dict[tuple[str, tuple[float, float]], list[str]]:
    """Spellings as written in the articles, per place (name and point), in claim order."""
    out: dict[tuple[str, tuple[float, float]], list[str]] = {}
    for feature in _features(claims):
        props = feature.get("properties") or {}
        place, surface, where = _text(props.get("place")), _text(props.get("surface")), _lat_lon(feature)
        if place is not None and surface is not None and where is not None:
            out.setdefault((place, where), []).append(surface)
    return out


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and all(isinstance(c, (int, float)) for c in coords):
            return [round(float(c), 4) for c in coords]
        return [_round_coords(c) for c in coords]
    return coords


def shaded_regions(regions: Mapping[str, Any] | None, codes: Iterable[str], *,
                   rounded: bool = False) -> tuple[str, bool]:
    """The regions a map shades, as compact JSON text (a FeatureCollection of the admin-1
    outlines whose code is in ``codes``), and whether there is any."""
    features = _region_features(regions, codes, rounded=rounded)
    return _COMPACT.encode({"type": "FeatureCollection", "features": features}), bool(features)


def _region_features(regions: Mapping[str, Any] | None, codes: Iterable[str], *,
                     rounded: bool = False) -> list[dict[str, Any]]:
    """The admin-1 polygons whose code is in ``codes``, trimmed to what the map needs
    (``rounded``: the coordinates have 4 decimals or fewer already)."""
    wanted = set(codes)
    out: list[dict[str, Any]] = []
    for feature in _features(regions):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        code = _text(props.get("code"))
        if code is None or code not in wanted:
            continue
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": _text(props.get("name")) or code},
                "geometry": {"type": geometry["type"], "coordinates": geometry.get("coordinates") if rounded
                             else _round_coords(geometry.get("coordinates"))},
            }
        )
    out.sort(key=lambda f: f["properties"]["code"])
    return out


def _position(value: Any) -> list[float] | None:
    """One basemap position as [lon, lat] rounded to 0.01 degree, or None when invalid."""
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        return None
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    # Longitudes a little past 180 occur in datasets cut at the antimeridian; Leaflet draws them.
    if not (math.isfinite(lon) and math.isfinite(lat) and -360 <= lon <= 360 and -90 <= lat <= 90):
        return None
    return [round(lon, 2) + 0.0, round(lat, 2) + 0.0]


def _polygon(rings: Any) -> list[list[list[float]]] | None:
    """Polygon coordinates with invalid positions and degenerate rings dropped."""
    if not isinstance(rings, (list, tuple)):
        return None
    out = []
    for ring in rings:
        positions = [p for p in map(_position, ring) if p is not None] if isinstance(ring, (list, tuple)) else []
        if len(positions) >= 4:
            out.append(positions)
        elif not out:
            return None  # no usable exterior ring
    return out or None


def _basemap_features(basemap: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Country outline polygons trimmed to ``name``/``iso2`` and 0.01 degree coordinates."""
    out: list[dict[str, Any]] = []
    for feature in _features(basemap):
        props = feature.get("properties")
        geometry = feature.get("geometry")
        if not isinstance(props, Mapping):
            props = {}
        if not isinstance(geometry, Mapping):
            continue
        kind = geometry.get("type")
        coords = geometry.get("coordinates")
        if kind == "Polygon":
            polys = [_polygon(coords)]
        elif kind == "MultiPolygon" and isinstance(coords, (list, tuple)):
            polys = [_polygon(p) for p in coords]
        else:
            continue
        polys = [p for p in polys if p]
        if not polys:
            continue
        properties: dict[str, Any] = {}
        name = _text(props.get("name"))
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


def _basemap_json(basemap: Mapping[str, Any] | None) -> str | None:
    """The basemap as HTML-safe JSON text, or None when it has no polygons."""
    features = _basemap_features(basemap)
    if not features:
        return None
    return _json_for_html({"type": "FeatureCollection", "features": features})


def _default_basemap_json() -> str | None:
    """``world_outline.geojson`` from the data folder as embeddable JSON; None when missing."""
    from ..gazetteer import data_dir  # deferred: importing webmap stays cheap

    path = data_dir() / _BASEMAP_FILE
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
    return _basemap_json(data if isinstance(data, Mapping) else None)


class MapData:
    """Everything the page shows, gathered one place feature at a time.

    A build streams its places through :meth:`add`; :func:`build_map` feeds it from
    FeatureCollections.  Articles and evidence sentences are stored once and cited by
    index, so a sentence cited for several places costs its text once.
    """

    def __init__(self, *, tiles: bool = True) -> None:
        self.tiles = tiles
        self._articles = _Interner()
        self._texts = _Interner()
        # Raw values seen before -> their interned index (most citations repeat an article).
        self._article_ids: dict[tuple, int] = {}
        self._text_ids: dict[str, int] = {}
        self._tag_counts = dict.fromkeys(_TAGS, 0)
        self._claimant_counts = dict.fromkeys(_CLAIMANTS, 0)
        self._dates: tuple[str, str] | None = None
        self._places: list[str] = []  # each place as JSON text
        self._event_points: list[tuple[float, float]] = []
        self._all_box: list[float] | None = None
        self._event_regions: set[str] = set()

    def add(self, feature: Mapping[str, Any], spellings: Iterable[str] = (),
            citations: Iterable[Mapping[str, Any]] | None = None) -> None:
        """Add one place feature (see :func:`geo.output.geojson.place_status`).

        ``spellings`` are the place's names as written in the articles (for search);
        ``citations`` stand in when the feature has no ``citations`` list.
        """
        prepared = prepare_place(feature, spellings, citations)
        if prepared is not None:
            self.add_prepared(prepared)

    def add_prepared(self, prepared: tuple) -> None:
        """Add one place as made by :func:`prepare_place`."""
        text, lat, lon, region, cits, event = prepared
        refs = []
        for article, tag, claimant, evidence in cits:
            art = self._article_ids.get(article)
            if art is None:
                art = self._article_ids[article] = self._articles(list(article))
            said = self._text_ids.get(evidence)
            if said is None:
                said = self._text_ids[evidence] = self._texts(evidence)
            # Tags and claimants are fixed ASCII words (checked in prepare_place): no escaping.
            refs.append(f'[{art},"{tag}","{claimant}",{said}]')
            self._tag_counts[tag] += 1
            self._claimant_counts[claimant] += 1
            date = article[1]
            if date:
                lo, hi = self._dates or (date, date)
                self._dates = (min(lo, date), max(hi, date))
        self._places.append(f'{text},"c":[{",".join(refs)}]}}')
        where = (lat, lon)
        self._all_box = _grow(self._all_box, where)
        if event:
            self._event_points.append(where)
            if region:
                self._event_regions.add(region)

    def page_json(self, regions: Mapping[str, Any] | None, *, rounded: bool = False,
                  shaded: tuple[str, bool] | None = None) -> tuple[str, bool]:
        """The description of the page as JSON text safe inside ``<script>`` (see
        :func:`_json_for_html`), and whether it shades any region; ``regions``: admin-1
        outlines to shade (``rounded``: their coordinates have 4 decimals or fewer already),
        or ``shaded``: what :func:`shaded_regions` made of them for :attr:`event_regions`.

        Each place's JSON was written as it was added, so only the shared tables are
        encoded here."""
        box = _event_box(self._event_points) or self._all_box
        head = {
            "version": 1,
            "tiles": self.tiles,
            "bounds": [[box[0], box[1]], [box[2], box[3]]] if box else None,
            "dates": list(self._dates) if self._dates else None,
            "counts": {"tag": self._tag_counts, "claimant": self._claimant_counts},
            "articles": self._articles.items,
            "texts": self._texts.items,
        }
        outlines, has_regions = shaded or shaded_regions(regions, self._event_regions, rounded=rounded)
        text = f'{_COMPACT.encode(head)[:-1]},"places":[{",".join(self._places)}],"regions":{outlines}}}'
        return _html_safe(text), has_regions

    @property
    def event_regions(self) -> tuple[str, ...]:
        """The codes of the regions the events so far fall in, sorted."""
        return tuple(sorted(self._event_regions))


def prepare_place(feature: Mapping[str, Any], spellings: Iterable[str] = (),
                  citations: Iterable[Mapping[str, Any]] | None = None) -> tuple | None:
    """What :meth:`MapData.add` keeps of one place feature, checked and cleaned, as plain
    values (:mod:`marshal`-able, so a build can cache it): the place's JSON text without
    its citations, its latitude, longitude and region code, its citations and whether it
    has events; ``None`` for a feature without a name or a valid point."""
    props = feature.get("properties") or {}
    name = _text(props.get("place"))
    where = _lat_lon(feature)
    if name is None or where is None:
        return None
    raw_cits: Iterable[Any] = props.get("citations")  # type: ignore[assignment]
    if not isinstance(raw_cits, list):
        raw_cits = citations or ()
    cits: list[tuple[tuple, str, str, str]] = []
    for cit in raw_cits:
        if not isinstance(cit, Mapping) or cit.get("tag") not in _TAGS:
            continue
        article = (_text(cit.get("source")), _date(cit.get("date")), _http_url(cit.get("url")),
                   _text(cit.get("title")), _text(cit.get("article")))
        cits.append((article, cit["tag"], _claimant(cit.get("claimant")), _text(cit.get("evidence")) or ""))
    # Newest first, undated last; stable for equal dates.
    cits.sort(key=lambda c: c[0][1] or "", reverse=True)
    tags = {c[1] for c in cits} | {t for t in props.get("tags") or [] if t in _TAGS}
    status = props.get("status")
    if status not in _STATUSES:
        status = _status_from_tags(tags)
    region = _text(props.get("region_code"))
    place: dict[str, Any] = {
        "n": name,
        "la": where[0],
        "lo": where[1],
        "s": status,
        "a": _text(props.get("admin1")),
        "cc": _text(props.get("country")),
        "r": region,
    }
    aliases: list[str] = []
    for surface in spellings:
        text = _text(surface)
        if text is None or text.casefold() == name.casefold() or text in aliases:
            continue
        aliases.append(text)
        if len(aliases) >= _MAX_ALIASES:
            break
    if aliases:
        place["al"] = aliases
    precision = props.get("precision")
    if precision in (2, 3) and props.get("kind") in ("city", "region") and name != place["a"]:
        place["ap"] = precision  # a stand-in point: a district's town (2) or the region (3)
    # The place's JSON object without its closing brace: the citations' indices follow.
    text = _COMPACT.encode(place)[:-1]
    return text, where[0], where[1], region, cits, bool(tags & _EVENT_TAGS or status != "mentioned")


#: A point is a stray, left out of the first view, when it lies further than this from
#: the median of the events (degrees of latitude, of longitude) and far more than most do.
_STRAY_LAT, _STRAY_LON = 10.0, 16.0


def _event_box(points: list[tuple[float, float]]) -> list[float] | None:
    """The [south, west, north, east] box the map first shows: every event, except a few
    strays far from the rest (at most one in ten), so one strike reported in another
    continent does not open the map over half the world."""
    if not points:
        return None
    kept = points
    if len(points) >= 3:
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        mid_lat, mid_lon = lats[len(lats) // 2], lons[len(lons) // 2]
        spread_lat = sorted(abs(p[0] - mid_lat) for p in points)[len(points) // 2]
        spread_lon = sorted(abs(p[1] - mid_lon) for p in points)[len(points) // 2]
        reach_lat, reach_lon = max(_STRAY_LAT, 4 * spread_lat), max(_STRAY_LON, 4 * spread_lon)
        near = [p for p in points if abs(p[0] - mid_lat) <= reach_lat and abs(p[1] - mid_lon) <= reach_lon]
        if near and len(points) - len(near) <= max(1, len(points) // 10):
            kept = near
    box: list[float] | None = None
    for where in kept:
        box = _grow(box, where)
    return box


def _grow(box: list[float] | None, where: tuple[float, float]) -> list[float]:
    """A [south, west, north, east] box grown to hold ``where``."""
    lat, lon = where
    if box is None:
        return [lat, lon, lat, lon]
    return [min(box[0], lat), min(box[1], lon), max(box[2], lat), max(box[3], lon)]


def _payload(
    claims: Mapping[str, Any],
    places: Mapping[str, Any],
    regions: Mapping[str, Any] | None,
    tiles: bool,
) -> tuple[str, bool]:
    """Compact description of everything the page shows: :meth:`MapData.page_json`."""
    data = MapData(tiles=tiles)
    fallback = _citations_from_claims(claims)
    aliases = _aliases_from_claims(claims)
    for feature in _features(places):
        name = _text((feature.get("properties") or {}).get("place"))
        where = _lat_lon(feature)
        if name is not None and where is not None:
            data.add(feature, aliases.get((name, where), ()), fallback.get(name))
    return data.page_json(regions)


def _status_from_tags(tags: set[str]) -> str:
    if {"capture_claim", "denial"} <= tags:
        return "contested"
    for tag, status in (
        ("capture_claim", "claimed"),
        ("denial", "denied"),
        ("strike", "struck"),
        ("fortified", "fortified"),
    ):
        if tag in tags:
            return status
    return "mentioned"


def _json_for_html(obj: Any) -> str:
    """JSON text that cannot end a ``<script>`` element or break a JS string."""
    return _html_safe(_COMPACT.encode(obj))


#: Compact JSON, as embedded in the page.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _html_safe(text: str) -> str:
    """:func:`_json_for_html` of JSON text: lone surrogates replaced, ``<``, ``>``, ``&``,
    U+2028 and U+2029 escaped."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    for char, escape in _JSON_HTML_ESCAPES.items():  # str.replace: far faster than translate on big text
        text = text.replace(chr(char), escape)
    return text


def build_map(
    claims: Mapping[str, Any],
    places: Mapping[str, Any],
    *,
    regions: Mapping[str, Any] | None = None,
    title: str = "Claim map",
    tiles: bool = True,
    basemap: Mapping[str, Any] | None = None,
) -> folium.Map:
    """Build the interactive claim map.

    Parameters
    ----------
    claims : dict
        GeoJSON FeatureCollection of claim Points (one per article, place, tag,
        claimant).  Used for the spellings shown in the search box, and for the
        citations of any place feature that has no ``citations`` list.
    places : dict
        GeoJSON FeatureCollection with one Point per place (``place``, ``status``,
        ``citations`` ... properties).  One marker is drawn per place.
    regions : dict, optional
        FeatureCollection of admin-1 polygons (properties ``code``, ``name``).
        Only those whose ``code`` is the ``region_code`` of a place with an event
        tag are embedded and shaded.
    title : str, default "Claim map"
        Page title, also shown in the legend (escaped).
    tiles : bool, default True
        Load OpenStreetMap background tiles.  Without them (or offline) the
        country outlines of ``basemap`` are the background.
    basemap : dict, optional
        FeatureCollection of country (Multi)Polygons (properties ``name``,
        ``iso2``) drawn under everything else as light land on a pale sea.  When
        omitted, ``world_outline.geojson`` in :func:`geo.gazetteer.data_dir` is
        used if it exists (otherwise the background is plain).  Pass an empty
        FeatureCollection for no outlines.  Coordinates are embedded rounded to
        0.01 degree.

    Returns
    -------
    folium.Map
        A map whose rendered HTML needs no network besides the optional tiles.
        Render it with :func:`render_map` or write it with :func:`save_map`.
    """
    payload, has_regions = _payload(claims, places, regions, tiles)
    basemap_json = _default_basemap_json() if basemap is None else _basemap_json(basemap)
    from .foliumpage import folium_map  # deferred: folium takes half a second to import

    return folium_map(payload, title, basemap_json, has_regions=has_regions)


_DATA_SLOT = "\x00geo-claim-data\x00"  # cannot occur in a folium page: stands for the data


def page_chunks(data: MapData, *, regions: Mapping[str, Any] | None = None, title: str = "Claim map",
                basemap: Mapping[str, Any] | None = None, shell_cache: Path | None = None,
                regions_rounded: bool = False, shaded: tuple[str, bool] | None = None) -> Iterator[str]:
    """The HTML page of :func:`build_map`, as pieces, from gathered :class:`MapData`.

    The folium page around the data is rendered with a placeholder and, when
    ``shell_cache`` (a folder) is given, kept there: a rebuild with the same title and
    options only splices in the new data, without importing folium.  The bytes equal
    ``render_map(build_map(...))`` for the same places.  ``shaded`` stands in for
    ``regions`` (see :meth:`MapData.page_json`).
    """
    payload, has_regions = data.page_json(regions, rounded=regions_rounded, shaded=shaded)
    head, tail = _shell(title, basemap, has_regions, shell_cache)
    yield head
    yield payload
    yield tail


def _folium_version() -> str:
    """Which folium is installed (its location and file stamp), without importing it."""
    from importlib.util import find_spec

    spec = find_spec("folium")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        st = os.stat(origin)
    except OSError:
        return origin
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}"


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _shell(title: str, basemap: Mapping[str, Any] | None, has_regions: bool,
           folder: Path | None) -> tuple[str, str]:
    """The page before and after the data (read from ``folder`` when cached there).

    The cache key covers everything the page around the data depends on: this module,
    the assets, the basemap (the default file's stamp, or the given outlines), the title,
    the options and the installed folium."""
    path = None
    if folder is not None:
        import hashlib

        from ..gazetteer import data_dir

        h = hashlib.sha256()
        h.update(Path(__file__).read_bytes())
        h.update(Path(__file__).with_name("foliumpage.py").read_bytes())
        parts = [_stamp(p) for p in sorted(_ASSETS.rglob("*")) if p.is_file()]
        parts += [_stamp(data_dir() / _BASEMAP_FILE) if basemap is None else (_basemap_json(basemap) or ""),
                  title, str(has_regions), _folium_version()]
        for part in parts:
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        path = Path(folder) / f"shell-{h.hexdigest()[:20]}.page"
        try:
            # Only a page whose digest matches is used: a truncated or altered copy is rebuilt.
            stored = unseal(path.read_bytes())
            head, sep, tail = stored.decode("utf-8").partition(_DATA_SLOT) if stored is not None else ("", "", "")
            if sep:
                return head, tail
        except (OSError, UnicodeDecodeError):
            pass
    from .foliumpage import folium_map

    basemap_json = _default_basemap_json() if basemap is None else _basemap_json(basemap)
    page = render_map(folium_map(_DATA_SLOT, title, basemap_json, has_regions=has_regions))
    head, _, tail = page.partition(_DATA_SLOT)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(seal(page.encode("utf-8")))
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache only costs speed
    return head, tail


def render_map(m: folium.Map) -> str:
    """Return the complete HTML page of a map made by :func:`build_map`.

    Parameters
    ----------
    m : folium.Map
        The map.

    Returns
    -------
    str
        The HTML document, identical for identical input.
    """
    page = m.get_root().render()
    # The page is in English (screen readers pick their voice from it); folium sets no lang.
    return page.replace("<html>", '<html lang="en">', 1)


def save_map(m: folium.Map, path: Path) -> None:
    """Write the map's HTML page to ``path`` atomically.

    The page is written to a temporary file in the same folder, flushed to disk,
    and renamed over ``path``, so readers never see a partial file.

    Parameters
    ----------
    m : folium.Map
        The map, usually from :func:`build_map`.
    path : pathlib.Path
        Destination file; its folder must exist.
    """
    path = Path(path)
    data = render_map(m).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
