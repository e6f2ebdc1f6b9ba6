"""The tagger's vocabulary, loaded from ``rules/lexicon.toml`` and ``rules/sides.toml``.

Verbs are listed by lemma and inflected here, so a rule names "capture" once and meets
"captured", "captures" and "capturing".  Multi-word entries ("air strike", "as well as")
are kept as token tuples and matched by :meth:`Phrases.at`.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Lexicon", "Phrases", "forms", "lexicon", "rules"]

_RULES = Path(__file__).resolve().parent / "rules"
_DOUBLE = frozenset("bomb shell".split())  # verbs whose last consonant does not double
_VOWELS = "aeiou"


def forms(lemma: str, irregular: dict[str, list[str]] | None = None, double: frozenset[str] | None = None) -> set[str]:
    """The inflected forms of an English verb (base, -s, -ed, -ing and irregular ones).

    Examples
    --------
    >>> sorted(forms("capture"))
    ['capture', 'captured', 'captures', 'capturing']
    >>> sorted(forms("take", {"take": ["took", "taken"]}))
    ['take', 'taken', 'takes', 'taking', 'took']
    """
    out = {lemma}
    if lemma.endswith("e") and not lemma.endswith("ee"):
        stem = lemma[:-1]
        out |= {lemma + "s", stem + "ed", stem + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif (len(lemma) >= 3 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS
          and lemma[-3] not in _VOWELS and (len(lemma) <= 4 or lemma in (double or ())) and lemma not in _DOUBLE):
        out |= {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "hit" -> "hitting"
    else:
        out |= {lemma + "s", lemma + "ed", lemma + "ing"}
    for form in (irregular or {}).get(lemma, ()):
        out.add(form)
    return out


class Phrases:
    """Entries of one or more words, found at a token position (longest first)."""

    def __init__(self, entries: list[str]) -> None:
        table: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            words = tuple(_split(entry))
            table.setdefault(words[0], []).append(words)
        for options in table.values():
            options.sort(key=len, reverse=True)
        self._table = table

    def at(self, words: list[str], i: int) -> int:
        """The length (in tokens) of the longest entry starting at ``words[i]``, or 0."""
        for option in self._table.get(words[i], ()):
            n = len(option)
            if tuple(words[i:i + n]) == option:
                return n
        return 0

    def __contains__(self, word: str) -> bool:
        return (word,) in self._table.get(word, ())


def _split(entry: str) -> list[str]:
    """An entry's tokens as the document tokeniser makes them ("dragon's" stays one word)."""
    from .doc import tokenize_words
    return tokenize_words(entry.lower())


@dataclass(frozen=True)
class Lexicon:
    """Every word class the rules use: ``verb[cls]`` maps a form to its lemma, ``words[cls]``
    and ``nouns[cls]`` are phrase tables, ``side_of`` maps side names to RU/UA/other."""

    verbs: dict[str, dict[str, str]]
    nouns: dict[str, Phrases]
    words: dict[str, Phrases]
    foreign: dict[str, frozenset[str]]
    sides: Phrases
    side_of: dict[tuple[str, ...], str]
    side_kind: dict[tuple[str, ...], str]
    held_admin1: frozenset[str]
    #: Words at which a frame may start: the engine looks at no other token.
    triggers: frozenset[str] = frozenset()
    #: Words that make a sentence worth reading at all (triggers, speech, harm).
    salient: frozenset[str] = frozenset()
    #: Endings of German compounds that are strike nouns ("Raketenangriff").
    strike_endings: tuple[str, ...] = ()

    def verb(self, cls: str, word: str) -> str | None:
        """The lemma of ``word`` if it is a form of a verb of class ``cls``."""
        return self.verbs[cls].get(word)

    def compound_strike(self, word: str) -> bool:
        """Whether ``word`` is a compound ending in a foreign strike noun ("drohnenangriffe")."""
        return len(word) > 9 and word.endswith(self.strike_endings)

    def trigger(self, word: str) -> bool:
        """Whether a frame may start at ``word``."""
        return word in self.triggers or self.compound_strike(word)


@functools.cache
def rules() -> dict[str, dict]:
    """The frames of ``rules/frames.toml`` by id.  A rule without a description, a positive
    and a negative example does not load: its construction would be untested."""
    with open(_RULES / "frames.toml", "rb") as f:
        data = tomllib.load(f)
    for rid, rule in data.items():
        missing = [k for k in ("doc", "positive", "negative") if not rule.get(k)]
        if missing:
            raise ValueError(f"rules/frames.toml: rule {rid!r} lacks {', '.join(missing)}")
    return data


@functools.cache
def lexicon() -> Lexicon:
    """The vocabulary, read once."""
    with open(_RULES / "lexicon.toml", "rb") as f:
        data = tomllib.load(f)
    with open(_RULES / "sides.toml", "rb") as f:
        sides = tomllib.load(f)
    irregular = data["irregular"]
    double = frozenset(data["double"]["lemmas"])
    verbs = {cls: {form: lemma for lemma in lemmas for form in forms(lemma, irregular, double)}
             for cls, lemmas in data["verbs"].items()}
    side_of: dict[tuple[str, ...], str] = {}
    side_kind: dict[tuple[str, ...], str] = {}
    for side in ("other", "UA", "RU"):  # later sides win a name listed twice
        for kind in ("names", "people", "media"):
            for name in sides[side][kind]:
                key = tuple(_split(name))
                side_of[key] = side
                side_kind[key] = kind
    nouns = {cls: Phrases(v) for cls, v in data["nouns"].items()}
    first = {_split(e)[0] for cls in ("capture", "strike", "falsehood", "fortified", "weapon")
             for e in data["nouns"][cls]}
    cue_verbs = {f for cls in ("capture", "break_in", "control", "fall", "flag", "expel", "strike", "deny", "fortify",
                               "hold", "repel") for f in verbs[cls]}
    foreign = {w for v in data["foreign"].values() for w in v}
    triggers = frozenset(cue_verbs | first | foreign | set(_TRIGGER_WORDS))
    salient = triggers | set(verbs["speech"]) | {"according"} | set(_CONSEQUENCE_WORDS)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        words={cls: Phrases(v) for cls, v in data["words"].items()},
        foreign={cls: frozenset(v) for cls, v in data["foreign"].items()},
        sides=Phrases([" ".join(k) for k in side_of]),
        side_of=side_of,
        side_kind=side_kind,
        held_admin1=frozenset(sides["held"]["admin1"]),
        triggers=triggers,
        salient=salient,
        strike_endings=tuple(data["foreign_endings"]["strike"]),
    )


# Words the constructions start at beside the lexicon's cue classes ("under ... control",
# "in Russian hands", "fighting continues").
_TRIGGER_WORDS = ("control", "controls", "controlled", "hands", "under", "fighting", "combat", "battles", "battle",
                  "clashes", "resistance", "debris", "fall")
# Words of harm: a sentence with one may continue a strike report.
_CONSEQUENCE_WORDS = ("killed", "died", "dead", "injured", "wounded", "damaged", "destroyed", "fire", "fires",
                      "blaze", "outages", "outage", "blackout", "blackouts", "casualties", "victims", "electricity",
                      "power", "hit")
