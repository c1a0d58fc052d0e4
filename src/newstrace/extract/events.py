"""Events: who did what to whom, where and when, PLOVER-coded, one per action reported.

`extract_events(doc, quotes=..., places=..., dates=..., casualties=...)` turns each
trigger of each sentence (`triggers.py`) into an `Event`:

* category, CAMEO code and mode from the trigger's code; for ASSAULT a mode the code
  leaves open comes from cue words around the trigger (`event_modes`: "air strikes",
  "warplanes", "shelling"), and refines a root code ("attack" by warplanes is 195);
* source and target from the parse (`event_args.py`); one event where the text reports
  one action twice ("were killed in air attacks" is the air attack, its target the
  killed; "provided humanitarian aid" is one AID);
* `claimed_by`, `negated`, `hypothetical` (`event_modality.py`): "Russia blames US for
  bombings" makes the bombing Russia's claim while the blaming is narrated;
* place, date and fatalities from the same sentence (`event_setting.py`);
* "X said Y must Z" adds X's REQUEST of Y (its trigger the modal).

Offsets index the article text: every span's text is `text[start:end]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..nlp.docindex import index as doc_index
from ..records import Actor, DateRef, Event, Fatalities, Place, Quote, Span
from .event_args import (
    ArgContext,
    Arguments,
    first_actor,
    located,
    noun_arguments,
    report_verbs,
    subject_of,
    verb_arguments,
)
from .event_modality import claimant, is_hypothetical, is_negated
from .event_setting import (
    ByPosition,
    Sentence,
    assign_fatalities,
    date_of,
    place_of,
    taken_places,
)
from .triggers import Code, EventLexicon, Trigger, event_lexicon, find_triggers

# A mode found by cue words refines a root code to the CAMEO code of that weapon.
MODE_CAMEO = {
    "aerial": "195",
    "heavy-weapons": "194",
    "firearms": "193",
    "explosives": "183",
    "suicide-attack": "1831",
}
ROOT_CODES = frozenset({"18", "19", "180", "190"})
# Weapons that only an armed force wields: "Russian air strikes" are RUS MIL.
MILITARY_MODES = frozenset({"aerial", "heavy-weapons"})
VISITS = frozenset({"042", "043"})


@dataclass
class _Draft:
    """An event under construction (records are frozen; fatalities come last)."""

    trigger: Trigger
    code: Code
    args: Arguments
    where: Sentence  # the sentence, within its paragraph (a headline has no full stop)
    fields: dict = field(default_factory=dict)
    demand: bool = False  # "X said Y must Z": X's demand, narrated


def extract_events(
    doc: Doc,
    *,
    quotes: Sequence[Quote] = (),
    places: Sequence[Place] = (),
    dates: Sequence[DateRef] = (),
    casualties: Sequence[Fatalities] = (),
    lang: str = "en",
) -> list[Event]:
    """Every event the article reports, in text order.

    Args:
        doc: a Doc from the newstrace pipeline (mentions set).
        quotes: the article's quotes (`doc._.quotes`), for `claimed_by`.
        places: the article's places (`extract_places(doc)`).
        dates: the article's dates (`resolve_dates(...)`).
        casualties: the article's casualty statements (`find_casualties(doc)`).
        lang: the language of the event tables.

    Returns:
        One `Event` per trigger, support verbs folded into their noun and double reports
        of one action merged.
    """
    lex = event_lexicon(lang)
    ctx = ArgContext.of(doc, lex, tuple(quotes))
    found = doc_index(doc)
    drafts: list[_Draft] = []
    for sent in found.sents:
        triggers = find_triggers(sent, lex)
        if triggers:
            drafts += _sentence_drafts(triggers, sent, lex, found.text)
    if not drafts:
        return []
    text = found.text
    taken = taken_places((d.trigger for d in drafts), places, doc)
    places_at, dates_at = ByPosition(places), ByPosition(dates)  # looked up per event
    for draft in drafts:
        _fill(draft, ctx, places_at, dates_at, taken)
    counts = assign_fatalities([(d.where, d.fields["plover"]) for d in drafts], casualties)
    return [_event(d, text, counts.get(i)) for i, d in enumerate(drafts)]


def _bounds(sent: SpacySpan, char: int, text: str) -> tuple[int, int]:
    """The sentence holding `char`, cut at paragraph breaks and trimmed of whitespace."""
    start, end = sent.start_char, sent.end_char
    before = text.rfind("\n\n", start, char)
    if before != -1:
        start = before + 2
    after = text.find("\n\n", char, end)
    if after != -1:
        end = after
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_drafts(
    triggers: list[Trigger], sent: SpacySpan, lex: EventLexicon, text: str
) -> list[_Draft]:
    """Drafts of one sentence, with the merges of one action reported twice."""
    by_head = {t.head.i: t for t in triggers}
    dropped: set[int] = set()
    overrides: dict[int, Arguments] = {}
    codes: dict[int, Code] = {}
    for trig in triggers:
        if trig.kind != "verb":
            continue
        verb = trig.head
        noun = _nominal_cause(verb, by_head)
        if trig.code.plover == "ASSAULT" and noun is not None:
            # "were killed in air attacks", "air strikes killed 20": the attack is the event
            args = verb_arguments(trig)
            own = overrides.get(noun.head.i) or noun_arguments(noun, lex)
            victims = tuple(t for t in args.target if t.i != noun.head.i)
            agents = tuple(t for t in args.source if t.i != noun.head.i)
            overrides[noun.head.i] = Arguments(
                source=own.source + agents, target=own.target + victims, where=own.where
            )
            dropped.add(verb.i)
            continue
        cause = by_head.get(verb.head.i)
        if _is_consequence(trig, cause):
            # "bombed the town, killing 12 people": the bombing is the event, with its dead
            own = overrides.get(cause.head.i) or verb_arguments(cause)
            victims = tuple(t for t in verb_arguments(trig).target if t.i != cause.head.i)
            overrides[cause.head.i] = Arguments(
                source=own.source, target=own.target + victims, where=own.where
            )
            dropped.add(verb.i)
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        same = by_head.get(obj.i) if obj is not None else None
        if same is not None and same.kind == "noun" and same.code.plover == trig.code.plover:
            # "provided humanitarian aid": one AID, with the noun's more specific code
            dropped.add(same.head.i)
            if len(same.code.cameo) > len(trig.code.cameo) or trig.code.cameo in ROOT_CODES:
                codes[verb.i] = same.code
    drafts = []
    for trig in triggers:
        if trig.kind == "demand":
            demand = _demand_draft(trig, sent, text)
            if demand is not None:
                drafts.append(demand)
            continue
        if trig.head.i in dropped:
            continue
        if trig.head.i in overrides:
            args = overrides[trig.head.i]
        elif trig.kind == "verb":
            args = verb_arguments(trig)
        else:
            args = noun_arguments(trig, lex)
        code = codes.get(trig.head.i, trig.code)
        start, end = _bounds(sent, trig.head.idx, text)
        where = Sentence(trigger=trig, start=start, end=end)
        drafts.append(_Draft(trigger=trig, code=code, args=args, where=where))
    return drafts


def _demand_draft(trig: Trigger, sent: SpacySpan, text: str) -> _Draft | None:
    """The REQUEST of a reported obligation: "Russia said Sudan must return the
    helicopter" is Russia's demand on Sudan (its trigger is the modal)."""
    clause = trig.head.head
    reporter = clause.head
    if clause.dep_ != "ccomp" or reporter.lemma_.lower() not in report_verbs():
        return None
    args = Arguments(
        source=tuple(t for t in (subject_of(reporter),) if t is not None),
        target=tuple(t for t in (subject_of(clause),) if t is not None),
    )
    start, end = _bounds(sent, trig.head.idx, text)
    where = Sentence(trigger=trig, start=start, end=end)
    return _Draft(trigger=trig, code=trig.code, args=args, where=where, demand=True)


def _is_consequence(trig: Trigger, cause: Trigger | None) -> bool:
    """Whether `trig` is a participle telling what the ASSAULT `cause` did: "killing"."""
    verb = trig.head
    return (
        cause is not None
        and cause.kind == "verb"
        and cause.head.i != verb.i
        and trig.code.plover == cause.code.plover == "ASSAULT"
        and verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
    )


def _nominal_cause(verb: Token, by_head: dict[int, Trigger]) -> Trigger | None:
    """An ASSAULT noun trigger that says how a killing or wounding verb came about."""
    subject = subject_of(verb)
    if subject is not None and subject.i in by_head and subject.dep_ in ("nsubj", "csubj"):
        found = by_head[subject.i]  # "an explosion killed two and wounded five"
        if found.kind == "noun" and found.code.plover == "ASSAULT":
            return found
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") and child.i in by_head:
            found = by_head[child.i]
            if found.kind == "noun" and found.code.plover == "ASSAULT":
                return found
        if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "during", "by", "under"):
            for pobj in child.children:
                found = by_head.get(pobj.i)
                if found is not None and found.kind == "noun" and found.code.plover == "ASSAULT":
                    return found
    return None


def _fill(
    draft: _Draft,
    ctx: ArgContext,
    places: Sequence[Place],
    dates: Sequence[DateRef],
    taken: dict[int, int],
) -> None:
    """Code the actors and set mode, flags, claim, place and date of one draft."""
    lex = ctx.lex
    trig = draft.trigger
    source, source_head = first_actor(draft.args.source, ctx)
    target, target_head = first_actor(
        tuple(t for t in draft.args.target if t is not source_head), ctx
    )
    in_place = False
    if target is None and not _venue_only(draft.code):
        # the town or country an action is done in is its target, CAMEO style
        where = draft.args.where + located(draft.args.target)
        target, _ = first_actor(tuple(t for t in where if t is not source_head), ctx)
        in_place = target is not None
    if source is not None and target is not None and _same(source, target):
        target = None
    code = draft.code
    mode = code.mode
    cameo = code.cameo
    if code.plover == "ASSAULT" and (mode is None or cameo in ROOT_CODES):
        cue = _cue_mode(trig, draft.args, lex)
        if cue is not None:
            mode = cue
            if cameo in ROOT_CODES and cue in MODE_CAMEO:
                cameo = MODE_CAMEO[cue]
    if (
        code.plover == "ASSAULT"
        and mode in MILITARY_MODES
        and source is not None
        and source.country
        and source.sector is None
    ):
        source = Actor(name=source.name, country=source.country, sector="MIL", span=source.span)
    actors = [a.span for a in (source, None if in_place else target) if a and a.span]
    draft.fields = {
        "plover": code.plover,
        "mode": mode,
        "cameo": cameo,
        "acled": lex.acled_type(code.plover, mode),
        "source": source,
        "target": target,
        "claimed_by": None if draft.demand else claimant(trig, ctx),
        "negated": not draft.demand and is_negated(trig, lex),
        "hypothetical": not draft.demand and is_hypothetical(trig, lex),
        "place": place_of(draft.where, places, taken, actors),
        "date": date_of(draft.where, dates),
    }


def _venue_only(code: Code) -> bool:
    """Whether a place an event happens in is only its venue ("talks in Geneva")."""
    return code.plover == "CONSULT" and code.cameo[:3] not in VISITS


def _same(a: Actor, b: Actor) -> bool:
    return a.span is not None and b.span is not None and a.span == b.span


def _cue_mode(trig: Trigger, args: Arguments, lex: EventLexicon) -> str | None:
    """The mode cue words give an ASSAULT: in the trigger, its modifiers, its instrument
    ("with machetes", "by tank fire") or its source's head ("warplanes bombed")."""
    candidates: list[Token] = trig.tokens()
    head = trig.head
    for child in head.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            candidates.append(child)
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("with", "by", "from"):
            candidates += [g for g in child.subtree if g.pos_ in ("NOUN", "PROPN", "ADJ")]
    for source in args.source[:1]:
        candidates += [source, *(c for c in source.children if c.dep_ == "compound")]
    for token in candidates:
        if token.pos_ == "VERB":
            continue  # a verb trigger's code says its weapon ("shelled" is 194)
        for word in (token.lemma_.lower(), token.lower_):
            mode = lex.modes.get(word)
            if mode is not None:
                return mode
    return None


def _event(draft: _Draft, text: str, fatalities: Fatalities | None) -> Event:
    trig = draft.trigger
    first, last = trig.head.doc[trig.start], trig.head.doc[trig.end - 1]
    return Event(
        trigger=Span.of(text, first.idx, last.idx + len(last)),
        evidence=Span.of(text, draft.where.start, draft.where.end),
        fatalities=fatalities,
        **draft.fields,
    )


COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})


def plover_reading(event: Event) -> str:
    """The category PLOVER coders give an event, reading intentions as PLOVER does.

    An event the text only intends, promises or offers ("will give Tanzania a grant",
    "would meet the mediator") is an AGREE in PLOVER, a hostile one it holds out ("would
    blockade Paris") a THREATEN, and a cooperative one refused or failed ("will not
    accept", "failed to reach agreement") a REJECT. The extractor keeps the action's own
    category with `hypothetical` set, so that users can filter on what was done; this
    gives the PLOVER coding of the same event.
    """
    if event.negated and event.plover in COOPERATIVE:
        return "REJECT"  # "failed to reach agreement", "will not accept"
    if not event.hypothetical:
        return event.plover
    if event.plover in COOPERATIVE:
        return "AGREE"
    if event.plover in HOSTILE and not event.negated:
        return "THREATEN"
    return event.plover
