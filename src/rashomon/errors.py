"""The error hierarchy: every failure the core reports is one of these."""

from __future__ import annotations


class Error(Exception):
    """Base of every error rashomon raises on purpose."""


class IngestError(Error):
    """A file could not be read or turned into text."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class StageError(Error):
    """A stage failed on one document."""

    def __init__(self, doc: str, stage: str, message: str) -> None:
        super().__init__(f"{doc}: stage {stage}: {message}")
        self.doc = doc
        self.stage = stage
        self.message = message


class StoreError(Error):
    """The SQLite store could not be opened, migrated or written."""


class ConfigError(Error):
    """Settings, ontology or alias files are invalid."""
