"""TimeML in and out: tag a text's time expressions as TIMEX3 so any TempEval-3 scorer can read them."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import IngestError
from ..model import TimeMention
from ..stages.sentences import split_sentences
from .lexicon import lexicon
from .recognise import find_timexes

_DCT = re.compile(r"<DCT>.*?value=\"([^\"]+)\".*?</DCT>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PART_OF_DAY = re.compile(r"(?i)\b(?:morning|afternoon|evening|night)$")
_PRESENT = re.compile(r"(?i)now|currently|nowadays|at present|the present")


def timeml_value(mention: TimeMention) -> str:
    """The TimeML value of a mention: an ISO date, a decade ('199'), a period, or 'XXXX' when unknown."""
    if mention.kind == "duration":
        return mention.duration or "PX"
    value = mention.value
    lx = lexicon()
    if (ref := lx.reference_of(mention.text)) is not None:
        return ref
    if value is None or (value.value is None and value.start is None):
        # 'several years ago': somewhere in the past
        return "PAST_REF" if mention.text.lower().endswith(" ago") else "XXXX"
    if value.value and value.granularity == "week" and "weekend" in mention.text.lower():
        return f"{value.value}-WE"
    if value.value and value.granularity == "day" and (pod := _PART_OF_DAY.search(mention.text)):
        return f"{value.value}T{lx.parts_of_day[pod.group().lower()]}"
    if value.value:
        if value.granularity in {"decade", "century"} and value.value.endswith("0s"):
            return value.value[:3] if value.granularity == "decade" else value.value[:2]
        if value.basis == "relative" and _PRESENT.fullmatch(mention.text):
            return "PRESENT_REF"  # TimeML keeps 'now' vague rather than the creation date
        return value.value
    # TimeML has no range value: a range is tagged with its start
    return value.start or "XXXX"


def timeml_type(mention: TimeMention) -> str:
    """The TimeML type of a mention: DATE, DURATION, SET or TIME."""
    return {"date": "DATE", "duration": "DURATION", "set": "SET", "time": "TIME"}[mention.kind]


def tag_text(text: str, dct: str | None) -> tuple[str, int]:
    """``text`` with TIMEX3 tags around its time expressions (XML-escaped), and the tag count."""
    mentions = find_timexes(text, split_sentences(text), dct)
    out: list[str] = []
    cursor = 0
    for n, m in enumerate(mentions, 1):
        out.append(html.escape(text[cursor : m.start], quote=False))
        out.append(
            f'<TIMEX3 tid="t{n}" type="{timeml_type(m)}" value="{html.escape(timeml_value(m))}">'
            f"{html.escape(m.text, quote=False)}</TIMEX3>"
        )
        cursor = m.end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out), len(mentions)


def timex_file(src: Path, dst: Path, dct: str | None) -> int:
    """Tag a plain-text or TempEval-3 TimeML file; returns the number of TIMEX3 tags written."""
    try:
        raw = src.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(str(src), f"cannot read: {exc}") from exc
    docid = src.stem
    body = _TEXT.search(raw)
    if body is not None:
        if dct is None and (found := _DCT.search(raw)):
            dct = found.group(1)[:10]
        if found_id := _DOCID.search(raw):
            docid = found_id.group(1).strip()
        text = html.unescape(_TAG.sub("", body.group(1)))
    else:
        text = raw
    tagged, count = tag_text(text, dct)
    dct_tag = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{html.escape(dct)}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{html.escape(dct)}</TIMEX3></DCT>\n'
        if dct
        else ""
    )
    dst.write_text(
        f'<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{html.escape(docid)}</DOCID>\n{dct_tag}'
        f"<TEXT>{tagged}</TEXT>\n</TimeML>\n",
        encoding="utf-8",
    )
    return count
