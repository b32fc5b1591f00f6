"""The dependency parse, run only on sentences that hold a candidate event trigger.

This is the cascade of DESIGN.md: a cheap trigger matcher picks the sentences, and only those go
through spaCy's tagger, parser and lemmatizer (rashomon.nlp.parse_sentences). Event-argument rules
read the tokens it stores; the attribution stage reuses them and parses its own cue sentences.
"""

from __future__ import annotations

from ..model import Analysis, ParsedSentence, Sentence
from ..nlp import load_parser, parse_sentences
from ..ontology import load_ontology
from ..settings import Settings
from . import Stage, StageFn
from .events import candidate_sentences


class Parser:
    """Stage callable holding the ontology (the model is loaded here, once per process)."""

    def __init__(self, settings: Settings) -> None:
        load_parser(settings.spacy_models)
        self.models = settings.spacy_models
        self.ontology = load_ontology(settings)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[ParsedSentence]:
        """Stage: parsed tokens of the candidate sentences."""
        return self.parse(candidate_sentences(analysis, self.ontology))

    def parse(self, sents: list[Sentence]) -> list[ParsedSentence]:
        """The given sentences through the tagger, parser and lemmatizer."""
        return parse_sentences(self.models, sents) if sents else []


def _factory(settings: Settings) -> StageFn:
    return Parser(settings)


STAGE = Stage(
    name="parsed",
    version="parse.spacy-cascade.v2",
    requires=("sentences",),
    assigns="parsed",
    factory=_factory,
    resources=("spacy", "ontology"),
)
