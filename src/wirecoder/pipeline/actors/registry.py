"""spaCy factory registration for the actor stage."""

from __future__ import annotations

from spacy.language import Language

from wirecoder.pipeline import extensions  # noqa: F401
from wirecoder.pipeline.actors.component import ActorResolver


@Language.factory(
    "wirecoder_actors",
    default_config={"extra_dictionaries": []},
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.actors", "doc._.token_actor", "doc.spans"],
)
def make_actor_resolver(nlp: Language, name: str, extra_dictionaries: list[str]) -> ActorResolver:
    """Create the actor resolver; ``extra_dictionaries`` are user JSONL actor files."""
    return ActorResolver(nlp, name, extra_dictionaries)
