"""decode_bytes: UTF-8 first, legacy encodings with a warning, binary data refused."""

from __future__ import annotations

import codecs

import pytest

from wirecoder.errors import BinaryDocument
from wirecoder.ingest import decode_bytes, read_path

# Written for these tests: accented names and typographic quotes that differ between encodings.
CP1252_TEXT = (
    "The mayor of Saint-\u00c9tienne, Ga\u00ebl Moreau, said the \u201cagreement\u201d with "
    "the caf\u00e9 owners was fragile \u2014 and that a protest was planned for Monday.\n"
)
LATIN1_TEXT = (
    "Police in Z\u00fcrich detained two men after a march by caf\u00e9 workers, and the "
    "city's mayor, Ren\u00e9 Keller, called for calm on Saturday.\n"
)


def test_utf8_without_warning() -> None:
    text, warnings = decode_bytes(CP1252_TEXT.encode("utf-8"), "a")
    assert text == CP1252_TEXT
    assert warnings == []


def test_utf8_with_bom_drops_the_mark() -> None:
    text, warnings = decode_bytes(codecs.BOM_UTF8 + CP1252_TEXT.encode("utf-8"), "a")
    assert text == CP1252_TEXT
    assert warnings == []


def test_cp1252_decoded_with_warning() -> None:
    text, warnings = decode_bytes(CP1252_TEXT.encode("cp1252"), "mayor.txt")
    assert text == CP1252_TEXT
    assert len(warnings) == 1
    assert "mayor.txt" in warnings[0]
    assert "cp1252" in warnings[0]


def test_latin1_decoded_with_warning() -> None:
    text, warnings = decode_bytes(LATIN1_TEXT.encode("latin-1"), "zurich.txt")
    assert text == LATIN1_TEXT
    assert len(warnings) == 1
    assert "zurich.txt" in warnings[0]
    assert "latin-1" in warnings[0]


def test_legacy_files_read_with_warning(tmp_path) -> None:
    (tmp_path / "mayor.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (tmp_path / "zurich.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    mayor = next(read_path(tmp_path / "mayor.txt"))
    zurich = next(read_path(tmp_path / "zurich.txt"))
    assert mayor.text == CP1252_TEXT and "cp1252" in mayor.warnings[0]
    assert zurich.text == LATIN1_TEXT and "latin-1" in zurich.warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",  # NUL bytes
        b"%PDF-1.7\n" + bytes(range(1, 9)) * 200,  # control characters
        bytes(range(128, 256)) * 40,  # no sensible text encoding
    ],
    ids=["nul-bytes", "control-chars", "high-bytes"],
)
def test_binary_refused(data: bytes) -> None:
    with pytest.raises(BinaryDocument) as info:
        decode_bytes(data, "photo.jpg")
    assert info.value.code == "E002"
    assert info.value.one_line().startswith("[E002] photo.jpg: ")


def test_binary_file_refused(tmp_path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00")
    with pytest.raises(BinaryDocument, match="scan"):
        list(read_path(path))
