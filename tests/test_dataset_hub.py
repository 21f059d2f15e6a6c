from __future__ import annotations

import pytest
from dataset_fixtures import corpus

from curate.dataset.hub import push_to_hub
from curate.dataset.version import write_version
from curate.errors import BadInputError


def test_push_checks_the_folder_before_any_network(tmp_path):
    # The upload itself needs the network and a token and is not run here.
    v1 = write_version(corpus(3), tmp_path / "demo")
    (v1 / "README.md").write_text("edited", encoding="utf-8")
    with pytest.raises(BadInputError, match="README.md: content differs"):
        push_to_hub(v1, "someone/demo", token="not-used")
