"""The cheap step of the attribution cascade: sentences whose one cue needs no parse.

'Trump said Russia can't stand either Democrat.', '“We will win,” she said.', 'In an interview, the
ministry's spokesman Ana Keller added that ...': one reporting verb, outside quotation marks, right
after a named entity or a pronoun that opens its clause. The source is that name (with the title
words before it), the content what follows the verb to the end of the sentence, or the quotation or
clause before the name. Anything else in the sentence (a second cue word, a preposition after the
verb, the verb before its subject) sends it to the parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Entity, Sentence
from .lexicon import Lexicon
from .rules import Found

# the reporting verbs whose sentences need no parse in the shapes above (no hearer, no particle)
_VERBS = frozenset({"said", "says", "added", "adds", "wrote", "writes"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_NAMES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# words between the source and the verb that the verb keeps ('also said', 'has said')
_BETWEEN = re.compile(r"(?:\s+(?:also|later|then|previously|reportedly|has|had|have))*\s*$", re.IGNORECASE)
# a title or capitalised word before a name belongs to the source ('Sen. Ron Johnson')
_TITLE = re.compile(r"(?:[A-Z][\w.'’-]*\s+)+$")
_WORD = re.compile(r"[a-z]+(?:[’'][a-z]+)?")
# after the verb: a preposition or a quotation means a structure the parser must read
_AFTER_BLOCKS = re.compile(
    r"\s*(?:in|on|at|to|during|after|before|from|with|of|about|for|by|as|:|“|\")\b", re.IGNORECASE
)
# the source after the verb: a name or a determiner, then words without quotes, to the sentence end
_NP_TO_END = re.compile(r"\s+((?:[A-Z]|the\s|an?\s)[^“”\";:]*?)[.!]?\s*")
# a short phrase opened by a determiner, just before the verb ('the daily wrote', 'another aide said')
_DETERMINED = re.compile(r"(?:(?<=^)|(?<=[\s,”\"]))(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne)(?:\s+[\w.’'-]+){1,3}$")
# after an inverted cue only a time or a place may follow ('she said on Tuesday.')
_TAIL = re.compile(r"(?:\s+(?:on|in|at)\s+[A-Z]\w*(?:\s+\w+)?)?\s*[.!]?\s*$")


def _blank(text: str, sent: Sentence, quotes: Sequence[tuple[int, int]]) -> str:
    body = text[sent.start : sent.end]
    for q_start, q_end in quotes:
        if q_start + 1 < sent.end and sent.start < q_end - 1:
            a, b = max(q_start + 1, sent.start) - sent.start, min(q_end - 1, sent.end) - sent.start
            body = body[:a] + " " * (b - a) + body[b:]
    return body


def shallow(
    text: str,
    sent: Sentence,
    quotes: Sequence[tuple[int, int]],
    entities: Sequence[Entity],
    lexicon: Lexicon,
) -> list[Found] | None:
    """The attribution of a sentence of a simple shape, or None when the parser must read it."""
    body = _blank(text, sent, quotes)
    # cue words (the multi-word prepositions are looked for whole, by the phrase pattern)
    words = [m for m in _WORD.finditer(body.lower()) if m.group() in lexicon.cue_words]
    words = [m for m in words if m.group() not in lexicon.first_words]
    if len(words) != 1 or words[0].group() not in _VERBS or lexicon.phrases.search(body):
        return None
    cue_start, cue_end = sent.start + words[0].start(), sent.start + words[0].end()
    if (inverted := _verb_first(text, sent, cue_start, cue_end, quotes)) is not None:
        return [inverted]
    lead = _BETWEEN.search(text, sent.start, cue_start)
    source_end = lead.start() if lead else cue_start
    source = _source(text, sent.start, source_end, entities)
    if source is None:
        return None
    before = text[sent.start : source[0]].rstrip()
    if before and before[-1] not in ',”":':
        return None  # the name does not open its clause ('the wife of Donald Trump said')
    after = text[cue_end : sent.end]
    if _TAIL.fullmatch(after):
        content = _before(text, sent, source[0], quotes)
    elif not _AFTER_BLOCKS.match(after) and not any(mark in before for mark in '“”"'):
        content = _after(text, cue_end, sent.end)
    else:
        return None
    if content is None:
        return None
    first = cue_start
    if lead is not None and lead.group().strip():
        first = lead.start() + len(lead.group()) - len(lead.group().lstrip())
    return [Found(source, (first, cue_end), content, "assert")]


def _verb_first(
    text: str, sent: Sentence, cue_start: int, cue_end: int, quotes: Sequence[tuple[int, int]]
) -> Found | None:
    """'“We will win,” said Ana Keller, the mayor.': a quotation, the verb, and the source to the end."""
    quote = next((q for q in quotes if q[1] <= cue_start and not text[q[1] : cue_start].strip(" ,")), None)
    if quote is None:
        return None
    rest = text[cue_end : sent.end]
    match = _NP_TO_END.fullmatch(rest)
    if match is None:
        return None
    return Found((cue_end + match.start(1), cue_end + match.end(1)), (cue_start, cue_end), quote, "assert")


def _source(text: str, start: int, end: int, entities: Sequence[Entity]) -> tuple[int, int] | None:
    """A pronoun, a named entity or a short 'the ...' phrase that ends where the verb's subject must."""
    last = text[start:end].split()[-1:] if text[start:end].strip() else []
    if last and last[0].lower() in _PRONOUNS and text[end - len(last[0]) : end] == last[0]:
        return end - len(last[0]), end
    phrase = _DETERMINED.search(text, start, end)
    if phrase is not None:
        return phrase.start(), end
    entity = next((e for e in entities if e.end == end and e.start >= start and e.label in _NAMES), None)
    if entity is None:
        return None
    titles = _TITLE.search(text, start, entity.start)
    return (titles.start() if titles else entity.start), end


def _before(
    text: str, sent: Sentence, source_start: int, quotes: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """The content of an inverted cue: the quotation ending just before the source, or the clause."""
    gap = text[sent.start : source_start].rstrip()
    for q_start, q_end in quotes:
        if q_end <= source_start and not text[q_end:source_start].strip(" ,"):
            return q_start, q_end
    clause = gap.rstrip(",").rstrip()
    if "“" in clause or '"' in clause or not clause:
        return None
    return sent.start, sent.start + len(clause)


def _after(text: str, cue_end: int, sent_end: int) -> tuple[int, int] | None:
    """The content of a direct cue: what follows the verb, without the final stop."""
    start = cue_end + len(text[cue_end:sent_end]) - len(text[cue_end:sent_end].lstrip(" ,"))
    end = sent_end
    while end > start and text[end - 1] in " .":
        end -= 1
    return (start, end) if re.search(r"\w", text[start:end]) else None
