"""Small readings of mention facts shared by alignment and comparison."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import CountMention
from ..stages.labels import LabelTable, load_labels

_WORD = re.compile(r"[A-Za-z][a-z'’-]{2,}")


@lru_cache(maxsize=1)
def _labels() -> LabelTable:
    return load_labels()


def count_key(count: CountMention) -> str:
    """What a count counts: the category of the people it names whatever the label ('48 prisoners
    of war' and '46 detained persons' both count captives), else its head noun ('mines' -> 'mine')."""
    named = _labels().find(count.what)
    if named:
        return f"{named[-1].category} people"
    what = count.what.lower().split(" of ")[0].split()
    head = what[-1] if what else ""
    for suffix, repl in (("ies", "y"), ("men", "man"), ("s", "")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            return head[: -len(suffix)] + repl
    return head


def count_value(count: CountMention) -> str:
    """A count as a short neutral string: '15', '60–64', 'more than 6000'."""

    def num(x: float) -> str:
        # a stored figure may be infinite or not a number (analyses made before issue 9's bound)
        if not math.isfinite(x):
            return str(x)
        return str(int(x)) if x == int(x) else str(x)

    value = num(count.value) if count.high is None else f"{num(count.value)}–{num(count.high)}"
    return f"{count.approx.replace('_', ' ')} {value}" if count.approx else value


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of a sentence minus stop words, for lexical overlap."""
    return frozenset(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS)


def name_word(text: str) -> str:
    """A side the actor registry does not know, as one capitalised word ('Velmoran' -> '~velmoran');
    other words ('the terrorists', 'armed groups') are a source's vocabulary, never a side the tool
    names: ''."""
    word = text.strip()
    return "~" + word.lower() if word[:1].isupper() and word.isalpha() else ""
