"""The ``wirecoder`` command line: a thin layer over the library.

Each command calls one library function; errors about a document are printed as one line
naming it (``[E004] notes.txt: ...``) with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from wirecoder.errors import WirecoderError
from wirecoder.schema import CodedDocument, ErrorRecord, RawDocument

EXIT_INPUT = 2
EXIT_PARTIAL = 3


def _coder(model: str | None):  # type: ignore[no-untyped-def]
    from wirecoder.coder import Coder

    return Coder(model=model)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wirecoder")
def main() -> None:
    """Code news reports into sourced, explainable PLOVER event data."""


def _documents(
    paths: tuple[str, ...], fmt: str | None, published: str | None, max_bytes: int | None
) -> Iterator[RawDocument | ErrorRecord]:
    from wirecoder.ingest import from_text, read_path

    for path in paths:
        if path == "-":
            data = sys.stdin.read()
            yield from_text(data, doc_id="stdin", published=published, max_bytes=max_bytes)
            continue
        yield from read_path(path, fmt=fmt, published=published, max_bytes=max_bytes)


def _print_explain(doc: CodedDocument, explain: list[dict], out: TextIO) -> None:
    out.write(f"# {doc.doc_id}: {len(doc.events)} event(s), {len(doc.actors)} actor(s), "
              f"{len(doc.quotes)} quote(s)\n")  # fmt: skip
    names = {a.id: a.name for a in doc.actors}
    by_id = {e.id: e for e in doc.events}
    for record in explain:
        out.write(f"\n[{record['sentence']}] ({record['kind']}) {record['text'].strip()}\n")
        for event_id in record["events"]:
            e = by_id[event_id]
            src = ", ".join(names.get(i, i) for i in e.source)
            tgt = ", ".join(names.get(i, i) for i in e.target) or "-"
            flags = (" NEGATED" if e.negated else "") + (" background" if e.background else "")
            out.write(f"  EVENT {e.type}{flags} [{e.modality}] {src} -> {tgt} "
                      f"trigger='{e.trigger.text}' date={e.date} conf={e.confidence}\n")  # fmt: skip
            for field, why in e.reasons.items():
                out.write(f"      {field}: {why}\n")
        if not record["events"]:
            out.write("  no event:\n")
        for note in record["notes"]:
            if not note.startswith("'") or "→" not in note:
                out.write(f"    - {note}\n")


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "jsonl", "plover"]),
              default=None, help="Output: one JSON document (default for one input), JSONL "
              "(one document per line), or PLOVER-manual event records (JSONL).")  # fmt: skip
@click.option(
    "--input-format",
    type=click.Choice(["text", "html", "jsonl"]),
    default=None,
    help="Force the input format (default: from the file extension).",
)
@click.option("--published", help="Publication date YYYY-MM-DD (relative dates resolve to it).")
@click.option("--explain", is_flag=True, help="Per sentence: which events and why, or why none.")
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline to use.")
@click.option(
    "--max-bytes",
    type=int,
    envvar="WIRECODER_MAX_BYTES",
    help="Largest input document in bytes (default 5,000,000).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here, not stdout.")
def code_command(
    inputs: tuple[str, ...], fmt: str | None, input_format: str | None, published: str | None,
    explain: bool, model: str | None, max_bytes: int | None, output: str | None,
) -> None:  # fmt: skip
    """Code articles (text, HTML, JSONL) into events.

    Examples:

      wirecoder code article.txt --published 2025-05-15 > article.json

      wirecoder code docs.jsonl --format jsonl

      wirecoder code article.txt --explain
    """
    from wirecoder.plover_records import plover_records

    jsonl_input = input_format == "jsonl" or any(
        p.endswith((".jsonl", ".jsonl.gz")) for p in inputs
    )
    many = len(inputs) > 1 or jsonl_input or any(Path(p).is_dir() for p in inputs)
    fmt = fmt or ("jsonl" if many else "json")
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    failures = 0
    done = 0
    try:
        coder = _coder(model)
        items = _documents(inputs, input_format, published, max_bytes)
        for item in _code_stream(coder, items, explain):
            if isinstance(item, ErrorRecord):
                failures += 1
                click.echo(item.error, err=True)
                if fmt == "jsonl":
                    out.write(json.dumps({"error": item.model_dump()}) + "\n")
                continue
            doc, notes = item
            done += 1
            for warning in doc.warnings:
                click.echo(f"warning: {warning}", err=True)
            if explain:
                _print_explain(doc, notes, out)
            elif fmt == "plover":
                for record in plover_records(doc):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif fmt == "jsonl":
                out.write(doc.model_dump_json() + "\n")
            else:
                out.write(doc.model_dump_json(indent=2) + "\n")
    except WirecoderError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(EXIT_INPUT)
    finally:
        if output:
            out.close()
    if failures:
        sys.exit(EXIT_INPUT if done == 0 else EXIT_PARTIAL)


def _code_stream(coder, items, explain: bool):  # type: ignore[no-untyped-def]
    """Code items one by one so per-document explanations stay available."""
    from wirecoder.coder import assemble
    from wirecoder.errors import InputError

    for item in items:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        try:
            doc = coder.nlp(coder._prepare(item))
            yield assemble(doc, item), (doc._.explain or [])
        except InputError as exc:
            yield ErrorRecord(doc_id=item.doc_id, error=exc.one_line(), code=exc.code)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
            yield ErrorRecord(doc_id=item.doc_id, code="E099",
                              error=f"[E099] {item.doc_id}: {type(exc).__name__}: {exc}")  # fmt: skip


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--articles",
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding the gold's articles (default: beside the gold, or ../examples).",
)
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline to use.")
def eval_command(gold: str, fmt: str, articles: str | None, model: str | None) -> None:
    """Score wirecoder against gold annotations (P/R/F1, negation, dates, quotes, entities).

    Examples:

      wirecoder eval ../shared/eval/istanbul_talks_2025-05-15.gold.json

      wirecoder eval tests/articles --format json

      wirecoder eval ../shared/eval/plover_gsr/
    """
    from wirecoder.evaluate import detect_and_evaluate, render_json, render_text

    try:
        scores = detect_and_evaluate(gold, _coder(model), articles_dir=articles)
    except (WirecoderError, FileNotFoundError, ValueError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    click.echo(render_json(scores) if fmt == "json" else render_text(scores))


@main.command("train-events")
@click.argument("folder", type=click.Path(exists=True, file_okay=False), default="training/plover")
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False),
    default="src/wirecoder/data/models/event_classifier.v1.json.gz", show_default=True,
    help="Where to write the model (the default is the one the package ships).",
)  # fmt: skip
@click.option("--model", envvar="WIRECODER_MODEL", help="spaCy pipeline to parse with.")
def train_events_command(folder: str, out: str, model: str | None) -> None:
    """Train the event classifier on our own annotated sentences (``training/plover``).

    Prints held-out figures (1 sentence in 5 kept out), then refits on everything and writes the
    model. Deterministic: the same data and pipeline give the same file.

    Examples:

      wirecoder train-events                      # = make model: rebuild the packaged model

      wirecoder train-events my_sentences/ -o /tmp/my_model.json.gz
      WIRECODER_EVENT_MODEL=/tmp/my_model.json.gz wirecoder code article.txt
    """
    from wirecoder.coder import load_pipeline
    from wirecoder.pipeline.events.training import train

    try:
        report = train(folder, out, load_pipeline(model), log=click.echo)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    click.echo(json.dumps(report, indent=1))


def _add_store_commands() -> None:
    from wirecoder.cli_batch import batch_command
    from wirecoder.cli_store import COMMANDS

    for command in [*COMMANDS, batch_command]:
        main.add_command(command)


_add_store_commands()


if __name__ == "__main__":
    main()
