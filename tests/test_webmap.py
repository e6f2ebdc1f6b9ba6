"""Unit tests for geo.output.webmap: offline assets, escaping, determinism, structure."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from geo.output import assets, mapdata, webmap

HOSTILE_EVIDENCE = (
    'Moscow said it took the town </script><script>window.__pwned=1</script> '
    '<img src=x onerror="window.__pwned=1"> `${x}` {{ 7*7 }} {% if 1 %}x{% endif %} {# c #} \\ "q" \'s\' '
    "\u202eevil\u202c zero\u200bwidth line\u2028sep para\u2029sep"
)
HOSTILE_TITLE = '<img src=x onerror=alert(1)> </title></script>"title"'
HOSTILE_PLACE = "Bakh<b>mut</b>\u200b"


def _point(lon: float, lat: float, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def _cit(article: str, tag: str, claimant: str | None, evidence: str, **kw: Any) -> dict[str, Any]:
    base = {"article": article, "tag": tag, "claimant": claimant, "evidence": evidence,
            "source": None, "date": None, "url": None, "title": None}
    base.update(kw)
    return base


def _place(name: str, lon: float, lat: float, status: str, cits: list[dict[str, Any]],
           region: str | None = None) -> dict[str, Any]:
    tags = sorted({c["tag"] for c in cits})
    return _point(lon, lat, {
        "place": name, "kind": "city", "admin1": None, "country": "UA", "precision": 1,
        "region_code": region, "status": status, "tags": tags, "citations": cits,
        "claimed_by": [], "denied_by": [], "struck_by": [], "fortified_by": [],
    })


@pytest.fixture
def sample() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Small claims/places/regions input with hostile text in every field."""
    places = [
        _place(HOSTILE_PLACE, 38.0, 48.6, "contested", [
            _cit("a1", "denial", "UA", "Kyiv denied the town fell.", source="Ukrinform",
                 date="2023-05-21", url="https://example.org/a1", title="Denial"),
            _cit("a2", "capture_claim", "RU", HOSTILE_EVIDENCE, source='Pub "<script>"',
                 date="2023-05-20", url="javascript:alert(1)", title=HOSTILE_TITLE),
        ], region="UA-14"),
        _place("Kharkiv", 36.23, 49.99, "struck", [
            _cit("a3", "strike", "other", "Missiles struck Kharkiv overnight.", source="Reuters",
                 date="2023-03-01", url="https://example.org/a3", title="Strike"),
        ], region="UA-63"),
        _place("Lviv", 24.03, 49.84, "mentioned", [
            _cit("a4", "mention", None, "Lviv hosted talks.", url="data:text/html,<script>x</script>"),
        ], region="UA-46"),
    ]
    claims = {"type": "FeatureCollection", "features": [
        _point(38.0, 48.6, {"article": "a2", "place": HOSTILE_PLACE, "surface": "Artemovsk</script>",
                            "start": 0, "end": 9, "tag": "capture_claim", "claimant": "RU",
                            "evidence": HOSTILE_EVIDENCE}),
    ]}
    square = lambda x, y: [[[x - 1, y - 1], [x + 1, y - 1], [x + 1, y + 1], [x - 1, y + 1], [x - 1, y - 1]]]  # noqa: E731
    regions = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "UA-14", "name": "Donetsk <script>x</script>"},
         "geometry": {"type": "Polygon", "coordinates": square(38.0, 48.6)}},
        {"type": "Feature", "properties": {"code": "UA-46", "name": "Lviv Oblast"},
         "geometry": {"type": "Polygon", "coordinates": square(24.0, 49.8)}},
    ]}
    return claims, {"type": "FeatureCollection", "features": places}, regions


def _html(sample: tuple[dict[str, Any], ...], **kw: Any) -> str:
    claims, places, regions = sample
    return webmap.render_map(webmap.build_map(claims, places, regions=regions, **kw))


def _embedded(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="geo-claim-data">(.*?)</script>', html, re.S)
    assert match, "data block missing"
    return json.loads(match.group(1))


def test_no_remote_scripts_or_stylesheets(sample: Any) -> None:
    html = _html(sample)
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"@import", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?images/", html, re.I)
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs.cloudflare", "bootstrapcdn", "unpkg.com"):
        assert cdn not in html
    assert "sourceMappingURL" not in html
    assert "L.markerClusterGroup" in html or "MarkerClusterGroup" in html


def test_hostile_text_only_escaped(sample: Any) -> None:
    html = _html(sample, title="Map <script>alert(1)</script>")
    data_start = html.index('id="geo-claim-data">')
    data_end = html.index("</script>", data_start)
    block = html[data_start:data_end]
    for raw in ("</script", "<script", "<img", "<b>", "</title", "\u2028", "\u2029"):
        assert raw not in block
    # The data never appears raw anywhere else in the page either.
    for raw in ("window.__pwned", "onerror=alert", 'onerror="window', "Artemovsk</script>", "Donetsk <script>", "<b>mut"):
        assert raw not in html.replace(block, "")
    assert "\\u003cimg src=x onerror" in block
    # Escaped title in <title> and the legend.
    assert "<script>alert(1)" not in html
    assert "Map &lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Round trip: the JSON decodes back to exactly the input text.
    data = _embedded(html)
    assert HOSTILE_EVIDENCE in data["texts"]
    assert data["places"][0]["n"] == HOSTILE_PLACE
    assert "Artemovsk</script>" in data["places"][0]["al"]


def test_only_http_urls_are_kept(sample: Any) -> None:
    data = _embedded(_html(sample))
    urls = {a[2] for a in data["articles"]}
    assert urls == {"https://example.org/a1", "https://example.org/a3", None}


def test_deterministic_bytes(sample: Any) -> None:
    first = _html(sample)
    second = _html(sample)
    assert first == second
    m = webmap.build_map(*sample[:2], regions=sample[2])
    assert webmap.render_map(m) == webmap.render_map(m) == first
    assert "map_geo" in first


def test_legend_and_overlays(sample: Any) -> None:
    html = _html(sample)
    assert 'id="geo-legend"' in html
    for label in ("Capture claimed", "Capture denied", "Contested", "Strike reported",
                  "Reported fortified", "Mentioned only", "Region named in reports",
                  "not who controls it", "Russian side", "contested: claimed by RU, denied by UA"):
        assert label in html
    # One overlay per tag and per claimant is created from these tables in the JS.
    js = assets.inline_js()
    assert 'var TAGS = ["capture_claim", "denial", "strike", "fortified", "mention"];' in js
    assert 'var CLAIMANTS = ["RU", "UA", "other", "unattributed"];' in js
    assert "L.control.layers(null, overlays" in js
    data = _embedded(html)
    assert set(data["counts"]["tag"]) == set(mapdata._TAGS)
    assert data["counts"]["tag"]["capture_claim"] == 1
    assert data["counts"]["claimant"]["unattributed"] == 1


def test_payload_content(sample: Any) -> None:
    data = _embedded(_html(sample))
    first = data["places"][0]
    # Newest citation first.
    dates = [data["articles"][c[0]][1] for c in first["c"]]
    assert dates == ["2023-05-21", "2023-05-20"]
    # Bounds cover event places only (Lviv is a mention).
    (south, west), (north, east) = data["bounds"]
    assert west == pytest.approx(36.23) and east == pytest.approx(38.0)
    # Only regions with event places are embedded.
    assert [f["properties"]["code"] for f in data["regions"]["features"]] == ["UA-14"]
    assert data["dates"] == ["2023-03-01", "2023-05-21"]


def test_empty_input_renders() -> None:
    empty = {"type": "FeatureCollection", "features": []}
    html = webmap.render_map(webmap.build_map(empty, empty))
    assert _embedded(html)["places"] == []
    assert '"bounds":null' in html


def test_citations_fall_back_to_claims() -> None:
    claims = {"type": "FeatureCollection", "features": [
        _point(30.5, 50.45, {"article": "x", "place": "Kyiv", "surface": "Kiev", "tag": "strike",
                             "claimant": "UA", "evidence": "Kyiv was hit.", "date": "2024-01-02",
                             "source": "AP", "url": None, "title": None}),
    ]}
    places = {"type": "FeatureCollection", "features": [
        _point(30.5, 50.45, {"place": "Kyiv", "status": "struck", "tags": ["strike"]}),
        _point(float("nan"), 50.0, {"place": "Broken", "status": "struck"}),
    ]}
    data = _embedded(webmap.render_map(webmap.build_map(claims, places)))
    assert [p["n"] for p in data["places"]] == ["Kyiv"]
    assert data["places"][0]["al"] == ["Kiev"]
    assert data["texts"] == ["Kyiv was hit."]


def test_lone_surrogate_is_replaced() -> None:
    places = {"type": "FeatureCollection", "features": [
        _place("X\ud800", 30.0, 50.0, "mentioned", [_cit("a", "mention", None, "bad \udfff text")]),
    ]}
    html = webmap.render_map(webmap.build_map({"features": []}, places))
    html.encode("utf-8")  # must not raise
    assert "\ufffd" in _embedded(html)["places"][0]["n"]


def test_save_map_atomic(sample: Any, tmp_path: Path) -> None:
    m = webmap.build_map(*sample[:2], regions=sample[2])
    target = tmp_path / "map.html"
    target.write_text("old")
    webmap.save_map(m, target)
    assert target.read_text(encoding="utf-8") == webmap.render_map(m)
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_size_of_large_map() -> None:
    """10,000 events stay well under 5 MB."""
    feats = []
    for i in range(2000):
        cits = [_cit(f"art{(i * 5 + j) % 1500}", ("capture_claim", "denial", "strike", "fortified", "mention")[j],
                     ("RU", "UA", None)[j % 3], f"Sentence {i}-{j} about place {i} and the fighting there.",
                     source="Publisher", date=f"2023-{1 + j:02d}-{1 + i % 28:02d}",
                     url=f"https://example.org/{(i * 5 + j) % 1500}", title=f"Article {(i * 5 + j) % 1500}")
                for j in range(5)]
        feats.append(_place(f"Place {i}", 30 + (i % 100) / 10, 46 + (i // 100) / 5, "contested", cits))
    html = webmap.render_map(webmap.build_map({"features": []}, {"features": feats}))
    assert len(html.encode("utf-8")) < 5_000_000


def test_importing_does_no_work() -> None:
    assert assets.inline_js.cache_info().currsize in (0, 1)  # cached lazily, never at import


# --------------------------------------------------------------------------- basemap

OUTLINE = Path(__file__).resolve().parent.parent / "geo" / "gazetteer" / "data" / "world_outline.geojson"


def _basemap_block(html: str) -> dict[str, Any] | None:
    match = re.search(r'<script type="application/json" id="geo-basemap-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_outline_file() -> None:
    """data/world_outline.geojson: small, sorted, only name/iso2, 0.01 degree coordinates."""
    text = OUTLINE.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 450_000
    assert text.endswith("}\n") and "\n" not in text[:-1]
    fc = json.loads(text)
    feats = fc["features"]
    assert len(feats) > 200
    keys = [(f["properties"].get("iso2") is None, f["properties"].get("iso2") or "", f["properties"]["name"])
            for f in feats]
    assert keys == sorted(keys)
    assert all(set(f["properties"]) <= {"name", "iso2"} for f in feats)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in feats)
    iso = {f["properties"].get("iso2") for f in feats}
    assert {"UA", "RU", "BY", "MD", "PL", "RO", "TR", "GE"} <= iso
    numbers = re.findall(r"-?\d+(?:\.\d+)?", text[text.index('"features"'):])
    assert all(len(n.partition(".")[2]) <= 2 for n in numbers)


def test_basemap_embedded_by_default(sample: Any) -> None:
    html = _html(sample)
    block = _basemap_block(html)
    assert block is not None, "the outline file in data/ is embedded when basemap is omitted"
    assert len(block["features"]) > 200
    assert 'geoClaimMapInit(map_geo, "geo-claim-data", "geo-basemap-data");' in html
    # The claim data block is unchanged by the basemap.
    assert "basemap" not in _embedded(html)


def test_basemap_missing_file_is_no_error(sample: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path))
    html = _html(sample)
    assert _basemap_block(html) is None
    assert 'geoClaimMapInit(map_geo, "geo-claim-data");' in html
    (tmp_path / "world_outline.geojson").write_text("{not json", encoding="utf-8")
    assert _basemap_block(_html(sample)) is None


def test_basemap_can_be_turned_off(sample: Any) -> None:
    html = _html(sample, basemap={"type": "FeatureCollection", "features": []})
    assert _basemap_block(html) is None and "geo-basemap-data" not in html


def test_basemap_argument_is_trimmed_and_escaped(sample: Any) -> None:
    hostile = "Land </script><script>window.__pwned=1</script> {{ 7*7 }}"
    basemap = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": hostile, "iso2": "XX", "extra": "dropped"},
         "geometry": {"type": "Polygon", "coordinates": [
             [[30.123456, 50.0], [31.0, 50.0], [31.0, float("nan")], [31.0, 51.0], [30.123456, 50.0]]]}},
        {"type": "Feature", "properties": {"name": "Bad code", "iso2": "<b>"},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.1, 0.1], "x"]], [[[5, 5], [6, 5]]]]}},
        {"type": "Feature", "properties": {"name": "A point"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
        {"type": "Feature", "properties": {"name": "Degenerate"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}},
        "not a feature",
    ]}
    html = _html(sample, basemap=basemap)
    start = html.index('id="geo-basemap-data">')
    block_text = html[start:html.index("</script>", start)]
    assert "</script" not in block_text and "<script" not in block_text
    block = _basemap_block(html)
    assert block is not None
    assert [f["properties"] for f in block["features"]] == [
        {"name": hostile, "iso2": "XX"},
        {"name": "Bad code"},
    ]
    assert block["features"][0]["geometry"] == {
        "type": "Polygon", "coordinates": [[[30.12, 50.0], [31.0, 50.0], [31.0, 51.0], [30.12, 50.0]]]}
    # The invalid hole and the two-point polygon are dropped; one polygon is left.
    assert block["features"][1]["geometry"] == {
        "type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}
    assert "</script><script>window.__pwned" not in html and "{{ 7*7 }}" in block_text
    assert _html(sample, basemap=basemap) == html  # deterministic


def test_size_of_large_map_with_outline_and_regions() -> None:
    """10,000 events, the world outline and every shaded region stay under 5 MB."""
    regions = json.loads((OUTLINE.parent / "admin1_shapes.geojson").read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in regions["features"]]
    feats = []
    for i in range(2000):
        cits = [_cit(f"art{(i * 5 + j) % 1500}", ("capture_claim", "denial", "strike", "fortified", "mention")[j],
                     ("RU", "UA", None)[j % 3], f"Sentence {i}-{j} about place {i} and the fighting there.",
                     source="Publisher", date=f"2023-{1 + j:02d}-{1 + i % 28:02d}",
                     url=f"https://example.org/{(i * 5 + j) % 1500}", title=f"Article {(i * 5 + j) % 1500}")
                for j in range(5)]
        feats.append(_place(f"Place {i}", 30 + (i % 100) / 10, 46 + (i // 100) / 5, "contested", cits,
                            region=codes[i % len(codes)]))
    outline = json.loads(OUTLINE.read_text(encoding="utf-8"))
    html = webmap.render_map(webmap.build_map({"features": []}, {"features": feats}, regions=regions,
                                              basemap=outline))
    block = _basemap_block(html)
    assert block is not None and len(block["features"]) == len(outline["features"])
    assert len(_embedded(html)["regions"]["features"]) == len(codes)
    assert len(html.encode("utf-8")) < 5_000_000
    # The default (outline read from data/) embeds the same bytes.
    default = webmap.render_map(webmap.build_map({"features": []}, {"features": feats}, regions=regions))
    assert default == html


def test_stand_in_points_are_marked_approximate() -> None:
    """A village shown at its region's point (precision 3) or a district's town (2) says so;
    a region itself, or a town at its own point, does not."""
    cit = [_cit("a1", "capture_claim", "RU", "Russia said it took Novoselivka.")]
    village = _place("Novoselivka", 36.3, 49.6, "claimed", cit)
    village["properties"].update(kind="region", admin1="Kharkiv Oblast", precision=3)
    region = _place("Kharkiv Oblast", 36.3, 49.6, "struck", cit)
    region["properties"].update(kind="region", admin1="Kharkiv Oblast", precision=3)
    hamlet = _place("Plotvyanka", 37.86, 50.48, "struck", cit)
    hamlet["properties"].update(admin1="Belgorod Oblast", precision=2)
    town = _place("Kupiansk", 37.6, 49.7, "claimed", cit)
    places = {"type": "FeatureCollection", "features": [village, region, hamlet, town]}
    data = _embedded(webmap.render_map(webmap.build_map({"type": "FeatureCollection", "features": []}, places)))
    assert {p["n"]: p.get("ap") for p in data["places"]} == {
        "Novoselivka": 3, "Kharkiv Oblast": None, "Plotvyanka": 2, "Kupiansk": None}


def test_first_view_leaves_out_a_far_stray() -> None:
    """The first view fits the events, but one strike reported in another continent does
    not open the map over half the world; a real spread of events is kept whole."""
    front = [(48.6, 38.0), (48.3, 37.2), (47.8, 35.1), (49.99, 36.23), (46.6, 32.6)]
    assert mapdata._event_box(front + [(38.9, -77.04)]) == [46.6, 32.6, 49.99, 38.0]
    assert mapdata._event_box(front + [(55.75, 37.62), (49.84, 24.03)]) == [46.6, 24.03, 55.75, 38.0]
    assert mapdata._event_box([(48.6, 38.0), (38.9, -77.04)]) == [38.9, -77.04, 48.6, 38.0]  # too few to judge
    assert mapdata._event_box([]) is None


def test_a_url_too_long_to_keep_is_dropped_not_cut() -> None:
    url = "https://example.org/" + "a" * 3000
    assert mapdata._http_url(url) is None
    assert mapdata._http_url("https://example.org/x") == "https://example.org/x"
    assert mapdata._http_url(" javascript:alert(1)") is None


@pytest.mark.parametrize("damage", ["truncate", "overwrite"])
def test_a_damaged_cached_page_is_rebuilt_not_used(sample: Any, tmp_path: Path, damage: str) -> None:
    _, places, _ = sample
    data = mapdata.MapData()
    for feature in places["features"]:
        data.add(feature)
    fresh = "".join(webmap.page_chunks(data, basemap={"type": "FeatureCollection", "features": []}))
    cache = tmp_path / "shells"
    first = "".join(webmap.page_chunks(data, basemap={"type": "FeatureCollection", "features": []}, shell_cache=cache))
    assert first == fresh
    (cached,) = cache.iterdir()
    blob = cached.read_bytes()
    if damage == "truncate":  # a copy cut short, the data slot still in it
        cached.write_bytes(blob[:-100])
    else:  # the same length, one stretch of the end written over
        cached.write_bytes(blob[:-200] + b" " * 200)
    again = "".join(webmap.page_chunks(data, basemap={"type": "FeatureCollection", "features": []}, shell_cache=cache))
    assert again == fresh
    assert cached.read_bytes() == blob  # rebuilt in place


def _page_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="geo-claim-data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def _whys(data: dict[str, Any]) -> dict[str, str]:
    """Each citation's why (by its tag), as the popup shows it."""
    return {ref[1]: data["texts"][ref[4]] for place in data["places"] for ref in place["c"] if len(ref) > 4}


@pytest.mark.parametrize("cue", ["captured", "took <script>window.__pwned=1</script>"])
def test_webmap_popup_why_names_rule_and_cue_escaped(sample: Any, cue: str) -> None:
    """Each event citation carries its rule and cue words (from the claim features, since
    places.geojson leaves them out), embedded escaped like all article text."""
    claims, places, regions = sample
    claims["features"][0]["properties"].update(rule="capture.took", cue=cue)
    page = webmap.render_map(webmap.build_map(claims, places, regions=regions))
    assert _whys(_page_data(page)) == {"capture_claim": f"rule capture.took, cue '{cue}'"}
    assert "__pwned=1</script>" not in page and "<script>window" not in page
    if "<" in cue:
        assert "took \\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in page


@pytest.mark.parametrize("citations", [True, False])
def test_webmap_popup_why_from_citations_or_claims(citations: bool) -> None:
    """The why comes with a place's own citations, or from the claims when it has none;
    a plain mention (no rule) has none."""
    cits = [_cit("a1", "strike", "RU", "Russia struck Kharkiv.", rule="strike.subject", cue="struck"),
            _cit("a1", "mention", None, "Russia struck Kharkiv.")]
    place = _place("Kharkiv", 36.23, 49.99, "struck", cits if citations else [])
    if not citations:
        del place["properties"]["citations"]
    claims = {"type": "FeatureCollection", "features": [
        _point(36.23, 49.99, {**c, "place": "Kharkiv", "surface": "Kharkiv", "start": 14, "end": 21}) for c in cits]}
    page = webmap.render_map(webmap.build_map(claims, {"type": "FeatureCollection", "features": [place]}))
    assert _whys(_page_data(page)) == {"strike": "rule strike.subject, cue 'struck'"}


@pytest.mark.parametrize("seeds", ["seeds"])
def test_webmap_build_popup_why_matches_claims(tmp_path: Path, seeds: str) -> None:
    """In a build's map, every event citation carries the rule and cue of its claim feature."""
    import geo

    root = Path(__file__).resolve().parent.parent
    result = geo.build([root / seeds], out=tmp_path, cache=False)
    data = _page_data((tmp_path / "claims.html").read_text(encoding="utf-8"))
    shown = {data["texts"][ref[4]] for place in data["places"] for ref in place["c"] if len(ref) > 4}
    expected = {f"rule {p['rule']}, cue '{p['cue']}'" for f in result.claims["features"]
                for p in [f["properties"]] if p["rule"]}
    assert shown == expected and expected


def test_map_search_knows_other_names_of_a_place(tmp_path) -> None:
    """A place is found by names the articles do not use: Bakhmut by its Soviet-era name."""
    import geo

    art = tmp_path / "a.txt"
    art.write_text("Russian forces shelled Bakhmut overnight, the army said.\n", encoding="utf-8")
    geo.build([art], out=tmp_path / "out", cache=False)
    page = (tmp_path / "out" / "claims.html").read_text(encoding="utf-8")
    assert '"n":"Bakhmut"' in page and "Artemovsk" in page
    assert "Artemovsk" not in (tmp_path / "out" / "places.geojson").read_text(encoding="utf-8")


def test_map_takes_its_status_rule_from_the_build() -> None:
    """The page recomputes a filtered place's status from the table the build writes with the
    one status rule, indexed by the same tags in the same order; it has no rule of its own."""
    from geo.output.mapdata import MapData
    from geo.output.summary import STATUS_TABLE, STATUS_TAGS, place_status_of

    script = (Path(__file__).resolve().parent.parent / "geo" / "assets" / "claimmap.js").read_text(encoding="utf-8")
    listed = re.search(r"var STATUS_TAGS = \[([^\]]*)\]", script)
    assert listed is not None and json.loads(f"[{listed.group(1)}]") == list(STATUS_TAGS)
    assert '"contested"' not in script.split("function statusOf", 1)[1].split("}", 2)[0]
    assert STATUS_TABLE[0b0011] == "contested" == place_status_of(["capture_claim", "denial"])
    text, _ = MapData().page_json(None)
    assert json.loads(text)["statuses"] == STATUS_TABLE
