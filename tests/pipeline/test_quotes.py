"""Tests for the quotes stage through the real pipeline: direct and indirect speech, speakers.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

import wirecoder
from wirecoder.schema import CodedDocument, Quote

pytestmark = pytest.mark.slow

PUBLISHED = "2025-05-15"


def code(coder: wirecoder.Coder, text: str) -> CodedDocument:
    doc = coder.code(text, published=PUBLISHED)
    ids = {a.id for a in doc.actors}
    for q in doc.quotes:
        assert q.text == doc.text[q.start : q.end]
        assert 0 <= q.sentence < len(doc.sentences)
        assert q.speaker is None or q.speaker in ids
    return doc


def speaker_name(doc: CodedDocument, quote: Quote) -> str | None:
    if quote.speaker is None:
        return None
    actor = doc.actor(quote.speaker)
    assert actor is not None
    return actor.name


def direct(doc: CodedDocument) -> list[Quote]:
    return [q for q in doc.quotes if q.direct]


def indirect(doc: CodedDocument) -> list[Quote]:
    return [q for q in doc.quotes if not q.direct]


def test_curly_quote_with_speaker_after(coder) -> None:
    doc = code(
        coder,
        "“We will never give up our land,” Ukrainian President Volodymyr Zelensky said on Tuesday.",
    )
    (quote,) = direct(doc)
    assert quote.text == "We will never give up our land"
    assert speaker_name(doc, quote) == "Volodymyr Zelensky"
    assert quote.sentence == 0


def test_straight_quote_with_speaker_after(coder) -> None:
    doc = code(
        coder,
        '"The sanctions are illegal," Russian Foreign Minister Sergei Lavrov told reporters.',
    )
    (quote,) = direct(doc)
    assert quote.text == "The sanctions are illegal"
    assert speaker_name(doc, quote) == "Sergei Lavrov"


def test_speaker_before_a_colon(coder) -> None:
    doc = code(
        coder,
        "Polish Prime Minister Donald Tusk said on Monday: “Europe must spend more on defence.”",
    )
    (quote,) = direct(doc)
    assert quote.text.startswith("Europe must spend more on defence")
    assert speaker_name(doc, quote) == "Donald Tusk"


def test_quote_spanning_two_sentences_is_one_quote(coder) -> None:
    text = (
        "Polish Prime Minister Donald Tusk said: “Europe must arm itself. "
        "There is no time to lose.”"
    )
    doc = code(coder, text)
    quotes = direct(doc)
    assert len(quotes) == 1, [(q.text, q.sentence) for q in doc.quotes]
    (quote,) = quotes
    assert quote.text.startswith("Europe must arm itself.")
    assert quote.text.rstrip(".").endswith("There is no time to lose")
    assert speaker_name(doc, quote) == "Donald Tusk"
    assert len(doc.sentences) >= 2  # the quote really does cross a sentence boundary


def test_quote_only_sentence_takes_the_previous_speaker(coder) -> None:
    text = (
        "“Russia does not want peace,” Ukrainian Foreign Minister Andrii Sybiha said in Brussels. "
        "“It only wants more territory.”"
    )
    doc = code(coder, text)
    quotes = direct(doc)
    assert [q.text.rstrip(".") for q in quotes] == [
        "Russia does not want peace",
        "It only wants more territory",
    ]
    assert [speaker_name(doc, q) for q in quotes] == ["Andrii Sybiha", "Andrii Sybiha"]
    assert quotes[1].sentence == quotes[0].sentence + 1


def test_straight_quote_only_sentence_takes_the_previous_speaker(coder) -> None:
    text = (
        '"We are ready to talk," Kremlin spokesman Dmitry Peskov told reporters on Monday. '
        '"But not under pressure."'
    )
    doc = code(coder, text)
    quotes = direct(doc)
    assert len(quotes) == 2, [(q.text, q.speaker) for q in doc.quotes]
    assert [speaker_name(doc, q) for q in quotes] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_indirect_speech_said_that(coder) -> None:
    doc = code(
        coder,
        "German Chancellor Friedrich Merz said that Europe would increase its support for Ukraine.",
    )
    assert not direct(doc)
    (quote,) = indirect(doc)
    assert quote.direct is False
    assert quote.text == "Europe would increase its support for Ukraine"
    assert speaker_name(doc, quote) == "Friedrich Merz"


def test_indirect_speech_without_that(coder) -> None:
    doc = code(coder, "The Kremlin said Russian negotiators were ready for serious work.")
    (quote,) = indirect(doc)
    assert quote.text == "Russian negotiators were ready for serious work"
    assert speaker_name(doc, quote) == "Kremlin"


def test_quoted_fragment_does_not_become_indirect_speech_too(coder) -> None:
    doc = code(
        coder,
        "“We came here for peace,” Ukraine's Foreign Minister Andrii Sybiha told reporters.",
    )
    assert len(doc.quotes) == 1, [(q.text, q.direct) for q in doc.quotes]
    assert doc.quotes[0].direct


def test_quotes_are_in_text_order_with_unique_ids(coder) -> None:
    text = (
        "“We will not retreat,” Ukrainian President Volodymyr Zelensky said. "
        "Russian Foreign Minister Sergei Lavrov said that Moscow was open to talks. "
        '"The door is open," Lavrov added.'
    )
    doc = code(coder, text)
    assert len(doc.quotes) == 3, [(q.text, q.direct) for q in doc.quotes]
    assert [q.start for q in doc.quotes] == sorted(q.start for q in doc.quotes)
    assert len({q.id for q in doc.quotes}) == 3
    assert [q.direct for q in doc.quotes] == [True, False, True]
    assert [speaker_name(doc, q) for q in doc.quotes] == [
        "Volodymyr Zelensky",
        "Sergei Lavrov",
        "Sergei Lavrov",
    ]
