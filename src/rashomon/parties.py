"""Who a group of people is and who acts on it: nationality, side or affiliation read off the words for
the group, its possessive or its 'of X', and the parties 'by X' and 'to Y' name (participants stage)."""

from __future__ import annotations

from .groups import SentenceTree, age_noun, count_at
from .model import ActorMention, Party
from .roles import RoleTable


class PartyReader:
    """The people and party tests of the participants stage, over its role table."""

    def __init__(self, roles: RoleTable) -> None:
        self.roles = roles

    def is_people(self, tree: SentenceTree, g: int) -> bool:
        """A word for people: a noun for people, a demonym, a pronoun, a name, a label, 'three of them'."""
        tok = tree.tokens[g]
        low, lemma = tok.text.lower(), tok.lemma.lower()
        if lemma in self.roles.people or low in self.roles.people or tok.text in self.roles.demonyms:
            return True
        if tok.pos == "PRON":
            return low in self.roles.pronouns
        if age_noun(tree, g) or low in self.roles.ordinals:
            return True
        if tok.pos == "PROPN" and any(age_noun(tree, c) for c in tree.children[g]):
            return True  # '41-year-old Dana Pruitt', a name the entity tagger may miss
        if tree.person(tok):
            return True
        if any(a.start <= tok.start < a.end and a.kind in {"group", "person"} for a in tree.actors):
            return True
        if any(a.start <= tok.start < a.end and a.via == "demonym" for a in tree.actors):
            return tok.tag in {"NNS", "NNPS"}  # 'Armenians', not 'Armenian' on its own
        if any(lab.start <= tok.start < lab.end for lab in tree.labels):
            return True
        if tok.pos == "NUM":  # 'three of the victims', 'killing one'
            of = tree.prep_object(g, "of")
            return (of is not None and self.is_people(tree, of)) or count_at(tree, tok) is not None
        return False

    def sides(self, text: str, tree: SentenceTree, g: int) -> list[Party]:
        """The sides a group's own words join with 'and': 'Armenian and Azerbaijani detainees'."""
        for c in tree.children[g]:
            if c > g or tree.tokens[c].dep not in {"amod", "compound", "nmod"}:
                continue
            chain = [c] + [k for k in tree.children[c] if tree.tokens[k].dep == "conj"]
            parties = [self.resolved(text, tree, tree.tokens[k].start, tree.tokens[k].end) for k in chain]
            refs = {x.ref for x in parties if x is not None and x.ref is not None}
            if len(refs) > 1:
                return [x for x in parties if x is not None and x.ref is not None]
        return []

    def who(
        self, text: str, tree: SentenceTree, g: int, start: int, end: int, of: int | None
    ) -> Party | None:
        """The group's nationality, side or affiliation: in its own words, a possessive or 'of X'."""
        head = tree.tokens[g]
        inside = self.resolved(text, tree, start, end)
        person = any(
            a.start <= head.start < a.end and a.kind == "person" and inside and a.start == inside.start
            for a in tree.actors
        )
        if inside is not None and not person:
            return inside  # a person's own name is who they are, not their side
        poss = tree.child(g, "poss")
        if poss is not None:
            lo, hi = tree.subtree(poss)
            party = self.resolved(text, tree, tree.tokens[lo].start, tree.tokens[hi].end, "possessive")
            if party is not None:
                return party
        if of is not None:
            lo, hi = tree.subtree(of)
            return self.resolved(text, tree, tree.tokens[lo].start, tree.tokens[hi].end, "of")
        return None

    def resolved(self, text: str, tree: SentenceTree, start: int, end: int, via: str = "") -> Party | None:
        """An actor or a demonym inside [start, end), registry actors first."""
        actors = sorted(
            (a for a in tree.actors if start <= a.start and a.end <= end),
            key=lambda a: (a.actor is None, a.start),
        )
        for actor in actors:
            if actor.actor is not None:
                return Party(actor.start, actor.end, actor.text, actor.actor, via or _via(actor))
        for tok in tree.tokens:
            if start <= tok.start and tok.end <= end and tok.text in self.roles.demonyms:
                return Party(tok.start, tok.end, tok.text, self.roles.demonyms[tok.text], via or "demonym")
        if actors:
            actor = actors[0]
            return Party(actor.start, actor.end, actor.text, None, via or "words")
        return None

    def party(self, text: str, tree: SentenceTree, i: int) -> Party | None:
        """Who acts on the group or receives it: an actor where one is named, else the words for
        people, a place or a named body; anything else ('sentenced to 20 years') is no party."""
        start, end = tree.noun_span(i)
        resolved = self.resolved(text, tree, start, end)
        if resolved is not None and resolved.ref is not None:
            return resolved
        tok = tree.tokens[i]
        named = any(a.start <= tok.start < a.end for a in tree.actors)
        if named or any(s <= tok.start < e for s, e in tree.places) or self.is_people(tree, i):
            return Party(start, end, text[start:end], None, "words")
        return None


def _via(actor: ActorMention) -> str:
    return "demonym" if actor.via == "demonym" else "actor"
