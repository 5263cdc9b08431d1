"""Loading hand-annotated gold documents (``*.gold.json``) and the articles they describe.

The gold format is documented in ``shared/eval/README.md``. Gold files carry annotator extras
(``note``, ``partial``, ``channel``, ``weekday`` ...) that scoring does not read, so the models
ignore unknown keys instead of rejecting them; the fields scoring *does* read are typed, so a
malformed gold file fails loudly at load time rather than silently scoring zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

GOLD_SUFFIX = ".gold.json"

#: PLOVER 0.5 labels (older gold sets) and their PLOVER 2.0 names; other labels are unchanged.
LEGACY_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def normalise_label(label: str) -> str:
    """Map a PLOVER label of any version to its PLOVER 2.0 name (upper case).

    Args:
        label: a category such as ``"consult"`` or the PLOVER 0.5 ``"DEMAND"``.

    Returns:
        The PLOVER 2.0 category, e.g. ``"REQUEST"`` for ``"DEMAND"``.
    """
    upper = label.strip().upper()
    return LEGACY_LABELS.get(upper, upper)


class _GoldModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class GoldEvent(_GoldModel):
    """One annotated event; ``sentence`` is the exact sentence text in the article."""

    id: str = ""
    sentence: str
    source: str | None = None
    source_country: str | None = None
    target: str | None = None
    target_country: str | None = None
    plover: str
    cameo_root: str | None = None
    negated: bool = False
    modality: str = "asserted"
    date: str | None = None
    location: str | None = None
    background: bool = False
    low_confidence: bool = False
    in_caption: bool = False

    @field_validator("plover")
    @classmethod
    def _plover_2(cls, value: str) -> str:
        return normalise_label(value)

    @field_validator("source", "target", "date", "source_country", "target_country")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


class GoldQuote(_GoldModel):
    """A quotation; ``speaker`` may list alternatives separated by ``" / "``."""

    speaker: str
    text: str
    direct: bool = True


class GoldEntity(_GoldModel):
    """A named entity the output should resolve (PERSON, ORG, GPE or LOC)."""

    name: str
    type: str
    country: str | None = None
    role: str | None = None


class GoldDocument(_GoldModel):
    """The whole annotation of one article."""

    doc: str
    published: str | None = None
    events: list[GoldEvent] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)
    entities: list[GoldEntity] = Field(default_factory=list)


def load_gold(path: str | Path) -> GoldDocument:
    """Read one ``*.gold.json`` file, giving events without an ``id`` a positional one.

    Args:
        path: the gold file.

    Returns:
        The validated gold document.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    gold = GoldDocument.model_validate(raw)
    for index, event in enumerate(gold.events):
        if not event.id:
            event.id = f"event-{index + 1}"
    return gold


def gold_files(path: str | Path) -> list[Path]:
    """The gold files named by ``path``: the file itself, or every ``*.gold.json`` in a folder.

    Args:
        path: a gold file or a folder of them (searched recursively, sorted for stable output).

    Returns:
        Paths of gold files.
    """
    path = Path(path)
    if path.is_dir():
        return sorted(path.rglob(f"*{GOLD_SUFFIX}"))
    return [path]


def _gold_stem(gold_path: Path) -> str:
    name = gold_path.name
    return name[: -len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else gold_path.stem


def article_candidates(
    gold_path: Path, doc: str, articles_dir: str | Path | None = None
) -> list[Path]:
    """Where the article of a gold file may be, in the order they are tried.

    Next to the gold file (by ``doc`` name or by the gold file's own stem, ``.txt`` before
    ``.html``), then under ``articles_dir``, then in the sibling ``examples/`` folder that holds
    the shared example article.

    Args:
        gold_path: the gold file.
        doc: the gold's ``doc`` field.
        articles_dir: an extra folder of articles, or None.

    Returns:
        Candidate paths (not checked for existence).
    """
    names = list(dict.fromkeys([doc, _gold_stem(gold_path)]))
    folders = [gold_path.parent]
    if articles_dir is not None:
        folders.append(Path(articles_dir))
    folders.append(gold_path.parent.parent / "examples")
    return [
        folder / f"{name}{ext}" for folder in folders for name in names for ext in (".txt", ".html")
    ]


def find_article(gold_path: Path, doc: str, articles_dir: str | Path | None = None) -> Path:
    """The first existing article candidate for a gold file.

    Args:
        gold_path: the gold file.
        doc: the gold's ``doc`` field.
        articles_dir: an extra folder of articles, or None.

    Returns:
        Path of the article.

    Raises:
        FileNotFoundError: no candidate exists (scoring without the article would count every
            gold event as missed, which is a set-up error, not a result).
    """
    candidates = article_candidates(gold_path, doc, articles_dir)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"no article for gold {gold_path} (doc {doc!r}); tried {tried}")


def read_article(path: Path) -> str:
    """The text to code for an article file.

    Plain text is read as is. HTML goes through wirecoder's own ingest, so evaluation codes
    exactly the text `wirecoder code page.html` would.

    Args:
        path: a ``.txt`` or ``.html`` article.

    Returns:
        The article text.
    """
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() not in (".html", ".htm"):
        return raw
    from wirecoder.ingest import from_html  # the same extraction `wirecoder code page.html` uses

    return from_html(raw, doc_id=path.name).text


ArticleReader = Callable[[Path], str]
