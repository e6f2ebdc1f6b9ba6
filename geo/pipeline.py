"""The pipeline: articles -> mentions -> resolutions -> claims -> GeoJSON and map.

:func:`extract` runs the stages on one text; :func:`build` runs them on files and
writes ``claims.geojson``, ``places.geojson`` and ``claims.html`` atomically.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import marshal
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO, TypeVar

from .ingest import Unread, read_articles, read_inputs
from .cache import ArticleCache, article_key, code_version
from .tag import classify
from .errors import ConfigError, GeoError, InputError, OutputError
from .gazetteer import Gazetteer, cache_dir, data_dir, gazetteer_version, load_gazetteer
from .geocode import Fallback
from .geojson import (ENCODER, PlaceGroup, collection_chunks, feature_order, iter_places, place_row, place_status,
                      row_tag, to_geojson)
from .spot import find_mentions
from .model import Article, Claim, MatchKind, Resolution
from .resolve import resolve
from .spill import ExternalSort
from .text import Sentence, sentences
from .webmap import MapData, page_chunks, prepare_place, shaded_regions

__all__ = ["ENGINES", "ReportedClaim", "Result", "analyse", "article_features", "build", "extract", "iter_mentions",
           "merge_features"]

_T = TypeVar("_T")

#: Where the per-article work runs.
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Result:
    """What :func:`build` did: how much it found, the files it wrote, and the errors met.

    ``claims`` and ``places`` are the written collections, read back from
    ``claims.geojson`` and ``places.geojson`` on first use (a build streams its
    features to disk rather than holding them).
    """

    articles: int
    outputs: tuple[Path, ...] = ()
    errors: tuple[str, ...] = field(default=())
    events: int = 0
    n_places: int = 0
    _loaded: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def claims(self) -> dict:
        """The claim FeatureCollection (``claims.geojson``)."""
        return self._collection("claims.geojson")

    @property
    def places(self) -> dict:
        """The per-place FeatureCollection (``places.geojson``)."""
        return self._collection("places.geojson")

    def _collection(self, name: str) -> dict:
        if name not in self._loaded:
            path = next((p for p in self.outputs if p.name == name), None)
            self._loaded[name] = (json.loads(path.read_text(encoding="utf-8")) if path is not None
                                  else {"type": "FeatureCollection", "features": []})
        return self._loaded[name]


def analyse(article: Article, gazetteer: Gazetteer, *,
            fallback: Fallback | None = None) -> tuple[list[Resolution], list[Claim]]:
    """Run mentions -> resolve -> tag on one article (``fallback``: see :mod:`geo.geocode`)."""
    mentions = find_mentions(article, gazetteer)
    res = resolve(article, mentions, gazetteer, fallback=fallback)
    return res, classify(article, res)


@dataclass(frozen=True, slots=True)
class ReportedClaim(Claim):
    """A :class:`~geo.model.Claim` with the article it was read in: ``article.url``,
    ``article.publisher``, ``article.date`` and ``article.title`` cite the report
    (what :func:`extract` was given; ``None`` where it was not)."""

    article: Article | None = field(default=None, repr=False, compare=False)


def extract(text: str, *, article_id: str = "text", gazetteer: Gazetteer | None = None,
            url: str | None = None, publisher: str | None = None, date: str | None = None,
            title: str | None = None) -> list[Claim]:
    """Claims in one text.

    Parameters
    ----------
    text : str
        Article text.
    article_id, url, publisher, date, title : str, optional
        Metadata carried into each claim's citation.
    gazetteer : Gazetteer, optional
        Defaults to the offline GeoNames gazetteer.

    Returns
    -------
    list of ReportedClaim
        Claims that carry the article (and so its metadata) as ``claim.article``.

    Examples
    --------
    >>> import geo
    >>> claims = geo.extract("Russia said it captured Siversk in the Donetsk region.")  # doctest: +SKIP
    >>> [(c.place.name, c.tag.value, c.claimant) for c in claims][1]                    # doctest: +SKIP
    ('Siversk', 'capture_claim', 'RU')
    """
    gaz = gazetteer or load_gazetteer()
    article = Article(article_id, text, url=url, publisher=publisher, date=date, title=title)
    return [ReportedClaim(**{name: getattr(c, name) for name in _CLAIM_FIELDS}, article=article)
            for c in analyse(article, gaz)[1]]


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def iter_mentions(inputs: Iterable[str | os.PathLike], *, gazetteer: Gazetteer | None = None,
                  on_error: Callable[[InputError], None] | None = None) -> Iterator[dict]:
    """One flat record per place mention (resolved or not), for ``geo mentions``."""
    gaz = gazetteer or load_gazetteer()
    for article in read_articles(inputs, on_error=on_error):
        try:
            res, claims = _budgeted(article, lambda: _analyse_within(article, gaz, None))
        except InputError as err:  # too complex: reported like an unreadable article
            if on_error is None:
                raise
            on_error(err)
            continue
        tags: dict[int, Claim] = {}
        for c in claims:
            if c.mention.start not in tags or tags[c.mention.start].tag.value == "mention":
                tags[c.mention.start] = c
        for r in res:
            if r.place is None and r.mention.kind is MatchKind.UNKNOWN:
                continue  # a settlement name the gazetteer lacks and nothing placed: not a geoparsed place
            p, tagged = r.place, tags.get(r.mention.start)
            yield {"article": article.id, "start": r.mention.start, "end": r.mention.end,
                   "surface": r.mention.text, "place": p.name if p else None,
                   "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None,
                   "admin1": p.admin1 if p else None, "country": p.country if p else None,
                   "kind": p.kind if p else None, "precision": p.precision if p else None,
                   "tag": tagged.tag.value if tagged else None, "claimant": tagged.claimant if tagged else None,
                   "reason": r.reason or None, "rule": (tagged.rule or None) if tagged else None,
                   "cue": (tagged.cue or None) if tagged else None}


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
    claims = _budgeted(article, lambda: _analyse_within(article, gazetteer, fallback))[1]
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


def merge_features(per_article: Iterable[list[dict]]) -> dict:
    """One FeatureCollection from per-article features, in the canonical order."""
    feats = [f for fs in per_article for f in fs]
    feats.sort(key=feature_order)
    return {"type": "FeatureCollection", "features": feats}


def build(inputs: Iterable[str | os.PathLike] = ("seeds",), *, out: str | os.PathLike = "maps",
          gazetteer: Gazetteer | None = None, on_error: Callable[[GeoError], None] | None = None,
          html: bool = True, fallback: Fallback | None = None, formats: Sequence[str] = (),
          cache: bool = True, engine: str = "local", scheduler: str | None = None,
          keep: Callable[[dict], bool] | None = None, export_mentions: bool = False,
          progress: Callable[[int, list[tuple[str, str | None]]], None] | None = None) -> Result:
    """Build the claim map and GeoJSON from articles.

    Parameters
    ----------
    inputs : iterable of path
        Files (.txt, .md, .html, .jsonl) and folders of them.
    out : path
        Output folder; gets ``claims.geojson``, ``places.geojson`` and ``claims.html``.
    gazetteer : Gazetteer, optional
        Defaults to the offline GeoNames gazetteer.
    on_error : callable, optional
        Called with each per-article :class:`~geo.errors.InputError`; the build goes
        on with the other articles.  Errors are also collected in the result.
    html : bool
        Also write the HTML map.
    fallback : Fallback, optional
        Opt-in online geocoder for names the gazetteer lacks (:class:`geo.geocode.OnlineFallback`).
    formats : sequence of str
        Extra exports: any of ``csv``, ``gpkg``, ``kml`` (see :mod:`geo.export`) and
        ``parquet`` (a folder of GeoParquet files partitioned by country, for large corpora).
    cache : bool
        Reuse per-article results of earlier runs (see :mod:`geo.cache`); the output is
        byte-identical either way.
    engine : str
        ``local`` (this process) or ``dask`` (a dask.distributed cluster).
    scheduler : str, optional
        The Dask scheduler address; a local cluster when omitted.
    keep : callable, optional
        Keep only the claim features for which ``keep(feature)`` is true (the CLI's
        ``--since``, ``--tag`` ... filters); the cache holds every feature either way.
    export_mentions : bool
        Also write plain mentions as rows of the CSV, KML and GeoPackage exports.
    progress : callable, optional
        Called after each article with the number of articles so far and the
        ``(tag, claimant)`` of each claim kept from it.

    Returns
    -------
    Result

    Raises
    ------
    OutputError
        When the output folder cannot be written; earlier outputs stay intact.
    ConfigError
        For an unknown engine or export format.

    Examples
    --------
    >>> import geo
    >>> result = geo.build(["seeds"], out="maps")   # doctest: +SKIP
    >>> result.outputs[0].name                      # doctest: +SKIP
    'claims.geojson'
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
    if formats:
        from .export import check_formats

        check_formats(formats, extra=("parquet",))
    if "parquet" in formats:
        _check_parquet()  # before any work, not after the other outputs are written
    errors: list[str] = []

    def _err(e: GeoError) -> None:
        errors.append(str(e))
        if on_error is not None:
            on_error(e)

    counted = [0]
    per_article: Iterable[Record]
    store: ArticleCache | None = None
    if engine == "dask":
        from .distributed import dask_features

        features, counted[0] = dask_features(read_articles(inputs, on_error=_err, exclude=[out]), scheduler=scheduler,
                                             fallback=fallback)
        per_article = _dask_records(features, _err, counted)
    else:
        store = ArticleCache(cache_dir() / "articles.sqlite") if cache and fallback is None else None
        per_article = _local_features(inputs, gazetteer, store, fallback, _err,
                                      counted, exclude=[out])
    if keep is not None:
        per_article = (_kept(record, keep) for record in per_article)
    if progress is not None:
        per_article = _reporting(per_article, progress, counted)
    memo = ArticleCache(cache_dir() / "places.sqlite") if cache else None
    try:
        with _sigterm_as_sigint():
            return _build(per_article, memo, errors, counted, out=Path(out), html=html, cache=cache,
                          formats=formats, report=_err, inputs=inputs, export_mentions=export_mentions)
    finally:
        for kept in (store, memo):
            if kept is not None:
                kept.close()


def _kept(record: Record, keep: Callable[[dict], bool]) -> Record:
    """An article's record with only the features ``keep`` accepts."""
    features = [json.loads(line) for line in record[1].split(_LINES)] if record[1] else []
    kept = [f for f in features if keep(f)]
    return record if len(kept) == len(features) else feature_records(kept)


def _reporting(per_article: Iterable[Record], progress: Callable[[int, list[tuple[str, str | None]]], None],
               counted: list[int]) -> Iterator[Record]:
    """The records, calling ``progress`` after each (see :func:`build`)."""
    for record in per_article:
        yield record
        progress(counted[0], [(values[1], values[2]) for _, values in record[2]])


def _dask_records(features: list, report: Callable[[GeoError], None], counted: list[int]) -> Iterator[Record]:
    """The records of :func:`~geo.distributed.dask_features`' articles; an article a worker
    found over its budget is reported (and not counted) as the local engine does."""
    for feats in features:
        if isinstance(feats, str):
            report(InputError(feats))
            counted[0] -= 1
            continue
        yield feature_records(feats)


def _check_parquet() -> None:
    """Raise :class:`ConfigError` now when GeoParquet cannot be written."""
    try:
        import geopandas  # noqa: F401
        import pyarrow  # noqa: F401
        import shapely  # noqa: F401
    except ImportError as err:
        raise ConfigError(f"GeoParquet output needs geopandas and pyarrow: pip install 'geo-claims[dask]' "
                          f"({err}); nothing was written") from err


class _sigterm_as_sigint:
    """While a build runs in the main thread, SIGTERM (a service manager stopping it, ``kill``)
    interrupts it as Ctrl-C does: the outputs are left as they were, temporary files removed."""

    def __enter__(self) -> None:
        self._previous = None
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
            try:
                self._previous = signal.signal(signal.SIGTERM, _interrupt)
            except (ValueError, OSError):
                self._previous = None

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _build(per_article: Iterable[Record], memo: ArticleCache | None, errors: list[str], counted: list[int], *,
           out: Path, html: bool, cache: bool, formats: Sequence[str], report: Callable[[GeoError], None],
           inputs: Iterable[str | os.PathLike], export_mentions: bool = False) -> Result:
    """Merge the articles' records and write the outputs (see :func:`build`)."""
    with _Collector(map_data=html, memo=memo) as collected:
        for feats in per_article:
            collected.add(feats)
        if not collected.articles and not errors:
            named = ", ".join(os.fspath(p) for p in ([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs))
            kinds = "text, Markdown, HTML or JSON lines"
            report(InputError(f"{named or 'no input'}: no article found (no {kinds} files); "
                              "the previous outputs are left as they were"))
        if not collected.articles and errors:
            # Every input failed (a mistyped path, say): keep the previous map rather than
            # replacing it with an empty one.
            return Result(0, (), tuple(errors))
        files: dict[str, Callable[[BinaryIO], None]] = {"claims.geojson": collected.write_claims,
                                                        "places.geojson": collected.write_places}
        if html:
            shells = cache_dir() / "maps" if cache else None
            files["claims.html"] = lambda f: collected.write_map(f, shells)
        claims_fc = collected.claims_collection() if formats else None
        if claims_fc is not None and [f for f in formats if f != "parquet"]:
            from .export import export

            places_fc = place_status(claims_fc)
            for name, content in export(claims_fc, places_fc, [f for f in formats if f != "parquet"],
                                        mentions=export_mentions).items():
                files[name] = _content_writer(content)
        folders: dict[str, Callable[[Path], object]] = {}
        if claims_fc is not None and "parquet" in formats:
            from .distributed import write_geoparquet

            fc = claims_fc
            folders["claims.parquet"] = lambda folder: write_geoparquet(fc, folder)
        written = _write_all(Path(out), files, folders)
        return Result(counted[0], written, tuple(errors), collected.events, collected.places_written)


def _local_features(inputs: Iterable[str | os.PathLike], gazetteer: Gazetteer | None, store: ArticleCache | None,
                    fallback: Fallback | None, report: Callable[[GeoError], None],
                    counted: list[int], exclude: Sequence[str | os.PathLike] = ()) -> Iterator[Record]:
    """Each input article's feature records, from the cache when it has them; ``counted[0]``
    counts articles.  Input errors are reported in input order.

    An article found in the cache is neither parsed nor analysed, and the gazetteer is
    loaded only when some article is not in the cache.  The cache is asked about a batch
    of articles at a time.
    """
    gaz = gazetteer
    version = (gaz.version if gaz is not None else gazetteer_version()) if store else ""
    pending: list[Unread | GeoError] = []  # read articles and input errors, in input order
    unread_articles = read_inputs(inputs, on_error=pending.append, exclude=exclude)
    while True:
        for item in unread_articles:
            pending.append(item)
            if len(pending) >= _LOOKUP_BATCH:
                break
        if not pending:
            return
        batch = pending[:]
        del pending[:]
        keys = [article_key(u, version) for u in batch if isinstance(u, Unread)] if store else []
        hits = iter(store.get_many(keys) if store else [])
        found = iter(keys)
        for unread in batch:
            if not isinstance(unread, Unread):
                report(unread)
                continue
            key = next(found, "")
            cached = next(hits, None)
            feats = (cached[0], cached[1], cached[2]) if cached is not None and len(cached) == 3 else None
            if feats is None:
                try:
                    article = unread.parse()
                except InputError as err:
                    report(err)
                    continue
                if gaz is None:
                    gaz = load_gazetteer()
                try:
                    feats = feature_records(article_features(article, gaz, fallback=fallback))
                except Exception as err:  # one bad article must not sink the others
                    if os.environ.get("GEO_DEBUG"):
                        raise
                    report(InputError(f"{article.source_path or article.id}: internal error while "
                                      f"processing this article ({type(err).__name__}: {err}); it was skipped"))
                    continue
                if store:
                    store.put(key, list(feats))
            counted[0] += 1
            yield feats


# Articles (or places) looked up in the cache at once: few queries, little memory.
_LOOKUP_BATCH = 256


#: One article's claim features as a build keeps them: the article id, the features' JSON
#: lines in canonical order joined by ",\n" (the canonical order sorts by article first,
#: so an article's lines stay together in ``claims.geojson``), and each feature's
#: :func:`~geo.geojson.place_row`.  Plain values: cached and spilled with :mod:`marshal`.
Record = tuple[str, str, list[tuple[tuple, tuple]]]


def feature_records(features: list[dict]) -> Record:
    """The :data:`Record` of one article's features."""
    features = sorted(features, key=feature_order)
    article = features[0]["properties"]["article"] if features else ""
    return article, _LINES.join(map(ENCODER.encode, features)), [place_row(f) for f in features]


# Between two feature lines; no encoded feature holds a line break, so this splits them again.
_LINES = ",\n"


class _Collector:
    """The features of a build, sorted on disk as they arrive; writes the outputs from there.

    Memory stays bounded whatever the corpus size: each article's features are kept as
    their JSON lines (for ``claims.geojson``, sorted by article) and each feature as a
    :func:`~geo.geojson.place_row` (for the per-place status, sorted by place), both in
    :class:`~geo.spill.ExternalSort`.  Only the map holds
    what it embeds.  With a ``memo``, each place's output (its ``places.geojson`` line
    and what the map keeps of it) is cached under a digest of its claims, so a
    rebuild recomputes only the places whose claims changed.
    """

    def __init__(self, *, map_data: bool, memo: ArticleCache | None = None) -> None:
        self._memo = memo
        self._claims = ExternalSort(key=itemgetter(0))
        self._rows = ExternalSort(key=itemgetter(0))
        self._map = MapData() if map_data else None
        self.articles = 0
        self.events = 0
        self.places_written = 0

    def add(self, record: Record) -> None:
        """Add one article's :func:`feature_records`."""
        article, lines, rows = record
        self.articles += 1
        if lines:
            self._claims.add((article, lines), len(lines))
        size = len(lines) // max(1, len(rows))
        for row in rows:
            self._rows.add(row, size)
            if row_tag(row) != "mention":
                self.events += 1

    def write_claims(self, out: BinaryIO) -> None:
        _write_text(out, collection_chunks(_HEAD, (lines for _, lines in self._claims)))

    def claims_collection(self) -> dict:
        """Every claim feature in memory (for the exports that need them all)."""
        return {"type": "FeatureCollection",
                "features": [json.loads(line) for _, lines in self._claims for line in lines.split(_LINES)]}

    def write_places(self, out: BinaryIO) -> None:
        """Write ``places.geojson``; the map's data is gathered on the way."""
        self.places_written = 0

        def lines() -> Iterator[str | Iterator[str]]:
            for batch in _place_batches(iter_places(self._rows)):
                outputs = self._place_outputs([group for group in batch if not group.huge])
                for group in batch:
                    self.places_written += 1
                    if group.huge:  # never all its citations at once
                        if self._map is not None:
                            self._map.add(group.summary(), group.spellings, group.citations())
                        yield group.chunks()
                    else:
                        line, prepared = next(outputs)
                        if self._map is not None and prepared is not None:
                            self._map.add_prepared(prepared)
                        yield line

        _write_text(out, collection_chunks(_HEAD, lines()))

    def _place_outputs(self, groups: list[PlaceGroup]) -> Iterator[tuple[str, tuple | None]]:
        """Each place's ``places.geojson`` line and its :func:`~geo.webmap.prepare_place`,
        from the memo when it has them."""
        memo = self._memo
        keys: list[str] = []
        if memo is not None:
            version = _place_version()
            # marshal version 2 writes equal values as equal bytes (no back-references).
            keys = [hashlib.sha256(marshal.dumps((version, g.name, g.lat, g.lon, g.rows), 2)).hexdigest()
                    for g in groups]
        hits = memo.get_many(keys) if memo is not None else [None] * len(groups)
        for group, key, hit in zip(groups, keys or [""] * len(groups), hits):
            if hit is not None and len(hit) == 2:
                yield hit[0], hit[1]
                continue
            feature = group.feature()
            line = ENCODER.encode(feature)
            prepared = prepare_place(feature, group.spellings) if memo is not None or self._map is not None else None
            if memo is not None:
                memo.put(key, [line, prepared])
            yield line, prepared

    def write_map(self, out: BinaryIO, shells: Path | None) -> None:
        assert self._map is not None, "write_places gathers the map's data first"
        _write_text(out, page_chunks(self._map, shell_cache=shells, shaded=self._shaded_regions()))

    def _shaded_regions(self) -> tuple[str, bool]:
        """The map's region shading (:func:`~geo.webmap.shaded_regions`), from the memo
        when the same regions of the same outlines were shaded before."""
        assert self._map is not None
        codes = self._map.event_regions
        key = ""
        if self._memo is not None:
            outlines = _regions_path()
            stamp = hashlib.sha256(outlines.read_bytes()).hexdigest() if outlines is not None else ""
            key = hashlib.sha256(marshal.dumps(("regions", _place_version(), stamp, codes), 2)).hexdigest()
            hit = self._memo.get(key)
            if hit is not None and len(hit) == 2:
                return hit[0], hit[1]
        regions, rounded = _regions() if codes else (None, False)
        text, has = shaded_regions(regions, codes, rounded=rounded)
        if self._memo is not None:
            self._memo.put(key, [text, has])
        return text, has

    def close(self) -> None:
        self._claims.close()
        self._rows.close()

    def __enter__(self) -> _Collector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_HEAD = {"type": "FeatureCollection"}


def _place_batches(groups: Iterable[PlaceGroup], *, rows: int = 50_000) -> Iterator[list[PlaceGroup]]:
    """Places in batches of at most :data:`_LOOKUP_BATCH` places or about ``rows`` claims,
    so a batch's lookups are one query and its claims fit in memory."""
    batch: list[PlaceGroup] = []
    size = 0
    for group in groups:
        batch.append(group)
        size += len(group.rows)
        if len(batch) >= _LOOKUP_BATCH or size >= rows:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _write_text(out: BinaryIO, chunks: Iterable[str], *, block: int = 1 << 20) -> None:
    """Write text pieces as UTF-8, about ``block`` characters at a time (one write per line
    would cost a call per feature)."""
    buf: list[str] = []
    size = 0
    for chunk in chunks:
        buf.append(chunk)
        size += len(chunk)
        if size >= block:
            out.write("".join(buf).encode("utf-8"))
            buf, size = [], 0
    if buf:
        out.write("".join(buf).encode("utf-8"))


def _place_version() -> str:
    """The version of the code that turns a place's claims into its outputs."""
    return code_version("geojson", "webmap")


def _content_writer(content: str | bytes) -> Callable[[BinaryIO], None]:
    data = content.encode("utf-8") if isinstance(content, str) else content

    def write(f: BinaryIO) -> None:
        f.write(data)

    return write


def _regions_path() -> Path | None:
    """The file of region outlines for shading: the world's admin-1 outlines, or Ukraine's alone."""
    for name in ("admin1_shapes.geojson", "ukraine_admin1.geojson"):
        path = data_dir() / name
        if path.exists():
            return path
    return None


def _regions() -> tuple[dict | None, bool]:
    """Region outlines for shading, keyed by ``code``, and whether their coordinates are
    rounded already (``admin1_shapes.geojson`` has 3 decimals)."""
    path = _regions_path()
    if path is None:
        return None, False
    fc = json.loads(path.read_text(encoding="utf-8"))
    if path.name == "admin1_shapes.geojson":
        return fc, True
    for f in fc["features"]:
        f["properties"] = {"code": f["properties"]["iso_3166_2"], "name": f["properties"]["name"]}
    return fc, False


_UMASK = os.umask(0)
os.umask(_UMASK)


#: The commit in progress: written once every output is complete, removed once all are in
#: place; a build that finds it finishes the interrupted commit before anything else.
_JOURNAL = ".geo-commit.json"
#: Every name a build writes into an output folder (its temporary files start with "." and one of them).
_OUTPUT_NAMES = ("claims.geojson", "places.geojson", "claims.html", "claims.csv", "claims.gpkg", "claims.kml",
                 "claims.parquet")
_LOCK_WAIT = 60.0  # seconds to wait for another build writing the same folder


class _FolderLock:
    """An exclusive lock on the output folder itself (``flock`` on the folder, no lock file
    left behind), so that two builds into one folder write their sets one after the other."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None

    def __enter__(self) -> _FolderLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        try:
            self._fd = os.open(self.folder, os.O_RDONLY)
        except OSError:
            return self  # cannot be opened for locking (the writes below say why, if they fail)
        waited = 0.0
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if waited >= _LOCK_WAIT:
                    os.close(self._fd)
                    self._fd = None
                    raise OutputError(f"another build is writing to {self.folder} (waited {_LOCK_WAIT:g} s); "
                                      "nothing was written") from None
                time.sleep(0.1)
                waited += 0.1
            except OSError:
                return self  # a file system without locks

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None


def _remove_tree(path: str | Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _move_into_place(tmp: str, final: Path) -> None:
    """Rename ``tmp`` to ``final``; a folder (GeoParquet) replaces the previous folder."""
    if os.path.isdir(tmp) and final.is_dir() and not final.is_symlink():
        aside = tmp + ".old"
        os.replace(final, aside)
        os.replace(tmp, final)
        _remove_tree(aside)
    else:
        os.replace(tmp, final)


def _repair(out_dir: Path) -> None:
    """Finish a commit a killed build left halfway (its journal lists outputs all complete,
    some renamed, some not), then remove the temporary files builds left behind."""
    journal = out_dir / _JOURNAL
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pairs = None
    except (OSError, ValueError):
        pairs = []  # unreadable: the outputs it names were not all written; drop it
    if pairs is not None:
        for tmp, name in pairs if isinstance(pairs, list) else []:
            if isinstance(tmp, str) and name in _OUTPUT_NAMES and "/" not in tmp and os.path.lexists(out_dir / tmp):
                _move_into_place(str(out_dir / tmp), out_dir / name)
        journal.unlink(missing_ok=True)
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") and (name.endswith((".tmp", ".tmp.old")) or name.startswith(f"{_JOURNAL}.")) and any(
                name.startswith(f".{output}.") for output in (*_OUTPUT_NAMES, _JOURNAL)):
            _remove_tree(entry.path)


def _write_all(out_dir: Path, files: dict[str, Callable[[BinaryIO], None]],
               folders: dict[str, Callable[[Path], object]] | None = None) -> tuple[Path, ...]:
    """Write every output to a temporary name first (each file by its writer, in order, then
    each folder), then put them all in place as one commit.

    The output folder is locked for the whole step, so two builds into one folder do not mix
    their outputs.  Before the renames a journal names every complete temporary output: a
    build killed among the renames leaves it, and the next build into the folder finishes
    that commit first (and removes temporary files left by killed builds).  Within a build,
    the previous outputs are kept as hard links until every rename succeeded, so a failure
    (or Ctrl-C) at any point leaves the folder as it was, with no temporary files.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {out_dir}: {err.strerror or err}") from err
    with _FolderLock(out_dir):
        try:
            _repair(out_dir)
        except OSError as err:
            raise OutputError(f"cannot write to {out_dir}: {err.strerror or err}") from err
        return _commit(out_dir, files, folders or {})


def _commit(out_dir: Path, files: dict[str, Callable[[BinaryIO], None]],
            folders: dict[str, Callable[[Path], object]]) -> tuple[Path, ...]:
    temps: list[tuple[str, Path]] = []
    backups: list[tuple[str, Path]] = []
    replaced: list[Path] = []
    journal = out_dir / _JOURNAL
    try:
        for name, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, out_dir / name))
            with os.fdopen(fd, "wb") as f:
                os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
                content(f)
        for name, fill in folders.items():
            tmp = tempfile.mkdtemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, out_dir / name))
            os.chmod(tmp, 0o777 & ~_UMASK)
            fill(Path(tmp))
        staged = journal.with_name(f"{_JOURNAL}.{os.getpid()}")
        with open(staged, "w", encoding="utf-8") as f:
            json.dump([[os.path.basename(tmp), final.name] for tmp, final in temps], f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(staged, journal)
        for tmp, final in temps:
            if final.exists() and not final.is_dir():
                backup = tmp + ".old"
                os.link(final, backup)
                backups.append((backup, final))
        for tmp, final in temps:
            _move_into_place(tmp, final)
            replaced.append(final)
        journal.unlink()
    except BaseException as err:
        had_backup = {final for _, final in backups}
        for backup, final in backups:
            if final in replaced:
                try:
                    os.replace(backup, final)  # put the previous output back
                except OSError:
                    pass
        for final in replaced:
            if final not in had_backup and not final.is_dir():
                try:
                    os.unlink(final)  # it did not exist before this build
                except OSError:
                    pass
        for path in [t for t, _ in temps] + [b for b, _ in backups]:
            _remove_tree(path)
        for journal_path in (journal, journal.with_name(f"{_JOURNAL}.{os.getpid()}")):
            try:
                os.unlink(journal_path)
            except OSError:
                pass
        if isinstance(err, OSError) and not isinstance(err, OutputError):  # an OutputError names its folder
            raise OutputError(f"cannot write to {out_dir}: {err.strerror or err}") from err
        raise
    for backup, _ in backups:
        try:
            os.unlink(backup)
        except OSError:
            pass
    return tuple(final for _, final in temps)
