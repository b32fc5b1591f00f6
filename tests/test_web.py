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


# -- issue 9 ------------------------------------------------------------------------------------


def _request(url, method="GET", host=None):
    request = urllib.request.Request(url, method=method, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_issue9_other_host_names_are_refused(server, host):
    """Issue 9: the Host header was not checked (DNS rebinding)."""
    status, _, body = _request(server + "/api/export.json", host=host)
    assert status == 421
    assert "swapped" not in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:8000", "[::1]:8000"])
def test_issue9_loopback_names_are_served(server, host):
    assert _request(server + "/", host=host)[0] == 200


def test_issue9_reload_needs_a_post(server):
    """Issue 9: /reload changed state on a GET."""
    status, headers, _ = _request(server + "/reload")
    assert status == 405 and headers["Allow"] == "POST"
    status, _, body = _request(server + "/reload", method="POST")
    assert status == 200 and "Overview" in body  # the redirect to the overview is followed


def test_issue9_security_headers(server):
    """Issue 9: no CSP or nosniff headers."""
    for path in ("/", "/static/report.js", "/api/export.json", "/no/such/page"):
        _, headers, _ = _request(server + path)
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_issue9_a_missing_or_corrupt_store_is_a_clean_503(tmp_path, capsys):
    """Issue 9: a missing or corrupt database closed the connection with a traceback on stderr."""
    from rashomon.errors import StoreError

    state = {"broken": False}

    def load():
        if state["broken"]:
            raise StoreError(
                f"{tmp_path / 's.db'}: cannot open the store: the file is not an SQLite database"
            )
        return EXPORT

    srv = make_server(load, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        assert _request(url + "/")[0] == 200
        state["broken"] = True
        status, headers, body = _request(url + "/reload", method="POST")
        assert status == 503 and "not an SQLite database" in body
        assert _request(url + "/")[0] == 503
        assert "X-Content-Type-Options" in headers
        state["broken"] = False
        assert _request(url + "/reload", method="POST")[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()
    assert "Traceback" not in capsys.readouterr().err


def test_issue9_an_error_in_a_page_is_a_clean_500(tmp_path, capsys, monkeypatch):
    from rashomon import web

    srv = make_server(lambda: EXPORT, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"

    def broken(site, query):
        raise RuntimeError("search broke")

    monkeypatch.setattr(web, "_search_page", broken)
    try:
        status, _, body = _request(url + "/search?q=x")
    finally:
        srv.shutdown()
        srv.server_close()
    assert status == 500 and "search broke" not in body
    assert "Traceback" not in capsys.readouterr().err
