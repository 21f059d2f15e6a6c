"""Push stage, project setup: the annotators' workbench, generated from the schema and its guide.

Takes a project and the push options; gives the labeling instructions (`instructions_html`), the
project settings (least confident task first, instructions shown, overlap) and the Data Manager tab
a lead opens (`data_manager_view`), and applies them (`setup_project`). Never touches annotations.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from curate.errors import BadInputError
from curate.guide import EVENTS, LABELS, REALIS, ROLES, RULES
from curate.lsclient import LSClient
from curate.schema import EVENT_ROLES

log = logging.getLogger(__name__)

VIEW_TITLE = "最不确定优先"  # the Data Manager tab push creates: tasks by ascending prediction score
# Data Manager columns the tab shows, in this order; every other column is hidden.
VIEW_COLUMNS: tuple[str, ...] = (
    "tasks:id", "tasks:data.title", "tasks:data.outlet", "tasks:data.published", "tasks:predictions_score",
    "tasks:data.regions", "tasks:total_annotations", "tasks:annotators", "tasks:data.doc_id")
SORT = "tasks:predictions_score"
UNCERTAINTY = "Uncertainty sampling"  # Label Studio's label stream: lowest prediction score first


def instructions_html() -> str:
    """Return the labeling instructions (Chinese, with the label codes) shown before the first task."""
    h = ["<h2>标注说明</h2>",
         "<p>每个任务已由规则预标注（实体、事件触发词和论元关系）。请逐一核对：改正标签和边界，删除错误的片段，"
         "补上遗漏的片段；选中触发词后在右侧选择 realis，并从触发词向论元画关系，关系标签为论元角色。"
         "任务按预测置信度从低到高排列（最不确定的先标）。把鼠标停在标签上可看到它的定义和例子。</p>",
         "<h3>实体与论元标签</h3>", "<table><tbody><tr><th>标签</th><th>定义</th><th>例</th></tr>"]
    h += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(e.definition)}</td><td>{escape(e.example)}</td></tr>"
          for k, e in LABELS.items()]
    h += ["</tbody></table>", "<h3>事件类型（触发词标签）</h3>",
          "<table><tbody><tr><th>类型</th><th>定义</th><th>例</th><th>论元角色（只用这些）</th></tr>"]
    h += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(e.definition)}</td><td>{escape(e.example)}</td>"
          f"<td>{escape('、'.join(EVENT_ROLES[k]))}</td></tr>" for k, e in EVENTS.items()]
    h += ["</tbody></table>", "<h3>论元角色</h3>", "<p>只属于一种事件的角色与该事件触发词同色，多种事件共用的角色为灰色。</p>",
          "<table><tbody><tr><th>角色</th><th>定义</th><th>用于</th></tr>"]
    h += [f"<tr><td><b>{escape(r)}</b></td><td>{escape(d)}</td>"
          f"<td>{escape('、'.join(t for t, rs in EVENT_ROLES.items() if r in rs))}</td></tr>" for r, d in ROLES.items()]
    h += ["</tbody></table>", "<h3>realis</h3>", "<ul>"]
    h += [f"<li><b>{escape(k)}</b>：{escape(d)}</li>" for k, d in REALIS.items()]
    h += ["</ul>", "<h3>规则</h3>", "<ol>"]
    h += [f"<li>{escape(r)}</li>" for r in RULES]
    h += ["</ol>"]
    return "\n".join(h)


def check_overlap(overlap: int | None, share: int | None) -> None:
    """Refuse overlap options Label Studio cannot apply (exit 2, before anything is sent)."""
    if share is not None and overlap is None:
        raise BadInputError("--overlap-share needs --overlap N (how many annotators those tasks get)")
    if overlap is not None and overlap < 1:
        raise BadInputError(f"--overlap {overlap}: give the number of annotators per task, 1 or more")
    if share is not None and not 0 <= share <= 100:
        raise BadInputError(f"--overlap-share {share}: give a percentage of tasks, 0 to 100")


def project_settings(overlap: int | None = None, share: int | None = None) -> dict[str, Any]:
    """Return the project fields push sets: instructions, least-confident-first, and overlap if given.

    Label Studio gives `share`% of the tasks (its overlap cohort) `overlap` annotators each; the other
    tasks get one.
    """
    check_overlap(overlap, share)
    fields: dict[str, Any] = {"expert_instruction": instructions_html(), "show_instruction": True,
                              "sampling": UNCERTAINTY}
    if overlap is not None:
        fields["maximum_annotations"] = overlap
        fields["overlap_cohort_percentage"] = 100 if share is None else share
    return fields


def data_manager_view(columns: list[str]) -> dict[str, Any]:
    """Return the Data Manager tab: the lead's columns (of the project's `columns`), ascending score."""
    return {"title": VIEW_TITLE, "ordering": [SORT],
            "hiddenColumns": {"explore": [c for c in columns if c not in VIEW_COLUMNS],
                              "labeling": [c for c in columns if c not in ("tasks:id", "tasks:data.title")]},
            "columnsWidth": {}, "columnsDisplayType": {}, "gridWidth": 4,
            "filters": {"conjunction": "and", "items": []}}


def setup_project(client: LSClient, project_id: int, overlap: int | None = None, share: int | None = None) -> None:
    """Apply the workbench settings and the Data Manager tab to a project (idempotent)."""
    client.update_project(project_id, project_settings(overlap, share))
    client.ensure_view(project_id, VIEW_TITLE, data_manager_view(client.view_columns(project_id)))
    log.info("project %s: instructions, least-confident-first tab%s", project_id,
             f", overlap {overlap} on {share if share is not None else 100}% of tasks" if overlap else "")
