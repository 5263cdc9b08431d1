"""Rules that find actor mentions and group them into one actor per real-world entity.

Order of work (each step only claims tokens no earlier step claimed):

1. dictionary names ("the Kremlin", "NATO", "Reuters"): known organisations and groups;
2. people from NER PERSON spans, with the role and country written around the name
   ("U.S. President Donald Trump", "President Volodymyr Zelenskiy of Ukraine",
   "Sergei Lavrov, Russia's foreign minister"); a span the gazetteer knows as a place is not a
   person (the small model tags "Kyiv" PERSON now and then);
3. states: country names and codes ("Ukraine", "U.S."), and capitals used as metonyms
   ("Kyiv", "Moscow") — both become the state actor, named by the country;
3b. unnamed office-holders: "Ukraine's president", "the Polish prime minister", "the president
   of Ukraine" → the person who held that office on the article's publication date, when the
   people list knows exactly one (its ``since``/``until`` terms); otherwise step 4 makes the
   phrase the state, as it does without a publication date;
4. generic agents: "Russian troops", "Ukrainian officials", "protesters", "police";
   government agents of a country are the state actor itself, other sectors a group
   "Russia (military)";
5. coreference by rule: surnames ("Putin" → Vladimir Putin, even when NER calls it an ORG),
   and third-person pronouns resolved to the subject of the clause that governs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from wirecoder.pipeline.actors import countries
from wirecoder.pipeline.actors.countries import Country
from wirecoder.pipeline.actors.lexicon import (
    DictionaryEntry,
    Office,
    agents,
    instrument_nouns,
    office_holders,
    plural_only,
    sector_modifiers,
    titles,
)
from wirecoder.pipeline.actors.lexicon import people as known_people
from wirecoder.pipeline.actors.lexicon import surname_countries
from wirecoder.pipeline.util import sentences, tokens
from wirecoder.schema import Actor, TextSpan

#: How an actor's reason says its country is only the article's main one, by default.
MAIN_COUNTRY_REASON = "the article's main country"

#: Words that make a nationality word a region's ("Latin American", "West African"), unless
#: the pair is itself a nationality ("South Korean", "Central African").
REGION_WORDS = frozenset({"latin", "north", "south", "east", "west", "central", "northern",
                          "southern", "eastern", "western", "southeast", "southeastern",
                          "northeast", "sub-saharan", "pan"})  # fmt: skip

#: Nouns for people of one origin living somewhere ("the Albanian population", "the Greek
#: minority"): coded by where they live.
COMMUNITY_NOUNS = frozenset({"population", "minority", "community", "diaspora", "populace"})

SECTOR_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary",
    "LEG": "legislature", "REB": "rebels", "OPP": "opposition", "CVL": "civilians",
    "MED": "media", "EDU": "education", "LAB": "labour", "BUS": "business", "REF": "refugees",
    "REL": "religious", "NGO": "NGO", "IGO": "IGO",
}  # fmt: skip

LOCATIVE = frozenset(
    {"in", "near", "at", "to", "from", "outside", "into", "around", "toward", "towards"}
)
_PERSONAL = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_NEUTER = {"it", "its", "they", "them", "their", "theirs"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Words that make an office phrase name someone other than its holder on the publication day
# ("the former Ukrainian president", "Russia's then defence minister", "a Polish minister").
_NOT_THE_HOLDER = frozenset(
    {"former", "ex", "then", "late", "previous", "past", "future", "next", "incoming",
     "acting", "interim", "caretaker", "a", "an", "another", "any", "every", "each", "no",
     "some", "which", "whose", "whichever"}
)  # fmt: skip


@dataclass
class _ActorDraft:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    reason: str = ""
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    surname: str | None = None
    known_forms: tuple[str, ...] = ()  # single-word names from the people list (office-holders)
    affiliated: bool = False  # country/sector settled by an affiliation or a known person
    generic: bool = False  # made from a generic agent noun ("troops"), not a name
    listed: bool = False  # from the actor dictionary, whose country (or none) is settled

    def to_model(self, doc: Doc) -> Actor:
        spans = sorted(set(self.mentions))
        aliases: list[str] = []
        for start, end in spans:
            text = doc[start:end].text
            if text not in aliases:
                aliases.append(text)
        if self.kind == "group" and self.country and "(" in self.name:
            # "Georgia (opposition)" is also "the Georgian opposition"
            country = countries.country_by_iso3(self.country)
            label = self.name.split("(", 1)[1].rstrip(")")
            if country is not None and country.demonym:
                aliases.append(f"{country.demonym} {label}")
        return Actor(
            id=self.id,
            name=self.name,
            kind=self.kind,  # type: ignore[arg-type]
            country=self.country,
            sector=self.sector,
            role=self.role,
            aliases=aliases,
            mentions=[
                TextSpan(start=doc[s].idx, end=doc[e - 1].idx + len(doc[e - 1]), text=doc[s:e].text)
                for s, e in spans
            ],
            reason=self.reason or None,
        )


def slug(text: str) -> str:
    """A readable id fragment: "Vladimir Putin" → "vladimir-putin"."""
    value = re.sub(r"[^a-z0-9]+", "-", countries.fold(text)).strip("-")
    return value or "actor"


class DocActors:
    """Builds the actors of one document; see the module docstring for the order of work."""

    def __init__(
        self,
        doc: Doc,
        dictionary_matches: Iterable[tuple[int, int, DictionaryEntry]],
        is_place: callable,  # type: ignore[valid-type]
    ) -> None:
        self.doc = doc
        self.is_place = is_place
        self.drafts: dict[str, _ActorDraft] = {}
        self.claimed: dict[int, str] = {}
        self._no_actor_tokens: set[int] = set()
        self._affiliation: _ActorDraft | None = None
        self._dictionary_matches = list(dictionary_matches)
        self._titles, self._modifiers = titles()
        self._agents, self._bare_agents = agents()
        # Token.sent scans the whole document on every call: index sentences once.
        self._sents = sentences(doc)
        self._sent_of: list[int] = [0] * len(doc)
        for number, sent in enumerate(self._sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = number

    # ----------------------------------------------------------------- bookkeeping
    def _new_id(self, name: str) -> str:
        base = slug(name)
        candidate, n = base, 2
        while candidate in self.drafts:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _free(self, start: int, end: int) -> bool:
        claimed, no_actor = self.claimed, self._no_actor_tokens
        if end - start == 1:
            return start not in claimed and start not in no_actor
        return all(i not in claimed and i not in no_actor for i in range(start, end))

    def _claim(self, draft: _ActorDraft, start: int, end: int) -> None:
        draft.mentions.append((start, end))
        for i in range(start, end):
            self.claimed[i] = draft.id

    def _state(self, country: Country, how: str) -> _ActorDraft:
        for draft in self.drafts.values():
            if draft.kind == "state" and draft.country == country.iso3:
                return draft
        draft = _ActorDraft(
            id=self._new_id(country.name), name=country.name, kind="state",
            country=country.iso3, sector="GOV", reason=how,
        )  # fmt: skip
        self.drafts[draft.id] = draft
        return draft

    def _group(self, country: Country | None, sector: str, noun: str) -> _ActorDraft:
        if country is not None:
            name = f"{country.name} ({SECTOR_LABELS.get(sector, sector)})"
        else:
            name = noun
        for draft in self.drafts.values():
            if draft.name == name and draft.kind == "group":
                return draft
        why = f"generic agent '{noun}' (sector {sector})"
        if country is not None:
            why += f" of {country.name}, from the nationality or country in its phrase"
        draft = _ActorDraft(
            id=self._new_id(name), name=name, kind="group",
            country=country.iso3 if country else None, sector=sector, reason=why, generic=True,
        )  # fmt: skip
        self.drafts[draft.id] = draft
        return draft

    # ----------------------------------------------------------------- steps
    def run(self) -> None:
        self._datelines()
        self._dictionary()
        self._people()
        self._states()
        self._two_word_demonyms()
        self._office_holders()
        self._organisations()
        self._generic_agents()
        self._peoples()
        self._nationality_doers()
        self._national_modifiers()
        self._surnames()
        self._pronouns()
        self._sole_armed_group()
        self._sole_group_by_sector()
        self._document_country()

    def _datelines(self) -> None:
        """Claim dateline tokens ("KYIV, May 7 —", "ISLAMABAD/NEW DELHI (Reuters) -") for no one:
        a dateline says where the story was filed, not who acted."""
        doc = self.doc
        self._no_actor_tokens: set[int] = set()
        for sent in self._sents:
            first = sent[0]
            if first.i > 0 and "\n" not in doc[first.i - 1].whitespace_ + doc[first.i - 1].text:
                continue
            for tok in sent[:16]:
                spaced = tok.i > sent.start and bool(doc[tok.i - 1].whitespace_)
                if tok.text in ("—", "–", "-", "--") and spaced:
                    head = doc[sent.start : tok.i]
                    caps = [t for t in head if t.is_alpha]
                    if caps and caps[0].is_upper and len(caps[0]) > 1:
                        self._no_actor_tokens.update(range(sent.start, tok.i + 1))
                    break

    def _main_country(self) -> str | None:
        """The country most of the article's country-bearing mentions belong to, if one does."""
        counts: dict[str, int] = {}
        for draft in self.drafts.values():
            if draft.country:
                counts[draft.country] = counts.get(draft.country, 0) + len(draft.mentions)
        total = sum(counts.values())
        if not total:
            return None
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] / total >= 0.5 else None

    def _document_country(self) -> None:
        """Officials and generic agents named without a country take the article's main
        country when one dominates ("police detained ..." in a story about Georgia)."""
        main = self._main_country()
        if main is None:
            return
        for draft in self.drafts.values():
            if (
                draft.country is None
                and not draft.affiliated
                and not draft.listed  # al-Qaeda: stateless, not the article's country
                and (
                    (draft.kind == "person" and draft.role)
                    or (draft.kind == "group" and draft.sector not in ("IGO", "NGO", "MED"))
                    or (
                        draft.kind == "organisation"
                        and draft.sector in ("GOV", "MIL", "COP", "JUD", "LEG")
                    )
                )
            ):
                draft.country = main
                draft.reason += f"; country {main}: {MAIN_COUNTRY_REASON}"
                if draft.kind == "group" and "(" not in draft.name:
                    country = countries.country_by_iso3(main)
                    if country is not None:
                        draft.name = f"{country.name} ({SECTOR_LABELS.get(draft.sector or '', draft.sector)})"

    def _dictionary(self) -> None:
        by_name: dict[str, _ActorDraft] = {}
        for start, end, entry in sorted(self._dictionary_matches, key=lambda m: (m[0], -m[1])):
            if not self._free(start, end):
                continue
            draft = by_name.get(entry.name)
            if draft is None:
                draft = _ActorDraft(
                    id=self._new_id(entry.name), name=entry.name, kind=entry.kind,
                    country=entry.country, sector=entry.sector,
                    reason=f"actor dictionary entry '{entry.name}'", listed=True,
                )  # fmt: skip
                self.drafts[draft.id] = draft
                by_name[entry.name] = draft
            doc = self.doc
            if draft.country is None and start >= 2 and doc[start - 1].text in ("'s", "’s"):
                owner = countries.resolve_country(doc[start - 2].text)
                if owner is not None:  # "Iraq's al-Qaeda": the branch in that country
                    draft.country = owner.iso3
                    draft.reason += f"; country {owner.iso3} from '{doc[start - 2 : end].text}'"
            self._claim(draft, start, end)

    def _people(self) -> None:
        doc = self.doc
        people: dict[str, _ActorDraft] = {}
        spans = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        # Full names first, so a bare surname joins the person it abbreviates.
        spans.sort(key=lambda ent: (-len(ent), ent.start))
        for ent in spans:
            ent = _trim(ent)
            if ent is None or not self._free(ent.start, ent.end):
                continue
            text = ent.text
            if countries.resolve_country(text) or (
                self.is_place(text) and countries.fold(text) not in surname_countries()
            ):
                continue  # a capital or country is never a person
            if _nationality_plural(ent):
                continue  # "Bosnian Serbs" tagged PERSON: a community (see _peoples)
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            placelike = (
                before in LOCATIVE
                or before == "the"
                or (ent.root.dep_ == "compound" and ent.root.head.is_lower)
            )
            known_surname = countries.fold(text) in surname_countries()
            if len(ent) == 1 and placelike and not known_surname and self.is_place(text, loose=True):
                continue  # "near Zaporizhzhia", "the Zaporizhzhia plant": a place, not a person
            if self._in_credit(ent):
                continue  # agency boilerplate names no actors
            if not any(t.is_alpha and t.text[:1].isupper() for t in ent):
                continue
            surname = ent[-1].text.lower()
            draft = people.get(surname)
            if draft is None and len(ent) == 1:
                # a given name used alone ("Dawit" for Dawit Alemu), when only one person has it
                same_first = [d for d in people.values()
                              if len(d.name.split()) > 1 and d.name.split()[0].lower() == surname]  # fmt: skip
                if len(same_first) == 1:
                    draft = same_first[0]
            if draft is None and len(ent) == 1:
                # "Anwar" for Anwar Ibrahim: a known short form of someone already named
                entry = known_people().get(countries.fold(text))
                if entry is not None:
                    draft = next(
                        (
                            d
                            for d in people.values()
                            if d.name == entry["name"]
                            or countries.fold(d.name) == countries.fold(entry["name"])
                        ),
                        None,
                    )
            if draft is None:
                draft = _ActorDraft(
                    id=self._new_id(text), name=text, kind="person", surname=surname,
                    reason="NER person",
                )  # fmt: skip
                self.drafts[draft.id] = draft
                people[surname] = draft
            elif len(ent) > len(draft.name.split()):
                draft.name = text
            start = ent.start
            self._affiliation = None
            role, country, prefix_start = self._title_before(ent)
            if self._affiliation is not None and not draft.affiliated:
                draft.affiliated = True
                draft.country = draft.country or self._affiliation.country
                if self._affiliation.sector in ("IGO", "NGO", "MED"):
                    draft.sector = self._affiliation.sector
                draft.reason += f"; affiliated with {self._affiliation.name}"
            if role:
                start = prefix_start
            role_after, country_after = self._title_after(ent)
            role = role or role_after
            country = country or country_after
            self._claim(draft, start, ent.end)
            if role and not draft.role:
                draft.role = role
                if not draft.affiliated:
                    draft.sector = self._sector_of(role)
            if country and not draft.country:
                draft.country = country.iso3
                draft.reason = (
                    f"NER person; country {country.iso3} from '{doc[start : ent.end].text}'"
                )
        known = known_people()
        for draft in people.values():
            entry = known.get(countries.fold(draft.name)) or (
                known.get(countries.fold(draft.surname or ""))
                if len(draft.name.split()) == 1
                else None
            )
            if entry is not None and (draft.country in (None, entry["country"])):
                if len(draft.name.split()) == 1:
                    draft.name = str(entry["name"])  # "Putin" alone: the canonical full name
                draft.country = entry["country"]
                draft.sector = (
                    entry["sector"] if entry["sector"] == "IGO" else draft.sector or entry["sector"]
                )
                draft.role = draft.role or entry["role"]
                draft.affiliated = True
                draft.reason += (
                    f"; country and role completed from the people list ({entry['name']})"
                )
        for draft in people.values():
            bearers = surname_countries().get(countries.fold(draft.name), frozenset())
            if draft.country is None and len(draft.name.split()) == 1 and len(bearers) == 1:
                # "President Bush": every known Bush is American
                draft.country = next(iter(bearers))
                draft.affiliated = True
                draft.reason += f"; country {draft.country}: every known person of that surname"
        for draft in people.values():
            if draft.country is None and draft.role and not draft.affiliated:
                self._country_from_sentence(draft)

    def _in_credit(self, span: Span) -> bool:
        kinds = self.doc._.sentence_kinds or {}
        return kinds.get(self._sents[self._sent_of[span.start]].start) == "credit"

    def _country_from_sentence(self, draft: _ActorDraft) -> None:
        """An official named without a country takes the one country of the actors around them."""
        start, _ = draft.mentions[0]
        sent = self._sents[self._sent_of[start]]
        found: set[str] = set()
        for token in sent:
            code = None
            other = self.claimed.get(token.i)
            if other and other != draft.id:
                code = self.drafts[other].country
            elif token.ent_type_ in ("GPE", "NORP"):
                country = countries.resolve_country(token.text)
                code = country.iso3 if country else None
            if code:
                found.add(code)
        if len(found) == 1:
            draft.country = found.pop()
            draft.reason += f"; country {draft.country}: the only country in the sentence"

    def _sector_of(self, role: str) -> str | None:
        words = role.lower().replace(" - ", "-").split()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                key = " ".join(words[i : i + size]).rstrip("s")
                sector = self._titles.get(key) or self._titles.get(" ".join(words[i : i + size]))
                if sector:
                    return sector
        return "GOV"

    def _is_title_word(self, token: Token) -> bool:
        low = token.lower_
        return low in self._titles or low.rstrip("s") in self._titles or low in self._modifiers

    def _title_before(self, ent: Span) -> tuple[str | None, Country | None, int]:
        """Role and country written before a name: "Ukraine's Foreign Minister Andrii Sybiha"."""
        doc = self.doc
        sent_start = self._sents[self._sent_of[ent.start]].start
        i = ent.start - 1
        start = ent.start
        country: Country | None = None
        has_title = False
        while i >= sent_start:
            tok = doc[i]
            owner = self.drafts.get(self.claimed.get(i, ""))
            found = countries.resolve_country(tok.text) if tok.text[:1].isupper() else None
            if owner is not None and owner.kind == "organisation":
                self._affiliation = (
                    owner  # "U.N. Secretary-General", "the EU's foreign policy chief"
                )
                start = i
            elif found is not None:
                country = country or found
                start = i
            elif self._is_title_word(tok) and (tok.is_title or tok.is_lower or tok.is_upper):
                has_title = has_title or tok.lower_ not in self._modifiers
                start = i
            elif tok.lower_ == "of" and i - 1 >= sent_start and self._is_title_word(doc[i - 1]):
                start = i
            elif tok.text in ("'s", "’s") and i - 1 >= sent_start:
                start = i
            elif tok.text == "-" and i - 1 >= sent_start and not tok.whitespace_:
                start = i  # "Secretary-General"
            elif (
                has_title
                and tok.is_title
                and tok.pos_ in ("PROPN", "NOUN", "ADJ")
                and tok.ent_type_ not in ("PERSON", "GPE", "NORP")
            ):
                start = i  # "External Affairs Minister", "Foreign Policy Chief"
            elif (
                tok.ent_type_ == "ORG"
                and tok.is_title
                and i - 1 >= sent_start
                and doc[i - 1].lower_ == "of"
            ):
                start = i  # "Secretary of State": NER slips "State" as ORG
            else:
                break
            i -= 1
        if not has_title:
            return None, country if start < ent.start else None, start if country else ent.start
        role_start = start
        while role_start < ent.start and (
            countries.resolve_country(doc[role_start].text)
            or doc[role_start].text in ("'s", "’s")
            or (
                doc[role_start].ent_type_ in ("GPE", "NORP", "ORG")
                and not self._is_title_word(doc[role_start])
            )
        ):
            role_start += 1
        role = doc[role_start : ent.start].text.strip() or None
        return role, country, start

    def _title_after(self, ent: Span) -> tuple[str | None, Country | None]:
        """ "Zelenskiy of Ukraine"; "Sergei Lavrov, Russia's foreign minister," (appositive);
        "Rwanda's minister for regional integration, James Kabarebe" (the name as appositive)."""
        doc = self.doc
        root = ent.root
        role = None
        country = None
        head = root.head
        if root.dep_ == "appos" and head.i < ent.start and self._is_title_word(head):
            for tok in head.subtree:
                if tok.i >= ent.start:
                    break
                found = countries.resolve_country(tok.text) if tok.text[:1].isupper() else None
                if found is not None and country is None:
                    country = found
            role = head.text
            return role, country
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i >= ent.end:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        country = countries.country_by_name(obj.text) or country
            if child.dep_ == "appos" and child.i >= ent.end and self._is_title_word(child):
                words = []
                for t in child.subtree:
                    found = countries.resolve_country(t.text)
                    if found and country is None:
                        country = found
                    if t.dep_ in ("det", "punct", "case") or found:
                        continue
                    if t.i > child.i:
                        break
                    words.append(t.text)
                role = " ".join(words) or None
        if ent.end < len(doc) and doc[ent.end].lower_ == "of" and ent.end + 1 < len(doc):
            country = country or countries.country_by_name(doc[ent.end + 1].text)
        return role, country

    def _states(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "PERSON", "ORG", "NORP", "LOC"):
                continue
            ent = _trim(ent)
            if ent is None or not self._free(ent.start, ent.end):
                continue
            text = ent.text
            country = countries.country_by_name(text)
            how = f"country name '{text}'"
            if country is None:
                country = countries.country_by_capital(text)
                how = f"capital '{text}' used for its government"
            if country is None or ent.label_ == "NORP":
                continue
            draft = self._state(country, how)
            self._claim(draft, ent.start, ent.end)
        communities = {t.i for ent in doc.ents if _nationality_plural(ent) for t in ent}
        regions = {  # "Northern Ireland", "South Ossetia": a region, not the country in its name
            t.i for ent in doc.ents
            if ent.label_ in ("GPE", "LOC") and len(ent) > 1
            and countries.country_by_name(ent.text) is None
            and _gazetteer_country(ent.text) is not None
            for t in ent
        }  # fmt: skip
        for token in tokens(doc):  # names the NER missed ("Kyiv said ...")
            if token.pos_ != "PROPN" or not token.is_title or not self._free(token.i, token.i + 1):
                continue
            if token.i in communities or token.i in regions:
                continue  # "Kosovo Albanians": a community (see _peoples)
            if token.ent_type_ and token.ent_type_ not in ("GPE", "PERSON", "ORG", "LOC", "DATE"):
                continue  # (a DATE span may swallow a name after a dateline: "June 4 — Chile")
            country = countries.country_by_name(token.text)
            how = f"country name '{token.text}'"
            if country is None:
                country = countries.country_by_capital(token.text)
                how = f"capital '{token.text}' used for its government"
            if country is not None:
                self._claim(self._state(country, how), token.i, token.i + 1)

    def _two_word_demonyms(self) -> None:
        """"Sierra Leonean", "Costa Rican": two-word nationality words the small model splits
        (tagging "Sierra" an ORG) stand for their state until a noun they modify claims them.
        "Latin American", "West African": a region's adjective names no state, so its
        nationality word is claimed for no one."""
        words = tokens(self.doc)
        for i in range(len(words) - 1):
            first, second = words[i], words[i + 1]
            if (
                first.lower_ in REGION_WORDS
                and countries.country_by_demonym(second.text) is not None
                and countries.country_by_demonym(f"{first.text} {second.text}") is None
                and countries.country_by_name(f"{first.text} {second.text}") is None
            ):
                self._no_actor_tokens.update((i, i + 1))
                continue
            if not (first.text[:1].isupper() and second.text[:1].isupper()) or first.is_stop:
                continue
            if countries.country_by_demonym(second.text) is not None:
                continue  # "Bosnian Serbs": the second word is a nationality of its own
            if not self._free(i, i + 2):
                continue
            country = countries.country_by_demonym(f"{first.text} {second.text}")
            if country is not None:
                how = f"nationality word '{first.text} {second.text}' stands for its state"
                self._claim(self._state(country, how), i, i + 2)

    # ----------------------------------------------------------------- office-holders
    def _office_holders(self) -> None:
        """ "Ukraine's president", "the Polish prime minister", "the president of Ukraine": the
        person who held that office on the publication date, when the people list gives exactly
        one holder whose term covers it. Without a date, or with no or several holders, the
        phrase is left to the generic agents (the state)."""
        day = _published_day(self.doc)
        if day is None:
            return
        for token in tokens(self.doc):
            if token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNS", "NNPS"):
                continue
            if token.lower_ not in self._titles or not self._free(token.i, token.i + 1):
                continue
            if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                continue  # "President Zelenskiy" with the name missed: not an unnamed office
            phrase = self._office_phrase(token)
            if phrase is None:
                continue
            country, role, start, end = phrase
            holders = office_holders(country.iso3, role, day)
            if len(holders) != 1 or self._in_credit(self.doc[start:end]):
                continue
            self._claim_office(holders[0], token, role, start, end, day)

    def _office_phrase(self, head: Token) -> tuple[Country, str, int, int] | None:
        """Country, role words and token range of an office phrase around a title noun, or None
        when it names no country, is not about the holder on the day, or overlaps another
        actor."""
        doc = self.doc
        country: Country | None = None
        start, end = head.i, head.i + 1
        role_tokens: list[Token] = []
        for child in head.children:
            if any(t.lower_ in _NOT_THE_HOLDER for t in child.subtree if t.i < head.i):
                return None  # "the former Ukrainian president", "a Polish minister"
            if child.i > head.i:
                continue
            if child.dep_ == "det":
                if child.lower_ != "the":
                    return None
                continue
            if child.dep_ not in ("amod", "compound", "poss", "nmod"):
                continue
            found = self._country_at(child)
            if found is not None:
                if country is not None and found.iso3 != country.iso3:
                    return None
                country = found
                start = min(start, child.left_edge.i)
                continue
            if child.dep_ == "poss":
                return None  # "the junta's envoy", "Zelenskiy's chief of staff"
            role_tokens.extend(t for t in child.subtree if t.is_alpha)
            start = min(start, child.left_edge.i)
        role_tokens.append(head)
        for child in head.children:
            if child.i < head.i or child.dep_ != "prep" or child.lower_ != "of":
                continue
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if len(objects) != 1:
                continue
            found = self._country_at(objects[0])
            if found is not None:  # "the president of Ukraine"
                if country is not None and found.iso3 != country.iso3:
                    return None
                country = found
            else:  # "minister of foreign affairs", "secretary of state"
                role_tokens.append(child)
                role_tokens.extend(t for t in objects[0].subtree if t.is_alpha)
            end = max(end, objects[0].right_edge.i + 1)
            break
        if country is None:
            return None
        for i in range(start, end):
            other = self.drafts.get(self.claimed.get(i, ""))
            if i in self._no_actor_tokens:
                return None
            if other is not None and not (other.kind == "state" and other.country == country.iso3):
                return None  # only the state of the phrase's own country may have it already
        role = " ".join(t.text for t in sorted(role_tokens, key=lambda t: t.i)).lower()
        return country, role, start, end

    def _country_at(self, token: Token) -> Country | None:
        """The country a modifier names ("Ukraine", "Ukrainian", "U.S.", either word of "North
        Korean") or whose state actor has claimed it ("South Korea")."""
        other = self.drafts.get(self.claimed.get(token.i, ""))
        if other is not None and other.kind == "state" and other.country:
            return countries.country_by_iso3(other.country)
        if not token.text[:1].isupper():
            return None
        found = countries.resolve_country(token.text)
        doc = self.doc
        for a, b in ((token.i - 1, token.i + 1), (token.i, token.i + 2)):
            if found is None and a >= 0 and b <= len(doc) and doc[a].text[:1].isupper():
                if doc[b - 1].text[:1].isupper():
                    found = countries.resolve_country(doc[a:b].text)
        return found

    def _claim_office(
        self, office: Office, head: Token, role: str, start: int, end: int, day: date
    ) -> None:
        doc = self.doc
        known = known_people()
        draft = next(
            (
                d
                for d in self.drafts.values()
                if d.kind == "person"
                and d.country in (None, office.country)
                and (
                    countries.fold(d.name) == countries.fold(office.name)
                    or (known.get(countries.fold(d.name)) or {}).get("name") == office.name
                )
            ),
            None,
        )
        # a person in apposition ("Sergei Lavrov, Russia's foreign minister,") who is not the
        # list's holder (the list is out of date) wins: leave the phrase to the older rules
        beside = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            beside.append(head.head)
        for token in beside:
            named = self.drafts.get(self.claimed.get(token.i, ""))
            if named is not None and named.kind == "person" and named is not draft:
                return
        why = (
            f"office-holder: '{doc[start:end].text}' on {day.isoformat()} → {office.name} "
            f"({office.term()})"
        )
        # the list's one-word names ("Zelenskiy", "Zelensky") find later bare mentions; not the
        # name's last word, which is no surname in "Kim Jong Un" or "Wang Yi"
        forms = tuple(
            dict.fromkeys(
                form.lower()
                for form in office.aliases
                if len(form.split()) == 1 and not countries.resolve_country(form)
            )
        )
        if draft is None:
            draft = _ActorDraft(
                id=self._new_id(office.name), name=office.name, kind="person",
                country=office.country, sector=office.sector, role=role, reason=why,
                surname=forms[0] if forms else None, affiliated=True,
            )  # fmt: skip
            self.drafts[draft.id] = draft
        else:
            draft.country = office.country
            draft.role = draft.role or role
            draft.sector = draft.sector or office.sector
            draft.affiliated = True
            draft.reason += f"; {why}"
        draft.known_forms = tuple(dict.fromkeys([*draft.known_forms, *forms]))
        for i in range(start, end):  # "Ukraine" in "Ukraine's president" is part of the office
            owner = self.drafts.get(self.claimed.get(i, ""))
            if owner is not None and owner is not draft:
                owner.mentions = [m for m in owner.mentions if not (start <= m[0] and m[1] <= end)]
        self._claim(draft, start, end)

    def _organisations(self) -> None:
        """Organisations the dictionary does not know, from NER ORG spans: "the Committee to
        Protect Journalists", "Georgian Dream", "Iran's Foreign Ministry". The sector comes from
        the head noun when it names an agent ("Ministry" → GOV); a government body of a known
        country is that state."""
        doc = self.doc
        surnames = {d.surname for d in self.drafts.values() if d.kind == "person"}
        for ent in doc.ents:
            if ent.label_ != "ORG" or _nationality_plural(ent):
                continue  # ("Kosovo Albanians" tagged ORG is a community: see _peoples)
            ent = _trim(ent)
            if ent is None or not self._free(ent.start, ent.end) or self._in_credit(ent):
                continue
            if ent.text.isupper() and len(ent.text) > 5:
                continue  # shouting boilerplate
            if ent[-1].lower_ in surnames or countries.fold(ent.text) in known_people():
                continue  # a person the NER mislabelled ("Zelenskiy" as ORG)
            if not any(t.is_alpha and t.text[:1].isupper() for t in ent):
                continue
            head_lemma = ent[-1].lemma_.lower()
            sector = self._agents.get(head_lemma)
            if sector == "MOD":
                sector = None
            country = None
            start = ent.start
            for tok in ent:
                found = countries.resolve_country(tok.text) if tok.text[:1].isupper() else None
                if found is not None:
                    country = country or found
            for appos in (c for c in ent.root.children if c.dep_ == "appos"):
                # "COGAT, the Israeli military body that ...": country and sector from it
                for tok in appos.subtree:
                    found = countries.resolve_country(tok.text) if tok.text[:1].isupper() else None
                    if found is not None and country is None:
                        country = found
                    if tok.i <= appos.i and tok.lemma_.lower() in self._agents and sector is None:
                        sector = self._agents[tok.lemma_.lower()]
                if sector == "MOD":
                    sector = None
            if country is None:  # "the Esfahan conversion facility in central Iran"
                country = _country_after([
                    p for p in ent.root.children
                    if p.dep_ == "prep" and p.lower_ == "in" and p.i >= ent.end
                ])  # fmt: skip
            if ent.start >= 2 and doc[ent.start - 1].text in ("'s", "’s"):
                owner = countries.resolve_country(doc[ent.start - 2].text)
                if owner is not None:
                    country = country or owner
                    start = ent.start - 2
            if country is not None and sector == "GOV":
                self._claim(
                    self._state(country, f"'{doc[start : ent.end].text}' acts for the state"),
                    start,
                    ent.end,
                )
                continue
            name = ent.text
            draft = next((d for d in self.drafts.values() if d.name == name), None)
            if draft is None:
                draft = _ActorDraft(
                    id=self._new_id(name), name=name, kind="organisation",
                    country=country.iso3 if country else None, sector=sector,
                    reason="NER organisation" + (f" (sector {sector} from '{ent[-1].text}')" if sector else ""),
                )  # fmt: skip
                self.drafts[draft.id] = draft
            self._claim(draft, start, ent.end)

    def _generic_agents(self) -> None:
        doc = self.doc
        for token in tokens(doc):
            if token.pos_ not in ("NOUN", "PROPN") or not self._free(token.i, token.i + 1):
                continue
            lemma = token.lemma_.lower()
            sector = self._agents.get(lemma)
            if sector is None:
                continue
            if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                continue  # "police station", "government forces" (the head decides)
            owner = self._owning_group(token)
            if owner is not None:
                # "ASEAN leaders", "the junta's envoy", "ELN fighters": they act as the group
                first = min(
                    [token.i]
                    + [
                        c.left_edge.i
                        for c in token.children
                        if c.dep_ in ("poss", "compound", "nmod") and c.i < token.i
                    ]
                )
                self._claim(owner, first, token.i + 1) if self._free(
                    first, token.i + 1
                ) else self._claim(owner, token.i, token.i + 1)
                continue
            country, start = self._country_in_phrase(token)
            if country is None and lemma in plural_only() and token.tag_ not in ("NNS", "NNPS"):
                continue
            modifiers = sector_modifiers()
            for child in token.children:
                if child.dep_ in ("amod", "compound") and child.lemma_.lower() in modifiers:
                    sector = modifiers[child.lemma_.lower()]
                    start = min(start, child.i)
            if sector == "MOD":
                if country is None:
                    sole = self._sole_named_group()
                    if sole is not None and any(c.lower_ == "the" for c in token.children):
                        self._claim(sole, token.i, token.i + 1)  # "the group" = the one named
                    continue
                sector = "OPP"
            if country is not None and sector == "GOV":
                draft = self._state(
                    country, f"'{doc[start : token.i + 1].text}' acts for the state"
                )
            else:
                draft = self._group(country, sector, token.lower_)
            self._claim(draft, start, token.i + 1)

    def _owning_group(self, head: Token) -> _ActorDraft | None:
        """A named organisation or group that an agent noun belongs to, through a compound or
        possessive ("ASEAN leaders", "the junta's envoy"), else None. States are not owners
        here: "Russian troops" are Russia's military, not Russia's government."""
        for child in head.children:
            if child.i > head.i or child.dep_ not in ("compound", "poss", "nmod"):
                continue
            owner = self.drafts.get(self.claimed.get(child.i, ""))
            if (
                owner is not None
                and owner.kind in ("organisation", "group")
                and (not owner.generic or (owner.country and child.dep_ == "poss"))
            ):
                return owner  # "ASEAN leaders", "the junta's envoy"
        return None

    def _sole_named_group(self) -> _ActorDraft | None:
        """The article's only named non-state group (an armed group, a party), or None."""
        named = [
            d for d in self.drafts.values() if d.kind == "group" and not d.generic and d.mentions
        ]
        return named[0] if len(named) == 1 else None

    def _sole_group_by_sector(self) -> None:
        """ "The military", "the army", "police" without a country, in an article whose only
        military (police) with a country is "Myanmar (military)": the same group."""
        for sector in ("MIL", "COP"):
            known = [d for d in self.drafts.values()
                     if d.kind == "group" and d.sector == sector and d.country and d.mentions]  # fmt: skip
            if len(known) != 1:
                continue
            target = known[0]
            for draft in list(self.drafts.values()):
                if draft is target or not draft.generic or draft.sector != sector or draft.country:
                    continue
                self._merge(draft, target, f"the article's only {sector} group")

    def _sole_armed_group(self) -> None:
        """ "The rebels", "the militia" in an article that names exactly one armed group refer
        to that group: merge the generic group into it."""
        named = [d for d in self.drafts.values()
                 if d.kind == "group" and d.sector == "REB" and not d.generic and d.mentions]  # fmt: skip
        if len(named) != 1:
            return
        target = named[0]
        for draft in list(self.drafts.values()):
            if draft is target or not draft.generic or draft.sector != "REB":
                continue
            if draft.country not in (None, target.country):
                continue
            self._merge(draft, target, "the article's only armed group")

    def _merge(self, draft: _ActorDraft, target: _ActorDraft, why: str) -> None:
        """Move every mention of ``draft`` to ``target`` (coreference found late)."""
        for start, end in draft.mentions:
            target.mentions.append((start, end))
            for i in range(start, end):
                self.claimed[i] = target.id
        draft.mentions = []
        target.reason += f"; '{draft.name}' refers to it ({why})"

    def _country_in_phrase(self, head: Token) -> tuple[Country | None, int]:
        start = head.i
        country = None
        for child in head.children:
            if child.i > head.i or child.dep_ not in ("amod", "compound", "poss", "nmod"):
                continue
            found = None if stance_prefixed(child) else (
                countries.resolve_country(child.text) or _led_by(child)
            )
            if found is None and child.dep_ == "compound" and child.pos_ == "PROPN":
                found = _place_country(child)  # "Darfur rebels", "Gaza militants"
            first = child.left_edge.i if child.dep_ == "poss" else child.i
            if found is None and child.i in self.claimed and not stance_prefixed(child):
                other = self.drafts[self.claimed[child.i]]
                if other.kind == "state" and other.country:
                    found = countries.country_by_iso3(other.country)
                    # "Sierra Leonean troops": the whole nationality word
                    first = min([first] + [a for a, b in other.mentions if a <= child.i < b])
                elif other.kind == "person" and other.country and head.lemma_.lower() in REGIME_NOUNS:
                    found = countries.country_by_iso3(other.country)  # "the Bush administration"
            if found is not None:
                country = found
                start = min(start, first)
        if country is not None and (_ethnic(head) or head.lemma_.lower() in COMMUNITY_NOUNS):
            home = _residence(head)  # "ethnic Albanian guerrillas operating in Macedonia"
            country = home or country
        for child in head.children:
            # "the police of Kenya"; "security forces in Guinea" (an agent placed in a country
            # with no other nationality is that country's)
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from") and country is None:
                for obj in child.children:
                    found = _place_country(obj) if obj.dep_ == "pobj" else None
                    if found:
                        country = found
        return country, start

    def _peoples(self) -> None:
        """A nationality or community used as a noun: "the Palestinians", "Bosnian Serbs",
        "ethnic Albanians" → a group (with its country when the word is a known demonym)."""
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "NORP" and not _nationality_plural(ent):
                continue
            root = ent.root
            if root.pos_ not in ("PROPN", "NOUN") or root.dep_ in ("amod", "compound"):
                continue
            if not self._free(ent.start, ent.end) or root.tag_ not in ("NNPS", "NNS"):
                continue
            country = countries.country_by_demonym(ent.text)
            if country is None and len(ent) > 1 and ent[0].text[:1].isupper():
                # "Bosnian Serbs", "Iraqi Kurds": the first word says where they live
                country = countries.country_by_demonym(ent[0].text) or countries.country_by_name(
                    ent[0].text
                )
            country = country or countries.country_by_demonym(root.text)
            start = ent.start
            for child in root.children:
                if child.dep_ in ("amod", "compound") and child.i < ent.start and child.i == start - 1:
                    found = countries.country_by_demonym(child.text) or (
                        countries.country_by_name(child.text) if child.dep_ == "compound" else None
                    )  # "ethnic Albanians", "Iraqi Kurds", "Kosovo Albanians"
                    country = country or found
                    start = child.i
            why = f"people named by nationality or community ('{ent.text}')"
            home = _residence(root)
            if home is not None and (country is None or home.iso3 != country.iso3):
                # "ethnic Hungarians in Slovakia": coded by the state they live in
                country = home
                why += f", living in {home.name}"
            name = ent.text if country is None else f"{country.name} ({ent.root.text})"
            draft = next((d for d in self.drafts.values() if d.name == name), None)
            if draft is None:
                draft = _ActorDraft(
                    id=self._new_id(name), name=name, kind="group",
                    country=country.iso3 if country else None, sector="CVL", reason=why,
                )  # fmt: skip
                self.drafts[draft.id] = draft
            self._claim(draft, start, ent.end)

    def _nationality_doers(self) -> None:
        """A noun that does something, marked with a nationality and known to no lexicon:
        "Swiss doctors handed over medicine", "Russian aircraft bombed", "Israeli helicopters
        fired" → a group of that country (weapons and craft stand for the country's military)."""
        doc = self.doc
        instruments = instrument_nouns()
        for token in tokens(doc):
            if token.pos_ != "NOUN" or not self._free(token.i, token.i + 1):
                continue
            doer = token.dep_ in ("nsubj", "nsubjpass") or (
                token.dep_ == "pobj" and token.head.dep_ == "agent"
            )
            if not doer:
                continue
            country, start = None, token.i
            for child in token.children:
                if child.i < token.i and child.dep_ in ("amod", "compound", "nmod"):
                    found = (
                        countries.country_by_demonym(child.text)
                        or countries.country_by_name(child.text)
                        or _led_by(child)
                    )
                    if found is not None:
                        country, start = found, min(start, child.i)
            if country is None or not self._free(start, token.i + 1):
                continue
            lemma = token.lemma_.lower()
            if lemma in instruments:
                draft = self._group(country, instruments[lemma], token.lower_)
                draft.reason += f"; '{token.text}' stand for the forces that use them"
            else:
                name = f"{country.name} ({token.lower_})"
                draft = next((d for d in self.drafts.values() if d.name == name), None)
                if draft is None:
                    draft = _ActorDraft(
                        id=self._new_id(name), name=name, kind="group", country=country.iso3,
                        sector=None, generic=True,
                        reason=f"'{doc[start : token.i + 1].text}': doers of that nationality",
                    )  # fmt: skip
                    self.drafts[draft.id] = draft
            self._claim(draft, start, token.i + 1)

    def _national_modifiers(self) -> None:
        """A nationality adjective on a thing acted on stands for its state: "rejected an
        Indian proposal", "seized a Panamanian ship", "fired on Israeli positions" → India,
        Panama, Israel (the object's owner is whom the deed reaches)."""
        for token in tokens(self.doc):
            head = token.head
            if (
                token.dep_ not in ("amod", "compound")
                or token.i > head.i
                or head.pos_ != "NOUN"
                or head.dep_ not in ("dobj", "pobj", "nsubjpass", "attr", "conj")
                or not token.text[:1].isupper()
                or not self._free(token.i, token.i + 1)
                or not self._free(head.i, head.i + 1)
            ):
                continue
            lemma = head.lemma_.lower()
            if lemma in self._agents or lemma in titles()[0] or lemma in PERSON_NOUNS:
                continue  # "his Ukrainian counterpart", "a Kenyan minister": a person, not a thing
            if head.i + 1 < len(self.doc) and (head.i + 1) in self.claimed:
                continue  # "counterpart Andrii Sybiha": the name that follows says who
            country = None if stance_prefixed(token) else countries.country_by_demonym(token.text)
            if country is not None and lemma in COMMUNITY_NOUNS:
                # "the Albanian population of the province": people living somewhere, coded
                # by where they live when the text says so, not the state their name recalls
                home = _residence(head) or country
                why = f"'{token.text} {head.text}': a community" + (
                    f", living in {home.name}" if home is not country else ""
                )
                draft = self._group(home, "CVL", head.lower_)
                if why not in draft.reason:
                    draft.reason += f"; {why}"
                self._claim(draft, token.i, head.i + 1)
                continue
            if country is not None:
                how = f"'{token.text} {head.text}': the state behind the thing acted on"
                self._claim(self._state(country, how), token.i, token.i + 1)

    def _surnames(self) -> None:
        """Claim bare surnames the NER missed or mislabelled ("Zelenskiy" as ORG)."""
        by_surname = {
            d.surname: d for d in self.drafts.values() if d.kind == "person" and d.surname
        }
        for draft in self.drafts.values():
            for form in draft.known_forms:  # "Zelensky" for an office-holder found by his office
                by_surname.setdefault(form, draft)
        if not by_surname:
            return
        for token in tokens(self.doc):
            if not token.text[:1].isupper() or token.lower_ not in by_surname:
                continue
            if not self._free(token.i, token.i + 1):
                continue
            draft = by_surname.get(token.lower_)
            if draft is not None:
                self._claim(draft, token.i, token.i + 1)

    def _pronouns(self) -> None:
        for token in tokens(self.doc):
            low = token.lower_
            if token.pos_ != "PRON" or (low not in _PERSONAL and low not in _NEUTER):
                continue
            want_person = low in _PERSONAL
            avoid = self._clause_subject(token)  # "Rubio ... urged him": him is not Rubio
            target = self._governing_subject(token, want_person, avoid)
            if target is None and want_person:
                target = self._recent_person(token, avoid=avoid)
            if target is not None:
                self._claim(self.drafts[target], token.i, token.i + 1)

    def _matches_kind(self, actor_id: str, want_person: bool) -> bool:
        kind = self.drafts[actor_id].kind
        return (kind == "person") if want_person else kind in ("state", "organisation", "group")

    def _governing_subject(
        self, token: Token, want_person: bool, avoid: str | None = None
    ) -> str | None:
        node = token
        while node.head.i != node.i:
            node = node.head
            if node.pos_ not in ("VERB", "AUX"):
                continue
            if token.head.i == node.i and token.dep_ in ("dobj", "dative", "iobj"):
                continue  # "Rubio urged him": him is not Rubio (an object is not its subject)
            for child in node.children:
                if child.dep_ in _SUBJECT_DEPS and child.i != token.i and child.i < token.i:
                    actor = self._actor_at(child)
                    if actor and actor != avoid and self._matches_kind(actor, want_person):
                        return actor
        return None

    def _actor_at(self, token: Token) -> str | None:
        if token.i in self.claimed:
            return self.claimed[token.i]
        for child in token.children:
            if child.dep_ in ("appos", "compound") and child.i in self.claimed:
                return self.claimed[child.i]
        return None

    def _clause_subject(self, token: Token) -> str | None:
        """The actor that is the subject of the verb an object pronoun depends on."""
        if token.dep_ not in ("dobj", "dative", "iobj", "pobj"):
            return None
        verb = token.head.head if token.dep_ == "pobj" else token.head
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS:
                    return self._actor_at(child)
            if verb.dep_ != "conj":
                break
            verb = verb.head  # "Rubio spoke to X and urged him": the shared subject
        return None

    def _recent_person(self, token: Token, avoid: str | None = None) -> str | None:
        """The last person named as a subject in this or the two previous sentences."""
        doc = self.doc
        number = self._sent_of[token.i]
        if avoid is not None:
            # an object pronoun with its clause's subject ruled out: the nearest other person
            # earlier in its sentence ("Rubio spoke to Vucic ... and urged him")
            for i in range(token.i - 1, self._sents[number].start - 1, -1):
                actor = self.claimed.get(i)
                if actor and actor != avoid and self.drafts[actor].kind == "person":
                    return actor
        floor = self._sents[max(0, number - 2)].start
        fallback = None
        for i in range(token.i - 1, floor - 1, -1):
            actor = self.claimed.get(i)
            if actor and actor != avoid and self.drafts[actor].kind == "person":
                if doc[i].dep_ in _SUBJECT_DEPS or doc[i].head.dep_ in _SUBJECT_DEPS:
                    return actor
                fallback = fallback or actor
        return fallback

    # ----------------------------------------------------------------- results
    def actors(self) -> list[Actor]:
        return [d.to_model(self.doc) for d in self.drafts.values() if d.mentions]


#: Nouns for a leader's government named after the leader ("the Bush administration").
REGIME_NOUNS = frozenset({"administration", "government", "regime", "cabinet", "junta"})

#: Nouns for people that no agent or title list carries (they are never "things acted on").
PERSON_NOUNS = frozenset({"counterpart", "colleague", "host", "guest", "visitor", "partner",
                          "ally", "citizen", "national", "man", "woman", "people", "person"})  # fmt: skip


def _led_by(token: Token) -> Country | None:
    """ "Vietnamese-led", "Saudi-backed" split by the tokenizer: the country hanging off "led"."""
    if token.lower_ not in countries.AGENCY_SUFFIXES:
        return None
    for child in token.children:
        if child.dep_ in ("npadvmod", "compound", "amod", "nmod") and child.i < token.i:
            found = countries.country_by_demonym(child.text) or countries.country_by_name(
                child.text
            )
            if found is not None:
                return found
    return None


def stance_prefixed(token: Token) -> bool:
    """ "anti-Syria", "pro-Iranian": a country named as what someone is for or against, not
    their nationality."""
    doc = token.doc
    if token.lower_.startswith(("anti-", "pro-")):
        return True
    return (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and not doc[token.i - 1].whitespace_
        and doc[token.i - 2].lower_ in ("anti", "pro")
    )


def _nationality_plural(ent: Span) -> bool:
    """ "Bosnian Serbs", "Iraqi Kurds" whatever the NER's label: a nationality word, then a
    plural proper noun."""
    return (
        len(ent) > 1
        and ent.root.tag_ == "NNPS"
        and ent.root.i == ent.end - 1
        and (
            countries.country_by_demonym(ent[0].text) is not None
            or countries.country_by_name(ent[0].text) is not None
        )
    )


def _place_country(obj: Token) -> Country | None:
    """The country a noun phrase names as a place: a country ("of Ukraine"), a place inside
    one ("the West Bank", "the Syrian Golan Heights": its name with compounds, else a
    nationality word on it), or a nationality ("from two American aid groups")."""
    name_tokens = [t for t in obj.lefts if t.dep_ == "compound" and t.text[:1].isupper()]
    name = " ".join(t.text for t in [*name_tokens, obj])
    found = countries.country_by_name(name)
    if found is None and name_tokens:  # "Northern Ireland" is not Ireland
        found = _gazetteer_country(name)
    found = found or countries.country_by_name(obj.text)
    if found is None and obj.pos_ == "PROPN":
        found = _gazetteer_country(name)
    if found is None:
        for mod in obj.lefts:
            if mod.dep_ in ("amod", "compound") and mod.text[:1].isupper():
                found = countries.country_by_demonym(mod.text)
                if found is not None:
                    break
    return found


def _gazetteer_country(name: str) -> Country | None:
    """The country the places gazetteer puts ``name`` in, or None (or when that stage is absent)."""
    try:
        from wirecoder.pipeline.places.gazetteer import country_of
    except ImportError:  # the places stage is optional for the actor stage
        return None
    iso3 = country_of(name)
    return countries.country_by_iso3(iso3) if iso3 else None


def _ethnic(noun: Token) -> bool:
    """ "ethnic Albanians", "ethnic Albanian guerrillas": an origin, not a nationality."""
    return any(
        c.lower_ == "ethnic" or any(g.lower_ == "ethnic" for g in c.children)
        for c in noun.children
        if c.i < noun.i
    )


def _residence(people: Token) -> Country | None:
    """The country a community lives in, from "in/of <place>" on its noun ("Albanians in
    southern Serbia", "the Kurds of Iraq"), or, for an "ethnic" group, from where the clause
    it is subject or object of happens ("ethnic Albanians demonstrated in Serbia"); or None."""
    preps = [c for c in people.children if c.dep_ == "prep" and c.lower_ in ("in", "of")]
    for participle in (c for c in people.children if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")):
        # "guerrillas operating in Macedonia", "Kurds living in Syria", "militias based in X"
        preps += [c for c in participle.children if c.dep_ == "prep" and c.lower_ == "in"]
    ethnic = _ethnic(people) or people.lemma_.lower() in COMMUNITY_NOUNS
    clause = people.head
    if people.dep_ == "pobj" and people.head.head.pos_ in ("VERB", "AUX"):
        clause = people.head.head  # "cleansing in Kosovo against the Albanian population"
    if ethnic and (people.dep_ in ("nsubj", "nsubjpass", "dobj") or clause is not people.head):
        # "killed three ethnic Albanians in a gunbattle in southeastern Serbia"
        near = [c for c in clause.children if c.dep_ == "prep"]
        nested = [p for q in near for o in q.children for p in o.children if p.dep_ == "prep"]
        preps += [p for p in near + nested if p.lower_ == "in"]
    return _country_after(preps, proper_only=True)


def _country_after(preps: list[Token], proper_only: bool = False) -> Country | None:
    """The first country named as a place by the objects of ``preps`` ("in central Iran")."""
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or not proper_only):
                found = _place_country(obj)
                if found is not None:
                    return found
    return None


def _published_day(doc: Doc) -> date | None:
    """The document's publication date (``doc._.published``, YYYY-MM-DD...), or None."""
    raw = doc._.published if Doc.has_extension("published") else None
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]
