"""The index's flat buffers: strings, code columns and hash tables as arrays of numbers.

Each structure is a few named buffers (``bytes`` or :class:`array.array` when built,
:class:`memoryview` when mapped from the cache file).  Reading them creates no Python
object per key or entry, so the 740,000-key index loads in milliseconds and a lookup
decodes only the entries a text asks about.
"""

from __future__ import annotations

import zlib
from array import array
from typing import Iterator, MutableMapping, Sequence, Union

__all__ = ["Buffers", "KeyTable", "Strings", "put_codes", "put_ids", "put_keys", "put_strings"]

#: Named flat buffers: ``bytes``/``array`` when built, ``memoryview`` when mapped.
Buffer = Union[bytes, array, memoryview]
Buffers = MutableMapping[str, Buffer]


def utf8(text: str) -> bytes:
    """``text`` as the index stores it."""
    return text.encode("utf-8", "surrogatepass")


def put_strings(buffers: Buffers, name: str, strings: Sequence[str]) -> None:
    """Strings as one UTF-8 buffer (``name.blob``) and the offsets of their ends (``name.ends``)."""
    parts = [utf8(t) for t in strings]
    ends = array("I", [0])
    total = 0
    for part in parts:
        total += len(part)
        ends.append(total)
    buffers[f"{name}.blob"] = b"".join(parts)
    buffers[f"{name}.ends"] = ends


class Strings:
    """A read-only sequence of strings kept as one UTF-8 buffer, decoded on access."""

    __slots__ = ("_blob", "_ends")

    def __init__(self, buffers: Buffers, name: str) -> None:
        self._blob, self._ends = buffers[f"{name}.blob"], buffers[f"{name}.ends"]

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> str:
        return str(self._blob[self._ends[i]:self._ends[i + 1]], "utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


def put_codes(buffers: Buffers, name: str, values: Sequence[str | None]) -> list[str | None]:
    """A column of few distinct values as one small index per row (``name``); returns the
    distinct values, which the index keeps with its other small values."""
    table: dict[str | None, int] = {}
    rows = [table.setdefault(v, len(table)) for v in values]
    buffers[name] = array("H" if len(table) <= 1 << 16 else "I", rows)
    return list(table)


def put_ids(buffers: Buffers, name: str, groups: Sequence[Sequence[int]]) -> None:
    """Tuples of numbers as one flat array (``name.ids``) and the offsets of their ends (``name.ends``)."""
    flat = array("i")
    ends = array("q", [0])
    for ids in groups:
        flat.extend(ids)
        ends.append(len(flat))
    buffers[f"{name}.ids"] = flat
    buffers[f"{name}.ends"] = ends


def compact(keys: dict[str, list[int]], multi: list[tuple[int, ...]]) -> dict[str, int]:
    """key -> entry index, or -(n + 1) for the n-th tuple of ``multi`` when several share it."""
    out: dict[str, int] = {}
    for k, ids in keys.items():
        if len(ids) == 1:
            out[k] = ids[0]
        else:
            multi.append(tuple(ids))
            out[k] = -len(multi)
    return out


def put_keys(buffers: Buffers, name: str, keys: dict[str, int]) -> None:
    """A ``str -> int`` map as flat buffers: the sorted keys (:func:`put_strings`), their
    values (``name.values``) and an open-addressing hash table of key numbers + 1 (0: empty)
    over CRC-32 of the key's UTF-8, at most half full (``name.table``); see :class:`KeyTable`."""
    ordered = sorted(keys)
    put_strings(buffers, name, ordered)
    blob, ends = buffers[f"{name}.blob"], buffers[f"{name}.ends"]
    size = 1 << max(4, (2 * len(ordered)).bit_length())
    mask = size - 1
    table = array("I", bytes(4 * size))
    for i in range(len(ordered)):
        slot = zlib.crc32(blob[ends[i]:ends[i + 1]]) & mask
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = i + 1
    buffers[f"{name}.values"] = array("i", (keys[k] for k in ordered))
    buffers[f"{name}.table"] = table


class KeyTable:
    """Read-only ``name key -> int`` map over :func:`put_keys` buffers."""

    __slots__ = ("_blob", "_ends", "_mask", "_memo", "_table", "_values")

    def __init__(self, buffers: Buffers, name: str) -> None:
        self._blob, self._ends = buffers[f"{name}.blob"], buffers[f"{name}.ends"]
        self._values, self._table = buffers[f"{name}.values"], buffers[f"{name}.table"]
        self._mask = len(self._table) - 1
        self._memo: dict[str, int | None] = {}  # recent answers: a text asks about the same words over and over

    def get(self, key: str) -> int | None:
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) >= 100_000:
            memo.clear()
        found = memo[key] = self._find(key)
        return found

    def _find(self, key: str) -> int | None:
        data = utf8(key)
        blob, ends, table, mask = self._blob, self._ends, self._table, self._mask
        slot = zlib.crc32(data) & mask
        while True:
            i = table[slot] - 1
            if i < 0:
                return None
            if blob[ends[i]:ends[i + 1]] == data:
                return self._values[i]
            slot = (slot + 1) & mask

    def __iter__(self) -> Iterator[str]:
        return iter(Strings({"k.blob": self._blob, "k.ends": self._ends}, "k"))
