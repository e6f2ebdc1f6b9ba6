"""An article as found in its input, before its metadata is inferred; error reporting."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from geo.errors import InputError
from geo.ingest.decode import scrub
from geo.model import Article


def emit(err: InputError, on_error: Callable[[InputError], None] | None) -> None:
    """Hand ``err`` to ``on_error``, or raise it when there is no callback."""
    if on_error is None:
        raise err
    on_error(err)


@dataclass(frozen=True, slots=True)
class Unread:
    """One article as found in its input, before its metadata is inferred.

    ``key`` holds everything the :class:`~geo.model.Article` depends on (format, text,
    stated metadata), so a result cache can skip :meth:`parse` for an article it has
    seen.  :meth:`parse` may raise :class:`~geo.errors.InputError` (no text left).
    """

    id: str
    source_path: str
    key: tuple[str | None, ...]
    _parse: Callable[[], Article]

    def parse(self) -> Article:
        """The article, with inferred metadata."""
        return self._parse()


def file_stem(path: str) -> str:
    """File name without its (last) extension (undecodable bytes become U+FFFD)."""
    return scrub(os.path.splitext(os.path.basename(path))[0])
