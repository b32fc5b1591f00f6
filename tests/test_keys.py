"""Cache keys (issue 11, item 1): a stage's key moves with its version, its resources and its inputs."""

from __future__ import annotations

import pytest

from rashomon import keys, pipeline
from rashomon.errors import ConfigError
from rashomon.settings import load_settings

STAGES = pipeline.load_stages()
NAMES = [s.name for s in STAGES]


def _changed(before, after):
    return {name for name in NAMES if before[name] != after[name]}


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ("labels", {"labels", "events", "participants"}),
        ("timex", {"dates", "counts", "events", "participants"}),
        ("participants", {"participants"}),
        ("spacy", {"entities", "places", "actors", "parsed", "events", "participants", "attribution"}),
        ("sentences", set(NAMES) - {"entities", "labels", "places", "actors"}),
    ],
)
def test_a_changed_resource_changes_only_the_stages_that_depend_on_it(monkeypatch, resource, expected):
    settings = load_settings()
    before = keys.stage_keys(STAGES, settings)
    real = keys.resource_digest

    def edited(name, s):
        return real(name, s) + "-edited" if name == resource else real(name, s)

    monkeypatch.setattr(keys, "resource_digest", edited)
    assert _changed(before, keys.stage_keys(STAGES, settings)) == expected


def test_a_user_alias_file_is_part_of_the_key(tmp_path):
    aliases = tmp_path / "places.yaml"
    aliases.write_text("places: []\n")
    settings = load_settings(place_alias_files=[str(aliases)])
    before = keys.stage_keys(STAGES, settings)
    aliases.write_text("places: []\n# edited\n")
    assert _changed(before, keys.stage_keys(STAGES, settings)) == {
        "places",
        "actors",
        "events",
        "participants",
        "attribution",
    }


def test_missing_user_file_and_unknown_resource_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        keys.resource_digest("places", load_settings(place_alias_files=[str(tmp_path / "gone.yaml")]))
    with pytest.raises(ConfigError, match="unknown resource"):
        keys.resource_digest("nope", load_settings())


def test_spacy_model_is_named_with_its_version():
    assert "3.8" in keys.spacy_model_id(tuple(load_settings().spacy_models))
