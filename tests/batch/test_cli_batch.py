"""``wirecoder batch``: help with examples, exit codes, resume, and the Ray hint."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirecoder.cli_batch import batch_command

ARTICLE = sorted((Path(__file__).resolve().parents[1] / "store" / "articles").glob("*.txt"))[0]


def test_help_has_examples() -> None:
    result = CliRunner().invoke(batch_command, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "wirecoder batch " in result.output
    for option in ("--out", "--db", "--workers", "--engine", "--address", "--format"):
        assert option in result.output


def test_an_output_is_required(tmp_path: Path) -> None:
    result = CliRunner().invoke(batch_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_engine_ray_without_ray_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "ray", None)
    result = CliRunner().invoke(batch_command, [str(tmp_path), "--out", str(tmp_path / "o.parquet"),
                                                "--engine", "ray", "-q"])  # fmt: skip
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "pip install 'wirecoder[ray]'" in lines[0]


@pytest.mark.slow
def test_batch_codes_exits_3_on_a_failed_document_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ARTICLE, corpus / ARTICLE.name)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(batch_command, [str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 3, result.output
    assert "1 coded, 0 skipped (done already), 1 failed" in result.output
    assert "[E001] empty.txt" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["doc_id"] for r in rows} == {ARTICLE.name}
    (corpus / "empty.txt").unlink()
    again = CliRunner().invoke(batch_command, [str(corpus), "--out", str(out), "-q"])
    assert again.exit_code == 0, again.output
    assert "0 coded, 1 skipped" in again.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(rows)
