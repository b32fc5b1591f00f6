import json
import threading
import urllib.error
import urllib.request

import pytest

from rashomon.web import make_server, search

EXPORT = {
    "documents": [{"id": "d1", "title": "A report", "text": "They swapped prisoners.", "side": "velmora",
                   "annotations": {}, "format": "txt", "path": "d1.txt", "warnings": []}],
    "places": [], "actors": [], "framing": {}, "problems": [],
    "mentions": [{"id": "d1:m1", "doc": "d1", "event": "e1", "type": "prisoner_exchange",
                  "sentence": {"start": 0, "end": 23, "text": "They swapped prisoners."},
                  "trigger": {"start": 5, "end": 12, "text": "swapped"}, "date": None, "places": [],
                  "counts": [], "actors": [], "labels": [], "attribution": None, "modality": "asserted"}],
    "events": [{"id": "e1", "type": "prisoner_exchange", "date": None, "places": [], "mentions": ["d1:m1"],
                "docs": ["d1"], "sides": ["velmora"], "summary": "Prisoner exchange · reported by 1 document",
                "discrepancies": []}],
}  # fmt: skip


@pytest.fixture(scope="module")
def server():
    srv = make_server(lambda: EXPORT, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def test_pages(server):
    assert "Overview" in _get(server + "/")[1]
    assert "swapped</mark> prisoners." in _get(server + "/events/e1.html")[1]
    assert json.loads(_get(server + "/api/export.json")[1])["events"][0]["id"] == "e1"
    assert (
        "report.css" in _get(server + "/static/report.css")[1]
        or _get(server + "/static/report.css")[0] == 200
    )


def test_search(server):
    status, html = _get(server + "/search?q=swapped+prisoners")
    assert status == 200 and "events/e1.html" in html
    assert search(EXPORT, "nothing like this") == []


def test_unknown_path_is_404(server):
    with pytest.raises(urllib.error.HTTPError) as info:
        _get(server + "/no/such/page")
    assert info.value.code == 404
    info.value.close()
