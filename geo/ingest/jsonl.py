"""JSON lines -> articles, one record a line, read and decoded one line at a time."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator

from geo.errors import InputError
from geo.ingest import decode
from geo.ingest.decode import decode_bytes, human_size, load_text, normalise_newlines, open_nonblocking, scrub
from geo.ingest.meta import META_FIELDS, clean_field, complete_metadata
from geo.ingest.unread import Unread, emit, file_stem
from geo.model import Article


def json_problem(exc: BaseException) -> str:
    """Short reason for a JSON value Python refuses (too deep, too long a number)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]


def read_json_lines(
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
                emit(
                    InputError(f"{path}: holds one JSON document, expected JSON lines (one object per line)"),
                    on_error,
                )
                return
    stem = file_stem(path)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            unread = _json_record(line, path, number, stem)
        except InputError as err:
            emit(err, on_error)
            continue
        yield unread


def is_utf16(path: str) -> bool:
    """Whether a file starts with a UTF-16 byte-order mark: its lines are not split at the
    byte ``\\n``, so it is decoded whole (it cannot mix encodings line by line anyway)."""
    try:
        with open(path, "rb", opener=open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            return handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False  # load_text reports why


def stream_json_lines(path: str, *, strict_json: bool = False,
                       on_error: Callable[[InputError], None] | None) -> Iterator[Unread]:
    """JSON lines read and decoded one line at a time, whatever the file's size: each line
    is one article in its own encoding (one cp1251 line does not turn the UTF-8 ones into
    mojibake), must stay under :data:`~geo.ingest.decode.MAX_BYTES`, and a bad one (NUL bytes, invalid JSON) is
    reported with its number while the others are read.  A corpus is never held whole."""
    stem = file_stem(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        emit(InputError(f"{path}: cannot read: {exc.strerror or exc}"), on_error)
        return
    if stat.S_ISDIR(info.st_mode):
        emit(InputError(f"{path}: is a folder, expected a file"), on_error)
        return
    if not stat.S_ISREG(info.st_mode):
        emit(InputError(f"{path}: not a regular file (a pipe, socket or device)"), on_error)
        return
    try:
        with open(path, "rb", opener=open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                emit(InputError(f"{path}: not a regular file (a pipe, socket or device)"), on_error)
                return
            head = handle.read(65536)
            if len(head.translate(None, _TEXT_BYTES)) > max(2, len(head) // 20):
                emit(InputError(f"{path}: binary file (mostly non-text bytes)"), on_error)
                return  # not text at all: one message, not one per "line"
            handle.seek(0)
            number = 0
            anything = False  # a byte that is not white space
            checked = not strict_json  # .json: is the first record a line, or the file one document?
            while True:
                raw = handle.readline(decode.MAX_BYTES + 1)
                if not raw:
                    break
                number += 1
                if len(raw) > decode.MAX_BYTES and not raw.endswith(b"\n"):
                    anything = True
                    emit(InputError(f"{path}:{number}: line is over the {human_size(decode.MAX_BYTES)} limit; skipped"),
                          on_error)
                    while raw and not raw.endswith(b"\n"):  # skip the rest of that line
                        raw = handle.readline(decode.MAX_BYTES + 1)
                    continue
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                anything = True
                try:
                    text = normalise_newlines(decode_bytes(raw, f"{path}:{number}"))
                except InputError as err:
                    emit(err, on_error)
                    continue
                for k, line in enumerate(text.rstrip("\n").split("\n")):  # a lone CR ends a line too
                    if not line.strip():
                        continue
                    if not checked:
                        checked = True
                        if _one_document(path, line, info.st_size):
                            emit(InputError(f"{path}: holds one JSON document, expected JSON lines "
                                             "(one object per line)"), on_error)
                            return
                    try:
                        unread = _json_record(line, path, number + k, stem)
                    except InputError as err:
                        emit(err, on_error)
                        continue
                    yield unread
                number += text.rstrip("\n").count("\n")
            if not anything:
                emit(InputError(f"{path}: file is empty" if info.st_size == 0 and number == 0
                                 else f"{path}: file holds only whitespace"), on_error)
    except OSError as exc:
        emit(InputError(f"{path}: cannot read: {exc.strerror or exc}"), on_error)


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
    if size > decode.MAX_BYTES:
        return False
    try:
        json.loads(load_text(path))
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
        raise InputError(f"{where}: invalid JSON: {json_problem(exc)}") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {json_type(record)}")
    raw_id = record.get("id")
    if raw_id is None:
        article_id = f"{stem}:{number}"
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise InputError(f"{where}: 'id' must be a string or integer, got {json_type(raw_id)}")
    else:
        article_id = scrub(str(raw_id))
        if not article_id.strip():
            raise InputError(f"{where}: 'id' is empty")
    if "text" not in record or record["text"] is None:
        raise InputError(f"{where}: missing 'text'")
    body = record["text"]
    if not isinstance(body, str):
        raise InputError(f"{where}: 'text' must be a string, got {json_type(body)}")
    if not body.strip():
        raise InputError(f"{where}: 'text' is empty")
    given: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key!r} must be a string or null, got {json_type(value)}")
        given[key] = clean_field(key, scrub(value) if value is not None else None)
    body = scrub(normalise_newlines(body.removeprefix("\ufeff")))

    def parse() -> Article:
        return Article(id=article_id, text=body, source_path=where, **complete_metadata(given, body, markdown=False))

    return Unread(article_id, where, ("jsonl", body, *given.values()), parse)


def json_type(value: object) -> str:
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
