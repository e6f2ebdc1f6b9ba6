"""Command line: parses arguments, calls one public function, chooses the exit code.

Exit codes: 0 success; 1 some input could not be read (the rest was processed and
written); 2 bad usage; 3 nothing could be written or the gazetteer is unusable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from .api import build, iter_mentions
from .errors import ConfigError, GazetteerError, GeoError, InputError, OutputError

__all__ = ["main", "main_exit"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geo", description="Map capture claims, denials, strikes and fortified "
                                                       "places in war reporting.")
    from . import __version__

    p.add_argument("--version", action="version", version=f"geo {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build claims.html, claims.geojson and places.geojson",
                       description="Read articles (.txt/.md/.html files, folders, JSON lines) and write "
                                   "OUT/claims.html, OUT/claims.geojson and OUT/places.geojson.")
    b.add_argument("inputs", nargs="*", default=[], metavar="INPUT",
                   help="article files or folders (default: seeds/ when the current folder has one)")
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
    f = b.add_argument_group("filters", "keep only some claims in every output (for scripted rebuilds); "
                                        "a date range leaves out undated reports")
    f.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="reports dated on or after this day")
    f.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="reports dated on or before this day")
    f.add_argument("--claimant", action="append", default=[], choices=_CLAIMANTS, type=_claimant_arg,
                   help="who claims (none: unattributed); repeatable")
    f.add_argument("--tag", action="append", default=[], choices=_TAGS, help="claim tag; repeatable")
    f.add_argument("--events-only", action="store_true",
                   help="leave plain mentions out of every output (the map and GeoJSON too)")
    b.add_argument("--export-mentions", action="store_true",
                   help="also write plain mentions as rows of claims.csv, claims.kml and claims.gpkg "
                        "(they hold events only by default)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress line and no summary table")
    m = sub.add_parser("mentions", help="print one JSON line per place mention",
                       description="Print one JSON object per place mention: article, start, end, surface, "
                                   "place, lat, lon, admin1, country, precision, tag, claimant, demonym.")
    m.add_argument("inputs", nargs="+", metavar="FILE", help="article files or folders")
    m.add_argument("--explain", action="store_true",
                   help="one readable line per mention: where it was placed, its tag and claimant, and the rule "
                        "and cue words that made the tag (or why it was not placed)")
    m.add_argument("--no-demonyms", action="store_true",
                   help="leave out demonyms (\"Turkish\", \"Syrian\"), which are listed at their country by default "
                        "(flagged \"demonym\": true)")
    return p


#: The sample articles of a checkout, read when ``geo build`` is given no input.
_SEEDS = "seeds"
_TAGS = ("capture_claim", "denial", "strike", "fortified", "mention")
_CLAIMANTS = ("RU", "UA", "other", "none")


def _explained(row: dict) -> str:
    """A mention as one readable line for ``geo mentions --explain``."""
    where = (f"{row['place']} ({row['admin1'] or '-'}, {row['country'] or '-'})" if row["place"]
             else f"not placed: {row['reason'] or 'no candidate'}")
    line = f"{row['article']}:{row['start']} {_printable(row['surface'])!r} -> {where}"
    events = row.get("events") or ([row] if row["tag"] else [])
    for ev in events:  # a mention may carry several events: a capture claim and its denial
        line += f"  {ev['tag']} by {ev['claimant'] or 'nobody named'}"
        if ev.get("rule"):
            line += f"  [rule {ev['rule']}, cue {_printable(ev['cue'] or '')!r}]"
    return line


def _iso_date(text: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if len(text) != 10:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")
    return text


def _claimant_arg(text: str) -> str:
    low = text.lower()
    return {"ru": "RU", "ua": "UA", "other": "other", "none": "none", "null": "none",
            "unattributed": "none"}.get(low, text)


def _keep(args: argparse.Namespace) -> Callable[[dict], bool] | None:
    """The claim filter of ``geo build``'s filter options, or None when none is given."""
    tags = set(args.tag) or set(_TAGS)
    if args.events_only:
        tags.discard("mention")
    sides = {None if c == "none" else c for c in args.claimant}
    since, until = args.since, args.until
    if tags == set(_TAGS) and not sides and not since and not until:
        return None

    def keep(feature: dict) -> bool:
        p = feature["properties"]
        if p["tag"] not in tags or (sides and p["claimant"] not in sides):
            return False
        if since or until:
            date = p.get("date")
            if not date or (since and date < since) or (until and date > until):
                return False
        return True

    return keep


class _Progress:
    """A progress line on a terminal (articles read, rate), and the counts for the summary."""

    def __init__(self, show: bool) -> None:
        import time

        self.show = show
        self.started = self.shown = time.monotonic()
        self.articles = 0
        self.counts: dict[tuple[str, str], int] = {}

    def __call__(self, articles: int, claims: list[tuple[str, str | None]]) -> None:
        import time

        self.articles = articles
        for tag, claimant in claims:
            key = (tag, claimant or "unattributed")
            self.counts[key] = self.counts.get(key, 0) + 1
        now = time.monotonic()
        if self.show and now - self.shown >= 0.2:
            self.shown = now
            rate = articles / max(now - self.started, 1e-9)
            sys.stderr.write(f"\r{articles} articles read ({rate:.0f}/s)\x1b[K")
            sys.stderr.flush()

    def done(self) -> None:
        if self.show:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def table(self) -> str:
        """Claims per tag and claimant, as a table."""
        sides = ["RU", "UA", "other", "unattributed"]
        width = max(len(t) for t in _TAGS)
        lines = [f"{'':{width}}  " + "  ".join(f"{s:>12}" for s in sides) + f"  {'total':>7}"]
        for tag in _TAGS:
            row = [self.counts.get((tag, s), 0) for s in sides]
            if any(row):
                lines.append(f"{tag:{width}}  " + "  ".join(f"{n:>12}" for n in row) + f"  {sum(row):>7}")
        return "\n".join(lines)


def _printable(err: object) -> str:
    """A message with control characters, line breaks and invisible format characters
    (from file names, say) escaped, so one message stays one line that says what it is."""
    text = str(err)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return "".join(out)


def _say(err: GeoError) -> None:
    """Print one error as one line a user can act on (what failed, not the exception's class)."""
    print(f"geo: error: {_printable(err)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (``python -m geo`` exits with it)."""
    args = _parser().parse_args(argv)
    failures: list[str] = []
    if args.command == "build" and not args.inputs:
        if not os.path.isdir(_SEEDS):
            print(f"geo build: error: no INPUT given and no {_SEEDS}/ folder in {_printable(os.getcwd())}; "
                  "pass the article files or folders to read, for example: geo build articles/ --out maps",
                  file=sys.stderr)
            return EXIT_USAGE
        args.inputs = [_SEEDS]

    def report(err: GeoError) -> None:
        failures.append(str(err))
        _say(err)

    try:
        if args.command == "build":
            fallback = None
            if args.online:
                from .gazetteer import cache_dir
                from .gazetteer.online import OnlineFallback

                fallback = OnlineFallback(cache_dir() / "nominatim.json")
            keep = _keep(args)

            def once() -> None:
                failures.clear()
                if fallback is not None:  # each run tries the network again (and says so once if it cannot)
                    fallback.unreachable = None
                progress = _Progress(show=not args.quiet and sys.stderr.isatty())
                try:
                    result = build(args.inputs, out=args.out, on_error=report, html=not args.no_html,
                                   fallback=fallback, formats=tuple(args.formats), cache=not args.no_cache,
                                   engine=args.engine, scheduler=args.scheduler, keep=keep,
                                   export_mentions=args.export_mentions, progress=progress)
                finally:
                    progress.done()
                if not args.quiet and progress.counts:
                    print(progress.table(), file=sys.stderr)
                print(f"{result.articles} articles, {result.n_places} places, {result.events} events, "
                      f"{len(failures)} error(s) -> {', '.join(str(p) for p in result.outputs)}", file=sys.stderr)

            once()
            if args.watch:
                _watch(args.inputs, once)
        else:
            out = sys.stdout
            rows = iter_mentions(args.inputs, on_error=report, demonyms=not args.no_demonyms, doubted=args.explain)
            for row in rows:
                out.write((_explained(row) if args.explain else json.dumps(row, ensure_ascii=False, sort_keys=True)) + "\n")
    except ConfigError as err:
        _say(err)
        return EXIT_USAGE
    except (OutputError, GazetteerError) as err:
        _say(err)
        return EXIT_FATAL
    except InputError as err:  # pragma: no cover - read_articles reports through on_error
        _say(err)
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
                _say(err)


def main_exit() -> None:
    """Console-script entry point: exit with :func:`main`'s code."""
    sys.exit(main())
