"""The embedded Label Studio server, and a smoke test of the real server through the SDK."""

from __future__ import annotations

import json
import socket
import stat

import pytest

from curate.server import HOST, ServerError, port_is_free, read_credentials, start_server

pytestmark = pytest.mark.server


def test_sdk_creates_and_deletes_a_project(ls_client, project_name):
    """Smoke test: the real server accepts a project and deletes it again."""
    project = ls_client.projects.create(
        title=project_name,
        label_config='<View><Labels name="ner" toName="text"><Label value="PER"/></Labels>'
                     '<Text name="text" value="$text"/></View>')
    assert project.id and project.title == project_name
    assert project_name in [p.title for p in ls_client.projects.list()]
    ls_client.projects.delete(id=project.id)
    assert project_name not in [p.title for p in ls_client.projects.list()]


def test_busy_port_is_an_error_not_a_silent_move(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        s.listen()
        busy = s.getsockname()[1]
        assert not port_is_free(busy)
        with pytest.raises(ServerError, match=f"port {busy} .* busy"):
            start_server(tmp_path, port=busy, timeout=5)
    assert read_credentials(tmp_path) is None


def test_started_server_keeps_credentials_private(ls_server, ls_server_dir):
    if ls_server_dir is None:
        pytest.skip("server given by CURATE_TEST_LS_URL: this run did not start one")
    creds = read_credentials(ls_server_dir)
    assert creds is not None and creds.api_key == ls_server.api_key
    assert stat.S_IMODE((ls_server_dir / "credentials.json").stat().st_mode) == 0o600
    # The whole data folder is the owner's: the sqlite database holds the API token in plain text. Every
    # folder is 700 (so nothing inside is reachable by others) and every file the server and curate
    # create is 600; Django alone chmods uploaded and exported files to 644, inside those folders.
    # On sqlite the database is in the folder; on PostgreSQL (`make test`'s second pass) it is not.
    assert (ls_server_dir / "label_studio.sqlite3").is_file() == (creds.database is None)
    tree = [ls_server_dir, *ls_server_dir.rglob("*")]
    open_dirs = [f"{p} {oct(stat.S_IMODE(p.stat().st_mode))}" for p in tree
                 if p.is_dir() and not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) != 0o700]
    open_files = [f"{p} {oct(stat.S_IMODE(p.stat().st_mode))}" for p in ls_server_dir.iterdir()
                  if p.is_file() and stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert open_dirs == [] and open_files == []


def test_start_tightens_a_data_folder_left_open_by_an_older_version(tmp_path):
    data = tmp_path / "ls"
    (data / "media").mkdir(parents=True)
    (data / "label_studio.sqlite3").write_bytes(b"")
    for p in (data, data / "media", data / "label_studio.sqlite3"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:  # busy port: start stops after the checks
        s.bind((HOST, 0))
        s.listen()
        with pytest.raises(ServerError, match="busy"):
            start_server(data, port=s.getsockname()[1])
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in (data, data / "media", data / "label_studio.sqlite3")} \
        == {"ls": "0o700", "media": "0o700", "label_studio.sqlite3": "0o600"}


def test_database_urls_become_label_studio_settings_and_bad_ones_are_refused():
    from curate.errors import BadInputError
    from curate.server import database_env, database_from_env

    env = database_env("postgresql://ls:p%40ss@db.local:6543/studio")
    assert env == {"DJANGO_DB": "default", "POSTGRE_NAME": "studio", "POSTGRE_USER": "ls",
                   "POSTGRE_PASSWORD": "p@ss", "POSTGRE_HOST": "db.local", "POSTGRE_PORT": "6543"}
    assert database_env(database_from_env(env)) == env  # Label Studio's own settings round-trip
    assert database_from_env({"POSTGRE_NAME": "x"}) is None  # without DJANGO_DB=default: sqlite
    for bad in ("mysql://u@h/db", "postgresql://h", "postgresql://u:secret@h:port/db"):
        with pytest.raises(BadInputError, match="database") as exc:
            database_env(bad)
        assert "secret" not in str(exc.value)


def test_a_data_dir_keeps_its_database(tmp_path):
    from curate.errors import BadInputError

    stored = {"url": "http://127.0.0.1:9", "email": "a@b", "password": "p", "api_key": "k", "port": 9,
              "pid": None, "database": None}
    (tmp_path / "credentials.json").write_text(json.dumps(stored))
    with pytest.raises(BadInputError, match="was started on sqlite in that folder"):
        start_server(tmp_path, port=9, database="postgresql://u:pw@127.0.0.1:5432/ls")
