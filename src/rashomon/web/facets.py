"""A facet over JSON lists whose items are distinct in each row (an event's sides, its places).

Datasette's ``array`` facet counts each row once per distinct item by taking the distinct pairs of
(item, whole row): on a 10,000-document store that copies every event's JSON columns into a
temporary table and takes most of a second. Here the lists hold each item once already (the
corpus stage writes them from sets), so the facet counts the rows of each distinct list and adds
them up per item. Filtering uses Datasette's own ``__arraycontains``.
"""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class ListFacet(ArrayFacet):  # type: ignore[misc]
    """Counts of the items of a JSON list column (``{"list": column}`` in the metadata)."""

    type = "list"

    async def suggest(self) -> list[Any]:
        return []  # only where the metadata asks for it

    async def facet_results(self) -> tuple[list[Any], list[str]]:
        """Each configured column's most frequent items with the link that filters on each."""
        results: list[Any] = []
        timed_out: list[str] = []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for item in self.get_configs():
            config = item["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            # the rows' lists are grouped first: a store holds few distinct lists of sides or places,
            # and the grouping reads the column's index alone when the rows are not filtered
            sql = (
                f"SELECT j.value AS value, sum(g.n) AS count FROM "
                f"(SELECT {col}, count(*) AS n FROM ({self.sql}) GROUP BY {col}) AS g "
                f"JOIN json_each(g.{col}) j GROUP BY j.value ORDER BY count DESC, value LIMIT {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )  # fmt: skip
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                arg = {f"{column}__arraycontains": value}
                selected = (f"{column}__arraycontains", value) in pairs
                path = (
                    path_with_removed_args(self.request, arg)
                    if selected
                    else path_with_added_args(self.request, arg)
                )
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, path),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": item["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_list": column})
                    ),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out
