"""Stage 3: Resolutions + text -> Claims (tag, claimant, evidence sentence).

Requires the article and its resolutions; produces one :class:`~geo.model.Claim`
per (mention, tag, claimant), plus denials linked to the claims they answer.

The rules work sentence by sentence:

* a capture cue ("captured", "took control of", "liberated", "raised the flag",
  "under Russian control") tags the towns of its clause ``capture_claim``, or
  the town named just before when the clause says only "the city" or "the town";
* a denial cue ("denied", "untrue", "propaganda", "urban combat still ongoing")
  tags the towns of its clause ``denial``; a denial that names no town answers
  the capture claims just before it (all of them when it speaks of "claims");
  a claim it reports ("holding X despite Russian claims that the city had
  fallen", "rejected Moscow's claim that it seized X") is that side's
  ``capture_claim``;
* a strike cue (missile, drone, shelling, "struck") tags the towns, and regions
  without a town of their own in the sentence, ``strike``; places where drones
  were shot down are not struck;
* a fortified cue ("fortress city", "stronghold", "defensive line") tags the towns;
* a cue in a forecast, demand, plan, threat or condition ("would capture",
  "demand that Ukraine withdraw", "threatened further strikes"), or dated in an
  earlier year than the article, tags nothing;
* a place used as a speaker or actor ("Kyiv denied", "Moscow's forces") is only
  a ``mention``.

The claimant is the side that asserts (for claims and denials: the speaker, else
a passive cue's agent, "captured by Russian forces", else the side nearest the cue), that attacks (for strikes: the side before the
weapon or verb, else the side opposite the struck place's country), or that calls
a place fortified.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from . import lexicon as lx
from .model import Article, Claim, Mention, Place, Resolution, Tag
from .text import Sentence, sentences

__all__ = ["classify", "is_actor"]

_BOUNDARY = re.compile(r"[,;:()\"“”—–]|\s-\s|\b(?:that|but|though|although|while|whereas|however|"
                       r"after|before|when|which|who)\b|"
                       r"\bas\b(?=\s+(?:[\w'’-]+\s+){1,3}?(?:says|said|denies|denied|insists|insisted|reports|reported)\b)",
                       re.I)
_PLURAL_DENIAL = lx.scanner(r"\b(?:claims|assertions|reports|allegations|statements|these|those|them|both)\b", re.I)
_OVER = lx.scanner(r"\b(?:over|above)\s+(?:the\s+)?(?:occupied\s+|annexed\s+)?$", re.I)
_YEAR = lx.scanner(r"\b((?:19|20)\d\d)\b")
_OPPOSITE = {"UA": "RU", "RU": "UA"}


class _Found:
    """A resolved mention of a sentence, and whether it acts there (a speaker or actor).

    A plain slotted class rather than a frozen dataclass: one is made per mention and
    sentence, and a frozen dataclass costs several times as much to build."""

    __slots__ = ("res", "actor")

    def __init__(self, res: Resolution, actor: bool) -> None:
        self.res = res
        self.actor = actor

    @property
    def m(self) -> Mention:
        return self.res.mention

    @property
    def place(self) -> Place:
        assert self.res.place is not None
        return self.res.place

    @property
    def town(self) -> bool:
        """A settlement, or a settlement placed at its region for want of a better point."""
        return self.place.kind == "city" or (self.place.kind == "region" and bool(self.res.reason))

    @property
    def region(self) -> bool:
        return self.place.kind == "region" and not self.res.reason


def is_actor(text: str, mention: Mention, sentence_start: int = 0) -> bool:
    """Whether a place name acts as a speaker or actor ("Kyiv denied", "Moscow's forces"),
    or only datelines the story ("ISTANBUL (AA) -")."""
    after = text[mention.end:mention.end + 120]
    before = text[max(sentence_start, mention.start - 40):mention.start]
    line_start = text.rfind("\n", 0, mention.start) + 1
    dateline = not text[line_start:mention.start].strip() and bool(lx.DATELINE.match(after))
    if dateline or lx.ACTOR_BEFORE.search(before):
        return True
    m = lx.ACTOR_AFTER.match(after)
    if m is None or _PASSIVE.match(after):
        return False  # "Kharkiv was hit", "Odesa was attacked": the place suffered, it did not act
    # "The administration in Belgorod said": after a preposition the place only locates the speaker.
    return m.group().startswith(("'", "’", "-")) or not _PREP_BEFORE.search(before)


_PREP_BEFORE = lx.scanner(r"\b(?:in|at|of|near|from|outside|over|across|around)\s+(?:the\s+)?"
                          r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?,?\s+(?:and|or)\s+)?"  # "shelling of Nikopol and "
                          r"(?:(?:St|Ste|Saint|Mt|Mount|Fort|Ft)\.?\s+)?$", re.I)

_PASSIVE = re.compile(r"^\s+(?:was|were|is|are|has been|had been|have been)\s+(?:\w+ly\s+)?(?:hit|struck|attacked|"
                      r"shelled|bombed|targeted|pounded|fired on|fired upon)\b", re.I)

_ATTACH_SEGMENT = re.compile(
    r"^\s*(?:and\b|or\b|as well as\b|which\b|who\b|near\b|known\b|including\b|claim(?:s|ed)?\b|"
    r"sa(?:id|ys)\b|"
    r"in\s+(?:the\s+)?(?:[A-Z]|\w+\s+(?:region|oblast|district))|the\s+(?:city|town|village|settlement)s?\b|"
    r"[A-Z\d\"“‘'(]|$)")


def _attached(s: str, a: int, b: int) -> bool:
    """Whether the words between offsets a < b keep a place in its cue's clause.

    Lists ("X, Y and Z"), appositions ("the city of X, in Donetsk region") and
    relative clauses ("X, which Moscow claimed capturing") keep it; a new clause
    ("..., scoring a victory against Moscow") or sentence does not.
    """
    between = s[a:b]
    if re.search(r"[;:]|[.!?]\s", between):
        return False
    return all(_ATTACH_SEGMENT.match(seg) for seg in between.split(",")[1:])


def _cue_object(s: str, rel: int, cue: re.Match[str]) -> bool:
    """Whether the place at offset ``rel`` can be what a capture cue reports taken: in the
    cue's clause (:func:`_attached`), and, when named before the cue, not in a clause of
    its own ("Damascus would act after the government takes control of Aleppo")."""
    if rel < cue.start() and _SUBORDINATE.search(s, rel, cue.start()):
        return False
    if rel > cue.end() and _NOT_THE_TOWN.search(s, cue.end(), rel):
        return False  # "in control of the situation in Kharkiv", "took the road between X and Y"
    if cue.group().lower() == "fell" and not (rel < cue.start() and _FALLING_SUBJECT.search(s, 0, rel)):
        return False  # "Bakhmut fell": the town falls, not one named after the verb, nor "attacks on Kharkiv"
    return _attached(s, min(rel, cue.start()), max(rel, cue.end()))


# What a cue may take instead of the town named after it.
_NOT_THE_TOWN = re.compile(r"\b(?:situation|road|roads|highway|route|skies|airspace|border crossing|bridge|positions?|"
                           r"heights|hill|railway|supply lines?|between)\b", re.I)

# What may come before a town that is the subject of "fell": nothing, a clause break or
# conjunction, or "the city of" ("After Bakhmut fell", "Avdiivka fell in February").
_FALLING_SUBJECT = re.compile(r"(?:^|[,;:—–(\"“]|\b(?:after|before|when|since|until|once|as|and|but|that|of|because|"
                              r"while|where))\s*$", re.I)

def _denial_cues(s: str, low: str, year: int | None) -> list[re.Match[str]]:
    """The denial cues of sentence ``s`` (``low``: folded) in order, without "confirm or deny"
    and with the words that deny only when said of a claim ("the report was false")."""
    dens = [d for d in _cues(lx.DENIAL, s, low) if not _EITHER_WAY.search(s, max(0, d.start() - 5), d.start())]
    dens += [d for d in _cues(lx.DISMISSAL, s, low) if lx.LABELLED.search(s, max(0, d.start() - 60), d.start())]
    dens.sort(key=lambda d: d.start())
    return [d for d in dens if _valid(s, d, year, modal=False)]


# "could neither confirm nor deny", "confirm or deny": no denial.
_EITHER_WAY = re.compile(r"\b(?:or|nor)\s+$", re.I)

# Words that open a clause of its own between a place and a later cue ("which" and "that"
# do not: "Ostapivske, which Moscow claimed capturing").
_SUBORDINATE = re.compile(r"\b(?:after|before|when|while|whereas|although|though|but|because|since|until|would|"
                          r"will)\b", re.I)


def _clause_start(s: str, pos: int) -> int:
    start = 0
    for b in _BOUNDARY.finditer(s, 0, pos):
        start = b.end()
    return start


def _clause_end(s: str, pos: int) -> int:
    """Where the clause holding offset ``pos`` ends (see :func:`_clause_start`)."""
    b = _BOUNDARY.search(s, pos)
    return b.start() if b else len(s)


def _valid(s: str, cue: re.Match[str], year: int | None, *, modal: bool = True) -> bool:
    """Not a question, forecast, plan or demand, and not dated before the article's year."""
    if s.rstrip(" \"”’'").endswith("?"):
        return False
    cs = _clause_start(s, cue.start())
    window = s[max(cs, cue.start() - 60):cue.start()]
    if modal and lx.MODAL.search(window):
        return False
    if year:
        ctx = s[max(0, cue.start() - 80):cue.end() + 80]
        years = [int(y) for y in lx.HISTORY_WORDS.findall(ctx)] if "19" in ctx or "20" in ctx else []  # years 19xx, 20xx
        if years and all(y < year for y in years):
            return False  # background history: "captured it in 2022 before Ukraine retook it"
    return True


def _sides(s: str, low: str) -> list[tuple[int, int, str]]:
    """The actors of sentence ``s`` (``low``: :func:`~geo.lexicon.folded`) as (start, end, side)."""
    out = []
    for side, rx in lx.SIDES:
        for m in _cues(rx, s, low):
            end = m.end() + 2 if s[m.end():m.end() + 2] in ("'s", "’s") else m.end()  # keep the possessive
            out.append((m.start(), end, side))
    return sorted(set(out))


_INSTITUTION = re.compile(
    r"\s+(?:(?:top|chief|main|own)\s+)?(?:defen[cs]e|foreign|interior)?\s*(?:ministry|military|army|general staff|"
    r"president|spokes(?:man|woman|person)|forces|troops|command|commander|government|officials?|"
    r"envoy|leader|authorities|intelligence|governor|mayor|air force|navy)\b"
    r"|\s+(?:[\w-]+\s+){0,2}?(?:group of forces|grouping of forces|operational command|brigade|corps|battalion|"
    r"border guard service|security service|national guard)\b", re.I)


# What may follow a closing attribution's verb: its addressee or time, then the sentence's end.
_CLOSING = re.compile(r"(?:\s+(?:to\s+)?(?:the\s+)?[\w.'’-]+){0,4}\s*[.!?\"”’']*\s*$")


def _cues(rx: re.Pattern[str], s: str, low: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)``, skipping the scan when the folded sentence ``low`` rules out a match."""
    return rx.finditer(s) if lx.may_match(rx, low) else iter(())


def _speaker(s: str, sides: list[tuple[int, int, str]], pos: int, lo: int = 0, hi: int | None = None) -> str | None:
    """The side of the nearest speaker ("Russia said", "according to Kyiv") in s[lo:hi]."""
    hi = len(s) if hi is None else hi
    best: tuple[int, str] | None = None
    for a, b, side in sides:
        if not (lo <= a < hi):
            continue
        if s[b - 2:b] in ("'s", "’s") and not _INSTITUTION.match(s[b:hi]):
            continue  # "Moscow's reported gains" is not Moscow speaking; "Russia's defence ministry said" is
        speech = lx.SPEECH.match(s[b:hi])
        if re.search(r",\s*(?:a|an)\s+$", s[max(0, a - 6):a]) and not (
                speech and "," not in speech.group() and _CLOSING.match(s, b + speech.end(), hi)):
            # "DeepState, a Ukrainian monitoring group, said": the adjective describes the speaker;
            # but "..., a Ukrainian commander told the BBC." closes the sentence as its source.
            continue
        according = bool(re.search(r"according to\s+(?:the\s+|an?\s+)?$", s[max(0, a - 20):a], re.I))
        if speech and _ADJECTIVE_CLAIM.match(s[a:hi]):
            continue  # "the Russian claim to have seized X was false": a noun, not Russia speaking
        if speech or according:
            trailing = speech is not None and _CLOSING.match(s, b + speech.end(), hi) is not None
            if a > pos and not according and not trailing and not re.search(r"[\"”’]", s[pos:a]):
                continue  # a speaker after the cue speaks of something else, unless quoted or closing
            d = abs(a - pos) + (0 if a < pos else 30)
            if best is None or d < best[0]:
                best = (d, side)
    return best[1] if best else None


# Between a capture cue and a region that is its object: "control of the", "liberation of".
_REGION_OBJECT = re.compile(r"^\s*(?:(?:full|complete|total)\s+)?(?:control\s+(?:of|over)\s+)?(?:of\s+|over\s+)?"
                            r"(?:(?:about|around|nearly|almost|roughly|more than|over|some)\s+)?"
                            r"(?:\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+of\s+)?"
                            r"(?:the\s+)?(?:entire\s+|whole\s+|all\s+of\s+(?:the\s+)?)?$", re.I)

# Ground assaults beaten off are fighting, not strikes ("repelled 42 attacks near X").
_REPELLED = lx.scanner(r"\b(?:repel\w*|repuls\w*|fend(?:ed|ing)? off|fought off|beat(?:en|ing)? back|held off|"
                       r"stopped|thwarted)\s+(?:\d+\s+|dozens of\s+|several\s+|all\s+)?(?:\w+\s+){0,2}$", re.I)
# A place being moved on, not taken: "advancing towards X", "pushing on X".
_HEADING = lx.scanner(r"\b(?:advanc\w*|push\w*|mov\w*|head\w*|approach\w*|clos\w* in)\s+(?:towards?\s+|on\s+|"
                      r"in the direction of\s+)?(?:the\s+(?:city|town|village|outskirts)\s+of\s+)?$", re.I)

# Capture cues that report a taking (not a standing state such as "the occupied part of").
_TAKING = lx.scanner(r"control|captur|seiz|liberat|took|taken|retak|retook|fell|fall", re.I)

# A side's adjective right before a noun of speech ("the Russian claims", "Ukrainian reports").
_ADJECTIVE_CLAIM = re.compile(r"(?:pro-)?(?:russian|ukrainian)\s+(?:claims?|reports?|statements?|assertions?)\b",
                              re.I)


def _nearest_side(sides: list[tuple[int, int, str]], pos: int, lo: int = 0, hi: int = 10**9) -> str | None:
    best: tuple[int, str] | None = None
    for a, _b, side in sides:
        if lo <= a < hi:
            d = abs(a - pos) + (0 if a < pos else 100)
            if best is None or d < best[0]:
                best = (d, side)
    return best[1] if best else None


def _attacker(s: str, sides: list[tuple[int, int, str]], place: Place, rel: int) -> str | None:
    """Who struck the place at offset ``rel``: the side the sentence makes the attacker,
    else the side that does not hold the place."""
    for a, b, side in sides:
        if (side != "other" or lx.THIRD_PARTY.match(s, a, b)) and (
                lx.STRIKE_SUBJECT.match(s[b:b + 60]) or re.search(r"\bby\s+(?:the\s+)?$", s[max(0, a - 12):a], re.I)):
            return side
    held = _HELD_BY.search(s, max(0, rel - 40), rel)
    if held is not None:  # "Explosions rocked Russian-occupied Melitopol": Ukraine struck it
        return "RU" if (held.group(1) or "").lower() in ("ukrainian", "kyiv") else "UA"
    return {"UA": "RU", "RU": "UA"}.get(place.country or "")


# "Russian-occupied Melitopol", "occupied Donetsk", "Ukrainian-held Kherson": who holds the place.
_HELD_BY = re.compile(r"\b(russian|ukrainian|moscow|kyiv)?-?(?:occupied|held|controlled)\s+(?:the\s+)?"
                      r"(?:(?:city|town|village|port|region) of\s+)?$", re.I)

# A place naming an official's office: "the Belgorod governor", "Kharkiv Mayor Ihor Terekhov".
_OFFICIAL_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:regional|region['’]s|oblast|city|acting|military|state)\s+)*"
                             r"(?:governor|mayor|head|administration|council|officials?|authorities|police|"
                             r"prosecutors?|emergency services?)\b", re.I)


def _article_year(article: Article) -> int | None:
    if article.date and article.date[:4].isdigit():
        return int(article.date[:4])
    years = [int(y) for y in _YEAR.findall(article.text) if int(y) <= 2100]
    return max(years) if years else None


def classify(article: Article, resolutions: Sequence[Resolution]) -> list[Claim]:
    """Tag every resolved mention and attribute each event.

    Parameters
    ----------
    article : Article
        Source of the sentences.
    resolutions : sequence of Resolution
        From :func:`geo.resolve.resolve`; unresolved ones are skipped.

    Returns
    -------
    list of Claim
        Sorted by (mention start, tag, claimant); a place with no event in the
        article gets one ``mention`` claim per mention.

    Examples
    --------
    >>> [(c.place.name, c.tag.value, c.claimant) for c in classify(article, res)]  # doctest: +SKIP
    [('Pokrovsk', 'capture_claim', 'RU'), ('Pokrovsk', 'denial', 'UA')]
    """
    text = article.text
    year = _article_year(article)
    resolved = [r for r in resolutions if r.place is not None]
    starts = [r.mention.start for r in resolved]
    claims: list[Claim] = []
    history: list[tuple[int, Claim]] = []  # (sentence index, capture claim)
    last_strike = [-10]  # index of the latest sentence that reported a strike
    sents = sentences(text)
    sent_starts = [s.start for s in sents]
    actors: dict[tuple[int, int], bool] = {}

    def as_actor(k: int, sentence_start: int) -> bool:
        """:func:`is_actor` for ``resolved[k]``, asked once per sentence start."""
        got = actors.get((k, sentence_start))
        if got is None:
            got = actors[(k, sentence_start)] = is_actor(text, resolved[k].mention, sentence_start)
        return got

    for si, sent in enumerate(sents):
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        found = [_Found(resolved[k], as_actor(k, sent.start)) for k in range(lo, hi)]
        new = _sentence_claims(sent, found, year, history, si, last_strike)
        claims.extend(new)
        history.extend((si, c) for c in new if c.tag is Tag.CAPTURE_CLAIM)
    tagged = {(c.mention.start, c.place.name) for c in claims}
    for k, r in enumerate(resolved):
        if (r.mention.start, r.place.name) not in tagged:  # type: ignore[union-attr]
            a, b = _sentence_span(sents, sent_starts, r.mention.start)
            claims.append(Claim(r.mention, r.place, Tag.MENTION, None, text[a:b],  # type: ignore[arg-type]
                                as_actor=as_actor(k, a)))
    claims.sort(key=lambda c: (c.mention.start, c.tag.value, c.claimant or ""))
    return claims


def _sentence_span(sents: list[Sentence], starts: list[int], pos: int) -> tuple[int, int]:
    """The bounds of the sentence holding offset ``pos`` (``starts``: the sentences' starts)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sents[i].start <= pos < sents[i].end:
        return sents[i].start, sents[i].end
    return pos, pos


def _sentence_claims(sent: Sentence, found: list[_Found], year: int | None,
                     history: list[tuple[int, Claim]], si: int, last_strike: list[int]) -> list[Claim]:
    s = sent.text
    low = lx.folded(s)
    off = sent.start
    out: list[Claim] = []
    places = [f for f in found if not f.actor and f.place.kind != "country"]
    dens = _denial_cues(s, low, year)
    if not places:
        # Nothing to tag here, but a denial may answer earlier claims and a strike report
        # may be continued by the next sentence.
        if lx.may_match(lx.STRIKE, low) and lx.STRIKE.search(s):
            last_strike[0] = si
        if not dens:
            return out
    found_sides: list[list[tuple[int, int, str]]] = []

    def sides() -> list[tuple[int, int, str]]:
        """The sentence's actors (:func:`_sides`), found on first use: most sentences need none."""
        if not found_sides:
            found_sides.append(_sides(s, low))
        return found_sides[0]

    def add(f: _Found, tag: Tag, claimant: str | None, answers: tuple[int, int] | None = None) -> None:
        out.append(Claim(f.m, f.place, tag, claimant, s, answers=answers))

    caps = [c for c in _cues(lx.CAPTURE, s, low) if _valid(s, c, year)]
    if dens and all(lx.SOFT_DENIAL.match(d.group()) for d in dens):
        # "Fighting is still ongoing in X" denies only a claim made about X.
        claimed = {c.place.name for _, c in history}
        if not caps and not any(f.place.name in claimed for f in places) and not (
                history and history[-1][0] >= si - 3 and not places):
            dens = []
    # Split a sentence holding a claim and its denial ("X said it seized Y, though Kyiv denied ...").
    all_caps = caps
    den_from = len(s)
    if dens:
        d0 = dens[0]
        b = _clause_start(s, d0.start())
        if any(c.start() < b for c in caps):
            den_from = b
        else:
            den_from = 0
            caps = []
    reported = [c for c in all_caps if c.start() >= den_from]  # inside the denial's clause
    caps = [c for c in caps if c.start() < den_from]

    strike_cues = list(_cues(lx.STRIKE, s, low))
    mishaps = _mishaps(s, low, strike_cues) if strike_cues else []
    strikes = [st for st in strike_cues if _valid(s, st, year) and st not in mishaps
               and not (st.group().lower().startswith("attack") and _REPELLED.search(s[max(0, st.start() - 40):st.start()]))]
    if caps:
        cue = caps[0]
        towns = [f for f in places if f.town]
        # "a village near Bakhmut": Bakhmut only locates; a village placed at it is named itself
        # (a village the register or the text places at a stand-in point is named itself)
        locators = {id(f) for f in towns if f.place.precision == 2 and not f.res.reason}
        owner = _reported_claim(s, sides(), cue, 0)  # "Russia's claim that it had captured X was false"
        claimant = ((owner[0] if owner else None)
                    or _speaker(s, sides(), cue.start(), 0, den_from)
                    or _nearest_side(sides(), cue.start(), cue.start(), cue.end())  # "under Russian control"
                    or _agent(s, sides(), cue)  # "was captured by Russian forces"
                    or _nearest_side(sides(), cue.start(), 0, den_from)
                    or _carried(history, si))  # "The troops also took control of Y.": the same side
        for f in places:
            rel = f.m.start - off
            if _HEADING.search(s[max(0, rel - 50):rel]):
                continue  # "advancing towards X": not (yet) taken
            if (f.town and id(f) not in locators and rel < den_from and _closest(rel, caps, strikes) == "first"
                    and any(_cue_object(s, rel, c) for c in caps)):
                add(f, Tag.CAPTURE_CLAIM, claimant)
        if not out:  # "Fighting raged around X; Russia claimed the town was under its control"
            for f in _antecedents(s, off, caps, [f for f in places if f.town], den_from):
                add(f, Tag.CAPTURE_CLAIM, claimant)
        if not out:  # "full control of the Luhansk region": a region that is the cue's own object
            for f in places:
                rel = f.m.start - off
                if f.region and rel < den_from and any(
                        c.end() <= rel and _REGION_OBJECT.match(s[c.end():rel]) and _TAKING.search(c.group())
                        for c in caps):
                    add(f, Tag.CAPTURE_CLAIM, claimant)
    if dens:
        cue = dens[0]
        # "holding X despite Russian claims that the city had fallen": the claim denied, too
        said_claims = [(rc, said) for rc in reported
                       if (said := _reported_claim(s, sides(), rc, den_from) or _reported_actor(s, sides(), rc, den_from))]
        # The denier speaks or acts before the denial's cue, or the cue names it ("remains in
        # Ukrainian hands"); a side named after it belongs to the claim denied.
        claimant = (_speaker(s, sides(), cue.start(), den_from) or _first_side(sides(), den_from, cue.start())
                    or _holder(cue.group()))
        targets = [f for f in places if f.town and f.m.start - off >= den_from]
        same_sentence = [c for c in out if c.tag is Tag.CAPTURE_CLAIM]
        if not claimant:
            prior_sides = [c.claimant for c in same_sentence] or [said[0] for _, said in said_claims] or [
                c.claimant for _, c in history[-1:]]
            claimant = _OPPOSITE.get(prior_sides[0] or "", "UA") if prior_sides else "UA"
        for f in targets:
            add(f, Tag.DENIAL, claimant)
        for rc, (side, that) in said_claims:
            stop = _clause_end(s, rc.end())
            in_claim = [f for f in places if f.town and that <= f.m.start - off < stop]
            for f in in_claim or (targets if _ANAPHOR.search(s, that, rc.start()) else []):
                add(f, Tag.CAPTURE_CLAIM, side)
        answered: list[Claim] = list(same_sentence)
        if not same_sentence and (not targets or _PLURAL_DENIAL.search(s[cue.start():])):
            answered = _answered(history, si, plural=bool(_PLURAL_DENIAL.search(s)))
        named = {f.place.name for f in targets}
        for c in answered:
            if c.claimant == claimant or c.place.name in named:
                continue
            named.add(c.place.name)
            out.append(Claim(c.mention, c.place, Tag.DENIAL, claimant, s,
                             answers=(c.mention.start, c.mention.end)))

    aftermath = not strikes and not caps and not mishaps and si - last_strike[0] <= 2 \
        and lx.may_match(lx.AFTERMATH, low) and lx.AFTERMATH.search(s)
    if strikes or aftermath:
        last_strike[0] = si
        intercept = lx.may_match(lx.INTERCEPT, low) and bool(lx.INTERCEPT.search(s))
        towns = [f for f in places if f.town]
        # "The Belgorod governor said a drone hit a car near Shebekino": the governor's
        # region only says who speaks, unless the sentence names no other place.
        officials = {id(f) for f in places if _OFFICIAL_AFTER.match(s, f.m.end - off)}
        if len(officials) == len(places):
            officials = set()
        for f in places:
            rel = f.m.start - off
            if id(f) in officials:
                continue
            if caps and f.town and _closest(rel, caps, strikes) == "first":
                continue  # "had taken control of X ... and had struck Y": X was taken, not struck
            if intercept and _OVER.search(s[max(0, rel - 30):rel]) or (intercept and _over_list(s, rel)):
                continue  # drones downed over a place did not strike it
            if f.region and any(t.place.admin1 == f.place.name for t in towns):
                continue  # the region only locates a town that was hit
            if f.town or f.region:
                add(f, Tag.STRIKE, _attacker(s, sides(), f.place, rel))
    forts = [ft for ft in _cues(lx.FORTIFIED, s, low) if _valid(s, ft, year)]
    if forts:
        claimant = _speaker(s, sides(), forts[0].start())
        for f in places:
            if f.town:
                add(f, Tag.FORTIFIED, claimant)
    return out


# What hits or explodes without anyone attacking: "an earthquake struck", "hit by a car",
# "a gas explosion".
_NATURAL = re.compile(r"\b(?:earth)?quakes?\b|\b(?:tremors?|aftershocks?|storms?|hurricanes?|typhoons?|cyclones?|"
                      r"tornado(?:e)?s?|floods?|flooding|lightning|heatwaves?|wildfires?|landslides?|avalanches?)\b", re.I)
_BY_VEHICLE = re.compile(r"\s+by\s+(?:a|an|the|another)\s+(?:[\w-]+\s+){0,2}?(?:car|vehicle|truck|lorry|bus|train|tram|"
                         r"motorcycle|motorbike|van|taxi|tractor)s?\b", re.I)
_IMPACT = re.compile(r"\b(?:hit|hits|struck|damag\w*|destroy\w*|explo\w*|kill\w*|injur\w*|wound\w*|crashed into|"
                     r"fell on|landed on)\b", re.I)
_GAS_BEFORE = re.compile(r"\b(?:gas|gas cylinder|boiler|methane)\s+$", re.I)


def _mishaps(s: str, low: str, cues: list[re.Match[str]]) -> list[re.Match[str]]:
    """The strike cues of sentence ``s`` (``low``: folded) that report an accident or a
    natural event, not an attack; each kind is looked for only when its words occur."""
    if "airspace" in low and not _IMPACT.search(s):
        return cues  # "Russian drones entered Polish airspace near Rzeszow": an incursion, nothing hit
    natural = _NATURAL.search(s) is not None
    vehicle = " by " in low
    gas = "gas" in low or "boiler" in low or "methane" in low
    if not (natural or vehicle or gas):
        return []
    return [cue for cue in cues if (vehicle and _BY_VEHICLE.match(s, cue.end()))
            or (gas and _GAS_BEFORE.search(s, max(0, cue.start() - 20), cue.start()))
            or (natural and _NATURAL.search(s, _clause_start(s, cue.start()), cue.start()))]


def _closest(pos: int, first: list[re.Match[str]], second: list[re.Match[str]]) -> str:
    """Which cue list has the match nearest ``pos`` (a cue before the place counts double-near)."""
    def dist(ms: list[re.Match[str]]) -> float:
        return min((pos - m.end()) * 0.5 if m.end() <= pos else (m.start() - pos) for m in ms) if ms else 1e9
    return "first" if dist(first) <= dist(second) else "second"


def _over_list(s: str, rel: int) -> bool:
    """Whether position ``rel`` sits in a list introduced by "over" ("over the Kyiv, Chernihiv and Sumy regions")."""
    m = None
    for m in re.finditer(r"\bover\b", s[:rel], re.I):
        pass
    return m is not None and not re.search(r"[;.]|\b(?:and|but|while)\s+(?!\w+\s+regions?\b)(?:[a-z]+\s+){1,3}?"
                                           r"(?:hit|struck)",
                                           s[m.end():rel])


# "Russian claims that", "Moscow's assertion that": a claim reported, not made, by the sentence.
_CLAIM_WORDS = r"(?:claims?|claiming|assertions?|reports?|statements?|allegations?)"
_CLAIM_THAT = re.compile(r"\s*" + _CLAIM_WORDS + r"\s+(?:that|about|of|to)\s+", re.I)
# "reports that Russian troops had captured X": a report whose own actor follows.
_REPORT_THAT = re.compile(r"\b" + _CLAIM_WORDS + r"\s+that\s+", re.I)
# A town referred back to: "the city had fallen".
_ANAPHOR = re.compile(r"\bthe (?:city|town|village|settlement)\b", re.I)


_BY = re.compile(r"\s+by\s+(?:the\s+)?$")


def _agent(s: str, sides: list[tuple[int, int, str]], cue: re.Match[str]) -> str | None:
    """The side named as a passive cue's agent ("captured by Russian forces")."""
    for a, _b, side in sides:
        if cue.end() <= a <= cue.end() + 12 and _BY.match(s, cue.end(), a):
            return side
    return None


def _antecedents(s: str, off: int, caps: list[re.Match[str]], towns: list[_Found], end: int) -> list[_Found]:
    """The town that "the city" / "the town" in a capture cue's own clause refers back to:
    the last town named before that clause, when the clause names none itself."""
    for c in caps:
        start = _clause_start(s, c.start())
        stop_at = min(_clause_end(s, c.end()), end)
        if not _ANAPHOR.search(s, start, stop_at) or any(start <= f.m.start - off < stop_at for f in towns):
            continue
        before = [f for f in towns if f.m.start - off < start]
        if before:
            return before[-1:]
    return []


def _reported_claim(s: str, sides: list[tuple[int, int, str]], cue: re.Match[str],
                    lo: int) -> tuple[str, int] | None:
    """For a capture cue inside a denial's clause, the side whose claim the sentence reports
    ("despite Russian claims that the city had fallen") and where the claim's own clause
    starts; ``None`` when the cue is not inside such a reported claim."""
    best = None
    for a, b, side in sides:
        if lo <= a and b < cue.start() and side != "other":
            m = _CLAIM_THAT.match(s, b)
            if m is not None and m.end() <= cue.start() and not _BOUNDARY.search(s, m.end(), cue.start()):
                best = (side, m.end())
    return best


def _reported_actor(s: str, sides: list[tuple[int, int, str]], cue: re.Match[str],
                    lo: int) -> tuple[str, int] | None:
    """For a capture cue inside a denial's clause, the side that acts in the report denied
    ("refuted reports that Russian troops had captured X") and where that report starts."""
    m = None
    for m in _REPORT_THAT.finditer(s, lo, cue.start()):
        pass
    if m is None or _BOUNDARY.search(s, m.end(), cue.start()):
        return None
    for a, _b, side in sides:
        if m.end() <= a < cue.start() and side != "other":
            return side, m.end()
    return None



def _holder(cue: str) -> str | None:
    """The side a denial's cue says holds the place ("remains in Ukrainian hands")."""
    low = cue.lower()
    if "not " in low:
        return None  # "not under Russian control": the side named is the one denied
    return "UA" if "ukrainian" in low else "RU" if "russian" in low else None


def _first_side(sides: list[tuple[int, int, str]], lo: int, hi: int = 10**9) -> str | None:
    for a, _b, side in sides:
        if lo <= a < hi and side != "other":
            return side
    return None


def _carried(history: list[tuple[int, Claim]], si: int) -> str | None:
    """The claimant of the capture claims just before sentence ``si`` (within two
    sentences), for a claim that names no side of its own."""
    for i, c in reversed(history):
        if si - i > 2:
            break
        if c.claimant is not None:
            return c.claimant
    return None


def _answered(history: list[tuple[int, Claim]], si: int, *, plural: bool) -> list[Claim]:
    """The capture claims a place-less denial answers: the latest one(s), or all recent ones."""
    recent = [(i, c) for i, c in history if si - i <= 3]
    if not recent:
        return []
    last = recent[-1][0]
    return [c for i, c in recent if i == last]
