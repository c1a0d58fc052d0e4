"""How an event is asserted: who claims it, whether it is denied, whether it happened.

* `claimant`: the speaker of the quote holding the trigger, else the subject of the
  reporting or accusing verb the trigger depends on ("Turkey said Russia bombed …",
  "Russia blames US for bombings"); None when the article narrates the event itself.
* `is_negated`: a "not"/"never" on a verb trigger, "no" before a noun trigger, or a
  "denied"/"refused to"/"failed to" above it (`event_cues`, kind denial).
* `is_hypothetical`: a modal ("would begin", "will"), a condition ("if", "unless"), an
  intent above it ("plans to", "ready to", "threatened to"), a purpose ("… to turn it
  into a ceasefire"), or a noun that is demanded, threatened or offered ("called for a
  ceasefire").
"""

from __future__ import annotations

from spacy.tokens import Token

from .event_args import ArgContext, actor_of, report_verbs, subject_of
from .triggers import EventLexicon, Trigger

# Dependencies that end a clause: modality above them belongs to another clause.
CLIMB_STOPS = frozenset({"ROOT", "ccomp", "parataxis", "relcl", "advcl", "acl"})


def claimant(trig: Trigger, ctx: ArgContext) -> str | None:
    """Who claims the event: the speaker of the quote holding it, else the subject of a
    reporting or accusing verb above it; None for the article's own narration."""
    quote = ctx.quote_at(trig.head.idx)
    if quote is not None and quote.speaker is not None:
        # an unresolved speaker ("he") still marks a claim: its words, never a guess
        return quote.speaker.name or quote.speaker.text
    reporters = report_verbs()
    node = trig.head
    for _ in range(8):
        parent = node.head
        if parent.i == node.i:
            return None
        via_clause = node.dep_ in ("ccomp", "xcomp") and parent.pos_ in ("VERB", "AUX")
        via_charge = node.dep_ == "prep" and node.lower_ in ("of", "for", "over")
        if (via_clause or via_charge) and parent.lemma_.lower() in reporters:
            subject = subject_of(parent)
            if subject is None:
                return None
            actor = actor_of(subject, ctx)
            if actor is not None:
                return actor.name
            return None if subject.pos_ == "PRON" else subject.text
        node = parent
    return None


def governor(trig: Trigger) -> Token | None:
    """The verb a noun trigger is an argument of (its support verb, or the verb above)."""
    if trig.support is not None:
        return trig.support
    node = trig.head
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def clause_head(trig: Trigger) -> Token:
    """The verb heading the clause a trigger belongs to."""
    node = (governor(trig) if trig.kind == "noun" else None) or trig.head
    for _ in range(6):
        if node.dep_ in CLIMB_STOPS or node.head.i == node.i:
            break
        node = node.head
    return node


def is_negated(trig: Trigger, lex: EventLexicon) -> bool:
    """A "not"/"no"/"never" on the trigger, or a "denied"/"refused to" above it."""
    head = trig.head
    denials = [c for c in head.children if c.dep_ == "neg" or lex.cue(c.lower_) == "negation"]
    if denials and (trig.kind == "verb" or any(c.lower_ == "no" for c in denials)):
        return True
    node = head
    if trig.kind == "noun":
        verb = governor(trig)
        if verb is None:
            return False
        if head.dep_ in ("dobj", "attr", "oprd") and any(c.dep_ == "neg" for c in verb.children):
            return True
        node = verb
    for _ in range(3):
        parent = node.head
        if parent.i == node.i or node.dep_ in ("ROOT", "ccomp", "relcl"):
            return False
        if lex.cue(parent.lemma_.lower()) == "denial":
            return True
        node = parent
    return False


def is_hypothetical(trig: Trigger, lex: EventLexicon) -> bool:
    """A modal ("would begin"), a condition ("if it can be achieved"), an intent above the
    trigger ("plans to", "ready to") or a noun that is demanded, threatened, offered."""
    head = trig.head
    node = head
    if trig.kind == "noun":
        if any(lex.cue(c.lower_) == "possible" for c in head.children if c.dep_ == "amod"):
            return True
        verb = governor(trig)
        if verb is None:
            return False
        if (
            head.dep_ in ("dobj", "pobj")
            and lex.cue(verb.lemma_.lower()) == "intent"
            and verb is not trig.support
        ):
            return True  # "demanded a truce", "called for a ceasefire"
        node = verb
    for _ in range(6):
        for child in node.children:
            if child.dep_ == "aux" and lex.cue(child.lower_) in ("modal", "demand"):
                return True
            if child.dep_ == "aux" and child.lemma_.lower() in ("will", "would", "shall"):
                return True
            if child.dep_ == "mark" and lex.cue(child.lower_) == "condition":
                return True
        parent = node.head
        if node.dep_ == "advcl" and any(c.tag_ == "TO" for c in node.children):
            return True  # a purpose: "… to turn it into a ceasefire" is not done yet
        if node.dep_ in CLIMB_STOPS or parent.i == node.i:
            return False
        if node.dep_ == "xcomp" and lex.cue(parent.lemma_.lower()) == "intent":
            return True
        node = parent
    return False
