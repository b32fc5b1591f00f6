"""`rashomon serve`: the report's pages as a local web app, with search, from the standard library."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from .errors import Error
from .report.render import render_pages, safe_name, static_files

Json = dict[str, Any]
_MAX_HITS = 200
_HTML = "text/html; charset=utf-8"
log = logging.getLogger(__name__)


def search(export: Json, query: str) -> list[Json]:
    """Mentions, events and documents whose text contains every word of ``query`` (case-insensitive)."""
    words = query.lower().split()
    if not words:
        return []
    hits: list[Json] = []

    def matches(text: str) -> bool:
        low = text.lower()
        return all(w in low for w in words)

    for doc in export["documents"]:
        if matches(f"{doc.get('title') or ''} {doc['id']}"):
            hits.append(
                {
                    "kind": "document",
                    "href": f"docs/{safe_name(doc['id'])}.html",
                    "text": doc.get("title") or doc["id"],
                }
            )
    for event in export["events"]:
        if matches(event.get("summary", "")):
            hits.append(
                {"kind": "event", "href": f"events/{safe_name(event['id'])}.html", "text": event["summary"]}
            )
    for m in export["mentions"]:
        if matches(m["sentence"]["text"]):
            hits.append(
                {
                    "kind": f"{m['type']} in {m['doc']}",
                    "href": f"events/{safe_name(m['event'])}.html",
                    "text": m["sentence"]["text"],
                }
            )
    return hits[:_MAX_HITS]


class _Site:
    """Rendered pages, rebuilt from the store on POST /reload; unavailable while the store cannot be read."""

    def __init__(self, load_export: Callable[[], Json]) -> None:
        self.load_export = load_export
        self.lock = threading.Lock()
        self.static = static_files()
        self.export: Json = {}
        self.pages: dict[str, str] = {}
        self.error: str | None = None
        self.reload()

    def reload(self) -> None:
        try:
            export = self.load_export()
            pages = render_pages(export)
        except Exception as exc:  # a missing or corrupt store: the app says so, it does not crash
            log.warning("store unavailable", exc_info=True)
            with self.lock:
                self.error = (
                    str(exc) if isinstance(exc, Error) else f"the store cannot be read ({type(exc).__name__})"
                )
            return
        with self.lock:
            self.export, self.pages, self.error = export, pages, None


def _search_page(site: _Site, query: str) -> str:
    hits = search(site.export, query)
    rows = "".join(
        f'<li><a href="/{escape(h["href"])}">{escape(h["text"])}</a> <small>{escape(h["kind"])}</small></li>'
        for h in hits
    )
    body = f"<h1>Search: {escape(query)}</h1><p>{len(hits)} results</p><ol>{rows}</ol>"
    # reuse the overview page's frame so navigation and styles stay the same
    frame = site.pages["index.html"]
    head, _, rest = frame.partition("<main>")
    _, _, tail = rest.partition("</main>")
    return f"{head}<main>{body}</main>{tail}"


# Every response: no script or style from anywhere but this app, no framing, no type sniffing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
_LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def allowed_hosts(host: str) -> frozenset[str]:
    """Host header names the app answers to when bound to ``host`` (DNS rebinding protection)."""
    if host in _LOOPBACK_NAMES or host.startswith("127."):
        return _LOOPBACK_NAMES | {host}
    return frozenset({host})


def _host_name(header: str) -> str:
    """The name of a Host header without its port ('[::1]:8000' -> '::1')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    ).encode()


def make_server(load_export: Callable[[], Json], host: str, port: int) -> ThreadingHTTPServer:
    """A server for the web app (port 0 picks a free port); call serve_forever() on it."""
    site = _Site(load_export)
    hosts = allowed_hosts(host)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return  # the CLI prints where it listens; per-request lines would drown it

        def _send(
            self, status: HTTPStatus, body: bytes, kind: str, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _checked(self) -> bool:
            """Refuse other host names: a page elsewhere must not reach the app by DNS rebinding."""
            if _host_name(self.headers.get("Host", "")) not in hosts:
                self._send(HTTPStatus.MISDIRECTED_REQUEST, _page("Wrong host", "Unknown host name."), _HTML)
                return False
            return True

        def do_GET(self) -> None:
            if not self._checked():
                return
            try:
                self._get()
            except Exception:
                log.error("error serving %s", self.path, exc_info=True)
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR, _page("Error", "The page could not be made."), _HTML
                )

        def do_POST(self) -> None:
            if not self._checked():
                return
            if urlsplit(self.path).path != "/reload":
                self._send(HTTPStatus.METHOD_NOT_ALLOWED, _page("Not allowed", "POST /reload only."), _HTML)
                return
            site.reload()
            if site.error is not None:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, _page("Store unavailable", site.error), _HTML)
                return
            self._send(HTTPStatus.SEE_OTHER, b"", _HTML, {"Location": "/"})

        def _get(self) -> None:
            url = urlsplit(self.path)
            path = url.path.lstrip("/") or "index.html"
            if path == "reload":  # a GET must not change state
                self._send(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    _page("Not allowed", "Use POST /reload."),
                    _HTML,
                    {"Allow": "POST"},
                )
                return
            if site.error is not None:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, _page("Store unavailable", site.error), _HTML)
                return
            if path == "search":
                query = parse_qs(url.query).get("q", [""])[0]
                self._send(HTTPStatus.OK, _search_page(site, query).encode(), _HTML)
            elif path == "api/export.json":
                self._send(
                    HTTPStatus.OK, json.dumps(site.export, ensure_ascii=False).encode(), "application/json"
                )
            elif path.startswith("static/") and path[7:] in site.static:
                kind = "text/css" if path.endswith(".css") else "text/javascript"
                self._send(HTTPStatus.OK, site.static[path[7:]], kind)
            elif path in site.pages:
                self._send(HTTPStatus.OK, site.pages[path].encode(), _HTML)
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            # the standard server prints the traceback on stderr; it belongs in the log file
            log.error("error handling a request from %s", client_address, exc_info=True)

    return Server((host, port), Handler)


def serve(load_export: Callable[[], Json], host: str, port: int) -> None:
    """Serve the web app until interrupted."""
    server = make_server(load_export, host, port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
