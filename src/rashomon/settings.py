"""One settings object, read from the commented defaults file and an optional user file."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run (see resources/defaults.toml for what each key means)."""

    spacy_models: tuple[str, ...]
    max_file_bytes: int
    max_text_chars: int
    max_seconds_per_document: int
    max_seconds_grace: int
    workers: int
    place_alias_files: tuple[str, ...]
    actor_alias_files: tuple[str, ...]
    ontology_files: tuple[str, ...]
    align_date_window_days: int
    align_threshold: float
    framing_min_z: float
    framing_terms_per_group: int

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (lists for tuples), e.g. for the export."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


_FILE_LISTS = ("place_alias_files", "actor_alias_files", "ontology_files")


def _coerce(values: dict[str, Any], origin: str) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{origin}: unknown setting {key!r}")
        default_type = str(known[key].type)
        if default_type.startswith("tuple"):
            if not isinstance(value, list):
                raise ConfigError(f"{origin}: setting {key!r} must be a list")
            value = tuple(str(v) for v in value)
        elif default_type == "int" and not isinstance(value, int):
            raise ConfigError(f"{origin}: setting {key!r} must be an integer")
        elif default_type == "float":
            if not isinstance(value, (int, float)):
                raise ConfigError(f"{origin}: setting {key!r} must be a number")
            value = float(value)
        out[key] = value
    return out


def default_settings() -> Settings:
    """The built-in defaults."""
    text = resources.files("rashomon.resources").joinpath("defaults.toml").read_text("utf-8")
    return Settings(**_coerce(tomllib.loads(text), "defaults.toml"))


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the user's TOML file, then keyword overrides."""
    settings = default_settings()
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        values = _coerce(data, str(path))
        # a relative file path in a settings file means: beside that settings file
        base = Path(path).parent
        for key in _FILE_LISTS:
            if key in values:
                values[key] = tuple(str(base / p) if not Path(p).is_absolute() else p for p in values[key])
        settings = replace(settings, **values)
    if overrides:
        settings = replace(settings, **_coerce(overrides, "overrides"))
    return settings
