"""The map's data: each place checked and cleaned (every string in it is untrusted article
text), its citations, the region shading and the first view, gathered by :class:`MapData`
into the JSON the page embeds, safe inside ``<script>``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .geojson import http_url
from .summary import STATUS_TABLE, STATUSES, place_status_of

__all__ = ["MapData", "clean_text", "collection_json", "features_of", "json_for_html", "polygon", "prepare_place",
           "shaded_regions"]

#: Tags in display order; "mention" is the only non-event tag.
_TAGS: tuple[str, ...] = ("capture_claim", "denial", "strike", "fortified", "mention")
_EVENT_TAGS = frozenset(_TAGS[:-1])
#: Claimants; a missing claimant is shown as "unattributed".
_CLAIMANTS: tuple[str, ...] = ("RU", "UA", "other", "unattributed")

_MAX_TEXT = 2000  # characters kept of any one untrusted string
_MAX_ALIASES = 12

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_HTML_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}




def clean_text(value: Any) -> str | None:
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
    text = clean_text(value)
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
    where = _lon_lat(geometry.get("coordinates") if geometry.get("type") == "Point" else None, lon_limit=180)
    return None if where is None else (round(where[1], 5), round(where[0], 5))


def _lon_lat(value: Any, *, lon_limit: float) -> tuple[float, float] | None:
    """``value`` as a (lon, lat) position of finite numbers, longitude within ``lon_limit``
    either side of 0; None when it is not one."""
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        return None
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat) and -lon_limit <= lon <= lon_limit and -90 <= lat <= 90):
        return None
    return lon, lat


def features_of(collection: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
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
    for feature in features_of(claims):
        props = feature.get("properties") or {}
        place = clean_text(props.get("place"))
        if place is None:
            continue
        out.setdefault(place, []).append(
            {k: props.get(k) for k in ("article", "tag", "claimant", "evidence", "source", "date", "url", "title",
                                       "rule", "cue")}
        )
    return out


def _claim_key(place: Any, cit: Mapping[str, Any]) -> tuple[str | None, ...]:
    """A claim's place, article, tag and claimant: what ties a place's citation to its claim feature."""
    return tuple(clean_text(v) for v in (place, cit.get("article"), cit.get("tag"), cit.get("claimant")))


def _with_whys(feature: Mapping[str, Any], whys: Mapping[tuple, Mapping[str, Any]]) -> Mapping[str, Any]:
    """A place feature whose citations name the rule and cue of their claim features
    (``places.geojson`` leaves them out)."""
    props = feature.get("properties") or {}
    cits = props.get("citations")
    if not isinstance(cits, list):
        return feature
    cits = [{**cit, **whys.get(_claim_key(props.get("place"), cit), {})} if isinstance(cit, Mapping) else cit
            for cit in cits]
    return {**feature, "properties": {**props, "citations": cits}}


def _aliases_from_claims(claims: Mapping[str, Any]) -> dict[tuple[str, tuple[float, float]], list[str]]:
    """Spellings as written in the articles, per place (name and point), in claim order."""
    out: dict[tuple[str, tuple[float, float]], list[str]] = {}
    for feature in features_of(claims):
        props = feature.get("properties") or {}
        place, surface, where = clean_text(props.get("place")), clean_text(props.get("surface")), _lat_lon(feature)
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
    for feature in features_of(regions):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        code = clean_text(props.get("code"))
        if code is None or code not in wanted:
            continue
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": clean_text(props.get("name")) or code},
                "geometry": {"type": geometry["type"], "coordinates": geometry.get("coordinates") if rounded
                             else _round_coords(geometry.get("coordinates"))},
            }
        )
    out.sort(key=lambda f: f["properties"]["code"])
    return out


def _position(value: Any) -> list[float] | None:
    """One basemap position as [lon, lat] rounded to 0.01 degree, or None when invalid."""
    # Longitudes a little past 180 occur in datasets cut at the antimeridian; Leaflet draws them.
    where = _lon_lat(value, lon_limit=360)
    return None if where is None else [round(where[0], 2) + 0.0, round(where[1], 2) + 0.0]


def polygon(rings: Any) -> list[list[list[float]]] | None:
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
        for article, tag, claimant, evidence, why in cits:
            art = self._article_ids.get(article)
            if art is None:
                art = self._article_ids[article] = self._articles(list(article))
            said = self._text(evidence)
            # Tags and claimants are fixed ASCII words (checked in prepare_place): no escaping.
            refs.append(f'[{art},"{tag}","{claimant}",{said},{self._text(why)}]' if why
                        else f'[{art},"{tag}","{claimant}",{said}]')
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
        :func:`json_for_html`), and whether it shades any region; ``regions``: admin-1
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
            "statuses": STATUS_TABLE,
        }
        outlines, has_regions = shaded or shaded_regions(regions, self._event_regions, rounded=rounded)
        text = f'{_COMPACT.encode(head)[:-1]},"places":[{",".join(self._places)}],"regions":{outlines}}}'
        return _html_safe(text), has_regions

    def _text(self, text: str) -> int:
        """The index of ``text`` in the page's table of texts (each text stored once)."""
        index = self._text_ids.get(text)
        if index is None:
            index = self._text_ids[text] = self._texts(text)
        return index

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
    name = clean_text(props.get("place"))
    where = _lat_lon(feature)
    if name is None or where is None:
        return None
    raw_cits: Iterable[Any] = props.get("citations")  # type: ignore[assignment]
    if not isinstance(raw_cits, list):
        raw_cits = citations or ()
    cits: list[tuple[tuple, str, str, str, str]] = []
    for cit in raw_cits:
        if not isinstance(cit, Mapping) or cit.get("tag") not in _TAGS:
            continue
        article = (clean_text(cit.get("source")), _date(cit.get("date")), _http_url(cit.get("url")),
                   clean_text(cit.get("title")), clean_text(cit.get("article")))
        cits.append((article, cit["tag"], _claimant(cit.get("claimant")), clean_text(cit.get("evidence")) or "",
                     _why(cit)))
    # Newest first, undated last; stable for equal dates.
    cits.sort(key=lambda c: c[0][1] or "", reverse=True)
    tags = {c[1] for c in cits} | {t for t in props.get("tags") or [] if t in _TAGS}
    status = props.get("status")
    if status not in STATUSES:
        status = place_status_of(tags)
    region = clean_text(props.get("region_code"))
    place: dict[str, Any] = {
        "n": name,
        "la": where[0],
        "lo": where[1],
        "s": status,
        "a": clean_text(props.get("admin1")),
        "cc": clean_text(props.get("country")),
        "r": region,
    }
    aliases: list[str] = []
    for surface in spellings:
        text = clean_text(surface)
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


def _why(citation: Mapping[str, Any]) -> str:
    """The short "why" of a citation's tag, as ``geo mentions --explain`` words it: the rule
    and the cue words that made it ("" for a citation without a rule, a plain mention)."""
    rule, cue = clean_text(citation.get("rule")), clean_text(citation.get("cue"))
    if rule is None:
        return ""
    return clean_text(f"rule {rule}, cue '{cue}'" if cue else f"rule {rule}") or ""


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


def collection_json(
    claims: Mapping[str, Any],
    places: Mapping[str, Any],
    regions: Mapping[str, Any] | None,
    tiles: bool,
) -> tuple[str, bool]:
    """Compact description of everything the page shows: :meth:`MapData.page_json`."""
    data = MapData(tiles=tiles)
    fallback = _citations_from_claims(claims)
    aliases = _aliases_from_claims(claims)
    whys = {_claim_key(place, cit): {"rule": cit["rule"], "cue": cit["cue"]}
            for place, cits in fallback.items() for cit in cits if cit["rule"]}
    for feature in features_of(places):
        name = clean_text((feature.get("properties") or {}).get("place"))
        where = _lat_lon(feature)
        if name is not None and where is not None:
            data.add(_with_whys(feature, whys), aliases.get((name, where), ()), fallback.get(name))
    return data.page_json(regions)


def json_for_html(obj: Any) -> str:
    """JSON text that cannot end a ``<script>`` element or break a JS string."""
    return _html_safe(_COMPACT.encode(obj))


#: Compact JSON, as embedded in the page.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _html_safe(text: str) -> str:
    """:func:`json_for_html` of JSON text: lone surrogates replaced, ``<``, ``>``, ``&``,
    U+2028 and U+2029 escaped."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    for char, escape in _JSON_HTML_ESCAPES.items():  # str.replace: far faster than translate on big text
        text = text.replace(chr(char), escape)
    return text
