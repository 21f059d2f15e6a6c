"""Helpers of the Label Studio benchmarks: an own server for the run, and measured child processes.

Each measured step runs in a fresh child (`probe`) so its time and peak client memory come together
and one step's leftovers never inflate the next one's peak.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import peak_rss_mb  # noqa: E402

MODEL_VERSION = "bench@1"


@contextlib.contextmanager
def label_studio(url: str | None = None, api_key: str | None = None) -> Iterator[tuple[str, str, float]]:
    """Yield (url, api_key, start seconds) of the given server, or of an own one started for the run."""
    if url and api_key:
        yield url, api_key, 0.0
        return
    from curate.server import free_port, start_server, stop_server

    data_dir = Path(tempfile.mkdtemp(prefix="curate-bench-ls-"))
    t0 = time.perf_counter()
    try:
        creds, _ = start_server(data_dir, port=free_port())
        yield creds.url, creds.api_key, time.perf_counter() - t0
    finally:
        stop_server(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def probe(module: str, *args: object) -> dict[str, object]:
    """Run `module.child(out, *args)` in a fresh process; return its figures plus `peak_rss_mb`."""
    fd, out = tempfile.mkstemp(prefix="curate-bench-", suffix=".json")
    os.close(fd)
    code = (f"import sys; sys.path.insert(0, 'bench'); from {module} import child; "
            "child(sys.argv[1], *sys.argv[2:])")
    try:
        try:
            peak = peak_rss_mb(code, out, *map(str, args))
        except subprocess.CalledProcessError as exc:
            sys.stderr.write(exc.stderr or "")
            raise SystemExit(f"benchmark step {module} {' '.join(map(str, args))} failed") from None
        figures = json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        os.unlink(out)
    return {**figures, "peak_rss_mb": peak}


def write_figures(out: str, figures: dict[str, object]) -> None:
    """Hand a child's figures back to the parent (see `probe`)."""
    Path(out).write_text(json.dumps(figures), encoding="utf-8")


def load() -> str:
    """Return the 1/5/15-minute load averages (other people share the machine)."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def server_figures(url: str | None, start_seconds: float, load_before: str, load_after: str) -> dict[str, object]:
    """Describe the server a Label Studio benchmark ran against, and the machine's load around it."""
    return {"server": url or "own, sqlite, dev server",
            "server start seconds": round(start_seconds, 1),
            "load average before / after": f"{load_before} → {load_after}"}


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Add the options every Label Studio benchmark takes: memory scale, seed, and an existing server."""
    parser.add_argument("--scale", type=int, default=10,
                        help="peak memory is also measured at tasks/scale (default 10; 1 = skip)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic documents")
    parser.add_argument("--url", help="use this running Label Studio instead of starting one")
    parser.add_argument("--api-key", help="its API key")
