"""Shared fixtures: one real Label Studio server per test run, on 127.0.0.1.

The session starts its own server in a temporary data directory (first start runs the migrations,
about 35 s). For quick local runs, `CURATE_TEST_LS_URL` + `CURATE_TEST_LS_KEY` point the tests at a
server you already started (`curate server start`). A server that cannot be reached or started is a
test *error*, never a skip: these tests must run in CI.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from curate.server import Credentials, free_port, is_healthy, start_server, stop_server

SAMPLES = Path(__file__).resolve().parent.parent / "curate" / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory):
    """Yield `Credentials` of a running Label Studio (started here unless given by env)."""
    url, key = os.environ.get("CURATE_TEST_LS_URL"), os.environ.get("CURATE_TEST_LS_KEY")
    if url and key:
        if not is_healthy(url):
            pytest.fail(f"CURATE_TEST_LS_URL={url} does not answer /health")
        yield Credentials(url=url, email="", password="", api_key=key, port=0)
        return
    data_dir = _server_dir(tmp_path_factory)
    cluster = None
    if os.environ.get("CURATE_TEST_DATABASE") == "postgresql":  # `make test` runs the server tests on both
        from pg_cluster import Cluster

        cluster = Cluster()
    try:
        creds, _ = start_server(data_dir, port=free_port(), timeout=300, database=cluster and cluster.url)
        try:
            yield creds
        finally:
            stop_server(data_dir)
    finally:
        if cluster is not None:
            cluster.stop()


_DIRS: dict[str, Path] = {}


def _server_dir(factory: pytest.TempPathFactory) -> Path:
    if "ls" not in _DIRS:
        _DIRS["ls"] = factory.mktemp("label-studio")
    return _DIRS["ls"]


@pytest.fixture(scope="session")
def ls_server_dir(ls_server, tmp_path_factory) -> Path | None:
    """The data directory of the server this session started (None if given by env)."""
    return None if os.environ.get("CURATE_TEST_LS_URL") else _server_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def ls_client(ls_server):
    """A label-studio-sdk client for the test server."""
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=ls_server.url, api_key=ls_server.api_key, timeout=600)


@pytest.fixture
def project_name() -> str:
    """A unique project title, so tests never collide on a shared server."""
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def client(ls_server, ls_server_dir):
    """A curate `LSClient` for the test server (knowing its data folder, as for the embedded server)."""
    from curate.lsclient import connect

    return connect(ls_server.url, ls_server.api_key, data_dir=ls_server_dir)


@pytest.fixture
def project(client, project_name):
    """A unique project title; the project, if a test created it, is deleted afterwards."""
    yield project_name
    # The title's project and any empty leftovers that racing pushes renamed out of its way.
    for p in client.sdk.projects.list(title=project_name, page_size=100):
        if p.title == project_name or p.title.startswith(f"{project_name} (unused "):
            client.sdk.projects.delete(id=p.id)


@pytest.fixture(scope="session")
def bundled_gold():
    """The hand-made gold of the five bundled pages."""
    from curate.evaluate import read_gold

    problems: list = []
    docs = list(read_gold(DATA / "gold" / "gold.jsonl", problems.append))
    assert not problems and len(docs) == 5
    return docs


@pytest.fixture(scope="session")
def small_model(tmp_path_factory, bundled_gold):
    """A model trained (held-out split and curve included) on the five bundled gold pages."""
    from curate.model.train import TrainingData, train_model

    out = tmp_path_factory.mktemp("models") / "small"
    return train_model(TrainingData(bundled_gold, "bundled gold"), out)
