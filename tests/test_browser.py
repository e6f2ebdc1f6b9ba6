"""Browser tests for the claim map: headless Chromium through Playwright, no network.

Skipped when /usr/bin/chromium or the playwright package is missing, except under
CI=true, where a missing browser is a failure.  Set GEO_SCREENSHOT=/path.png to keep
a screenshot of the test map.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium

from geo import webmap

TILE_HOST = "tile.openstreetmap.org"
HOSTILE = (
    'Troops entered </script><script>window.__pwned=1</script> and '
    '<img src=x onerror="window.__pwned=1"> {{ 7*7 }} `${1+1}` \u202eright-to-left\u202c'
)

try:
    from playwright.sync_api import BrowserContext, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]


# --------------------------------------------------------------------------- data


def _cit(article: str, tag: str, claimant: str | None, evidence: str, source: str | None,
         date: str | None, url: str | None = None, title: str | None = None) -> dict[str, Any]:
    return {"article": article, "tag": tag, "claimant": claimant, "evidence": evidence,
            "source": source, "date": date, "url": url, "title": title}


def _place(name: str, lon: float, lat: float, status: str, region: str | None,
           cits: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"place": name, "kind": "city", "admin1": None, "country": "UA",
                           "precision": 1, "region_code": region, "status": status,
                           "tags": sorted({c["tag"] for c in cits}), "citations": cits}}


def _inputs() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    places = [
        _place("Bakhmut", 38.0, 48.6, "contested", "UA-14", [
            _cit("a1", "denial", "UA", "Kyiv said the defenders still hold Bakhmut.", "Ukrinform",
                 "2023-05-21", "https://example.org/a1", "Defence holds"),
            _cit("a2", "capture_claim", "RU", HOSTILE, 'Pub <b>bold</b>', "2023-05-20",
                 "javascript:window.__pwned=1", '<img src=x onerror="window.__pwned=1">'),
        ]),
        _place("Kharkiv", 36.23, 49.99, "struck", "UA-63", [
            _cit("a3", "strike", "other", "Missiles struck Kharkiv overnight.", "Reuters",
                 "2023-03-01", "https://example.org/a3", "Night strike"),
        ]),
        _place("Kherson", 32.6, 46.64, "claimed", "UA-65", [
            _cit("a4", "capture_claim", "UA", "Ukrainian forces entered Kherson.", None,
                 "2022-11-11", None, None),
        ]),
        _place("Zaporizhzhia", 35.14, 47.84, "fortified", "UA-23", [
            _cit("a5", "fortified", None, "New trenches ring Zaporizhzhia.", "AP", None),
        ]),
        _place("Lviv", 24.03, 49.84, "mentioned", "UA-46", [
            _cit("a6", "mention", None, "Talks were held in Lviv.", "BBC", "2023-01-15"),
        ]),
    ]
    square = lambda x, y: [[[x - 1, y - .7], [x + 1, y - .7], [x + 1, y + .7], [x - 1, y + .7], [x - 1, y - .7]]]  # noqa: E731
    regions = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "UA-14", "name": "Donetsk Oblast"},
         "geometry": {"type": "Polygon", "coordinates": square(38.0, 48.6)}},
        {"type": "Feature", "properties": {"code": "UA-46", "name": "Lviv Oblast"},
         "geometry": {"type": "Polygon", "coordinates": square(24.0, 49.8)}},
    ]}
    return {"type": "FeatureCollection", "features": []}, {"type": "FeatureCollection", "features": places}, regions


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator["BrowserContext"]:
    """A headless Chromium with a fresh profile; fails instead of skipping under CI."""
    require_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 800},
        )
        try:
            yield ctx
        finally:
            ctx.close()


@dataclass
class Loaded:
    """An opened map page and what it did while loading."""

    page: "Page"
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def _open(context: "BrowserContext", html_path: Path) -> Loaded:
    page = context.new_page()
    loaded = Loaded(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            loaded.requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: loaded.console.append((m.type, m.text, m.location.get("url", ""))))
    page.on("pageerror", lambda e: loaded.page_errors.append(str(e)))
    page.goto(html_path.as_uri())
    page.wait_for_function("window.geoClaimMap !== undefined")
    page.wait_for_selector(".leaflet-marker-icon[data-place='Kharkiv']")
    page.wait_for_timeout(300)
    return loaded


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    claims, places, regions = _inputs()
    path = tmp_path / "map.html"
    webmap.save_map(webmap.build_map(claims, places, regions=regions, title="Test <map>"), path)
    return path


def _places_shown(page: "Page") -> set[str]:
    return set(page.eval_on_selector_all(
        ".leaflet-marker-icon[data-place]", "els => els.map(e => e.getAttribute('data-place'))"))


def _popup_for(page: "Page", place: str) -> Any:
    page.evaluate("window.geoClaimMap.map.closePopup()")
    page.click(f".leaflet-marker-icon[data-place='{place}']")
    popup = page.locator(".leaflet-popup-content .geo-popup").filter(
        has=page.locator(".geo-place", has_text=place)).element_handle()
    assert popup is not None
    page.wait_for_timeout(300)  # let the fade-in finish (screenshots)
    return popup


def test_loads_offline_without_errors(context: "BrowserContext", map_file: Path, tmp_path: Path) -> None:
    loaded = _open(context, map_file)
    page = loaded.page
    # Nothing but background tiles was requested.
    assert all(TILE_HOST in u for u in loaded.requests), loaded.requests
    assert not loaded.page_errors
    errors = [c for c in loaded.console
              if c[0] == "error" and not (TILE_HOST in c[2] or "net::ERR_FAILED" in c[1])]
    assert not errors, errors
    # Tiles failed, so the page fell back to its plain background.
    page.wait_for_selector(".leaflet-container.geo-offline")
    assert page.is_visible("#geo-legend")
    assert page.is_visible(".leaflet-control-scale")
    assert _places_shown(page) == {"Bakhmut", "Kharkiv", "Kherson", "Zaporizhzhia", "Lviv"}
    assert page.locator(".leaflet-overlay-pane path").count() == 1  # Donetsk shaded, Lviv not
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert sum("Tag:" in t for t in overlays) == 5
    assert sum("Claimant:" in t for t in overlays) == 4
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    target = os.environ.get("GEO_SCREENSHOT")
    if target:
        _popup_for(page, "Bakhmut")
        page.screenshot(path=target)
    page.close()


def test_marker_popup_shows_citation(context: "BrowserContext", map_file: Path) -> None:
    page = _open(context, map_file).page
    page.hover(".leaflet-marker-icon[data-place='Bakhmut']")
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert tooltip is not None
    tip = tooltip.inner_text()
    assert "Bakhmut" in tip and "Capture claim: RU (Russian side)" in tip and "Denial: UA" in tip
    popup = _popup_for(page, "Kharkiv")
    text = popup.inner_text()
    assert "Missiles struck Kharkiv overnight." in text
    assert "Reuters" in text and "2023-03-01" in text
    assert "Strike" in text and "Other party" in text
    link = popup.query_selector("a")
    assert link is not None and link.get_attribute("href") == "https://example.org/a3"
    page.close()


def test_popup_order_and_unknowns(context: "BrowserContext", map_file: Path) -> None:
    page = _open(context, map_file).page
    items = _popup_for(page, "Bakhmut").query_selector_all("li.geo-citation")
    assert [i.query_selector(".geo-date").inner_text() for i in items] == ["2023-05-21", "2023-05-20"]
    text = _popup_for(page, "Kherson").inner_text()
    # No title and no link: the entry says who published it, and no "(untitled article)".
    assert "unknown publisher" in text and "untitled" not in text
    page.close()


def test_layer_toggle_hides_markers(context: "BrowserContext", map_file: Path) -> None:
    page = _open(context, map_file).page
    page.locator(".leaflet-control-layers-overlays label", has_text="Tag: Strike").click()
    page.wait_for_timeout(300)
    shown = _places_shown(page)
    assert "Kharkiv" not in shown and "Bakhmut" in shown
    page.locator(".leaflet-control-layers-overlays label", has_text="Claimant: RU").click()
    page.wait_for_timeout(300)
    # Bakhmut keeps only the Ukrainian denial: it turns from contested to denied.
    status = page.get_attribute(".leaflet-marker-icon[data-place='Bakhmut']", "data-status")
    assert status == "denied"
    page.locator(".leaflet-control-layers-overlays label", has_text="Tag: Strike").click()
    page.wait_for_timeout(300)
    assert "Kharkiv" in _places_shown(page)
    page.close()


def test_date_filter(context: "BrowserContext", map_file: Path) -> None:
    page = _open(context, map_file).page
    assert page.input_value("#geo-date-from") == "2022-11-11"
    assert page.input_value("#geo-date-to") == "2023-05-21"
    page.fill("#geo-date-from", "2023-02-01")
    page.wait_for_timeout(300)
    shown = _places_shown(page)
    assert "Kherson" not in shown and "Lviv" not in shown
    assert {"Bakhmut", "Kharkiv", "Zaporizhzhia"} <= shown  # Zaporizhzhia is undated
    page.uncheck("#geo-undated")
    page.wait_for_timeout(300)
    assert "Zaporizhzhia" not in _places_shown(page)
    page.fill("#geo-date-to", "2023-05-20")
    page.wait_for_timeout(300)
    text = _popup_for(page, "Bakhmut").inner_text()
    assert "Showing 1 of 2 reports" in text and "Kyiv said" not in text
    page.click("text=Reset filters")
    page.wait_for_timeout(300)
    assert len(_places_shown(page)) == 5
    page.close()


def test_search_zooms_to_place(context: "BrowserContext", map_file: Path) -> None:
    page = _open(context, map_file).page
    page.fill("#geo-search", "zaporiz")
    page.press("#geo-search", "Enter")
    popup = page.wait_for_selector(".leaflet-popup-content .geo-popup")
    assert popup is not None and "New trenches" in popup.inner_text()
    page.close()


def test_hostile_text_is_inert(context: "BrowserContext", tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Let the javascript: URL through the Python filter to test the browser-side check too.
    monkeypatch.setattr(webmap, "_http_url", webmap._text)
    claims, places, regions = _inputs()
    path = tmp_path / "hostile.html"
    webmap.save_map(webmap.build_map(claims, places, regions=regions), path)
    assert "javascript:window" in path.read_text(encoding="utf-8")
    loaded = _open(context, path)
    page = loaded.page
    popup = _popup_for(page, "Bakhmut")
    text = popup.inner_text()
    assert "</script><script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert "{{ 7*7 }}" in text and "Pub <b>bold</b>" in text
    assert popup.query_selector("img") is None and popup.query_selector("b") is None
    hrefs = [a.get_attribute("href") for a in popup.query_selector_all("a")]
    assert hrefs == ["https://example.org/a1"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert not loaded.page_errors
    page.close()


def test_country_outlines_offline(context: "BrowserContext", map_file: Path) -> None:
    """The Natural Earth outlines are drawn, offline, in their own pane under everything."""
    loaded = _open(context, map_file)
    page = loaded.page
    page.wait_for_selector(".leaflet-container.geo-offline")
    pane = ".leaflet-geoBasemap-pane"
    assert page.locator(f"{pane} path").count() > 50
    # Not interactive, and below the tiles, the region overlays and the markers.
    assert page.locator(f"{pane} path.leaflet-interactive").count() == 0
    z = page.evaluate("""() => ['geoBasemap', 'tilePane', 'overlayPane', 'markerPane'].map(
        n => Number(getComputedStyle(window.geoClaimMap.map.getPane(n)).zIndex))""")
    assert z[0] < z[1] < z[2] < z[3], z
    assert page.evaluate(f"getComputedStyle(document.querySelector('{pane}')).pointerEvents") == "none"
    # Ukraine is drawn and on screen around the events; the sea is the container colour.
    box = page.evaluate(f"""() => {{
        const paths = [...document.querySelectorAll('{pane} path')];
        const r = paths.map(p => p.getBoundingClientRect()).filter(b => b.width > 300 && b.height > 200);
        return r.length;
    }}""")
    assert box >= 1
    assert page.locator(".leaflet-container.geo-has-basemap").count() == 1
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    # The regions and markers are still where they were, above the outlines.
    assert page.locator(".leaflet-overlay-pane path").count() == 1
    assert len(_places_shown(page)) == 5
    assert not loaded.page_errors
    page.close()


def test_without_outlines(context: "BrowserContext", tmp_path: Path) -> None:
    claims, places, regions = _inputs()
    path = tmp_path / "bare.html"
    empty = {"type": "FeatureCollection", "features": []}
    webmap.save_map(webmap.build_map(claims, places, regions=regions, basemap=empty), path)
    loaded = _open(context, path)
    page = loaded.page
    assert page.locator(".leaflet-geoBasemap-pane").count() == 0
    assert page.locator(".leaflet-container.geo-has-basemap").count() == 0
    assert len(_places_shown(page)) == 5
    assert not loaded.page_errors
    page.close()


def test_no_leftover_tempfiles(map_file: Path) -> None:
    assert [p.name for p in map_file.parent.iterdir()] == ["map.html"]
    assert shutil.which  # keeps the import used on machines without a browser
