"""The rashomon Datasette plugin: report pages per request, sentence search, links, a loopback guard.

Registered in-process by ``rashomon.web.make_datasette`` (no entry point), so it is active for the
Datasette instances of this process only.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import datasette
from markupsafe import Markup, escape

from ..report.render import safe_name, static_files
from . import pages
from .facets import ListFacet

F = TypeVar("F", bound=Callable[..., Any])
hookimpl = cast(Callable[[F], F], datasette.hookimpl)
Response: Any = datasette.Response
log = logging.getLogger(__name__)

PREFIX = "/-/rashomon"
# the static report's navigation, mapped to the Datasette views that replace those pages
_NAVIGATION = {
    "index": "events",
    "timeline": "events?_sort=date_value",
    "places": "places",
    "documents": "documents",
}
# the report's pages hold only their own script and style; Datasette's pages have inline ones
REPORT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def host_name(header: str) -> str:
    """The name of a Host header without its port ('[::1]:8000' -> '::1')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _database(ds: Any) -> Any:
    return ds.get_database()


async def _read(ds: Any, fn: Callable[[sqlite3.Connection], Any]) -> Any:
    """Run ``fn`` on one of Datasette's read-only connections with plain tuples as rows."""

    def call(conn: sqlite3.Connection) -> Any:
        factory = conn.row_factory
        conn.row_factory = None  # the store's readers unpack tuples
        try:
            return fn(conn)
        finally:
            conn.row_factory = factory

    return await _database(ds).execute_fn(call)


def _html(body: str, status: int = 200) -> Any:
    return Response.html(body, status=status, headers={"content-security-policy": REPORT_CSP})


def _not_found(what: str) -> Any:
    return _html(f"<!doctype html><title>Not found</title><p>{escape(what)}</p>", status=404)


View = Callable[[Any, Any], Awaitable[Any]]


def _guarded(view: View) -> View:
    """An internal error in a view is a plain 500 page and its traceback goes to the log file, never
    to the page or the terminal (Datasette's own handler prints it with its local variables)."""

    @functools.wraps(view)
    async def guarded(datasette: Any, request: Any) -> Any:
        try:
            return await view(datasette, request)
        except Exception:
            log.error("error serving %s", request.path, exc_info=True)
            return _html("<!doctype html><title>Error</title><p>The page could not be made.</p>", status=500)

    return guarded


@_guarded
async def event_view(datasette: Any, request: Any) -> Any:
    """The report's page of one event, rendered from the store."""
    name = request.url_vars["name"]
    html = await _read(datasette, lambda conn: pages.event_page(conn, name))
    return _not_found(f"No event {name} in this store.") if html is None else _html(html)


@_guarded
async def document_view(datasette: Any, request: Any) -> Any:
    """The report's page of one document, rendered from the store."""
    name = request.url_vars["name"]
    html = await _read(datasette, lambda conn: pages.document_page(conn, name))
    return _not_found(f"No document {name} in this store.") if html is None else _html(html)


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


@_guarded
async def search_view(datasette: Any, request: Any) -> Any:
    """Sentences that hold every word of ``q``, one page at a time (``.json`` for the JSON twin)."""
    query = (request.args.get("q") or "").strip()
    page = _page_number(request.args.get("page"))
    results = await _read(datasette, lambda conn: pages.search_results(conn, query, page))
    if request.url_vars.get("format") == ".json":
        return Response.json(results)
    return _html(pages.search_page(results, _database(datasette).route))


@_guarded
async def framing_view(datasette: Any, request: Any) -> Any:
    """The report's framing page, rendered from the store."""
    return _html(await _read(datasette, pages.framing_page))


@_guarded
async def guide_view(datasette: Any, request: Any) -> Any:
    """The report's reading guide."""
    return _html(await _read(datasette, pages.guide_page))


async def search_redirect(datasette: Any, request: Any) -> Any:
    """The report's search box posts to /search: answer from the search page."""
    return Response.redirect(f"{PREFIX}/search?{urlencode({'q': request.args.get('q') or ''})}")


async def navigation_view(datasette: Any, request: Any) -> Any:
    """The report's overview, timeline, places and documents links lead to the tables that list the
    same rows."""
    target = _NAVIGATION[request.url_vars["page"]]
    return Response.redirect(f"/{_database(datasette).route}/{target}")


_STATIC = static_files()


async def static_view(datasette: Any, request: Any) -> Any:
    """The report's CSS and JS."""
    name = request.url_vars["file"]
    if name not in _STATIC:
        return _not_found(f"No file {name}.")
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(_STATIC[name], content_type=f"{kind}; charset=utf-8")


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
    """The report's pages under /-/rashomon/."""
    return [
        (rf"^{PREFIX}/events/(?P<name>[^/]+)\.html$", event_view),
        (rf"^{PREFIX}/docs/(?P<name>[^/]+)\.html$", document_view),
        (rf"^{PREFIX}/search(?P<format>\.json)?$", search_view),
        (rf"^{PREFIX}/(?P<page>index|timeline|places|documents)\.html$", navigation_view),
        (rf"^{PREFIX}/framing\.html$", framing_view),
        (rf"^{PREFIX}/guide\.html$", guide_view),
        (rf"^{PREFIX}/static/(?P<file>[^/]+)$", static_view),
        (r"^/search$", search_redirect),
    ]


@hookimpl
def register_facet_classes() -> list[type]:
    """Facets over JSON lists that cost one pass over the column (web/facets.py)."""
    return [ListFacet]


def _link(href: str, text: Any) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Markup | None:
    """An event's summary and a document's title link to their report pages (the id column links to
    Datasette's row page), as do the event column of other tables; a sentence links to its span."""
    if value is None or table is None:
        return None
    columns = row.keys()  # (`in row` would look among the values of a sqlite3.Row)
    if (table, column) in {("mentions", "event"), ("discrepancies", "event")}:
        return _link(f"{PREFIX}/events/{safe_name(str(value))}.html", value)
    if (table, column) == ("events", "summary") and "id" in columns:
        return _link(f"{PREFIX}/events/{safe_name(str(row['id']))}.html", value)
    if (table, column) == ("documents", "title") and "id" in columns:
        return _link(f"{PREFIX}/docs/{safe_name(str(row['id']))}.html", value)
    if (table, column) == ("sentences", "text") and "doc_id" in columns and "start" in columns:
        doc = row["doc_id"]
        doc = doc["value"] if isinstance(doc, dict) else doc  # a foreign key Datasette expanded
        return _link(f"{PREFIX}/docs/{safe_name(str(doc))}.html#o{row['start']}", value)
    return None


async def _refuse(send: Send) -> None:
    body = b"Unknown host name: this app answers on its loopback address only."
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 421, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper() -> Callable[[App], App]:
    """Answer only to loopback host names (a page elsewhere must not reach the app by DNS rebinding),
    and send headers that forbid framing and type sniffing."""

    def wrap(app: App) -> App:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            headers = dict(scope.get("headers") or [])
            if host_name(headers.get(b"host", b"").decode("latin-1")) not in LOOPBACK_NAMES:
                await _refuse(send)
                return

            async def send_secured(message: Message) -> None:
                if message["type"] == "http.response.start":
                    present = {bytes(k).lower() for k, _ in message.get("headers", [])}
                    extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                    message["headers"] = [
                        *message.get("headers", []),
                        *(h for h in extra if h[0] not in present),
                    ]
                await send(message)

            await app(scope, receive, send_secured)

        return guarded

    return wrap


def metadata_for(database: str, loaded: dict[str, Any]) -> dict[str, Any]:
    """Datasette metadata from resources/web/metadata.yaml, its ``database`` part under ``database``."""
    out = {k: v for k, v in loaded.items() if k != "database"}
    out["databases"] = {database: json.loads(json.dumps(loaded.get("database") or {}))}
    return out
