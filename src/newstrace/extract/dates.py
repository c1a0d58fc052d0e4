"""Temporal expressions: find them in a parsed Doc and normalise them TimeML-style.

A small HeidelTime-like grammar: regular expressions over the text, built from the
`temporal_*` lexicons, each with a rule that turns a match into a TIMEX3 value relative
to an anchor date (the article's publication date). spaCy's DATE/TIME entities add the
expressions the grammar misses, when the grammar can normalise their text.

Values follow TIMEX3 (TimeML 1.2.1): "2016-02-25", "2016-02", "2016", "2016-W05",
"2016-Q3", "2016-SU", "199" (the 1990s), "2016-02-11TNI", "PRESENT_REF"/"PAST_REF"/
"FUTURE_REF", and durations "P5Y", "PT3H", "PXD". Precision is "day", "week", "month"
or "year" when the value is a calendar date of that grain (a time of day keeps "day");
it is None for durations, sets, quarters, seasons, decades and the *_REF values, whose
value says what they are.

Relative expressions need the anchor: without one their value is None (their
precision is still given). Weekdays and bare month names are resolved by the tense of
the governing verb: past tense ("met on Thursday") takes the latest such day on or
before the anchor, future tense ("will meet Thursday") the first on or after it, so a
weekday naming the anchor's own weekday is the anchor day itself (news uses the bare
weekday for "today"). A month-day without a year ("February 25") takes the year that
puts it nearest the anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..data import load_table
from ..records import DateRef

Normalised = tuple[str | None, str | None]

ANCHOR_KINDS = {"html": "published", "given": "given", "none": "unknown"}
_PREPOSITIONS_BEFORE_YEAR = frozenset(
    [
        "in",
        "since",
        "by",
        "of",
        "until",
        "till",
        "from",
        "during",
        "between",
        "before",
        "after",
        "through",
        "to",
        "and",
        "or",
        "fiscal",
        "early",
        "late",
        "mid",
        "end",
        "than",
        "around",
    ]
)
_DAYPARTS_CODES = ("MO", "AF", "EV", "NI", "MI")
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going"})
_PAST_AUX = frozenset({"had", "did", "was", "were", "has", "have"})


def _alternation(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


@dataclass(frozen=True, slots=True)
class _Context:
    anchor: date | None
    tense: str | None
    reference: str | None = None


Rule = Callable[[re.Match, _Context], Normalised | None]
_PROBE = _Context(anchor=date(2000, 1, 1), tense=None, reference="2000-Q1")


# --- calendar helpers ---------------------------------------------------------------


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _shift(anchor: date, unit: str, amount: int) -> Normalised:
    """The date `amount` units from `anchor` (negative: before), at the unit's grain."""
    if unit == "D":
        return (anchor + timedelta(days=amount)).isoformat(), "day"
    if unit == "W":
        return _week(anchor + timedelta(weeks=amount)), "week"
    if unit == "2W":
        return _week(anchor + timedelta(weeks=2 * amount)), "week"
    if unit == "M":
        year, month = _add_months(anchor.year, anchor.month, amount)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "Y":
        return f"{anchor.year + amount:04d}", "year"
    if unit == "Q":
        year, month = _add_months(anchor.year, anchor.month, 3 * amount)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}", None
    if unit == "10Y":
        return f"{(anchor.year + 10 * amount) // 10:03d}", None
    if unit == "100Y":
        return f"{(anchor.year + 100 * amount) // 100:02d}", None
    if unit == "WE":
        return _week(anchor + timedelta(weeks=amount)) + "-WE", None
    if unit.startswith("T"):
        return anchor.isoformat(), "day"
    return None


def _duration(amount: str, unit: str) -> str:
    """TIMEX3 duration of `amount` `unit`s: ("5", "Y") -> "P5Y", ("3", "TH") -> "PT3H"."""
    if unit in ("10Y", "100Y", "2W") and amount != "X":
        factor, base = int(unit[:-1]), unit[-1]
        return f"P{_number(float(amount) * factor)}{base}"
    unit = {"10Y": "DE", "100Y": "CE", "2W": "W", "WE": "WE"}.get(unit, unit)
    if unit.startswith("T"):
        return f"PT{amount}{unit[1:]}"
    return f"P{amount}{unit}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _weekday_date(anchor: date, weekday: int, tense: str | None, modifier: str) -> date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if modifier == "last":
        return anchor - timedelta(days=back or 7)
    if modifier == "next":
        return anchor + timedelta(days=ahead or 7)
    if modifier == "this":
        return anchor - timedelta(days=anchor.weekday() - weekday)
    if tense == "future" or tense != "past" and ahead < back:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def _nearest_year(anchor: date, month: int, day: int | None, tense: str | None) -> int:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day or 15))
        except ValueError:
            continue
    if not candidates:
        return anchor.year
    if day is None and tense in ("past", "future"):
        current = date(anchor.year, month, 15)
        same_month = month == anchor.month
        if tense == "past" and not same_month and current > anchor:
            return anchor.year - 1
        if tense == "future" and not same_month and current < anchor:
            return anchor.year + 1
        return anchor.year
    nearest = min(candidates, key=lambda d: abs((d - anchor).days))
    if tense == "past" and (nearest - anchor).days > 31:
        return nearest.year - 1
    if tense == "future" and (anchor - nearest).days > 31:
        return nearest.year + 1
    return nearest.year


# --- lexicons -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexicons:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, str]
    units: dict[str, tuple[str, str]]
    words: dict[str, tuple[str, ...]]
    parts: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str]


@cache
def _lexicons() -> _Lexicons:
    def table(name: str) -> dict[str, tuple[str, ...]]:
        return {k.lower(): v for k, v in load_table(name).items()}

    return _Lexicons(
        months={k: int(v[0]) for k, v in table("temporal_months").items()},
        weekdays={k: int(v[0]) for k, v in table("temporal_weekdays").items()},
        numbers={k: v[0] for k, v in table("temporal_numbers").items()},
        units={k: (v[0], v[1]) for k, v in table("temporal_units").items()},
        words=table("temporal_words"),
        parts={k: v[0] for k, v in table("temporal_parts").items()},
        sets={k: v[0] for k, v in table("temporal_sets").items()},
        holidays={k: " ".join(v) for k, v in table("temporal_holidays").items()},
    )


@cache
def _full_months() -> frozenset[str]:
    longest: dict[int, str] = {}
    for name, number in _lexicons().months.items():
        if len(name) > len(longest.get(number, "")):
            longest[number] = name
    return frozenset(longest.values())


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _amount(text: str) -> str:
    """The number a phrase such as "twenty-five", "a few" or "2" stands for ("X" if vague)."""
    lex = _lexicons()
    text = _key(text.replace("-", " "))
    if text in lex.numbers:
        return lex.numbers[text]
    if re.fullmatch(r"\d+(?:\.\d+)?", text.replace(",", "")):
        return _number(float(text.replace(",", "")))
    total = 0.0
    for word in text.split():
        value = lex.numbers.get(word)
        if value is None or value == "X":
            return "X"
        total = total * float(value) if value == "100" and total else total + float(value)
    return _number(total)


def _unit(word: str) -> tuple[str, str]:
    return _lexicons().units[_key(word).rstrip(".")]


# --- the grammar --------------------------------------------------------------------


class _Grammar:
    """The compiled patterns, each paired with the rule that normalises its matches."""

    def __init__(self) -> None:
        lex = _lexicons()
        month = rf"(?P<month>{_alternation(lex.months)})(?![\w])"
        weekday = rf"(?P<weekday>{_alternation(lex.weekdays)})(?![\w])"
        tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
        word_numbers = _alternation(k for k in lex.numbers)
        number = (
            rf"(?P<num>\d+(?:[.,]\d+)?|(?:{tens})(?:[\s-](?:one|two|three|four|five|six|seven|"
            rf"eight|nine))?|(?:(?:a|one|two|three|four|five)\s+)?hundred|{word_numbers})"
        )
        unit = rf"(?P<unit>{_alternation(lex.units)})(?![\w])"
        part = rf"(?P<part>{_alternation(lex.parts)})(?![\w])"
        year = r"(?P<year>(?:1[6-9]|20)\d\d)(?![\w])"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])"
        approx = (
            r"(?:(?P<mod>about|around|approximately|roughly|nearly|almost|more\s+than|less\s+than|"
            r"fewer\s+than|over(?!\s+the)|under|at\s+least|some|only|just|up\s+to|the\s+better\s+part\s+of)\s+)?"
        )
        early = (
            r"(?:(?P<early>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|"
            r"the\s+middle\s+of|earlier|later)[\s-]+)?"
        )
        relative = (
            r"(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+past|past|the\s+previous|"
            r"previous|the\s+coming|coming|the\s+following|following|the\s+same|that|the\s+current|"
            r"current|the\s+latest|latest|the\s+last|the\s+next|the)"
        )
        seasons = _alternation(k for k, v in lex.parts.items() if v in ("SP", "SU", "FA", "WI"))
        words = _alternation(lex.words)
        sets = _alternation(lex.sets)
        holidays = _alternation(lex.holidays)
        units_digit = "one|two|three|four|five|six|seven|eight|nine"
        spelled_year = (
            rf"nineteen[\s-]+(?:(?:{tens})(?:[\s-](?:{units_digit}))?|o[\s-](?:{units_digit}))"
            rf"|(?<=year\s)two\s+thousand(?:(?:\s+and)?[\s-](?:{units_digit}|ten))?"
        )
        self.rules: list[tuple[str, re.Pattern, Rule]] = [
            (
                "numeric",
                r"(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])|"
                r"(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)/(?P<y2>\d\d\d\d|\d\d)(?![\w/])",
                _numeric,
            ),
            ("month_day", rf"{early}{month}\s*{day}(?:\s*,?\s*{year})?", _month_day),
            ("day_month", rf"{day}\s+(?:of\s+)?{month}(?:\s*,?\s*{year})?", _month_day),
            ("month_year", rf"{early}{month}\s*,?\s*(?:of\s+)?{year}", _month_day),
            (
                "month",
                rf"(?:(?P<mrel>this|last|next|early|late|mid|earlier\s+this|later\s+this)[\s-]+)?{month}",
                _month,
            ),
            (
                "weekday",
                rf"(?:(?P<wrel>last|next|this|early|late)\s+)?{weekday}(?:\s+{part})?",
                _weekday,
            ),
            (
                "ago",
                rf"{approx}{number}[\s-]+{unit}\s+(?P<dir>ago|earlier|later|before|from\s+now|hence|back)(?![\w])",
                _ago,
            ),
            (
                "relative_n",
                rf"{approx}(?P<rel>the\s+past|the\s+last|the\s+next|the\s+first|the\s+final|the\s+previous|"
                rf"the\s+coming|the\s+following|the\s+latest|the\s+remaining|past|last|next|first|previous|"
                rf"coming|following|another|the)\s+{number}[\s-]+{unit}",
                _duration_rule,
            ),
            (
                "relative",
                rf"{early}{relative}\s+(?:(?:fiscal|calendar)\s+)?(?:{unit}|(?P<season>{seasons})(?![\w]))",
                _relative,
            ),
            (
                "duration",
                rf"(?:(?P<within>in)\s+)?{approx}{number}[\s-]+{unit}(?:-long)?(?![\w-]|\s+old)",
                _duration_rule,
            ),
            (
                "quarter",
                r"(?:(?P<adj>(?P<ord2>first|second|third|fourth|fiscal-first|fiscal-second|"
                r"fiscal-third|fiscal-fourth)-quarter)|(?:the\s+)?(?:(?P<ord>first|second|third|"
                r"fourth|1st|2nd|3rd|4th|latest|last|current|final|fiscal|same|previous|recent)"
                r"\s+)?(?:fiscal\s+)?quarter)(?![\w-])"
                rf"(?:\s+of\s+{year})?",
                _quarter,
            ),
            (
                "anaphoric",
                r"(?:the\s+)?year[\s-](?:earlier|ago)\s+(?:quarter|period|nine\s+months|month|year)(?![\w])|year-(?:earlier|ago)(?![\w-])",
                _anaphoric,
            ),
            ("year", rf"{early}(?:(?P<fiscal>fiscal|calendar)\s+)?{year}", _year),
            (
                "decade",
                r"(?:the\s+)?(?:(?P<early>early|late|mid)[\s-]+)?(?P<dec>(?:1[6-9]|20)?\d0|'\d0)'?s(?![\w])",
                _decade,
            ),
            ("season", rf"{early}(?P<season>{seasons})\s+(?:of\s+)?{year}", _season),
            (
                "daypart",
                rf"(?P<drel>this|yesterday|tomorrow|last|that|this\s+past)\s+{part}",
                _daypart,
            ),
            (
                "holiday",
                rf"(?:(?P<hrel>last|next|this)\s+)?(?P<holiday>{holidays})(?![\w'])"
                rf"(?:\s*,?\s*{year})?",
                _holiday,
            ),
            (
                "spelled_year",
                rf"(?:the\s+year\s+)?(?P<spelled>{spelled_year})(?![\w-])",
                _spelled_year,
            ),
            ("word", rf"(?P<word>{words})(?![\w])", _word),
            (
                "time",
                r"(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am|pm)(?![\w])"
                r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC))?|(?P<noon>noon|midnight|midday)(?![\w])",
                _time,
            ),
            ("set", rf"(?P<set>{sets})(?![\w])|(?:every|each)\s+(?:other\s+)?{unit}", _set),
            ("plural", r"(?P<plural>years|months|weeks|decades)(?![\w])", _plural),
        ]
        self.rules = [
            (name, re.compile(r"(?<![\w'])(?:" + pattern + ")", re.IGNORECASE), rule)
            for name, pattern, rule in self.rules
        ]


@cache
def _grammar() -> _Grammar:
    return _Grammar()


# --- rules --------------------------------------------------------------------------


def _numeric(m: re.Match, ctx: _Context) -> Normalised | None:
    year, month, day = m["y"] or m["y2"], m["m"] or m["m2"], m["d"] or m["d2"]
    if len(year) == 2:
        year = ("19" if int(year) > 30 else "20") + year
    try:
        return date(int(year), int(month), int(day)).isoformat(), "day"
    except ValueError:
        return None


def _month_day(m: re.Match, ctx: _Context) -> Normalised | None:
    if not m["month"][0].isupper():
        return None
    month = _lexicons().months[_key(m["month"])]
    day = int(m["day"]) if "day" in m.re.groupindex and m["day"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    if m["year"]:
        year = int(m["year"])
    elif ctx.anchor is None:
        return None, "day" if day else "month"
    else:
        year = _nearest_year(ctx.anchor, month, day, ctx.tense)
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


def _month(m: re.Match, ctx: _Context) -> Normalised | None:
    word = m["month"]
    if not word[0].isupper():
        return None
    if _key(word) not in _full_months():
        return None
    if _key(word) in ("may", "march") and not m["mrel"] and not _after_time_preposition(m):
        return None  # "May" and "March" alone are a verb or a name as often as a month
    if ctx.anchor is None:
        return None, "month"
    month = _lexicons().months[_key(word)]
    rel = _key(m["mrel"] or "")
    if rel == "last":
        year = ctx.anchor.year - (1 if month >= ctx.anchor.month else 0)
    elif rel == "next":
        year = ctx.anchor.year + (1 if month <= ctx.anchor.month else 0)
    elif "this" in rel:
        year = ctx.anchor.year
    else:
        year = _nearest_year(ctx.anchor, month, None, ctx.tense)
    return f"{year:04d}-{month:02d}", "month"


_MONTH_PREPOSITIONS = frozenset({"in", "since", "until", "till", "from", "through", "during"})


def _after_time_preposition(m: re.Match) -> bool:
    """Whether the word before the match is a preposition of time ("in May", "since
    March"), which makes a month of a name that is also a verb or a person's."""
    before = m.string[max(0, m.start() - 12) : m.start()].split()
    return bool(before) and before[-1].lower() in _MONTH_PREPOSITIONS


def _weekday(m: re.Match, ctx: _Context) -> Normalised | None:
    if not m["weekday"][0].isupper():
        return None
    if ctx.anchor is None:
        return None, "day"
    weekday = _lexicons().weekdays[_key(m["weekday"])]
    day = _weekday_date(ctx.anchor, weekday, ctx.tense, _key(m["wrel"] or ""))
    if m["part"]:
        return f"{day.isoformat()}T{_lexicons().parts[_key(m['part'])]}", "day"
    return day.isoformat(), "day"


def _ago(m: re.Match, ctx: _Context) -> Normalised | None:
    code, _ = _unit(m["unit"])
    amount = _amount(m["num"])
    if ctx.anchor is None or amount == "X" or "." in amount:
        return (None, _unit(m["unit"])[1]) if amount != "X" else ("PAST_REF", None)
    sign = 1 if _key(m["dir"]) in ("later", "from now", "hence") else -1
    if code == "Y" and amount == "1" and sign < 0 and ctx.reference:
        return _anaphoric(m, ctx)
    if code.startswith("T"):
        return ctx.anchor.isoformat(), "day"
    return _shift(ctx.anchor, code, sign * int(amount))


def _duration_rule(m: re.Match, ctx: _Context) -> Normalised | None:
    code, _ = _unit(m["unit"])
    amount = _amount(m["num"])
    rel = _key(m["rel"] or "") if "rel" in m.re.groupindex else ""
    if rel in ("the", "another") and amount == "1":
        return None
    if code == "WE":
        return None
    within = "within" in m.re.groupindex and m["within"]
    if within and ctx.tense in ("future", None) and amount not in ("X",) and "." not in amount:
        if ctx.anchor is None:
            return None, _unit(m["unit"])[1]
        return _shift(ctx.anchor, code, int(amount))
    return _duration(amount, code), None


def _relative(m: re.Match, ctx: _Context) -> Normalised | None:
    rel = _key(m["rel"]).removeprefix("the ")
    if m["season"]:
        code = _lexicons().parts[_key(m["season"])]
        if ctx.anchor is None:
            return None, None
        season_year = ctx.anchor.year + {"last": -1, "next": 1, "past": -1, "previous": -1}.get(
            rel, 0
        )
        return f"{season_year}-{code}", None
    code, grain = _unit(m["unit"])
    if _key(m["unit"]).endswith("s") and code != "WE":
        return None
    if code.startswith("T"):
        return None
    if rel == "the" and code != "WE":
        return None
    if code == "WE" and rel in ("the", "this", "past", "this past", "last", "previous"):
        if ctx.anchor is None:
            return None, None
        back = rel not in ("this",) and ctx.tense != "future" and ctx.anchor.weekday() < 5
        return _shift(ctx.anchor, "WE", -1 if back else 0)
    if rel in ("same", "that"):
        return (ctx.reference, None) if ctx.reference and rel == "same" else None
    offset = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "this past": -1 if code == "WE" else 0,
        "next": 1,
        "coming": 1,
        "following": 1,
        "this coming": 1,
    }.get(rel, 0)
    if rel in ("latest",) and code == "Q":
        offset = -1
    if ctx.anchor is None:
        return None, grain if grain in ("day", "week", "month", "year") else None
    if code == "WE":
        return _shift(ctx.anchor, "WE", offset if rel != "last" else -1)
    return _shift(ctx.anchor, code, offset)


def _quarter(m: re.Match, ctx: _Context) -> Normalised | None:
    text = _key(m.group(0))
    ordinal = _key(m["ord"] or m["ord2"] or "").removeprefix("fiscal-")
    numbers = {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
    }
    if not ordinal and not text.startswith("the") or m["adj"] and not ordinal:
        return None
    if m["year"]:
        return (
            (f"{m['year']}-Q{numbers[ordinal]}", None)
            if ordinal in numbers
            else (m["year"], "year")
        )
    if ctx.anchor is None:
        return None, None
    current = (ctx.anchor.month - 1) // 3 + 1
    if ordinal in numbers:
        quarter = numbers[ordinal]
        year = ctx.anchor.year - (1 if quarter > current and ctx.tense != "future" else 0)
        return f"{year}-Q{quarter}", None
    if ordinal == "same" and ctx.reference:
        return ctx.reference, None
    if ordinal in ("current",):
        return f"{ctx.anchor.year}-Q{current}", None
    if ordinal == "previous":
        return _shift(ctx.anchor, "Q", -2)
    if ctx.reference and "-Q" in ctx.reference:
        return ctx.reference, None
    return _shift(ctx.anchor, "Q", -1)


def _anaphoric(m: re.Match, ctx: _Context) -> Normalised | None:
    if ctx.reference and re.match(r"\d{4}", ctx.reference):
        return str(int(ctx.reference[:4]) - 1) + ctx.reference[4:], None
    if ctx.anchor is None:
        return None, "year"
    return str(ctx.anchor.year - 1), "year"


def _year(m: re.Match, ctx: _Context) -> Normalised | None:
    return m["year"], "year"


def _decade(m: re.Match, ctx: _Context) -> Normalised | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:
        digits = "19" + digits
    elif len(digits) != 4:
        return None
    return digits[:3], None


def _season(m: re.Match, ctx: _Context) -> Normalised | None:
    return f"{m['year']}-{_lexicons().parts[_key(m['season'])]}", None


def _daypart(m: re.Match, ctx: _Context) -> Normalised | None:
    code = _lexicons().parts[_key(m["part"])]
    if code not in _DAYPARTS_CODES:
        return None
    if ctx.anchor is None:
        return None, "day"
    rel = _key(m["drel"])
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(rel, 0)
    return f"{(ctx.anchor + timedelta(days=offset)).isoformat()}T{code}", "day"


def _holiday(m: re.Match, ctx: _Context) -> Normalised | None:
    if not m["holiday"][0].isupper():
        return None
    rule = _lexicons().holidays[_key(m["holiday"])]
    if m["year"]:
        return _holiday_date(rule, int(m["year"])).isoformat(), "day"
    if ctx.anchor is None:
        return None, "day"
    anchor = ctx.anchor
    days = [_holiday_date(rule, year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    before = max(d for d in days if d <= anchor)
    after = min(d for d in days if d >= anchor)
    rel = _key(m["hrel"] or "")
    if rel == "last" or (not rel and ctx.tense == "past"):
        day = before
    elif rel == "next" or (not rel and ctx.tense == "future"):
        day = after
    else:
        day = min(days, key=lambda d: abs((d - anchor).days))
    return day.isoformat(), "day"


_WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _holiday_date(rule: str, year: int) -> date:
    """The day a holiday rule of the lexicon `temporal_holidays` falls on in `year`."""
    if rule.startswith("easter"):
        return _easter(year) + timedelta(days=int(rule[len("easter") :]))
    day, _, weekday = rule.partition(" ")
    month, dom = (int(part) for part in day.split("-"))
    start = date(year, month, dom)
    if not weekday:
        return start
    return start + timedelta(days=(_WEEKDAY_CODES.index(weekday) - start.weekday()) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _spelled_year(m: re.Match, ctx: _Context) -> Normalised | None:
    words = _key(m["spelled"].replace("-", " ")).split()
    if words[0] == "two":  # "the year two thousand (and) one"
        rest = [w for w in words[2:] if w != "and"]
        return f"{2000 + int(_amount(' '.join(rest)) if rest else 0):04d}", "year"
    rest = words[1:]
    if rest[0] == "o":
        return f"190{_amount(rest[1])}", "year"
    return f"19{int(float(_amount(' '.join(rest)))):02d}", "year"


def _word(m: re.Match, ctx: _Context) -> Normalised | None:
    value, *part = _lexicons().words[_key(m["word"])]
    if value.endswith("_REF"):
        return value, None
    if ctx.anchor is None:
        return None, "day"
    day = (ctx.anchor + timedelta(days=int(value[:-1]))).isoformat()
    return (f"{day}T{part[0]}" if part else day), "day"


def _time(m: re.Match, ctx: _Context) -> Normalised | None:
    if m["noon"]:
        clock = "24:00" if _key(m["noon"]) == "midnight" else "12:00"
    else:
        hour = int(m["h"])
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        clock = f"{hour:02d}:{m['min'] or '00'}"
    if ctx.anchor is None:
        return None, "day"
    return f"{ctx.anchor.isoformat()}T{clock}", "day"


def _set(m: re.Match, ctx: _Context) -> Normalised | None:
    if m["set"]:
        return _lexicons().sets[_key(m["set"])], None
    return _duration("1", _unit(m["unit"])[0]), None


def _plural(m: re.Match, ctx: _Context) -> Normalised | None:
    return _duration("X", _unit(m["plural"])[0]), None


# --- public API ---------------------------------------------------------------------


def normalise(expression: str, anchor: date | None, tense: str | None = None) -> Normalised | None:
    """Normalise one temporal expression to a TIMEX3 value and a precision.

    Args:
        expression (str): the expression, e.g. "last week" or "Feb. 25, 2016".
        anchor (date | None): the date relative expressions count from (publication).
        tense (str | None): "past", "present" or "future", the tense of the governing
            verb; decides weekdays and bare month names.

    Returns:
        tuple[str | None, str | None] | None: (value, precision); value None for a
        relative expression without an anchor; None when the grammar does not take
        the whole expression as temporal.
    """
    text = expression.strip()
    ctx = _Context(anchor=anchor, tense=tense)
    for _, pattern, rule in _grammar().rules:
        match = pattern.fullmatch(text)
        if match:
            result = rule(match, ctx)
            if result is not None:
                return result
    # "the five-year war": the longest temporal part of a longer phrase
    for _, _, _, match, rule in sorted(_candidates(text), key=lambda c: c[0] - c[1]):
        result = rule(match, ctx)
        if result is not None:
            return result
    return None


def _tense(doc: Doc, start: int, end: int) -> str | None:
    """The tense of the verb governing the characters `start:end` of `doc`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    children = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(c in _FUTURE_AUX for c in children) or (
        token.lower_ == "going" and any(c.lower_ == "to" for c in token.children)
    ):
        return "future"
    if token.tag_ == "VBD" or any(c in _PAST_AUX for c in children):
        return "past"
    if token.tag_ == "VBN":
        return "past"
    if token.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    return None


def _candidates(text: str) -> list[tuple[int, int, str, re.Match, Rule]]:
    found = []
    for order, (name, pattern, rule) in enumerate(_grammar().rules):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, name, match, rule))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    return [(s, e, name, m, rule) for s, e, _, name, m, rule in found]


def _entity_spans(doc: Doc) -> list[SpacySpan]:
    return [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of an entity without a trailing possessive and surrounding punctuation."""
    chunk = text[start:end]
    stripped = re.sub(r"(?:'s|’s|['’,.;:-])+$", "", chunk)
    if stripped.endswith((" a.m", " p.m", "a.m", "p.m")):
        stripped = chunk[: len(stripped) + 1]
    lead = re.match(
        r"^(?:(?:in|on|at|by|since|for|from|until|of|during|within|as of)\s+)+", stripped, re.I
    )
    offset = lead.end() if lead else 0
    return start + offset, start + len(stripped)


def resolve_dates(doc: Doc, published: str | None, anchor_source: str) -> list[DateRef]:
    """Find and normalise every temporal expression of `doc`, relative to `published`.

    Reads the Doc's text, tokens (tense of the governing verb) and DATE/TIME entities.

    Args:
        doc (Doc): the parsed article (boilerplate may be blanked with spaces).
        published (str | None): the anchor date, "YYYY-MM-DD" (longer ISO strings are
            cut to the date); None leaves relative expressions without a value.
        anchor_source (str): where `published` came from: "given", "html" or "none".

    Returns:
        list[DateRef]: the expressions in text order, `text[start:end] == ref.text`.
    """
    text = doc.text
    anchor = _parse_anchor(published)
    kind = ANCHOR_KINDS.get(anchor_source, "unknown") if anchor else "unknown"
    entities = _entity_spans(doc)
    date_entity_chars = {
        i for ent in entities if ent.label_ == "DATE" for i in range(ent.start_char, ent.end_char)
    }
    chosen: list[tuple[int, int, str, re.Match, Rule]] = []
    last_end = -1
    for start, end, name, match, rule in _candidates(text):
        if start < last_end:
            continue
        if name == "year" and not _year_in_context(text, match, date_entity_chars):
            continue
        if rule(match, _PROBE) is None:  # not temporal whatever the context
            continue
        if name == "duration" and match["within"]:
            start = match.end("within") + 1
            while text[start].isspace():
                start += 1
        chosen.append((start, end, name, match, rule))
        last_end = end
    spans: list[tuple[int, int, Rule | None, re.Match | None]] = [
        (s, e, rule, m) for s, e, _, m, rule in _merge(text, chosen)
    ]
    taken = [(s, e) for s, e, _, _ in spans]
    for ent in entities:
        start, end = _trim_entity(text, ent.start_char, ent.end_char)
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        spans.append((start, end, None, None))
    spans.sort(key=lambda item: item[0])
    refs: list[DateRef] = []
    reference: str | None = None
    for start, end, rule, match in spans:
        ctx = _Context(anchor=anchor, tense=_tense(doc, start, end), reference=reference)
        if rule is not None and match is not None:
            result = rule(match, ctx)
        else:
            result = normalise(text[start:end], anchor, ctx.tense)
        if result is None:
            continue
        value, precision = result
        if value and re.fullmatch(r"\d{4}-Q\d", value) and rule not in (_anaphoric, _ago):
            reference = value
        refs.append(
            DateRef(
                start=start,
                end=end,
                text=text[start:end],
                value=value,
                precision=precision,
                anchor=kind,
            )
        )
    return refs


_DATE_RULES = frozenset({"month_day", "day_month", "weekday", "word"})


def _merge(text: str, chosen: list) -> list:
    """Join "Friday, Oct. 23" and "9 a.m. EST Tuesday" into one expression each."""
    merged: list = []
    for item in chosen:
        if merged:
            start, end, name, match, rule = merged[-1]
            gap = text[end : item[0]]
            joined = None
            if name == "weekday" and item[2] in ("month_day", "day_month") and gap in (", ", " "):
                joined = (start, item[1], item[2], item[3], item[4])
            elif name == "time" and item[2] in _DATE_RULES and gap in (" ", ", "):
                joined = (start, item[1], "time", match, _time_on(rule, item[3], item[4]))
            if joined:
                merged[-1] = joined
                continue
        merged.append(item)
    return merged


def _time_on(time_rule: Rule, day_match: re.Match, day_rule: Rule) -> Rule:
    """A rule for a time of day followed by its day: the day's date with the time's clock."""

    def rule(match: re.Match, ctx: _Context) -> Normalised | None:
        clock, day = time_rule(match, ctx), day_rule(day_match, ctx)
        if not clock or not day or not clock[0] or not day[0]:
            return clock
        return f"{day[0][:10]}T{clock[0].split('T')[1]}", "day"

    return rule


def _year_in_context(text: str, match: re.Match, date_chars: set[int]) -> bool:
    """Whether a bare four-digit number is a year: a DATE entity or a preposition says so."""
    if match["early"] or match["fiscal"] or match.start() in date_chars:
        return True
    before = text[max(0, match.start() - 20) : match.start()].split()
    return bool(before) and before[-1].lower().strip("(,") in _PREPOSITIONS_BEFORE_YEAR


def _parse_anchor(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
