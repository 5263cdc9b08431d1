"""Gold files on disk: loading, finding the article, coding it and dispatching by path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wirecoder.evaluate import detect_and_evaluate, evaluate_gold, load_gold
from wirecoder.evaluate.gold import (
    article_candidates,
    find_article,
    normalise_label,
    read_article,
)

TEXT = "Delegates from Peru and Chile met in Lima on Tuesday. They did not sign a deal."


def write_gold(folder: Path, doc: str = "lima_talks", name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    gold = {
        "doc": doc,
        "published": "2025-06-03",
        "events": [
            {"sentence": "Delegates from Peru and Chile met in Lima on Tuesday.",
             "source": "Peru (government)", "source_country": "PER",
             "target": "Chile (government)", "target_country": "CHL",
             "plover": "consult", "negated": False, "modality": "asserted",
             "date": "2025-06-03", "note": "annotator extras are ignored"},
            {"id": "deal", "sentence": "They did not sign a deal.", "source": None,
             "source_country": None, "target": None, "target_country": None,
             "plover": "AGREE", "negated": True, "modality": "asserted", "date": None},
        ],
        "quotes": [],
        "entities": [{"name": "Lima", "type": "GPE", "country": "PER", "role": None}],
        "weekday": "Tuesday",
    }  # fmt: skip
    path = folder / (name or f"{doc}.gold.json")
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def coded(builder: Any) -> Any:
    return (
        builder(TEXT)
        .actor("per", "Peru", kind="state", country="PER")
        .actor("chl", "Chile", kind="state", country="CHL")
        .place("Lima", "PER")
        .event("CONSULT", "met", source=("per",), target=("chl",), date="2025-06-03")
        .event("AGREE", "sign", negated=True)
        .build()
    )


def test_load_gold_normalises_and_fills_ids(tmp_path: Path) -> None:
    gold = load_gold(write_gold(tmp_path))
    assert gold.doc == "lima_talks"
    assert [e.id for e in gold.events] == ["event-1", "deal"]
    assert gold.events[0].plover == "CONSULT"
    assert normalise_label("Demand") == "REQUEST"
    assert normalise_label("FIGHT") == "ASSAULT"


def test_article_found_next_to_gold_by_doc_or_stem(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path, doc="lima_talks", name="other.gold.json")
    (tmp_path / "other.txt").write_text(TEXT, encoding="utf-8")
    assert find_article(gold_path, "lima_talks") == tmp_path / "other.txt"
    (tmp_path / "lima_talks.txt").write_text(TEXT, encoding="utf-8")
    assert find_article(gold_path, "lima_talks") == tmp_path / "lima_talks.txt"


def test_article_found_in_articles_dir_then_examples(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path / "eval")
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "lima_talks.txt").write_text(TEXT, encoding="utf-8")
    assert find_article(gold_path, "lima_talks") == examples / "lima_talks.txt"
    elsewhere = tmp_path / "articles"
    elsewhere.mkdir()
    (elsewhere / "lima_talks.html").write_text("<p>x</p>", encoding="utf-8")
    assert find_article(gold_path, "lima_talks", elsewhere) == elsewhere / "lima_talks.html"
    candidates = article_candidates(gold_path, "lima_talks", elsewhere)
    assert candidates[0] == tmp_path / "eval" / "lima_talks.txt"


def test_missing_article_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no article"):
        find_article(write_gold(tmp_path), "lima_talks")


def test_evaluate_gold_codes_article_with_gold_date(
    tmp_path: Path, builder: Any, fake_coder: Any
) -> None:
    gold_path = write_gold(tmp_path)
    (tmp_path / "lima_talks.txt").write_text(TEXT, encoding="utf-8")
    coder = fake_coder({TEXT: coded(builder)})
    report = evaluate_gold(gold_path, coder)
    assert coder.calls == [{"text": TEXT, "published": "2025-06-03", "doc_id": "lima_talks"}]
    assert report["L3"]["F1"] == 1.0
    assert report["negation"]["negated_found"] == 1
    assert report["dates"] == {**report["dates"], "correct": 1, "total": 1}
    assert report["entities"]["found"] == 1
    assert report["documents"][0]["article"].endswith("lima_talks.txt")
    json.dumps(report)  # the report is plain JSON


def test_evaluate_gold_directory_sums_documents(
    tmp_path: Path, builder: Any, fake_coder: Any
) -> None:
    for doc in ("a", "b"):
        write_gold(tmp_path, doc=doc)
        (tmp_path / f"{doc}.txt").write_text(TEXT, encoding="utf-8")
    report = evaluate_gold(tmp_path, fake_coder({TEXT: coded(builder)}))
    assert report["L1"]["tp"] == 4
    assert [d["doc"] for d in report["documents"]] == ["a", "b"]


def test_detect_and_evaluate_dispatches(tmp_path: Path, builder: Any, fake_coder: Any) -> None:
    write_gold(tmp_path / "gold")
    (tmp_path / "gold" / "lima_talks.txt").write_text(TEXT, encoding="utf-8")
    coder = fake_coder({TEXT: coded(builder)})
    assert "L1" in detect_and_evaluate(tmp_path / "gold", coder)
    assert "L1" in detect_and_evaluate(tmp_path / "gold" / "lima_talks.gold.json", coder)

    records = tmp_path / "records"
    records.mkdir()
    rows = [{"id": "r1", "event": "CONSULT", "text": TEXT, "source": "", "target": ""}]
    (records / "set.json").write_text(json.dumps(rows), encoding="utf-8")
    assert detect_and_evaluate(records, coder)["records"] == 1
    assert detect_and_evaluate(records / "set.json", coder)["accuracy"] == 1.0

    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError):
        detect_and_evaluate(tmp_path / "other.json", coder)


def test_read_article_text_and_html(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_text(TEXT, encoding="utf-8")
    assert read_article(plain) == TEXT
    html = tmp_path / "a.html"
    html.write_text(f"<html><body><article><p>{TEXT}</p></article></body></html>", "utf-8")
    assert "Delegates from Peru and Chile met in Lima" in read_article(html)
