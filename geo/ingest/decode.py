"""Bytes on disk -> text: size checks, encodings, newlines."""

from __future__ import annotations

import codecs
import os
import re
import stat

import charset_normalizer

from geo.errors import InputError

#: Largest input file read, in bytes; bigger files are reported as errors.
MAX_BYTES = 20 * 1024 * 1024


_SURROGATES_RE = re.compile("[\ud800-\udfff]")


def scrub(value: str) -> str:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes or undecodable file names)
    with U+FFFD, one for one, so offsets are kept and the text can be written as UTF-8."""
    return _SURROGATES_RE.sub("\ufffd", value)


def load_text(path: str, *, declared_html: bool = False) -> str:
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
        raise InputError(f"{path}: file is {human_size(info.st_size)}, larger than the {human_size(limit)} limit")
    try:
        # O_NONBLOCK: a file swapped for a pipe after the check must not hang the build.
        with open(path, "rb", opener=open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file (a pipe, socket or device)")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: file is over {human_size(limit)}, larger than the {human_size(limit)} limit")
    if not data.strip():
        raise InputError(f"{path}: file is empty" if not data else f"{path}: file holds only whitespace")
    text = decode_bytes(data, path, declared_html=declared_html)
    if not text.strip():
        raise InputError(f"{path}: file holds only whitespace")
    return normalise_newlines(text)


def open_nonblocking(path: str, flags: int) -> int:
    """``open`` opener that cannot block on a FIFO (no effect on regular files)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def human_size(n: int) -> str:
    """Human-readable byte count, with the exact number."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB ({n} bytes)"
    if n >= 1024:
        return f"{n / 1024:.1f} KB ({n} bytes)"
    return f"{n} bytes"


def decode_bytes(data: bytes, path: str, *, declared_html: bool = False) -> str:
    """Decode file bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else legacy.

    A HTML page's declared charset is used for it.  Legacy single-byte text is
    read in the code page charset-normalizer detects (cp1251, KOI8-R or cp1252;
    see :func:`_decode_legacy`).  A few invalid bytes in otherwise UTF-8 text
    become U+FFFD.
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
    return _decode_legacy(body)


#: The single-byte code pages news text not in UTF-8 comes in, as charset-normalizer names them.
_LEGACY_CHARSETS = ("cp1251", "koi8_r", "cp1252")


def _decode_legacy(body: bytes) -> str:
    """Bytes in a legacy code page, read in the one charset-normalizer finds most coherent.

    A Cyrillic code page is taken only where it makes at least 30% of the letters Cyrillic
    (a lone accented letter in English text is not evidence of Cyrillic); otherwise cp1252,
    latin-1 for the bytes cp1252 leaves undefined.  When no code page reads cleanly (lines
    in different encodings), cp1251 is tried as for a Cyrillic pick.
    """
    best = charset_normalizer.from_bytes(body, cp_isolation=list(_LEGACY_CHARSETS)).best()
    encoding = best.encoding if best is not None else "cp1251"
    if encoding != "cp1252":
        text = body.decode(encoding, errors="replace")
        letters = [ch for ch in text if ch.isalpha()]
        cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
        if letters and cyrillic >= 0.3 * len(letters):
            return text
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


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
