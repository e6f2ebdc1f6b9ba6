"""Pathological articles: time and peak memory of one article's analysis, by size.

    python bench/adversarial.py [--sizes 16,64,256,1024] [--cases dots,kyiv,...] [--timeout 120]

Each case is an article built by repeating a small piece up to the size (in KB).  Each
(case, size) runs in a fresh process: it loads the gazetteer, reads the article as a build
does (``parse_text`` for text and HTML) and computes its GeoJSON features with the build's
per-article budget (:mod:`geo.analysis`).  The table gives the analysis time (reading and
features, not the start-up), the process's peak resident memory (``ru_maxrss``, start-up
included; the first line gives that start-up alone; the article is made beforehand, by the
parent process) and what became of the article: how many
features it gave, or "too complex" when the budget stopped it.

Targets (issue 17): each 4x in size costs at most about 5x in time, 1 MB of any case is
analysed (or refused) in under 10 s, and no article peaks over 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name -> (format, what it probes)
CASES = {
    "dots": ("txt", "'.' repeated: one sentence boundary candidate per character"),
    "kyiv": ("txt", "'Kyiv, ' repeated: one sentence naming a place over and over"),
    "denied": ("txt", "'denied ' repeated: a cue word in one endless sentence"),
    "capitals": ("txt", "distinct capitalised words: one endless name run"),
    "lines": ("txt", "short title-case lines: many headline spans"),
    "places": ("txt", "distinct places (10,000 at 1 MB), one per sentence: the nearness structure"),
    "longsentence": ("txt", "one sentence naming hundreds of places: evidence size"),
    "related": ("html", "unclosed <div class=\"related\"> blocks"),
    "opentag": ("html", "one unclosed tag: '<div ' and attribute text"),
}


_NAMES: list[str] = []


def _place_names(n: int) -> list[str]:
    """``n`` distinct one-word town names, most populous first, listed by a child process
    (the city table is big: loaded here, it would count in every later child's peak, as
    Linux carries the peak resident size of a process over ``exec``)."""
    if len(_NAMES) < n:
        code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import corpus; seen = []\n"
                "for c in corpus.geonames_cities(1000):\n"
                "    name = c['name']\n"
                "    if name.isalpha() and name[:1].isupper() and name not in seen: seen.append(name)\n"
                "    if len(seen) >= int(sys.argv[2]): break\n"
                "print(json.dumps(seen))")
        out = subprocess.run([sys.executable, "-c", code, str(ROOT / "bench"), str(max(n, 12000))],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        _NAMES[:] = json.loads(out.stdout)
    return _NAMES[:n]


def make(case: str, size: int) -> str:
    """The article of ``case`` with about ``size`` characters."""
    def fill(piece: str) -> str:
        return (piece * (size // len(piece) + 1))[:size]

    if case == "dots":
        return fill(".")
    if case == "kyiv":
        return fill("Kyiv, ")
    if case == "denied":
        return fill("denied ")
    if case == "capitals":
        words, i = [], 0
        total = 0
        while total < size:
            w = "Qx" + _letters(i)
            words.append(w)
            total += len(w) + 1
            i += 1
        return " ".join(words)[:size]
    if case == "lines":
        return fill("Breaking News From The Front Today\n")
    if case == "places":
        n = max(1, size // 100)
        names = _place_names(n)
        body = "".join(f"Russian forces struck {names[k % len(names)]} overnight, officials said.\n"
                       for k in range(n))
        return (body * (size // max(1, len(body)) + 1))[:size]
    if case == "longsentence":
        names = _place_names(max(1, size // 40))
        parts, total, k = [], 0, 0
        while total < size - 40:
            piece = f"shelling hit {names[k % len(names)]}, "
            parts.append(piece)
            total += len(piece)
            k += 1
        return "Russian forces said " + "".join(parts) + "officials said."
    if case == "related":
        return fill('<div class="related"><a href="/x">Drone attack on Odesa</a> ')
    if case == "opentag":
        return '<html><body><p>Kyiv was shelled.</p><div class="' + "a" * max(0, size - 60)
    raise KeyError(case)


def _letters(i: int) -> str:
    out = ""
    while True:
        out += "bcdfghjklmnpqrstvwz"[i % 19]
        i //= 19
        if not i:
            return out


_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from geo.gazetteer import load_gazetteer
from geo.ingest import parse_text
from geo import analysis as pipeline
from geo.errors import InputError
gaz = load_gazetteer()
fmt = sys.argv[3]
with open(sys.argv[2], encoding="utf-8") as f:
    text = f.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    article = parse_text(text, article_id="a", fmt=fmt)
    if sys.argv[4] == "off":  # no budget: how the analysis itself scales
        pipeline.MAX_ANALYSED_CHARS = pipeline.MAX_MENTIONS = pipeline.MAX_FEATURES = 10**12
        pipeline.ARTICLE_SECONDS = 0
    feats = pipeline.article_features(article, gaz)
    outcome = f"{len(feats)} features, {sum(len(json.dumps(f)) for f in feats) // 1024} KB"
except InputError as err:
    outcome = "refused: " + str(err).partition(": ")[2][:90]
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"time": dt, "peak_kb": peak, "start_kb": before, "outcome": outcome}))
"""


def run(case: str, size_kb: int, timeout: float, budget: bool = True) -> dict:
    fmt = CASES[case][0] if size_kb else "txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("GEO_ARTICLE_SECONDS", None)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as f:
        f.write(make(case, size_kb * 1024) if size_kb else "Kyiv was shelled.")
        f.flush()
        try:
            proc = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), f.name, fmt,
                                   "on" if budget else "off"],
                                  capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"time": None, "peak_kb": None, "outcome": f"over {timeout:.0f} s (killed)"}
    if proc.returncode != 0:
        return {"time": None, "peak_kb": None, "outcome": "failed: " + proc.stderr.strip().splitlines()[-1][:80]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="16,64,256,1024", help="sizes in KB, comma-separated")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated, of: " + ", ".join(CASES))
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    ap.add_argument("--no-budget", action="store_true",
                    help="lift the per-article budget (geo.analysis.MAX_*, ARTICLE_SECONDS) to see how the "
                         "analysis itself scales")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    base = run("dots", 0, a.timeout)
    print("budget: " + ("off (--no-budget)" if a.no_budget else "on, as in a build"))
    print(f"start-up alone (gazetteer loaded, one short article): peak {base['peak_kb'] / 1024:.0f} MB")
    print(f"{'case':<13} {'KB':>5} {'time s':>8} {'x prev':>7} {'peak MB':>8}  outcome")
    for case in a.cases.split(","):
        prev = None
        for size in sizes:
            r = run(case, size, a.timeout, budget=not a.no_budget)
            t = r["time"]
            ratio = f"{t / prev:.1f}" if t is not None and prev else ""
            peak = f"{r['peak_kb'] / 1024:.0f}" if r["peak_kb"] else "-"
            shown = f"{t:.2f}" if t is not None else "-"
            print(f"{case:<13} {size:>5} {shown:>8} {ratio:>7} {peak:>8}  {r['outcome']}", flush=True)
            prev = t
    print()
    for case, (fmt, what) in CASES.items():
        print(f"{case}: {what} ({fmt})")


if __name__ == "__main__":
    main()
