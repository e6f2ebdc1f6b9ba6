"""The per-article unit every engine runs: an article -> its mentions, resolutions and
claims (:func:`analyse`), and the GeoJSON features a build keeps of it, within the
article's budget (:func:`article_features`).
"""

from __future__ import annotations

import bisect
import os
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from .errors import InputError
from .gazetteer import Gazetteer
from .gazetteer.online import Fallback
from .spot import find_mentions
from .model import Article, Claim, Resolution
from .output.geojson import to_geojson
from .resolve import resolve
from .tag import classify
from .text import Sentence, sentences

__all__ = ["ARTICLE_SECONDS", "EVIDENCE_MAX", "EVIDENCE_WINDOW", "MAX_ANALYSED_CHARS", "MAX_FEATURES", "MAX_MENTIONS",
           "analyse", "analyse_within_budget", "article_features", "clip_evidence"]

_T = TypeVar("_T")


def analyse(article: Article, gazetteer: Gazetteer, *,
            fallback: Fallback | None = None) -> tuple[list[Resolution], list[Claim]]:
    """Run mentions -> resolve -> tag on one article (``fallback``: see :mod:`geo.gazetteer.online`)."""
    mentions = find_mentions(article, gazetteer)
    res = resolve(article, mentions, gazetteer, fallback=fallback)
    return res, classify(article, res)


def article_features(article: Article, gazetteer: Gazetteer, *, fallback: Fallback | None = None,
                     budget: bool = True) -> list[dict]:
    """The GeoJSON features of one article (the unit the cache and the engines work in).

    With ``budget`` (the default) the article is analysed within the limits below and
    each feature's evidence is clipped to a window around its mention
    (:func:`clip_evidence`); an article over a limit raises :class:`InputError` saying
    it is too complex (a build reports it and goes on with the others).
    """
    if not budget:
        return to_geojson([(article, analyse(article, gazetteer, fallback=fallback)[1])])["features"]
    claims = analyse_within_budget(article, gazetteer, fallback=fallback)[1]
    features = to_geojson([(article, claims)])["features"]
    if len(features) > MAX_FEATURES:
        raise _too_complex(article, f"{len(features)} features, over the limit of {MAX_FEATURES}")
    return clip_evidence(article.text, features)


#: The budget of one article: more text than this (after HTML is reduced to its text) is
#: not analysed.  News articles run to tens of thousands of characters.
MAX_ANALYSED_CHARS = 500_000
#: ... more place mentions than this are not resolved ...
MAX_MENTIONS = 20_000
#: ... more features than this are not added to the outputs ...
MAX_FEATURES = 5_000
#: ... and an article still being analysed after this many seconds is given up
#: (``GEO_ARTICLE_SECONDS`` overrides it; 0 turns the limit off).  Analysis takes time in
#: proportion to the text, so only a pathological article, or a machine stalled by others,
#: meets this limit; the limits above are met first and do not depend on the machine.
ARTICLE_SECONDS = 10.0
#: Evidence longer than this is clipped to :data:`EVIDENCE_WINDOW` characters either side of
#: the mention, an ellipsis marking each cut end.
EVIDENCE_MAX = 1000
EVIDENCE_WINDOW = 300
_ELLIPSIS = "\u2026"


class _OutOfTime(BaseException):
    """Raised by the timer inside an article's analysis (a BaseException, so that no
    ``except Exception`` of a stage takes it for a failure of its own)."""


def _too_complex(article: Article, why: str) -> InputError:
    return InputError(f"{article.source_path or article.id}: article too complex to analyse ({why}); skipped")


def _analyse_within(article: Article, gazetteer: Gazetteer,
                    fallback: Fallback | None) -> tuple[list[Resolution], list[Claim]]:
    """:func:`analyse`, within the size limits of the budget."""
    if len(article.text) > MAX_ANALYSED_CHARS:
        raise _too_complex(article, f"{len(article.text):,} characters of text, over the limit of "
                                    f"{MAX_ANALYSED_CHARS:,}")
    mentions = find_mentions(article, gazetteer)
    if len(mentions) > MAX_MENTIONS:
        raise _too_complex(article, f"{len(mentions):,} place mentions, over the limit of {MAX_MENTIONS:,}")
    res = resolve(article, mentions, gazetteer, fallback=fallback)
    return res, classify(article, res)


def analyse_within_budget(article: Article, gazetteer: Gazetteer, *,
                          fallback: Fallback | None = None) -> tuple[list[Resolution], list[Claim]]:
    """:func:`analyse` within the article's budget (the limits below); an article over a
    limit raises :class:`InputError` saying it is too complex."""
    return _budgeted(article, lambda: _analyse_within(article, gazetteer, fallback))


def _article_seconds() -> float:
    raw = os.environ.get("GEO_ARTICLE_SECONDS")
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            pass
    return ARTICLE_SECONDS


def _budgeted(article: Article, work: Callable[[], _T]) -> _T:
    """Run ``work`` under the article's time limit: a timer interrupts it where the
    platform allows one (the main thread of a POSIX process); elsewhere only the size
    limits apply."""
    seconds = _article_seconds()
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        return work()

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except (ValueError, OSError):  # not allowed here after all
        return work()
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        raise _too_complex(article, f"still not analysed after {seconds:g} s") from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def clip_evidence(text: str, features: list[dict]) -> list[dict]:
    """Clip each feature's evidence longer than :data:`EVIDENCE_MAX` to
    :data:`EVIDENCE_WINDOW` characters either side of its mention (at word boundaries when
    there are some), marking each cut end with an ellipsis, so that one long sentence naming
    hundreds of places does not repeat itself in every feature.  Evidence that is not the
    sentence of the mention is clipped from its start."""
    spans: list[Sentence] | None = None
    for f in features:
        p = f["properties"]
        evidence = p["evidence"]
        if len(evidence) <= EVIDENCE_MAX:
            continue
        if spans is None:
            spans = sentences(text)
        starts = [s.start for s in spans] if spans else []
        k = bisect.bisect_right(starts, p["start"]) - 1
        s = spans[k] if k >= 0 else None
        if s is not None and s.text == evidence and s.start <= p["start"] and p["end"] <= s.end:
            a, b = p["start"] - s.start, p["end"] - s.start
        else:
            a, b = 0, 0
        p["evidence"] = _clip(evidence, a, b)
    return features


def _clip(evidence: str, a: int, b: int) -> str:
    """``evidence`` cut to :data:`EVIDENCE_WINDOW` characters either side of ``[a, b)``."""
    lo, hi = max(0, a - EVIDENCE_WINDOW), min(len(evidence), b + EVIDENCE_WINDOW)
    if lo > 0:
        space = evidence.find(" ", lo, a)
        lo = space + 1 if space != -1 else lo
    if hi < len(evidence):
        space = evidence.rfind(" ", b, hi)
        hi = space if space != -1 else hi
    return (_ELLIPSIS if lo > 0 else "") + evidence[lo:hi].strip() + (_ELLIPSIS if hi < len(evidence) else "")

