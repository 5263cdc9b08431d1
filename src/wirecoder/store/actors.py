"""One canonical actor per real entity across documents: the store's merge rule.

The coder resolves actors inside one article ("Putin", "the Russian president" and "he" are one
actor there). Across articles the store merges them by a **canonical key**:

1. **States** → their ISO-3 code (``UKR``); **groups of a country** (its military, police,
   civilians…) → ``ISO3-SECTOR`` (``RUS-MIL``), as CAMEO actor codes do.
2. **Known people** (``data/people.v1.jsonl``: name and every alias, e.g. "Zelenskiy",
   "Zelensky", "Zelenskyy") → ``person:`` + the listed name.
3. Other **people** and **organisations** → ``person:``/``org:`` + their folded name: accents,
   case and punctuation removed, and the common transliteration endings -iy / -yy / -yi / -ii
   folded to -y, so "Zelenskiy" and "Zelenskyy" meet even without a lexicon entry. An
   organisation named after no country keeps its country in the key when it has one
   ("org:TWN:defence-ministry"), since "the Defence Ministry" of two countries is two actors.
4. **Surname rule**: a one-word person name ("Araghchi") joins the one known person of that
   surname (and a compatible country); when there are several, it stays apart.
5. **User aliases** (``wirecoder actors alias ALIAS ACTOR``) are looked up before all of that and
   win; adding one also moves what the store already holds under the alias onto the actor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, delete, select, text, update

from wirecoder.schema import Actor
from wirecoder.store import tables as t

_ENDINGS = re.compile(r"(?<=[a-z]{3})(iy|yy|yi|ii|ij)\b")
_ARTICLE = re.compile(r"^(the)\s+")


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """The comparison form of a name: "Volodymyr Zelenskyy" → "volodymyr zelensky"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("’", "'").replace("'s ", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = _ARTICLE.sub("", text)
    return _ENDINGS.sub("y", text)


def _slug(name: str) -> str:
    return fold_name(name).replace(" ", "-") or "actor"


@dataclass(frozen=True)
class Canonical:
    """Where one document actor lands in the store."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    surname_key: str | None
    reason: str


@lru_cache(maxsize=1)
def _known_people() -> dict[str, dict[str, str | None]]:
    from wirecoder.pipeline.actors.lexicon import people

    return {fold_name(form): info for form, info in people().items()}


def _country_name(iso3: str, fallback: str) -> str:
    from wirecoder.pipeline.actors.countries import country_by_iso3

    country = country_by_iso3(iso3)
    return country.name if country else fallback


def canonical_for(actor: Actor) -> Canonical:
    """The canonical key of ``actor`` by the rules above, before aliases and surnames."""
    if actor.kind == "state" and actor.country:
        return Canonical(actor.country, _country_name(actor.country, actor.name), "state",
                         actor.country, actor.sector or "GOV", None,
                         f"state {actor.country}")  # fmt: skip
    if actor.kind == "group" and actor.country and actor.sector:
        key = f"{actor.country}-{actor.sector}"
        return Canonical(key, actor.name, "group", actor.country, actor.sector, None,
                         f"group {key} (country and sector)")  # fmt: skip
    folded = fold_name(actor.name)
    if actor.kind == "person":
        known = _known_people().get(folded)
        if known and known.get("name"):
            name = str(known["name"])
            return Canonical(f"person:{_slug(name)}", name, "person",
                             actor.country or known.get("country"),
                             actor.sector or known.get("sector"),
                             fold_name(name).split()[-1],
                             f"known person {name!r}")  # fmt: skip
        surname = folded.split()[-1] if folded else None
        return Canonical(f"person:{_slug(actor.name)}", actor.name, "person", actor.country,
                         actor.sector, surname, f"person named {actor.name!r}")  # fmt: skip
    prefix = "org" if actor.kind == "organisation" else "group"
    country = actor.country
    if country and prefix == "org":
        from wirecoder.pipeline.actors.countries import country_by_demonym, country_by_name

        names_country = any(
            country_by_name(word) or country_by_demonym(word) for word in actor.name.split()
        )
        key = f"org:{_slug(actor.name)}" if names_country else f"org:{country}:{_slug(actor.name)}"
    else:
        key = f"{prefix}:{_slug(actor.name)}"
    return Canonical(key, actor.name, actor.kind, country, actor.sector, None,
                     f"{actor.kind} named {actor.name!r}")  # fmt: skip


def _country_in_key(c: Canonical) -> bool:
    return c.kind == "state" or bool(re.match(r"^([A-Z]{3}-|org:[A-Z]{3}:)", c.id))


def alias_key(kind: str, name: str) -> str:
    """Alias keys are per kind ("Georgia" the state is not "Georgia" a person)."""
    return f"{kind}:{fold_name(name)}"


def user_alias_key(name: str) -> str:
    return f"any:{fold_name(name)}"


_INSERT_ACTOR = text(
    "INSERT INTO actors (id, name, kind, country, sector, surname_key, created_at) "
    "VALUES (:id, :name, :kind, :country, :sector, :surname_key, :created_at) "
    "ON CONFLICT DO NOTHING"
)
_INSERT_ALIAS = text(
    "INSERT INTO actor_aliases (alias_key, actor_id, alias, origin, created_at) "
    "VALUES (:alias_key, :actor_id, :alias, :origin, :created_at) ON CONFLICT DO NOTHING"
)
_CHUNK = 500  # values per IN (...) list


def _rows_in(conn: Connection, column: Any, values: set[str], *columns: Any) -> list[Any]:
    found: list[Any] = []
    ordered = sorted(values)
    for i in range(0, len(ordered), _CHUNK):
        found += conn.execute(select(*columns).where(column.in_(ordered[i : i + _CHUNK]))).all()
    return found


class ActorResolver:
    """Resolve all of a document's actors to canonical rows at once, creating the new ones.

    A handful of statements per document whatever its number of actors: every alias key and
    candidate actor is read in one go, the rules above run in Python, and new actors and aliases
    are written with one ``executemany`` each (``ON CONFLICT DO NOTHING``: a concurrent ingest
    may create the same actor between our read and our write).
    """

    def __init__(self, conn: Connection, now: str) -> None:
        self.conn = conn
        self.now = now
        self.known: dict[str, Canonical] = {}
        self.aliases: dict[str, str] = {}
        self.surnames: dict[str, list[Canonical]] = {}
        self.new_actors: dict[str, Canonical] = {}
        self.new_aliases: dict[str, dict[str, str]] = {}
        self.fills: dict[str, Canonical] = {}

    def resolve_all(self, actors: list[Actor]) -> dict[str, Canonical]:
        """Local actor id → canonical actor, for every actor of one document."""
        bases = {a.id: canonical_for(a) for a in actors}
        keys: set[str] = set()
        surnames: set[str] = set()
        for a in actors:
            keys |= {user_alias_key(form) for form in [a.name, *a.aliases]}
            keys.add(alias_key(bases[a.id].kind, a.name))
            if bases[a.id].kind == "person" and bases[a.id].surname_key:
                surnames.add(bases[a.id].surname_key or "")
        a_c = t.actor_aliases.c
        for row in _rows_in(self.conn, a_c.alias_key, keys, a_c.alias_key, a_c.actor_id):
            self.aliases[row.alias_key] = row.actor_id
        ids = set(self.aliases.values()) | {b.id for b in bases.values()}
        rows = _rows_in(self.conn, t.actors.c.id, ids, t.actors)
        rows += _rows_in(self.conn, t.actors.c.surname_key, surnames, t.actors)
        for row in rows:
            self._know(Canonical(row.id, row.name, row.kind, row.country, row.sector,
                                 row.surname_key, ""))  # fmt: skip
        resolved = {}
        for a in actors:
            resolved[a.id] = self._resolve(a, bases[a.id])
            self._remember_names(a, resolved[a.id])
        self._flush()
        return resolved

    def _know(self, c: Canonical) -> None:
        if c.id in self.known:
            return
        self.known[c.id] = c
        if c.kind == "person" and c.surname_key:
            self.surnames.setdefault(c.surname_key, []).append(c)

    def _remember_names(self, actor: Actor, resolved: Canonical) -> None:
        """Keep the names the article used ("Araghchi" for "Abbas Araqchi") as aliases, so
        queries by any of them find the actor. Pronouns and lower-case phrases are not names."""
        for form in {actor.name, *actor.aliases}:
            words = form.split()
            if not words or not form[:1].isupper() or len(form) > 120:
                continue
            if len(words) == 1 and (len(form) < 3 or resolved.kind == "person"):
                continue  # a bare surname is matched by the surname rule, which knows ambiguity
            self._alias(alias_key(resolved.kind, form), resolved.id, form)

    def _alias(self, key: str, actor_id: str, form: str) -> None:
        if key in self.aliases or key in self.new_aliases:
            return
        self.aliases[key] = actor_id
        self.new_aliases[key] = {"alias_key": key, "actor_id": actor_id, "alias": form,
                                 "origin": "coder", "created_at": self.now}  # fmt: skip

    def _resolve(self, actor: Actor, base: Canonical) -> Canonical:
        for form in [actor.name, *actor.aliases]:
            target = self.aliases.get(user_alias_key(form))
            if target is not None:
                return self._existing(target, base, f"user alias {form!r}")
        if _country_in_key(base):
            # "RUS-MIL", "UKR", "org:TWN:defence-ministry": the key already says whose it is;
            # a name alone ("the military") must not pull it to another country's actor.
            return self._ensure(base)
        if base.kind == "person" and " " not in fold_name(actor.name) and base.surname_key:
            matches = [c for c in self.surnames.get(base.surname_key, [])
                       if c.id != base.id and " " in fold_name(c.name)
                       and not (c.country and base.country and c.country != base.country)]  # fmt: skip
            if len(matches) == 1:
                m = matches[0]
                return Canonical(m.id, m.name, m.kind, m.country, m.sector, m.surname_key,
                                 f"surname {base.name!r} of the one stored person {m.name!r}")  # fmt: skip
            if len(matches) > 1:  # ambiguous surname: it stays its own actor
                return self._ensure(base)
        target = self.aliases.get(alias_key(base.kind, actor.name))
        known = self.known.get(target or "")
        if known is not None and not (known.country and base.country
                                      and known.country != base.country):  # fmt: skip
            return self._existing(known.id, base, f"alias {actor.name!r}")
        return self._ensure(base)

    def _existing(self, actor_id: str, base: Canonical, why: str) -> Canonical:
        row = self.known.get(actor_id)
        if row is None:
            return self._ensure(base)
        return Canonical(row.id, row.name, row.kind, row.country, row.sector, row.surname_key,
                         why)  # fmt: skip

    def _ensure(self, c: Canonical) -> Canonical:
        row = self.known.get(c.id)
        if row is None:
            self.new_actors[c.id] = c
            self._know(c)
            self._alias(alias_key(c.kind, c.name), c.id, c.name)
        elif (row.country is None and c.country) or (row.sector is None and c.sector):
            # A later article may know more (the country of a person first seen without it).
            filled = Canonical(row.id, row.name, row.kind, row.country or c.country,
                               row.sector or c.sector, row.surname_key, row.reason)  # fmt: skip
            self.known[c.id] = filled
            if c.id in self.new_actors:
                self.new_actors[c.id] = filled
            else:
                self.fills[c.id] = filled
        return c

    def _flush(self) -> None:
        if self.new_actors:
            self.conn.execute(_INSERT_ACTOR, [
                {"id": c.id, "name": c.name, "kind": c.kind, "country": c.country,
                 "sector": c.sector, "surname_key": c.surname_key, "created_at": self.now}
                for c in self.new_actors.values()
            ])  # fmt: skip
        if self.new_aliases:
            self.conn.execute(_INSERT_ALIAS, list(self.new_aliases.values()))
        for c in self.fills.values():
            self.conn.execute(update(t.actors).where(t.actors.c.id == c.id)
                              .values(country=c.country, sector=c.sector))  # fmt: skip


def add_user_alias(conn: Connection, alias: str, actor_ref: str, now: str) -> tuple[str, int]:
    """Make ``alias`` name the stored actor ``actor_ref`` (an actor id or an exact name).

    Returns the actor id and how many stored actors were merged into it. Everything stored under
    an actor whose own name is ``alias`` (events, mentions, quotes) moves to the target actor.
    """
    target = conn.execute(select(t.actors).where(t.actors.c.id == actor_ref)).first()
    if target is None:
        matches = conn.execute(
            select(t.actors).where(t.actors.c.name == actor_ref)
        ).all()  # fmt: skip
        if len(matches) != 1:
            from wirecoder.errors import ConfigError

            what = "no stored actor" if not matches else f"{len(matches)} stored actors"
            raise ConfigError(f"{what} named {actor_ref!r}: give the actor id "
                              "(`wirecoder actors list`)")  # fmt: skip
        target = matches[0]
    key = user_alias_key(alias)
    conn.execute(delete(t.actor_aliases).where(t.actor_aliases.c.alias_key == key))
    conn.execute(t.actor_aliases.insert().values(
        alias_key=key, actor_id=target.id, alias=alias, origin="user", created_at=now,
    ))  # fmt: skip
    folded = fold_name(alias)
    others = [
        row.id
        for row in conn.execute(select(t.actors.c.id, t.actors.c.name)).all()
        if row.id != target.id and fold_name(row.name) == folded
    ]
    for old in others:
        merge_actor(conn, old, target.id)
    return target.id, len(others)


def merge_actor(conn: Connection, old: str, new: str) -> None:
    """Move everything stored under actor ``old`` to actor ``new`` and drop ``old``."""
    for table, column in (
        (t.document_actors, t.document_actors.c.actor_id),
        (t.quotes, t.quotes.c.speaker_actor_id),
        (t.event_mentions, t.event_mentions.c.attributed_to),
        (t.events, t.events.c.source_actor_id),
        (t.events, t.events.c.target_actor_id),
        (t.actor_aliases, t.actor_aliases.c.actor_id),
    ):
        conn.execute(update(table).where(column == old).values({column.name: new}))
    existing = {
        (r.event_id, r.role)
        for r in conn.execute(
            select(t.event_actors.c.event_id, t.event_actors.c.role).where(
                t.event_actors.c.actor_id == new
            )
        )
    }
    for row in conn.execute(select(t.event_actors).where(t.event_actors.c.actor_id == old)).all():
        if (row.event_id, row.role) not in existing:
            conn.execute(t.event_actors.insert().values(
                event_id=row.event_id, actor_id=new, role=row.role))  # fmt: skip
    conn.execute(delete(t.event_actors).where(t.event_actors.c.actor_id == old))
    _refresh_events_of(conn, old, new)
    conn.execute(delete(t.actors).where(t.actors.c.id == old))


def _refresh_events_of(conn: Connection, old: str, actor_id: str) -> None:
    """After a merge: the events' actor keys (used to match later reports), their countries and
    sectors, and the mentions' actor lists follow the surviving actor."""
    import json

    actor = conn.execute(select(t.actors).where(t.actors.c.id == actor_id)).first()
    event_ids = list(conn.execute(
        select(t.event_actors.c.event_id).where(t.event_actors.c.actor_id == actor_id)
    ).scalars())  # fmt: skip
    for event_id in set(event_ids):
        roles: dict[str, list[str]] = {"source": [], "target": []}
        links = select(t.event_actors).where(t.event_actors.c.event_id == event_id)
        for row in conn.execute(links):
            roles[row.role].append(row.actor_id)
        values = {"source_key": "|".join(sorted(set(roles["source"]))),
                  "target_key": "|".join(sorted(set(roles["target"])))}  # fmt: skip
        event = conn.execute(select(t.events).where(t.events.c.id == event_id)).one()
        if actor is not None:
            for side in ("source", "target"):
                if getattr(event, f"{side}_actor_id") == actor_id:
                    values[f"{side}_country"] = actor.country
                    values[f"{side}_sector"] = actor.sector
        conn.execute(update(t.events).where(t.events.c.id == event_id).values(values))
        mentions = conn.execute(
            select(t.event_mentions.c.id, t.event_mentions.c.sources, t.event_mentions.c.targets)
            .where(t.event_mentions.c.event_id == event_id)
        ).all()  # fmt: skip
        for mention in mentions:
            lists = {}
            for column in ("sources", "targets"):
                ids = json.loads(getattr(mention, column) or "[]")
                lists[column] = json.dumps(sorted({actor_id if i == old else i for i in ids}),
                                           ensure_ascii=False)  # fmt: skip
            conn.execute(update(t.event_mentions)
                         .where(t.event_mentions.c.id == mention.id).values(lists))  # fmt: skip
