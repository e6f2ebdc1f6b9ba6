"""Tests for the command line (``python -m geo``): help, output files, JSON lines, exit codes.

Each test runs the CLI in a subprocess, as a user would.  ``--no-html`` keeps the
tests about the GeoJSON outputs independent of the HTML map renderer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

MENTION_FIELDS = {"article", "start", "end", "surface", "place", "lat", "lon", "admin1", "country", "precision",
                  "tag", "claimant"}

ARTICLE = (
    "Strikes on Sumy and a claim about Siversk\n\n"
    "Russia's Defence Ministry said on Monday its troops had captured Siversk in the Donetsk region. "
    "Ukraine's General Staff denied the claim.\n"
    "A Russian drone struck an apartment block in Sumy overnight, the city's mayor said.\n"
)


def _run(*args: str, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def article_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    path = folder / "sumy_siversk.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "words"), [(("--help",), ["build", "mentions"]),
                                             (("build", "--help"), ["--out", "--no-html", "INPUT"]),
                                             (("mentions", "--help"), ["FILE"])])
def test_cli_help(args: tuple[str, ...], words: list[str]) -> None:
    r = _run(*args)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: geo")
    for w in words:
        assert w in r.stdout


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("build", "--bogus")])
def test_cli_bad_usage(args: tuple[str, ...]) -> None:
    r = _run(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "usage:" in r.stderr


@pytest.mark.parametrize("surface", ["Siversk", "Sumy"])
def test_cli_mentions_json_lines(article_file: Path, surface: str) -> None:
    r = _run("mentions", str(article_file))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows
    for row in rows:
        assert MENTION_FIELDS <= set(row)
        assert row["article"] == "sumy_siversk"
        assert ARTICLE[row["start"]:row["end"]] == row["surface"]
    hits = [row for row in rows if row["surface"] == surface]
    assert hits and all(h["country"] == "UA" and h["place"] for h in hits)
    if surface == "Siversk":
        assert {"capture_claim", "denial"} & {h["tag"] for h in hits}
        assert hits[0]["admin1"] == "Donetsk Oblast" and hits[0]["precision"] == 1
        assert abs(hits[0]["lat"] - 48.87) < 0.1 and abs(hits[0]["lon"] - 38.1) < 0.1


@pytest.mark.parametrize("runs", [2])
def test_cli_build_writes_identical_geojson(article_file: Path, tmp_path: Path, runs: int) -> None:
    outputs = []
    for i in range(runs):
        out = tmp_path / f"out{i}"
        r = _run("build", str(article_file), "--out", str(out), "--no-html")
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
        names = sorted(p.name for p in out.iterdir())
        assert names == ["claims.geojson", "places.geojson"]
        outputs.append({n: (out / n).read_bytes() for n in names})
    assert outputs[0] == outputs[1]
    claims = json.loads(outputs[0]["claims.geojson"])
    tags = {(f["properties"]["place"], f["properties"]["tag"]) for f in claims["features"]}
    assert ("Siversk", "capture_claim") in tags
    assert ("Sumy", "strike") in tags


@pytest.mark.parametrize("bad", [("empty.txt", b""), ("notes.txt", b"\x00\x01\x02\x00binary"),
                                 ("lines.jsonl", b'{"id": "x", "text": 3}\n')])
def test_cli_bad_input_exit_1_and_others_written(article_file: Path, tmp_path: Path, bad: tuple[str, bytes]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / article_file.name).write_text(ARTICLE, encoding="utf-8")
    (folder / bad[0]).write_bytes(bad[1])
    out = tmp_path / "out"
    r = _run("build", str(folder), "--out", str(out), "--no-html")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert bad[0] in r.stderr
    claims = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["article"] for f in claims["features"]} == {"sumy_siversk"}
    assert (out / "places.geojson").exists()


@pytest.mark.parametrize("missing", ["no_such_article.txt"])
def test_cli_missing_input_exit_1(article_file: Path, tmp_path: Path, missing: str) -> None:
    r = _run("mentions", str(article_file), str(tmp_path / missing))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and missing in r.stderr
    assert r.stdout.strip()  # the good file was still processed


@pytest.mark.parametrize("kind", ["file_in_the_way", "under_a_file"])
def test_cli_unwritable_output_exit_3(article_file: Path, tmp_path: Path, kind: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker if kind == "file_in_the_way" else blocker / "maps"
    r = _run("build", str(article_file), "--out", str(out), "--no-html")
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    assert str(blocker) in r.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_cli_build_outside_a_checkout_says_what_to_pass(tmp_path: Path) -> None:
    r = _run("build", "--out", str(tmp_path / "maps"), cwd=tmp_path)  # no seeds/ here
    assert r.returncode == 2, r.stderr
    assert "no INPUT given" in r.stderr and "geo build articles/" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "maps").exists()


def test_cli_messages_name_no_exception_class(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    r = _run("build", str(missing), "--out", str(tmp_path / "maps"), "--no-html")
    assert r.returncode == 1
    line = next(ln for ln in r.stderr.splitlines() if "missing.txt" in ln)
    assert line.startswith("geo: error: ") and "Error:" not in line
    bad = _run("build", str(missing), "--out", str(tmp_path / "maps"), "--format", "bogus")
    assert bad.returncode == 2 and "Error:" not in bad.stderr


def test_cli_mentions_explain_names_the_rule_and_cue(tmp_path: Path) -> None:
    art = tmp_path / "report.txt"
    art.write_text("Russian forces captured the village of Robotyne, the ministry said. Shops in Orikhiv stayed open.\n",
                   encoding="utf-8")
    rows = [json.loads(line) for line in _run("mentions", str(art)).stdout.splitlines()]
    tagged = {r["surface"]: (r["tag"], r["rule"], r["cue"]) for r in rows}
    assert tagged["Robotyne"] == ("capture_claim", "capture.verb", "captured")
    assert tagged["Orikhiv"] == ("mention", None, None)
    lines = _run("mentions", "--explain", str(art)).stdout.splitlines()
    (robotyne,) = [line for line in lines if "'Robotyne'" in line]
    assert "capture_claim by RU" in robotyne and "[rule capture.verb, cue 'captured']" in robotyne
    (other,) = [line for line in lines if "'Orikhiv'" in line]
    assert "rule" not in other and "-> Orikhiv" in other


def test_cli_mentions_explain_shows_every_event_of_a_mention(tmp_path: Path) -> None:
    art = tmp_path / "report.txt"
    art.write_text("Ukraine denies Russia took Pokrovsk, says fighting continues\n", encoding="utf-8")
    (row,) = [r for r in map(json.loads, _run("mentions", str(art)).stdout.splitlines()) if r["surface"] == "Pokrovsk"]
    assert {(e["tag"], e["claimant"]) for e in row["events"]} == {("capture_claim", "RU"), ("denial", "UA")}
    (line,) = [x for x in _run("mentions", "--explain", str(art)).stdout.splitlines() if "'Pokrovsk'" in x]
    assert "capture_claim by RU" in line and "denial by UA" in line


def test_cli_mentions_lists_demonyms_at_their_country(tmp_path: Path) -> None:
    """A demonym is a reference to its country: listed (flagged) by ``geo mentions`` unless
    ``--no-demonyms``; never inside a place name, and never on the map."""
    path = tmp_path / "demonyms.txt"
    path.write_text("Turkish and Syrian officials met in Ankara. Russian drones hit Odesa.\n", encoding="utf-8")
    rows = [json.loads(line) for line in _run("mentions", str(path)).stdout.splitlines()]
    flagged = {(r["surface"], r["place"], r["country"]) for r in rows if r["demonym"]}
    assert flagged == {("Turkish", "Turkey", "TR"), ("Syrian", "Syria", "SY"), ("Russian", "Russia", "RU")}
    assert all(r["lat"] is not None and r["tag"] is None for r in rows if r["demonym"])
    assert {r["surface"] for r in rows if not r["demonym"]} == {"Ankara", "Odesa"}
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    bare = [json.loads(line) for line in _run("mentions", "--no-demonyms", str(path)).stdout.splitlines()]
    assert {r["surface"] for r in bare} == {"Ankara", "Odesa"}
    out = tmp_path / "out"
    assert _run("build", str(path), "--out", str(out), "--no-html").returncode == 0
    mapped = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["place"] for f in mapped} == {"Ankara", "Odesa"}


def test_cli_mentions_leaves_out_names_judged_not_places(tmp_path: Path) -> None:
    """A name the resolver judges likely no place here (a source speaking) is no line of
    ``geo mentions``; ``--explain`` still shows it with the reason."""
    path = tmp_path / "baza.txt"
    path.write_text("Drones struck a refinery in the Ryazan region overnight, Baza reported, citing Russian sources.\n",
                    encoding="utf-8")
    rows = [json.loads(line) for line in _run("mentions", "--no-demonyms", str(path)).stdout.splitlines()]
    assert [r["surface"] for r in rows] == ["Ryazan"]
    explained = _run("mentions", "--explain", str(path)).stdout
    assert "'Baza' -> not placed" in explained and "speaks here" in explained
