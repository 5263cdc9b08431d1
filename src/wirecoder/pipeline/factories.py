"""Every wirecoder spaCy component, registered in one place (names and defaults fit on a screen).

Importing this module registers the factories with spaCy; :func:`wirecoder.coder.load_pipeline`
adds them to a loaded English pipeline in this order.
"""

from __future__ import annotations

from wirecoder.pipeline import extensions  # noqa: F401  (registers Doc extensions)
from wirecoder.pipeline.actors import registry as _actors  # noqa: F401
from wirecoder.pipeline.events import registry as _events  # noqa: F401
from wirecoder.pipeline.places import registry as _places  # noqa: F401
from wirecoder.pipeline.quotes import registry as _quotes  # noqa: F401
from wirecoder.pipeline.sections import registry as _sections  # noqa: F401
from wirecoder.pipeline.time import registry as _time  # noqa: F401

# Runs before the parser: paragraph breaks are sentence breaks.
BEFORE_PARSER = ("wirecoder_paragraphs",)
# Runs after NER, in this order: each stage reads what the earlier ones wrote.
AFTER_NER = (
    "wirecoder_sections",
    "wirecoder_actors",
    "wirecoder_time",
    "wirecoder_places",
    "wirecoder_quotes",
    "wirecoder_events",
)
