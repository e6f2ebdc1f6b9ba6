"""How far the points of a build lie from a gold file's town points.

    python bench/distance.py GOLD CLAIMS_GEOJSON [--levels city,village]

For each gold place of those levels (default towns and villages, whose gold points are
GeoNames points), the nearest predicted point of the same article within the gold tolerance is
its match; the table gives how many matched, the median distance and the share within 1, 5
and 15 km.  Unmatched gold places are counted apart (they are misses, not distances).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from collections import defaultdict

from geo.resolve.features import _km as km_between


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("claims")
    ap.add_argument("--levels", default="city,village")
    a = ap.parse_args()
    points: dict[str, set[tuple[float, float]]] = defaultdict(set)
    with open(a.claims, encoding="utf-8") as f:
        for feat in json.load(f)["features"]:
            lon, lat = feat["geometry"]["coordinates"][:2]
            points[str(feat["properties"]["article"])].add((lat, lon))
    dists, missed = [], 0
    with open(a.gold, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            if g.get("kind") != "place" or g.get("level") not in a.levels.split(",") or g.get("optional"):
                continue
            near = min((km_between(g["lat"], g["lon"], *p) for p in points[g["article"]]), default=math.inf)
            if near <= g["tol_km"]:
                dists.append(near)
            else:
                missed += 1
    if not dists:
        print("no matched gold places")
        return
    n = len(dists)
    print(f"gold {a.levels} places matched: {n} (missed {missed})")
    print(f"median distance: {statistics.median(dists):.2f} km")
    for cut in (1, 5, 15):
        print(f"within {cut:>2} km: {sum(d <= cut for d in dists) / n:.1%}")


if __name__ == "__main__":
    main()
