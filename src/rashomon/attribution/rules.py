"""The attributions of one parsed sentence, read off its dependency tree.

A cue is a verb of the lexicon with a subject ('the ministry said'), a participle or infinitive that
takes its subject from the verb it hangs on ('..., adding that', 'declined to comment'), a noun with
a possessor or the subject of its verb and a 'that' clause or 'of' phrase ('her claim that ...',
'issued a statement saying'), an adjective after a copula ('is confident that'), a multi-word
preposition ('according to X, ...') or the colon of a 'Name: ...' line. The source is the whole noun
phrase of the subject (appositions, titles and abbreviations included); the content is the clausal
complement, the object the verb takes as content, or the quotation beside the cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..model import ParsedSentence, Polarity
from .lexicon import Lexicon, VerbCue
from .tree import CLOSING, OPENING, Tree

_SUBJECTS = ("nsubj",)
_CLAUSES = ("ccomp", "xcomp")
_OBJECTS = ("dobj", "attr", "oprd", "dative")
# a verb hanging on another by these takes that verb's subject ('said ..., adding that ...')
_INHERITS = ("conj", "xcomp", "advcl", "pcomp", "acl", "relcl", "dep", "ccomp", "parataxis", "prep")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_HEARERS = frozenset({"PROPN", "PRON"})
_MODALS = frozenset({"would", "could", "might", "may", "should", "'d", "’d"})
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Found:
    """One attribution of a sentence, as character spans (the stage builds the records)."""

    source: tuple[int, int] | None  # None: the text names no source ('is expected to', 'allegations that')
    cue: tuple[int, int]
    content: tuple[int, int] | None
    polarity: Polarity


class SentenceRules:
    """Finds the attributions of one parsed sentence."""

    def __init__(
        self, text: str, parsed: ParsedSentence, lexicon: Lexicon, quotes: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        self.quotes = quotes  # the document's quotations, marks included (resolve.quotations)
        self.inside = [q for q in quotes if q[0] < parsed.end and parsed.start < q[1]]  # this sentence's
        self.parsed = parsed
        self.lex = lexicon

    @cached_property
    def tree(self) -> Tree:
        """The sentence's tree, built only when a cue word is there to read."""
        return Tree(self.parsed)

    # -- sources ------------------------------------------------------------------------------

    def _subject(self, i: int, depth: int = 0) -> int | None:
        """The token heading the source of the predicate at ``i``."""
        t = self.tree
        for s in t.kids(i, *_SUBJECTS):
            if t.lower(s) in _RELATIVE and t.tokens[i].dep == "relcl":
                return t.head(i)
            return s
        for agent in t.kids(i, "agent"):
            for obj in t.kids(agent, "pobj"):
                return obj
        if t.kids(i, "nsubjpass", "expl", "csubj"):
            return None
        compounds = [c for c in t.kids(i, "compound") if c < i]
        if compounds:
            # 'Federal Election Commission records show' with the noun misread as a verb's part
            return compounds[-1]
        head = t.head(i)
        if head is None or depth >= 3 or t.tokens[i].dep not in _INHERITS:
            return None
        if t.tokens[i].dep == "acl" and t.tokens[head].pos in {"NOUN", "PROPN"}:
            # 'a statement saying', 'a memo detailing': the noun's author if it has one, else the noun;
            # a past participle ('an outcome expected to ...') says nothing of who holds the content
            if t.tokens[i].tag != "VBG":
                return None
            return self._noun_source(head) or head
        if t.tokens[i].dep == "prep":
            return None
        return self._subject(head, depth + 1)

    def _noun_source(self, n: int) -> int | None:
        """Who a cue noun belongs to: its possessor, 'by X', or the subject of 'issued'/'made'."""
        t = self.tree
        for p in t.kids(n, "poss"):
            return p
        for prep in t.kids(n, "prep"):
            if t.lower(prep) in {"by", "from"}:
                for obj in t.kids(prep, "pobj"):
                    return obj
        head = t.head(n)
        if head is not None and t.tokens[n].dep in {"dobj", "pobj"}:
            verb = head if t.tokens[n].dep == "dobj" else t.head(head)
            if verb is not None and t.lower(verb) in self.lex.light_verbs:
                return self._subject(verb)
        return None

    def _source_span(self, s: int, cue: int | None = None) -> tuple[int, int] | None:
        """The whole noun phrase headed by ``s``, cut before a relative clause that holds the cue."""
        t = self.tree
        if t.lower(s) in self.lex.not_sources or t.tokens[s].dep == "expl":
            return None
        first, last = t.lo[s], t.hi[s]
        if t.tokens[s].dep == "compound" and cue is not None and t.tokens[s].head == cue:
            while (
                first - 1 >= 0
                and t.tokens[first - 1].dep == "compound"
                and t.tokens[first - 1].head in (cue, s)
            ):
                first -= 1
        if cue is not None and first <= cue <= last:
            # 'Sen. Ron Johnson, who told ...': the phrase ends where the clause of the cue begins
            path = next((c for c in t.children[s] if t.lo[c] <= cue <= t.hi[c]), None)
            if path is None or path < s:
                return None
            last = t.lo[path] - 1
        for c in t.kids(s, "relcl", "acl"):
            # 'The Post, which nevertheless gave ...': a clause after a comma is no part of the name
            if c > s and t.lo[c] - 1 > first and t.tokens[t.lo[c] - 1].text == "," and t.lo[c] - 1 <= last:
                last = min(last, t.lo[c] - 2)
        bounds = t.trim(first, last)
        return t.span(*bounds) if bounds else None

    # -- contents ---------------------------------------------------------------------------------

    def _content(self, i: int, cue: VerbCue | None, subject: int | None = None) -> tuple[int, int] | None:
        """The token range of what the predicate at ``i`` attributes."""
        t = self.tree
        parts = t.kids(i, *_CLAUSES)
        if len(parts) > 1:
            # 'X said A; Y said B' parsed with X's clause under Y's cue: a clause that is itself an
            # attribution with its own subject is not this cue's content
            parts = [p for p in parts if not (self._is_cue(p) and t.kids(p, *_SUBJECTS))] or parts
        if subject is not None and len(parts) > 1:
            # '“...,” said Alden, author of “Failure to Adjust: ...”': clauses on both sides of the
            # source; the content is on one side, the larger
            sides = ([p for p in parts if p < subject], [p for p in parts if p > subject])
            parts = max(sides, key=lambda ps: sum(t.hi[p] - t.lo[p] + 1 for p in ps))
        if not parts:
            # 'was denounced by X': the passive subject is what the agent said something about
            parts = t.kids(i, "nsubjpass") if t.kids(i, "agent") else []
        if not parts:
            objects = t.kids(i, *_OBJECTS)
            preps = [
                p
                for p in t.kids(i, "prep")
                if t.lower(p) in self.lex.content_preps and t.kids(p, "pobj", "pcomp")
            ]
            if cue is not None and cue.lemma in self.lex.addressee:
                # 'told NBC', 'assured them': a named or pronoun object is the hearer, not the content
                objects = [
                    o for o in objects if t.tokens[o].dep != "dative" and t.tokens[o].pos not in _HEARERS
                ]
            parts = objects + preps
        if not parts:
            # 'claiming without evidence that the race ...' parsed with the clause on the noun:
            # a 'that' after the cue, inside its phrase, still opens the content
            that = next(
                (k for k in range(i + 1, t.hi[i] + 1) if t.lower(k) == "that" and t.tokens[k].dep == "mark"),
                None,
            )
            return (that, t.hi[i]) if that is not None else None
        first = min(t.lo[p] for p in parts)
        last = max(t.hi[p] for p in parts)
        return first, last

    def _around(self, i: int) -> tuple[int, int] | None:
        """'As Politico reported, the PAC will ...', 'Still, it said, ...', 'accusations that he denied':
        the clause or phrase the cue's own clause hangs on, without that clause."""
        t = self.tree
        head = t.head(i)
        if head is None:
            return None
        dep = t.tokens[i].dep
        as_clause = dep == "advcl" and any(t.lower(m) == "as" for m in t.kids(i, "mark"))
        relative = dep == "relcl" and any(t.lower(o) in _RELATIVE for o in t.kids(i, "dobj"))
        parenthetical = dep in {"parataxis", "ccomp", "advcl"} and head > i and not t.kids(i, *_CLAUSES)
        if not (as_clause or relative or parenthetical):
            return None
        if relative:
            first, last = t.lo[head], t.lo[i] - 1
            return (first, last) if first <= last else None
        before = (t.lo[head], t.lo[i] - 1)
        after = (t.hi[i] + 1, t.hi[head])
        return max((r for r in (before, after) if r[0] <= r[1]), key=lambda r: r[1] - r[0], default=None)

    def _passive_noun(self, i: int) -> tuple[int, int] | None:
        """'the proposals suggested by the tax experts': the noun the participle describes."""
        t = self.tree
        head = t.head(i)
        if head is None or t.tokens[i].dep != "acl" or t.tokens[i].tag != "VBN" or not t.kids(i, "agent"):
            return None
        first, last = t.lo[head], t.lo[i] - 1
        return (first, last) if first <= last else None

    def _inverted(self, i: int) -> tuple[int, int] | None:
        """'“We will win,” he said.' with the quote as head: the part of the head's clause before the cue."""
        t = self.tree
        head = t.head(i)
        if head is None or head > i or t.tokens[i].dep not in {"parataxis", "ccomp", "advcl", "conj"}:
            return None
        if t.kids(i, *_CLAUSES):
            return None
        first, last = t.lo[head], t.lo[i] - 1
        # the source of an inverted cue may precede it ('“...,” she said'): stop before it
        for s in t.kids(i, *_SUBJECTS):
            last = min(last, t.lo[s] - 1)
        return (first, last) if first <= last else None

    def _quote_near(self, cue_start: int, cue_end: int) -> tuple[int, int] | None:
        """A quotation right after the cue ('told AFP: “...”') or ending just before it."""
        best: tuple[int, int] | None = None
        for start, end in self.quotes:
            if end < cue_start - 200 or start > cue_end + 200:
                continue
            gap_after = self.text[cue_end:start]
            gap_before = self.text[end:cue_start]
            if start >= cue_end and len(gap_after) <= 60 and not re.search(r"[;“”\"]", gap_after):
                return start, end
            if end <= cue_start and len(gap_before) <= 60 and not re.search(r"[;“”\"]", gap_before):
                best = (start, end)
        return best

    def _content_span(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of a content token range, widened to the quote marks around it."""
        t = self.tree
        bounds = t.trim(first, last, keep_quotes=True)
        if bounds is None:
            return None
        first, last = bounds
        # a quote mark at one edge only: drop it unless its partner is just outside
        start, end = t.span(first, last)
        if t.tokens[first].text not in OPENING:
            k = first - 1
            if k >= 0 and t.tokens[k].text in OPENING:
                start = t.tokens[k].start
        k = last + 1
        # '“..., ”' PolNeAR keeps the comma and the closing mark inside the content
        while k < len(t.tokens) and t.tokens[k].text in {",", ".", "?", "!"} and k <= last + 2:
            k += 1
        if k < len(t.tokens) and t.tokens[k].text in CLOSING and self.text[start] in '“"‘':
            end = t.tokens[k].end
        if not _WORD.search(self.text[start:end]):
            return None
        return start, end

    # -- cues -------------------------------------------------------------------------------------

    def _quoted(self, i: int) -> bool:
        """Whether token ``i`` lies inside quotation marks."""
        start = self.tree.tokens[i].start
        return any(q_start < start < q_end - 1 for q_start, q_end in self.inside)

    def _is_cue(self, i: int) -> bool:
        """Whether token ``i`` is a verb form of the lexicon."""
        return self.tree.lower(i) in self.lex.verbs and self.tree.tokens[i].tag.startswith("VB")

    def _cue_span(self, i: int, extra: list[int]) -> tuple[int, int]:
        """The cue verb with its adjacent auxiliaries, negation and adverbs, and its particle."""
        t = self.tree
        first = i
        while (
            first - 1 >= 0
            and t.tokens[first - 1].head == i
            and t.tokens[first - 1].dep in {"aux", "auxpass", "neg", "advmod"}
        ):
            first -= 1
        last = max([i, *[e for e in extra if e == i + 1 or e == i + 2]])
        return t.span(first, last)

    def _verb(self, i: int) -> Found | None:
        """A verb cue with its subject (or the subject it inherits) and its content."""
        t = self.tree
        tok = t.tokens[i]
        if not tok.tag.startswith("VB") or tok.dep in {"aux", "auxpass", "amod", "compound"}:
            return None
        cues = self.lex.verbs.get(t.lower(i), ())
        particle = [p for p in t.kids(i, "prt", "prep") if t.tokens[p].dep == "prt" or p == i + 1]
        cue = next(
            (c for c in cues if c.particle is None or any(t.lower(p) == c.particle for p in particle)), None
        )
        if cue is None:
            return None
        head = t.head(i)
        if tok.dep == "xcomp" and head is not None and self._is_cue(head):
            return None  # 'declined to comment': the infinitive is the content of the cue above it
        if any(t.lower(a) in _MODALS for a in t.kids(i, "aux")):
            return None  # 'she would write in his name': a saying that may come, not one reported
        s = self._subject(i)
        source = self._source_span(s, i) if s is not None else None
        if source is None and (s is not None or not t.kids(i, "auxpass")):
            return None  # only a passive ('was accused of', 'is expected to') may name no source
        content: tuple[int, int] | None = None
        particle = [
            p for p in particle if t.tokens[p].dep == "prt" or (cue.particle and t.lower(p) == cue.particle)
        ]
        rng = self._content(i, cue, s)
        if source is not None:
            rng = rng or self._inverted(i) or self._around(i) or self._passive_noun(i)
        for p in particle:
            # 'referring to GOP nominee Donald Trump': the object of the verb's own preposition
            if t.tokens[p].dep == "prep" and (objects := t.kids(p, "pobj", "pcomp")):
                rng = (p, max(t.hi[o] for o in objects))
        extra = list(particle)
        if (
            rng is not None
            and t.tokens[rng[0]].dep == "prep"
            and rng[0] - 1 in (i, *particle)
            and rng[0] < rng[1]
        ):
            # 'called for an overhaul': the preposition belongs to the cue, its object is the content
            extra.append(rng[0])
            rng = (rng[0] + 1, rng[1])
        if rng is not None:
            content = self._content_span(*rng)
        cue_span = self._cue_span(i, extra)
        if content is None and source is not None:
            content = self._quote_near(cue_span[0], cue_span[1])
        if content is None or (source is not None and _overlaps(content, source)):
            return None
        return Found(source, cue_span, content, cue.polarity)

    def _noun(self, i: int) -> Found | None:
        """A claim noun with a 'that' clause or 'of'/'about' phrase ('her claim that ...')."""
        t = self.tree
        tok = t.tokens[i]
        polarity = self.lex.nouns.get(t.lower(i))
        if polarity is None or not tok.tag.startswith("NN") or tok.dep in {"compound", "poss"}:
            return None
        parts = [c for c in t.kids(i, "acl", "ccomp", "appos") if t.lower(t.lo[c]) == "that" or t.lo[c] > i]
        parts = [c for c in parts if not self._is_cue(c)]
        parts += [
            p
            for p in t.kids(i, "prep")
            if t.lower(p) in {"of", "about", "that"} and t.kids(p, "pobj", "pcomp")
        ]
        if not parts:
            return None
        s = self._noun_source(i)
        source = self._source_span(s) if s is not None else None
        rng = (min(t.lo[p] for p in parts), max(t.hi[p] for p in parts))
        content = self._content_span(*rng)
        if content is None or (source is not None and _overlaps(content, source)):
            return None
        return Found(source, t.span(i, i), content, polarity)

    def _adjective(self, i: int) -> Found | None:
        """An adjective after a copula with a clause or phrase ('is confident that ...')."""
        t = self.tree
        polarity = self.lex.adjectives.get(t.lower(i))
        head = t.head(i)
        if (
            polarity is None
            or head is None
            or t.tokens[i].dep != "acomp"
            or t.lower(head) not in self.lex.copulas
        ):
            return None
        parts = t.kids(i, "ccomp", "xcomp") + [
            p for p in t.kids(i, "prep") if t.lower(p) in {"of", "about", "that", "with"}
        ]
        parts = parts or [c for c in t.kids(head, "ccomp", "xcomp") if c > i]
        s = self._subject(head)
        if not parts or s is None:
            return None
        source = self._source_span(s)
        content = self._content_span(min(t.lo[p] for p in parts), max(t.hi[p] for p in parts))
        if source is None or content is None:
            return None
        first = min(head, i) if head < i and i - head <= 3 else i
        return Found(source, t.span(first, i), content, polarity)

    def _preposition(self, i: int) -> Found | None:
        """'According to the commission, 57 people were freed': the object is the source."""
        t = self.tree
        for words in self.lex.prepositions:
            end = i + len(words)
            if end > len(t.tokens) or tuple(t.lower(k) for k in range(i, end)) != words:
                continue
            last = end - 1
            objects = t.kids(last, "pobj")
            if not objects:
                continue
            s = objects[0]
            source = self._source_span(s)
            # the clause the phrase modifies, without the phrase itself
            root = i
            while (head := t.head(root)) is not None and root in range(i, end):
                root = head
            phrase = (min(t.lo[i], i), max(t.hi[s], last))
            before = (t.lo[root], phrase[0] - 1)
            after = (phrase[1] + 1, t.hi[root])
            rng = max((r for r in (before, after) if r[0] <= r[1]), key=lambda r: r[1] - r[0], default=None)
            content = self._content_span(*rng) if rng else None
            if source is None or content is None:
                return None
            return Found(source, t.span(i, last), content, "assert")
        return None

    def _colon(self) -> Found | None:
        """'Donald Trump Jr: Women who ...': a short name, a colon, and what the name says."""
        t = self.tree
        for k, tok in enumerate(t.tokens[:10]):
            if tok.text != ":":
                continue
            lead = range(0, k)
            if not lead or any(t.tokens[j].tag.startswith("VB") for j in lead):
                return None
            named = [j for j in lead if t.tokens[j].text[:1].isalpha()]
            if not named or not all(t.tokens[j].text[:1].isupper() for j in named) or k + 1 >= len(t.tokens):
                return None
            source = t.trim(0, k - 1)
            content = self._content_span(k + 1, len(t.tokens) - 1)
            if source is None or content is None:
                return None
            return Found(t.span(*source), (tok.start, tok.end), content, "assert")
        return None

    def find(self) -> list[Found]:
        """Every attribution of the sentence, in the order of their cues."""
        found: list[Found] = []
        lex = self.lex
        words = [tok.text.lower() for tok in self.parsed.tokens]
        if lex.cue_words.isdisjoint(words) and ":" not in words:
            return found
        t = self.tree
        for i in range(len(t.tokens)):
            word = words[i]
            if word not in lex.cue_words or self._quoted(i):
                continue  # not a cue, or the quoted speaker's own words ('“I believe her,” he said')
            hit = None
            if word in lex.verbs:
                hit = self._verb(i)
            if hit is None and word in lex.nouns:
                hit = self._noun(i)
            if hit is None and word in lex.adjectives:
                hit = self._adjective(i)
            if hit is None and word in lex.first_words:
                hit = self._preposition(i)
            if hit is not None:
                found.append(hit)
        if (colon := self._colon()) is not None:
            found.append(colon)
        return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
