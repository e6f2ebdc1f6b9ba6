"""Sorting in bounded memory, so that a build streams its articles instead of holding them.

A build must write its features in one canonical order, and group them by place, over
corpora far bigger than memory.  :class:`ExternalSort` keeps a buffer of records; when the
buffer grows past a byte budget it is sorted and written to an anonymous temporary file
(a "run"), and iteration merges the runs.  The merge is stable, so the result is exactly
``sorted(records, key=...)`` of the records in the order they were added.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..errors import OutputError

__all__ = ["ExternalSort"]

#: Buffered bytes (as counted by the caller's ``size``) before a run is written.
DEFAULT_BUDGET = 20 * 1024 * 1024


class ExternalSort:
    """A stable sort of marshal-able records that spills to temporary files.

    Parameters
    ----------
    key : callable
        The sort key of a record.
    budget : int, optional
        Approximate bytes of records kept in memory before a run is written
        (default :data:`DEFAULT_BUDGET`).
    folder : str, optional
        Where the temporary runs go (the system's temporary folder by default).

    Examples
    --------
    >>> with ExternalSort(key=lambda r: r[0], budget=1) as s:
    ...     for r in [(2, "b"), (1, "a"), (2, "c")]:
    ...         s.add(r, 1)
    ...     list(s)
    [(1, 'a'), (2, 'b'), (2, 'c')]
    """

    def __init__(self, key: Callable[[Any], Any], *, budget: int | None = None, folder: str | None = None) -> None:
        self._key = key
        self._budget = DEFAULT_BUDGET if budget is None else budget
        self._folder = folder
        self._buf: list[Any] = []
        self._size = 0
        self._runs: list[IO[bytes]] = []
        self.count = 0

    def add(self, record: Any, size: int) -> None:
        """Add one record; ``size`` is its approximate size in bytes."""
        self._buf.append(record)
        self.count += 1
        self._size += size
        if self._size >= self._budget:
            self._spill()

    @property
    def runs(self) -> int:
        """How many runs went to disk (0: everything stayed in memory)."""
        return len(self._runs)

    def _spill(self) -> None:
        self._buf.sort(key=self._key)
        f = None
        try:
            f = tempfile.TemporaryFile(dir=self._folder)
            dump = marshal.dump
            for record in self._buf:
                dump(record, f)
            f.flush()
            f.seek(0)
        except OSError as err:  # a full or unwritable temporary folder: say which one
            if f is not None:
                f.close()
            folder = self._folder or tempfile.gettempdir()
            raise OutputError(f"cannot write temporary files to {folder}: {err.strerror or err} "
                              "(set TMPDIR to a folder with room)") from err
        self._runs.append(f)
        self._buf = []
        self._size = 0

    def __iter__(self) -> Iterator[Any]:
        """The records in order; each iteration starts from the beginning (one at a time)."""
        self._buf.sort(key=self._key)
        for f in self._runs:
            f.seek(0)
        if not self._runs:
            return iter(self._buf)
        # Earlier runs hold earlier records: heapq.merge keeps ties in that order.
        return heapq.merge(*(_read(f) for f in self._runs), iter(self._buf), key=self._key)

    def close(self) -> None:
        for f in self._runs:
            f.close()
        self._runs = []
        self._buf = []

    def __enter__(self) -> ExternalSort:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read(f: IO[bytes]) -> Iterator[Any]:
    load = marshal.load
    while True:
        try:
            yield load(f)
        except EOFError:
            return
