"""Children and subtree bounds of a parsed sentence (issue 12: built in one pass)."""

import pytest

from rashomon.attribution.tree import Tree
from rashomon.model import ParsedSentence, Token


def _sentence(heads):
    tokens = tuple(Token(i * 2, i * 2 + 1, "w", "", "X", "X", "dep", h) for i, h in enumerate(heads))
    return ParsedSentence(0, len(heads) * 2, tokens)


@pytest.mark.parametrize(
    ("heads", "lo", "hi", "children"),
    [
        # 'The envoy said it closed .': said is the root
        ([1, 2, 2, 4, 2, 2], [0, 0, 0, 3, 3, 5], [0, 1, 5, 3, 4, 5], [[], [0], [1, 4, 5], [], [3], []]),
        # a chain to the right and a single token
        ([0, 0, 1, 2], [0, 1, 2, 3], [3, 3, 3, 3], [[1], [2], [3], []]),
        ([0], [0], [0], [[]]),
        # a head outside the sentence is ignored, a cycle (which a parse never has) ends
        ([5, 0], [0, 1], [1, 1], [[1], []]),
        ([1, 0], [0, 0], [1, 1], [[1], [0]]),
    ],
)
def test_bounds(heads, lo, hi, children):
    tree = Tree(_sentence(heads))
    assert (tree.lo, tree.hi, tree.children) == (lo, hi, children)
