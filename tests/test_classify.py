"""Tests for the tagger (geo.tag): the sentence table (through geo.extract) and rules on hand-made resolutions."""

from __future__ import annotations

import pytest

import geo
from conftest import case_id, load_cases
from geo.tag import classify, is_actor
from geo.model import Article, Claim, Mention, Place, Resolution, Tag
from geo.gazetteer.translit import loose_key

CASES = load_cases("classify.jsonl")
DEFAULT_DATE = "2025-11-20"


def _claims(text: str, gaz, date: str = DEFAULT_DATE) -> list[Claim]:
    return geo.extract(text, date=date, gazetteer=gaz)


def _check(case: dict, claims: list[Claim]) -> None:
    at_place = [c for c in claims if loose_key(c.place.name) == loose_key(case["place"])]
    got = [(c.place.name, c.tag.value, c.claimant) for c in claims]
    if "absent_tag" in case:
        assert case["absent_tag"] not in {c.tag.value for c in at_place}, got
    else:
        assert at_place, f"{case['place']!r} not found; claims: {got}"
        assert (case["tag"], case["claimant"]) in {(c.tag.value, c.claimant) for c in at_place}, got


def test_classify_case_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert sum("absent_tag" in c for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_classify_case_table(gazetteer, case: dict) -> None:
    claims = _claims(case["text"], gazetteer, case.get("date", DEFAULT_DATE))
    if case.get("known_gap"):
        try:
            _check(case, claims)
        except AssertionError as err:
            pytest.xfail(f"known gap: {err}")
        pytest.fail("known gap now passes: drop 'known_gap' from the case (strict xfail)")
    _check(case, claims)


@pytest.mark.parametrize("text", sorted({c["text"] for c in CASES}))
def test_classify_evidence_and_order(gazetteer, text: str) -> None:
    claims = _claims(text, gazetteer)
    assert claims == sorted(claims, key=lambda c: (c.mention.start, c.tag.value, c.claimant or ""))
    for c in claims:
        assert text[c.mention.start:c.mention.end] == c.mention.text
        assert c.evidence and c.evidence in text
        if c.answers is None:
            assert c.mention.text in c.evidence
        else:
            assert c.tag is Tag.DENIAL
        assert c.claimant in (None, "RU", "UA", "other")
        if c.tag is Tag.MENTION:
            assert c.claimant is None


@pytest.mark.parametrize(
    ("text", "place", "answered_surface"),
    [
        ("Russia said on Sunday its forces had captured Siversk.\nUkraine's army said the report was false.",
         "Siversk", "Siversk"),
        ("The Kremlin said Russian troops had seized Kurakhove. Kyiv denied it.", "Kurakhove", "Kurakhove"),
    ],
)
def test_classify_denial_answers_previous_claim(gazetteer, text: str, place: str, answered_surface: str) -> None:
    claims = _claims(text, gazetteer)
    (claim,) = [c for c in claims if c.tag is Tag.CAPTURE_CLAIM and loose_key(c.place.name) == loose_key(place)]
    (denial,) = [c for c in claims if c.tag is Tag.DENIAL]
    assert denial.answers == (claim.mention.start, claim.mention.end)
    assert text[denial.answers[0]:denial.answers[1]] == answered_surface
    assert denial.evidence != claim.evidence  # the denial's own sentence


@pytest.mark.parametrize(
    ("text", "places"),
    [("Moscow said its troops had seized Torske and Zarichne in the Donetsk region. "
      "Ukraine's military rejected both claims.", {"Torske", "Zarichne"})],
)
def test_classify_plural_denial_answers_all(gazetteer, text: str, places: set[str]) -> None:
    claims = _claims(text, gazetteer)
    denials = [c for c in claims if c.tag is Tag.DENIAL]
    assert {c.place.name for c in denials} == places
    assert all(c.answers is not None and c.claimant == "UA" for c in denials)


@pytest.mark.parametrize(
    ("text", "surface"),
    [("Kyiv denied the report about the front.", "Kyiv"), ("Moscow said the talks would resume.", "Moscow"),
     ("Moscow's forces pressed on.", "Moscow"), ("KYIV, Dec 3 (Reuters) - Talks resumed.", "KYIV")],
)
def test_classify_capital_as_actor(gazetteer, text: str, surface: str) -> None:
    claims = [c for c in _claims(text, gazetteer) if c.mention.text == surface]
    assert claims and all(c.tag is Tag.MENTION and c.as_actor for c in claims)


# --------------------------------------------------------------------------- hand-made resolutions

_TOWN = Place("Vyshneve", 48.2, 37.5, "city", "UA", "Zorya Oblast", 9000001, 1200)
_RU_TOWN = Place("Lisky", 51.9, 36.1, "city", "RU", "Lisova Oblast", 9000006, 30000)


def _run(text: str, surface: str, place: Place, date: str | None = DEFAULT_DATE) -> list[Claim]:
    start = text.index(surface)
    m = Mention("a", start, start + len(surface), surface)
    return classify(Article("a", text, date=date), [Resolution(m, place)])


@pytest.mark.parametrize(
    ("text", "surface", "place", "expected"),
    [
        ("The Russian Defence Ministry said its troops captured Vyshneve.", "Vyshneve", _TOWN,
         ("capture_claim", "RU")),
        ("Ukraine's General Staff said Vyshneve remains under Ukrainian control.", "Vyshneve", _TOWN,
         ("denial", "UA")),
        ("A Russian drone struck Vyshneve overnight.", "Vyshneve", _TOWN, ("strike", "RU")),
        # No side named: the attacker is the side opposite the struck place's country.
        ("Shelling hit Lisky overnight.", "Lisky", _RU_TOWN, ("strike", "UA")),
        ("Shelling hit Vyshneve overnight.", "Vyshneve", _TOWN, ("strike", "RU")),
        ("Vyshneve was quiet.", "Vyshneve", _TOWN, ("mention", None)),
    ],
)
def test_classify_handmade(text: str, surface: str, place: Place, expected: tuple) -> None:
    got = {(c.tag.value, c.claimant) for c in _run(text, surface, place)}
    assert expected in got


@pytest.mark.parametrize("date", ["2025-03-01", None])
def test_classify_history_uses_article_year(date: str | None) -> None:
    text = "Russian troops captured Vyshneve in 2022. Officials said 2025 would be harder."
    tags = {c.tag for c in _run(text, "Vyshneve", _TOWN, date)}
    assert Tag.CAPTURE_CLAIM not in tags


@pytest.mark.parametrize("text", ["The town Vyshneve was captured."])
def test_classify_unresolved_is_skipped(text: str) -> None:
    m = Mention("a", 9, 17, "Vyshneve")
    assert classify(Article("a", text), [Resolution(m, None, "ambiguous")]) == []


@pytest.mark.parametrize(
    ("text", "surface", "actor"),
    [("Kyiv denied it.", "Kyiv", True), ("Moscow's troops advanced.", "Moscow", True),
     ("Drones hit Kyiv.", "Kyiv", False), ("according to Kyiv, nothing fell", "Kyiv", True)],
)
def test_classify_is_actor(text: str, surface: str, actor: bool) -> None:
    start = text.index(surface)
    assert is_actor(text, Mention("a", start, start + len(surface), surface)) is actor


def test_place_inside_a_hyphened_pair_is_named(gazetteer) -> None:
    """Both places of "Russia-Ukraine" are named: the second one is no frame's argument, but it
    is a place of the article, cited by its sentence."""
    text = "Tension rose along the Georgia-Armenia border on Monday, officials said."
    claims = _claims(text, gazetteer)
    named = {(c.place.name, c.tag.value) for c in claims}
    assert ("Georgia", "mention") in named and ("Armenia", "mention") in named, named
    armenia = next(c for c in claims if c.place.name == "Armenia")
    assert armenia.evidence == text
