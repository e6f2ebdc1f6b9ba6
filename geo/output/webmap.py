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

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engines.cache import seal, unseal
from ..gazetteer import data_dir
from .assets import ASSETS, BASEMAP_FILE, basemap_json, default_basemap_json
from .mapdata import MapData, collection_json

if TYPE_CHECKING:
    import folium


__all__ = ["build_map", "page_chunks", "render_map", "save_map"]


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
    payload, has_regions = collection_json(claims, places, regions, tiles)
    outlines = default_basemap_json() if basemap is None else basemap_json(basemap)
    from .foliumpage import folium_map  # deferred: folium takes half a second to import

    return folium_map(payload, title, outlines, has_regions=has_regions)


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
    the page's parts, the assets, the basemap (the default file's stamp, or the given
    outlines), the title, the options and the installed folium."""
    path = None
    if folder is not None:
        h = hashlib.sha256()
        for module in ("webmap.py", "foliumpage.py", "assets.py"):
            h.update(Path(__file__).with_name(module).read_bytes())
        parts = [_stamp(p) for p in sorted(ASSETS.rglob("*")) if p.is_file()]
        parts += [_stamp(data_dir() / BASEMAP_FILE) if basemap is None else (basemap_json(basemap) or ""),
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
    from .foliumpage import folium_map  # deferred: folium takes half a second to import

    outlines = default_basemap_json() if basemap is None else basemap_json(basemap)
    page = render_map(folium_map(_DATA_SLOT, title, outlines, has_regions=has_regions))
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
