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
  /* The mark beside a marker: who claims, denies, attacks or calls a place fortified. */
  var SIDE_MARK = { RU: "RU", UA: "UA", other: "OT", unattributed: "?" };
  /* What the claimant of a citation is, per tag: for a strike the attacker. */
  var ROLE_LABEL = {
    capture_claim: "Claimed by",
    denial: "Denied by",
    strike: "Attacker",
    fortified: "Said by",
    mention: "Mentioned by"
  };
  /* The tag whose claimants a status's mark shows. */
  var STATUS_TAG = { claimed: "capture_claim", denied: "denial", struck: "strike", fortified: "fortified" };
  /* Zoom levels from which event places are labelled, and up to which regions are. */
  var LABEL_ZOOM = 7;
  var REGION_LABEL_ZOOM = 7;
  /* A date marker an input may leave at the start of a sentence ("Date: 2025-12-11"). */
  var DATE_MARKER = /^\s*(?:date|published|updated|posted)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+Z?)?[\s.,;:|\u2013\u2014-]*/i;
  var PHONE = 700;
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

  /* The status of a place with these citations, from the page's status table (the one
   * status rule, written by the build: entry m for the event tags whose bits are set in m). */
  var STATUS_TAGS = ["capture_claim", "denial", "strike", "fortified"];
  var statusTable = null;
  function statusOf(cits) {
    var mask = 0;
    for (var i = 0; i < cits.length; i++) {
      var k = STATUS_TAGS.indexOf(cits[i][1]);
      if (k >= 0) mask |= 1 << k;
    }
    return statusTable[mask];
  }

  /* Claimants of the citations with a tag, in CLAIMANTS order. */
  function sidesOf(cits, tag) {
    var has = {};
    cits.forEach(function (c) { if (c[1] === tag) has[c[2]] = true; });
    return CLAIMANTS.filter(function (c) { return has[c]; });
  }

  function markOf(sides) {
    return sides.map(function (c) { return SIDE_MARK[c]; }).join("+");
  }

  /* The side mark of a place with these citations and status ("" for a mention):
   * "RU" claimed by RU, "RU|UA" claimed by RU and denied by UA. */
  function sideMark(cits, status) {
    if (status === "contested") {
      return markOf(sidesOf(cits, "capture_claim")) + "|" + markOf(sidesOf(cits, "denial"));
    }
    return STATUS_TAG[status] ? markOf(sidesOf(cits, STATUS_TAG[status])) : "";
  }

  /* Words for a side mark, for screen readers and tooltips. */
  function sideWords(cits, status) {
    function words(tag) {
      return sidesOf(cits, tag).map(function (c) { return CLAIMANT_LABEL[c]; }).join(", ");
    }
    var out = [];
    if (status === "contested" || status === "claimed") out.push("claimed by " + words("capture_claim"));
    if (status === "contested" || status === "denied") out.push("denied by " + words("denial"));
    if (status === "struck") out.push("attacker: " + words("strike"));
    if (status === "fortified") out.push("said by " + words("fortified"));
    return out.join("; ");
  }

  /* A marker's icon: the status shape (CSS), the side mark and, for an event place, its
   * name as a label shown from LABEL_ZOOM on (so the map reads without tiles). */
  function pinIcon(p, status, mark) {
    var small = status === "mentioned";
    var box = el("span", "geo-pin-box");
    if (mark) box.appendChild(el("span", "geo-side", mark));
    if (!small) box.appendChild(textSpan(p.n, "geo-label"));
    return L.divIcon({
      className: "geo-pin geo-st-" + status,
      html: box,
      iconSize: small ? [10, 10] : [18, 18],
      iconAnchor: small ? [5, 5] : [9, 9],
      popupAnchor: [0, small ? -5 : -9],
      tooltipAnchor: [0, small ? -5 : -9]
    });
  }

  /* Rectangles of two DOMRects overlap. */
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function cleanEvidence(text) {
    return String(text || "").replace(DATE_MARKER, "");
  }

  /* Cyrillic -> Latin (Ukrainian national / BGN-like) and a loose key, so search finds
   * "Бахмут", "Bakhmut" and "Bahmut" alike. */
  var CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ё": "e", "ъ": "", "ы": "y", "э": "e"
  };
  function loose(text) {
    var out = "";
    var s = fold(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i);
      out += Object.prototype.hasOwnProperty.call(CYR, ch) ? CYR[ch] : ch;
    }
    return out.replace(/['\u2019\u02bc`\-\s]/g, "").replace(/kh/g, "h").replace(/[yji]+/g, "i")
      .replace(/g/g, "h").replace(/(.)\1+/g, "$1");
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
    statusTable = D.statuses;
    var container = map.getContainer();
    var basemap = addBasemap(map, basemapElementId);
    /* The clusterer needs a finite zoom range even when no tile layer sets one. */
    if (map.options.maxZoom === undefined) map.setMaxZoom(18);
    if (map.options.minZoom === undefined) map.setMinZoom(2);
    /* On a phone the legend starts folded; its summary line stays visible. */
    var legend = document.getElementById("geo-legend");
    if (legend && window.innerWidth < PHONE) legend.open = false;
    var articles = D.articles;
    var texts = D.texts;

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
      return state.tag[c[1]] && state.claimant[c[2]] && dateVisible(c);
    }

    function dateVisible(c) {
      var date = articles[c[0]][1];
      if (!date) return state.undated;
      if (state.from && date < state.from) return false;
      if (state.to && date > state.to) return false;
      return true;
    }

    function visibleCitations(p) {
      return p.c.filter(citationVisible);
    }

    /* ---- one marker per place: a place shown at its region's centre (a stand-in
     * point) joins the place of the same name shown at its own point ---- */
    var places = [];
    var byName = {};
    D.places.forEach(function (p) {
      if (!p.ap) byName[p.n] = byName[p.n] || p;
    });
    D.places.forEach(function (p) {
      var home = p.ap === 3 ? byName[p.n] : null;
      if (home && home !== p) {
        home.c = home.c.concat(p.c);
        home.c.sort(function (x, y) {
          var a = articles[x[0]][1] || "", b = articles[y[0]][1] || "";
          return a === b ? 0 : (a < b ? 1 : -1);
        });
        home.s = statusOf(home.c);
        return;
      }
      places.push(p);
    });

    /* ---- regions: an outline in the colour of the most serious status inside, never
     * a fill (a filled region reads as territory held) ---- */
    var STATUS_COLOUR = {
      contested: "#7b3294", claimed: "#d7191c", denied: "#2c7bb6", struck: "#c75f00",
      fortified: "#5f5f5f", mentioned: "#8a8a8a"
    };
    var regionLayer = null;
    var regionLabels = L.layerGroup();
    var regionFeatures = (D.regions && D.regions.features) || [];
    if (regionFeatures.length) {
      map.createPane("geoLabels").style.zIndex = "450";
      map.getPane("geoLabels").style.pointerEvents = "none";
      regionLayer = L.geoJSON(null, {
        style: function (f) {
          return {
            color: STATUS_COLOUR[f.properties._s] || "#555", weight: 2, opacity: 0.9, dashArray: "6 4",
            fill: false
          };
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(function () {
            var box = el("div");
            box.appendChild(textSpan(feature.properties.name || feature.properties.code));
            box.appendChild(el("span", "geo-tooltip-line",
              (feature.properties._n || 0) + " place(s) in this region with reported events " +
              "(an outline, not who controls it)"));
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

    function latestDate(cits) {
      for (var i = 0; i < cits.length; i++) {
        if (articles[cits[i][0]][1]) return articles[cits[i][0]][1];
      }
      return null;
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
        box.appendChild(el("span", "geo-tooltip-line",
          TAG_LABEL[t] + (t === "strike" ? " (attacker)" : "") + ": " + who));
      });
      box.appendChild(el("span", "geo-tooltip-line", cits.length + " report(s) - click for details"));
      return box;
    }

    /* Citations with the same report (publisher, date, link, title) and the same
     * sentence are one entry with every tag and side they carry. */
    function mergeCitations(cits) {
      var groups = [];
      var seen = {};
      cits.forEach(function (c) {
        var art = articles[c[0]];
        var key = JSON.stringify([art[0], art[1], art[2], art[3], cleanEvidence(texts[c[3]])]);
        var g = seen[key];
        if (!g) {
          g = seen[key] = { art: art, text: texts[c[3]], roles: [], has: {} };
          groups.push(g);
        }
        var role = c[1] + "/" + c[2];
        if (!g.has[role]) {
          g.has[role] = true;
          g.roles.push([c[1], c[2], c.length > 4 ? texts[c[4]] : ""]);
        }
      });
      return groups;
    }

    function buildCitation(g) {
      var art = g.art;
      var li = el("li", "geo-citation");
      var badges = el("div", "geo-badges");
      g.roles.forEach(function (r) {
        badges.appendChild(el("span", "geo-badge geo-t-" + r[0], TAG_LABEL[r[0]]));
        if (r[0] !== "mention" || r[1] !== "unattributed") {
          badges.appendChild(el("span", "geo-badge geo-claimant", ROLE_LABEL[r[0]] + ": " + CLAIMANT_LABEL[r[1]]));
        }
      });
      li.appendChild(badges);

      var src = el("div", "geo-src");
      src.appendChild(textSpan(art[0] || "unknown publisher", "geo-publisher"));
      src.appendChild(document.createTextNode(" \u00b7 "));
      src.appendChild(el("span", "geo-date", art[1] || "undated"));
      li.appendChild(src);

      var href = safeHttpUrl(art[2]);
      var titleText = art[3] ? cleanEvidence(art[3]) : "";
      if (!titleText && href) titleText = new URL(href).hostname;
      if (titleText) {
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
      }

      var ev = el("p", "geo-evidence");
      ev.appendChild(textSpan(cleanEvidence(g.text)));
      li.appendChild(ev);
      /* Why each tag was given: the rule and the cue words that made it. */
      g.roles.forEach(function (r) {
        if (!r[2]) return;
        var why = el("p", "geo-why", TAG_LABEL[r[0]] + ": ");
        why.appendChild(textSpan(r[2]));
        li.appendChild(why);
      });
      return li;
    }

    /* The popup's first line: status, who claims, who denies, latest report. */
    function summaryLine(cits, status) {
      var line = el("p", "geo-summary");
      line.appendChild(el("strong", "geo-status", STATUS_LABEL[status]));
      var by = claimantsByTag(cits);
      function who(tag) {
        return CLAIMANTS.filter(function (c) { return by[tag] && by[tag][c]; })
          .map(function (c) { return SIDE_MARK[c] === "?" ? "unattributed" : SIDE_MARK[c]; }).join(", ");
      }
      var parts = [];
      if (by.capture_claim) parts.push("claimed by " + who("capture_claim"));
      if (by.denial) parts.push("denied by " + who("denial"));
      if (by.strike) parts.push("attacker " + who("strike"));
      if (by.fortified) parts.push("fortified per " + who("fortified"));
      var latest = latestDate(cits);
      parts.push(latest ? "latest " + latest : "undated");
      parts.forEach(function (t) { line.appendChild(document.createTextNode(" \u00b7 " + t)); });
      return line;
    }

    function buildPopup(p) {
      var cits = visibleCitations(p);
      var status = p._shown || p.s;
      var box = el("div", "geo-popup");
      var h = el("h3");
      h.appendChild(textSpan(p.n, "geo-place"));
      box.appendChild(h);
      box.appendChild(summaryLine(cits, status));
      var where = [p.a, p.cc].filter(Boolean);
      if (where.length) {
        var meta = el("p", "geo-meta");
        meta.appendChild(textSpan(where.join(", ")));
        box.appendChild(meta);
      }
      if (p.ap === 2 || p.ap === 3) {
        box.appendChild(el("p", "geo-approx", p.ap === 2
          ? "Approximate location: shown at the nearest town the report names."
          : "Approximate location: shown at the centre of its region."));
      }
      if (cits.length !== p.c.length) {
        box.appendChild(el("p", "geo-filtered",
          "Showing " + cits.length + " of " + p.c.length + " reports (filters active)"));
      }
      var events = mergeCitations(cits.filter(function (c) { return c[1] !== "mention"; }));
      var mentions = mergeCitations(cits.filter(function (c) { return c[1] === "mention"; }));
      var list = el("ol", "geo-citations");
      events.forEach(function (g) { list.appendChild(buildCitation(g)); });
      box.appendChild(list);
      if (mentions.length) {
        var fold = el("details", "geo-mentions");
        if (!events.length) fold.open = true;
        fold.appendChild(el("summary", null, mentions.length + " plain mention(s)"));
        var mlist = el("ol", "geo-citations");
        mentions.forEach(function (g) { mlist.appendChild(buildCitation(g)); });
        fold.appendChild(mlist);
        box.appendChild(fold);
      }
      return box;
    }

    /* After a popup opens, pan the map so the popup lies inside the map and clear of
     * every control (the panel, the layer list, the legend). */
    function panClear(popup) {
      var node = popup.getElement && popup.getElement();
      if (!node) return;
      var box = container.getBoundingClientRect();
      var pad = 8;
      var r = node.getBoundingClientRect();
      var dx = 0, dy = 0;
      /* First inside the map (its top and left edges win when it is too big)... */
      if (r.right > box.right - pad) dx = box.right - pad - r.right;
      if (r.left + dx < box.left + pad) dx = box.left + pad - r.left;
      if (r.bottom > box.bottom - pad) dy = box.bottom - pad - r.bottom;
      if (r.top + dy < box.top + pad) dy = box.top + pad - r.top;
      /* ...then clear of each control, by the smallest move that keeps it inside. */
      var controls = container.querySelectorAll(".geo-panel, .leaflet-control-layers, .geo-legend");
      for (var pass = 0; pass < 2; pass++) {
        for (var i = 0; i < controls.length; i++) {
          var c = controls[i].getBoundingClientRect();
          if (!c.width || !c.height) continue;
          var q = { left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy };
          if (!overlaps(q, c)) continue;
          var moves = [
            [c.right + pad - q.left, 0], [c.left - pad - q.right, 0],
            [0, c.bottom + pad - q.top], [0, c.top - pad - q.bottom]
          ].filter(function (m) {
            return q.left + m[0] >= box.left && q.right + m[0] <= box.right &&
              q.top + m[1] >= box.top && q.bottom + m[1] <= box.bottom;
          });
          if (!moves.length) continue;
          moves.sort(function (a, b) {
            return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]);
          });
          dx += moves[0][0];
          dy += moves[0][1];
        }
      }
      if (dx || dy) map.panBy([-dx, -dy], { animate: false });
    }

    function decorate(m) {
      var node = m.getElement();
      if (!node) return;
      var p = m._geoPlace;
      var cits = visibleCitations(p);
      var words = sideWords(cits, m._geoStatus);
      node.setAttribute("data-place", p.n);
      node.setAttribute("data-status", m._geoStatus);
      node.setAttribute("data-side", m._geoMark || "");
      node.setAttribute("aria-label", p.n + ": " + STATUS_LABEL[m._geoStatus] + (words ? "; " + words : ""));
    }

    function setPin(m, status, mark) {
      if (status === m._geoStatus && mark === m._geoMark && m.options.icon._geo) return;
      m._geoStatus = status;
      m._geoMark = mark;
      var icon = pinIcon(m._geoPlace, status, mark);
      icon._geo = true;
      m.setIcon(icon);
      decorate(m);
    }

    var markers = places.map(function (p) {
      var m = L.marker([p.la, p.lo], { icon: L.divIcon(), keyboard: true, riseOnHover: true });
      m._geoPlace = p;
      setPin(m, p.s, sideMark(p.c, p.s));
      m.bindTooltip(function () { return buildTooltip(p); }, { direction: "top" });
      m.bindPopup(function () { return buildPopup(p); }, {
        maxWidth: 340,
        minWidth: 200,
        maxHeight: Math.max(180, Math.min(420, Math.round(window.innerHeight * 0.6))),
        autoPan: false
      });
      m.on("add", function () { decorate(m); });
      m.on("popupopen", function (e) {
        map._geoLastMarker = m;
        /* On a phone the open panel would cover the popup: fold it. */
        if (window.innerWidth < PHONE && panel && panel.open) panel.open = false;
        panClear(e.popup);
      });
      return m;
    });

    var counter = null;
    var panel = null;
    var countNodes = { tag: {}, claimant: {} };

    function refresh() {
      var shown = [];
      var activeRegions = {};
      var regionStatus = {};
      markers.forEach(function (m) {
        var p = m._geoPlace;
        var cits = visibleCitations(p);
        if (!cits.length) { p._shown = null; return; }
        var status = cits.length === p.c.length ? p.s : statusOf(cits);
        p._shown = status;
        setPin(m, status, sideMark(cits, status));
        shown.push(m);
        if (p.r && status !== "mentioned") {
          activeRegions[p.r] = (activeRegions[p.r] || 0) + 1;
          var best = regionStatus[p.r];
          if (!best || STATUS_RANK.indexOf(status) < STATUS_RANK.indexOf(best)) regionStatus[p.r] = status;
        }
      });
      cluster.clearLayers();
      cluster.addLayers(shown);
      if (regionLayer) {
        regionLayer.clearLayers();
        regionLabels.clearLayers();
        regionFeatures.forEach(function (f) {
          var n = activeRegions[f.properties.code];
          if (n) {
            f.properties._n = n;
            f.properties._s = regionStatus[f.properties.code];
            regionLayer.addData(f);
          }
        });
        regionLayer.eachLayer(function (layer) {
          var label = el("span", "geo-region-label");
          label.appendChild(textSpan(layer.feature.properties.name || layer.feature.properties.code));
          regionLabels.addLayer(L.marker(layer.getBounds().getCenter(), {
            icon: L.divIcon({ className: "geo-region-name", html: label, iconSize: null }),
            interactive: false, keyboard: false, pane: "geoLabels"
          }));
        });
      }
      /* Layer counts follow the other filters: reports of each tag (claimant) that the
       * dates and the claimant (tag) toggles let through. */
      var counts = { tag: {}, claimant: {} };
      markers.forEach(function (m) {
        m._geoPlace.c.forEach(function (c) {
          if (!dateVisible(c)) return;
          if (state.claimant[c[2]]) counts.tag[c[1]] = (counts.tag[c[1]] || 0) + 1;
          if (state.tag[c[1]]) counts.claimant[c[2]] = (counts.claimant[c[2]] || 0) + 1;
        });
      });
      ["tag", "claimant"].forEach(function (kind) {
        Object.keys(countNodes[kind]).forEach(function (k) {
          countNodes[kind][k].textContent = String(counts[kind][k] || 0);
        });
      });
      if (counter) {
        counter.textContent = "Showing " + shown.length + " of " + markers.length + " places";
      }
      saveHash();
    }

    /* ---- layer control: one overlay per tag and per claimant, counts kept current ---- */
    var overlays = {};
    var overlayKey = [];
    function swatch(status) {
      return '<span class="geo-sw geo-pin geo-st-' + status + '"></span> ';
    }
    function countSlot(kind, key) {
      return ' (<span class="geo-n" data-kind="' + kind + '" data-key="' + key + '">' +
        (D.counts[kind][key] || 0) + "</span>)";
    }
    TAGS.forEach(function (t) {
      var g = L.layerGroup().addTo(map);
      overlayKey.push([g, "tag", t]);
      overlays[swatch(TAG_SWATCH[t]) + "Tag: " + TAG_LABEL[t] + countSlot("tag", t)] = g;
    });
    CLAIMANTS.forEach(function (c) {
      var g = L.layerGroup().addTo(map);
      overlayKey.push([g, "claimant", c]);
      overlays['<span class="geo-side">' + SIDE_MARK[c] + "</span> Claimant: " + CLAIMANT_LABEL[c] +
        countSlot("claimant", c)] = g;
    });
    if (regionLayer) {
      overlays['<span class="geo-sw-region"></span> Regions with reported events (outline)'] = regionLayer;
      regionLayer.addTo(map);
      regionLabels.addTo(map);
    }
    var restoring = false;
    function onOverlay(on) {
      return function (e) {
        for (var i = 0; i < overlayKey.length; i++) {
          if (overlayKey[i][0] === e.layer) {
            state[overlayKey[i][1]][overlayKey[i][2]] = on;
            if (!restoring) refresh();
            return;
          }
        }
        if (e.layer === regionLayer) {
          if (on) regionLabels.addTo(map); else map.removeLayer(regionLabels);
        }
      };
    }
    map.on("overlayadd", onOverlay(true));
    map.on("overlayremove", onOverlay(false));
    var layers = L.control.layers(null, overlays, { collapsed: window.innerWidth < PHONE, position: "topright" })
      .addTo(map);
    var slots = layers.getContainer().querySelectorAll(".geo-n");
    for (var si = 0; si < slots.length; si++) {
      countNodes[slots[si].getAttribute("data-kind")][slots[si].getAttribute("data-key")] = slots[si];
    }
    cluster.addTo(map);

    /* ---- search + date panel ---- */
    var allDates = [];
    (function () {
      var seenDate = {};
      articles.forEach(function (a) { if (a[1] && !seenDate[a[1]]) { seenDate[a[1]] = true; allDates.push(a[1]); } });
      allDates.sort();
    })();
    var controls = {};
    var Panel = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var root = el("details", "geo-panel leaflet-control");
        panel = root;
        if (window.innerWidth >= PHONE) root.open = true;
        root.appendChild(el("summary", null, "Search & filter"));

        var searchLabel = el("label", null, "Find a place");
        searchLabel.setAttribute("for", "geo-search");
        root.appendChild(searchLabel);
        var input = el("input");
        input.type = "search";
        input.id = "geo-search";
        input.setAttribute("list", "geo-place-list");
        input.setAttribute("autocomplete", "off");
        input.placeholder = "Place name (any spelling)";
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

        /* The best place for a query, and the name it matched: exact, then by prefix,
         * then inside a name; each first as typed, then spelling-blind (Cyrillic too). */
        function find(query) {
          var q = fold(query);
          if (!q) return null;
          var lq = loose(query);
          var ranks = [null, null, null, null, null, null];
          for (var i = 0; i < markers.length && !ranks[0]; i++) {
            var p = markers[i]._geoPlace;
            var names = [p.n].concat(p.al || []);
            for (var j = 0; j < names.length; j++) {
              var n = fold(names[j]);
              var ln = loose(names[j]);
              var hit = [n === q, lq && ln === lq, n.indexOf(q) === 0, lq && ln.indexOf(lq) === 0,
                         n.indexOf(q) > 0, lq.length > 2 && ln.indexOf(lq) > 0];
              for (var k = 0; k < hit.length; k++) {
                if (hit[k] && !ranks[k]) ranks[k] = { marker: markers[i], name: names[j] };
              }
            }
          }
          for (var r = 0; r < ranks.length; r++) if (ranks[r]) return ranks[r];
          return null;
        }
        function go() {
          var found = find(input.value);
          if (!found) {
            msg.textContent = input.value.trim() ? "No place matches." : "";
            return;
          }
          var m = found.marker;
          var p = m._geoPlace;
          msg.textContent = "";
          if (!p._shown) {
            msg.appendChild(textSpan(p.n));
            msg.appendChild(document.createTextNode(" is hidden by the current filters."));
            return;
          }
          if (fold(p.n) !== fold(input.value)) {
            msg.appendChild(document.createTextNode("Showing "));
            msg.appendChild(textSpan(p.n));
            msg.appendChild(document.createTextNode(" for \u201c"));
            msg.appendChild(textSpan(input.value.trim()));
            msg.appendChild(document.createTextNode("\u201d" +
              (fold(found.name) !== fold(p.n) ? " (written \u201c" + found.name + "\u201d in a report)" : "")));
          }
          /* A town-level view, closer only when markers still overlap there. */
          if (window.innerWidth < PHONE) root.open = false;
          map.setView(m.getLatLng(), Math.max(map.getZoom(), 10), { animate: false });
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
        /* Time slider over the report dates: the map as reported up to a day. */
        var timeLabel = el("label", null, "Reports up to");
        timeLabel.setAttribute("for", "geo-time");
        var timeValue = el("output", "geo-time-value", dates ? dates[1] : "");
        timeValue.setAttribute("for", "geo-time");
        timeLabel.appendChild(document.createTextNode(" "));
        timeLabel.appendChild(timeValue);
        var time = el("input");
        time.type = "range";
        time.id = "geo-time";
        time.min = "0";
        time.max = String(Math.max(0, allDates.length - 1));
        time.step = "1";
        time.value = time.max;
        time.disabled = allDates.length < 2;
        var play = el("button", "geo-play", "\u25b6 Play");
        play.type = "button";
        play.disabled = allDates.length < 2;
        play.setAttribute("aria-label", "Play the reports day by day");
        var undatedRow = el("label", "geo-row");
        var undated = el("input");
        undated.type = "checkbox";
        undated.id = "geo-undated";
        undated.checked = true;
        undatedRow.appendChild(undated);
        undatedRow.appendChild(document.createTextNode("Include undated reports"));
        var reset = el("button", null, "Reset filters");
        reset.type = "button";
        var row = el("div", "geo-row");
        row.appendChild(play);
        row.appendChild(reset);
        [fromLabel, from, toLabel, to, timeLabel, time, undatedRow, row].forEach(function (n) {
          dateBox.appendChild(n);
        });
        counter = el("div", "geo-msg geo-count");
        counter.setAttribute("aria-live", "polite");
        root.appendChild(counter);

        function syncSlider() {
          var i = allDates.length - 1;
          while (i > 0 && state.to && allDates[i] > state.to) i--;
          time.value = String(Math.max(0, i));
          timeValue.textContent = state.to || (dates ? dates[1] : "");
        }
        function readDates() {
          state.from = from.value || "";
          state.to = to.value || "";
          state.undated = undated.checked;
          syncSlider();
          refresh();
        }
        [from, to].forEach(function (n) {
          n.addEventListener("change", readDates);
          n.addEventListener("input", readDates);
        });
        undated.addEventListener("change", readDates);
        time.addEventListener("input", function () {
          to.value = allDates[Number(time.value)] || "";
          readDates();
        });
        var timer = null;
        function stop() {
          if (timer) clearInterval(timer);
          timer = null;
          play.textContent = "\u25b6 Play";
        }
        play.addEventListener("click", function () {
          if (timer) { stop(); return; }
          var i = Number(time.value) >= allDates.length - 1 ? 0 : Number(time.value);
          play.textContent = "\u275a\u275a Pause";
          function step() {
            time.value = String(i);
            to.value = allDates[i];
            readDates();
            i++;
            if (i >= allDates.length) stop();
          }
          step();
          timer = setInterval(step, 900);
        });
        reset.addEventListener("click", function () {
          stop();
          from.value = dates ? dates[0] : "";
          to.value = dates ? dates[1] : "";
          undated.checked = true;
          overlayKey.forEach(function (k) { if (!map.hasLayer(k[0])) map.addLayer(k[0]); });
          readDates();
        });
        controls = { from: from, to: to, undated: undated, read: readDates, input: input, go: go };

        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        return root;
      }
    });
    new Panel().addTo(map);

    /* ---- keyboard: the controls come before the markers in tab order; Esc closes a popup ---- */
    var corners = map._controlContainer;
    if (corners && corners.parentNode === container) container.insertBefore(corners, container.firstChild);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !map._popup || !map.hasLayer(map._popup)) return;
      map.closePopup();
      var last = map._geoLastMarker && map._geoLastMarker.getElement();
      if (last) last.focus();
    });

    /* ---- labels: event places from LABEL_ZOOM on, region names below REGION_LABEL_ZOOM ---- */
    function zoomClasses() {
      var z = map.getZoom();
      container.classList.toggle("geo-show-labels", z >= LABEL_ZOOM);
      container.classList.toggle("geo-show-region-labels", z < REGION_LABEL_ZOOM + 1);
    }
    map.on("zoomend", zoomClasses);

    /* ---- corpus line: data as of, articles, events, places ---- */
    (function () {
      var node = document.getElementById("geo-corpus");
      if (!node) return;
      var ids = {};
      articles.forEach(function (a) { ids[a[4] || JSON.stringify(a)] = true; });
      var events = 0, eventPlaces = 0;
      places.forEach(function (p) {
        var n = p.c.filter(function (c) { return c[1] !== "mention"; }).length;
        events += n;
        if (n) eventPlaces++;
      });
      node.textContent = (D.dates ? "Data as of " + D.dates[1] + " \u00b7 " : "") +
        Object.keys(ids).length + " articles \u00b7 " + events + " events at " + eventPlaces + " places \u00b7 " +
        places.length + " places in all";
    })();

    /* The first view: the events, clear of the controls on either side. */
    function fitPadding() {
      var box = container.getBoundingClientRect();
      var left = 0, right = 0;
      container.querySelectorAll(".geo-panel, .leaflet-control-layers, .geo-legend").forEach(function (node) {
        var r = node.getBoundingClientRect();
        if (!r.width || r.width > box.width / 2) return;
        if (r.left - box.left < box.width / 2) left = Math.max(left, r.right - box.left);
        else right = Math.max(right, box.right - r.left);
      });
      return { paddingTopLeft: [left + 20, 30], paddingBottomRight: [right + 20, 30], maxZoom: 9 };
    }

    /* ---- the URL keeps the view and the filters, so a link shows the same map ---- */
    var hashReady = false;
    function saveHash() {
      if (!hashReady) return;
      var c = map.getCenter();
      var parts = ["v=" + c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom()];
      var offTags = TAGS.filter(function (t) { return !state.tag[t]; });
      var offSides = CLAIMANTS.filter(function (k) { return !state.claimant[k]; });
      if (offTags.length) parts.push("hide=" + offTags.join(","));
      if (offSides.length) parts.push("hideby=" + offSides.join(","));
      if (D.dates && state.from && state.from !== D.dates[0]) parts.push("from=" + state.from);
      if (D.dates && state.to && state.to !== D.dates[1]) parts.push("to=" + state.to);
      if (!state.undated) parts.push("undated=0");
      try {
        history.replaceState(null, "", "#" + parts.join("&"));
      } catch (e) { /* a file: URL in some browsers */ }
    }
    function readHash() {
      var out = {};
      String(location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i > 0) out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
      });
      return out;
    }
    var wanted = readHash();
    var isDate = /^\d{4}-\d{2}-\d{2}$/;
    restoring = true;
    overlayKey.forEach(function (k) {
      var off = (k[1] === "tag" ? wanted.hide : wanted.hideby) || "";
      if (off.split(",").indexOf(k[2]) >= 0) map.removeLayer(k[0]);
    });
    restoring = false;
    if (controls.from) {
      if (isDate.test(wanted.from || "")) controls.from.value = wanted.from;
      if (isDate.test(wanted.to || "")) controls.to.value = wanted.to;
      if (wanted.undated === "0") controls.undated.checked = false;
      controls.read();
    } else {
      refresh();
    }
    var view = (wanted.v || "").split(",").map(Number);
    if (view.length === 3 && view.every(isFinite) && Math.abs(view[0]) <= 90 && Math.abs(view[1]) <= 360) {
      map.setView([view[0], view[1]], Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), view[2])));
    } else if (D.bounds) {
      map.fitBounds(D.bounds, fitPadding());
    }
    zoomClasses();
    hashReady = true;
    map.on("moveend", saveHash);
    saveHash();

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
