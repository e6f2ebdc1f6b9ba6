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

from geo.output import mapdata, webmap

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
    monkeypatch.setattr(mapdata, "_http_url", mapdata.clean_text)
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


# --------------------------------------------------------------------------- issue: the map an analyst briefs from

SIZES = {"desktop": (1200, 800), "phone": (390, 740)}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests below keep their screenshots (GEO_SCREENSHOT_DIR overrides)."""
    target = os.environ.get("GEO_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        return Path(target)
    return tmp_path_factory.mktemp("screenshots")


def _rich_inputs() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Events at the front, a far stray strike, repeated citations, a place at its region's
    centre with a namesake at its own point, old and Cyrillic names."""
    claims, places, regions = _inputs()
    feats = places["features"]
    bakhmut = feats[0]["properties"]
    same = _cit("a7", "capture_claim", "RU", "Date: 2023-05-19 Wagner said it took Bakhmut.", "TASS",
                "2023-05-19", "https://example.org/a7", "Wagner claim")
    bakhmut["citations"] += [same, {**same, "article": "a8"},
                             _cit("a9", "mention", None, "Bakhmut was mentioned in passing.", "BBC", "2023-05-18")]
    huliaipole = _place("Huliaipole", 36.27, 47.66, "struck", "UA-23", [
        _cit("h1", "strike", "RU", "Shelling hit Huliaipole.", "Ukrinform", "2023-04-02")])
    stand_in = _place("Huliaipole", 35.68, 47.19, "claimed", "UA-23", [
        _cit("h2", "capture_claim", "RU", "Russia said it captured Huliaipole.", "TASS", "2023-04-03")])
    stand_in["properties"].update(kind="region", admin1="Zaporizhzhia Oblast", precision=3)
    stray = _place("Washington", -77.04, 38.9, "struck", None, [
        _cit("w1", "strike", "other", "A drone struck a depot near Washington.", "AP", "2023-04-01")])
    feats += [huliaipole, stand_in, stray]
    claims = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.0, 48.6]},
         "properties": {"place": "Bakhmut", "surface": "Artemovsk", "tag": "capture_claim", "claimant": "RU"}}]}
    return claims, places, regions


@pytest.fixture(scope="module")
def rich_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims, places, regions = _rich_inputs()
    path = tmp_path_factory.mktemp("rich") / "rich.html"
    webmap.save_map(webmap.build_map(claims, places, regions=regions, title="Rich map"), path)
    return path


def _open_at(context: "BrowserContext", path: Path, size: str, hash_: str = "") -> Loaded:
    page = context.new_page()
    page.set_viewport_size({"width": SIZES[size][0], "height": SIZES[size][1]})
    loaded = Loaded(page)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.on("pageerror", lambda e: loaded.page_errors.append(str(e)))
    page.goto(path.as_uri() + hash_)
    page.wait_for_function("window.geoClaimMap !== undefined")
    page.wait_for_timeout(400)
    return loaded


def _rect(page: "Page", selector: str) -> dict[str, float] | None:
    return page.evaluate("""s => { const n = document.querySelector(s); if (!n) return null;
        const r = n.getBoundingClientRect(); return r.width && r.height ?
        {left: r.left, right: r.right, top: r.top, bottom: r.bottom} : null; }""", selector)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _open_popup(page: "Page", place: str) -> None:
    page.evaluate("""name => { const g = window.geoClaimMap; g.map.closePopup();
        const m = g.markers.find(m => m._geoPlace.n === name);
        g.cluster.zoomToShowLayer(m, () => m.openPopup()); }""", place)
    page.locator(".leaflet-popup-content .geo-popup .geo-place", has_text=place).wait_for()
    page.wait_for_timeout(500)  # the pan and fade-in end


@pytest.mark.parametrize("size", SIZES)
def test_regions_are_outlines_not_fills(context: "BrowserContext", map_file: Path, shots: Path, size: str) -> None:
    loaded = _open_at(context, map_file, size)
    page = loaded.page
    paths = page.locator(".leaflet-overlay-pane path")
    assert paths.count() == 1  # Donetsk has events; Lviv only a mention
    assert paths.first.get_attribute("fill") == "none"
    assert paths.first.get_attribute("stroke-dasharray")
    assert paths.first.get_attribute("stroke") == "#7b3294"  # contested Bakhmut is inside
    assert page.locator(".geo-region-label", has_text="Donetsk Oblast").count() == 1
    if size == "desktop":
        assert "not who controls it" in page.inner_text("#geo-legend")
    page.screenshot(path=str(shots / f"regions-{size}.png"))
    assert not loaded.page_errors
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_claimant_is_on_the_marker(context: "BrowserContext", map_file: Path, shots: Path, size: str) -> None:
    page = _open_at(context, map_file, size).page
    page.evaluate("window.geoClaimMap.map.setView([48, 34], 6, {animate: false})")
    page.wait_for_timeout(400)
    sides = dict(page.eval_on_selector_all(".leaflet-marker-icon[data-place]",
                                           "els => els.map(e => [e.dataset.place, e.dataset.side])"))
    assert sides == {"Bakhmut": "RU|UA", "Kharkiv": "OT", "Kherson": "UA", "Zaporizhzhia": "?", "Lviv": ""}
    # Visible on the marker itself (no hover needed on a touch screen), and read out.
    mark = page.locator(".leaflet-marker-icon[data-place='Bakhmut'] .geo-side")
    assert mark.is_visible() and mark.inner_text() == "RU|UA"
    label = page.get_attribute(".leaflet-marker-icon[data-place='Bakhmut']", "aria-label") or ""
    assert "claimed by RU (Russian side)" in label and "denied by UA (Ukrainian side)" in label
    assert "attacker: Other party" in (page.get_attribute(".leaflet-marker-icon[data-place='Kharkiv']",
                                                          "aria-label") or "")
    if size == "phone":  # the legend starts folded on a phone; its summary opens it
        page.click("#geo-legend summary")
    legend = page.locator("#geo-legend .geo-sides li").all_inner_texts()
    assert any("RU" in t and "Russian side" in t for t in legend) and any("RU|UA" in t for t in legend)
    # Filtering out the Russian side changes the mark with the status.
    page.evaluate("""() => { const g = window.geoClaimMap; g.state.claimant.RU = false; g.refresh(); }""")
    page.wait_for_timeout(200)
    assert page.get_attribute(".leaflet-marker-icon[data-place='Bakhmut']", "data-side") == "UA"
    page.screenshot(path=str(shots / f"sides-{size}.png"))
    page.close()


def test_popup_summary_events_first_merged(context: "BrowserContext", rich_map: Path, shots: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    _open_popup(page, "Bakhmut")
    popup = page.locator(".leaflet-popup-content .geo-popup")
    # The summary comes first, right under the name.
    first = popup.locator(":scope > p").first
    assert "geo-summary" in (first.get_attribute("class") or "")
    summary = first.inner_text()
    assert summary.startswith("Contested")
    assert "claimed by RU" in summary and "denied by UA" in summary and "latest 2023-05-21" in summary
    # Events: the two identical TASS citations are one entry; the mention is folded after them.
    events = popup.locator(":scope > ol > li.geo-citation")
    texts = events.all_inner_texts()
    assert len(texts) == 3
    assert sum("Wagner said it took Bakhmut." in t for t in texts) == 1
    assert not any("Date:" in t for t in texts)  # the input's date marker stays out
    folded = popup.locator("details.geo-mentions")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    assert "1 plain mention" in folded.locator("summary").inner_text()
    assert not popup.locator("text=Bakhmut was mentioned in passing.").is_visible()
    folded.locator("summary").click()
    assert popup.locator("text=Bakhmut was mentioned in passing.").is_visible()
    page.screenshot(path=str(shots / "popup-summary-desktop.png"))
    _open_popup(page, "Kharkiv")
    text = page.locator(".leaflet-popup-content .geo-popup").inner_text()
    assert "Attacker: Other party" in text and "Claimant" not in text and "attacker OT" in text
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_popups_pan_clear_of_controls(context: "BrowserContext", rich_map: Path, shots: Path, size: str) -> None:
    page = _open_at(context, rich_map, size).page
    if size == "desktop":
        assert page.evaluate("document.querySelector('.geo-panel').open")
    for place in ("Bakhmut", "Kharkiv", "Kherson", "Zaporizhzhia", "Lviv", "Huliaipole"):
        _open_popup(page, place)
        popup = _rect(page, ".leaflet-popup")
        assert popup is not None
        assert popup["left"] >= 0 and popup["top"] >= 0
        assert popup["right"] <= SIZES[size][0] and popup["bottom"] <= SIZES[size][1]
        for control in (".geo-panel", ".leaflet-control-layers", ".geo-legend"):
            box = _rect(page, control)
            assert box is None or not _overlap(popup, box), (place, control, popup, box)
        page.screenshot(path=str(shots / f"popup-{place}-{size}.png"))
    page.close()


def test_phone_search_folds_the_panel(context: "BrowserContext", rich_map: Path, shots: Path) -> None:
    page = _open_at(context, rich_map, "phone").page
    page.click(".geo-panel summary")
    page.fill("#geo-search", "Kherson")
    page.press("#geo-search", "Enter")
    page.wait_for_selector(".leaflet-popup-content .geo-popup")
    page.wait_for_timeout(400)
    assert not page.evaluate("document.querySelector('.geo-panel').open")
    popup, panel = _rect(page, ".leaflet-popup"), _rect(page, ".geo-panel")
    assert popup is not None and panel is not None and not _overlap(popup, panel)
    page.screenshot(path=str(shots / "search-phone.png"))
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_first_view_fits_events_not_strays(context: "BrowserContext", rich_map: Path, shots: Path,
                                           size: str) -> None:
    page = _open_at(context, rich_map, size).page
    zoom = page.evaluate("window.geoClaimMap.map.getZoom()")
    assert zoom >= 5, zoom  # not opened over the Atlantic for one strike near Washington
    inside = page.evaluate("""() => { const g = window.geoClaimMap, b = g.map.getBounds();
        return g.markers.filter(m => m._geoPlace.s !== 'mentioned' && m._geoPlace.n !== 'Washington')
                        .map(m => [m._geoPlace.n, b.contains(m.getLatLng())]); }""")
    assert all(ok for _, ok in inside), inside
    assert not page.evaluate("""() => { const g = window.geoClaimMap;
        return g.map.getBounds().contains(g.markers.find(m => m._geoPlace.n === 'Washington').getLatLng()); }""")
    page.screenshot(path=str(shots / f"first-view-{size}.png"))
    page.close()


def test_offline_labels(context: "BrowserContext", rich_map: Path, shots: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    page.evaluate("window.geoClaimMap.map.setView([48.3, 37.0], 8, {animate: false})")
    page.wait_for_timeout(400)
    label = page.locator(".leaflet-marker-icon[data-place='Bakhmut'] .geo-label")
    assert label.is_visible() and label.inner_text() == "Bakhmut"
    # A mention has no label; region names show only at low zoom.
    assert page.locator(".leaflet-marker-icon[data-place='Lviv'] .geo-label").count() == 0
    assert not page.locator(".geo-region-label").first.is_visible()
    page.screenshot(path=str(shots / "labels-zoom8-desktop.png"))
    page.evaluate("window.geoClaimMap.map.setView([48.3, 37.0], 6, {animate: false})")
    page.wait_for_timeout(300)
    assert page.locator(".geo-region-label", has_text="Donetsk Oblast").is_visible()
    assert not label.is_visible()
    page.close()


def test_one_marker_per_place(context: "BrowserContext", rich_map: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    names = page.evaluate("window.geoClaimMap.markers.map(m => m._geoPlace.n)")
    assert names.count("Huliaipole") == 1
    _open_popup(page, "Huliaipole")
    text = page.locator(".leaflet-popup-content .geo-popup").inner_text()
    assert "Shelling hit Huliaipole." in text and "Russia said it captured Huliaipole." in text
    page.close()


@pytest.mark.parametrize(("query", "said"), [("Бахмут", "for \u201cБахмут\u201d"),
                                             ("Artemovsk", "written \u201cArtemovsk\u201d"),
                                             ("bahmut", "for \u201cbahmut\u201d")])
def test_search_any_spelling_says_what_it_matched(context: "BrowserContext", rich_map: Path, query: str,
                                                  said: str) -> None:
    page = _open_at(context, rich_map, "desktop").page
    page.fill("#geo-search", query)
    page.press("#geo-search", "Enter")
    popup = page.wait_for_selector(".leaflet-popup-content .geo-popup")
    assert popup is not None and "Bakhmut" in popup.inner_text()
    msg = page.inner_text(".geo-search-msg")
    assert "Showing Bakhmut" in msg and said in msg
    assert 10 <= page.evaluate("window.geoClaimMap.map.getZoom()") <= 12  # a town-level view
    page.close()


def test_time_slider_counts_and_corpus_line(context: "BrowserContext", rich_map: Path, shots: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    corpus = page.inner_text("#geo-corpus")
    assert corpus.startswith("Data as of 2023-05-21") and "articles" in corpus and "events at" in corpus
    count = page.locator(".geo-n[data-kind='tag'][data-key='capture_claim']")
    before = int(count.inner_text())
    slider = page.locator("#geo-time")
    slider.evaluate("n => { n.value = '0'; n.dispatchEvent(new Event('input')); }")
    page.wait_for_timeout(300)
    assert page.input_value("#geo-date-to") == "2022-11-11"
    assert page.inner_text(".geo-time-value") == "2022-11-11"
    assert int(count.inner_text()) < before
    shown = _places_shown(page)
    assert "Bakhmut" not in shown and "Kherson" in shown
    page.screenshot(path=str(shots / "time-slider-desktop.png"))
    page.click(".geo-play")
    page.wait_for_timeout(2200)
    assert page.input_value("#geo-date-to") > "2022-11-11"
    page.close()


def test_url_keeps_view_and_filters(context: "BrowserContext", rich_map: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    page.locator(".leaflet-control-layers-overlays label", has_text="Tag: Strike").click()
    page.fill("#geo-date-to", "2023-05-20")
    page.evaluate("window.geoClaimMap.map.setView([48.6, 38.0], 9, {animate: false})")
    page.wait_for_timeout(300)
    url = page.url
    assert "hide=strike" in url and "to=2023-05-20" in url and "v=48.6" in url
    page.close()
    # A colleague opens the link: same view, same filters.
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(url)
    page.wait_for_function("window.geoClaimMap !== undefined")
    page.wait_for_timeout(300)
    state = page.evaluate("""() => { const g = window.geoClaimMap; return [g.map.getZoom(), g.state.tag.strike,
        g.state.to, g.map.getCenter().lat.toFixed(1)]; }""")
    assert state == [9, False, "2023-05-20", "48.6"]
    assert page.input_value("#geo-date-to") == "2023-05-20"
    assert not page.locator(".leaflet-control-layers-overlays label", has_text="Tag: Strike") \
        .locator("input").is_checked()
    page.close()


def test_keyboard_and_language(context: "BrowserContext", rich_map: Path) -> None:
    page = _open_at(context, rich_map, "desktop").page
    assert page.get_attribute("html", "lang") == "en"
    # The panel comes before the markers in tab order.
    order = page.evaluate("""() => { const all = [...document.querySelectorAll(
        'a[href], button, input, summary, [tabindex]:not([tabindex="-1"])')];
        const panel = all.findIndex(n => n.closest('.geo-panel'));
        const marker = all.findIndex(n => n.classList.contains('leaflet-marker-icon'));
        return [panel, marker]; }""")
    assert 0 <= order[0] < order[1], order
    page.focus(".leaflet-marker-icon[data-place='Kherson']")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-popup").count() == 0
    page.close()


@pytest.mark.parametrize("cue", ['struck <img src=x onerror="window.__pwned=1">'])
def test_popup_says_why_each_tag_was_given(context: "BrowserContext", tmp_path: Path, cue: str) -> None:
    """A citation's rule and cue words show under its evidence, as text (never as HTML)."""
    claims, places, regions = _inputs()
    kharkiv = next(f for f in places["features"] if f["properties"]["place"] == "Kharkiv")
    kharkiv["properties"]["citations"][0].update(rule="strike.subject", cue=cue)
    path = tmp_path / "why.html"
    webmap.save_map(webmap.build_map(claims, places, regions=regions), path)
    page = _open(context, path).page
    popup = _popup_for(page, "Kharkiv")
    whys = [el.inner_text() for el in popup.query_selector_all(".geo-why")]
    assert whys == [f"Strike: rule strike.subject, cue '{cue}'"]
    assert popup.query_selector(".geo-why img") is None
    assert page.evaluate("window.__pwned") is None
    page.close()
