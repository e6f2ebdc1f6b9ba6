"""Lookups over the index: :class:`GeoNamesGazetteer`, the offline gazetteer."""

from __future__ import annotations

import zlib
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Iterator

from .base import Entry
from .build import KINDS, build_index
from .columns import KeyTable, Strings
from .paths import cache_dir, cities_path, data_dir, gazetteer_version
from .store import Index, read_index, write_cache
from .translit import loose_key


__all__ = ["GeoNamesGazetteer"]


def _edit1(a: str, b: str) -> bool:
    """Whether a and b differ by exactly one insertion, deletion, substitution or swap of
    two neighbouring letters (the commonest typo: "Engles" for Engels)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return a[i + 1:] == b[i + 1:] or (swapped and a[i + 2:] == b[i + 2:])
    return a[i:] == b[i + 1:]



class GeoNamesGazetteer:
    """The offline gazetteer: GeoNames cities, Natural Earth regions and countries, curated aliases.

    Parameters
    ----------
    data : Path, optional
        Folder with the TSV files (default :func:`data_dir`).
    cache : Path or None, optional
        Folder for the index file; ``None`` disables the cache.

    Examples
    --------
    >>> gaz = GeoNamesGazetteer()                        # doctest: +SKIP
    >>> gaz.lookup("krasnoarmeysk")[0].name              # doctest: +SKIP
    'Pokrovsk'
    """

    def __init__(self, data: Path | None = None, *, cache: Path | None = None,
                 cities: Path | None = None, use_cache: bool = True) -> None:
        self.data = Path(data) if data else data_dir()
        cities_file = Path(cities) if cities else cities_path()
        self.version = gazetteer_version(self.data, cities_file)
        index = None
        cache_file = (Path(cache) if cache else cache_dir()) / f"gazetteer-{self.version}.index"
        if use_cache and cache_file.exists():
            try:
                index = read_index(cache_file, self.version)
            except (OSError, ValueError):
                index = None  # a damaged or foreign cache is rebuilt, never used
        if index is None:
            index = build_index(self.data, cities_file)
            if use_cache:
                write_cache(cache_file, index, self.version)
        self._columns(index)
        meta = index.meta
        self._regions: dict[str, int] = meta["regions"]
        #: Press abbreviations with their periods ("Ky.", "B.C.") -> region code.
        self.abbreviations: dict[str, str] = meta["abbreviations"]
        self.not_places = frozenset(meta["not_places"])
        #: English words that are also (mostly small) place names: accepted only for big places.
        self.common_words = frozenset(meta["common_words"])
        #: Language code -> common words of that language that are also place names.
        self.foreign_words = {lang: frozenset(words) for lang, words in meta["foreign_words"].items()}
        #: Language code -> its frequent words, for languages that capitalise nouns (German).
        self.language_words = {lang: frozenset(words) for lang, words in meta["language_words"].items()}
        #: (name key, geonameid) pairs from the curated aliases: that reading wins.
        self.preferred = frozenset((key, gid) for key, gid in meta["preferred"])
        self.compact_regions = frozenset(meta["compact_regions"])
        #: GeoNames ids of the register's community centres.
        self.community_centres = frozenset(meta["centres"])
        self._max_words: int = meta["max_words"]
        self._made: dict[int, Entry] = {}
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._fuzzy_memo: dict[str, tuple[Entry, ...]] = {}

    def _columns(self, index: Index) -> None:
        """The entry columns and key tables over the index's buffers."""
        buf = index.buffers
        self._names = Strings(buf, "name")
        self._alternates_packed = (buf["names.zblob"], buf["names.ends"])
        self._alternates: Strings | None = None
        self._lat, self._lon, self._kind = buf["lat"], buf["lon"], buf["kind"]
        self._codes = [(index.meta["codes"][c], buf[c]) for c in ("country", "admin1", "admin1_code", "region_code")]
        self._population, self._geonameid = buf["population"], buf["geonameid"]
        self._gid_sorted, self._gid_entries = buf["gid.sorted"], buf["gid.entries"]
        self._keys = KeyTable(buf, "keys")
        self._loose = KeyTable(buf, "loose")
        self._settlements = KeyTable(buf, "settlements")
        self._multi_ids, self._multi_ends = buf["multi.ids"], buf["multi.ends"]

    def _entry(self, i: int) -> Entry:
        e = self._made.get(i)
        if e is None:
            country, admin1, admin1_code, region_code = (values[rows[i]] for values, rows in self._codes)
            gid = self._geonameid[i]
            e = Entry(self._names[i], self._lat[i], self._lon[i], KINDS[self._kind[i]], country, admin1,
                      admin1_code, region_code, self._population[i], gid if gid >= 0 else None)
            self._made[i] = e
        return e

    def _ids(self, v: int | None) -> tuple[int, ...]:
        if v is None:
            return ()
        if v >= 0:
            return (v,)
        return tuple(self._multi_ids[self._multi_ends[-v - 1]:self._multi_ends[-v]])

    def _entries(self, v: int | None) -> tuple[Entry, ...]:
        """The entries of an index value (see :meth:`_ids`)."""
        if v is None:
            return ()
        if v >= 0:
            return (self._entry(v),)
        return tuple(map(self._entry, self._ids(v)))

    def lookup(self, key: str) -> tuple[Entry, ...]:
        return self._entries(self._keys.get(key))

    def lookup_loose(self, key: str) -> tuple[Entry, ...]:
        return self._entries(self._loose.get(key))

    def lookup_settlement(self, key: str) -> tuple[Entry, ...]:
        """Settlements of Ukraine's official register named ``key`` (a name key; loose
        spellings too), each placed at its community's centre (a stand-in point within a
        few tens of kilometres).  Kept apart from :meth:`lookup`: asked only about a
        settlement the text names as one ("the village of X") that the gazetteer lacks."""
        # Both keys: an exact hit on a GeoNames alternate ("Grigorovka") must not hide the
        # namesakes that only the Russian name form of the register's name reaches (Hryhorivka).
        exact = self._entries(self._settlements.get(key))
        loose = self._entries(self._settlements.get("~" + loose_key(key)))
        if not exact or not loose:
            return exact or loose
        return tuple(dict((id(e), e) for e in (*exact, *loose)).values())

    def has_settlement(self, key: str) -> bool:
        """Whether :meth:`lookup_settlement` knows ``key``."""
        return self._settlements.get(key) is not None or self._settlements.get("~" + loose_key(key)) is not None

    def lookup_fuzzy(self, key: str) -> tuple[Entry, ...]:
        """Entries whose loose key is one edit from ``key``'s (a last resort for typos
        such as "Shbekino"); never consulted when an exact or loose key matches."""
        lk = loose_key(key) if key else key
        if len(lk) < 6:
            return ()
        hit = self._fuzzy_memo.get(lk)
        if hit is not None:
            return hit
        if self._buckets is None:  # loose keys by (first letter, length), built on first use
            self._buckets = {}
            for k in self._loose:
                if " " not in k and len(k) >= 5:
                    self._buckets.setdefault((k[0], len(k)), []).append(k)
        near = [k for n in (len(lk) - 1, len(lk), len(lk) + 1)
                for k in self._buckets.get((lk[0], n), ()) if _edit1(lk, k)]
        ids = sorted({i for k in near for i in self._ids(self._loose.get(k))})
        found = tuple(self._entry(i) for i in ids)
        if len(self._fuzzy_memo) > 100000:
            self._fuzzy_memo.clear()
        self._fuzzy_memo[lk] = found
        return found

    def names_of(self, geonameid: int) -> tuple[str, ...]:
        """Every name the index knows for the place with this GeoNames id, its own name first:
        GeoNames' alternates in other languages and scripts, older and Russian-romanised names
        and the curated aliases (Bakhmut: Artemovsk, Бахмут ...); empty for an unknown id.

        Examples
        --------
        >>> "Artemovsk" in load_gazetteer().names_of(713174)    # doctest: +SKIP
        True
        """
        if self._alternates is None:  # decompressed on first use: few runs ask
            zblob, ends = self._alternates_packed
            self._alternates = Strings({"names.blob": zlib.decompress(zblob), "names.ends": ends}, "names")
        lo = bisect_left(self._gid_sorted, geonameid)
        hi = bisect_right(self._gid_sorted, geonameid, lo)
        names: dict[str, None] = {}
        for i in sorted(self._gid_entries[j] for j in range(lo, hi)):
            names.update(dict.fromkeys(self._alternates[i].split("|")))
        names.pop("", None)
        return tuple(names)

    def name_keys(self) -> Iterator[str]:
        """Every exact name key, in sorted order (for the maintainer scripts)."""
        return iter(self._keys)

    def has_key(self, key: str) -> bool:
        """Whether ``key`` names anything (cheap: no entries built)."""
        return self._keys.get(key) is not None

    def region(self, code: str) -> Entry | None:
        idx = self._regions.get(code)
        return self._entry(idx) if idx is not None else None

    def region_of(self, entry: Entry) -> Entry | None:
        if entry.kind == "region":
            return entry
        return self.region(entry.region_code) if entry.region_code else None

    def regions(self) -> Iterator[Entry]:
        """Every region entry."""
        return (self._entry(i) for i in self._regions.values())

    def max_words(self) -> int:
        return min(self._max_words, 6)

