"""The public entry points: read -> analyse -> write.

:func:`extract` analyses one text; :func:`iter_mentions` lists the place mentions of
files; :func:`build` runs the analysis on files (on an engine of :mod:`geo.engines`) and
writes ``claims.geojson``, ``places.geojson`` and ``claims.html`` as one commit
(:mod:`geo.output`).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import BinaryIO

from .analysis import analyse, analyse_within_budget
from .engines.cache import ArticleCache
from .engines.dask import dask_features, dask_records
from .engines.local import local_records
from .errors import ConfigError, GeoError, InputError
from .gazetteer import Gazetteer, cache_dir, gazetteer_version, load_gazetteer
from .gazetteer.online import Fallback
from .gazetteer.translit import name_key
from .ingest import read_articles
from .model import Article, Claim, MatchKind, ResolutionStatus
from .output.collector import Collector, Record, keep_features
from .output.export import check_formats, export
from .output.geojson import place_status
from .output.parquet import write_geoparquet
from .output.writer import content_writer, write_all
from .spot.demonyms import find_demonyms

__all__ = ["ENGINES", "ReportedClaim", "Result", "build", "extract", "iter_mentions"]


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
                  on_error: Callable[[InputError], None] | None = None, demonyms: bool = True,
                  doubted: bool = False) -> Iterator[dict]:
    """One flat record per place mention (resolved or not), for ``geo mentions``: its first
    event's tag, claimant, rule and cue, and every event it carries in ``events``; with
    ``demonyms``, also one per demonym ("Turkish"), at its country, flagged ``demonym``; with
    ``doubted``, also the names the resolver judged likely not to be places here."""
    gaz = gazetteer or load_gazetteer()
    for article in read_articles(inputs, on_error=on_error):
        try:
            res, claims = analyse_within_budget(article, gaz)
        except InputError as err:  # too complex: reported like an unreadable article
            if on_error is None:
                raise
            on_error(err)
            continue
        tags: dict[int, Claim] = {}
        events: dict[int, list[dict]] = {}
        for c in claims:
            if c.mention.start not in tags or tags[c.mention.start].tag.value == "mention":
                tags[c.mention.start] = c
            if c.tag.value != "mention":
                events.setdefault(c.mention.start, []).append(
                    {"tag": c.tag.value, "claimant": c.claimant, "rule": c.rule or None, "cue": c.cue or None})
        rows = []
        for r in res:
            if r.place is None and r.mention.kind is MatchKind.UNKNOWN:
                continue  # a settlement name the gazetteer lacks and nothing placed: not a geoparsed place
            if r.status is ResolutionStatus.DOUBTED and not doubted:
                continue  # likely no place here ("Tal said", an old name of a small town abroad)
            p, tagged = r.place, tags.get(r.mention.start)
            rows.append({"article": article.id, "start": r.mention.start, "end": r.mention.end,
                         "surface": r.mention.text, "place": p.name if p else None,
                         "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None,
                         "admin1": p.admin1 if p else None, "country": p.country if p else None,
                         "kind": p.kind if p else None, "precision": p.precision if p else None,
                         "tag": tagged.tag.value if tagged else None,
                         "claimant": tagged.claimant if tagged else None, "reason": r.reason or None,
                         "rule": (tagged.rule or None) if tagged else None,
                         "cue": (tagged.cue or None) if tagged else None, "events": events.get(r.mention.start, []),
                         "demonym": False})
        if demonyms:
            rows.extend(_demonym_rows(article, gaz, [(r.mention.start, r.mention.end) for r in res]))
            rows.sort(key=lambda row: (row["start"], row["end"]))
        yield from rows


def _demonym_rows(article: Article, gaz: Gazetteer, taken: list[tuple[int, int]]) -> Iterator[dict]:
    """``geo mentions`` records of the article's demonyms, each at its country or continent."""
    for d in find_demonyms(article.text, taken):
        entry = next((e for e in gaz.lookup(name_key(d.place)) if e.kind in ("country", "other")), None)
        if entry is None:
            continue
        yield {"article": article.id, "start": d.start, "end": d.end, "surface": d.surface, "place": entry.name,
               "lat": round(entry.lat, 5), "lon": round(entry.lon, 5), "admin1": entry.admin1 or None,
               "country": entry.country or None, "kind": entry.kind, "precision": 3, "tag": None,
               "claimant": None, "reason": None, "rule": None, "cue": None, "events": [], "demonym": True}


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
        Opt-in online geocoder for names the gazetteer lacks (:class:`geo.gazetteer.online.OnlineFallback`).
    formats : sequence of str
        Extra exports: any of ``csv``, ``gpkg``, ``kml`` (see :mod:`geo.output.export`) and
        ``parquet`` (a folder of GeoParquet files partitioned by country, for large corpora).
    cache : bool
        Reuse results of earlier runs (:mod:`geo.engines.cache`); the output is the same either way.
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
    _check_options(engine, formats)
    errors: list[str] = []

    def report(e: GeoError) -> None:
        errors.append(str(e))
        if on_error is not None:
            on_error(e)

    counted = [0]
    store = ArticleCache(cache_dir() / "articles.sqlite") if cache and fallback is None and engine == "local" else None
    memo = ArticleCache(cache_dir() / "places.sqlite") if cache else None
    try:
        per_article = _records(inputs, out, engine=engine, scheduler=scheduler, gazetteer=gazetteer, store=store,
                               fallback=fallback, report=report, counted=counted, keep=keep, progress=progress)
        with _sigterm_as_sigint():
            return _build(per_article, memo, errors, counted, out=Path(out), html=html, cache=cache,
                          formats=formats, report=report, inputs=inputs, export_mentions=export_mentions,
                          names=(gazetteer or load_gazetteer()) if html else None)
    finally:
        for kept in (store, memo):
            if kept is not None:
                kept.close()


def _check_options(engine: str, formats: Sequence[str]) -> None:
    """Raise :class:`ConfigError` now for an unknown engine or export format (before any work,
    not after the other outputs are written)."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
    if formats:
        check_formats(formats, extra=("parquet",))
    if "parquet" in formats:
        _check_parquet()


def _records(inputs: Iterable[str | os.PathLike], out: str | os.PathLike, *, engine: str, scheduler: str | None,
             gazetteer: Gazetteer | None, store: ArticleCache | None, fallback: Fallback | None,
             report: Callable[[GeoError], None], counted: list[int], keep: Callable[[dict], bool] | None,
             progress: Callable[[int, list[tuple[str, str | None]]], None] | None) -> Iterable[Record]:
    """Each article's feature records, from the engine (see :func:`build`)."""
    per_article: Iterable[Record]
    if engine == "dask":
        features, counted[0] = dask_features(read_articles(inputs, on_error=report, exclude=[out]),
                                             scheduler=scheduler, fallback=fallback)
        per_article = dask_records(features, report, counted)
    else:
        per_article = local_records(inputs, gazetteer, store, fallback, report, counted, exclude=[out])
    if keep is not None:
        per_article = (keep_features(record, keep) for record in per_article)
    if progress is not None:
        per_article = _reporting(per_article, progress, counted)
    return per_article


def _reporting(per_article: Iterable[Record], progress: Callable[[int, list[tuple[str, str | None]]], None],
               counted: list[int]) -> Iterator[Record]:
    """The records, calling ``progress`` after each (see :func:`build`)."""
    for record in per_article:
        yield record
        progress(counted[0], [(values[1], values[2]) for _, values in record[2]])



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
           inputs: Iterable[str | os.PathLike], export_mentions: bool = False,
           names: Gazetteer | None = None) -> Result:
    """Merge the articles' records and write the outputs (see :func:`build`); the map's
    search also finds each place by the other names ``names`` knows for it."""
    with Collector(map_data=html, memo=memo, names_of=names.names_of if names is not None else None,
                   names_version=gazetteer_version() if names is not None else "") as collected:
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
            places_fc = place_status(claims_fc)
            for name, content in export(claims_fc, places_fc, [f for f in formats if f != "parquet"],
                                        mentions=export_mentions).items():
                files[name] = content_writer(content)
        folders: dict[str, Callable[[Path], object]] = {}
        if claims_fc is not None and "parquet" in formats:
            fc = claims_fc
            folders["claims.parquet"] = lambda folder: write_geoparquet(fc, folder)
        written = write_all(Path(out), files, folders)
        return Result(counted[0], written, tuple(errors), collected.events, collected.places_written)

