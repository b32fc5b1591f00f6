"""Sentences with their long quotations folded to a short clause before parsing, and back.

An attribution's cue and source lie outside the quotation it attributes, and what is inside matters
only as a whole (the content). A long quotation is most of the cost of parsing its sentence, so it is
parsed as a two-word clause in its quote marks and the tokens are mapped back: the placeholder's
first word stands for the whole quoted passage, the others become empty tokens at its end. In a
title-case headline the cue verbs are parsed in lower case ('Trump Warns ...'). The parse also stops
a few words after the last cue word; a content that runs to that point runs to the sentence's end.
A sentence parsed to its end is parsed without its final full stop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import ParsedSentence, Sentence, Token

# a quotation of at least this many words is folded; shorter ones ('called it “rigged”') are kept
MIN_WORDS = 5
# words parsed after the last cue word: enough for a source after the cue ('said Edward Alden of the
# Council on Foreign Relations') and the head of the content, whose end is the sentence's
REACH = 6
_PLACEHOLDER = ("It", "is")


_WORD = re.compile(r"[A-Za-z][\w’'-]*")
# a sentence's final full stop after a word or a number, not that of an abbreviation ('Jr.', 'U.S.')
_FINAL_STOP = re.compile(r"(?:^|[^\w.])(?:[\w’'-]{4,}|\d+)\.$")


def _headline_verbs(text: str, verbs: frozenset[str]) -> str:
    """'Trump Warns Clinton ...': in a title-case line, cue verbs in lower case, so the tagger sees verbs.

    Only the first letter changes, so every offset stays where it was.
    """
    words = _WORD.findall(text)
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
        return text
    return _WORD.sub(
        lambda m: m.group().lower() if m.group().lower() in verbs and m.start() > 0 else m.group(), text
    )


class Folded:
    """One sentence with its long quotations replaced, and the map back to the original offsets."""

    def __init__(
        self,
        text: str,
        sent: Sentence,
        quotes: Sequence[tuple[int, int]],
        verbs: frozenset[str] = frozenset(),
        gate: frozenset[str] = frozenset(),
    ) -> None:
        self.original = sent
        self.cut: int | None = None  # where the parsed text stops short of the sentence (document offset)
        pieces: list[str] = []
        # (start in the folded text, start in the document, length, whole original end or None)
        self.segments: list[tuple[int, int, int, int | None]] = []
        at, pos = sent.start, 0
        for q_start, q_end in quotes:
            # a quotation that began in an earlier sentence or goes on in the next is folded too
            inner_start, inner_end = max(q_start + 1, sent.start), min(q_end - 1, sent.end)
            if not (at <= inner_start < inner_end):
                continue
            # punctuation just inside the closing mark stays: '“...,” she said'
            while inner_end > inner_start and text[inner_end - 1] in ",.?!":
                inner_end -= 1
            if len(text[inner_start:inner_end].split()) < MIN_WORDS:
                continue
            pieces.append(text[at:inner_start])
            self.segments.append((pos, at, inner_start - at, None))
            pos += inner_start - at
            words = _PLACEHOLDER if text[inner_start].isupper() else tuple(w.lower() for w in _PLACEHOLDER)
            folded = " ".join(words)
            pieces.append(folded)
            self.segments.append((pos, inner_start, len(folded), inner_end))
            pos += len(folded)
            at = inner_end
        pieces.append(text[at : sent.end])
        self.segments.append((pos, at, sent.end - at, None))
        self.text = _headline_verbs("".join(pieces), verbs)
        if gate:
            self._shorten(text, gate)
            if self.cut is None and self.text.endswith(".") and _FINAL_STOP.search(self.text[-40:]):
                # the full stop at the end attributes nothing and costs the parser as much as a word
                self.text = self.text[:-1]

    def _shorten(self, doc_text: str, gate: frozenset[str]) -> None:
        """Stop the parsed text a few words after its last cue word: what follows is content only."""
        words = list(_WORD.finditer(self.text))
        last = max((k for k, w in enumerate(words) if w.group().lower() in gate), default=None)
        if last is None or last + REACH + 1 >= len(words):
            return
        end = words[last + REACH].end()
        self.cut = self._map(end, end, doc_text)[0]
        self.text = self.text[:end]

    @property
    def folded(self) -> bool:
        """Whether any quotation was folded."""
        return len(self.segments) > 1

    @property
    def verbatim(self) -> bool:
        """Whether the parsed text is a plain prefix of the sentence (its tokens need no mapping)."""
        return not self.folded and self.original.text.startswith(self.text)

    def sentence(self) -> Sentence:
        """The text to parse: at the sentence's own offset when verbatim, else at 0 (see unfold)."""
        if self.verbatim:
            return Sentence(self.original.start, self.original.start + len(self.text), self.text)
        return Sentence(0, len(self.text), self.text)

    def _map(self, start: int, end: int, doc_text: str) -> tuple[int, int]:
        for seg_start, orig, length, whole_end in self.segments:
            if seg_start <= start < seg_start + length or (start == seg_start + length == end):
                if whole_end is None:
                    return orig + start - seg_start, orig + end - seg_start
                # the placeholder's first word is the whole passage; the rest are empty at its end
                return (orig, whole_end) if start == seg_start else (whole_end, whole_end)
        last = self.segments[-1]
        return last[1] + last[2], last[1] + last[2]

    def unfold(self, parsed: ParsedSentence, doc_text: str) -> ParsedSentence:
        """The parsed folded sentence with every token at its offsets in the document."""
        if self.verbatim:
            return ParsedSentence(self.original.start, self.original.end, parsed.tokens)
        tokens = []
        for tok in parsed.tokens:
            start, end = self._map(tok.start, tok.end, doc_text)
            tokens.append(
                Token(start, end, doc_text[start:end], tok.lemma, tok.pos, tok.tag, tok.dep, tok.head)
            )
        return ParsedSentence(self.original.start, self.original.end, tuple(tokens))
