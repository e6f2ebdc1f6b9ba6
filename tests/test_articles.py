"""Tests for geo.ingest: reading files, folders and JSON lines; metadata inference."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import ingest
from geo.ingest import parse_text, read_articles
from geo.errors import ConfigError, InputError
from geo.model import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BODY = "Shelling hit the town of Kupiansk overnight, officials said.\n\nTwo people were hurt.\n"


def _collect(inputs: list) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    got = list(read_articles(inputs, on_error=errors.append))
    return got, errors


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- seeds


def test_articles_seeds_load_with_stem_ids() -> None:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("no seed articles")
    got, errors = _collect([SEEDS])
    assert errors == []
    assert [a.id for a in got] == [f.stem for f in files]
    for article, file in zip(got, files):
        assert article.text == file.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert article.source_path == str(file)


# --------------------------------------------------------------------------- walking


def test_articles_folder_walk_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", BODY)
    _write(tmp_path / "a.md", BODY)
    _write(tmp_path / "sub" / "c.html", f"<p>{BODY}</p>")
    _write(tmp_path / "sub" / "deeper" / "d.htm", f"<p>{BODY}</p>")
    _write(tmp_path / "z.markdown", BODY)
    _write(tmp_path / ".hidden.txt", BODY)
    _write(tmp_path / ".git" / "e.txt", BODY)
    _write(tmp_path / "notes.pdf", b"%PDF-1.4")
    _write(tmp_path / "image.png", b"\x89PNG\x00\x00")
    _write(tmp_path / "b.meta.json", '{"title": "B"}')
    got, errors = _collect([tmp_path])
    assert errors == []
    assert [a.id for a in got] == ["a", "b", "c", "d", "z"]
    assert got[1].title == "B"  # the sidecar was used, not read as an article


def test_articles_inputs_keep_given_order(tmp_path: Path) -> None:
    _write(tmp_path / "one.txt", BODY)
    _write(tmp_path / "two.txt", BODY)
    got, _ = _collect([tmp_path / "two.txt", str(tmp_path / "one.txt")])
    assert [a.id for a in got] == ["two", "one"]
    again, _ = _collect([tmp_path / "two.txt", str(tmp_path / "one.txt")])
    assert again == got


def test_articles_single_path_not_in_a_list(tmp_path: Path) -> None:
    _write(tmp_path / "one.txt", BODY)
    assert [a.id for a in read_articles(tmp_path)] == ["one"]
    assert [a.id for a in read_articles(str(tmp_path / "one.txt"))] == ["one"]


@pytest.mark.parametrize("name", ["x.txt", "x.TXT", "x.md", "x.markdown", "x.html", "x.htm"])
def test_articles_supported_extensions(tmp_path: Path, name: str) -> None:
    _write(tmp_path / name, f"<p>{BODY}</p>" if ".htm" in name.lower() else BODY)
    got, errors = _collect([tmp_path / name])
    assert errors == [] and [a.id for a in got] == ["x"]
    assert "Kupiansk" in got[0].text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_articles_symlinked_folder_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    _write(real / "a.txt", BODY)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(real, target_is_directory=True)
    got, errors = _collect([root])
    assert errors == [] and [a.id for a in got] == ["a"]


# --------------------------------------------------------------------------- errors


def _make_problem(kind: str, tmp: Path) -> Path:
    """Create an input with one problem; return the path to pass."""
    if kind == "missing":
        return tmp / "nope.txt"
    if kind == "empty":
        return _write(tmp / "bad.txt", b"")
    if kind == "whitespace":
        return _write(tmp / "bad.txt", " \n\t\r\n ")
    if kind == "nul":
        return _write(tmp / "bad.txt", b"GIF89a\x00\x01\x02text")
    if kind == "controls":
        return _write(tmp / "bad.txt", bytes(range(1, 32)) * 20 + b"abc")
    if kind == "unsupported":
        return _write(tmp / "bad.pdf", BODY)
    if kind == "bad_json":
        return _write(tmp / "bad.jsonl", '{"id": "j1", "text": "ok text"}\n{"id": 2, "text": \n')
    if kind == "not_object":
        return _write(tmp / "bad.jsonl", '["a", "b"]\n')
    if kind == "missing_text":
        return _write(tmp / "bad.jsonl", '{"id": "x1"}\n')
    if kind == "null_text":
        return _write(tmp / "bad.jsonl", '{"id": "x1", "text": null}\n')
    if kind == "empty_text":
        return _write(tmp / "bad.jsonl", '{"id": "x1", "text": "   "}\n')
    if kind == "text_type":
        return _write(tmp / "bad.jsonl", '{"id": "x1", "text": 12}\n')
    if kind == "meta_type":
        return _write(tmp / "bad.jsonl", '{"id": "x1", "text": "words", "publisher": ["AP"]}\n')
    if kind == "date_type":
        return _write(tmp / "bad.jsonl", '{"id": "x1", "text": "words", "date": 20251203}\n')
    if kind == "id_type":
        return _write(tmp / "bad.jsonl", '{"id": {"a": 1}, "text": "words"}\n')
    if kind == "id_empty":
        return _write(tmp / "bad.jsonl", '{"id": " ", "text": "words"}\n')
    if kind == "id_bool":
        return _write(tmp / "bad.jsonl", '{"id": true, "text": "words"}\n')
    if kind == "sidecar":
        return _write(tmp / "bad.meta.json", '{"title": "T"}\n')
    if kind == "json_document":
        return _write(tmp / "bad.json", '{\n  "id": "x1",\n  "text": "words"\n}\n')
    if kind == "html_no_text":
        return _write(tmp / "bad.html", "<html><head><title>T</title></head><body><script>x()</script></body></html>")
    raise AssertionError(kind)


PROBLEMS = {
    "missing": "no such file",
    "empty": "empty",
    "whitespace": "whitespace",
    "nul": "binary",
    "controls": "binary",
    "unsupported": "unsupported file type",
    "bad_json": "invalid JSON",
    "not_object": "expected a JSON object, got array",
    "missing_text": "missing 'text'",
    "null_text": "missing 'text'",
    "empty_text": "'text' is empty",
    "text_type": "'text' must be a string, got number",
    "meta_type": "'publisher' must be a string or null, got array",
    "date_type": "'date' must be a string or null, got number",
    "id_type": "'id' must be a string or integer, got object",
    "json_document": "expected JSON lines",
    "id_empty": "'id' is empty",
    "id_bool": "'id' must be a string or integer, got boolean",
    "sidecar": "metadata sidecar",
    "html_no_text": "no article text",
}
LINE_PROBLEMS = {"bad_json": 2, "not_object": 1, "missing_text": 1, "null_text": 1, "empty_text": 1,
                 "text_type": 1, "meta_type": 1, "date_type": 1, "id_type": 1, "id_empty": 1, "id_bool": 1}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(PROBLEMS))
def test_articles_error_reported_and_others_still_read(tmp_path: Path, kind: str) -> None:
    bad = _make_problem(kind, tmp_path / "in")
    good1 = _write(tmp_path / "ok" / "first.txt", BODY)
    good2 = _write(tmp_path / "ok" / "second.txt", BODY)
    got, errors = _collect([good1, bad, good2])
    assert len(errors) == 1, errors
    message = str(errors[0])
    assert str(bad) in message
    assert PROBLEMS[kind] in message
    if kind in LINE_PROBLEMS:
        assert f"{bad}:{LINE_PROBLEMS[kind]}:" in message
    ids = [a.id for a in got]
    assert ids[0] == "first" and ids[-1] == "second"
    if kind == "bad_json":
        assert ids == ["first", "j1", "second"]  # the good line of the bad file is kept
    else:
        assert ids == ["first", "second"]


@pytest.mark.parametrize("kind", ["missing", "empty", "bad_json", "unsupported"])
def test_articles_error_raised_without_callback(tmp_path: Path, kind: str) -> None:
    bad = _make_problem(kind, tmp_path)
    with pytest.raises(InputError, match="bad|nope"):
        list(read_articles([bad]))


def test_articles_error_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.decode, "MAX_BYTES", 100)
    big = _write(tmp_path / "big.txt", "word " * 50)
    small = _write(tmp_path / "small.txt", "Short text. More.\nSecond line.")
    got, errors = _collect([big, small])
    assert [a.id for a in got] == ["small"]
    assert len(errors) == 1
    assert str(big) in str(errors[0])
    assert "250 bytes" in str(errors[0]) and "100 bytes limit" in str(errors[0])


def test_articles_max_bytes_is_20_mb() -> None:
    assert ingest.MAX_BYTES == 20 * 1024 * 1024


def test_articles_error_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = _write(tmp_path / "locked.txt", BODY)
    other = _write(tmp_path / "other.txt", BODY)
    real_open = open

    def fake_open(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(ingest.decode, "open", fake_open, raising=False)
    got, errors = _collect([locked, other])
    assert [a.id for a in got] == ["other"]
    assert len(errors) == 1 and str(locked) in str(errors[0]) and "Permission denied" in str(errors[0])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_articles_error_unreadable_chmod(tmp_path: Path) -> None:
    locked = _write(tmp_path / "locked.txt", BODY)
    locked.chmod(0)
    try:
        got, errors = _collect([locked])
    finally:
        locked.chmod(0o644)
    assert got == [] and str(locked) in str(errors[0])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_articles_error_symlink_loop(tmp_path: Path) -> None:
    root = tmp_path / "root"
    _write(root / "a.txt", BODY)
    _write(root / "sub" / "b.txt", BODY)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    got, errors = _collect([root])
    assert [a.id for a in got] == ["a", "b"]
    assert len(errors) == 1
    assert str(root / "sub" / "loop") in str(errors[0]) and "loop" in str(errors[0])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_articles_error_broken_symlink_in_folder(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", BODY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    got, errors = _collect([tmp_path])
    assert [a.id for a in got] == ["a"]
    assert len(errors) == 1 and str(tmp_path / "gone.txt") in str(errors[0])


def test_articles_error_duplicate_ids(tmp_path: Path) -> None:
    first = _write(tmp_path / "x" / "same.txt", "First body here.\nMore text.")
    second = _write(tmp_path / "y" / "same.md", "Second body here.\nMore text.")
    lines = _write(tmp_path / "z.jsonl", '{"id": "same", "text": "third"}\n{"id": "other", "text": "fourth"}\n')
    got, errors = _collect([tmp_path])
    assert [a.id for a in got] == ["same", "other"]
    assert got[0].text.startswith("First")
    assert len(errors) == 2
    assert str(second) in str(errors[0]) and str(first) in str(errors[0]) and "duplicate" in str(errors[0])
    assert f"{lines}:1" in str(errors[1]) and str(first) in str(errors[1])


def test_articles_error_bad_sidecar_keeps_article(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", BODY)
    sidecar = _write(tmp_path / "a.meta.json", '{"title": 5}')
    got, errors = _collect([tmp_path])
    assert [a.id for a in got] == ["a"] and got[0].title is None
    assert len(errors) == 1 and str(sidecar) in str(errors[0]) and "'title'" in str(errors[0])


def test_articles_error_explicit_folder_unlistable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "a.txt", BODY)
    real_scandir = os.scandir

    def fake_scandir(path):  # noqa: ANN001, ANN202
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest.files.os, "scandir", fake_scandir)
    got, errors = _collect([tmp_path])
    monkeypatch.setattr(ingest.files.os, "scandir", real_scandir)
    assert got == [] and len(errors) == 1 and str(tmp_path) in str(errors[0])


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffKyiv — Київ\nline two".encode("utf-8"), "Kyiv — Київ\nline two"),
        ("\ufeffKyiv — Київ\nline two".encode("utf-16-le"), "Kyiv — Київ\nline two"),
        ("\ufeffKyiv — Київ\nline two".encode("utf-16-be"), "Kyiv — Київ\nline two"),
        ("Російські війська обстріляли Харків.\nДругий рядок.".encode("cp1251"),
         "Російські війська обстріляли Харків.\nДругий рядок."),
        ("Les troupes sont entrées à Kherson, déclare l’armée.\nFin.".encode("cp1252"),
         "Les troupes sont entrées à Kherson, déclare l’armée.\nFin."),
        ("Zaporizhzhia — «front» ".encode() + b"\xff" + " still — fine\nok".encode(),
         "Zaporizhzhia — «front» \ufffd still — fine\nok"),
        (b"one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "cp1251", "cp1252", "stray-byte", "newlines"],
)
def test_articles_encodings(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = _write(tmp_path / "enc.txt", raw)
    got, errors = _collect([path])
    assert errors == []
    assert got[0].text == expected


def test_articles_html_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Бої за Покровськ.</p><p>Далі.</p></body></html>'
    path = _write(tmp_path / "p.html", page.encode("cp1251"))
    got, _ = _collect([path])
    assert got[0].text == "Бої за Покровськ.\n\nДалі."


# --------------------------------------------------------------------------- HTML

PAGE = """<!doctype html>
<html><head>
<title>Troops advance near Kupiansk | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00+02:00">
<link rel="canonical" href="https://example.org/a/1">
<style>p { color: red }</style>
<script>var x = "<p>hidden</p>";</script>
</head>
<body>
<noscript>Enable JavaScript</noscript>
<template><p>template text</p></template>
<h1>Troops advance near Kupiansk</h1>
<p>Fighting &amp; shelling continued <b>overnight</b>,<br>officials said.</p>
<ul><li>First point</li><li>Second&nbsp;point</li></ul>
</body></html>
"""


def test_articles_html_visible_text(tmp_path: Path) -> None:
    got, _ = _collect([_write(tmp_path / "page.html", PAGE)])
    text = got[0].text
    assert text == (
        "Troops advance near Kupiansk\n\nFighting & shelling continued overnight,\nofficials said."
        "\n\nFirst point\n\nSecond point"
    )
    for hidden in ("hidden", "color", "Enable JavaScript", "template text", "Example Wire |"):
        assert hidden not in text


def test_articles_html_metadata(tmp_path: Path) -> None:
    article = next(read_articles([_write(tmp_path / "page.html", PAGE)]))
    assert article.title == "Troops advance near Kupiansk"  # <title> minus the site suffix
    assert article.publisher == "Example Wire"  # og:site_name, not the author
    assert article.date == "2024-03-05"
    assert article.url == "https://example.org/a/1"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ('<meta property="og:title" content="OG title here"><title>Other | X</title>', "", ("OG title here", None)),
        ("", "<h1>Only a heading here</h1>", ("Only a heading here", None)),
        ('<meta property="og:site_name" content="Reuters">', "", (None, "Reuters")),
        ('<meta name="author" content="Reuters">', "", (None, None)),
        ('<meta property="og:url" content="https://a.example/x">', "", (None, None)),
        ('<meta name="pubdate" content="20 May 2024">', "", (None, None)),
    ],
)
def test_articles_html_meta_variants(head: str, body: str, expected: tuple) -> None:
    page = f"<html><head>{head}</head><body>{body}<p>Body text of the page.</p></body></html>"
    article = parse_text(page, article_id="h", fmt="html")
    assert (article.title, article.publisher) == expected
    if "og:url" in head:
        assert article.url == "https://a.example/x"
    if "pubdate" in head:
        assert article.date == "2024-05-20"


# --------------------------------------------------------------------------- front matter and sidecars


def test_articles_front_matter_removed_and_used(tmp_path: Path) -> None:
    text = (
        "---\ntitle: \"Given title\"\nurl: https://example.org/x\nsource: Example Daily\n"
        "date: 5 March 2024\ntags:\n  - war\n---\nKYIV, Mar 4 (Reuters) - Body text, March 4, 2024.\nMore.\n"
    )
    article = next(read_articles([_write(tmp_path / "fm.md", text)]))
    assert article.text == "KYIV, Mar 4 (Reuters) - Body text, March 4, 2024.\nMore.\n"
    assert article.title == "Given title"
    assert article.url == "https://example.org/x"
    assert article.publisher == "Example Daily"
    assert article.date == "2024-03-05"


def test_articles_front_matter_needs_key_values() -> None:
    text = "---\nThis is a rule, then prose.\n---\nMore prose here.\n"
    article = parse_text(text, article_id="r", fmt="md")
    assert article.text == text


def test_articles_sidecar_overrides(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "Headline of the story here\nMOSCOW, Dec 3 (Reuters) - Body, December 2, 2025.\n")
    _write(tmp_path / "a.meta.json", json.dumps({"publisher": "Other Outlet", "date": "2025-12-04T08:00:00Z",
                                                  "url": "https://example.org/a", "title": None}))
    article = next(read_articles([tmp_path / "a.txt"]))
    assert (article.publisher, article.date, article.url, article.title) == (
        "Other Outlet", "2025-12-04", "https://example.org/a", None)


# --------------------------------------------------------------------------- JSON lines


def test_articles_jsonl_fields(tmp_path: Path) -> None:
    rows = [
        {"id": 7, "text": "KYIV, May 2 (AP) - Body, May 1, 2024.\nMore.", "url": "https://e.org/7",
         "publisher": "Given Pub", "date": "2024-05-02T09:00:00Z", "title": "Given", "lang": "en"},
        {"id": "b", "text": "Headline of item b here\nKYIV, May 2 (AP) - Body, May 1, 2024.\nMore."},
        {"id": "c", "text": "Body only.\nMore.", "date": "sometime in May"},
        {"text": "No id here.\nMore."},
    ]
    path = _write(tmp_path / "rows.ndjson", "\n".join(json.dumps(r) for r in rows[:2]) + "\n\n"
                  + "\n".join(json.dumps(r) for r in rows[2:]) + "\n")
    got, errors = _collect([path])
    assert errors == []
    assert [a.id for a in got] == ["7", "b", "c", "rows:5"]
    a7, b, c, _ = got
    assert (a7.url, a7.publisher, a7.date, a7.title) == ("https://e.org/7", "Given Pub", "2024-05-02", "Given")
    assert a7.source_path == f"{path}:1"
    assert (b.publisher, b.date, b.title) == ("Associated Press", "2024-05-02", "Headline of item b here")
    assert c.date is None  # unparseable given date: None, not an error
    assert b.text == rows[1]["text"]


def test_articles_json_extension_holding_json_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "rows.json", '{"id": "j", "text": "Body text.\\nMore."}\n')
    assert [a.id for a in read_articles([path])] == ["j"]


def test_articles_jsonl_text_kept_exactly(tmp_path: Path) -> None:
    text = " date 2025-12-11 Body with leading space.\r\nSecond line."
    path = _write(tmp_path / "r.jsonl", json.dumps({"id": "r", "text": text}) + "\n")
    article = next(read_articles([path]))
    assert article.text == " date 2025-12-11 Body with leading space.\nSecond line."
    assert article.date == "2025-12-11"


# --------------------------------------------------------------------------- inference


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Headline words here\n\nMOSCOW, Dec 3 (Reuters) - Talks ended.\nMore.", "Reuters"),
        ("KYIV, Ukraine (AP) — Drones hit the city.\nMore.", "Associated Press"),
        ("Title goes here now\nISTANBUL (AA) - Russia claimed a village.\nMore.", "Anadolu Agency"),
        ("Title goes here now\nSource: CGTN\nBody text.", "CGTN"),
        ("Title goes here now\nSource\nCGTN\nEditor\nSomeone\nBody text.", "CGTN"),
        ("Title goes here now\nBy Jane Doe, CNN\nBody text.", "CNN"),
        ("Title goes here now\nBy Jane Doe and John Roe | The Kyiv Independent\nBody text.", "The Kyiv Independent"),
        ("Title goes here now\nBy AFP\nBody text.", "AFP"),
        ("Body text.\nMore body.\n© 2025 Reuters. All rights reserved.", "Reuters"),
        ("Body text.\nMore body.\nCopyright 2024 The Associated Press.", "Associated Press"),
        # an outlet that is only quoted or credited is not the publisher
        ("Rubio told Fox News the war was about land.\nMore.", None),
        ("Putin spoke in an interview with India Today.\nMore.", None),
        ("Talks in Moscow on Dec. 2, 2025. (Sputnik, Kremlin Pool Photo via AP)\nBody.", None),
        ("A car burns. Oleg P./Handout via REUTERS\nBy Andrew Osborn\nBody.", None),
        ("According to data cited by Reuters, Russia gained ground.\nMore.", None),
        ("Title goes here now\nSource: Ukrainian General Staff\nBody.", None),
        ("Drones hit Odesa port overnight\n\u00a9 AP Photo/Jane Doe\nBody.", None),
        ("By the end of the day, CNN\nBody.", None),
        ("Title goes here now\nSource: RFE/RL\nBody.", "RFE/RL"),
        ("MOSCOW: The Kremlin said Wednesday it gained.\nMore.", None),
    ],
)
def test_articles_infer_publisher(text: str, publisher: str | None) -> None:
    assert parse_text(text, article_id="p").publisher == publisher


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Title words here\nUpdated 03 December 2025\nBody.", "2025-12-03"),
        ("Title words here\nPublished Nov 27, 2024\nShare\nBody.", "2024-11-27"),
        ("Title words here\nTime\n2025-12-03 15:29:57\nBody.", "2025-12-03"),
        (" date 2025-12-11 Russia said Thursday it seized a town.\nMore.", "2025-12-11"),
        ("Tuesday, October 4, 2022\n\nHeadline words here\nBody.", "2022-10-04"),
        ("Title words here\nApr 7, 2025 18:00 65\nBody.", "2025-04-07"),
        ("Title words here\n05.03.2024\nBody.", "2024-03-05"),
        ("Title words here\nPosted on: March 5th, 2024 at 10:00\nBody.", "2024-03-05"),
        # published beats updated, whatever the order
        ("Title words here\nUpdated 4 March 2024\nPublished 3 March 2024\nBody.", "2024-03-03"),
        # a dateline without a year takes it from a full date nearby in time
        ("A caption, Ukraine November 28, 2025. Photo via REUTERS\n\nMOSCOW, Dec 3 (Reuters) - "
         "Talks. A meeting on December 2, 2025.", "2025-12-03"),
        ("KYIV, Jan 2 (Reuters) - Strikes since December 30, 2025 hit the city.\nMore.", "2026-01-02"),
        ("KYIV, 2 January 2024 (AFP) - Strikes.\nMore.", "2024-01-02"),
        # dateline with no full date to borrow a year from: unknown
        ("KYIV, Jan 2 (Reuters) - Strikes hit the city.\nMore.", None),
        ("KYIV, Jan 2 (Reuters) - Strikes. In May 3, 2021 too.\nMore.", None),
        # dates only in captions or running text are not publication dates
        ("Putin in Moscow, Russia, 02 December 2025. /VCG\nTalks on December 2 ended.\nMore.", None),
        ("The offensive began on 24 February 2022.\nMore.", None),
        ("Title words here\nUpdated 31 February 2024\nBody.", None),
    ],
)
def test_articles_infer_date(text: str, date: str | None) -> None:
    assert parse_text(text, article_id="d").date == date


@pytest.mark.parametrize(
    ("text", "fmt", "title"),
    [
        ("Russia says it captured a village\n\nMOSCOW (AP) - Body text.", "txt", "Russia says it captured a village"),
        ("Putin Reaffirms Push to Seize Donbas as Talks Loom\nBody sentence one. Two.", "txt",
         "Putin Reaffirms Push to Seize Donbas as Talks Loom"),
        ("Is the front collapsing near Pokrovsk?\nBody.", "txt", "Is the front collapsing near Pokrovsk?"),
        ("# Drones hit Kharkiv overnight\n\nBody text here.", "md", "Drones hit Kharkiv overnight"),
        ("Intro line\n\n# Drones hit Kharkiv overnight\n\nBody.", "md", "Drones hit Kharkiv overnight"),
        # a headline repeated further down wins over site furniture above it
        ("Latest news in Example\n\nKids killed near a playground in Kryvyi Rih\n\nApr 7, 2025\n\n"
         "Kids killed near a playground in Kryvyi Rih - 1\n\nBody.", "txt",
         "Kids killed near a playground in Kryvyi Rih"),
        # not titles: a sentence, a caption with credit, a date, a byline, a dateline, the only line
        ("Russia has stated that no agreement was found on territory after talks.\nBody.", "txt", None),
        ("A destroyed car lies near buildings, Ukraine November 28, 2025. Photo Service/Handout via REUTERS\n"
         "Body.", "txt", None),
        ("Tuesday, October 4, 2022\nBody text.", "txt", None),
        ("By Andrew Osborn\nBody text.", "txt", None),
        ("MOSCOW, Dec 3 (Reuters) - Talks ended\nBody.", "txt", None),
        ("Russia captured a village today", "txt", None),
        ("x" * 250 + "\nBody.", "txt", None),
    ],
)
def test_articles_infer_title(text: str, fmt: str, title: str | None) -> None:
    assert parse_text(text, article_id="t", fmt=fmt).title == title


def test_articles_parse_text_url_never_inferred() -> None:
    assert parse_text("See https://example.org/story\nBody.", article_id="u").url is None


def test_articles_parse_text_bad_format() -> None:
    with pytest.raises(ConfigError, match="pdf"):
        parse_text("Body.", article_id="x", fmt="pdf")


def test_articles_parse_text_empty() -> None:
    with pytest.raises(InputError, match="src.txt"):
        parse_text(" \n ", article_id="x", source_path="src.txt")


@given(st.text(alphabet=st.characters(blacklist_characters="\r\ufeff", blacklist_categories=("Cs",))))
def test_articles_parse_text_keeps_text(text: str) -> None:
    if not text.strip() or text.startswith("---"):
        return
    article = parse_text(text, article_id="h")
    assert article.text == text
    assert article.date is None or len(article.date) == 10


def test_articles_html_without_head_end_tag() -> None:
    page = "<html><head><title>Page title words</title><body><p>Visible body.</p></body></html>"
    article = parse_text(page, article_id="h", fmt="html")
    assert article.text == "Visible body."
    assert article.title == "Page title words"


STORY_PAGE = """<html><head><title>Russia claims Huliaipole</title></head><body>
<nav><ul><li><a href="/world">World news</a></li><li>Russia-Ukraine war</li></ul></nav>
<header><h1>Russia claims capture of Huliaipole</h1></header>
<div class="share-tools">Share on Facebook</div>
<article>
<p>Russia's Defense Ministry claimed Thursday that its forces had captured Huliaipole.</p>
<figure><figcaption>Smoke rises after a strike in Zaporizhzhia, Ukraine.</figcaption></figure>
<div class="related-stories"><div><a href="/a">Drone attack on Odesa kills 2</a></div><p>Explosions in Moscow</p></div>
<p>Ukraine's Southern Defense Forces said fighting continues in the town.</p>
<div class="article-body">Officials gave no figures.</div>
</article>
<aside><h2>Most read</h2><a href="/b">Kharkiv hit again</a></aside>
<footer>Contact us in New York.</footer>
</body></html>"""


def test_articles_html_keeps_the_story_not_the_page_chrome() -> None:
    text = parse_text(STORY_PAGE, article_id="h", fmt="html").text
    assert text.split("\n\n") == [
        "Russia claims capture of Huliaipole",
        "Russia's Defense Ministry claimed Thursday that its forces had captured Huliaipole.",
        "Smoke rises after a strike in Zaporizhzhia, Ukraine.",
        "Ukraine's Southern Defense Forces said fighting continues in the town.",
        "Officials gave no figures.",
    ]


def test_articles_html_story_container_only_when_it_holds_the_story() -> None:
    # A teaser <article> beside the real text is not taken for the story.
    page = ("<html><body><p>" + "Fighting continued near Pokrovsk on Monday. " * 20 + "</p>"
            "<article><p>Teaser: Odesa hit</p></article></body></html>")
    text = parse_text(page, article_id="h", fmt="html").text
    assert "Fighting continued near Pokrovsk" in text and "Teaser: Odesa hit" in text


def test_big_json_lines_stream_one_line_at_a_time(tmp_path, monkeypatch):
    """A JSON-lines corpus over the size limit is read line by line; only a line over the
    limit is refused, and the articles before and after it are kept."""
    monkeypatch.setattr(ingest.decode, "MAX_BYTES", 400)
    rows = [{"id": f"a{i}", "text": f"Shelling hit Kharkiv on day {i}."} for i in range(30)]
    lines = [json.dumps(r) for r in rows]
    lines.insert(10, json.dumps({"id": "huge", "text": "x" * 1000}))
    path = _write(tmp_path / "corpus.jsonl", "\ufeff" + "\n".join(lines) + "\n")
    assert path.stat().st_size > 400
    got, errs = _collect([path])
    assert [a.id for a in got] == [r["id"] for r in rows]
    assert got[0].text == rows[0]["text"]
    assert len(errs) == 1 and ":11:" in str(errs[0]) and "limit" in str(errs[0])


def test_articles_html_story_in_a_block_named_like_chrome_is_kept() -> None:
    # A site wrapping its whole story in a block whose class looks like chrome ("promo").
    story = "Russian forces shelled Kherson overnight, the regional governor said. " * 15
    page = f'<html><body><nav>Menu</nav><div class="promo-wrapper"><p>{story}</p></div></body></html>'
    text = parse_text(page, article_id="h", fmt="html").text
    assert "shelled Kherson overnight" in text and "Menu" not in text


def test_articles_html_short_story_keeps_its_related_block_out() -> None:
    story = "Russian forces shelled Kherson overnight, the governor said. Two people were hurt."
    related = "".join(f'<li><a href="/{i}">Drone attack on Odesa kills {i} people in the night</a></li>' for i in range(12))
    page = f'<html><body><p>{story}</p><div class="related-stories"><ul>{related}</ul></div></body></html>'
    text = parse_text(page, article_id="h", fmt="html").text
    assert text == story


def test_small_json_lines_decoded_line_by_line(tmp_path: Path) -> None:
    """Each line of a JSON-lines file in its own encoding, whatever the file's size: one cp1251
    line neither turns the UTF-8 lines into mojibake nor is itself read as UTF-8."""
    utf8 = json.dumps({"id": "u", "text": "Обстріл Харкова тривав усю ніч."}, ensure_ascii=False).encode("utf-8")
    cp1251 = json.dumps({"id": "c", "text": "Обстрел Харькова продолжался всю ночь."},
                        ensure_ascii=False).encode("cp1251")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(utf8 + b"\n" + cp1251 + b"\n" + utf8.replace(b'"u"', b'"v"') + b"\n")
    got, errs = _collect([path])
    assert not errs
    assert {a.id: a.text for a in got} == {"u": "Обстріл Харкова тривав усю ніч.",
                                           "c": "Обстрел Харькова продолжался всю ночь.",
                                           "v": "Обстріл Харкова тривав усю ніч."}


def test_a_nul_byte_rejects_its_line_not_the_file(tmp_path: Path) -> None:
    rows = [json.dumps({"id": f"a{i}", "text": f"Shelling hit Kharkiv on day {i}."}).encode() for i in range(4)]
    rows[2] = rows[2].replace(b"Shelling", b"Shel\x00ling")
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join(rows) + b"\n")
    got, errs = _collect([path])
    assert [a.id for a in got] == ["a0", "a1", "a3"]
    assert len(errs) == 1 and f"{path}:3:" in str(errs[0]) and "NUL" in str(errs[0])


def test_json_lines_that_are_binary_give_one_message(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(bytes(range(256)) * 64)
    got, errs = _collect([path])
    assert not got and len(errs) == 1 and "binary" in str(errs[0])


@pytest.mark.parametrize("content, problem", [(b"", "empty"), (b"  \n\n ", "whitespace")])
def test_json_lines_empty_file_reported(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "none.jsonl"
    path.write_bytes(content)
    got, errs = _collect([path])
    assert not got and len(errs) == 1 and problem in str(errs[0])


def test_json_file_holding_one_document_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('{\n  "id": "a",\n  "text": "Shelling hit Kharkiv."\n}\n', encoding="utf-8")
    got, errs = _collect([path])
    assert not got and len(errs) == 1 and "one JSON document" in str(errs[0])
