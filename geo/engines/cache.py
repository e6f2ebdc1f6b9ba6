"""Per-article result cache for fast scripted rebuilds.

A rebuild of a grown folder reprocesses only new or changed articles.  The key of
an article is a digest of everything its features depend on: its id, its text and
the metadata its input states (see :class:`geo.ingest.Unread`), the gazetteer's
version (a digest of the data files) and the tagger's version (a digest of the
pipeline's source files).  A hit returns exactly the features a cold run would
compute, so a warm build writes the same bytes.  A build also keeps each place's
output here, under a digest of that place's claims (see :mod:`geo.output.collector`).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ingest import Unread

__all__ = ["ArticleCache", "article_key", "code_version", "seal", "tagger_version", "unseal"]

# The modules whose code decides an article's features.
_STAGES = ("ingest", "tag", "gazetteer", "output/geojson", "spot", "model", "analysis",
           "resolve", "text")


@lru_cache(maxsize=None)
def code_version(*modules: str) -> str:
    """Digest of the source of some of geo's modules (by path under ``geo/``, e.g. ``"output/webmap"``)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent.parent
    for name in modules:
        folder = here / name
        if folder.is_dir():  # a package: its modules, rule and data files
            for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".toml", ".tsv")):
                h.update(path.relative_to(here).as_posix().encode())
                h.update(path.read_bytes())
        else:
            h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def tagger_version() -> str:
    """Digest of the stage modules' source and rule files: any change invalidates cached results."""
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


_LOG = logging.getLogger("geo")
_SAID: set[str] = set()


def _say_once(what: str, message: str) -> None:
    """Tell the user about the cache once per process (a warning on stderr, not an error:
    a cache that cannot be used only costs speed)."""
    if what not in _SAID:
        _SAID.add(what)
        _LOG.warning("geo: %s", message)


def _is_busy(err: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (not a damaged file)."""
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _cannot_write(err: BaseException) -> bool:
    text = str(err).lower()
    return isinstance(err, OSError) or any(w in text for w in ("readonly", "read-only", "unable to open",
                                                                 "disk i/o", "full", "permission"))


def seal(payload: bytes) -> bytes:
    """A cached item as stored: a digest of its bytes, then the bytes (see :func:`unseal`)."""
    return _MAGIC + hashlib.blake2b(payload, digest_size=16).digest() + payload


def unseal(blob: bytes) -> bytes | None:
    """The bytes of a cached item stored by :func:`seal`, or ``None`` when they are not
    what was stored (truncated, overwritten, another file): a miss, to rebuild."""
    if not isinstance(blob, bytes) or not blob.startswith(_MAGIC):
        return None
    head = len(_MAGIC) + 16
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=16).digest() != blob[len(_MAGIC):head]:
        return None
    return payload


_MAGIC = b"geo1"


class ArticleCache:
    """Lists of plain values per key, :mod:`marshal`-ed into one SQLite file: feature
    records (:data:`geo.output.collector.Record`) per article key, and a build's output per place.
    Each entry carries a digest of its bytes, checked before use: an entry that changed on
    disk (a bad sector, a stray write, a truncated copy) is a miss, recomputed and replaced.

    One file rather than one file per entry: creating thousands of small files costs
    more than computing them on many file systems.  Writes are committed in batches and
    on :meth:`close`; a build that dies loses only its uncommitted entries.  A cache that
    cannot be opened, read or written (a damaged file, a read-only folder) is treated as
    empty: it only costs speed, and the user is told once.  Concurrent builds share it
    through SQLite's locking; a file another build holds locked for longer than
    :attr:`_TIMEOUT` is busy, not damaged: this build goes on without it and leaves it be.
    """

    _BATCH = 1000  # entries per commit
    _TIMEOUT = 30.0  # seconds to wait for another build's lock

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._pending = 0

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        for attempt in range(2):
            db = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=self._TIMEOUT)
                db.execute("PRAGMA synchronous = OFF")  # a cache: losing the last entries on a crash is fine
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError as err:
                _close(db)
                if _is_busy(err):
                    _say_once(f"busy {self.path}", f"the cache {self.path} is in use by another build (locked for "
                                                   f"over {self._TIMEOUT:g} s); this build goes on without it")
                    break
                if _cannot_write(err):
                    self._unwritable(err)
                    break
                if attempt == 0:  # not a database (damaged): start a new one
                    try:
                        self.path.unlink()
                    except OSError as gone:
                        self._unwritable(gone)
                        break
            except (OSError, sqlite3.Error) as err:
                _close(db)
                self._unwritable(err)
                break
        return None

    def _unwritable(self, err: BaseException) -> None:
        why = getattr(err, "strerror", None) or err
        _say_once(f"write {self.path.parent}", f"the cache folder {self.path.parent} cannot be written ({why}); "
                                               "builds work without it, only slower (set GEO_CACHE_DIR to use "
                                               "another folder)")

    def get(self, key: str) -> list | None:
        return self.get_many([key])[0]

    _CHUNK = 500  # keys per query, under SQLite's oldest limit on bound parameters (999)

    def get_many(self, keys: Sequence[str]) -> list[list | None]:
        """The entries of ``keys``, in their order (``None`` for a miss); one query per
        few hundred keys rather than one per key."""
        found: dict[str, bytes] = {}
        db = self._connect()
        if db is not None:
            try:
                for i in range(0, len(keys), self._CHUNK):
                    part = list(dict.fromkeys(keys[i:i + self._CHUNK]))
                    found.update(db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(part))})",
                                            part).fetchall())
            except sqlite3.Error:
                found = {}
        out: list[list | None] = []
        for key in keys:
            records = None
            blob = found.get(key)
            payload = unseal(blob) if blob is not None else None
            if payload is not None:
                try:
                    records = marshal.loads(payload)
                except (ValueError, EOFError, TypeError):
                    records = None
            if isinstance(records, list):
                self.hits += 1
                out.append(records)
            else:
                self.misses += 1
                out.append(None)
        return out

    def put(self, key: str, records: list) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)",
                       (key, seal(marshal.dumps(records))))
            self._pending += 1
            if self._pending >= self._BATCH:
                db.commit()
                self._pending = 0
        except sqlite3.Error as err:  # a cache that cannot be written only costs speed
            if _is_busy(err):
                _say_once(f"busy {self.path}", f"the cache {self.path} is in use by another build; "
                                               "this build's results are not all kept in it")
            else:
                self._unwritable(err)

    def close(self) -> None:
        """Commit what was added and close the file."""
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error as err:
                if not _is_busy(err):
                    self._unwritable(err)
            _close(self._db)
            self._db = None
        self._opened = False
        self._pending = 0


def _close(db: sqlite3.Connection | None) -> None:
    if db is not None:
        try:
            db.close()
        except sqlite3.Error:
            pass
