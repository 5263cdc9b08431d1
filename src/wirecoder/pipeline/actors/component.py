"""The ``wirecoder_actors`` component: finds candidates, then sets ``doc._.actors``."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from wirecoder.pipeline.actors.lexicon import DictionaryEntry, dictionary
from wirecoder.pipeline.actors.rules import DocActors


def _is_place(name: str, loose: bool = False) -> bool:
    """Whether the gazetteer knows ``name`` as a place (``loose``: any resolvable toponym)."""
    try:
        from wirecoder.pipeline.places.gazetteer import is_place, lookup
    except ImportError:  # the places stage is optional for the actor stage's own tests
        return False
    return bool(lookup(name)) if loose else bool(is_place(name))


class ActorResolver:
    """Resolve actor mentions to canonical actors (see ``rules.DocActors`` for the rules)."""

    def __init__(self, nlp: Language, name: str, extra_dictionaries: list[str]) -> None:
        self.name = name
        self.entries: list[DictionaryEntry] = list(dictionary(tuple(extra_dictionaries)))
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, entry in enumerate(self.entries):
            forms = {entry.name, *entry.aliases}
            key = str(index)
            self.exact.add(key, [nlp.make_doc(f) for f in forms])
            long_forms = [f for f in forms if len(f) > 4 and not f.isupper()]
            if long_forms:
                self.folded.add(key, [nlp.make_doc(f) for f in long_forms])

    def __call__(self, doc: Doc) -> Doc:
        matches = {
            (start, end, int(doc.vocab.strings[match_id]))
            for matcher in (self.exact, self.folded)
            for match_id, start, end in matcher(doc)
        }
        found = [(s, e, self.entries[i]) for s, e, i in matches]
        builder = DocActors(doc, found, _is_place)
        builder.run()
        actors = builder.actors()
        doc._.actors = {a.id: a for a in actors}
        doc._.token_actor = dict(builder.claimed)
        spans = []
        for actor in actors:
            for start, end in sorted(set(builder.drafts[actor.id].mentions)):
                spans.append(Span(doc, start, end, label=actor.id))
        doc.spans["actors"] = spans
        return doc
