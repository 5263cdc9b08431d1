"""Custom attributes wirecoder stages share on spaCy's ``Doc``, registered once on import.

Input set by the coder before the pipeline runs:
    doc._.doc_id (str), doc._.published (str | None, YYYY-MM-DD), doc._.blocks
    (list of (start_char, end_char, kind) paragraph kinds known from ingest, e.g. HTML captions).

Written by the stages, in pipeline order:
    wirecoder_sections  doc._.sentence_kinds  {sentence start token index: kind}
    wirecoder_actors    doc._.actors {id: Actor}, doc._.token_actor {token index: actor id},
                        doc.spans["actors"] (label = actor id)
    wirecoder_time      doc._.dates [DateMention], doc.spans["dates"] (label = value or "")
    wirecoder_places    doc._.places [Place], doc.spans["places"] (label = place name)
    wirecoder_quotes    doc._.quotes [Quote]
    wirecoder_events    doc._.events [Event], doc._.explain [per-sentence notes]
"""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_ATTRS: dict[str, object] = {
    "doc_id": None,
    "published": None,
    "blocks": None,
    "sentence_kinds": None,
    "actors": None,
    "token_actor": None,
    "dates": None,
    "places": None,
    "quotes": None,
    "events": None,
    "explain": None,
}

for _name, _default in _DOC_ATTRS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
