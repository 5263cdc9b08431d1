"""A throw-away PostgreSQL server for the test suite (standard library only).

``TempPostgres`` runs ``initdb`` into a fresh temporary directory, starts the server with
``pg_ctl`` listening only on 127.0.0.1 on a free port (unix socket inside the temporary
directory), creates the database ``wirecoder_test`` and exposes a SQLAlchemy URL::

    with TempPostgres() as pg:
        engine = create_engine(pg.url)

PostgreSQL refuses to run as root, so when this process is root every PostgreSQL program runs
as the ``postgres`` system user (``runuser``, else ``su``) and the temporary directory is handed
to that user. Nothing is created: without a ``postgres`` user, root gets a RuntimeError.

``scripts/pg-test-server`` wraps this module for CI (``start DIR`` / ``stop DIR``).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

__all__ = ["DB_NAME", "DB_USER", "TempPostgres", "find_pg_bin", "fresh_pg_database"]

DB_USER = "wirecoder"
DB_NAME = "wirecoder_test"
SERVICE_USER = "postgres"  # the system user PostgreSQL runs as when we are root
_LOG_TAIL_LINES = 40
_START_ATTEMPTS = 3  # a free port found by binding to port 0 can be taken before postgres binds it
# A unix socket path (dir + "/.s.PGSQL.NNNNN") must fit in sockaddr_un.sun_path (108 bytes).
_MAX_SOCKET_DIR = 90


def find_pg_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None.

    ``$WIRECODER_PG_BIN`` when set (None when it holds no ``initdb``), else the newest
    ``/usr/lib/postgresql/<version>/bin`` (Debian/Ubuntu layout), else the directory of
    ``initdb`` on ``PATH``.
    """
    env = os.environ.get("WIRECODER_PG_BIN")
    if env:
        path = Path(env)
        return path if _has_tools(path) else None

    def version_key(path: str) -> tuple[int, ...]:
        name = Path(path).parent.name  # /usr/lib/postgresql/<name>/bin
        return tuple(int(part) for part in re.findall(r"\d+", name))

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True):
        if _has_tools(Path(candidate)):
            return Path(candidate)

    initdb = shutil.which("initdb")
    if initdb:
        path = Path(initdb).resolve().parent
        if _has_tools(path):
            return path
    return None


def _has_tools(path: Path) -> bool:
    return all(os.access(path / tool, os.X_OK) for tool in ("initdb", "pg_ctl"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


class TempPostgres:
    """A PostgreSQL server in a temporary directory, for the life of a ``with`` block.

    ``base_dir``: where the temporary directory is made (default: the system temp dir).
    ``port``: the TCP port on 127.0.0.1 (default: a free one).
    After :meth:`start`, :attr:`url` is
    ``postgresql+psycopg://wirecoder@127.0.0.1:<port>/wirecoder_test``
    (no password: the cluster uses ``trust`` authentication and listens only on loopback).
    """

    def __init__(self, base_dir: Path | None = None, port: int | None = None) -> None:
        self.base_dir = Path(base_dir) if base_dir is not None else None
        self.port: int | None = port
        self._fixed_port = port is not None
        self.bin_dir: Path | None = None
        self.tmp_dir: Path | None = None
        self.url: str = ""
        self._running = False

    # -- layout -------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self._require_tmp() / "data"

    @property
    def socket_dir(self) -> Path:
        return self._require_tmp() / "sock"

    @property
    def log_file(self) -> Path:
        return self._require_tmp() / "server.log"

    def _require_tmp(self) -> Path:
        if self.tmp_dir is None:
            raise RuntimeError("TempPostgres has not been started")
        return self.tmp_dir

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> TempPostgres:
        if self._running:
            return self
        bin_dir = find_pg_bin()
        if bin_dir is None:
            raise RuntimeError(
                "PostgreSQL server programs (initdb, pg_ctl) not found: install the Debian "
                "package 'postgresql', or set WIRECODER_PG_BIN to the directory holding them"
                + (
                    f" (WIRECODER_PG_BIN={os.environ['WIRECODER_PG_BIN']!r} holds no initdb/pg_ctl)"
                    if os.environ.get("WIRECODER_PG_BIN")
                    else ""
                )
            )
        self.bin_dir = bin_dir
        run_as = _service_user()  # raises when root without a postgres user

        self.tmp_dir = Path(tempfile.mkdtemp(prefix="wirecoder-pg-", dir=self.base_dir))
        try:
            self._start_in_tmp(run_as)
        except BaseException:
            self._cleanup_after_failure()
            raise
        self._running = True
        return self

    def _start_in_tmp(self, run_as: pwd.struct_passwd | None) -> None:
        tmp = self._require_tmp()
        if len(str(self.socket_dir)) > _MAX_SOCKET_DIR:
            raise RuntimeError(
                f"temporary directory path too long for a unix socket: {self.socket_dir} "
                "(pass a shorter base_dir)"
            )
        self.socket_dir.mkdir()
        if run_as is not None:
            for path in (tmp, self.socket_dir):
                os.chown(path, run_as.pw_uid, run_as.pw_gid)
            probe = _run(["test", "-w", str(tmp)], run_as, tmp, check=False)
            if probe.returncode != 0:
                raise RuntimeError(
                    f"user {run_as.pw_name!r} cannot write to {tmp}: a parent directory is not "
                    "traversable by that user (pass a base_dir under /tmp)"
                )

        initdb = _run(
            [
                str(self.bin_dir / "initdb"),
                "-D", str(self.data_dir),
                "-A", "trust",
                "-U", DB_USER,
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            run_as,
            tmp,
            check=False,
        )
        if initdb.returncode != 0:
            raise RuntimeError(
                f"initdb failed (exit {initdb.returncode}):\n{initdb.stdout[-4000:]}"
            )

        for attempt in range(_START_ATTEMPTS):
            if not self._fixed_port:
                self.port = _free_port()
            result = self._pg_ctl_start(run_as)
            if result.returncode == 0:
                break
            log = _tail(self.log_file)
            port_taken = "could not bind" in log or "already in use" in log
            if self._fixed_port or not port_taken or attempt == _START_ATTEMPTS - 1:
                raise RuntimeError(
                    f"PostgreSQL did not start on 127.0.0.1:{self.port} "
                    f"(pg_ctl exit {result.returncode}): {result.stdout.strip()}\n"
                    f"--- tail of {self.log_file} ---\n{log}"
                )
            self.log_file.unlink(missing_ok=True)

        created = _run(
            [
                str(self.bin_dir / "createdb"),
                "-h", "127.0.0.1",
                "-p", str(self.port),
                "-U", DB_USER,
                "-E", "UTF8",
                DB_NAME,
            ],
            run_as,
            tmp,
            check=False,
        )
        if created.returncode != 0:
            raise RuntimeError(
                f"createdb {DB_NAME} failed (exit {created.returncode}): {created.stdout.strip()}\n"
                f"--- tail of {self.log_file} ---\n{_tail(self.log_file)}"
            )
        self.url = f"postgresql+psycopg://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def _pg_ctl_start(self, run_as: pwd.struct_passwd | None) -> subprocess.CompletedProcess[str]:
        # pg_ctl hands -o to /bin/sh, hence the shell quoting of the values.
        options = " ".join(
            f"-c {name}={shlex.quote(value)}"
            for name, value in (
                ("listen_addresses", "127.0.0.1"),
                ("port", str(self.port)),
                ("unix_socket_directories", str(self.socket_dir)),
                ("fsync", "off"),
                ("synchronous_commit", "off"),
                ("full_page_writes", "off"),
            )
        )
        return _run(
            [
                str(self._require_bin() / "pg_ctl"),
                "-D", str(self.data_dir),
                "-l", str(self.log_file),
                "-o", options,
                "-w",
                "-t", "60",
                "start",
            ],
            run_as,
            self._require_tmp(),
            check=False,
        )

    def _require_bin(self) -> Path:
        if self.bin_dir is None:
            raise RuntimeError("TempPostgres has not been started")
        return self.bin_dir

    def stop(self) -> None:
        """Stop the server (``pg_ctl -m fast stop``) and remove the temporary directory."""
        if self.tmp_dir is None:
            return
        try:
            if self._running:
                stop_server(self.tmp_dir, self.bin_dir)
        finally:
            self._running = False
            shutil.rmtree(self.tmp_dir, ignore_errors=True)
            self.tmp_dir = None
            self.url = ""

    def _cleanup_after_failure(self) -> None:
        tmp = self.tmp_dir
        if tmp is None:
            return
        if (tmp / "data" / "postmaster.pid").exists() and self.bin_dir is not None:
            try:
                stop_server(tmp, self.bin_dir, mode="immediate")
            except Exception:  # noqa: BLE001 - best effort; the original error matters more
                pass
        shutil.rmtree(tmp, ignore_errors=True)
        self.tmp_dir = None

    def __enter__(self) -> TempPostgres:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<TempPostgres {state} port={self.port} dir={self.tmp_dir}>"


def stop_server(tmp_dir: Path, bin_dir: Path | None = None, mode: str = "fast") -> None:
    """Stop the server whose temporary directory is ``tmp_dir`` (directory is left in place).

    Does nothing when no server is running there. Used by :meth:`TempPostgres.stop` and by
    ``scripts/pg-test-server stop``.
    """
    tmp_dir = Path(tmp_dir)
    data_dir = tmp_dir / "data"
    if not (data_dir / "postmaster.pid").exists():
        return
    bin_dir = bin_dir or find_pg_bin()
    if bin_dir is None:
        raise RuntimeError(f"cannot stop the server in {data_dir}: pg_ctl not found")
    result = _run(
        [str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", mode, "-w", "-t", "60", "stop"],
        _service_user(),
        tmp_dir,
        check=False,
    )
    if result.returncode != 0 and (data_dir / "postmaster.pid").exists():
        raise RuntimeError(
            f"pg_ctl stop failed (exit {result.returncode}): {result.stdout.strip()}\n"
            f"--- tail of {tmp_dir / 'server.log'} ---\n{_tail(tmp_dir / 'server.log')}"
        )


# -- running PostgreSQL programs ------------------------------------------------------------------
def _service_user() -> pwd.struct_passwd | None:
    """None when we may run PostgreSQL ourselves; the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise RuntimeError(
            f"running as root, and PostgreSQL refuses to run as root, but there is no "
            f"{SERVICE_USER!r} system user to run it as (installing the Debian package "
            "'postgresql' creates one); or run the tests as an ordinary user"
        ) from None


def _clean_env() -> dict[str, str]:
    # PG* variables (PGHOST, PGPORT, PGDATA, ...) from the caller must not redirect our commands.
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


def _run(
    cmd: list[str], run_as: pwd.struct_passwd | None, cwd: Path, *, check: bool
) -> subprocess.CompletedProcess[str]:
    if run_as is not None:
        if shutil.which("runuser"):
            cmd = ["runuser", "-u", run_as.pw_name, "--", *cmd]
        else:
            cmd = ["su", run_as.pw_name, "-s", "/bin/sh", "-c", shlex.join(cmd)]
    # cwd: the postgres user may not be able to enter the caller's directory (e.g. /root).
    return subprocess.run(
        cmd,
        cwd=cwd,
        env=_clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=check,
    )


def fresh_pg_database(server_url: str) -> str:
    """Create an empty database on the test server and return its URL."""
    import psycopg  # the test environment has it; this module stays importable without
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)
