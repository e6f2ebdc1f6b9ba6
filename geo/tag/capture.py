"""Constructions of taking: verbs, nouns, control and falls ("captured X", "the fall of X", "under Russian control")."""

from __future__ import annotations

from ..model import Tag
from .args import Finder
from .clauses import Structure
from .doc import Doc, PlaceSpan
from .frame import Frame, _SELF_HOLDER, _anaphor_in, _by_agent, _list_after, _noun_use, _passive, _plural_settlements, _relative, _share, _side_in, _subject_side
from .lexicon import lexicon


_NOUN_PREPS = frozenset("of".split())
_CONTROL_PREPS = frozenset("of over".split())
# After "fell", words that make it no taking ("fell short", "fell by 5%", "fell on the house").
_NOT_FALLEN = frozenset("on onto upon by short silent ill apart asleep behind back below down off out over through "
                        "victim prey sharply slightly steeply % into within near from under".split())


def _headline_participle(doc: Doc, st: Structure, i: int) -> bool:
    """A participle that ends a headline with its auxiliary left out ("... village of X captured")."""
    words = doc.words
    end = st.sent.hi
    while end > i + 1 and words[end - 1] in (".", "!", '"', "”", "'"):
        end -= 1
    return (end == i + 1 and words[i].endswith(("ed", "en")) and not doc.article.text[doc.toks[i].end:
            doc.toks[i].end + 1].startswith(".") and not _passive(words, i, st.sent.lo))


def _capture(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    lex = lexicon()
    words = doc.words
    w = words[i]
    if w in ("control", "controls", "controlled", "hands"):
        return _control(doc, st, find, i, lo, hi)
    if lex.verb("fall", w) and not _noun_use(words, i, lo):
        return _fall(doc, st, find, i, lo, hi)
    if w == "fall" and i + 1 < hi and words[i + 1] == "of":
        args = find.objects(i + 2, hi, gap=4)
        return [Frame("capture.noun", Tag.CAPTURE_CLAIM, i, i + 1, args)] if args else []
    if lex.nouns["capture"].at(words, i) and w not in ("fall",):
        made = _capture_noun(doc, st, find, i, lo, hi)
        if made or lex.verb("capture", w) is None:
            return made
    if lex.verb("break_in", w) and i + 1 < hi and words[i + 1] == "into":  # "broke into X": entering it
        args = [a for a in find.objects(i + 2, hi, gap=4) if a.kind != "country"]
        return [Frame("capture.enter", Tag.CAPTURE_CLAIM, i, i + 2, args)] if args else []
    lemma = lex.verb("capture", w)
    if lemma is not None and not _adjective_use(words, i, lo):
        return _capture_verb(doc, st, find, i, lo, hi, lemma)
    if lex.verb("flag", w):
        return _flag(doc, st, find, i, lo, hi)
    if lex.verb("expel", w):
        return _expel(doc, find, i, lo, hi)
    return []


def _fall(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "X fell", "X has fallen to Russian forces": the place is the subject."""
    words = doc.words
    nxt = words[i + 1] if i + 1 < hi else ""
    if nxt not in _NOT_FALLEN and not nxt[:1].isdigit():
        args = find.subjects(i, lo)
        if args:
            holder = _side_in(st, i + 1, min(hi, i + 5)) if nxt in ("to", "into", "under") else None
            return [Frame("capture.fall", Tag.CAPTURE_CLAIM, i, i + 1, args, holder=holder)]
    return []


def _capture_noun(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "the capture of X", "clearing operations in X", "X's liberation"."""
    words = doc.words
    n = lexicon().nouns["capture"].at(words, i)
    if i + n + 1 < hi and words[i + n] in ("operation", "operations") and words[i + n + 1] in ("of", "in"):
        n += 1  # "clearing operations in X"
    if i + n < hi and words[i + n] in ("of", "in") and words[i] not in ("control",):
        args = find.objects(i + n + 1, hi, gap=4)
        if not args and _plural_settlements(words, i + n + 1, hi):
            args = _list_after(doc, find, st, i + n + 1)  # "the liberation of five villages: A, B and C"
        if args:
            return [Frame("capture.noun", Tag.CAPTURE_CLAIM, i, i + n, args)]
    span = doc.place_covering(i - 2) if i - 1 >= lo and words[i - 1] == "'s" else None
    if span is not None and span.lo not in find.actors:
        return [Frame("capture.possessive", Tag.CAPTURE_CLAIM, i, i + n, [span])]
    return []


def _capture_verb(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int, lemma: str) -> list[Frame]:
    """A verb of taking: its object, a passive subject, a headline's place, a list after it."""
    words = doc.words
    if lemma == "occupy" and (_passive(words, i, lo) or not _occupying(doc, st, i, lo)):
        return []  # "in occupied Melitopol", "the city is occupied by ...": a standing state, not a taking
    if _passive(words, i, lo):
        args = find.subjects(i, lo) or find.objects(i + 1, hi, gap=3)
        return [Frame("capture.passive", Tag.CAPTURE_CLAIM, i, i + 1, args, agent=_by_agent(st, words, i, hi))
                ] if args else []
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
    if not args:  # "recaptured some 270 square miles and the key towns of X, Y and Z": the second object
        conj = next((k for k in range(start, min(hi, start + 10)) if words[k] == "and" or doc.covered[k] >= 0), None)
        if conj is not None and words[conj] == "and":
            args = find.objects(conj + 1, hi, gap=6)
    if not args or all(a.kind == "country" for a in args):  # "seized another village in eastern Ukraine, X": X
        args = _apposed_settlement(doc, find, start, hi) or args
    if not args and find.antecedent(start, hi):
        args = find.antecedent_before(i)
    if not args and _plural_settlements(words, start, hi):
        args = _list_after(doc, find, st, start)
    if args:
        return [Frame("capture.enter" if lemma == "enter" else "capture.verb", Tag.CAPTURE_CLAIM, i, i + 1, args)]
    if words[i].endswith(("ed", "en")) and i - 2 >= st.sent.lo and words[i - 1] == ",":
        span = doc.place_covering(i - 2)  # "the village of X, retaken by Ukrainian forces"
        if span is not None and span.lo not in find.actors:
            return [Frame("capture.passive", Tag.CAPTURE_CLAIM, i, i + 1, [span], agent=_by_agent(st, words, i, hi))]
    antecedent = _relative(doc, find, lo)
    if antecedent:  # "the village of X, which Moscow claimed capturing"
        return [Frame("capture.verb", Tag.CAPTURE_CLAIM, i, i + 1, antecedent)]
    if start < hi and words[start] in _NOTHING:  # "it did not capture anything", "Russia took nothing"
        return [Frame("capture.nothing", Tag.CAPTURE_CLAIM, i, start + 1, [],
                      notes=["negative"] if words[start] in ("nothing",) else [])]
    return []


def _apposed_settlement(doc: Doc, find: Finder, start: int, hi: int) -> list[PlaceSpan]:
    """The name in apposition to a settlement noun the verb takes ("seized another village in
    eastern Ukraine, Novopavlivka"; "took a key town, Pokrovsk")."""
    words = doc.words
    noun = next((k for k in range(start, min(hi, start + 5)) if lexicon().nouns["settlement"].at(words, k)), None)
    if noun is None:
        return []
    comma = next((k for k in range(noun + 1, min(hi, noun + 8)) if words[k] == "," or doc.covered[k] >= 0
                  and doc.places[doc.covered[k]].kind != "country"), None)
    if comma is None or words[comma] != "," or doc.place_at.get(comma + 1) is None:
        return []
    named = doc.place_at[comma + 1]
    return find.list_from(named, hi) if named.kind != "country" and named.lo not in find.actors else []


_FLAG_PREPS = frozenset({"over", "above", "in", "on", "at"})


def _flag(doc: Doc, st: Structure, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "raised the flag over X", "a Russian flag was raised over X"."""
    words = doc.words
    j = i + 1
    while j < hi and j - i < 5 and words[j] not in ("flag", "flags", "banner"):
        j += 1
    if j < hi and words[j] in ("flag", "flags", "banner"):
        if j + 1 < hi and words[j + 1] == "of" and doc.place_covering(j + 2) is not None:
            j = doc.place_covering(j + 2).hi - 1  # type: ignore[union-attr]  # "the flag of Ukraine"
        args = find.objects(j + 1, hi, preps=_FLAG_PREPS, gap=8, loose=True)
        if args:
            return [Frame("capture.flag", Tag.CAPTURE_CLAIM, i, j + 1, args)]
    flag = next((k for k in range(i - 1, max(lo, i - 5) - 1, -1) if words[k] in ("flag", "flags", "banner")), None)
    if flag is not None and (_passive(words, i, lo) or words[i] in ("flies", "flew", "flying", "fly", "waves")):
        # "a Russian flag was raised over X", "the Russian flag now flies over X": its side took X
        args = find.objects(i + 1, hi, preps=_FLAG_PREPS, gap=8, loose=True)
        if args:
            return [Frame("capture.flag", Tag.CAPTURE_CLAIM, i, i + 1, args, agent=_side_in(st, max(lo, flag - 3), flag))]
    return []


def _expel(doc: Doc, find: Finder, i: int, lo: int, hi: int) -> list[Frame]:
    """ "pushed Russian troops out of X": a liberation by the side that pushes."""
    words = doc.words
    j = i + 1
    while j < hi and j - i < 6 and not (words[j] == "out" or words[j] == "from"):
        j += 1
    if j < hi and words[j] in ("out", "from") and not _noun_use(words, i, lo) and words[j - 1] != "away":
        k = j + 2 if words[j] == "out" and j + 1 < hi and words[j + 1] == "of" else j  # (from "from": a source)
        if words[j] == "out" and k == j:  # "drove out Russian troops from X"
            k = next((m for m in range(j + 1, min(hi, j + 7)) if words[m] == "from"), j)
        args = find.objects(k, hi, preps=frozenset({"from"}), gap=5, source=True)
        if args:
            return [Frame("capture.expel", Tag.CAPTURE_CLAIM, i, i + 1, args)]
    return []


def _occupying(doc: Doc, st: Structure, i: int, lo: int) -> bool:
    """Whether "occupied" at ``i`` is a verb of taking: after an auxiliary, a force, a
    pronoun or a side ("Russian troops occupied the village", "they have occupied X")."""
    words = doc.words
    prev = words[i - 1] if i > lo else ""
    return (prev in ("has", "have", "had", "they", "and") or prev in lexicon().words["force"]
            or prev.endswith("ly") or any(s.hi == i for s in st.sides))


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


_CONTROLLERS = frozenset("now they we still already fully effectively reportedly largely".split())  # "(forces) now control X"
_NOTHING = frozenset("anything nothing".split())
