"""Issue 10, item 6: the places map's projection, clipping, clustering, label placement and model."""

from __future__ import annotations

import math

import pytest

from rashomon.report import map as placemap
from rashomon.report.map import Frame, clip, cluster, core, frame_for, place_labels, thin


def test_projection_keeps_the_window_inside_the_drawing() -> None:
    frame = Frame.fit(44.0, 38.0, 50.0, 42.0)
    assert frame.width == placemap.WIDTH
    assert placemap.MIN_HEIGHT <= frame.height <= placemap.MAX_HEIGHT
    for lat, lon in ((38.0, 44.0), (42.0, 50.0), (40.0, 47.0)):
        x, y = frame.xy(lat, lon)
        assert 0 <= x <= frame.width and 0 <= y <= frame.height
        assert frame.contains(lat, lon)
    assert not frame.contains(55.75, 37.62)  # Moscow is outside a Caucasus window


def test_projection_is_mercator_north_up() -> None:
    frame = Frame.fit(0.0, 0.0, 10.0, 60.0)
    x0, y0 = frame.xy(0.0, 0.0)
    x1, _ = frame.xy(0.0, 10.0)
    _, y_north = frame.xy(60.0, 0.0)
    assert x1 > x0 and y_north < y0  # east is right, north is up
    # Mercator: ten degrees of latitude near 60N are drawn longer than near the equator
    _, y10 = frame.xy(10.0, 0.0)
    _, y50 = frame.xy(50.0, 0.0)
    assert (y50 - y_north) > (y0 - y10)
    assert math.isclose(x1 - x0, frame.scale * math.radians(10.0))


def test_a_single_town_still_gets_a_window_around_it() -> None:
    frame = frame_for([(39.8177, 46.7528)])
    assert frame.east - frame.west >= placemap.MIN_SPAN_DEG
    assert frame.contains(39.8177, 46.7528)


def test_far_outlier_with_little_weight_is_left_out_of_the_view() -> None:
    caucasus = [(39.8, 46.7, 10.0), (40.4, 49.9, 8.0), (40.2, 44.5, 8.0)]
    brussels = (50.85, 4.35, 1.0)
    assert core([*caucasus, brussels]) == [0, 1, 2]
    # a second theatre the documents dwell on stays in
    kyiv = [(50.45, 30.52, 9.0), (49.99, 36.23, 9.0)]
    assert core(caucasus + kyiv) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("ring", "expected_area"),
    [
        ([(-10.0, -10.0), (50.0, -10.0), (50.0, 50.0), (-10.0, 50.0)], 40.0 * 40.0),  # cut to the box
        ([(5.0, 5.0), (15.0, 5.0), (15.0, 15.0), (5.0, 15.0)], 100.0),  # inside: unchanged
        ([(100.0, 100.0), (120.0, 100.0), (120.0, 120.0)], 0.0),  # outside: nothing
    ],
)
def test_clip_to_the_drawing(ring: list[tuple[float, float]], expected_area: float) -> None:
    out = clip(ring, (0.0, 0.0, 40.0, 40.0))
    area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(out, out[1:] + out[:1], strict=True))) / 2
    assert math.isclose(area, expected_area)
    assert all(0.0 <= x <= 40.0 and 0.0 <= y <= 40.0 for x, y in out)


def test_thin_drops_points_closer_than_a_pixel() -> None:
    assert thin([(0.0, 0.0), (0.2, 0.1), (0.5, 0.5), (3.0, 0.0), (3.1, 0.0)]) == [(0.0, 0.0), (3.0, 0.0)]


def test_cluster_merges_close_markers_heaviest_first() -> None:
    points = [("a", 100.0, 100.0, 1.0), ("b", 105.0, 102.0, 5.0), ("c", 300.0, 100.0, 2.0)]
    markers = cluster(points)
    assert [(m.places, m.x, m.y, m.weight) for m in markers] == [
        (("b", "a"), 105.0, 102.0, 6.0),  # sits on its heaviest place, counts both
        (("c",), 300.0, 100.0, 2.0),
    ]
    assert cluster(list(reversed(points))) == markers  # input order does not matter


def test_labels_never_overlap_and_stay_in_the_drawing() -> None:
    # a dense row of markers: every label placed must be clear of the others and of every marker
    markers = [(100.0 + 12 * i, 100.0, 4.0, f"Village number {i}") for i in range(12)]
    spots = place_labels(markers, 760, 400)
    boxes = []
    for (_, _, _, text), spot in zip(markers, spots, strict=True):
        if spot is None:
            continue
        lx, ly, anchor = spot
        w = len(text) * placemap.CHAR_PX
        left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
        boxes.append((left, ly - placemap.LABEL_PX + 2, left + w, ly + 2))
    assert 2 <= len(boxes) < len(markers)  # some placed, the colliding ones left out
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= 760
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_label_goes_left_at_the_right_edge() -> None:
    assert place_labels([(750.0, 100.0, 4.0, "Baku")], 760, 400) == [(743.0, 104.0, "end")]


def _export() -> dict:
    place = {"names": [], "source": "curated", "related": []}
    return {
        "places": [
            {**place, "id": "x:stepanakert", "name": "Stepanakert", "kind": "city", "country": "AZ",
             "lat": 39.8177, "lon": 46.7528},
            {**place, "id": "x:shusha", "name": "Shusha", "kind": "town", "country": "AZ",
             "lat": 39.7601, "lon": 46.7499},
            {**place, "id": "x:baku", "name": "Baku", "kind": "city", "country": "AZ",
             "lat": 40.3777, "lon": 49.892},
            {**place, "id": "country:AZ", "name": "Azerbaijan", "kind": "country", "country": "AZ",
             "lat": 40.4, "lon": 47.2},
            {**place, "id": "x:brussels", "name": "Brussels", "kind": "city", "country": "BE",
             "lat": 50.85, "lon": 4.35},
        ],
        "events": [{"id": "e1", "places": ["x:stepanakert", "x:shusha"]}, {"id": "e2", "places": ["x:baku"]}],
        "documents": [
            {"id": "d1",
             "annotations": {"places": [{"place": "x:stepanakert"}] * 5 + [{"place": "x:shusha"}]}},
            {"id": "d2", "annotations": {"places": [{"place": "x:baku"}, {"place": "x:brussels"},
                                                    {"place": "country:AZ"}]}},
        ],
    }  # fmt: skip


def test_build_map_links_markers_to_place_sections() -> None:
    model = placemap.build_map(_export())
    assert model["outside"] == ["x:brussels"]
    assert model["borders"] and all(b["d"].startswith("M") for b in model["borders"])
    assert any(b["iso"] == "AZ" and b["marked"] for b in model["borders"])
    anchors = {s["anchor"] for s in model["sections"]} | {c["anchor"] for c in model["clusters"]}
    for marker in model["markers"]:
        assert marker["href"].removeprefix("#") in anchors
    sections = {s["id"]: s for s in model["sections"]}
    assert sections["x:stepanakert"]["events"] == ["e1"] and sections["x:stepanakert"]["docs"] == ["d1"]
    assert sections["x:stepanakert"]["mentions"] == 5
    assert model["sections"][0]["id"] == "x:stepanakert"  # most mentioned first


def test_build_map_without_coordinates_draws_nothing() -> None:
    export = {"places": [{"id": "p", "name": "P", "lat": None, "lon": None}], "events": [], "documents": []}
    model = placemap.build_map(export)
    assert model["markers"] == [] and model["borders"] == []
    assert [s["id"] for s in model["sections"]] == ["p"]
