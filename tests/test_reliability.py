"""Bad input and hostile text: clear errors, nothing lost, nothing injected.

* Bad inputs (empty, binary, odd encodings, too large, broken JSON lines, missing,
  unreadable, symbolic link loops, pipes ...) each give one clear message naming the
  file (and line), the other articles are still mapped, the exit code says whether
  anything failed, and no traceback reaches the user.
* Outputs are written atomically: a failed or interrupted build leaves the previous
  map and GeoJSON byte-identical and no temporary files behind.
* Hostile article text and metadata are carried literally into the GeoJSON and shown
  literally in the map, and no injected script runs in a real (headless) Chromium.

Most builds run the CLI in-process (``geo.cli.main``) so that failures can be injected
with monkeypatch and the gazetteer is loaded once; one test runs ``python -m geo`` in a
subprocess, as a user would.
"""

from __future__ import annotations

import errno
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import geo.cli
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, require_chromium

OUTPUTS = {"claims.geojson", "places.geojson", "claims.html"}
GOOD_TEXT = "Russian missiles struck Kharkiv overnight, the regional governor said.\n"


# --------------------------------------------------------------------------- helpers


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.startswith("geo: error: ")]


@pytest.fixture(autouse=True)
def _private_article_cache(gazetteer, tmp_path_factory, monkeypatch) -> None:
    """Keep the per-article cache out of ~/.cache (the gazetteer is already loaded)."""
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path_factory.mktemp("geo-cache")))


def cli(capsys: pytest.CaptureFixture[str], *args: str | os.PathLike) -> Run:
    """Run ``geo ARGS`` in this process; an exception escaping ``main`` fails the test."""
    capsys.readouterr()
    code = geo.cli.main([os.fspath(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return Run(code, out, err)


def cli_subprocess(*args: str | os.PathLike, cwd: Path) -> Run:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("GEO_DEBUG", None)
    r = subprocess.run([sys.executable, "-m", "geo", *map(os.fspath, args)], cwd=cwd, env=env,
                       capture_output=True, timeout=600)
    return Run(r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def articles_in(out: Path) -> set[str]:
    fc = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["article"] for f in fc["features"]}


def one_error(run: Run, path_part: str, problem: str) -> str:
    """The single error line naming ``path_part`` and stating ``problem``."""
    hits = [ln for ln in run.errors if path_part in ln and problem in ln]
    assert len(hits) == 1, f"want one error for {path_part!r} with {problem!r}; got:\n{run.stderr}"
    return hits[0]


# --------------------------------------------------------------------------- bad inputs


@dataclass
class BadInputs:
    folder: Path
    explicit: list[Path]
    #: (part of the path as printed, part of the problem) per expected error line
    expected: list[tuple[str, str]] = field(default_factory=list)
    #: article ids that must reach the map
    good: set[str] = field(default_factory=set)

    @property
    def args(self) -> list[Path]:
        return [self.folder, *self.explicit]


def _jsonl_lines() -> list[tuple[str, str | None]]:
    """(line, expected problem or None when the record is good)."""
    return [
        ('{"id": "j1", "text": "Ukraine\'s army said Russian troops shelled Pokrovsk."}', None),
        ('{bad json', "invalid JSON"),
        ('{"id": "j3"}', "missing 'text'"),
        ('{"id": "j4", "text": 5}', "'text' must be a string, got number"),
        ('{"id": ["x"], "text": "Kharkiv"}', "'id' must be a string or integer, got array"),
        ('{"id": "j6", "text": "Kharkiv was shelled.", "url": 7}', "'url' must be a string or null"),
        ('{"id": "j1", "text": "Pokrovsk again."}', "duplicate article id 'j1'"),
        ("[1, 2]", "expected a JSON object, got array"),
        ('{"id": "j9", "text": "x", "title": ' + "[" * 100_000 + "}", "invalid JSON: nested too deeply"),
        ('{"id": 1' + "0" * 5000 + ', "text": "Kharkiv"}', "invalid JSON: Exceeds the limit"),
        ('{"id": "j11", "text": "   "}', "'text' is empty"),
        ('{"id": "j12", "text": "Drones struck Kharkiv \\ud800 overnight."}', None),  # lone surrogate
        ('{"id": "", "text": "Kharkiv"}', "'id' is empty"),
        ('{"id": "j14", "text": "Kharkiv", "date": {"y": 2024}}', "'date' must be a string or null"),
        ('{"id": "j15", "text": "Khar', "invalid JSON"),  # truncated last line, no newline
    ]


def make_bad_inputs(root: Path) -> BadInputs:
    d = root / "in"
    d.mkdir()
    b = BadInputs(d, [])
    rng = random.Random(7)

    def good(name: str, data: bytes) -> None:
        (d / name).write_bytes(data)
        b.good.add(Path(name).stem)

    def bad(name: str, data: bytes, problem: str) -> None:
        (d / name).write_bytes(data)
        b.expected.append((name, problem))

    good("good.txt", GOOD_TEXT.encode())
    bad("empty.txt", b"", "file is empty")
    bad("blank.md", b"  \n\t\r\n  ", "file holds only whitespace")
    bad("random.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\0", "binary file")
    bad("controls.txt", bytes(range(1, 9)) * 400, "binary file")
    bad("utf16_odd.txt", b"\xff\xfe" + "Kharkiv".encode("utf-16-le") + b"x", "invalid UTF-16")
    good("cp1251.txt", "Российские войска атаковали Харьков. Киев отверг заявление.\n".encode("cp1251"))
    good("utf16.txt", "Russian drones struck Kharkiv overnight, officials said.\n".encode("utf-16"))
    good("stray.txt", "Удар по Покровську: Pokrovsk was shelled \xff\xfe overnight, officials said. "
                      "Харків теж.\n".encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe"))
    good("mixed.txt", "Київ заявив: удар по Харкову.\n".encode("utf-8")
         + "Российские войска атаковали Харьков.\n".encode("cp1251"))
    big = d / "big.txt"
    with big.open("wb") as fh:  # 50 MB, sparse: cheap to make, too big to read
        fh.truncate(50 * 1024 * 1024)
    b.expected.append(("big.txt", "larger than the 20.0 MB"))
    good("page.html", b"<html><head><title>Strike on Kharkiv</title><style>p{color:red}</style>"
                      b"<script>window.__pwned=1; alert('x')</script></head><body>"
                      b"<p>Russian drones struck Kharkiv overnight, the mayor said.</p>"
                      b"<script>document.write('evil')</script><noscript>noscript text</noscript>"
                      b"<style>.x{background:url(javascript:alert(1))}</style></body></html>")
    good("idna.html", b'<html><head><meta charset="idna"></head><body><p>Drones struck Kharkiv \xff overnight.'
                      b"</p></body></html>")
    lines = _jsonl_lines()
    (d / "lines.jsonl").write_text("\n".join(ln for ln, _ in lines), encoding="utf-8")
    for n, (_, problem) in enumerate(lines, start=1):
        if problem is None:
            b.good.add(json.loads(lines[n - 1][0])["id"])
        else:
            b.expected.append((f"lines.jsonl:{n}", problem))
    bad("doc.json", json.dumps({"id": "x", "text": "Kharkiv"}, indent=2).encode(), "holds one JSON document")
    good("sidecar.txt", GOOD_TEXT.replace("Kharkiv", "Pokrovsk").encode())
    bad("sidecar.meta.json", b'{"title": "x",', "invalid JSON")
    (d / "loop").mkdir()
    (d / "loop" / "self").symlink_to("../loop")
    b.expected.append(("loop/self", "symbolic link loop"))
    (d / "l1.txt").symlink_to("l2.txt")
    (d / "l2.txt").symlink_to("l1.txt")
    b.expected += [("l1.txt", "symbolic link loop"), ("l2.txt", "symbolic link loop")]
    (d / "dangling.txt").symlink_to("nowhere.txt")
    b.expected.append(("dangling.txt", "broken symbolic link"))
    if hasattr(os, "mkfifo"):
        os.mkfifo(d / "pipe.txt")  # reading it would block for ever
        b.expected.append(("pipe.txt", "not a regular file"))
    try:  # a name that is not UTF-8
        with open(os.path.join(os.fsencode(d), b"caf\xe9.txt"), "wb") as fh:
            fh.write(GOOD_TEXT.encode())
    except (OSError, UnicodeError):  # pragma: no cover - file systems that insist on UTF-8 names
        pass
    else:
        b.good.add("caf\ufffd")
    missing = root / "missing.txt"
    pdf = root / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    b.explicit += [missing, pdf, d / "l1.txt"]
    b.expected += [("missing.txt", "no such file or directory"), ("notes.pdf", "unsupported file type"),
                   ("l1.txt", "symbolic link loop")]
    return b


def check_bad_input_run(run: Run, b: BadInputs, out: Path) -> None:
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    for path_part, problem in b.expected:
        if path_part == "l1.txt":
            continue  # reported twice: once in the folder, once named explicitly
        one_error(run, path_part, problem)
    assert sum("l1.txt" in ln and "symbolic link loop" in ln for ln in run.errors) == 2
    assert len(run.errors) == len(b.expected), run.stderr
    # Every good article is on the map; the bad ones did not stop the build.
    assert b.good <= articles_in(out), (sorted(b.good - articles_in(out)), run.stderr)
    assert set(os.listdir(out)) == OUTPUTS


def test_bad_inputs_in_process(capsys, tmp_path: Path) -> None:
    b = make_bad_inputs(tmp_path)
    out = tmp_path / "out"
    run = cli(capsys, "build", *b.args, "--out", out)
    check_bad_input_run(run, b, out)
    # Decoding kept the text readable, and HTML scripts and styles were dropped.
    fc = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))
    by_article: dict[str, list[dict]] = {}
    for f in fc["features"]:
        by_article.setdefault(f["properties"]["article"], []).append(f["properties"])
    assert {p["place"] for p in by_article["cp1251"]} >= {"Kharkiv", "Kyiv"}
    assert any("Харьков" in p["evidence"] for p in by_article["cp1251"])
    assert {p["place"] for p in by_article["utf16"]} == {"Kharkiv"}
    assert "Pokrovsk" in {p["place"] for p in by_article["stray"]}
    assert any("\ufffd" in p["evidence"] for p in by_article["j12"])  # the lone surrogate, replaced
    page = " ".join(p["evidence"] for p in by_article["page"])
    assert "struck Kharkiv" in page
    assert not any(w in page for w in ("pwned", "alert", "evil", "color", "noscript"))
    assert by_article["page"][0]["title"] == "Strike on Kharkiv"


def test_bad_inputs_subprocess(tmp_path: Path) -> None:
    """The same, through ``python -m geo`` as a user runs it."""
    b = make_bad_inputs(tmp_path)
    out = tmp_path / "out"
    run = cli_subprocess("build", *b.args, "--out", out, "--no-cache", cwd=tmp_path)
    check_bad_input_run(run, b, out)


def test_mentions_with_bad_inputs(capsys, tmp_path: Path) -> None:
    b = make_bad_inputs(tmp_path)
    run = cli(capsys, "mentions", *b.args)
    assert run.code == 1
    assert len(run.errors) == len(b.expected), run.stderr
    rows = [json.loads(ln) for ln in run.stdout.splitlines()]
    assert b.good <= {r["article"] for r in rows}


def test_all_good_exits_zero(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run = cli(capsys, "build", tmp_path / "a.txt", "--out", tmp_path / "out")
    assert run.code == 0 and not run.errors, run.stderr


def test_unreadable_file_in_process(capsys, tmp_path: Path, monkeypatch) -> None:
    """Root can read a chmod 000 file, so the refusal is simulated."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    secret = d / "secret.txt"
    secret.write_text(GOOD_TEXT, encoding="utf-8")
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):  # every way of opening a file ends in os.open
        if os.fspath(path) == os.fspath(secret):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    run = cli(capsys, "build", d, "--out", tmp_path / "out")
    assert run.code == 1
    assert one_error(run, "secret.txt", "cannot read").endswith("Permission denied")
    assert articles_in(tmp_path / "out") == {"a"}


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(not (SETPRIV and hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="needs root and setpriv to drop to an unprivileged user")
def test_unreadable_file_real_permissions() -> None:
    """As the unprivileged user ``nobody``, real permission errors are reported, not raised."""
    d = Path(tempfile.mkdtemp(prefix="geo-perm-"))
    try:
        d.chmod(0o755)
        (d / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
        (d / "secret.txt").write_text(GOOD_TEXT, encoding="utf-8")
        (d / "secret.txt").chmod(0o000)
        (d / "locked").mkdir()
        (d / "locked" / "b.txt").write_text(GOOD_TEXT, encoding="utf-8")
        (d / "locked").chmod(0o000)
        code = ("import sys; from geo.ingest import read_articles; "
                "ids = [a.id for a in read_articles([sys.argv[1]], on_error=lambda e: print('ERR', e))]; "
                "print('IDS', ids)")
        r = subprocess.run([SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups",
                            sys.executable, "-c", code, str(d)],
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, timeout=120)
        if "No module named" in r.stderr or "Permission denied" in r.stderr and r.returncode:
            pytest.skip(f"nobody cannot run the project here: {r.stderr[-300:]}")
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        lines = r.stdout.splitlines()
        assert f"ERR {d}/locked: cannot list folder: Permission denied" in lines
        assert f"ERR {d}/secret.txt: cannot read: Permission denied" in lines
        assert "IDS ['a']" in lines
    finally:
        for p in (d / "locked", d / "secret.txt"):
            p.chmod(0o700)
        shutil.rmtree(d)


# --------------------------------------------------------------------------- outputs


@pytest.fixture
def previous(capsys, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """An input folder, an output folder holding a previous build, and its bytes.

    A second article is added afterwards, so a rebuild would change every output.
    """
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert run.code == 0, run.stderr
    before = snapshot(out)
    assert set(before) == OUTPUTS
    (src / "b.txt").write_text("Russia said its forces captured Pokrovsk. Kyiv denied it.\n", encoding="utf-8")
    return src, out, before


def test_output_folder_is_a_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    target = tmp_path / "maps"
    target.write_bytes(b"not a folder")
    run = cli(capsys, "build", tmp_path / "a.txt", "--out", target)
    assert run.code == 3
    assert f"geo: error: cannot create output folder {target}" in run.stderr
    assert target.read_bytes() == b"not a folder"


def test_output_folder_under_a_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "file").write_bytes(b"x")
    run = cli(capsys, "build", tmp_path / "a.txt", "--out", tmp_path / "file" / "maps")
    assert run.code == 3
    assert "geo: error:" in run.stderr and str(tmp_path / "file" / "maps") in run.stderr


def test_bad_input_and_unwritable_output_exits_3(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "file").write_bytes(b"x")
    run = cli(capsys, "build", tmp_path / "a.txt", tmp_path / "missing.txt", "--out", tmp_path / "file" / "m")
    assert run.code == 3  # nothing written outranks a bad input
    assert "missing.txt: no such file or directory" in run.stderr and "geo: error:" in run.stderr


def _full_disk() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_full_disk_on_rename_keeps_previous(capsys, monkeypatch, previous) -> None:
    src, out, before = previous

    def replace(a, b):
        raise _full_disk()

    monkeypatch.setattr(os, "replace", replace)
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert run.code == 3
    assert f"geo: error: cannot write to {out}: No space left on device" in run.stderr
    assert snapshot(out) == before  # same files, same bytes, no temporary files


class _FailingFile:
    """A file whose writes fail with ``exc`` (after the real file was opened)."""

    def __init__(self, fh, exc: BaseException) -> None:
        self.fh, self.exc = fh, exc

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.fh.close()
        return False

    def write(self, data):
        self.fh.write(data[: len(data) // 2])  # half of it reached the disk
        raise self.exc

    def __getattr__(self, name):
        return getattr(self.fh, name)


def _fail_second_file(monkeypatch, exc: BaseException) -> list[int]:
    """Make writing the 2nd output file fail with ``exc``; returns the call counter."""
    real = os.fdopen
    calls: list[int] = []

    def fdopen(fd, *args, **kwargs):
        fh = real(fd, *args, **kwargs)
        calls.append(fd)
        return _FailingFile(fh, exc) if len(calls) == 2 else fh

    monkeypatch.setattr(os, "fdopen", fdopen)
    return calls


def test_failure_writing_second_file_keeps_previous(capsys, monkeypatch, previous) -> None:
    src, out, before = previous
    calls = _fail_second_file(monkeypatch, _full_disk())
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert len(calls) == 2
    assert run.code == 3
    assert "No space left on device" in run.stderr and str(out) in run.stderr
    assert snapshot(out) == before


def test_interrupt_writing_second_file_keeps_previous(capsys, monkeypatch, previous) -> None:
    src, out, before = previous
    _fail_second_file(monkeypatch, KeyboardInterrupt())
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert run.code == 130 and "interrupted" in run.stderr
    assert snapshot(out) == before


def test_failure_renaming_second_file_keeps_previous(capsys, monkeypatch, previous) -> None:
    src, out, before = previous
    real = os.replace
    calls: list[str] = []

    def replace(a, b):
        calls.append(os.fspath(b))
        if len(calls) == 2:
            raise _full_disk()
        return real(a, b)

    monkeypatch.setattr(os, "replace", replace)
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert run.code == 3
    assert snapshot(out) == before


def test_unexpected_error_is_one_line(capsys, monkeypatch, tmp_path: Path) -> None:
    """A bug while processing an article is reported in one line naming it (exit 1), not a
    traceback; with every article failing, no output replaces the previous one."""
    import geo.engines.local

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.delenv("GEO_DEBUG", raising=False)
    monkeypatch.setattr(geo.engines.local, "article_features", boom)
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    run = cli(capsys, "build", tmp_path / "a.txt", "--out", tmp_path / "out", "--no-cache")
    assert run.code == 1
    assert "internal error" in run.stderr and "RuntimeError: simulated bug" in run.stderr
    assert str(tmp_path / "a.txt") in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    monkeypatch.setenv("GEO_DEBUG", "1")
    with pytest.raises(RuntimeError):
        geo.cli.main(["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--no-cache"])


def test_mentions_closed_pipe(capsys, monkeypatch, tmp_path: Path) -> None:
    """``geo mentions ... | head -1``: the reader leaving is not an error."""

    class ClosedPipe:
        def write(self, s: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = geo.cli.main(["mentions", str(tmp_path / "a.txt")])
    assert code == 0
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------- hostile text

ATTACK = ('</script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1;alert(1)"> '
          '<svg onload=alert(1)> `${alert(1)}` {{ 7*7 }} {% raw %} "dq" \'sq\' back\\slash '
          '\u202eevil\u202c zero\u200bwidth\u200d \u2066isolate\u2069 \u05e9\u05dc\u05d5\u05dd')
HOSTILE = [
    {"id": "h1", "date": "2025-01-02",
     "text": f"Russian missiles struck Kharkiv overnight {ATTACK} officials said.\n"
             "Ukraine's army said Russian troops shelled Pokrovsk.",
     "url": "javascript:window.__pwned=1",
     "title": '<img src=x onerror="window.__pwned=1"> "T" `x` {{ 1+1 }} \u202etitle',
     "publisher": "</script><script>window.__pwned=1</script>"},
    {"id": "h2</script><b>", "date": "2025-01-03",
     "text": "Russia said its forces captured Pokrovsk. Kyiv denied it {{ x }} `y` \u200b\u200f.",
     "url": 'https://example.org/"><script>window.__pwned=1</script>',
     "title": "javascript:alert(1)", "publisher": "Re\\uters \u202e\u200b"},
    {"id": "h3", "text": "Drones hit Kharkiv again, said <a href=\"javascript:alert(1)\">the mayor</a>.",
     "url": " JaVaScRiPt:window.__pwned=1", "title": "{{ config }}", "publisher": None},
]
MD_HOSTILE = ("---\ntitle: '<script>window.__pwned=1</script> Kharkiv'\nurl: \"data:text/html,<script>alert(1)"
              "</script>\"\npublisher: '<img src=x onerror=alert(1)>'\n---\n"
              "Shelling hit Kharkiv overnight ${window.__pwned=1} \\u003c/script\\u003e.\n")


@pytest.fixture(scope="module")
def hostile_build(gazetteer, tmp_path_factory) -> Path:
    """``geo build`` on hostile JSON lines and Markdown; returns the output folder."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in HOSTILE) + "\n", encoding="utf-8")
    (d / "front.md").write_text(MD_HOSTILE, encoding="utf-8")
    out = d / "out"
    code = geo.cli.main(["build", str(d / "hostile.jsonl"), str(d / "front.md"), "--out", str(out), "--no-cache"])
    assert code == 0
    return out


def _walk_coords(coords: Any) -> Iterator[float]:
    if isinstance(coords, (int, float)):
        yield float(coords)
    else:
        for c in coords:
            yield from _walk_coords(c)


def test_hostile_geojson_is_valid_and_literal(hostile_build: Path) -> None:
    out = hostile_build
    claims = json.loads((out / "claims.geojson").read_bytes().decode("utf-8"))
    places = json.loads((out / "places.geojson").read_bytes().decode("utf-8"))
    for fc in (claims, places):
        assert fc["type"] == "FeatureCollection"
        for f in fc["features"]:
            assert f["geometry"]["type"] == "Point"
            lon, lat = f["geometry"]["coordinates"]
            assert math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90
    props = [f["properties"] for f in claims["features"]]
    by_id = {r["id"]: r for r in HOSTILE}
    assert {p["article"] for p in props} == {*by_id, "front"}
    for p in props:
        rec = by_id.get(p["article"])
        if rec is None:
            continue
        # Offsets point into the text as given; metadata is carried as given, but a URL
        # only when it is http(s).
        assert rec["text"][p["start"]:p["end"]] == p["surface"]
        url = rec["url"].strip()
        assert p["url"] == (url if url.lower().startswith(("http://", "https://")) else None)
        assert p["title"] == rec["title"].strip()
        assert p["source"] == (" ".join(rec["publisher"].split()) if rec["publisher"] else None)
    h1 = [p for p in props if p["article"] == "h1" and p["place"] == "Kharkiv"]
    assert h1 and ATTACK in h1[0]["evidence"]
    front = [p for p in props if p["article"] == "front"]
    assert front[0]["title"] == "<script>window.__pwned=1</script> Kharkiv"
    assert front[0]["url"] is None  # was "data:text/html,<script>alert(1)</script>"


def test_hostile_html_embeds_data_inertly(hostile_build: Path) -> None:
    html = (hostile_build / "claims.html").read_text(encoding="utf-8")
    # Markup from the articles appears only JSON-escaped (\u003c ...), never as HTML.
    for needle in ("<script>window.__pwned", "<img src=x", "<svg onload", "h2</script>"):
        assert needle not in html, needle
    data = _data_json(html)
    # Templates are not evaluated, backticks and bidi controls survive.
    for literal in ("{{ 7*7 }}", "{% raw %}", "{{ config }}", "`${alert(1)}`", "\u202eevil\u202c",
                    "zero\u200bwidth\u200d", "</script><script>window.__pwned=1</script>",
                    "${window.__pwned=1}"):
        assert literal in data, literal


def _data_block(html: str) -> str:
    start = html.index('<script type="application/json" id="geo-claim-data">')
    return html[start: html.index("</script>", start)]


def _data_json(html: str) -> str:
    block = _data_block(html)
    return json.dumps(json.loads(block[block.index(">") + 1:]), ensure_ascii=False)


# --------------------------------------------------------------------------- browser


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open_popup(page: Any, place: str) -> Any:
    """Click the marker of ``place``; its popup (a closing one may linger while it fades)."""
    page.evaluate("window.geoClaimMap.map.closePopup()")
    page.click(f".leaflet-marker-icon[data-place='{place}']")
    popup = page.locator(".leaflet-popup-content .geo-popup").filter(
        has=page.locator(".geo-place", has_text=place)).first
    popup.wait_for()
    return popup


def test_hostile_map_in_chromium(browser, hostile_build: Path) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    dialogs: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((hostile_build / "claims.html").as_uri())
        page.wait_for_function("window.geoClaimMap !== undefined")
        page.wait_for_selector(".leaflet-marker-icon[data-place='Kharkiv']")
        shown = set(page.eval_on_selector_all(".leaflet-marker-icon[data-place]",
                                              "els => els.map(e => e.getAttribute('data-place'))"))
        assert {"Kharkiv", "Pokrovsk"} <= shown

        popup = _open_popup(page, "Kharkiv")
        text = popup.evaluate("e => e.textContent")
        assert ATTACK in text  # the evidence, literally
        assert '<img src=x onerror="window.__pwned=1"> "T" `x` {{ 1+1 }} \u202etitle' in text
        assert "</script><script>window.__pwned=1</script>" in text  # the publisher
        assert "{{ config }}" in text and "<script>window.__pwned=1</script> Kharkiv" in text
        assert popup.locator("img, svg, script, b").count() == 0
        hrefs = popup.evaluate("e => [...e.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs

        pop2 = _open_popup(page, "Pokrovsk")
        text2 = pop2.evaluate("e => e.textContent")
        assert "Kyiv denied it {{ x }} `y`" in text2 and "Re\\uters" in text2
        hrefs = pop2.evaluate("e => [...e.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        # Linked only through the URL parser: quotes and brackets come out percent-encoded.
        assert hrefs and set(hrefs) == {"https://example.org/%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E"}

        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
        assert page.locator("img[src='x'], svg[onload]").count() == 0
        assert not errors, errors
        assert not [u for u in blocked if not u.startswith(("http://", "https://"))], blocked
    finally:
        page.close()


# --------------------------------------------------------------------------- outputs as a set

SECOND_TEXT = "Russia said its forces captured Pokrovsk. Ukraine denied it.\n"


def _build_in_child(patch: str, src: Path, out: Path, cwd: Path) -> subprocess.CompletedProcess:
    """``geo build SRC --out OUT --no-cache`` in a child process, after the ``patch`` code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    code = ("import os, signal, sys\nimport geo.cli, geo.output.collector\n" + patch +
            "sys.exit(geo.cli.main(['build', sys.argv[1], '--out', sys.argv[2], '--no-cache']))\n")
    return subprocess.run([sys.executable, "-c", code, os.fspath(src), os.fspath(out)], cwd=cwd, env=env,
                          capture_output=True, timeout=600)


def test_commit_killed_between_renames_is_finished_by_the_next_build(previous, tmp_path: Path) -> None:
    src, out, _ = previous
    (src / "b.txt").write_text(SECOND_TEXT, encoding="utf-8")
    killed = _build_in_child("real = os.replace\n"
                             "def replace(a, b):\n"
                             "    if os.fspath(b).endswith('places.geojson'):\n"
                             "        os._exit(9)  # killed among the renames\n"
                             "    return real(a, b)\n"
                             "os.replace = replace\n", src, out, tmp_path)
    assert killed.returncode == 9, killed.stderr
    assert (out / ".geo-commit.json").exists()  # the journal of the unfinished commit
    clean = tmp_path / "clean"
    assert geo.cli.main(["build", str(src), "--out", str(clean), "--no-cache"]) == 0
    from geo.output import writer

    writer.repair(out)  # what the next build into the folder does first
    assert snapshot(out) == snapshot(clean)  # one build's set, no temporary files


def test_stale_temporary_files_are_removed(capsys, previous) -> None:
    src, out, _ = previous
    for name in (".claims.geojson.k2j3.tmp", ".claims.html.x8.tmp.old", ".places.geojson.a.tmp"):
        (out / name).write_bytes(b"left by a killed build")
    (out / ".notes.tmp").write_bytes(b"not ours")
    run = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert run.code == 0
    assert set(snapshot(out)) == OUTPUTS | {".notes.tmp"}


def test_a_folder_another_build_writes_is_not_mixed(capsys, monkeypatch, previous) -> None:
    import fcntl

    from geo.output import writer

    src, out, before = previous
    (src / "b.txt").write_text(SECOND_TEXT, encoding="utf-8")
    monkeypatch.setattr(writer, "_LOCK_WAIT", 0.3)
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another build committing its outputs
        run = cli(capsys, "build", src, "--out", out, "--no-cache")
    finally:
        os.close(fd)
    assert run.code == 3 and "another build is writing to" in run.stderr
    assert snapshot(out) == before


def test_missing_parquet_support_writes_nothing(capsys, monkeypatch, previous) -> None:
    src, out, before = previous
    (src / "b.txt").write_text(SECOND_TEXT, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # not installed
    run = cli(capsys, "build", src, "--out", out, "--no-cache", "--format", "parquet")
    assert run.code == 2 and "GeoParquet output needs" in run.stderr
    assert snapshot(out) == before


def test_sigterm_is_an_interrupt_that_keeps_the_previous_outputs(previous, tmp_path: Path) -> None:
    src, out, before = previous
    (src / "b.txt").write_text(SECOND_TEXT, encoding="utf-8")
    run = _build_in_child("real = geo.output.collector._write_text\n"
                          "def write(out, chunks, **kw):\n"
                          "    os.kill(os.getpid(), signal.SIGTERM)  # stopped while writing\n"
                          "    return real(out, chunks, **kw)\n"
                          "geo.output.collector._write_text = write\n", src, out, tmp_path)
    assert run.returncode == 130 and b"interrupted" in run.stderr
    assert snapshot(out) == before


def test_empty_input_folder_keeps_previous_outputs(capsys, previous, tmp_path: Path) -> None:
    _, out, before = previous
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")  # an unsupported file only
    run = cli(capsys, "build", empty, "--out", out, "--no-cache")
    assert run.code == 1 and "no article found" in run.stderr and str(empty) in run.stderr
    assert snapshot(out) == before


def test_output_folder_inside_input_folder_is_not_read_back(capsys, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    out = src / "maps"
    first = cli(capsys, "build", src, "--out", out, "--no-cache")
    second = cli(capsys, "build", src, "--out", out, "--no-cache")
    assert first.code == second.code == 0, second.stderr
    assert articles_in(out) == {"a"}  # not "claims" (the map page read as an article)
