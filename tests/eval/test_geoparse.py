"""The geoparsing scorer: reading LGL-format XML, one-to-one overlap matching, distances."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from eval.geoparse import FAR_KM, Tally, Toponym, baseline_resolve, error_km, km, read_articles

# Written for this test: two articles, one gold toponym off by one character, one unresolved.
XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
<article docid="1"><title>t</title><text>Rain fell on Lyon and on Velzarin.</text><toponyms>
<toponym><start>13</start><end>17</end><phrase>Lyon</phrase>
<gaztag geonameid="2996944"><name>Lyon</name><lat>45.74846</lat><lon>4.84671</lon></gaztag></toponym>
<toponym><start>25</start><end>33</end><phrase>Velzarin</phrase></toponym>
</toponyms></article>
<article docid="2"><title>t</title><text>Ships left Porto.</text><toponyms>
<toponym><start>10</start><end>15</end><phrase>Porto</phrase>
<gaztag geonameid="2735943"><name>Porto</name><lat>41.14961</lat><lon>-8.61099</lon></gaztag></toponym>
</toponyms></article>
</articles>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "mini.xml.gz"
    path.write_bytes(gzip.compress(XML.encode()))
    return path


def test_read_articles_and_offset_repair(corpus: Path) -> None:
    first, second = read_articles(corpus)
    assert [(g.text, g.geonameid) for g in first.gold] == [("Lyon", 2996944), ("Velzarin", None)]
    assert second.gold[0].text == "Porto"  # gold start 10 repaired to 11
    assert second.text[second.gold[0].start : second.gold[0].end] == "Porto"


def test_km() -> None:
    assert km((0.0, 0.0), (0.0, 0.0)) == 0.0
    assert km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.2, abs=0.5)


def test_tally_matches_one_to_one_and_scores_resolution() -> None:
    gold = [
        Toponym(0, 4, "Lyon", 2996944, 45.75, 4.85),
        Toponym(10, 15, "Porto", 2735943, 41.15, -8.61),
        Toponym(20, 28, "Velzarin"),
        Toponym(30, 35, "Paris", 2988507, 48.85, 2.35),
    ]
    pred = [
        Toponym(0, 4, "Lyon", 2996944, 45.75, 4.85),  # exact
        Toponym(1, 3, "yo"),  # overlaps a gold already taken: spurious
        Toponym(10, 15, "Porto", 1, 41.5, -8.5),  # wrong id, within 161 km
        Toponym(20, 28, "Velzarin"),  # matched, gold has no id: recognition only
        Toponym(30, 35, "Paris"),  # unresolved
    ]
    tally = Tally()
    tally.add(gold, pred)
    f = tally.figures()
    assert (tally.matched, tally.resolvable, tally.exact, tally.within) == (4, 3, 1, 2)
    assert f["precision"] == pytest.approx(4 / 5)
    assert f["recall"] == pytest.approx(1.0)
    assert f["unresolved"] == pytest.approx(1 / 3)
    assert f["mean_km"] == pytest.approx((0 + km((41.5, -8.5), (41.15, -8.61)) + FAR_KM) / 3)


def test_error_km_same_id_without_coordinates_is_zero() -> None:
    gold = Toponym(0, 1, "x", 298795, 39.0, 35.0)
    assert error_km(gold, Toponym(0, 1, "x", 298795)) == 0.0
    assert error_km(gold, Toponym(0, 1, "x", 1)) == FAR_KM


def test_baseline_resolution() -> None:
    assert baseline_resolve("France").geonameid is not None  # a country
    paris = baseline_resolve("Paris")
    assert paris.lat is not None and paris.lat > 48  # the most populous Paris
    assert baseline_resolve("Velzarin").geonameid is None
