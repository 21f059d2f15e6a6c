"""Every command's `--help` reads cleanly at 80 columns: no Python types, no cut option names."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from curate.cli import app


def _commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if hasattr(cmd, "commands"):  # a group (typer has its own click)
            out.extend(_commands(cmd, (*prefix, name)))
    return out


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_is_covered():
    assert {"ingest", "annotate", "push", "pull", "build", "diff"} <= {c[0] for c in COMMANDS}
    assert ("server", "credentials") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_fits_80_columns_without_python_types(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0
    text = result.output
    assert max(len(line) for line in text.splitlines()) <= 80, text
    assert not re.search(r"<(bool|str|int|path|list\[.*?\])>", text), text
    assert "…" not in text, text
