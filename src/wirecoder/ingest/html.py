"""HTML articles: main text, title and date via trafilatura, with captions and headings kept.

Trafilatura is good at dropping navigation, footers and comment threads, but it also drops photo
captions, and captions matter: an event in a caption ("Police detain a protester in ...") is
coded but flagged, and the credit lines around it must not be read as events. So captions are
rewritten to plain paragraphs before extraction and recognised again by their text afterwards.
Headings come through as trafilatura ``<head>`` elements. The kinds of both are recorded as
``RawDocument.blocks`` character ranges, so the sections stage does not have to guess them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from wirecoder.errors import MalformedHTML
from wirecoder.ingest._data import load_json
from wirecoder.ingest.checks import (
    check_english,
    check_not_empty,
    check_published,
    check_text_size,
)
from wirecoder.schema import RawDocument, SentenceKind

_CONFIG_FILE = "html_ingest.v1.json"
_SPACE_RE = re.compile(r"\s+")
_PARAGRAPH_SEP = "\n\n"
# trafilatura output elements that hold paragraphs rather than being one
_CONTAINERS = frozenset({"list", "quote", "div", "main", "body", "section"})


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    data = dict(load_json(_CONFIG_FILE))
    data["caption_re"] = re.compile(data["caption_attr_pattern"], re.IGNORECASE)
    data["inline"] = frozenset(data["inline_tags"])
    data["blocks"] = frozenset(data["block_tags_out"])
    return data


def _squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim, as browsers render text."""
    return _SPACE_RE.sub(" ", text).strip()


def _element_text(element: etree._Element, inline: frozenset[str]) -> str:
    """Visible text of an element, with a space wherever a non-inline element starts or ends.

    ``text_content()`` would glue ``<span>Caption.</span><span>REUTERS/X</span>`` into one word.
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(child.tail or "")
            continue
        gap = "" if child.tag.lower() in inline else " "
        parts.extend([gap, _element_text(child, inline), gap, child.tail or ""])
    return "".join(parts)


def _is_caption_element(element: etree._Element, pattern: re.Pattern[str]) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag.lower() == "figcaption":
        return True
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(attrs.strip()) and bool(pattern.search(attrs))


def _inside_caption(
    element: etree._Element, pattern: re.Pattern[str], stop: etree._Element | None = None
) -> bool:
    """Whether a caption element encloses ``element`` (looking no higher than ``stop``)."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if _is_caption_element(ancestor, pattern):
            return True
    return False


def _replace_with_paragraph(element: etree._Element, text: str) -> None:
    """Swap ``element`` for ``<p>text</p>``, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    paragraph = etree.Element("p")
    paragraph.text = text
    paragraph.tail = element.tail
    parent.replace(element, paragraph)


def _flatten_captions(tree: etree._Element) -> set[str]:
    """Rewrite figures and caption boxes as ``<p>`` paragraphs and return their texts.

    A ``<figure>`` becomes the text of its caption(s) (the image itself carries no text); any
    other caption element (class or id like ``caption``/``photo-credit``) becomes its text. Only
    the outermost caption element is rewritten, so nested credit spans stay with their caption.
    """
    cfg = _config()
    pattern, inline = cfg["caption_re"], cfg["inline"]
    captions: set[str] = set()
    for figure in list(tree.iter("figure")):
        parts = [
            _squash(_element_text(el, inline))
            for el in figure.iter()
            if el is not figure
            and _is_caption_element(el, pattern)
            and not _inside_caption(el, pattern, stop=figure)
        ]
        text = " ".join(p for p in parts if p)
        if text:
            captions.add(text)
            _replace_with_paragraph(figure, text)
    for element in list(tree.iter()):
        if element.getparent() is None or not _is_caption_element(element, pattern):
            continue
        if _inside_caption(element, pattern):
            continue
        text = _squash(_element_text(element, inline))
        if text:
            captions.add(text)
            _replace_with_paragraph(element, text)
    return captions


def _paragraphs(body: etree._Element, captions: set[str]) -> list[tuple[str, SentenceKind]]:
    """Walk trafilatura's output tree into ``(paragraph text, kind)`` pairs in reading order."""
    cfg = _config()
    blocks, inline = cfg["blocks"], cfg["inline"] | {"hi", "ref", "lb", "del"}
    out: list[tuple[str, SentenceKind]] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            has_block_child = any(isinstance(c.tag, str) and c.tag in blocks for c in child)
            if child.tag in blocks and not has_block_child:
                text = _squash(_element_text(child, inline))
                if not text:
                    continue
                kind: SentenceKind = "body"
                if child.tag == "head":
                    kind = "heading"
                elif text in captions:
                    kind = "caption"
                out.append((text, kind))
            elif has_block_child or child.tag in _CONTAINERS:
                walk(child)

    walk(body)
    return out


Block = tuple[int, int, SentenceKind]


def _join(paragraphs: list[tuple[str, SentenceKind]]) -> tuple[str, list[Block]]:
    """Join paragraphs with blank lines and record the character range of each non-body one."""
    pieces: list[str] = []
    spans: list[Block] = []
    offset = 0
    for i, (text, kind) in enumerate(paragraphs):
        if i:
            pieces.append(_PARAGRAPH_SEP)
            offset += len(_PARAGRAPH_SEP)
        if kind != "body":
            spans.append((offset, offset + len(text), kind))
        pieces.append(text)
        offset += len(text)
    return "".join(pieces), spans


def from_html(
    html: str,
    *,
    doc_id: str,
    published: str | None = None,
    url: str | None = None,
    max_bytes: int | None = None,
) -> RawDocument:
    """Build a document from an HTML page: its main text, title, date, captions and headings.

    Args:
        html: The page's markup (already decoded).
        doc_id: The document's name, used in messages and the output.
        published: Publication date (``YYYY-MM-DD``); when None, the page's own date is used.
        url: The page's address, if known (also helps trafilatura's date search).
        max_bytes: Size limit in bytes; None means ``WIRECODER_MAX_BYTES`` or the default.

    Returns:
        The document: paragraphs separated by a blank line, with ``blocks`` marking caption and
        heading paragraphs.

    Raises:
        EmptyDocument: Only whitespace.
        DocumentTooLarge: Over the size limit.
        MalformedHTML: No article text can be extracted.
        NotEnglish: The extracted text is clearly in another language.
    """
    check_text_size(html, doc_id, max_bytes)
    check_not_empty(html, doc_id)
    tree = load_html(html)
    if tree is None:
        raise MalformedHTML("could not parse the HTML (no document structure found)", doc_id)
    captions = _flatten_captions(tree)
    extracted = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_formatting=True,
    )
    body = getattr(extracted, "body", None)
    paragraphs = _paragraphs(body, captions) if body is not None else []
    if not paragraphs:
        raise MalformedHTML(
            "no article text could be extracted from the HTML "
            "(broken markup, or only navigation and boilerplate)",
            doc_id,
        )
    text, blocks = _join(paragraphs)
    if sum(ch.isalpha() for ch in text) < 20:
        raise MalformedHTML(
            "no article text could be extracted from the HTML (only markup debris remains)",
            doc_id,
        )
    check_english(text, doc_id)
    return RawDocument(
        doc_id=doc_id,
        text=text,
        title=(getattr(extracted, "title", None) or None),
        url=url,
        published=check_published(published, doc_id) or _page_date(extracted),
        blocks=blocks,
    )


def _page_date(extracted: object) -> str | None:
    """The page's own publication date, when trafilatura found a valid one."""
    raw = getattr(extracted, "date", None)
    try:
        return check_published(raw, "page") if raw else None
    except Exception:  # noqa: BLE001 - an unusable page date is simply absent
        return None
