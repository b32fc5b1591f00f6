"""A parsed sentence as a tree: children, dependents by label, subtrees, subjects.

Plain helpers over the tokens the parse stage stores (``Token.head`` indexes the same sentence), so
rules that follow the dependency parse read as the grammar they state.
"""

from __future__ import annotations

from .model import Token

_PASSIVE_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
# dependents that belong to the words for a noun's referent: 'the 15 Armenian prisoners'
_NP_LEFT = frozenset({"nummod", "amod", "compound", "nmod", "poss", "npadvmod", "advmod", "nn"})


class DepTree:
    """The tokens of one parsed sentence with each token's children."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        self.children: list[list[int]] = [[] for _ in tokens]
        for i, tok in enumerate(tokens):
            if tok.head != i:
                self.children[tok.head].append(i)

    def child(self, i: int, *deps: str) -> int | None:
        """The first child of token i with one of these dependency labels."""
        return next((c for c in self.children[i] if self.tokens[c].dep in deps), None)

    def nearest(self, i: int, *deps: str) -> int | None:
        """The child of token i with one of these labels nearest to it: a dateline the parser also
        made a subject ('CHICAGO — A man was shot') lies farther from the verb than the real one."""
        found = [c for c in self.children[i] if self.tokens[c].dep in deps]
        return min(found, key=lambda c: abs(c - i)) if found else None

    def prep_object(self, i: int, *preps: str) -> int | None:
        """The object of a preposition under token i: 'released [by] X' -> X."""
        for c in self.children[i]:
            tok = self.tokens[c]
            if tok.dep in {"prep", "agent"} and tok.text.lower() in preps:
                obj = self.child(c, "pobj")
                if obj is not None:
                    return obj
        return None

    def subtree(self, i: int) -> tuple[int, int]:
        """The first and last token index of the subtree under token i."""
        lo = hi = i
        stack = [i]
        while stack:
            node = stack.pop()
            lo, hi = min(lo, node), max(hi, node)
            stack.extend(self.children[node])
        return lo, hi

    def noun_span(self, i: int) -> tuple[int, int]:
        """Character span of the words for the noun phrase headed by token i (its left modifiers and i)."""
        start = self.tokens[i].start
        for c in self.children[i]:
            if c < i and self.tokens[c].dep in _NP_LEFT:
                start = min(start, self.tokens[self.subtree(c)[0]].start)
        return start, self.tokens[i].end

    def subject(self, i: int) -> tuple[int | None, bool]:
        """The subject of verb i, inherited from the verb it is coordinated with or complements."""
        node = i
        for _ in range(4):
            passive = self.nearest(node, *_PASSIVE_SUBJECT)
            if passive is not None:
                return passive, True
            active = self.nearest(node, "nsubj", "csubj")
            if active is not None:
                return active, node != i and self._passive(node)
            dep = self.tokens[node].dep
            stranded = self._stranded_subject(node) if node == i and dep == "conj" else None
            if stranded is not None:
                return stranded, self._passive(node)
            if dep in {"relcl", "acl"}:
                return self.tokens[node].head, self._passive(node) or self.tokens[node].tag == "VBN"
            if dep not in {"conj", "xcomp", "advcl", "ccomp"} or self.tokens[node].head == node:
                return None, False
            node = self.tokens[node].head
        return None, False

    def _stranded_subject(self, i: int) -> int | None:
        """'Jones was shot in the arm and Brown was shot in the chest': a coordinated verb with an
        auxiliary of its own has a subject of its own; where the parse hangs the name right before the
        auxiliary on the noun before it ('arm and Brown'), that name is the subject."""
        aux = self.child(i, "aux", "auxpass")
        if aux is None or aux == 0 or aux > i:
            return None
        j = aux - 1
        tok = self.tokens[j]
        if tok.dep != "conj" or tok.pos not in {"PROPN", "NOUN", "PRON"}:
            return None
        lo, hi = self.subtree(i)
        return j if not lo <= tok.head <= hi else None

    def _passive(self, i: int) -> bool:
        # 'was released': a passive auxiliary or subject under the verb
        return self.child(i, "auxpass", *_PASSIVE_SUBJECT) is not None
