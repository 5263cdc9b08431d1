"""``wirecoder batch``: code a whole corpus with a pool of workers (or Ray) into files or a store.

A thin layer over :func:`wirecoder.batch.run_batch`; registered in the ``wirecoder`` group by
:mod:`wirecoder.cli`.
"""

from __future__ import annotations

import sys
import threading

import click

from wirecoder.errors import WirecoderError

EXIT_INPUT = 2
EXIT_PARTIAL = 3


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", type=click.Path(), help="Output: events.parquet (a directory of part "
              "files) or events.jsonl; one row per event mention. A rerun skips the documents "
              "already in it.")  # fmt: skip
@click.option("--db", help="Also/instead store into an event store: SQLite file or "
              "postgresql://user@host/db (documents stored already are skipped).")  # fmt: skip
@click.option("--format", "-f", "fmt", type=click.Choice(["parquet", "jsonl"]), default=None,
              help="Output format (default: from the --out name).")  # fmt: skip
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Coder processes (pool) or actors (ray); each loads the model once "
              "(~0.4 GB).")  # fmt: skip
@click.option("--engine", type=click.Choice(["pool", "ray"]), default="pool", show_default=True,
              help="pool: local processes; ray: Ray Data (pip install 'wirecoder[ray]').")
@click.option("--address", help="Ray cluster to join: auto (the running cluster) or "
              "ray://head:10001; default: start a local Ray.")  # fmt: skip
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline to use.")
@click.option("--published", help="Publication date YYYY-MM-DD for documents that carry none.")
@click.option("--no-date-from-name", is_flag=True,
              help="Do not take a missing publication date from a YYYY-MM-DD in the file name.")
@click.option("--max-bytes", type=int, envvar="WIRECODER_MAX_BYTES",
              help="Largest input document in bytes (default 5,000,000).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Documents per unit of work sent to a worker.")
@click.option("--fresh", is_flag=True, help="Start --out afresh instead of resuming it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def batch_command(inputs: tuple[str, ...], out: str | None, db: str | None, fmt: str | None,
                  workers: int, engine: str, address: str | None, model: str | None,
                  published: str | None, no_date_from_name: bool, max_bytes: int | None,
                  chunk_size: int, fresh: bool, quiet: bool) -> None:  # fmt: skip
    """Code a corpus at scale: folders, JSONL or gzipped JSONL, streamed through N workers.

    Each worker loads the spaCy pipeline once; memory stays flat however large the input. A
    document that fails becomes an error record (<out>.errors.jsonl, or the store's error list)
    and the batch goes on. Exit 0, or 3 when some documents failed.

    Examples:

      wirecoder batch corpus/ big.jsonl.gz --out events.parquet --workers 2

      wirecoder batch corpus/ --db postgresql://me@localhost/wirecoder --workers 8

      wirecoder batch s3://bucket/news/ --engine ray --address auto --out events.parquet
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from wirecoder.batch import run_batch
    from wirecoder.batch.reader import estimate_total

    if out is None and db is None:
        click.echo("give an output: --out events.parquet (or .jsonl), and/or --db", err=True)
        sys.exit(EXIT_INPUT)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
        console=console, disable=quiet, transient=False,
    )  # fmt: skip
    try:
        with progress:
            task = progress.add_task("batch", total=None, rate=0.0, last="")
            if not quiet:
                # Count the documents beside the work (a big .jsonl.gz takes a while to count):
                # the bar gets its total, and so an ETA, once the count is in.
                def count() -> None:
                    total = estimate_total(inputs, max_lines_bytes=1 << 62)
                    if total is not None:
                        progress.update(task, total=total)

                threading.Thread(target=count, name="wirecoder-count", daemon=True).start()

            def tick(outcome) -> None:  # type: ignore[no-untyped-def]
                elapsed = progress.tasks[0].elapsed or 1e-9
                done = progress.tasks[0].completed + 1
                progress.update(task, advance=1, rate=done / elapsed,
                                last=f"{outcome.status} {outcome.doc_id[:40]}")  # fmt: skip
                if outcome.status == "failed" and outcome.error is not None and not quiet:
                    progress.console.print(outcome.error.error, style="red", highlight=False,
                                           markup=False)  # fmt: skip

            report = run_batch(inputs, out=out, db=db, fmt=fmt, workers=workers, engine=engine,
                               address=address, model=model, published=published,
                               max_bytes=max_bytes, date_from_name=not no_date_from_name,
                               chunk_size=chunk_size, resume=not fresh,
                               on_document=tick)  # fmt: skip
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    if quiet:
        for error in report.errors:
            click.echo(error.error, err=True)
    rate = report.coded / report.seconds if report.seconds else 0.0
    click.echo(
        f"{report.coded} coded, {report.skipped} skipped (done already), {report.failed} failed; "
        f"{report.events} events in {report.seconds:.1f} s ({rate:.1f} docs/s, {report.engine}, "
        f"{report.workers} worker(s)) → {'; '.join(report.outputs)}",
        err=True,
    )
    if report.failed:
        sys.exit(EXIT_PARTIAL)
