"""Turn the bytes of a file into text, refusing binary data and flagging legacy encodings.

News archives are a mix of UTF-8 and older Windows/ISO encodings; silently decoding cp1252 as
UTF-8 with replacement characters would corrupt names and quotes, so legacy encodings are
detected (charset-normalizer) and reported as a warning on the document. Bytes that are not text
at all (images, PDFs, archives) are refused with E002 before they reach the parser.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from wirecoder.errors import BinaryDocument

# C0 control characters other than tab, newline, form feed and carriage return, plus DEL, and
# the C1 range (which in decoded text means bytes were decoded with the wrong table).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.02
_SNIFF_BYTES = 65536
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_PREFERRED = "cp1252"


def _control_share(text: str) -> float:
    """Share of characters in ``text`` that are control characters no text file contains."""
    return len(_CONTROL_RE.findall(text)) / len(text) if text else 0.0


def _refuse_controls(text: str, doc_id: str) -> None:
    share = _control_share(text[:_SNIFF_BYTES])
    if share > _MAX_CONTROL_SHARE:
        raise BinaryDocument(
            f"looks like binary data, not text ({share:.0%} control characters)", doc_id
        )


def decode_bytes(data: bytes, doc_id: str) -> tuple[str, list[str]]:
    """Decode a document's bytes, UTF-8 first, then a detected legacy encoding.

    Args:
        data: The raw file contents.
        doc_id: The document's name, used in warnings and error messages.

    Returns:
        ``(text, warnings)``: warnings is empty for UTF-8 (with or without a byte-order mark) and
        otherwise holds one line naming the document and the encoding used.

    Raises:
        BinaryDocument: The bytes contain NUL bytes, many control characters, or fit no text
            encoding.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BinaryDocument("has a UTF-16 byte-order mark but is not UTF-16", doc_id) from exc
        _refuse_controls(text, doc_id)
        return text, [f"{doc_id}: decoded as UTF-16 (byte-order mark), not UTF-8"]
    if b"\x00" in data:
        raise BinaryDocument("looks like binary data, not text (contains NUL bytes)", doc_id)
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    text = _try_utf8(body)
    if text is not None:
        _refuse_controls(text, doc_id)
        return text, []
    encoding = _detect(data, doc_id)
    text = data.decode(encoding, errors="replace")
    _refuse_controls(text, doc_id)
    name = encoding
    if encoding == "cp1252" and not _C1_BYTES.search(data):
        name = "latin-1"  # identical to cp1252 for every byte present
    return text, [f"{doc_id}: not valid UTF-8; decoded as {name} (detected encoding)"]


def _detect(data: bytes, doc_id: str) -> str:
    """Pick a legacy encoding, preferring cp1252 when it reads the bytes as cleanly as the best.

    charset-normalizer ranks encodings that decode short Western text identically (cp1250,
    cp1252, ...) by small statistical differences; for English news cp1252 is the likely truth,
    so it wins whenever it is among the cleanest candidates.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise BinaryDocument("looks like binary data, not text (no text encoding fits)", doc_id)
    for match in matches:
        if match.chaos <= best.chaos and _PREFERRED in match.could_be_from_charset:
            return _PREFERRED
    return codecs.lookup(best.encoding).name


def _try_utf8(data: bytes) -> str | None:
    """The text if ``data`` is valid UTF-8, else None."""
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
