"""Edge helper: temporary files and folders named after the process writing them.

A write goes to `.NAME.<pid>.<random>.tmp` and is renamed at the end; the next run removes what a
killed run left (its process is gone), and never a temp that a live process is still writing.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)
_PID = re.compile(r"\.(\d+)\.[^./]+\.tmp$")
OLD_STYLE_AGE = 3600.0  # temps named before the pid was in the name: removed once an hour old


def make_temp(folder: Path, name: str, directory: bool = False) -> tuple[int | None, Path]:
    """Create `folder/.name.<pid>.<random>.tmp`; return (fd or None for a folder, path)."""
    prefix, suffix = f".{name}.{os.getpid()}.", ".tmp"
    if directory:
        return None, Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=folder))
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    return fd, Path(path)


def remove_stale(folder: Path, pattern: str) -> int:
    """Remove temps matching `pattern` in `folder` whose writing process is gone; return how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.glob(pattern):
        m = _PID.search(path.name)
        try:
            if m is None:
                if time.time() - path.lstat().st_mtime < OLD_STYLE_AGE:
                    continue
            elif pid_alive(int(m.group(1))):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue  # removed by another run meanwhile
        log.info("removed %s, left by an interrupted run", path)
        removed += 1
    return removed


def pid_alive(pid: int | None) -> bool:
    """Return whether a process with this id runs on this machine (one of another user's counts too)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
