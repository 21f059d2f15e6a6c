"""Headless Chromium opens a pushed task in Label Studio and sees the pre-annotations and their rules.

Needs Debian's chromium (/usr/bin/chromium) and the `playwright` package (no downloaded browser).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from ls_fixtures import astral_document

from curate.lsclient import connect
from curate.push import push_documents

pytestmark = [pytest.mark.server, pytest.mark.browser]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(ls_server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'curate[browser]'")
    if not shutil.which(CHROMIUM):
        pytest.skip("no /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)")
    email = ls_server.email or os.environ.get("CURATE_TEST_LS_EMAIL")
    password = ls_server.password or os.environ.get("CURATE_TEST_LS_PASSWORD")
    if not (email and password):
        pytest.skip("no login for the server given by CURATE_TEST_LS_URL (set CURATE_TEST_LS_EMAIL/PASSWORD)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        outside: list[str] = []

        def only_local(route):
            if route.request.url.startswith(ls_server.url):
                return route.continue_()
            outside.append(route.request.url)
            return route.abort()

        ctx.route("**/*", only_local)
        page = ctx.new_page()
        page.goto(ls_server.url + "/user/login/")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        yield page
        browser.close()
        assert outside == [], f"the labeling page called out: {outside}"


def test_labeling_page_shows_predictions_rule_and_realis(ls_server, page, project_name):
    client = connect(ls_server.url, ls_server.api_key)
    result = push_documents(client, [astral_document()], project_name, "rules-1")
    try:
        # The label stream (what annotators open) shows only predictions of the project's model version.
        # (Opening `data?task=<id>` directly sometimes loses the prediction tab: a Data Manager race.)
        page.goto(f"{ls_server.url}/projects/{result.project_id}/data?labeling=1")
        page.wait_for_selector(".htx-highlight", timeout=90_000)
        shown = page.eval_on_selector_all(".htx-highlight", "els => els.map(e => e.innerText)")
        assert sorted(shown) == sorted(["新华社", "张伟", "包头市", "召开", "𠀀𠀁公司"])
        page.locator(".htx-highlight", has_text="召开").first.click()
        page.get_by_text("meeting_rule@1").wait_for(timeout=10_000)  # the region's rule, in its details
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
        page.wait_for_selector(".htx-highlight", timeout=90_000)
        shown = page.eval_on_selector_all(".htx-highlight", "els => els.map(e => e.innerText)")
        assert len(shown) >= len(doc.entities) // 2
        assert doc.entities[0].text in shown
        target = Path(os.environ.get("CURATE_SCREENSHOTS") or tmp_path) / "annotator.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
    finally:
        client.sdk.projects.delete(id=result.project_id)
