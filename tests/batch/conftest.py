"""Fixtures for batch tests: a small corpus of the project's own articles, with bad documents.

The corpus (built once per session under a temporary folder)::

    corpus/<12 articles of tests/articles>.txt
    corpus/empty.txt                     -> error E001
    corpus/binary.txt                    -> error E002
    corpus/wire.jsonl.gz                 -> 2 articles (examples/docs.jsonl) + 1 bad line (E006)
    corpus/store/<5 articles of tests/store/articles>.txt   (named store/<file>)
    corpus/store/zz_copy.txt             -> the same text as an earlier article: skipped
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "corpus"
    (folder / "store").mkdir(parents=True)
    for path in sorted((ROOT / "tests" / "articles").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for path in sorted((ROOT / "tests" / "store" / "articles").glob("*.txt")):
        shutil.copy(path, folder / "store" / path.name)
    first = sorted((ROOT / "tests" / "articles").glob("*.txt"))[0]
    shutil.copy(first, folder / "store" / "zz_copy.txt")
    (folder / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    records = [json.loads(line) for line in (ROOT / "examples" / "docs.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]  # fmt: skip
    texts = [r for r in records if r.get("text")][:2]
    lines = [json.dumps(texts[0]), '{"id": "broken", "text": ', json.dumps(texts[1])]
    with gzip.open(folder / "wire.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return folder
