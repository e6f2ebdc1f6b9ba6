"""Set each country's point in data/countries.tsv to its conventional centre.

Maintainer tool, run after data/derive.py:

    python -m venv /tmp/ci && /tmp/ci/bin/pip install countryinfo==1.0.1
    /tmp/ci/bin/python data/derive_country_points.py

Natural Earth gives shapes, and a point inside the largest shape is a fine label,
but news geoparsing conventionally places a country at the centre published by
the CIA World Factbook (which GeoNames' country features also follow closely):
Russia 60N 100E rather than a point near Moscow.  The `countryinfo` package (MIT)
ships those centres as `latlng`; countries it lacks keep the Natural Earth point.
"""

import csv
import io
import sys
from pathlib import Path

from countryinfo import all_countries

TSV = Path(__file__).resolve().parent / "countries.tsv"


def main() -> None:
    by_iso2 = {}
    for country in all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha2")
        ll = info.get("latlng")
        if iso and ll and len(ll) == 2:
            by_iso2[iso.upper()] = (float(ll[0]), float(ll[1]))
    lines = TSV.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [ln for ln in lines if ln.startswith("#")]
    rows = list(csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t"))
    changed = 0
    for row in rows:
        if row["iso2"] in by_iso2:
            lat, lon = by_iso2[row["iso2"]]
            row["lat"], row["lon"] = f"{lat:.4f}", f"{lon:.4f}"
            changed += 1
    out = io.StringIO()
    out.writelines(header)
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()), delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    TSV.write_text(out.getvalue(), encoding="utf-8")
    print(f"{changed} of {len(rows)} countries set to their conventional centre", file=sys.stderr)


if __name__ == "__main__":
    main()
