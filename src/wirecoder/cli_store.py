"""Store commands of the ``wirecoder`` CLI: ingest, query, stats, export, errors, actors, db.

Kept apart from :mod:`wirecoder.cli` (coding and evaluation) so each file stays readable; the
commands are added to the same ``wirecoder`` group.
"""

from __future__ import annotations

import sys

import click

from wirecoder.errors import WirecoderError

EXIT_INPUT = 2
EXIT_PARTIAL = 3

db_option = click.option(
    "--db",
    envvar="WIRECODER_DB",
    default="wirecoder.db",
    show_default=True,
    help="SQLite file, or postgresql://user@host/db (env WIRECODER_DB).",
)


def _open(db: str):  # type: ignore[no-untyped-def]
    from wirecoder.store import Store

    try:
        return Store(db)
    except WirecoderError as exc:
        click.echo(exc.one_line() if hasattr(exc, "one_line") else str(exc), err=True)
        sys.exit(EXIT_INPUT)
    except Exception as exc:  # noqa: BLE001 - a bad URL or a server that is down: one line
        click.echo(f"cannot open store {db}: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        sys.exit(EXIT_INPUT)


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--published", help="Publication date YYYY-MM-DD for documents that carry none.")
@click.option("--no-date-from-name", is_flag=True,
              help="Do not take a missing publication date from a YYYY-MM-DD in the file name.")
@click.option("--no-fetch", is_flag=True,
              help="For feed items, code the feed's own summary instead of fetching the page.")
@click.option("--feed-delay", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to the same host (politeness).")
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline to use.")
@click.option("--max-bytes", type=int, envvar="WIRECODER_MAX_BYTES",
              help="Largest input document in bytes (default 5,000,000).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest_command(inputs: tuple[str, ...], db: str, published: str | None,
                   no_date_from_name: bool, no_fetch: bool, feed_delay: float,
                   model: str | None, max_bytes: int | None, quiet: bool) -> None:  # fmt: skip
    """Code articles, JSONL batches and feeds, and store them (each document once).

    Examples:

      wirecoder ingest articles/ docs.jsonl                 # into ./wirecoder.db

      wirecoder ingest feeds.txt --db postgresql://me@localhost/wirecoder

      wirecoder ingest https://example.org/world.rss
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,  # fmt: skip
        TimeRemainingColumn,
    )

    from wirecoder.coder import Coder
    from wirecoder.store.ingest import estimate_total, ingest_documents, iter_inputs

    store = _open(db)
    console = Console(stderr=True)
    def coder() -> Coder:
        try:
            return Coder(model=model)
        except WirecoderError as exc:
            click.echo(exc.one_line(), err=True)
            sys.exit(EXIT_INPUT)

    items = iter_inputs(inputs, published=published, max_bytes=max_bytes,
                        fetch_articles=not no_fetch, feed_delay=feed_delay,
                        date_from_name=not no_date_from_name)  # fmt: skip
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
        console=console, disable=quiet, transient=False,
    )  # fmt: skip
    with progress:
        task = progress.add_task("ingest", total=estimate_total(inputs), rate=0.0, last="")

        def tick(item, outcome: str) -> None:  # type: ignore[no-untyped-def]
            elapsed = progress.tasks[0].elapsed or 1e-9
            done = progress.tasks[0].completed + 1
            progress.update(task, advance=1, rate=done / elapsed,
                            last=f"{outcome} {item.doc_id[:40]}")  # fmt: skip
            if outcome == "failed" and hasattr(item, "error"):
                progress.console.print(f"[red]{item.error}", highlight=False, markup=False)

        report = ingest_documents(items, store, coder, on_document=tick)
    for error in report.errors:
        if quiet:
            click.echo(error.error, err=True)
    click.echo(
        f"{report.stored} stored, {report.skipped} already stored, {report.failed} failed; "
        f"{report.events_new} new events, {report.mentions_merged} mentions of known events "
        f"→ {store.display_url()}",
        err=True,
    )
    store.close()
    if report.failed:
        sys.exit(EXIT_INPUT if report.stored + report.skipped == 0 else EXIT_PARTIAL)


@click.command("errors")
@db_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table")
def errors_command(db: str, fmt: str) -> None:
    """List the documents that could not be ingested, and why.

    Example:

      wirecoder errors --db wirecoder.db --format json
    """
    import json

    from sqlalchemy import select

    from wirecoder.store import tables

    store = _open(db)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(tables.ingest_errors).order_by(tables.ingest_errors.c.created_at)
        ).mappings().all()  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps([dict(r) for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no ingest errors")
    for r in rows:
        click.echo(f"{r['created_at']}  {r['code']}  {r['document_name']}  {r['error']}")


@click.group("db")
def db_group() -> None:
    """Schema version of a store: show it, or upgrade an existing database.

    Examples:

      wirecoder db current --db wirecoder.db

      wirecoder db upgrade --db postgresql://me@localhost/wirecoder
    """


@db_group.command("upgrade")
@db_option
def db_upgrade(db: str) -> None:
    """Upgrade the store's schema to this wirecoder's version (data kept)."""
    from wirecoder.store.migrate import current_revision, head_revision

    store = _open(db)  # opening upgrades
    click.echo(f"{store.display_url()}: at revision {current_revision(store.engine)} "
               f"(newest {head_revision()})")  # fmt: skip


@db_group.command("current")
@db_option
def db_current(db: str) -> None:
    """Print the store's schema revision without changing anything."""
    from wirecoder.store import Store
    from wirecoder.store.migrate import current_revision, head_revision

    store = Store(db, migrate=False)
    click.echo(f"{current_revision(store.engine)} (newest {head_revision()})")


def _filter_options(func):  # type: ignore[no-untyped-def]
    """The event filters shared by ``query``, ``stats`` and ``export``."""
    options = [
        click.option("--actor", help="Actor as source or target: id, name or alias (substring)."),
        click.option("--source", help="Source actor (id, name or alias)."),
        click.option("--target", help="Target actor (id, name or alias)."),
        click.option("--country", help="ISO-3 code of the source or target (e.g. RUS)."),
        click.option("--sector", help="Sector of the source or target (GOV, MIL, REB, …)."),
        click.option("--type", "types", help="PLOVER categories, comma-separated."),
        click.option("--quad", help="Quad classes 1-4, comma-separated."),
        click.option("--since", help="Events on or after YYYY-MM-DD."),
        click.option("--until", help="Events on or before YYYY-MM-DD."),
        click.option("--negated/--not-negated", default=None, help="Only negated / only not."),
        click.option("--modality", help="asserted, reported, planned, hypothetical, demanded, "
                     "conditional (comma-separated)."),  # fmt: skip
        click.option("--place", help="Place name (substring) or ISO-3 country of the place."),
        click.option("--text", help="Words in a sentence that reports the event."),
        click.option("--min-articles", type=int, help="Reported by at least N articles."),
        click.option("--document", help="Only events reported by this document (id or name)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _make_filter(opts: dict, **extra):  # type: ignore[no-untyped-def]
    from wirecoder.errors import QueryError
    from wirecoder.store.query import EventFilter

    def split(value: str | None) -> list[str]:
        return [v.strip() for v in (value or "").split(",") if v.strip()]

    try:
        quads = [int(v) for v in split(opts.get("quad"))]
    except ValueError:
        raise QueryError(f"--quad takes numbers 1-4, not {opts.get('quad')!r}") from None
    return EventFilter(
        actor=opts.get("actor"), source=opts.get("source"), target=opts.get("target"),
        country=opts.get("country"), sector=opts.get("sector"), type=split(opts.get("types")),
        quad_class=quads, since=opts.get("since"), until=opts.get("until"),
        negated=opts.get("negated"), modality=split(opts.get("modality")),
        place=opts.get("place"), text=opts.get("text"), min_articles=opts.get("min_articles"),
        document=opts.get("document"), **extra,
    ).validated()  # fmt: skip


_FILTER_KEYS = ("actor", "source", "target", "country", "sector", "types", "quad", "since",
                "until", "negated", "modality", "place", "text", "min_articles", "document")


def _print_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    import csv
    import json

    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore",
                                lineterminator="\n")  # fmt: skip
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console().print(table)


@click.command("query")
@db_option
@_filter_options
@click.option("--sort", default="-date", show_default=True,
              help="date, -date, articles, -articles, intensity, -intensity.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True)  # fmt: skip
def query_command(db: str, sort: str, limit: int, offset: int, fmt: str, **opts) -> None:  # type: ignore[no-untyped-def]
    """Events in the store that match the filters.

    Examples:

      wirecoder query --actor Putin --type CONSULT --since 2025-05-01

      wirecoder query --country RUS --negated --format json

      wirecoder query --text ceasefire --format csv > ceasefire.csv
    """
    from wirecoder.store.query import query_events

    try:
        f = _make_filter(opts, sort=sort, limit=limit, offset=offset)
        store = _open(db)
        rows = query_events(store, f)
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    columns = None
    if fmt == "table":
        columns = ["date", "type", "source_name", "target_name", "negated", "modality",
                   "place_name", "num_articles", "sentence"]  # fmt: skip
    _print_rows(rows, fmt, columns)


@click.command("stats")
@db_option
@_filter_options
@click.option("--by", default="day,type", show_default=True,
              help="Comma-separated: day, week, month, year, type, quad, dyad, source, target, "
              "country, source_country, target_country, modality, negated.")  # fmt: skip
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True)  # fmt: skip
def stats_command(db: str, by: str, fmt: str, **opts) -> None:  # type: ignore[no-untyped-def]
    """Event counts grouped by time, type, actors or countries.

    Examples:

      wirecoder stats --by day,type --country RUS

      wirecoder stats --by week,dyad --since 2025-05-01 --format csv
    """
    from wirecoder.store.stats import event_stats

    try:
        f = _make_filter(opts)
        store = _open(db)
        rows = event_stats(store, [b for b in by.split(",") if b.strip()], f)
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    _print_rows(rows, fmt)


@click.command("export")
@db_option
@_filter_options
@click.option("--format", "-f", "fmt", required=True,
              type=click.Choice(["plover", "jsonl", "gdelt", "gdelt-csv", "parquet"]),
              help="plover: PLOVER JSONL; gdelt: GDELT 2.0 Events-style TSV (61 columns); "
              "gdelt-csv: the same, comma-separated; parquet; jsonl: flat events with mentions.")
@click.option("--out", "-o", default="-", show_default=True,
              help="Output file ('-' is stdout; Parquet needs a file).")
@click.option("--include-negated", is_flag=True,
              help="GDELT formats: keep negated events (GDELT itself has no negation).")
def export_command(db: str, fmt: str, out: str, include_negated: bool, **opts) -> None:  # type: ignore[no-untyped-def]
    """Write stored events (all, or those matching the filters) as PLOVER, GDELT or Parquet.

    Examples:

      wirecoder export --format plover --out events.jsonl

      wirecoder export --format gdelt --country RUS --since 2025-05-01 > rus.tsv

      wirecoder export --format parquet --out events.parquet
    """
    from wirecoder.store.export import export_events

    try:
        f = _make_filter(opts)
        store = _open(db)
        written = export_events(store, fmt, out, f, include_negated=include_negated)  # type: ignore[arg-type]
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    click.echo(f"{written} event(s) written" + ("" if out == "-" else f" to {out}"), err=True)


@click.group("actors")
def actors_group() -> None:
    """Canonical actors in the store: list them, add aliases (which also merges).

    Examples:

      wirecoder actors list --name zelen

      wirecoder actors alias "Zelenskyy" person:volodymyr-zelensky
    """


@actors_group.command("list")
@db_option
@click.option("--name", help="Only actors whose name contains this.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table")  # fmt: skip
def actors_list(db: str, name: str | None, limit: int, fmt: str) -> None:
    """Actors with their number of events, most active first."""
    from wirecoder.store.actor_queries import list_actors

    store = _open(db)
    _print_rows(list_actors(store, name=name, limit=limit), fmt)


@actors_group.command("alias")
@click.argument("alias")
@click.argument("actor")
@db_option
def actors_alias(alias: str, actor: str, db: str) -> None:
    """Make ALIAS name ACTOR (an actor id or exact name) from now on, and merge stored actors
    named ALIAS into it.

    Example: wirecoder actors alias "Zelenskyy" person:volodymyr-zelensky
    """
    from wirecoder.store.actors import add_user_alias
    from wirecoder.store.writer import now_iso

    store = _open(db)
    try:
        with store.engine.begin() as conn:
            actor_id, merged = add_user_alias(conn, alias, actor, now_iso())
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    suffix = f" ({merged} stored actor(s) merged)" if merged else ""
    click.echo(f"{alias!r} → {actor_id}{suffix}")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="WIRECODER_API_TOKEN",
              help="Bearer token for writes (env WIRECODER_API_TOKEN); beyond loopback, also "
              "for reads.")  # fmt: skip
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline for POST /api/code.")
def serve_command(db: str, host: str, port: int, token: str | None, model: str | None) -> None:
    """Serve the REST API (/api, /docs) and the web UI over a store.

    Example:

      wirecoder serve --db wirecoder.db --port 8000
    """
    import ipaddress

    import uvicorn

    from wirecoder.api import create_app

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        click.echo(f"refusing to serve on {host} without a token: set WIRECODER_API_TOKEN "
                   "(or --token); beyond loopback every request needs it", err=True)  # fmt: skip
        sys.exit(EXIT_INPUT)
    _open(db).close()  # a clear one-line error for a bad --db, before the server starts
    app = create_app(db, token=token, model=model, read_token=not loopback)
    click.echo(f"wirecoder on http://{host}:{port}  (API docs: /docs; store: {db})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [serve_command, ingest_command, query_command, stats_command, export_command, errors_command,
            actors_group, db_group]  # fmt: skip
