"""Dataset edge: push a written version folder to the Hugging Face Hub as one commit tagged `vN`.

Needs network and a token (`--token`, else `HF_TOKEN` or a `huggingface-cli login`); the folder it
uploads is exactly the one `load_dataset` reads offline, checked against its manifest first.
"""

from __future__ import annotations

from pathlib import Path

from curate.dataset.reader import check_files
from curate.errors import CurateError, VersionExistsError

# What one upload replaces at the repo root: the previous version's data files, card and manifest.
REPLACED = ("*.parquet", "**/*.parquet", "*.md", "*.json")


class HubError(CurateError):
    """The Hub refused or could not be reached (exit 1)."""


def push_to_hub(version_dir: str | Path, repo: str, token: str | None = None) -> str:
    """Upload a version folder to dataset repo `repo` as one commit tagged with its version; return the commit URL."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    d = Path(version_dir)
    manifest = check_files(d)
    tag = manifest["version"]
    api = HfApi(token=token)
    try:
        exists = api.repo_exists(repo, repo_type="dataset")
        if exists and tag in {t.name for t in api.list_repo_refs(repo, repo_type="dataset").tags}:
            raise VersionExistsError(f"{repo}: tag {tag} exists on the Hub and versions are immutable")
        api.create_repo(repo, repo_type="dataset", exist_ok=True)
        # The repo root mirrors one version: files of the previous version that this one lacks
        # (an empty split) are deleted in the same commit.
        commit = api.upload_folder(folder_path=d, repo_id=repo, repo_type="dataset",
                                   commit_message=f"curate {manifest.get('name', '')} {tag}",
                                   delete_patterns=list(REPLACED))
        api.create_tag(repo, tag=tag, revision=commit.oid, repo_type="dataset",
                       tag_message=f"{tag} (parent {manifest.get('parent') or 'none'}, {manifest['kind']})")
    except HfHubHTTPError as exc:
        raise HubError(f"{repo}: the Hugging Face Hub refused the upload ({exc}); check the repo name "
                       "and that the token may write to it") from None
    except OSError as exc:
        raise HubError(f"{repo}: cannot reach the Hugging Face Hub ({exc}); check the network") from None
    return commit.commit_url
