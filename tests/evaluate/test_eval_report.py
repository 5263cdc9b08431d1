"""Text and JSON rendering of both kinds of report."""

from __future__ import annotations

import json
from typing import Any

from wirecoder.evaluate import render_json, render_text, score_documents
from wirecoder.evaluate.gold import GoldDocument
from wirecoder.evaluate.plover_gsr import score_records

TEXT = "Officials from Ghana and Togo met in Accra. Ghana did not close the border."


def gold_report(builder: Any, make_gold_event: Any) -> dict[str, Any]:
    gold = GoldDocument.model_validate({
        "doc": "accra",
        "events": [
            make_gold_event(id="meet", sentence="Officials from Ghana and Togo met in Accra."),
            make_gold_event(id="close", sentence="Ghana did not close the border.",
                            plover="COERCE", negated=True),
        ],
        "quotes": [{"speaker": "Ghana (government)", "text": "no closure", "direct": False}],
        "entities": [{"name": "Accra", "type": "GPE", "country": "GHA"}],
    })  # fmt: skip
    doc = builder(TEXT).event("CONSULT", "met").event("COERCE", "close").build()
    return score_documents([(gold, doc)])


def test_gold_text_report(builder: Any, make_gold_event: Any) -> None:
    text = render_text(gold_report(builder, make_gold_event))
    assert "L1 sentence+type+negation" in text
    assert "Negation (all events): coded negated 0/1 (0.000); coded as positive: 1" in text
    assert "missed at L1: close" in text
    assert "COERCE asserted [close]" in text
    assert "quote missed (indirect, Ghana (government))" in text
    assert "entities missed: Accra" in text


def test_gold_json_has_the_documented_keys(builder: Any, make_gold_event: Any) -> None:
    report = json.loads(render_json(gold_report(builder, make_gold_event)))
    for key in ("L1", "L2", "L3"):
        assert set(report[key]) >= {"P", "R", "F1"}
    assert {"negation", "dates", "quotes", "entities", "all_events", "credit_events"} <= set(report)


def test_gsr_text_report(builder: Any) -> None:
    records = [
        {"id": "a", "event": "DEMAND", "text": "x", "source": [{"code": "GHA"}]},
        {"id": "b", "event": "FIGHT", "text": "y"},
    ]
    coded = {"a": builder("Ghana demanded talks.").event("REQUEST", "demanded").build()}
    text = render_text(score_records(records, coded))
    assert "PLOVER records: 2" in text
    assert "accuracy (top event)      0.500" in text
    assert " REQU" in text and " NONE" in text
    assert "ASSAULT" in text  # FIGHT mapped
