"""Error codes and exceptions, collected in one place.

Exception tree::

    WirecoderError                 every error wirecoder raises on purpose
    ├── InputError                 a document cannot be coded (the batch goes on)
    │   ├── EmptyDocument          E001 nothing to code
    │   ├── BinaryDocument         E002 bytes that are not text
    │   ├── DocumentTooLarge       E003 over the configured size limit
    │   ├── NotEnglish             E004 text in another language
    │   ├── MalformedHTML          E005 HTML with no extractable text
    │   ├── BadRecord              E006 a JSONL/CSV line that is not a valid record
    │   ├── InvalidDate            E007 a publication date that is not a calendar date
    │   ├── MissingDocument        E008 a path that does not exist
    │   └── FeedError              E009 an RSS/Atom feed, or one of its items, that cannot be read
    ├── ConfigError                E010 a setting that cannot work (e.g. unknown spaCy model)
    └── QueryError                 E011 a store query filter with a value that cannot mean anything

    E012 (an ErrorRecord code, no exception): a coded document the database refused to store.

Every message names the document it is about, so one line on stderr is enough to act on.
"""

from __future__ import annotations


class WirecoderError(Exception):
    """Base class: ``code`` is a stable identifier, ``doc_id`` names the document (or None)."""

    code = "E000"

    def __init__(self, message: str, doc_id: str | None = None) -> None:
        self.message = message
        self.doc_id = doc_id
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as printed by the CLI: ``[E003] doc.txt: ...``."""
        where = f"{self.doc_id}: " if self.doc_id else ""
        return f"[{self.code}] {where}{self.message}"


class InputError(WirecoderError):
    code = "E000"


class EmptyDocument(InputError):
    code = "E001"


class BinaryDocument(InputError):
    code = "E002"


class DocumentTooLarge(InputError):
    code = "E003"


class NotEnglish(InputError):
    code = "E004"


class MalformedHTML(InputError):
    code = "E005"


class BadRecord(InputError):
    code = "E006"


class InvalidDate(InputError):
    code = "E007"


class MissingDocument(InputError):
    code = "E008"


class FeedError(InputError):
    code = "E009"


class ConfigError(WirecoderError):
    code = "E010"


class QueryError(WirecoderError):
    code = "E011"
