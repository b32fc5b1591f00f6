"""Data files shipped with the package (word lists, patterns, gazetteers, the ontology)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from ..errors import ConfigError

# libyaml's parser when PyYAML was built with it: the same documents, ten times faster to read,
# which is most of what start-up spends on the word lists
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """Parse YAML text safely (plain data only)."""
    return yaml.load(text, Loader=_LOADER)


def load_yaml(*parts: str) -> Any:
    """Parse a YAML file under rashomon/resources; a broken file is a ConfigError naming it."""
    name = "/".join(parts)
    try:
        text = resources.files("rashomon.resources").joinpath(*parts).read_text("utf-8")
        return parse_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"resources/{name}: {exc}") from exc


def load_text(*parts: str) -> str:
    """The text of a file under rashomon/resources; a missing file is a ConfigError naming it."""
    try:
        return resources.files("rashomon.resources").joinpath(*parts).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"resources/{'/'.join(parts)}: {exc}") from exc
