"""Bad single-document inputs raise typed errors with one-line messages naming the document."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from wirecoder.errors import DocumentTooLarge, EmptyDocument, NotEnglish
from wirecoder.ingest import from_text, read_path
from wirecoder.ingest.language import judge_english

# All texts below were written for these tests.
ENGLISH = (
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday to discuss a "
    "border agreement, officials said. The talks lasted four hours and ended without a joint "
    "statement, but both delegations agreed to meet again next month."
)
ENGLISH_NAMES = (
    "Present at the signing in Nairobi were Kenyan President William Ruto, Ugandan President "
    "Yoweri Museveni, Tanzanian President Samia Suluhu Hassan, Rwandan President Paul Kagame, "
    "Burundian President Evariste Ndayishimiye, South Sudanese President Salva Kiir and "
    "Congolese President Felix Tshisekedi, alongside East African Community officials."
)
ENGLISH_HEADLINES = (
    "Kenya Sends Police to Haiti\n"
    "Rebels Seize Airport After Week of Fighting\n"
    "UN Security Council Calls Emergency Session on Sudan\n"
    "Oil Prices Jump as OPEC Cuts Output Again\n"
    "Germany Recalls Ambassador From Moscow Over Hacking Claims\n"
    "Brazil, Argentina Sign Trade Pact at Mercosur Summit\n"
)
SHORT_ENGLISH = "Protesters Clash With Police in Lima"
FRENCH = (
    "Les ministres des Affaires étrangères de l'Arménie et de l'Azerbaïdjan se sont rencontrés "
    "mardi à Genève pour discuter d'un accord sur la frontière, selon des responsables. Les "
    "discussions ont duré quatre heures et se sont terminées sans déclaration commune."
)
GERMAN = (
    "Die Außenminister Armeniens und Aserbaidschans haben sich am Dienstag in Genf getroffen, "
    "um über ein Grenzabkommen zu sprechen, teilten Beamte mit. Die Gespräche dauerten vier "
    "Stunden und endeten ohne eine gemeinsame Erklärung der beiden Seiten."
)
SPANISH = (
    "Los ministros de Asuntos Exteriores de Armenia y Azerbaiyán se reunieron el martes en "
    "Ginebra para discutir un acuerdo fronterizo, según informaron las autoridades. Las "
    "conversaciones duraron cuatro horas y terminaron sin una declaración conjunta."
)
RUSSIAN = (
    "Министры иностранных дел Армении и Азербайджана встретились во вторник в Женеве, чтобы "
    "обсудить соглашение о границе, сообщили официальные лица. Переговоры продолжались четыре "
    "часа и завершились без совместного заявления."
)
CHINESE = (
    "亚美尼亚和阿塞拜疆外交部长周二在日内瓦会面，讨论边界协议，官员表示。会谈持续了四个小时，"
    "结束时没有发表联合声明。双方同意下个月再次会面。"
)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocument) as info:
        list(read_path(path))
    assert info.value.one_line().startswith("[E001] blank.txt: ")


def test_empty_text() -> None:
    with pytest.raises(EmptyDocument, match="empty"):
        from_text(" \n \n", doc_id="note")


def test_file_over_limit_argument(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(DocumentTooLarge) as info:
        list(read_path(path, max_bytes=100))
    line = info.value.one_line()
    assert line.startswith("[E003] long.txt: ")
    assert "100" in line and "WIRECODER_MAX_BYTES" in line


def test_file_over_limit_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WIRECODER_MAX_BYTES", "50")
    path = tmp_path / "long.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(DocumentTooLarge, match="WIRECODER_MAX_BYTES"):
        list(read_path(path))


def test_text_over_limit() -> None:
    with pytest.raises(DocumentTooLarge):
        from_text(ENGLISH, doc_id="long", max_bytes=10)


def test_size_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    """A sparse 50 MB file is refused from its size on disk, without reading its bytes."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(str(file)) == path:
            raise AssertionError("the oversized file was opened")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(DocumentTooLarge) as info:
        list(read_path(path))
    assert "52,428,800" in info.value.message


@pytest.mark.parametrize(
    "text",
    [ENGLISH, ENGLISH_NAMES, ENGLISH_HEADLINES, SHORT_ENGLISH],
    ids=["prose", "names", "headlines", "short"],
)
def test_english_accepted(text: str) -> None:
    assert judge_english(text).english
    assert from_text(text, doc_id="ok").text == text


@pytest.mark.parametrize(
    "text",
    [FRENCH, GERMAN, SPANISH, RUSSIAN, CHINESE],
    ids=["french", "german", "spanish", "russian", "chinese"],
)
def test_not_english_refused(text: str) -> None:
    with pytest.raises(NotEnglish) as info:
        from_text(text, doc_id="foreign")
    assert info.value.one_line().startswith("[E004] foreign: ")


def test_not_english_file(tmp_path: Path) -> None:
    path = tmp_path / "nachricht.txt"
    path.write_text(GERMAN, encoding="utf-8")
    with pytest.raises(NotEnglish, match="German"):
        list(read_path(path))


def test_text_normalised_minimally() -> None:
    raw = "Talks Resume   \r\n\r\nThe envoys met again on Friday.\t\r\nNo deal was reached.  "
    doc = from_text(raw, doc_id="n")
    assert doc.text == "Talks Resume\n\nThe envoys met again on Friday.\nNo deal was reached."
