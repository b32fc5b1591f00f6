"""Stories: documents grouped by what they tell, before their event mentions are aligned.

Two documents are compared only when they share a distinctive word or name (blocking: each
document's most distinctive terms by TF-IDF are its keys), and a learned document-pair model scores
the pair from word and name similarity, shared places and the gap between publication dates.
Average-link clustering at the model's threshold forms the stories, so two unrelated stories never
chain into one through a document that mentions both in passing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .cluster import average_link
from .features import DocProfile, DocView, Weights, doc_features
from .scorer import PairModel

# a document's keys: its most distinctive terms and names
_KEY_TERMS = 12
_KEY_NAMES = 8
# a key held by more documents than this links none of them on its own
MAX_POSTING = 200


@dataclass
class StoryPairs:
    """Candidate document pairs with their features, and each document's blocking keys."""

    views: list[DocView]
    pairs: dict[tuple[int, int], dict[str, float]]
    keys: list[list[str]] = field(default_factory=list)


def doc_weights(profiles: Sequence[DocProfile]) -> tuple[Weights, Weights]:
    """The term and name weights of these documents."""
    return Weights(p.terms for p in profiles), Weights(p.names for p in profiles)


def doc_views(
    profiles: Sequence[DocProfile], weights: tuple[Weights, Weights] | None = None
) -> list[DocView]:
    """Profiles with their TF-IDF vectors (weights from these documents unless given)."""
    terms, names = weights or doc_weights(profiles)
    return [DocView(p, terms.vector(p.terms), names.vector(p.names)) for p in profiles]


def doc_keys(view: DocView) -> list[str]:
    """A document's blocking keys: its most distinctive terms and names."""
    return _keys(view)


def _keys(view: DocView) -> list[str]:
    top_terms = sorted(view.terms, key=lambda t: -view.terms[t])[:_KEY_TERMS]
    top_names = sorted(view.names, key=lambda t: -view.names[t])[:_KEY_NAMES]
    return [*(f"t{t}" for t in top_terms), *(f"n{n}" for n in top_names)]


def story_pairs(
    profiles: Sequence[DocProfile],
    max_posting: int = MAX_POSTING,
    weights: tuple[Weights, Weights] | None = None,
) -> StoryPairs:
    """Documents that share a key, with the features of each pair.

    A key held by more than ``max_posting`` documents links only documents that also share
    another, rarer key; every document still has its rarer keys.
    """
    views = doc_views(profiles, weights)
    keys = [_keys(view) for view in views]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(keys):
        for key in doc:
            postings[key].append(i)
    pairs: dict[tuple[int, int], dict[str, float]] = {}
    for members in postings.values():
        if len(members) > max_posting:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) not in pairs:
                    pairs[(i, j)] = doc_features(views[i], views[j])
    return StoryPairs(views, pairs, keys)


def stories(candidates: StoryPairs, model: PairModel) -> list[int]:
    """The story number of every document (documents in input order)."""
    scores = {pair: model.probability(f) for pair, f in candidates.pairs.items()}
    clusters = average_link(len(candidates.views), scores, model.threshold)
    story = [0] * len(candidates.views)
    for n, cluster in enumerate(clusters):
        for i in cluster:
            story[i] = n
    return story
