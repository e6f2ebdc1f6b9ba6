#!/usr/bin/env python3
"""The quality gate: build each evaluation set, score it, and fail below the floors.

    python .ci/quality_gate.py [--shared DIR] [--floors .ci/floors.toml]

Each set of ``floors.toml`` names its articles and gold (relative to the shared evaluation
folder) and the least F1 it may score: events strict and loose, and places.  Builds run
with ``--no-cache --no-html`` in a temporary folder; ``score.py --json`` does the scoring.
Exit 0 when every floor holds, 1 when one does not, 2 when the shared folder is missing
(CI sets ``CI`` and then treats that as a failure too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _score(shared: Path, name: str, spec: dict, tmp: Path) -> dict:
    out = tmp / name
    inputs = str(shared / spec["articles"])
    subprocess.run([sys.executable, "-m", "geo", "build", inputs, "--out", str(out), "--no-cache", "--no-html"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    got = subprocess.run([sys.executable, str(shared / "score.py"), "--gold", str(shared / spec["gold"]),
                          "--pred", str(out / "claims.geojson"), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(got.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--floors", default=str(ROOT / ".ci" / "floors.toml"))
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "score.py").exists():
        print(f"quality gate: no evaluation folder at {shared}", file=sys.stderr)
        return 1 if os.environ.get("CI") else 2
    with open(args.floors, "rb") as f:
        floors = tomllib.load(f)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in floors.items():
            res = _score(shared, name, spec, Path(tmp))
            for metric in ("events", "events_loose", "places"):
                if metric not in spec:
                    continue
                value = float(res[metric]["f1"])
                ok = value >= spec[metric]
                failed |= not ok
                print(f"{name:10} {metric:13} {value:.3f}  floor {spec[metric]:.3f}  {'ok' if ok else 'BELOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
