import json
import re
from pathlib import Path

import pytest

from rashomon.cli import main
from rashomon.report.highlight import Span, highlight
from rashomon.report.render import safe_name, write_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    code = main(
        [
            "--config", str(ROOT / "examples" / "rashomon.toml"),
            "analyze", str(ROOT / "examples" / "reports"),
            "--db", str(out / "r.db"), "--json", str(out / "a.json"), "--out", str(out / "site"), "--quiet",
        ]
    )  # fmt: skip
    assert code == 0
    return json.loads((out / "a.json").read_text("utf-8")), out / "site"


def test_highlight_escapes_and_nests():
    text = "<b>45 detainees</b>"
    html = str(highlight(text, 10, [Span(13, 25, "count", "n"), Span(16, 25, "label differs", "l")]))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<mark class="count" title="n">45 </mark>' in html
    assert '<mark class="count label differs" title="n; l">detainees</mark>' in html


def test_pages_for_every_event_and_document(report):
    export, site = report
    for event in export["events"]:
        assert (site / "events" / f"{safe_name(event['id'])}.html").exists()
    for doc in export["documents"]:
        assert (site / "docs" / f"{safe_name(doc['id'])}.html").exists()
    for page in ("index.html", "timeline.html", "places.html", "static/report.css", "static/report.js"):
        assert (site / page).exists()


def test_event_page_shows_each_version_with_differences_marked(report):
    export, site = report
    event = max(export["events"], key=lambda e: (len(e["docs"]), len(e["discrepancies"])))
    page = (site / "events" / f"{safe_name(event['id'])}.html").read_text("utf-8")
    sentences = {(m["doc"], m["sentence"]["start"]) for m in export["mentions"] if m["event"] == event["id"]}
    assert page.count('class="version"') == len(sentences)
    assert "differs" in page
    assert "Sources disagree on" in page


def test_links_resolve_and_nothing_is_fetched_from_the_network(report):
    _, site = report
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r"""(?:src|href)=["']https?://""", html), page
        for link in re.findall(r'href="([^"#?]+)', html):
            if link.startswith("/"):
                continue  # the web app's search form
            assert (page.parent / link).resolve().exists(), (page, link)


def test_text_is_escaped(tmp_path):
    export = {
        "documents": [
            {"id": "x", "title": "<script>alert(1)</script>", "text": "<script>bad()</script>", "side": None,
             "annotations": {}, "format": "txt", "path": "x.txt", "warnings": []}
        ],
        "places": [], "actors": [], "mentions": [], "events": [], "framing": {}, "problems": [],
    }  # fmt: skip
    write_report(export, tmp_path)
    assert "<script>bad" not in (tmp_path / "docs" / "x.html").read_text("utf-8")
    assert "<script>alert" not in (tmp_path / "index.html").read_text("utf-8")


def test_issue13_differs_marks_only_values_that_differ(report):
    """Issue 13: nearly every fact was outlined as 'differs'; now only the values of a discrepancy are."""
    export, site = report
    for event in export["events"]:
        page = (site / "events" / f"{safe_name(event['id'])}.html").read_text("utf-8")
        marked = len(re.findall(r'<mark class="[^"]*differs" title=', page))  # the legend has no title
        evidence = sum(len(v["evidence"]) for d in event["discrepancies"] for v in d["values"])
        # each value is marked in its source's version and once more beside the discrepancy
        assert marked == 0 if not evidence else marked >= evidence


def test_issue13_variants_of_wording_are_shown_as_such(report):
    export, site = report
    pages = [
        (event, (site / "events" / f"{safe_name(event['id'])}.html").read_text("utf-8"))
        for event in export["events"]
    ]
    with_variants = [(e, p) for e, p in pages if "Variants of wording" in p]
    assert with_variants
    for event, _ in with_variants:
        shown = {d["slot"] for d in event["discrepancies"]}
        assert any(s["aspect"] == "label" and s["key"] not in shown for s in event["slots"])


def test_issue10_no_page_shows_a_local_folder(report):
    export, site = report
    folders = {str(Path(d["path"]).parent) for d in export["documents"] if Path(d["path"]).is_absolute()}
    assert folders
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not any(folder in html for folder in folders), page


def test_issue10_reading_guide_explains_every_relation_and_modality(report):
    export, site = report
    guide = (site / "guide.html").read_text("utf-8")
    for word in ("contradiction", "part_whole", "update", "framing", "naming", "denial"):
        assert f'id="relation-{word}"' in guide
    for word in ("asserted", "reported", "denied", "planned", "hypothetical", "questioned"):
        assert f"<code>{word}</code>" in guide
    assert "never decides who is right" in guide
    for page in ("index.html", "docs/" + safe_name(export["documents"][0]["id"]) + ".html"):
        html = (site / page).read_text("utf-8")
        assert 'guide.html">Reading guide' in html and 'framing.html">Framing' in html
