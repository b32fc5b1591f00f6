"""`rashomon serve`: a store browsed in Datasette, read-only and on the loopback address only.

Datasette gives every table sorting, facets, filters, paging, full-text search and a CSV/JSON twin of
each view; the rashomon plugin (``plugin.py``) adds the report's event and document pages, rendered
per request from the store, and a search of sentences that says who wrote each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Error

HOST = "127.0.0.1"  # never another interface: the store may hold what its owner alone should read

# Datasette settings: no suggested facets (each costs a query over the whole table on every page),
# short cells (a document's text would fill a table page), and a second for a facet (a default
# facet that runs longer on a large store is skipped with a note, the page still comes back)
SETTINGS = {
    "suggest_facets": False,
    "truncate_cells_html": 300,
    "default_page_size": 50,
    "facet_time_limit_ms": 1000,
    "sql_time_limit_ms": 3000,
}


class ServeError(Error):
    """The web app cannot start (Datasette missing, store unreadable)."""


def make_datasette(db: str | Path) -> Any:
    """A Datasette instance over the store at ``db`` opened immutable, with the rashomon plugin."""
    from .. import store
    from ..resources import load_yaml

    store.connect_readonly(db).close()  # a missing file or one that is no store fails here, clearly
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError as exc:  # pragma: no cover - datasette is a dependency
        raise ServeError("rashomon serve needs Datasette: pip install 'datasette>=0.65,<0.66'") from exc
    from . import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="rashomon")
    path = Path(db).resolve()
    # Datasette names a database after its file's stem
    metadata = plugin.metadata_for(path.stem, load_yaml("web", "metadata.yaml"))
    return Datasette(immutables=[str(path)], metadata=metadata, settings=SETTINGS)


def serve(ds: Any, port: int) -> None:
    """Serve ``make_datasette``'s app on 127.0.0.1:``port`` until interrupted."""
    import uvicorn

    uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning", lifespan="on")
