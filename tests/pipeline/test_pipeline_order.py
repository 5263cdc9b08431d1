"""The assembled spaCy pipeline: every component's requirements are met, in the documented order."""

from __future__ import annotations

import pytest
from spacy.language import Language

from wirecoder.coder import load_pipeline
from wirecoder.pipeline import factories

pytestmark = pytest.mark.slow

STAGES = [
    "wirecoder_sections",
    "wirecoder_actors",
    "wirecoder_time",
    "wirecoder_places",
    "wirecoder_quotes",
    "wirecoder_events",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def test_analyze_pipes_reports_no_problems(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    problems = {name: missing for name, missing in analysis["problems"].items() if missing}
    assert problems == {}
    assert set(analysis["problems"]) == set(nlp.pipe_names)


def test_every_wirecoder_component_is_in_the_pipeline(nlp: Language) -> None:
    names = nlp.pipe_names
    for component in ["wirecoder_paragraphs", *STAGES]:
        assert names.count(component) == 1, names
    assert list(factories.BEFORE_PARSER) == ["wirecoder_paragraphs"]
    assert list(factories.AFTER_NER) == STAGES


def test_paragraphs_run_before_the_parser(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("wirecoder_paragraphs") < names.index("parser")


def test_stages_run_after_ner_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    positions = [names.index(stage) for stage in STAGES]
    assert positions == sorted(positions), names
    assert positions[0] > names.index("ner")
    assert positions[0] > names.index("parser")


def test_stages_declare_what_they_assign(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    summary = analysis["summary"]
    assert "doc._.actors" in summary["wirecoder_actors"]["assigns"]
    assert "doc._.events" in summary["wirecoder_events"]["assigns"]
    assert "doc.ents" in summary["wirecoder_actors"]["requires"]
