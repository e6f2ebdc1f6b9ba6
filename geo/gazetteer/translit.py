"""Cyrillic-to-Latin transliteration and the name keys the gazetteer matches on.

News spells Ukrainian and Russian places in several romanisations at once
(Kupiansk, Kupyansk, Kupjansk, Kup'yansk).  GeoNames lists the Cyrillic names of
each place, so instead of curating every Latin spelling we generate them: each
Cyrillic alternate name is romanised with several schemes

* ``ua``: Ukraine's national system (Cabinet resolution 55, 2010), the one
  road signs and Ukrainian English-language media use;
* ``bgn``: BGN/PCGN for Russian, the usual English-press spelling of Russian
  names (Krasnoarmeysk, Zaporozhye, Artyomovsk);
* ``sci``: a scholarly/ISO 9-like system with ``j`` (Kupjansk, Charkiv);
* ``de``: German Duden-style spelling (Charkiw, Dserschinsk), common in
  European agency copy.

:func:`name_key` folds case, diacritics, apostrophes and hyphens so those
spellings meet; :func:`loose_key` folds further (y/i/j, kh/h, doubled letters)
and is only used as a fallback that never outranks an exact key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["SCHEMES", "fold_char", "has_cyrillic", "loose_key", "name_key", "transliterate"]

_UA = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "ъ": "", "ы": "y", "э": "e", "ё": "e",
}
# At the start of a word the national system writes є, ї, й, ю, я as ye, yi, y, yu, ya.
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "'": "",
}
# BGN/PCGN writes е as ye at the start of a word and after vowels, ь and ъ.
_VOWELS = set("аеёиоуыэюяіїє")

_SCI = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "ch", "ц": "c", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "ju",
    "я": "ja", "'": "", "ъ": "", "ы": "y", "э": "e", "ё": "jo",
}

_DE = {
    "а": "a", "б": "b", "в": "w", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ж": "sch", "з": "s", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "",
    "ю": "ju", "я": "ja", "'": "", "ъ": "", "ы": "y", "э": "e", "ё": "jo",
}

SCHEMES = ("ua", "bgn", "sci", "de")

_APOSTROPHES = "'’ʼʻ`´′‘"
_DASHES = "-‐‑‒–—"


def has_cyrillic(text: str) -> bool:
    """True when ``text`` holds at least one Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def transliterate(text: str, scheme: str) -> str:
    """Romanise Cyrillic ``text`` with one of :data:`SCHEMES`; other characters pass through.

    Examples
    --------
    >>> transliterate("Куп'янськ", "ua")
    'Kupiansk'
    >>> transliterate("Красноармейск", "bgn")
    'Krasnoarmeysk'
    """
    table = {"ua": _UA, "bgn": _BGN, "sci": _SCI, "de": _DE}[scheme]
    out: list[str] = []
    prev = ""
    for ch in text:
        low = ch.lower()
        if low in _APOSTROPHES:
            low = "'"
        at_start = not prev.isalpha() and prev != "'"  # after an apostrophe a word goes on
        if low in table or (low == "'" and scheme != "ua"):
            if scheme == "ua" and at_start and low in _UA_INITIAL:
                rom = _UA_INITIAL[low]
            elif scheme == "bgn" and low == "е" and (at_start or prev in _VOWELS or prev in "ьъ"):
                rom = "ye"
            else:
                rom = table.get(low, "")
            if ch != low and rom:
                rom = rom[0].upper() + rom[1:]
            out.append(rom)
        else:
            out.append(ch)
        prev = low
    return "".join(out)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character to its matching form: lower case, no diacritics.

    Always returns exactly one character so that offsets in folded text equal
    offsets in the original (the matcher relies on that).
    """
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return " "
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low in "ёЁ":
        return "е"
    if low == "й":
        return low  # keep: й is a letter of its own, not и with a breve
    if low.isascii():
        return low
    if low in _UNDECOMPOSED:
        return _UNDECOMPOSED[low]
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isalpha() else low


# Latin letters with a stroke or ligature that Unicode does not decompose: "Łódź" is written
# "Lodz" in English text, "Tromsø" "Tromso".
_UNDECOMPOSED = {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ŧ": "t", "ı": "i", "œ": "o", "æ": "a", "ŀ": "l"}


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The exact-match key of a name: folded, apostrophes dropped, spaces collapsed.

    Examples
    --------
    >>> name_key("Kup’yansk")
    'kupyansk'
    >>> name_key("Gora-Podol")
    'gora podol'
    """
    folded = "".join(fold_char(ch) for ch in name).replace("'", "")
    folded = re.sub(r"\.(?=\S)", "", folded)  # "U.S." -> "us", but "St. Petersburg" keeps its space
    folded = re.sub(r"[.,]", " ", folded)
    return " ".join(folded.split())


_LOOSE_RULES = (
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"kh|ch(?=[^aeiouy]|$)"), "h"),
    (re.compile(r"ts|tz|cz|c(?=[^h])"), "c"),
    (re.compile(r"zh|sz"), "z"),
    (re.compile(r"[yj](?=[aeiou])|(?<=[aeiou])[yj]"), "i"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"ii+"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"g"), "h"),
    (re.compile(r"(.)\1"), r"\1"),
    (re.compile(r"ie"), "e"),
)


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A coarse key that merges romanisation variants (y/i/j, kh/h, g/h, doubled letters).

    Used only as a fallback lookup: a loose hit never outranks an exact one.

    Examples
    --------
    >>> loose_key("Kupjansk") == loose_key("Kupiansk")
    True
    """
    key = name_key(name)
    if has_cyrillic(key):
        key = name_key(transliterate(key, "ua"))
    for rx, rep in _LOOSE_RULES:
        key = rx.sub(rep, key)
    return key


# Russian and Ukrainian case endings of place names and the nominative endings they come from,
# longest first: Константиновки/Дружковку -> -ка, Покровска/Харькова/Києві -> no ending,
# России -> -ия, Запорожья -> -ье.
_CASE_ENDINGS = (
    ("ией", ("ия",)), ("ии", ("ия",)), ("ию", ("ия",)), ("ією", ("ія",)), ("ії", ("ія",)), ("ію", ("ія",)),
    ("ки", ("ка",)), ("ку", ("ка",)), ("кой", ("ка",)), ("ке", ("ка",)), ("кою", ("ка",)), ("ці", ("ка",)),
    ("ья", ("ье",)), ("ью", ("ье",)), ("ьем", ("ье",)), ("ом", ("", "о")), ("ем", ("", "е")), ("ові", ("",)),
    ("ой", ("а", "ое", "ый")), ("ою", ("а",)), ("ого", ("ое", "ый", "ий")), ("ому", ("ое", "ый", "ий")),
    ("ы", ("а", "")), ("и", ("а", "я", "")), ("у", ("а", "")), ("ю", ("я",)), ("е", ("а", "")), ("і", ("", "а")),
    ("а", ("",)), ("я", ("ь", "")),
)


def cyrillic_nominatives(word: str) -> list[str]:
    """The nominative forms a Cyrillic place name in another case may come from, most likely
    first ("Константиновки" -> ["Константиновка"], "Покровска" -> ["Покровск"]); [] for a
    word with no case ending or of other letters."""
    low = word.lower()
    if len(low) < 5 or not has_cyrillic(word):
        return []
    out: list[str] = []
    for end, bases in _CASE_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = word[: len(word) - len(end)]
            out.extend(stem + b for b in bases if stem + b != word and stem + b not in out)
    for cand in list(out):  # Ukrainian closes the last syllable with і: Харкова, Харкові -> Харків
        low = cand.lower()
        if low.endswith(("ов", "ев", "єв")) and "і" in low + word.lower():
            alt = cand[:-2] + ("ї" if low.endswith("єв") else "і") + cand[-1]
            if alt not in out:
                out.append(alt)
    return out
