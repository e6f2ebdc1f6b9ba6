"""The folium side of the map page: the map, the element that embeds the data, the legend.

Imported only when a page has to be rendered (folium takes about half a second to import);
:mod:`geo.output.webmap` gathers the data and keeps rendered pages for reuse.
"""

from __future__ import annotations

import html
import json
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement

from .assets import (BASEMAP_ELEMENT_ID, DATA_ELEMENT_ID, DEFAULT_CENTER, GENERATED_NAME_RE, MAP_ID, inline_css,
                     inline_js)

__all__ = ["folium_map"]


class _Raw(Element):
    """An element that renders as fixed text.

    branca turns each macro's output into a new Jinja template and renders it
    again, so article text such as ``{{ ... }}`` would be evaluated.  Text that
    carries data or vendored code is therefore added as a ``_Raw`` element,
    which is never parsed as a template.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _ClaimLayer(MacroElement):
    """Inlined assets, embedded data, legend, and the call that builds the map in JS."""

    def __init__(self, data_json: str, title: str, basemap_json: str | None = None, *, has_regions: bool) -> None:
        super().__init__()
        self._name = "ClaimLayer"
        self._id = "claims"
        self._data_json = data_json
        self._basemap_json = basemap_json
        self._legend = _legend_html(title, has_regions=has_regions)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # MacroElement.render returns nothing
        figure = self.get_root()
        assert isinstance(figure, Figure), "the claim layer must be inside a Figure"
        assert self._parent is not None
        name = self.get_name()
        figure.header.add_child(
            _Raw(f"<style>{inline_css()}</style>\n<script>{inline_js()}</script>\n"), name=name
        )
        basemap_block = ""
        init_args = [self._parent.get_name(), json.dumps(DATA_ELEMENT_ID)]
        if self._basemap_json is not None:
            basemap_block = (
                f'<script type="application/json" id="{BASEMAP_ELEMENT_ID}">{self._basemap_json}</script>\n'
            )
            init_args.append(json.dumps(BASEMAP_ELEMENT_ID))
        figure.html.add_child(
            _Raw(
                f'<script type="application/json" id="{DATA_ELEMENT_ID}">{self._data_json}</script>\n'
                f"{basemap_block}{self._legend}\n"
            ),
            name=name,
        )
        figure.script.add_child(_Raw(f"geoClaimMapInit({', '.join(init_args)});\n"), name=name)


_LEGEND_ROWS: tuple[tuple[str, str], ...] = (
    ("claimed", "Capture claimed"),
    ("denied", "Capture denied"),
    ("contested", "Contested: claimed and denied"),
    ("struck", "Strike reported"),
    ("fortified", "Reported fortified"),
    ("mentioned", "Mentioned only"),
)


#: Side marks drawn on a marker: who claims, denies, attacks or calls a place fortified.
_LEGEND_SIDES: tuple[tuple[str, str], ...] = (
    ("RU", "Russian side"),
    ("UA", "Ukrainian side"),
    ("OT", "another party"),
    ("?", "unattributed"),
    ("RU|UA", "contested: claimed by RU, denied by UA"),
)


def _legend_html(title: str, *, has_regions: bool) -> str:
    """Static legend box; the only data in it is the escaped title.  The corpus line
    (``geo-corpus``) is filled in by the map script."""
    rows = "".join(
        f'<li><span class="geo-sw geo-pin geo-st-{status}"></span>{label}</li>' for status, label in _LEGEND_ROWS
    )
    if has_regions:
        rows += ('<li><span class="geo-sw-region"></span>Region named in reports (an outline: '
                 "not who controls it)</li>")
    sides = "".join(f'<li><span class="geo-side">{html.escape(mark)}</span>{label}</li>'
                    for mark, label in _LEGEND_SIDES)
    return (
        '<details class="geo-legend" id="geo-legend" open>'
        "<summary>Legend</summary>"
        f'<h2 dir="auto">{html.escape(title)}</h2>'
        '<p class="geo-corpus" id="geo-corpus"></p>'
        f"<ul>{rows}</ul>"
        '<p class="geo-note">The mark beside a marker says who makes the claim '
        "(for a strike: the attacker):</p>"
        f'<ul class="geo-sides">{sides}</ul>'
        '<p class="geo-note">Numbered circles group nearby places: zoom in or click. '
        "Hover a marker for who claims what; click it (or tab to it and press Enter) for every report, "
        "newest first; Esc closes it. Colours show what is reported, not who controls a place.</p>"
        "</details>"
    )


def _fix_ids(root: Element) -> None:
    """Give every element under ``root`` a deterministic id (tree order).

    folium/branca draw ids from ``os.urandom``; an id shows up in the HTML as
    variable and element names, so it is replaced here, per map, without
    touching any class or global.  Children keyed by their old generated name
    are re-keyed.
    """
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        renamed = []
        for key, child in element._children.items():
            old_name = child.get_name()
            if child._id not in (MAP_ID, "claims"):
                counter += 1
                child._id = f"{counter:04d}"
            generated = key == old_name or GENERATED_NAME_RE.match(key) is not None
            renamed.append((child.get_name() if generated else key, child))
            visit(child)
        element._children.clear()
        element._children.update(renamed)

    visit(root)


def folium_map(data_json: str, title: str, basemap_json: str | None, *, has_regions: bool) -> folium.Map:
    """A folium map of the page with ``data_json`` embedded (see :func:`geo.output.webmap.build_map`)."""
    # The view is fitted to the data in the browser (claimmap.js), so the folium centre
    # is fixed: the page around the data depends on nothing but the title and options.
    m = folium.Map(location=list(DEFAULT_CENTER), zoom_start=6, tiles=None, control_scale=True)
    m._id = MAP_ID
    # Instance attributes shadow folium's CDN lists without changing the class.
    m.default_js = []
    m.default_css = []
    m.add_child(_ClaimLayer(data_json, title, basemap_json, has_regions=has_regions))
    figure = m.get_root()
    assert isinstance(figure, Figure)
    figure.title = html.escape(title)
    _fix_ids(figure)
    return m
