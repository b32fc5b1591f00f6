"""A parsed sentence with the annotations that name people in it, and the small grammatical tests
the participants stage builds its groups from ('no one', 'both men', 'a 17-year-old', 'who' for the
noun it stands for, the mention a role word belongs to)."""

from __future__ import annotations

from dataclasses import replace

from .deptree import DepTree
from .model import Analysis, CountMention, EventMention, ParsedSentence, Participant, Token
from .roles import RoleTable

# a role that says more about the same people wins over one that says less ('shot and killed')
_STRONGER = {"killed": ("wounded", "missing"), "wounded": ("missing",)}
# words that say the group is empty: 'no one was hurt', 'none were injured', 'no officers'
NOBODY = frozenset({"no", "none", "nobody", "noone"})
# the roles a casualty figure gives
CASUALTY_ROLES = frozenset({"killed", "wounded", "missing"})
# words that negate the word after them: 'non-fatal', 'not fatal'
_NEGATING = frozenset({"non", "not", "never"})


class SentenceTree(DepTree):
    """One parsed sentence with the document's annotations inside it."""

    def __init__(self, analysis: Analysis, parsed: ParsedSentence) -> None:
        super().__init__(parsed.tokens)
        lo, hi = parsed.start, parsed.end
        # a title or a line without final punctuation: headlines drop the passive's auxiliary
        self.headline = not analysis.doc.text[lo:hi].rstrip().endswith((".", "!", "?", '"', "”", "’"))
        self.actors = [a for a in analysis.actors if lo <= a.start < hi]
        self.places = [(m.start, m.end) for m in analysis.places if lo <= m.start < hi]
        self.counts = [c for c in analysis.counts if lo <= c.start < hi]
        self.labels = [lab for lab in analysis.labels if lo <= lab.start < hi]
        self.persons = [
            (e.start, e.end) for e in analysis.entities if e.label == "PERSON" and lo <= e.start < hi
        ]
        # the small model may miss a name it found elsewhere in the document: its words still name a person
        self.person_words = {w for e in analysis.entities if e.label == "PERSON" for w in e.text.split()}

    def person(self, tok: Token) -> bool:
        """A word of a person's name (inside a PERSON entity, or a proper noun of one found elsewhere in
        the document) that is not a place's or an actor's."""
        named = any(s <= tok.start < e for s, e in self.persons)
        named = named or (tok.pos == "PROPN" and tok.text in self.person_words)
        return named and not self.thing(tok)

    def thing(self, tok: Token) -> bool:
        """A place, or an actor that is not a person (a state, a body): not a person's name."""
        if any(s <= tok.start < e for s, e in self.places):
            return True
        return any(
            a.start <= tok.start < a.end and a.kind not in {None, "person", "group"} for a in self.actors
        )


def age_noun(tree: SentenceTree, g: int) -> bool:
    """'a 17-year-old' used as a noun: the parser splits it and heads it with 'old' (also written
    'an 18-month old', 'a 5 year old')."""
    units = {"year", "month"}
    return (
        tree.tokens[g].text.lower() == "old"
        and g >= 2
        and (tree.tokens[g - 2].text.lower() in units or tree.tokens[g - 1].text.lower() in units)
    )


def both_count(text: str, tree: SentenceTree, g: int) -> CountMention | None:
    """'both men', 'both of them': a pair is a figure of two."""
    for c in tree.children[g]:
        tok = tree.tokens[c]
        if tok.dep in {"det", "predet", "preconj"} and tok.text.lower() == "both":
            return CountMention(tok.start, tok.end, text[tok.start : tok.end], 2.0, what=tree.tokens[g].text)
    return None


def negated(tree: SentenceTree, p: int, g: int) -> bool:
    """'were not injured', 'no one was hurt', 'none of the officers were hit'."""
    if tree.child(p, "neg") is not None:
        return True
    head = tree.tokens[p].head
    if tree.tokens[p].dep in {"acomp", "oprd", "conj", "xcomp"} and tree.child(head, "neg") is not None:
        return True
    group = tree.tokens[g]
    if group.text.lower() in NOBODY:
        return True
    return any(tree.tokens[c].text.lower() in NOBODY for c in tree.children[g] if tree.tokens[c].dep == "det")


def count_at(tree: SentenceTree, tok: Token) -> CountMention | None:
    """The count whose counted noun is this token, or whose number it is."""
    for c in tree.counts:
        if c.what_start is not None and c.what_end is not None and c.what_start <= tok.start < c.what_end:
            return c
        if c.start <= tok.start < c.end:
            return c
    return None


def relative_head(tree: SentenceTree, g: int) -> int:
    """'prisoners who were captured': 'who' stands for the noun its clause modifies."""
    clause = tree.tokens[g].head
    return tree.tokens[clause].head if tree.tokens[clause].dep in {"relcl", "acl"} else g


# relative pronouns: 'the man who was shot', 'a man who shot at a car'
RELATIVE = frozenset({"who", "that", "which", "whom"})
# the places of a headline's groups under their verb ('Father, daughter found dead')
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "npadvmod"})


def conjuncts(tree: SentenceTree, g: int) -> list[int]:
    out, stack = [], [g]
    while stack:
        for c in tree.children[stack.pop()]:
            if tree.tokens[c].dep == "conj" and tree.tokens[c].pos in {"NOUN", "PROPN", "NUM", "PRON"}:
                out.append(c)
                stack.append(c)
    return out


def headline_siblings(tree: SentenceTree, g: int) -> list[int]:
    """'Father, daughter found dead', 'Two teen girls, two men shot': a headline joins two groups with a
    comma and no 'and'; the parse hangs both on the verb (as two subjects, or one as a modifier). A
    noun beside the group under the same head, with only a comma between them, is one more group."""
    head = tree.tokens[g].head
    if not tree.headline or head == g or tree.tokens[g].dep not in _SUBJECTS:
        return []
    out = []
    for c in tree.children[head]:
        tok = tree.tokens[c]
        if c == g or tok.dep not in _SUBJECTS or tok.pos not in {"NOUN", "PROPN"}:
            continue
        (lo_c, hi_c), (lo_g, hi_g) = tree.subtree(c), tree.subtree(g)
        between = tree.tokens[hi_c + 1 : lo_g] if hi_c < lo_g else tree.tokens[hi_g + 1 : lo_c]
        if [t.text for t in between] == [","]:
            out.append(c)
    return out


def named_beside_place(tree: SentenceTree, g: int) -> list[int]:
    """'Jane Roe, a girl from Dayton and John Doe, a boy from Troy, were shot': the parse hangs the
    second name on the place that ends the first one's apposition; a person's name conjoined to a place
    there is one more person of the group."""
    out = []
    for a in tree.children[g]:
        if tree.tokens[a].dep != "appos":
            continue
        lo, hi = tree.subtree(a)
        for c in range(lo, hi + 1):
            tok = tree.tokens[c]
            if tok.dep == "conj" and tree.thing(tree.tokens[tok.head]) and tree.person(tok):
                out.append(c)
    return out


def phrasal_intransitive(tree: SentenceTree, p: int, roles: RoleTable) -> bool:
    lemma = tree.tokens[p].lemma.lower()
    return any(f"{lemma} {tree.tokens[c].text.lower()}" in roles.intransitive for c in tree.children[p])


def left_in_state(tree: SentenceTree, p: int, roles: RoleTable) -> int | None:
    """'the shooting left one man critically injured': the object of 'leave' the participle at p
    describes (`resulting` verbs)."""
    tok = tree.tokens[p]
    if (
        tok.dep in {"advcl", "xcomp", "ccomp", "oprd"}
        and tree.tokens[tok.head].lemma.lower() in roles.resulting
    ):
        return tree.child(tok.head, "dobj")
    return None


def aimed(tree: SentenceTree, p: int, roles: RoleTable) -> bool:
    """'shot at the car' aims and hits no one; a passive 'were shot at a party' is a place (a bare
    passive 'were shot at' aims too). A headline drops the passive's auxiliary: '3 people shot at home'
    is a place, but 'Man shot at officers' and 'man who shot at a car' still aim."""
    head = tree.tokens[p]
    lemma = head.lemma.lower()
    passive = tree.child(p, "auxpass", "nsubjpass") is not None
    who = tree.child(p, "nsubj")
    relative = who is not None and tree.tokens[who].text.lower() in RELATIVE
    bare = tree.headline and head.tag in {"VBD", "VBN"} and tree.child(p, "dobj") is None and not relative
    for c in tree.children[p]:
        tok = tree.tokens[c]
        pair = f"{lemma} {tok.text.lower()}" in roles.aimed and tok.dep in {"prep", "prt"}
        where = tree.child(c, "pobj")
        place = where is not None and tree.tokens[where].lemma.lower() not in roles.people
        if pair and not ((passive and where is not None) or (bare and place)):
            return True
    return False


def along_with(tree: SentenceTree, p: int) -> int | None:
    """'was killed along with her brother', 'together with his wife': one more group of role word p."""
    for c in tree.children[p]:
        if tree.tokens[c].text.lower() in {"along", "together"}:
            # the parse hangs 'with' on 'along' or, 'along' a particle, on the role word
            other = tree.prep_object(c, "with")
            return tree.prep_object(p, "with") if other is None else other
    return None


def body_found(tree: SentenceTree, p: int, roles: RoleTable) -> bool:
    """'a man's body was found', 'found the body of a woman': the person whose body is found is dead."""
    tok = tree.tokens[p]
    if tok.lemma.lower() not in roles.bodies or tok.dep not in {"nsubjpass", "dobj", "nsubj"}:
        return False
    return tree.tokens[tok.head].lemma.lower() in roles.finding


def struck_by_missile(tree: SentenceTree, p: int, roles: RoleTable) -> bool:
    """The subject of active verb p, or the 'by' of a passive one, is a bullet, gunfire, a round."""
    subject, passive = tree.subject(p)
    agent = tree.prep_object(p, "by") if passive or subject is None else subject
    return agent is not None and tree.tokens[agent].lemma.lower() in roles.missiles


def mention_for(tree: SentenceTree, p: int, mentions: list[EventMention]) -> EventMention:
    """The mention whose trigger is the role word, else the nearest one up its parse, else by distance."""
    tok = tree.tokens[p]
    for mention in mentions:
        if mention.trigger_start <= tok.start < mention.trigger_end:
            return mention
    node = p
    for _ in range(len(tree.tokens)):
        parent = tree.tokens[node].head
        if parent == node:
            break
        for mention in mentions:
            if mention.trigger_start <= tree.tokens[parent].start < mention.trigger_end:
                return mention
        node = parent
    return min(mentions, key=lambda m: abs(m.trigger_start - tok.start))


def strongest(groups: list[tuple[int, Participant]]) -> list[Participant]:
    """One participant per group token and role; 'shot and killed' keeps killed, not wounded."""
    roles: dict[int, set[str]] = {}
    for g, p in groups:
        roles.setdefault(g, set()).add(p.role)
    kept: dict[tuple[int, str, int, str | None], Participant] = {}
    for g, p in groups:
        if any(p.role in _STRONGER.get(r, ()) for r in roles[g]):
            continue
        key = (g, p.role, p.start, p.who.ref if p.who else None)
        first = kept.get(key)
        # 'Armenia received 15 prisoners released by Azerbaijan': two words, one group, both parties
        kept[key] = p if first is None else replace(first, by=first.by or p.by, to=first.to or p.to)
    return list(kept.values())


def juxtaposed(tree: SentenceTree, g: int) -> list[int]:
    """'18 children 5 teachers killed': a headline drops the 'and' between two counted groups; the parse
    makes one the nmod or apposition of the other. Both need a figure of their own and nothing between
    them but the second figure ('5 people, 3 men and 2 women' is a breakdown, not more people)."""
    own = _own_count(tree, g)
    if own is None:
        return []
    near = [c for c in tree.children[g] if tree.tokens[c].dep in {"nmod", "appos"}]
    if tree.tokens[g].dep in {"nmod", "appos"} and tree.tokens[g].head != g:
        near.append(tree.tokens[g].head)
    out = []
    for other in near:
        count = _own_count(tree, other)
        if count is None or count is own or tree.tokens[other].pos not in {"NOUN", "PROPN"}:
            continue
        lo, hi = min(g, other), max(g, other)
        between = tree.tokens[lo + 1 : hi]
        if all(any(count_at(tree, tok) is c for c in (own, count)) for tok in between):
            out.append(other)
    return out


def _own_count(tree: SentenceTree, g: int) -> CountMention | None:
    """The written figure that counts noun g, not a part of another figure."""
    tok = tree.tokens[g]
    count = count_at(tree, tok)
    if count is None or count.part or count.what_start is None or count.what_end is None:
        return None
    return count if count.what_start <= tok.start < count.what_end else None


def counted_kind(count: CountMention | None, roles: RoleTable) -> str | None:
    """The kind of casualty the word a figure counts names: 'dozens injured' are wounded, wherever the
    parse hangs them ('At least 40 killed dozens injured' makes them the object of 'killed')."""
    if count is None or not count.what:
        return None
    kind = roles.adjectives.get(count.what.lower())
    return kind if kind in CASUALTY_ROLES else None


def not_fatal(tree: SentenceTree, c: int) -> bool:
    """'non-fatal', 'not fatal': the word that would make a wounding a killing is negated."""
    before = [t.text.lower() for t in tree.tokens[max(0, c - 2) : c] if t.text != "-"]
    return bool(before) and before[-1] in _NEGATING
