"""Tests for geo.ingest beyond the article tests: the outlet table as package data, publishers
from the article's own address, and the packaging of every subpackage and data file."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path

import pytest

from geo.ingest import OUTLETS, parse_text, read_articles
from geo.ingest.outlets import canonical_outlet, outlet_for_url

ROOT = Path(__file__).resolve().parent.parent


def test_outlet_table_is_read_from_its_data_file() -> None:
    rows = [line.split("\t") for line in (ROOT / "geo" / "ingest" / "outlets.tsv").read_text(encoding="utf-8")
            .splitlines() if line.strip() and not line.startswith("#")][1:]
    assert [row[0] for row in rows] == list(OUTLETS)
    assert OUTLETS["Associated Press"] == ("AP", "Associated Press", "The Associated Press", "AP News")
    assert canonical_outlet("the associated press") == "Associated Press"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.reuters.com/world/europe/some-story-2024-05-02/", "Reuters"),
        ("https://news.sky.com/story/x", "Sky News"),
        ("https://edition.cnn.com/2024/05/02/europe/x", "CNN"),
        ("https://sky.com/", None),  # a site of the table is news.sky.com, not its parent
        ("https://notreuters.com/x", None),  # a name ending like a site is not that site
        ("https://example.org/reuters.com", None),  # only the host counts
        ("not a url", None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_outlet_for_url(url: str, expected: str | None) -> None:
    assert outlet_for_url(url) == expected


def test_publisher_from_the_record_address_only_when_nothing_states_it(tmp_path: Path) -> None:
    body = "Shelling hit Kupiansk overnight, officials said.\nTwo people were hurt."
    rows = [
        {"id": "a", "text": body, "url": "https://www.theguardian.com/world/x"},
        {"id": "b", "text": body, "url": "https://www.theguardian.com/world/x", "publisher": "Meduza"},
        {"id": "c", "text": "By Jane Doe, CNN\n" + body, "url": "https://www.theguardian.com/world/x"},
        {"id": "d", "text": body, "url": "https://example.org/x"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [a.publisher for a in read_articles([path])] == ["The Guardian", "Meduza", "CNN", None]


def test_publisher_from_a_page_canonical_address() -> None:
    page = ('<html><head><link rel="canonical" href="https://kyivindependent.com/x"></head>'
            "<body><p>Shelling hit Kupiansk overnight.</p><p>Two people were hurt.</p></body></html>")
    article = parse_text(page, article_id="p", fmt="html")
    assert (article.publisher, article.url) == ("The Kyiv Independent", "https://kyivindependent.com/x")


def test_every_data_file_of_every_package_is_package_data() -> None:
    # A wheel holds the packages setuptools finds and the data files package-data names.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["packages"]["find"]["include"] == ["geo*"]
    patterns = config["package-data"]
    packages = sorted(p.parent for p in (ROOT / "geo").rglob("__init__.py") if "__pycache__" not in p.parts)
    assert ROOT / "geo" / "ingest" in packages and ROOT / "geo" / "tag" in packages
    for package in packages:
        name = ".".join(package.relative_to(ROOT).parts)
        inner = [p for p in packages if p != package and package in p.parents]
        for path in package.rglob("*"):
            if (not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts
                    or any(q in path.parents for q in inner)):
                continue
            rel = path.relative_to(package).as_posix()
            assert any(fnmatch.fnmatch(rel, pat) for pat in patterns.get(name, [])), f"{name}: {rel} not packaged"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Российские войска заявили о взятии города, Киев это отрицает.\nВторая строка.", "koi8_r"),
        ("Российские войска заявили о взятии города, Киев это отрицает.\nВторая строка.", "cp1251"),
        ("Українські сили утримують позиції біля міста.\nДругий рядок.", "cp1251"),
        ("Les troupes ukrainiennes ont repoussé l’assaut près de Kherson.\nFin.", "cp1252"),
        ("Café owners said the shelling had eased.\nSecond line.", "cp1252"),
    ],
    ids=["koi8r", "cp1251-ru", "cp1251-uk", "cp1252-fr", "cp1252-one-accent"],
)
def test_legacy_code_pages_are_detected(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert next(read_articles([path])).text == text


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("title: 'Kyiv''s air defence holds'\ndate: 2024-05-14", ("Kyiv's air defence holds", "2024-05-14", None)),
        ('title: "Strikes on \\"Odesa\\" port"  # as filed\nsource: Meduza', ('Strikes on "Odesa" port', None, "Meduza")),
        ("title: Ukraine war: day 1000\nPublished: 2025-11-19T08:00:00Z", ("Ukraine war: day 1000", "2025-11-19", None)),
        ("headline: 1984\ntags: [war, kharkiv]\npublisher:\n  - Reuters", ("1984", None, None)),
        ("title: Given\nheadline: Other\npubdate: not a date", ("Given", None, None)),
    ],
    ids=["yaml-quotes-and-date", "yaml-escapes-and-comment", "unquoted-colon", "numbers-and-lists", "first-wins"],
)
def test_front_matter_fields(block: str, expected: tuple) -> None:
    article = parse_text(f"---\n{block}\n---\nShelling hit Kupiansk overnight.\nMore.\n", article_id="m", fmt="md")
    assert (article.title, article.date, article.publisher) == expected
    assert article.text == "Shelling hit Kupiansk overnight.\nMore.\n"


def test_front_matter_that_is_not_a_mapping_stays_text() -> None:
    text = "---\n- a list\n- of items\n---\nBody line one.\nBody line two.\n"
    assert parse_text(text, article_id="m", fmt="md").text == text


def test_front_matter_aliases_are_not_expanded() -> None:
    # A block of YAML aliases that would grow to billions of items if expanded: read quickly, no field.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    text = "---\n" + "\n".join(levels) + "\ntitle: *a8\n---\nShelling hit Kupiansk overnight.\nMore.\n"
    article = parse_text(text, article_id="m", fmt="md")
    assert article.title is None and article.text == "Shelling hit Kupiansk overnight.\nMore.\n"


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("2025-02-11T09:30:00+03:00", "2025-02-11"),
        ("20250211", "2025-02-11"),  # ISO 8601 basic form
        ("2025-W07-2", "2025-02-11"),  # ISO week date
        ("2025", None),  # a year is not a day
        ("2025-02", None),
        ("2025-W07", None),
        ("Tue, 11 Feb 2025 09:30:00 GMT", "2025-02-11"),
        ("3rd of March 2024", "2024-03-03"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("Feb 30, 2024", None),
        ("11/02/2025", None),  # day and month in an order nothing states
        ("1899-12-31", None),
    ],
)
def test_stated_dates(tmp_path: Path, stated: str, expected: str | None) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Shelling hit Kupiansk.\nMore.", "date": stated}) + "\n",
                    encoding="utf-8")
    assert next(read_articles([path])).date == expected


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [("Feb 29", "2024-02-29"), ("29 Feb", "2024-02-29"), ("Feb 30", None), ("32 Jan", None)],
)
def test_dateline_day_takes_its_year_from_a_nearby_date(dateline: str, expected: str | None) -> None:
    text = f"KYIV, {dateline} (Reuters) - Shelling hit Kupiansk.\nThe strike came on March 1, 2024, officials said."
    assert parse_text(text, article_id="d").date == expected
