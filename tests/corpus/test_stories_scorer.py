"""Stories of documents, the learned pair models and the features they read (issue 8)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from rashomon.corpus.features import DocProfile, Weights, cosine, words
from rashomon.corpus.scorer import PairModel, load_model, parse_model
from rashomon.corpus.stories import stories, story_pairs
from rashomon.errors import ConfigError


def _profile(doc_id, text, names, day, places=()):
    return DocProfile(
        id=doc_id,
        published=(day, day),
        terms=words(text),
        names=Counter(names),
        places=frozenset(places),
        actors=frozenset(),
    )


FLOOD = "Floodwater rose along the Varn river and swept through Alnor; rescuers pulled residents from roofs."
FIRE = (
    "A warehouse fire in Belgrove burned through the night before crews contained the blaze near the docks."
)


def test_documents_of_one_story_group_and_others_stay_apart():
    profiles = [
        _profile("a", FLOOD, ["alnor", "varn"], date(2024, 4, 2), ["p:alnor"]),
        _profile("b", FLOOD.replace("pulled", "lifted"), ["alnor", "varn"], date(2024, 4, 3), ["p:alnor"]),
        _profile("c", FIRE, ["belgrove"], date(2024, 9, 20), ["p:belgrove"]),
        _profile("d", FIRE.replace("crews", "firefighters"), ["belgrove"], date(2024, 9, 20), ["p:belgrove"]),
    ]
    story = stories(story_pairs(profiles), load_model().story)
    assert story[0] == story[1] and story[2] == story[3] and story[0] != story[2]


def test_tf_idf_weighs_rare_words_more():
    weights = Weights([Counter({"river": 1, "alnor": 1}), Counter({"river": 1}), Counter({"river": 1})])
    assert weights.idf("alnor") > weights.idf("river")
    v = weights.vector(Counter({"river": 1, "alnor": 1}))
    assert cosine(v, v) == pytest.approx(1.0)


def test_a_weight_named_a_times_b_weighs_the_product():
    model = PairModel(bias=-1.0, weights={"lemma": 1.0, "lemma*doc_cos": 2.0}, threshold=0.5)
    assert model.probability({"lemma": 1.0, "doc_cos": 0.5}) == pytest.approx(
        1 / (1 + 2.718281828459045**-1.0)
    )
    assert model.probability({}) < 0.5


def test_the_packaged_model_was_trained_on_train_splits_only():
    import json

    from rashomon.resources import load_text

    data = json.loads(load_text("align", "model.json"))
    assert all(name.endswith("-train") for name in data["trained_on"])
    assert 0 < load_model().mention.threshold < 1


@pytest.mark.parametrize("text", ["", "{}", '{"version": "x", "story": {"bias": 0}}', "[1, 2]"])
def test_a_broken_model_file_is_a_config_error(text):
    with pytest.raises(ConfigError, match="not an alignment model"):
        parse_model(text)
