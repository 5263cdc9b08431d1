"""Load wirecoder's versioned data files (patterns, lexicons) once per process.

Patterns live in JSON under ``wirecoder/data`` rather than in code so that they can be reviewed and
extended without touching logic, and so that a changed file name (``.v2``) marks a changed
behaviour.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """Read and parse one data file shipped in ``wirecoder/data``.

    Args:
        name: File name inside the data folder, e.g. ``"section_patterns.v1.json"``.

    Returns:
        The parsed JSON value (cached: callers must not mutate it).
    """
    text = resources.files("wirecoder").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
