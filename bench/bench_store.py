"""Event-store benchmark: how fast coded documents are stored, and how fast events are queried.

Run from the repository root::

    .venv/bin/python bench/bench_store.py                     # 1,000 articles, 1M events
    .venv/bin/python bench/bench_store.py --articles 200 --events 100000 --skip-pg

What it does (see ``bench/README.md`` for how to read the numbers):

1. **Ingest rate.** Builds N unique mixed articles from the project's own texts (the corpus of
   ``bench_code.py``, re-drawn until every text is unique, with spread publication dates and
   outlet URLs), codes them once with ``Coder().code_many`` (timed: the coding cost), then stores
   the same ``CodedDocument`` objects with ``store.write`` into a fresh SQLite file and into a
   fresh PostgreSQL database of a throw-away server (``tests/pgserver.py``), timing every write.
   Reports articles/s for coding and for storing, storing time as % of coding time (goal
   <= 10 %), and the database size per 1,000 articles. ``ingest_documents`` (coding and storing
   interleaved, as ``wirecoder ingest`` does) runs on a subset as a cross-check.
2. **Query latency.** Generates a synthetic store of ``--events`` events (default 1,000,000)
   straight into a fresh SQLite file (bulk ``executemany`` in one transaction: documents,
   sentences, actors, actor aliases, events, event actors and event mentions with realistic
   distributions), then times the common ``query_events`` / ``count_events`` filters, warm,
   median and p95 over ``--reps`` repetitions, first as written and again after ``ANALYZE``.
   With PostgreSQL the same queries run on a smaller synthetic store (``--pg-events``).
   Every query's ``EXPLAIN QUERY PLAN`` is kept in the JSON; those over the goal are printed.

Prints tables and writes ``build/bench_store.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import time
from bisect import bisect
from collections import Counter, deque
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_code import _source_articles  # noqa: E402  (the corpus's source texts)

QUERY_GOAL_MS = 100.0
STORE_GOAL_PCT = 10.0
OUTLETS = (
    "www.reuters.example", "apnews.example", "www.aljazeera.example", "www.bbc.example",
    "www.france24.example", "www.dw.example", "www.kyivindependent.example", "www.tass.example",
    "www.timesofisrael.example", "www.scmp.example", "www.thehindu.example",
    "www.premiumtimesng.example", "www.dawn.example", "www.elpais.example",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Corpus (unique texts)
# --------------------------------------------------------------------------------------------
def build_unique_corpus(n: int, seed: int, prefix: str = "store") -> list[dict[str, Any]]:
    """``n`` articles built like ``bench_code.build_corpus``, every text different.

    Each article is a headline plus 2-11 body paragraphs: a contiguous run from one source
    article mixed with paragraphs from the others. A draw whose text was drawn before is
    drawn again (the store keeps one document per text). Publication dates are spread from
    about a year before to two months after the source's date; each article gets an outlet URL.
    """
    sources = _source_articles()
    pool = [(si, pi) for si, s in enumerate(sources) for pi in range(len(s["paragraphs"]))]
    rng = random.Random(seed)
    seen: set[str] = set()
    corpus: list[dict[str, Any]] = []
    redraws = 0
    while len(corpus) < n:
        i = len(corpus)
        n_body = rng.randint(3, 12) - 1
        si = rng.randrange(len(sources))
        src = sources[si]
        run = min(len(src["paragraphs"]), rng.randint(1, max(1, (n_body + 1) // 2)))
        start = rng.randrange(len(src["paragraphs"]) - run + 1)
        chosen = [(si, pi) for pi in range(start, start + run)]
        taken = set(chosen)
        while len(chosen) < n_body and len(taken) < len(pool):
            pick = pool[rng.randrange(len(pool))]
            if pick not in taken:
                taken.add(pick)
                chosen.insert(rng.randrange(len(chosen) + 1), pick)
        paras = [src["headline"]] + [sources[a]["paragraphs"][b] for a, b in chosen]
        text = "\n\n".join(paras) + "\n"
        key = hashlib.sha256(text.encode()).hexdigest()
        if key in seen:
            redraws += 1
            if redraws > 50 * n:
                raise SystemExit("cannot draw enough unique articles from the source texts")
            continue
        seen.add(key)
        base = date.fromisoformat(src["published"]) if src["published"] else date(2025, 6, 1)
        published = min(base + timedelta(days=rng.randint(-365, 60)), date(2025, 12, 31))
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        corpus.append(
            {
                "doc_id": f"{prefix}-{i:05d}",
                "published": published.isoformat(),
                "url": f"https://{outlet}/world/{published:%Y/%m/%d}/{prefix}-{i:05d}",
                "text": text,
                "words": len(text.split()),
            }
        )
    return corpus


def _raws(corpus: list[dict[str, Any]]) -> list[Any]:
    from wirecoder.ingest import from_text

    return [
        from_text(d["text"], doc_id=d["doc_id"], published=d["published"], url=d["url"])
        for d in corpus
    ]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _sqlite_size(path: Path) -> int:
    """File size after moving the WAL into the main file (plus what is left of -wal)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _remove_sqlite(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def _pg_url(base_url: str, dbname: str) -> str:
    return base_url.rsplit("/", 1)[0] + "/" + dbname


def _pg_create_db(base_url: str, dbname: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}"'))
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    engine.dispose()
    return _pg_url(base_url, dbname)


def _pg_size(store: Any) -> int:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _mb(n_bytes: float) -> float:
    return n_bytes / 1_048_576


def _pg_available() -> tuple[bool, str]:
    try:
        from pgserver import find_pg_bin
    except ImportError as exc:  # pragma: no cover - tests/ missing
        return False, f"tests/pgserver.py not importable ({exc})"
    if find_pg_bin() is None:
        return False, "no PostgreSQL server programs (initdb, pg_ctl) found"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False, "psycopg is not installed"
    return True, ""


# --------------------------------------------------------------------------------------------
# 1. Ingest rate
# --------------------------------------------------------------------------------------------
def _store_all(store: Any, coded: list[Any], model: str | None) -> dict[str, Any]:
    """``store.write`` every document, timing each call."""
    times: list[float] = []
    new_events = merged = stored = 0
    for doc in coded:
        t0 = time.perf_counter()
        result = store.write(doc, model=model)
        times.append(time.perf_counter() - t0)
        stored += result.stored
        new_events += result.new_events
        merged += result.merged_mentions
    tenth = max(1, len(times) // 10)
    return {
        "seconds": sum(times),
        "documents": len(coded),
        "stored": stored,
        "new_events": new_events,
        "merged_mentions": merged,
        "ms_per_doc_mean": 1000 * statistics.fmean(times),
        "ms_per_doc_median": 1000 * statistics.median(times),
        "ms_per_doc_p95": 1000 * _pct(times, 95),
        "ms_per_doc_max": 1000 * max(times),
        "ms_per_doc_first_10pct": 1000 * statistics.fmean(times[:tenth]),
        "ms_per_doc_last_10pct": 1000 * statistics.fmean(times[-tenth:]),
    }


def _row_counts(store: Any) -> dict[str, int]:
    from sqlalchemy import func, select

    from wirecoder.store import tables as t

    with store.reader() as conn:
        return {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in t.metadata.sorted_tables
        }


PROFILE_PARTS = (  # (label, file suffix, function name): cumulative time inside store.write
    ("actor resolution (ActorResolver.resolve)", "store/actors.py", "resolve"),
    ("  of which alias bookkeeping (_remember_names)", "store/actors.py", "_remember_names"),
    ("event match + insert (DocumentWriter._event)", "store/writer.py", "_event"),
    ("mention counts (DocumentWriter._recount)", "store/writer.py", "_recount"),
    ("child rows (bulk_insert)", "store/writer.py", "bulk_insert"),
    ("insert-or-ignore (_insert_ignore)", "store/writer.py", "_insert_ignore"),
    ("SQLAlchemy: building cache keys", "sqlalchemy/sql/cache_key.py", "_generate_cache_key"),
    ("SQLAlchemy: compiling SQL (cache misses)", "sqlalchemy/sql/elements.py", "_compiler"),
    ("driver: sqlite3 execute/executemany", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("", "~", "<method 'executemany' of 'sqlite3.Cursor' objects>"),
    ("driver: psycopg execute/executemany/copy", "psycopg/cursor.py", "execute"),
    ("", "psycopg/cursor.py", "executemany"),
    ("", "psycopg/copy.py", "write_row"),
    ("transaction begin/commit", "sqlalchemy/engine/base.py", "_commit_impl"),
    ("", "sqlalchemy/engine/base.py", "_begin_impl"),
)


def profile_writes(store: Any, coded: list[Any], model: str | None) -> dict[str, Any]:
    """Where ``store.write`` spends its time: a cProfile'd pass (slower than the timed one)."""
    import cProfile
    import pstats

    from sqlalchemy import event

    statements: Counter[str] = Counter()

    def count(*args: Any) -> None:  # conn, cursor, statement, parameters, context, many
        executemany = args[-1]
        statements["executemany" if executemany else "execute"] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    prof = cProfile.Profile()
    prof.enable()
    for doc in coded:
        store.write(doc, model=model)
    prof.disable()
    event.remove(store.engine, "before_cursor_execute", count)
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]

    def cum(suffix: str, func: str) -> float:
        return sum(v[3] for (fn, _line, name), v in stats.items()
                   if name == func and fn.endswith(suffix))  # fmt: skip

    total = cum("wirecoder/store/__init__.py", "write")
    parts: list[dict[str, Any]] = []
    for label, suffix, func in PROFILE_PARTS:
        seconds = cum(suffix, func)
        if label:
            parts.append({"part": label, "seconds": seconds})
        else:
            parts[-1]["seconds"] += seconds
    for part in parts:
        part["pct"] = 100 * part["seconds"] / total if total else 0.0
    compiles = sum(
        v[1] for (fn, _l, name), v in stats.items()
        if name == "_compiler" and fn.endswith("sqlalchemy/sql/elements.py")
    )  # fmt: skip
    return {
        "documents": len(coded),
        "profiled_seconds": total,
        "ms_per_doc_profiled": 1000 * total / len(coded),
        "statements_per_doc": sum(statements.values()) / len(coded),
        "executemany_per_doc": statements["executemany"] / len(coded),
        "sql_compiles_per_doc": compiles / len(coded),
        "parts": [p for p in parts if p["seconds"] > 0],
    }


def measure_ingest(args: argparse.Namespace, workdir: Path, pg: Any) -> dict[str, Any]:
    from wirecoder import Coder
    from wirecoder.schema import ErrorRecord
    from wirecoder.store import Store
    from wirecoder.store.ingest import ingest_documents

    corpus = build_unique_corpus(args.articles, args.seed)
    warmup = build_unique_corpus(8, args.seed + 1, prefix="warmup")
    n_words = sum(d["words"] for d in corpus)
    print(f"[ingest] corpus: {len(corpus)} unique articles, {n_words:,} words", flush=True)

    t0 = time.perf_counter()
    coder = Coder()
    load_s = time.perf_counter() - t0
    model = getattr(getattr(coder, "nlp", None), "meta", {}).get("name")
    for _ in coder.code_many(_raws(warmup), batch_size=args.batch_size):
        pass

    t0 = time.perf_counter()
    raws = _raws(corpus)
    from_text_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    outputs = list(coder.code_many(raws, batch_size=args.batch_size))
    code_s = time.perf_counter() - t0
    code_cpu = time.process_time() - c0
    coded = [o for o in outputs if not isinstance(o, ErrorRecord)]
    errors = [o for o in outputs if isinstance(o, ErrorRecord)]
    n_events = sum(len(c.events) for c in coded)
    if not coded:
        raise SystemExit(f"bench_store: every document failed to code, e.g. {errors[0].error}")
    if errors:
        print(f"[ingest] warning: {len(errors)} documents failed to code, e.g. {errors[0].error}",
              flush=True)  # fmt: skip
    print(
        f"[ingest] coded {len(coded)} documents ({len(errors)} errors, {n_events:,} events) "
        f"in {code_s:.1f} s = {len(coded) / code_s:.1f} articles/s",
        flush=True,
    )
    result: dict[str, Any] = {
        "articles": len(corpus),
        "words": n_words,
        "corpus_sha1": hashlib.sha1("\0".join(d["text"] for d in corpus).encode()).hexdigest(),
        "published_range": [min(d["published"] for d in corpus),
                            max(d["published"] for d in corpus)],  # fmt: skip
        "coding": {
            "load_seconds": load_s,
            "from_text_seconds": from_text_s,
            "seconds": code_s,
            "cpu_seconds": code_cpu,
            "documents": len(coded),
            "errors": len(errors),
            "error_samples": [e.error for e in errors[:5]],
            "events": n_events,
            "articles_per_s": len(coded) / code_s,
        },
        "backends": {},
        "cross_check": {},
        "profile": {},
    }

    def finish(name: str, stats: dict[str, Any], size: int, empty: int) -> None:
        stats["size_bytes"] = size
        stats["empty_size_bytes"] = empty
        stats["mb_per_1000_articles"] = _mb(size - empty) / len(coded) * 1000
        stats["articles_per_s"] = len(coded) / stats["seconds"]
        stats["pct_of_coding"] = 100 * stats["seconds"] / code_s
        result["backends"][name] = stats
        print(
            f"[ingest] {name}: stored {stats['stored']} documents in {stats['seconds']:.2f} s "
            f"= {stats['articles_per_s']:.0f} articles/s ({stats['pct_of_coding']:.1f} % of coding)"
            f"; {stats['rows'].get('events', 0):,} events; {_mb(size):.1f} MB",
            flush=True,
        )

    # (a) SQLite
    db = workdir / "ingest.db"
    _remove_sqlite(db)
    t0 = time.perf_counter()
    store = Store(db)
    migrate_s = time.perf_counter() - t0
    store.close()
    empty = _sqlite_size(db)
    store = Store(db)
    stats = _store_all(store, coded, model)
    stats["open_and_migrate_seconds"] = migrate_s
    stats["rows"] = _row_counts(store)
    store.close()
    finish("sqlite", stats, _sqlite_size(db), empty)
    if args.profile_docs:
        _remove_sqlite(db)
        store = Store(db)
        result["profile"]["sqlite"] = profile_writes(store, coded[: args.profile_docs], model)
        store.close()

    # (b) PostgreSQL
    if pg is not None:
        url = _pg_create_db(pg.url, "bench_ingest")
        t0 = time.perf_counter()
        store = Store(url)
        migrate_s = time.perf_counter() - t0
        empty = _pg_size(store)
        stats = _store_all(store, coded, model)
        stats["open_and_migrate_seconds"] = migrate_s
        stats["rows"] = _row_counts(store)
        finish("postgresql", stats, _pg_size(store), empty)
        store.close()
        if args.profile_docs:
            store = Store(_pg_create_db(pg.url, "bench_profile"))
            result["profile"]["postgresql"] = profile_writes(
                store, coded[: args.profile_docs], model
            )
            store.close()

    # Cross-check: the real ingest loop (code a batch, store it, ...) on a subset.
    subset = raws[: min(args.ingest_subset, len(raws))]
    targets: list[tuple[str, Any]] = []
    db2 = workdir / "ingest_documents.db"
    _remove_sqlite(db2)
    targets.append(("sqlite", lambda: Store(db2)))
    if pg is not None:
        targets.append(
            ("postgresql", lambda: Store(_pg_create_db(pg.url, "bench_ingest_documents")))
        )
    for name, open_store in targets:
        store = open_store()
        t0 = time.perf_counter()
        report = ingest_documents(subset, store, coder)  # default batch_size (8)
        wall = time.perf_counter() - t0
        store.close()
        result["cross_check"][name] = {
            "articles": len(subset),
            "stored": report.stored,
            "failed": report.failed,
            "events_new": report.events_new,
            "mentions_merged": report.mentions_merged,
            "code_seconds": report.code_seconds,
            "store_seconds": report.store_seconds,
            "wall_seconds": wall,
            "pct_of_coding": 100 * report.store_seconds / report.code_seconds,
            "articles_per_s": len(subset) / wall,
            "store_articles_per_s": report.stored / report.store_seconds
            if report.store_seconds else None,
        }
        print(
            f"[ingest] ingest_documents -> {name}: {len(subset)} articles, code "
            f"{report.code_seconds:.1f} s, store {report.store_seconds:.2f} s "
            f"({result['cross_check'][name]['pct_of_coding']:.1f} %)",
            flush=True,
        )
    _remove_sqlite(db)
    _remove_sqlite(db2)
    return result


# --------------------------------------------------------------------------------------------
# 2. Synthetic store for query latency
# --------------------------------------------------------------------------------------------
TYPE_WEIGHTS = {
    "CONSULT": 14, "ASSAULT": 13, "ACCUSE": 9, "SUPPORT": 7, "COERCE": 7, "COOPERATE": 6,
    "AGREE": 6, "REQUEST": 6, "PROTEST": 6, "REJECT": 5, "THREATEN": 5, "MOBILIZE": 4,
    "AID": 4, "SANCTION": 3, "CONCEDE": 2, "RETREAT": 2,
}  # fmt: skip
VERBS = {  # (past, base) - the trigger is the first word of the past form
    "CONSULT": [("met", "meet"), ("held talks with", "hold talks with"), ("called", "call")],
    "ASSAULT": [("attacked", "attack"), ("shelled", "shell"), ("struck", "strike")],
    "ACCUSE": [("accused", "accuse"), ("blamed", "blame"), ("criticised", "criticise")],
    "SUPPORT": [("backed", "back"), ("praised", "praise"), ("endorsed", "endorse")],
    "COERCE": [("detained", "detain"), ("arrested", "arrest"), ("expelled", "expel")],
    "COOPERATE": [("signed a deal with", "sign a deal with"), ("trained", "train")],
    "AGREE": [("agreed with", "agree with"), ("promised", "promise")],
    "REQUEST": [("urged", "urge"), ("asked", "ask"), ("called on", "call on")],
    "PROTEST": [("protested against", "protest against"), ("rallied against", "rally against")],
    "REJECT": [("rejected", "reject"), ("refused", "refuse"), ("dismissed", "dismiss")],
    "THREATEN": [("threatened", "threaten"), ("warned", "warn")],
    "MOBILIZE": [("deployed troops near", "deploy troops near"), ("mobilised against",
                                                                    "mobilise against")],
    "AID": [("sent aid to", "send aid to"), ("delivered supplies to", "deliver supplies to")],
    "SANCTION": [("sanctioned", "sanction"), ("imposed sanctions on", "impose sanctions on")],
    "CONCEDE": [("released", "release"), ("eased restrictions on", "ease restrictions on")],
    "RETREAT": [("withdrew from", "withdraw from"), ("pulled back from", "pull back from")],
}  # fmt: skip
MODALITY_WEIGHTS = {"asserted": 62, "reported": 20, "planned": 8, "demanded": 4,
                    "hypothetical": 3, "conditional": 3}  # fmt: skip
TOPICS = [  # (phrase or "", weight): "ceasefire" ~3 % of event sentences, "desalination" ~0.01 %
    ("", 600), ("over the ceasefire talks", 18), ("after the ceasefire collapsed", 12),
    ("over grain exports", 10), ("over the nuclear programme", 10), ("over border security", 15),
    ("after the election", 15), ("over the prisoner exchange", 8), ("amid fuel shortages", 8),
    ("over the disputed shoal", 6), ("over the water-sharing treaty", 5),
    ("over the hostage deal", 8), ("amid the humanitarian crisis", 12),
    ("near the damaged desalination plant", 0.07),
]  # fmt: skip
ATTRIBUTION = {"reported": ", officials said", "planned": " next week", "demanded": "",
               "hypothetical": " if talks fail", "conditional": " unless the deadline is met"}
FILLERS = [
    "The ministry did not respond to a request for comment.",
    "It was not immediately possible to verify the claims independently.",
    "The dispute has simmered for years.",
    "Reporting was contributed by staff in the region.",
]
HEAD_ACTORS = [  # the top of the actor frequency ranking; the rest follows shuffled
    "USA", "RUS", "UKR", "ISR", "person:donald-trump", "PSE", "person:vladimir-putin", "CHN",
    "RUS-MIL", "UKR-MIL", "IRN", "person:volodymyr-zelensky", "ISR-MIL",
    "person:benjamin-netanyahu", "GBR", "FRA", "DEU", "IND", "TUR", "SDN",
]  # fmt: skip
HEAD_COUNTRIES = [
    "USA", "RUS", "UKR", "ISR", "PSE", "CHN", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "TUR",
    "SYR", "SDN", "LBN", "YEM", "COD", "NGA", "VEN", "PRK", "KOR", "JPN", "TWN", "PHL", "SAU",
    "EGY", "ETH", "AFG", "IRQ", "MMR", "BRA", "MEX", "COL", "HTI", "SRB", "GEO", "ARM", "AZE",
]  # fmt: skip
CITIES = {
    "UKR": ["Kyiv", "Kharkiv", "Odesa", "Zaporizhzhia", "Pokrovsk", "Dnipro"],
    "RUS": ["Moscow", "Kursk", "Belgorod", "St Petersburg"],
    "PSE": ["Gaza City", "Khan Younis", "Rafah", "Jenin", "Ramallah"],
    "ISR": ["Jerusalem", "Tel Aviv", "Haifa"],
    "USA": ["Washington", "New York"],
    "SDN": ["Khartoum", "El Fasher", "Port Sudan"],
    "CHN": ["Beijing", "Shanghai"],
    "SYR": ["Damascus", "Aleppo", "Idlib"],
    "LBN": ["Beirut", "Tyre"],
    "COD": ["Kinshasa", "Goma", "Bukavu"],
}  # fmt: skip
GROUP_SECTORS = {"MIL": "military", "COP": "police", "CVL": "civilians", "REB": "rebels",
                 "OPP": "opposition", "JUD": "courts", "MED": "media", "BUS": "businesses"}
ORG_NOUNS = ["Defence Ministry", "Foreign Ministry", "Interior Ministry", "Election Commission",
             "Central Bank", "Supreme Court", "Red Crescent", "Border Guard Service",
             "State Oil Company", "National Security Council", "Health Ministry",
             "Prosecutor General's Office"]  # fmt: skip
FIRST = ["Amina", "Oleksandr", "Maria", "Ahmed", "Li", "John", "Fatima", "Sergei", "Ana",
         "David", "Nadia", "Carlos", "Yusuf", "Elena", "Kwame", "Priya", "Hassan", "Olga",
         "Tomas", "Aisha", "Mikhail", "Sara", "Ibrahim", "Jean", "Ngozi", "Pedro", "Irina",
         "Omar", "Mei", "Daniel"]  # fmt: skip
LAST = ["Kovalenko", "Haddad", "Okafor", "Petrov", "Wang", "Smith", "Mensah", "Rossi",
        "Hernandez", "Nguyen", "Sharma", "Ivanova", "Rahman", "Dubois", "Kariuki", "Silva",
        "Novak", "Ali", "Tanaka", "Bakr", "Morozov", "Cohen", "Abdi", "Kim", "Garcia", "Yilmaz",
        "Shevchenko", "Diallo", "Khan", "Lopez", "Popescu", "Mwangi", "Sato", "Farouk", "Jensen",
        "Osei", "Volkov", "Mendes", "Chen", "Bello"]  # fmt: skip


class _Sink:
    """Collects rows per table and writes them in big batches (executemany / COPY)."""

    BATCH = 50_000

    def __init__(self, kind: str, conn: Any) -> None:
        from wirecoder.store import tables as t

        self.kind = kind
        self.conn = conn
        self.columns = {tab.name: [c.name for c in tab.columns] for tab in t.metadata.sorted_tables}
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.columns}
        self.counts: Counter[str] = Counter()

    def add(self, table: str, row: dict[str, Any]) -> None:
        bucket = self.rows[table]
        bucket.append(tuple(map(row.get, self.columns[table])))
        if len(bucket) >= self.BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.rows):
            rows = self.rows[name]
            if not rows:
                continue
            cols = self.columns[name]
            quoted = ", ".join(f'"{c}"' for c in cols)
            if self.kind == "sqlite":
                marks = ", ".join("?" * len(cols))
                self.conn.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)
            else:
                with self.conn.cursor() as cur, cur.copy(
                    f'COPY "{name}" ({quoted}) FROM STDIN'
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            self.counts[name] += len(rows)
            rows.clear()


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (rank + 1) ** s for rank in range(n)))


def generate_synthetic(sink: _Sink, n_events: int, seed: int) -> dict[str, Any]:
    """Fill a migrated, empty store with ``n_events`` events and everything they hang on.

    Documents come in date order from 2023-01-01 to 2025-12-31 (~7 new events each); 15 % of
    event mentions repeat a recent event from another article (as wire copy does), which raises
    its ``num_mentions``/``num_articles``/``num_sources`` and widens its dates. About 5,000
    actors (states, country groups, known and invented people, organisations) are drawn with a
    Zipf-like frequency; countries follow from the actors. 10 % of events are negated;
    modalities, places and PLOVER types follow fixed weights.
    """
    from wirecoder.pipeline.actors.countries import _index
    from wirecoder.pipeline.actors.lexicon import people
    from wirecoder.plover import category_table
    from wirecoder.store.actors import alias_key, fold_name
    from wirecoder.store.dedup import is_realis

    rng = random.Random(seed)
    now = "2026-01-01T00:00:00+00:00"
    cats = category_table()
    countries_all = _index().by_iso3
    rest = sorted(c for c in countries_all if c not in HEAD_COUNTRIES)
    rng.shuffle(rest)
    country_codes = [c for c in HEAD_COUNTRIES if c in countries_all] + rest
    country_codes = country_codes[:200]
    country_cum = _zipf_cum(len(country_codes), 1.0)

    def pick_country() -> str:
        return country_codes[bisect(country_cum, rng.random() * country_cum[-1])]

    # -- actors ------------------------------------------------------------------------------
    actors: dict[str, dict[str, Any]] = {}

    def add_actor(aid: str, name: str, kind: str, country: str | None, sector: str | None,
                  surname: str | None = None) -> None:  # fmt: skip
        if aid not in actors:
            actors[aid] = {"id": aid, "name": name, "kind": kind, "country": country,
                           "sector": sector, "surname_key": surname, "created_at": now}  # fmt: skip

    for code in country_codes:
        add_actor(code, countries_all[code].name, "state", code, "GOV")
    for code in country_codes[:120]:
        demonym = countries_all[code].demonym or countries_all[code].name
        for sector in rng.sample(list(GROUP_SECTORS), rng.randint(4, 8)):
            add_actor(f"{code}-{sector}", f"{demonym} {GROUP_SECTORS[sector]}", "group", code,
                      sector)  # fmt: skip
    n_groups = len(actors) - len(country_codes)
    known = {v["name"]: v for v in people().values() if v.get("name")}
    for name, info in sorted(known.items()):
        add_actor(f"person:{fold_name(name).replace(' ', '-')}", name, "person",
                  info.get("country"), info.get("sector"), fold_name(name).split()[-1])  # fmt: skip
    while len(actors) < len(country_codes) + n_groups + 2900:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.7:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
        add_actor(f"person:{fold_name(name).replace(' ', '-')}", name, "person", pick_country(),
                  rng.choice(["GOV", "MIL", "OPP", "CVL", None]), fold_name(name).split()[-1])
    while len(actors) < 5000:
        code = pick_country()
        noun = rng.choice(ORG_NOUNS)
        add_actor(f"org:{code}:{fold_name(noun).replace(' ', '-')}",
                  f"{countries_all[code].name} {noun}", "organisation", code, "GOV")  # fmt: skip
    head = [a for a in HEAD_ACTORS if a in actors]
    order = [a for a in actors if a not in set(head)]
    rng.shuffle(order)
    ranked = head + order
    actor_cum = _zipf_cum(len(ranked), 1.0)
    aliases_seen: set[str] = set()
    for aid in ranked:
        a = actors[aid]
        sink.add("actors", a)
        names = [a["name"], "Putin"] if aid == "person:vladimir-putin" else [a["name"]]
        for name in names:
            key = alias_key(a["kind"], name)
            if key not in aliases_seen:  # the store keeps the first actor of an alias
                aliases_seen.add(key)
                sink.add("actor_aliases", {"alias_key": key, "actor_id": aid, "alias": name,
                                           "origin": "coder", "created_at": now})  # fmt: skip

    def pick_actor() -> str:
        return ranked[bisect(actor_cum, rng.random() * actor_cum[-1])]

    types = list(TYPE_WEIGHTS)
    type_cum = list(accumulate(TYPE_WEIGHTS.values()))
    mods = list(MODALITY_WEIGHTS)
    mod_cum = list(accumulate(MODALITY_WEIGHTS.values()))
    topic_cum = list(accumulate(w for _, w in TOPICS))
    modes = {k: v.get("modes") or [] for k, v in cats.items()}
    places: dict[str, list[tuple[str, float, float, int, str]]] = {}

    def pick_place(country: str) -> tuple[str, float, float, int, str]:
        if country not in places:
            names = CITIES.get(country) or [countries_all[country].capital or
                                            countries_all[country].name]  # fmt: skip
            if country not in CITIES and rng.random() < 0.5:
                names = names + [countries_all[country].name]  # the whole country as place
            places[country] = [(n, rng.uniform(-60, 60), rng.uniform(-180, 180),
                                rng.randint(100_000, 9_999_999), json.dumps(n))
                               for n in names]  # fmt: skip
        opts = places[country]
        return opts[min(int(rng.expovariate(1.2)), len(opts) - 1)]

    # -- documents, sentences, events, mentions ------------------------------------------------
    start = date(2023, 1, 1)
    span = (date(2025, 12, 31) - start).days
    est_docs = max(1, int(n_events / 7.0))
    recent: deque[dict[str, Any]] = deque()
    window = 4000
    made = 0
    doc_i = 0
    country_counts: Counter[str] = Counter()
    actor_counts: Counter[str] = Counter()

    def new_event(ev_date: str) -> dict[str, Any]:
        typ = types[bisect(type_cum, rng.random() * type_cum[-1])]
        src = pick_actor() if rng.random() < 0.92 else None
        tgt = pick_actor() if rng.random() < 0.85 else None
        if tgt == src:
            tgt = None
        srcs = [src] if src else []
        if src and rng.random() < 0.1:
            extra = pick_actor()
            if extra not in (src, tgt):
                srcs.append(extra)
        tgts = [tgt] if tgt else []
        modality = mods[bisect(mod_cum, rng.random() * mod_cum[-1])]
        sa = actors[src] if src else None
        ta = actors[tgt] if tgt else None
        place = None
        if rng.random() < 0.55:
            first, second = (ta, sa) if rng.random() < 0.6 else (sa, ta)
            pc = (first or second or {}).get("country") or pick_country()
            name, lat, lon, geonameid, quoted = pick_place(pc)
            place = (name, lat, lon, geonameid, pc, quoted)
        return {
            "id": "", "type": typ,
            "mode": rng.choice(modes[typ]) if modes[typ] and rng.random() < 0.4 else None,
            "cameo_root": str(cats[typ]["cameo_root"]),
            "quad_class": int(cats[typ]["quad_class"]),
            "intensity": float(cats[typ]["intensity"]),
            "source_key": "|".join(sorted(srcs)), "target_key": "|".join(sorted(tgts)),
            "source_actor_id": src, "target_actor_id": tgt,
            "source_country": sa["country"] if sa else None,
            "source_sector": sa["sector"] if sa else None,
            "target_country": ta["country"] if ta else None,
            "target_sector": ta["sector"] if ta else None,
            "negated": rng.random() < 0.10, "modality": modality,
            "realis": is_realis(modality), "background": rng.random() < 0.05,
            "date": ev_date, "date_max": ev_date,
            "place_name": place[0] if place else None,
            "place_country": place[4] if place else None,
            "lat": place[1] if place else None, "lon": place[2] if place else None,
            "geonameid": place[3] if place else None,
            "num_mentions": 0, "num_articles": 0, "num_sources": 0,
            "conflict_with": None, "confidence": round(rng.uniform(0.45, 0.99), 3),
            "first_document_id": "", "created_at": now, "updated_at": now,
            "_outlets": set(), "_docs": set(), "_srcs": srcs, "_tgts": tgts,
            "_sources_json": "[" + ", ".join(f'"{a}"' for a in srcs) + "]",
            "_targets_json": "[" + ", ".join(f'"{a}"' for a in tgts) + "]",
            "_location": f'{{"country": "{place[4]}", "name": {place[5]}}}' if place else None,
        }  # fmt: skip

    def finalize(ev: dict[str, Any]) -> None:
        ev["num_sources"] = len(ev.pop("_outlets"))
        ev.pop("_docs")
        sink.add("events", ev)

    while made < n_events:
        day = start + timedelta(days=min(span, int(doc_i / est_docs * span) + rng.randint(-2, 2)))
        published = max(start, day).isoformat()
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        mentions: list[dict[str, Any]] = []
        body: list[tuple[str, str, int | None]] = []  # (sentence, kind, index into mentions)
        for j in range(1, rng.randint(2, 14) + 1):
            ev = None
            if recent and rng.random() < 0.15:
                ev = recent[rng.randrange(len(recent))]
                if doc_i in ev["_docs"]:
                    ev = None
            ev_date = published if rng.random() < 0.7 else (
                day - timedelta(days=rng.randint(1, 10))).isoformat()  # fmt: skip
            if ev is None:
                if made >= n_events:
                    break
                made += 1
                ev = new_event(ev_date)
                for code in {ev["source_country"], ev["target_country"]} - {None}:
                    country_counts[code] += 1
                for aid in set(ev["_srcs"] + ev["_tgts"]):
                    actor_counts[aid] += 1
                recent.append(ev)
                if len(recent) > window:
                    finalize(recent.popleft())
            else:
                ev["date"] = min(ev["date"], ev_date)
                ev["date_max"] = max(ev["date_max"], ev_date)
            ev["num_mentions"] += 1
            if doc_i not in ev["_docs"]:
                ev["_docs"].add(doc_i)
                ev["num_articles"] += 1
            ev["_outlets"].add(outlet)
            s_name = actors[ev["source_actor_id"]]["name"] if ev["source_actor_id"] else "Gunmen"
            t_name = actors[ev["target_actor_id"]]["name"] if ev["target_actor_id"] else "them"
            past, base = VERBS[ev["type"]][rng.randrange(len(VERBS[ev["type"]]))]
            verb = f"did not {base}" if ev["negated"] else past
            if ev["modality"] in ("planned", "hypothetical", "conditional"):
                verb = f"will not {base}" if ev["negated"] else f"will {base}"
            elif ev["modality"] == "demanded":
                verb = f"demanded to {base}"
            trigger = verb.split()[2] if ev["negated"] else verb.split()[-1 if " to " in verb
                                                                         else 0]  # fmt: skip
            topic = TOPICS[bisect(topic_cum, rng.random() * topic_cum[-1])][0]
            where = f" in {ev['place_name']}" if ev["place_name"] else ""
            sentence = (f"{s_name} {verb} {t_name}{where}"
                        f"{' ' + topic if topic else ''}{ATTRIBUTION.get(ev['modality'], '')}.")
            local = f"ev-{(doc_i * 16 + j) * 2654435761 % 2**48:012x}"  # like the coder's ids
            mentions.append({"ev": ev, "local": local, "trigger": trigger,
                             "date": ev_date if ev_date != published else None,
                             "new": ev["id"] == ""})  # fmt: skip
            body.append((sentence, "caption" if rng.random() < 0.03 else "body",
                         len(mentions) - 1))  # fmt: skip
        for _ in range(rng.randint(0, 2)):
            body.insert(rng.randint(1, len(body)) if body else 0,
                        (FILLERS[rng.randrange(len(FILLERS))], "body", None))  # fmt: skip
        headline = f"Report {doc_i} from {outlet}: regional tensions on {published}"
        final = [(headline, "heading", None), *body]
        text = "\n\n".join(s for s, _, _ in final) + "\n"
        key = hashlib.sha256(text.encode()).hexdigest()
        short = key[:16]
        pos = 0
        for idx, (sentence, kind, mi) in enumerate(final):
            sink.add("sentences", {"id": f"{short}:{idx}", "document_id": key, "idx": idx,
                                   "start": pos, "end": pos + len(sentence), "kind": kind,
                                   "text": sentence})  # fmt: skip
            if mi is not None:
                m = mentions[mi]
                m["s_idx"] = idx
                m["t_start"] = pos + max(0, sentence.find(m["trigger"]))
            pos += len(sentence) + 2
        for m in mentions:
            ev = m["ev"]
            mention_id = f"{short}:{m['local']}"
            if m["new"]:
                ev["id"] = mention_id
                ev["first_document_id"] = key
                for aid in ev["_srcs"]:
                    sink.add("event_actors", {"event_id": mention_id, "actor_id": aid,
                                              "role": "source"})  # fmt: skip
                for aid in ev["_tgts"]:
                    sink.add("event_actors", {"event_id": mention_id, "actor_id": aid,
                                              "role": "target"})  # fmt: skip
            sink.add("event_mentions", {
                "id": mention_id, "event_id": ev["id"], "document_id": key,
                "sentence_id": f"{short}:{m['s_idx']}", "sentence_index": m["s_idx"],
                "type": ev["type"], "negated": ev["negated"], "modality": ev["modality"],
                "attributed_to": None, "date": m["date"],
                "date_text": "last week" if m["date"] else None,
                "date_reason": "relative to published" if m["date"] else "published",
                "trigger_start": m["t_start"], "trigger_end": m["t_start"] + len(m["trigger"]),
                "trigger_text": m["trigger"], "object": None, "contexts": "[]",
                "location": ev["_location"], "sources": ev["_sources_json"],
                "targets": ev["_targets_json"], "confidence": ev["confidence"],
                "background": ev["background"], "caption": False,
                "reasons": f'{{"type": "verb \'{m["trigger"]}\'"}}',
            })  # fmt: skip
        sink.add("documents", {
            "id": key, "name": f"synthetic-{doc_i:07d}", "title": headline,
            "url": f"https://{outlet}/world/{published.replace('-', '/')}/synthetic-{doc_i}",
            "source": outlet, "published": published, "source_path": None, "language": "en",
            "text": text, "n_sentences": len(final), "n_events": len(mentions),
            "warnings": "[]", "model": "synthetic", "coder_version": "bench",
            "ingested_at": now,
        })  # fmt: skip
        doc_i += 1
    while recent:
        finalize(recent.popleft())
    sink.flush()
    return {
        "documents": doc_i,
        "actors": len(actors),
        "countries": len(country_codes),
        "country_counts": country_counts,
        "actor_counts": actor_counts,
        "actor_rank": ranked,
        "actors_by_id": actors,
    }


# --------------------------------------------------------------------------------------------
# Query timing
# --------------------------------------------------------------------------------------------
def query_cases(gen: dict[str, Any]) -> list[dict[str, Any]]:
    """The filters to time: the common ones (goal < 100 ms) and a few harder extras."""
    # a rare country and a rare actor, for the "no early stop" cases
    cc = gen["country_counts"]
    rare_country = min([c for c in cc if cc[c] >= 50] or list(cc), key=lambda c: (cc[c], c))
    ac = gen["actor_counts"]
    persons = [a for a in ac if a.startswith("person:")]
    persons = [a for a in persons if ac[a] >= 10] or persons
    rare_person = min(persons, key=lambda a: (ac[a], a))
    rare_name = gen["actors_by_id"][rare_person]["name"]
    return [
        {"name": "actor 'Putin'", "f": {"actor": "Putin"}, "common": True},
        {"name": "country RUS", "f": {"country": "RUS"}, "common": True},
        {"name": "type CONSULT", "f": {"type": ["CONSULT"]}, "common": True},
        {"name": "date range (one month)", "f": {"since": "2025-03-01", "until": "2025-03-31"},
         "common": True},
        {"name": "ASSAULT + UKR + since 2025-01-01",
         "f": {"type": ["ASSAULT"], "country": "UKR", "since": "2025-01-01"}, "common": True},
        {"name": "quad class 4", "f": {"quad_class": [4]}, "common": True},
        {"name": "negated", "f": {"negated": True}, "common": True},
        {"name": "modality planned", "f": {"modality": ["planned"]}, "common": True},
        {"name": "place 'Kyiv'", "f": {"place": "Kyiv"}, "common": True},
        {"name": "text 'ceasefire'", "f": {"text": "ceasefire"}, "common": True},
        {"name": "count: country RUS", "f": {"country": "RUS"}, "common": True, "count": True},
        {"name": "count: ASSAULT + UKR + since", "count": True, "common": True,
         "f": {"type": ["ASSAULT"], "country": "UKR", "since": "2025-01-01"}},
        {"name": "count: actor 'Putin'", "f": {"actor": "Putin"}, "common": True, "count": True},
        # extras: selective filters that cannot stop early on the date order
        {"name": f"rare actor '{rare_name}' ({ac[rare_person]} ev.)", "f": {"actor": rare_name},
         "common": False},
        {"name": f"rare country {rare_country} ({cc[rare_country]} ev.)",
         "f": {"country": rare_country}, "common": False},
        {"name": "text 'desalination' (rare)", "f": {"text": "desalination"}, "common": False},
        {"name": "country RUS, sort -articles", "f": {"country": "RUS", "sort": "-articles"},
         "common": False},
        {"name": "type CONSULT, page 50 (offset 5000)", "f": {"type": ["CONSULT"],
                                                              "offset": 5000}, "common": False},
    ]  # fmt: skip


def _statement(case: dict[str, Any]) -> Any:
    from sqlalchemy import func, select

    from wirecoder.store import tables as t
    from wirecoder.store.query import EventFilter, events_select, where_clauses

    f = EventFilter(**case["f"]).validated()
    if case.get("count"):
        return select(func.count()).select_from(t.events).where(*where_clauses(f))
    return events_select(f)


def _literal_sql(stmt: Any, dialect: Any) -> str:
    """The SQL with its values inlined, for EXPLAIN and for the report.

    ``dialect`` must be the connected engine's: an unconnected PostgreSQL dialect escapes the
    backslash of ``ESCAPE '\\'`` differently from what a server with standard strings expects.
    """
    return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _plan(store: Any, case: dict[str, Any]) -> list[str]:
    """EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite, as an indented tree) of a case."""
    stmt = _statement(case)
    with store.reader() as conn:
        raw = conn.connection.driver_connection
        if store.is_postgres:
            with raw.cursor() as cur:  # no parameters, so the %% of the pyformat SQL go back to %
                cur.execute("EXPLAIN " + _literal_sql(stmt, conn.dialect).replace("%%", "%"))
                return [r[0] for r in cur.fetchall()]
        cur = raw.cursor()
        try:
            rows = cur.execute("EXPLAIN QUERY PLAN " + _literal_sql(stmt, conn.dialect)).fetchall()
        finally:
            cur.close()
        depth: dict[int, int] = {0: -1}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node] + detail)
        return lines


def time_queries(store: Any, cases: list[dict[str, Any]], reps: int, budget_s: float,
                 label: str) -> dict[str, Any]:  # fmt: skip
    from wirecoder.store.query import EventFilter, count_events, query_events

    out: dict[str, Any] = {}
    for case in cases:
        f = EventFilter(**case["f"])
        fn = count_events if case.get("count") else query_events
        t0 = time.perf_counter()
        first = fn(store, f)  # warm-up (not counted)
        first_s = time.perf_counter() - t0
        times: list[float] = []
        spent = 0.0
        while len(times) < reps and (spent < budget_s or len(times) < 3):
            t0 = time.perf_counter()
            fn(store, f)
            times.append(time.perf_counter() - t0)
            spent += times[-1]
        entry = {
            "name": case["name"],
            "filter": case["f"],
            "common": case["common"],
            "count_query": bool(case.get("count")),
            "result": first if case.get("count") else len(first),
            "first_ms": 1000 * first_s,
            "reps": len(times),
            "median_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * _pct(times, 95),
            "min_ms": 1000 * min(times),
            "plan": _plan(store, case),
            "sql": _literal_sql(_statement(case), store.engine.dialect).replace("%%", "%"),
        }
        out[case["name"]] = entry
        flag = "  SLOW" if entry["median_ms"] > QUERY_GOAL_MS else ""
        print(f"[query:{label}] {case['name']:<44} median {entry['median_ms']:9.1f} ms  "
              f"p95 {entry['p95_ms']:9.1f} ms  ({entry['reps']} reps){flag}", flush=True)
    return out


def measure_queries(args: argparse.Namespace, workdir: Path, pg: Any) -> dict[str, Any]:
    from wirecoder.store import Store

    result: dict[str, Any] = {}
    # ---- SQLite, --events events ----
    db = workdir / "query.db"
    _remove_sqlite(db)
    Store(db).close()  # migrations create the tables and indexes
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")  # one big transaction, no rollback journal
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    conn.execute("PRAGMA temp_store=MEMORY")
    # Bulk load: drop the migrations' secondary indexes, insert, then create them again with
    # the very same SQL (building an index once is much faster than growing it row by row).
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    sink = _Sink("sqlite", conn)
    print(f"[query] generating a synthetic SQLite store of {args.events:,} events ...", flush=True)
    t0 = time.perf_counter()
    gen = generate_synthetic(sink, args.events, args.seed)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    for _name, sql in indexes:
        conn.execute(sql)
    index_s = time.perf_counter() - t1
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    gen_s = time.perf_counter() - t0
    print(f"[query] rows generated and inserted in {load_s:.0f} s, {len(indexes)} indexes "
          f"built in {index_s:.0f} s", flush=True)
    size = _sqlite_size(db)
    print(f"[query] generated in {gen_s:.0f} s: {dict(sink.counts)}; {_mb(size):,.0f} MB",
          flush=True)
    cases = query_cases(gen)
    store = Store(db)
    sqlite_res: dict[str, Any] = {
        "events": args.events,
        "generate_seconds": gen_s,
        "insert_seconds": load_s,
        "index_seconds": index_s,
        "rows": dict(sink.counts),
        "size_bytes": size,
        "queries": time_queries(store, cases, args.reps, args.budget, "sqlite"),
    }
    if not args.no_analyze:
        t0 = time.perf_counter()
        with store.engine.begin() as c:
            c.exec_driver_sql("ANALYZE")
        sqlite_res["analyze_seconds"] = time.perf_counter() - t0
        print(f"[query] ANALYZE took {sqlite_res['analyze_seconds']:.1f} s", flush=True)
        sqlite_res["queries_analyzed"] = time_queries(store, cases, args.reps, args.budget,
                                                      "sqlite+ANALYZE")  # fmt: skip
    store.close()
    result["sqlite"] = sqlite_res
    if args.keep:
        result["sqlite"]["kept_db"] = str(db)
    else:
        _remove_sqlite(db)

    # ---- PostgreSQL, --pg-events events ----
    if pg is not None and args.pg_events > 0:
        import psycopg

        url = _pg_create_db(pg.url, "bench_query")
        Store(url).close()
        raw_url = url.replace("postgresql+psycopg://", "postgresql://")
        print(f"[query] generating a synthetic PostgreSQL store of {args.pg_events:,} events ...",
              flush=True)
        t0 = time.perf_counter()
        with psycopg.connect(raw_url) as pconn:
            pconn.execute("SET session_replication_role = replica")  # no FK checks while loading
            psink = _Sink("postgresql", pconn)
            pgen = generate_synthetic(psink, args.pg_events, args.seed)
            pconn.commit()
        with psycopg.connect(raw_url, autocommit=True) as pconn:
            pconn.execute("VACUUM ANALYZE")
        gen_s = time.perf_counter() - t0
        store = Store(url)
        size = _pg_size(store)
        print(f"[query] generated in {gen_s:.0f} s (incl. VACUUM ANALYZE): "
              f"{dict(psink.counts)}; {_mb(size):,.0f} MB", flush=True)
        result["postgresql"] = {
            "events": args.pg_events,
            "generate_seconds": gen_s,
            "rows": dict(psink.counts),
            "size_bytes": size,
            "queries": time_queries(store, query_cases(pgen), args.reps, args.budget, "pg"),
        }
        store.close()
    return result


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    return f"[red]{text}[/red]" if value > QUERY_GOAL_MS else text


def print_report(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 120))
    ing = result.get("ingest")
    if ing:
        c = ing["coding"]
        table = Table(title=f"Ingest: {ing['articles']} unique articles, {ing['words']:,} words, "
                            f"{c['events']:,} events coded")  # fmt: skip
        for col in ("step", "seconds", "articles/s", "ms/article (mean | p95)", "% of coding",
                    "DB size", "MB / 1,000 articles"):
            table.add_column(col, justify="left" if col == "step" else "right")
        table.add_row("coding only (Coder.code_many)", f"{c['seconds']:.1f}",
                      f"{c['articles_per_s']:.1f}", f"{1000 / c['articles_per_s']:.1f}", "100",
                      "", "")  # fmt: skip
        for name, s in ing["backends"].items():
            pct = s["pct_of_coding"]
            colour = "green" if pct <= STORE_GOAL_PCT else "red"
            table.add_row(
                f"storing only: {name} (store.write)", f"{s['seconds']:.2f}",
                f"{s['articles_per_s']:.0f}",
                f"{s['ms_per_doc_mean']:.1f} | {s['ms_per_doc_p95']:.1f}",
                f"[{colour}]{pct:.1f}[/{colour}]", f"{_mb(s['size_bytes']):.1f} MB",
                f"{s['mb_per_1000_articles']:.1f}",
            )  # fmt: skip
        console.print(table)
        if ing["cross_check"]:
            table = Table(title="Cross-check: ingest_documents (coding and storing interleaved)")
            for col in ("backend", "articles", "code s", "store s", "store % of coding",
                        "articles/s overall"):
                table.add_column(col, justify="left" if col == "backend" else "right")
            for name, x in ing["cross_check"].items():
                table.add_row(name, str(x["articles"]), f"{x['code_seconds']:.1f}",
                              f"{x['store_seconds']:.2f}", f"{x['pct_of_coding']:.1f}",
                              f"{x['articles_per_s']:.1f}")  # fmt: skip
            console.print(table)
        for name, pr in ing.get("profile", {}).items():
            table = Table(title=f"Where store.write time goes: {name}, cProfile over "
                                f"{pr['documents']} documents ({pr['ms_per_doc_profiled']:.0f} "
                                f"ms/doc under the profiler; {pr['statements_per_doc']:.0f} SQL "
                                f"statements and {pr['sql_compiles_per_doc']:.0f} SQL "
                                f"compilations per document)")  # fmt: skip
            table.add_column("part (cumulative, parts overlap)")
            table.add_column("% of store.write", justify="right")
            for part in pr["parts"]:
                table.add_row(part["part"], f"{part['pct']:.0f}")
            console.print(table)
    q = result.get("queries")
    if q:
        sq = q.get("sqlite", {})
        pq = q.get("postgresql")
        title = f"Query latency (ms, warm; median / p95): SQLite {sq.get('events', 0):,} events"
        if pq:
            title += f", PostgreSQL {pq['events']:,} events"
        table = Table(title=title)
        cols = ["query", "rows", "SQLite med", "p95"]
        if "queries_analyzed" in sq:
            cols += ["+ANALYZE med", "p95 "]
        if pq:
            cols += ["PG med", "PG p95"]
        for col in cols:
            table.add_column(col, justify="left" if col == "query" else "right")
        pg_by_pos = dict(enumerate(pq["queries"].values())) if pq else {}
        for pos, (name, e) in enumerate(sq["queries"].items()):
            row = [("" if e["common"] else "(extra) ") + name, f"{e['result']:,}",
                   _ms(e["median_ms"]), _ms(e["p95_ms"])]
            if "queries_analyzed" in sq:
                a = sq["queries_analyzed"][name]
                row += [_ms(a["median_ms"]), _ms(a["p95_ms"])]
            if pq:
                p = pg_by_pos.get(pos)
                row += [_ms(p["median_ms"]) if p else "-", _ms(p["p95_ms"]) if p else "-"]
            table.add_row(*row)
        console.print(table)
        console.print(
            f"SQLite store: {_mb(sq['size_bytes']):,.0f} MB, generated in "
            f"{sq['generate_seconds']:.0f} s; rows: "
            + ", ".join(f"{k} {v:,}" for k, v in sq["rows"].items())
        )
        for key, label in (("queries", "as written"), ("queries_analyzed", "after ANALYZE")):
            for name, e in sq.get(key, {}).items():
                if e["median_ms"] > QUERY_GOAL_MS:
                    console.print(f"[bold]SLOW ({label})[/bold] {name}: median "
                                  f"{e['median_ms']:.0f} ms; EXPLAIN QUERY PLAN:")  # fmt: skip
                    console.print("\n".join("    " + line for line in e["plan"]), markup=False)
        slow_common = [n for n, e in sq["queries"].items()
                       if e["common"] and e["median_ms"] > QUERY_GOAL_MS]  # fmt: skip
        colour = "red" if slow_common else "green"
        console.print(f"[{colour}]common SQLite queries over {QUERY_GOAL_MS:.0f} ms (as written): "
                      f"{', '.join(slow_common) or 'none'}[/{colour}]")  # fmt: skip
    console.print(f"JSON written to {result['out']}")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
def _code_state() -> dict[str, Any]:
    """Which wirecoder was measured: its path, and the git commit / dirty files of this tree."""
    import subprocess

    import wirecoder

    state: dict[str, Any] = {"wirecoder": str(Path(wirecoder.__file__).parent),
                             "version": getattr(wirecoder, "__version__", None)}  # fmt: skip
    try:
        state["commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, text=True,
                                         capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, text=True,
                               capture_output=True, check=True).stdout.splitlines()
        state["src_changes"] = [line[3:] for line in dirty]
    except (OSError, subprocess.CalledProcessError):
        pass
    return state


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles to code and store")
    ap.add_argument("--events", type=int, default=1_000_000, help="synthetic SQLite events")
    ap.add_argument("--pg-events", type=int, default=200_000,
                    help="synthetic PostgreSQL events for the query timings (0: none)")
    ap.add_argument("--skip-pg", action="store_true", help="SQLite only")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--ingest-subset", type=int, default=100,
                    help="articles for the ingest_documents cross-check")
    ap.add_argument("--profile-docs", type=int, default=150,
                    help="documents for the profiled store.write breakdown (0: none)")
    ap.add_argument("--reps", type=int, default=20, help="timed repetitions per query")
    ap.add_argument("--budget", type=float, default=10.0,
                    help="max seconds of repetitions per query (at least 3 reps)")
    ap.add_argument("--no-analyze", action="store_true", help="skip the after-ANALYZE timings")
    ap.add_argument("--batch-size", type=int, default=16, help="code_many batch size")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench_store")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic SQLite store")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench_store.json")
    args = ap.parse_args(argv)
    if args.articles < 1 or args.events < 1000:
        ap.error("--articles must be >= 1 and --events >= 1000")

    started = time.perf_counter()
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    pg_note = "skipped (--skip-pg)"
    pg = None
    if not args.skip_pg:
        ok, why = _pg_available()
        if ok:
            from pgserver import TempPostgres

            pg = TempPostgres().start()
            pg_note = f"TempPostgres {pg.bin_dir} (fsync=off, synchronous_commit=off)"
        else:
            pg_note = f"skipped: {why}"
    print(f"PostgreSQL: {pg_note}", flush=True)

    result: dict[str, Any] = {
        "benchmark": "bench_store",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "sqlite": sqlite3.sqlite_version,
            "loadavg_start": os.getloadavg(),
        },
        "code": _code_state(),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "postgresql": pg_note,
        "goals": {"store_pct_of_coding": STORE_GOAL_PCT, "query_ms": QUERY_GOAL_MS},
    }
    try:
        if pg is not None:
            from sqlalchemy import create_engine, text

            engine = create_engine(pg.url)
            with engine.connect() as conn:
                result["machine"]["postgresql"] = conn.execute(text("SHOW server_version")).scalar()
            engine.dispose()
        if not args.skip_ingest:
            result["ingest"] = measure_ingest(args, workdir, pg)
        if not args.skip_queries:
            result["queries"] = measure_queries(args, workdir, pg)
    finally:
        if pg is not None:
            pg.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    result["wall_seconds"] = time.perf_counter() - started
    result["machine"]["loadavg_end"] = os.getloadavg()
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    try:
        result["out"] = str(out.relative_to(ROOT))
    except ValueError:
        result["out"] = str(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=list) + "\n", encoding="utf-8")
    print_report(result)
    print(f"total wall time {result['wall_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
