"""Batch coding: every engine codes the same events, bad documents become error records, a rerun
skips what is done, and the driver never reads far ahead of the workers."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from batch_helpers import BAD, COPIES, GOOD, event_tuples, read_rows

from wirecoder.batch import read_inputs, run_batch
from wirecoder.batch.pool import PoolStats, code_entries
from wirecoder.batch.records import Outcome, event_rows
from wirecoder.schema import ErrorRecord, RawDocument
from wirecoder.store.writer import document_key

HAS_RAY = importlib.util.find_spec("ray") is not None
TOTAL = GOOD + BAD + COPIES


@pytest.fixture(scope="module")
def reference(corpus: Path, coder) -> list[tuple]:
    """The in-process answer: ``Coder.code_many`` over the same documents, no engine."""
    rows: list[dict] = []
    keys: set[str] = set()
    for doc in coder.code_many(read_inputs([str(corpus)])):
        if isinstance(doc, ErrorRecord):
            continue
        key = document_key(doc.text)
        if key in keys:
            continue  # a copy: the batch codes each text once
        keys.add(key)
        rows.extend(event_rows(doc, key, None))
    assert len(keys) == GOOD and rows
    return event_tuples(rows)


@pytest.fixture(scope="module")
def pool1(corpus: Path, coder, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pool1") / "events.parquet"
    report = run_batch([corpus], out=out, workers=1, coder=coder)
    return out, report


@pytest.fixture(scope="module")
def pool2(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pool2") / "events.jsonl"
    stats = PoolStats()
    report = run_batch([corpus], out=out, workers=2, chunk_size=4, pool_stats=stats)
    return out, report, stats


@pytest.fixture(scope="module")
def ray_local():
    if not HAS_RAY:
        pytest.skip("Ray is not installed (pip install 'wirecoder[ray]')")
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)  # fmt: skip
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_pool_of_one_codes_what_the_coder_codes(pool1, reference) -> None:
    out, report = pool1
    assert (report.coded, report.failed, report.skipped) == (GOOD, BAD, COPIES)
    assert report.seen == TOTAL
    assert event_tuples(read_rows(out)) == reference
    assert report.events == len(reference)


@pytest.mark.slow
def test_pool_of_two_codes_the_same_events(pool2, reference) -> None:
    out, report, stats = pool2
    assert (report.coded, report.failed, report.skipped) == (GOOD, BAD, COPIES)
    assert event_tuples(read_rows(out)) == reference
    assert len(report.worker_peak_mb) == 2  # two processes coded, each reporting its memory
    assert all(100 < mb < 1024 for mb in report.worker_peak_mb.values())


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, about its settings
def test_ray_codes_the_same_events_and_resumes(corpus: Path, reference, ray_local,
                                               tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "events.parquet"
    report = run_batch([corpus], out=out, workers=2, engine="ray")
    assert (report.coded, report.failed, report.skipped) == (GOOD, BAD, COPIES)
    assert event_tuples(read_rows(out)) == reference
    again = run_batch([corpus], out=out, workers=2, engine="ray")
    assert (again.coded, again.failed, again.skipped) == (0, BAD, GOOD + COPIES)
    assert event_tuples(read_rows(out)) == reference


@pytest.mark.slow
def test_bad_documents_become_error_records_and_the_rest_is_coded(pool1) -> None:
    out, report = pool1
    errors = [json.loads(line) for line in
              Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert sorted(e["code"] for e in errors) == ["E001", "E002", "E006"]
    assert {e["doc_id"] for e in errors} == {"empty.txt", "binary.txt", "wire.jsonl.gz:2"}
    assert sorted(e.code for e in report.errors) == ["E001", "E002", "E006"]
    done = [json.loads(line) for line in
            Path(f"{out}.done.jsonl").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    names = {d["doc_id"] for d in done}
    assert len(done) == GOOD
    # gzipped JSONL is read (its good lines coded); nested files are named by their path
    assert {"haiti_mirebalais_2025-04-01", "moldova_expels_diplomat_2025-02-28"} <= names
    assert "store/same_event_a_2026-03-12.txt" in names


@pytest.mark.slow
def test_a_rerun_skips_done_documents_and_writes_no_duplicates(corpus: Path, pool1, coder) -> None:
    out, first = pool1
    before = read_rows(out)
    again = run_batch([corpus], out=out, workers=1, coder=coder)
    assert again.coded == 0
    assert again.skipped == GOOD + COPIES
    assert again.failed == BAD  # failures are tried again
    rows = read_rows(out)
    assert len(rows) == len(before) == first.events
    keys = [(r["doc_key"], r["event_id"]) for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.slow
def test_a_rerun_after_a_crash_codes_only_what_is_missing(corpus: Path, coder,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    first = run_batch([corpus], out=out, workers=1, coder=coder)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    done = Path(f"{out}.done.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    # a crash: the last document's rows half written and it is missing from the done list
    last_key = json.loads(done[-1])["doc_key"]
    kept = [line for line in lines if json.loads(line)["doc_key"] != last_key]
    out.write_text("".join(kept) + '{"doc_key": "cut sh', encoding="utf-8")
    Path(f"{out}.done.jsonl").write_text("".join(done[:-1]), encoding="utf-8")
    again = run_batch([corpus], out=out, workers=1, coder=coder)
    assert again.coded == 1
    assert event_tuples(read_rows(out)) == event_tuples([json.loads(line) for line in lines])
    assert first.events == len(read_rows(out))


@pytest.mark.slow
def test_the_store_sink_stores_each_document_once(corpus: Path, coder, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from wirecoder.store import Store, tables

    db = tmp_path / "batch.db"
    report = run_batch([corpus], db=db, workers=1, coder=coder)
    assert (report.coded, report.failed) == (GOOD, BAD)
    with Store(db) as store, store.reader() as conn:
        documents = conn.execute(select(func.count()).select_from(tables.documents)).scalar()
        errors = conn.execute(select(func.count()).select_from(tables.ingest_errors)).scalar()
        events = conn.execute(select(func.count()).select_from(tables.events)).scalar()
    assert documents == GOOD
    assert errors == BAD
    assert events > 0
    again = run_batch([corpus], db=db, workers=1, coder=coder)
    assert (again.coded, again.skipped) == (0, GOOD + COPIES)


def _tiny(n: int):
    for i in range(n):
        yield RawDocument(doc_id=f"d{i}", text=f"Police arrested {i} protesters in Lagos.")


def test_the_pool_never_reads_far_ahead_of_its_workers() -> None:
    """Memory stays flat: the pool holds a bounded number of documents, however long the input
    (a generator of 2,000 documents, consumed incrementally)."""
    read = 0
    handed = 0
    ahead = 0

    def counted():
        nonlocal read
        for doc in _tiny(2000):
            read += 1
            yield doc

    stats = PoolStats()
    for outcome in code_entries(counted(), workers=2, chunk_size=8, max_in_flight=3,
                                worker_options={"null": True, "want_rows": True},
                                stats=stats):  # fmt: skip
        handed += 1
        ahead = max(ahead, read - handed)
        assert outcome.status == "coded"
    assert handed == read == 2000
    assert stats.max_in_flight <= 3
    assert stats.max_in_flight_docs <= 3 * 8
    assert ahead <= 3 * 8 + 8  # the window plus the chunk being formed


def test_outcomes_come_back_in_input_order_with_errors_passed_through() -> None:
    items: list = list(_tiny(30))
    items.insert(7, Outcome.failed(ErrorRecord(doc_id="bad", error="x", code="E001")))
    got = list(code_entries(items, workers=2, chunk_size=4,
                            worker_options={"null": True}))  # fmt: skip
    assert [o.doc_id for o in got] == [getattr(i, "doc_id", None) for i in items]
    assert got[7].status == "failed"


def test_reader_is_lazy_and_reads_gzipped_jsonl(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(5000):
            fh.write(json.dumps({"id": f"n{i}", "text": "Police arrested 12 protesters in Lagos "
                                 f"on Monday, officials said. Report {i}."}) + "\n")  # fmt: skip
    stream = read_inputs([str(path)])
    first = next(stream)
    assert isinstance(first, RawDocument) and first.doc_id == "n0"
    assert sum(1 for _ in stream) == 4999


def test_uris_are_listed_and_read_through_pyarrow(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Police arrested 12 protesters in Lagos on Monday.",
                                            encoding="utf-8")  # fmt: skip
    (tmp_path / "a" / "b" / "two_2025-05-16.txt").write_text(
        "Troops shelled the village on Tuesday, residents said.", encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text("x", encoding="utf-8")
    docs = list(read_inputs([f"file://{tmp_path / 'a'}"]))
    assert [d.doc_id for d in docs] == ["b/two_2025-05-16.txt", "one.txt"]
    assert docs[0].published == "2025-05-16"
    assert docs[0].source_path == f"file://{tmp_path / 'a'}/b/two_2025-05-16.txt"


def test_a_missing_input_is_an_error_record(tmp_path: Path) -> None:
    report = run_batch([tmp_path / "nope"], out=tmp_path / "o.jsonl",
                       worker_options={"null": True})  # fmt: skip
    assert (report.failed, report.coded) == (1, 0)
    assert report.errors[0].code == "E008"


def test_ray_missing_gives_a_one_line_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from wirecoder.errors import ConfigError

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ConfigError, match=r"pip install 'wirecoder\[ray\]'"):
        run_batch([tmp_path], out=tmp_path / "o.parquet", engine="ray")
    assert not (tmp_path / "o.parquet").exists()


def test_gzipped_jsonl_is_read_everywhere_jsonl_is(tmp_path: Path) -> None:
    """``read_path`` (``wirecoder code``) and ``iter_inputs`` (``wirecoder ingest``) read
    ``.jsonl.gz`` like ``.jsonl``, in folders too."""
    import gzip

    from wirecoder.ingest import read_path
    from wirecoder.store.ingest import estimate_total, iter_inputs

    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": "Police arrested 12 protesters in Lagos."}) + "\n")
        fh.write("not json\n")
    assert [d.doc_id for d in read_path(tmp_path / "a.jsonl.gz")] == ["g1", "a.jsonl.gz:2"]
    assert [d.doc_id for d in read_path(tmp_path)] == ["g1", "a.jsonl.gz:2"]
    assert [d.doc_id for d in iter_inputs([str(tmp_path)])] == ["g1", "a.jsonl.gz:2"]
    assert estimate_total([str(tmp_path)]) == 2
