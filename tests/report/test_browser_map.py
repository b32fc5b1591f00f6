"""Issue 10, item 6: the seeds' places page in Debian's chromium draws borders and linked markers."""

from __future__ import annotations

import json
import shutil

import pytest

from rashomon.cli import main
from rashomon.report.render import safe_name

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("seeds-map")
    code = main(
        [
            "analyze", str(seeds_dir), "--db", str(out / "s.db"), "--json", str(out / "a.json"),
            "--out", str(out / "site"), "--quiet",
        ]
    )  # fmt: skip
    assert code == 0
    return json.loads((out / "a.json").read_text("utf-8")), out / "site"


def test_every_place_of_the_seeds_has_coordinates(seeds_report):
    export, _ = seeds_report
    missing = [p["id"] for p in export["places"] if p.get("lat") is None or p.get("lon") is None]
    assert missing == []
    kinds = {p["kind"] for p in export["places"]}
    assert "country" in kinds  # countries too (issue 10: they had none)


def test_places_page_draws_borders_and_markers_that_link(seeds_report):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    export, site = seeds_report
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((site / "places.html").as_uri())
        borders = page.locator("svg.map path.country")
        assert borders.count() >= 3  # Armenia, Azerbaijan, Georgia at least
        assert borders.first.is_visible()
        box = page.locator("svg.map").bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
        # the border strokes are painted: a country path has a real extent on screen
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('svg.map path.country')]"
            ".map(p => p.getBBox()).filter(b => b.width > 20 && b.height > 20).length"
        )
        assert drawn >= 3
        # a single-place marker goes to that place's section, which links to its events
        with_events = {pid for e in export["events"] for pid in e.get("places", [])}
        singles = page.locator("svg.map a.marker:not([href^='#near-'])")
        ids = [(singles.nth(i).get_attribute("data-places") or "") for i in range(singles.count())]
        index = next(i for i, pid in enumerate(ids) if pid in with_events)
        place_id = ids[index]
        singles.nth(index).click()
        assert page.url.endswith(f"#place-{safe_name(place_id)}")
        section = page.locator(f"#place-{safe_name(place_id)}")
        assert section.is_visible()
        event_links = section.locator("a[href^='events/']")
        expected = [e["id"] for e in export["events"] if place_id in e.get("places", [])]
        assert event_links.count() == len(expected) >= 1
        event_links.first.click()
        page.wait_for_load_state()
        assert "/events/" in page.url
        assert page.locator("article.version").count() >= 1
        browser.close()
    assert errors == []
