"""A real, throwaway PostgreSQL server: the history tests' (tests/conftest.py) and the benchmark's
(benchmarks/history_postgres.py).

Debian's PostgreSQL 15 (`apt-get install postgresql`), run as a cluster of its own in a temporary folder:
initdb, then pg_ctl on a free port with its unix socket in that folder, as the `postgres` user when this
runs as root (PostgreSQL refuses to run as root). Settings for a throwaway: no fsync.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

# The reviewers' role has a password with every character a URL must escape: the tests look for it (and
# its escaped form) in everything mtreview prints and writes.
PASSWORD = "s3cr:et@desk/%pw"
READER_PASSWORD = "read-only-pw-7f3a"


def _bin_dir() -> Path | None:
    """PostgreSQL's programs: $MTREVIEW_PG_BIN, else Debian's 15, else the newest Debian version there."""
    if os.environ.get("MTREVIEW_PG_BIN"):
        return Path(os.environ["MTREVIEW_PG_BIN"])
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
    preferred = Path("/usr/lib/postgresql/15/bin")
    if (preferred / "initdb").exists():
        return preferred
    return versions[0].parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    folder: Path
    port: int
    user: str | None  # the system user the server runs as (None: the tests' own)

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def admin(self) -> Any:
        """A superuser connection over the unix socket (trusted), in autocommit."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres",
                               autocommit=True)

    def url(self, database: str, user: str = "desk", password: str | None = PASSWORD) -> str:
        """A TCP URL with a password (scram-sha-256), as a desk's would be."""
        credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "")
        return f"postgresql://{credentials}@127.0.0.1:{self.port}/{database}"

    _numbers = itertools.count(1)

    def new_database(self, owner: str = "desk") -> str:
        name = f"history_{os.getpid()}_{next(self._numbers)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return name


def _as_server_user(user: str | None) -> dict[str, Any]:
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start_server() -> PostgresServer:
    """A running server with two roles, desk (PASSWORD) and reader (READER_PASSWORD); RuntimeError saying
    why when none can be started."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        raise RuntimeError("PostgreSQL's initdb is not installed (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise RuntimeError(f"psycopg is not installed (pip install 'mtreview[postgres]'): {error}") from error
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            raise RuntimeError("running as root, and there is no postgres user to run the server as") from None
    folder = Path(tempfile.mkdtemp(prefix="mtreview-pg-"))
    if user is not None:
        shutil.chown(folder, user=user)
    run_as = _as_server_user(user)
    try:
        subprocess.run([str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"],
                       check=True, capture_output=True, text=True, timeout=120, **run_as)
        port = _free_port()
        options = (f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=80 -c shared_buffers=32MB")
        subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log"),
                        "-w", "-t", "60", "-o", options, "start"],
                       check=True, capture_output=True, text=True, timeout=90, **run_as)
    except (subprocess.SubprocessError, OSError) as error:
        log = folder / "server.log"
        detail = getattr(error, "stderr", "") or (log.read_text(errors="replace")[-500:] if log.exists() else "")
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"cannot start a PostgreSQL server: {error} {detail}".strip()) from error
    server = PostgresServer(folder, port, user)
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE desk LOGIN PASSWORD '{PASSWORD}'")
        conn.execute(f"CREATE ROLE reader LOGIN PASSWORD '{READER_PASSWORD}'")
    return server


def stop_server(server: PostgresServer) -> None:
    bin_dir = _bin_dir()
    if bin_dir is not None:
        subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, **_as_server_user(server.user))
    shutil.rmtree(server.folder, ignore_errors=True)
