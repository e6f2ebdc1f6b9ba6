"""Stage 4: Claims -> RFC 7946 FeatureCollections (per-article claims, per-place status).

Only this module writes ``[lon, lat]``.  Output is deterministic: features sorted,
coordinates rounded to 5 decimals, keys sorted, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from .model import Article, Claim, Tag

__all__ = ["dumps", "feature_order", "place_status", "to_geojson"]

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


def place_status(claims_fc: dict) -> dict:
    """One Point per place with its status across articles.

    ``status`` is ``contested`` (a capture claim and a denial), ``claimed``,
    ``denied``, ``struck``, ``fortified`` or ``mentioned``; ``claimed_by`` etc. list
    the claimants (``unattributed`` for null); ``citations`` are newest first.
    """
    groups: dict[tuple, list[dict]] = {}
    for f in claims_fc["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        groups.setdefault((p["place"], lat, lon), []).append(f)
    feats = []
    for (name, lat, lon), fs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        first = fs[0]["properties"]
        tags = sorted({f["properties"]["tag"] for f in fs}, key=_TAG_ORDER.__getitem__)
        by = {field: sorted({f["properties"]["claimant"] or "unattributed" for f in fs
                             if f["properties"]["tag"] == tag}) for tag, field in _STATUS_BY}
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
        cites = [{k: f["properties"][k] for k in ("article", "tag", "claimant", "evidence", "source", "date",
                                                   "url", "title")} for f in fs]
        cites.sort(key=lambda c: (c["date"] is None, _neg_date(c["date"]), c["article"], _TAG_ORDER[c["tag"]],
                                  c["claimant"] or ""))
        props = {"place": name, "kind": first["kind"], "admin1": first["admin1"], "country": first["country"],
                 "precision": first["precision"], "region_code": first["region_code"], "status": status,
                 "tags": tags, "articles": len({f["properties"]["article"] for f in fs}),
                 "citations": cites, **by}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def _neg_date(d: str | None) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in d) if d else ""


def dumps(fc: dict) -> str:
    """Serialise deterministically: sorted keys, one feature per line, UTF-8 text, trailing newline.

    One line per feature keeps files diffable and greppable, and lets the C JSON encoder do
    the work (an indented dump runs in pure Python: several times slower on big corpora).
    """
    head = {k: v for k, v in fc.items() if k != "features"}
    enc = json.JSONEncoder(sort_keys=True, ensure_ascii=False, allow_nan=False)
    lines = [enc.encode(f) for f in fc.get("features", [])]
    opening = enc.encode(head)[:-1] + (", " if head else "") + '"features": ['
    if not lines:
        return opening + "]}\n"
    return opening + "\n" + ",\n".join(lines) + "\n]}\n"
