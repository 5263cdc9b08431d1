"""Scoring one hand-built coded document against a hand-written gold annotation."""

from __future__ import annotations

from typing import Any

from wirecoder.evaluate.gold import GoldDocument
from wirecoder.evaluate.scores import prf, score_documents

S1 = "Foreign ministers of Portugal and Chile met in Lisbon on Monday."
S2 = "President Ana Ferreira did not attend the meeting."
S3 = "Chilean troops shelled a border post in March."
S4 = "Ferreira said the talks would resume soon."
TEXT = " ".join([S1, S2, S3, S4])


def gold(events: list[dict[str, Any]], **extra: Any) -> GoldDocument:
    return GoldDocument.model_validate(
        {"doc": "t", "published": "2025-05-12", "events": events, **extra}
    )


def base_doc(builder: Any) -> Any:
    return (
        builder(TEXT)
        .actor("prt", "Portugal", kind="state", country="PRT")
        .actor("chl", "Chile", kind="state", country="CHL", aliases=["Chilean troops"])
        .actor("fer", "Ana Ferreira", country="PRT", sector="GOV", aliases=["Ferreira"])
    )


def test_prf_counts() -> None:
    assert prf(1, 1, 3) == {"P": 0.5, "R": 0.25, "F1": 0.3333, "tp": 1, "fp": 1, "fn": 3}
    assert prf(0, 0, 0)["F1"] == 0.0


def test_trigger_outside_gold_sentence_does_not_match(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence=S1, plover="CONSULT")])
    doc = base_doc(builder).event("CONSULT", "attend", negated=False).build()  # in S2
    report = score_documents([(g, doc)])
    assert report["L1"]["tp"] == 0
    assert report["L1"]["fp"] == 1 and report["L1"]["fn"] == 1
    assert report["documents"][0]["missed"]["L1"] == ["g1"]
    assert report["documents"][0]["false_positives"][0]["trigger"] == "attend"


def test_levels_l1_l2_l3(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(
        sentence=S1, plover="CONSULT", source="Portugal (government)", source_country="PRT",
        target="Chile (government)", target_country="CHL",
    )])  # fmt: skip
    right = base_doc(builder).event("CONSULT", "met", source=("prt",), target=("chl",)).build()
    report = score_documents([(g, right)])
    assert [report[level]["tp"] for level in ("L1", "L2", "L3")] == [1, 1, 1]

    swapped = base_doc(builder).event("CONSULT", "met", source=("chl",), target=("prt",)).build()
    report = score_documents([(g, swapped)])
    assert [report[level]["tp"] for level in ("L1", "L2", "L3")] == [1, 0, 0]

    # any listed actor may match
    both = base_doc(builder).event("CONSULT", "met", source=("chl", "prt"), target=("chl",))
    report = score_documents([(g, both.build())])
    assert report["L3"]["tp"] == 1


def test_wrong_category_does_not_match(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence=S1, plover="CONSULT")])
    doc = base_doc(builder).event("COOPERATE", "met").build()
    assert score_documents([(g, doc)])["L1"]["tp"] == 0


def test_null_gold_target_matches_any_target(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence=S2, plover="CONSULT", negated=True,
                              source="Ferreira", source_country="PRT")])  # fmt: skip
    doc = base_doc(builder).event("CONSULT", "attend", negated=True, source=("fer",),
                                  target=("chl",)).build()  # fmt: skip
    report = score_documents([(g, doc)])
    assert report["L2"]["tp"] == 1 and report["L3"]["tp"] == 1


def test_wrong_negation_is_no_match_and_counts_as_positive(
    builder: Any, make_gold_event: Any
) -> None:
    g = gold([make_gold_event(sentence=S2, plover="CONSULT", negated=True)])
    positive = base_doc(builder).event("CONSULT", "attend", negated=False).build()
    report = score_documents([(g, positive)])
    assert report["L1"]["tp"] == 0
    assert report["negation"]["negated_total"] == 1
    assert report["negation"]["negated_found"] == 0
    assert report["negation"]["negated_as_positive"] == 1

    negated = base_doc(builder).event("CONSULT", "attend", negated=True).build()
    report = score_documents([(g, negated)])
    assert report["negation"]["negated_found"] == 1
    assert report["negation"]["negated_as_positive"] == 0


def test_another_actors_positive_event_is_not_the_negated_one(
    builder: Any, make_gold_event: Any
) -> None:
    # "Chile's minister attended, but Ferreira did not": one of each, no negation error
    g = gold([make_gold_event(sentence=S2, plover="CONSULT", negated=True,
                              source="Ferreira", source_country="PRT")])  # fmt: skip
    doc = (
        base_doc(builder)
        .event("CONSULT", "attend", negated=True, source=("fer",))
        .event("CONSULT", "attend", negated=False, source=("chl",))
        .build()
    )
    assert score_documents([(g, doc)])["negation"]["negated_as_positive"] == 0
    wrong = base_doc(builder).event("CONSULT", "attend", negated=False, source=("fer",)).build()
    assert score_documents([(g, wrong)])["negation"]["negated_as_positive"] == 1


def test_each_gold_and_each_output_matched_at_most_once(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence=S1, plover="CONSULT")])
    twice = base_doc(builder).event("CONSULT", "met").event("CONSULT", "Lisbon").build()
    report = score_documents([(g, twice)])
    assert (report["L1"]["tp"], report["L1"]["fp"], report["L1"]["fn"]) == (1, 1, 0)

    two_gold = gold([make_gold_event(id="a", sentence=S1), make_gold_event(id="b", sentence=S1)])
    once = base_doc(builder).event("CONSULT", "met").build()
    report = score_documents([(two_gold, once)])
    assert (report["L1"]["tp"], report["L1"]["fp"], report["L1"]["fn"]) == (1, 0, 1)


def test_levels_prefer_the_actor_compatible_pairing(builder: Any, make_gold_event: Any) -> None:
    # Two gold events in one sentence; the output lists them in the "wrong" order.
    g = gold([
        make_gold_event(id="a", sentence=S1, source="Portugal (government)", source_country="PRT"),
        make_gold_event(id="b", sentence=S1, source="Chile (government)", source_country="CHL"),
    ])  # fmt: skip
    doc = (
        base_doc(builder)
        .event("CONSULT", "met", source=("chl",))
        .event("CONSULT", "Lisbon", source=("prt",))
        .build()
    )
    report = score_documents([(g, doc)])
    assert report["L1"]["tp"] == 2 and report["L3"]["tp"] == 2


def test_background_counts_only_in_all_events(builder: Any, make_gold_event: Any) -> None:
    g = gold([
        make_gold_event(id="now", sentence=S1),
        make_gold_event(id="then", sentence=S3, plover="ASSAULT", background=True),
    ])  # fmt: skip
    doc = (
        base_doc(builder)
        .event("CONSULT", "met")
        .event("ASSAULT", "shelled", background=True)
        .build()
    )
    report = score_documents([(g, doc)])
    assert (report["L1"]["tp"], report["L1"]["fp"], report["L1"]["fn"]) == (1, 0, 0)
    assert (report["all_events"]["L1"]["tp"], report["all_events"]["L1"]["fn"]) == (2, 0)


def test_caption_gold_events_count_like_others(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence=S1, in_caption=True)])
    doc = base_doc(builder).build()
    assert score_documents([(g, doc)])["L1"]["fn"] == 1


def test_dates_day_and_month_precision(builder: Any, make_gold_event: Any) -> None:
    g = gold([
        make_gold_event(id="day", sentence=S1, date="2025-05-12"),
        make_gold_event(id="month", sentence=S3, plover="ASSAULT", date="2025-03"),
        make_gold_event(id="wrong", sentence=S2, negated=True, date="2025-05-12"),
        make_gold_event(id="none", sentence=S4, plover="AGREE", date=None),
    ])  # fmt: skip
    doc = (
        base_doc(builder)
        .event("CONSULT", "met", date="2025-05-12")
        .event("ASSAULT", "shelled", date="2025-03-01")
        .event("CONSULT", "attend", negated=True, date="2025-05")  # day wanted, month given
        .event("AGREE", "resume", date="2025-06-01")  # gold date null: not scored
        .build()
    )
    report = score_documents([(g, doc)])
    assert report["dates"]["total"] == 3
    assert report["dates"]["correct"] == 2
    errors = report["documents"][0]["dates"]["errors"]
    assert [e["gold_id"] for e in errors] == ["wrong"]


def test_quotes_overlap_and_speaker(builder: Any) -> None:
    quotes = [
        {"speaker": "Ana Ferreira", "text": "the talks would resume soon", "direct": False},
        {"speaker": "Ana Ferreira", "text": "troops shelled a border post", "direct": True},
        {"speaker": "Portugal (government) / Lisbon", "text": "Ministers met in Lisbon",
         "direct": True},
    ]  # fmt: skip
    g = gold([], quotes=quotes)
    doc = (
        base_doc(builder)
        .quote("talks would resume", "fer", direct=False)  # 3 of 5 words, right speaker
        .quote("shelled a", "fer")  # 2 of 5 words: too little
        .quote("met in Lisbon on Monday", "prt")  # 3 of 4 words, speaker via alternative
        .build()
    )
    report = score_documents([(g, doc)])
    assert report["quotes"]["indirect"] == {"found": 1, "total": 1, "recall": 1.0}
    assert report["quotes"]["direct"] == {"found": 1, "total": 2, "recall": 0.5}
    assert report["quotes"]["overall"]["found"] == 2

    wrong_speaker = base_doc(builder).quote("talks would resume", "chl", direct=False).build()
    report = score_documents([(gold([], quotes=quotes[:1]), wrong_speaker)])
    assert report["quotes"]["overall"]["found"] == 0


def test_entities_need_name_type_and_country(builder: Any) -> None:
    entities = [
        {"name": "Ana Ferreira", "type": "PERSON", "country": "PRT"},
        {"name": "Chile", "type": "GPE", "country": "CHL"},
        {"name": "Lisbon", "type": "GPE", "country": "PRT"},
        {"name": "Portugal", "type": "PERSON", "country": "PRT"},  # wrong type
        {"name": "Chilean troops", "type": "ORG", "country": "PRT"},  # wrong country
        {"name": "Harbour Council", "type": "ORG", "country": None},
    ]
    doc = (
        base_doc(builder)
        .place("Lisbon", "PRT")
        .actor("hc", "The Harbour Council", kind="organisation", country="PRT")
    )
    report = score_documents([(gold([], entities=entities), doc.build())])
    assert report["entities"]["found"] == 4
    missed = report["documents"][0]["entities"]["missed"]
    assert missed == ["Portugal", "Chilean troops"]


def test_events_in_credit_lines_are_counted(builder: Any) -> None:
    doc = builder(TEXT + " Photo by Staff MANDATORY CREDIT.").event("CONSULT", "MANDATORY")
    doc.kind(4, "credit")
    report = score_documents([(gold([]), doc.build())])
    assert report["credit_events"] == 1


def test_unlocated_gold_sentence_is_reported(builder: Any, make_gold_event: Any) -> None:
    g = gold([make_gold_event(sentence="A sentence that is not there.")])
    report = score_documents([(g, base_doc(builder).build())])
    assert report["documents"][0]["unlocated_sentences"] == ["g1"]
    assert report["L1"]["fn"] == 1
