"""Stage 4: Claims -> RFC 7946 FeatureCollections (per-article claims, per-place status).

Only this module writes ``[lon, lat]``.  Output is deterministic: features sorted,
coordinates rounded to 5 decimals, keys sorted, no timestamps.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

from ..model import Article, Claim, Tag
from .summary import PlaceSummary

__all__ = ["ENCODER", "PlaceGroup", "collection_chunks", "dumps", "feature_order", "http_url", "iter_places",
           "place_row", "place_status", "row_tag", "to_geojson"]

_TAG_ORDER = {t.value: i for i, t in enumerate(Tag)}


_URL_STRIP = re.compile("[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def http_url(value: object) -> str | None:
    """``value`` when it is an http(s) URL with a host (tabs and newlines removed and
    controls and spaces trimmed from the ends, as browsers do); ``None`` for anything
    else (``javascript:``, ``data:``, ``file:``, relative links).  Article metadata is
    untrusted: no output links anything else."""
    if not isinstance(value, str):
        return None
    cleaned = _URL_STRIP.sub("", value).strip(_C0_AND_SPACE)
    try:
        parts = urllib.parse.urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


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
                "url": http_url(article.url),
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
                "rule": c.rule or None,
                "cue": c.cue or None,
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
#: What the map adds to a citation: the rule and the cue words that made its tag.
_WHY_KEYS = ("rule", "cue")
_ROW_KEYS = _CITE_KEYS + ("kind", "admin1", "country", "precision", "region_code", "surface") + _WHY_KEYS + (
    "geonameid",)


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
    ``denied``, ``struck``, ``fortified`` or ``mentioned`` (see
    :class:`~geo.output.summary.PlaceSummary`); ``claimed_by`` etc. list
    the claimants (null for an unattributed one, as in ``claims.geojson``, listed last);
    ``citations`` are newest first.
    """
    rows = sorted((place_row(f) for f in claims_fc["features"]), key=lambda r: r[0])
    return {"type": "FeatureCollection", "features": [g.feature() for g in iter_places(rows)]}


def iter_places(rows: Iterable[tuple[tuple, tuple]]) -> Iterator[PlaceGroup]:
    """One :class:`PlaceGroup` per place, from :func:`place_row` rows sorted by their key."""
    for (name, lat, lon), group in groupby(rows, key=lambda r: r[0][:3]):
        yield PlaceGroup(name, lat, lon, [values for _, values in group])


class PlaceGroup:
    """The claims at one place (name and point), as plain :func:`place_row` tuples in
    canonical order; its feature is built whole (:meth:`feature`) or written piece by
    piece (:meth:`chunks`), which a place cited a hundred thousand times needs."""

    __slots__ = ("lat", "lon", "name", "rows")

    def __init__(self, name: str, lat: float, lon: float, rows: list[tuple]) -> None:
        self.name, self.lat, self.lon, self.rows = name, lat, lon, rows

    @property
    def spellings(self) -> list[str]:
        """The place's names as written in the articles, first seen first (for search)."""
        i = _ROW_KEYS.index("surface")
        return list(dict.fromkeys(v[i] for v in self.rows if isinstance(v[i], str)))

    @property
    def geonameid(self) -> int | None:
        """The place's GeoNames id, if its claims carry one."""
        i = _ROW_KEYS.index("geonameid")
        return next((v[i] for v in self.rows if isinstance(v[i], int)), None)

    @property
    def huge(self) -> bool:
        """Whether the place has so many claims that its feature is best written in pieces
        (:meth:`chunks`) than built whole (:meth:`feature`)."""
        return len(self.rows) > _WHOLE

    def summary(self) -> PlaceSummary:
        """The place across its claims (its feature without the ``citations``)."""
        first = dict(zip(_ROW_KEYS, self.rows[0]))
        tags = sorted({v[1] for v in self.rows}, key=_TAG_ORDER.__getitem__)
        by = {field: tuple(sorted({v[2] for v in self.rows if v[1] == tag}, key=_side_order))
              for tag, field in _STATUS_BY}
        return PlaceSummary(self.name, self.lat, self.lon, kind=first["kind"], admin1=first["admin1"],
                            country=first["country"], precision=first["precision"],
                            region_code=first["region_code"], tags=tuple(tags),
                            articles=len({v[0] for v in self.rows}), **by)

    def citations(self, *, why: bool = False) -> Iterator[dict]:
        """Each claim's citation, newest first (undated last), one dict at a time; with
        ``why``, each also names the ``rule`` and ``cue`` that made its tag (for the map:
        ``places.geojson`` leaves them out)."""
        order = sorted(range(len(self.rows)), key=lambda k: _cite_order(self.rows[k]))
        keys = _CITE_KEYS + _WHY_KEYS if why else _CITE_KEYS
        at = [_ROW_KEYS.index(k) for k in keys]
        return ({k: self.rows[j][i] for k, i in zip(keys, at)} for j in order)

    def feature(self) -> dict:
        """The whole place feature."""
        f = self.summary().feature()
        f["properties"]["citations"] = list(self.citations())
        return f

    def chunks(self) -> Iterator[str]:
        """``ENCODER.encode(self.feature())``, in pieces (no citation list held whole)."""
        f = self.summary().feature()
        f["properties"]["citations"] = []
        head, sep, tail = ENCODER.encode(f).partition(_EMPTY_CITATIONS)
        assert sep, "the citations key is in every place feature"
        yield head + '"citations": ['
        for k, c in enumerate(self.citations()):
            yield (", " if k else "") + ENCODER.encode(c)
        yield "]" + tail


# Places with more claims than this are "huge": written in pieces, not built whole.
_WHOLE = 2000
# Keys sort before "citations" hold only numbers and escaped strings, so this text can
# only be the key itself.
_EMPTY_CITATIONS = '"citations": []'


def _side_order(claimant: str | None) -> tuple[bool, str]:
    """Claimants sorted by name, the unattributed (null) last."""
    return claimant is None, claimant or ""


def _cite_order(v: tuple) -> tuple:
    # (article, tag, claimant, evidence, source, date, ...): newest first, undated last.
    return (v[5] is None, _neg_date(v[5]), v[0], _TAG_ORDER[v[1]], v[2] or "")


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


def collection_chunks(head: dict, lines: Iterable[str | Iterable[str]]) -> Iterator[str]:
    """The text of a FeatureCollection, piece by piece, from its encoded feature lines
    (what :func:`dumps` writes, without holding the whole text); a line may itself come
    in pieces."""
    opening = ENCODER.encode(head)[:-1] + (", " if head else "") + '"features": ['
    first = True
    for line in lines:
        yield opening + "\n" if first else ",\n"
        if isinstance(line, str):
            yield line
        else:
            yield from line
        first = False
    yield opening + "]}\n" if first else "\n]}\n"
