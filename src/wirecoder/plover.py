"""The PLOVER 2.0 category table and the "PLOVER view" of an event.

wirecoder's ``type`` names the action the text describes and keeps factuality in ``negated`` and
``modality``. PLOVER-convention datasets fold factuality into the category instead; the view
below (shared/eval/README.md) converts one into the other for ``--format plover`` and for scoring
PLOVER-convention gold.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)  # fmt: skip

FUTURE_MODALITIES = frozenset({"planned", "hypothetical", "conditional", "demanded"})

_COOPERATIVE_VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT"})
_COOPERATIVE_MATERIAL = frozenset({"COOPERATE", "AID", "CONCEDE", "RETREAT"})
_VERBAL_CONFLICT = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST"})
_MATERIAL_CONFLICT = frozenset({"PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"})


@lru_cache(maxsize=1)
def category_table() -> dict[str, dict[str, Any]]:
    """PLOVER categories with quad class, CAMEO root and intensity (``data/plover_categories``)."""
    raw = resources.files("wirecoder.data").joinpath("plover_categories.v1.json").read_text()
    table: dict[str, dict[str, Any]] = json.loads(raw)["categories"]
    return table


def cameo_root(category: str) -> str:
    """The CAMEO root code ("01".."20") conventionally paired with a PLOVER category."""
    return str(category_table()[category]["cameo_root"])


def intensity(category: str) -> float:
    """The PLOVER conflict-cooperation score of a category."""
    return float(category_table()[category]["intensity"])


def quad_class(category: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return int(category_table()[category]["quad_class"])


def plover_view(category: str, negated: bool, modality: str) -> str:
    """Fold negation and modality into the category, as PLOVER-convention datasets do.

    Args:
        category: wirecoder ``type`` (the action named by the text).
        negated: the text says the action did not / will not happen.
        modality: wirecoder modality.

    Returns:
        The PLOVER category a PLOVER-convention coder would record.
    """
    future = modality in FUTURE_MODALITIES
    if category in _COOPERATIVE_VERBAL:
        if negated:
            return "REJECT"
        return "AGREE" if future else category
    if category in _COOPERATIVE_MATERIAL:
        if negated:
            return "REJECT" if future else "SANCTION"
        return "AGREE" if future else category
    if category in _VERBAL_CONFLICT:
        return "AGREE" if negated else category
    if category in _MATERIAL_CONFLICT:
        if negated:
            return "AGREE" if future else "CONCEDE"
        return "THREATEN" if future else category
    raise ValueError(f"not a PLOVER category: {category!r}")


def plover_context(
    contexts: list[str], negated: bool, modality: str, background: bool
) -> list[str]:
    """PLOVER ``context`` values: the event's own contexts plus what factuality adds
    ("negation", "future" or "hypothetical", "historical")."""
    out = list(contexts)
    if negated:
        out.append("negation")
    if modality in FUTURE_MODALITIES:
        out.append("future" if modality == "planned" else "hypothetical")
    if background:
        out.append("historical")
    return out
