"""Average-link agglomerative clustering over a sparse graph of scored pairs, with cannot-link checks.

Two clusters merge when the mean score over all their member pairs reaches the threshold, so a
cluster cannot grow by chaining through one strong link (what single-link merging did). Blocking
decides which clusters are compared at all: only clusters joined by at least one scored pair. Their
other member pairs are scored on demand through ``pair_score`` before a merge (exact average link;
without it, or past ``max_fill`` pairs, an unscored pair counts as 0). The merge with the highest
mean goes first. ``allowed`` may refuse a merge (dates or counts that exclude each other): the two
clusters then never merge. The cost is that of the scored pairs times the neighbours a merged
cluster has, plus the pairs filled in, near-linear when the graph is sparse.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence


def average_link(
    n: int,
    scores: dict[tuple[int, int], float],
    threshold: float,
    allowed: Callable[[int, int], bool] | None = None,
    merged: Callable[[int, int], None] | None = None,
    pair_score: Callable[[int, int], float] | None = None,
    max_fill: int = 20_000,
    items: Sequence[int] | None = None,
) -> list[list[int]]:
    """Clusters of the items 0..n-1, or of ``items`` only (each a sorted list of items; clusters in
    order of first item); ``scores`` hold pairs of those items only.

    ``allowed(a, b)`` and ``merged(a, b)`` receive cluster ids: the id of a cluster is one of its
    items; after ``merged(a, b)`` cluster ``a`` holds both.
    """
    chosen = range(n) if items is None else items
    members: dict[int, list[int]] = {i: [i] for i in chosen}
    sums: dict[int, dict[int, float]] = {i: {} for i in chosen}
    known: dict[int, dict[int, int]] = {i: {} for i in chosen}  # scored pairs between two clusters
    for (i, j), s in scores.items():
        if i == j:
            continue
        sums[i][j] = sums[i].get(j, 0.0) + s
        sums[j][i] = sums[i][j]
        known[i][j] = known[i].get(j, 0) + 1
        known[j][i] = known[i][j]

    def mean(a: int, c: int) -> float:
        # the mean of the scored pairs: what the pair may reach once the rest is scored
        return (
            sums[a][c] / known[a][c]
            if pair_score is not None
            else sums[a][c] / (len(members[a]) * len(members[c]))
        )

    heap = [(-mean(i, j), i, j) for i in chosen for j in sums[i] if i < j and mean(i, j) >= threshold]
    heapq.heapify(heap)
    blocked: set[tuple[int, int]] = set()
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or (a, b) in blocked:
            continue
        if abs(mean(a, b) + neg) > 1e-12:
            continue  # stale: the clusters changed since this entry was pushed
        size = len(members[a]) * len(members[b])
        if pair_score is not None and known[a][b] < size:
            # score the member pairs blocking left out, then queue the pair again at its exact mean
            total = sums[a][b]
            if size <= max_fill:
                scored = {(min(x, y), max(x, y)) for x in members[a] for y in members[b]} - scores.keys()
                total += sum(pair_score(x, y) for x, y in scored)
            sums[a][b] = sums[b][a] = total
            known[a][b] = known[b][a] = size
            if mean(a, b) >= threshold:
                heapq.heappush(heap, (-mean(a, b), a, b))
            continue
        if allowed is not None and not allowed(a, b):
            blocked.add((a, b))
            continue
        if merged is not None:
            merged(a, b)
        members[a].extend(members.pop(b))
        for c, s in sums.pop(b).items():
            k = known[b][c]
            del sums[c][b], known[c][b]
            if c != a:
                sums[a][c] = sums[a].get(c, 0.0) + s
                sums[c][a] = sums[a][c]
                known[a][c] = known[a].get(c, 0) + k
                known[c][a] = known[a][c]
        known.pop(b)
        sums[a].pop(a, None)
        known[a].pop(a, None)
        for c in sums[a]:
            key = (min(a, c), max(a, c))
            if key not in blocked and mean(a, c) >= threshold:
                heapq.heappush(heap, (-mean(a, c), key[0], key[1]))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
