"""What the text says around a name that the gazetteer may lack: "the village of X",
"X, a village south of Y", "captured X", "the Marganetska community", "the Pokrovske axis"."""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..model import Mention
from ..text import Token
from ..gazetteer.translit import name_key
from .words import _NOT_NAMES, _is_upper_initial, folded

_SETTLEMENT_BEFORE = re.compile(r"\b(?:(?:village|town|city|settlement|hamlet|villages|towns|settlements) of|"
                                r"khutor|khutors|khutori|khutir|"
                                # German: "die Ortschaft X", "das Dorf X", "die Orte X und Y"
                                r"Ortschaft|Ortschaften|Dorf|Dörfern?|Siedlung|Siedlungen|Orte|Ort|Kleinstadt|"
                                # Portuguese, Spanish, French, Italian: "a aldeia de X", "la localidad de X"
                                r"(?:aldeia|aldeias|vila|povoado|localidade|localidades|pueblo|localidad|"
                                r"localidades|aldea|village|villages|localité|localités|villaggio|località|"
                                r"cittadina) de)\s+$", re.I)


# The last words of every match of _SETTLEMENT_BEFORE, but for space: a token not
# preceded by one of them and white space is not searched.  Keep them in step.
_SETTLEMENT_BEFORE_ENDS = ("of", "khutor", "khutors", "khutori", "khutir", "schaft", "chaften", "dorf", "dorfer",
                           "dorfern", "dörfer", "örfern", "iedlung", "dlungen", "orte", "ort", "einstadt", "de")


# After a name: "X, a village south of Y", "X, a small town near Y": the text places X by Y.
_LOCATED_AFTER = re.compile(
    r",\s+an?\s+(?:(?:small|tiny|frontline|front-line|key|strategic|nearby|neighbouring|neighboring)\s+)?"
    r"(?:village|settlement|hamlet|town)\s+(?:just\s+|about\s+|some\s+|roughly\s+)?"
    r"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+(?:\([^)]{0,30}\)\s+)?)?"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of|near|outside|close\s+to)\s+(?:the\s+)?"
    r"(?=[A-Z])")


def located_by(text: str, end: int) -> int | None:
    """Where the place that locates a settlement starts, when the text after offset ``end``
    says "X, a village south of Y" (``end`` is X's end); else ``None``."""
    m = _LOCATED_AFTER.match(text, end)
    return m.end() if m else None


def _located_settlement(text: str, toks: list[Token], i: int, last: int, lower_words: set[str]) -> bool:
    """Whether the capitalised run of tokens ``i``..``last`` is a settlement the text places
    by another ("Klishchiivka, a village south of Bakhmut"), not an ordinary word."""
    end = toks[last].end
    if not text.startswith(", a", end) or not _LOCATED_AFTER.match(text, end):
        return False
    first = toks[i].text.lower()
    return first not in _NOT_NAMES and not (last == i and first in lower_words)


def _taken_settlement(text: str, toks: list[Token], i: int, last: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens ``i``..``last`` follow a capture or strike verb or a preposition of place
    ("captured Ostapivske", "fighting near Ostapivske"), or a colon after settlements named by
    number ("two villages in eastern Ukraine: Robotyne and ..."), and name a settlement of
    Ukraine's register that is not also an English word."""
    if not (_TAKEN_BEFORE.search(text, max(0, toks[i].start - 40), toks[i].start)
            or _LISTED_AFTER_COLON.search(text, max(0, toks[i].start - 80), toks[i].start)):
        return False
    known = getattr(gazetteer, "has_settlement", None)
    key = name_key(text[toks[i].start:toks[last].end])
    return known is not None and key not in gazetteer.common_words and known(key)


def _listed_settlement(text: str, prev: Mention, toks: list[Token], i: int, last: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens ``i``..``last`` continue a list of places ("the villages of Ostapivske and
    Klapaia", "captured Pokrovsk, Ostapivske and ...") and name a settlement of the register."""
    if not _LIST_JOIN.match(text, prev.end, toks[i].start):
        return False
    if any(e.kind == "country" for e in gazetteer.lookup(prev.key)):
        return False  # "... for Russia, Putin said": a country lists no villages
    known = getattr(gazetteer, "has_settlement", None)
    return known is not None and known(name_key(text[toks[i].start:toks[last].end]))


# Settlements named by number, then listed after a colon: "17 settlements are under Russian control: X, Y".
_LISTED_AFTER_COLON = re.compile(r"\b(?:villages|settlements|towns|localities|communities|hamlets)\b[^.:;]*:\s*$", re.I)
# "X, Y", "X and Y", "X and then Y", "X as well as Y", and the dash of a direction ("X – Y")
_LIST_JOIN = re.compile(r"(?:,\s*|,?\s+and\s+(?:then\s+)?|\s+or\s+|\s+as\s+well\s+as\s+|\s*[–—]\s*|\s+-\s+)$")


# The last words of every match of _TAKEN_BEFORE: a name after any other word is not searched.
_TAKEN_LAST = frozenset({"captured", "seized", "liberated", "retook", "recaptured", "retaken", "taken", "took",
                         "entered", "overtook", "overran", "stormed", "surrounded", "encircled", "including",
                         "of", "over", "near", "outside", "around", "towards", "toward", "in", "into", "at", "from",
                         "retake", "capture", "seize", "liberate", "encircle", "shelled", "attacked", "struck",
                         "hit", "targeted", "encompassing", "tomado", "tomó", "tomaram", "tomou", "capturado",
                         "capturou", "capturaram", "conquistado", "conquistou", "erobert", "eingenommen", "befreit",
                         "libéré", "pris"})


# A capture verb or a preposition of place right before a name: "captured", "took control of",
# "fighting near", "shelling in".
_TAKEN_BEFORE = re.compile(r"\b(?:captured|seized|liberated|retook|recaptured|retaken|taken|took|entered|"
                           r"overtook|overran|stormed|surrounded|encircled|including|retake|capture|seize|"
                           r"liberate|encircle|shelled|attacked|struck|hit|targeted|encompassing|"
                           r"tomado|tomó|tomaram|tomou|capturado|capturou|capturaram|conquistado|conquistou|"
                           r"erobert|eingenommen|befreit|libéré|pris|"
                           r"(?:took|taken|seized|established|gained) (?:full |complete )?control (?:of|over)|"
                           r"near|outside|around|towards?|in|into|at|from|(?:outskirts|approaches|north|south|east|west) of)"
                           r"\s+(?:the\s+)?$", re.I)


def _settlement_before(text: str, prev: Token, tok: Token) -> bool:
    """Whether :data:`_SETTLEMENT_BEFORE` matches right before ``tok`` (``prev``: the word before it)."""
    return (text[prev.end:tok.start].isspace() and folded(prev.text[-7:]).endswith(_SETTLEMENT_BEFORE_ENDS)
            and bool(_SETTLEMENT_BEFORE.search(text[max(0, tok.start - 30):tok.start])))


_CITY_DISTRICT = re.compile(r"^\s+(?:district|raion|neighbou?rhood|microdistrict)\b", re.I)


_UNIT_AFTER = re.compile(r"^\s+(?:territorial\s+)?(?:community|hromada|district|raion|rayon|municipality|"
                         r"municipal district|urban district|okrug)\b", re.I)


_ADJ_ENDINGS = ("ivskyi", "ivskiy", "ivska", "ivske", "ovskyi", "ovskiy", "ovsky", "ovskaya", "ovska", "inskyi",
                "inskiy", "insky", "inska", "ynskyi", "ynska", "skyi", "skiy", "sky", "skaya", "ska", "ske", "skoye",
                "skoe", "ka")


_STEM_TAILS = ("", "o", "a", "e", "ka", "ivka", "ovka", "ino", "yno", "ne", "ske", "sk", "ivske")


# Front-line axes named after a town with a Russian or Ukrainian adjective ("the Konstantinovskiy
# direction", "the Pokrovske axis" -> Kostiantynivka, Pokrovsk).
_AXIS_AFTER = re.compile(r"^\s+(?:direction|axis|sector|bridgehead|salient)\b", re.I)


def _stem_keys(word: str, endings: tuple[str, ...]):
    """Name keys of the towns an adjective may be formed from ("Marganetska" -> "marganets", ...)."""
    for end in endings:
        if word.lower().endswith(end) and len(word) - len(end) >= 4:
            stem = word[: len(word) - len(end)]
            for tail in _STEM_TAILS:
                yield name_key(stem + tail)


def _admin_unit(text: str, toks: list[Token], i: int, has_key) -> str | None:
    """The key of the town an adjectival district or community is named after, if any."""
    tok = toks[i]
    if not tok.text[1:].islower() or not _UNIT_AFTER.match(text[tok.end:tok.end + 40]):
        return None
    return next((key for key in _stem_keys(tok.text, _ADJ_ENDINGS) if has_key(key)), None)


def _axis_town(toks: list[Token], i: int, gazetteer: Gazetteer) -> str | None:
    """The key of the town of 10,000 or more of Ukraine or Russia a front's axis is named after with
    an adjective ("the Konstantinovskiy direction": Kostiantynivka), the biggest when several."""
    tok = toks[i]
    if not tok.text[1:].islower():
        return None
    best, size = None, 9_999
    for key in _stem_keys(tok.text, _ADJ_ENDINGS[:-1]):  # "Novopavlivka direction" is the town's own name
        pop = max((c.population for c in gazetteer.lookup(key) if c.country in ("UA", "RU")), default=0)
        if pop > size:
            best, size = key, pop
    return best


_LOCATIVE = re.compile(r"\b(?:in|near|of|at|from|outside|over|into)\s+(?:the\s+)?$", re.I)


def _fuzzy_ok(text: str, toks: list[Token], i: int, sentence_starts: set[int], person_tokens: set[str],
              words: tuple[frozenset[str], ...]) -> bool:
    """Whether an unknown word may be tried as a misspelt place: a capitalised, lower-case-tailed
    word of 6+ letters after a locative preposition, not a name seen before, nor in any of the
    ``words`` sets (common words, demonyms, known non-places: "from Russian" is no typo of Rushon)."""
    tok = toks[i]
    w = tok.text
    if len(w) < 6 or not w[1:].islower() or tok.start in sentence_starts or w in person_tokens:
        return False
    key = name_key(w)
    if any(key in ws for ws in words):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and text[tok.end:nxt.start] == " " and _is_upper_initial(nxt):
        return False
    return bool(_LOCATIVE.search(text[max(0, tok.start - 20):tok.start]))
