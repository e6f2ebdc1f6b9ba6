"""The name rules of the index: which GeoNames alternates count, the spellings a name is
found by, and the plain readers of the data files."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import GazetteerError
from .translit import SCHEMES, has_cyrillic, loose_key, name_key, transliterate

# Countries whose place names reach English news through Russian or Ukrainian
# romanisation: their names also get loose keys.
POST_SOVIET = frozenset("UA RU BY MD GE AM AZ KZ KG UZ TJ TM".split())
# Romanised soft/hard-sign marks (BGN/PCGN "Tver’", "Pod”yachevo"), dropped from display names.
SIGN_MARKS = str.maketrans("", "", "’ʹʺ”'")
# The settlements of one community lie within this of its centre.
COMMUNITY_KM = 35


def row_point(path: Path, n: int, row: dict[str, str]) -> tuple[float, float]:
    """The ``lat``/``lon`` of line ``n`` of a data file."""
    try:
        return float(row["lat"]), float(row["lon"])
    except (KeyError, ValueError, TypeError) as err:
        raise GazetteerError(f"{path}:{n}: bad row") from err


def read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a TSV data file with their line numbers ('#' lines are comments)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
            for n, row in enumerate(reader, start=2):
                yield n, row
    except OSError as err:
        raise GazetteerError(f"cannot read gazetteer file {path}: {err.strerror}") from err


def word_list(path: Path) -> set[str]:
    """Name keys listed one per line ('#' starts a comment); empty when the file is absent."""
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(name_key(line))
    return out


def national_name(name: str, alternates: Iterable[str]) -> str:
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
            found.append((not any(ch in low for ch in "іїєґ'’"), edits(rom.lower(), name.lower()), rom))
    if not found:
        return name
    return min(found)[2]




def flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, flat-earth (fine at a community's scale)."""
    return math.hypot((lat2 - lat1) * 111.2, (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2)))


def edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def good_alternate(name: str) -> bool:
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


def name_variants(name: str) -> set[str]:
    """The name keys ``name`` is found by: its own, and its romanisations when Cyrillic."""
    keys = {name_key(name)}
    if has_cyrillic(name):
        for scheme in SCHEMES:
            keys.add(name_key(transliterate(name, scheme)))
    return {k for k in keys if k}


# Ukrainian endings and the Russian ones the press writes for the same places (Zelene ->
# Zelenoye, Ostapivske -> Ostapovskoye, Novoselivka -> Novoselovka).
_RUSSIAN_ENDINGS = (("ivske", "ovskoye"), ("ivske", "ovskoe"), ("ske", "skoye"), ("ske", "skoe"), ("ivka", "ovka"),
                    ("ne", "noye"), ("ne", "noe"), ("ve", "voye"), ("ve", "voe"), ("ke", "koye"))


def russian_forms(name: str) -> set[str]:
    """Name keys of the Russian press spellings of a romanised Ukrainian settlement name."""
    key = name_key(name)
    return {key[:-len(uk)] + ru for uk, ru in _RUSSIAN_ENDINGS if key.endswith(uk) and len(key) > len(uk) + 2}
