"""Open the static report in Debian's chromium (never a downloaded browser) and click through."""

import shutil

import pytest
from tests.report.test_render import report  # noqa: F401 - the shared module fixture

from rashomon.report.render import safe_name

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def test_click_from_overview_to_an_event(report):  # noqa: F811
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    export, site = report
    event = max(export["events"], key=lambda e: len(e["docs"]))
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((site / "index.html").as_uri())
        page.click(f"a[href='events/{safe_name(event['id'])}.html'] >> nth=0")
        page.wait_for_load_state()
        sentences = {
            (m["doc"], m["sentence"]["start"]) for m in export["mentions"] if m["event"] == event["id"]
        }
        assert page.locator("article.version").count() == len(sentences)  # issue 10: one card a sentence
        assert page.locator("article.version").first.is_visible()
        assert page.locator("form.search").is_hidden()  # no server behind a file:// report
        browser.close()
    assert errors == []
