"""A parsed sentence as a tree: children, subtree bounds and character spans of token ranges."""

from __future__ import annotations

from ..model import ParsedSentence, Token

# quote marks that open and close a quotation (straight quotes do both)
OPENING = frozenset({"“", '"', "‘", "'", "``"})
CLOSING = frozenset({"”", '"', "’", "'", "''"})
QUOTES = OPENING | CLOSING


class Tree:
    """Children and contiguous subtree bounds of every token of one parsed sentence."""

    def __init__(self, parsed: ParsedSentence) -> None:
        self.parsed = parsed
        self.tokens: tuple[Token, ...] = parsed.tokens
        n = len(self.tokens)
        heads = [tok.head for tok in self.tokens]
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, head in enumerate(heads):
            if head != i and 0 <= head < n:
                self.children[head].append(i)
        self.lo = list(range(n))
        self.hi = list(range(n))
        # each token widens the bounds of every token above it (a cycle, which a parse never has, ends
        # after n steps)
        for i in range(n):
            below, k = i, heads[i]
            for _ in range(n):
                if k == below or not 0 <= k < n:
                    break
                if i < self.lo[k]:
                    self.lo[k] = i
                elif i > self.hi[k]:
                    self.hi[k] = i
                below, k = k, heads[k]

    def head(self, i: int) -> int | None:
        """The head of token ``i`` (None at the root)."""
        head = self.tokens[i].head
        return None if head == i else head

    def kids(self, i: int, *deps: str) -> list[int]:
        """The children of ``i`` with one of the dependency labels ``deps``."""
        return [c for c in self.children[i] if self.tokens[c].dep in deps]

    def lower(self, i: int) -> str:
        """The lower-cased word of token ``i``."""
        return self.tokens[i].text.lower()

    def is_punct(self, i: int) -> bool:
        """Whether token ``i`` is punctuation (quote marks included)."""
        return self.tokens[i].pos == "PUNCT" or self.tokens[i].tag in {",", ".", ":", "``", "''", "-LRB-"}

    def trim(self, first: int, last: int, keep_quotes: bool = False) -> tuple[int, int] | None:
        """The token range without punctuation, conjunctions and quote marks at its edges."""

        def edge(i: int) -> bool:
            tok = self.tokens[i]
            if keep_quotes and tok.text in QUOTES:
                return False
            return (
                self.is_punct(i) or tok.dep == "cc" or tok.text in {"—", "–", "-", "―"} or tok.text.isspace()
            )

        while first <= last and edge(first):
            first += 1
        while last >= first and edge(last):
            # a closing bracket stays when its opening one is inside: 'Sen. Ron Johnson (R-Wis.)'
            if self.tokens[last].text == ")" and any(self.tokens[k].text == "(" for k in range(first, last)):
                break
            last -= 1
        return (first, last) if first <= last else None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of the token range ``first..last`` (inclusive)."""
        return self.tokens[first].start, self.tokens[last].end
