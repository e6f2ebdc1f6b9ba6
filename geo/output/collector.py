"""A build's features, gathered article by article and written out: ``claims.geojson``,
``places.geojson`` (one :class:`~geo.output.geojson.PlaceGroup` per place) and the map's data,
with memory bounded whatever the corpus size.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from ..engines.cache import ArticleCache, code_version
from ..engines.spill import ExternalSort
from ..gazetteer import data_dir
from ..gazetteer.translit import has_cyrillic, loose_key, transliterate
from .geojson import ENCODER, PlaceGroup, collection_chunks, feature_order, iter_places, place_row, row_tag
from .mapdata import MapData, prepare_place, shaded_regions
from .webmap import page_chunks

__all__ = ["LOOKUP_BATCH", "Collector", "Record", "feature_records", "keep_features"]


# Articles (or places) looked up in the cache at once: few queries, little memory.
LOOKUP_BATCH = 256


#: One article's claim features as a build keeps them: the article id, the features' JSON
#: lines in canonical order joined by ",\n" (the canonical order sorts by article first,
#: so an article's lines stay together in ``claims.geojson``), and each feature's
#: :func:`~geo.output.geojson.place_row`.  Plain values: cached and spilled with :mod:`marshal`.
Record = tuple[str, str, list[tuple[tuple, tuple]]]


def feature_records(features: list[dict]) -> Record:
    """The :data:`Record` of one article's features."""
    features = sorted(features, key=feature_order)
    article = features[0]["properties"]["article"] if features else ""
    return article, _LINES.join(map(ENCODER.encode, features)), [place_row(f) for f in features]


# Between two feature lines; no encoded feature holds a line break, so this splits them again.
_LINES = ",\n"


def keep_features(record: Record, keep: Callable[[dict], bool]) -> Record:
    """An article's record with only the features ``keep`` accepts."""
    features = [json.loads(line) for line in record[1].split(_LINES)] if record[1] else []
    kept = [f for f in features if keep(f)]
    return record if len(kept) == len(features) else feature_records(kept)


class Collector:
    """The features of a build, sorted on disk as they arrive; writes the outputs from there.

    Memory stays bounded whatever the corpus size: each article's features are kept as
    their JSON lines (for ``claims.geojson``, sorted by article) and each feature as a
    :func:`~geo.output.geojson.place_row` (for the per-place status, sorted by place), both in
    :class:`~geo.engines.spill.ExternalSort`.  Only the map holds
    what it embeds.  With a ``memo``, each place's output (its ``places.geojson`` line
    and what the map keeps of it) is cached under a digest of its claims, so a
    rebuild recomputes only the places whose claims changed.
    """

    def __init__(self, *, map_data: bool, memo: ArticleCache | None = None,
                 names_of: Callable[[int], Sequence[str]] | None = None, names_version: str = "") -> None:
        self._memo = memo
        self._names_of = names_of  # a place's other names (old, Cyrillic), for the map's search
        self._names_version = names_version
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
                        if self._map is not None and (prepared := _map_place(group, self._names_of)) is not None:
                            self._map.add_prepared(prepared)
                        yield group.chunks()
                    else:
                        line, prepared = next(outputs)
                        if self._map is not None and prepared is not None:
                            self._map.add_prepared(prepared)
                        yield line

        _write_text(out, collection_chunks(_HEAD, lines()))

    def _place_outputs(self, groups: list[PlaceGroup]) -> Iterator[tuple[str, tuple | None]]:
        """Each place's ``places.geojson`` line and its :func:`~geo.output.mapdata.prepare_place`,
        from the memo when it has them."""
        memo = self._memo
        keys: list[str] = []
        if memo is not None:
            version = _place_version()
            # marshal version 2 writes equal values as equal bytes (no back-references).
            keys = [hashlib.sha256(marshal.dumps((version, self._names_version, g.name, g.lat, g.lon, g.rows),
                                                 2)).hexdigest()
                    for g in groups]
        hits = memo.get_many(keys) if memo is not None else [None] * len(groups)
        for group, key, hit in zip(groups, keys or [""] * len(groups), hits):
            if hit is not None and len(hit) == 2:
                yield hit[0], hit[1]
                continue
            feature = group.feature()
            line = ENCODER.encode(feature)
            prepared = _map_place(group, self._names_of) if memo is not None or self._map is not None else None
            if memo is not None:
                memo.put(key, [line, prepared])
            yield line, prepared

    def write_map(self, out: BinaryIO, shells: Path | None) -> None:
        assert self._map is not None, "write_places gathers the map's data first"
        _write_text(out, page_chunks(self._map, shell_cache=shells, shaded=self._shaded_regions()))

    def _shaded_regions(self) -> tuple[str, bool]:
        """The map's region shading (:func:`~geo.output.mapdata.shaded_regions`), from the memo
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

    def __enter__(self) -> Collector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_HEAD = {"type": "FeatureCollection"}


def _map_place(group: PlaceGroup, names_of: Callable[[int], Sequence[str]] | None = None) -> tuple | None:
    """What the map keeps of a place (:func:`~geo.output.mapdata.prepare_place`): its
    summary and its citations, each with the rule and cue that made its tag, and for its
    search the spellings the articles used, then other names of the place (old, Russian,
    Cyrillic: "Artemovsk", "Бахмут") from ``names_of``."""
    feature = group.summary().feature()
    gid = group.geonameid
    others = _distinct(names_of(gid)) if names_of is not None and gid is not None else []
    return prepare_place(feature, [*group.spellings, *others], group.citations(why=True))


def _distinct(names: Sequence[str]) -> list[str]:
    """A place's other names, one per loose spelling (the map's search folds "Artemivs'k" and
    "Artemivsk", "Артемовск" and "Artemovsk" alike), its own name left out."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = loose_key(transliterate(name, "ua") if has_cyrillic(name) else name)
        if key not in seen:
            seen.add(key)
            if _searchable(name) and len(seen) > 1:
                out.append(name)
    return out


def _searchable(name: str) -> bool:
    """A name worth finding a place by: Latin or Cyrillic letters, of a sensible length."""
    return 2 <= len(name) <= 40 and all(c.isspace() or c in "-'’." or ("A" <= c <= "z") or ("\u00c0" <= c <= "\u024f")
                                        or ("\u0400" <= c <= "\u04ff") for c in name)


def _place_batches(groups: Iterable[PlaceGroup], *, rows: int = 50_000) -> Iterator[list[PlaceGroup]]:
    """Places in batches of at most :data:`LOOKUP_BATCH` places or about ``rows`` claims,
    so a batch's lookups are one query and its claims fit in memory."""
    batch: list[PlaceGroup] = []
    size = 0
    for group in groups:
        batch.append(group)
        size += len(group.rows)
        if len(batch) >= LOOKUP_BATCH or size >= rows:
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
    return code_version("output/geojson", "output/summary", "output/mapdata")


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
