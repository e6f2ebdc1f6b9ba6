"""``geo build``'s filters (--since/--until, --claimant, --tag, --events-only), --export-mentions,
--version and the summary, run as a user would (a subprocess, no network)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ARTICLES = {
    "a.md": ("---\ndate: 2025-12-01\n---\n"
             "Russia's Defence Ministry said its forces had captured Siversk in the Donetsk region. "
             "Ukraine's General Staff denied the claim. Talks were held in Geneva.\n"),
    "b.md": ("---\ndate: 2025-12-05\n---\n"
             "A Russian drone struck an apartment block in Sumy overnight, the city's mayor said.\n"),
    "c.txt": "Ukrainian drones struck an oil refinery in Saratov, Russian officials said.\n",
}


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("options")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _claims(out: Path) -> list[dict]:
    return [f["properties"] for f in json.loads((out / "claims.geojson").read_text(encoding="utf-8"))["features"]]


def test_version() -> None:
    r = _run("--version")
    assert r.returncode == 0 and r.stdout.startswith("geo ")


def test_unfiltered_build_has_everything(folder: Path, tmp_path: Path) -> None:
    r = _run("build", str(folder), "--out", str(tmp_path), "--no-html")
    assert r.returncode == 0, r.stderr
    props = _claims(tmp_path)
    assert {p["tag"] for p in props} >= {"capture_claim", "denial", "strike", "mention"}
    assert None in {p["date"] for p in props}
    # The summary: claims per tag and claimant, then one line with the totals.
    assert "capture_claim" in r.stderr and "unattributed" in r.stderr and "0 error(s)" in r.stderr
    assert "\r" not in r.stderr  # no progress line in a pipe


@pytest.mark.parametrize(("args", "check"), [
    (("--events-only",), lambda p: p["tag"] != "mention"),
    (("--tag", "strike"), lambda p: p["tag"] == "strike"),
    (("--claimant", "ua"), lambda p: p["claimant"] == "UA"),
    (("--claimant", "none", "--tag", "mention"), lambda p: p["claimant"] is None and p["tag"] == "mention"),
    (("--since", "2025-12-02"), lambda p: p["date"] is not None and p["date"] >= "2025-12-02"),
    (("--until", "2025-12-02"), lambda p: p["date"] is not None and p["date"] <= "2025-12-02"),
])
def test_filters(folder: Path, tmp_path: Path, args: tuple[str, ...], check) -> None:
    r = _run("build", str(folder), "--out", str(tmp_path), *args, "-q")
    assert r.returncode == 0, r.stderr
    props = _claims(tmp_path)
    assert props and all(check(p) for p in props), props
    places = json.loads((tmp_path / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["place"] for f in places} == {p["place"] for p in props}
    assert "total" not in r.stderr  # --quiet: no table


@pytest.mark.parametrize("bad", [("--since", "2025-13-01"), ("--claimant", "NATO"), ("--tag", "rumour")])
def test_bad_filter_is_usage_error(folder: Path, tmp_path: Path, bad: tuple[str, ...]) -> None:
    r = _run("build", str(folder), "--out", str(tmp_path), *bad)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert not (tmp_path / "claims.geojson").exists()


def test_exports_hold_events_unless_mentions_are_asked_for(folder: Path, tmp_path: Path) -> None:
    r = _run("build", str(folder), "--out", str(tmp_path / "a"), "--no-html", "--format", "csv")
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "a" / "claims.csv", encoding="utf-8") as f:
        tags = {row["tag"] for row in csv.DictReader(f)}
    assert "mention" not in tags and "capture_claim" in tags
    r = _run("build", str(folder), "--out", str(tmp_path / "b"), "--no-html", "--format", "csv",
             "--export-mentions")
    with open(tmp_path / "b" / "claims.csv", encoding="utf-8") as f:
        assert "mention" in {row["tag"] for row in csv.DictReader(f)}


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(ARTICLES["c.txt"], encoding="utf-8")
    (folder / "bad\nname\x1b[31m.txt").write_bytes(b"")
    r = _run("build", str(folder), "--out", str(tmp_path / "out"), "-q")
    assert r.returncode == 1
    (line,) = [ln for ln in r.stderr.splitlines() if "name" in ln]
    assert "bad\\nname\\x1b[31m.txt" in line and "\x1b" not in r.stderr
