"""Golden snapshot of the ingest stage: every article of ``tests/ingest_corpus`` (HTML, Markdown
with front matter, text with datelines and stamps, legacy encodings, UTF-16, JSON lines, a
sidecar) read into its fields, compared with ``tests/ingest_corpus.golden.json`` as it is.

The snapshot changes only on purpose: ``GEO_UPDATE_GOLDEN=1 python -m pytest tests/test_ingest_golden.py``
rewrites it, and the change is reviewed in the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.errors import InputError
from geo.ingest import read_articles

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "ingest_corpus"
GOLDEN = HERE / "ingest_corpus.golden.json"


def _snapshot() -> str:
    errors: list[InputError] = []
    rows = []
    for article in read_articles([CORPUS], on_error=errors.append):
        rows.append({
            "id": article.id,
            "source": os.path.relpath(article.source_path, CORPUS),
            "title": article.title,
            "publisher": article.publisher,
            "date": article.date,
            "url": article.url,
            "text": article.text,
        })
    return json.dumps({"articles": rows, "errors": [str(e) for e in errors]}, ensure_ascii=False, indent=1) + "\n"


def test_ingest_golden_snapshot() -> None:
    got = _snapshot()
    if os.environ.get("GEO_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")


def test_ingest_golden_corpus_reads_every_kind() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    sources = {row["source"].split(":")[0] for row in data["articles"]}
    assert {"page.html", "front.md", "records.jsonl", "utf16.txt", "legacy1251.html"} <= sources
    assert data["errors"] == []
