"""The index on disk: flat buffers and JSON behind a checked header, never code.

Layout of a cache file::

    magic (8 bytes)  header size (4 bytes, little-endian)  header (JSON)  padding to 8
    payload: the buffers, each 8-byte aligned, then the small values as JSON

The header holds the format version, the data version (:func:`~geo.gazetteer.paths.gazetteer_version`),
the payload's size and its SHA-256.  :func:`read_index` checks all four before it trusts a
byte, so a truncated, damaged or foreign file is refused and rebuilt, never used; nothing in it
is ever evaluated (no pickle), and the buffers are mapped, not copied.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .columns import Buffers

__all__ = ["DamagedIndex", "Index", "read_index", "write_cache", "write_index"]

MAGIC = b"GEOIDX\x00\x02"
FORMAT = 2
_TYPECODES = frozenset("BbHhIiqQd")


class DamagedIndex(ValueError):
    """A cache file that is not a whole, matching index: it is rebuilt."""


@dataclass
class Index:
    """A built index: flat buffers by name (see :mod:`~geo.gazetteer.columns`) and small
    values that JSON holds (dicts, lists, numbers, strings)."""

    buffers: Buffers = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def _digest(payload: bytes | memoryview) -> str:
    return hashlib.sha256(payload).hexdigest()


def _as_bytes(value: bytes | array | memoryview) -> tuple[str, bytes]:
    if isinstance(value, array):
        return value.typecode, value.tobytes()
    return "B", bytes(value)


def write_index(f: BinaryIO, index: Index, version: str) -> None:
    """Write ``index`` (made from inputs of data version ``version``) to ``f``."""
    parts: list[bytes] = []
    layout: dict[str, list] = {}
    offset = 0
    for name in sorted(index.buffers):
        typecode, data = _as_bytes(index.buffers[name])
        layout[name] = [typecode, offset, len(data)]
        pad = -len(data) % 8
        parts.append(data + b"\0" * pad)
        offset += len(data) + pad
    meta = json.dumps({"layout": layout, **index.meta}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    payload = b"".join(parts) + meta
    header = json.dumps({"data_version": version, "format": FORMAT, "meta_size": len(meta),
                         "payload_size": len(payload), "sha256": _digest(payload)}, sort_keys=True).encode()
    lead = len(MAGIC) + 4 + len(header)
    f.write(MAGIC + len(header).to_bytes(4, "little") + header + b"\0" * (-lead % 8))
    f.write(payload)


def _header(view: memoryview, version: str) -> tuple[dict, int]:
    """The checked header and where the payload starts."""
    if bytes(view[:len(MAGIC)]) != MAGIC:
        raise DamagedIndex("not a gazetteer index of this format")
    size = int.from_bytes(view[len(MAGIC):len(MAGIC) + 4], "little")
    lead = len(MAGIC) + 4 + size
    try:
        header = json.loads(bytes(view[len(MAGIC) + 4:lead]))
        ok = (header["format"] == FORMAT and header["data_version"] == version
              and lead + (-lead % 8) + int(header["payload_size"]) == len(view))
    except (ValueError, KeyError, TypeError) as err:
        raise DamagedIndex("unreadable index header") from err
    if not ok:
        raise DamagedIndex("index of another format or data version, or truncated")
    return header, lead + (-lead % 8)


def read_index(path: Path, version: str) -> Index:
    """The index in ``path``, checked against data version ``version`` and its digest, its
    buffers mapped from the file.  Raises :class:`DamagedIndex` (or ``OSError``) otherwise."""
    with path.open("rb") as f:
        if os.fstat(f.fileno()).st_size < len(MAGIC) + 4:
            raise DamagedIndex("truncated gazetteer index")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    header, base = _header(view, version)
    payload = view[base:]
    if _digest(payload) != header["sha256"]:
        raise DamagedIndex("gazetteer index damaged (digest mismatch)")
    meta_size = int(header["meta_size"])
    meta = json.loads(bytes(payload[len(payload) - meta_size:]))
    buffers: Buffers = {}
    for name, (typecode, start, size) in meta.pop("layout").items():
        if typecode not in _TYPECODES or start + size > len(payload) - meta_size or size % array(typecode).itemsize:
            raise DamagedIndex(f"bad buffer {name!r} in gazetteer index")
        buffers[name] = payload[start:start + size].cast(typecode)
    return Index(buffers, meta)


def write_cache(path: Path, index: Index, version: str) -> None:
    """Write the index file atomically; a cache that cannot be written is skipped, not fatal."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            write_index(f, index, version)
        os.replace(tmp, path)
        # Keep the three newest indexes (other checkouts may share the folder); drop older ones.
        olds = sorted(path.parent.glob("gazetteer-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in olds[3:]:
            stale.unlink()
    except OSError:
        pass
