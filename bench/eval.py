#!/usr/bin/env python3
"""Reproduce the evaluation figures from the shared evaluation folder as one markdown table.

    python bench/eval.py [--shared DIR] [--save FILE]

Runs, each in a temporary folder (nothing is written into the repository unless --save):

* seeds     ``geo build seeds/`` then ``score.py`` against ``seeds_gold.jsonl``;
* news_dev  ``geo build news_dev/articles.jsonl`` then ``score.py`` against ``news_dev/gold.jsonl``;
* trnews    ``geo mentions trnews/gold.jsonl`` then ``score_toponyms.py``;
* variants  ``score_variants.py --cmd "<python> -m geo mentions"``.

Every number is printed next to its target.  Exit status: 0 when everything ran (targets
missed or not), 1 when a step failed, 2 when the shared folder is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "eval"
TAGS = ("capture_claim", "denial", "strike", "fortified")


@dataclass
class Row:
    """One line of the table: a number, its target (if any) and whether it is met."""

    dataset: str
    metric: str
    value: float | None
    target: str = ""
    ok: bool | None = None
    fmt: str = "{:.3f}"

    def cells(self) -> list[str]:
        val = "n/a" if self.value is None else self.fmt.format(self.value)
        mark = "" if self.ok is None else ("yes" if self.ok else "**no**")
        return [self.dataset, self.metric, val, self.target, mark]


def _env() -> dict[str, str]:
    """Environment for child processes: the project importable as ``geo``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _run(cmd: list[str], *, stdout: Any = subprocess.PIPE, ok_codes: tuple[int, ...] = (0,)) -> str:
    """Run a command from the project root; raise with its stderr tail on failure."""
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), stdout=stdout, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in ok_codes:
        tail = (proc.stderr or "").strip()[-800:]
        raise RuntimeError(f"{shlex.join(cmd)} exited {proc.returncode}: {tail}")
    return proc.stdout if isinstance(proc.stdout, str) else ""


def _target(value: float | None, minimum: float) -> tuple[str, bool | None]:
    return f">= {minimum:g}", (None if value is None else value >= minimum)


def _build_and_score(py: str, shared: Path, inputs: list[str], gold: Path, tmp: Path) -> dict:
    """``geo build --no-html`` into ``tmp`` and score its claims.geojson with score.py --json."""
    out = tmp / "out"
    # Exit 1 means some input could not be read; the rest is still written and scored.
    help_text = _run([py, "-m", "geo", "build", "--help"])
    no_cache = ["--no-cache"] if "--no-cache" in help_text else []  # score this code, not cached results
    _run([py, "-m", "geo", "build", *inputs, "--out", str(out), "--no-html", *no_cache], ok_codes=(0, 1))
    text = _run([py, str(shared / "score.py"), "--gold", str(gold), "--pred", str(out / "claims.geojson"),
                 "--json"])
    return json.loads(text.strip().splitlines()[-1])


def seeds(py: str, shared: Path, tmp: Path) -> list[Row]:
    """Seed articles: events strict/loose and places."""
    r = _build_and_score(py, shared, [str(ROOT / "seeds")], shared / "seeds_gold.jsonl", tmp)
    rows = []
    for metric, key, goal in (("events F1 (strict)", "events", 0.95), ("events F1 (loose)", "events_loose", None),
                              ("places F1", "places", 0.90)):
        v = r[key]["f1"]
        tgt, ok = _target(v, goal) if goal is not None else ("", None)
        rows.append(Row("seeds", metric, v, tgt, ok))
    return rows


def news_dev(py: str, shared: Path, tmp: Path) -> list[Row]:
    """news_dev: events strict/loose, per-tag F1, places."""
    d = shared / "news_dev"
    r = _build_and_score(py, shared, [str(d / "articles.jsonl")], d / "gold.jsonl", tmp)
    rows = []
    for metric, key, goal in (("events F1 (strict)", "events", 0.85), ("events F1 (loose)", "events_loose", 0.90)):
        tgt, ok = _target(r[key]["f1"], goal)
        rows.append(Row("news_dev", metric, r[key]["f1"], tgt, ok))
    for tag in TAGS:
        t = r["per_tag"].get(tag)
        if t is not None:
            rows.append(Row("news_dev", f"{tag} F1 (tp/fp/fn {t['tp']}/{t['fp']}/{t['fn']})", t["f1"]))
    tgt, ok = _target(r["places"]["f1"], 0.92)
    rows.append(Row("news_dev", "places F1", r["places"]["f1"], tgt, ok))
    return rows


def trnews(py: str, shared: Path, tmp: Path) -> list[Row]:
    """TR-News: toponym recognition (overlap/exact) and resolution."""
    gold = shared / "trnews" / "gold.jsonl"
    pred, res_path = tmp / "pred.jsonl", tmp / "score.json"
    with pred.open("w", encoding="utf-8") as f:
        _run([py, "-m", "geo", "mentions", str(gold)], stdout=f, ok_codes=(0, 1))
    _run([py, str(shared / "score_toponyms.py"), str(gold), str(pred), "--json", str(res_path)])
    r = json.loads(res_path.read_text(encoding="utf-8"))
    ov, ex, z = r["overlap"], r["exact"], r["overlap"]["resolution"]
    rows = [Row("trnews", "overlap P", ov["precision"]), Row("trnews", "overlap R", ov["recall"])]
    tgt, ok = _target(ov["f1"], 0.80)
    rows.append(Row("trnews", "overlap F1", ov["f1"], tgt, ok))
    rows.append(Row("trnews", "exact F1", ex["f1"]))
    tgt, ok = _target(z["acc161"], 0.90)
    rows.append(Row("trnews", f"acc@161 on matched (n={z['n']})", z["acc161"], tgt, ok))
    rows.append(Row("trnews", "median error km (matched)", z["median_km"], fmt="{:.1f}"))
    rows.append(Row("trnews", "AUC (lower is better)", z["auc"]))
    return rows


def variants(py: str, shared: Path, tmp: Path) -> list[Row]:
    """Spelling variants that must resolve to their place."""
    cmd = f"{shlex.quote(py)} -m geo mentions"
    text = _run([py, str(shared / "score_variants.py"), "--variants", str(shared / "variants.csv"),
                 "--cmd", cmd, "--json"])
    r = json.loads(text.strip().splitlines()[-1])
    return [Row("variants", f"resolved ({r['passed']}/{r['total']})", 100.0 * r["passed"] / r["total"],
                ">= 100%", r["passed"] == r["total"], fmt="{:.1f}%")]


STEPS: dict[str, Callable[[str, Path, Path], list[Row]]] = {
    "seeds": seeds, "news_dev": news_dev, "trnews": trnews, "variants": variants,
}


def table(rows: list[Row]) -> str:
    """The rows as one markdown table."""
    lines = ["| set | metric | value | target | met |", "|---|---|---:|---|---|"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help=f"evaluation folder (default {DEFAULT_SHARED})")
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs geo (default: this one)")
    ap.add_argument("--only", nargs="+", choices=list(STEPS), help="run only these sets")
    ap.add_argument("--save", type=Path, metavar="FILE", help="also write the table to FILE")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="sets run in parallel")
    a = ap.parse_args(argv)
    shared = a.shared.resolve()
    needed = ["score.py", "score_toponyms.py", "score_variants.py", "seeds_gold.jsonl"]
    missing = [n for n in needed if not (shared / n).exists()]
    if not shared.is_dir() or missing:
        print(f"eval: shared evaluation folder {shared} is missing"
              + (f" ({', '.join(missing)} not found)" if shared.is_dir() else "")
              + "; pass --shared DIR", file=sys.stderr)
        return 2
    names = a.only or list(STEPS)
    t0 = time.perf_counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="geo-eval-") as tmp:

        def run(name: str) -> list[Row]:
            d = Path(tmp) / name
            d.mkdir()
            try:
                return STEPS[name](a.python, shared, d)
            except (RuntimeError, ValueError, KeyError) as err:
                failures.append(f"{name}: {err}")
                return [Row(name, "FAILED (see stderr)", None, "", False)]

        with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            results = list(pool.map(run, names))
    rows = [r for rs in results for r in rs]
    out = table(rows)
    print(out)
    print(f"\n({time.perf_counter() - t0:.1f} s; shared folder {shared})")
    for f in failures:
        print(f"eval: {f}", file=sys.stderr)
    if a.save:
        a.save.write_text(out + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
