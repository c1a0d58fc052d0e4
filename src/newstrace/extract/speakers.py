"""Who a quote belongs to: speaker spans, full names, genders and pronoun antecedents.

A pronoun speaker ("he said") is resolved only to a compatible antecedent: the
nearest subject before it, outside quotation marks, in the same or the previous
paragraph. When that nearest subject cannot be the pronoun's referent (an organisation
for "he", a woman for "he", a plural for "she"), the speaker stays unresolved: we never
skip over it to an older, merely compatible name, because that is how quotes get
pinned on the wrong person.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..data import load_lexicon, load_table
from ..nlp.docindex import Ranges, in_ranges, index
from ..records import Actor, Mention, Resolution, Speaker
from ..records import Span as RecordSpan
from .actors import demonym_country

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "GPE", "NORP"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Dependents that belong to the speaker's name and title, not to an aside about them.
SPEAKER_SKIP_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep", "case"}
NOMINAL_KEEP_DEPS = {"prep"}


@dataclass(frozen=True, slots=True)
class Referent:
    """What is known of a possible speaker: its kind, number and gender."""

    kind: str  # "person", "org" or "unknown"
    number: str  # "sg" or "pl"
    gender: str | None  # "m", "f" or None when unknown


@cache
def _pronouns(lang: str) -> dict[str, tuple[str, ...]]:
    return load_table("pronouns", lang)


@cache
def _genders(lang: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    def table(name: str) -> dict[str, str]:
        return {k: v[0] for k, v in load_table(name, lang).items() if v and v[0] in "mf"}

    return table("person_gender"), table("first_names"), table("person_titles")


def is_pronoun(token: Token) -> bool:
    return token.lower_ in _pronouns("en") and token.pos_ == "PRON"


def speaker_tokens(head: Token) -> list[Token]:
    """The tokens naming the speaker headed by `head`, titles included, asides excluded.

    "U.S. Army Col. Steve Warren, the Baghdad spokesman …" → "U.S. Army Col. Steve Warren";
    "a spokesman for the ministry" keeps its "for" phrase because the head is a common noun.
    """
    keep_right = head.pos_ != "PROPN"
    tokens = [head]
    for child in head.children:
        if child.dep_ == "appos" and child.i == head.i + 1 and child.pos_ == "PROPN":
            tokens.extend(child.subtree)  # "minister Gatilov": a name in apposition, no comma
            continue
        if child.dep_ in SPEAKER_SKIP_DEPS and not (
            keep_right and child.dep_ in NOMINAL_KEEP_DEPS and child.i > head.i
        ):
            continue
        if child.i > head.i and not keep_right and child.dep_ != "case":
            continue
        tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    # keep the contiguous run around the head: a name never has holes
    run = [t for t in tokens if t.i >= head.i]
    left = [t for t in tokens if t.i < head.i]
    index = head.i
    for token in reversed(left):
        if token.i != index - 1:
            break
        run.insert(0, token)
        index = token.i
    breaks = [i for i, t in enumerate(run) if "\n" in t.text or "\n" in t.whitespace_]
    if breaks and run[breaks[-1]].i < head.i:
        run = run[breaks[-1] + 1 :]
    while run and (run[0].is_punct or run[0].dep_ == "cc" or run[0].is_space):
        run.pop(0)
    while run and (run[-1].is_punct or run[-1].dep_ == "case") and run[-1] is not head:
        run.pop()
    return run or [head]


def entity_in(doc: Doc, start: int, end: int, labels: Iterable[str]) -> Span | None:
    """The longest entity with one of `labels` inside the char range [start, end)."""
    wanted = set(labels)
    ents = index(doc).ents
    found = []
    # doc.ents are in order and never overlap: only those starting in the range can fit
    for i in range(bisect.bisect_left(_ent_starts(doc), start), len(ents)):
        e = ents[i]
        if e.start_char >= end:
            break
        if e.label_ in wanted and e.end_char <= end:
            found.append(e)
    return max(found, key=len, default=None)


def _ent_starts(doc: Doc) -> list[int]:
    """The start characters of the doc's entities, in order (built once per doc)."""
    derived = index(doc).derived
    found = derived.get("ent_starts")
    if found is None:
        found = derived["ent_starts"] = [e.start_char for e in index(doc).ents]
    return found  # type: ignore[return-value]


def strip_possessive(name: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def full_person_name(doc: Doc, name: str) -> str:
    """The fullest form of a person's name in `doc`: "Warren" → "Steve Warren"."""
    return _fullest_names(doc).get(tuple(name.split()), name)


def _fullest_names(doc: Doc) -> dict[tuple[str, ...], str]:
    """Each ending of the doc's person names ("Warren") -> the first of the longest names
    it ends ("Steve Warren").

    Built once per doc: looking names up entity by entity made a long text of many names
    quadratic.
    """
    derived = index(doc).derived
    found = derived.get("fullest_person_names")
    if found is None:
        found = {}
        for ent in index(doc).ents:
            if ent.label_ not in PERSON_LABELS:
                continue
            words = strip_possessive(ent.text).split()
            for size in range(1, len(words)):
                ending = tuple(words[-size:])
                if len(words) > len(found.get(ending, "").split()):
                    found[ending] = " ".join(words)
        derived["fullest_person_names"] = found
    return found  # type: ignore[return-value]


def _strip_determiner(text: str) -> str:
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def referent_of(doc: Doc, tokens: list[Token]) -> Referent:
    """Kind, number and gender of the noun phrase `tokens`, from entities and lexicons."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    head = phrase_head(tokens)
    number = "pl" if head.tag_ in ("NNS", "NNPS") else "sg"
    person = entity_in(doc, start, end, PERSON_LABELS)
    if person is not None and (head.ent_type_ in PERSON_LABELS or head.pos_ != "PROPN"):
        return Referent("person", "sg", gender_of(doc, person))
    if head.pos_ == "PROPN" and _known_person_word(doc, head.text):
        # the whole proper name, "Ivanka Trump" (tagged PRODUCT), not the bare "Trump"
        first = head.i
        while first > tokens[0].i and doc[first - 1].pos_ == "PROPN":
            first -= 1
        return Referent("person", "sg", gender_of(doc, doc[first : head.i + 1]))
    if head.ent_type_ in ORG_LABELS:
        return Referent("org", number, None)
    person_nouns = load_table("person_nouns", "en")
    noun = head.lower_ if head.lower_ in person_nouns else head.lemma_.lower()
    if noun in person_nouns:
        gender = person_nouns[noun][0] if person_nouns[noun] else "-"
        return Referent("person", number, gender if gender in ("m", "f") else None)
    return Referent("unknown", number, None)


def _known_person_word(doc: Doc, word: str) -> bool:
    """Whether `word` names a person elsewhere in `doc` or in the known-people lexicon.

    The stock model often tags a lone surname ("Bozell says") as an organisation even
    where the article gives the full name as a person; a name keeps one kind per article.
    """
    known, first_names, _ = _genders("en")
    if word in known or word in first_names:
        return True
    derived = index(doc).derived
    words = derived.get("person_words")
    if words is None:
        words = derived["person_words"] = {
            w for ent in index(doc).ents if ent.label_ in PERSON_LABELS for w in ent.text.split()
        }
    return word in words  # type: ignore[operator]


def phrase_head(tokens: list[Token]) -> Token:
    """The token of a phrase whose syntactic head lies outside it."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]


def gender_of(doc: Doc, person: Span) -> str | None:
    """Gender of a person mention where known: title, known figure, first name."""
    known, first_names, titles = _genders("en")
    name = full_person_name(doc, strip_possessive(person.text))
    if name in known:
        return known[name]
    surname = name.split()[-1]
    previous = doc[person.start - 1] if person.start > 0 else None
    if previous is not None and previous.text in titles:
        return titles[previous.text]
    if previous is not None:  # "9/11 widow Terry Strada": the noun outranks the first name
        noun_gender = load_table("person_nouns", "en").get(previous.lower_)
        if noun_gender and noun_gender[0] in ("m", "f"):
            return noun_gender[0]
    if name.split()[0] in first_names and len(name.split()) > 1:
        return first_names[name.split()[0]]
    return known.get(surname)


def compatible(pronoun: Token, referent: Referent) -> bool:
    """Whether `pronoun` can refer to `referent` (person, number and gender agree)."""
    entry = _pronouns("en").get(pronoun.lower_)
    if entry is None:
        return False
    number, gender, kind = entry
    if kind == "person" and referent.kind == "org":
        return False
    if kind == "org" and referent.kind == "person":
        return False
    if number == "sg" and referent.number == "pl" and referent.kind != "org":
        return False
    if number == "pl" and referent.number == "sg" and referent.kind == "person":
        return False
    return not (gender != "-" and referent.gender is not None and referent.gender != gender)


def speaker_from_tokens(doc: Doc, tokens: list[Token], resolution: Resolution) -> Speaker:
    """A `Speaker` for the noun phrase `tokens`, its name as full as the doc allows."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    head = phrase_head(tokens)
    person = entity_in(doc, start, end, PERSON_LABELS)
    if person is not None and not (person.start <= head.i < person.end):
        person = None  # "Aides to Clinton" are not Clinton
    person = person or _appositive_person(doc, tokens)
    entity = person
    if person is not None:
        name = full_person_name(doc, strip_possessive(person.text))
    else:
        entity = org = entity_in(doc, start, end, ORG_LABELS)
        name = _strip_determiner(org.text if org is not None else index(doc).text[start:end])
        if org is not None or head.pos_ in ("PROPN", "NOUN"):
            name = full_org_name(doc, name, head)
    return Speaker(
        start=start,
        end=end,
        text=index(doc).text[start:end],
        name=name,
        actor=_actor_of(doc, entity, name, tokens),
        resolution=resolution,
    )


def _actor_of(doc: Doc, entity: Span | None, name: str, tokens: list[Token]) -> Actor | None:
    """The speaker's actor: their entity's mention actor, coded CAMEO style from the title.

    "U.S. Army Col. Steve Warren" → Steve Warren, USA, MIL; "Russian deputy foreign
    minister Gatilov" → Gatilov, RUS, GOV; a nominal "a Defence Ministry spokesman" gets a
    sector alone. What the title leaves out comes from the person's mention, coded from
    the people dictionary ("Lavrov" → RUS GOV). An organisation keeps its mention's actor.
    """
    mention = None
    if entity is not None:
        mention = _mentions(doc).with_actor.get(entity.start_char)
        if mention is not None and entity.label_ not in PERSON_LABELS:
            return mention.actor
    country, sector = title_code(doc, tokens, entity)
    if mention is not None:
        # the title is what the article says of the person now; the people dictionary
        # (the mention's coding) fills what the title leaves out: "President Bill
        # Clinton" is GOV whatever his current dictionary role
        actor = mention.actor
        return Actor(
            name=name,
            country=country or actor.country,
            sector=sector or actor.sector,
            span=actor.span,
        )
    if entity is None and (country or sector):
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        return Actor(name=name, country=country, sector=sector, span=_record_span(doc, start, end))
    if entity is not None and (country or sector):
        return Actor(name=name, country=country, sector=sector)
    return None


def title_code(doc: Doc, tokens: list[Token], entity: Span | None) -> tuple[str | None, str | None]:
    """Country and sector from the words around a speaker's name: demonyms, countries and
    organisations named in the span, and the longest CAMEO agent phrase (agents lexicon)."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    country = None
    for mention in _mentions(doc).between(start, end):
        if mention.actor is not None:
            if entity is not None and mention.start == entity.start_char:
                continue
            country = country or mention.actor.country
    if country is None:
        country = _demonym_in(tokens, entity)
    words = [t.lower_.rstrip(".") for t in tokens if not t.is_punct or t.text == "."]
    words = [w for w in words if w]
    agents, abbreviations = _agents("en")
    sector = None
    best = 0
    for i in range(len(words)):
        for j in range(min(len(words), i + 5), i, -1):
            phrase = " ".join(words[i:j])
            found = agents.get(phrase) or (abbreviations.get(phrase) if j == i + 1 else None)
            if found is None and j == i + 1 and phrase.endswith("s"):
                found = agents.get(phrase[:-1])
            if found and j - i > best:
                sector, best = found, j - i
                break
    return country, sector


def _demonym_in(tokens: list[Token], entity: Span | None) -> str | None:
    """The country of the first demonym among `tokens` outside `entity`, for the words the
    model tags as no entity or as part of another ("Radical French farmers")."""
    skip = range(entity.start, entity.end) if entity is not None else range(0)
    words = [t for t in tokens if t.i not in skip and t.text[:1].isupper()]
    for n, token in enumerate(words):
        pair = f"{token.text} {words[n + 1].text}" if n + 1 < len(words) else None
        for form in (pair, token.text):  # "Sierra Leonean" before "Sierra"
            if form:
                found, iso3 = demonym_country(form)
                if found and iso3:
                    return iso3
    return None


class _Mentions:
    """The doc's mentions, looked up by position (built once per doc and mentions list)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.with_actor: dict[int, Mention] = {}
        for m in mentions:  # the first mention with an actor at each start
            if m.actor:
                self.with_actor.setdefault(m.start, m)
        self._starts = [m.start for m in mentions]
        self._ordered = self._starts == sorted(self._starts)

    def between(self, start: int, end: int) -> list[Mention]:
        """The mentions inside [start, end), in the mentions' order."""
        if not self._ordered:  # never from the pipeline, which lists them in text order
            return [m for m in self.mentions if start <= m.start and m.end <= end]
        found = []
        for i in range(bisect.bisect_left(self._starts, start), len(self.mentions)):
            mention = self.mentions[i]
            if mention.start > end:
                break
            if mention.end <= end:
                found.append(mention)
        return found


def _mentions(doc: Doc) -> _Mentions:
    mentions = doc._.mentions or ()
    derived = index(doc).derived
    found = derived.get("mentions")
    if not isinstance(found, _Mentions) or found.mentions is not mentions:
        found = derived["mentions"] = _Mentions(mentions)
    return found


@cache
def _agents(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    def table(name: str) -> dict[str, str]:
        return {k: v[0] for k, v in load_table(name, lang).items() if v}

    return table("agents"), table("agent_abbreviations")


def _record_span(doc: Doc, start: int, end: int) -> RecordSpan:
    return RecordSpan.of(index(doc).text, start, end)


def full_org_name(doc: Doc, name: str, head: Token) -> str:
    """The fullest form of an organisation's name: "the observatory" → "Syrian Observatory
    for Human Rights", when the article names exactly one organisation with that word.
    """
    word = head.lower_
    # a common noun ("the observatory") only takes the name of a known organisation
    # (one the entity ruler tagged); a headline's "Aleppo Monitor" is no such thing
    known_only = head.pos_ == "NOUN"
    forms = {name for name, known in _org_names(doc).get(word, ()) if known or not known_only}
    if not forms:
        return name
    longest = max(forms, key=len)
    if len(longest) <= len(name) or not all(form in longest for form in forms):
        return name
    return longest


def _org_names(doc: Doc) -> dict[str, list[tuple[str, bool]]]:
    """Each lower-case word of the doc's ORG entities -> (name, known to the entity ruler)
    of the entities holding it (built once per doc)."""
    derived = index(doc).derived
    found = derived.get("org_names")
    if found is None:
        found = {}
        for ent in index(doc).ents:
            if ent.label_ == "ORG":
                entry = (_strip_determiner(ent.text), bool(ent.ent_id_))
                for word in {t.lower_ for t in ent}:
                    found.setdefault(word, []).append(entry)
        derived["org_names"] = found
    return found  # type: ignore[return-value]


def _appositive_person(doc: Doc, tokens: list[Token]) -> Span | None:
    """The person named beside a nominal speaker: "a spokesman, John Smith, said"."""
    head = phrase_head(tokens)
    for child in head.children:
        if child.dep_ == "appos":
            left, right = child.left_edge, child.right_edge
            found = entity_in(doc, left.idx, right.idx + len(right), PERSON_LABELS)
            if found is not None:
                return found
    return None


# How many earlier "she said" a "she said" may lean on to find its antecedent.
MAX_PRONOUN_CHAIN = 3


# How far back an antecedent is looked for, in characters, whatever the paragraphs: three
# paragraphs of news are shorter (PolNeAR's longest line is 2,573 characters), and a text
# of one endless paragraph made every pronoun walk back to its start.
MAX_ANTECEDENT_DISTANCE = 10_000

# Why a pronoun stayed unresolved: the earlier speaker that cannot be it (its words and
# kind), or None when nothing before it could be.
_Blocker = tuple[str, str] | None


def resolve_pronoun(
    doc: Doc,
    pronoun: Token,
    quoted: Sequence[tuple[int, int]],
    paragraph_starts: list[int],
    paragraphs_back: int = 2,
    depth: int = 0,
) -> tuple[Speaker, list[Token] | None, str | None]:
    """Resolve a pronoun speaker to its antecedent, or leave it unresolved.

    Candidates are earlier subjects and person names outside quotation marks, nearest
    first, within this paragraph and `paragraphs_back` before it (and at most
    `MAX_ANTECEDENT_DISTANCE` characters back). The first one that agrees with the
    pronoun (person, number, gender) is the antecedent. An earlier *speaker* that cannot
    be the pronoun (an organisation that "says", a woman before "he said") stops the
    search: the pronoun then has no safe antecedent. So does an earlier "he said" that
    has none: the same speaker again, no better known.

    Returns the speaker, the antecedent's tokens when resolved, and, when unresolved,
    why (for the orphan-quote finding).
    """
    speaker, antecedent, blocker = _resolved(
        doc, pronoun, quoted, paragraph_starts, paragraphs_back, depth
    )
    return speaker, antecedent, None if antecedent is not None else _reason(pronoun, blocker)


def _reason(pronoun: Token, blocker: _Blocker) -> str:
    if blocker is None:
        return f"no person or organisation before '{pronoun.text}' that it can refer to"
    named, kind = blocker
    what = {"org": "an organisation", "person": "a person", "unknown": "not a known speaker"}
    return f"the nearest earlier speaker, '{named}' ({what[kind]}), cannot be '{pronoun.text}'"


# One pronoun's resolution: the speaker, the antecedent's tokens, why it stayed
# unresolved, and where the search stopped (the candidate that decided, None if none did).
_Resolution = tuple[Speaker, list[Token] | None, _Blocker, int | None]


def _resolved(
    doc: Doc,
    pronoun: Token,
    quoted: Sequence[tuple[int, int]],
    paragraph_starts: list[int],
    paragraphs_back: int,
    depth: int,
) -> tuple[Speaker, list[Token] | None, _Blocker]:
    """`resolve_pronoun`, its reason as a blocker, computed once per pronoun and depth:
    a chain of "he said" re-resolved every earlier one, a paragraph of forty took minutes.
    """
    derived = index(doc).derived
    memo = derived.get("pronoun_memo")
    if (
        memo is None
        or (memo[0] is not quoted and memo[2] is not quoted)
        or memo[1] is not paragraph_starts
    ):
        # quotation marks as `Ranges`: each candidate word asks whether it is quoted
        ranges = quoted if isinstance(quoted, Ranges) else Ranges(quoted)
        memo = derived["pronoun_memo"] = (quoted, paragraph_starts, ranges, {})
    found = memo[3]
    key = (pronoun.i, paragraphs_back, depth)
    if key not in found:
        found[key] = _resolve(
            doc, pronoun, memo[2], paragraph_starts, paragraphs_back, depth, found
        )
    return found[key][:3]


def _resolve(
    doc: Doc,
    pronoun: Token,
    quoted: Sequence[tuple[int, int]],
    paragraph_starts: list[int],
    paragraphs_back: int,
    depth: int,
    found: dict[tuple[int, int, int], _Resolution],
) -> _Resolution:
    window_start = max(
        _window_start(pronoun.idx, paragraph_starts, paragraphs_back),
        pronoun.idx - MAX_ANTECEDENT_DISTANCE,
    )
    span = dict(start=pronoun.idx, end=pronoun.idx + len(pronoun), text=pronoun.text)
    unresolved = Speaker(**span, name=None, resolution="unresolved")
    for at, candidate, again in _candidates(doc, pronoun, quoted, window_start):
        if is_pronoun(candidate[0]):
            # "…,” she added. “…,” she said.": the same speaker again, as the first "she" is
            if depth < MAX_PRONOUN_CHAIN:
                earlier, antecedent, blocker = _resolved(
                    doc, candidate[0], quoted, paragraph_starts, paragraphs_back, depth + 1
                )
                if antecedent is not None:
                    speaker = Speaker(
                        **span, name=earlier.name, actor=earlier.actor, resolution="coreference"
                    )
                    return speaker, antecedent, None, at
                if again:  # the same "she said": looking past it meets what stopped it
                    return unresolved, None, blocker, at
                continue
            if not again:
                continue
            # past the chain's end the earlier "she" is skipped, and what lies before it
            # is what its own search met, if done: take that rather than walk it again
            last = found.get((candidate[0].i, paragraphs_back, depth))
            if last is None:
                continue
            speaker, antecedent, blocker, stop = last
            if stop is None or stop < window_start:
                break  # nothing decides within this pronoun's reach
            if antecedent is not None:
                speaker = Speaker(
                    **span, name=speaker.name, actor=speaker.actor, resolution="coreference"
                )
                return speaker, antecedent, None, stop
            return unresolved, None, blocker, stop
        referent = referent_of(doc, candidate)
        if referent.kind != "unknown" and compatible(pronoun, referent):
            antecedent = speaker_from_tokens(doc, candidate, "coreference")
            speaker = Speaker(
                **span, name=antecedent.name, actor=antecedent.actor, resolution="coreference"
            )
            return speaker, candidate, None, at
        if referent.kind != "unknown" and _is_speaker(phrase_head(candidate)):
            named = index(doc).text[candidate[0].idx : candidate[-1].idx + len(candidate[-1])]
            return unresolved, None, (named, referent.kind), at
    return unresolved, None, None, None


def _is_speaker(head: Token) -> bool:
    """Whether `head` is the subject of a reporting verb ("the United Nations says")."""
    verbs = _quote_verbs("en")
    return head.dep_ in SUBJECT_DEPS and head.head.lemma_.lower() in verbs


@cache
def _quote_verbs(lang: str) -> frozenset[str]:
    return frozenset(e for e in load_lexicon("quote_verbs", lang) if " " not in e)


def _window_start(char: int, paragraph_starts: list[int], paragraphs_back: int) -> int:
    """Start of the paragraph `paragraphs_back` before the one holding `char`."""
    count = bisect.bisect_right(paragraph_starts, char)  # the starts at or before `char`
    return paragraph_starts[max(0, count - 1 - paragraphs_back)] if count else 0


def _candidates(
    doc: Doc, pronoun: Token, quoted: Sequence[tuple[int, int]], window_start: int
) -> Iterable[tuple[int, list[Token], bool]]:
    """Possible antecedents of `pronoun`, nearest first, each as its noun phrase tokens,
    with the character where it was met and whether it is the pronoun again, as a speaker
    ("…,” she added. “…,” she said.")."""
    for token in reversed(doc[: pronoun.i]):
        if token.idx < window_start:
            return
        if in_ranges(token.idx, quoted):
            continue
        if token.lower_ == pronoun.lower_ and token.dep_ in SUBJECT_DEPS and _is_speaker(token):
            yield token.idx, [token], True
            continue
        if token.pos_ == "PRON" or token.tag_ in ("WP", "WDT", "EX"):
            continue
        if token.dep_ in SUBJECT_DEPS:
            yield token.idx, speaker_tokens(token), False
        elif token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
            ent = index(doc).ent_at_token[token.i]
            root = ent.root
            if root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS:
                # "deputy foreign minister Gatilov said": the whole titled phrase, so the
                # antecedent keeps the country and sector its title gives
                yield token.idx, speaker_tokens(root.head), False
            else:
                yield token.idx, list(ent), False
