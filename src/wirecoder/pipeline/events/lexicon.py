"""Load the event stage's data: the verb lexicon (``event_verbs.v1.jsonl``) and closed cue lists
(``event_cues.v1.json``). Users may add verb entries with ``WIRECODER_EVENT_VERBS`` (JSONL files,
same fields, separated by the path separator)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class VerbEntry:
    """One lexicon row: a lemma, the PLOVER type it codes and the constraints that must hold."""

    lemma: str
    type: str
    cameo: str
    mode: str | None = None
    constraints: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def specificity(self) -> int:
        """More constraints = more specific; the most specific satisfied entry wins."""
        return len(self.constraints)


_KNOWN = {
    "obj", "obj_or_none", "prep", "prep_obj", "prt", "obj_actor", "obj_person", "subject_sectors",
    "needs_content", "needs_ccomp", "needs_prep", "not_prep", "needs_amod", "needs_military",
    "needs_obligation_or_prep", "obj_actor_or_policy", "obj_actor_or_prep", "obj_person_or_actor",
    "needs_content_or_obj", "not_ccomp", "prt_or_obj", "needs_xcomp", "needs_obj_noun", "prefix",
}  # fmt: skip


def _read(name: str) -> str:
    return resources.files("wirecoder.data").joinpath(name).read_text(encoding="utf-8")


def _parse(text: str, origin: str) -> list[VerbEntry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "_doc" in row:
            continue
        unknown = set(row) - _KNOWN - {"lemma", "type", "cameo", "mode"}
        if unknown:
            raise ValueError(f"{origin}:{number}: unknown constraint(s) {sorted(unknown)}")
        constraints = {k: v for k, v in row.items() if k in _KNOWN}
        entries.append(
            VerbEntry(row["lemma"], row["type"], row["cameo"], row.get("mode"), constraints)
        )
    return entries


@lru_cache(maxsize=1)
def verbs() -> dict[str, list[VerbEntry]]:
    """Lemma → entries, most specific first."""
    entries = _parse(_read("event_verbs.v1.jsonl"), "event_verbs.v1.jsonl")
    extra = os.environ.get("WIRECODER_EVENT_VERBS")
    for path in (extra or "").split(os.pathsep):
        if path:
            entries.extend(_parse(Path(path).read_text(encoding="utf-8"), path))
    table: dict[str, list[VerbEntry]] = {}
    for entry in entries:
        table.setdefault(entry.lemma, []).append(entry)
    for lemma in table:
        table[lemma].sort(key=lambda e: -e.specificity)
    return table


@lru_cache(maxsize=64)
def longest_first(phrases: frozenset[str]) -> tuple[str, ...]:
    """Cue phrases in a fixed order, longer first: iterating a frozenset directly would make
    the chosen cue (and so the trigger and the event id) depend on the process's hash seed."""
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The closed cue lists, with list values turned into frozensets for fast membership."""
    raw = json.loads(_read("event_cues.v1.json"))
    return {
        key: frozenset(value) if isinstance(value, list) else value
        for key, value in raw.items()
        if not key.startswith("_")
    }
