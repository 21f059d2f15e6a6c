"""`curate demo` on the real server: the whole loop once, then an idempotent second run."""

from __future__ import annotations

import os
import shlex
import subprocess

import pytest
from typer.testing import CliRunner

from curate.cli import app
from curate.lsclient import connect

pytestmark = pytest.mark.server


def test_demo_runs_the_loop_then_changes_nothing(ls_server, ls_server_dir, project_name, tmp_path):
    if ls_server_dir is None:
        pytest.skip("server given by CURATE_TEST_LS_URL: the demo needs the embedded server's data dir")
    args = ["demo", "--data-dir", str(ls_server_dir), "--workdir", str(tmp_path / "work"),
            "--exports", str(tmp_path / "exports"), "--project", project_name]
    runner = CliRunner()
    try:
        first = runner.invoke(app, args)
        assert first.exit_code == 0, first.output
        assert "silver dataset version written" in first.output
        assert "created 5 tasks" in first.output
        assert ls_server.url in first.output and "server credentials` prints it" in first.output
        assert ls_server.password not in first.output and ls_server.api_key not in first.output
        # The printed next steps run as printed, venv activated or not.
        steps = first.stdout.split("Next steps:")[1].splitlines()
        versions = next(line.split() for line in steps if " versions " in line)
        done = subprocess.run(versions, capture_output=True, text=True)
        assert done.returncode == 2 and "no such dataset folder" in done.stderr  # nothing pulled yet
        load = next(line.strip() for line in steps if "load_dataset" in line)
        done = subprocess.run(shlex.split(load), capture_output=True, text=True,
                              env={**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"})
        assert done.returncode == 0 and "num_rows" in done.stdout, done.stderr
        assert (tmp_path / "exports" / f"{project_name}-silver" / "v1" / "manifest.json").is_file()
        second = runner.invoke(app, args)
        assert second.exit_code == 0, second.output
        assert "reusing the embedded Label Studio" in second.output
        assert "created 0 tasks" in second.output and "skip 5" in second.output
        assert "nothing changed (the demo is idempotent)" in second.output
        silver_v1 = str(tmp_path / "exports" / f"{project_name}-silver" / "v1")
        assert f"load_dataset('{silver_v1}', 'ner')" in second.stdout.split("Next steps:")[1]
        assert sorted(p.name for p in (tmp_path / "exports" / f"{project_name}-silver").iterdir()) == ["v1"]
    finally:
        client = connect(ls_server.url, ls_server.api_key)
        found = client.find_project(project_name)
        if found:
            client.sdk.projects.delete(id=found.id)
