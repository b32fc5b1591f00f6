"""`rashomon serve` in Debian's chromium (never a downloaded browser): search, facets, pages (issue 10)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
RASHOMON = Path(sys.executable).parent / "rashomon"


@pytest.fixture(scope="module")
def server(examples_store):
    """`rashomon serve` on the examples' store, as a user starts it."""
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    db, export, _ = examples_store
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [str(RASHOMON), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail(f"rashomon serve did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield url, export
    process.terminate()
    process.wait(timeout=30)
    process.stderr.close()


@pytest.fixture()
def page(server):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        browser.close()
    assert errors == []  # no console errors on any page the test opened


def test_search_shows_outlet_side_and_date_and_its_link_lands_on_the_span(server, page):
    url, export = server
    text = next(d["text"] for d in export["documents"] if d["id"] == "wire_report")
    page.goto(url + "/-/rashomon/search")
    page.fill("form.search-page input[name=q]", "swapped prisoners")
    page.click("form.search-page button")
    page.wait_for_load_state()
    hit = page.locator("li.hit").first
    assert "swapped prisoners" in hit.locator("q").inner_text()
    assert hit.locator(".outlet").first.inner_text() == "wire service"
    assert hit.locator(".side").first.inner_text() == "international"
    assert hit.locator(".published").first.inner_text() == "2025-03-06"
    sentence = hit.locator("q").inner_text()
    start = text.index(sentence)
    hit.locator(".hit-docs a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/-/rashomon/docs/wire_report.html#o{start}")
    # report.js puts an anchor at the offset: the text that follows it is the sentence found
    following = page.evaluate(
        """(id) => { const a = document.getElementById(id); if (!a) return null;
                     const r = document.createRange(); r.setStartAfter(a);
                     r.setEndAfter(document.querySelector('[data-offsets]').lastChild);
                     return r.toString(); }""",
        f"o{start}",
    )
    assert following is not None and following.startswith(sentence)


def test_the_reports_search_box_searches_sentences(server, page):
    url, _ = server
    page.goto(url + "/-/rashomon/docs/wire_report.html")
    box = page.locator("form.search input[name=q]")
    assert box.is_visible()  # shown when a server is behind the page
    box.fill("prisoners of war")
    box.press("Enter")
    page.wait_for_load_state()
    assert "/-/rashomon/search?q=prisoners+of+war" in page.url
    assert page.locator("li.hit").count() >= 2


def _rows(page, column):
    return page.locator(f"table.rows-and-columns tbody td.col-{column}").all_inner_texts()


def test_clicking_a_facet_changes_the_events_listed(server, page):
    url, export = server
    page.goto(url + "/examples/events")
    assert len(_rows(page, "type")) == len(export["events"])
    attacks = sum(e["type"] == "attack" for e in export["events"])
    assert 0 < attacks < len(export["events"])
    page.click("#facet-type a:text-is('attack')")
    page.wait_for_load_state()
    assert _rows(page, "type") == ["attack"] * attacks
    page.click("#facet-sides a:text-is('velmora')")  # a second facet narrows the list again
    page.wait_for_load_state()
    both = [e for e in export["events"] if e["type"] == "attack" and "velmora" in e["sides"]]
    assert len(_rows(page, "type")) == len(both)
    # the summary of an event leads to its report page
    page.locator("table.rows-and-columns td.col-summary a").first.click()
    page.wait_for_load_state()
    assert "/-/rashomon/events/" in page.url
    assert page.locator("article.version").count() >= 1
