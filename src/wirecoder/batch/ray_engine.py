"""The Ray engine: the same batch on Ray Data, so a Ray cluster scales it out unchanged.

Pipeline (streaming; Ray Data's backpressure keeps memory bounded)::

    from_items(files)                       # the driver lists files: names only
      .flat_map(read, num_cpus=0.1)         # read tasks: documents of each file, lazily
      .map_batches(CoderActor,              # an actor pool of coders, each loading spaCy once
                   compute=ActorPoolStrategy(size=workers), num_cpus=0.9,
                   batch_size=chunk_size)
      -> iter_rows() in the driver          # sinks: Parquet / JSONL / store, as for the pool

Actors get *fractional* CPUs (``num_cpus=0.9`` by default) and read tasks ``0.1``: with whole
CPUs a 2-CPU Ray Data pipeline leaves nothing for reading and stalls in backpressure. Documents
travel as JSON strings, one column; outcomes come back the same way and keep input order
(``preserve_order``), so the output equals the pool's.

Ray is an optional extra (``pip install wirecoder[ray]``): it is imported only here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from wirecoder.batch.records import Outcome
from wirecoder.errors import ConfigError
from wirecoder.schema import ErrorRecord, RawDocument

RAY_HINT = "--engine ray needs Ray: pip install 'wirecoder[ray]'"


def import_ray() -> Any:
    """``ray`` with Ray Data, or a one-line ConfigError telling how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"{RAY_HINT} ({exc})") from None
    return ray


def _item_json(item: RawDocument | ErrorRecord) -> str:
    kind = "raw" if isinstance(item, RawDocument) else "error"
    return json.dumps({"kind": kind, "item": item.model_dump(mode="json")}, ensure_ascii=False)


def _parse_item(text: str) -> RawDocument | Outcome:
    data = json.loads(text)
    if data["kind"] == "raw":
        return RawDocument.model_validate(data["item"])
    return Outcome.failed(ErrorRecord.model_validate(data["item"]))


def _read_rows(row: dict[str, Any], *, published: str | None, max_bytes: int | None,
               date_from_name: bool) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Read task: one file's documents (or an error record) as ``{"item": json}`` rows."""
    from wirecoder.batch.reader import Source, read_source

    if row.get("error"):
        yield {"item": row["error"]}
        return
    source = Source(row["location"], row["name"])
    for item in read_source(source, published=published, max_bytes=max_bytes,
                            date_from_name=date_from_name):  # fmt: skip
        yield {"item": _item_json(item)}


class CoderActor:
    """A Ray actor holding one :class:`~wirecoder.batch.work.ChunkCoder` (one spaCy pipeline)."""

    def __init__(self, options: dict[str, Any]) -> None:
        from wirecoder.batch.work import ChunkCoder

        options = dict(options)
        skip_ref = options.pop("skip_keys_ref", None)
        if skip_ref is not None:
            import ray

            options["skip_keys"] = ray.get(skip_ref)
        self.worker = ChunkCoder(**options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        entries = [_parse_item(str(text)) for text in batch["item"]]
        outcomes = self.worker.code(entries)
        return {"outcome": [o.to_json() for o in outcomes]}


def code_sources(
    sources: list[dict[str, str]],
    *,
    workers: int,
    worker_options: dict[str, Any],
    skip_keys: set[int] | None = None,
    address: str | None = None,
    chunk_size: int = 8,
    actor_cpus: float = 0.9,
    read_cpus: float = 0.1,
    published: str | None = None,
    max_bytes: int | None = None,
    date_from_name: bool = True,
    init_kwargs: dict[str, Any] | None = None,
) -> Iterator[Outcome]:
    """Code the files ``sources`` (``{"location", "name"}`` dicts, or ``{"error": json}`` for
    inputs that failed to list) on Ray, yielding outcomes in input order.

    Connects to ``address`` (``auto``: the running cluster; ``ray://host:10001``: Ray Client)
    unless Ray is initialised already; with no address, starts a local Ray.
    """
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        import logging

        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                  "ignore_reinit_error": True,
                                  "logging_level": logging.ERROR}  # fmt: skip
        if address:
            kwargs["address"] = address
        kwargs.update(init_kwargs or {})
        ray.init(**kwargs)
    try:
        if sources:
            yield from _run(ray, sources, workers=workers, worker_options=worker_options,
                            skip_keys=skip_keys, chunk_size=chunk_size, actor_cpus=actor_cpus,
                            read_cpus=read_cpus, published=published, max_bytes=max_bytes,
                            date_from_name=date_from_name)  # fmt: skip
    finally:
        if started_here:
            ray.shutdown()  # a Ray this call started ends with it


def _run(ray: Any, sources: list[dict[str, str]], *, workers: int,
         worker_options: dict[str, Any], skip_keys: set[int] | None, chunk_size: int,
         actor_cpus: float, read_cpus: float, published: str | None, max_bytes: int | None,
         date_from_name: bool) -> Iterator[Outcome]:  # fmt: skip
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    # Small blocks: a block is what one actor gets at a time, so a block per whole JSONL file
    # would give one actor all the work.
    ctx.target_max_block_size = max(64 * 1024, chunk_size * 16 * 1024)

    options = dict(worker_options)
    if skip_keys:
        options["skip_keys_ref"] = ray.put(frozenset(skip_keys))
    # One read task per file, up to a few thousand tasks (then several files per task).
    ds = ray.data.from_items(sources, override_num_blocks=max(1, min(len(sources), 4096)))
    ds = ds.flat_map(
        _read_rows,
        fn_kwargs={"published": published, "max_bytes": max_bytes,
                   "date_from_name": date_from_name},  # fmt: skip
        num_cpus=read_cpus,
    )
    ds = ds.map_batches(
        CoderActor,
        fn_constructor_kwargs={"options": options},
        batch_size=chunk_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=actor_cpus,
    )
    rows = iter(ds.iter_rows())
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a coder actor that cannot start, a lost node
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
            raise ConfigError(f"the Ray job failed: {type(exc).__name__}: {first}"[:500]) from exc
        yield Outcome.from_json(str(row["outcome"]))
