"""Issue 10 in Debian's chromium: filters, the background switch, sorting, paging, the event page's
headline, coverage and facts table, and a fact's link landing on its words; no console errors."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.report.test_render import report  # noqa: F401 - the examples' report, a module fixture

from rashomon.report.event_page import corpus_sides
from rashomon.report.overview import is_background
from rashomon.report.render import safe_name

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A page that records console errors; the test fails if any was logged."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    tab.close()
    assert errors == []


@pytest.fixture(params=["examples", "seeds"])
def site(request, report):  # noqa: F811
    """(export, report folder) of the examples and of the seeds."""
    if request.param == "examples":
        return report
    _, export, _, folder = request.getfixturevalue("seeds_run")
    return export, folder


def _shown(page) -> int:
    """How many events the list says match (all pages)."""
    return int(page.locator("form.filters output.shown").inner_text().split()[0])


def _visible_rows(page):
    return page.locator("table.events tbody tr:visible")


def test_filters_change_the_events_listed(page, site):
    export, folder = site
    mentions = {m["id"]: m for m in export["mentions"]}
    current = [e for e in export["events"] if not is_background(e, mentions)]
    page.goto((folder / "index.html").as_uri())
    assert _shown(page) == len(current)  # background hidden by default
    assert _visible_rows(page).count() == min(25, len(current))
    kind = max({e["type"] for e in current}, key=lambda t: sum(e["type"] == t for e in current))
    page.select_option("form.filters select[name=type]", kind)
    assert _shown(page) == sum(e["type"] == kind for e in current) < len(current)
    for row in _visible_rows(page).all():
        assert row.get_attribute("data-type") == kind
    page.select_option("form.filters select[name=type]", "")
    page.select_option("form.filters select[name=docs]", "2")
    assert _shown(page) == sum(len(e["docs"]) >= 2 for e in current)
    page.select_option("form.filters select[name=docs]", "1")
    dated = sorted(str((e.get("date") or {}).get("value") or "") for e in current)
    first_year = next(d[:4] for d in dated if d[:4].isdigit())
    page.fill("form.filters input[name=to]", f"{first_year}-12-31")
    assert 0 < _shown(page) < len(current)


def test_the_switch_shows_background_events(page, site):
    export, folder = site
    mentions = {m["id"]: m for m in export["mentions"]}
    background = [e for e in export["events"] if is_background(e, mentions)]
    if not background:
        pytest.skip("no background event in this corpus")
    page.goto((folder / "index.html").as_uri())
    assert page.locator("tr.background:visible").count() == 0
    page.check("form.filters input[name=background]")
    assert _shown(page) == len(export["events"])
    page.select_option("form.filters select[name=docs]", "1")
    page.fill("form.filters input[name=from]", "")
    # a background event is now listed: sort so that single-document events come first
    page.click("table.events th:has-text('Sources')")
    assert page.locator("tr.background:visible").count() > 0


def test_sorting_and_paging(page, site):
    export, folder = site
    page.goto((folder / "timeline.html").as_uri())
    page.click("table.events th:has-text('Sources')")
    page.click("table.events th:has-text('Sources')")  # twice: most sources first
    first = int(_visible_rows(page).first.get_attribute("data-docs"))
    assert first == max(len(e["docs"]) for e in export["events"] if e.get("date"))
    page.goto((folder / "index.html").as_uri())
    page.check("form.filters input[name=background]")
    if _shown(page) <= 25:
        assert page.locator("nav.pager").is_hidden()  # one page only: no pager
        return
    before = _visible_rows(page).first.inner_text()
    page.click("nav.pager button[data-step='1']")
    assert "page 2" in page.locator("nav.pager .page").inner_text()
    assert _visible_rows(page).first.inner_text() != before


def test_event_page_headline_coverage_and_facts(page, site):
    export, folder = site
    docs = {d["id"]: d for d in export["documents"]}
    event = max(export["events"], key=lambda e: (len(e["docs"]), len(e.get("slots", ()))))
    page.goto((folder / "index.html").as_uri())
    page.click(f"a[href='events/{safe_name(event['id'])}.html'] >> nth=0")
    page.wait_for_load_state()
    headline = page.locator("h1.headline").inner_text()
    assert headline and event["id"] not in headline
    assert page.title().startswith(headline[:20])
    sides = page.locator(".coverage section.side")
    assert sides.count() == len(corpus_sides(docs))
    reporting = {docs[d]["side"] or "side not given" for d in event["docs"]}
    assert page.locator(".coverage section.side:not(.absent)").count() == len(reporting)
    assert page.locator("table.facts-table thead th").count() == len(event["docs"]) + 1
    assert page.locator("table.facts-table tbody tr").count() > 0
    # a fact's link lands on its words in the document
    link = page.locator("a.fact").first
    href = link.get_attribute("href")
    words = link.inner_text().strip("“”")
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}")
    after = page.evaluate(
        "id => { const a = document.getElementById(id); const r = document.createRange();"
        " const text = a.closest('[data-offsets]'); r.setStartAfter(a);"
        " r.setEnd(text, text.childNodes.length);"
        " return r.toString().slice(0, 200); }",
        anchor,
    )
    assert after.startswith(words)
    assert page.locator(f"#{anchor}").is_visible()


@pytest.mark.parametrize(
    "name", ["documents.html", "framing.html", "guide.html", "timeline.html", "places.html"]
)
def test_every_page_is_in_the_navigation_and_loads_cleanly(page, site, name):
    export, folder = site
    page.goto((folder / "index.html").as_uri())
    page.click(f"header nav a[href='{name}']")
    page.wait_for_load_state()
    assert page.url.endswith(name)
    assert page.locator("h1").count() == 1
    html = page.content()
    folders = {str(Path(d["path"]).parent) for d in export["documents"] if Path(d["path"]).is_absolute()}
    assert folders and not any(f in html for f in folders)  # issue 10: no local folders in pages
