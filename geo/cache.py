"""Per-article result cache for fast scripted rebuilds.

A rebuild of a grown folder reprocesses only new or changed articles.  The key of
an article is a digest of everything its features depend on: its id, text and
metadata, the gazetteer's version (a digest of the data files) and the tagger's
version (a digest of the pipeline's source files).  A hit returns exactly the
features a cold run would compute, so a warm build writes the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .model import Article

__all__ = ["ArticleCache", "article_key", "tagger_version"]

# The modules whose code decides an article's features.
_STAGES = ("articles", "classify", "gazetteer", "geocode", "geojson", "lexicon", "mentions", "model", "pipeline",
           "resolve", "text", "translit")


@lru_cache(maxsize=1)
def tagger_version() -> str:
    """Digest of the stage modules' source: any code change invalidates cached results."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _STAGES:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article, gazetteer_version: str) -> str:
    """The cache key of one article's features."""
    payload = json.dumps([article.id, article.text, article.url, article.publisher, article.date, article.title,
                          gazetteer_version, tagger_version()], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ArticleCache:
    """Feature records (:data:`geo.pipeline.Record`) per article key, one small
    :mod:`marshal` file each under ``folder`` (read back without any parsing)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.bin"

    def get(self, key: str) -> list | None:
        try:
            records = marshal.loads(self._path(key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            records = None
        if not isinstance(records, list):
            self.misses += 1
            return None
        self.hits += 1
        return records

    def put(self, key: str, records: list) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                marshal.dump(records, f)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs speed
