"""Run every `bench/bench_*.py` one after another and collect their `JSON {…}` result lines.

Each script's output is shown as it runs; the JSON lines go to --out (JSON Lines, one per benchmark).
--quick passes small sizes to the scripts that take them (--tasks, --docs, --mb), for a smoke run.
Run: .venv/bin/python bench/run_all.py [--quick] [--only push] [--out bench/results.jsonl]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Small sizes per option name, used with --quick when a script's --help lists the option.
QUICK = {"--tasks": "500", "--docs": "200", "--mb": "0.5", "--mem-scale": "2"}


def scripts(only: list[str]) -> list[Path]:
    """Return the benchmark scripts, filtered by name parts when `only` is given."""
    found = sorted(BENCH.glob("bench_*.py"))
    return [p for p in found if not only or any(o in p.stem for o in only)]


def quick_args(script: Path) -> list[str]:
    """Return the small-size options this script accepts."""
    help_text = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True,
                               cwd=BENCH.parent).stdout
    return [x for opt, value in QUICK.items() if opt in help_text for x in (opt, value)]


def run(script: Path, args: list[str]) -> tuple[int, list[dict], float]:
    """Run one script, echoing its output; return (exit code, its JSON results, seconds)."""
    t0 = time.perf_counter()
    results = []
    with subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True,
                          cwd=BENCH.parent) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            if line.startswith("JSON "):
                results.append(json.loads(line[5:]))
    return proc.returncode, results, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run of every benchmark)")
    parser.add_argument("--only", action="append", default=[], help="run scripts whose name contains this")
    parser.add_argument("--out", type=Path, default=None, help="append the JSON results here (JSON Lines)")
    args = parser.parse_args()
    failed, collected = [], []
    for script in scripts(args.only):
        extra = quick_args(script) if args.quick else []
        print(f"### {script.name} {' '.join(extra)}".rstrip(), flush=True)
        code, results, seconds = run(script, extra)
        print(f"### {script.name}: exit {code}, {len(results)} result(s), {seconds:.0f} s", flush=True)
        if code != 0 or not results:
            failed.append(script.name)
        collected += results
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in collected)
    print(f"### {len(collected)} result(s)" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
