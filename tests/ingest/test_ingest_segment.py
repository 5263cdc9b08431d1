"""Paragraph splitting and the string cues for headings, bylines, credits and captions."""

from __future__ import annotations

import pytest

from wirecoder.ingest.segment import (
    credit_spans,
    has_caption_cue,
    has_credit,
    is_byline,
    is_credit,
    is_heading,
    paragraph_spans,
    paragraphs,
)


def test_paragraphs_split_on_blank_lines() -> None:
    text = (
        "Port Strike Ends\n\nDock workers returned\nto work on Tuesday.\n\n\n"
        "  Unions welcomed it.  \n"
    )
    assert paragraphs(text) == [
        "Port Strike Ends",
        "Dock workers returned\nto work on Tuesday.",
        "Unions welcomed it.",
    ]
    for start, end in paragraph_spans(text):
        assert text[start:end].strip() == text[start:end]


def test_paragraphs_split_on_lines_without_blank_lines() -> None:
    text = "Port Strike Ends\nDock workers returned on Tuesday.\nUnions welcomed the deal.\n"
    assert paragraphs(text) == [
        "Port Strike Ends",
        "Dock workers returned on Tuesday.",
        "Unions welcomed the deal.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "REUTERS/Jane Doe",
        "Photo: Jane Doe/AFP",
        "(AP Photo/Jane Doe)",
        "Getty Images",
        "AFP via Getty Images",
        "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
        "NO RESALES. NO ARCHIVES.",
        "MANDATORY CREDIT",
        "File photo",
        "EPA-EFE/JANE DOE",
        "Ministry of Defence/Handout via REUTERS",
        "REUTERS/Jane Doe/File Photo",
    ],
)
def test_credit_lines(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "The photo was later sold to Getty Images.",
        "Reuters reported that the talks had stalled.",
        "The minister told Reuters on Monday that he would resign.",
        "Police fired tear gas at protesters outside parliament.",
    ],
)
def test_prose_is_not_credit(sentence: str) -> None:
    assert not is_credit(sentence)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By Jane Doe and John Roe, Reuters",
        "Reporting by Jane Doe; Editing by John Roe",
        "Writing by Jane Doe",
        "(Reporting by Jane Doe in Nairobi; Editing by John Roe)",
    ],
)
def test_bylines(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "sentence",
    ["By Tuesday, the army had withdrawn.", "By late evening, police had cleared the square."],
)
def test_by_prose_is_not_byline(sentence: str) -> None:
    assert not is_byline(sentence)


@pytest.mark.parametrize(
    "paragraph",
    [
        "A Missed Chance for Peace?",
        "Aid Agencies Appeal for Funds",
        "TALKS COLLAPSE IN GENEVA",
        "Ukraine: What Comes Next?",
    ],
)
def test_headings(paragraph: str) -> None:
    assert is_heading(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Police arrested twelve protesters.",
        "\u201cWe Will Not Back Down\u201d",
        "Ministers meet in Geneva to discuss border",
        "The Talks Collapsed On Monday After Both Sides Refused To Sign Any Of The Drafts",
    ],
)
def test_not_headings(paragraph: str) -> None:
    assert not is_heading(paragraph)


@pytest.mark.parametrize(
    "sentence",
    [
        "Soldiers fire a howitzer near Kherson in this handout photo released on March 3.",
        "The envoy is pictured during a meeting in Doha.",
        "Delegates pose for a family photo at the summit in Nairobi.",
        "Pictured: the damaged bridge over the Dnipro.",
        "A convoy crosses the border in this file photo.",
    ],
)
def test_caption_cues(sentence: str) -> None:
    assert has_caption_cue(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A photo released by the ministry showed the damage.",
        "Senator Jane Smith (R) said the bill would fail.",
        "The minister appeared in a photo posted online.",
    ],
)
def test_prose_without_caption_cue(sentence: str) -> None:
    assert not has_caption_cue(sentence)


def test_credit_glued_to_caption() -> None:
    paragraph = "Residents queue for bread in Khan Younis on June 1, 2024. REUTERS/Jane Doe"
    assert has_credit(paragraph)
    (span,) = credit_spans(paragraph)
    assert paragraph[span[0] : span[1]] == "REUTERS/Jane Doe"
    assert not has_credit("Police fired tear gas. Protesters threw stones at the building.")
