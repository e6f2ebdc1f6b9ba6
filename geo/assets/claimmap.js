/* Geo claim map: builds markers, popups, filters from the embedded JSON data.
 * Project code (not vendored).  Every string that comes from the data is put
 * into the page with textContent / setAttribute only, never as HTML.
 */
(function (global) {
  "use strict";

  var TAGS = ["capture_claim", "denial", "strike", "fortified", "mention"];
  var TAG_LABEL = {
    capture_claim: "Capture claim",
    denial: "Denial",
    strike: "Strike",
    fortified: "Fortified",
    mention: "Mention"
  };
  var TAG_SWATCH = {
    capture_claim: "claimed",
    denial: "denied",
    strike: "struck",
    fortified: "fortified",
    mention: "mentioned"
  };
  var CLAIMANTS = ["RU", "UA", "other", "unattributed"];
  var CLAIMANT_LABEL = {
    RU: "RU (Russian side)",
    UA: "UA (Ukrainian side)",
    other: "Other party",
    unattributed: "Unattributed"
  };
  var STATUS_LABEL = {
    contested: "Contested: capture claimed and denied",
    claimed: "Capture claimed",
    denied: "Capture denied",
    struck: "Strike reported",
    fortified: "Reported fortified",
    mentioned: "Mentioned only"
  };
  var STATUS_RANK = ["contested", "claimed", "denied", "struck", "fortified", "mentioned"];
  var OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var OSM_ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  /* Country outlines (Natural Earth): their own pane under the tiles (200), so loaded
   * tiles cover them and failed tiles leave them visible; regions (400) and markers
   * (600) are drawn above. */
  var BASEMAP_PANE = "geoBasemap";
  var BASEMAP_Z = 150;
  var BASEMAP_STYLE = {
    stroke: true,
    color: "#878176",
    weight: 0.9,
    opacity: 1,
    fill: true,
    fillColor: "#f7f5ef",
    fillOpacity: 1,
    lineJoin: "round"
  };
  var BASEMAP_ATTRIBUTION = 'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';
  var INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* A span that shows untrusted text, isolated from the surrounding direction. */
  function textSpan(text, className) {
    var node = el("span", "geo-text" + (className ? " " + className : ""), text);
    node.setAttribute("dir", "auto");
    return node;
  }

  function safeHttpUrl(raw) {
    if (typeof raw !== "string" || !raw) return null;
    var url;
    try {
      url = new URL(raw);
    } catch (e) {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.href;
  }

  function fold(text) {
    return String(text).normalize("NFKC").replace(INVISIBLE, "").trim().toLowerCase();
  }

  function statusOf(cits) {
    var has = {};
    for (var i = 0; i < cits.length; i++) has[cits[i][1]] = true;
    if (has.capture_claim && has.denial) return "contested";
    if (has.capture_claim) return "claimed";
    if (has.denial) return "denied";
    if (has.strike) return "struck";
    if (has.fortified) return "fortified";
    return "mentioned";
  }

  function pinIcon(status) {
    var small = status === "mentioned";
    return L.divIcon({
      className: "geo-pin geo-st-" + status,
      html: "",
      iconSize: small ? [10, 10] : [18, 18],
      iconAnchor: small ? [5, 5] : [9, 9],
      popupAnchor: [0, small ? -5 : -9],
      tooltipAnchor: [0, small ? -5 : -9]
    });
  }

  /* Non-interactive country outlines from a JSON block; null when there is none. */
  function addBasemap(map, basemapElementId) {
    var node = basemapElementId ? document.getElementById(basemapElementId) : null;
    if (!node) return null;
    var fc = JSON.parse(node.textContent);
    if (!fc || !fc.features || !fc.features.length) return null;
    var pane = map.createPane(BASEMAP_PANE);
    pane.style.zIndex = String(BASEMAP_Z);
    pane.style.pointerEvents = "none";
    var layer = L.geoJSON(fc, {
      pane: BASEMAP_PANE,
      interactive: false,
      bubblingMouseEvents: false,
      attribution: BASEMAP_ATTRIBUTION,
      style: function () { return BASEMAP_STYLE; }
    });
    layer.addTo(map);
    map.getContainer().classList.add("geo-has-basemap");
    return layer;
  }

  function init(map, dataElementId, basemapElementId) {
    var D = JSON.parse(document.getElementById(dataElementId).textContent);
    var container = map.getContainer();
    var basemap = addBasemap(map, basemapElementId);
    /* The clusterer needs a finite zoom range even when no tile layer sets one. */
    if (map.options.maxZoom === undefined) map.setMaxZoom(18);
    if (map.options.minZoom === undefined) map.setMinZoom(2);
    /* On a phone the legend starts folded; its summary line stays visible. */
    var legend = document.getElementById("geo-legend");
    if (legend && window.innerWidth < 700) legend.open = false;
    var articles = D.articles;
    var texts = D.texts;
    var icons = {};
    STATUS_RANK.forEach(function (s) { icons[s] = pinIcon(s); });

    var state = { tag: {}, claimant: {}, from: "", to: "", undated: true };
    TAGS.forEach(function (t) { state.tag[t] = true; });
    CLAIMANTS.forEach(function (c) { state.claimant[c] = true; });

    /* ---- background tiles (optional; the map works without them) ---- */
    if (D.tiles) {
      var tiles = L.tileLayer(OSM_URL, { attribution: OSM_ATTRIBUTION, maxZoom: 19 });
      var tileLoaded = false;
      tiles.on("tileload", function () { tileLoaded = true; });
      tiles.on("tileerror", function () {
        if (tileLoaded) return;
        /* Offline: drop the tile layer, keep the plain background. */
        setTimeout(function () {
          if (map.hasLayer(tiles)) {
            map.removeLayer(tiles);
            container.classList.add("geo-offline");
            map.attributionControl.addAttribution(basemap
              ? '<span class="geo-offline-note">Map tiles unavailable (offline): country outlines only</span>'
              : '<span class="geo-offline-note">Background map unavailable (offline)</span>');
          }
        }, 0);
      });
      tiles.addTo(map);
    }

    /* ---- citation filtering ---- */
    function citationVisible(c) {
      if (!state.tag[c[1]] || !state.claimant[c[2]]) return false;
      var date = articles[c[0]][1];
      if (!date) return state.undated;
      if (state.from && date < state.from) return false;
      if (state.to && date > state.to) return false;
      return true;
    }

    function visibleCitations(p) {
      return p.c.filter(citationVisible);
    }

    /* ---- regions ---- */
    var regionLayer = null;
    var regionFeatures = (D.regions && D.regions.features) || [];
    if (regionFeatures.length) {
      regionLayer = L.geoJSON(null, {
        style: function () {
          return { color: "#b30000", weight: 1, opacity: 0.7, fillColor: "#e34a33", fillOpacity: 0.18 };
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(function () {
            var box = el("div");
            box.appendChild(textSpan(feature.properties.name || feature.properties.code));
            box.appendChild(el("span", "geo-tooltip-line",
              "Region with reported events: " + (feature.properties._n || 0) + " place(s)"));
            return box;
          }, { sticky: true });
        }
      });
    }

    /* ---- markers ---- */
    function clusterIcon(cluster) {
      var children = cluster.getAllChildMarkers();
      var best = STATUS_RANK.length - 1;
      for (var i = 0; i < children.length; i++) {
        var r = STATUS_RANK.indexOf(children[i]._geoStatus);
        if (r >= 0 && r < best) best = r;
      }
      var count = el("span", null, String(cluster.getChildCount()));
      return L.divIcon({
        html: count,
        className: "geo-cluster geo-st-" + STATUS_RANK[best],
        iconSize: [34, 34]
      });
    }

    var cluster = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      chunkedLoading: true,
      iconCreateFunction: clusterIcon
    });

    function claimantsByTag(cits) {
      var out = {};
      cits.forEach(function (c) {
        (out[c[1]] = out[c[1]] || {})[c[2]] = true;
      });
      return out;
    }

    function buildTooltip(p) {
      var cits = visibleCitations(p);
      var status = p._shown || p.s;
      var box = el("div");
      var name = textSpan(p.n);
      name.style.fontWeight = "600";
      box.appendChild(name);
      box.appendChild(el("span", "geo-tooltip-line", STATUS_LABEL[status]));
      var by = claimantsByTag(cits);
      TAGS.forEach(function (t) {
        if (!by[t] || t === "mention") return;
        var who = CLAIMANTS.filter(function (c) { return by[t][c]; })
          .map(function (c) { return CLAIMANT_LABEL[c]; }).join(", ");
        box.appendChild(el("span", "geo-tooltip-line", TAG_LABEL[t] + ": " + who));
      });
      box.appendChild(el("span", "geo-tooltip-line", cits.length + " report(s) - click for details"));
      return box;
    }

    function buildCitation(c) {
      var art = articles[c[0]];
      var li = el("li", "geo-citation");
      var badges = el("div", "geo-badges");
      badges.appendChild(el("span", "geo-badge geo-t-" + c[1], TAG_LABEL[c[1]]));
      badges.appendChild(el("span", "geo-badge geo-claimant", "Claimant: " + CLAIMANT_LABEL[c[2]]));
      li.appendChild(badges);

      var src = el("div", "geo-src");
      src.appendChild(textSpan(art[0] || "unknown publisher", "geo-publisher"));
      src.appendChild(document.createTextNode(" \u00b7 "));
      src.appendChild(el("span", "geo-date", art[1] || "unknown date"));
      li.appendChild(src);

      var titleText = art[3] || "(untitled article)";
      var href = safeHttpUrl(art[2]);
      var titleBox = el("div", "geo-title");
      if (href) {
        var a = el("a");
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer nofollow");
        a.appendChild(textSpan(titleText));
        titleBox.appendChild(a);
      } else {
        titleBox.appendChild(textSpan(titleText));
      }
      li.appendChild(titleBox);

      var ev = el("p", "geo-evidence");
      ev.appendChild(textSpan(texts[c[3]]));
      li.appendChild(ev);
      return li;
    }

    function buildPopup(p) {
      var cits = visibleCitations(p);
      var status = p._shown || p.s;
      var box = el("div", "geo-popup");
      var h = el("h3");
      h.appendChild(textSpan(p.n, "geo-place"));
      box.appendChild(h);
      var meta = el("p", "geo-meta");
      meta.appendChild(el("strong", "geo-status", STATUS_LABEL[status]));
      var where = [p.a, p.cc].filter(Boolean);
      if (where.length) {
        meta.appendChild(document.createTextNode(" \u00b7 "));
        meta.appendChild(textSpan(where.join(", ")));
      }
      box.appendChild(meta);
      if (p.ap === 2 || p.ap === 3) {
        box.appendChild(el("p", "geo-approx", p.ap === 2
          ? "Approximate location: shown at the nearest town the report names."
          : "Approximate location: shown at the centre of its region."));
      }
      if (cits.length !== p.c.length) {
        box.appendChild(el("p", "geo-filtered",
          "Showing " + cits.length + " of " + p.c.length + " reports (filters active)"));
      }
      var list = el("ol", "geo-citations");
      cits.forEach(function (c) { list.appendChild(buildCitation(c)); });
      box.appendChild(list);
      return box;
    }

    var places = D.places;
    var markers = places.map(function (p) {
      var m = L.marker([p.la, p.lo], { icon: icons[p.s], keyboard: true, riseOnHover: true });
      m._geoPlace = p;
      m._geoStatus = p.s;
      m.bindTooltip(function () { return buildTooltip(p); }, { direction: "top" });
      m.bindPopup(function () { return buildPopup(p); }, {
        maxWidth: 340,
        minWidth: 200,
        maxHeight: Math.max(180, Math.min(420, Math.round(window.innerHeight * 0.6))),
        autoPanPadding: [10, 10]
      });
      m.on("add", function () {
        var node = m.getElement();
        if (!node) return;
        node.setAttribute("data-place", p.n);
        node.setAttribute("data-status", m._geoStatus);
        node.setAttribute("aria-label", p.n + ": " + STATUS_LABEL[m._geoStatus]);
      });
      return m;
    });

    var counter = null;

    function refresh() {
      var shown = [];
      var activeRegions = {};
      markers.forEach(function (m) {
        var p = m._geoPlace;
        var cits = visibleCitations(p);
        if (!cits.length) { p._shown = null; return; }
        var status = cits.length === p.c.length ? p.s : statusOf(cits);
        p._shown = status;
        if (status !== m._geoStatus) {
          m._geoStatus = status;
          m.setIcon(icons[status]);
        }
        shown.push(m);
        if (p.r && status !== "mentioned") activeRegions[p.r] = (activeRegions[p.r] || 0) + 1;
      });
      cluster.clearLayers();
      cluster.addLayers(shown);
      if (regionLayer) {
        regionLayer.clearLayers();
        regionFeatures.forEach(function (f) {
          var n = activeRegions[f.properties.code];
          if (n) {
            f.properties._n = n;
            regionLayer.addData(f);
          }
        });
      }
      if (counter) {
        counter.textContent = "Showing " + shown.length + " of " + markers.length + " places";
      }
    }

    /* ---- layer control: one overlay per tag and per claimant ---- */
    var overlays = {};
    var overlayKey = [];
    function swatch(status) {
      return '<span class="geo-sw geo-pin geo-st-' + status + '"></span> ';
    }
    TAGS.forEach(function (t) {
      var g = L.layerGroup().addTo(map);
      overlayKey.push([g, "tag", t]);
      overlays[swatch(TAG_SWATCH[t]) + "Tag: " + TAG_LABEL[t] + " (" + (D.counts.tag[t] || 0) + ")"] = g;
    });
    CLAIMANTS.forEach(function (c) {
      var g = L.layerGroup().addTo(map);
      overlayKey.push([g, "claimant", c]);
      overlays["Claimant: " + CLAIMANT_LABEL[c] + " (" + (D.counts.claimant[c] || 0) + ")"] = g;
    });
    if (regionLayer) {
      overlays['<span class="geo-sw-region"></span> Regions with reported events'] = regionLayer;
      regionLayer.addTo(map);
    }
    function onOverlay(on) {
      return function (e) {
        for (var i = 0; i < overlayKey.length; i++) {
          if (overlayKey[i][0] === e.layer) {
            state[overlayKey[i][1]][overlayKey[i][2]] = on;
            refresh();
            return;
          }
        }
      };
    }
    map.on("overlayadd", onOverlay(true));
    map.on("overlayremove", onOverlay(false));
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 700, position: "topright" }).addTo(map);
    cluster.addTo(map);

    /* ---- search + date panel ---- */
    var Panel = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var root = el("details", "geo-panel leaflet-control");
        if (window.innerWidth >= 700) root.open = true;
        root.appendChild(el("summary", null, "Search & filter"));

        var searchLabel = el("label", null, "Find a place");
        searchLabel.setAttribute("for", "geo-search");
        root.appendChild(searchLabel);
        var input = el("input");
        input.type = "search";
        input.id = "geo-search";
        input.setAttribute("list", "geo-place-list");
        input.setAttribute("autocomplete", "off");
        input.placeholder = "Place name";
        root.appendChild(input);
        var list = el("datalist");
        list.id = "geo-place-list";
        var seen = {};
        places.forEach(function (p) {
          [p.n].concat(p.al || []).forEach(function (name) {
            if (seen[name]) return;
            seen[name] = true;
            var opt = el("option");
            opt.value = name;
            list.appendChild(opt);
          });
        });
        root.appendChild(list);
        var msg = el("div", "geo-msg geo-search-msg");
        msg.setAttribute("aria-live", "polite");
        root.appendChild(msg);

        function find(query) {
          var q = fold(query);
          if (!q) return null;
          var exact = null, prefix = null, part = null;
          for (var i = 0; i < markers.length && !exact; i++) {
            var p = markers[i]._geoPlace;
            var names = [p.n].concat(p.al || []);
            for (var j = 0; j < names.length; j++) {
              var n = fold(names[j]);
              if (n === q) { exact = markers[i]; break; }
              if (!prefix && n.indexOf(q) === 0) prefix = markers[i];
              if (!part && n.indexOf(q) > 0) part = markers[i];
            }
          }
          return exact || prefix || part;
        }
        function go() {
          var m = find(input.value);
          if (!m) {
            msg.textContent = input.value.trim() ? "No place matches." : "";
            return;
          }
          var p = m._geoPlace;
          if (!p._shown) {
            msg.textContent = "";
            msg.appendChild(textSpan(p.n));
            msg.appendChild(document.createTextNode(" is hidden by the current filters."));
            return;
          }
          msg.textContent = "";
          cluster.zoomToShowLayer(m, function () { m.openPopup(); });
        }
        input.addEventListener("change", go);
        input.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); go(); }
        });

        var dates = D.dates;
        var dateBox = el("div");
        root.appendChild(dateBox);
        var fromLabel = el("label", null, "Reports from");
        fromLabel.setAttribute("for", "geo-date-from");
        var from = el("input");
        from.type = "date";
        from.id = "geo-date-from";
        var toLabel = el("label", null, "to");
        toLabel.setAttribute("for", "geo-date-to");
        var to = el("input");
        to.type = "date";
        to.id = "geo-date-to";
        if (dates) {
          from.min = to.min = dates[0];
          from.max = to.max = dates[1];
          from.value = dates[0];
          to.value = dates[1];
        }
        var undatedRow = el("label", "geo-row");
        var undated = el("input");
        undated.type = "checkbox";
        undated.id = "geo-undated";
        undated.checked = true;
        undatedRow.appendChild(undated);
        undatedRow.appendChild(document.createTextNode("Include undated reports"));
        var reset = el("button", null, "Reset filters");
        reset.type = "button";
        [fromLabel, from, toLabel, to, undatedRow, reset].forEach(function (n) { dateBox.appendChild(n); });
        counter = el("div", "geo-msg geo-count");
        counter.setAttribute("aria-live", "polite");
        root.appendChild(counter);

        function readDates() {
          state.from = from.value || "";
          state.to = to.value || "";
          state.undated = undated.checked;
          refresh();
        }
        [from, to].forEach(function (n) {
          n.addEventListener("change", readDates);
          n.addEventListener("input", readDates);
        });
        undated.addEventListener("change", readDates);
        reset.addEventListener("click", function () {
          from.value = dates ? dates[0] : "";
          to.value = dates ? dates[1] : "";
          undated.checked = true;
          overlayKey.forEach(function (k) { if (!map.hasLayer(k[0])) map.addLayer(k[0]); });
          readDates();
        });

        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        return root;
      }
    });
    new Panel().addTo(map);

    refresh();
    if (D.bounds) {
      map.fitBounds(D.bounds, { padding: [30, 30], maxZoom: 9 });
    }

    global.geoClaimMap = {
      map: map,
      basemap: basemap,
      cluster: cluster,
      markers: markers,
      state: state,
      refresh: refresh
    };
    return global.geoClaimMap;
  }

  global.geoClaimMapInit = init;
})(window);
