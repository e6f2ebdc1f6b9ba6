"""Command line: parses arguments, calls one public function, chooses the exit code.

Exit codes: 0 success; 1 some input could not be read (the rest was processed and
written); 2 bad usage; 3 nothing could be written or the gazetteer is unusable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .errors import ConfigError, GazetteerError, GeoError, InputError, OutputError

__all__ = ["main", "main_exit"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geo", description="Map capture claims, denials, strikes and fortified "
                                                       "places in war reporting.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build claims.html, claims.geojson and places.geojson",
                       description="Read articles (.txt/.md/.html files, folders, JSON lines) and write "
                                   "OUT/claims.html, OUT/claims.geojson and OUT/places.geojson.")
    b.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                   help="article files or folders (default: seeds/)")
    b.add_argument("--out", default="maps", metavar="DIR", help="output folder (default: maps/)")
    b.add_argument("--no-html", action="store_true", help="write the GeoJSON only")
    b.add_argument("--format", dest="formats", action="append", default=[], metavar="FMT",
                   choices=("csv", "gpkg", "kml", "parquet"),
                   help="also write claims.csv (ACLED-like columns), claims.gpkg, claims.kml or claims.parquet/ "
                        "(GeoParquet partitioned by country); repeatable")
    b.add_argument("--no-cache", action="store_true",
                   help="recompute every article instead of reusing unchanged ones' results")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where to process articles: this process (default) or a Dask cluster")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786); a local cluster when omitted")
    b.add_argument("--watch", action="store_true",
                   help="rebuild whenever an input file changes (Ctrl-C to stop)")
    b.add_argument("--online", action="store_true",
                   help="ask OpenStreetMap Nominatim (1 request/s, cached) for settlements the offline "
                        "gazetteer lacks; off by default")
    m = sub.add_parser("mentions", help="print one JSON line per place mention",
                       description="Print one JSON object per place mention: article, start, end, surface, "
                                   "place, lat, lon, admin1, country, precision, tag, claimant.")
    m.add_argument("inputs", nargs="+", metavar="FILE", help="article files or folders")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (``python -m geo`` exits with it)."""
    args = _parser().parse_args(argv)
    failures: list[str] = []

    def report(err: GeoError) -> None:
        failures.append(str(err))
        print(f"{type(err).__name__}: {err}", file=sys.stderr)

    try:
        if args.command == "build":
            from .pipeline import build

            fallback = None
            if args.online:
                from .gazetteer import cache_dir
                from .geocode import OnlineFallback

                fallback = OnlineFallback(cache_dir() / "nominatim.json")
            def once() -> None:
                failures.clear()
                result = build(args.inputs, out=args.out, on_error=report, html=not args.no_html,
                               fallback=fallback, formats=tuple(args.formats), cache=not args.no_cache,
                               engine=args.engine, scheduler=args.scheduler)
                print(f"{result.articles} articles, {result.n_places} places, {result.events} events "
                      f"-> {', '.join(str(p) for p in result.outputs)}", file=sys.stderr)

            once()
            if args.watch:
                _watch(args.inputs, once)
        else:
            from .pipeline import iter_mentions

            out = sys.stdout
            for row in iter_mentions(args.inputs, on_error=report):
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    except ConfigError as err:
        print(f"ConfigError: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (OutputError, GazetteerError) as err:
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_FATAL
    except InputError as err:  # pragma: no cover - read_articles reports through on_error
        print(f"InputError: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # ``geo mentions ... | head``: the reader left; not an error, and no traceback at exit.
        _silence_stdout()
        return EXIT_INPUT if failures else EXIT_OK
    except Exception as err:  # a bug: say so in one line; GEO_DEBUG=1 shows the traceback
        if os.environ.get("GEO_DEBUG"):
            raise
        print(f"geo: internal error: {type(err).__name__}: {err} (nothing was written; "
              "rerun with GEO_DEBUG=1 for the traceback and please report it)", file=sys.stderr)
        return EXIT_FATAL
    return EXIT_INPUT if failures else EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _snapshot(inputs: Sequence[str]) -> dict[str, tuple[int, int]]:
    import os

    state: dict[str, tuple[int, int]] = {}
    for root in inputs:
        paths = [root]
        if os.path.isdir(root):
            paths = [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                continue
            state[p] = (st.st_mtime_ns, st.st_size)
    return state


def _watch(inputs: Sequence[str], rebuild, *, interval: float = 1.0) -> None:
    """Poll the inputs and rebuild on any change; unchanged articles come from the cache."""
    import time

    print("watching for changes (Ctrl-C to stop)", file=sys.stderr)
    before = _snapshot(inputs)
    while True:
        time.sleep(interval)
        now = _snapshot(inputs)
        if now != before:
            before = now
            try:
                rebuild()
            except GeoError as err:
                print(f"{type(err).__name__}: {err}", file=sys.stderr)


def main_exit() -> None:
    """Console-script entry point: exit with :func:`main`'s code."""
    sys.exit(main())
