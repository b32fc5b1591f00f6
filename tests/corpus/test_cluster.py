"""Average-link clustering: no chaining, cannot-link checks, exact means through pair_score (issue 8)."""

from __future__ import annotations

import pytest

from rashomon.corpus.cluster import average_link


def test_one_strong_link_does_not_chain_two_groups():
    # 0-1 and 2-3 are tight pairs; a single strong link 1-2 must not merge all four (single link would)
    scores = {(0, 1): 0.9, (2, 3): 0.9, (1, 2): 0.95}
    # 1-2 merge first; then each of 0 and 3 has a mean of (0.9 + 0) / 2 with the pair: below 0.5
    assert average_link(4, scores, 0.5) == [[0], [1, 2], [3]]


def test_groups_merge_when_the_mean_over_all_pairs_reaches_the_threshold():
    scores = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.7}
    assert average_link(3, scores, 0.6) == [[0, 1, 2]]
    assert average_link(3, {(0, 1): 0.9, (0, 2): 0.8}, 0.6) == [[0, 1], [2]]  # 1-2 unscored counts as 0


def test_pair_score_fills_in_the_pairs_blocking_left_out():
    scores = {(0, 1): 0.9, (0, 2): 0.8}
    filled = average_link(3, scores, 0.6, pair_score=lambda i, j: 0.7)
    assert filled == [[0, 1, 2]]
    refused = average_link(3, scores, 0.6, pair_score=lambda i, j: 0.0)
    assert refused == [[0, 1], [2]]


def test_a_refused_merge_is_never_made():
    scores = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9}
    clusters = average_link(3, scores, 0.5, allowed=lambda a, b: {a, b} != {0, 2} and 2 not in (a, b))
    assert clusters == [[0, 1], [2]]


@pytest.mark.parametrize("n", [0, 1, 5])
def test_every_item_in_exactly_one_cluster(n):
    clusters = average_link(n, {}, 0.5)
    assert sorted(i for c in clusters for i in c) == list(range(n))
