"""A throw-away PostgreSQL cluster for the integration tests: a temp folder, 127.0.0.1, a free port.

Uses Debian's `postgresql` binaries (initdb, pg_ctl). PostgreSQL refuses to run as root, so as root the
cluster runs as the unprivileged user `nobody`. Trust authentication on loopback only.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from curate.server import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: `apt-get install postgresql` (Debian) to run "
                           "the integration tests on PostgreSQL")
    return found


class Cluster:
    """A running throw-away cluster; `url` is what `curate server start --database` takes."""

    def __init__(self) -> None:
        # Its own folder straight under the temp dir: pytest's folders are private to root, and the
        # cluster's user must reach its own.
        base = self.base = Path(tempfile.mkdtemp(prefix="curate-pg-"))
        self.data = base / "pgdata"
        self.sockets = base / "sockets"
        self.port = free_port()
        self.user = None if os.geteuid() != 0 else "nobody"
        self.sockets.mkdir(exist_ok=True)
        if self.user:
            pw = pwd.getpwnam(self.user)
            for p in (base, self.sockets):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        self._run([_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8"])
        self._run([_binary("pg_ctl"), "-D", str(self.data), "-l", str(base / "postgres.log"), "-w", "-t", "60",
                   "-o", f"-h 127.0.0.1 -p {self.port} -k {self.sockets}", "start"])
        self.url = f"postgresql://postgres:unused@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd="/")
        if done.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr or done.stdout}")

    def stop(self) -> None:
        try:
            self._run([_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
