"""The dependency parse, run only on sentences that hold a candidate event trigger.

This is the cascade of DESIGN.md: a cheap trigger matcher picks the sentences, and only those go
through spaCy's tagger, parser and lemmatizer. Event-argument rules read the tokens it stores.
"""

from __future__ import annotations

from typing import Any

from ..model import Analysis, ParsedSentence, Sentence, Token
from ..nlp import load_spacy
from ..ontology import load_ontology
from ..settings import Settings
from . import Stage, StageFn
from .events import candidate_sentences

# the statistical NER already ran over the whole text in the entities stage
_DISABLED = ("ner",)


class Parser:
    """Stage callable holding the loaded model and ontology."""

    def __init__(self, settings: Settings) -> None:
        self.nlp: Any = load_spacy(settings.spacy_models)
        self.ontology = load_ontology(settings)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[ParsedSentence]:
        """Stage: parsed tokens of the candidate sentences."""
        return self.parse(candidate_sentences(analysis, self.ontology))

    def parse(self, sents: list[Sentence]) -> list[ParsedSentence]:
        """The given sentences through the tagger, parser and lemmatizer."""
        parsed: list[ParsedSentence] = []
        with self.nlp.select_pipes(disable=[p for p in _DISABLED if p in self.nlp.pipe_names]):
            for sent, spacy_doc in zip(sents, self.nlp.pipe(s.text for s in sents), strict=True):
                tokens = tuple(
                    Token(
                        start=sent.start + tok.idx,
                        end=sent.start + tok.idx + len(tok.text),
                        text=tok.text,
                        lemma=tok.lemma_,
                        pos=tok.pos_,
                        tag=tok.tag_,
                        dep=tok.dep_,
                        head=tok.head.i,
                    )
                    for tok in spacy_doc
                )
                parsed.append(ParsedSentence(sent.start, sent.end, tokens))
        return parsed


def _factory(settings: Settings) -> StageFn:
    return Parser(settings)


STAGE = Stage(
    name="parsed",
    version="parse.spacy-cascade.v1",
    requires=("sentences",),
    assigns="parsed",
    factory=_factory,
    resources=("spacy", "ontology"),
)
