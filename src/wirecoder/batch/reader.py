"""Stream a batch's input documents: folders (recursively), text/HTML files, JSONL, ``.jsonl.gz``.

Reading is lazy from end to end: files are listed and opened one at a time, JSONL is read a line
at a time (gzip included), and nothing is kept once it has been handed on, so memory stays flat
however large the corpus. It happens in two steps so that engines can split them:

- :func:`list_sources` walks the inputs and yields one :class:`Source` per file (cheap: names
  only). Folders are walked recursively in sorted order, skipping hidden files and folders and
  files of other kinds. An input that does not exist becomes an error record.
- :func:`read_source` yields the documents of one file, each as a
  :class:`~wirecoder.schema.RawDocument`, or an :class:`~wirecoder.schema.ErrorRecord` for a
  document that cannot be used (empty, binary, not English, a bad JSONL line, a broken gzip
  stream, ...). It never raises for a bad document.

Inputs may also be URIs that ``pyarrow.fs`` understands (``s3://bucket/prefix``,
``gs://...``, ``hdfs://...``, ``file:///...``): their files are listed with ``pyarrow.fs`` and
each is copied to a temporary file while it is read. A date in a file's name
(``report_2025-05-16.txt``) is used for documents that carry none, as ``wirecoder ingest`` does.

Document names: a file directly inside an input folder is named by its file name (as in
``wirecoder code`` / ``ingest``), a file deeper down by its path below the input folder
(``2025/05/report.txt``); JSONL lines without an ``id`` are ``<name>:<line>``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.ingest.reader import is_supported
from wirecoder.schema import ErrorRecord, RawDocument

_URI_SCHEMES = ("s3://", "gs://", "gcs://", "hdfs://", "abfs://", "abfss://", "file://")


@dataclass(frozen=True)
class Source:
    """One input file: where it is (a local path or a URI) and the name its documents get."""

    location: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"location": self.location, "name": self.name}


def is_uri(arg: str) -> bool:
    return arg.lower().startswith(_URI_SCHEMES)


def _supported_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and is_supported(Path(base))


def _walk_local(root: Path) -> Iterator[Source]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for name in sorted(files):
            if not _supported_name(name):
                continue
            path = base / name
            rel = path.relative_to(root).as_posix()
            yield Source(str(path), rel)


def _walk_uri(uri: str) -> Iterator[Source | ErrorRecord]:
    try:
        from pyarrow import fs as pafs

        filesystem, root = pafs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(uri)
        if info.type == pafs.FileType.File:
            yield Source(uri, root.rsplit("/", 1)[-1])
            return
        selector = pafs.FileSelector(root, recursive=True)
        infos = sorted(
            (i for i in filesystem.get_file_info(selector) if i.type == pafs.FileType.File),
            key=lambda i: i.path,
        )
    except Exception as exc:  # noqa: BLE001 - a missing bucket or no credentials: one record
        message = f"[E008] {uri}: cannot list: {type(exc).__name__}: {exc}"
        yield ErrorRecord(doc_id=uri, code="E008", source_path=uri, error=message)
        return
    prefix = uri.rstrip("/")
    for info in infos:
        rel = info.path[len(root.rstrip("/")) :].lstrip("/")
        if any(part.startswith(".") for part in rel.split("/")) or not _supported_name(rel):
            continue
        yield Source(f"{prefix}/{rel}", rel)


def list_sources(inputs: Iterable[str]) -> Iterator[Source | ErrorRecord]:
    """One :class:`Source` per input file, in order; a missing input as an error record."""
    for arg in inputs:
        arg = str(arg)
        if is_uri(arg):
            yield from _walk_uri(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk_local(path)
        elif path.is_file():
            yield Source(str(path), path.name)
        else:
            yield ErrorRecord(doc_id=path.name or arg, code="E008", source_path=arg,
                              error=f"[E008] {arg}: no such file or folder")  # fmt: skip


def _rename(item: RawDocument | ErrorRecord, file_name: str, name: str) -> None:
    """Name a document after its path below the input folder rather than its bare file name."""
    if name == file_name:
        return
    if item.doc_id == file_name:
        item.doc_id = name
    elif item.doc_id.startswith(file_name + ":"):
        item.doc_id = name + item.doc_id[len(file_name) :]


def read_source(
    source: Source,
    *,
    published: str | None = None,
    max_bytes: int | None = None,
    date_from_name: bool = True,
) -> Iterator[RawDocument | ErrorRecord]:
    """The documents of one file, in order; every problem as an error record, never raised."""
    from wirecoder.ingest import read_path
    from wirecoder.store.ingest import _date_from_name

    base = source.name.rsplit("/", 1)[-1]
    tmpdir = None
    try:
        if is_uri(source.location):
            from pyarrow import fs as pafs

            filesystem, remote = pafs.FileSystem.from_uri(source.location)
            tmpdir = tempfile.mkdtemp(prefix="wirecoder-batch-")
            local = Path(tmpdir) / base
            with filesystem.open_input_stream(remote) as src, open(local, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        else:
            local = Path(source.location)
        name_date = _date_from_name(local) if date_from_name and not published else None
        for item in read_path(local, published=published, max_bytes=max_bytes):
            _rename(item, base, source.name)
            if tmpdir is not None:
                item.source_path = source.location
            if isinstance(item, RawDocument) and item.published is None and name_date:
                item.published = name_date
            yield item
    except InputError as exc:
        yield ErrorRecord(doc_id=source.name, error=exc.one_line(), code=exc.code,
                          source_path=source.location)  # fmt: skip
    except (OSError, EOFError, ValueError) as exc:  # broken gzip stream, unreadable file, ...
        message = f"[E006] {source.name}: cannot read: {type(exc).__name__}: {exc}"
        yield ErrorRecord(doc_id=source.name, code="E006", source_path=source.location,
                          error=message)
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


def read_inputs(
    inputs: Iterable[str],
    *,
    published: str | None = None,
    max_bytes: int | None = None,
    date_from_name: bool = True,
) -> Iterator[RawDocument | ErrorRecord]:
    """Every document of every input, lazily and in order (see the module docs)."""
    for source in list_sources(inputs):
        if isinstance(source, ErrorRecord):
            yield source
            continue
        yield from read_source(source, published=published, max_bytes=max_bytes,
                               date_from_name=date_from_name)  # fmt: skip


def estimate_total(inputs: Iterable[str], *, max_lines_bytes: int = 200 << 20) -> int | None:
    """How many documents the inputs hold, when cheap to know (for a progress bar's ETA).

    Counts files and JSONL lines; gives up (None) on URIs and when the JSONL to count exceeds
    ``max_lines_bytes`` on disk (counting a huge gzipped file costs as much as reading it).
    """
    total = 0
    budget = max_lines_bytes
    for source in list_sources(inputs):
        if isinstance(source, ErrorRecord):
            total += 1
            continue
        if is_uri(source.location):
            return None
        path = Path(source.location)
        lower = path.name.lower()
        if lower.endswith((".jsonl", ".jsonl.gz")):
            budget -= path.stat().st_size * (5 if lower.endswith(".gz") else 1)
            if budget < 0:
                return None
            import gzip

            opener = gzip.open if lower.endswith(".gz") else open
            try:
                with opener(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total
