"""Dates in text: full dates, date stamps, datelines."""

from __future__ import annotations

import datetime as _dt
import functools
import re

from dateutil import parser as _dateutil

_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY_RE = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
DASH = "\\-\u2013\u2014"


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
    """Convert a :func:`_full_date_re` match: numbers in the order the pattern fixed them,
    a date with a month name read by python-dateutil."""
    g = m.group
    if g("iy"):
        return _make_date(int(g("iy")), int(g("im")), int(g("id")))
    if g("cy"):
        return _make_date(int(g("cy")), int(g("cm")), int(g("cd")))
    return _named_date(m.group(0))


#: What python-dateutil fills in for a part a string does not state: never a date we accept.
_UNSTATED = _dt.datetime(1, 1, 1)


@functools.lru_cache(maxsize=4096)
def _named_date(text: str) -> _dt.date | None:
    """``Nov 27, 2024`` / ``3rd of March 2024`` as a date in a plausible range, else ``None``."""
    try:
        value = _dateutil.parse(text, default=_UNSTATED)
    except (ValueError, OverflowError):  # no such day ("Feb 30, 2024")
        return None
    return _make_date(value.year, value.month, value.day)


#: An ISO 8601 value that states a day: calendar (``2025-02-11``, ``20250211``) or week date.
_ISO_DAY = re.compile(r"\d{4}(?:-?\d{2}-?\d{2}|-?W\d{2}-?\d)(?:$|T)")


def _iso_date(value: str) -> _dt.date | None:
    """The day of a whole ISO 8601 value (``2025-02-11T09:30:00Z``, ``2025-W07-2``), else ``None``."""
    if _ISO_DAY.match(value) is None:
        return None
    try:
        found = _dateutil.isoparse(value)
    except (ValueError, OverflowError):
        return None
    return _make_date(found.year, found.month, found.day)


def parse_date(value: str) -> str | None:
    """A stated date as ``YYYY-MM-DD``: the whole value read as ISO 8601 by python-dateutil,
    else the first full date in it; ``None`` if it holds none."""
    iso = _iso_date(value)
    if iso is not None:
        return iso.isoformat()
    for m in _full_date_re().finditer(value):
        found = _date_from_match(m)
        if found is not None:
            return found.isoformat()
    return None


def leading_date(text: str) -> tuple[_dt.date, str] | None:
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
def stamp_re() -> re.Pattern[str]:
    """A date label at a line start; group ``rest`` is what follows it."""
    return re.compile(
        rf"^\s*(?:(?P<pub>{_STAMP_PUBLISHED})|(?P<upd>{_STAMP_UPDATED}))\b"
        rf"\s*(?:on|at)?\s*[:{DASH}]?\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


@functools.cache
def date_tail_re() -> re.Pattern[str]:
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
        rf"(?:\((?P<agency>[^()\n]{{1,40}})\))?\s*[{DASH}]"
    )


def dateline(line: str) -> tuple[str | None, str | None] | None:
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


def dateline_date(when: str, text: str) -> _dt.date | None:
    """Date of a dateline's ``Dec 3`` / ``3 Dec`` / ``Dec 3, 2025``."""
    full = parse_date(when)
    if full is not None:
        return _dt.date.fromisoformat(full)
    m = re.match(rf"(?:{_MONTH_RE}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_RE})(?!\d)", when, re.I)
    if m is None:
        return None
    try:  # the month and day, in a leap year so that Feb 29 is one
        value = _dateutil.parse(m.group(0), default=_dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    if value.day != int(re.sub(r"\D", "", m.group(0))):
        return None  # "32 Jan": the number was read as a year, not a day
    return _year_for(value.month, value.day, text)
