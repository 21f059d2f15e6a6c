"""Embedded Label Studio edge: start, stop and inspect a local server that curate owns.

The server binds 127.0.0.1 only, keeps sqlite and its files under one data directory, makes no
outbound calls, and has a generated admin login and API key stored in `credentials.json` (mode 600).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from curate.errors import BadInputError, CurateError
from curate.tmpfiles import pid_alive

log = logging.getLogger(__name__)

DEFAULT_PORT = 8080
HOST = "127.0.0.1"
CREDENTIALS = "credentials.json"
ADMIN_EMAIL = "admin@curate.local"

# Label Studio reads bare names too (HOST, PORT, USERNAME, CI …): never pass ours through.
_LEAKY_ENV = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG", "CI", "DATABASE_NAME", "DJANGO_DB")
_QUIET_ENV = {
    "LATEST_VERSION_CHECK": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "COLLECT_ANALYTICS": "false",
    "CONVERTER_DOWNLOAD_RESOURCES": "false",
    "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    # Deleting an export through the API also deletes its file under media/export/ (pull deletes its own).
    "ff_back_dev_4664_remove_storage_file_on_export_delete_29032023_short": "true",
}


class ServerError(CurateError):
    """The embedded server could not be started or stopped."""


@dataclass(frozen=True)
class Credentials:
    """How to reach and log in to an embedded server."""

    url: str
    email: str
    password: str
    api_key: str
    port: int
    pid: int | None = None
    database: str | None = None  # a PostgreSQL URL; None: sqlite in the data folder


def default_data_dir() -> Path:
    """Return the embedded server's data directory (env CURATE_SERVER_DIR overrides)."""
    if env := os.environ.get("CURATE_SERVER_DIR"):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("curate")) / "label-studio"


def read_credentials(data_dir: Path | None = None) -> Credentials | None:
    """Return the stored credentials of the embedded server, or None if it was never started."""
    path = (data_dir or default_data_dir()) / CREDENTIALS
    if not path.is_file():
        return None
    try:
        return Credentials(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise BadInputError(f"{path}: unreadable credentials ({exc}); delete it and run "
                            "`curate server start` again") from exc


def _write_credentials(data_dir: Path, creds: Credentials) -> None:
    path = data_dir / CREDENTIALS
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(creds), fh, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _owner_only(data_dir: Path) -> None:
    """Make the data folder and everything in it readable by its owner only (folders made by older versions too)."""
    for path in [data_dir, *data_dir.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else path.stat().st_mode & 0o700)


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """Return True if a Label Studio answers `/health` at `url`."""
    try:
        r = httpx.get(url.rstrip("/") + "/health", timeout=timeout)
        return r.status_code == 200 and r.json().get("status") == "UP"
    except (httpx.HTTPError, ValueError):
        return False


def port_is_free(port: int, host: str = HOST) -> bool:
    """Return True if nothing listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """Return a port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _label_studio_executable() -> str:
    here = Path(sys.executable).parent / "label-studio"
    if here.exists():
        return str(here)
    found = shutil.which("label-studio")
    if not found:
        raise ServerError("the `label-studio` command is not installed: run "
                          "`pip install 'curate[server]'` (or use --url/--api-key for your own server)")
    return found


def server_status(data_dir: Path | None = None) -> tuple[Credentials | None, bool]:
    """Return the stored credentials and whether that server is up."""
    creds = read_credentials(data_dir)
    return creds, bool(creds and is_healthy(creds.url))


def database_env(url: str) -> dict[str, str]:
    """Return Label Studio's settings for a PostgreSQL URL (`postgresql://user:password@host:port/name`)."""
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("postgresql", "postgres") or not u.hostname or not u.path.strip("/"):
        raise BadInputError(f"database {_hide_password(url)!r}: expected postgresql://USER:PASSWORD@HOST:PORT/NAME")
    try:
        port = u.port or 5432
    except ValueError:
        raise BadInputError(f"database {_hide_password(url)!r}: the port is not a number") from None
    return {"DJANGO_DB": "default", "POSTGRE_NAME": urllib.parse.unquote(u.path.strip("/")),
            "POSTGRE_USER": urllib.parse.unquote(u.username or "postgres"),
            "POSTGRE_PASSWORD": urllib.parse.unquote(u.password or ""), "POSTGRE_HOST": u.hostname,
            "POSTGRE_PORT": str(port)}


def database_from_env(environ: Mapping[str, str] = os.environ) -> str | None:
    """Return a PostgreSQL URL from Label Studio's own `DJANGO_DB=default` + `POSTGRE_*` settings, if set."""
    if environ.get("DJANGO_DB") not in ("default", "postgresql") or not environ.get("POSTGRE_NAME"):
        return None
    q = urllib.parse.quote
    return (f"postgresql://{q(environ.get('POSTGRE_USER', 'postgres'))}:{q(environ.get('POSTGRE_PASSWORD', ''))}"
            f"@{environ.get('POSTGRE_HOST', 'localhost')}:{environ.get('POSTGRE_PORT', '5432')}"
            f"/{q(environ['POSTGRE_NAME'])}")


def _hide_password(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    if u.password is None:
        return url
    return url.replace(f":{u.password}@", ":***@", 1)


def start_server(data_dir: Path | None = None, port: int = DEFAULT_PORT, timeout: float = 240.0,
                 database: str | None = None) -> tuple[Credentials, bool]:
    """Start the embedded server unless it runs; return its credentials and whether it was started.

    `database` (a PostgreSQL URL; default: the one it was first started with, else `POSTGRE_*` settings,
    else sqlite in the data folder) is kept with the credentials, so a restart uses the same database.
    """
    data_dir = (data_dir or default_data_dir()).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    _owner_only(data_dir)
    creds = read_credentials(data_dir)
    if creds and pid_alive(creds.pid) and is_healthy(creds.url):
        return creds, False
    if creds and creds.port != port and port == DEFAULT_PORT:
        port = creds.port  # a restart keeps the port the annotators already know
    if not port_is_free(port):
        raise ServerError(f"port {port} on {HOST} is busy (another program listens there); "
                          "free it or choose another with --port")
    if creds is not None and database and database != creds.database:
        was = _hide_password(creds.database) if creds.database else "sqlite in that folder"
        raise BadInputError(f"{data_dir} was started on {was}; a server's projects live in one database: "
                            "use another --data-dir for another database")
    database = database or (creds.database if creds else None) or (None if creds else database_from_env())
    db_env = database_env(database) if database else {}
    if creds is None:
        creds = Credentials(url=f"http://{HOST}:{port}", email=ADMIN_EMAIL, password=secrets.token_urlsafe(12),
                            api_key=secrets.token_hex(20), port=port, database=database)
    else:
        creds = Credentials(f"http://{HOST}:{port}", creds.email, creds.password, creds.api_key, port,
                            database=database)
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY_ENV and not k.startswith("LABEL_STUDIO_")
           and not k.startswith("POSTGRE_")}
    env.update(_QUIET_ENV)
    env.update(db_env)
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": creds.email,
        "LABEL_STUDIO_PASSWORD": creds.password,
        "LABEL_STUDIO_USER_TOKEN": creds.api_key,
    })
    cmd = [_label_studio_executable(), "start", "--no-browser", "--internal-host", HOST,
           "--port", str(port), "--data-dir", str(data_dir)]
    log_file = os.fdopen(os.open(data_dir / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
    # umask 077: the sqlite database (it holds the API token), exports and uploads are the owner's only.
    proc = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT, umask=0o077,
                            stdin=subprocess.DEVNULL, start_new_session=True, cwd=data_dir)
    creds = Credentials(creds.url, creds.email, creds.password, creds.api_key, port, proc.pid, database)
    _write_credentials(data_dir, creds)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"Label Studio exited with code {proc.returncode} while starting; "
                              f"see {data_dir / 'server.log'}")
        if is_healthy(creds.url):
            log.info("Label Studio is up at %s (pid %s)", creds.url, proc.pid)
            return creds, True
        time.sleep(0.5)
    _kill_group(proc.pid)
    raise ServerError(f"Label Studio did not answer on {creds.url} within {timeout:.0f}s; "
                      f"see {data_dir / 'server.log'}")


def _kill_group(pid: int, grace: float = 10.0) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        if not pid_alive(pid):
            return
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop_server(data_dir: Path | None = None) -> bool:
    """Stop the embedded server; return False if it was not running."""
    data_dir = data_dir or default_data_dir()
    creds = read_credentials(data_dir)
    if creds is None or not pid_alive(creds.pid):
        return False
    assert creds.pid is not None
    _kill_group(creds.pid)
    _write_credentials(data_dir, Credentials(creds.url, creds.email, creds.password, creds.api_key,
                                             creds.port, None))
    return True
