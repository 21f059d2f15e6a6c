"""Label Studio edge, the connection: credentials, the SDK client, and transport and auth failures mapped to
`LabelStudioUnavailableError` / `LabelStudioAuthError`."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from curate.errors import LabelStudioAuthError, LabelStudioError, LabelStudioUnavailableError

T = TypeVar("T")

URL_ENV, KEY_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
# Imports and creates are not idempotent: the SDK would retry them on 5xx/409 and duplicate tasks.
ONCE = {"max_retries": 0, "timeout_in_seconds": 3600}
LONG = {"timeout_in_seconds": 3600}
READ_RETRIES = 3  # a read that Label Studio fails with HTTP 500 is asked again this many times in all


def resolve_credentials(url: str | None = None, api_key: str | None = None,
                        data_dir: Path | None = None) -> tuple[str, str]:
    """Return (url, api_key) from options, env, or the embedded server's stored credentials."""
    url = url or os.environ.get(URL_ENV)
    api_key = api_key or os.environ.get(KEY_ENV)
    if url and api_key:
        return url, api_key
    from curate.server import read_credentials

    creds = read_credentials(data_dir)
    if creds is None:
        raise LabelStudioUnavailableError(
            "no Label Studio given: pass --url and --api-key (or set LABEL_STUDIO_URL and "
            "LABEL_STUDIO_API_KEY), or start the embedded one with `curate server start`")
    return url or creds.url, api_key or creds.api_key


def guard(fn: Callable[..., T]) -> Callable[..., T]:
    """Map transport and auth failures of one client call to curate's errors."""
    @functools.wraps(fn)
    def wrapper(self: Connection, *args: Any, **kwargs: Any) -> T:
        from label_studio_sdk.core.api_error import ApiError

        try:
            return fn(self, *args, **kwargs)
        except httpx.TransportError as exc:
            raise LabelStudioUnavailableError(
                f"Label Studio at {self.url} is not reachable ({type(exc).__name__}): is the server "
                "running? (`curate server status`, or check --url)") from exc
        except ApiError as exc:
            if exc.status_code in (401, 403):
                raise LabelStudioAuthError(
                    f"Label Studio at {self.url} refused the API key (HTTP {exc.status_code}): check "
                    "--api-key / LABEL_STUDIO_API_KEY") from exc
            raise LabelStudioError(f"Label Studio at {self.url} answered HTTP {exc.status_code} "
                                   f"to {fn.__name__}: {str(exc.body)[:500]}") from exc
    return wrapper


class Connection:
    """A Label Studio server and the SDK client for it (the base of `LSClient`'s parts)."""

    def __init__(self, url: str, api_key: str, timeout: float = 600, media_dir: Path | None = None) -> None:
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        self.media_dir = media_dir  # the embedded server's media folder, when this is the embedded server
        # Typed as Any: the SDK accepts the plain dicts we send, and its generated types add nothing here.
        self.sdk: Any = LabelStudio(base_url=self.url, api_key=api_key, timeout=timeout)

    @guard
    def whoami(self) -> str:
        """Return the email of the key's user (checks the server answers and accepts the key)."""
        return self.sdk.users.whoami(request_options={"max_retries": 0}).email or ""
