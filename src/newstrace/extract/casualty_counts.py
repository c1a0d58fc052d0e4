"""How many people a phrase counts: the numbers of casualty statements.

`phrase_count(noun, words)` reads the count of a victim phrase: a number (digits or
`casualty_quantities` words: "Seventy-six", "1.2 million", "a dozen") on the noun or as
the noun, summed over coordinated nouns ("a child and a woman" = 2, "45 militants and 20
fighters" = 65; an apposition only breaks a total down), or 1 for one person ("a child",
"his son", "a 12-year-old", a named person). A vague quantity ("dozens", "hundreds of",
"several", "a number of") is a count whose value is None. "at least / more than /
nearly N" count as N; the words stay in the count's tokens so evidence shows them.
Numbers of dates, ages, money, percentages and distances are never counts, nor is a
breakdown of a toll already given ("14 of the dead").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..data import load_lexicon, load_table
from ..nlp.docindex import index as doc_index

VAGUE = "X"
# Entity labels whose numbers are never head counts.
_NOT_COUNT_ENTS = frozenset({"MONEY", "PERCENT", "ORDINAL", "QUANTITY", "TIME"})
# Children of a noun that can carry its count ("30 bodies", "several others").
_COUNT_DEPS = frozenset({"nummod", "amod", "det", "quantmod", "compound"})
# Children on the left of a count that belong to its phrase ("at least", "another", "all").
_PHRASE_DEPS = frozenset(
    {"quantmod", "advmod", "det", "predet", "nummod", "amod", "compound", "poss", "nmod"}
)
_DEFINITE = frozenset({"the", "those", "them", "these", "whom"})
_ONE_DETS = frozenset({"a", "an", "one", "the", "this", "that", "another"})
_SCALES = {"hundred": 100, "dozen": 12}
_SCALES_AFTER_DIGITS = frozenset({"hundred", "thousand", "million", "billion", "dozen"})


@dataclass(frozen=True, slots=True)
class CountWords:
    """The lexicons a count is read with."""

    quantities: dict[str, int | None]
    victims: frozenset[str]
    measure_words: frozenset[str]
    months: frozenset[str]


@cache
def count_words(lang: str = "en") -> CountWords:
    """Load the quantity, person and measure words of `lang` once."""
    quantities = {
        k.lower(): (None if v[0] == VAGUE else int(v[0]))
        for k, v in load_table("casualty_quantities", lang).items()
    }
    victims = {w.lower() for w in load_lexicon("casualty_victims", lang)}
    victims |= {k.lower() for k in load_table("person_nouns", lang)}
    months = {k.lower() for k in load_table("temporal_months", lang)}
    # A number on these is an age, a date or a measure ("a 12-year-old", "30 km"), not a count.
    measures = {k.lower() for k in load_table("temporal_units", lang)} | months
    measures |= {k.lower() for k in load_table("temporal_weekdays", lang)}
    measures |= set(load_lexicon("casualty_measures", lang))
    return CountWords(quantities, frozenset(victims), frozenset(measures), frozenset(months))


def sentence_of(token: Token) -> SpacySpan:
    """The sentence of `token`, from the doc index (`token.sent` walks the doc each call)."""
    return doc_index(token.doc).sentence_of(token)


@dataclass(slots=True)
class Count:
    """A count and the tokens that state it; `value` None for a vague quantity."""

    value: int | None
    tokens: set[int] = field(default_factory=set)


def nearest_child(token: Token, *deps: str) -> Token | None:
    """The child of `token` with the first of `deps` it has, nearest to it."""
    found = [c for c in token.children if c.dep_ in deps]
    return min(found, key=lambda c: (deps.index(c.dep_), abs(c.i - token.i)), default=None)


def prep_object(token: Token, *words: str) -> Token | None:
    """The object of `token`'s preposition `words` ("the death [of] 35 civilians")."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in words:
            obj = nearest_child(prep, "pobj")
            if obj is not None:
                return obj
    return None


def is_person(token: Token, lex: CountWords) -> bool:
    """Can `token` name the people a count is of ("civilians", "Syrians", a named person)?"""
    return (
        token.lemma_.lower() in lex.victims
        or token.lower_ in lex.victims
        or token.ent_type_ in ("NORP", "PERSON")
        or _is_age(token, lex)
    )


def _is_age(token: Token, lex: CountWords) -> bool:
    """ "a 12-year-old" names a person (and 12 is no count)."""
    return token.lower_ == "old" and any(c.lower_ in lex.measure_words for c in token.children)


def is_quantity(token: Token, lex: CountWords) -> bool:
    """Is `token` a number or quantity word that can count people?"""
    if token.lower_ not in lex.quantities and not token.like_num:
        return False
    if token.lower_ == "one" and token.dep_ in ("pobj", "nsubj", "appos"):
        return False  # "one of them", "one of the roads"
    if token.lower_ == "number" and not any(c.lower_ == "a" for c in token.children):
        return False  # "a number of others" is vague; "the number of" is no quantity
    return not _not_a_count(token, lex)


def _not_a_count(token: Token, lex: CountWords) -> bool:
    """Numbers of dates, ages, money, percentages and distances."""
    if token.ent_type_ in _NOT_COUNT_ENTS or ":" in token.text:
        return True
    doc = token.doc
    if _hyphenated_number(token, 1) or _hyphenated_number(token, -1):
        return True  # "17-08-2016", "5-8 years"
    head = token.head
    if head != token and token.dep_ in ("nummod", "compound", "quantmod", "amod"):
        # a day of the month sits next to its month ("10 Jul"), not three words away
        near = head.lower_ not in lex.months or abs(head.i - token.i) == 1
        if near and (head.lower_ in lex.measure_words or head.lemma_ in lex.measure_words):
            return True
    if any(c.lower_ in lex.measure_words for c in token.children if c.dep_ != "prep"):
        return True
    digits = token.text.replace(",", "")
    if token.ent_type_ == "DATE" and digits.isdigit() and 1900 <= int(digits) <= 2100:
        return True
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return token.ent_type_ == "DATE" and (before in lex.months or after in lex.months)


def _hyphenated_number(token: Token, step: int) -> bool:
    """Is `token` joined by a hyphen to a number of digits on the `step` side?"""
    doc, dash, other = token.doc, token.i + step, token.i + 2 * step
    if not (0 <= other < len(doc)) or doc[dash].text != "-":
        return False
    return _has_digit(doc[other]) and _has_digit(token)


def _number_run(token: Token, lex: CountWords) -> list[Token]:
    """The tokens of the number `token` is part of: "Seventy - six", "1.2 million"."""
    doc, sent = token.doc, sentence_of(token)
    run = [token]
    i = token.i - 1
    while i >= sent.start and _joins(doc[i], run[0], lex, before=True):
        run.insert(0, doc[i])
        i -= 1
    i = token.i + 1
    while i < sent.end and _joins(doc[i], run[-1], lex, before=False):
        run.append(doc[i])
        i += 1
    while run[-1].text == "-":
        run.pop()
    while run[0].text == "-":
        run.pop(0)
    return run


def _joins(token: Token, neighbour: Token, lex: CountWords, *, before: bool) -> bool:
    """Does `token`, just before (or after) `neighbour`, continue the same number?"""
    if token.text == "-":
        return not _has_digit(neighbour)  # "Seventy-six", never "5-8"
    if token.lower_ not in lex.quantities and not token.like_num:
        return False
    digit, other = (token, neighbour) if before else (neighbour, token)
    if _has_digit(token) and _has_digit(neighbour):
        return False  # "2016 2 killed": two numbers side by side
    if _has_digit(token) or _has_digit(neighbour):
        return _has_digit(digit) and other.lower_ in _SCALES_AFTER_DIGITS  # "1.2 million"
    return True


def _has_digit(token: Token) -> bool:
    return any(ch.isdigit() for ch in token.text)


def _value(run: list[Token], lex: CountWords) -> int | None:
    """The value of a number run; None when any part of it is vague ("several dozen")."""
    total = current = 0.0
    for token in run:
        if token.text == "-":
            continue
        word = token.lower_
        if word not in lex.quantities:
            try:
                current += float(word.replace(",", ""))
            except ValueError:
                return None
            continue
        value = lex.quantities[word]
        if value is None:
            return None
        if word in _SCALES:
            current = max(current, 1) * value
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return int(total + current)


def quantity_count(token: Token, lex: CountWords) -> Count:
    """The count of the number `token` is part of, with its modifiers ("at least 20")."""
    run = _number_run(token, lex)
    tokens = {t.i for t in run}
    for part in run:
        tokens |= _left_tokens(part)
    return Count(_value(run, lex), tokens)


def own_count(noun: Token, lex: CountWords) -> Count | None:
    """A count written on the noun itself: "four deaths", "30 bodies", "several others"."""
    for child in noun.children:
        if child.i < noun.i and child.dep_ in _COUNT_DEPS and is_quantity(child, lex):
            count = quantity_count(child, lex)
            count.tokens |= _left_tokens(noun)
            return count
    return None


def of_quantity(noun: Token, lex: CountWords) -> Count | None:
    """The count of "hundreds of casualties", "dozens of dead", "scores of civilians"."""
    if (
        is_partitive(noun, lex)
        or noun.dep_ != "pobj"
        or noun.head.lower_ != "of"
        or not is_quantity(noun.head.head, lex)
    ):
        return None
    count = quantity_count(noun.head.head, lex)
    count.tokens |= {noun.head.i} | _left_tokens(noun)
    return count


def _left_tokens(noun: Token) -> set[int]:
    """The noun and the words before it in its phrase ("at least 112 people")."""
    tokens = {noun.i}
    for child in noun.lefts:
        if child.dep_ in _PHRASE_DEPS:
            tokens |= {t.i for t in child.subtree}
    return tokens


def phrase_count(noun: Token, lex: CountWords) -> Count | None:
    """The count of a victim phrase headed by `noun`, or None when it gives none."""
    if noun.dep_ == "appos" and noun.head.pos_ in ("NOUN", "PROPN", "NUM"):
        counted = phrase_count(noun.head, lex)  # "Two people one of them a child"
        if counted is not None:
            return counted
    counted = of_quantity(noun, lex)
    if counted is not None:
        return counted
    if is_quantity(noun, lex):
        count = quantity_count(noun, lex)
        of = prep_object(noun, "of")  # "dozens of people", "hundreds of thousands of civilians"
        if of is not None:
            count.tokens |= _left_tokens(of) | {of.head.i}
            inner = prep_object(of, "of") if is_quantity(of, lex) else None
            if inner is not None:
                count.tokens |= _left_tokens(inner) | {inner.head.i}
        return count
    parts = [noun, *(c for c in noun.conjuncts if c.i > noun.i)]
    counts: list[Count] = []
    shared_det = False
    for part in parts:
        count = own_count(part, lex) or _single_count(part, lex, shared_det=shared_det)
        if count is None:
            break
        shared_det = shared_det or count.value == 1
        counts.append(count)
    if not counts:
        appos = nearest_child(noun, "appos")  # "Hezbollah ... more than 30 Nusra Front militants"
        return own_count(appos, lex) if appos is not None else None
    if len(counts) < len(parts) or any(c.value is None for c in counts):
        return counts[0]
    return Count(sum(c.value for c in counts), set().union(*(c.tokens for c in counts)))  # type: ignore[misc]


def _single_count(noun: Token, lex: CountWords, *, shared_det: bool = False) -> Count | None:
    """1 for one person: "a child", "his son", a named person ("a man woman and child")."""
    if not is_person(noun, lex) or noun.tag_ in ("NNS", "NNPS"):
        return None
    tokens = _left_tokens(noun)
    if noun.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in noun.rights):
        return Count(1, tokens | {t.i for t in noun.subtree if t.ent_type_ == "PERSON"})
    if shared_det or any(
        c.dep_ == "poss" or (c.dep_ in ("det", "nummod") and c.lower_ in _ONE_DETS)
        for c in noun.children
    ):
        return Count(1, tokens)
    return None


def is_partitive(noun: Token, lex: CountWords) -> bool:
    """ "14 of the dead", "nine of those killed": a breakdown of a toll already given."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return False
    whole = noun.head.head
    definite = noun.lower_ in _DEFINITE or any(c.lower_ in _DEFINITE for c in noun.children)
    return definite and (is_quantity(whole, lex) or whole.lower_ in ("most", "all", "many"))
