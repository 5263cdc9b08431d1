"""PLOVER-convention records: label mapping, the PLOVER view, and actor codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wirecoder.evaluate.plover_gsr import evaluate_plover_gsr, gsr_actor_matches, load_records
from wirecoder.schema import Actor, CodedDocument

TEXTS = {
    "r1": "Rebels in Ostrava demanded the release of prisoners.",
    "r2": "The mayor did not meet the strikers on Friday.",
    "r3": "Troops will shell the hills if talks fail.",
    "r4": "The agency condemned the raid and praised the police.",
    "r5": "Nothing much happened at the fair.",
}


def records() -> list[dict[str, Any]]:
    header = {"id": "H", "event": "DOCUMENT", "eventText": "header"}
    rows = [
        {"id": "r1", "event": "DEMAND", "date": "2001-02-03",
         "source": [{"actorText": "Rebels", "code": "CZE", "sector": "REB"}],
         "target": [{"actorText": "Tokyo", "code": "JAP"}]},
        {"id": "r2", "event": "REJECT", "date": "2001-02-03",
         "source": [{"actorText": "mayor", "code": "CZE", "sector": "GOV"}], "target": ""},
        {"id": "r3", "event": "THREATEN", "source": None, "target": None},
        {"id": "r4", "event": "DISAPPROVE",
         "source": [{"actorText": "The agency", "code": "IGO"}],
         "target": [{"actorText": "raid", "code": "IGO"}]},
        {"id": "r5", "event": "AGREE", "source": [{"actorText": "fair", "code": "NGO"}]},
    ]  # fmt: skip
    return [header] + [{**r, "text": TEXTS[str(r["id"])]} for r in rows]


def coded_docs(builder: Any) -> dict[str, CodedDocument]:
    return {
        "r1": builder(TEXTS["r1"], "r1")
        .actor("reb", "Rebels", kind="group", country="CZE")
        .actor("jp", "Japan", kind="state", country="JPN")
        .event("REQUEST", "demanded", source=("reb",), target=("jp",), confidence=0.9)
        .event("ASSAULT", "release", confidence=0.2)
        .build(),
        # negated past CONSULT -> REJECT in the PLOVER view
        "r2": builder(TEXTS["r2"], "r2")
        .actor("may", "mayor", country="SVK")
        .event("CONSULT", "meet", negated=True, source=("may",))
        .build(),
        # planned ASSAULT -> THREATEN
        "r3": builder(TEXTS["r3"], "r3").event("ASSAULT", "shell", modality="planned").build(),
        # top event is SUPPORT, but ACCUSE is also predicted (any_accuracy)
        "r4": builder(TEXTS["r4"], "r4")
        .actor("ag", "the agency", kind="organisation", sector="IGO")
        .actor("raid", "Raid", kind="organisation")
        .event("ACCUSE", "condemned", source=("ag",), target=("raid",), confidence=0.4)
        .event("SUPPORT", "praised", source=("ag",), confidence=0.7)
        .build(),
    }


class BatchCoder:
    def __init__(self, docs: dict[str, CodedDocument]) -> None:
        self.docs = docs
        self.batches = 0

    def code(self, text: str, *, published: str | None = None, doc_id: str | None = None) -> Any:
        raise AssertionError("code_many should be used")

    def code_many(self, raws: list[Any]) -> Any:
        self.batches += 1
        for raw in raws:
            yield self.docs.get(raw.doc_id) or CodedDocument(doc_id=raw.doc_id, text=raw.text)


class LoopCoder:
    def __init__(self, docs: dict[str, CodedDocument]) -> None:
        self.docs = docs
        self.published: list[str | None] = []

    def code(self, text: str, *, published: str | None = None, doc_id: str | None = None) -> Any:
        self.published.append(published)
        return self.docs.get(doc_id or "") or CodedDocument(doc_id=doc_id or "", text=text)


def write(tmp_path: Path) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records()), encoding="utf-8")
    return path


def test_load_records_skips_header(tmp_path: Path) -> None:
    assert [r["id"] for r in load_records(write(tmp_path))] == ["r1", "r2", "r3", "r4", "r5"]
    assert len(load_records(tmp_path)) == 5  # a folder of record files


def test_a_repeated_record_id_is_scored_on_its_own_sentence(tmp_path: Path, builder: Any) -> None:
    rows = records()
    rows[2] = {**rows[2], "id": "r1"}  # the mayor's sentence reuses r1's id
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    loaded = load_records(path)
    assert [r["id"] for r in loaded][:2] == ["r1", "r1#2"]
    by_text = {TEXTS[key]: doc for key, doc in coded_docs(builder).items()}

    class TextCoder:
        def code(self, text: str, *, published: str | None = None, doc_id: str = "") -> Any:
            if text not in by_text:
                return CodedDocument(doc_id=doc_id, text=text)
            return by_text[text].model_copy(update={"doc_id": doc_id})

    report = evaluate_plover_gsr(path, TextCoder())
    # both sentences keyed "r1" are scored on their own events: r1's REQUEST, the mayor's REJECT
    assert report["mistakes"] and {m["id"] for m in report["mistakes"]} == {"r4", "r5"}


def test_categories_through_label_map_and_view(tmp_path: Path, builder: Any) -> None:
    coder = BatchCoder(coded_docs(builder))
    report = evaluate_plover_gsr(write(tmp_path), coder)
    assert coder.batches == 1
    assert report["records"] == 5
    # r1 DEMAND->REQUEST ok, r2 negated CONSULT->REJECT ok, r3 planned ASSAULT->THREATEN ok,
    # r4 DISAPPROVE->ACCUSE but top is SUPPORT, r5 no event -> NONE
    assert report["accuracy"] == 0.6
    assert report["any_accuracy"] == 0.8
    assert report["confusion"]["ACCUSE"] == {"SUPPORT": 1}
    assert report["confusion"]["AGREE"] == {"NONE": 1}
    assert report["per_category"]["REQUEST"]["F1"] == 1.0
    assert report["per_category"]["SUPPORT"] == {
        "P": 0.0, "R": 0.0, "F1": 0.0, "tp": 0, "fp": 1, "fn": 0, "support": 0,
    }  # fmt: skip
    assert "NONE" not in report["per_category"]
    assert {m["id"] for m in report["mistakes"]} == {"r4", "r5"}


def test_actor_code_accuracy(tmp_path: Path, builder: Any) -> None:
    report = evaluate_plover_gsr(write(tmp_path), BatchCoder(coded_docs(builder)))
    # sources judged: r1 ok (CZE), r2 wrong (SVK), r4 ok (IGO by sector), r5 wrong (no event)
    assert report["source_country_accuracy"] == 0.5
    # targets judged: r1 ok (JAP read as JPN), r4: top event SUPPORT has no target -> wrong
    assert report["target_country_accuracy"] == 0.5


def test_loop_coder_gets_record_dates(tmp_path: Path, builder: Any) -> None:
    coder = LoopCoder(coded_docs(builder))
    report = evaluate_plover_gsr(write(tmp_path), coder)
    assert report["accuracy"] == 0.6
    assert coder.published[:3] == ["2001-02-03", "2001-02-03", None]


def test_gsr_actor_rules() -> None:
    un = Actor(id="u", name="United Nations", kind="organisation", aliases=["U.N."])
    assert gsr_actor_matches({"actorText": "U.N.", "code": "IGO"}, un)
    assert not gsr_actor_matches({"actorText": "World Bank", "code": "IGO"}, un)
    igo = Actor(id="i", name="Some Body", kind="organisation", sector="IGO")
    assert gsr_actor_matches({"actorText": "x", "code": "IGO"}, igo)
    japan = Actor(id="j", name="Japan", kind="state", country="JPN")
    assert gsr_actor_matches({"actorText": "Tokyo", "code": "JAP"}, japan)
    # a country code does not fall back to names
    assert not gsr_actor_matches({"actorText": "Japan", "code": "CHN"}, japan)
