"""Rules for finding quotes and their speakers.

Direct quotes are pairs of quotation marks (curly “…” or straight "…") and may span sentences.
The speaker is, in order: the subject of a speech verb outside the quote in the sentence that
holds the quote ("…,” Zelenskiy said); the actor who does the action the quoted fragment belongs
to ("proposed by Putin “without preconditions”"); or, for a quote that is a sentence of its own,
the speaker of the quote just before it. Indirect speech is the clause a speech verb governs
("the Kremlin confirmed that …"), without "that", cut where a direct quote starts.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from wirecoder.pipeline.events import syntax
from wirecoder.pipeline.events.lexicon import cues
from wirecoder.pipeline.util import doc_text, sentences
from wirecoder.schema import Quote

_PAIRS = re.compile(r"“([^”“]{2,}?)”|\"([^\"]{2,}?)\"")
SPEECH_EXCLUDED = frozenset(
    {"make", "think", "believe", "hope", "suggest", "recall", "vow", "promise", "pledge"}
)


def _speech_lemmas() -> frozenset[str]:
    return frozenset(cues()["speech_verbs"])


def _is_speech(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "make":
        return any(
            c.dep_ in ("oprd", "acomp", "dobj") and c.lower_ == "clear" for c in token.children
        )
    return (
        lemma in _speech_lemmas() and lemma not in SPEECH_EXCLUDED or lemma in ("think", "believe")
    )


def _speaker_of(verb: Token, token_actor: dict[int, str]) -> str | None:
    subj = syntax.subject(verb)
    if subj is None and syntax.is_passive(verb):
        subj = syntax.agent(verb)
    if subj is None:
        return None
    ids = syntax.phrase_actors(subj, token_actor)
    return ids[0] if ids else None


def direct_quotes(doc: Doc, token_actor: dict[int, str]) -> list[tuple[int, int, str | None, str]]:
    """(start, end, speaker, reason) for each direct quote, offsets of the words inside the marks."""
    out: list[tuple[int, int, str | None, str]] = []
    previous_speaker: str | None = None
    previous_end_sent = -10
    sents = sentences(doc)
    sent_starts = [s.start_char for s in sents]

    def sent_index(char: int) -> int:
        lo = 0
        for i, start in enumerate(sent_starts):
            if start <= char:
                lo = i
        return lo

    for match in _PAIRS.finditer(doc_text(doc)):
        group = 1 if match.group(1) is not None else 2
        start, end = match.start(group), match.end(group)
        inner = doc_text(doc)[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        start, end = start + lead, end - trail
        while end > start and doc_text(doc)[end - 1] in ",;:":
            end -= 1  # "…,” she said": the comma is the sentence's, not the speaker's
        if end - start < 2:
            continue
        first, last = sent_index(match.start()), sent_index(max(match.end() - 1, match.start()))
        speaker, reason = None, ""
        for index in (last, first) if last != first else (last,):
            sent = sents[index]
            verbs = [
                t for t in sent if _is_speech(t) and not (match.start() <= t.idx < match.end())
            ]
            for verb in verbs:
                speaker = _speaker_of(verb, token_actor)
                if speaker:
                    reason = f"subject of '{verb.text}' next to the quote"
                    break
            if speaker:
                break
        if speaker is None:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                node = span.root
                for _ in range(5):
                    if node.head.i == node.i:
                        break
                    node = node.head
                    if syntax.is_verbal(node) and not (match.start() <= node.idx < match.end()):
                        speaker = _speaker_of(node, token_actor)
                        if speaker:
                            reason = (
                                f"the actor of '{node.text}', the action the quoted words qualify"
                            )
                        break
        if speaker is None and previous_speaker and first - previous_end_sent <= 2:
            whole = sents[first].start_char >= match.start() - 1
            if whole:
                speaker = previous_speaker
                reason = "continues the previous quote"
        out.append((start, end, speaker, reason or "speaker not found"))
        if speaker:
            previous_speaker = speaker
            previous_end_sent = last
    return out


def indirect_quotes(
    doc: Doc, token_actor: dict[int, str], direct: list[tuple[int, int, str | None, str]]
) -> list[tuple[int, int, str | None, str]]:
    """(start, end, speaker, reason) for reported speech: the clause a speech verb governs."""
    out = []
    for token in doc:
        if not _is_speech(token) or token.lemma_.lower() in ("think", "believe"):
            continue
        for clause in token.children:
            if clause.dep_ != "ccomp":
                continue  # the clause may precede the verb: "X struck Y, the army said"
            left = clause.left_edge.i
            while left < clause.i and doc[left].dep_ == "mark":
                left += 1
            right = clause.right_edge.i + 1
            while right - 1 > left and doc[right - 1].is_punct:
                right -= 1
            start = doc[left].idx
            end = doc[right - 1].idx + len(doc[right - 1])
            inside = [d for d in direct if d[0] - 1 <= start and end <= d[1] + 1]
            if inside:
                continue  # the whole clause is a direct quote already
            for d_start, _, _, _ in direct:
                if start < d_start - 1 < end:
                    end = d_start - 1
                    while end > start and doc_text(doc)[end - 1] in ' “"':
                        end -= 1
            if end - start < 3:
                continue
            speaker = _speaker_of(token, token_actor)
            out.append((start, end, speaker, f"clause of '{token.text}'"))
    return out


def build(doc: Doc, token_actor: dict[int, str]) -> list[Quote]:
    """All quotes of a document, ordered by position."""
    direct = direct_quotes(doc, token_actor)
    indirect = indirect_quotes(doc, token_actor, direct)
    sents = sentences(doc)
    quotes = []
    for start, end, speaker, reason, is_direct in sorted(
        [(*d, True) for d in direct] + [(*i, False) for i in indirect], key=lambda q: q[0]
    ):
        index = next((i for i, s in enumerate(sents) if s.start_char <= start < s.end_char), 0)
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                speaker=speaker,
                text=doc_text(doc)[start:end],
                direct=is_direct,
                start=start,
                end=end,
                sentence=index,
                reason=reason,
            )  # fmt: skip
        )
    return quotes
