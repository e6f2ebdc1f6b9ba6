"""Hostile articles (issue 17): each stage takes time in proportion to the text, one
article's memory and output stay bounded, and an article over the budget is reported
and skipped while the others are built.

The guards below are not speed goals (those are in ``bench/adversarial.py``): each input
here took minutes to hours before, and takes about a second now; the guard only turns a
hang into a failure.
"""

from __future__ import annotations

import contextlib
import random
import signal
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

import geo
from geo import analysis
from geo.ingest import parse_text
from geo.ingest.html import _span_words
from geo.errors import InputError
from geo.spot import find_mentions
from geo.spot.runs import _run_lasts
from geo.model import Article
from geo.resolve.context import _Nearness, _nearby
from geo.resolve.cues import _all_sentence_bounds, _sentence_bounds
from geo.text import sentences


@contextlib.contextmanager
def finishes_within(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than ``seconds``."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - POSIX only
        yield
        return

    class Hung(Exception):
        pass

    def expire(signum: int, frame: object) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Hung:
        pytest.fail(f"still running after {seconds} s: time grows faster than the text")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- linear time


def test_sentences_of_a_run_of_periods_in_linear_time() -> None:
    with finishes_within(20):
        out = sentences("." * 300_000)
    assert [(s.start, s.end) for s in out] == [(0, 300_000)]


@pytest.mark.parametrize("text, expected", [
    ("He left... Then Kyiv. U.S. troops!? Yes.\nNo", ["He left...", "Then Kyiv.", "U.S. troops!?", "Yes.", "No"]),
    ("Wait!!! Odesa?! \"Yes.\" (Then.) Kharkiv...!", ["Wait!!!", "Odesa?!", "\"Yes.\"", "(Then.)", "Kharkiv...!"]),
])
def test_sentences_split_as_before(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_a_long_run_of_capitalised_words_in_linear_time(gazetteer) -> None:
    with finishes_within(30):
        find_mentions(Article("a", "Qxz " * 32_000), gazetteer)


def test_run_lasts_are_the_ends_of_capitalised_runs() -> None:
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(1, 30)
        upper = [rng.random() < 0.6 for _ in range(n)]
        run_end = list(range(n))
        for k in range(n - 2, -1, -1):
            if rng.random() < 0.8:
                run_end[k] = run_end[k + 1]
        naive = []
        for i in range(n):
            j = i
            while j < run_end[j] and upper[j + 1]:
                j += 1
            naive.append(j)
        assert _run_lasts(upper, run_end) == naive


def test_one_sentence_naming_a_place_thousands_of_times_in_linear_time(gazetteer) -> None:
    with finishes_within(60):
        features = analysis.article_features(Article("a", "Kyiv, " * 12_000), gazetteer)
    assert {f["properties"]["place"] for f in features} == {"Kyiv"}


def test_sentence_bounds_from_one_scan_match_the_search_from_each_mention() -> None:
    rng = random.Random(5)
    for _ in range(200):
        text = "".join(rng.choice(["a", " ", ". ", "\n", ".", "b c"]) for _ in range(rng.randint(0, 40)))
        positions = sorted(rng.randint(0, len(text)) for _ in range(8))
        assert _all_sentence_bounds(text, positions) == [_sentence_bounds(text, p) for p in positions]


def test_unclosed_related_blocks_in_linear_time() -> None:
    html = '<div class="related"><a href="/x">Drone attack on Odesa</a> ' * 20_000 + "<p>Kyiv was shelled.</p>"
    with finishes_within(30):
        with pytest.raises(InputError, match="no article text"):
            parse_text(html, article_id="a", fmt="html")  # all links: chrome, dropped as before


def test_nested_stories_in_linear_time() -> None:
    html = "<article><p>Kyiv was shelled.</p>" * 20_000
    with finishes_within(30):
        article = parse_text(html, article_id="a", fmt="html")
    assert article.text.count("Kyiv was shelled.") == 20_000


def test_chrome_blocks_still_settled_by_their_own_end_tags() -> None:
    html = ('<main><div class="related"><div><a href="/a">Other story about Odesa</a></div></div>'
            '<div class="promo-wrapper"><div><p>Russian forces struck Kharkiv overnight, officials said, '
            'and the strikes went on.</p></div></div><p>More text here.</p></main>')
    text = parse_text(html, article_id="a", fmt="html").text
    assert "Odesa" not in text and "Kharkiv" in text and "More text here." in text


def test_span_word_counts_match_joining_the_parts() -> None:
    rng = random.Random(7)
    for _ in range(500):
        parts = [rng.choice(["", " ", "a", "a ", " a", "ab cd", "\n\n", "x\n", "\u00a0b"]) for _ in range(rng.randint(0, 10))]
        words = _span_words(parts)
        for a in range(len(parts) + 1):
            for b in range(a, len(parts) + 1):
                assert words(a, b) == len("".join(parts[a:b]).split())


# --------------------------------------------------------------------------- memory


class _City:
    kind = "city"

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon


def test_nearness_holds_each_point_once() -> None:
    rng = random.Random(1)
    points = [(f"k{i}", round(rng.uniform(44, 52), 4), round(rng.uniform(22, 40), 4)) for i in range(3000)]
    cities = [_City(lat, lon) for _, lat, lon in points]
    tracemalloc.start()
    try:
        near = _Nearness(points)
        for (key, _, _), city in zip(points, cities):
            near(key, city)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # a list of the others per name: 3,000 x 3,000 entries, over 70 MB


def test_nearness_bands_as_the_distance_to_every_other_point() -> None:
    rng = random.Random(2)
    kept = []
    for _ in range(200):
        clat, clon = rng.uniform(-89, 89), rng.uniform(-180, 180)
        spread = rng.choice([0.5, 3, 10, 40, 180])
        points = []
        for _ in range(rng.randint(0, 40)):
            lat = max(-90.0, min(90.0, clat + rng.uniform(-spread, spread)))
            lon = (clon + rng.uniform(-spread, spread) + 180) % 360 - 180
            points.append((f"k{rng.randint(0, 6)}", round(lat, 3), round(lon, 3)))
        near = _Nearness(points)
        for _ in range(10):
            key = f"k{rng.randint(0, 7)}"
            city = _City(max(-90.0, min(90.0, clat + rng.uniform(-spread, spread))),
                         (clon + rng.uniform(-spread, spread) + 180) % 360 - 180)
            kept.append(city)  # memoised by id: keep each alive
            others = list(dict.fromkeys((lat, lon) for k, lat, lon in points if k != key))
            assert near(key, city) == (_nearby(city, others) if points else 0.0)


# --------------------------------------------------------------------------- output and budget


def _long_sentence(n: int) -> str:
    names = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Poltava", "Sumy", "Kherson", "Mykolaiv", "Zaporizhzhia",
             "Chernihiv", "Vinnytsia", "Zhytomyr"]
    filler = "and the shelling went on through the night near the river, "
    return "Russian forces struck " + "".join(f"{names[k % len(names)]} {filler * 3}" for k in range(n)) + "officials said."


def test_evidence_is_clipped_around_the_mention(gazetteer) -> None:
    text = _long_sentence(12)
    article = Article("a", text)
    features = analysis.article_features(article, gazetteer)
    assert features
    for f in features:
        p = f["properties"]
        ev = p["evidence"]
        assert len(ev) <= 2 * analysis.EVIDENCE_WINDOW + (p["end"] - p["start"]) + 2
        assert p["surface"] in ev and ev.strip("\u2026") in text
        assert ev.startswith("\u2026") or ev.endswith("\u2026")


def test_short_evidence_is_the_whole_sentence(gazetteer) -> None:
    text = "Russian forces struck Kharkiv overnight, officials said."
    (f,) = [f for f in analysis.article_features(Article("a", text), gazetteer) if f["properties"]["tag"] == "strike"]
    assert f["properties"]["evidence"] == text


def _folder(tmp_path: Path, **articles: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_an_article_over_the_size_budget_is_skipped_and_the_rest_built(gazetteer, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(analysis, "MAX_ANALYSED_CHARS", 5_000)
    folder = _folder(tmp_path, big="Russian forces struck Kharkiv. " * 400,
                     small="Russian forces struck Odesa overnight, officials said.")
    result = geo.build([folder], out=tmp_path / "out", gazetteer=gazetteer, html=False, cache=False)
    assert [e for e in result.errors if "too complex" in e and "big.txt" in e]
    assert {f["properties"]["article"] for f in result.claims["features"]} == {"small"}


def test_an_article_over_the_feature_budget_is_skipped(gazetteer, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(analysis, "MAX_FEATURES", 3)
    folder = _folder(tmp_path, many="Strikes hit Kharkiv, Odesa, Dnipro, Lviv and Sumy.",
                     few="Russian forces struck Odesa overnight, officials said.")
    result = geo.build([folder], out=tmp_path / "out", gazetteer=gazetteer, html=False, cache=False)
    assert any("too complex" in e and "features" in e for e in result.errors)
    assert {f["properties"]["article"] for f in result.claims["features"]} == {"few"}


def test_an_article_over_the_time_budget_is_skipped(gazetteer, tmp_path, monkeypatch) -> None:
    real = analysis.find_mentions

    def slow(article, gaz):
        if "Sumy" in article.text:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # a pathological article: the timer must stop it
                pass
        return real(article, gaz)

    monkeypatch.setattr(analysis, "find_mentions", slow)
    monkeypatch.setenv("GEO_ARTICLE_SECONDS", "0.5")
    folder = _folder(tmp_path, slow="Russian forces struck Sumy.",
                     fast="Russian forces struck Odesa overnight, officials said.")
    started = time.monotonic()
    result = geo.build([folder], out=tmp_path / "out", gazetteer=gazetteer, html=False, cache=False)
    assert time.monotonic() - started < 20
    assert any("too complex" in e and "slow.txt" in e and "0.5 s" in e for e in result.errors)
    assert {f["properties"]["article"] for f in result.claims["features"]} == {"fast"}
