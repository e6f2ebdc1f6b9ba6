"""Frames: cue words and the places that fill their slots, sentence by sentence.

Each construction below is a rule of ``rules/frames.toml`` (its id is the ``rule`` of the
frames it makes, and its examples are tested).  The engine only finds frames; whether a
frame reports an event (negation, modality, questions, history) is decided by
:mod:`geo.tag.modifiers`, and who asserts it by :mod:`geo.tag.attribution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .lexicon import lexicon, rules

__all__ = ["Frame", "frames"]

_PASSIVE_AUX = frozenset("was were been be is are being get got gets".split())
_NEAR = frozenset("near outside around".split())
_STRIKE_PREPS = frozenset("in on at against targeting into of near across around".split())
_NOUN_PREPS = frozenset("of".split())
_CONTROL_PREPS = frozenset("of over".split())
# After "fell", words that make it no taking ("fell short", "fell by 5%", "fell on the house").
_NOT_FALLEN = frozenset("on onto upon by short silent ill apart asleep behind back below down off out over through "
                        "victim prey sharply slightly steeply % into within near from under".split())
# Verbs of damage after a strike noun: its place follows them.
_IMPACT = frozenset("killed kills hit hits struck damaged damages destroyed destroys injured injures wounded wounds "
                    "caused causes sparked sparks left leaves targeted set".split())
# Strike nouns that announce rather than report ("air raid alerts").
_ALERTS = frozenset("alert alerts alarm alarms siren sirens warning warnings".split())


@dataclass
class Frame:
    """A cue at tokens ``cue``..``cue_end`` with its argument places.

    ``holder`` is the side the cue itself names ("under Russian control", "in Ukrainian
    hands"); ``agent`` the side a passive names ("by Russian forces"); ``negated`` is set
    by the construction when the cue's own words deny ("has not fallen")."""

    rule: str
    tag: Tag
    cue: int
    cue_end: int
    args: list[PlaceSpan]
    holder: str | None = None
    agent: str | None = None
    state: bool = False  # a standing state ("is under Russian control"), not a verb of taking
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rule not in rules():
            raise KeyError(f"frame rule {self.rule!r} is not in rules/frames.toml; known rules: {sorted(rules())}")


def frames(doc: Doc, st: Structure, actors: set[int]) -> list[Frame]:
    """Every frame of one sentence, in token order."""
    lex = lexicon()
    words = doc.words
    sent = st.sent
    find = Finder(doc, sent.lo, sent.hi, actors)
    out: list[Frame] = []
    i = sent.lo
    while i < sent.hi:
        if doc.covered[i] >= 0 or not lex.trigger(words[i]):
            i += 1
            continue
        w = words[i]
        lo, hi = st.clause_of(i)
        made = _capture(doc, st, find, i, lo, hi) or _strike(doc, st, find, i, lo, hi) \
            or _denial(doc, st, find, i, lo, hi) or _fortified(doc, st, find, i, lo, hi) \
            or _foreign(doc, st, find, i, lo, hi, lex)
        if made:
            out.extend(made)
        i += 1
        del w
    if any(f.tag is Tag.STRIKE and f.rule != "strike.where" for f in out):
        out = [f for f in out if f.rule != "strike.where"]  # a strike that names its place locates the others
    return out


def _side_in(st: Structure, lo: int, hi: int) -> str | None:
    sides = st.sides_between(lo, hi)
    return sides[0].side if sides else None


def _passive(words: list[str], i: int, lo: int) -> bool:
    j = i - 1
    while j >= lo and (words[j].endswith("ly") or words[j] in ("fully", "also", "now", "already", "not", "been")):
        if words[j] == "been":
            return True
        j -= 1
    return j >= lo and words[j] in _PASSIVE_AUX


def _coordinated(doc: Doc, find: Finder, j: int, hi: int) -> list[PlaceSpan]:
    """A second object joined by "and" that names its place ("struck an oil terminal in X and
    an ammunition depot in occupied Y"): Y."""
    words = doc.words
    if not (j < hi and words[j] == "and"):
        return []
    for k in range(j + 1, min(hi, j + 8)):
        if words[k] in ("in", "at", "near") and k > j + 1:
            m = k + 1
            while m < hi and m - k < 4 and m not in doc.place_at and (
                    words[m] in find.bridge or words[m] in ("occupied", "russian-occupied")):
                m += 1
            span = find.place(m)
            return find.list_from(span, hi) if span is not None and span.kind != "country" else []
        if lexicon().verb("speech", words[k]) or words[k] in (",", ";"):
            return []
    return []


def _headline_participle(doc: Doc, st: Structure, i: int) -> bool:
    """A participle that ends a headline with its auxiliary left out ("... village of X captured")."""
    words = doc.words
    end = st.sent.hi
    while end > i + 1 and words[end - 1] in (".", "!", '"', "”", "'"):
        end -= 1
    return (end == i + 1 and words[i].endswith(("ed", "en")) and not doc.article.text[doc.toks[i].end:
            doc.toks[i].end + 1].startswith(".") and not _passive(words, i, st.sent.lo))


def _by_agent(st: Structure, words: list[str], i: int, hi: int) -> str | None:
    """The side after "by" following a passive cue ("liberated by the Russian forces")."""
    j = i + 1
    while j < hi and j - i < 4 and words[j] != "by":
        j += 1
    if j < hi and words[j] == "by":
        return _side_in(st, j + 1, min(hi, j + 5))
    return None


def _capture(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    out: list[Frame] = []
    if w in ("control", "controls", "controlled", "hands"):
        return _control(doc, st, find, i, lo, hi)
    if lex.verb("fall", w) and not _noun_use(words, i, lo):
        nxt = words[i + 1] if i + 1 < hi else ""
        if nxt not in _NOT_FALLEN and not nxt[:1].isdigit():
            args = find.subjects(i, lo)
            if args:
                holder = _side_in(st, i + 1, min(hi, i + 5)) if nxt in ("to", "into", "under") else None
                return [Frame("capture.fall", Tag.CAPTURE_CLAIM, i, i + 1, args, holder=holder)]
        return []
    if w == "fall" and i + 1 < hi and words[i + 1] == "of":
        args = find.objects(i + 2, hi, gap=4)
        return [Frame("capture.noun", Tag.CAPTURE_CLAIM, i, i + 1, args)] if args else []
    if lex.nouns["capture"].at(words, i) and w not in ("fall",):
        n = lex.nouns["capture"].at(words, i)
        if i + n + 1 < hi and words[i + n] in ("operation", "operations") and words[i + n + 1] in ("of", "in"):
            n += 1  # "clearing operations in X"
        if i + n < hi and words[i + n] in ("of", "in") and w not in ("control",):
            args = find.objects(i + n + 1, hi, gap=4)
            if not args and _plural_settlements(words, i + n + 1, hi):
                args = _list_after(doc, find, st, i + n + 1)  # "the liberation of five villages: A, B and C"
            if args:
                return [Frame("capture.noun", Tag.CAPTURE_CLAIM, i, i + n, args)]
        if i - 1 >= lo and words[i - 1] == "'s" and doc.place_covering(i - 2) is not None:
            span = doc.place_covering(i - 2)
            assert span is not None
            if span.lo not in find.actors:
                return [Frame("capture.possessive", Tag.CAPTURE_CLAIM, i, i + n, [span])]
        if lex.verb("capture", w) is None:
            return []
    if lex.verb("break_in", w) and i + 1 < hi and words[i + 1] == "into":  # "broke into X": entering it
        args = [a for a in find.objects(i + 2, hi, gap=4) if a.kind != "country"]
        return [Frame("capture.enter", Tag.CAPTURE_CLAIM, i, i + 2, args)] if args else []
    lemma = lex.verb("capture", w)
    if lemma is not None and not _adjective_use(words, i, lo):
        if lemma == "occupy" and (_passive(words, i, lo) or not _occupying(doc, st, i, lo)):
            return []  # "in occupied Melitopol", "the city is occupied by ...": a standing state, not a taking
        if _passive(words, i, lo):
            args = find.subjects(i, lo)
            if not args:
                args = find.objects(i + 1, hi, gap=3)
            if args:
                return [Frame("capture.passive", Tag.CAPTURE_CLAIM, i, i + 1, args,
                              agent=_by_agent(st, words, i, hi))]
            return []
        if _headline_participle(doc, st, i):  # "Russia says Ukrainian village of X in Donetsk region captured"
            first = [p for p in find.in_clause(lo, i) if not find._is_locator(p.lo) and p.kind != "country"]
            if first:
                return [Frame("capture.passive", Tag.CAPTURE_CLAIM, i, i + 1, find.list_from(first[0], i))]
        listed = hi < st.sent.hi and words[hi] == ":"  # "has taken two villages: A and B"
        if lemma in ("take", "win", "clear", "free", "enter") and not (
                _takes_place(doc, words, i, st.sent.hi if listed else hi, lemma) or find.antecedent(i + 1, hi)):
            return []
        start = i + 1
        if lemma in ("win", "take") and start < hi and words[start] == "back":
            start += 1  # "won back X", "took back X"
        args = find.objects(start, hi)
        if not args and find.antecedent(start, hi):
            args = find.antecedent_before(i)
        if not args and _plural_settlements(words, start, hi):
            args = _list_after(doc, find, st, start)
        if args:
            rule = "capture.enter" if lemma == "enter" else "capture.verb"
            out.append(Frame(rule, Tag.CAPTURE_CLAIM, i, i + 1, args))
            return out
        if words[i].endswith(("ed", "en")) and i - 2 >= st.sent.lo and words[i - 1] == ",":
            span = doc.place_covering(i - 2)  # "the village of X, retaken by Ukrainian forces"
            if span is not None and span.lo not in find.actors:
                return [Frame("capture.passive", Tag.CAPTURE_CLAIM, i, i + 1, [span],
                              agent=_by_agent(st, words, i, hi))]
        antecedent = _relative(doc, find, lo)
        if antecedent:  # "the village of X, which Moscow claimed capturing"
            return [Frame("capture.verb", Tag.CAPTURE_CLAIM, i, i + 1, antecedent)]
        if start < hi and words[start] in _NOTHING:  # "it did not capture anything", "Russia took nothing"
            return [Frame("capture.nothing", Tag.CAPTURE_CLAIM, i, start + 1, [],
                          notes=["negative"] if words[start] in ("nothing",) else [])]
        return []
    if lex.verb("flag", w):
        j = i + 1
        while j < hi and j - i < 5 and words[j] not in ("flag", "flags", "banner"):
            j += 1
        if j < hi and words[j] in ("flag", "flags", "banner"):
            if j + 1 < hi and words[j + 1] == "of" and doc.place_covering(j + 2) is not None:
                j = doc.place_covering(j + 2).hi - 1  # type: ignore[union-attr]  # "the flag of Ukraine"
            args = find.objects(j + 1, hi, preps=frozenset({"over", "above", "in", "on", "at"}), gap=8, loose=True)
            if args:
                return [Frame("capture.flag", Tag.CAPTURE_CLAIM, i, j + 1, args)]
        flag = next((k for k in range(i - 1, max(lo, i - 5) - 1, -1) if words[k] in ("flag", "flags", "banner")), None)
        if flag is not None and _passive(words, i, lo):  # "a Russian flag was raised over X": its side took X
            args = find.objects(i + 1, hi, preps=frozenset({"over", "above", "in", "on", "at"}), gap=8, loose=True)
            if args:
                return [Frame("capture.flag", Tag.CAPTURE_CLAIM, i, i + 1, args, agent=_side_in(st, max(lo, flag - 3), flag))]
        return []
    if lex.verb("expel", w):
        j = i + 1
        while j < hi and j - i < 6 and not (words[j] == "out" or words[j] == "from"):
            j += 1
        if j < hi and words[j] in ("out", "from") and not _noun_use(words, i, lo) and words[j - 1] != "away":
            k = j + 2 if words[j] == "out" and j + 1 < hi and words[j + 1] == "of" else j + 1
            args = find.objects(k, hi, gap=3, source=True)
            if args:
                return [Frame("capture.expel", Tag.CAPTURE_CLAIM, i, i + 1, args)]
    return out


_PLURAL_PLACES = frozenset("settlements villages towns cities localities hamlets communities".split())


_TARGETS = frozenset("facilities facility infrastructure targets sites plants plant regions cities towns depots "
                     "airfields bases refineries substations grid enterprises".split())


def _targets(doc: Doc, lo: int, place: PlaceSpan) -> bool:
    """Whether targets are named before a country ("energy facilities in several regions of X")."""
    return any(doc.words[k] in _TARGETS for k in range(lo, place.lo))


_SHARE = frozenset("percent per cent % all most part half parts much share third quarter".split())


def _share(words: list[str], j: int, lo: int) -> bool:
    """ "70 percent of Donetsk", "almost all of Luhansk": a share of a region is a standing state."""
    return any(words[k] in _SHARE or words[k].endswith("%") for k in range(max(lo, j - 4), j))


def _anaphor_in(find: Finder, j: int, hi: int) -> list[PlaceSpan]:
    """The town "the city" stands for, when the object names part of it."""
    for k in range(j, min(hi, j + 12)):
        if find.antecedent(k, hi):
            return find.antecedent_before(j)
    return []


def _relative(doc: Doc, find: Finder, lo: int) -> list[PlaceSpan]:
    """The place a relative clause starting at ``lo`` ("..., which ...") is about."""
    if doc.words[lo] not in ("which", "that") or lo - 2 < find.lo or doc.words[lo - 1] != ",":
        return []
    span = doc.place_covering(lo - 2)
    return [span] if span is not None and span.lo not in find.actors else []


def _plural_settlements(words: list[str], j: int, hi: int) -> bool:
    """Whether an object is a number of places not named there ("five settlements")."""
    return any(words[k] in _PLURAL_PLACES for k in range(j, min(hi, j + 5)))


def _list_after(doc: Doc, find: Finder, st: Structure, j: int) -> list[PlaceSpan]:
    """The list that names them later in the sentence: after a colon, "they are", "namely"."""
    words = doc.words
    for k in range(j, st.sent.hi):
        if words[k] == ":" or words[k] in ("namely", "including") or (
                words[k] in ("they", "these") and k + 1 < st.sent.hi and words[k + 1] in ("are", "were", "include")):
            start = k + 1 if words[k] in (":", "namely", "including") else k + 2
            if words[k] == ":" and start + 1 < st.sent.hi and words[start] in ("they", "these", "those") and words[
                    start + 1] in ("are", "were", "include"):
                start += 2  # ": they are A, B and C"
            return find.objects(start, st.sent.hi, gap=2)
    return []


def _noun_use(words: list[str], i: int, lo: int) -> bool:
    return i > lo and words[i - 1] in ("the", "a", "an", "its", "their", "his", "'s", "new", "massive", "latest",
                                       "drone", "missile", "air", "artillery", "overnight", "combined", "another",
                                       "major", "large-scale", "deadly", "first", "second", "this", "that")


def _occupying(doc: Doc, st: Structure, i: int, lo: int) -> bool:
    """Whether "occupied" at ``i`` is a verb of taking: after an auxiliary, a force, a
    pronoun or a side ("Russian troops occupied the village", "they have occupied X")."""
    words = doc.words
    prev = words[i - 1] if i > lo else ""
    return (prev in ("has", "have", "had", "they", "and") or prev in lexicon().words["force"]
            or prev.endswith("ly") or any(s.hi == i for s in st.sides))


def _side_before(doc: Doc, st: Structure, i: int) -> bool:
    """A side's adjective right before a word makes it a noun ("a Russian strike", "Ukrainian
    attacks"); a side's name ("Ukraine hit X", "Russians attack") is its subject."""
    return any(s.hi == i and s.kind == "names" and doc.covered[s.lo] < 0 and not doc.words[i - 1].endswith("s")
               for s in st.sides)


def _tally(doc: Doc, i: int, lo: int) -> bool:
    """A weapon in a tally of losses ("destroyed 20 drones", "shot down 5 missiles", "lost 300
    soldiers, two tanks and 15 drones"): back across the tally's list to its verb."""
    lex = lexicon()
    words = doc.words
    tally = lex.words["tally"]
    if not lex.nouns["weapon"].at(words, i):
        return False
    for k in range(i - 1, max(lo, i - 16) - 1, -1):
        if words[k] in tally:
            return True
        if words[k] in _TALLY_STOP or lex.verb("strike", words[k]) or lex.verb("speech", words[k]):
            return False
    return False


_TALLY_STOP = frozenset("but while which that who when after before ; : .".split())


def _adjective_use(words: list[str], i: int, lo: int) -> bool:
    """ "the occupied town", "in newly captured positions": a participle before a noun, not
    "forces recently seized X"."""
    if not (i > lo and words[i].endswith("ed")):
        return False
    if words[i - 1] in ("newly", "recently"):
        return i - 1 == lo or words[i - 2] in _DETERMINERS_PREPS
    return words[i - 1] in ("the", "a", "an")


_DETERMINERS_PREPS = frozenset("the a an its their his her our of in on at into from for with near around , ( and".split())


def _takes_place(doc: Doc, words: list[str], i: int, hi: int, lemma: str) -> bool:
    """Ambiguous verbs ("take", "win", "clear", "free", "enter") take a place only when it,
    "the town" or "back" follows closely ("took Avdiivka", "won back X")."""
    j = i + 1
    if lemma == "win":
        return j < hi and words[j] == "back"
    while j < hi and j - i <= 5:
        if j in doc.place_at:
            return True
        if words[j] not in ("the", "a", "of", "back", "full", "all", "most", "strategic", "key", "eastern", "western",
                            "northern", "southern", "remaining", "rest", "into", "industrial", "zone", "over", "two",
                            "three", "four", "five", "several", ":") and not lexicon().nouns["settlement"].at(words, j):
            return False
        j += 1
    return False


def _control(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "took control of X", "X is under Russian control", "in Ukrainian hands", "controls X"."""
    lex = lexicon()
    words = doc.words
    w = words[i]
    # the side and preposition before: "under (full) Russian control", "in Ukrainian hands"
    quoted = w == "control" and i + 2 < hi and words[i + 1] in ('"', "”", "'") and words[i + 2] in _CONTROL_PREPS
    j = i - 1
    while j >= lo and j > i - 5 and words[j] not in ("under", "in", "into", "to", "of"):
        j -= 1
    prep = words[j] if j >= lo and j > i - 5 else ""
    holder = _side_in(st, j + 1, i) if prep else None
    if prep and holder is None and any(words[k] in _SELF_HOLDER for k in range(j + 1, i)):
        holder = "self"  # "under our control": the speaker's side
    if prep == "under" and holder is None and i + 1 < hi and words[i + 1] == "of":
        holder = _side_in(st, i + 2, min(hi, i + 8))  # "under the control of the Armed Forces of Ukraine"
    if prep == "in" and holder is None and i + 1 < hi and words[i + 1] in _CONTROL_PREPS:
        holder = _subject_side(st, words, j, lo)  # "Ukrainian forces remain in control of X"
        if holder is None and any(words[k] in _SELF_HOLDER for k in range(lo, j)):
            holder = "self"  # "said its forces remained in control of X"
        args = find.objects(i + 2, hi, gap=6)
        if args:
            return [Frame("capture.control", Tag.CAPTURE_CLAIM, i, i + 1, args, holder=holder, state=True)]
        return []
    if w == "hands" and prep not in ("in", "into") or w == "hands" and holder is None:
        return []
    if prep in ("under", "in", "into", "to") and holder is not None or prep == "under":
        # a state: its place is the subject before ("X is under ... control"), the object of a
        # verb before ("brought X under control"), or a list after a colon
        args = find.subjects(j, lo)
        if not args:
            k = j - 1
            while k >= lo and k > j - 4 and words[k] not in (",",) and k not in doc.place_at:
                k -= 1
            span = doc.place_at.get(k) if k >= lo else None
            if span is None:
                span = doc.place_covering(k) if k >= lo else None
            if span is not None and span.lo not in find.actors and not (
                    span.lo > lo and words[span.lo - 1] in ("in", "from", "near", "at")):
                args = find.list_from(span, j)  # "brought X under control", not "the cities in X still under"
        if not args and i + 1 < st.sent.hi and words[i + 1] == ":":
            args = find.objects(i + 2, st.sent.hi, gap=2)
        if not args and i + 1 < hi and words[i + 1] in _CONTROL_PREPS:
            args = find.objects(i + 2, hi, gap=4)
        args = [a for a in args if not (a.region and _share(words, a.lo, lo))]
        if args:  # (a share of a region under control is a standing state, not a place taken)
            return [Frame("capture.state", Tag.CAPTURE_CLAIM, i, i + 1, args, holder=holder, state=True)]
        return []
    if w == "control" and i + 1 < hi and (words[i + 1] in _CONTROL_PREPS or quoted):
        k = i - 1
        while k >= lo and k > i - 5 and words[k] in ("full", "complete", "total", "effective", "partial", "the",
                                                    "back", "overall", '"', "“", "'"):
            k -= 1
        verb = k >= lo and (lex.verb("control", words[k]) is not None or words[k] in ("in",))
        if verb:
            start = i + 3 if quoted else i + 2  # 'taken "full control" of X'
            # "regained control of 16 square kilometres in the north of X": past the area
            area = words[start][:1].isdigit()
            args = find.objects(start, hi, gap=10 if area else 6, loose=area)
            if not args:
                args = _anaphor_in(find, start, hi)  # "regained control of 16 sq km in the north of the city"
            if args:
                return [Frame("capture.control", Tag.CAPTURE_CLAIM, i, i + 1, args)]
        return []
    verb = w == "control" and i > lo and (words[i - 1] in _CONTROLLERS or words[i - 1] in lex.words["force"])
    if w == "controls" or verb or (w == "controlled" and not _passive(words, i, lo) and i > lo
                                   and words[i - 1] not in ("the", "-")):
        args = [a for a in find.objects(i + 1, hi, gap=4) if not (a.region and _share(words, a.lo, lo))]
        if args:  # the subject holds it: "Ukrainian forces still control X" denies that X fell
            return [Frame("capture.control", Tag.CAPTURE_CLAIM, i, i + 1, args, state=True,
                          holder=_subject_side(st, words, i, lo))]
    return []


_SELF_HOLDER = frozenset("our their its".split())


def _subject_side(st: Structure, words: list[str], j: int, lo: int) -> str | None:
    """The side of the subject before token ``j`` in its clause, skipping sides after a preposition."""
    best = None
    for side in st.sides:
        if lo <= side.lo < j and not (side.lo > lo and words[side.lo - 1] in ("in", "on", "at", "of", "from", "to")):
            best = side.side
    return best


def _strike(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    lemma = lex.verb("strike", w)
    n = lex.nouns["strike"].at(words, i)
    if lemma is None and not n:
        if w == "under" and i > lo and words[i - 1] in ("came", "come", "comes", "coming", "been", "was", "were",
                                                         "is", "are") and any(
                lex.nouns["strike"].at(words, k) or words[k] == "fire" for k in range(i + 1, min(hi, i + 4))):
            args = find.subjects(i - 1, lo)
            if args:
                return [Frame("strike.under_fire", Tag.STRIKE, i, i + 2, args)]
        return []
    if _mishap(doc, lo, hi):
        return []  # "an earthquake struck", "hit by a car", "a gas explosion"
    if w == "debris":  # "debris (from a downed drone) fell in X"
        j = i + 1
        while j < hi and j - i < 8 and not lex.verb("fall", words[j]):
            j += 1
        if j < hi and lex.verb("fall", words[j]):
            args = find.objects(j + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True)
            if args:
                return [Frame("strike.debris", Tag.STRIKE, i, j + 1, args)]
    if n and i + n < hi and words[i + n] in _ALERTS:
        return []
    if n and _tally(doc, i, lo):
        return []
    if w in ("explosion", "explosions", "blast", "blasts") and (not _armed(doc, st, i)
                                                                 or _mishap(doc, st.sent.lo, st.sent.hi)):
        return []  # explosions alone may be accidents; with a drone, a missile or an attacker, a strike
    if lemma == "target" and w in ("target", "targets"):
        lemma = None
    if w in ("hit", "hits") and i > lo and lex.nouns["weapon"].at(words, i - 1):
        n = 0  # "a missile hit X": the verb
    if lemma is not None and not (n and (_noun_use(words, i, lo) or _side_before(doc, st, i))):
        if lemma in ("launch", "fire"):
            return _launched(doc, st, find, i, lo, hi)
        if lemma in ("destroy", "damage", "rock", "blast", "slam", "crash", "smash"):
            if i + 2 < hi and words[i + 1] in ("by", "during", "in", "after") and any(
                    lex.nouns["strike"].at(words, k) for k in range(i + 2, min(hi, i + 6))):
                subjects = find.subjects(i, lo) if _passive(words, i, lo) and _armed(doc, st, i) else []
                if subjects:  # "Kyiv was rocked by explosions as Russia launched an attack"
                    return [Frame("strike.passive", Tag.STRIKE, i, i + 1, subjects, agent=_by_agent(st, words, i, hi))]
                return _where(doc, find, st, i)  # "buildings damaged by a Russian strike, in X"
            if not _weapon_context(doc, st, i, lo):
                return []
        if _passive(words, i, lo):
            args = find.subjects(i, lo, pp_ok=True)
            if args:
                return [Frame("strike.passive", Tag.STRIKE, i, i + 1, args, agent=_by_agent(st, words, i, hi))]
        args = _list_after(doc, find, st, i + 1) if _plural_settlements(words, i + 1, hi) else []
        if not args:  # (above: "shelled 12 settlements in the Sumy region, including A and B": A and B)
            args = find.objects(i + 1, hi, preps=_STRIKE_PREPS | _NEAR, gap=10, loose=True, near=True, modifier_ok=True)
        if not args:
            args = _anaphor_in(find, i + 1, hi)  # "hit a shopping centre in the city"
        if args and _at_forces(doc, i + 1, args[0].lo):
            return []  # "targeting Ukrainian troops in X": fighting, not a strike on X
        if not args:
            args = _relative(doc, find, lo)  # "X, which they have been shelling"
        if args:
            return [Frame("strike.verb", Tag.STRIKE, i, i + 1, args + _coordinated(doc, find, args[-1].hi, hi))]
        return _fronted(doc, find, st, i, lo) or _where(doc, find, st, i)
    if n:
        if w in ("fire", "hit", "hits") and not (_noun_use(words, i, lo) or _side_before(doc, st, i)):
            return []
        j = i + n
        k = j
        while k < hi and words[k] in ("has", "have", "had", "also", "reportedly", "then", "later"):
            k += 1
        while k < hi and words[k] in ("were", "was", "been", "be"):
            k += 1
        if k < hi and words[k] in _HEARD and w in _BLASTS:  # "explosions were heard in X" (with a weapon named)
            args = [a for a in find.objects(k + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True) if a.kind != "country"]
            if args:
                return [Frame("strike.noun", Tag.STRIKE, i, j, args)]
        if k < hi and words[k] in _IMPACT:  # "a drone strike killed two people in X"
            args = [a for a in find.objects(k + 1, hi, preps=_STRIKE_PREPS, gap=12, loose=True) if a.kind != "country"]
            if args:
                return [Frame("strike.noun", Tag.STRIKE, i, j, args)]
        args = find.objects(j, hi, preps=_STRIKE_PREPS | _NEAR, gap=10, loose=True, near=True,
                            modifier_ok=True) if j < hi and (
            words[j] in _STRIKE_PREPS or words[j] in ("launched", "carried", "that", "which", "hit", "struck", "fell")
            or lex.verb("strike", words[j]) or words[j] == "also") else []
        # "Russia's attack on Ukraine" is the war; "an attack on energy facilities across Ukraine", strikes
        args = [a for a in args if a.kind != "country" or _targets(doc, j, a)]
        if args:
            return [Frame("strike.noun", Tag.STRIKE, i, j, args)]
        if w == "debris" and j < hi and lex.verb("fall", words[j]):
            args = find.objects(j + 1, hi, preps=_STRIKE_PREPS, gap=6, loose=True)
            if args:
                return [Frame("strike.debris", Tag.STRIKE, i, j + 1, args)]
        return _fronted(doc, find, st, i, lo) or _where(doc, find, st, i)
    return []


_CONTROLLERS = frozenset("now they we still already fully effectively reportedly largely".split())  # "(forces) now control X"
_BLASTS = frozenset("explosion explosions blast blasts".split())
_HEARD = frozenset("heard reported rang thundered occurred recorded".split())
_NOTHING = frozenset("anything nothing".split())
_CONSEQUENCE = frozenset("killed kill kills died dead injured wounded damaged destroyed fire fires blaze outages outage "
                         "blackout blackouts casualties victims injuring killing damaging destroying electricity "
                         "power".split())
_ASSAULTS = frozenset("attacks attack assaults assault offensives offensive attempts advances storming".split())
_ONGOING = frozenset("ongoing continue continues continued continuing raging rages still".split())
_OFFICES = frozenset("governor mayor administration authorities".split())
_FORCES = frozenset("troops forces soldiers units servicemen positions personnel fighters".split())


def _at_forces(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc.words[k] in _FORCES for k in range(lo, hi))


def _where(doc: Doc, find: Finder, st: Structure, i: int) -> list[Frame]:
    """A strike whose verb or noun names no place, in a sentence that reports its harm:
    the place where it happened ("two killed in X after Russian shelling", a photo caption
    "... damaged by a Russian strike, in the town of X")."""
    words = doc.words
    s = st.sent
    harm = any(words[k] in _CONSEQUENCE for k in range(s.lo, s.hi))
    found = _harmed(doc, find, st, i) if harm else []  # "a fire broke out at the X refinery after a drone attack"
    if found:
        return found
    offices = [p for p in doc.places[find._first(s.lo):find._first(s.hi)] if _office(doc, p, s.hi)]
    # "the Belgorod governor said a drone hit a car": the place the governor speaks for
    return [Frame("strike.where", Tag.STRIKE, i, i + 1, offices[:1])] if offices else []


def _harmed(doc: Doc, find: Finder, st: Structure, i: int) -> list[Frame]:
    """The first place after "in" or "at" in a sentence that reports harm."""
    words = doc.words
    s = st.sent
    for k in range(s.lo, s.hi - 1):
        if words[k] in ("in", "at") and k != i:
            m = k + 1
            while m < s.hi and m - k < 6 and m not in doc.place_at and (
                    words[m] in find.bridge or words[m].endswith(("-occupied", "-held", "-controlled"))):
                m += 1
            span = find.place(m)
            if span is not None and span.kind != "country" and not find._is_locator(m):
                return [Frame("strike.where", Tag.STRIKE, i, i + 1, find.list_from(span, s.hi))]
    return []


def _office(doc: Doc, p: PlaceSpan, hi: int) -> bool:
    """ "the Belgorod governor", "Kherson's Moscow-installed authorities": a place an office speaks for."""
    words = doc.words
    if doc.toks[p.hi - 1].end > p.res.mention.end:
        return False  # "Moscow-installed": the place names who installed, not where
    k = p.hi
    while k < hi and (words[k] in ("'s", "regional", "region", "oblast", "city", "military")
                      or words[k].endswith(("-installed", "-backed", "-appointed"))):
        k += 1
    return k < hi and words[k] in _OFFICES


_ARMS = frozenset("strike attack shell bomb hit target launch".split())


def _armed(doc: Doc, st: Structure, i: int) -> bool:
    """Whether a sentence names a weapon or an attack besides an explosion at token ``i``."""
    lex = lexicon()
    words = doc.words
    return any(k != i and (lex.nouns["weapon"].at(words, k) or lex.verb("strike", words[k]) in _ARMS
                           or words[k] in ("attack", "attacks", "strike", "strikes", "shelling"))
               for k in range(st.sent.lo, st.sent.hi))


def _mishap(doc: Doc, lo: int, hi: int) -> bool:
    """Whether a clause tells of something that hits without an attacker."""
    lex = lexicon()
    words = doc.words
    return any(lex.words["mishap"].at(words, k) and not lex.nouns["weapon"].at(words, k)  # not "Storm Shadow"
               or words[k] == "by" and k + 2 < hi and words[k + 1] in (
        "a", "an", "the") and lex.words["vehicle"].at(words, k + 2) for k in range(lo, hi))


def _weapon_context(doc: Doc, st: Structure, i: int, lo: int) -> bool:
    """Whether a weapon or strike noun stands before a damage verb in its clause."""
    lex = lexicon()
    return any(lex.nouns["strike"].at(doc.words, k) for k in range(lo, i))


def _fronted(doc: Doc, find: Finder, st: Structure, i: int, lo: int) -> list[Frame]:
    """ "In Kharkiv, a missile hit a house": the place of a fronted "in X" is the strike's place."""
    words = doc.words
    s = st.sent.lo
    k = s
    while k < i and words[k] in ("also", "and", "meanwhile", "separately", "earlier", "later", '"', "“", ",",
                                  "overnight", "elsewhere"):
        k += 1
    if k < i and words[k] in ("in", "on", "at", "near"):
        k += 1
        while k < i and (k not in doc.place_at or doc.toks[k].end > doc.place_at[k].res.mention.end) and (
                words[k] in find.bridge or any(sd.lo == k for sd in st.sides)
                or words[k].endswith(("-occupied", "-held", "-controlled"))):
            k += 1
        span = find.place(k)
        if span is not None:
            args = find.list_from(span, i)
            end = args[-1].hi
            if any(words[m] == "," for m in range(end, min(i, end + 12))):
                return [Frame("strike.fronted", Tag.STRIKE, i, i + 1, args)]
    return []


def _launched(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "launched 75 drones at Russia", "fired missiles on Kharkiv": the target after "at/on/against"."""
    words = doc.words
    lex = lexicon()
    j = i + 1
    while j < hi and j - i < 14 and words[j] not in ("at", "on", "against", "into", "toward", "towards", "targeting"):
        j += 1
    weapon = any(lex.nouns["strike"].at(words, k) for k in range(i + 1, j))
    if j < hi and words[j] in ("at", "on", "against", "into", "targeting") and weapon:
        args = find.objects(j + 1, hi, gap=12, loose=True)  # a country too: "launched 120 drones against Ukraine"
        incl = next((k for k in range(j + 1, min(hi, j + 10)) if words[k] == "including"), None)
        if incl is not None and (not args or args[0].kind == "country"):
            # "fired 40 missiles at targets across Ukraine, including Kyiv and Lviv": the places named
            args = find.objects(incl + 1, hi, preps=frozenset({"in", "on", "at"}), gap=3) or args
        if args:
            return [Frame("strike.launch", Tag.STRIKE, i, j + 1, args)]
    return []


def _denial(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    if lex.verb("deny", w) and not _noun_use(words, i, lo):
        # its place is one the denied claim is about ("rejected claims about X", "denied reports of X");
        # a claim reported with its verb ("denied that X had fallen") is a frame of its own
        args: list[PlaceSpan] = []
        j = i + 1
        while j < hi and j - i < 6 and not lex.nouns["claim"].at(words, j):
            j += 1
        notes: list[str] = []
        if j < hi and lex.nouns["claim"].at(words, j):
            k = j + lex.nouns["claim"].at(words, j)
            if k < hi and words[k] in ("of", "about", "on", "regarding", "concerning"):
                args = find.objects(k + 1, hi, gap=4)
                if not args and find.in_clause(k + 1, min(hi, k + 8)):
                    notes.append("about other")  # "denied claims of advances near X": not the claims before
        return [Frame("denial.verb", Tag.DENIAL, i, i + 1, args, notes=notes)]
    n = lex.nouns["falsehood"].at(words, i)
    if n and _said_of_claim(doc, st, i, n, lo):
        args = find.in_clause(lo, hi)
        owner = next((x.side for x in st.sides if x.hi == i and x.side != "other"), None)  # "Russian propaganda"
        return [Frame("denial.falsehood", Tag.DENIAL, i, i + n, [a for a in args if not find._is_locator(a.lo)],
                      holder=owner)]
    if w in ("fighting", "combat", "battles", "battle", "clashes", "resistance") and not _noun_use(words, i, lo) or (
            w in ("fighting", "combat", "battles", "clashes") and i > lo and words[i - 1] in ("urban", "street", "heavy")):
        going = [k for k in range(i + 1, min(hi, i + 6)) if words[k] in _ONGOING] or [
            k for k in range(max(lo, i - 3), i) if words[k] in ("still", "continue", "continues", "continued")]
        if going:
            args = find.objects(i + 1, hi, preps=frozenset({"in", "for", "inside", "around"}), gap=4)
            if not args:
                args = _anaphor_in(find, i + 1, hi) or find.antecedent_before(i)
            if args:
                return [Frame("denial.ongoing", Tag.DENIAL, i, i + 1, args)]
    if lex.verb("repel", w) and not _noun_use(words, i, lo):
        j = i + 1
        while j < hi and j - i < 5 and words[j] not in _ASSAULTS:
            j += 1
        if j < hi and words[j] in _ASSAULTS:
            # every place after the assaults: the frame keeps only those claimed before (classify)
            args = find.in_clause(j + 1, st.sent.hi)
            if args:
                return [Frame("denial.ongoing", Tag.DENIAL, i, i + 1, args)]
    hold = lex.verb("hold", w)
    if hold is not None and not _noun_use(words, i, lo):
        # "continue to hold parts of X", "are still holding X", "actively resisting in X": said by the
        # side that holds it, a denial that the place fell (decided by attribution)
        args = find.objects(i + 1, hi, preps=frozenset({"in", "inside", "on", "at", "of"}), gap=5, loose=True)
        lasting = any(words[k] in ("continue", "continues", "continued", "still", "remain", "remains", "firmly")
                      for k in range(max(lo, i - 4), i)) or hold == "resist"
        if args and hold in ("hold", "control") and not lasting and any(words[k] in ("now", "already")
                                                                         for k in range(max(lo, i - 3), i)):
            # "Russian troops now hold X": a change of hands, claimed by the subject's side
            return [Frame("capture.control", Tag.CAPTURE_CLAIM, i, i + 1, args, state=True,
                          holder=_subject_side(st, words, i, lo))]
        progressive = any(words[k] in ("are", "were", "is", "was") for k in range(max(lo, i - 3), i))
        if args and (lasting or progressive) and hold != "remain":
            frame = Frame("denial.hold", Tag.DENIAL, i, i + 1, args, agent=_subject_side(st, words, i, lo))
            if not lasting:
                frame.notes.append("answers")  # "troops are defending X": a denial only of a claim made before
            return [frame]
    return []


def _said_of_claim(doc: Doc, st: Structure, i: int, n: int, lo: int) -> bool:
    """Whether a word of falsehood is said of a claim ("the claim is false", "called the
    reports propaganda", "dismissed it as fake"), not of anything else ("a false pretext")."""
    lex = lexicon()
    words = doc.words
    nxt = words[i + n] if i + n < st.sent.hi else ""
    if nxt.isalpha() and nxt not in ("and", "or", "but", "that", "as") and not lex.nouns["claim"].at(words, i + n):
        return False  # an adjective before another noun
    return any(lex.nouns["claim"].at(words, k) or lex.verb("speech", words[k]) in (
        "call", "describe", "dismiss", "deny", "reject") for k in range(max(lo, i - 10), i))


def _fortified(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    n = lex.nouns["fortified"].at(words, i)
    lemma = lex.verb("fortify", words[i])
    if not n and lemma is None:
        return []
    if not n:
        # "fortifying Kramatorsk", "building fortifications"; "strengthen the defence in X"
        dig_in = lemma == "dig" and i + 1 < hi and words[i + 1] == "in"  # "troops have dug in around X"
        if lemma in ("fortify", "entrench") or dig_in:
            start = i + 2 if dig_in else i + 1
            args = find.objects(start, hi, preps=frozenset({"in", "around", "near", "along", "on"}), gap=6, loose=True,
                                near=True)  # defences around a town are its defences
            args = args or find.subjects(i, lo)
            return [Frame("fortified.verb", Tag.FORTIFIED, i, i + 1, args)] if args else []
        return []
    w = words[i]
    if w in ("defence", "defense", "defences", "defenses"):
        # only "built/reinforced/strengthened defences in X", not "the defence ministry"
        if not (i > lo and any(lex.verb("fortify", words[k]) for k in range(max(lo, i - 3), i))):
            return []
    if w in ("trenches", "trench", "bunkers") and not any(doc.words[k] in ("dig", "dug", "digging", "built",
                                                                           "building", "network", "lines")
                                                          for k in range(max(lo, i - 4), min(hi, i + 3))):
        pass
    # the place described comes first ("X, a fortress city in the Y region"), then what the cue is of or in
    args = [a for a in find.subjects(i, lo) or _apposed(doc, find, i, lo) if a.kind != "country"]
    if not args:
        args = _copula_subject(doc, find, st, i)  # "X is one of the last cities ... and a key part of its defensive belt"
    if not args:  # "X is / remains / represents one of the last strongholds", "described X as a fortress"
        first = [p for p in find.in_clause(max(lo, i - 14), i) if not find._is_locator(p.lo) and p.kind != "country"]
        if first:
            args = find.list_from(first[0], i)
    if not args:
        args = [a for a in find.objects(i + n, hi, preps=_FORT_PREPS, gap=6, loose=True, source=True)
                if a.kind != "country"]
    if not args or all(a.region for a in args):
        colon = next((k for k in range(i + n, st.sent.hi) if words[k] == ":"), None)
        if colon is not None:  # 'the "fortress belt": A, B and C', "divided into two parts: ..."
            listed = [p for p in find.in_clause(colon + 1, st.sent.hi) if p.kind != "country"]
            args = listed or args
    if not args:
        args = [p for fr in _fronted(doc, find, st, i, lo) for p in fr.args]  # "In the Kyiv region, they fortify"
    if not args and find.antecedent(i - 1 if i - 1 >= lo and words[i - 1] == "the" else max(lo, i - 2), hi):
        args = find.antecedent_before(i)  # "pulled out of the former stronghold"
    args = [a for a in args if a.kind != "country"]
    return [Frame("fortified.noun", Tag.FORTIFIED, i, i + n, args)] if args else []


_COPULA = frozenset("is was remains remained represents represented becomes became".split())


def _copula_subject(doc: Doc, find: Finder, st: Structure, i: int) -> list[PlaceSpan]:
    """The places a sentence opens with as the subject of "is", "remains", "represents"
    before the cue ("Kostiantynivka is one of the last cities Ukraine holds ... and part of its
    defensive belt"): what the cue describes."""
    words = doc.words
    span = find.place(st.sent.lo)
    if span is None:
        return []
    subject = find.list_from(span, i)
    k = subject[-1].hi
    while k < i and words[k] in ("also", "still", "now", "has", "have", "become"):
        k += 1
    return subject if k < i and (words[k] in _COPULA or words[k - 1] == "become") else []


_FORT_PREPS = frozenset("in around of near at along on by from formed including includes covering between through "
                        "to stretching which that runs connecting linking".split())


def _apposed(doc: Doc, find: Finder, i: int, lo: int) -> list[PlaceSpan]:
    """ "X, a key stronghold", "X, one of the last fortresses": the place before the comma."""
    words = doc.words
    k = i - 1
    while k >= lo and k > i - 8 and words[k] != "," and doc.covered[k] < 0:
        k -= 1
    if k > lo and words[k] == ",":
        span = doc.place_covering(k - 1)
        if span is not None and span.lo not in find.actors:
            return find.list_back(span, lo)
    return []


def _foreign(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int, lex) -> list[Frame]:  # type: ignore[no-untyped-def]
    """Cues of other languages: the places of the sentence's clause are their arguments."""
    words = doc.words
    w = words[i]
    for cls, tag in (("capture", Tag.CAPTURE_CLAIM), ("strike", Tag.STRIKE), ("fortified", Tag.FORTIFIED),
                     ("deny", Tag.DENIAL)):
        if (w in lex.foreign[cls] or cls == "strike" and lex.compound_strike(w)) and not _english(doc, st):
            lo2, hi2 = st.clause_of(i)
            args = [p for p in find.in_clause(max(lo2, i - 8), min(hi2, i + 16)) if p.kind not in ("other", "country")]
            args = [p for p in _without_locating_regions(args) if not _foreign_speaker_place(doc, lex, p, lo2)]
            return [Frame(f"{tag.value.split('_')[0]}.foreign", tag, i, i + 1, args)] if args else []
    return []


_SPEAKER_PREPS = frozenset("in aus em de do da à en в во из".split())


def _foreign_speaker_place(doc: Doc, lex, p: PlaceSpan, lo: int) -> bool:  # type: ignore[no-untyped-def]
    """Where a speaker is, in another language: "teilte das Ministerium in Moskau mit",
    "selon Moscou", "сообщили в Москве"."""
    words = doc.words
    if p.lo > lo and words[p.lo - 1] in lex.foreign["according"]:
        return True
    return p.lo > lo and words[p.lo - 1] in _SPEAKER_PREPS and any(
        words[k] in lex.foreign["speech"] for k in range(max(lo, p.lo - 5), p.lo))


def _without_locating_regions(args: list[PlaceSpan]) -> list[PlaceSpan]:
    """Drop a region that only locates a town of the same frame ("in der Siedlung Ilski in der
    Region Krasnodar", "em Kurakhove, na região de Donetsk"): the town is the event's place."""
    held = {a.res.place.admin1 for a in args if a.town and a.res.place is not None}
    return [a for a in args if not (a.region and a.res.place is not None
                                    and (a.res.place.admin1 or a.res.place.name) in held)]


# English function words that German, Portuguese, French and Russian text does not use as
# words of its own ("in", "was", "an", "a", "on" are German, Portuguese or French words too).
_ENGLISH = frozenset("the and of to were is are has have had said with from by that this for it its their".split())


def _english(doc: Doc, st: Structure) -> bool:
    return len(_ENGLISH.intersection(doc.words[st.sent.lo:st.sent.hi])) >= 2
