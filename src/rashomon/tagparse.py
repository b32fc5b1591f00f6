"""spaCy's English tagger and parser, computed with numpy over the model's own weights.

The stages parse a document's chosen sentences, a dozen or so at a time. In spaCy, about half of
that parse is the token encoder (thinc's layers, its matrix products through blis) and most of the
rest the parser's compiled transition loop, which takes and releases the interpreter lock many
times a word (benchmarks/README.md, bench_attribution.py). Here the encoder is one numpy matrix
product a layer over all the sentences given (numpy's BLAS is about twice as fast as blis on these
shapes), and the greedy arc-eager decoding scores the next action of every unfinished sentence with
one set of numpy operations a step, the transitions themselves in plain Python. The arithmetic and
the transition system are spaCy's, so the tags, heads and labels are the English model's own: tests
and ``eval/tagparse.py`` compare them with spaCy's, sentence by sentence.

Only the shape of model computed here is taken (the small English models: a hashed-embedding
encoder with window layers, shared by a softmax tagger and an 8-feature arc-eager parser);
``TagParser.of`` returns None for any other, and the caller then runs spaCy's components.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float32]
Ints = NDArray[np.int64]

# the parser's actions, by the first letter of spaCy's class names (S, D, L-label, R-label, B-ROOT)
_SHIFT, _REDUCE, _LEFT, _RIGHT, _BREAK = range(5)
_MOVES = {"S": _SHIFT, "D": _REDUCE, "L": _LEFT, "R": _RIGHT, "B": _BREAK}
# the most tokens computed together: each decoding step still scores hundreds of sentences at once,
# and the parser's precomputed rows (4 KB a token, as in spaCy) stay within about 30 MB
_BATCH_TOKENS = 8_000


class Unsupported(Exception):
    """The pipeline is not of the shape computed here."""


def _maxout_weights(layer: Any) -> tuple[Floats, Floats, int]:
    """A maxout layer's weights with each piece's outputs as one block of rows."""
    w = layer.get_param("W")  # (out, pieces, in)
    n_out, n_pieces, n_in = w.shape
    weights = np.ascontiguousarray(w.transpose(1, 0, 2).reshape(n_pieces * n_out, n_in))
    bias = np.ascontiguousarray(layer.get_param("b").T.reshape(n_pieces * n_out, 1))
    return weights, bias, n_out


def _max_of_pieces(y: Floats, n_out: int) -> Floats:
    """The maximum over the blocks of ``n_out`` rows (the pieces) of ``y``."""
    out = np.maximum(y[:n_out], y[n_out : 2 * n_out])
    for start in range(2 * n_out, len(y), n_out):
        np.maximum(out, y[start : start + n_out], out=out)
    return out


def _layer_norm(x: Floats, gain: Floats, bias: Floats) -> Floats:
    """Thinc's layer normalisation over the rows of each column, in place."""
    x -= x.mean(axis=0)
    var = np.einsum("ij,ij->j", x, x)
    var /= len(x)
    var += 1e-08  # thinc's epsilon
    x *= 1 / np.sqrt(var)
    x *= gain
    x += bias
    return x


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise Unsupported(what)


def read_parse(doc: Any) -> tuple[list[str], list[str], list[int]]:
    """The tags, labels and heads (indices in the doc) set on a spaCy doc."""
    from spacy.attrs import DEP, HEAD, TAG

    rows = doc.to_array([TAG, DEP, HEAD])
    strings = doc.vocab.strings
    heads = rows[:, 2].astype(np.int64) + np.arange(len(doc))
    return (
        [strings[t] for t in rows[:, 0].tolist()],
        [strings[d] for d in rows[:, 1].tolist()],
        heads.tolist(),
    )


class _Encoder:
    """The shared token encoder: hashed embeddings of six attributes, a mixing maxout, window layers.

    Arrays are kept with one column per token, so that a maxout's pieces and the layer norm run
    over contiguous rows.
    """

    def __init__(self, model: Any) -> None:
        from spacy.attrs import IDS
        from thinc.api import NumpyOps

        self.ops = NumpyOps()
        embed, encode = model.layers
        names = [layer.name for layer in embed.layers]
        _check(names[:2] == ["extract_features", "list2ragged"] and len(names) == 5, "embedding")
        features, _, tables, mix, _ = embed.layers
        self.columns = [IDS[name] for name in features.attrs["columns"]]
        maxout, norm = mix.layers[0].layers[0].layers
        _check(maxout.name == "maxout" and norm.name == "layernorm", "mixing layer")
        mix_w, self.mix_b, self.width = _maxout_weights(maxout)
        self.mix_norm = (norm.get_param("G")[:, None], norm.get_param("b")[:, None])
        # each table's rows multiplied through its slice of the mixing layer once, at load: a
        # token's mixing input is then a sum of rows (about a third of the encoder's products)
        self.tables: list[tuple[Floats, int]] = []
        start = 0
        for branch in tables.layers[0].layers:
            hashed = branch.layers[1]
            _check(hashed.name == "hashembed", "hashed embedding")
            rows = hashed.get_param("E")
            part = mix_w[:, start : start + rows.shape[1]]
            self.tables.append((np.ascontiguousarray(rows @ part.T), int(hashed.attrs["seed"])))
            start += rows.shape[1]
        _check(start == mix_w.shape[1] and len(self.tables) == len(self.columns), "embedding width")
        self.pad = int(encode.attrs["pad"])
        self.layers: list[tuple[Floats, Floats, Floats, Floats]] = []
        for block in encode.layers[0].layers:
            window, rest = block.layers[0].layers
            _check(window.attrs.get("window_size") == 1, "window size")
            maxout, norm = rest.layers[0].layers
            w, b, n_out = _maxout_weights(maxout)
            _check(n_out == self.width and w.shape[1] == 3 * self.width, "window layer")
            self.layers.append((w, b, norm.get_param("G")[:, None], norm.get_param("b")[:, None]))
        _check(self.pad >= len(self.layers), "padding")

    def __call__(self, features: NDArray[np.uint64], lengths: Ints) -> Floats:
        """The vector of every token, one column per token, from its attributes (``columns``)."""
        # a token's input to the window layers depends on its attributes alone: compute it once
        # for each distinct row of attributes (words repeat: 61% of the tokens the attribution
        # stage parses in the 84 PolNeAR articles are distinct within their document)
        rows = np.ascontiguousarray(features).view(np.dtype((np.void, 8 * features.shape[1])))
        distinct, inverse = np.unique(rows[:, 0], return_inverse=True)
        values = distinct.view(np.uint64).reshape(len(distinct), features.shape[1])
        mixed: Floats | None = None
        for i, (table, seed) in enumerate(self.tables):
            keys = self.ops.hash(np.ascontiguousarray(values[:, i]), seed) % len(table)
            part = self.ops.gather_add(table, keys)
            if mixed is None:
                mixed = part
            else:
                mixed += part
        assert mixed is not None
        y = np.ascontiguousarray(mixed.T)
        y += self.mix_b
        x = _layer_norm(_max_of_pieces(y, self.width), *self.mix_norm)[:, inverse.reshape(-1)]
        # thinc runs the window layers over the documents laid end to end with `pad` zero rows
        # before, between and after them; the padding rows go through the layers too, and a
        # token's value depends on theirs, so they are computed alike
        pad, total = self.pad, int(lengths.sum())
        gaps = pad * (np.arange(len(lengths)) + 1)
        where = np.repeat(gaps, lengths) + np.arange(total)
        # one more zero column at each end: the window's own padding at the array's edges
        padded = np.zeros((self.width, total + pad * (len(lengths) + 1) + 2), dtype=np.float32)
        padded[:, where + 1] = x
        n = padded.shape[1] - 2
        window = np.empty((3 * self.width, n), dtype=np.float32)
        body = padded[:, 1:-1]
        for w, b, gain, bias in self.layers:
            window[: self.width] = padded[:, :-2]
            window[self.width : 2 * self.width] = body
            window[2 * self.width :] = padded[:, 2:]
            y = w @ window
            y += b
            body += _layer_norm(_max_of_pieces(y, self.width), gain, bias)
        out: Floats = body[:, where]
        return out


class _State:
    """One sentence's parse state, as spaCy's ``StateC`` keeps it.

    The stack, the buffer (the next unread word, and a re-buffer of words put back by a reduce),
    heads, and for each word its latest left and right child: spaCy's features read a head's latest
    child. spaCy keeps each head's children in a list and, when a word gets a new head, takes it off
    the old head's list only if it is the latest there. In the arc-eager system it always is (the
    word is on top of the stack, so nothing was attached to its old head since), so a link from
    each child to the child before it is all a removal needs; a state where that does not hold is
    marked ``inexact`` and its doc parsed by spaCy instead.
    """

    __slots__ = (
        "blocked", "heads", "inexact", "last_left", "last_right", "length", "moves", "next",
        "previous", "rebuffer", "stack", "starts", "unshiftable",
    )  # fmt: skip

    def __init__(self, length: int, starts: list[bool], blocked: list[bool]) -> None:
        self.length = length
        self.stack: list[int] = []
        self.rebuffer: list[int] = []
        self.next = 0
        self.heads = [-1] * length
        self.moves = [0] * length  # the class whose arc set each word's head
        self.last_left = [-1] * length
        self.last_right = [-1] * length
        self.previous = [-1] * length  # the child its head had last before it
        self.unshiftable = [False] * length
        self.starts = starts  # sentence starts: the document's, then those the parser marks
        self.blocked = blocked  # words the document says cannot start a sentence
        self.inexact = False

    def push(self) -> None:
        """Shift: the re-buffer's top if any, else the next word, onto the stack."""
        if self.rebuffer:
            self.stack.append(self.rebuffer.pop())
        else:
            self.stack.append(self.next)
            self.next += 1

    def arc(self, head: int, child: int, move: int) -> None:
        """Attach ``child`` to ``head``, replacing its previous head."""
        old = self.heads[child]
        if old >= 0:
            latest = self.last_left if old > child else self.last_right
            if latest[old] == child:
                latest[old] = self.previous[child]
            else:
                self.inexact = True
        latest = self.last_left if head > child else self.last_right
        self.previous[child] = latest[head]
        latest[head] = child
        self.heads[child] = head
        self.moves[child] = move


class TagParser:
    """The model's tagger and parser over tokenised docs; ``TagParser.of(nlp)`` builds one."""

    def __init__(self, nlp: Any) -> None:
        from spacy.pipeline._parser_internals.nonproj import deprojectivize

        self.deprojectivize = deprojectivize
        self.nlp = nlp
        strings = nlp.vocab.strings
        self.encoder = _Encoder(nlp.get_pipe("tok2vec").model)
        tagger = nlp.get_pipe("tagger")
        listener, softmax = tagger.model.layers
        _check(listener.name == "tok2vec-listener", "tagger's encoder")
        softmax = softmax.layers[0]
        _check(softmax.name == "softmax", "tagger's output")
        self.tag_w, self.tag_b = softmax.get_param("W"), softmax.get_param("b")[:, None]
        self.tag_names = list(tagger.labels)
        parser = nlp.get_pipe("parser")
        _check(parser.cfg.get("beam_width") == 1, "beam search")
        lower, features, upper = parser.model.layers
        _check(lower.layers[0].name == "tok2vec-listener", "parser's encoder")
        _check(not parser.model.attrs.get("unseen_classes"), "unseen parser classes")
        linear = lower.layers[-1]
        self.lin_w, self.lin_b = linear.get_param("W"), linear.get_param("b")[:, None]
        w = features.get_param("W")  # (features, hidden, pieces, in)
        self.n_features, self.hidden, pieces, n_in = w.shape
        _check(self.n_features == 8 and pieces == 2, "parser features")
        # each feature's weights with its pieces as blocks of columns, like the maxout layers
        self.feature_w = np.ascontiguousarray(w.transpose(0, 2, 1, 3).reshape(-1, n_in).T)
        self.feature_b = np.ascontiguousarray(features.get_param("b").T.reshape(-1))
        self.feature_pad = features.get_param("pad")[0].transpose(0, 2, 1).reshape(8, -1)
        self.up_w = np.ascontiguousarray(upper.get_param("W").T)
        self.up_b = upper.get_param("b")
        moves = parser.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        _check(len(names) == len(self.up_b), "parser classes")
        self.move = np.array([_MOVES[name.split("-", 1)[0]] for name in names])
        self.labels = [name.split("-", 1)[1] if "-" in name else "" for name in names]
        self.label_ids = np.array([strings.add(label) for label in self.labels], dtype=np.uint64)
        self.lifted = frozenset(i for i, label in enumerate(self.labels) if "||" in label)
        # for each set of valid kinds of action (bits: shift, reduce, arcs, break), what is added
        # to each class's score: the output layer's bias when its kind is valid (spaCy adds the
        # bias after the product too), minus infinity when not
        bit = np.array([1, 2, 4, 4, 8])[self.move]
        allowed = (np.arange(16)[:, None] & bit) > 0
        self.masks = np.where(allowed, self.up_b, -np.inf).astype(np.float32)
        self.root = strings.add("ROOT")

    @classmethod
    def of(cls, nlp: Any) -> TagParser | None:
        """The numpy tagger and parser of ``nlp``, or None when its model is of another shape."""
        if not {"tok2vec", "tagger", "parser"} <= set(nlp.pipe_names):
            return None
        try:
            return cls(nlp)
        except (Unsupported, ImportError, ValueError, KeyError, AttributeError, IndexError):
            return None

    def __call__(self, docs: Sequence[Any]) -> list[tuple[list[str], list[str], list[int]]]:
        """Tags, dependency labels and heads (indices in the doc) of each doc's tokens."""
        out: list[tuple[list[str], list[str], list[int]]] = [([], [], []) for _ in docs]
        order = sorted((i for i, doc in enumerate(docs) if len(doc)), key=lambda i: len(docs[i]))
        batch: list[int] = []
        size = 0
        for i in order:
            batch.append(i)
            size += len(docs[i])
            if size >= _BATCH_TOKENS:
                self._batch(docs, batch, out)
                batch, size = [], 0
        if batch:
            self._batch(docs, batch, out)
        return out

    def _batch(self, docs: Sequence[Any], batch: list[int], out: list[Any]) -> None:
        from spacy.attrs import DEP, HEAD, SENT_START

        chosen = [docs[i] for i in batch]
        columns = [*self.encoder.columns, SENT_START]
        attrs = np.concatenate([doc.to_array(columns) for doc in chosen])
        lengths = np.array([len(doc) for doc in chosen], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        vectors = self.encoder(attrs[:, :-1], lengths)
        tags = (self.tag_w @ vectors + self.tag_b).argmax(axis=0)
        states = self._decode(vectors, lengths, offsets, attrs[:, -1].astype(np.int64))
        for k, (i, doc, st) in enumerate(zip(batch, chosen, states, strict=True)):
            n = len(doc)
            if st.inexact:
                out[i] = self._by_spacy(doc)
                continue
            tag_names = [self.tag_names[t] for t in tags[offsets[k] : offsets[k] + n].tolist()]
            heads = [j if h < 0 else h for j, h in enumerate(st.heads)]
            if self.lifted.isdisjoint(st.moves):
                deps = [
                    self.labels[m] if h != j else "ROOT"
                    for j, (h, m) in enumerate(zip(heads, st.moves, strict=True))
                ]
                out[i] = (tag_names, deps, heads)
                continue
            # lifted arcs go back to their non-projective heads as spaCy does it, on the doc
            labels = [
                self.label_ids[m] if h != j else self.root
                for j, (h, m) in enumerate(zip(heads, st.moves, strict=True))
            ]
            rel = (np.array(heads) - np.arange(n)).astype(np.uint64)
            doc.from_array([HEAD, DEP], np.stack([rel, np.array(labels, dtype=np.uint64)], axis=1))
            self.deprojectivize(doc)
            out[i] = (tag_names, *read_parse(doc)[1:])

    def _by_spacy(self, doc: Any) -> tuple[list[str], list[str], list[int]]:
        """One doc through spaCy's own encoder, tagger and parser."""
        for name in ("tok2vec", "tagger", "parser"):
            doc = self.nlp.get_pipe(name)(doc)
        return read_parse(doc)

    def _decode(self, vectors: Floats, lengths: Ints, offsets: Ints, flags: Ints) -> list[_State]:
        """The final parse state of each doc, decoded greedily as spaCy's parser does.

        ``flags`` are the tokens' sentence-start marks as the docs give them (1 starts a sentence,
        -1 cannot), all docs end to end. Each step scores the next action of every unfinished doc
        with one set of numpy operations; the transitions themselves are plain Python.
        """
        hidden = self.lin_w @ vectors + self.lin_b
        n_tokens, n_docs = hidden.shape[1], len(lengths)
        # each feature's contribution of each token, in one block of rows per feature; in a block
        # each doc's tokens follow a copy of the feature's padding (what a missing word gives), so
        # word w of doc k (-1: none) is row f * block + offsets[k] + k + 1 + w
        block = n_tokens + n_docs
        doc_of = np.repeat(np.arange(n_docs), lengths)
        table = np.empty(
            (self.n_features, block, self.feature_w.shape[1] // self.n_features), dtype=np.float32
        )
        table[:, doc_of + np.arange(n_tokens) + 1] = (
            (hidden.T @ self.feature_w).reshape(n_tokens, self.n_features, -1).transpose(1, 0, 2)
        )
        table[:, offsets + np.arange(n_docs)] = self.feature_pad[:, None]
        table = table.reshape(self.n_features * block, -1)
        starts, blocked = (flags == 1).tolist(), (flags == -1).tolist()
        states = [
            _State(int(n), starts[o : o + n], blocked[o : o + n])
            for o, n in zip(offsets.tolist(), lengths.tolist(), strict=True)
        ]
        bases = (offsets + np.arange(n_docs) + 1)[:, None] + np.arange(self.n_features) * block
        kinds = self.move.tolist()
        feature_b, hidden_n, up_w, masks = self.feature_b, self.hidden, self.up_w, self.masks
        active = states
        while active:
            feats: list[int] = []
            codes: list[int] = []
            for st in active:
                stack, rebuffer, n, nxt = st.stack, st.rebuffer, st.length, st.next
                depth, queued = len(stack), len(rebuffer)
                if queued:
                    b0 = rebuffer[-1]
                    b1 = rebuffer[-2] if queued > 1 else (nxt if nxt < n else -1)
                else:
                    b0 = nxt if nxt < n else -1
                    b1 = nxt + 1 if nxt + 1 < n else -1
                buffered = n - nxt + queued
                if depth:
                    s0 = stack[-1]
                    if b0 >= 0:
                        # spaCy's ArcEager validity, one bit each: shift, reduce, either arc, break
                        start_b0 = st.starts[b0]
                        code = 2 if depth > 1 or not st.blocked[b0] else 0
                        if buffered >= 2 and not start_b0 and not st.unshiftable[b0]:
                            code |= 1
                        if not start_b0:
                            code |= 4
                        left_b0 = st.last_left[b0]
                    else:
                        code, left_b0 = 2, -1
                    feats += (
                        b0, b1, s0,
                        stack[-2] if depth > 1 else -1,
                        stack[-3] if depth > 2 else -1,
                        left_b0, st.last_left[s0], st.last_right[s0],
                    )  # fmt: skip
                else:
                    code = 1
                    feats += (b0, b1, -1, -1, -1, st.last_left[b0] if b0 >= 0 else -1, -1, -1)
                if b1 >= 0 and b1 == b0 + 1 and not st.starts[b1] and not st.blocked[b1]:
                    code |= 8
                codes.append(code)
            ids = np.array(feats, dtype=np.int64).reshape(len(active), self.n_features)
            ids += bases
            state = table.take(ids, axis=0).sum(axis=1)
            state += feature_b
            scores = np.maximum(state[:, :hidden_n], state[:, hidden_n:]) @ up_w
            scores += masks[codes]
            guesses = scores.argmax(axis=1).tolist()
            still = []
            at = 0
            for k, st in enumerate(active):
                guess, kind = guesses[k], kinds[guesses[k]]
                stack = st.stack
                if not codes[k]:  # no valid action: spaCy forces the state final (its re-buffer stays)
                    stack.clear()
                    st.next = st.length
                elif kind in (_SHIFT, _RIGHT):
                    if kind == _RIGHT:
                        st.arc(feats[at + 2], feats[at], guess)
                    st.push()
                elif kind == _REDUCE:
                    s0 = stack.pop()
                    # a word with no head goes back to the buffer, unless it was the stack's last
                    if st.heads[s0] < 0 and stack:
                        st.unshiftable[s0] = True
                        st.rebuffer.append(s0)
                elif kind == _LEFT:
                    b0 = feats[at]
                    st.arc(b0, stack.pop(), guess)
                    st.unshiftable[b0] = False
                else:
                    st.starts[feats[at + 1]] = True
                if stack or st.next < st.length or st.rebuffer:
                    still.append(k)
                at += 8
            if len(still) < len(active):
                active = [active[k] for k in still]
                bases = bases[still]
        return states
