"""Tests for geo.tag, the frame engine: its sentence table, the lexicon and the Doc."""

from __future__ import annotations

import pytest

from conftest import load_cases
from geo.spot import find_mentions
from geo.model import Article, Tag
from geo.resolve import resolve
from geo.tag import classify
from geo.tag.doc import MAX_SENTENCE_TOKENS, make_doc, tokenize_words
from geo.tag.lexicon import forms, lexicon, rules

CASES = load_cases("tag.jsonl")


def _events(text: str, gaz) -> set[tuple]:
    art = Article("t", text, date="2025-11-20")
    claims = classify(art, resolve(art, find_mentions(art, gaz), gaz))
    for c in claims:
        assert c.evidence and text[c.mention.start:c.mention.end] == c.mention.text
        assert bool(c.rule) == (c.tag is not Tag.MENTION)
    return {(c.place.name, c.tag.value, c.claimant, c.rule) for c in claims if c.tag is not Tag.MENTION}


def test_tag_case_table_has_negatives() -> None:
    assert len(CASES) >= 20
    assert sum(not c["claims"] for c in CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_tag_case_table(gazetteer, case: dict) -> None:
    assert _events(case["text"], gazetteer) == {tuple(c) for c in case["claims"]}


@pytest.mark.parametrize(("lemma", "form"), [("capture", "captured"), ("take", "taken"), ("hit", "hitting"),
                                             ("shell", "shelled"), ("deny", "denied"), ("push", "pushes")])
def test_tag_forms_inflect(lemma: str, form: str) -> None:
    assert form in forms(lemma, {"take": ["took", "taken"]})


def test_tag_lexicon_sides_cover_people_and_bodies() -> None:
    lex = lexicon()
    assert lex.side_of[("shoigu",)] == "RU"
    assert lex.side_of[("zelensky",)] == "UA"
    assert lex.side_of[("isw",)] == "other"
    assert lex.verb("capture", "retook") == "retake"


@pytest.mark.parametrize(("text", "words"), [("Russia's forces", ["russia", "'s", "forces"]),
                                             ("pro-Russian, 45%", ["pro-russian", ",", "45%"])])
def test_tag_tokens(text: str, words: list[str]) -> None:
    assert tokenize_words(text) == words


def _rule_examples() -> list[tuple[str, str, set[tuple] | None]]:
    out = []
    for rid, rule in sorted(rules().items()):
        for ex in rule["positive"]:
            out.append((rid, ex["text"], {(p, t, None if c == "None" else c) for p, t, c in ex["claims"]}))
        for text in rule["negative"]:
            out.append((rid, text, None))
    return out


@pytest.mark.parametrize(("rule", "text", "claims"), _rule_examples(), ids=[f"{r}:{t[:40]}" for r, t, _ in _rule_examples()])
def test_tag_rule_examples(gazetteer, rule: str, text: str, claims: set[tuple] | None) -> None:
    got = _events(text, gazetteer)
    if claims is None:  # a negative example: the rule makes no claim
        assert not [g for g in got if g[3] == rule], got
    else:
        assert {g[:3] for g in got} == claims
        assert rule in {g[3] for g in got}


def test_tag_every_rule_in_the_engine_is_documented() -> None:
    import re
    from pathlib import Path

    import geo.tag
    source = "".join(p.read_text() for p in Path(geo.tag.__file__).parent.glob("*.py"))
    named = set(re.findall(r'Frame\("([a-z_]+\.[a-z_]+)"', source)) | {"capture.enter"}
    assert named <= set(rules()), named - set(rules())


def test_tag_unknown_rule_does_not_load() -> None:
    from geo.tag.frame import Frame
    with pytest.raises(KeyError, match="not in rules/frames.toml"):
        Frame("capture.guess", Tag.CAPTURE_CLAIM, 0, 1, [])


def test_an_over_long_sentence_is_read_in_bounded_pieces_that_cite_the_whole_sentence() -> None:
    long = "Drones struck the depot near the river, " * 200 + "officials said."
    doc = make_doc(Article("a", "A short one. " + long), [])
    short, *pieces = doc.sents
    assert short.hi - short.lo == 4 and short.text == "A short one."
    assert len(pieces) > 1 and all(p.hi - p.lo <= MAX_SENTENCE_TOKENS for p in pieces)
    assert [p.lo for p in pieces[1:]] == [p.hi for p in pieces[:-1]] and pieces[-1].hi == len(doc.toks)
    assert all(doc.words[p.hi - 1] == "," for p in pieces[:-1])  # cut after a comma
    assert all(p.text == long for p in pieces)
