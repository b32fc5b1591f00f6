"""Coreference measures: MUC, B³, CEAF-e, their CoNLL average, and pairwise link F1.

A clustering is a list of clusters, each a collection of hashable mention ids; a mention belongs to
at most one cluster. ``key`` is the gold clustering, ``response`` the system's. The two may hold
different mentions (end-to-end scoring): a key mention the response lacks counts as missed, a
response mention the key lacks as spurious, the way the reference CoNLL-2012 scorer (Pradhan et
al. 2014) treats "twinless" mentions.

- MUC (Vilain et al. 1995): links. Recall = sum over key clusters K of (|K| - |partitions of K by the
  response|) / sum of (|K| - 1); a key mention absent from the response is a partition of its own.
  Precision swaps the roles.
- B³ (Bagga & Baldwin 1998): per mention. Recall = mean over key mentions of |K ∩ R| / |K| where R is
  the response cluster holding the mention (empty when absent); precision = mean over response
  mentions of |K ∩ R| / |R|.
- CEAF-e (Luo 2005): entity alignment. φ(K, R) = 2|K ∩ R| / (|K| + |R|); the one-to-one alignment of
  key and response clusters maximising the total φ; recall = total / |key clusters|, precision =
  total / |response clusters|.
- CoNLL F1 = the mean of the three F1 values.
- Pairwise: precision and recall of the set of unordered same-cluster mention pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass

Clusters = Sequence[Collection[Hashable]]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one measure."""

    p: float
    r: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def _index(clusters: Clusters) -> dict[Hashable, int]:
    where: dict[Hashable, int] = {}
    for i, cluster in enumerate(clusters):
        for mention in cluster:
            if mention in where:
                raise ValueError(f"mention {mention!r} is in two clusters")
            where[mention] = i
    return where


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _muc_recall(key: Clusters, response: Clusters) -> float:
    where = _index(response)
    num = den = 0
    for cluster in key:
        parts = {where.get(m, ("absent", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return _ratio(num, den)


def muc(key: Clusters, response: Clusters) -> PRF:
    """MUC link-based precision and recall."""
    return PRF(p=_muc_recall(response, key), r=_muc_recall(key, response))


def _b3_recall(key: Clusters, response: Clusters) -> float:
    where = _index(response)
    total = 0.0
    count = 0
    for cluster in key:
        members = set(cluster)
        for m in members:
            count += 1
            if m in where:
                total += len(members & set(response[where[m]])) / len(members)
    return _ratio(total, count)


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    """B³ mention-based precision and recall."""
    return PRF(p=_b3_recall(response, key), r=_b3_recall(key, response))


def _max_assignment(weights: dict[tuple[int, int], float]) -> float:
    """The largest total weight of a one-to-one assignment of rows to columns (sparse weights)."""
    if not weights:
        return 0.0
    from scipy.optimize import linear_sum_assignment  # eval-only dependency (the dev extra)

    rows = sorted({r for r, _ in weights})
    cols = sorted({c for _, c in weights})
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: j for j, c in enumerate(cols)}
    import numpy as np

    matrix = np.zeros((len(rows), len(cols)))
    for (r, c), w in weights.items():
        matrix[row_at[r], col_at[c]] = w
    chosen_rows, chosen_cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[chosen_rows, chosen_cols].sum())


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Entity-based CEAF (φ4 similarity) precision and recall."""
    where = _index(response)
    weights: dict[tuple[int, int], float] = {}
    for i, cluster in enumerate(key):
        shared = Counter(where[m] for m in cluster if m in where)
        for j, n in shared.items():
            weights[(i, j)] = 2 * n / (len(cluster) + len(response[j]))
    total = _max_assignment(weights)
    return PRF(p=_ratio(total, len(response)), r=_ratio(total, len(key)))


def _pairs(clusters: Clusters) -> set[frozenset[Hashable]]:
    out: set[frozenset[Hashable]] = set()
    for cluster in clusters:
        members = sorted(cluster, key=repr)
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                out.add(frozenset((a, b)))
    return out


def pairwise(key: Clusters, response: Clusters) -> PRF:
    """Precision and recall of same-cluster mention pairs."""
    gold, pred = _pairs(key), _pairs(response)
    hits = len(gold & pred)
    return PRF(p=_ratio(hits, len(pred)), r=_ratio(hits, len(gold)))


@dataclass(frozen=True)
class Scores:
    """Every measure for one clustering against its key."""

    muc: PRF
    b3: PRF
    ceaf_e: PRF
    pairwise: PRF

    @property
    def conll(self) -> float:
        """The CoNLL F1: the mean of the MUC, B³ and CEAF-e F1."""
        return (self.muc.f1 + self.b3.f1 + self.ceaf_e.f1) / 3


def score(key: Clusters, response: Clusters) -> Scores:
    """All measures of ``response`` against ``key``."""
    return Scores(
        muc=muc(key, response),
        b3=b_cubed(key, response),
        ceaf_e=ceaf_e(key, response),
        pairwise=pairwise(key, response),
    )


def singletons(mentions: Iterable[Hashable]) -> list[list[Hashable]]:
    """Every mention alone: the all-singletons baseline."""
    return [[m] for m in mentions]
