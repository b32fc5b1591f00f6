"""The Datasette app of `rashomon serve` (issue 10 item 2), through Datasette's own test client."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest

from rashomon.cli import main
from rashomon.report.render import safe_name
from rashomon.web import HOST, make_datasette


@pytest.fixture(scope="module")
def app(examples_store):
    db, export, site = examples_store
    return make_datasette(db), export, site


def get(ds, path, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def test_the_store_is_opened_immutable(app):
    ds, _, _ = app
    db = ds.get_database()
    assert db.is_mutable is False and db.name == "examples"
    response = get(ds, "/examples.json?sql=" + "delete from documents")
    assert response.status_code == 400
    assert get(ds, "/examples/documents.json?_shape=array").json()  # still all there


def test_event_and_document_pages_are_the_static_reports_pages(app):
    """Rendered per request from the store, each page is the page the static report writes."""
    ds, export, site = app
    assert export["events"] and export["documents"]
    for kind, items in (("events", export["events"]), ("docs", export["documents"])):
        for item in items:
            name = safe_name(item["id"])
            response = get(ds, f"/-/rashomon/{kind}/{name}.html")
            assert response.status_code == 200, (kind, name)
            assert response.text == (site / kind / f"{name}.html").read_text("utf-8"), (kind, name)


@pytest.mark.parametrize("path", ["/-/rashomon/events/e999999.html", "/-/rashomon/docs/no_such_doc.html"])
def test_unknown_pages_are_404(app, path):
    assert get(app[0], path).status_code == 404


def test_search_shows_outlet_side_date_and_links_to_the_span(app):
    ds, export, _ = app
    results = get(ds, "/-/rashomon/search.json?q=swapped+prisoners").json()
    texts = {d["id"]: d["text"] for d in export["documents"]}
    assert results["matches"] == len(results["hits"]) >= 1 and not results["more"]
    hit = results["hits"][0]
    assert "swapped prisoners" in hit["sentence"]
    doc = hit["docs"][0]
    assert (doc["doc"], doc["outlet"], doc["side"], doc["published"]) == (
        "wire_report", "wire service", "international", "2025-03-06",
    )  # fmt: skip
    assert texts["wire_report"][doc["start"] : doc["end"]] == hit["sentence"]
    assert doc["href"] == f"docs/wire_report.html#o{doc['start']}"
    html = get(ds, "/-/rashomon/search?q=swapped+prisoners").text
    for shown in (
        "wire service",
        "international",
        "2025-03-06",
        f'href="docs/wire_report.html#o{doc["start"]}"',
    ):
        assert shown in html


@pytest.mark.parametrize("query", ['"unbalanced', "prisoners OR -", "NEAR(a b", "title:x", "*", ""])
def test_search_words_are_never_fts_syntax(app, query):
    response = get(app[0], "/-/rashomon/search.json", params={"q": query})
    assert response.status_code == 200
    assert response.json()["matches"] >= 0


def test_report_search_box_lands_on_the_search_page(app):
    response = get(app[0], "/search?q=prisoners")
    assert response.status_code == 302
    assert response.headers["location"] == "/-/rashomon/search?q=prisoners"


def _facets(ds, table, query=""):
    return get(ds, f"/examples/{table}.json?{query}").json()["facet_results"]


@pytest.mark.parametrize(
    ("table", "facets"),
    [
        ("documents", {"side", "outlet", "published"}),
        ("mentions", {"type", "modality", "doc_id", "date_value"}),
        ("events", {"type", "n_docs", "sides", "date_value", "places"}),  # sides and places: list facets
        ("discrepancies", {"kind", "aspect"}),
    ],
)
def test_tables_open_with_their_facets(app, table, facets):
    assert set(_facets(app[0], table)) == facets


def test_a_facet_value_filters_the_rows_and_the_csv(app):
    ds, export, _ = app
    sides = _facets(ds, "events")["sides"]["results"]
    velmora = next(r for r in sides if r["value"] == "velmora")
    rows = get(ds, "/examples/events.json?_shape=array&sides__arraycontains=velmora").json()
    assert len(rows) == velmora["count"] == sum("velmora" in e["sides"] for e in export["events"])
    text = get(ds, "/examples/events.csv?type=attack&_size=max").text
    types = [row["type"] for row in csv.DictReader(io.StringIO(text))]
    assert types and set(types) == {"attack"}


def test_internal_tables_are_hidden(app):
    tables = {t["name"]: t["hidden"] for t in get(app[0], "/examples.json").json()["tables"]}
    for internal in ("annotations", "_migrations", "corpus_state", "profiles", "story_keys", "runs"):
        assert tables[internal] is True, internal
    for shown in ("documents", "sentences", "mentions", "events", "discrepancies", "places"):
        assert tables[shown] is False, shown


def test_ids_link_to_the_report_pages(app):
    ds, export, _ = app
    event = export["events"][0]["id"]
    assert f'href="/-/rashomon/events/{safe_name(event)}.html"' in get(ds, "/examples/events").text
    assert 'href="/-/rashomon/docs/wire_report.html"' in get(ds, "/examples/documents").text
    sentences = get(ds, "/examples/sentences?doc_id=wire_report").text
    assert 'href="/-/rashomon/docs/wire_report.html#o0"' in sentences


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("index", "/examples/events"),
        ("timeline", "/examples/events?_sort=date_value"),
        ("places", "/examples/places"),
        ("documents", "/examples/documents"),
    ],
)
def test_report_navigation_leads_to_the_tables(app, page, target):
    response = get(app[0], f"/-/rashomon/{page}.html")
    assert (response.status_code, response.headers["location"]) == (302, target)


@pytest.mark.parametrize("page", ["framing", "guide"])
def test_framing_and_guide_are_the_static_reports_pages(app, page):
    ds, _, site = app
    response = get(ds, f"/-/rashomon/{page}.html")
    assert response.status_code == 200
    assert response.text == (site / f"{page}.html").read_text("utf-8")


# -- issue 9, kept from the stdlib server ---------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_issue9_other_host_names_are_refused(app, host):
    """Issue 9: a page elsewhere could reach the app by DNS rebinding."""
    response = get(app[0], "/examples/documents.json", headers={"host": host})
    assert response.status_code == 421
    assert "Ministry" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_issue9_loopback_names_are_served(app, host):
    assert get(app[0], "/", headers={"host": host}).status_code == 200


def test_issue9_security_headers(app):
    ds = app[0]
    report = get(ds, "/-/rashomon/search?q=prisoners")
    assert "default-src 'none'" in report.headers["content-security-policy"]
    for path in ("/", "/examples/events", "/-/rashomon/static/report.js"):
        headers = get(ds, path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_cli_refuses_a_missing_store_before_binding(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 1
    assert "none.db" in capsys.readouterr().err


def test_cli_binds_the_loopback_address_only():
    assert HOST == "127.0.0.1"
    with pytest.raises(SystemExit):
        main(["serve", "--host", "0.0.0.0"])


def test_issue9_a_page_that_fails_is_a_500_without_the_error(app, monkeypatch, capsys):
    """Issue 9: an internal error is a plain page; its traceback goes to the log, not the terminal."""
    from rashomon.web import pages

    def broken(conn, name):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pages, "event_page", broken)
    response = get(app[0], "/-/rashomon/events/e1.html")
    assert response.status_code == 500 and "secret detail" not in response.text
    out, err = capsys.readouterr()
    assert "secret detail" not in out + err


def test_search_pages(app):
    first = get(app[0], "/-/rashomon/search.json?q=the&page=1").json()
    second = get(app[0], "/-/rashomon/search.json?q=the&page=2").json()
    assert first["more"] and len(first["hits"]) == first["page_size"]
    shown = [h["sentence"] for h in first["hits"] + second["hits"]]
    assert len(shown) == len(set(shown)) == first["matches"]  # the examples repeat no sentence
    assert 'rel="next" href="search?q=the&amp;page=2"' in get(app[0], "/-/rashomon/search?q=the").text
