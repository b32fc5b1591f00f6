"""`rashomon serve`: the report's pages as a local web app, with search, from the standard library."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from .report.render import render_pages, safe_name, static_files

Json = dict[str, Any]
_MAX_HITS = 200


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
    """Rendered pages, rebuilt from the store on /reload."""

    def __init__(self, load_export: Callable[[], Json]) -> None:
        self.load_export = load_export
        self.lock = threading.Lock()
        self.static = static_files()
        self.reload()

    def reload(self) -> None:
        export = self.load_export()
        pages = render_pages(export)
        with self.lock:
            self.export, self.pages = export, pages


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


def make_server(load_export: Callable[[], Json], host: str, port: int) -> ThreadingHTTPServer:
    """A server for the web app (port 0 picks a free port); call serve_forever() on it."""
    site = _Site(load_export)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return  # the CLI prints where it listens; per-request lines would drown it

        def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            path = url.path.lstrip("/") or "index.html"
            if path == "reload":
                site.reload()
                path = "index.html"
            if path == "search":
                query = parse_qs(url.query).get("q", [""])[0]
                self._send(HTTPStatus.OK, _search_page(site, query).encode(), "text/html; charset=utf-8")
            elif path == "api/export.json":
                self._send(
                    HTTPStatus.OK, json.dumps(site.export, ensure_ascii=False).encode(), "application/json"
                )
            elif path.startswith("static/") and path[7:] in site.static:
                kind = "text/css" if path.endswith(".css") else "text/javascript"
                self._send(HTTPStatus.OK, site.static[path[7:]], kind)
            elif path in site.pages:
                self._send(HTTPStatus.OK, site.pages[path].encode(), "text/html; charset=utf-8")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")

    return ThreadingHTTPServer((host, port), Handler)


def serve(load_export: Callable[[], Json], host: str, port: int) -> None:
    """Serve the web app until interrupted."""
    server = make_server(load_export, host, port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
