"""The places map: Natural Earth borders, clustered markers and labels that do not overlap, as inline SVG.

Everything is computed here and written into the page, so the map works from file:// with no script:
a Mercator projection fitted to where the corpus's places are (far-off outliers such as a capital
where talks were held are listed beside the map rather than zooming it out to the world), border
rings clipped to the view and thinned to the drawing's resolution, markers within a few pixels of
one another merged into one with a count, and each label placed beside its marker where it collides
with nothing already drawn, or left out (the marker keeps its name as a tooltip).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import borders
from ..gazetteer_rules import km

Json = dict[str, Any]
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels

WIDTH = 760
MIN_HEIGHT, MAX_HEIGHT = 320, 560
MARGIN = 24  # pixels kept free around the places
OUTLIER_KM = 1200.0  # a place this far from the weighted median of the places may be left out of view
OUTLIER_SHARE = 0.15  # ... when the places within that distance of it have less than this share of mentions
MIN_SPAN_DEG = 2.0  # a corpus about one town still shows its surroundings
CLUSTER_PX = 14.0  # markers closer than this merge
SIMPLIFY_PX = 1.0  # border points closer than this to the last kept point are dropped
CHAR_PX, LABEL_PX = 6.2, 12.0  # the label font's average character width and line height
_MAX_LAT = 85.0


def _merc(lat: float) -> float:
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


@dataclass(frozen=True)
class Frame:
    """A Mercator projection of a longitude/latitude window onto a width x height drawing."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @classmethod
    def fit(cls, west: float, south: float, east: float, north: float, width: int = WIDTH) -> Frame:
        """The frame showing this window whole, its height from the window's shape, widened to fill it."""
        if east - west < MIN_SPAN_DEG:
            mid = (east + west) / 2
            west, east = mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2
        if north - south < MIN_SPAN_DEG:
            mid = (north + south) / 2
            south, north = mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2
        dx = math.radians(east - west)
        dy = _merc(north) - _merc(south)
        inner = width - 2 * MARGIN
        height = round(min(MAX_HEIGHT, max(MIN_HEIGHT, inner * dy / dx + 2 * MARGIN)))
        scale = min(inner / dx, (height - 2 * MARGIN) / dy)
        # widen the shorter side so the window fills the drawing exactly
        half_x = (width / scale) / 2
        mid_x = math.radians(west + east) / 2
        half_y = (height / scale) / 2
        mid_y = (_merc(north) + _merc(south)) / 2
        return cls(
            west=math.degrees(mid_x - half_x),
            south=_lat(mid_y - half_y),
            east=math.degrees(mid_x + half_x),
            north=_lat(mid_y + half_y),
            width=width,
            height=height,
        )

    @property
    def scale(self) -> float:
        """Pixels per radian of longitude."""
        return self.width / math.radians(self.east - self.west)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        """Drawing coordinates of a point (y grows downwards)."""
        s = self.scale
        return (math.radians(lon - self.west) * s, (_merc(self.north) - _merc(lat)) * s)

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point falls inside the drawing."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def _weighted_median(values: Sequence[tuple[float, float]]) -> float:
    ordered = sorted(values)
    half = sum(w for _, w in ordered) / 2
    run = 0.0
    for value, weight in ordered:
        run += weight
        if run >= half:
            return value
    return ordered[-1][0]


def core(points: Sequence[tuple[float, float, float]]) -> list[int]:
    """Indices of the (lat, lon, weight) points the map is fitted to.

    A point far (OUTLIER_KM) from the weighted median point is left out when the points around it
    carry little of the weight (OUTLIER_SHARE): the capital where one statement was signed does not
    zoom the map out to a continent, while a second theatre the documents dwell on stays in view.
    """
    if not points:
        return []
    centre = (
        _weighted_median([(lat, w) for lat, _, w in points]),
        _weighted_median([(lon, w) for _, lon, w in points]),
    )
    total = sum(w for _, _, w in points)
    kept = []
    for i, (lat, lon, _) in enumerate(points):
        if km(centre, (lat, lon)) <= OUTLIER_KM:
            kept.append(i)
            continue
        near = sum(w for a, b, w in points if km((lat, lon), (a, b)) <= OUTLIER_KM)
        if near >= OUTLIER_SHARE * total:
            kept.append(i)
    return kept or list(range(len(points)))


def frame_for(points: Sequence[tuple[float, float]], width: int = WIDTH) -> Frame:
    """The frame showing every (lat, lon) point, with a tenth of the span (at least half a degree) around."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    pad_lat = max(0.5, (max(lats) - min(lats)) / 10)
    pad_lon = max(0.5, (max(lons) - min(lons)) / 10)
    return Frame.fit(
        max(-180.0, min(lons) - pad_lon),
        max(-_MAX_LAT, min(lats) - pad_lat),
        min(180.0, max(lons) + pad_lon),
        min(_MAX_LAT, max(lats) + pad_lat),
        width,
    )


# -- borders ---------------------------------------------------------------------------------------


def _cross(p: tuple[float, float], q: tuple[float, float], axis: int, at: float) -> tuple[float, float]:
    """Where segment p-q crosses the line x = at (axis 0) or y = at (axis 1)."""
    t = (at - p[axis]) / (q[axis] - p[axis])
    other = p[1 - axis] + (q[1 - axis] - p[1 - axis]) * t
    return (at, other) if axis == 0 else (other, at)


def clip(ring: Sequence[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    """The polygon ``ring`` clipped to ``box`` (Sutherland-Hodgman: exact for a convex clip window)."""
    left, top, right, bottom = box
    out = list(ring)
    for axis, at, keep_above in ((0, left, True), (0, right, False), (1, top, True), (1, bottom, False)):
        if not out:
            break
        points, out = out, []
        prev = points[-1]
        prev_in = prev[axis] >= at if keep_above else prev[axis] <= at
        for cur in points:
            cur_in = cur[axis] >= at if keep_above else cur[axis] <= at
            if cur_in != prev_in:
                out.append(_cross(prev, cur, axis, at))
            if cur_in:
                out.append(cur)
            prev, prev_in = cur, cur_in
    return out


def thin(points: Iterable[tuple[float, float]], step: float = SIMPLIFY_PX) -> list[tuple[float, float]]:
    """Drop points closer than ``step`` pixels to the last point kept."""
    kept: list[tuple[float, float]] = []
    for x, y in points:
        if not kept or abs(x - kept[-1][0]) >= step or abs(y - kept[-1][1]) >= step:
            kept.append((x, y))
    return kept


def border_paths(frame: Frame, highlight: Iterable[str] = ()) -> list[Json]:
    """SVG path data of every country in the frame, clipped and thinned; ``highlight``: ISO codes."""
    marked = set(highlight)
    view = (-2.0, -2.0, frame.width + 2.0, frame.height + 2.0)
    out: list[Json] = []
    for country in borders.countries():
        west, south, east, north = country.bbox
        if east < frame.west or west > frame.east or north < frame.south or south > frame.north:
            continue
        parts = []
        for i in range(len(country.rings)):
            ring = thin(clip([frame.xy(lat, lon) for lon, lat in country.points(i)], view))
            if len(ring) >= 3:
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring) + "Z")
        if parts:
            out.append(
                {
                    "iso": country.iso,
                    "name": country.name,
                    "d": "".join(parts),
                    "marked": country.iso in marked,
                }
            )
    return out


# -- markers and labels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """One drawn marker: the places merged into it (heaviest first) and its position."""

    places: tuple[str, ...]
    x: float
    y: float
    weight: float


def cluster(points: Sequence[tuple[str, float, float, float]], radius: float = CLUSTER_PX) -> list[Marker]:
    """Merge (id, x, y, weight) points closer than ``radius`` pixels to a heavier point's marker.

    Greedy, heaviest first: each point joins the first marker within reach, else starts its own, so
    a marker sits on its heaviest place and the result does not depend on the input order.
    """
    groups: list[list[tuple[str, float, float, float]]] = []
    for point in sorted(points, key=lambda p: (-p[3], p[0])):
        home = next((g for g in groups if math.dist(g[0][1:3], point[1:3]) < radius), None)
        if home is None:
            groups.append([point])
        else:
            home.append(point)
    return [Marker(tuple(p[0] for p in g), g[0][1], g[0][2], sum(p[3] for p in g)) for g in groups]


def radius(marker: Marker) -> float:
    """The drawn radius: grows with the square root of the number of mentions."""
    return round(min(14.0, 4.0 + 1.5 * math.sqrt(max(0.0, marker.weight - 1))), 1)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    markers: Sequence[tuple[float, float, float, str]], width: float, height: float
) -> list[tuple[float, float, str] | None]:
    """Where to write each (x, y, radius, text) marker's label: (x, y, text-anchor) or None.

    Greedy in the given order (the caller puts the heaviest first): right of the marker, then left,
    above, below; the first box inside the drawing that overlaps no label placed so far and no other
    marker wins; a label with no free place is left out.
    """
    circles = [(x - r, y - r, x + r, y + r) for x, y, r, _ in markers]
    taken: list[Box] = []
    out: list[tuple[float, float, str] | None] = []
    for i, (x, y, r, text) in enumerate(markers):
        w, h = len(text) * CHAR_PX, LABEL_PX
        options = (
            ((x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2), (x + r + 3, y + h / 2 - 2, "start")),
            ((x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2), (x - r - 3, y + h / 2 - 2, "end")),
            ((x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2), (x, y - r - 4, "middle")),
            ((x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h), (x, y + r + h, "middle")),
        )
        chosen = None
        for box, spot in options:
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                continue
            if any(_overlap(box, t) for t in taken):
                continue
            if any(_overlap(box, c) for j, c in enumerate(circles) if j != i):
                continue
            chosen = (box, spot)
            break
        if chosen is None:
            out.append(None)
            continue
        taken.append(chosen[0])
        out.append((round(chosen[1][0], 1), round(chosen[1][1], 1), chosen[1][2]))
    return out


# -- the page's model ------------------------------------------------------------------------------


def _anchor(place_id: str) -> str:
    from .render import safe_name

    return f"place-{safe_name(place_id)}"


def place_index(export: Json) -> dict[str, Json]:
    """Place id -> its events, documents and number of mentions in the documents."""
    index: dict[str, Json] = {p["id"]: {"events": [], "docs": [], "mentions": 0} for p in export["places"]}
    for event in export["events"]:
        for pid in dict.fromkeys(event.get("places") or ()):
            if pid in index:
                index[pid]["events"].append(event["id"])
    for doc in export["documents"]:
        counted = Counter(p["place"] for p in doc.get("annotations", {}).get("places", []) if p.get("place"))
        for pid, n in counted.items():
            if pid in index:
                index[pid]["docs"].append(doc["id"])
                index[pid]["mentions"] += n
    return index


def build_map(export: Json, width: int = WIDTH) -> Json:
    """Everything places.html draws: borders, markers with labels, places outside the view, sections."""
    places = {p["id"]: p for p in export["places"]}
    index = place_index(export)
    located = [p for p in export["places"] if p.get("lat") is not None and p.get("lon") is not None]
    sections = [
        {"id": pid, "anchor": _anchor(pid), **index[pid]}
        for pid in sorted(index, key=lambda k: (-index[k]["mentions"], places[k]["name"]))
    ]
    base: Json = {"width": width, "height": MIN_HEIGHT, "borders": [], "markers": [], "outside": []}
    if not located:
        return {**base, "sections": sections, "clusters": []}
    weights = [max(1.0, float(index[p["id"]]["mentions"])) for p in located]
    # a country's label point says little about where the events are: the view is fitted to the
    # towns, districts and regions when there are any, and shows the countries around them
    fit = [i for i, p in enumerate(located) if p.get("kind") != "country"] or list(range(len(located)))
    kept = core([(float(located[i]["lat"]), float(located[i]["lon"]), weights[i]) for i in fit])
    frame = frame_for([(float(located[fit[i]]["lat"]), float(located[fit[i]]["lon"])) for i in kept], width)
    shown, outside = [], []
    for p, w in zip(located, weights, strict=True):
        if frame.contains(float(p["lat"]), float(p["lon"])):
            x, y = frame.xy(float(p["lat"]), float(p["lon"]))
            shown.append((p["id"], x, y, w))
        else:
            outside.append(p["id"])
    markers = cluster(shown)
    labels = place_labels(
        [(m.x, m.y, radius(m), _label(m, places)) for m in markers], frame.width, frame.height
    )
    drawn, clusters = [], []
    for m, label in zip(markers, labels, strict=True):
        head = places[m.places[0]]
        many = len(m.places) > 1
        anchor = f"near-{_anchor(m.places[0])}" if many else _anchor(m.places[0])
        drawn.append(
            {
                "x": round(m.x, 1),
                "y": round(m.y, 1),
                "r": radius(m),
                "count": len(m.places),
                "href": f"#{anchor}",
                "title": "; ".join(places[pid]["name"] for pid in m.places),
                "label": _label(m, places) if label else "",
                "lx": label[0] if label else 0,
                "ly": label[1] if label else 0,
                "anchor": label[2] if label else "start",
                "places": list(m.places),
            }
        )
        if many:
            clusters.append({"anchor": anchor, "name": head["name"], "places": list(m.places)})
    countries = {str(p.get("country") or "") for p in places.values() if p.get("kind") == "country"}
    return {
        **base,
        "height": frame.height,
        "borders": border_paths(frame, countries - {""}),
        "markers": drawn,
        "outside": outside,
        "sections": sections,
        "clusters": clusters,
        "frame": frame,
    }


def _label(marker: Marker, places: dict[str, Json]) -> str:
    name = str(places[marker.places[0]]["name"])
    return f"{name} +{len(marker.places) - 1}" if len(marker.places) > 1 else name
