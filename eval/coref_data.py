"""Readers for the coreference corpora under ../shared/datasets: ECB+, GVC and the GVA news pool.

Every reader returns ``CorefDoc`` records: a plain text, its publication date, the gold event
mentions as character spans of that text with their gold chain, and the topic the corpus files the
document under. Tokenised corpora (ECB+, GVC) are detokenised here, so the text rashomon reads is
the corpus's own tokens with ordinary spacing and every gold span is exact.

- ECB+ (Cybulska & Vossen 2014): the mentions of the sentences the corpus lists as checked for
  coreference (the usual evaluation), event markables only (ACTION_* and NEG_ACTION_*); chains from
  CROSS_DOC_COREF (the instance id) and INTRA_DOC_COREF (document + target); a mention in no relation
  is a singleton. Topics 1-35 are here; the conventional dev topics are 2, 5, 12, 18, 21, 23, 34, 35
  (Cybulska & Vossen 2015) and the rest of 1-35 is train.
- GVC dev (Vossen et al. 2018, split of Bugert et al. 2021): the CoNLL file of ``mentions_dev``;
  sentence 0 is the publication date; mentions of chain 0 (no incident-level link) are dropped, as
  Bugert et al. do.
- GVC train: mention strings without offsets; each is placed at its first unused occurrence in the
  document (good enough to train on, never used to score).
- MEANTIME (Minard et al. 2016): Wikinews articles in four topics (airbus, apple, gm, stock) over
  several years, with event mentions linked within and across documents (REFERS_TO an event
  instance); the first sentences of each article are annotated, so sentences up to the last one
  holding a mention are scored. The publication date is the CREATION_TIME expression. Here the stock
  topic is dev and the other three are train (the corpus has no standard split).
- GVA news (gva_news): whole documents with their incident ids, for document-to-incident scoring.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
ECB_DATA = SHARED / "ecbplus_dev"
GVC_DATA = SHARED / "gvc"
GVA_DATA = SHARED / "gva_news"
MEANTIME_DATA = SHARED / "meantime"
MEANTIME_DEV_TOPICS = frozenset({"stock"})
ECB_DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,:;!?%)\]}’”]|'s|’s|n't|n’t|'re|'ve|'ll|'d|'m)$", re.IGNORECASE)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "$", "#"})


@dataclass(frozen=True)
class GoldMention:
    """A gold event mention: a span of the document's text and its chain."""

    id: str
    start: int
    end: int
    text: str
    chain: str
    sentence: int  # index into CorefDoc.sentences


@dataclass
class CorefDoc:
    """One document of a coreference corpus, as rashomon will read it."""

    id: str
    text: str
    published: str | None
    topic: str  # ECB+ topic, GVC incident, GVA incident
    subtopic: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)  # character spans
    mentions: list[GoldMention] = field(default_factory=list)
    checked: set[int] = field(default_factory=set)  # sentences whose mentions are scored


def detokenise(sentences: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, int]], list[list[int]]]:
    """Text from tokenised sentences (one per line): the text, sentence spans, token start offsets."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: list[list[int]] = []
    pos = 0
    for tokens in sentences:
        if parts:
            parts.append("\n")
            pos += 1
        begin = pos
        offsets: list[int] = []
        previous = ""
        for i, token in enumerate(tokens):
            token = "\n" if token == "//n" else token  # GVC writes a paragraph break as a token
            if i and not _NO_SPACE_BEFORE.match(token) and previous not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            offsets.append(pos)
            parts.append(token)
            pos += len(token)
            previous = token
        spans.append((begin, pos))
        starts.append(offsets)
    return "".join(parts), spans, starts


# -- ECB+ ---------------------------------------------------------------------------------------


def _ecb_checked(data: Path) -> dict[str, set[int]]:
    """'1_10ecbplus' -> the checked sentence numbers."""
    out: dict[str, set[int]] = {}
    with (data / "ECBplus_coreference_sentences_topics_1-35.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return out


def _token_text(
    tokens: dict[str, tuple[int, int, str]],
) -> tuple[str, list[tuple[int, int]], list[list[int]], dict[int, list[str]], dict[int, int]]:
    """The text of tokens given as t_id -> (sentence, position, text): the text, sentence spans, token
    starts per row, the tokens of each sentence and each sentence's row."""
    sentence_ids = sorted({s for s, _, _ in tokens.values()})
    by_sentence: dict[int, list[str]] = {s: [] for s in sentence_ids}
    for s, _, word in sorted(tokens.values()):
        by_sentence[s].append(word)
    text, spans, starts = detokenise([by_sentence[s] for s in sentence_ids])
    return text, spans, starts, by_sentence, {s: i for i, s in enumerate(sentence_ids)}


def _ecb_doc(name: str, xml: bytes, checked: set[int]) -> CorefDoc:
    root = ET.fromstring(xml)
    tokens: dict[str, tuple[int, int, str]] = {}  # t_id -> (sentence, number, text)
    for tok in root.iter("token"):
        tokens[tok.get("t_id", "")] = (int(tok.get("sentence", 0)), int(tok.get("number", 0)), tok.text or "")
    text, spans, starts, by_sentence, row_of = _token_text(tokens)
    markables = root.find("Markables")
    anchored: dict[str, list[str]] = {}
    if markables is not None:
        for m in markables:
            if not m.tag.startswith(("ACTION", "NEG_ACTION")):
                continue
            anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
            if anchors:
                anchored[m.get("m_id", "")] = anchors
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            target = rel.find("target")
            key = rel.get("note") if rel.tag == "CROSS_DOC_COREF" else None
            if key is None:
                key = f"{name}/{target.get('m_id') if target is not None else rel.get('r_id')}"
            for src in rel.findall("source"):
                chain_of[src.get("m_id", "")] = key
    topic = name.split("_")[0]
    doc = CorefDoc(
        id=name,
        text=text,
        published=None,  # ECB+ carries no publication dates
        topic=topic,
        subtopic=f"{topic}{'plus' if name.endswith('plus') else ''}",
        sentences=spans,
        checked={row_of[s] for s in checked if s in row_of},
    )
    for m_id, anchors in anchored.items():
        where = sorted(tokens[a][:2] for a in anchors if a in tokens)
        if not where:
            continue
        (s, first), (_, last) = where[0], where[-1]
        row = row_of[s]
        start = starts[row][first]
        end = starts[row][last] + len(by_sentence[s][last])
        doc.mentions.append(
            GoldMention(
                id=f"{name}#{m_id}",
                start=start,
                end=end,
                text=text[start:end],
                chain=chain_of.get(m_id, f"{name}#{m_id}"),
                sentence=row,
            )
        )
    doc.mentions.sort(key=lambda m: m.start)
    return doc


def read_ecb(data: Path = ECB_DATA, topics: Sequence[str] | None = None) -> list[CorefDoc]:
    """The ECB+ documents of the given topics (all of 1-35 when None), checked sentences marked."""
    checked = _ecb_checked(data)
    wanted = set(topics) if topics is not None else None
    docs: list[CorefDoc] = []
    with tarfile.open(data / "ECBplus_topics_1-35.tar.gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            name = Path(member.name).stem
            if wanted is not None and name.split("_")[0] not in wanted:
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            docs.append(_ecb_doc(name, fh.read(), checked.get(name, set())))
    docs.sort(key=lambda d: (int(d.topic), d.id))
    return docs


# -- MEANTIME -----------------------------------------------------------------------------------


def _meantime_doc(topic: str, xml: bytes) -> CorefDoc:
    root = ET.fromstring(xml)
    name = root.get("doc_id", "")
    tokens: dict[str, tuple[int, int, str]] = {}
    seen: dict[int, int] = {}
    for tok in root.iter("token"):  # in text order; 'number' is not always the position in the sentence
        sentence = int(tok.get("sentence", 0))
        seen[sentence] = seen.get(sentence, -1) + 1
        tokens[tok.get("t_id", "")] = (sentence, seen[sentence], tok.text or "")
    text, spans, starts, by_sentence, row_of = _token_text(tokens)
    published = None
    anchored: dict[str, list[str]] = {}
    instance: dict[str, str] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if m.tag == "TIMEX3" and m.get("functionInDocument") == "CREATION_TIME":
            published = m.get("value")
        elif m.tag == "EVENT_MENTION":
            anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
            if anchors:
                anchored[m.get("m_id", "")] = anchors
        elif m.tag == "EVENT":
            instance[m.get("m_id", "")] = m.get("instance_id") or f"{name}#{m.get('m_id')}"
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        if rel.tag != "REFERS_TO" or target is None or target.get("m_id") not in instance:
            continue
        for src in rel.findall("source"):
            chain_of[src.get("m_id", "")] = instance[target.get("m_id", "")]
    doc = CorefDoc(
        id=f"{topic}/{name}", text=text, published=published, topic=topic, subtopic=topic, sentences=spans
    )
    for m_id, anchors in anchored.items():
        where = sorted(tokens[a][:2] for a in anchors if a in tokens)
        if not where:
            continue
        (s, first), (_, last) = where[0], where[-1]
        row = row_of[s]
        start, end = starts[row][first], starts[row][last] + len(by_sentence[s][last])
        doc.mentions.append(
            GoldMention(
                f"{doc.id}#{m_id}", start, end, text[start:end], chain_of.get(m_id, f"{doc.id}#{m_id}"), row
            )
        )
    doc.mentions.sort(key=lambda m: m.start)
    doc.checked = set(range(max((m.sentence for m in doc.mentions), default=-1) + 1))
    return doc


def read_meantime(data: Path = MEANTIME_DATA, topics: Sequence[str] | None = None) -> list[CorefDoc]:
    """The MEANTIME documents of the given topics (all four when None)."""
    docs: list[CorefDoc] = []
    with tarfile.open(data / "meantime_en_intra_cross_doc.tar.gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            topic = Path(member.name).parent.name.removeprefix("corpus_")
            if topics is not None and topic not in topics:
                continue
            fh = tar.extractfile(member)
            if fh is not None:
                docs.append(_meantime_doc(topic, fh.read()))
    docs.sort(key=lambda d: d.id)
    return docs


# -- GVC ----------------------------------------------------------------------------------------

_CHAIN = re.compile(r"\(?(\d+)\)?")


def _conll_documents(path: Path) -> Iterator[tuple[str, list[list[tuple[str, str]]]]]:
    """(doc key, sentences of (token, chain column)) from a CoNLL file."""
    key = ""
    sentences: dict[int, list[tuple[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#begin"):
                key, sentences = "", {}
                continue
            if line.startswith("#end"):
                yield key, [sentences[s] for s in sorted(sentences)]
                continue
            if not line.strip():
                continue
            doc_key, sent, _, token, chain = line.split("\t")
            key = doc_key
            sentences.setdefault(int(sent), []).append((token, chain))


def read_gvc_dev(data: Path = GVC_DATA) -> list[CorefDoc]:
    """GVC dev documents with their token-span mentions (chain 0 dropped)."""
    docs: list[CorefDoc] = []
    for key, sentences in _conll_documents(data / "mentions_dev" / "dataset.conll.gz"):
        _, incident, doc_id = key.split("/")
        dct = sentences[0][0][0] if sentences and sentences[0] else None
        body = sentences[1:]
        text, spans, starts = detokenise([[tok for tok, _ in s] for s in body])
        doc = CorefDoc(
            id=doc_id,
            text=text,
            published=dct if dct and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct) else None,
            topic="gvc",
            subtopic=incident,
            sentences=spans,
            checked=set(range(len(body))),
        )
        for row, sentence in enumerate(body):
            open_at: dict[str, int] = {}
            for i, (token, column) in enumerate(sentence):
                for part in column.split("|") if column != "-" else []:
                    chain = _CHAIN.fullmatch(part)
                    if chain is None:
                        continue
                    if part.startswith("("):
                        open_at[chain[1]] = i
                    if part.endswith(")"):
                        first = open_at.pop(chain[1], i)
                        if chain[1] == "0":
                            continue
                        start = starts[row][first]
                        end = starts[row][i] + len(token)
                        doc.mentions.append(
                            GoldMention(
                                id=f"{doc_id}#{row}.{first}",
                                start=start,
                                end=end,
                                text=text[start:end],
                                chain=chain[1],
                                sentence=row,
                            )
                        )
        doc.mentions.sort(key=lambda m: m.start)
        docs.append(doc)
    docs.sort(key=lambda d: (d.subtopic, d.id))
    return docs


def _gvc_texts(data: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d["doc_id"]] = d
    return out


def read_gvc_train(data: Path = GVC_DATA) -> list[CorefDoc]:
    """GVC train documents (title, blank line, text), mentions placed at first unused occurrences."""
    texts = _gvc_texts(data)
    by_doc: dict[str, list[dict[str, str]]] = {}
    with gzip.open(data / "mentions_train_dev_nooffsets.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["split"] == "train":
                by_doc.setdefault(row["doc_id"], []).append(row)
    docs: list[CorefDoc] = []
    for doc_id, rows in sorted(by_doc.items()):
        src = texts.get(doc_id)
        if src is None:
            continue
        text = f"{src['title']}\n\n{src['text']}"
        lower = text.lower()
        doc = CorefDoc(
            id=doc_id, text=text, published=src.get("dct"), topic="gvc", subtopic=str(src["incident_id"])
        )
        used: set[int] = set()
        for n, row in enumerate(rows):
            needle = row["mention_text"].lower()
            start = lower.find(needle)
            while start >= 0 and (start in used or not _word_bounded(lower, start, len(needle))):
                start = lower.find(needle, start + 1)
            if start < 0 or row["coref_chain"] == "0":
                continue
            used.add(start)
            end = start + len(needle)
            doc.mentions.append(
                GoldMention(f"{doc_id}#{n}", start, end, text[start:end], row["coref_chain"], -1)
            )
        doc.mentions.sort(key=lambda m: m.start)
        docs.append(doc)
    return docs


def _word_bounded(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[start + length] if start + length < len(text) else " "
    return not before.isalnum() and not after.isalnum()


# -- GVA news -------------------------------------------------------------------------------------


def read_gva(
    data: Path = GVA_DATA, *, limit: int | None = None, gvc_split: str | None = "any"
) -> list[CorefDoc]:
    """GVA news documents with text (title, blank line, text); topic = the first incident id.

    ``gvc_split``: "any" keeps every document; None keeps documents outside GVC; "train"/"dev" keep
    that GVC split only. ``limit`` keeps the first N documents in id order.
    """
    docs: list[CorefDoc] = []
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if not d.get("text", "").strip():
                continue  # the crawl failed
            if gvc_split != "any" and d.get("gvc_split") != gvc_split:
                continue
            docs.append(
                CorefDoc(
                    id=d["doc_id"],
                    text=f"{d['title']}\n\n{d['text']}" if d.get("title") else d["text"],
                    published=d.get("dct"),
                    topic=str(d["incident_ids"][0]),  # the first, for documents linked to several
                    subtopic=str(d["incident_ids"][0]),
                )
            )
    docs.sort(key=lambda d: d.id)
    return docs[:limit] if limit is not None else docs
