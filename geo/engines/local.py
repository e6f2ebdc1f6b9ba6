"""The ``local`` engine: each article analysed in this process, its features taken from
the result cache (:mod:`geo.engines.cache`) when an earlier build computed them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..analysis import article_features
from ..errors import GeoError, InputError
from ..gazetteer import Gazetteer, gazetteer_version, load_gazetteer
from ..gazetteer.online import Fallback
from ..ingest import Unread, read_inputs
from ..output.collector import LOOKUP_BATCH, Record, feature_records
from .cache import ArticleCache, article_key

__all__ = ["local_records"]


def local_records(inputs: Iterable[str | os.PathLike], gazetteer: Gazetteer | None, store: ArticleCache | None,
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
            if len(pending) >= LOOKUP_BATCH:
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

