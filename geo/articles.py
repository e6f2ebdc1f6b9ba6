"""Read news articles from files, folders and JSON lines.

Two public entry points:

* :func:`read_articles` walks the given files and folders and yields one
  :class:`~geo.model.Article` per article, reporting each broken input as an
  :class:`~geo.errors.InputError` (to a callback, or by raising it).
* :func:`parse_text` turns one text, Markdown or HTML body into an
  :class:`~geo.model.Article`, inferring ``title``, ``publisher`` and ``date``
  from the text when they are stated there.

Metadata is never guessed: a field whose value the input does not state in a
recognisable form is ``None``.  The rules are:

title
    Plain text / Markdown: among the first lines, a headline-like line
    (3 to 30 words, at most 200 characters, no sentence-final full stop,
    not a date, byline, dateline or photo caption) that the page repeats
    further down; else the *first* non-empty line if it is headline-like.
    Markdown ``# heading`` and front matter ``title:`` also count.
    HTML: ``og:title`` meta, else ``<title>`` (minus a ``| Site`` suffix naming
    the site), else the first ``<h1>``.
publisher
    Only from a place that states who published the article, never from an
    outlet merely quoted in the text ("Rubio told Fox News"): a dateline
    (``MOSCOW, Dec 3 (Reuters) -``), a byline (``By Jane Doe, CNN``), a
    ``Source: X`` / ``Publisher: X`` label (also with X on the next line) in
    the first lines, or a copyright line (``© 2025 Reuters``).  The name must be
    in the curated outlet table :data:`OUTLETS`; it is returned in its
    canonical spelling.  HTML: ``og:site_name`` first.
date
    ISO ``YYYY-MM-DD``.  In order of preference, within the first lines:
    an explicit stamp (``Published Nov 27, 2024``, ``Date: 2025-12-11``,
    ``Time`` followed by ``2025-12-03 15:29:57``), then an ``Updated ...``
    stamp, then a line that is nothing but a date (``Tuesday, October 4,
    2022``), then a dateline date (``MOSCOW, Dec 3 (Reuters)``) whose missing
    year is taken from a full date elsewhere in the text that lies within a
    month of it.  Dates inside running text or photo captions are never used
    on their own, so an article with only caption dates gets ``None``.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import errno
import functools
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from geo.errors import ConfigError, InputError
from geo.model import Article

__all__ = ["MAX_BYTES", "OUTLETS", "Unread", "parse_text", "read_articles", "read_inputs"]

#: Largest input file read, in bytes; bigger files are reported as errors.
MAX_BYTES = 20 * 1024 * 1024

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
_META_FIELDS = ("url", "publisher", "date", "title")
_PARSE_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html"}

#: Number of non-empty lines at the top searched for title, byline, dateline, stamps.
_HEAD_LINES = 15
#: Number of non-empty lines at the bottom searched for copyright lines.
_TAIL_LINES = 10

#: Canonical outlet name -> aliases (matched case-insensitively, whole string).
OUTLETS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Associated Press": ("AP", "Associated Press", "The Associated Press", "AP News"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "AFP News"),
    "CGTN": ("CGTN", "China Global Television Network"),
    "BBC": ("BBC", "BBC News", "BBC World Service"),
    "CNN": ("CNN",),
    "Al Jazeera": ("Al Jazeera", "Al Jazeera English", "Aljazeera"),
    "The Kyiv Independent": ("Kyiv Independent", "The Kyiv Independent"),
    "Ukrainska Pravda": ("Ukrainska Pravda", "Ukrainian Pravda", "UP"),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax", "Interfax-Ukraine"),
    "Ukrinform": ("Ukrinform",),
    "The Moscow Times": ("Moscow Times", "The Moscow Times"),
    "Meduza": ("Meduza",),
    "The Guardian": ("Guardian", "The Guardian"),
    "The New York Times": ("New York Times", "The New York Times", "NYT"),
    "The Washington Post": ("Washington Post", "The Washington Post"),
    "The Wall Street Journal": ("Wall Street Journal", "The Wall Street Journal", "WSJ"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "DW": ("DW", "Deutsche Welle", "DW News"),
    "France 24": ("France 24", "France24"),
    "Euronews": ("Euronews",),
    "NBC News": ("NBC", "NBC News"),
    "CBS News": ("CBS", "CBS News"),
    "ABC News": ("ABC", "ABC News"),
    "Fox News": ("Fox News",),
    "Sky News": ("Sky News",),
    "India Today": ("India Today",),
    "NDTV": ("NDTV",),
    "The Times of India": ("Times of India", "The Times of India", "TOI"),
    "Hindustan Times": ("Hindustan Times", "HT"),
    "The Independent": ("The Independent",),
    "The Telegraph": ("The Telegraph", "Telegraph"),
    "Financial Times": ("Financial Times", "FT"),
    "Politico": ("Politico", "POLITICO Europe"),
    "Newsweek": ("Newsweek",),
    "Kyiv Post": ("Kyiv Post", "KyivPost"),
    "RFE/RL": ("RFE/RL", "Radio Free Europe/Radio Liberty", "Radio Free Europe", "Radio Liberty"),
    "Anadolu Agency": ("Anadolu", "Anadolu Agency", "AA"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "Sputnik": ("Sputnik",),
    "RT": ("RT",),
    "Al Arabiya": ("Al Arabiya",),
    "Arab News": ("Arab News",),
    "UNIAN": ("UNIAN",),
    "Novaya Gazeta": ("Novaya Gazeta",),
    "Kommersant": ("Kommersant",),
    "Izvestia": ("Izvestia",),
    "EFE": ("EFE",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "Kyodo News": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "PTI": ("PTI", "Press Trust of India"),
    "ANI": ("ANI",),
    "UPI": ("UPI", "United Press International"),
    "The Hill": ("The Hill",),
    "Axios": ("Axios",),
    "NPR": ("NPR",),
    "PBS": ("PBS", "PBS NewsHour"),
    "Le Monde": ("Le Monde",),
    "Der Spiegel": ("Der Spiegel", "Spiegel"),
    "The Economist": ("The Economist", "Economist"),
    "Global Times": ("Global Times",),
    "South China Morning Post": ("South China Morning Post", "SCMP"),
    "The Times": ("The Times",),
    "Daily Mail": ("Daily Mail", "MailOnline"),
    "Voice of America": ("VOA", "Voice of America"),
    "Babel": ("Babel",),
    "Hromadske": ("Hromadske",),
    "NV": ("NV", "New Voice of Ukraine"),
    "Suspilne": ("Suspilne",),
}

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY_RE = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DASH = "\\-\u2013\u2014"


# --------------------------------------------------------------------------- errors


def _emit(err: InputError, on_error: Callable[[InputError], None] | None) -> None:
    """Hand ``err`` to ``on_error``, or raise it when there is no callback."""
    if on_error is None:
        raise err
    on_error(err)


# --------------------------------------------------------------------------- public


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
            _emit(err, on_error)


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
                    _emit(
                        InputError(
                            f"{unread.source_path}: duplicate article id {unread.id!r}"
                            f" (already read from {first})"
                        ),
                        on_error,
                    )
                    continue
                seen[unread.id] = unread.source_path
                yield unread


def parse_text(text: str, *, article_id: str, source_path: str = "", fmt: str = "txt") -> Article:
    """Build an :class:`~geo.model.Article` from a text, Markdown or HTML body.

    Newlines are normalised to ``\\n`` and a leading byte-order mark is
    dropped; otherwise the text is kept as given, so character offsets point
    into ``Article.text``.  Markdown/text front matter (``---`` / ``key: value``
    / ``---`` at the very top, keys ``title``, ``url``, ``publisher`` or
    ``source``, ``date``) is removed from the text and its values win over
    inferred ones.  HTML is reduced to its visible text.  Fields the body does
    not state are ``None`` (see the module docstring for the rules).

    Parameters
    ----------
    text
        The decoded body.
    article_id
        The id to give the article.
    source_path
        Where the text came from, for messages and ``Article.source_path``.
    fmt
        ``"txt"``, ``"md"`` (``"markdown"``) or ``"html"`` (``"htm"``).

    Returns
    -------
    Article

    Raises
    ------
    InputError
        If no text remains (empty body, or HTML without visible text).
    ConfigError
        If ``fmt`` is not one of the formats above.

    Examples
    --------
    >>> a = parse_text("Troops enter Kherson\\n\\nKHERSON, Nov 11 (AP) - Troops "
    ...                "entered the city on November 11, 2022.", article_id="k")
    >>> a.title, a.publisher, a.date
    ('Troops enter Kherson', 'Associated Press', '2022-11-11')
    """
    kind = _PARSE_FORMATS.get(fmt.lower())
    if kind is None:
        raise ConfigError(f"unknown article format {fmt!r}; expected one of: txt, md, html")
    where = source_path or article_id
    text = _scrub(_normalise_newlines(text.removeprefix("\ufeff")))
    given: dict[str, str | None] = {}
    if kind == "html":
        text, given = _html_to_text(text)
    else:
        text, given = _split_front_matter(text)
    if not text.strip():
        raise InputError(f"{where}: no article text")
    inferred = _infer_metadata(text, markdown=kind == "md")
    meta = {key: given[key] if given.get(key) else inferred.get(key) for key in _META_FIELDS}
    return Article(id=article_id, text=text, source_path=source_path, **meta)


# --------------------------------------------------------------------------- walking


def _expand_input(
    path: str, on_error: Callable[[InputError], None] | None, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, bool]]:
    """Yield ``(file path, explicitly named)`` for one command-line input."""
    if not os.path.lexists(path):
        _emit(InputError(f"{path}: no such file or directory"), on_error)
        return
    if not os.path.exists(path):
        _emit(InputError(f"{path}: {_link_problem(path)}"), on_error)
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
            _emit(InputError(f"{folder}: symbolic link loop (leads back to {real})"), on_error)
            return
        if real in visited:
            return
        visited.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            _emit(InputError(f"{folder}: cannot list folder: {exc.strerror or exc}"), on_error)
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
                _emit(InputError(f"{entry.path}: {_link_problem(entry.path)}"), on_error)
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


# --------------------------------------------------------------------------- files


def _read_file(
    path: str, explicit: bool, on_error: Callable[[InputError], None] | None
) -> Iterator[Unread]:
    """Yield the articles in one file, reporting its problems."""
    if path.lower().endswith(_SIDECAR_SUFFIX):
        _emit(InputError(f"{path}: is a metadata sidecar ({_SIDECAR_SUFFIX}), not an article"), on_error)
        return
    fmt = _FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        supported = ", ".join(sorted(_FORMATS))
        _emit(InputError(f"{path}: unsupported file type (expected one of: {supported})"), on_error)
        return
    if fmt in ("jsonl", "json") and not _is_utf16(path):
        yield from _stream_json_lines(path, strict_json=fmt == "json", on_error=on_error)
        return
    try:
        text = _load_text(path, declared_html=fmt == "html")
    except InputError as err:
        _emit(err, on_error)
        return
    if fmt in ("jsonl", "json"):
        yield from _read_json_lines(path, text, strict_json=fmt == "json", on_error=on_error)
        return
    stem = _stem(path)
    overrides: dict[str, str | None] = {}
    sidecar = _sidecar_path(path)
    if sidecar is not None:
        try:
            overrides = _read_sidecar(sidecar)
        except InputError as err:
            _emit(err, on_error)

    def parse() -> Article:
        article = parse_text(text, article_id=stem, source_path=path, fmt=fmt)
        if not overrides:
            return article
        fields = {k: getattr(article, k) for k in _META_FIELDS}
        fields.update(overrides)
        return Article(id=article.id, text=article.text, source_path=path, **fields)

    stated = tuple(x for k in _META_FIELDS if k in overrides for x in (k, overrides[k]))
    yield Unread(stem, path, (fmt, text, *stated), parse)


def _stem(path: str) -> str:
    """File name without its (last) extension (undecodable bytes become U+FFFD)."""
    return _scrub(os.path.splitext(os.path.basename(path))[0])


_SURROGATES_RE = re.compile("[\ud800-\udfff]")


def _scrub(value: str) -> str:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes or undecodable file names)
    with U+FFFD, one for one, so offsets are kept and the text can be written as UTF-8."""
    return _SURROGATES_RE.sub("\ufffd", value)


def _sidecar_path(path: str) -> str | None:
    """The ``NAME.meta.json`` next to ``NAME.ext``, if it exists."""
    candidate = os.path.join(os.path.dirname(path), _stem(path) + _SIDECAR_SUFFIX)
    return candidate if os.path.isfile(candidate) else None


def _read_sidecar(path: str) -> dict[str, str | None]:
    """Metadata overrides from a sidecar: only keys present in the object."""
    text = _load_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} (line {exc.lineno})") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: invalid JSON: {_json_problem(exc)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object, got {_json_type(data)}")
    out: dict[str, str | None] = {}
    for key in _META_FIELDS:
        if key in data:
            value = data[key]
            if value is not None and not isinstance(value, str):
                raise InputError(f"{path}: {key!r} must be a string or null, got {_json_type(value)}")
            out[key] = _clean_field(key, _scrub(value) if value is not None else None)
    return out


def _json_problem(exc: BaseException) -> str:
    """Short reason for a JSON value Python refuses (too deep, too long a number)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]


def _load_text(path: str, *, declared_html: bool = False) -> str:
    """Read, size-check, decode and newline-normalise one file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder, expected a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a pipe, socket or device)")
    limit = MAX_BYTES
    if info.st_size > limit:
        raise InputError(f"{path}: file is {_size(info.st_size)}, larger than the {_size(limit)} limit")
    try:
        # O_NONBLOCK: a file swapped for a pipe after the check must not hang the build.
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file (a pipe, socket or device)")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: file is over {_size(limit)}, larger than the {_size(limit)} limit")
    if not data.strip():
        raise InputError(f"{path}: file is empty" if not data else f"{path}: file holds only whitespace")
    text = _decode(data, path, declared_html=declared_html)
    if not text.strip():
        raise InputError(f"{path}: file holds only whitespace")
    return _normalise_newlines(text)


def _open_nonblocking(path: str, flags: int) -> int:
    """``open`` opener that cannot block on a FIFO (no effect on regular files)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _size(n: int) -> str:
    """Human-readable byte count, with the exact number."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB ({n} bytes)"
    if n >= 1024:
        return f"{n / 1024:.1f} KB ({n} bytes)"
    return f"{n} bytes"


def _decode(data: bytes, path: str, *, declared_html: bool = False) -> str:
    """Decode file bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else legacy.

    Legacy single-byte text is read as cp1251 when that makes it mostly
    Cyrillic, else cp1252 (latin-1 for bytes cp1252 leaves undefined).  A few
    invalid bytes in otherwise UTF-8 text become U+FFFD.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: invalid UTF-16 text") from None
        text = text.removeprefix("\ufeff")
        _check_texty(text, path)
        return text
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_imperfect(data, declared_html)
    _check_texty(text, path)
    return text


def _decode_imperfect(data: bytes, declared_html: bool) -> str:
    """Decode bytes that are not valid UTF-8."""
    if declared_html:
        charset = _html_declared_charset(data)
        if charset is not None and charset not in ("utf-8", "utf8"):
            try:
                info = codecs.lookup(charset)
                if info._is_text_encoding and info.name not in _NOT_CHARSETS:  # type: ignore[attr-defined]
                    return data.decode(info.name, errors="replace")
            except (LookupError, ValueError):  # unknown name, or a codec without "replace" (idna)
                pass
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")  # valid UTF-8 (the usual case) needs no guessing
    except UnicodeDecodeError:
        pass
    replaced = body.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - body.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if good and bad * 2 <= good:
        return replaced
    cyr = body.decode("cp1251", errors="replace")
    letters = [ch for ch in cyr if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if letters and cyrillic >= 0.3 * len(letters):
        return cyr
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return body.decode("latin-1")


#: Python codecs that are not page charsets: they would read escapes or punycode, not text.
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape",
                           "unicode_escape", "raw_unicode_escape"})


def _html_declared_charset(data: bytes) -> str | None:
    """The ``charset`` a HTML file declares in its first bytes, lower-cased."""
    m = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _check_texty(text: str, path: str) -> None:
    """Reject decoded text that is mostly control characters."""
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 20):
        raise InputError(f"{path}: binary file (mostly non-text bytes)")


def _normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- JSON lines


def _read_json_lines(
    path: str, text: str, *, strict_json: bool, on_error: Callable[[InputError], None] | None
) -> Iterator[Unread]:
    """Yield one article per JSON-lines record, reporting bad lines."""
    lines = text.split("\n")
    if strict_json:
        first = next((ln for ln in lines if ln.strip()), "")
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            try:
                json.loads(text)
            except (ValueError, RecursionError):
                pass
            else:
                _emit(
                    InputError(f"{path}: holds one JSON document, expected JSON lines (one object per line)"),
                    on_error,
                )
                return
    stem = _stem(path)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            unread = _json_record(line, path, number, stem)
        except InputError as err:
            _emit(err, on_error)
            continue
        yield unread


def _is_utf16(path: str) -> bool:
    """Whether a file starts with a UTF-16 byte-order mark: its lines are not split at the
    byte ``\\n``, so it is decoded whole (it cannot mix encodings line by line anyway)."""
    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            return handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False  # _load_text reports why


def _stream_json_lines(path: str, *, strict_json: bool = False,
                       on_error: Callable[[InputError], None] | None) -> Iterator[Unread]:
    """JSON lines read and decoded one line at a time, whatever the file's size: each line
    is one article in its own encoding (one cp1251 line does not turn the UTF-8 ones into
    mojibake), must stay under :data:`MAX_BYTES`, and a bad one (NUL bytes, invalid JSON) is
    reported with its number while the others are read.  A corpus is never held whole."""
    stem = _stem(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        _emit(InputError(f"{path}: cannot read: {exc.strerror or exc}"), on_error)
        return
    if stat.S_ISDIR(info.st_mode):
        _emit(InputError(f"{path}: is a folder, expected a file"), on_error)
        return
    if not stat.S_ISREG(info.st_mode):
        _emit(InputError(f"{path}: not a regular file (a pipe, socket or device)"), on_error)
        return
    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                _emit(InputError(f"{path}: not a regular file (a pipe, socket or device)"), on_error)
                return
            head = handle.read(65536)
            if len(head.translate(None, _TEXT_BYTES)) > max(2, len(head) // 20):
                _emit(InputError(f"{path}: binary file (mostly non-text bytes)"), on_error)
                return  # not text at all: one message, not one per "line"
            handle.seek(0)
            number = 0
            anything = False  # a byte that is not white space
            checked = not strict_json  # .json: is the first record a line, or the file one document?
            while True:
                raw = handle.readline(MAX_BYTES + 1)
                if not raw:
                    break
                number += 1
                if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                    anything = True
                    _emit(InputError(f"{path}:{number}: line is over the {_size(MAX_BYTES)} limit; skipped"),
                          on_error)
                    while raw and not raw.endswith(b"\n"):  # skip the rest of that line
                        raw = handle.readline(MAX_BYTES + 1)
                    continue
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                anything = True
                try:
                    text = _normalise_newlines(_decode(raw, f"{path}:{number}"))
                except InputError as err:
                    _emit(err, on_error)
                    continue
                for k, line in enumerate(text.rstrip("\n").split("\n")):  # a lone CR ends a line too
                    if not line.strip():
                        continue
                    if not checked:
                        checked = True
                        if _one_document(path, line, info.st_size):
                            _emit(InputError(f"{path}: holds one JSON document, expected JSON lines "
                                             "(one object per line)"), on_error)
                            return
                    try:
                        unread = _json_record(line, path, number + k, stem)
                    except InputError as err:
                        _emit(err, on_error)
                        continue
                    yield unread
                number += text.rstrip("\n").count("\n")
            if not anything:
                _emit(InputError(f"{path}: file is empty" if info.st_size == 0 and number == 0
                                 else f"{path}: file holds only whitespace"), on_error)
    except OSError as exc:
        _emit(InputError(f"{path}: cannot read: {exc.strerror or exc}"), on_error)


#: Bytes of text in any encoding read here: all but the C0 controls (tab, line breaks and form
#: feed aside) and DEL; ``bytes.translate`` deletes them, leaving the others to count.
_TEXT_BYTES = bytes(b for b in range(256) if not (b < 32 and b not in b"\t\n\x0b\x0c\r") and b != 127)


def _one_document(path: str, first_line: str, size: int) -> bool:
    """Whether a ``.json`` file whose first line is not a JSON value holds one JSON document."""
    try:
        json.loads(first_line)
        return False
    except (ValueError, RecursionError):
        pass
    if size > MAX_BYTES:
        return False
    try:
        json.loads(_load_text(path))
    except (InputError, ValueError, RecursionError):
        return False
    return True


def _json_record(line: str, path: str, number: int, stem: str) -> Unread:
    """Turn one JSON line into an article (its metadata inferred on :meth:`Unread.parse`)."""
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # too deep, or a number too long to convert
        raise InputError(f"{where}: invalid JSON: {_json_problem(exc)}") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {_json_type(record)}")
    raw_id = record.get("id")
    if raw_id is None:
        article_id = f"{stem}:{number}"
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise InputError(f"{where}: 'id' must be a string or integer, got {_json_type(raw_id)}")
    else:
        article_id = _scrub(str(raw_id))
        if not article_id.strip():
            raise InputError(f"{where}: 'id' is empty")
    if "text" not in record or record["text"] is None:
        raise InputError(f"{where}: missing 'text'")
    body = record["text"]
    if not isinstance(body, str):
        raise InputError(f"{where}: 'text' must be a string, got {_json_type(body)}")
    if not body.strip():
        raise InputError(f"{where}: 'text' is empty")
    given: dict[str, str | None] = {}
    for key in _META_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key!r} must be a string or null, got {_json_type(value)}")
        given[key] = _clean_field(key, _scrub(value) if value is not None else None)
    body = _scrub(_normalise_newlines(body.removeprefix("\ufeff")))

    def parse() -> Article:
        inferred = _infer_metadata(body, markdown=False)
        meta = {key: given[key] if given[key] is not None else inferred.get(key) for key in _META_FIELDS}
        return Article(id=article_id, text=body, source_path=where, **meta)

    return Unread(article_id, where, ("jsonl", body, *given.values()), parse)


def _clean_field(key: str, value: str | None) -> str | None:
    """Strip a given metadata value; normalise dates (unparseable -> None)."""
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        return None
    if key == "date":
        return _parse_date(value)
    return value


def _json_type(value: object) -> str:
    """JSON name of a decoded value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# --------------------------------------------------------------------------- front matter


def _split_front_matter(text: str) -> tuple[str, dict[str, str | None]]:
    """Remove a leading ``---`` key/value block; return the rest and its fields."""
    if not text.startswith("---\n"):
        return text, {}
    lines = text.split("\n")
    end = None
    for i in range(1, min(len(lines), 100)):
        if lines[i].strip() in ("---", "..."):
            end = i
            break
    if end is None:
        return text, {}
    fields: dict[str, str | None] = {}
    for raw in lines[1:end]:
        if not raw.strip() or raw.lstrip().startswith("#") or raw[:1].isspace() or raw.startswith("- "):
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", raw)
        if m is None:
            return text, {}  # not front matter, e.g. a rule followed by prose
        key, value = m.group(1).lower(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        target = {
            "title": "title", "headline": "title", "url": "url", "link": "url",
            "canonical_url": "url", "publisher": "publisher", "source": "publisher",
            "site": "publisher", "site_name": "publisher", "date": "date",
            "published": "date", "pubdate": "date", "published_at": "date",
        }.get(key)  # fmt: skip
        if target is not None and target not in fields:
            fields[target] = _clean_field(target, value)
    rest = "\n".join(lines[end + 1 :])
    return rest, fields


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr"}  # fmt: skip
)


# Page chrome around a story: menus, sidebars, footers, and blocks whose role, class or id
# says they are navigation, related links, sharing, ads or sign-up forms.  Their text is
# not the article's ("Drone attack on Odesa kills 2" in a related-stories list).
_CHROME_TAGS = frozenset({"nav", "aside", "footer", "button", "select", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "search", "menu", "menubar", "dialog"})
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|related|recommended|recommendations?|newsletter|share|sharing|social|"
    r"promo|advert|adverts|advertisement|ads?|sponsored|comments?|breadcrumbs?|subscribe|subscription|most-?read|"
    r"trending|sidebar|cookies?|popular|more-stories|read-more|paywall|signup|sign-up|teasers?)(?:$|[\s_-])", re.I)
_CONTENT_NAME = re.compile(r"(?:^|[\s_-])(?:article|body|content|main|story|text|post|entry)(?:$|[\s_-])", re.I)
# The story's own container; the biggest one is the article when it holds most of the page.
_STORY_TAGS = frozenset({"article", "main"})


def _is_chrome(tag: str, a: dict[str, str]) -> bool:
    """Page chrome by its element or role: skipped outright."""
    return tag in _CHROME_TAGS or a.get("role", "").strip().lower() in _CHROME_ROLES


def _named_chrome(tag: str, a: dict[str, str]) -> bool:
    """A block whose class or id says chrome ("related-stories", "share-tools"): dropped once
    read if it is mostly links or empty, kept if it holds prose (a "promo-wrapper" around
    the story itself)."""
    if tag in ("article", "main", "body", "html", "p", "h1"):
        return False
    name = f"{a.get('class', '')} {a.get('id', '')}"
    return bool(_CHROME_NAME.search(name)) and not _CONTENT_NAME.search(name)


class _Tentative:
    """An open block named like chrome: where its text starts, and the extractor's running
    counts when it opened (its own text and links, and the nested elements of its name, are
    what the counts grew by since: one update per piece of text, not one per open block)."""

    __slots__ = ("index", "links0", "start", "starts0", "tag", "total0", "used")

    def __init__(self, tag: str, start: int, index: int, total0: int, links0: int, starts0: int) -> None:
        self.tag, self.start, self.index = tag, start, index
        self.total0, self.links0, self.starts0, self.used = total0, links0, starts0, 0


class _TextExtractor(HTMLParser):
    """Collect visible text, ``<title>``, first ``<h1>`` and ``<meta>`` values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []
        self.stories: list[tuple[int, int]] = []  # spans of self.parts inside <article>/<main>
        self._open_stories: list[tuple[str, int]] = []
        self._h1_at: int | None = None  # where the first <h1>'s text starts in self.parts
        self._tentative: list[_Tentative] = []  # open blocks named like chrome, innermost last
        self._tentative_by_tag: dict[str, list[_Tentative]] = {}  # the same, by element name
        self._total = 0  # characters of text read so far (stripped, outside skipped elements)
        self._links = 0  # ... of them inside links
        self._starts: dict[str, int] = {}  # start tags read so far, by name
        self._in_link = 0
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_parts: list[str] | None = None
        self.title: str | None = None
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip() and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link":
            rels = a.get("rel", "").lower().split()
            if "canonical" in rels and a.get("href", "").strip() and self.canonical is None:
                self.canonical = a["href"].strip()
            return
        if tag == "title" and self.title is None and all(t == "head" for t in self.skip_stack):
            self.title_parts = []
            return
        if tag == "body":
            self.skip_stack = [t for t in self.skip_stack if t != "head"]  # </head> is optional
        if self.skip_stack:
            if tag not in _VOID_TAGS:
                self.skip_stack.append(tag)  # nested: its end tag must not end the skipping
            return
        if tag in _SKIP_TAGS or _is_chrome(tag, a):
            if tag not in _VOID_TAGS:
                self.skip_stack.append(tag)
            return
        if tag == "a":
            self._in_link += 1
        if self._tentative_by_tag.get(tag):
            self._starts[tag] = self._starts.get(tag, 0) + 1  # a nested element of the same name: its
            #                                                   end tag is not the block's (see _depth)
        if tag not in _VOID_TAGS and _named_chrome(tag, a):
            block = _Tentative(tag, len(self.parts), len(self._tentative), self._total, self._links,
                               self._starts.get(tag, 0))
            self._tentative.append(block)
            self._tentative_by_tag.setdefault(tag, []).append(block)
        if tag in _STORY_TAGS:
            self._open_stories.append((tag, len(self.parts)))
        if tag == "h1" and self.h1 is None:
            self.h1_parts = []
            self._h1_at = len(self.parts)
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            return  # <svg/> and friends: nothing inside to skip
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.title = " ".join("".join(self.title_parts).split()) or None
            self.title_parts = None
            return
        if self.skip_stack:
            if tag in self.skip_stack:
                while self.skip_stack and self.skip_stack.pop() != tag:
                    pass
            return
        if tag == "h1" and self.h1_parts is not None:
            self.h1 = " ".join("".join(self.h1_parts).split()) or None
            self.h1_parts = None
        if tag == "a" and self._in_link:
            self._in_link -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        same = self._tentative_by_tag.get(tag)
        if same:
            block = same[-1]  # the innermost open block of this name
            if self._starts.get(tag, 0) - block.starts0 - block.used > 0:
                block.used += 1  # the end of a nested element of the same name
            else:
                k = block.index
                for inner in self._tentative[k:]:  # an unclosed inner block ends with it
                    self._settle(inner)
                    self._tentative_by_tag[inner.tag].pop()
                del self._tentative[k:]
        if tag in _STORY_TAGS and any(t == tag for t, _ in self._open_stories):
            while self._open_stories:
                opened, start = self._open_stories.pop()
                self.stories.append((start, len(self.parts)))
                if opened == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.skip_stack:
            return
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        if self._tentative:
            size = len(data.strip())
            self._total += size
            if self._in_link:
                self._links += size
        self.parts.append(data)

    def _settle(self, block: _Tentative) -> None:
        """Drop a block named like chrome that turned out to be mostly links (or empty)."""
        total, links = self._total - block.total0, self._links - block.links0
        if total and links * 2 < total:
            return  # prose: the story, whatever the block is called
        del self.parts[block.start:]
        self.stories = [(a, b) for a, b in self.stories if a < block.start]
        self._open_stories = [(t, a) for t, a in self._open_stories if a < block.start]
        if self._h1_at is not None and self._h1_at >= block.start:
            self._h1_at = None

    def text(self) -> str:
        """The visible text: blocks separated by blank lines, spaces collapsed.  When one
        ``<article>`` or ``<main>`` holds most of it, only that (and the ``<h1>`` above it)."""
        for block in reversed(self._tentative):  # blocks the page never closed
            self._settle(block)
        self._tentative = []
        self._tentative_by_tag = {}
        parts = self.parts
        spans = self.stories + [(start, len(parts)) for _, start in self._open_stories]
        if spans:
            words = _span_words(parts)
            size = words(0, len(parts))
            a, b = max(spans, key=lambda span: (words(*span), -span[0]))
            if words(a, b) >= 0.5 * size:
                head = parts[self._h1_at:] if self._h1_at is not None and self._h1_at < a else []
                h1 = [self.h1 or "", "\n\n"] if head else []
                parts = h1 + parts[a:b]
        out: list[str] = []
        for line in "".join(parts).split("\n"):
            line = " ".join(line.split())
            if line or (out and out[-1]):
                out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out)


def _span_words(parts: list[str]) -> Callable[[int, int], int]:
    """``words(a, b)``: ``len("".join(parts[a:b]).split())`` in constant time, from running
    counts (joining each span of a page of thousands of nested stories takes quadratic time):
    the words of each part, less one wherever two non-empty parts meet without a space."""
    n = len(parts)
    counts = [0] * (n + 1)
    joins = [0] * (n + 1)
    joined = [0] * n  # 1 where part j's first word continues the last word of the part before
    ends_word = False
    for j, part in enumerate(parts):
        if part:
            joined[j] = int(ends_word and not part[0].isspace())
            ends_word = not part[-1].isspace()
        counts[j + 1] = counts[j] + len(part.split())
        joins[j + 1] = joins[j] + joined[j]
    first = [n] * (n + 1)  # the first non-empty part from j on
    for j in range(n - 1, -1, -1):
        first[j] = j if parts[j] else first[j + 1]

    def words(a: int, b: int) -> int:
        if a >= b:
            return 0
        f = first[a]
        return counts[b] - counts[a] - (joins[b] - joins[a]) + (joined[f] if f < b else 0)

    return words


def _html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Visible text of a HTML page and the metadata its head states."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    site = meta.get("og:site_name") or meta.get("application-name")
    publisher = _canonical_outlet(site) or (" ".join(site.split()) if site else None)
    title = meta.get("og:title") or meta.get("twitter:title")
    if not title and parser.title:
        title = _strip_site_suffix(parser.title, site)
    if not title:
        title = parser.h1
    date_raw = next(
        (
            meta[k]
            for k in (
                "article:published_time", "og:published_time", "datepublished", "date",
                "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date",
                "parsely-pub-date", "article:modified_time",
            )
            if k in meta
        ),
        None,
    )  # fmt: skip
    fields = {
        "title": _clean_field("title", title),
        "publisher": _clean_field("publisher", publisher),
        "date": _clean_field("date", date_raw),
        "url": _clean_field("url", meta.get("og:url") or parser.canonical),
    }
    return parser.text(), fields


def _strip_site_suffix(title: str, site: str | None) -> str:
    """Drop a trailing ``| Site`` / ``- Site`` naming the site from a page title."""
    m = re.match(rf"^(.*\S)\s+[|{_DASH}:·•]\s+([^|{_DASH}]+)$", title)
    if m and (
        (site and m.group(2).strip().lower() == site.strip().lower()) or _canonical_outlet(m.group(2))
    ):
        return m.group(1)
    return title


# --------------------------------------------------------------------------- outlets


@functools.cache
def _outlet_index() -> dict[str, str]:
    """Lower-cased alias -> canonical outlet name."""
    index: dict[str, str] = {}
    for canonical, aliases in OUTLETS.items():
        for alias in (canonical, *aliases):
            index.setdefault(alias.lower(), canonical)
    return index


def _canonical_outlet(name: str | None) -> str | None:
    """Canonical outlet for a name that is exactly an alias, else ``None``."""
    if not name:
        return None
    key = " ".join(name.split()).strip(" .,;:'\"()[]").lower()
    key = re.sub(r"\s+(?:staff|staff writers?|wire|news service|reporters?)$", "", key)
    return _outlet_index().get(key)


def _outlet_prefix(text: str) -> str | None:
    """Canonical outlet whose alias starts ``text``, unless it is a photo credit."""
    index = _outlet_index()
    words = re.findall(r"[^\s/]+|/", text.strip())
    for n in range(min(6, len(words)), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:")
        hit = index.get(candidate.lower())
        if hit is not None:
            after = " ".join(words[n:]).lower()
            if after.startswith(("/", "photo", "image", "via", "video", "graphic")):
                return None  # "(c) AP Photo/Name" credits a picture, not the article
            return hit
    return None


# --------------------------------------------------------------------------- dates


def _make_date(year: int, month: int, day: int) -> _dt.date | None:
    """A valid date in a plausible range, else ``None``."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


@functools.cache
def _full_date_re() -> re.Pattern[str]:
    """Pattern for a full date: ISO, ``Month D, YYYY``, ``D Month YYYY``, ``DD.MM.YYYY``."""
    return re.compile(
        rf"(?<![\w.])(?:"
        rf"(?P<iy>\d{{4}})[-/](?P<im>\d{{1,2}})[-/](?P<id>\d{{1,2}})(?![\d/-])"
        rf"|(?P<am>{_MONTH_RE})\.?\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ay>\d{{4}})(?!\d)"
        rf"|(?P<bd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<bm>{_MONTH_RE})\.?,?\s+(?P<by>\d{{4}})(?!\d)"
        rf"|(?P<cd>\d{{1,2}})\.(?P<cm>\d{{1,2}})\.(?P<cy>\d{{4}})(?!\d)"
        rf")",
        re.IGNORECASE,
    )


def _date_from_match(m: re.Match[str]) -> _dt.date | None:
    """Convert a :func:`_full_date_re` match."""
    g = m.group
    if g("iy"):
        return _make_date(int(g("iy")), int(g("im")), int(g("id")))
    if g("am"):
        return _make_date(int(g("ay")), _MONTHS[g("am").lower()], int(g("ad")))
    if g("bm"):
        return _make_date(int(g("by")), _MONTHS[g("bm").lower()], int(g("bd")))
    return _make_date(int(g("cy")), int(g("cm")), int(g("cd")))


def _parse_date(value: str) -> str | None:
    """First full date in a short string as ``YYYY-MM-DD``, else ``None``."""
    for m in _full_date_re().finditer(value):
        found = _date_from_match(m)
        if found is not None:
            return found.isoformat()
    return None


def _leading_date(text: str) -> tuple[_dt.date, str] | None:
    """A full date at the start of ``text`` (after a weekday) and the rest."""
    s = re.sub(rf"^\s*(?:on\s+)?{_WEEKDAY_RE}?", "", text, flags=re.I)
    m = _full_date_re().match(s)
    if m is None:
        return None
    found = _date_from_match(m)
    return (found, s[m.end() :]) if found else None


_STAMP_PUBLISHED = r"published|posted|date|dated|time|first published|publication date|created|released"
_STAMP_UPDATED = r"updated|last updated|modified|last modified|revised"


@functools.cache
def _stamp_re() -> re.Pattern[str]:
    """A date label at a line start; group ``rest`` is what follows it."""
    return re.compile(
        rf"^\s*(?:(?P<pub>{_STAMP_PUBLISHED})|(?P<upd>{_STAMP_UPDATED}))\b"
        rf"\s*(?:on|at)?\s*[:{_DASH}]?\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


@functools.cache
def _date_tail_re() -> re.Pattern[str]:
    """What may follow a date on a line that is only a date (time, zone, counters)."""
    return re.compile(
        r"^[\s,|·•\u2013\u2014-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
        r"\s*(?:[A-Z]{2,5}|UTC|GMT|Z)?(?:[+-]\d{1,2}(?::?\d{2})?)?)?[\s\d,|·•\u2013\u2014-]*$",
        re.IGNORECASE,
    )


@functools.cache
def _dateline_re() -> re.Pattern[str]:
    """``PLACE[, Region][, Month D[, YYYY]] [(Agency)] -`` at a line start."""
    caps = r"[A-Z][A-Z'\u2019.\-]+(?:[ ][A-Z][A-Z'\u2019.\-]+)*"
    region = r"(?:,\s*[A-Z][\w'\u2019.\-]*(?:\s[A-Z][\w'\u2019.\-]*)*)?"
    when = rf"(?:{_MONTH_RE}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH_RE}\.?(?:\s+\d{{4}})?)"
    return re.compile(
        rf"^\s*(?P<place>{caps}){region}\s*(?:,\s*(?P<when>{when}))?\s*"
        rf"(?:\((?P<agency>[^()\n]{{1,40}})\))?\s*[{_DASH}]"
    )


def _dateline(line: str) -> tuple[str | None, str | None] | None:
    """``(agency, date text)`` of a dateline, or ``None`` if ``line`` has none."""
    m = _dateline_re().match(line)
    if m is None or len(m.group("place")) < 2 or not (m.group("agency") or m.group("when")):
        return None
    return m.group("agency"), m.group("when")


def _year_for(month: int, day: int, text: str) -> _dt.date | None:
    """Complete ``month``/``day`` with the year of a full date in ``text`` within 31 days."""
    for m in _full_date_re().finditer(text):
        anchor = _date_from_match(m)
        if anchor is None:
            continue
        for year in (anchor.year, anchor.year + 1, anchor.year - 1):
            candidate = _make_date(year, month, day)
            if candidate is not None and abs((candidate - anchor).days) <= 31:
                return candidate
    return None


def _dateline_date(when: str, text: str) -> _dt.date | None:
    """Date of a dateline's ``Dec 3`` / ``3 Dec`` / ``Dec 3, 2025``."""
    full = _parse_date(when)
    if full is not None:
        return _dt.date.fromisoformat(full)
    m = re.match(
        rf"(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE}))",
        when,
        re.I,
    )
    if m is None:
        return None
    month = _MONTHS[(m.group("m1") or m.group("m2")).lower()]
    day = int(m.group("d1") or m.group("d2"))
    return _year_for(month, day, text)


# --------------------------------------------------------------------------- inference


def _infer_metadata(text: str, *, markdown: bool) -> dict[str, str | None]:
    """Title, publisher and date stated in a plain-text body (``None`` if not)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    head = lines[:_HEAD_LINES]
    tail = lines[-_TAIL_LINES:]
    return {
        "title": _infer_title(lines, markdown=markdown),
        "publisher": _infer_publisher(head, tail),
        "date": _infer_date(head, text),
        "url": None,
    }


def _infer_date(head: list[str], text: str) -> str | None:
    """Date from stamps, date-only lines, then datelines (see module docstring)."""
    published: _dt.date | None = None
    updated: _dt.date | None = None
    alone: _dt.date | None = None
    from_dateline: _dt.date | None = None
    for i, line in enumerate(head):
        m = _stamp_re().match(line)
        if m is not None:
            rest = m.group("rest")
            if not rest and i + 1 < len(head):
                rest = head[i + 1]
            found = _leading_date(rest)
            if found is not None:
                if m.group("pub") and published is None:
                    published = found[0]
                elif m.group("upd") and updated is None:
                    updated = found[0]
                continue
        found = _leading_date(line)
        if found is not None and alone is None and _date_tail_re().match(found[1]):
            alone = found[0]
            continue
        dl = _dateline(line)
        if dl is not None and dl[1] and from_dateline is None:
            from_dateline = _dateline_date(dl[1], text)
    best = published or updated or alone or from_dateline
    return best.isoformat() if best else None


def _infer_publisher(head: list[str], tail: list[str]) -> str | None:
    """Outlet named by a dateline, byline, source label or copyright line."""
    for i, line in enumerate(head):
        dl = _dateline(line)
        if dl is not None and dl[0]:
            hit = _canonical_outlet(dl[0])
            if hit:
                return hit
        hit = _byline_outlet(line)
        if hit:
            return hit
        m = re.match(
            r"^(?:source|publisher|published by|agency|outlet)\b\s*[:\u2013\u2014-]?\s*(.*)$", line, re.I
        )
        if m is not None:
            value = m.group(1) or (head[i + 1] if i + 1 < len(head) else "")
            for candidate in (value, *re.split(r"[,;|]| and ", value)[:1], *re.split(r"[,;|/]", value)[:1]):
                hit = _canonical_outlet(candidate)
                if hit:
                    return hit
    for line in (*head, *tail):
        hit = _copyright_outlet(line)
        if hit:
            return hit
    return None


def _byline_outlet(line: str) -> str | None:
    """Outlet in a ``By Name, Outlet`` / ``By Outlet`` byline."""
    m = re.match(r"^By\s+(.{2,120})$", line)
    if m is None:
        return None
    segments = [seg for seg in re.split(rf"\s*(?:[,|(){_DASH}/]|\bfor\b|\band\b)\s*", m.group(1)) if seg]
    if not segments or not (_canonical_outlet(segments[0]) or _looks_like_name(segments[0])):
        return None  # "By the end of the day, ..." is prose, not a byline
    for segment in segments:
        hit = _canonical_outlet(segment)
        if hit:
            return hit
    return None


def _looks_like_name(text: str) -> bool:
    """Whether ``text`` reads like a person's name: 1-5 capitalised words."""
    words = text.split()
    particles = {"de", "da", "van", "von", "der", "al", "el", "bin", "la", "le", "di"}
    return 1 <= len(words) <= 5 and all(w[0].isupper() or w.lower() in particles for w in words)


def _copyright_outlet(line: str) -> str | None:
    """Outlet in a ``© 2025 Outlet`` / ``Copyright 2025 Outlet`` line."""
    m = re.search(
        r"(?:\u00a9|\(c\)|\bcopyright\b)\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?\s*,?\s*(.+)", line, re.I
    )
    return _outlet_prefix(m.group(1)) if m else None


_CAPTION_MARKERS = (
    "via reuters", "/reuters", "via ap", "/ap", "getty images", "photo:", "picture:",
    "(photo", "photo by", "/afp", "via afp", "credit:", "/vcg", "/handout", "screen grab",
)  # fmt: skip


def _headline_like(line: str) -> bool:
    """Whether one line could be a headline (see module docstring)."""
    words = line.split()
    if not 10 <= len(line) <= 200 or not 3 <= len(words) <= 30:
        return False
    if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
        return False
    if line.startswith(("By ", "\u2022", "- ", "* ", "(", "[")):
        return False
    lower = line.lower()
    if any(marker in lower for marker in _CAPTION_MARKERS):
        return False
    stamp = _stamp_re().match(line)
    if stamp is not None and _leading_date(stamp.group("rest")) is not None:
        return False
    if _leading_date(line) is not None or _dateline(line) is not None:
        return False
    if re.search(r"[.!?]\s+[A-Z]", line) and len(line) > 120:
        return False  # several sentences: a caption or a paragraph
    return sum(ch.isalpha() for ch in line) >= len(line) // 2


def _clean_title(line: str, *, markdown: bool) -> str:
    """Strip Markdown heading marks and emphasis from a title line."""
    if markdown:
        line = re.sub(r"^#{1,6}\s+", "", line).rstrip("#").strip()
        line = re.sub(r"^(\*\*|__|\*|_)(.+)\1$", r"\2", line)
    return line.strip()


def _infer_title(lines: list[str], *, markdown: bool) -> str | None:
    """A headline stated at the top of the text, else ``None``."""
    if len(lines) < 2:
        return None  # the whole text is one line: it is the body, not a title
    if markdown:
        for line in lines[:_HEAD_LINES]:
            if re.match(r"^#\s+\S", line):
                return _clean_title(line, markdown=True) or None
    head = [_clean_title(ln, markdown=markdown) for ln in lines[:10]]
    rest = [_clean_title(ln, markdown=markdown) for ln in lines]
    for i, line in enumerate(head):
        if not _headline_like(line):
            continue
        for later in rest[i + 1 :]:
            if later == line or (
                later.startswith(line) and re.fullmatch(r"[\s\W\d]{1,10}", later[len(line) :])
            ):
                return line
    first = head[0]
    return first if _headline_like(first) else None
