"""The ``dask`` engine: per-article work on a dask.distributed cluster.

:func:`dask_features` is what ``build(..., engine="dask")`` calls.  It streams the
articles to the workers in batches (a bounded number in flight, so memory stays
flat for millions of articles), each worker process loads the gazetteer once, and
the per-article features come back in input order, so the output is
byte-identical to ``engine="local"``.

Importing this module does no work and does not import Dask.

Running on a cluster::

    dask-scheduler                          # on one host; listens on tcp://HOST:8786
    dask-worker tcp://HOST:8786             # on each worker host (package installed,
                                            # gazetteer cache built once)
    geo build big/ --engine dask --scheduler tcp://HOST:8786
"""

from __future__ import annotations

import itertools
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..analysis import article_features
from ..errors import ConfigError, GeoError, InputError
from ..gazetteer import load_gazetteer
from ..gazetteer.online import Fallback, OnlineFallback
from ..output.collector import Record, feature_records

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Article

__all__ = ["BATCH_SIZE", "DistributedError", "dask_features", "dask_records"]

#: Articles per task: large enough to amortise scheduling, small enough to balance load.
BATCH_SIZE = 200

#: Seconds to wait for a scheduler to answer, and for it to have at least one worker.
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 60.0

_LOG_NAMES = ("distributed", "tornado", "asyncio")

#: No dashboard, and the scheduler's remaining HTTP routes on a free loopback port, not 8787.
_NO_DASHBOARD = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}


class DistributedError(GeoError):
    """A batch of articles failed on a Dask worker; the message names the articles."""


class _ArticleFailed(GeoError):
    """Raised on a worker: one article's analysis failed (picklable: one message argument)."""


# --------------------------------------------------------------------------- worker side

#: The fallback of this worker process: ``(token, object)``, unpickled once per build.
_FALLBACK: tuple[str, Any] | None = None


def _worker_fallback(token: str, blob: bytes) -> Any:
    """The fallback of build ``token``, unpickled on the first batch this process runs."""
    global _FALLBACK
    if _FALLBACK is None or _FALLBACK[0] != token:
        import pickle

        _FALLBACK = (token, pickle.loads(blob))
    return _FALLBACK[1]


def _run_batch(batch: list[Article], fallback: tuple[str, bytes] | None = None) -> list[list[dict] | str]:
    """Run :func:`geo.analysis.article_features` on each article of a batch (on a worker).

    Parameters
    ----------
    batch : list of Article
        Consecutive articles of the input.
    fallback : (str, bytes), optional
        The opt-in geocoder as ``(token, cloudpickle bytes)``; one object per worker
        process and build, so its cache and rate limiter carry over between batches.

    Returns
    -------
    list of (list of dict or str)
        Each article's features, in batch order; for an article over the per-article
        budget (:func:`geo.analysis.article_features`), the message saying so.

    Raises
    ------
    GeoError
        The first article that failed, named by id and file.
    """
    gaz = load_gazetteer()  # loaded once per worker process: load_gazetteer keeps it
    fb = _worker_fallback(*fallback) if fallback is not None else None
    out: list[list[dict] | str] = []
    for article in batch:
        try:
            out.append(article_features(article, gaz, fallback=fb))
        except InputError as err:  # over the article's budget: reported by the client, the others go on
            out.append(str(err))
        except GeoError:
            raise
        except Exception as err:  # a bug: report which article triggered it
            where = f" ({article.source_path})" if article.source_path else ""
            raise _ArticleFailed(f"article {article.id!r}{where}: {type(err).__name__}: {err}") from None
    return out


# --------------------------------------------------------------------------- client side


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(itertools.islice(it, size)):
        yield batch


@contextmanager
def _quiet_logs(level: int = logging.CRITICAL) -> Iterator[None]:
    """Raise Dask's (and its event loop's) loggers to ``level`` for the duration."""
    loggers = [logging.getLogger(n) for n in _LOG_NAMES]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(max(level, lg.getEffectiveLevel()))
    try:
        yield
    finally:
        for lg, lvl in zip(loggers, saved):
            lg.setLevel(lvl)


def _connect(scheduler: str | None, n_workers: int | None, connect_timeout: float) -> tuple[Any, Any]:
    """A ``(client, cluster)`` pair; ``cluster`` is ``None`` for an external scheduler."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise ConfigError("engine 'dask' needs dask.distributed: pip install 'geo-claims[dask]'") from err
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 2, threads_per_worker=1,
                               processes=True, host="127.0.0.1", dashboard_address=None,
                               scheduler_kwargs=_NO_DASHBOARD, silence_logs=logging.CRITICAL)
        try:
            return Client(cluster, set_as_default=False), cluster
        except BaseException:
            cluster.close()
            raise
    _check_address(scheduler)
    try:
        client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, ValueError, TypeError, TimeoutError) as err:
        raise ConfigError(f"cannot connect to the Dask scheduler at {scheduler!r}: {err} "
                          f"(is dask-scheduler running there? addresses look like tcp://host:8786)") from None
    return client, None


#: Address schemes of a scheduler on another process or host.
_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def _check_address(address: str) -> None:
    """Reject a malformed scheduler address before Dask tries (and retries) it."""
    from distributed.comm import get_address_host_port, parse_address

    hint = "expected tcp://host:port, e.g. tcp://10.0.0.5:8786"
    if not isinstance(address, str) or not address.strip() or any(c.isspace() for c in address):
        raise ConfigError(f"bad Dask scheduler address {address!r}: {hint}")
    try:
        scheme, _ = parse_address(address, strict=False)
        if scheme not in _SCHEMES:
            raise ValueError(f"scheme {scheme!r} is not one of {', '.join(_SCHEMES)}")
        if scheme != "ucx":
            _, port = get_address_host_port(address)
            if not 0 < int(port) < 65536:
                raise ValueError(f"port {port} out of range")
    except (ValueError, TypeError) as err:
        raise ConfigError(f"bad Dask scheduler address {address!r}: {err}; {hint}") from None


def dask_features(articles: Iterator[Article], *, scheduler: str | None,
                  fallback: Fallback | None = None, batch_size: int = BATCH_SIZE,
                  n_workers: int | None = None, connect_timeout: float = CONNECT_TIMEOUT,
                  worker_timeout: float = WORKER_TIMEOUT) -> tuple[list[list[dict] | str], int]:
    """Each article's features, computed on a Dask cluster.

    Parameters
    ----------
    articles : iterator of Article
        Read lazily: batches are submitted as they are read, with at most a few
        batches per worker thread in flight.
    scheduler : str or None
        Address of a running scheduler (``tcp://host:8786``).  ``None`` starts a
        local cluster of ``n_workers`` processes (one thread each) and closes it
        at the end.
    fallback : Fallback, optional
        The opt-in geocoder; pickled once, unpickled once per worker process.  The
        online (Nominatim) fallback is refused when the cluster has more than one
        worker thread: they would exceed its one-request-a-second policy together.
    batch_size : int
        Articles per task.
    n_workers : int, optional
        Worker processes of the local cluster; defaults to ``os.cpu_count()``.
    connect_timeout : float
        Seconds to wait for the scheduler to answer.
    worker_timeout : float
        Seconds to wait for the scheduler to have at least one worker.

    Returns
    -------
    per_article : list of (list of dict or str)
        The features of each article (:func:`geo.analysis.article_features`), or the
        message of one over its budget (too complex to analyse), in
        input order.
    n : int
        The number of articles.

    Raises
    ------
    ConfigError
        When Dask is not installed, the scheduler cannot be reached (the message
        names the address) or has no worker, or the fallback cannot be shared.
    DistributedError
        When a batch fails on a worker (or the worker dies); the message names
        the articles, without the Dask traceback.

    Examples
    --------
    >>> from geo.ingest import read_articles
    >>> per_article, n = dask_features(read_articles(["seeds"]), scheduler=None)  # doctest: +SKIP
    >>> n                                                                          # doctest: +SKIP
    5
    """
    if batch_size < 1:
        raise ConfigError(f"batch_size={batch_size}: must be at least 1")
    with _quiet_logs():
        client, cluster = _connect(scheduler, n_workers, connect_timeout)
        try:
            return _stream(client, articles, scheduler=scheduler, fallback=fallback,
                           batch_size=batch_size, worker_timeout=worker_timeout)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _stream(client: Any, articles: Iterator[Article], *, scheduler: str | None, fallback: Fallback | None,
            batch_size: int, worker_timeout: float) -> tuple[list[list[dict] | str], int]:
    """Submit batches as they are read, keep a bounded window in flight, collect in order."""
    from dask.distributed import as_completed

    where = scheduler or "the local cluster"
    try:
        client.wait_for_workers(1, timeout=worker_timeout)
    except (TimeoutError, OSError) as err:
        raise ConfigError(f"the Dask scheduler at {where} has no worker after {worker_timeout:g} s "
                          f"({type(err).__name__}); start one with: dask-worker {scheduler or 'ADDRESS'}") from None
    threads = sum(client.nthreads().values()) or 1
    fb: tuple[str, bytes] | None = None
    if fallback is not None:
        if isinstance(fallback, OnlineFallback) and threads > 1:
            raise ConfigError(f"the online fallback with engine 'dask' would query Nominatim from {threads} "
                              f"workers at once (its policy allows 1 request/s): use engine 'local'")
        try:
            import cloudpickle

            fb = (uuid.uuid4().hex, cloudpickle.dumps(fallback))
        except Exception as err:  # not picklable, typically
            raise ConfigError(f"the fallback cannot be sent to the Dask workers: {type(err).__name__}: {err}") from None
    limit = max(4, 2 * threads)
    run = uuid.uuid4().hex[:12]
    results: dict[int, list[list[dict] | str]] = {}
    spans: dict[Any, tuple[int, str, str, int]] = {}  # future -> (batch, first id, last id, size)
    done = as_completed(loop=client.loop)
    n = 0

    def collect(fut: Any) -> None:
        idx, first, last, size = spans.pop(fut)
        try:
            results[idx] = fut.result()
        except _ArticleFailed as err:
            _cancel(client, spans)
            raise DistributedError(f"engine 'dask' failed on {err}") from None
        except Exception as err:  # KilledWorker, CancelledError, lost connection, ...
            _cancel(client, spans)
            span = f"article {first!r}" if size == 1 else f"articles {first!r} to {last!r} ({size})"
            why = f"{type(err).__name__}: {err or 'no detail'}"
            if type(err).__name__ == "KilledWorker":
                why = "the workers running this batch died (out of memory, or a crash)"
            raise DistributedError(f"engine 'dask' failed on {span} at {where}: {why}") from None
        finally:
            fut.release()

    for idx, batch in enumerate(_batches(articles, batch_size)):
        n += len(batch)
        args = (batch,) if fb is None else (batch, fb)  # the small fallback blob rides along
        fut = client.submit(_run_batch, *args, key=f"geo-batch-{run}-{idx}", pure=False, retries=0)
        spans[fut] = (idx, batch[0].id, batch[-1].id, len(batch))
        done.add(fut)
        while len(spans) >= limit:
            collect(next(done))
    for fut in done:
        collect(fut)
    return [feats for idx in range(len(results)) for feats in results[idx]], n


def dask_records(features: list, report: Callable[[GeoError], None], counted: list[int]) -> Iterator[Record]:
    """The records of :func:`dask_features`' articles; an article a worker
    found over its budget is reported (and not counted) as the local engine does."""
    for feats in features:
        if isinstance(feats, str):
            report(InputError(feats))
            counted[0] -= 1
            continue
        yield feature_records(feats)


def _cancel(client: Any, pending: dict) -> None:
    try:
        client.cancel(list(pending))
    except Exception:  # pragma: no cover - best effort while failing anyway
        pass
