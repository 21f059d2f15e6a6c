"""Command line: parses options, calls one `curate.*` function per command, maps errors to exit codes.

Exit codes: 0 success (also "nothing to do"), 1 remote/runtime failure, 2 bad input or refused
precondition. Data goes to stdout or files; messages go to stderr and start with `error:`.
One piece although long: one typer app and 18 commands (with the `server` group) of about 30 lines
each, most of it typer's option declarations, with no logic of their own (as sqlite-utils' `cli.py`);
the stage behind each command is its own module. The commands stand in stage order under section
comments (clean, rules, label studio, dataset, demo). Split into a `cli/` package they would need a
shared module for `run`, `ProblemLog`, `progress` and the option types, plus imports made only to
register commands, for no command shorter or easier to find (`grep "def pull("`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import typer.core

import curate
from curate.errors import CurateError, Problem

T = TypeVar("T")

# typer prints a Python type after each argument's name (`FILE <str>`, `PAGES... <list[Path]>`); our
# metavars already say what goes there.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign,assignment]

app = typer.Typer(
    name="curate",
    help="Chinese news pages → clean documents → weak-rule pre-annotations → Label Studio → "
         "versioned Hugging Face dataset.",
    pretty_exceptions_show_locals=False,
    # Plain click help: reads cleanly at 80 columns (rich panels cut option names and env vars).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
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
    paths: Annotated[list[Path], typer.Argument(metavar="PAGES...", help=".txt/.html files, folders of them, or JSONL files.")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="Output JSONL ('-' for stdout).")] = "-",
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


@app.command()
def annotate(
    input: Annotated[str, typer.Argument(metavar="FILE", help="Documents JSONL ('-' for stdin).")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="Output JSONL ('-' for stdout).")] = "-",
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, metavar="N", help="Processes to annotate with.")] = 1,
    model: Annotated[Path | None, typer.Option(
        "--model", "-m", metavar="DIR", help="Model folder (`curate train`): combine its spans with the rules'. "
        "`base`: the model curate ships (the rules' spans with a confidence learnt from 322 pages).")] = None,
    quiet: Quiet = False,
) -> None:
    """Pre-annotate documents with the weak rules: adds `entities` and `events` (SCHEMA.md)."""
    from dataclasses import replace

    from curate.annotate import annotate_lines
    from curate.jsonl import read_lines, write_lines
    from curate.rules import ruleset_version

    problems = ProblemLog()
    name = "<stdin>" if input == "-" else input

    def annotated(lines):
        for line, problem in progress(lines, "annotating", quiet):
            if problem is not None:
                problems(replace(problem, file=name))
            else:
                yield line

    def work() -> None:
        if model is None:
            lines, version = annotate_lines(read_lines(input), workers=workers), ruleset_version()
        else:
            from curate.model import model_folder
            from curate.model.combine import annotate_lines_with_model, model_version
            from curate.model.crf import load_model

            loaded = load_model(model_folder(model))
            lines, version = annotate_lines_with_model(read_lines(input), loaded, workers), model_version(loaded)
        n = write_lines(annotated(lines), output, if_empty=f"{name}: no documents to annotate (the input is empty, "
                        "blank, or every line is bad); give a JSONL file with one document per line "
                        "(`curate ingest` writes one)")
        echo_err(f"annotated {n} documents with {version} to {output}")

    run(work)
    problems.exit_if_any("records")


@app.command()
def distribute(
    shards: Annotated[list[Path], typer.Argument(
        metavar="SHARDS...", help="Shards: folders of pages, page files, or JSONL files (documents with "
                                  "--documents).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help=(
        "Folder for one annotated JSONL per shard (`curate push DIR` and `curate build DIR` take it)."))],
    documents: Annotated[bool, typer.Option("--documents", help=(
        "Shards are cleaned documents JSONL (`curate ingest` output): annotate only.")) ] = False,
    scheduler: Annotated[str | None, typer.Option(metavar="ADDRESS", help=(
        "A running Dask scheduler (tcp://host:8786); default: a local cluster of --workers processes."))] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, metavar="N",
                                         help="Processes of the local cluster.")] = 2,
    quiet: Quiet = False,
) -> None:
    """Clean and pre-annotate sharded input on a Dask cluster, one annotated JSONL per shard."""
    from curate.distributed import run_shards

    problems = ProblemLog()

    def done(result) -> None:
        for p in result.problems:
            problems(p)
        if not quiet:
            echo_err(f"{result.shard}: {result.documents} documents → {result.output}")

    def work() -> None:
        results = run_shards(shards, out, documents=documents, scheduler=scheduler, workers=workers, on_done=done)
        echo_err(f"annotated {sum(r.documents for r in results)} documents from {len(results)} shards into {out}")

    run(work)
    problems.exit_if_any("records")


@app.command()
def train(
    data: Annotated[Path, typer.Argument(metavar="DATA", help="Dataset folder (its latest gold version), a version folder, "
                                              "or annotated JSONL records (a file or a folder of .jsonl shards).")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Model folder to write (must not exist).")],
    quiet: Quiet = False,
) -> None:
    """Train a character-level CRF on gold documents, with the rules' output as features."""
    from curate.model.train import check_output, load_training_data, train_model

    problems = ProblemLog()

    def work() -> None:
        check_output(output)
        found = load_training_data(data, problems)
        if problems.problems:
            echo_err(f"error: nothing written: fix the {len(problems.problems)} bad records above and train again")
            raise typer.Exit(2)
        echo_err(f"training on {len(found.docs)} gold documents from {found.source}")
        model = train_model(found, output, on_step=None if quiet else lambda m: echo_err(f"  {m}"))
        held = model.meta["held_out"]
        if held["combined"]:
            for who in ("rules", "combined"):
                s = held[who]["exact"]
                echo_err(f"held-out {who:8} F1: entities {s['entities']['f1']:.3f}, triggers "
                         f"{s['triggers']['f1']:.3f}, arguments {s['arguments']['f1']:.3f}")
            echo_err(f"labels the tagger is trusted with: {', '.join(sorted(model.trusted)) or 'none'} (the card "
                     "compares the rules and the tagger per label)")
            echo_err(f"trigger floor: {model.trigger_floor or 'none'} (a rule's trigger the model doubts below it loses "
                     "its event; the card compares the floors on the held-out split)")
        fixes = list(model.corrections.values())
        echo_err(f"rule spans people corrected the same way on every page, which the model corrects before them: "
                 f"{fixes.count('')} removed, {len(fixes) - fixes.count('')} relabelled")
        echo_err(f"wrote {output} ({model.source}; card: {output / 'README.md'})")

    run(work)


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per rule.")] = False,
) -> None:
    """List every rule: name, version, layer, labels it proposes, one-line description."""
    import json

    from curate.rules import RULES, ruleset_version

    if as_json:
        for r in RULES:
            typer.echo(json.dumps({"name": r.name, "version": r.version, "layer": r.layer, "labels": list(r.labels),
                                   "description": r.description}, ensure_ascii=False))
        return
    typer.echo(f"rule set {ruleset_version()} ({len(RULES)} rules)")
    for r in RULES:
        typer.echo(f"{r.name + '@' + str(r.version):<26} {r.layer:<13} {','.join(r.labels):<18} {r.description}")


@app.command()
def evaluate(
    annotated: Annotated[str, typer.Argument(metavar="FILE", help="Annotated documents JSONL (the predictions).")],
    gold: Annotated[str, typer.Option("--gold", "-g", metavar="FILE", help="Gold annotated documents JSONL.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    match: Annotated[str, typer.Option("--match", metavar="exact|set", help="exact: same offsets; set: same (label, text) "
                                                       "per document.")] = "exact",
) -> None:
    """Score annotations against gold: P/R/F1 per entity label, event type (triggers, arguments) and rule."""
    import json

    from curate.evaluate import format_report, read_gold, score_documents
    from curate.jsonl import read_documents

    problems = ProblemLog()

    def work() -> None:
        gold_docs = list(read_gold(gold, problems))
        report = score_documents(read_documents(annotated, problems), gold_docs, match)
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json
                   else format_report(report))

    run(work)
    problems.exit_if_any("records")


# ---------------------------------------------------------------- label studio (server, push, pull)

server_app = typer.Typer(help="Run the embedded Label Studio (127.0.0.1, sqlite, no outbound traffic).",
                         rich_markup_mode=None,
                         no_args_is_help=True)
app.add_typer(server_app, name="server")

DataDir = Annotated[Path | None, typer.Option("--data-dir", envvar="CURATE_SERVER_DIR",
                                              metavar="DIR", help="Server data directory (default: user data dir).")]
LsUrl = Annotated[str | None, typer.Option("--url", envvar="LABEL_STUDIO_URL",
                                           metavar="URL", help="Label Studio URL (default: the embedded server).")]
LsKey = Annotated[str | None, typer.Option("--api-key", envvar="LABEL_STUDIO_API_KEY", show_default=False,
                                           metavar="KEY", help="Label Studio API key (default: the embedded server's).")]


def _print_login(creds) -> None:
    typer.echo(f"url:      {creds.url}")
    typer.echo(f"email:    {creds.email}")
    typer.echo("password: (not shown; `curate server credentials` prints it and the API key)")


@server_app.command("start")
def server_start(
    data_dir: DataDir = None,
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port on 127.0.0.1 (a busy port is an error).")] = 8080,
    database: Annotated[str | None, typer.Option(
        "--database", envvar="CURATE_DATABASE_URL", metavar="URL", show_default=False,
        help="PostgreSQL database (postgresql://USER:PASSWORD@HOST:PORT/NAME); default: the one it was first "
             "started with, else Label Studio's DJANGO_DB=default + POSTGRE_* settings, else sqlite in the "
             "data dir.")] = None,
) -> None:
    """Start the embedded server and print the URL and the login for annotators."""
    from curate.server import start_server

    creds, started = run(lambda: start_server(data_dir, port, database=database))
    echo_err(("started Label Studio" if started else "Label Studio is already running")
             + f" (pid {creds.pid})")
    _print_login(creds)


@server_app.command("stop")
def server_stop(data_dir: DataDir = None) -> None:
    """Stop the embedded server."""
    from curate.server import stop_server

    echo_err("stopped Label Studio" if run(lambda: stop_server(data_dir)) else "Label Studio was not running")


@server_app.command("status")
def server_status_cmd(data_dir: DataDir = None) -> None:
    """Say whether the embedded server runs, and where; exit 1 if it does not."""
    from curate.server import server_status

    creds, up = run(lambda: server_status(data_dir))
    if creds is None:
        echo_err("no embedded server yet: run `curate server start`")
        raise typer.Exit(1)
    if not up:
        typer.echo(f"stopped (it serves {creds.url} when running; start it with `curate server start`)")
        raise typer.Exit(1)
    typer.echo(f"running {creds.url} (pid {creds.pid})")
    _print_login(creds)


@server_app.command("credentials")
def server_credentials(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object (url, email, password, api_key).")] = False,
) -> None:
    """Print the embedded server's login and API key (for scripts: LABEL_STUDIO_API_KEY). Never printed otherwise."""
    import json

    from curate.server import read_credentials

    creds = run(lambda: read_credentials(data_dir))
    if creds is None:
        echo_err("error: no embedded server yet: run `curate server start`")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps({"url": creds.url, "email": creds.email, "password": creds.password,
                               "api_key": creds.api_key}))
        return
    typer.echo(f"url:      {creds.url}\nemail:    {creds.email}\npassword: {creds.password}\n"
               f"api key:  {creds.api_key}")


@app.command()
def push(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Annotated documents (JSONL, '-' for stdin).")],
    project: Annotated[str, typer.Option("--project", "-p", metavar="TITLE", help="Label Studio project title.")],
    url: LsUrl = None,
    api_key: LsKey = None,
    model_version: Annotated[str | None, typer.Option(
        metavar="VERSION", help="Prediction model version (default: the records' meta.model_version or meta.ruleset_version).")] = None,
    replace_unannotated: Annotated[bool, typer.Option(
        help="Replace unannotated tasks whose document text changed, and the predictions of unannotated "
             "tasks when the model version is new.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change nothing.")] = False,
    overlap: Annotated[int | None, typer.Option(
        metavar="N", help="Annotators per task of the overlap share (Label Studio's maximum_annotations).")] = None,
    overlap_share: Annotated[int | None, typer.Option(
        metavar="P", help="Percentage of tasks annotated --overlap times (default 100).")] = None,
    quiet: Quiet = False,
) -> None:
    """Create or update a project with tasks and rule predictions; re-running creates nothing twice.

    The project gets labeling instructions, label hints, a Data Manager tab sorted by ascending
    prediction score, and (with --overlap N --overlap-share P) N annotators on P% of the tasks.
    """
    from curate.jsonl import read_documents
    from curate.lsclient import connect
    from curate.push import check_model_labels, prediction_version, push_documents
    from curate.workbench import check_overlap

    problems = ProblemLog()

    def work() -> None:
        check_overlap(overlap, overlap_share)
        docs = check_model_labels(read_documents(str(path), problems))
        version = prediction_version(docs, model_version)
        client = connect(url, api_key)
        with _Ticker(len(docs), "pushing", quiet or dry_run) as tick:
            result = push_documents(client, docs, project, version, replace_unannotated=replace_unannotated,
                                    dry_run=dry_run, on_problem=problems, on_progress=tick,
                                    overlap=overlap, overlap_share=overlap_share)
        for line in result.summary_lines():
            (typer.echo if dry_run else echo_err)(line)

    run(work)
    problems.exit_if_any("documents")


@app.command()
def repair(
    project: Annotated[str, typer.Option("--project", "-p", metavar="TITLE", help="Label Studio project title.")],
    url: LsUrl = None,
    api_key: LsKey = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be removed; change nothing.")] = False,
) -> None:
    """Remove repeated tasks of one document (left by older versions or other tools); never annotated ones.

    Of the tasks carrying one doc_id, the annotated ones and, if none is, the oldest stay.
    """
    from curate.lsclient import connect
    from curate.push import repair_project

    def work() -> None:
        settled = repair_project(connect(url, api_key), project, dry_run=dry_run)
        typer.echo(f"project {project!r}: {'would remove' if dry_run else 'removed'} {settled.removed} "
                   f"unannotated repeated tasks; kept {settled.annotated_repeats} repeats that people annotated")

    run(work)


@app.command()
def pull(
    project: Annotated[str, typer.Option("--project", "-p", metavar="TITLE", help="Label Studio project title.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help=(
        "Dataset folder (exports/NAME): gets the raw export (raw/), records.jsonl and the next gold "
        "version DIR/vN."))],
    url: LsUrl = None,
    api_key: LsKey = None,
    full: Annotated[bool, typer.Option("--full", help=(
        "Export every annotated task, not only those updated since the latest version."))] = False,
) -> None:
    """Export a project's annotations and write the next gold dataset version (or say there is nothing to do).

    After the first version, only tasks updated since the export it was built from are fetched and
    merged into it (a full export when the counts do not add up, or with --full); both give the same
    version.

    The raw export is saved under DIR/raw/ before it is parsed; the parsed annotated documents go to
    DIR/records.jsonl and the version to DIR/vN (load it with `datasets.load_dataset("DIR/vN", "ner")`).
    """
    from curate.lsclient import connect
    from curate.pull import pull_project

    problems = ProblemLog()

    def work() -> None:
        summary = pull_project(connect(url, api_key), project, out, on_problem=problems, full=full)
        for line in summary.summary_lines():
            echo_err(line)

    run(work)
    problems.exit_if_any("tasks")


class _Ticker:
    """A progress bar fed by a callback (push reports progress per batch)."""

    def __init__(self, total: int, label: str, quiet: bool) -> None:
        self.total, self.label, self.quiet, self.bar = total, label, quiet or not sys.stderr.isatty(), None

    def __enter__(self):
        if self.quiet:
            return lambda n: None
        from rich.progress import Progress

        self.bar = Progress(console=_stderr_console(), transient=True)
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()


# ---------------------------------------------------------------- dataset (build, versions, diff, report)


@app.command()
def build(
    annotated: Annotated[str, typer.Argument(metavar="FILE", help="Annotated-document JSONL ('-' for stdin).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Dataset folder; the version goes to OUT/vN.")],
    kind: Annotated[str | None, typer.Option(
        metavar="gold|silver", help="gold or silver (default: gold when the records were pulled from Label Studio).")] = None,
    ruleset_version: Annotated[str | None, typer.Option(metavar="VERSION", help="Rule set that pre-annotated the records.")] = None,
    project: Annotated[str | None, typer.Option(metavar="TITLE", help="Label Studio project the records came from.")] = None,
    as_version: Annotated[int | None, typer.Option(
        "--as-version", min=1, metavar="N", help="Write version N instead of the next one (refused if it exists).")] = None,
    push_to_hub: Annotated[str | None, typer.Option(
        "--push-to-hub", metavar="REPO", help="Also upload the version to this Hub dataset repo, tagged vN.")] = None,
    hub_token: Annotated[str | None, typer.Option(envvar="HF_TOKEN", metavar="TOKEN", help="Hub token for --push-to-hub.")] = None,
    quiet: Quiet = False,
) -> None:
    """Write the next version of a dataset from annotated documents (nothing to do if nothing changed)."""
    from curate.dataset.version import write_version
    from curate.jsonl import read_documents

    problems = ProblemLog()

    def work() -> None:
        docs = list(progress(read_documents(annotated, problems), "reading", quiet))
        if problems.problems:
            echo_err(f"error: nothing written: fix the {len(problems.problems)} bad records above and build "
                     "again (a version holds every document or none)")
            raise typer.Exit(2)
        path = write_version(docs, out, kind=kind, project=project, ruleset_version=ruleset_version,
                             version=as_version)
        if path is None:
            echo_err(f"nothing to do: the latest version in {out} already holds these {len(docs)} documents")
            return
        echo_err(f"wrote {path} ({len(docs)} documents)")
        if push_to_hub:
            from curate.dataset.hub import push_to_hub as push

            echo_err(f"pushed {path.name} to {push(path, push_to_hub, hub_token)}")

    run(work)


@app.command()
def versions(
    root: Annotated[Path, typer.Argument(metavar="DIR", help="Dataset folder (exports/NAME).")],
) -> None:
    """List a dataset's versions, one line each: date, kind, parent, counts."""
    from curate.dataset.card import summary_line
    from curate.dataset.reader import list_versions

    def work() -> None:
        found = list_versions(root)
        for manifest in found:
            typer.echo(summary_line(manifest))
        if not found:
            echo_err(f"{root}: no versions yet")

    run(work)


@app.command()
def diff(
    versions: Annotated[list[str], typer.Argument(
        metavar="A B | ROOT vN vM",
        help="Two version folders, anywhere (exports/NAME-silver/v1 exports/NAME/v1), or a dataset folder and "
             "two of its versions (exports/NAME v1 v2).")],
    limit: Annotated[int, typer.Option(metavar="N", help="Itemise at most this many changes.")] = 1000,
) -> None:
    """Show documents, entities, events and per-label counts that changed between two versions."""
    from curate.dataset.diff import diff_lines
    from curate.dataset.reader import diff_version_dirs, resolve_version
    from curate.errors import BadInputError

    def work() -> None:
        if len(versions) == 2:
            old, new = (Path(v) for v in versions)
        elif len(versions) == 3:
            old, new = (resolve_version(versions[0], v) for v in versions[1:])
        else:
            raise BadInputError(f"diff takes 2 version folders or a dataset folder and 2 versions, got "
                                f"{len(versions)} arguments (e.g. `curate diff exports/demo-silver/v1 "
                                "exports/demo/v1` or `curate diff exports/demo v1 v2`)")
        for line in diff_lines(diff_version_dirs(old, new), limit):
            typer.echo(line)

    run(work)


@app.command()
def report(
    root: Annotated[Path, typer.Argument(metavar="DIR", help="Dataset folder (exports/NAME).")],
    version: Annotated[str | None, typer.Argument(metavar="vN", help="Version (vN); default: the latest.")] = None,
) -> None:
    """Show per-rule precision as measured by people, what the rules miss, and annotator agreement."""
    from curate.dataset.reader import load_metas, resolve_version
    from curate.dataset.report import report_lines

    def work() -> None:
        for line in report_lines(load_metas(resolve_version(root, version))):
            typer.echo(line)

    run(work)


# ---------------------------------------------------------------- demo


@app.command()
def demo(
    workdir: Annotated[Path, typer.Option(metavar="DIR", help="Where the intermediate JSONL files go.")] = Path("demo"),
    exports: Annotated[Path, typer.Option(metavar="DIR", help="Root of the dataset versions.")] = Path("exports"),
    project: Annotated[str, typer.Option(metavar="TITLE", help="Label Studio project title.")] = "curate-demo",
    data_dir: Annotated[Path | None, typer.Option(metavar="DIR", help="Embedded server data dir.")] = None,
    port: Annotated[int | None, typer.Option(metavar="PORT", help="Embedded server port (default 8080).")] = None,
) -> None:
    """Run the whole loop on the bundled pages: server, ingest, annotate, silver version, push."""
    import time

    from curate.demo import run_demo

    t0 = time.monotonic()
    result = run(lambda: run_demo(workdir, exports, project, data_dir, port,
                                  step=lambda msg: echo_err(f"[{time.monotonic() - t0:5.1f}s] {msg}")))
    for problem in result.problems:
        echo_err(f"warning: {problem}")
    echo_err(f"annotated {result.documents} documents: {result.entities} entities, {result.events} events")
    if result.silver_version:
        echo_err(f"silver dataset version written: {result.silver_version}")
    else:
        echo_err(f"silver dataset unchanged: nothing to do ({result.silver_root})")
    for line in result.push_lines:
        echo_err(line)
    if not result.changed_anything:
        echo_err("everything was already in place: nothing changed (the demo is idempotent)")
    latest = result.silver_latest
    curate, python = _runnable("curate"), _runnable(Path(sys.executable).name)
    typer.echo(f"""
Label Studio is running: {result.url}
  login: {result.email}   password: `{curate} server credentials` prints it
  project: {project} (open it, pick a task: the rules' pre-annotations are shown)

Next steps:
  {curate} pull --project {project} --out {exports}/{project}    # corrections → dataset version
  {curate} versions {exports}/{project}
  {curate} diff {latest} {exports}/{project}/v1   # what people changed (after a pull)
  {python} -c "import datasets; print(datasets.load_dataset('{latest}', 'ner'))"
  {curate} server stop
(done in {time.monotonic() - t0:.0f}s)""")


def _runnable(name: str) -> str:
    """Return how to call this environment's `name` from the current folder: bare if PATH finds it, else a path."""
    import shutil

    own = Path(sys.executable).parent / name
    found = shutil.which(name)
    if not own.exists() or (found and Path(found).absolute() == own.absolute()):
        return name
    try:
        return str(own.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(own.absolute())


def main() -> None:
    """Console-script entry point."""
    app()
