"""Metadata stated in a plain-text body: title, publisher, date (see :mod:`geo.ingest`)."""

from __future__ import annotations

import datetime as _dt
import re

from geo.ingest.dates import (DASH, date_tail_re, dateline, dateline_date, leading_date, parse_date,
                              stamp_re)
from geo.ingest.outlets import canonical_outlet, outlet_for_url, outlet_prefix

META_FIELDS = ("url", "publisher", "date", "title")

#: Number of non-empty lines at the top searched for title, byline, dateline, stamps.
_HEAD_LINES = 15
#: Number of non-empty lines at the bottom searched for copyright lines.
_TAIL_LINES = 10


def clean_field(key: str, value: str | None) -> str | None:
    """Strip a given metadata value; normalise dates (unparseable -> None)."""
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        return None
    if key == "date":
        return parse_date(value)
    return value


def complete_metadata(given: dict[str, str | None], text: str, *, markdown: bool) -> dict[str, str | None]:
    """The article's metadata: what its input states (``given``), else what its text states, and
    for a publisher stated nowhere, the outlet whose site the article's own address is on."""
    inferred = infer_metadata(text, markdown=markdown)
    meta = {key: given.get(key) or inferred.get(key) for key in META_FIELDS}
    if meta["publisher"] is None:
        meta["publisher"] = outlet_for_url(meta["url"])
    return meta


def infer_metadata(text: str, *, markdown: bool) -> dict[str, str | None]:
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
        m = stamp_re().match(line)
        if m is not None:
            rest = m.group("rest")
            if not rest and i + 1 < len(head):
                rest = head[i + 1]
            found = leading_date(rest)
            if found is not None:
                if m.group("pub") and published is None:
                    published = found[0]
                elif m.group("upd") and updated is None:
                    updated = found[0]
                continue
        found = leading_date(line)
        if found is not None and alone is None and date_tail_re().match(found[1]):
            alone = found[0]
            continue
        dl = dateline(line)
        if dl is not None and dl[1] and from_dateline is None:
            from_dateline = dateline_date(dl[1], text)
    best = published or updated or alone or from_dateline
    return best.isoformat() if best else None


def _infer_publisher(head: list[str], tail: list[str]) -> str | None:
    """Outlet named by a dateline, byline, source label or copyright line."""
    for i, line in enumerate(head):
        dl = dateline(line)
        if dl is not None and dl[0]:
            hit = canonical_outlet(dl[0])
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
                hit = canonical_outlet(candidate)
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
    segments = [seg for seg in re.split(rf"\s*(?:[,|(){DASH}/]|\bfor\b|\band\b)\s*", m.group(1)) if seg]
    if not segments or not (canonical_outlet(segments[0]) or _looks_like_name(segments[0])):
        return None  # "By the end of the day, ..." is prose, not a byline
    for segment in segments:
        hit = canonical_outlet(segment)
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
    return outlet_prefix(m.group(1)) if m else None


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
    stamp = stamp_re().match(line)
    if stamp is not None and leading_date(stamp.group("rest")) is not None:
        return False
    if leading_date(line) is not None or dateline(line) is not None:
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
