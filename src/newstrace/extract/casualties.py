"""Casualty counts: how many people a sentence says were killed or injured, and where.

`find_casualties(doc)` returns one `Fatalities` per casualty statement: "killed six
people and injured 32" is one statement (6 dead, 32 injured), "at least 112 people were
killed" another (112), "dozens were killed" a statement whose count stays None with its
phrase kept as evidence, "a child was killed" 1. The evidence span covers the words of
the statement and never leaves its sentence, so an event of the same sentence can carry
it.

How (one pass over the tokens; only sentences holding a casualty word get more work):

1. Casualty words (`casualty_words` lexicon) are looked up by lemma and lower-case form;
   each has a role (dead, injured, both) and a kind that says where its count is in the
   parse: the object of "killed", the subject of "were killed" or "died", the noun a
   participle modifies ("eight people killed"), the noun itself ("four deaths", "30
   bodies"), the number a toll is said to be ("the death toll rose to 40"). Headlines
   and misparsed clauses fall back to the number right beside the word ("54 Killed in
   Aleppo", "wounded more than 100").
2. The count of the phrase found there (`casualty_counts`): a number, a vague quantity
   that keeps the statement with a None count ("dozens"), or 1 for one person.
3. An injured count joins the dead count of its clause ("... were killed and eight
   others were injured", "... with 50 others injured"); "killed and wounded" under one
   count is a statement with both counts None, since the text does not split them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ..data import load_table
from ..nlp.docindex import index as doc_index
from ..records import Fatalities, Span
from .casualty_counts import (
    Count,
    CountWords,
    count_words,
    is_partitive,
    is_person,
    is_quantity,
    nearest_child,
    of_quantity,
    own_count,
    phrase_count,
    prep_object,
    sentence_of,
)

# Words a toll's number hangs from: "rose to 40", "put at 30", "a toll of 12".
_TOLL_PREPS = frozenset({"to", "at", "of", "between", "from", "around", "near"})
_SMALL_CLAUSE_DEPS = frozenset({"oprd", "xcomp", "ccomp", "conj", "acomp"})
_NEGATIVE = frozenset({"no", "nobody", "none", "neither"})
_RELATIVES = frozenset({"who", "that", "which", "whom"})
_HARM_VERBS = frozenset({"suffer", "sustain", "receive", "cause", "inflict"})
_LIVES_VERBS = frozenset({"claim", "lose", "take", "cost"})
# How far a headline's number may sit from its word ("29 Syria Rebels Dead").
_NEARBY = 4


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, tuple[str, str]]
    counts: CountWords


@cache
def _lexicon(lang: str = "en") -> _Lexicon:
    words = {k.lower(): (v[0], v[1]) for k, v in load_table("casualty_words", lang).items()}
    return _Lexicon(words, count_words(lang))


@dataclass(slots=True)
class _Claim:
    """One casualty word's reading: its role, its count, and the tokens behind both."""

    trigger: Token
    role: str
    count: Count
    anchor: Token
    injured: Count | None = None
    merged: bool = False
    undivided: bool = False


def find_casualties(doc: Doc, lang: str = "en") -> list[Fatalities]:
    """Every casualty statement of `doc`, in text order, one `Fatalities` each.

    Args:
        doc: A parsed document (tagger, parser and NER of the newstrace pipeline).
        lang: The language of the lexicons.

    Returns:
        One record per statement, with `dead` and `injured` (None where the statement
        gives no count or only a vague one) and the evidence span, inside one sentence.
    """
    lex = _lexicon(lang)
    found: list[Fatalities] = []
    for sent in doc_index(doc).sents:
        triggers = [t for t in sent if _entry(t, lex)]
        if triggers:
            found += _statements(triggers, lex, doc_index(doc).text)
    return found


def _entry(token: Token, lex: _Lexicon) -> tuple[str, str] | None:
    """The (role, kind) of a casualty word, or None; a verb used as a noun is a noun."""
    lemma, word = token.lemma_.lower(), token.lower_
    if token.pos_ in ("VERB", "AUX"):
        entry = lex.words.get(lemma) or lex.words.get(word)
    else:
        entry = lex.words.get(word) or lex.words.get(lemma)
    if entry is None:
        return None
    role, kind = entry
    if kind == "verb" and token.pos_ == "NOUN":
        return role, "noun"
    return role, kind


def _statements(triggers: list[Token], lex: _Lexicon, text: str) -> list[Fatalities]:
    """The statements of one sentence, from its casualty words."""
    claims: list[_Claim] = []
    silent: list[Token] = []
    for trigger in triggers:
        claim = _claim(trigger, lex)
        if claim is None:
            silent.append(trigger)
        elif not any(claim.count.tokens & other.count.tokens for other in claims):
            claims.append(claim)
    _mark_undivided(claims, silent, lex)
    _pair_injured(claims)
    doc = triggers[0].doc
    result = []
    for claim in claims:
        if claim.merged:
            continue
        tokens = claim.count.tokens | {claim.trigger.i}
        dead = injured = None
        if claim.undivided or claim.role == "both":
            pass
        elif claim.role == "dead":
            dead = claim.count.value
            if claim.injured is not None:
                injured = claim.injured.value
                tokens |= claim.injured.tokens
        else:
            injured = claim.count.value
        first, last = doc[min(tokens)], doc[max(tokens)]
        evidence = Span.of(text, first.idx, last.idx + len(last))
        result.append(Fatalities(dead=dead, injured=injured, evidence=evidence))
    return result


def _claim(trigger: Token, lex: _Lexicon) -> _Claim | None:
    """The reading of one casualty word, or None when the sentence gives it no count."""
    role, kind = _entry(trigger, lex)  # type: ignore[misc]
    if _negated(trigger):
        return None
    anchor = trigger
    if kind in ("verb", "person"):
        count = _verb_count(trigger, lex, person_only=kind == "person")
    elif kind == "intrans":
        count = _subject_count(trigger, lex)
    elif kind == "state":
        count = _state_count(trigger, lex)
    elif kind == "noun":
        count = _noun_count(trigger, lex)
    elif kind == "harm":
        count = _harm_count(trigger, lex)
    elif kind == "lives":
        count = _lives_count(trigger, lex)
        anchor = _verb_of(trigger)
    else:
        toll = _toll_count(trigger, lex)
        if toll is None:
            return None
        role, count, anchor = toll
    if count is None:
        return None
    count.tokens.add(trigger.i)
    return _Claim(trigger=trigger, role=role, count=count, anchor=anchor)


def _negated(trigger: Token) -> bool:
    """ "No one was killed", "were not injured", "no casualties": no statement of a count."""
    for child in trigger.children:
        if child.dep_ == "neg" or child.lower_ in _NEGATIVE:
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "det") and any(
            c.lower_ in _NEGATIVE for c in child.children if c.dep_ == "det"
        ):
            return True
    return False


# -- where the count is ----------------------------------------------------------------


def _verb_count(verb: Token, lex: _Lexicon, *, person_only: bool = False) -> Count | None:
    """ "killed 18 civilians", "18 civilians were killed", "eight people killed"."""
    passive = _is_passive(verb)
    if passive and verb.head.lemma_.lower() == "leave" and verb.dep_ in _SMALL_CLAUSE_DEPS:
        # "left seven people injured", "left 11 people dead and 25 injured"
        left = nearest_child(verb, "nsubj", "nsubjpass") or nearest_child(verb.head, "dobj")
        if left is not None:
            return phrase_count(left, lex.counts)
    victims: list[Token] = []
    obj = nearest_child(verb, "dobj")
    if obj is not None and not passive and not _counted_elsewhere(obj, verb, lex):
        victims = [obj]
    if not victims:
        victims = _subjects(verb, lex, passive=passive)
    if not victims and passive and verb.dep_ in ("acl", "amod", "relcl"):
        victims = [verb.head]  # "eight people killed"
    if person_only and not all(is_person(v, lex.counts) for v in victims):
        return None
    count = _victims_count(victims, lex)
    if count is None and not person_only:
        count = _nearby_count(verb, lex, after=not passive)
    return count


def _is_passive(verb: Token) -> bool:
    """Passive voice, or a bare participle ("54 killed", "eight people killed")."""
    children = list(verb.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
        return True
    active = any(
        c.dep_ == "dobj" or (c.dep_ == "aux" and c.lemma_.lower() == "have") for c in children
    )
    return verb.tag_ == "VBN" and not active


def _subjects(verb: Token, lex: _Lexicon, *, passive: bool) -> list[Token]:
    """The victims a verb's subjects name, in text order (the agent of an active verb is
    kept only when it can be a victim: "Five killed", "Defector killed")."""
    found = []
    for child in verb.children:
        if child.dep_ not in ("nsubjpass", "nsubj") or _counted_elsewhere(child, verb, lex):
            continue
        if child.lower_ in _RELATIVES:
            if passive and verb.dep_ == "relcl":
                found.append(verb.head)
            continue
        if passive or is_quantity(child, lex.counts) or is_person(child, lex.counts):
            found.append(child)
    return sorted(found, key=lambda t: t.i)


def _victims_count(victims: list[Token], lex: _Lexicon) -> Count | None:
    """The count of one or more victim phrases: "a little boy a little girl and two women"
    parses as two subjects; a first subject with its own total keeps it ("15 civilians
    among them 11 children")."""
    if not victims:
        return None
    first = phrase_count(victims[0], lex.counts)
    if first is None or first.value != 1 or len(victims) == 1:
        return first
    rest = [phrase_count(v, lex.counts) for v in victims[1:]]
    if any(r is None or r.value is None for r in rest):
        return first
    value = first.value + sum(r.value for r in rest)  # type: ignore[union-attr,misc]
    return Count(value, first.tokens.union(*(r.tokens for r in rest)))  # type: ignore[union-attr]


def _counted_elsewhere(token: Token, word: Token, lex: _Lexicon) -> bool:
    """Does another casualty word than `word` hang from `token` ("8 injured", "civilians
    killed"), so its count is that word's?"""
    return any(c != word and _entry(c, lex) for c in token.children)


def _subject_count(verb: Token, lex: _Lexicon) -> Count | None:
    """ "21 others died", "56 civilians dying", "those who had died"."""
    victims = _subjects(verb, lex, passive=True)
    if not victims and verb.dep_ in ("acl", "relcl", "amod"):
        victims = [verb.head]
    return _victims_count(victims, lex) or _nearby_count(verb, lex, after=False)


def _state_count(word: Token, lex: _Lexicon) -> Count | None:
    """ "left 11 people dead", "17 civilians dead", "22 injured", "wounded children"."""
    if is_partitive(word, lex.counts):
        return None
    own = own_count(word, lex.counts) or of_quantity(word, lex.counts)
    if own is not None:
        return own
    head = word.head
    victim = None
    if head.lemma_.lower() == "leave" and head != word:
        victim = nearest_child(word, "nsubj") or nearest_child(head, "dobj")
    elif word.dep_ in ("amod", "acl", "conj") and head != word:
        victim = head
    elif word.dep_ in ("acomp", "attr", "oprd"):
        victim = nearest_child(head, "nsubj", "nsubjpass")
    count = phrase_count(victim, lex.counts) if victim is not None else None
    return count or _nearby_count(word, lex, after=False)


def _noun_count(noun: Token, lex: _Lexicon) -> Count | None:
    """ "four deaths", "the death of 35 civilians", "30 bodies", "hundreds of casualties"."""
    if is_partitive(noun, lex.counts):
        return None
    own = own_count(noun, lex.counts) or of_quantity(noun, lex.counts)
    if own is not None:
        return own
    of = prep_object(noun, "of")
    if of is not None:
        count = phrase_count(of, lex.counts)
        if count is not None:
            count.tokens |= {of.head.i}
        return count
    return _nearby_count(noun, lex, after=False)


def _harm_count(noun: Token, lex: _Lexicon) -> Count | None:
    """ "three people sustained injuries", "causing injuries to a woman"."""
    verb = noun.head.head if noun.head.dep_ == "prep" else noun.head
    if verb.lemma_.lower() not in _HARM_VERBS:
        return None
    victim = prep_object(verb, "to") or prep_object(noun, "to")
    if victim is None and verb.lemma_.lower() not in ("cause", "inflict"):
        victim = nearest_child(verb, "nsubj")
    count = phrase_count(victim, lex.counts) if victim is not None else None
    if count is not None:
        count.tokens |= {verb.i}
    return count


def _lives_count(lives: Token, lex: _Lexicon) -> Count | None:
    """ "claimed 300 lives", "claimed the lives of three", "claimed hundreds of lives"."""
    verb = _verb_of(lives)
    if verb.lemma_.lower() not in _LIVES_VERBS:
        return None
    count = _noun_count(lives, lex)
    if count is None and verb.lemma_.lower() == "lose" and nearest_child(verb, "nsubj") is not None:
        count = phrase_count(nearest_child(verb, "nsubj"), lex.counts)  # type: ignore[arg-type]
    if count is not None:
        count.tokens.add(verb.i)
    return count


def _verb_of(noun: Token) -> Token:
    """The verb a noun is the object of, through prepositions ("claimed the lives of")."""
    verb = noun.head
    while verb.pos_ != "VERB" and verb.dep_ in ("pobj", "prep", "dobj") and verb.head != verb:
        verb = verb.head
    return verb


def _toll_count(word: Token, lex: _Lexicon) -> tuple[str, Count, Token] | None:
    """ "the death toll rose to 40", "put the toll at 30", "the number of victims is 70"."""
    role = "dead"
    if word.lemma_.lower() == "number":
        what = prep_object(word, "of")  # only "the number of dead/victims/injured ..."
        entry = _entry(what, lex) if what is not None else None
        if what is None or (entry is None and what.lemma_.lower() != "victim"):
            return None
        role = entry[0] if entry else "dead"
    head = word.head
    holders = [word]
    if word.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        holders.append(head)
    holders += [c for c in word.children if c.dep_ == "acl"]  # "the toll estimated between"
    candidates = [nearest_child(head, "attr", "dobj", "acomp")] if len(holders) > 1 else []
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in _TOLL_PREPS:
                candidates += [nearest_child(prep, "pobj"), _next_quantity(prep, lex)]
    numbers = sorted((c for c in candidates if c is not None and c.i > word.i), key=lambda c: c.i)
    for number in numbers:
        count = phrase_count(number, lex.counts)
        if count is not None and count.value is not None:
            return role, count, head
    return None


def _next_quantity(prep: Token, lex: _Lexicon) -> Token | None:
    """The number right after a preposition ("rose to 70", "at least 30"), if any."""
    for token in prep.doc[prep.i + 1 : min(prep.i + 1 + _NEARBY, sentence_of(prep).end)]:
        if is_quantity(token, lex.counts):
            return token
        if token.pos_ not in ("ADV", "ADJ", "ADP"):
            return None
    return None


def _nearby_count(word: Token, lex: _Lexicon, *, after: bool) -> Count | None:
    """The count right beside a casualty word whose parse gives none ("54 Killed").

    Looks after an active verb over quantity modifiers ("wounded more than 100"), and
    before the word over auxiliaries, nouns and adjectives ("his son had died", "16
    civilians were killed", "29 Syria Rebels Dead").
    """
    doc, sent = word.doc, sentence_of(word)
    if after:
        for token in doc[word.i + 1 : min(word.i + 1 + _NEARBY, sent.end)]:
            if is_quantity(token, lex.counts) and not _counted_elsewhere(token, word, lex):
                return phrase_count(token, lex.counts)
            if token.pos_ not in ("ADV", "ADJ", "ADP", "DET") or token.lower_ == "of":
                break
    for token in reversed(doc[max(word.i - _NEARBY, sent.start) : word.i]):
        if token.pos_ in ("AUX", "PART", "ADV"):
            continue
        if _entry(token, lex) or token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            break
        if is_quantity(token, lex.counts) or token.pos_ in ("NOUN", "PROPN"):
            count = phrase_count(token, lex.counts)
            if count is not None:
                return count
    return None


# -- statements ------------------------------------------------------------------------


def _mark_undivided(claims: list[_Claim], silent: list[Token], lex: _Lexicon) -> None:
    """ "49 fighters were killed and wounded": one count for both, so neither is known."""
    for word in silent:
        entry = _entry(word, lex)
        if entry is None or entry[0] != "injured" or word.dep_ != "conj":
            continue
        for claim in claims:
            if claim.trigger == word.head and claim.role == "dead":
                claim.undivided = True


def _pair_injured(claims: list[_Claim]) -> None:
    """Join each injured count to the nearest dead count of its clause, once."""
    for claim in claims:
        if claim.role != "injured":
            continue
        partners = [
            other
            for other in claims
            if other.role == "dead"
            and other.injured is None
            and not other.undivided
            and _linked(other, claim)
        ]
        if partners:
            partner = min(partners, key=lambda o: abs(o.trigger.i - claim.trigger.i))
            partner.injured = claim.count
            claim.merged = True


def _linked(dead: _Claim, injured: _Claim) -> bool:
    """Do the two counts belong to one statement: one clause, or side by side?"""
    a, b = dead.anchor, injured.trigger
    if a.is_ancestor(b) or b.head == a or a.head == b:
        return True
    dead_end = max(dead.count.tokens)
    injured_start = min(injured.count.tokens)
    return 0 < injured_start - dead_end <= 3
