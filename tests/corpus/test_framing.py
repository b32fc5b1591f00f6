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


def test_issue10_months_weekdays_and_reporting_verbs_are_never_terms():
    counts = terms_of("d", "On Saturday, December 3, officials said the occupation forces announced it.")
    assert {"saturday", "december", "said", "announced", "officials said"}.isdisjoint(counts)
    assert counts["occupation forces"] == 1 and counts["officials"] == 1


HARBOUR = "The harbour fishing quotas were debated by the harbour council. Fishing boats waited. " * 15


def _framing(docs, together):
    from rashomon.corpus.framing import framing_of

    return framing_of(lambda: iter(docs), [], {}, default_settings(), together=together)


def test_issue10_sides_are_compared_within_one_story_only():
    docs = [("v1", "velmora", VELMORA), ("o1", "ostrakan", OSTRAKAN), ("n1", "northland", HARBOUR)]
    mixed = _framing(docs, None)  # one story: the harbour's topic reads as a side's vocabulary
    assert ("northland", "harbour") in {(t["group"], t["term"]) for t in mixed["terms"]}
    split = _framing(docs, [["v1", "o1"]])
    found = {(t["group"], t["term"]) for t in split["terms"]}
    assert ("velmora", "liberated") in found and ("ostrakan", "occupation") in found
    assert not any(group == "northland" or "harbour" in term for group, term in found)
    stories = {tuple(s["docs"]): s["compared"] for s in split["stories"]}
    assert stories == {("o1", "v1"): True, ("n1",): False}
    assert {t["story"] for t in split["terms"]} == {
        next(s["story"] for s in split["stories"] if s["compared"])
    }
    leaning = {d["doc"]: d["closest_group"] for d in split["documents"]}
    assert leaning["n1"] is None


def test_issue10_stories_join_through_shared_groups():
    from rashomon.corpus.framing import stories_of_docs

    story = stories_of_docs(["a", "b", "c", "d"], [["a", "b"], ["b", "c"]])
    assert story["a"] == story["b"] == story["c"] != story["d"]
