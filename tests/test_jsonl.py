"""JSONL edge: outputs are written whole or not at all, and special files stay what they are."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from curate.errors import BadInputError
from curate.jsonl import write_jsonl


def test_a_file_is_written_whole_and_no_temp_is_left(tmp_path):
    out = tmp_path / "out.jsonl"
    assert write_jsonl([{"a": 1}, {"b": "中"}], out) == 2
    assert out.read_text(encoding="utf-8") == '{"a": 1}\n{"b": "中"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_fifo_is_written_in_place_not_replaced_by_a_plain_file(tmp_path):
    """`-o /dev/null` once replaced /dev/null itself with a plain file (rename over a device, as root)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert write_jsonl([{"a": 1}], fifo) == 1
    reader.join(timeout=10)
    assert got == ['{"a": 1}\n']
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_folder_as_output_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="is a folder"):
        write_jsonl([{"a": 1}], tmp_path)
