"""Shared helpers of the benchmarks: timing, peak memory in a child process, the sample corpus.

Every benchmark prints its figures and the ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "curate" / "samples"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run fn once; return (seconds, result)."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def best_of(n: int, fn: Callable[[], object]) -> float:
    """Return the fastest of n runs of fn, in seconds (the least disturbed by a noisy machine)."""
    return min(timed(fn)[0] for _ in range(n))


def peak_rss_mb(code: str, *args: str) -> float:
    """Run `python -c code args…` in a fresh process and return its peak resident memory in MB."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork + exec, so the child would
    # report at least this (parent) process's peak.
    probe = code + ("\nprint('PEAK_KB', next(int(x.split()[1]) for x in open('/proc/self/status') "
                    "if x.startswith('VmHWM:')))")
    out = subprocess.run([sys.executable, "-c", probe, *args], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    line = [x for x in out.splitlines() if x.startswith("PEAK_KB")][-1]
    return round(int(line.split()[1]) / 1024.0, 1)


def machine() -> dict[str, object]:
    """Describe the machine the figures were measured on."""
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d")}


def emit(name: str, figures: dict[str, object]) -> None:
    """Print the figures as a readable block and one JSON line (for RESULTS.md)."""
    print(f"== {name}")
    for key, value in figures.items():
        print(f"  {key:<36} {value}")
    print("JSON " + json.dumps({"bench": name, **figures, "machine": machine()}, ensure_ascii=False))
