"""Label Studio edge: the only package that imports `label_studio_sdk`.

Takes a URL and API key (options, env, or the embedded server's stored credentials); gives a small
client for projects, the task index, imports, model versions and snapshot exports, with connection
and auth failures mapped to `LabelStudioUnavailableError` / `LabelStudioAuthError`.

| module | holds |
|---|---|
| `connection.py` | credentials, the SDK client, the error mapping (`guard`), request options |
| `projects.py` | find or create a project under racing pushes, its config, settings, Data Manager tabs |
| `tasks.py` | the task index push plans from, task and prediction imports, safe deletes |
| `exports.py` | snapshot exports streamed to a file and cleaned up, the annotated task count |
| `client.py` | `LSClient` (all of the above) and `connect` |
"""

from curate.lsclient.client import LSClient, connect, embedded_media_dir
from curate.lsclient.connection import KEY_ENV, LONG, ONCE, READ_RETRIES, URL_ENV, resolve_credentials
from curate.lsclient.exports import EXPORT_TITLE, STALE_EXPORT, Snapshot
from curate.lsclient.projects import SETTLE, leftover_title
from curate.lsclient.tasks import TaskInfo, chunks

__all__ = ["EXPORT_TITLE", "KEY_ENV", "LONG", "ONCE", "READ_RETRIES", "SETTLE", "STALE_EXPORT", "URL_ENV",
           "LSClient", "Snapshot", "TaskInfo", "chunks", "connect", "embedded_media_dir", "leftover_title",
           "resolve_credentials"]
