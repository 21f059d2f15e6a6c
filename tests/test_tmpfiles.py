"""Leftovers of killed runs are removed by the next run that writes there; live writers' temps are not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from dataset_fixtures import corpus
from typer.testing import CliRunner

from curate.cli import app
from curate.dataset.version import write_version
from curate.tmpfiles import OLD_STYLE_AGE, make_temp, remove_stale


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_remove_stale_keeps_live_writers_and_young_old_style_temps(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".out.jsonl.{dead}.abc.tmp"
    stale.write_text("half")
    _, live = make_temp(tmp_path, "out.jsonl")
    young_old_style = tmp_path / ".out.jsonl.k2j3.tmp"
    young_old_style.write_text("x")
    old_old_style = tmp_path / ".out.jsonl.zz9.tmp"
    old_old_style.write_text("x")
    past = time.time() - OLD_STYLE_AGE - 10
    os.utime(old_old_style, (past, past))
    assert remove_stale(tmp_path, ".out.jsonl.*.tmp") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, young_old_style.name])


def test_annotate_and_build_clean_up_what_killed_runs_left(tmp_path):
    dead = _dead_pid()
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "3月5日，包头市召开会议。"}, ensure_ascii=False) + "\n")
    (tmp_path / f".out.jsonl.{dead}.x1.tmp").write_text("half written")
    assert CliRunner().invoke(app, ["annotate", str(src), "-o", str(tmp_path / "out.jsonl")]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]
    root = tmp_path / "exports" / "demo"
    half = root / f".v1.{dead}.y2.tmp"
    half.mkdir(parents=True)
    (half / "README.md").write_text("half")
    write_version(corpus(3), root)
    assert sorted(p.name for p in root.iterdir()) == ["v1"]
