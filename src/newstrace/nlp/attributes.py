"""The stock attribute ruler's rules, applied with array operations instead of a Matcher.

The English model's `attribute_ruler` maps each fine-grained tag to its part of speech
and morphology, and fixes a hundred-odd words ("'s" after a noun, "ca" in "can't").
It runs those 179 one- and two-token rules through spaCy's `Matcher`, which walks every
token against every rule: about a tenth of the whole stock pipeline's time on news.

`AttributeRules` reads the same rules from the stock component and applies them to
columns of the doc: a rule's tokens are found by comparing columns (`TAG`, `LOWER`,
`DEP`, …), its values written into copies of the `POS`/`TAG`/`MORPH`/`LEMMA`/`DEP` columns
in rule order, so a later rule wins as it does in the ruler, and the columns go back in
one `Doc.from_array`. Rules are matched against the doc as it came in, as the ruler's
Matcher does. The result is token-for-token the ruler's (tests/nlp/test_attributes.py
compares them). Tests may be equality, `IN`, `NOT_IN` or `REGEX` (tried once per
distinct value of the doc); rules using anything else (quantifiers, other operators)
make `compile_rules` return None and the pipeline keeps the stock ruler.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy
from spacy.attrs import IDS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Token attributes a rule may test, and those it may set through the columns.
MATCHABLE = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE"})
WRITABLE = ("POS", "TAG", "MORPH", "LEMMA", "DEP")
_STRING_VALUED = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "MORPH"})


def _member(column: numpy.ndarray, keys: numpy.ndarray) -> numpy.ndarray:
    """`numpy.isin(column, keys)` for sorted `keys`, without isin's sort of both."""
    at = numpy.searchsorted(keys, column)
    at[at == len(keys)] = 0
    return keys[at] == column


@dataclass(frozen=True, slots=True)
class _Test:
    attr: int
    op: Literal["==", "in", "not in", "regex"]
    values: numpy.ndarray | int | re.Pattern  # a value, sorted values or a pattern
    # regex verdicts by string hash: a doc's words are mostly words seen before
    seen: dict[int, bool] = field(default_factory=dict)

    def holds(self, column: numpy.ndarray, vocab: Vocab) -> numpy.ndarray:
        if self.op == "==":
            return column == self.values
        if self.op == "in":
            return _member(column, self.values)
        if self.op == "not in":
            return ~_member(column, self.values)
        distinct, inverse = numpy.unique(column, return_inverse=True)
        seen = self.seen
        verdicts = [
            seen[key] if key in seen else seen.setdefault(key, self._search(key, vocab))
            for key in distinct.tolist()
        ]
        return numpy.array(verdicts, dtype=bool)[inverse]

    def _search(self, key: int, vocab: Vocab) -> bool:
        return bool(self.values.search(vocab.strings[key]))


@dataclass(frozen=True, slots=True)
class _Rule:
    tests: tuple[tuple[_Test, ...], ...]  # per pattern token
    index: int  # which token of a match gets the values (non-negative)
    values: tuple[tuple[int, int], ...]  # (column position in WRITABLE, value)

    @property
    def is_lookup(self) -> bool:
        """One token, equality tests only: a row of a lookup table."""
        return len(self.tests) == 1 and all(test.op == "==" for test in self.tests[0])

    def apply(self, column: dict[int, numpy.ndarray], out: numpy.ndarray, vocab: Vocab) -> None:
        n, width = len(out), len(self.tests)
        if width > n:
            return
        hits = numpy.ones(n - width + 1, dtype=bool)
        for offset, tests in enumerate(self.tests):
            for test in tests:
                if test.op != "regex":
                    hits &= test.holds(column[test.attr][offset : n - width + 1 + offset], vocab)
        # regular expressions last, on the tokens the other tests left
        for offset, tests in enumerate(self.tests):
            for test in tests:
                if test.op == "regex" and hits.any():
                    left = numpy.flatnonzero(hits)
                    hits[left] &= test.holds(column[test.attr][left + offset], vocab)
        targets = numpy.flatnonzero(hits) + self.index
        if len(targets):
            for position, value in self.values:
                out[targets, position] = value


@dataclass(frozen=True, slots=True)
class _Lookup:
    """Consecutive one-token equality rules on the same attributes, as one table.

    Most of the ruler is such runs (tag -> part of speech; word + tag -> lemma). The
    values of a later rule of the run override an earlier one's, as in the ruler.
    """

    attrs: tuple[int, ...]
    keys: numpy.ndarray  # sorted values of the attribute a row is first found by
    by: int  # that attribute: the most varied one, so few tokens are candidates
    rows: dict[tuple[int, ...], tuple[tuple[int, int], ...]]
    # one attribute only: per WRITABLE column, its value for each key and whether set
    table: tuple[numpy.ndarray, numpy.ndarray] | None

    @classmethod
    def of(cls, rules: Sequence[_Rule]) -> _Lookup:
        attrs = tuple(test.attr for test in rules[0].tests[0])
        merged: dict[tuple[int, ...], dict[int, int]] = {}
        for rule in rules:
            key = tuple(test.values for test in rule.tests[0])
            merged.setdefault(key, {}).update(rule.values)
        by = max(range(len(attrs)), key=lambda k: len({key[k] for key in merged}))
        keys = numpy.array(sorted({key[by] for key in merged}), dtype=numpy.uint64)
        table = None
        if len(attrs) == 1:
            values = numpy.zeros((len(keys), len(WRITABLE)), dtype=numpy.uint64)
            is_set = numpy.zeros((len(keys), len(WRITABLE)), dtype=bool)
            for (key,), written in merged.items():
                at = int(numpy.searchsorted(keys, key))
                for position, value in written.items():
                    values[at, position], is_set[at, position] = value, True
            table = (values, is_set)
        rows = {key: tuple(written.items()) for key, written in merged.items()}
        return cls(attrs=attrs, keys=keys, by=by, rows=rows, table=table)

    def apply(self, column: dict[int, numpy.ndarray], out: numpy.ndarray, vocab: Vocab) -> None:
        found = column[self.attrs[self.by]]
        hits = _member(found, self.keys)
        if self.table is not None:
            at = numpy.searchsorted(self.keys, found[hits])
            values, is_set = self.table
            out[hits] = numpy.where(is_set[at], values[at], out[hits])
            return
        candidates = numpy.flatnonzero(hits)
        if not len(candidates):
            return
        keys = zip(*(column[attr][candidates].tolist() for attr in self.attrs), strict=True)
        rows, positions, values = [], [], []
        for row, key in zip(candidates.tolist(), keys, strict=True):
            for position, value in self.rows.get(key, ()):
                rows.append(row)
                positions.append(position)
                values.append(value)
        if rows:
            out[rows, positions] = numpy.array(values, dtype=numpy.uint64)


@dataclass(frozen=True, slots=True)
class AttributeRules:
    """Compiled attribute-ruler rules; call it on a tagged and parsed doc."""

    steps: tuple[_Rule | _Lookup, ...]  # in the ruler's order: later steps win
    tested: tuple[int, ...]  # attribute ids read from the doc
    vocab: Vocab

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        read = doc.to_array(list(self.tested))
        column = {attr: read[:, k] for k, attr in enumerate(self.tested)}
        written = [IDS[name] for name in WRITABLE]
        out = doc.to_array(written)
        for step in self.steps:
            step.apply(column, out, self.vocab)
        doc.from_array(written, out)
        return doc


def compile_rules(vocab: Vocab, patterns: Sequence[Mapping[str, Any]]) -> AttributeRules | None:
    """Compile the `patterns` of a spaCy `AttributeRuler` (its `.patterns`), in order.

    Returns:
        AttributeRules | None: None when a rule tests or sets anything this module
        cannot express (see the module docstring): keep the stock ruler then.
    """
    rules: list[_Rule] = []
    for entry in patterns:
        values = _values(vocab, entry["attrs"])
        if values is None:
            return None
        for pattern in entry["patterns"]:
            tests = _tests(vocab, pattern)
            index = entry.get("index", 0)
            index = index + len(pattern) if index < 0 else index
            if tests is None or not 0 <= index < len(pattern):
                return None
            rules.append(_Rule(tests=tests, index=index, values=values))
    steps: list[_Rule | _Lookup] = []
    run: list[_Rule] = []
    for rule in [*rules, None]:
        if run and (rule is None or not rule.is_lookup or _attrs(rule) != _attrs(run[0])):
            steps.append(_Lookup.of(run) if len(run) > 1 else run[0])
            run = []
        if rule is not None:
            (run if rule.is_lookup else steps).append(rule)
    tested = sorted({test.attr for rule in rules for token in rule.tests for test in token})
    return AttributeRules(steps=tuple(steps), tested=tuple(tested), vocab=vocab)


def _attrs(rule: _Rule) -> tuple[int, ...]:
    return tuple(test.attr for test in rule.tests[0])


def _tests(vocab: Vocab, pattern: Sequence[Mapping[str, Any]]) -> tuple | None:
    tokens = []
    for spec in pattern:
        tests = []
        for name, value in spec.items():
            test = _test(vocab, name.upper(), value)
            if test is None:
                return None
            tests.append(test)
        tokens.append(tuple(tests))
    return tuple(tokens) if tokens else None


def _test(vocab: Vocab, name: str, value: Any) -> _Test | None:
    if name not in MATCHABLE:
        return None
    attr = IDS[name]
    if not isinstance(value, dict):
        return _Test(attr, "==", _key(vocab, name, value))
    if len(value) != 1:
        return None
    ((op, operand),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(operand, list):
        keys = numpy.array(sorted({_key(vocab, name, v) for v in operand}), dtype=numpy.uint64)
        return _Test(attr, "in" if op == "IN" else "not in", keys)
    if op == "REGEX" and name in _STRING_VALUED and isinstance(operand, str):
        return _Test(attr, "regex", re.compile(operand))
    return None


def _key(vocab: Vocab, name: str, value: Any) -> int:
    """The integer a doc's column holds for `value` of attribute `name`."""
    if name in _STRING_VALUED:
        return vocab.strings.add(value)
    if name == "POS":
        return POS_IDS[value]
    return int(bool(value))  # a boolean flag such as IS_SPACE


def _values(vocab: Vocab, attrs: Mapping[str, Any]) -> tuple | None:
    values = []
    for name, value in attrs.items():
        name = name.upper()
        if name not in WRITABLE or not isinstance(value, str):
            return None
        if name == "POS":
            values.append((WRITABLE.index(name), POS_IDS[value]))
        elif name == "MORPH":
            values.append((WRITABLE.index(name), vocab.morphology.add(value)))
        else:
            values.append((WRITABLE.index(name), vocab.strings.add(value)))
    return tuple(values)
