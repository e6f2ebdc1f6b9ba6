#!/usr/bin/env python3
"""What each decision pass of the resolver buys: the scores with each one switched off in turn.

    python bench/passes.py ARTICLES GOLD [--score PATH] [--jobs N]

Builds ``ARTICLES`` once with every pass (:data:`geo.resolve.PASSES`, then the article-wide
``appositions``) and once with each pass switched off, each in a fresh process that hands
``resolve`` the passes to run, scores every build against ``GOLD`` with the shared
``score.py`` (``--score``; by default ``/work/shared/eval/score.py`` or ``$GEO_SCORE``) and
prints places and events F1 with the difference from the full build.  A pass whose
difference is zero decides nothing on these articles.  Without the scorer it says so and
exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCORE = Path(os.environ.get("GEO_SCORE", "/work/shared/eval/score.py"))

# The child: the resolver as every stage that imported it sees it, with one pass off, then a build.
_CHILD = r"""
import functools, sys
sys.path.insert(0, sys.argv[1])
import geo.cli
from geo import resolve as pkg
off = sys.argv[2]
if off == pkg.APPOSITIONS:
    kwargs = {"appositions": False}
else:
    kwargs = {"passes": tuple(p for p in pkg.PASSES if p.name != off)}
full = pkg.resolve
patched = functools.partial(full, **kwargs)
for mod in list(sys.modules.values()):
    if getattr(mod, "__name__", "").startswith("geo") and getattr(mod, "resolve", None) is full:
        mod.resolve = patched
sys.exit(geo.cli.main(["build", sys.argv[3], "--out", sys.argv[4], "--no-cache", "--no-html", "--quiet"]))
"""


def pass_names() -> list[str]:
    """The names of the decision passes, in order, then the article-wide one."""
    sys.path.insert(0, str(ROOT))
    from geo.resolve import APPOSITIONS, PASSES
    return [p.name for p in PASSES] + [APPOSITIONS]


def build_and_score(off: str, articles: Path, gold: Path, score: Path) -> dict[str, float]:
    """Places and events F1 of a build of ``articles`` with pass ``off`` switched off ("" for none)."""
    with tempfile.TemporaryDirectory(prefix="geo-passes-") as tmp:
        subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), off, str(articles), tmp], check=True,
                       stdout=subprocess.DEVNULL,
                       cwd=tmp, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        out = subprocess.run([sys.executable, str(score), "--gold", str(gold), "--pred",
                              str(Path(tmp) / "claims.geojson"), "--json"],
                             check=True, capture_output=True, text=True)
    return _f1s(json.loads(out.stdout))


def _f1s(report: dict) -> dict[str, float]:
    """``places`` and ``events`` F1 from ``score.py --json``."""
    return {k: float(report[k]["f1"]) for k in ("places", "events")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--score", type=Path, default=DEFAULT_SCORE, help="the shared score.py")
    ap.add_argument("--jobs", type=int, default=4, help="builds run at once")
    a = ap.parse_args()
    if not a.score.is_file():
        print(f"no scorer at {a.score}: nothing measured (pass --score)")
        return 0
    variants = ["", *pass_names()]
    with ThreadPoolExecutor(a.jobs) as pool:
        scores = list(pool.map(lambda off: build_and_score(off, a.articles, a.gold, a.score), variants))
    full = scores[0]
    print(f"{'switched off':<26} {'places F1':>9} {'diff':>7} {'events F1':>9} {'diff':>7}")
    for off, s in zip(variants, scores):
        print(f"{off or '(none)':<26} {s['places']:>9.3f} {s['places'] - full['places']:>+7.3f} "
              f"{s['events']:>9.3f} {s['events'] - full['events']:>+7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
