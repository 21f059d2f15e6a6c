"""Headless Chromium opens a pushed task in Label Studio and sees the pre-annotations and their rules.

Needs Debian's chromium (/usr/bin/chromium) and the `playwright` package (no downloaded browser).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from ls_fixtures import astral_document

from curate.lsclient import connect
from curate.push import push_documents

pytestmark = [pytest.mark.server, pytest.mark.browser]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium(ls_server):
    """Yield a function that opens a new page (its own cookies) in headless Debian Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'curate[browser]'")
    if not shutil.which(CHROMIUM):
        pytest.skip("no /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        outside: list[str] = []

        def only_local(route):
            if route.request.url.startswith(ls_server.url):
                return route.continue_()
            outside.append(route.request.url)
            return route.abort()

        def new_page():
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            ctx.route("**/*", only_local)
            return ctx.new_page()

        yield new_page
        browser.close()
        assert outside == [], f"the labeling page called out: {outside}"


@pytest.fixture
def page(ls_server, chromium):
    email = ls_server.email or os.environ.get("CURATE_TEST_LS_EMAIL")
    password = ls_server.password or os.environ.get("CURATE_TEST_LS_PASSWORD")
    if not (email and password):
        pytest.skip("no login for the server given by CURATE_TEST_LS_URL (set CURATE_TEST_LS_EMAIL/PASSWORD)")
    page = chromium()
    page.goto(ls_server.url + "/user/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_labeling_page_shows_predictions_rule_confidence_and_realis(ls_server, page, project_name):
    from dataclasses import replace

    doc = astral_document()  # a model's confidence in one span (召开), none for the others
    doc = replace(doc, meta={**doc.meta, "span_confidence": [["会议召开", 14, 16, 0.372]]})
    client = connect(ls_server.url, ls_server.api_key)
    result = push_documents(client, [doc], project_name, "rules-1")
    try:
        # The label stream (what annotators open) shows only predictions of the project's model version.
        # (Opening `data?task=<id>` directly sometimes loses the prediction tab: a Data Manager race.)
        page.goto(f"{ls_server.url}/projects/{result.project_id}/data?labeling=1")
        close_instructions(page)
        page.wait_for_selector(".htx-highlight", timeout=90_000)
        shown = page.eval_on_selector_all(".htx-highlight", "els => els.map(e => e.innerText)")
        assert sorted(shown) == sorted(["新华社", "张伟", "包头市", "召开", "𠀀𠀁公司"])
        page.locator(".htx-highlight", has_text="召开").first.click()
        # The region's rule and the model's confidence in it, in its details.
        page.get_by_text("meeting_rule@1 · confidence 0.37").wait_for(timeout=10_000)
        assert page.get_by_text("directive").is_visible()  # realis choices for a selected trigger
        page.locator(".htx-highlight", has_text="张伟").first.click()
        page.get_by_text("hand@1").wait_for(timeout=10_000)
        assert not page.get_by_text("directive").is_visible()  # …and not for an entity
    finally:
        client.sdk.projects.delete(id=result.project_id)


def test_a_rule_annotated_page_renders_for_annotators(ls_server, page, project_name, tmp_path):
    """Push a bundled page annotated by the rules; the label stream shows its regions (screenshot kept)."""
    from conftest import SAMPLES

    from curate.annotate import annotate_document
    from curate.ingest import ingest_paths

    (doc,) = ingest_paths([SAMPLES / "000_40cfe9622c8414ff.txt"], on_problem=print).documents
    doc = annotate_document(doc)
    client = connect(ls_server.url, ls_server.api_key)
    result = push_documents(client, [doc], project_name, "rules-screenshot")
    try:
        page.goto(f"{ls_server.url}/projects/{result.project_id}/data?labeling=1")
        close_instructions(page)
        page.wait_for_selector(".htx-highlight", timeout=90_000)
        shown = page.eval_on_selector_all(".htx-highlight", "els => els.map(e => e.innerText)")
        assert len(shown) >= len(doc.entities) // 2
        assert doc.entities[0].text in shown
        # Readable events: lines spaced so the role arcs run between them (label_config.STYLE).
        size, height = page.eval_on_selector(".lsf-htx-richtext", "e => [getComputedStyle(e).fontSize, "
                                             "getComputedStyle(e).lineHeight]")
        assert float(height.removesuffix("px")) >= 3 * float(size.removesuffix("px"))
        page.wait_for_timeout(1500)  # the arcs are drawn after the regions
        screenshot(page, tmp_path, "annotator.png")
        # Selecting a trigger lists its arguments in the region details (its relations).
        trigger = next(ev.trigger for ev in doc.events if ev.type == "会议召开")
        page.locator(".htx-highlight", has_text=trigger.text).first.click()
        # The selected trigger's details name the rule that proposed it (whatever its version).
        rule = re.compile(r"^(meeting_suffix|event_meeting_held)@\d+$")
        page.get_by_text(rule).first.wait_for(timeout=10_000)
        page.wait_for_timeout(500)
        screenshot(page, tmp_path, "annotator-event.png")
    finally:
        client.sdk.projects.delete(id=result.project_id)


def close_instructions(page) -> None:
    """Wait for the labeling instructions Label Studio shows before the first task, check, and close them."""
    dialog = page.get_by_text("标注说明").first
    dialog.wait_for(timeout=90_000)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=10_000)


def screenshot(page, tmp_path: Path, name: str) -> Path:
    """Save a screenshot to CURATE_SCREENSHOTS (the README's docs/img) or the test's folder."""
    target = Path(os.environ.get("CURATE_SCREENSHOTS") or tmp_path) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    return target


def test_an_annotator_gets_instructions_chinese_hints_and_the_least_confident_task_first(
        ls_server, chromium, project_name, tmp_path):
    """An annotator signs up (as people join a Label Studio Community server), opens the project: the tab
    lists tasks by ascending score, the instructions come first, and a label's hint reads in Chinese."""
    from conftest import SAMPLES

    from curate.annotate import annotate_document
    from curate.guide import hint
    from curate.ingest import ingest_paths
    from curate.workbench import VIEW_TITLE

    docs = [annotate_document(d) for d in ingest_paths(sorted(SAMPLES.glob("*.txt")), on_problem=print).documents]
    client = connect(ls_server.url, ls_server.api_key)
    result = push_documents(client, docs, project_name, "rules-workbench", overlap=2, overlap_share=40)
    page = chromium()
    try:
        page.goto(ls_server.url + "/user/signup/")
        page.fill("input[name=email]", f"annotator-{uuid.uuid4().hex[:8]}@example.com")
        page.fill("input[name=password]", "annotator-password-1")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        with page.expect_response(lambda r: "/api/tasks" in r.url and "view=" in r.url, timeout=90_000) as listed:
            page.goto(f"{ls_server.url}/projects/{result.project_id}/data")
        page.get_by_text(VIEW_TITLE).first.wait_for(timeout=30_000)
        scores = [t["predictions_score"] for t in listed.value.json()["tasks"]]
        assert len(scores) == len(docs) and scores == sorted(scores) and len(set(scores)) > 1
        page.get_by_text("Prediction score").first.wait_for()
        page.wait_for_timeout(1000)
        screenshot(page, tmp_path, "tasks.png")
        page.get_by_text("Label All Tasks").first.click()
        page.get_by_text("标注说明").first.wait_for(timeout=90_000)
        assert page.get_by_text(hint("GOV").split(" — ")[0].split("：", 1)[1]).first.is_visible()
        screenshot(page, tmp_path, "instructions.png")
        page.keyboard.press("Escape")
        page.wait_for_selector(".htx-highlight", timeout=90_000)
        page.locator(".lsf-label", has_text="GOV").first.hover()
        page.get_by_text(hint("GOV")).wait_for(timeout=10_000)  # the tooltip: definition and example, in Chinese
        page.wait_for_timeout(1000)  # its fade-in, for the screenshot
        screenshot(page, tmp_path, "hint.png")
        assert page.get_by_text("来源：").first.is_visible()  # the document's metadata above the text
    finally:
        client.sdk.projects.delete(id=result.project_id)
