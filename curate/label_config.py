"""Label Studio labeling config, derived from `curate.schema` (never written by hand).

Takes the schema; gives the XML (`build_label_config`) and the names tasks and pulls use.
`label_config/curate.xml` is this module's output, checked by a test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from curate.guide import hint
from curate.schema import ENTITY_LABELS, EVENT_ROLES, EVENT_TYPES, REALIS, ROLES, SPAN_LABELS

CONFIG_FILE = Path(__file__).resolve().parent.parent / "label_config" / "curate.xml"

# Control and object names: results carry them as from_name / to_name.
TEXT_NAME = "text"
LABELS_NAME = "label"
REALIS_NAME = "realis"
CONFIG_LABELS: tuple[str, ...] = SPAN_LABELS + EVENT_TYPES

# One color per label, cycled; triggers get darker shades so they stand apart from entities.
_ENTITY_COLORS = ("#e53935", "#8e24aa", "#1e88e5", "#00897b", "#43a047", "#7cb342", "#fb8c00",
                  "#f4511e", "#6d4c41", "#546e7a", "#c0ca33", "#3949ab", "#d81b60")
_ARG_COLOR = "#9e9e9e"
_TRIGGER_COLORS = ("#b71c1c", "#4a148c", "#0d47a1", "#004d40", "#1b5e20", "#e65100", "#3e2723",
                   "#263238", "#880e4f", "#311b92")
_SHARED_ROLE_COLOR = "#757575"
# Shown above the text: the document's metadata, while labeling (task data fields set by `tasks.py`).
# Not `$source`: the labeling page resolves it to the task's own JSON, not to `data.source`.
META_HEADER = "来源：$outlet　发布日期：$published　文档：$doc_id"
# Readable events: line spacing leaves room for the role arcs between lines, and the arcs are faded
# so the characters under them stay legible (Label Studio has no setting that hides arcs; its
# Relations panel lists a selected trigger's arguments). `.lsf-htx-richtext` is the inline <Text>
# and `.relations-overlay` the SVG that draws the arcs (class names read in Label Studio 1.23's page).
STYLE = (".lsf-htx-richtext { font-size: 16px; line-height: 3.2; } "
         ".relations-overlay { opacity: 0.5; }")


def role_color(role: str) -> str:
    """Return a role's arc colour: its event type's trigger colour if only that type has it, else grey.

    Label Studio cannot restrict a relation label to some region labels, so the colour tells the
    annotator which event type a role belongs to; pull reports any role its event type lacks.
    """
    owners = [i for i, t in enumerate(EVENT_TYPES) if role in EVENT_ROLES[t]]
    return _TRIGGER_COLORS[owners[0] % len(_TRIGGER_COLORS)] if len(owners) == 1 else _SHARED_ROLE_COLOR


def _label(value: str, color: str, hint: str) -> str:
    return f"    <Label value={quoteattr(value)} background={quoteattr(color)} hint={quoteattr(hint)}/>"


def build_label_config() -> str:
    """Return the labeling config XML for the current schema."""
    lines = ["<View>",
             f"  <Style>{STYLE}</Style>",
             '  <Header value="$title"/>',
             f"  <Header value={quoteattr(META_HEADER)} size=\"5\"/>",
             f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}" showInline="true">']
    lines += [_label(v, _ENTITY_COLORS[i % len(_ENTITY_COLORS)], hint(v))
              for i, v in enumerate(ENTITY_LABELS)]
    lines.append(_label(SPAN_LABELS[-1], _ARG_COLOR, hint(SPAN_LABELS[-1])))
    lines += [_label(v, _TRIGGER_COLORS[i % len(_TRIGGER_COLORS)], hint(v))
              for i, v in enumerate(EVENT_TYPES)]
    lines.append("  </Labels>")
    lines.append("  <Relations>")
    lines += [f"    <Relation value={quoteattr(role)} background={quoteattr(role_color(role))}/>" for role in ROLES]
    lines.append("  </Relations>")
    lines.append(f'  <Text name="{TEXT_NAME}" value="$text" granularity="symbol"/>')
    # Realis belongs to trigger regions only: shown when a trigger region is selected.
    lines.append(f'  <Choices name="{REALIS_NAME}" toName="{TEXT_NAME}" perRegion="true" '
                 f'visibleWhen="region-selected" whenTagName="{LABELS_NAME}" '
                 f'whenLabelValue={quoteattr(",".join(EVENT_TYPES))} choice="single" showInline="true">')
    lines += [f"    <Choice value={quoteattr(r)}/>" for r in REALIS]
    lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def write_label_config(path: Path = CONFIG_FILE) -> Path:
    """Write the generated config to `path` (the checked-in `label_config/curate.xml`)."""
    path.write_text(build_label_config(), encoding="utf-8")
    return path


def config_labels(xml: str) -> dict[str, set[str]]:
    """Return each control tag's label values in a config (`label` → {PER, …}, `realis` → {actual, …})."""
    return {tag.get("name", ""): {c.get("value", "") for c in tag}
            for tag in ET.fromstring(xml).iter() if tag.get("name") and tag.get("toName") and len(tag)}
