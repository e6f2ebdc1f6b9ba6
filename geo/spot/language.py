"""The article's language, and names written in another language or case."""

from __future__ import annotations

from typing import Sequence

from ..gazetteer import Gazetteer
from ..gazetteer.translit import cyrillic_nominatives, name_key

# The commonest short words of each language the foreign word lists cover, and of English:
# an article is in the language whose words are most of these it holds.
_FUNCTION_WORDS = {
    "en": frozenset("the and of to is was that for on with are were has have by from it its this".split()),
    "de": frozenset("der die das und ist nicht mit von den dem des ein eine zu im auf sich für wurde hatte".split()),
    "es": frozenset("el los las del que por una para con se lo como más fue al su sus".split()),
    "fr": frozenset("le les des est une dans pour qui sur au du pas avec ont été par aux".split()),
    "it": frozenset("il della che per sono del nel alla gli non con dei delle anche è".split()),
    "pt": frozenset("os das dos que uma para com não foi pelo pela em ao na no da mas sobre".split()),
}


def article_language(words: Sequence[str]) -> str | None:
    """The language of a text from its words, when it is clearly one of :data:`_FUNCTION_WORDS`'s
    ("en" included), else ``None`` (too short or mixed)."""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for w in words:
        low = w.lower()
        for lang, common in _FUNCTION_WORDS.items():
            if low in common:
                counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    second = max(v for k, v in counts.items() if k != best)
    return best if counts[best] >= 5 and counts[best] >= 2 * second and counts[best] * 25 >= len(words) else None


def _named_in_language(gazetteer: Gazetteer, key: str) -> bool:
    """Whether a common word of the article's language is a place name in it as well: a
    country, a large city ("Berlin", "Moskau"), or a region by a name not its own (German "Krim" for
    Crimea), not a village or region whose own name the word is ("Orte", "Landes")."""
    return any(c.kind == "country" or (c.kind == "city" and c.population >= _NAMED_CITY)
               or (c.kind in ("region", "other") and name_key(c.name) != key) for c in gazetteer.lookup(key))


#: People in a city whose name in another language ("Moskau", "Kiew") may be a word of that
#: language; a smaller city's alternate name that is one ("Bei" for Beibei) is the word.
_NAMED_CITY = 500_000


def _cyrillic_base(gazetteer: Gazetteer, word: str) -> str | None:
    """The name key of the nominative of a Cyrillic name in another case (Russian or Ukrainian)
    that names a country, a region or a town of the former Soviet Union, else ``None``."""
    for cand in cyrillic_nominatives(word):
        key = name_key(cand)
        if key not in gazetteer.not_places and any(
                c.kind in ("country", "region") or c.country in _CASE_COUNTRIES for c in gazetteer.lookup(key)):
            return key
    return None


_CASE_COUNTRIES = frozenset({"UA", "RU", "BY"})
