"""Command line: parses options, calls one `curate.*` function per command, maps errors to exit codes.

Exit codes: 0 success (also "nothing to do"), 1 remote/runtime failure, 2 bad input or refused
precondition. Data goes to stdout or files; messages go to stderr and start with `error:`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer

import curate
from curate.errors import CurateError, Problem

T = TypeVar("T")

app = typer.Typer(
    name="curate",
    help="Chinese news pages → clean documents → weak-rule pre-annotations → Label Studio → "
         "versioned Hugging Face dataset.",
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
)

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]


def echo_err(message: str) -> None:
    """Print a message for people to stderr."""
    typer.echo(message, err=True)


class ProblemLog:
    """Collects bad-input problems, prints each as it comes, and knows the exit code they imply."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(self, problem: Problem) -> None:
        self.problems.append(problem)
        echo_err(f"error: {problem}")

    def exit_if_any(self, what: str = "input") -> None:
        """Exit 2 after the good input was written, if any input was bad."""
        if self.problems:
            echo_err(f"error: {len(self.problems)} bad {what} skipped (see above); the rest was written")
            raise typer.Exit(2)


def progress(items: Iterable[T], label: str, quiet: bool, total: int | None = None) -> Iterator[T]:
    """Wrap an iterator in a rich progress bar when stderr is a terminal and not --quiet."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=label, total=total, transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def run(fn: Callable[[], T]) -> T:
    """Call library code; turn a `CurateError` into `error: …` and its exit code."""
    try:
        return fn()
    except CurateError as exc:
        echo_err(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"curate {curate.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


# ---------------------------------------------------------------- clean (ingest)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help=".txt/.html files, folders of them, or JSONL files.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output JSONL ('-' for stdout).")] = "-",
    dedupe: Annotated[bool, typer.Option(help="Keep one of each group of (near-)duplicates.")] = False,
    quiet: Quiet = False,
) -> None:
    """Clean raw pages into documents (SCHEMA.md records), one JSON object per line."""
    from curate.ingest import ingest_paths
    from curate.jsonl import write_jsonl

    problems = ProblemLog()

    def work() -> None:
        report = ingest_paths(paths, on_problem=problems, dedupe=dedupe)
        docs = progress(report.documents, "cleaning", quiet)
        n = write_jsonl((d.to_dict() for d in docs), output)
        for line in report.summary_lines():
            echo_err(line)
        echo_err(f"wrote {n} documents to {output}")

    run(work)
    problems.exit_if_any("inputs")


# ---------------------------------------------------------------- rules (annotate, rules, evaluate)
# (section owned by the rules work: add commands below this line)


# ---------------------------------------------------------------- label studio (server, push, pull)
# (section owned by the Label Studio work: add commands below this line)


# ---------------------------------------------------------------- dataset (build, versions, diff, report)
# (section owned by the dataset work: add commands below this line)


# ---------------------------------------------------------------- demo


def main() -> None:
    """Console-script entry point."""
    app()
