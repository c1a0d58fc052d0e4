"""Actor coding from dictionaries: a name, a demonym or a group's name -> ISO3 and sector.

The dictionaries are data files built by `scripts/build_actors.py` from the PETRARCH2 /
Phoenix actor dictionaries (MIT), plus hand-written ones:

* `actor_people` (+ `actor_people_recent`, figures Phoenix (2014) lacks): leaders and
  officials with their roles since 1990 ("Sergey Lavrov" RUS GOV 1994-);
* `actor_groups`: IGOs, NGOs, armed groups, state institutions ("Hizbullah" ->
  Hezbollah, LBN, REB);
* `actor_demonyms` (after the hand-tuned `demonyms`): every country's adjective.

A person is looked up by the fullest form of the name the article gives. A bare surname
codes only when the dictionary lists it as a name of its own ("LAVROV") or when every
person of that surname codes alike; a full name the dictionary does not know never falls
back to its surname ("Tom Brown" is not Gordon Brown). What no entry covers stays None.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..data import load_lexicon
from ..nlp.gazetteer import demonym_country as lexicon_demonym
from ..nlp.gazetteer import fold

Code = tuple[str | None, str | None]
# Shorter surnames are too often words or other people's names to code alone.
MIN_SURNAME = 4
LEADING = ("the ",)


@dataclass(frozen=True, slots=True)
class Role:
    """A role a person holds: country, sector, and the years it spans (None = open)."""

    country: str | None
    sector: str | None
    start: int | None = None
    end: int | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A person of the people dictionaries: name, own country and roles as written there
    (parsed on first use: most of the 17,000 entries are never looked up)."""

    name: str
    country: str | None
    roles_text: str

    @property
    def roles(self) -> tuple[Role, ...]:
        return _roles(self.country, self.roles_text)

    def code(self, on: date | None = None) -> Code:
        """Country and sector of the role held on `on`: a dated role holding in that year,
        else the undated default. Without a date, the latest dated role: the office the
        person is in the news for (the dictionary ends in 2014, so "today" would make
        most officials former ones), else the default."""
        roles = self.roles
        dated = [r for r in roles if r.dated]
        default = [r for r in roles if not r.dated]
        if on is None:
            candidates = dated[-1:] or default
        else:
            candidates = [r for r in dated if r.holds(on.year)][-1:] or default
        role = candidates[0] if candidates else None
        return (role.country, role.sector) if role else (None, None)


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    country: str | None
    sector: str | None


def _dash(value: str) -> str | None:
    return None if value in ("", "-") else value


@cache
def _roles(country: str | None, text: str) -> tuple[Role, ...]:
    roles = []
    for part in text.split(";"):
        code, _, years = part.strip().partition(" ")
        own, _, sector = code.rpartition(":")
        start, _, end = years.partition("-")
        roles.append(
            Role(
                country=_dash(own) if ":" in code else country,
                sector=_dash(sector),
                start=int(start) if start else None,
                end=int(end) if end else None,
            )
        )
    return tuple(roles)


@dataclass(frozen=True, slots=True)
class PeopleIndex:
    by_name: dict[str, tuple[Person, ...]]
    by_surname: dict[str, tuple[Person, ...]]


@cache
def people(lang: str = "en") -> PeopleIndex:
    """The people dictionaries, by folded name and alias, and by surname."""
    persons: dict[str, Person] = {}
    names: dict[str, dict[str, None]] = defaultdict(dict)  # name -> person keys, in order
    for lexicon in ("actor_people", "actor_people_recent"):
        for line in load_lexicon(lexicon, lang):
            name, country, roles, *rest = line.split("\t")
            key = fold(name)
            # a hand-written entry replaces the Phoenix one of the same person
            persons[key] = Person(name, _dash(country), roles)
            names[key][key] = None
            if rest and rest[0]:
                for alias in rest[0].split("|"):
                    names[alias][key] = None
    # "Carlos Saul Menem" is "Carlos Menem" too, where no other name or person has it
    shorts: dict[str, list[str]] = defaultdict(list)
    for key in persons:
        words = key.split()
        if len(words) > 2:
            shorts[f"{words[0]} {words[-1]}"].append(key)
    for short, keys in shorts.items():
        if len(keys) == 1 and short not in names:
            names[short][keys[0]] = None
    surnames: dict[str, dict[str, None]] = defaultdict(dict)
    for name, keys in names.items():
        surname = name.rpartition(" ")[2]
        if surname != name and len(surname) >= MIN_SURNAME:
            surnames[surname].update(keys)
    return PeopleIndex(
        by_name={n: tuple(persons[k] for k in keys) for n, keys in names.items()},
        by_surname={n: tuple(persons[k] for k in keys) for n, keys in surnames.items()},
    )


@cache
def groups(lang: str = "en") -> dict[str, Group]:
    """Organisations and armed groups by folded alias."""
    table = {}
    for line in load_lexicon("actor_groups", lang):
        alias, name, country, sector = (part.strip() for part in line.split("\t"))
        table[alias] = Group(name, _dash(country), _dash(sector))
    return table


@cache
def demonyms(lang: str = "en") -> dict[str, str]:
    """Every country's demonym (generated lexicon `actor_demonyms`) -> ISO3."""
    return {
        row.split("\t")[0].strip(): row.split("\t")[1].strip()
        for row in load_lexicon("actor_demonyms", lang)
    }


@cache
def _first_names(lang: str = "en") -> frozenset[str]:
    return frozenset(fold(line.split("\t")[0]) for line in load_lexicon("first_names", lang))


def _agreed(persons: tuple[Person, ...], on: date | None) -> Code | None:
    """The code all `persons` share, or None when they disagree (an ambiguous name)."""
    codes = {p.code(on) for p in persons}
    return codes.pop() if len(codes) == 1 else None


def person_code(name: str, on: date | None = None, lang: str = "en") -> Code | None:
    """Country and sector of the person called `name` (the article's fullest form).

    Tried in turn: the whole name, first and last name without middle names or initials,
    and for a one-word name its surname entries (agreeing); then the group dictionary,
    which lists some leaders under their movement ("Abu Bakr al-Baghdadi").
    """
    key = fold(name)
    index = people(lang)
    found = index.by_name.get(key)
    words = key.split()
    if found is None and len(words) > 2:  # "Vladimir V. Putin"
        found = index.by_name.get(f"{words[0]} {words[-1]}")
    if found is not None:
        return _agreed(found, on)
    if len(words) == 1 and key not in _first_names(lang):
        surnamed = index.by_surname.get(key)
        if surnamed:
            return _agreed(surnamed, on)
    group = groups(lang).get(key)
    return (group.country, group.sector) if group else None


def group_of(text: str, lang: str = "en") -> Group | None:
    """The organisation or armed group `text` names ("the Hizbullah" -> Hezbollah)."""
    key = fold(text)
    for lead in LEADING:
        if key.startswith(lead):
            key = key[len(lead) :]
            text = text[len(lead) :]
    group = groups(lang).get(key)
    if group is None:
        return None
    # one-line entries ("IAEA_") have no better name than the text itself
    name = text if fold(group.name) == key else group.name
    return Group(name, group.country, group.sector)


def demonym_country(text: str, lang: str = "en") -> tuple[bool, str | None]:
    """Whether `text` is a demonym ("Serbian", "Serbs") and the ISO3 code it points to.

    The hand-tuned lexicon `demonyms` (which knows stateless peoples: "Kurdish") first,
    then every country's adjective from `actor_demonyms`.
    """
    known, iso3 = lexicon_demonym(text, lang)
    if known:
        return known, iso3
    table = demonyms(lang)
    for form in (text, text[:-1] if text.endswith("s") else None, _plural_stem(text)):
        if form and form in table:
            return True, table[form]
    return False, None


def _plural_stem(text: str) -> str | None:
    """ "Frenchmen" -> "Frenchman"; other plurals drop their "s" in `demonym_country`."""
    return text[:-3] + "man" if text.endswith("men") else None
