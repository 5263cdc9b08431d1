"""Normalise one date expression against the publication date, the way a wire reporter means it.

Pure functions over strings and ``datetime.date`` so that other stages (events, evaluation) can
date things without a Doc. Precision follows what the words give: a day (``YYYY-MM-DD``) when the
text names one, else the month (``YYYY-MM``) or year (``YYYY``). Every answer carries a reason a
reader can check ("'Wednesday' in a past-tense clause = ... → 2025-05-14").

Durations ("three years", "30-day"), ages ("45-year-old") and times anchored to another event
("two days later") are not points in time: they get value None and a ``kind`` that tells the
component to drop them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from wirecoder.pipeline.time.util import lexicon

Kind = Literal["absolute", "relative", "duration", "age", "anaphoric", "unknown"]

# A year-less "May 15" in a past clause that would land this far after publication belongs to
# the previous year (and, in a future clause, this far before publication to the next year).
YEAR_ROLL_DAYS = 60

# Kinds that name a point or stretch of calendar time; the component keeps only these.
DATE_KINDS: frozenset[str] = frozenset({"absolute", "relative"})


@dataclass(frozen=True)
class Reading:
    """One interpreted expression.

    Attributes:
        value: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or None.
        reason: a short sentence saying how the value was reached (or why there is none).
        kind: absolute/relative (dates), or duration/age/anaphoric/unknown (not dates).
        tense_sensitive: the value depends on whether the clause is future-tense.
    """

    value: str | None
    reason: str
    kind: Kind
    tense_sensitive: bool = False


def parse_published(raw: str | dt.date | None) -> dt.date | None:
    """Read a publication date (``YYYY-MM-DD``, or an ISO timestamp) or None if unusable.

    Args:
        raw: the value of ``doc._.published`` or a date.

    Returns:
        The date, or None when missing or malformed.
    """
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return None


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so "september" beats "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    """Every regex the rules use, compiled once per process."""

    age: re.Pattern[str]
    ago: re.Pattern[str]
    iso: re.Pattern[str]
    numeric: re.Pattern[str]
    mdy: re.Pattern[str]
    dmy: re.Pattern[str]
    md: re.Pattern[str]
    dm: re.Pattern[str]
    my: re.Pattern[str]
    anaphoric: re.Pattern[str]
    duration: re.Pattern[str]
    decade: re.Pattern[str]
    year: re.Pattern[str]
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    weekend: re.Pattern[str]
    named_day: re.Pattern[str]
    day_offset: re.Pattern[str]
    sequence: re.Pattern[str]
    period: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    month = rf"(?P<month>{_alt(list(lex['months']))})"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>1[89]\d\d|2[01]\d\d)"
    num = rf"(?:\d+|{_alt(list(lex['number_words']))})"
    vague = _alt(lex["vague_counts"])
    units = _alt(lex["units"])
    weekday = rf"(?P<weekday>{_alt(list(lex['weekdays']))})"
    qual = r"(?:(?P<qual>last|this|next|past|coming)\s+)?"
    return _Patterns(
        age=re.compile(rf"\b{num}[\s-]+(?:{units})s?[\s-]+old\b"),
        ago=re.compile(rf"\b(?P<n>{num})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
        iso=re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        numeric=re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b"),
        mdy=re.compile(rf"\b{month}\s+{day}\b\s*,?\s*{year}\b"),
        dmy=re.compile(rf"\b{day}\s+(?:of\s+)?{month}\b\s*,?\s*{year}\b"),
        md=re.compile(rf"\b{month}\s+{day}\b"),
        dm=re.compile(rf"\b{day}\s+(?:of\s+)?{month}\b"),
        my=re.compile(rf"\b{month}\s*,?\s*{year}\b"),
        anaphoric=re.compile(
            rf"\b(?:{num}|{vague})[\s-]+(?:{units})s?\s+(?:earlier|later|before|after|previously)\b"
        ),
        duration=re.compile(
            rf"\b(?:{num}|{vague}|(?:a\s+)?couple\s+of)[\s-]+(?:{units})s?\b"
            rf"|\b(?:{units})s\b|\bpast\s+(?:week|month|year)\b"
        ),
        decade=re.compile(r"\b(?:\d\d)?\d0s\b|'\d0s\b"),
        year=re.compile(rf"\b{year}\b"),
        month=re.compile(rf"\b{qual}{month}\b"),
        weekday=re.compile(rf"\b{qual}{weekday}\b"),
        weekend=re.compile(rf"\b{qual}weekend\b"),
        named_day=re.compile(rf"\b(?:{_alt(lex['named_day_prefixes'])})\s+{weekday}\b"),
        day_offset=re.compile(rf"\b(?P<phrase>{_alt(list(lex['day_offsets']))})\b"),
        sequence=re.compile(
            r"\bthe\s+(?:previous|next|following|preceding)\s+(?:day|week|month|year|morning"
            r"|night|evening)\b|\bthe\s+day\s+(?:before|after)\b|\bthat\s+(?:day|week|month|year)\b"
        ),
        period=re.compile(r"\b(?P<qual>last|this|next|coming)\s+(?P<unit>week|month|year)\b"),
    )


def _clean(expression: str) -> str:
    """Lower-case, straighten quotes, drop dots ("Sept.") and squeeze spaces."""
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace(".", "")
    return " ".join(text.split())


def _fmt(day: dt.date) -> str:
    """A date with its weekday, as reasons show the publication date: "Thu 2025-05-15"."""
    return f"{day:%a} {day.isoformat()}"


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = lexicon()["number_words"].get(word)
    return int(value) if value is not None else None


def _no_anchor(expression: str) -> Reading:
    return Reading(
        None,
        f"'{expression}' is relative and there is no publication date to anchor it",
        "relative",
    )


def _weekday_note(expression: str, day: dt.date) -> str:
    """Flag a weekday in the text that disagrees with the date it accompanies."""
    match = _patterns().weekday.search(_clean(expression))
    if match is None:
        return ""
    wanted = lexicon()["weekdays"][match["weekday"]]
    if wanted == day.weekday():
        return ""
    return f" (the text says {match['weekday'].title()}, but {day.isoformat()} is a {day:%A})"


def _full_date(expression: str, year: int, month: int, day: int, how: str) -> Reading:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return Reading(None, f"'{expression}' is not a real calendar date", "unknown")
    note = _weekday_note(expression, value)
    reason = f"'{expression}' {how} → {value.isoformat()}{note}"
    return Reading(value.isoformat(), reason, "absolute")


def _numeric_date(expression: str, a: int, b: int, year: int) -> Reading:
    """ "31/12/2024": resolve when only one day/month order is possible, else keep the year."""
    if a > 12 >= b:
        return _full_date(expression, year, b, a, "is day/month/year")
    if b > 12 >= a:
        return _full_date(expression, year, a, b, "is month/day/year")
    if a == b:
        return _full_date(expression, year, a, b, "is a numeric date")
    return Reading(
        f"{year:04d}",
        f"'{expression}' could be day/month or month/day; only the year is certain → {year:04d}",
        "absolute",
    )


def _yearless_date(
    expression: str, month: int, day: int, published: dt.date | None, future: bool
) -> Reading:
    """ "May 15": the publication year, rolled back (past) or forward (future) if far off."""
    if published is None:
        return Reading(
            None, f"'{expression}' gives no year and there is no publication date", "relative"
        )
    year = published.year
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return Reading(None, f"'{expression}' is not a real calendar date", "unknown")
    why = f"year taken from publication ({_fmt(published)})"
    limit = dt.timedelta(days=YEAR_ROLL_DAYS)
    try:
        if not future and value > published + limit:
            value = value.replace(year=year - 1)
            why += "; would be over two months after publication in a past clause → previous year"
        elif future and value < published - limit:
            value = value.replace(year=year + 1)
            why += "; would be over two months before publication in a future clause → next year"
    except ValueError:  # 29 February in a non-leap neighbour year
        return Reading(None, f"'{expression}' is not a real date in the inferred year", "unknown")
    note = _weekday_note(expression, value)
    return Reading(
        value.isoformat(), f"'{expression}': {why} → {value.isoformat()}{note}", "relative", True
    )


def _month_alone(
    expression: str, month: int, qual: str | None, published: dt.date | None, future: bool
) -> Reading:
    """ "March": that month in the publication year, or the nearest year the tense allows."""
    if published is None:
        return Reading(
            None, f"'{expression}' gives no year and there is no publication date", "relative"
        )
    year = published.year
    if qual == "last":
        year = year if month < published.month else year - 1
        why = "the most recent such month before publication"
    elif qual in ("next", "coming"):
        year = year if month > published.month else year + 1
        why = "the next such month after publication"
    elif not future and month > published.month:
        year -= 1
        why = "after the publication month in a past clause → previous year"
    elif future and month < published.month:
        year += 1
        why = "before the publication month in a future clause → next year"
    else:
        why = "publication year"
    value = f"{year:04d}-{month:02d}"
    return Reading(
        value,
        f"'{expression}': month only, {why} (published {_fmt(published)}) → {value}",
        "relative",
        True,
    )


def _weekday(
    expression: str, weekday: int, qual: str | None, published: dt.date | None, future: bool
) -> Reading:
    """A weekday: the last one on/before publication in a past clause, the next one if future."""
    if published is None:
        return _no_anchor(expression)
    name = dt.date(2024, 1, 1 + weekday).strftime("%A")  # 2024-01-01 was a Monday
    now = published.weekday()
    if qual == "last":
        value = published - dt.timedelta(days=(now - weekday - 1) % 7 + 1)
        why = f"'last {name}' = the {name} before publication"
    elif qual == "next":
        value = published + dt.timedelta(days=(weekday - now - 1) % 7 + 1)
        why = f"'next {name}' = the {name} after publication"
    elif future or qual == "coming":
        value = published + dt.timedelta(days=(weekday - now) % 7)
        why = f"'{expression}' in a future-tense clause = the next {name} on or after publication"
    else:
        value = published - dt.timedelta(days=(now - weekday) % 7)
        why = (
            f"'{expression}' in a past- or present-tense clause = the most recent {name} "
            "on or before publication"
        )
    return Reading(
        value.isoformat(),
        f"{why} ({_fmt(published)}) → {value.isoformat()}",
        "relative",
        qual not in ("last", "next"),
    )


def _weekend(expression: str, qual: str | None, published: dt.date | None, future: bool) -> Reading:
    """A weekend: the Saturday/Sunday before (past) or after (future) publication; month only."""
    if published is None:
        return _no_anchor(expression)
    saturday = 5
    now = published.weekday()
    looks_ahead = qual in ("next", "coming") or (qual != "last" and future)
    if looks_ahead and qual == "next":
        sat = published + dt.timedelta(days=(saturday - now - 1) % 7 + 1)
    elif looks_ahead:
        sat = published + dt.timedelta(days=(saturday - now) % 7)
    else:
        sat = published - dt.timedelta(days=(now - saturday - 1) % 7 + 1)
    sun = sat + dt.timedelta(days=1)
    days = f"{sat.isoformat()}/{sun:%d}" if sun.month == sat.month else f"{sat}/{sun:%m-%d}"
    where = "after" if looks_ahead else "before"
    value = f"{sat:%Y-%m}"
    return Reading(
        value,
        f"'{expression}': weekend {where} publication ({_fmt(published)}) = {days}; "
        f"day not given → month {value}",
        "relative",
        qual not in ("last", "next"),
    )


def _day_offset(expression: str, phrase: str, published: dt.date | None) -> Reading:
    if published is None:
        return _no_anchor(expression)
    offset = int(lexicon()["day_offsets"][phrase])
    value = published + dt.timedelta(days=offset)
    if offset == 0:
        how = "the publication date"
    else:
        how = f"publication date {'+' if offset > 0 else '−'} {abs(offset)} day"
        how += "s" if abs(offset) > 1 else ""
    return Reading(
        value.isoformat(),
        f"'{expression}' = {how} ({_fmt(published)}) → {value.isoformat()}",
        "relative",
    )


def _period(expression: str, qual: str, unit: str, published: dt.date | None) -> Reading:
    """last/this/next week, month or year; weeks report the month they fall in."""
    if published is None:
        return _no_anchor(expression)
    step = {"last": -1, "this": 0, "next": 1, "coming": 1}[qual]
    if unit == "week":
        anchor = published + dt.timedelta(days=7 * step)
        value = f"{anchor:%Y-%m}"
        why = f"the week around {anchor.isoformat()}; day not given → month"
    elif unit == "month":
        year, month = _month_shift(published.year, published.month, step)
        value = f"{year:04d}-{month:02d}"
        why = "calendar month"
    else:
        value = f"{published.year + step:04d}"
        why = "calendar year"
    return Reading(
        value,
        f"'{expression}' relative to publication ({_fmt(published)}): {why} → {value}",
        "relative",
    )


def _ago(expression: str, count: int, unit: str, published: dt.date | None) -> Reading:
    """ "three days ago" → a day; weeks → month; months → month; years/decades → year."""
    if published is None:
        return _no_anchor(expression)
    if unit == "day":
        value = (published - dt.timedelta(days=count)).isoformat()
    elif unit == "week":
        value = f"{published - dt.timedelta(days=7 * count):%Y-%m}"
    elif unit == "month":
        year, month = _month_shift(published.year, published.month, -count)
        value = f"{year:04d}-{month:02d}"
    else:
        value = f"{published.year - count * (10 if unit == 'decade' else 1):04d}"
    return Reading(
        value,
        f"'{expression}' counted back from publication ({_fmt(published)}) → {value}",
        "relative",
    )


def _absolute(
    expression: str, text: str, published: dt.date | None, future: bool
) -> Reading | None:
    """Expressions that name a calendar date, month or year outright (or a year-less day)."""
    pat = _patterns()
    months = lexicon()["months"]
    if m := pat.iso.search(text):
        return _full_date(expression, int(m["year"]), int(m["month"]), int(m["day"]), "is ISO")
    if m := pat.numeric.search(text):
        return _numeric_date(expression, int(m["a"]), int(m["b"]), int(m["year"]))
    for rx in (pat.mdy, pat.dmy):
        if m := rx.search(text):
            return _full_date(
                expression, int(m["year"]), months[m["month"]], int(m["day"]), "names a day"
            )
    for rx in (pat.md, pat.dm):
        if m := rx.search(text):
            return _yearless_date(expression, months[m["month"]], int(m["day"]), published, future)
    if m := pat.my.search(text):
        value = f"{m['year']}-{months[m['month']]:02d}"
        return Reading(value, f"'{expression}' names a month → {value}", "absolute")
    return None


@lru_cache(maxsize=8192)
def interpret(expression: str, published: dt.date | None, *, future: bool = False) -> Reading:
    """Interpret one expression; see :func:`normalise` for the rules.

    Args:
        expression: the words, e.g. "late on Wednesday" or "in February 2022".
        published: the publication date, or None.
        future: the expression sits in a future-tense clause.

    Returns:
        A :class:`Reading` with value, reason, kind and whether tense mattered.
    """
    text = _clean(expression)
    pat = _patterns()
    if pat.age.search(text):
        return Reading(None, f"'{expression}' is an age, not a date", "age")
    if m := pat.ago.search(text):
        count = _number(m["n"])
        if count is not None:
            return _ago(expression, count, m["unit"], published)
    if (reading := _absolute(expression, text, published, future)) is not None:
        return reading
    if pat.anaphoric.search(text):
        return Reading(None, f"'{expression}' counts from another event, not a date", "anaphoric")
    if pat.duration.search(text):
        return Reading(None, f"'{expression}' is a duration, not a date", "duration")
    if pat.decade.search(text):
        return Reading(None, f"'{expression}' names a decade; too coarse to date", "unknown")
    if m := pat.year.search(text):
        return Reading(m["year"], f"'{expression}' names a year → {m['year']}", "absolute")
    if m := pat.month.search(text):
        month = lexicon()["months"][m["month"]]
        return _month_alone(expression, month, m["qual"], published, future)
    if pat.named_day.search(text):
        return Reading(None, f"'{expression}' names a holiday or event, not a weekday", "unknown")
    if m := pat.weekday.search(text):
        weekday = lexicon()["weekdays"][m["weekday"]]
        return _weekday(expression, weekday, m["qual"], published, future)
    if m := pat.weekend.search(text):
        return _weekend(expression, m["qual"], published, future)
    if m := pat.day_offset.search(text):
        return _day_offset(expression, m["phrase"], published)
    if pat.sequence.search(text):
        return Reading(None, f"'{expression}' counts from another event, not a date", "anaphoric")
    if m := pat.period.search(text):
        return _period(expression, m["qual"], m["unit"], published)
    return Reading(None, f"'{expression}' is not a date expression wirecoder can place", "unknown")


def normalise(
    expression: str, published: dt.date | None, *, future: bool = False
) -> tuple[str | None, str]:
    """Turn a date expression into ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` with a reason.

    Rules (P = publication date): a weekday is the most recent one on or before P in a
    past/present clause and the next one on or after P in a future clause; "last"/"next" weekday
    exclude P itself. "over the weekend" is the weekend before P (after P if future), reported as
    its month. today/tonight/this morning = P, yesterday/last night = P-1, tomorrow = P+1;
    last/this/next week → month of P-7/P/P+7; last/this/next month/year → that calendar month or
    year; "N days ago" → a day, "N weeks/months ago" → a month, "N years ago" → a year. Full
    dates and "Month YYYY" resolve without P; a year-less "May 15" takes P's year unless that
    lands more than two months on the wrong side of P for the tense. Durations, ages and "two
    days later" give None.

    Args:
        expression: the words as written, e.g. "late on Wednesday".
        published: publication date, or None (relative expressions then give None).
        future: the expression sits in a future-tense clause.

    Returns:
        (value, reason). Value is None when the words name no datable point in time.
    """
    reading = interpret(expression, published, future=future)
    return reading.value, reading.reason
