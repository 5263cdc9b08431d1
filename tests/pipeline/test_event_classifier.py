"""The learned event classifier: packaged, explained, switchable, reproducibly trained.

Sentences here are ours and are not in the training files (a test that re-reads a training
sentence would prove only that the model memorised it).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from wirecoder.coder import Coder, load_pipeline
from wirecoder.pipeline.events.classifier import (
    NONE,
    EventClassifier,
    features,
    load_classifier,
)
from wirecoder.pipeline.events.training import fit, instances, read_examples, train

pytestmark = pytest.mark.slow
TRAINING = Path(__file__).resolve().parents[2] / "training" / "plover"


def test_packaged_model_loads_and_knows_every_category() -> None:
    model = load_classifier()
    assert model is not None, "the package ships event_classifier.v1.json.gz"
    assert set(model.classes) >= {NONE, "AGREE", "ASSAULT", "COERCE", "REQUEST", "SANCTION"}
    report = model.meta["report"]
    assert report["sentences"] >= 3000  # hundreds of our own sentences per category
    assert min(v for k, v in report["per_type"].items() if k != NONE) >= 150


def test_training_sentences_are_valid_and_never_the_shared_gold() -> None:
    rows = read_examples(TRAINING)
    shared = Path(__file__).resolve().parents[3] / "shared" / "eval" / "plover_gsr"
    gold_texts: set[str] = set()
    for file in shared.glob("*.json"):
        records = json.loads(file.read_text())
        gold_texts |= {r.get("text", "") for r in records if isinstance(r, dict)}
    assert not {r["text"] for r in rows} & gold_texts
    assert len({r["text"] for r in rows}) == len(rows), "no sentence twice"
    # nor a near copy: no run of five words (three of them content words) shared with any
    # gold sentence, so wording seen while studying the gold's failures cannot leak in
    gold_runs = set().union(*(_five_word_runs(t) for t in gold_texts)) if gold_texts else set()
    leaks = [r["text"] for r in rows if _five_word_runs(r["text"]) & gold_runs]
    assert not leaks, leaks[:5]


_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for and or but with by from that this is was were be been has have "
    "had it its their his her they he she as said says say will would could may might not no "
    "than then there which who whom whose what when where while after before over under into "
    "about against between during".split()
)


def _five_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    runs = (tuple(words[i : i + 5]) for i in range(len(words) - 4))
    return {r for r in runs if sum(w not in _FUNCTION_WORDS for w in r) >= 3}


def test_model_event_explains_which_model_fired_and_its_score(coder: Coder) -> None:
    doc = coder.code(
        "Mali's junta expelled the French ambassador on Monday, giving him 72 hours to leave.",
        published="2022-01-31",
    )
    events = [e for e in doc.events if e.trigger.text == "expelled"]
    assert events, [(e.type, e.trigger.text) for e in doc.events]
    reason = events[0].reasons.get("model", "")
    assert " p=0." in reason or " p=1." in reason, events[0].reasons


def test_model_codes_a_predicate_the_lexicon_lacks(coder: Coder) -> None:
    # "parade" is not in the verb lexicon; the classifier learned shows of force from our sentences
    doc = coder.code(
        "North Korean troops paraded missiles through Pyongyang to mark the anniversary."
    )
    paraded = [e for e in doc.events if e.trigger.text == "paraded"]
    assert paraded and paraded[0].type == "MOBILIZE", [(e.type, e.trigger.text) for e in doc.events]
    assert paraded[0].reasons["type"].startswith("model:")


def test_switching_the_model_off_codes_with_rules_alone(monkeypatch) -> None:
    monkeypatch.setenv("WIRECODER_EVENT_MODEL", "off")
    load_classifier.cache_clear()
    try:
        coder = Coder(nlp=load_pipeline())
        doc = coder.code("North Korean troops paraded missiles through Pyongyang on Friday.")
        assert not [e for e in doc.events if e.trigger.text == "paraded"]
        assert all("model" not in e.reasons for e in doc.events)
    finally:
        monkeypatch.delenv("WIRECODER_EVENT_MODEL")
        load_classifier.cache_clear()


def test_training_is_deterministic_and_the_file_round_trips(tmp_path: Path) -> None:
    folder = tmp_path / "sentences"
    folder.mkdir()
    rows = []
    for name in ("agree.jsonl", "assault.jsonl", "none_a.jsonl"):
        rows += (TRAINING / name).read_text(encoding="utf-8").splitlines()[:25]
    (folder / "mixed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    nlp = load_pipeline()
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    train(folder, first, nlp, log=lambda *_: None)
    train(folder, second, nlp, log=lambda *_: None)
    assert first.read_bytes() == second.read_bytes()
    model = EventClassifier.load(first)
    data = list(instances(read_examples(folder), nlp))
    refit = fit(data)
    assert refit.predict(data[0].features).label == model.predict(data[0].features).label
    with gzip.open(first, "rt") as fh:
        assert json.load(fh)["meta"]["report"]["sentences"] == 75


def test_bad_training_line_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text(
        '{"text": "Troops shelled the town.", "trigger": "bombed", "type": "ASSAULT"}\n'
    )
    with pytest.raises(ValueError, match=r"x\.jsonl:1: trigger 'bombed' not in the text"):
        read_examples(tmp_path)


def test_features_see_arguments_and_the_lexicon_verdict(coder: Coder) -> None:
    nlp = coder.nlp
    doc = nlp("Police arrested two opposition leaders in the capital.")
    verb = next(t for t in doc if t.lemma_ == "arrest")
    feats = features(verb, "COERCE", doc._.token_actor or {}, {}, {})
    assert {"l=arrest", "r=COERCE", "dobj=leader", "p=in"} <= set(feats)
