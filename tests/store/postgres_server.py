"""A throwaway PostgreSQL server for the store tests: initdb in a temp folder, pg_ctl start.

The server listens on a free loopback port (its unix socket stays in the temp folder),
with a random password for TCP logins, and is deleted with its folder when stopped.
PostgreSQL refuses to run as root, so under root it runs as the `postgres` system user
(or `nobody`). Durability is off (fsync, synchronous_commit): a test server need not
survive a power cut, and the tests need not wait for disks.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL = "apt-get install postgresql"
USER = "newstrace"
START_TIMEOUT_S = 60


def find_bindir() -> Path | None:
    """The folder of the server binaries (initdb, pg_ctl), or None when not installed.

    Looked for where `pg_config --bindir` says, then in Debian's
    /usr/lib/postgresql/VERSION/bin (newest first), then on PATH.
    """
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip():
            candidates.append(Path(done.stdout.strip()))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda path: _version(path.parent.name), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unprivileged() -> pwd.struct_passwd | None:
    """The account to run the server as: None when not root (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no postgres or nobody account to run PostgreSQL as")


@dataclass
class Server:
    """A running test server; `url(name)` is the URL of one of its databases."""

    bindir: Path
    root: Path
    port: int
    password: str
    account: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, *, password: bool = True) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self):
        """An autocommit connection to the `postgres` database, for creating others."""
        import psycopg

        return psycopg.connect(self.url("postgres"), autocommit=True)

    def create_database(self, name: str) -> str:
        """A new, empty database `name`; its URL."""
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def run(self, *command: str) -> subprocess.CompletedProcess:
        """Run a server binary as the server's account."""
        kwargs = {}
        if self.account is not None:
            kwargs = {
                "user": self.account.pw_uid,
                "group": self.account.pw_gid,
                "extra_groups": [],
            }
        return subprocess.run(
            [str(self.bindir / command[0]), *command[1:]],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C"},
            **kwargs,
        )

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)


def start(bindir: Path, *, durable: bool = False) -> Server:
    """initdb a new cluster in a temp folder and start it; the running `Server`.

    `durable` keeps PostgreSQL's own defaults (fsync on every commit), for benchmarks.

    Raises:
        RuntimeError: initdb or pg_ctl failed (with their output and the server log).
    """
    root = Path(tempfile.mkdtemp(prefix="newstrace-pg-"))
    account = _unprivileged()
    server = Server(
        bindir=bindir,
        root=root,
        port=free_port(),
        password=secrets.token_urlsafe(16),
        account=account,
    )
    password_file = root / "password"
    password_file.write_text(server.password, encoding="utf-8")
    if account is not None:
        for path in (root, password_file):
            os.chown(path, account.pw_uid, account.pw_gid)
    done = server.run(
        "initdb",
        "-D",
        str(server.data),
        "-U",
        USER,
        f"--pwfile={password_file}",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
    )
    password_file.unlink()
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
    settings: dict[str, object] = {
        "port": server.port,
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": str(root),
        "max_connections": 50,
    }
    if not durable:
        settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
    options = " ".join(f"-c {name}={value}" for name, value in settings.items())
    done = server.run(
        "pg_ctl",
        "start",
        "-D",
        str(server.data),
        "-l",
        str(root / "server.log"),
        "-w",
        "-t",
        str(START_TIMEOUT_S),
        "-o",
        options,
    )
    if done.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")[-3000:]
        server.stop()
        raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")
    return server
