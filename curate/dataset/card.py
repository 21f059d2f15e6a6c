"""Dataset stage, pure: a version's manifest and diffs → its dataset card (`README.md`).

The YAML header holds `configs` (parquet files per split, `ner` the default) and `dataset_info`
(features with ClassLabel names, so they survive `load_dataset`); the body says what the version is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from curate.dataset.diff import VersionDiff, diff_lines
from curate.dataset.report import Agreement, RuleQuality, agreement_lines, quality_lines
from curate.dataset.rows import STAT_NOTES
from curate.dataset.splits import SPLITS

CONFIGS: tuple[str, ...] = ("ner", "events", "documents")


def configs_yaml(files: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """Return the card's `configs:` list from config → split → relative parquet path."""
    return [{"config_name": name, **({"default": True} if name == "ner" else {}),
             "data_files": [{"split": split, "path": path} for split, path in files[name].items()]}
            for name in CONFIGS if files.get(name)]


def render_card(manifest: Mapping[str, Any], *, configs: list[dict[str, Any]],
                dataset_info: list[dict[str, Any]], diff: VersionDiff | None,
                quality: RuleQuality, agreement: Agreement) -> str:
    """Return the README.md text of a version folder."""
    header = yaml.safe_dump({"configs": configs, "dataset_info": dataset_info, "tags": ["curate"]},
                            allow_unicode=True, sort_keys=False)
    m, counts = manifest, manifest["counts"]
    name, version = m.get("name", "dataset"), m["version"]
    if m["kind"] == "silver":
        kind = (f"**silver**: annotations straight from the rules (rule set {m.get('ruleset_version') or '?'}), "
                "not reviewed by people.")
    else:
        kind = (f"**gold**: annotations corrected by people in Label Studio project "
                f"{m.get('project') or '?'} (pre-annotated by rules {m.get('ruleset_version') or '?'}).")
    lines = [f"# {name} {version}", "", kind, "",
             f"Parent version: {m.get('parent') or 'none'} · created {m['created']} · "
             f"schema version {m['schema_version']}", "",
             "Chinese news paragraphs with named entities and events (curate, SCHEMA.md). Load offline:", "",
             "```python", "from datasets import load_dataset",
             f'ner = load_dataset("{m.get("path", "PATH")}", "ner")        # paragraphs ≤ 510 chars, '
             "character tokens, BIO tags",
             f'events = load_dataset("{m.get("path", "PATH")}", "events")  # paragraphs with their events',
             f'docs = load_dataset("{m.get("path", "PATH")}", "documents")  # whole documents, lossless',
             "```", "",
             f"Pushed with `curate build … --push-to-hub REPO`, the same folder is one Hub commit tagged "
             f"{version}: `load_dataset(REPO, \"ner\", revision=\"{version}\")`.", "",
             "Splits come from a hash of the document id (80/10/10), so a document never changes split "
             "between versions. An empty split is left out.", "", "## Counts", "",
             "| split | documents | ner rows | events rows |", "|---|---:|---:|---:|"]
    for split in SPLITS:
        lines.append(f"| {split} | {counts['documents'].get(split, 0)} | "
                     f"{counts['rows']['ner'].get(split, 0)} | {counts['rows']['events'].get(split, 0)} |")
    lines += _per_split_table("label", counts["entities"]) + _per_split_table("event type", counts["events"])
    unplaced = {k: v for k, v in counts.get("unplaced", {}).items() if v}
    lines += ["", "Spans the paragraph rows could not hold (never dropped from `documents`):", ""]
    lines += [f"- {STAT_NOTES.get(k, k)}: {v}" for k, v in unplaced.items()] or ["- none"]
    lines += ["", f"## Changes since {m.get('parent') or 'nothing (first version)'}", ""]
    lines += diff_lines(diff) if diff is not None else ["First version: every document is new."]
    lines += ["", "## Rule quality as measured by people", ""] + quality_lines(quality)
    lines += ["", "## Annotator agreement", ""] + agreement_lines(agreement)
    return f"---\n{header}---\n\n" + "\n".join(lines) + "\n"


def _per_split_table(what: str, table: Mapping[str, Mapping[str, int]]) -> list[str]:
    lines = ["", f"| {what} | " + " | ".join(SPLITS) + " | total |", "|---|" + "---:|" * (len(SPLITS) + 1)]
    for label, per in table.items():
        lines.append(f"| {label} | " + " | ".join(str(per.get(s, 0)) for s in SPLITS)
                     + f" | {sum(per.values())} |")
    return lines if table else ["", f"No {what} annotated."]


def summary_line(manifest: Mapping[str, Any]) -> str:
    """Return one line about a version: name, date, kind, parent and counts."""
    c = manifest["counts"]
    docs = c["documents"]
    per_split = ", ".join(f"{s} {docs[s]}" for s in SPLITS if s in docs)
    entities = sum(n for per in c["entities"].values() for n in per.values())
    events = sum(n for per in c["events"].values() for n in per.values())
    return (f"{manifest['version']}  {manifest['created']}  {manifest['kind']}  "
            f"parent {manifest.get('parent') or '-'}  documents {sum(docs.values())} ({per_split})  "
            f"ner rows {sum(c['rows']['ner'].values())}  entities {entities}  events {events}")
