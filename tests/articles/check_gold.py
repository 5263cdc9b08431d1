"""Sanity checks for the gold articles in this folder (run: python tests/articles/check_gold.py).

Checks that every gold file parses; that every event sentence and quote text is a verbatim
substring of its article; that every PLOVER label is one of the 16 PLOVER 2.0 categories; that
dates are null, YYYY-MM or YYYY-MM-DD (and real dates); that the published weekday matches; and
that every category occurs at least 3 times across the set. Prints counts; exits 1 on failure.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

CATEGORIES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
]  # fmt: skip
MODALITIES = {"asserted", "reported", "planned", "hypothetical", "demanded"}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def main(folder: Path) -> int:
    errors: list[str] = []
    per_category: collections.Counter[str] = collections.Counter()
    n_docs = n_quotes = n_entities = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        n_docs += 1
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            errors.append(f"{gold_path.name}: JSON error {exc}")
            continue
        article = folder / f"{gold['doc']}.txt"
        if not article.is_file():
            errors.append(f"{gold_path.name}: no article {article.name}")
            continue
        text = article.read_text(encoding="utf-8")
        published = dt.date.fromisoformat(gold["published"])
        if gold.get("weekday") and published.strftime("%A") != gold["weekday"]:
            errors.append(f"{gold_path.name}: weekday {gold['weekday']} != {published:%A}")
        for event in gold["events"]:
            where = f"{gold_path.name} {event.get('id')}"
            if event["sentence"] not in text:
                errors.append(f"{where}: sentence not in article")
            if event["plover"] not in CATEGORIES:
                errors.append(f"{where}: bad category {event['plover']}")
            if event["modality"] not in MODALITIES:
                errors.append(f"{where}: bad modality {event['modality']}")
            if not isinstance(event["negated"], bool):
                errors.append(f"{where}: negated not boolean")
            date = event["date"]
            if date is not None:
                if not DATE.match(date):
                    errors.append(f"{where}: bad date {date}")
                else:
                    dt.date.fromisoformat(date if len(date) == 10 else date + "-01")
            per_category[event["plover"]] += 1
        for quote in gold["quotes"]:
            n_quotes += 1
            if quote["text"] not in text:
                errors.append(f"{gold_path.name}: quote not in article: {quote['text'][:50]}")
        n_entities += len(gold["entities"])
    for category in CATEGORIES:
        if per_category[category] < 3:
            errors.append(f"category {category} occurs {per_category[category]} times (< 3)")
    print(f"articles {n_docs}, events {sum(per_category.values())}, quotes {n_quotes}, "
          f"entities {n_entities}")
    print(", ".join(f"{c} {per_category[c]}" for c in CATEGORIES))
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent))
