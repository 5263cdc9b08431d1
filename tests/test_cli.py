"""The ``wirecoder`` console script, run as a user runs it (a subprocess).

Every article, JSONL record and gold file here was written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PUBLISHED = "2025-05-15"

CONTRACT_KEYS = {
    "doc_id", "title", "url", "published", "language", "text", "sentences", "actors", "events",
    "quotes", "places", "dates",
}  # fmt: skip

ARTICLE = (
    "Turkish President Recep Tayyip Erdogan met Ukrainian President Volodymyr Zelensky in Ankara "
    "on Wednesday.\n\n"
    "Russian President Vladimir Putin did not attend the talks.\n"
)


def wirecoder_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m wirecoder.cli``."""
    script = Path(sys.executable).parent / "wirecoder"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "wirecoder.cli"]


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*wirecoder_command(), *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=300,
    )


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# -- the console script ------------------------------------------------------------------------


def test_console_script_and_module_both_run() -> None:
    script = Path(sys.executable).parent / "wirecoder"
    assert script.exists(), "the 'wirecoder' console script is not installed in the venv"
    for command in ([str(script)], [sys.executable, "-m", "wirecoder.cli"]):
        result = subprocess.run([*command, "--version"], capture_output=True, text=True,
                                timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "0.1.0" in result.stdout


COMMANDS = ["actors", "batch", "code", "db", "errors", "eval", "export", "ingest", "query",
            "serve", "stats", "train-events"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_help_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout
    assert f"wirecoder {command} " in result.stdout


def test_all_subcommands_are_covered_by_the_help_test() -> None:
    from wirecoder.cli import main

    assert sorted(main.commands) == COMMANDS


# -- code: one document ------------------------------------------------------------------------


def test_code_prints_one_json_document_with_the_contract_keys(tmp_path: Path) -> None:
    path = tmp_path / "ankara_talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("code", str(path), "--published", PUBLISHED)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(doc)
    assert doc["doc_id"] == "ankara_talks.txt"
    assert doc["published"] == PUBLISHED
    assert doc["language"] == "en"
    assert doc["text"] == ARTICLE
    types = sorted((e["type"], e["negated"]) for e in doc["events"])
    assert types == [("CONSULT", False), ("CONSULT", True)]
    met = next(e for e in doc["events"] if not e["negated"])
    assert met["date"] == "2025-05-14"
    assert "Traceback" not in result.stderr


def test_code_reads_stdin_and_writes_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("code", "-", "--published", PUBLISHED, "-o", str(out), stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["text"] == ARTICLE
    assert doc["events"]


def test_plover_format_writes_plover_records(tmp_path: Path) -> None:
    path = tmp_path / "ankara_talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("code", str(path), "--published", PUBLISHED, "--format", "plover")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 2
    for record in records:
        assert {"id", "date", "actor", "event", "recipient"} <= set(record)
        assert isinstance(record["actor"], list) and record["actor"]
        assert isinstance(record["event"], list) and len(record["event"]) == 1
    by_text = {r["event_text"]: r for r in records}
    met = by_text["met"]
    assert met["event"] == ["CONSULT"]
    assert met["date"] == "2025-05-14"
    assert met["actor"][0]["code"] == "TUR"
    assert met["recipient"][0]["code"] == "UKR"
    # PLOVER view: a negated past CONSULT reads as REJECT, with "negation" in its context
    absent = by_text["attend"]
    assert absent["event"] == ["REJECT"]
    assert "negation" in absent["context"]
    assert absent["actor"][0]["code"] == "RUS"


# -- code: JSONL batches --------------------------------------------------------------------------


def test_jsonl_batch_keeps_order_records_errors_and_exits_partial(tmp_path: Path) -> None:
    path = tmp_path / "wire_batch.jsonl"
    lines = [
        json.dumps({"id": "first", "text": "Ukraine asked Germany to deliver more air defence "
                    "systems.", "published": PUBLISHED}),  # fmt: skip
        '{"id": "broken", "text": "this line never closes',
        json.dumps({"id": "notext", "title": "A record without any text"}),
        json.dumps({"id": "second", "text": "China accused the Philippines of provoking a "
                    "confrontation at sea.", "published": PUBLISHED}),  # fmt: skip
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("code", str(path), "--format", "jsonl")
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    good = [o for o in out if "error" not in o]
    errors = [o["error"] for o in out if "error" in o]
    assert [d["doc_id"] for d in good] == ["first", "second"]
    assert all(CONTRACT_KEYS <= set(d) for d in good)
    assert [e["type"] for e in good[0]["events"]] == ["REQUEST"]
    assert [e["type"] for e in good[1]["events"]] == ["ACCUSE"]
    assert len(errors) == 2
    assert all(e["code"] and e["error"] for e in errors)
    # one line on stderr per bad record, naming the document (file and line)
    messages = stderr_lines(result)
    assert len(messages) == 2, result.stderr
    assert "wire_batch.jsonl:2" in messages[0]
    assert "wire_batch.jsonl:3" in messages[1] or "notext" in messages[1]


def test_jsonl_batch_with_only_bad_records_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "all_bad.jsonl"
    path.write_text('{"id": 1\n{"title": "no text"}\n', encoding="utf-8")
    result = run("code", str(path), "--format", "jsonl")
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(stderr_lines(result)) == 2


# -- code: bad inputs ------------------------------------------------------------------------------

FRENCH = (
    "Le président français a reçu mardi le chancelier allemand à l'Élysée pour discuter de la "
    "guerre en Ukraine. Les deux dirigeants ont promis de renforcer leur soutien militaire et "
    "de coordonner les nouvelles sanctions contre la Russie avant la fin du mois."
)
GERMAN = (
    "Der Bundeskanzler hat am Dienstag in Berlin den polnischen Ministerpräsidenten empfangen. "
    "Die beiden Regierungschefs wollen die Zusammenarbeit bei der Verteidigung ausbauen und "
    "haben sich auf ein gemeinsames Vorgehen gegenüber Russland verständigt."
)
MALFORMED_HTML = {
    "angles": "<<<<>>>> </ / <p <p <p",
    "unclosed": "<html><<<div><p <b></i></div>>>></script><style>",
}

BAD_INPUTS = {
    "empty": ("empty_story.txt", b"", [], "E001"),
    "binary": ("scan.txt", b"%PDF-1.4\x00\x01\x02\xff\xfe\x00binary", [], "E002"),
    "too_large": ("long_story.txt", ("Russia attacked Ukraine on Monday. " * 80).encode(),
                  ["--max-bytes", "500"], "E003"),  # fmt: skip
    "french": ("depeche.txt", FRENCH.encode("utf-8"), [], "E004"),
    "german": ("meldung.txt", GERMAN.encode("utf-8"), [], "E004"),
    **{
        f"html_{key}": (f"page_{key}.html", html.encode("utf-8"), [], "E005")
        for key, html in MALFORMED_HTML.items()
    },
}


@pytest.fixture(scope="module")
def bad_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    """Run ``wirecoder code`` once per bad input (shared by the tests below)."""
    folder = tmp_path_factory.mktemp("bad_inputs")
    results = {}
    for key, (filename, data, extra, _) in BAD_INPUTS.items():
        path = folder / filename
        path.write_bytes(data)
        results[key] = (path, run("code", str(path), "--published", PUBLISHED, *extra))
    return results


@pytest.mark.parametrize("key", list(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_nonzero_exit(key: str, bad_results) -> None:
    path, result = bad_results[key]
    code = BAD_INPUTS[key][3]
    assert result.returncode != 0, (key, result.stdout[:300])
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert f"[{code}]" in lines[0]
    assert path.stem in lines[0]
    assert result.stdout.strip() == ""


def test_bad_input_messages_name_the_file(bad_results) -> None:
    """The documented message form is ``[E004] notes.txt: ...``: the file's name, not a stem."""
    unnamed = {}
    for key, (path, result) in bad_results.items():
        lines = stderr_lines(result)
        if not lines or path.name not in lines[0]:
            unnamed[path.name] = lines[0] if lines else result.stderr
    assert unnamed == {}


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_story.txt"
    result = run("code", str(missing), "--published", PUBLISHED)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert "no_such_story.txt" in lines[0]


def test_invalid_published_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ankara_talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("code", str(path), "--published", "2025-13-45")
    assert result.returncode != 0, result.stdout[:200]
    assert "Traceback" not in result.stderr
    assert "published" in result.stderr.lower() or "2025-13-45" in result.stderr


CP1252_TEXT = (
    "French President Emmanuel Macron met Ukrainian President Volodymyr Zelensky at the "
    "Élysée Palace on Monday. “We need more air defence,” Zelensky said after the meeting."
)


@pytest.fixture(scope="module")
def cp1252_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("cp1252") / "elysee_meeting.txt"
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    return path, run("code", str(path), "--published", PUBLISHED)


def test_cp1252_file_is_decoded_with_a_warning(cp1252_result) -> None:
    path, result = cp1252_result
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    doc = json.loads(result.stdout)
    assert doc["text"] == CP1252_TEXT
    assert "Élysée" in doc["text"] and "“We need" in doc["text"]
    warnings = [line for line in stderr_lines(result) if line.startswith("warning:")]
    assert len(warnings) == 1, result.stderr
    assert path.stem in warnings[0]
    assert any(q["text"] == "We need more air defence" for q in doc["quotes"])
    assert any(e["type"] == "CONSULT" for e in doc["events"])


def test_cp1252_warning_names_the_file(cp1252_result) -> None:
    path, result = cp1252_result
    warnings = [line for line in stderr_lines(result) if line.startswith("warning:")]
    assert warnings and path.name in warnings[0], result.stderr


# -- eval ------------------------------------------------------------------------------------------

GOLD_ARTICLE = (
    "Turkish President Recep Tayyip Erdogan met Ukrainian President Volodymyr Zelensky in Ankara "
    "on Wednesday.\n\n"
    "Russian President Vladimir Putin did not attend the talks.\n\n"
    "“We want a just peace,” Zelensky told reporters after the meeting.\n"
)


def write_gold(folder: Path) -> Path:
    doc = "ankara_meeting_2025-05-15"
    (folder / f"{doc}.txt").write_text(GOLD_ARTICLE, encoding="utf-8")
    gold = {
        "doc": doc,
        "published": PUBLISHED,
        "events": [
            {
                "id": "g1",
                "sentence": "Turkish President Recep Tayyip Erdogan met Ukrainian President "
                "Volodymyr Zelensky in Ankara on Wednesday.",
                "source": "Recep Tayyip Erdogan",
                "source_country": "TUR",
                "target": "Volodymyr Zelensky",
                "target_country": "UKR",
                "plover": "CONSULT",
                "cameo_root": "04",
                "negated": False,
                "modality": "asserted",
                "date": "2025-05-14",
                "location": "Ankara, Turkey",
            },
            {
                "id": "g2",
                "sentence": "Russian President Vladimir Putin did not attend the talks.",
                "source": "Vladimir Putin",
                "source_country": "RUS",
                "target": None,
                "target_country": None,
                "plover": "CONSULT",
                "cameo_root": "04",
                "negated": True,
                "modality": "asserted",
                "date": "2025-05-15",
                "location": None,
            },
        ],
        "quotes": [
            {"speaker": "Volodymyr Zelensky", "text": "We want a just peace", "direct": True}
        ],
        "entities": [
            {"name": "Recep Tayyip Erdogan", "type": "PERSON", "country": "TUR",
             "role": "President"},  # fmt: skip
            {"name": "Vladimir Putin", "type": "PERSON", "country": "RUS", "role": "President"},
        ],
    }
    path = folder / f"{doc}.gold.json"
    path.write_text(json.dumps(gold, indent=1), encoding="utf-8")
    return path


def test_eval_json_report_has_the_scores(tmp_path: Path) -> None:
    gold = write_gold(tmp_path)
    result = run("eval", str(gold), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for level in ("L1", "L2", "L3"):
        assert {"P", "R", "F1"} <= set(report[level]), level
        for key in ("P", "R", "F1"):
            assert 0.0 <= report[level][key] <= 1.0
    for key in ("negation", "dates", "quotes", "entities"):
        assert key in report, key
    # the pipeline codes this tiny article perfectly at L1
    assert report["L1"]["R"] == 1.0 and report["L1"]["P"] == 1.0
    assert report["negation"]["negated_found"] == report["negation"]["negated_total"] == 1


def test_eval_on_a_folder_and_text_report(tmp_path: Path) -> None:
    write_gold(tmp_path)
    result = run("eval", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "L1" in result.stdout and "F1" in result.stdout


def test_eval_of_something_that_is_not_gold_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    result = run("eval", str(path), "--format", "json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1 and "notes.json" in lines[0], result.stderr
