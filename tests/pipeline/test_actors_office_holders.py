"""An unnamed office ("Ukraine's president", "the Polish prime minister") is the person who held
it on the article's publication date, when the people list (``data/people.v1.jsonl``, fields
``since``/``until``) knows exactly one holder; otherwise it stays the state.

Every sentence here was written for these tests (the office-holders are real ones).
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

import wirecoder
from wirecoder.pipeline.actors import lexicon
from wirecoder.schema import Actor, CodedDocument


def code(coder: wirecoder.Coder, text: str, published: str | None) -> CodedDocument:
    doc = coder.code(text, published=published)
    for actor in doc.actors:
        for mention in actor.mentions:
            assert mention.text == doc.text[mention.start : mention.end], (actor.id, mention)
    return doc


def summary(doc: CodedDocument) -> list[tuple[str, str, str | None, list[str]]]:
    return [(a.name, a.kind, a.country, [m.text for m in a.mentions]) for a in doc.actors]


def mentioned_as(doc: CodedDocument, words: str) -> Actor:
    """The one actor that has a mention whose text is exactly ``words``."""
    found = [a for a in doc.actors if any(m.text == words for m in a.mentions)]
    assert len(found) == 1, (words, summary(doc))
    return found[0]


# -- the lexicon: terms and role names (no model) ----------------------------------------------


def _people_rows() -> list[dict]:
    text = resources.files("wirecoder.data").joinpath("people.v1.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [r for r in rows if not any(k.startswith("_") for k in r)]


def test_people_terms_are_dates_and_start_before_they_end() -> None:
    for row in _people_rows():
        if "until" in row:
            assert "since" in row, row["name"]
        if "since" in row:
            since = date.fromisoformat(row["since"])
            until = date.fromisoformat(row["until"]) if "until" in row else None
            assert until is None or since < until, row["name"]


def test_no_two_holders_of_one_office_overlap() -> None:
    # overlapping terms would make the office ambiguous, and the rule would silently not apply
    for (country, role), holders in lexicon.offices().items():
        ordered = sorted(holders, key=lambda o: o.since)
        for earlier, later in zip(ordered, ordered[1:]):
            assert earlier.until is not None and earlier.until <= later.since, (country, role)


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("Foreign Minister", "foreign minister"),
        ("minister of foreign affairs", "foreign minister"),
        ("Foreign Secretary", "foreign minister"),
        ("External Affairs Minister", "foreign minister"),
        ("Defense Secretary", "defence minister"),
        ("defense minister", "defence minister"),
        ("Premier", "prime minister"),
        ("Vice-President", "vice president"),
        ("former Chancellor", "chancellor"),
        ("deputy foreign minister", "deputy foreign minister"),
    ],
)
def test_role_key_compares_ways_of_writing_an_office(written: str, office: str) -> None:
    assert lexicon.role_key(written) == office


def test_office_holders_follow_the_terms() -> None:
    def who(country: str, role: str, day: str) -> list[str]:
        return [o.name for o in lexicon.office_holders(country, role, date.fromisoformat(day))]

    assert who("UKR", "president", "2025-05-16") == ["Volodymyr Zelenskiy"]
    assert who("UKR", "president", "2019-05-19") == []  # the day before the term began
    assert who("UKR", "president", "2019-05-20") == ["Volodymyr Zelenskiy"]
    assert who("GBR", "foreign minister", "2025-09-04") == ["David Lammy"]
    assert who("GBR", "foreign secretary", "2025-09-05") == ["Yvette Cooper"]  # until: exclusive
    assert who("DEU", "chancellor", "2024-11-07") == ["Olaf Scholz"]  # a "former Chancellor"
    assert who("IRN", "foreign minister", "2025-05-16") == []  # entry without a `since`
    assert who("KEN", "president", "2025-05-16") == []


# -- the rule, through the real pipeline --------------------------------------------------------


@pytest.mark.slow
def test_office_within_the_term_is_its_holder(coder) -> None:
    doc = code(
        coder,
        "Ukraine's president flew to Warsaw on Tuesday to see the Polish prime minister.",
        "2025-05-20",
    )
    president = mentioned_as(doc, "Ukraine's president")
    assert (president.name, president.kind, president.country, president.sector) == (
        "Volodymyr Zelenskiy", "person", "UKR", "GOV",
    )  # fmt: skip
    assert president.role == "president"
    assert president.reason == (
        "office-holder: 'Ukraine's president' on 2025-05-20 → Volodymyr Zelenskiy "
        "(President since 2019-05-20)"
    )
    premier = mentioned_as(doc, "Polish prime minister")
    assert (premier.name, premier.kind, premier.country) == ("Donald Tusk", "person", "POL")
    # "Ukraine" inside the office phrase is no separate mention of the state
    assert not any(m.text == "Ukraine" for a in doc.actors for m in a.mentions), summary(doc)
    # the person, not the state, acts in the event
    assert any(president.id in e.source for e in doc.events), doc.events


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "office", "holder"),
    [
        ("The Ukrainian president spoke to reporters in Kyiv.", "Ukrainian president",
         "Volodymyr Zelenskiy"),
        ("The president of Ukraine landed in Ankara late on Monday.", "president of Ukraine",
         "Volodymyr Zelenskiy"),
        ("Ukraine's foreign minister criticised the delay on Monday.",
         "Ukraine's foreign minister", "Andrii Sybiha"),
        ("The Chinese premier opened the trade fair in Shanghai.", "Chinese premier",
         "Li Qiang"),
        ("Britain's foreign secretary arrived in Kyiv on Monday.", "Britain's foreign secretary",
         "David Lammy"),
        ("The German chancellor hosted the summit in Berlin.", "German chancellor",
         "Friedrich Merz"),
    ],
)  # fmt: skip
def test_ways_of_writing_an_office(coder, text: str, office: str, holder: str) -> None:
    actor = mentioned_as(code(coder, text, "2025-06-02"), office)
    assert (actor.name, actor.kind) == (holder, "person")
    assert actor.reason and actor.reason.startswith(f"office-holder: '{office}' on 2025-06-02")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("published", "holder"),
    [("2025-05-02", "Rustem Umerov"), ("2025-08-02", "Denys Shmyhal")],
)
def test_a_replaced_holder_is_not_used_after_the_term(coder, published: str, holder: str) -> None:
    doc = code(coder, "Ukraine's defence minister toured a drone factory on Friday.", published)
    assert mentioned_as(doc, "Ukraine's defence minister").name == holder


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The Ukrainian president arrived in Ankara on Thursday. Zelenskiy said he would wait "
        "for Putin there.",
        "Volodymyr Zelenskiy arrived in Ankara on Thursday. The Ukrainian president said he "
        "would wait for Putin there.",
        "The Ukrainian president arrived in Ankara on Thursday. Zelensky said he would wait "
        "for Putin there.",
    ],
)
def test_office_and_name_in_one_article_are_one_actor(coder, text: str) -> None:
    doc = code(coder, text, "2025-05-15")
    office = mentioned_as(doc, "Ukrainian president")
    named = [
        a
        for a in doc.actors
        if any(m.text.startswith(("Zelensk", "Volodymyr")) for m in a.mentions)
    ]
    assert [a.id for a in named] == [office.id], summary(doc)
    ukrainians = [a for a in doc.actors if a.country == "UKR"]
    assert len(ukrainians) == 1, summary(doc)
    assert office.name == "Volodymyr Zelenskiy"


@pytest.mark.slow
def test_office_before_the_term_began_is_the_state(coder) -> None:
    doc = code(coder, "Ukraine's president flew to Warsaw on Tuesday for talks.", "2019-03-05")
    actor = mentioned_as(doc, "Ukraine's president")
    assert (actor.name, actor.kind, actor.country) == ("Ukraine", "state", "UKR")
    assert not [a for a in doc.actors if a.kind == "person"], summary(doc)


@pytest.mark.slow
def test_office_without_a_publication_date_is_the_state(coder) -> None:
    doc = code(coder, "The Ukrainian president flew to Warsaw on Tuesday for talks.", None)
    actor = mentioned_as(doc, "Ukrainian president")
    assert (actor.name, actor.kind) == ("Ukraine", "state")
    assert "acts for the state" in (actor.reason or "")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "office", "state"),
    [
        # no entry for Kenya's president in the people list
        ("The Kenyan president flew to Addis Ababa on Sunday.", "Kenyan president", "Kenya"),
        # an entry without `since` (Iran's foreign minister) is never used for the office
        ("The Iranian foreign minister flew to Oman on Sunday.", "Iranian foreign minister",
         "Iran"),
    ],
)  # fmt: skip
def test_office_the_people_list_cannot_fill_is_the_state(
    coder, text: str, office: str, state: str
) -> None:
    actor = mentioned_as(code(coder, text, "2025-05-18"), office)
    assert (actor.name, actor.kind) == (state, "state")


@pytest.mark.slow
def test_former_holder_is_not_the_current_one(coder) -> None:
    doc = code(coder, "The former Ukrainian president flew to Warsaw on Tuesday.", "2025-05-20")
    assert "Volodymyr Zelenskiy" not in {a.name for a in doc.actors}, summary(doc)
