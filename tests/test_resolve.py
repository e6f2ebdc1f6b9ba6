"""Tests for geo.resolve: the case table on the real gazetteer, and the rules on a tiny one."""

from __future__ import annotations

import pytest

from conftest import case_id, haversine_km, load_cases
from geo.model import Article, Resolution, ResolutionStatus
from geo.spot import find_mentions
from geo.resolve import APPOSITIONS, PASSES, resolve
from geo.gazetteer.translit import loose_key

CASES = load_cases("resolve.jsonl")


def _resolve_surface(text: str, surface: str, gaz) -> Resolution:
    article = Article("a", text)
    res = resolve(article, find_mentions(article, gaz), gaz)
    hits = [r for r in res if r.mention.text == surface]
    assert hits, f"no mention {surface!r} found; mentions: {[r.mention.text for r in res]}"
    return hits[0]


def _check(r: Resolution, case: dict) -> None:
    expected = case.get("place", "<any>")
    if expected is None:
        assert r.place is None, f"expected no place, got {r.place}"
        assert r.reason
        if "reason_contains" in case:
            assert case["reason_contains"] in r.reason
        return
    p = r.place
    assert p is not None, f"unresolved: {r.reason}"
    if expected != "<any>":
        assert loose_key(p.name) == loose_key(expected), p
    for key in ("admin1", "country", "kind", "precision"):
        if key in case:
            assert getattr(p, key) == case[key], p
    if "lat" in case:
        assert haversine_km(p.lat, p.lon, case["lat"], case["lon"]) <= case["tol_km"], p
    if "reason_contains" in case:
        assert case["reason_contains"] in r.reason


@pytest.mark.parametrize("case", CASES, ids=[f"{case_id(c)}-{c['surface']}" for c in CASES])
def test_resolve_case_table(gazetteer, case: dict) -> None:
    if case.get("known_gap"):
        try:
            _check(_resolve_surface(case["text"], case["surface"], gazetteer), case)
        except AssertionError as err:
            pytest.xfail(f"known gap: {err}")
        pytest.fail("known gap now passes: drop 'known_gap' from the case (strict xfail)")
    _check(_resolve_surface(case["text"], case["surface"], gazetteer), case)


@pytest.mark.parametrize("text", sorted({c["text"] for c in CASES}))
def test_resolve_one_per_mention_in_order(gazetteer, text: str) -> None:
    article = Article("a", text)
    ms = find_mentions(article, gazetteer)
    res = resolve(article, ms, gazetteer)
    assert [r.mention for r in res] == ms
    assert all((r.place is None) == bool(r.reason) or r.place is not None for r in res)


# --------------------------------------------------------------------------- tiny gazetteer


@pytest.mark.parametrize(
    ("text", "surface", "geonameid", "kind", "precision"),
    [
        ("Shelling hit Vyshneve in the Zorya region.", "Vyshneve", 9000001, "city", 1),
        ("Shelling hit Vyshneve in the Stepna region.", "Vyshneve", 9000002, "city", 1),
        ("Shelling hit Vyshneve, Stepna Oblast.", "Vyshneve", 9000002, "city", 1),
        ("Drones were seen near Vyshneve in the Zorya region.", "Vyshneve", 9000001, "city", 2),
        ("Troops entered Krasnozirsk.", "Krasnozirsk", 9000003, "city", 1),
        ("A drone hit Zorya overnight.", "Zorya", 9000004, "city", 1),
        ("Residents of Zorya sheltered.", "Zorya", 9000004, "city", 1),
    ],
)
def test_resolve_tiny_city(tiny_gazetteer, text: str, surface: str, geonameid: int, kind: str,
                           precision: int) -> None:
    r = _resolve_surface(text, surface, tiny_gazetteer)
    assert r.place is not None, r.reason
    assert (r.place.geonameid, r.place.kind, r.place.precision) == (geonameid, kind, precision)


@pytest.mark.parametrize(
    ("text", "surface", "region", "name"),
    [
        ("Sirens sounded across the Zorya region.", "Zorya", "Zorya Oblast", "Zorya Oblast"),
        ("Power was cut in parts of Zorya Oblast.", "Zorya Oblast", "Zorya Oblast", "Zorya Oblast"),
        # Stepna region holds no Yasnohirka: placed at the region (under the village's name),
        # not at the Zorya one.
        ("Shelling hit Yasnohirka in the Stepna region.", "Yasnohirka", "Stepna Oblast", "Yasnohirka"),
    ],
)
def test_resolve_tiny_region(tiny_gazetteer, text: str, surface: str, region: str, name: str) -> None:
    r = _resolve_surface(text, surface, tiny_gazetteer)
    assert r.place is not None, r.reason
    assert (r.place.kind, r.place.admin1, r.place.name, r.place.precision) == ("region", region, name, 3)


@pytest.mark.parametrize("text", ["Soldiers were seen in Vyshneve.", "Вишневе was quiet."])
def test_resolve_tiny_ambiguous_namesakes(tiny_gazetteer, text: str) -> None:
    surface = "Vyshneve" if "Vyshneve" in text else "Вишневе"
    r = _resolve_surface(text, surface, tiny_gazetteer)
    assert r.place is None
    assert "ambiguous" in r.reason


@pytest.mark.parametrize(
    ("text", "surface", "geonameid"),
    [
        # Another mention of the region elsewhere in the article decides the namesake.
        ("Zorya Oblast was shelled again. Vyshneve lost power later.", "Vyshneve", 9000001),
        ("The Stepna region was hit. Vyshneve lost power.", "Vyshneve", 9000002),
    ],
)
def test_resolve_tiny_article_context(tiny_gazetteer, text: str, surface: str, geonameid: int) -> None:
    r = _resolve_surface(text, surface, tiny_gazetteer)
    assert r.place is not None, r.reason
    assert r.place.geonameid == geonameid


# --------------------------------------------------------------------------- settlement register


def _places(text: str, gaz) -> dict[str, tuple]:
    article = Article("a", text)
    return {r.mention.text: (r.place.name, r.place.lat, r.place.lon, r.place.precision) if r.place else r.reason
            for r in resolve(article, find_mentions(article, gaz), gaz)}


def test_register_places_a_village_at_its_community_centre(register_gazetteer) -> None:
    got = _places("Russian forces captured the village of Ostapivske, the ministry said.", register_gazetteer)
    assert got["Ostapivske"] == ("Ostapivske", 48.7, 37.4, 2)


def test_register_namesakes_are_told_apart_by_region_and_neighbours(register_gazetteer) -> None:
    g = register_gazetteer
    # Two Bratskes in Zorya Oblast, far apart: the region alone does not decide.
    assert "not in the offline gazetteer" in _places("They took the village of Bratske in the Zorya region.", g)["Bratske"]
    # The other region's only Bratske.
    assert _places("They took the village of Bratske in the Stepna region.", g)["Bratske"][1:3] == (49.71, 37.61)
    # A neighbour the text names decides.
    got = _places("They took the village of Bratske in the Zorya region, 3 km from the village of Ostapivske.", g)
    assert got["Bratske"] == ("Bratske", 48.7, 37.4, 2)


def test_register_rival_makes_a_geonames_village_ambiguous(register_gazetteer, tiny_gazetteer) -> None:
    text = "Shelling hit the village of Vyshneve in the Zorya region."
    # Without the register, the one Vyshneve GeoNames has in the region.
    assert _places(text, tiny_gazetteer)["Vyshneve"] == ("Vyshneve", 48.2, 37.5, 1)
    # The register knows another far from it: only the region is certain.
    assert _places(text, register_gazetteer)["Vyshneve"] == ("Vyshneve", 48.10, 37.60, 3)


def test_village_namesake_told_apart_by_the_other_places(gazetteer) -> None:
    """The same village name resolves to different GeoNames ids in different texts: alone, to
    the namesake GeoNames' cities list; among places 100 km and more from it, to the namesake of
    the settlement register near them, at that village's own point."""
    alone = _resolve_surface("Ocheretuvate was quiet on Sunday, residents said.", "Ocheretuvate", gazetteer)
    south = _resolve_surface("After Robotyne, the next targets on the road to Tokmak are Novoprokopivka and "
                             "Ocheretuvate, the deputy minister said.", "Ocheretuvate", gazetteer)
    assert alone.place is not None and south.place is not None
    assert alone.place.geonameid != south.place.geonameid
    assert south.place.admin1 == "Zaporizhzhia Oblast" and south.place.precision == 1
    assert haversine_km(south.place.lat, south.place.lon, 47.27, 35.70) < 60  # Tokmak


# --------------------------------------------------------------------------- status and passes


def _resolution(text: str, surface: str, gaz, **kwargs) -> Resolution:
    article = Article("a", text)
    hits = [r for r in resolve(article, find_mentions(article, gaz), gaz, **kwargs) if r.mention.text == surface]
    assert hits
    return hits[0]


@pytest.mark.parametrize(
    ("text", "surface", "status"),
    [
        ("Russian forces captured the village of Ostapivske, the ministry said.", "Ostapivske",
         ResolutionStatus.APPROXIMATE),  # at its community's centre
        ("Shelling hit the village of Vyshneve in the Zorya region.", "Vyshneve",
         ResolutionStatus.APPROXIMATE),  # at the region: the register has namesakes there
        ("They took the village of Bratske in the Zorya region.", "Bratske", ResolutionStatus.UNPLACED),
        ("Troops entered Krasnozirsk.", "Krasnozirsk", ResolutionStatus.PLACED),
    ],
)
def test_resolve_status_says_what_the_place_stands_for(register_gazetteer, text: str, surface: str,
                                                       status: ResolutionStatus) -> None:
    r = _resolution(text, surface, register_gazetteer)
    assert r.status is status
    assert (r.place is None) is (status is ResolutionStatus.UNPLACED)
    assert bool(r.reason) is (status is not ResolutionStatus.PLACED)


@pytest.mark.parametrize("place", [None, "point"])
def test_resolution_without_place_is_unplaced(place: str | None) -> None:
    from geo.model import Mention, Place
    p = Place("X", 1.0, 2.0, "city") if place else None
    r = Resolution(Mention("a", 0, 1, "X"), p, "why")
    assert r.status is (ResolutionStatus.PLACED if p else ResolutionStatus.UNPLACED)


@pytest.mark.parametrize("attr", ["name", "run"])
def test_resolve_passes_are_named_once(attr: str) -> None:
    values = [getattr(p, attr) for p in PASSES]
    assert len(values) == len(set(values))
    assert APPOSITIONS not in [p.name for p in PASSES]


@pytest.mark.parametrize("text", ["Soldiers were seen in Vyshneve."])
def test_resolve_without_the_ambiguity_pass_takes_the_best_ranked(tiny_gazetteer, text: str) -> None:
    assert _resolution(text, "Vyshneve", tiny_gazetteer).status is ResolutionStatus.UNPLACED
    rest = [p for p in PASSES if p.name != "ambiguous"]
    r = _resolution(text, "Vyshneve", tiny_gazetteer, passes=rest)
    assert r.status is ResolutionStatus.PLACED and r.place is not None and r.place.name == "Vyshneve"


@pytest.mark.parametrize("appositions", [True, False])
def test_resolve_apposition_pass_can_be_switched_off(gazetteer, appositions: bool) -> None:
    """"Athens, Georgia": with the pass, Georgia is the state the town lies in; without, the country."""
    r = _resolution("Flooding hit Athens, Georgia, and Atlanta.", "Georgia", gazetteer, appositions=appositions)
    assert r.place is not None
    assert (r.place.country, r.place.kind) == (("US", "region") if appositions else ("GE", "country"))
