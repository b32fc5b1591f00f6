"""The cascade's cheap step: sentences of a simple shape need no parse (issue 12, speed)."""

import pytest
from tests.helpers import analysis_of, run_stage

from rashomon.attribution.lexicon import load_lexicon
from rashomon.attribution.resolve import quotations
from rashomon.attribution.shallow import shallow
from rashomon.stages import entities


def _shallow(text):
    analysis = analysis_of(text)
    run_stage(entities, analysis)
    [sent] = analysis.sentences
    hits = shallow(text, sent, quotations(text), analysis.entities, load_lexicon())
    if hits is None:
        return None
    [hit] = hits
    return text[slice(*hit.source)], text[slice(*hit.cue)], text[slice(*hit.content)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will not leave the village,” he said.", ("he", "said", "“We will not leave the village,”")),
        (
            "In an interview, Maria Keller also said the border was closed.",
            ("Maria Keller", "also said", "the border was closed"),
        ),
        (
            "“The road is open,” said Maria Keller, the mayor of Tovrin.",
            ("Maria Keller, the mayor of Tovrin", "said", "“The road is open,”"),
        ),
        ("“The talks are over,” the ministry wrote.", ("the ministry", "wrote", "“The talks are over,”")),
    ],
)
def test_simple_shapes_need_no_parse(text, expected):
    assert _shallow(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The wife of Maria Keller said the border was closed.",  # the name does not open its clause
        "Maria Keller said in a statement that the border was closed.",  # a preposition after the verb
        "Maria Keller said the ministry denied the report.",  # a second cue: nested, for the parser
        "Maria Keller told reporters that the border was closed.",  # 'told' has a hearer
    ],
)
def test_other_shapes_go_to_the_parser(text):
    assert _shallow(text) is None
