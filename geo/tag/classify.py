"""Resolutions + article -> Claims: frames, modifiers, attribution and discourse composed.

Requires the article and its resolutions; produces one :class:`~geo.model.Claim` per
(mention, tag, claimant), each with the rule and cue that made it, plus a ``mention`` for
every place that is no event's argument.
"""

from __future__ import annotations

import bisect

import dataclasses

from collections.abc import Sequence

from ..model import Article, Claim, Mention, Resolution, Tag
from . import attribution as attr
from .args import Finder
from .clauses import Structure, structure
from .discourse import Discourse
from .doc import Doc, PlaceSpan, make_doc
from .engine import frames
from .frame import Frame
from .lexicon import lexicon
from .modifiers import mood
from .strike import _CONSEQUENCE, _mishap

__all__ = ["classify", "is_actor"]

_OPPOSITE = {"RU": "UA", "UA": "RU"}
_PLURAL = frozenset("claims reports allegations statements assertions these those them both all".split())
# Words of a state that lasts ("X remains under Ukrainian control"); the other languages'
# are the lexicon's ``lasting_foreign``.
_REMAIN = frozenset("remain remains remained still continue continues holding hold holds".split())


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
        Sorted by (mention start, tag, claimant); a place that is no event's argument
        gets one ``mention`` claim per mention.

    Examples
    --------
    >>> [(c.place.name, c.tag.value, c.claimant, c.rule) for c in classify(article, res)]  # doctest: +SKIP
    [('Pokrovsk', 'capture_claim', 'RU', 'capture.verb')]
    """
    doc = make_doc(article, resolutions)
    talk = Discourse()
    claims: list[Claim] = []
    actors_all: set[int] = set()
    unsourced: list[tuple[int, int]] = []  # (sentence, index in ``claims``) of assertions nobody is said to make
    lex = lexicon()
    salient = lex.salient
    for si, sent in enumerate(doc.sents):
        if not any(w in salient or lex.compound_strike(w) for w in doc.words[sent.lo:sent.hi]):
            if doc.place_at and any(doc.covered[k] >= 0 for k in range(sent.lo, sent.hi)):
                actors_all |= attr.acting_places(doc, structure(doc, sent))  # no event here, but who speaks
            continue  # nothing to read here: no cue, no speech, no harm
        st = structure(doc, sent)
        actors = attr.acting_places(doc, st)
        actors_all |= actors
        found = _sentence(doc, st, si, actors, talk)
        _source_after(doc, st, si, found, claims, unsourced, talk)
        claims.extend(found)
    tagged = {c.mention.start for c in claims if c.tag is not Tag.MENTION}
    for span in doc.places:
        m = span.res.mention
        if m.start not in tagged:
            claims.append(Claim(m, span.res.place, Tag.MENTION, None,  # type: ignore[arg-type]
                                _sentence_text(doc, span), as_actor=span.lo in actors_all))
    sent_starts = [s.start for s in doc.sents]
    for r in doc.inner:
        claims.append(Claim(r.mention, r.place, Tag.MENTION, None,  # type: ignore[arg-type]
                            _sentence_at(doc, sent_starts, r.mention.start)))
    claims = _unique(claims)
    claims.sort(key=lambda c: (c.mention.start, c.tag.value, c.claimant or ""))
    return claims


_ASSERTED = (Tag.CAPTURE_CLAIM, Tag.DENIAL, Tag.FORTIFIED)
_SOURCE_AFTER = 5  # sentences back a report's source named after it ("This was reported by ...") reaches


def _source_after(doc: Doc, st: Structure, si: int, found: list[Claim], claims: list[Claim],
                  unsourced: list[tuple[int, int]], talk: Discourse) -> None:
    """A sentence that names the source of the report before it ("This was reported by the
    head of the regional administration") gives that source to the claims, denials and
    fortifications of the sentences before it that named none; a sentence with a source of
    its own closes what such a sentence can reach."""
    side = attr.back_reference(doc, st) if not any(c.tag is not Tag.MENTION for c in found) else None
    if side is not None:
        for sj, k in unsourced:
            if si - sj <= _SOURCE_AFTER:
                claims[k] = dataclasses.replace(claims[k], claimant=side)
        unsourced.clear()
        talk.heard(si, side)  # and goes on as the source of what follows
    elif any(c.claimant is not None for c in found if c.tag in _ASSERTED):
        unsourced.clear()
    start = len(claims)
    unsourced.extend((si, start + i) for i, c in enumerate(found) if c.tag in _ASSERTED and c.claimant is None)


def _unique(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[int, str, str | None, str]] = set()
    out = []
    for c in claims:
        key = (c.mention.start, c.tag.value, c.claimant, c.place.name)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _sentence_at(doc: Doc, starts: list[int], offset: int) -> str:
    """The sentence holding character ``offset`` (``starts``: each sentence's first character)."""
    k = bisect.bisect_right(starts, offset) - 1
    return doc.sents[k].text if k >= 0 and offset < doc.sents[k].end else ""


def _sentence_text(doc: Doc, span: PlaceSpan) -> str:
    s = doc.sentence_of(span.lo)
    return s.text if s is not None else span.res.mention.text


def _sentence(doc: Doc, st: Structure, si: int, actors: set[int], talk: Discourse) -> list[Claim]:
    spk = attr.speakers(doc, st)
    explicit = [s for s in spk if s.side is not None]
    role = any(s.role for s in spk)
    carried = talk.carried(si, role=role)
    out: list[Claim] = []
    found = frames(doc, st, actors)
    cue_at: dict[int, int] = {}  # id(claim) -> its frame's cue, to tell claims reported inside a denial
    unowned: list[PlaceSpan] = []  # places of takings reported with no owner ("denied that X fell")
    denials: list[tuple[Frame, str | None]] = []
    for frame in found:
        m = mood(doc, st, frame)
        if m.drop:
            continue
        tag = frame.tag
        if m.negated or "negative" in frame.notes:
            if tag is not Tag.CAPTURE_CLAIM:
                continue
            tag = Tag.DENIAL
        speaker = attr.sentence_speaker(doc, st, spk, frame.cue)
        said = attr.speaker_side(speaker, carried)
        if tag is Tag.STRIKE:
            for place in frame.args:
                if _intercepted(doc, st, frame, place) or _repelled(doc, st, frame):
                    continue
                side = attr.attacker(doc, st, frame, place, speaker, carried, spk)
                out.append(_claim(doc, st, place, tag, side, frame))
            continue
        if frame.holder == "self":
            frame.holder = said
        if frame.tag is Tag.CAPTURE_CLAIM and frame.state and frame.holder is not None:
            defended = [a for a in frame.args if _side_of_country(a) == frame.holder]
            if defended and (_remains(doc, st, frame) or _claimed_by_other(talk, defended, frame.holder)):
                tag = Tag.DENIAL  # "X remains under Ukrainian control"; "X is under Ukraine's control" after
                # the other side claimed it
        agent = attr.agent(doc, st, frame, spk)
        if agent == "enemy":
            agent = _OPPOSITE.get(said or "", None)
        claimant = _claimant(frame, tag, m.negated, said, agent, carried)
        if frame.rule == "denial.ongoing" or "answers" in frame.notes:  # a denial only of a claim made before
            claimed = {c.place.name for _, c in talk.claims} | {c.place.name for c in out if c.tag is Tag.CAPTURE_CLAIM}
            frame.args = [a for a in frame.args if a.res.place.name in claimed]  # type: ignore[union-attr]
        if frame.rule == "denial.hold":  # holding a place denies its fall only when its own side holds it
            frame.args = [a for a in frame.args if _side_of_country(a) in (frame.agent or claimant, None)
                          and (frame.agent or claimant) is not None]
        if tag is Tag.DENIAL:
            denials.append((frame, claimant))
            for place in frame.args:
                out.append(_claim(doc, st, place, tag, claimant, frame))
            continue
        if tag is Tag.CAPTURE_CLAIM:
            report = _report(doc, st, frame, {x.verb for x in spk})
            if report is not None:  # "Russian claims that X had fallen": the owner of the claim asserts it
                owner, named = report
                if not named:  # "denied that X had fallen": nobody is said to claim it, but it is denied
                    unowned.extend(frame.args)
                    continue
                claimant = owner or agent  # "reports that Russian troops had captured X"
        for place in frame.args:
            if tag is Tag.CAPTURE_CLAIM and place.kind == "country":
                continue  # "capturing the entirety of Ukraine": a war aim, not a place taken
            out.append(_claim(doc, st, place, tag, claimant, frame))
            cue_at[id(out[-1])] = frame.cue
    _answer(doc, st, si, denials, out, talk, cue_at, unowned)
    _against_owner(out, talk)
    strikes = [c for c in out if c.tag is Tag.STRIKE]
    if not found and talk.continues_strike(si):
        strikes = out = _aftermath(doc, st, actors, talk)
    if strikes or any(f.tag is Tag.STRIKE for f in found):
        talk.strike_at = si
        talk.strike_side = strikes[-1].claimant if strikes else talk.strike_side
    talk.heard(si, explicit[-1].side if explicit else None)
    talk.went_on(si, [c.claimant for c in out if c.tag in _ASSERTED])
    talk.claims.extend((si, c) for c in out if c.tag is Tag.CAPTURE_CLAIM)
    return out


def _against_owner(out: list[Claim], talk: Discourse) -> None:
    """Fighting said to go on in a place claimed taken is denied by the other side than the
    claim's ("Ukraine denies Russia took X, says fighting continues")."""
    for k, c in enumerate(out):
        if c.rule != "denial.ongoing":
            continue
        owners = [x.claimant for x in out if x.tag is Tag.CAPTURE_CLAIM and x.place.name == c.place.name]
        owners += [x.claimant for _, x in talk.claims if x.place.name == c.place.name]
        other = next((_OPPOSITE[o] for o in reversed(owners) if o in _OPPOSITE), None)
        if other is not None and (c.claimant is None or c.claimant in owners):
            out[k] = dataclasses.replace(c, claimant=other)


def _claimant(frame: Frame, tag: Tag, negated: bool, said: str | None, agent: str | None,
              carried: str | None) -> str | None:
    """Who asserts a frame's claim, by the precedence its kind calls for: the speaker, the
    side acting in it, the side it names as holder, the source carried from before."""
    if tag is Tag.DENIAL and frame.tag is Tag.CAPTURE_CLAIM and not negated:
        return said or frame.holder or agent or carried
    if frame.rule == "denial.verb":
        return agent or said or carried  # "..., which Ukraine disputes": the verb's subject denies
    if frame.rule == "denial.falsehood" and frame.holder is not None:
        return said or _OPPOSITE.get(frame.holder) or carried  # "were Russian propaganda": the other side denies
    if tag is Tag.DENIAL and negated:
        return said or (_OPPOSITE.get(agent or "") if agent else None) or carried
    if tag is Tag.FORTIFIED:
        return said or carried  # who calls it fortified, not who built the defences
    return said or agent or frame.holder or carried


def _answer(doc: Doc, st: Structure, si: int, denials: list[tuple[Frame, str | None]],
            out: list[Claim], talk: Discourse, cue_at: dict[int, int], unowned: list[PlaceSpan]) -> None:
    """Link each denial to the claims it answers: those reported after its cue in the same
    sentence ("denied claims that Russia had captured X"), else the ones just before."""
    words = doc.words
    for frame, denier in denials:
        if frame.rule.startswith("capture.") and frame.rule != "capture.nothing":
            continue  # a negated taking names its place itself; "did not capture anything" answers a claim
        later = [c for c in out if c.tag is Tag.CAPTURE_CLAIM and (
            cue_at.get(id(c), -1) > frame.cue or frame.rule.endswith(".foreign") and c.rule.endswith(".foreign"))]
        if denier is None and later and later[0].claimant in _OPPOSITE:
            denier = _OPPOSITE[later[0].claimant]  # "refuted reports that Russian troops had captured X"
        for c in later:  # a claim reported inside the denial belongs to the other side
            if c.claimant == denier or c.claimant is None:
                owner = _OPPOSITE.get(denier or "", None)
                out[out.index(c)] = Claim(c.mention, c.place, c.tag, owner, c.evidence, rule=c.rule, cue=c.cue)
            out.append(Claim(c.mention, c.place, Tag.DENIAL, denier, st.sent.text,
                             answers=(c.mention.start, c.mention.end), rule=frame.rule, cue=_cue_text(doc, frame)))
        for place in unowned:
            out.append(_claim(doc, st, place, Tag.DENIAL, denier, frame))
        if later or frame.args or unowned or "about other" in frame.notes:
            continue
        same = [c for c in out if c.tag is Tag.CAPTURE_CLAIM and c.claimant != denier]
        plural = any(words[k] in _PLURAL for k in range(frame.cue, st.sent.hi))
        answered = same or talk.answered(si, denier, plural=plural)
        names: set[str] = set()
        for c in answered:
            if c.place.name in names:
                continue
            names.add(c.place.name)
            out.append(Claim(c.mention, c.place, Tag.DENIAL, denier, st.sent.text,
                             answers=(c.mention.start, c.mention.end), rule=frame.rule, cue=_cue_text(doc, frame)))


def _report(doc: Doc, st: Structure, frame: Frame, verbs: set[int]) -> tuple[str | None, bool] | None:
    """For a taking reported inside a noun of claim ("Russia's claim that it captured X",
    "reports that X had fallen", "claims about the capture of X", "denied that X fell"): the
    side that owns the claim and whether one is named; None when the taking is not reported.
    A word of claim that is a speaker's verb ("Moscow claims to have captured X") is no noun."""
    lex = lexicon()
    words = doc.words
    lo = st.sent.lo
    for k in range(frame.cue - 1, max(lo, frame.cue - 14) - 1, -1):
        n = lex.nouns["claim"].at(words, k)
        pronoun = words[k] in ("it", "this", "that", "these", "those", "them")
        if n and k + n + 1 < len(words) and words[k + n].endswith("ing") and words[k + n + 1] == "that":
            n += 1  # "statements suggesting that X fell", "reports claiming that ..."
        source = [s for s in st.sides if k + n < s.lo <= k + n + 3] if n and k + n < len(words) and words[k + n] in (
            "from", "by") else []
        if source and any(words[m] == "that" for m in range(source[0].hi, min(len(words), source[0].hi + 8))):
            # "Claims from Russian military commanders that X fell": theirs
            if not pronoun and k not in verbs:
                return (source[0].side, True)
        if n and k not in verbs and not pronoun and k + n < len(words) and words[k + n] in (
                "that", "to", "about", "of", "on", "regarding") and (frame.cue - k <= 9 or words[k + n] == "that"):
            # (far from the taking, only a claim whose content follows: "statements that ...")
            sides = [s for s in st.sides if s.hi <= k and k - s.hi <= 2 and not any(s.hi <= v < k for v in verbs)
                     or k + n < s.lo <= k + n + 2 and words[k + n] == "by"]  # not the speaker ("X said reports")
            if not sides and any(lex.nouns["falsehood"].at(words, m) for m in range(lo, k)):
                return (None, False)  # "untrue are statements that X fell": a claim nobody is said to make, denied
            return (sides[-1].side if sides else None, True)
        if lex.verb("deny", words[k]) and words[k + 1] == "that":
            return (None, False)  # "denied that Russian forces had captured X": nobody named claims it
    return None


def _aftermath(doc: Doc, st: Structure, actors: set[int], talk: Discourse) -> list[Claim]:
    """A sentence that only reports harm right after a strike report ("In Pavlohrad an
    enterprise was damaged.") continues it: its place was struck by the same attacker."""
    words = doc.words
    s = st.sent
    if not any(words[k] in _CONSEQUENCE or words[k] in ("dead", "hit") for k in range(s.lo, s.hi)):
        return []
    if _mishap(doc, s.lo, s.hi):
        return []  # "In Lviv, a gas explosion at a cafe left two dead": no strike goes on
    bridge = lexicon().words["bridge"]
    result = s.hi - s.lo > 3 and words[s.lo:s.lo + 3] == ["as", "a", "result"]  # "As a result, ... in X and Y"
    out: list[Claim] = []
    for lo, hi in _harm_parts(words, s.lo, s.hi):
        # each part of a tally ("in the village of X, two were injured; in the city of Y, ...")
        start = lo
        if words[lo:lo + 2] == ["according", "to"]:  # "According to him, in X ..."
            start = next((k + 1 for k in range(lo, min(hi, lo + 8)) if words[k] == ","), lo)
        for k in range(start, hi if result else min(hi, start + 4)):
            if words[k] in ("in", "at"):
                m = k + 1
                while m < hi and m not in doc.place_at and words[m] in bridge:
                    m += 1
                span = doc.place_at.get(m)
                if span is not None and span.lo not in actors and span.kind != "country":
                    places = Finder(doc, lo, hi, actors).list_from(span, hi)
                    frame = Frame("strike.aftermath", Tag.STRIKE, k, k + 1, places)
                    side = talk.strike_side or attr._not_holder(doc, span)
                    out.extend(_claim(doc, st, p, Tag.STRIKE, side, frame) for p in places)
                    break
    return out


def _harm_parts(words: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """A sentence's parts between semicolons that report harm (each names its own place)."""
    cuts = [lo] + [k + 1 for k in range(lo, hi) if words[k] == ";"] + [hi + 1]
    parts = [(a, b - 1) for a, b in zip(cuts, cuts[1:])]
    return [(a, b) for a, b in parts if any(words[k] in _CONSEQUENCE or words[k] in ("dead", "hit") for k in range(a, b))]


def _claim(doc: Doc, st: Structure, place: PlaceSpan, tag: Tag, claimant: str | None, frame: Frame) -> Claim:
    if claimant not in ("RU", "UA", "other"):
        claimant = None
    evidence = st.sent.text
    if not st.sent.lo <= place.lo < st.sent.hi:  # "the city" standing for a town named before: both sentences
        first = doc.sentence_of(place.lo)
        evidence = doc.article.text[first.start if first else st.sent.start:st.sent.end]
    return Claim(place.res.mention, place.res.place, tag, claimant, evidence,  # type: ignore[arg-type]
                 rule=frame.rule, cue=_cue_text(doc, frame))


def _cue_text(doc: Doc, frame: Frame) -> str:
    a, b = doc.toks[frame.cue].start, doc.toks[frame.cue_end - 1].end
    return doc.article.text[a:b]


def _side_of_country(place: PlaceSpan) -> str | None:
    p = place.res.place
    assert p is not None
    return p.country if p.country in ("RU", "UA") else None


def _claimed_by_other(talk: Discourse, places: list[PlaceSpan], holder: str) -> bool:
    """Whether the article has already reported the other side's claim to have taken one of
    ``places``: its own side saying it controls the place answers that claim."""
    names = {p.res.place.name for p in places if p.res.place is not None}
    return any(c.tag is Tag.CAPTURE_CLAIM and c.claimant not in (holder, None) and c.place.name in names
               for _, c in talk.claims)


def _remains(doc: Doc, st: Structure, frame: Frame) -> bool:
    lo, hi = st.clause_of(frame.cue)
    lasting = lexicon().words["lasting_foreign"]
    return any(doc.words[k] in _REMAIN or doc.words[k] in lasting for k in range(lo, frame.cue))


def _intercepted(doc: Doc, st: Structure, frame: Frame, place: PlaceSpan) -> bool:
    """Drones downed over a place did not strike it."""
    lex = lexicon()
    words = doc.words
    k = place.lo - 1
    while k >= st.sent.lo and words[k] in ("the", "occupied", "annexed", "and", ","):
        k -= 1
    if k >= st.sent.lo and words[k] in ("over", "above"):
        return True
    lo, hi = st.clause_of(frame.cue)
    if lo > st.sent.lo and words[lo] in ("that", "which"):  # "shot down two drones that had targeted X"
        lo = max(st.sent.lo, lo - 10)
    return bool(doc.once("intercepted", lo, hi, lambda: any(
        lex.verb("intercept", words[j]) in ("intercept", "down", "neutralise", "neutralize")
        or words[j] == "shot" and j + 1 < hi and words[j + 1] == "down" for j in range(lo, hi)) and not any(
        words[j] in ("hit", "struck", "damaged", "killed", "injured", "wounded") for j in range(lo, hi))))


def _repelled(doc: Doc, st: Structure, frame: Frame) -> bool:
    """ "Repelled 42 attacks near X": ground assaults beaten off, not strikes."""
    lex = lexicon()
    words = doc.words
    lo, _ = st.clause_of(frame.cue)
    return any(lex.verb("repel", words[k]) is not None for k in range(max(lo, frame.cue - 5), frame.cue))


def is_actor(text: str, mention: Mention, sentence_start: int = 0) -> bool:
    """Whether a place name acts as a speaker or actor ("Kyiv denied", "Moscow's forces")
    or datelines the story, in ``text``."""
    from ..model import Place
    place = Place(mention.text, 0.0, 0.0, "city")
    doc = make_doc(Article("text", text), [Resolution(mention, place)])
    sent = doc.sentence_of(doc.places[0].lo) if doc.places else None
    return sent is not None and bool(attr.acting_places(doc, structure(doc, sent)))
