"""Pattern helpers for the name finder and the resolver: fast scanning of large alternations.

Scanning a sentence with a large case-insensitive alternation costs tens of
microseconds, and most sentences hold no match.  :func:`scanner` adds a lookahead on
the characters every match starts with; :func:`may_match` answers "could this pattern
match here?" with a few substring tests on the :func:`folded` text, using literal
strings derived from the pattern itself.  (The tagger's vocabulary is data:
``geo/tag/rules/``.)
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["folded", "may_match", "scanner"]



def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


def scanner(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a pattern searched along a text, faster.

    ``re`` tries a large alternation at every position; a lookahead on the characters that
    every match starts with, read off the parsed pattern, rejects most positions at once.
    Matches are the same: the lookahead only restates what the pattern requires."""
    try:
        first = _first_chars(_parser().parse(pattern, flags))
    except Exception:  # pragma: no cover - an internal format we do not know: compile as is
        first = None
    if first:
        pattern = "(?=[" + "".join(re.escape(ch) for ch in sorted(first)) + "])" + pattern
    return re.compile(pattern, flags)


def _first_chars(items: Any) -> set[str] | None:
    """The characters that a match of the parsed sequence ``items`` can start with, or None
    when that is not known (or a match may be empty)."""
    items = list(items)
    for i, (op, av) in enumerate(items):
        name = getattr(op, "name", "")
        if name == "AT":
            continue  # \b, ^: zero-width
        if name == "LITERAL":
            return {chr(av)}
        if name == "IN":
            chars = set()
            for kind, value in av:
                if getattr(kind, "name", "") != "LITERAL":
                    return None  # a range, category or negation: not worth spelling out
                chars.add(chr(value))
            return chars
        if name == "SUBPATTERN":
            return _first_chars(av[-1])
        if name == "BRANCH":
            out: set[str] = set()
            for alt in av[1]:
                sub = _first_chars(alt)
                if sub is None:
                    return None
                out |= sub
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub = _first_chars(av[2])
            if sub is None or av[0] >= 1:
                return sub
            rest = _first_chars(items[i + 1:])  # optional: it or what follows
            return None if rest is None else sub | rest
        return None  # lookarounds, back references, any character: not known
    return None

def folded(text: str) -> str:
    """``text`` lower-cased for :func:`may_match`: every character that a case-insensitive
    pattern matches to an ASCII character becomes that character (the dotted ``İ``,
    dotless ``ı`` and long ``ſ`` included).  Offsets are not kept."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u0307", "").replace("ı", "i").replace("ſ", "s")
    return low


def may_match(rx: re.Pattern[str], folded_text: str) -> bool:
    """False only when ``rx`` cannot match the text that ``folded_text`` was made from
    (:func:`folded`): every match of ``rx`` contains one of its anchors and none occurs."""
    known = _BY_ID.get(id(rx))
    if known is None or known[0] is not rx:
        known = _BY_ID[id(rx)] = (rx, _anchors(rx))
    anchors = known[1]
    if anchors is None:
        return True
    for a in anchors:  # a plain loop: any() over a generator costs twice as much here
        if a in folded_text:
            return True
    return False


def _anchors(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings of which every match of ``rx`` contains at least one,
    read off the parsed pattern; None when there are none (or the parser is unknown)."""
    key = (rx.pattern, rx.flags)  # not the pattern itself: hashing one hashes its whole program
    if key not in _ANCHORS:
        _ANCHORS[key] = _derive_anchors(rx)
    return _ANCHORS[key]


_ANCHORS: dict[tuple[str, int], tuple[str, ...] | None] = {}
# The same by the pattern object's id, which is cheaper to look up than (pattern, flags); each
# entry holds its pattern, so that id is not reused by another pattern meanwhile.
_BY_ID: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def _derive_anchors(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    try:
        return _required(_parser().parse(rx.pattern, rx.flags))
    except Exception:  # pragma: no cover - an internal format we do not know: always scan
        return None


def _required(items: Any) -> tuple[str, ...] | None:
    """Anchors of a sequence of parsed items: one of the sets that every match of it
    needs (a run of literal characters, or a required group's anchors), the most selective."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        name = getattr(op, "name", "")
        if name == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        if name == "AT":
            continue  # \b, ^, $: zero-width, the literals on both sides stay adjacent
        if run:
            options.append(("".join(run),))
            run = []
        sub = None
        if name == "SUBPATTERN":
            sub = _required(av[-1])
        elif name == "BRANCH":
            sub = _either(av[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            sub = _required(av[2])
        if sub:
            options.append(sub)
    if run:
        options.append(("".join(run),))
    if not options:
        return None
    # One long word beats a set of alternatives ("control" over "russian|ukrainian|...").
    return max(options, key=lambda a: (len(a) == 1 and len(a[0].strip()) >= 4, min(len(x.strip()) for x in a),
                                       -len(a)))


def _either(alternatives: Any) -> tuple[str, ...] | None:
    """Anchors of a branch: those of every alternative, without any that holds another."""
    out: set[str] = set()
    for alt in alternatives:
        sub = _required(alt)
        if sub is None:
            return None
        out.update(sub)
    return tuple(sorted(a for a in out if not any(b != a and b in a for b in out)))
