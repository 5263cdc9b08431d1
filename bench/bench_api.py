"""API latency: p50/p95 of ``GET /api/events`` with common filters over a synthetic store.

    .venv/bin/python bench/bench_api.py [--events 100000] [--requests 1500] [--clients 2]

Builds a SQLite store of ``--events`` synthetic events (the generator of ``bench_store.py``),
starts ``wirecoder serve`` on loopback in its own process, and runs a bounded load loop:
``--clients`` threads with keep-alive connections send ``--requests`` requests in all, cycling
through the filter mixes below (the UI's own requests: timeline pages, actor, country, type and
date filters, free text). Each request's latency is measured at the client. Goal: p95 < 100 ms.
Results go to ``build/bench_api.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

MIXES: list[tuple[str, dict[str, str]]] = [
    ("timeline page", {"limit": "100"}),
    ("timeline page 5", {"limit": "100", "offset": "400"}),
    ("actor", {"actor": "Putin", "limit": "100"}),
    ("country", {"country": "RUS", "limit": "100"}),
    ("type", {"type": "CONSULT", "limit": "100"}),
    ("type+country+since", {"type": "ASSAULT", "country": "UKR", "since": "2025-01-01",
                            "limit": "100"}),
    ("one month", {"since": "2024-05-01", "until": "2024-05-31", "limit": "100"}),
    ("quad 4", {"quad": "4", "limit": "100"}),
    ("negated", {"negated": "true", "limit": "100"}),
    ("text", {"text": "ceasefire", "limit": "100"}),
]


def build_store(path: Path, n_events: int, seed: int) -> float:
    """The synthetic store, loaded the way bench_store.py loads it; returns seconds."""
    from bench_store import _Sink, generate_synthetic

    from wirecoder.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Store(path).close()
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    sink = _Sink("sqlite", conn)
    generate_synthetic(sink, n_events, seed)
    sink.flush()
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_load(base: str, n_requests: int, clients: int) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name, _ in MIXES}
    errors: list[str] = []
    counter = iter(range(n_requests))
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                name, params = MIXES[i % len(MIXES)]
                started = time.perf_counter()
                response = client.get("/api/events", params=params)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    errors.append(f"{name}: {response.status_code} {response.text[:200]}")
                with lock:
                    latencies[name].append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit("errors during the load loop:\n" + "\n".join(errors[:10]))
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=1500)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", default=str(ROOT / "build" / "bench_api"))
    args = ap.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "api.db"
    print(f"building a synthetic store of {args.events:,} events ...", flush=True)
    build_s = build_store(db, args.events, args.seed)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "wirecoder.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        run_load(base, 2 * len(MIXES), 1)  # warm-up: every mix once or twice
        started = time.perf_counter()
        latencies = run_load(base, args.requests, args.clients)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    everything = [v for values in latencies.values() for v in values]
    rows = [{"mix": name, "n": len(v), "p50_ms": round(statistics.median(v), 1),
             "p95_ms": round(pct(v, 0.95), 1), "max_ms": round(max(v), 1)}
            for name, v in latencies.items()]  # fmt: skip
    overall = {"n": len(everything), "p50_ms": round(statistics.median(everything), 1),
               "p95_ms": round(pct(everything, 0.95), 1),
               "requests_per_s": round(len(everything) / wall, 1)}  # fmt: skip
    print(f"\n/api/events at {args.events:,} events, {args.clients} clients, "
          f"{len(everything)} requests in {wall:.1f} s (store built in {build_s:.0f} s)")
    print(f"{'mix':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for row in rows:
        print(f"{row['mix']:<22}{row['n']:>6}{row['p50_ms']:>10}{row['p95_ms']:>10}"
              f"{row['max_ms']:>10}")
    print(f"{'all':<22}{overall['n']:>6}{overall['p50_ms']:>10}{overall['p95_ms']:>10}"
          f"{'':>10}   ({overall['requests_per_s']} requests/s)")
    out = ROOT / "build" / "bench_api.json"
    out.write_text(json.dumps({"events": args.events, "clients": args.clients,
                               "mixes": rows, "overall": overall}, indent=2))  # fmt: skip
    print(f"JSON written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
