"""Event triggers: the words of a sentence that report an action, with their CAMEO code.

Verbal triggers are verb lemmas of the PETRARCH2 CAMEO verb dictionary
(`event_verbs`, corrected by `event_verb_overrides`), matched with the particle,
preposition or object noun a CAMEO pattern names where one does ("called for" is an
appeal, "called" alone is not an event). Nominal triggers are noun heads of
`event_nouns`, matched with the modifiers before them ("air strikes", "humanitarian
aid", "cease-fire"). A support verb ("waged an offensive", "held talks") hands its
object noun's event its subject instead of being an event of its own.

The PLOVER category and mode of a code come from the CAMEO2PLOVER table
(`cameo_plover`); CAMEO 01 (public statements) has none, so "say" is never an event.
Every table is loaded once per process (`event_lexicon()`), and lookups are dict hits
per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..data import load_table

NOT_A_TRIGGER = "-"
# Words a verb trigger is matched with, in order of preference.
PAIR_DEPS = ("prt", "dobj", "prep", "acomp")
# Entity types whose words are names, never event nouns ("March", "Operation Desert Storm").
NAME_ENTS = frozenset({"DATE", "TIME", "PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW"})
MAX_MODIFIERS = 3
# The CAMEO code of a demand ("X said Y must leave" is X's demand on Y).
DEMAND_CAMEO = "100"


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO code with its PLOVER category and mode."""

    cameo: str
    plover: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One event trigger: its head token, its extent and its code.

    `start`/`end` are token indices of the trigger's words (the verb and its particle,
    the noun and its modifiers), `kind` "verb", "noun" or "demand" (a modal that may make
    a reported clause a demand). `support` is the support verb whose object the noun is,
    when there is one.
    """

    head: Token
    start: int
    end: int
    kind: str
    code: Code
    support: Token | None = None

    def tokens(self) -> list[Token]:
        """The trigger's words, its support verb included."""
        found = list(self.head.doc[self.start : self.end])
        if self.support is not None:
            found.append(self.support)
        return found


@dataclass(frozen=True)
class EventLexicon:
    """Every table the event extractor reads, as dicts for per-token lookups."""

    verbs: dict[str, str]
    verb_heads: frozenset[str]  # first words of the verb entries: a cheap first test
    nouns: dict[str, tuple[str, str | None]]
    noun_heads: frozenset[str]  # last words of the noun entries: a cheap first test
    support: frozenset[str]
    plover: dict[str, tuple[str, str | None]]
    modes: dict[str, str]
    acled: dict[str, str]
    cues: dict[str, str]

    def code(self, cameo: str, mode: str | None = None) -> Code | None:
        """The PLOVER category and mode of a CAMEO code (its most specific known prefix)."""
        for key in (cameo, cameo[:3], cameo[:2]):
            found = self.plover.get(key)
            if found is not None:
                return Code(cameo=cameo, plover=found[0], mode=mode or found[1])
        return None

    def cue(self, word: str) -> str | None:
        """The kind of cue `word` is (`event_cues`: modal, intent, negation, ...), if any."""
        return self.cues.get(word)

    def acled_type(self, plover: str, mode: str | None) -> str | None:
        """ACLED "type: sub-type" of a PLOVER category and mode, when ACLED has one."""
        if mode:
            found = self.acled.get(f"{plover} {mode}")
            if found:
                return found
        return self.acled.get(plover)


@cache
def event_lexicon(lang: str = "en") -> EventLexicon:
    """Load the event tables once per process."""
    verbs = {k: v[0] for k, v in load_table("event_verbs", lang).items() if v}
    for key, value in load_table("event_verb_overrides", lang).items():
        verbs[key] = value[0] if value else NOT_A_TRIGGER
    plover = {
        k: (v[0], v[1] if len(v) > 1 and v[1] != "-" else None)
        for k, v in load_table("cameo_plover", lang).items()
        if v
    }
    nouns = {
        k: (v[0], v[1] if len(v) > 1 and v[1] != "-" else None)
        for k, v in load_table("event_nouns", lang).items()
        if v
    }
    return EventLexicon(
        verbs=verbs,
        verb_heads=frozenset(k.split()[0] for k in verbs),
        nouns=nouns,
        noun_heads=frozenset(k.replace("-", " ").split()[-1] for k in nouns),
        support=frozenset(load_table("event_support_verbs", lang)),
        plover=plover,
        modes={k: v[0] for k, v in load_table("event_modes", lang).items() if v},
        acled={k: v[0] for k, v in load_table("event_acled", lang).items() if v},
        cues={k: v[0] for k, v in load_table("event_cues", lang).items() if v},
    )


def verb_lemmas(token: Token) -> tuple[str, ...]:
    """The lemma of a verb and, in case the tagger's lemma is off ("waging" -> "wag"),
    the base forms its regular inflection points to."""
    lemma = token.lemma_.lower()
    word = token.lower_
    forms = [lemma]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            if stem not in forms:
                forms.append(stem)
    return tuple(forms)


def _names_a_time(child: Token) -> bool:
    """Whether a preposition introduces a date ("on Monday" is no "call on")."""
    if child.dep_ != "prep":
        return False
    return any(c.ent_type_ in ("DATE", "TIME") for c in child.children if c.dep_ == "pobj")


def _pair_word(child: Token) -> str:
    return child.lemma_.lower() if child.dep_ == "dobj" else child.lower_


def verb_code(token: Token, lex: EventLexicon) -> tuple[Code, Token | None] | None:
    """The code of a verb trigger and the particle or object word its pattern needs."""
    children = [c for c in token.children if c.dep_ in PAIR_DEPS]
    for lemma in verb_lemmas(token):
        if lemma not in lex.verb_heads:
            continue
        own = _own_code(lemma, lex)
        for dep in PAIR_DEPS:
            for child in children:
                if child.dep_ != dep or _names_a_time(child):
                    continue
                cameo = lex.verbs.get(f"{lemma} {_pair_word(child)}")
                if not cameo or cameo == NOT_A_TRIGGER:
                    continue
                code = lex.code(cameo)
                # a preposition refines a verb's code ("withdraw from") but never turns
                # it into another category ("praise to" is no visit): the pattern was
                # about words a parse does not see
                if code is None or (dep == "prep" and own and own.plover != code.plover):
                    continue
                return code, child
        cameo = lex.verbs.get(lemma)
        if cameo is not None:
            if cameo == NOT_A_TRIGGER:
                return None
            code = lex.code(cameo)
            return (code, None) if code is not None else None
    return None


def _own_code(lemma: str, lex: EventLexicon) -> Code | None:
    cameo = lex.verbs.get(lemma)
    return lex.code(cameo) if cameo and cameo != NOT_A_TRIGGER else None


def is_support_verb(token: Token, lex: EventLexicon) -> bool:
    """Whether `token` is a support verb ("wage", "carry out", "hold")."""
    for lemma in verb_lemmas(token):
        if lemma in lex.support:
            return True
        if any(f"{lemma} {c.lower_}" in lex.support for c in token.children if c.dep_ == "prt"):
            return True
    return False


def noun_code(token: Token, lex: EventLexicon) -> tuple[Code, int] | None:
    """The code of a nominal trigger headed by the noun `token` and the index of its first
    word.

    The longest listed phrase ending in the head wins: "Russian air strikes" is an "air
    strike" (aerial), "strikes" alone a strike.
    """
    head_word = token.lemma_.lower()
    if head_word not in lex.noun_heads and token.lower_ not in lex.noun_heads:
        return None
    if token.ent_type_ in NAME_ENTS or _inside_modifier(token):
        return None
    doc = token.doc
    for size in range(MAX_MODIFIERS, 0, -1):
        start = token.i - size
        if start < 0 or not all(_modifies(doc[i], token) for i in range(start, token.i)):
            continue
        words = doc[start : token.i].text.lower()
        phrase = f"{words}{doc[token.i - 1].whitespace_}{head_word}"
        found = lex.nouns.get(phrase)
        if found is not None:
            return _noun_entry(found, lex, start)
    found = lex.nouns.get(head_word) or lex.nouns.get(token.lower_)
    return _noun_entry(found, lex, token.i) if found is not None else None


def _inside_modifier(token: Token) -> bool:
    """Whether a noun only modifies another noun ("attack helicopters", "aid workers",
    "cessation-of-hostilities agreement"): the event is the head noun's, if any."""
    node = token
    for _ in range(4):
        if node.dep_ in ("compound", "nmod", "amod"):
            # "a mediation effort", "a bombing campaign": the frame noun names the event
            return not _is_frame(node.head)
        if node.dep_ not in ("pobj", "prep") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _is_frame(token: Token) -> bool:
    from_lexicon = event_lexicon().cue(token.lemma_.lower())
    return token.pos_ == "NOUN" and from_lexicon == "frame"


def _noun_entry(found: tuple[str, str | None], lex: EventLexicon, start: int):
    cameo, mode = found
    if cameo == NOT_A_TRIGGER:
        return None
    code = lex.code(cameo, mode)
    return (code, start) if code is not None else None


def _modifies(token: Token, head: Token) -> bool:
    """Whether `token` is a pre-modifier inside the noun phrase of `head`."""
    if token.dep_ in ("det", "poss", "nummod", "case", "predet") or token.is_space:
        return False
    node = token
    for _ in range(4):
        if node.head.i == head.i:
            return True
        if node.head.i == node.i or node.head.i > head.i:
            return False
        node = node.head
    return False


def find_triggers(sent: SpacySpan, lex: EventLexicon) -> list[Trigger]:
    """Every trigger of a sentence, in text order, support verbs folded into their noun.

    Args:
        sent: a sentence of a parsed Doc.
        lex: the event tables (`event_lexicon()`).

    Returns:
        The triggers in text order: nouns (with their support verb), verbs that are not
        support verbs of a noun trigger, and "demand" modals ("must", "should": whether
        a reported clause makes them a demand is the caller's to decide).
    """
    nouns: dict[int, Trigger] = {}
    verbs: list[Token] = []
    demands: list[Trigger] = []
    demand_code = lex.code(DEMAND_CAMEO)
    for token in sent:
        pos = token.pos_
        if pos == "AUX" and demand_code is not None and lex.cue(token.lower_) == "demand":
            demands.append(
                Trigger(head=token, start=token.i, end=token.i + 1, kind="demand", code=demand_code)
            )
            continue
        if pos == "VERB":
            if token.dep_ not in ("amod", "compound"):
                verbs.append(token)  # not "besieged areas", "Iran-backed forces": states
            continue
        if pos != "NOUN":
            continue
        found = noun_code(token, lex)
        if found is not None:
            code, start = found
            nouns[token.i] = Trigger(
                head=token, start=start, end=token.i + 1, kind="noun", code=code
            )
    triggers: list[Trigger] = []
    for token in verbs:
        noun = _object_trigger(token, nouns)
        if noun is not None and is_support_verb(token, lex):
            nouns[noun.head.i] = Trigger(
                head=noun.head,
                start=noun.start,
                end=noun.end,
                kind="noun",
                code=noun.code,
                support=token,
            )
            continue
        found = verb_code(token, lex)
        if found is None:
            continue
        code, pair = found
        end = token.i + 1
        if pair is not None and 0 < pair.i - token.i <= 3:
            end = pair.i + 1  # "called for", "opened fire", "shot down"
        triggers.append(Trigger(head=token, start=token.i, end=end, kind="verb", code=code))
    triggers.extend(nouns.values())
    triggers.extend(demands)
    triggers.sort(key=lambda t: t.start)
    return triggers


def _object_trigger(verb: Token, nouns: dict[int, Trigger]) -> Trigger | None:
    """The noun trigger a verb takes as object ("launched an attack", "gave ... of aid",
    "launched a mediation effort")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and child.i in nouns:
            return nouns[child.i]  # "held talks", "talks were held"
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        for grand in child.children:
            if grand.dep_ == "prep" and grand.lower_ == "of":
                for pobj in grand.children:
                    if pobj.dep_ == "pobj" and pobj.i in nouns:
                        return nouns[pobj.i]
            if grand.dep_ in ("compound", "nmod") and grand.i in nouns and _is_frame(child):
                return nouns[grand.i]
    return None
