"""Stage 4: Claims -> RFC 7946 FeatureCollections (per-article claims, per-place status).

Only this module writes ``[lon, lat]``.  Output is deterministic: features sorted,
coordinates rounded to 5 decimals, keys sorted, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

from .model import Article, Claim, Tag

__all__ = ["ENCODER", "collection_chunks", "dumps", "feature_order", "iter_places", "place_row", "place_status",
           "row_tag", "to_geojson"]

_TAG_ORDER = {t.value: i for i, t in enumerate(Tag)}


def _point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def to_geojson(pairs: Iterable[tuple[Article, Sequence[Claim]]]) -> dict:
    """One Point feature per (article, place, tag, claimant).

    Parameters
    ----------
    pairs : iterable of (Article, claims)
        Each article with the claims found in it.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection; the first claim of a group (earliest in the
        text) supplies the evidence and offsets.

    Examples
    --------
    >>> fc = to_geojson([(article, claims)])               # doctest: +SKIP
    >>> fc["features"][0]["properties"]["tag"]             # doctest: +SKIP
    'capture_claim'
    """
    feats = []
    for article, claims in pairs:
        seen: set[tuple] = set()
        for c in sorted(claims, key=lambda c: (c.mention.start, _TAG_ORDER[c.tag.value], c.claimant or "")):
            key = (c.place.name, round(c.place.lat, 5), round(c.place.lon, 5), c.tag.value, c.claimant)
            if key in seen:
                continue
            seen.add(key)
            p = c.place
            props = {
                "article": article.id,
                "place": p.name,
                "surface": c.mention.text,
                "start": c.mention.start,
                "end": c.mention.end,
                "tag": c.tag.value,
                "claimant": c.claimant,
                "evidence": c.evidence,
                "source": article.publisher,
                "date": article.date,
                "url": article.url,
                "title": article.title,
                "admin1": p.admin1,
                "country": p.country,
                "precision": p.precision,
                "kind": p.kind,
                "region_code": p.region_code,
                "geonameid": p.geonameid,
                "as_actor": c.as_actor,
                "answers_start": c.answers[0] if c.answers else None,
                "answers_end": c.answers[1] if c.answers else None,
            }
            feats.append({"type": "Feature", "geometry": _point(p.lat, p.lon), "properties": props})
    feats.sort(key=feature_order)
    return {"type": "FeatureCollection", "features": feats}


def feature_order(f: dict) -> tuple:
    """The canonical sort key of a claim feature: (article, start, tag, claimant, place)."""
    p = f["properties"]
    return (p["article"], p["start"], _TAG_ORDER[p["tag"]], p["claimant"] or "", p["place"])


_STATUS_BY = (("capture_claim", "claimed_by"), ("denial", "denied_by"), ("strike", "struck_by"),
              ("fortified", "fortified_by"))
_CITE_KEYS = ("article", "tag", "claimant", "evidence", "source", "date", "url", "title")
_ROW_KEYS = _CITE_KEYS + ("kind", "admin1", "country", "precision", "region_code", "surface")


def place_row(feature: dict) -> tuple[tuple, tuple]:
    """What the per-place status needs of one claim feature, as plain tuples.

    The first tuple is the sort key: the place (name, lat, lon), then the claim's
    canonical order; the second holds the properties (see :func:`iter_places`).
    """
    p = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    return (p["place"], lat, lon) + feature_order(feature), tuple(p.get(k) for k in _ROW_KEYS)


def row_tag(row: tuple[tuple, tuple]) -> str:
    """The tag of a :func:`place_row` row."""
    return row[1][1]


def place_status(claims_fc: dict) -> dict:
    """One Point per place with its status across articles.

    ``status`` is ``contested`` (a capture claim and a denial), ``claimed``,
    ``denied``, ``struck``, ``fortified`` or ``mentioned``; ``claimed_by`` etc. list
    the claimants (``unattributed`` for null); ``citations`` are newest first.
    """
    rows = sorted((place_row(f) for f in claims_fc["features"]), key=lambda r: r[0])
    return {"type": "FeatureCollection", "features": [f for f, _ in iter_places(rows)]}


def iter_places(rows: Iterable[tuple[tuple, tuple]]) -> Iterator[tuple[dict, list[str]]]:
    """Place features from :func:`place_row` rows sorted by their key, with each place's
    spellings as written in the articles (for the map's search box)."""
    for (name, lat, lon), group in groupby(rows, key=lambda r: r[0][:3]):
        fs = [dict(zip(_ROW_KEYS, values)) for _, values in group]
        first = fs[0]
        tags = sorted({f["tag"] for f in fs}, key=_TAG_ORDER.__getitem__)
        by = {field: sorted({f["claimant"] or "unattributed" for f in fs if f["tag"] == tag})
              for tag, field in _STATUS_BY}
        if by["claimed_by"] and by["denied_by"]:
            status = "contested"
        elif by["claimed_by"]:
            status = "claimed"
        elif by["denied_by"]:
            status = "denied"
        elif by["struck_by"]:
            status = "struck"
        elif by["fortified_by"]:
            status = "fortified"
        else:
            status = "mentioned"
        cites = [{k: f[k] for k in _CITE_KEYS} for f in fs]
        cites.sort(key=lambda c: (c["date"] is None, _neg_date(c["date"]), c["article"], _TAG_ORDER[c["tag"]],
                                  c["claimant"] or ""))
        props = {"place": name, "kind": first["kind"], "admin1": first["admin1"], "country": first["country"],
                 "precision": first["precision"], "region_code": first["region_code"], "status": status,
                 "tags": tags, "articles": len({f["article"] for f in fs}),
                 "citations": cites, **by}
        surfaces = list(dict.fromkeys(f["surface"] for f in fs if isinstance(f["surface"], str)))
        yield ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props},
               surfaces)


def _neg_date(d: str | None) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in d) if d else ""


def dumps(fc: dict) -> str:
    """Serialise deterministically: sorted keys, one feature per line, UTF-8 text, trailing newline.

    One line per feature keeps files diffable and greppable, and lets the C JSON encoder do
    the work (an indented dump runs in pure Python: several times slower on big corpora).
    """
    head = {k: v for k, v in fc.items() if k != "features"}
    return "".join(collection_chunks(head, (ENCODER.encode(f) for f in fc.get("features", []))))


#: The encoder of every feature line.
ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, allow_nan=False)


def collection_chunks(head: dict, lines: Iterable[str]) -> Iterator[str]:
    """The text of a FeatureCollection, piece by piece, from its encoded feature lines
    (what :func:`dumps` writes, without holding the whole text)."""
    opening = ENCODER.encode(head)[:-1] + (", " if head else "") + '"features": ['
    first = True
    for line in lines:
        yield (opening + "\n" if first else ",\n") + line
        first = False
    yield opening + "]}\n" if first else "\n]}\n"
