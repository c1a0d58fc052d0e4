"""Who did it and to whom: the source and target of an event trigger, from the parse.

Verbs: the subject is the source and the object the target ("Israeli soldiers arrested
100 Palestinians"); a passive or a "by" agent swaps them ("was attacked by militiamen",
"troops backed by Russian warplanes"); an object-less verb takes the object of its
preposition ("fired at", "talks with", "aid to"); a verb without a subject of its own
takes its governor's ("willing to withdraw", "accused Moscow of targeting" -> Moscow).
Nouns: the possessor, a "by"/"from" phrase or an actor modifier is the source ("Russia's
offensive", "Russian air strikes"), "on/against/at/to/with X" the target; a support verb
("waged an offensive") gives its subject.

Actors are coded with the mention coding of `extract/mentions.py` and the title coding
of `extract/speakers.py` (`title_code`): named entities keep their mention's actor,
"Syrian troops" is SYR MIL from its demonym and the agents lexicon. A phrase the text
does not let us code keeps country and sector None; a noun that is no actor ("the
results") gives no actor at all.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from ..data import load_lexicon, load_table
from ..nlp.docindex import index as doc_index
from ..records import Actor, Mention, Quote, Span
from .speakers import speaker_from_tokens, speaker_tokens, title_code
from .triggers import EventLexicon, Trigger

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Governors whose subject a subject-less verb shares ("willing to withdraw").
INHERIT_DEPS = frozenset({"xcomp", "acomp", "conj", "advcl", "ccomp"})
VERB_TARGET_PREPS = ("against", "on", "upon", "at", "with", "to", "into", "toward", "towards")
NOUN_TARGET_PREPS = ("on", "against", "upon", "at", "with", "to", "into", "toward", "towards")
# Where an action is done: CAMEO codes that town or country as its target when the text
# names no other ("rebels attacked a checkpoint near Homs").
PLACE_PREPS = ("in", "inside", "into", "at", "near", "around")
# Categories whose "X of Y" noun names who acts ("the withdrawal of troops").
OF_IS_SOURCE = frozenset({"SUPPORT", "AID", "MOBILIZE", "RETREAT", "COOPERATE"})
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVES = frozenset({"who", "which", "that", "whom", "whose"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


@dataclass
class ArgContext:
    """What argument finding needs of one doc, built once per doc."""

    doc: Doc
    lex: EventLexicon
    quotes: tuple[Quote, ...] = ()
    mention_at: dict[int, Mention] = field(default_factory=dict)
    # phrase head -> its actor: one phrase is source or target of several events
    actors: dict[int, Actor | None] = field(default_factory=dict)
    # the quotes by position, built on first use (asked once per event and pronoun)
    _quote_at: _QuoteAt | None = None
    _speaker_at: dict[int, Quote] | None = None

    def quote_at(self, char: int) -> Quote | None:
        """The first of `quotes` whose content holds `char` and that has a speaker."""
        if self._quote_at is None:
            self._quote_at = _QuoteAt([q for q in self.quotes if q.speaker is not None])
        return self._quote_at.first(char)

    def quote_of_speaker(self, char: int) -> Quote | None:
        """The first of `quotes` whose named speaker starts at `char`."""
        if self._speaker_at is None:
            self._speaker_at = {}
            for quote in self.quotes:
                if quote.speaker is not None and quote.speaker.name:
                    self._speaker_at.setdefault(quote.speaker.start, quote)
        return self._speaker_at.get(char)

    @classmethod
    def of(cls, doc: Doc, lex: EventLexicon, quotes: tuple[Quote, ...]) -> ArgContext:
        found = doc_index(doc)
        mention_at: dict[int, Mention] = {}
        for mention in doc._.mentions or ():
            first = found.token_at(mention.start)
            for i in range(first, min(found.token_at(mention.end), len(doc))):
                mention_at[i] = mention
        return cls(doc=doc, lex=lex, quotes=quotes, mention_at=mention_at)


class _QuoteAt:
    """Which of some quotes, the first in their order, holds a character: the content
    boundaries cut the text into stretches, each owned by the first quote over it."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = quotes
        self.bounds = sorted({b for q in quotes for b in (q.content.start, q.content.end)})
        opening = sorted((q.content.start, i) for i, q in enumerate(quotes))
        self.owners: list[int | None] = []
        active: list[tuple[int, int]] = []  # (position in `quotes`, content end)
        k = 0
        for bound in self.bounds:
            while k < len(opening) and opening[k][0] == bound:
                i = opening[k][1]
                heapq.heappush(active, (i, quotes[i].content.end))
                k += 1
            while active and active[0][1] <= bound:
                heapq.heappop(active)  # the first quote has ended: the next one owns
            self.owners.append(active[0][0] if active else None)

    def first(self, char: int) -> Quote | None:
        k = bisect.bisect_right(self.bounds, char) - 1
        owner = self.owners[k] if k >= 0 else None
        return None if owner is None else self.quotes[owner]


@dataclass(frozen=True, slots=True)
class Arguments:
    """Candidate heads of an event's source and target, best first, before actor coding.

    The first candidate that names an actor wins ("their first meeting", held by "a
    group of Moroccan diplomats": "their" is unresolved, the diplomats are the source).
    `where` holds the places the event happens in ("curfew in Cizre"), the target of
    last resort, as CAMEO codes the country or town an action is done in.
    """

    source: tuple[Token, ...] = ()
    target: tuple[Token, ...] = ()
    where: tuple[Token, ...] = ()


def _heads(*tokens: Token | None) -> tuple[Token, ...]:
    """The tokens given, Nones and repeats dropped, order kept."""
    seen: list[Token] = []
    for token in tokens:
        if token is not None and all(token.i != t.i for t in seen):
            seen.append(token)
    return tuple(seen)


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _prep_objects(token: Token) -> dict[str, Token]:
    """Preposition -> its object, for the prepositions hanging from `token` (dates left
    out: "on Thursday" names no one)."""
    found: dict[str, Token] = {}
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ not in found:
            obj = _pobj(child)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                found[child.lower_] = obj
    return found


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive, or has a "by" agent as "troops backed by X" does."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The grammatical subject of `verb`, its own or its governor's."""
    found = _child(verb, *SUBJECTS)
    if found is not None or depth > 4:
        return found
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        governor = head.head
        # "accused Moscow of targeting", "blamed the US for bombing": the accused acts
        accused = _child(governor, "dobj")
        if head.lower_ in ("of", "for", "with") and accused is not None:
            return accused
        return subject_of(governor, depth + 1)
    if verb.dep_ in INHERIT_DEPS and head.pos_ in ("VERB", "AUX", "ADJ"):
        if verb.dep_ == "xcomp":
            controller = _child(head, "dobj")
            if controller is not None and controller.i < verb.i:
                return controller  # "urged the EC to support": the EC supports
        if verb.dep_ == "ccomp":
            return None  # a reported clause has its own subject or none
        return subject_of(head, depth + 1)
    return None


def verb_arguments(trigger: Trigger) -> Arguments:
    """Source and target candidates of a verb trigger."""
    verb = trigger.head
    agent = _child(verb, "agent")
    by = _pobj(agent) if agent is not None else None
    targets, where = _verb_targets(verb)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if verb.tag_ == "VBN":  # "troops backed by warplanes"
            return Arguments(source=_heads(by), target=_heads(verb.head), where=where)
        # "a declaration demanding that …" is issued by the subject of "issued"
        holder = verb.head.head if verb.head.dep_ in ("dobj", "attr") else None
        source = _heads(verb.head, subject_of(holder) if holder is not None else None)
        return Arguments(source=source, target=targets, where=where)
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in RELATIVES and verb.dep_ == "relcl":
        subject = verb.head
    if is_passive(verb):
        return Arguments(source=_heads(by), target=_heads(subject), where=where)
    return Arguments(source=_heads(subject), target=targets, where=where)


def _verb_targets(verb: Token, depth: int = 0) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """Target candidates of a verb (object, dative, "against/on/at/to/with X", a
    complement's target, "demanded that X …"), and the places it happens in."""
    obj = _child(verb, "dobj")
    own = obj is not None and any(
        c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in obj.children
    )
    found = [None if own else obj, _child(verb, "dative")]
    preps = _prep_objects(verb)
    obj_preps = _prep_objects(obj) if obj is not None else {}
    if obj is not None and not own:
        # "rejected a US offer", "dismissed an appeal from X", "lifted a blockade on X":
        # the actor whose thing the object is, or at whom it is aimed
        found += [_child(obj, "poss"), _actor_modifier(obj)]
        found += [obj_preps.get(p) for p in ("by", "from", *NOUN_TARGET_PREPS)]
    found += [preps.get(p) for p in VERB_TARGET_PREPS]
    where: list[Token | None] = [preps.get(p) for p in PLACE_PREPS]
    where += [obj_preps.get(p) for p in PLACE_PREPS]
    complement = _child(verb, "xcomp")
    if complement is not None and complement.pos_ == "VERB" and depth < 2:
        # "threatened to break relations with Russia"
        inner, inner_where = _verb_targets(complement, depth + 1)
        found += inner
        where += inner_where
    clause = _child(verb, "ccomp")
    if clause is not None:
        found.append(_child(clause, "nsubj", "nsubjpass"))  # "demanded that the US cancel"
    found += [preps.get("from"), obj if own else None]
    return _heads(*found), _heads(*where)


def noun_arguments(trigger: Trigger, lex: EventLexicon) -> Arguments:
    """Source and target candidates of a noun trigger ("Russia's offensive", "air
    strikes on X", "waged an offensive", "blames US for bombings")."""
    noun = trigger.head
    plover = trigger.code.plover
    preps = _prep_objects(noun)
    sources: list[Token | None] = [_child(noun, "poss"), preps.get("by"), preps.get("from")]
    targets: list[Token | None] = [preps.get(p) for p in NOUN_TARGET_PREPS]
    of = preps.get("of")
    if plover in OF_IS_SOURCE and trigger.code.cameo[:3] != "084":
        sources.append(of)
    else:
        targets.append(of)
    sources.append(_actor_modifier(noun))
    governor = trigger.support
    if governor is None and noun.dep_ in ("oprd", "attr") and noun.head.pos_ == "VERB":
        governor = noun.head  # "called the claim a fabrication"
        targets.append(_child(noun.head, "dobj"))
    where: list[Token | None] = [preps.get(p) for p in PLACE_PREPS]
    if governor is not None:
        if is_passive(governor):  # "talks were held by the two sides"
            agent = _child(governor, "agent")
            sources.append(_pobj(agent) if agent is not None else None)
        else:
            sources.append(subject_of(governor))
        if governor.dep_ == "acl" and governor.tag_ == "VBG":
            sources.append(governor.head)
        targets.append(_child(governor, "dative"))
        governed = _prep_objects(governor)
        targets += [governed.get(p) for p in VERB_TARGET_PREPS]
        where += [governed.get(p) for p in PLACE_PREPS]
    if noun.dep_ == "pobj" and noun.head.lower_ in ("for", "of"):
        verb = noun.head.head
        if verb.pos_ == "VERB" and lex.cue(verb.lemma_.lower()) == "report":
            sources.append(_child(verb, "dobj"))  # "blames US for bombings": the US bombed
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during", "by", "under"):
        verb = noun.head.head
        if verb.pos_ == "VERB" and lex.cue(verb.lemma_.lower()) == "victim":
            targets.append(subject_of(verb))  # "civilians died in air strikes"
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        governed = _prep_objects(noun.head)
        targets += [governed.get(p) for p in NOUN_TARGET_PREPS]
        where += [governed.get(p) for p in PLACE_PREPS]
    return Arguments(source=_heads(*sources), target=_heads(*targets), where=_heads(*where))


def located(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The places the given phrases are said to be in ("targets in Jericho")."""
    found: list[Token | None] = []
    for token in tokens:
        preps = _prep_objects(token)
        found += [preps.get(p) for p in PLACE_PREPS]
    return _heads(*found)


def _actor_modifier(noun: Token) -> Token | None:
    """A modifier before a noun trigger that names who acts ("Russian", "government")."""
    for child in noun.children:
        if child.i >= noun.i or child.dep_ not in ("amod", "compound", "nmod"):
            continue
        if child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
            return child
        if agents_sector(child.lemma_.lower()) is not None:
            return child
    return None


@cache
def _agent_sectors() -> dict[str, str]:
    return {k: v[0] for k, v in load_table("agents", "en").items() if v}


def agents_sector(lemma: str) -> str | None:
    """The CAMEO sector the agents lexicon gives a noun lemma ("authority" -> GOV)."""
    return _agent_sectors().get(lemma)


@cache
def _actor_nouns() -> frozenset[str]:
    """Nouns that name people or groups even when no lexicon gives them a sector."""
    nouns = set(load_table("person_nouns", "en"))
    nouns |= {k for k, v in load_table("event_cues", "en").items() if v and v[0] == "partitive"}
    return frozenset(nouns)


@cache
def report_verbs() -> frozenset[str]:
    """Verbs whose complement is what their subject claims (quote verbs, "accuse", ...)."""
    verbs = {v for v in load_lexicon("quote_verbs", "en") if " " not in v}
    verbs |= {k for k, v in load_table("event_cues", "en").items() if v and v[0] == "report"}
    return frozenset(verbs)


def first_actor(
    candidates: tuple[Token, ...], ctx: ArgContext
) -> tuple[Actor | None, Token | None]:
    """The actor of the first candidate head that names one, and that head."""
    for token in candidates:
        if token.i not in ctx.actors:
            ctx.actors[token.i] = actor_of(token, ctx)
        actor = ctx.actors[token.i]
        if actor is not None:
            return actor, token
    return None, None


def actor_of(token: Token | None, ctx: ArgContext, depth: int = 0) -> Actor | None:
    """The actor a phrase headed by `token` names, coded from mentions and titles."""
    if token is None or depth > 3:
        return None
    lower = token.lower_
    if token.pos_ == "PRON" or token.tag_ in ("WP", "WDT"):
        if lower in RELATIVES and token.head.dep_ == "relcl":
            return actor_of(token.head.head, ctx, depth + 1)
        return _pronoun_actor(token, ctx, depth)
    if lower in _actor_nouns() or token.lemma_.lower() in _actor_nouns():
        of = _prep_objects(token).get("of")
        if of is not None and agents_sector(token.lemma_.lower()) is None:
            return actor_of(of, ctx, depth + 1)  # "a group of militants" -> the militants
    mention = ctx.mention_at.get(token.i)
    if mention is not None and mention.label in ACTOR_LABELS:
        if mention.label == "PERSON":
            return speaker_from_tokens(ctx.doc, _phrase(token), "explicit").actor
        actor = mention.actor or Actor(name=mention.text, span=_mention_span(mention))
        if actor.country is None or actor.sector is None:
            actor = _titled(actor, mention, token, ctx)  # "Iraqi Kurds", "Syrian opposition"
        return actor
    if token.pos_ == "PROPN" and mention is None and token.ent_type_ in ("", *ACTOR_LABELS):
        # a name no lexicon knows ("Ethopia", "SPLM/A"): an actor with nothing coded
        tokens = _phrase(token)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        text = doc_index(ctx.doc).text
        return Actor(name=_strip_article(text[start:end]), span=Span.of(text, start, end))
    if token.lemma_.lower() in ctx.lex.nouns or token.lower_ in ctx.lex.nouns:
        # an event is no actor, but the named actor behind it is ("backing of Russian
        # airstrikes" is Russia's); "a new military offensive" names none
        behind = _child(token, "poss") or _actor_modifier(token)
        if behind is None or behind.ent_type_ not in ACTOR_LABELS:
            return None
        return actor_of(behind, ctx, depth + 1)
    return _nominal_actor(token, ctx)


def _titled(actor: Actor, mention: Mention, head: Token, ctx: ArgContext) -> Actor:
    """A group or organisation's actor with the country and sector the words around it
    give, where its mention has none ("Iraqi Kurds" -> IRQ)."""
    entity = ctx.doc.char_span(mention.start, mention.end)
    country, sector = title_code(ctx.doc, _phrase(head), entity)
    if (country or None) == actor.country and (sector or None) == actor.sector:
        return actor
    return Actor(
        name=actor.name,
        country=actor.country or country,
        sector=actor.sector or sector,
        span=actor.span,
    )


def _phrase(head: Token) -> list[Token]:
    """The words of the phrase a head names (titles kept, asides and dates left out)."""
    tokens = speaker_tokens(head)
    for n, token in enumerate(tokens):
        if token.i > head.i and token.ent_type_ in ("DATE", "TIME"):
            # a head that is a quotation mark leaves `speaker_tokens` with the words
            # after it only: a date there left no phrase at all (an IndexError)
            tokens = tokens[:n] or [head]
            break
    while len(tokens) > 1 and tokens[-1].dep_ in ("prep", "case", "punct", "cc"):
        tokens = tokens[:-1]
    return tokens


def _mention_span(mention: Mention) -> Span:
    return Span(start=mention.start, end=mention.end, text=mention.text)


def _nominal_actor(head: Token, ctx: ArgContext) -> Actor | None:
    """The actor of a common-noun phrase: "Syrian troops" SYR MIL, "Islamic State militants"
    the organisation, "the Russian claim" Russia; None when the noun is no actor."""
    tokens = _phrase(head)
    inside = [ctx.mention_at[t.i] for t in tokens if t.i in ctx.mention_at]
    orgs = [m for m in inside if m.label == "ORG" and m.actor and m.actor.sector]
    country, sector = title_code(ctx.doc, tokens, None)
    sector = sector or agents_sector(head.lemma_.lower())
    if orgs:
        org = orgs[0].actor
        return Actor(
            name=org.name,
            country=org.country or country,
            sector=org.sector or sector,
            span=org.span,
        )
    text = doc_index(ctx.doc).text
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    is_actor = sector is not None or head.lemma_.lower() in _actor_nouns()
    if is_actor:
        name = _strip_article(text[start:end])
        return Actor(name=name, country=country, sector=sector, span=Span.of(text, start, end))
    # a thing names its owner before it or after "of" ("Palestinian homes", "areas of
    # Syria"), never by where it is ("a checkpoint near Homs")
    owners = {t.i for t in tokens if t.i < head.i}
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            owners |= {t.i for t in child.subtree}
    named = [
        ctx.mention_at[i]
        for i in sorted(owners)
        if i in ctx.mention_at
        and ctx.mention_at[i].actor is not None
        and ctx.mention_at[i].label in ACTOR_LABELS
    ]
    return named[0].actor if named else None


def _strip_article(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def _pronoun_actor(pronoun: Token, ctx: ArgContext, depth: int) -> Actor | None:
    """A pronoun's actor: the resolved speaker it is, or the subject of the reporting verb
    whose complement it opens ("Syria says it is willing"); None when unresolved."""
    quote = ctx.quote_of_speaker(pronoun.idx)
    if quote is not None and quote.speaker is not None:
        return quote.speaker.actor or Actor(name=quote.speaker.name)
    node = pronoun.head
    for _ in range(4):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in report_verbs():
            reporter = subject_of(node.head)
            if reporter is not None and reporter.pos_ != "PRON":
                actor = actor_of(reporter, ctx, depth + 1)
                if actor is not None and _agrees(pronoun, reporter, ctx):
                    return actor
            return None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _agrees(pronoun: Token, antecedent: Token, ctx: ArgContext) -> bool:
    """Whether a pronoun can stand for the antecedent (person pronouns for persons only)."""
    mention = ctx.mention_at.get(antecedent.i)
    person = mention is not None and mention.label == "PERSON"
    lower = pronoun.lower_
    if lower in PERSON_PRONOUNS:
        return person or antecedent.lemma_.lower() in _actor_nouns()
    if lower in THING_PRONOUNS:
        return not person
    return True
