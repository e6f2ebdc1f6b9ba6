"""Per-article result cache for fast scripted rebuilds.

A rebuild of a grown folder reprocesses only new or changed articles.  The key of
an article is a digest of everything its features depend on: its id, its text and
the metadata its input states (see :class:`geo.articles.Unread`), the gazetteer's
version (a digest of the data files) and the tagger's version (a digest of the
pipeline's source files).  A hit returns exactly the features a cold run would
compute, so a warm build writes the same bytes.  A build also keeps each place's
output here, under a digest of that place's claims (see :mod:`geo.pipeline`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .articles import Unread

__all__ = ["ArticleCache", "article_key", "code_version", "tagger_version"]

# The modules whose code decides an article's features.
_STAGES = ("articles", "classify", "gazetteer", "geocode", "geojson", "lexicon", "mentions", "model", "pipeline",
           "resolve", "text", "translit")


@lru_cache(maxsize=None)
def code_version(*modules: str) -> str:
    """Digest of the source of some of geo's modules (by name, e.g. ``"webmap"``)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in modules:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def tagger_version() -> str:
    """Digest of the stage modules' source: any code change invalidates cached results."""
    return code_version(*_STAGES)


def article_key(unread: Unread, gazetteer_version: str) -> str:
    """The cache key of one article's features: a digest of the article as read (so a hit
    skips metadata inference too) and of the gazetteer's and tagger's versions."""
    h = hashlib.sha256()
    for part in (unread.id, *unread.key, gazetteer_version, tagger_version()):
        # Each part length-prefixed; None as a byte no UTF-8 text can be.
        data = b"\xff" if part is None else part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class ArticleCache:
    """Lists of plain values per key, one small :mod:`marshal` file each under ``folder``
    (read back without any parsing): feature records (:data:`geo.pipeline.Record`) per
    article key, and a build's output per place."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._root = os.fspath(self.folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key + ".bin")

    def get(self, key: str) -> list | None:
        try:
            with open(self._path(key), "rb") as f:
                records = marshal.loads(f.read())
        except (OSError, ValueError, EOFError, TypeError):
            records = None
        if not isinstance(records, list):
            self.misses += 1
            return None
        self.hits += 1
        return records

    def put(self, key: str, records: list) -> None:
        path = self._path(key)
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                marshal.dump(records, f)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs speed
