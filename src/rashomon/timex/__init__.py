"""The time-expression engine: recognition, normalisation, anchoring, event dating and TimeML."""

from .govern import date_event
from .recognise import find_timexes
from .timeml import timex_file

__all__ = ["date_event", "find_timexes", "timex_file"]
