"""`curate server start|stop|status` and the embedded server's credentials as every command's fallback."""

from __future__ import annotations

import json
import os
import socket

import pytest
from typer.testing import CliRunner

from curate.cli import app
from curate.lsclient import resolve_credentials
from curate.server import HOST

runner = CliRunner()
NO_LS_ENV = {"LABEL_STUDIO_URL": None, "LABEL_STUDIO_API_KEY": None}


def test_status_without_a_server_says_how_to_start_one(tmp_path):
    result = runner.invoke(app, ["server", "status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "curate server start" in result.stderr


def test_status_of_a_stopped_server_names_no_pid_and_no_secret(tmp_path):
    stored = {"url": "http://127.0.0.1:9", "email": "a@b", "password": "pw-secret", "api_key": "key-secret",
              "port": 9, "pid": None}
    (tmp_path / "credentials.json").write_text(json.dumps(stored))
    os.chmod(tmp_path / "credentials.json", 0o600)
    result = runner.invoke(app, ["server", "status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and result.stdout.startswith("stopped (it serves http://127.0.0.1:9")
    assert "pid" not in result.output and "secret" not in result.output
    shown = runner.invoke(app, ["server", "credentials", "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0 and "password: pw-secret" in shown.stdout and "api key:  key-secret" in shown.stdout


def test_credentials_without_a_server_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["server", "credentials", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "curate server start" in result.stderr


def test_stop_without_a_server_is_nothing_to_do(tmp_path):
    result = runner.invoke(app, ["server", "stop", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "was not running" in result.stderr


def test_start_on_a_busy_port_is_an_error(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        s.listen()
        port = s.getsockname()[1]
        result = runner.invoke(app, ["server", "start", "--data-dir", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 1 and f"port {port}" in result.stderr and "busy" in result.stderr


def test_commands_without_any_server_say_what_to_do(tmp_path):
    result = runner.invoke(app, ["pull", "-p", "x", "-o", str(tmp_path / "out")],
                           env={**NO_LS_ENV, "CURATE_SERVER_DIR": str(tmp_path)})
    assert result.exit_code == 1 and "--url" in result.stderr and "curate server start" in result.stderr


def test_options_then_env_then_embedded_credentials(tmp_path, monkeypatch):
    (tmp_path / "credentials.json").write_text(json.dumps(
        {"url": "http://127.0.0.1:9", "email": "a@b", "password": "p", "api_key": "stored", "port": 9}))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "from-env")
    assert resolve_credentials(None, None, tmp_path) == ("http://127.0.0.1:9", "from-env")
    assert resolve_credentials("http://x", "opt", tmp_path) == ("http://x", "opt")
    monkeypatch.delenv("LABEL_STUDIO_API_KEY")
    assert resolve_credentials(None, None, tmp_path) == ("http://127.0.0.1:9", "stored")


@pytest.mark.server
def test_pull_falls_back_to_the_embedded_servers_credentials(ls_server, tmp_path):
    (tmp_path / "credentials.json").write_text(json.dumps(
        {"url": ls_server.url, "email": "", "password": "", "api_key": ls_server.api_key, "port": 0}))
    os.chmod(tmp_path / "credentials.json", 0o600)
    result = runner.invoke(app, ["pull", "-p", "no-such-project-xyz", "-o", str(tmp_path / "out")],
                           env={**NO_LS_ENV, "CURATE_SERVER_DIR": str(tmp_path)})
    assert result.exit_code == 2 and "no project titled 'no-such-project-xyz'" in result.stderr


@pytest.mark.server
def test_start_on_the_running_server_says_so_and_prints_the_login(ls_server, ls_server_dir):
    if ls_server_dir is None:
        pytest.skip("server given by CURATE_TEST_LS_URL: this run did not start one")
    result = runner.invoke(app, ["server", "start", "--data-dir", str(ls_server_dir),
                                 "--port", str(ls_server.port)])
    assert result.exit_code == 0 and "already running" in result.stderr
    assert f"url:      {ls_server.url}" in result.stdout
    assert ls_server.email in result.stdout
    status = runner.invoke(app, ["server", "status", "--data-dir", str(ls_server_dir)])
    assert status.exit_code == 0 and status.stdout.startswith(f"running {ls_server.url}")
    for shown in (result, status):  # secrets only when asked for
        assert ls_server.password not in shown.output and ls_server.api_key not in shown.output
    creds = runner.invoke(app, ["server", "credentials", "--data-dir", str(ls_server_dir)])
    assert creds.exit_code == 0
    assert f"password: {ls_server.password}" in creds.stdout and f"api key:  {ls_server.api_key}" in creds.stdout
    as_json = json.loads(runner.invoke(app, ["server", "credentials", "--json",
                                             "--data-dir", str(ls_server_dir)]).stdout)
    assert as_json == {"url": ls_server.url, "email": ls_server.email, "password": ls_server.password,
                       "api_key": ls_server.api_key}
