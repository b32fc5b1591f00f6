"""The coreference measures on cases computed by hand (issue 8)."""

from __future__ import annotations

import pytest
from eval.coref_metrics import b_cubed, ceaf_e, muc, pairwise, score, singletons

# key {a b c} {d e f g}; response {a b} {c d} {f g h i}: e is missed, h and i are spurious
KEY = [["a", "b", "c"], ["d", "e", "f", "g"]]
RESPONSE = [["a", "b"], ["c", "d"], ["f", "g", "h", "i"]]


def test_muc_by_hand() -> None:
    # recall: {a b c} splits in 2 parts (1 link of 2), {d e f g} in 3 (1 of 3) -> 2/5
    # precision: {a b} 1 of 1, {c d} 0 of 1, {f g h i} in 3 parts -> 1 of 3 -> 2/5
    got = muc(KEY, RESPONSE)
    assert got.r == pytest.approx(2 / 5)
    assert got.p == pytest.approx(2 / 5)


def test_b_cubed_by_hand() -> None:
    # recall per key mention: a 2/3, b 2/3, c 1/3, d 1/4, e 0, f 2/4, g 2/4 -> (35/12) / 7
    # precision per response mention: a 1, b 1, c 1/2, d 1/2, f 1/2, g 1/2, h 0, i 0 -> 4 / 8
    got = b_cubed(KEY, RESPONSE)
    assert got.r == pytest.approx(35 / 12 / 7)
    assert got.p == pytest.approx(0.5)


def test_ceaf_e_by_hand() -> None:
    # phi(abc, ab) = 4/5, phi(abc, cd) = 2/5, phi(defg, cd) = 1/3, phi(defg, fghi) = 1/2; best 4/5 + 1/2
    got = ceaf_e(KEY, RESPONSE)
    assert got.r == pytest.approx(1.3 / 2)
    assert got.p == pytest.approx(1.3 / 3)


def test_pairwise_by_hand() -> None:
    # 9 gold pairs, 8 predicted, shared: ab and fg
    got = pairwise(KEY, RESPONSE)
    assert got.p == pytest.approx(2 / 8)
    assert got.r == pytest.approx(2 / 9)


def test_perfect_response_scores_one() -> None:
    got = score(KEY, [list(reversed(c)) for c in reversed(KEY)])
    assert got.conll == pytest.approx(1.0)
    assert got.pairwise.f1 == pytest.approx(1.0)


def test_singletons_against_chains() -> None:
    got = score(KEY, singletons("abcdefg"))
    assert got.muc.r == 0 and got.muc.p == 0 and got.muc.f1 == 0
    assert got.b3.p == pytest.approx(1.0)
    assert got.b3.r == pytest.approx((3 * 1 / 3 + 4 * 1 / 4) / 7)
    # CEAF-e: each key cluster aligns with one of its singletons, phi = 2/(n+1)
    assert got.ceaf_e.r == pytest.approx((2 / 4 + 2 / 5) / 2)
    assert got.ceaf_e.p == pytest.approx((2 / 4 + 2 / 5) / 7)


def test_conll_is_the_mean_of_three() -> None:
    got = score(KEY, RESPONSE)
    assert got.conll == pytest.approx((got.muc.f1 + got.b3.f1 + got.ceaf_e.f1) / 3)


def test_a_mention_in_two_clusters_is_an_error() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        muc(KEY, [["a"], ["a", "b"]])
