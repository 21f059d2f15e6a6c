"""Label Studio edge, the client: `LSClient` is a connection with its projects, tasks and exports parts;
`connect` returns one for a server that answers and accepts the key."""

from __future__ import annotations

from pathlib import Path

from curate.lsclient.connection import resolve_credentials
from curate.lsclient.exports import Exports
from curate.lsclient.projects import Projects
from curate.lsclient.tasks import Tasks


class LSClient(Projects, Tasks, Exports):
    """A connected Label Studio: projects, tasks, predictions, exports."""


def connect(url: str | None = None, api_key: str | None = None, data_dir: Path | None = None) -> LSClient:
    """Return a client for a server that answers and accepts the key (else exit-1 errors)."""
    url, api_key = resolve_credentials(url, api_key, data_dir)
    client = LSClient(url, api_key, media_dir=embedded_media_dir(url, data_dir))
    client.whoami()
    return client


def embedded_media_dir(url: str, data_dir: Path | None = None) -> Path | None:
    """Return the embedded server's media folder if `url` is the embedded server, else None."""
    from curate.server import default_data_dir, read_credentials

    creds = read_credentials(data_dir)
    if creds is None or creds.url.rstrip("/") != url.rstrip("/"):
        return None
    return (data_dir or default_data_dir()) / "media"
