from tests.helpers import analysis_of

from rashomon.corpus.framing import build_framing, log_odds, terms_of
from rashomon.model import PlaceMention
from rashomon.settings import default_settings

VELMORA = "The Velmoran forces liberated the highlands. Liberated villages welcome returning families. " * 15
OSTRAKAN = (
    "The occupation of the highlands continues. Occupation forces shelled villages in the highlands. " * 15
)


def test_terms_of_counts_unigrams_and_bigrams():
    counts = terms_of("d", "Occupation forces left. The occupation ended.")
    assert counts["occupation"] == 2
    assert counts["occupation forces"] == 1
    assert "the" not in counts


def test_log_odds_prefers_the_groups_own_words():
    from collections import Counter

    group, rest = Counter({"liberated": 6, "highlands": 3}), Counter({"occupation": 6, "highlands": 3})
    scores = log_odds(group, rest, group + rest)
    assert (
        scores["liberated"] > 0 > scores.get("highlands", 0) - 1e-9
        or scores["liberated"] > scores["highlands"]
    )


def test_framing_terms_place_names_and_leanings():
    a = analysis_of(VELMORA, "v1", side="velmora")
    b = analysis_of(OSTRAKAN, "o1", side="ostrakan")
    c = analysis_of(OSTRAKAN[:90], "o2", side="ostrakan")
    a.places = [PlaceMention(4, 12, a.doc.text[4:12], "x:place")]
    framing = build_framing([a, b, c], {}, default_settings())
    assert framing["groups"] == {"ostrakan": ["o1", "o2"], "velmora": ["v1"]}
    by_group = {(t["group"], t["term"]) for t in framing["terms"]}
    assert ("velmora", "liberated") in by_group
    assert ("ostrakan", "occupation") in by_group
    for term in framing["terms"]:
        for ex in term["examples"]:
            text = {"v1": a, "o1": b, "o2": c}[ex["doc"]].doc.text
            assert term["term"].split()[0] in text[ex["start"] : ex["end"]].lower()
    assert framing["place_names"][0]["by_doc"] == {"v1": {a.doc.text[4:12]: 1}}
    leaning = {d["doc"]: d["closest_group"] for d in framing["documents"]}
    assert leaning["o2"] == "ostrakan"


def test_one_group_has_no_terms():
    framing = build_framing([analysis_of(VELMORA, "v1", side="velmora")], {}, default_settings())
    assert framing["terms"] == []
    assert framing["documents"][0]["closest_group"] is None
