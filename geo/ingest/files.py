"""Files and folders -> articles: walking inputs, one file's articles, metadata sidecars."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterable, Iterator

from geo.errors import InputError
from geo.ingest.decode import load_text, scrub
from geo.ingest.jsonl import is_utf16, json_problem, json_type, read_json_lines, stream_json_lines
from geo.ingest.meta import META_FIELDS, clean_field
from geo.ingest.parse import parse_text
from geo.ingest.unread import Unread, emit, file_stem
from geo.model import Article

__all__ = ["Unread", "read_articles", "read_inputs"]

#: Extension -> format for files read as one article each, or as JSON lines.
_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_SIDECAR_SUFFIX = ".meta.json"


def read_articles(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[InputError], None] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Article]:
    """Yield the articles in files and folders, in a deterministic order.

    Parameters
    ----------
    inputs
        Paths of files (``.txt``, ``.md``, ``.markdown``, ``.html``, ``.htm``,
        ``.jsonl``, ``.ndjson``, and ``.json`` holding JSON lines) and folders.
        Folders are walked recursively in order of their sorted relative paths,
        skipping hidden entries, ``*.meta.json`` sidecars and files of other
        extensions.  A single path (not in a list) is accepted too.
    on_error
        Called with an :class:`~geo.errors.InputError` for each input that
        cannot be read (missing, unreadable, empty, binary, too large, bad JSON
        line, duplicate id, symlink loop, ...); reading continues with the
        next input.  When ``None`` the error is raised instead.
    exclude
        Folders a folder walk does not enter (a build's output folder inside its
        input folder: its ``claims.html`` is not an article).

    Yields
    ------
    Article
        One per text/Markdown/HTML file (id = file stem) or JSON line
        (id = the record's ``id``, as a string).

    Raises
    ------
    InputError
        Only when ``on_error`` is ``None``; the message names the file (and
        ``:line`` for JSON lines) and the problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a1.txt").write_text("KYIV, May 2 (Reuters) - Shelling, May 1, 2024.")
    >>> [(a.id, a.publisher, a.date) for a in read_articles([d])]
    [('a1', 'Reuters', '2024-05-02')]
    """
    for unread in read_inputs(inputs, on_error=on_error, exclude=exclude):
        try:
            yield unread.parse()
        except InputError as err:
            emit(err, on_error)


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[InputError], None] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Unread]:
    """What :func:`read_articles` reads, as :class:`Unread` articles (same order, same
    error reports, including duplicate ids), leaving metadata inference to the caller."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # type: ignore[list-item]
    seen: dict[str, str] = {}
    skip = frozenset(os.path.realpath(os.fsdecode(os.fspath(p))) for p in exclude)
    for item in inputs:
        for path, explicit in _expand_input(os.fsdecode(os.fspath(item)), on_error, skip):
            for unread in _read_file(path, explicit, on_error):
                first = seen.get(unread.id)
                if first is not None:
                    emit(
                        InputError(
                            f"{unread.source_path}: duplicate article id {unread.id!r}"
                            f" (already read from {first})"
                        ),
                        on_error,
                    )
                    continue
                seen[unread.id] = unread.source_path
                yield unread


def _expand_input(
    path: str, on_error: Callable[[InputError], None] | None, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, bool]]:
    """Yield ``(file path, explicitly named)`` for one command-line input."""
    if not os.path.lexists(path):
        emit(InputError(f"{path}: no such file or directory"), on_error)
        return
    if not os.path.exists(path):
        emit(InputError(f"{path}: {_link_problem(path)}"), on_error)
        return
    if os.path.isdir(path):
        yield from ((p, False) for p in _walk(path, on_error, skip))
    else:
        yield path, True


def _walk(root: str, on_error: Callable[[InputError], None] | None, skip: frozenset[str] = frozenset()) -> list[str]:
    """Return the article files under ``root``, sorted by relative path.

    Symbolic links to folders are followed unless they lead back into a folder
    being walked (a loop, reported) or to one already walked (skipped).
    """
    found: list[tuple[tuple[str, ...], str]] = []
    visited: set[str] = set()

    def visit(folder: str, rel: tuple[str, ...], ancestors: frozenset[str]) -> None:
        real = os.path.realpath(folder)
        if real in skip and rel:
            return  # a build's output folder: not read back as input
        if real in ancestors:
            emit(InputError(f"{folder}: symbolic link loop (leads back to {real})"), on_error)
            return
        if real in visited:
            return
        visited.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            emit(InputError(f"{folder}: cannot list folder: {exc.strerror or exc}"), on_error)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                visit(entry.path, (*rel, entry.name), ancestors | {real})
                continue
            if not _is_article_name(entry.name):
                continue
            if entry.is_symlink() and not os.path.exists(entry.path):
                emit(InputError(f"{entry.path}: {_link_problem(entry.path)}"), on_error)
                continue
            found.append(((*rel, entry.name), entry.path))

    visit(root, (), frozenset())
    found.sort()
    return [path for _, path in found]


def _link_problem(path: str) -> str:
    """Why a symbolic link cannot be followed: a loop, or a missing target."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            return f"cannot read: {exc.strerror or exc}"
    return "broken symbolic link"


def _is_article_name(name: str) -> bool:
    """True for a file name a folder walk reads."""
    lower = name.lower()
    if lower.endswith(_SIDECAR_SUFFIX):
        return False
    return os.path.splitext(lower)[1] in _FORMATS


def _read_file(
    path: str, explicit: bool, on_error: Callable[[InputError], None] | None
) -> Iterator[Unread]:
    """Yield the articles in one file, reporting its problems."""
    if path.lower().endswith(_SIDECAR_SUFFIX):
        emit(InputError(f"{path}: is a metadata sidecar ({_SIDECAR_SUFFIX}), not an article"), on_error)
        return
    fmt = _FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        supported = ", ".join(sorted(_FORMATS))
        emit(InputError(f"{path}: unsupported file type (expected one of: {supported})"), on_error)
        return
    if fmt in ("jsonl", "json") and not is_utf16(path):
        yield from stream_json_lines(path, strict_json=fmt == "json", on_error=on_error)
        return
    try:
        text = load_text(path, declared_html=fmt == "html")
    except InputError as err:
        emit(err, on_error)
        return
    if fmt in ("jsonl", "json"):
        yield from read_json_lines(path, text, strict_json=fmt == "json", on_error=on_error)
        return
    stem = file_stem(path)
    overrides: dict[str, str | None] = {}
    sidecar = _sidecar_path(path)
    if sidecar is not None:
        try:
            overrides = _read_sidecar(sidecar)
        except InputError as err:
            emit(err, on_error)

    def parse() -> Article:
        article = parse_text(text, article_id=stem, source_path=path, fmt=fmt)
        if not overrides:
            return article
        fields = {k: getattr(article, k) for k in META_FIELDS}
        fields.update(overrides)
        return Article(id=article.id, text=article.text, source_path=path, **fields)

    stated = tuple(x for k in META_FIELDS if k in overrides for x in (k, overrides[k]))
    yield Unread(stem, path, (fmt, text, *stated), parse)


def _sidecar_path(path: str) -> str | None:
    """The ``NAME.meta.json`` next to ``NAME.ext``, if it exists."""
    candidate = os.path.join(os.path.dirname(path), file_stem(path) + _SIDECAR_SUFFIX)
    return candidate if os.path.isfile(candidate) else None


def _read_sidecar(path: str) -> dict[str, str | None]:
    """Metadata overrides from a sidecar: only keys present in the object."""
    text = load_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} (line {exc.lineno})") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: invalid JSON: {json_problem(exc)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object, got {json_type(data)}")
    out: dict[str, str | None] = {}
    for key in META_FIELDS:
        if key in data:
            value = data[key]
            if value is not None and not isinstance(value, str):
                raise InputError(f"{path}: {key!r} must be a string or null, got {json_type(value)}")
            out[key] = clean_field(key, scrub(value) if value is not None else None)
    return out
