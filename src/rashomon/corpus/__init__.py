"""Corpus stages: align mentions across documents into events, compare them, and measure framing."""
