"""Characters as data: a vocabulary, batches for truncated BPTT, sampling, an n-gram baseline.

What chapter 15 uses to train character-level language models:

- :func:`load_pride_and_prejudice`, the public-domain text the chapter trains on;
- :class:`CharVocab`, characters to integer ids and back;
- :func:`split_ids`, a chronological train / validation / test split;
- :func:`stream_batches`, the ids laid out as streams x chunks for truncated BPTT;
- :func:`softmax` with a temperature and :func:`sample`, which draws text from any model given
  as a step function;
- :class:`KneserNeyLM`, an interpolated Kneser-Ney character n-gram model (the counting
  baseline), and :func:`bits_per_char`;
- :func:`bracket_sequences`, the synthetic task on which an LSTM unit learns to count.

Arrays of ids are ``int64``; batches are laid out (batch, time) like every sequence of the book.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from importlib import resources

import numpy as np

from lstmbook._validate import check_fraction, check_int, check_number, positive_int

__all__ = [
    "load_pride_and_prejudice",
    "CharVocab",
    "split_ids",
    "stream_batches",
    "softmax",
    "sample",
    "bits_per_char",
    "KneserNeyLM",
    "bracket_sequences",
]

TEXT_FILE = "pride_and_prejudice_1-19.txt"


def load_pride_and_prejudice() -> str:
    """Chapters 1 to 19 of Jane Austen's *Pride and Prejudice* (1813), about 190,000 characters.

    Public domain. The lines are those of the Project Gutenberg edition as shipped by the R
    package ``janeaustenr`` (Debian package ``r-cran-janeaustenr``); see
    ``lstmbook/datasets/README.md``. Plain ASCII, lines of at most about 70 characters, dialogue
    in straight double quotes, italics marked ``_like this_``.

    Returns
    -------
    str
    """
    source = resources.files("lstmbook") / "datasets" / TEXT_FILE
    return source.read_text(encoding="utf-8")


def _check_text(text, name: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}.")
    return text


class CharVocab:
    """The characters of a text, numbered in sorted order.

    Parameters
    ----------
    text : str
        Every character that the vocabulary must know occurs in it at least once.

    Attributes
    ----------
    chars : tuple of str
        The characters, sorted; ``chars[k]`` has id ``k``.

    Examples
    --------
    >>> vocab = CharVocab("hello")
    >>> len(vocab), vocab.chars
    (4, ('e', 'h', 'l', 'o'))
    >>> vocab.encode("hole")
    array([1, 3, 2, 0])
    >>> vocab.decode([1, 0, 2, 2, 3])
    'hello'
    """

    def __init__(self, text: str):
        text = _check_text(text)
        if not text:
            raise ValueError("text is empty: a vocabulary needs at least one character.")
        self.chars: tuple[str, ...] = tuple(sorted(set(text)))
        self._ids = {c: k for k, c in enumerate(self.chars)}
        self._lookup = np.full(max(map(ord, self.chars)) + 1, -1, dtype=np.int64)
        for c, k in self._ids.items():
            self._lookup[ord(c)] = k

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char) -> bool:
        return char in self._ids

    def __repr__(self) -> str:
        return f"CharVocab({len(self)} characters)"

    def encode(self, text: str) -> np.ndarray:
        """The ids of the characters of ``text``, an int64 array of shape (len(text),).

        Raises ``ValueError`` naming the first character that is not in the vocabulary.
        """
        text = _check_text(text)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        ids = np.full(len(codes), -1, dtype=np.int64)
        known = codes < len(self._lookup)
        ids[known] = self._lookup[codes[known]]
        if (ids < 0).any():
            k = int(np.argmax(ids < 0))
            raise ValueError(
                f"character {text[k]!r} (at position {k}) is not in the vocabulary of "
                f"{len(self)} characters. Build the vocabulary from a text that contains it, "
                "or remove it from the text."
            )
        return ids

    def decode(self, ids) -> str:
        """The text of a sequence of ids (a list or a 1-D array of whole numbers)."""
        arr = np.asarray(ids)
        if arr.ndim != 1:
            raise ValueError(f"ids must be 1-D, got an array of shape {arr.shape}.")
        if arr.size and not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"ids must be whole numbers, got dtype {arr.dtype}.")
        bad = (arr < 0) | (arr >= len(self))
        if bad.any():
            k = int(np.argmax(bad))
            raise ValueError(
                f"ids[{k}] = {int(arr[k])} is not an id of this vocabulary (0 to {len(self) - 1})."
            )
        return "".join(self.chars[k] for k in arr.tolist())


def _as_ids(ids, name: str = "ids") -> np.ndarray:
    if isinstance(ids, str):
        raise TypeError(f"{name} must be an array of ids; encode the text first (vocab.encode).")
    arr = np.asarray(ids)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {arr.shape}.")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold whole numbers (ids), got dtype {arr.dtype}.")
    if arr.size and arr.min() < 0:
        raise ValueError(f"{name} holds a negative id ({int(arr.min())}); ids start at 0.")
    return arr.astype(np.int64, copy=False)


def split_ids(
    ids, val: float = 0.1, test: float = 0.1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut a sequence into train, validation and test parts, in this order (no shuffling).

    Parameters
    ----------
    ids : array of int, shape (L,)
    val, test : float in (0, 1)
        Fractions of the sequence for the validation part and the final (test) part.

    Returns
    -------
    train, val, test : ndarray of int64
        Consecutive slices of ``ids``.
    """
    ids = _as_ids(ids)
    val = check_fraction(val, "val", example="0.1")
    test = check_fraction(test, "test", example="0.1")
    if val + test >= 1:
        raise ValueError(f"val + test must leave something to train on, got {val} + {test}.")
    n_test = int(round(len(ids) * test))
    n_val = int(round(len(ids) * val))
    n_train = len(ids) - n_val - n_test
    if min(n_test, n_val, n_train) < 1:
        raise ValueError(f"{len(ids)} ids are too few to split into three non-empty parts.")
    return ids[:n_train], ids[n_train : n_train + n_val], ids[n_train + n_val :]


def stream_batches(ids, n_streams: int, chunk_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Lay a sequence out for truncated BPTT: ``n_streams`` streams cut into chunks.

    The sequence is cut into ``n_streams`` equal consecutive pieces, one per row of the batch;
    each row is then cut into chunks of ``chunk_len`` steps. Chunk ``k + 1`` of a row continues
    chunk ``k`` of the same row, so the hidden state at the end of one batch is the right initial
    state for the next (carried over, and detached so that gradients stop at the boundary).

    Parameters
    ----------
    ids : array of int, shape (L,)
    n_streams : int
        N, the batch size: the number of parallel streams.
    chunk_len : int
        T, the number of steps that backpropagation goes through.

    Returns
    -------
    X, Y : ndarray of int64, each shape (n_chunks, N, T)
        ``X[k]`` is the k-th batch of inputs; ``Y[k]`` the next characters, the targets
        (``Y[k][n, t]`` is the id that follows ``X[k][n, t]`` in the text). The last
        ``L - 1 - N * n_chunks * T`` ids, too few for one more chunk, are dropped.

    Examples
    --------
    >>> X, Y = stream_batches(np.arange(13), n_streams=2, chunk_len=3)
    >>> X[0].tolist(), X[1].tolist(), Y[0].tolist()
    ([[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]], [[1, 2, 3], [7, 8, 9]])
    """
    ids = _as_ids(ids)
    N = positive_int(n_streams, "n_streams")
    T = positive_int(chunk_len, "chunk_len")
    per_stream = (len(ids) - 1) // N
    n_chunks = per_stream // T
    if n_chunks < 1:
        raise ValueError(
            f"a text of {len(ids)} characters is too short for one batch of n_streams={N} "
            f"streams of chunk_len={T} steps (it needs at least N * T + 1 = {N * T + 1}). "
            "Use fewer streams, shorter chunks or a longer text."
        )
    used = N * n_chunks * T
    starts = np.arange(N) * per_stream
    rows = starts[:, None] + np.arange(n_chunks * T)  # (N, n_chunks * T)
    X = ids[rows].reshape(N, n_chunks, T).transpose(1, 0, 2)
    Y = ids[rows + 1].reshape(N, n_chunks, T).transpose(1, 0, 2)
    assert used == X.size
    return np.ascontiguousarray(X), np.ascontiguousarray(Y)


def softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """Probabilities ``softmax(logits / temperature)`` along the last axis.

    Parameters
    ----------
    logits : array, shape (..., V)
    temperature : float > 0, default 1.0
        Below 1 sharpens the distribution (towards the most likely character), above 1 flattens
        it (towards uniform).

    Returns
    -------
    ndarray, shape (..., V), rows summing to 1.
    """
    temperature = check_number(temperature, "temperature", low=0, low_open=True, example="0.8")
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


StepFn = Callable[[np.ndarray, object], tuple[np.ndarray, object]]


def sample(
    step: StepFn,
    vocab: CharVocab,
    prime: str,
    length: int,
    temperature: float = 1.0,
    seed: int | None = 0,
) -> str:
    """Draw ``length`` characters from a character-level model, one at a time.

    Parameters
    ----------
    step : callable
        ``step(ids, state) -> (logits, state)``: ``ids`` is an int64 array of shape (1, T),
        ``state`` is None at the start and whatever the previous call returned afterwards;
        ``logits`` has shape (1, T, V), the scores for the character after each of the T inputs.
    vocab : CharVocab
    prime : str
        At least one character, fed to the model first; the sample continues it.
    length : int
        Number of characters to draw.
    temperature : float >= 0, default 1.0
        Divides the logits before the softmax; 0 means greedy decoding (always the most likely
        character).
    seed : int or None, default 0
        Seed of a private ``numpy.random.default_rng``: the same seed, the same sample.

    Returns
    -------
    str
        The ``length`` drawn characters (without the prime).
    """
    if not callable(step):
        raise TypeError(f"step must be a function step(ids, state), got {type(step).__name__}.")
    if not isinstance(vocab, CharVocab):
        raise TypeError(f"vocab must be a CharVocab, got {type(vocab).__name__}.")
    prime = _check_text(prime, "prime")
    if not prime:
        raise ValueError("prime is empty: give at least one character to start from, e.g. '\\n'.")
    length = check_int(length, "length", minimum=0, example=200)
    temperature = check_number(temperature, "temperature", low=0, example="0.8")
    rng = np.random.default_rng(seed)
    ids = vocab.encode(prime)[None, :]
    logits, state = step(ids, None)
    out = []
    for _ in range(length):
        last = np.asarray(logits)[0, -1]
        if last.shape != (len(vocab),):
            raise ValueError(
                f"step returned logits whose last step has shape {last.shape}, expected "
                f"({len(vocab)},), one score per character of the vocabulary."
            )
        if temperature == 0:
            k = int(np.argmax(last))
        else:
            k = int(rng.choice(len(vocab), p=softmax(last, temperature)))
        out.append(k)
        logits, state = step(np.array([[k]], dtype=np.int64), state)
    return vocab.decode(np.array(out, dtype=np.int64))


def bits_per_char(nll_nats: float) -> float:
    """Convert a mean negative log-likelihood per character from nats to bits: ``nll / ln 2``."""
    return check_number(nll_nats, "nll_nats", low=0, example="1.4") / np.log(2.0)


class KneserNeyLM:
    """Interpolated Kneser-Ney character n-gram model, fitted by counting.

    For the highest order n, with a context u of n - 1 characters and D the discount,

        P(c | u) = max(N(u c) - D, 0) / N(u) + D * K(u) / N(u) * P(c | u')

    where N counts occurrences in the training text, K(u) is the number of distinct characters
    seen after u, and u' is u without its first character. The lower orders use the same formula
    with *continuation counts* (the number of distinct characters seen before u c) in place of
    N, and the recursion ends in the uniform distribution over the vocabulary. A context never
    seen hands its whole mass to the next lower order.

    Parameters
    ----------
    order : int >= 1
        n, the length of the n-grams (the context has n - 1 characters).
    discount : float in (0, 1)
        D, subtracted from every count.
    vocab_size : int
        V, the number of characters of the vocabulary (ids 0 to V - 1).
    """

    def __init__(self, order: int, discount: float, vocab_size: int):
        self.order = check_int(order, "order", minimum=1, example=5)
        self.discount = check_fraction(discount, "discount", example="0.75")
        self.vocab_size = check_int(vocab_size, "vocab_size", minimum=1, example=64)
        self._fitted = False

    def _check_ids(self, ids, name: str = "ids") -> np.ndarray:
        ids = _as_ids(ids, name)
        if ids.size and ids.max() >= self.vocab_size:
            raise ValueError(
                f"{name} holds {int(ids.max())}, but vocab_size={self.vocab_size} allows only "
                f"ids 0 to {self.vocab_size - 1}."
            )
        return ids

    def fit(self, ids) -> KneserNeyLM:
        """Count the n-grams of the training sequence ``ids`` (shape (L,)); returns self."""
        ids = self._check_ids(ids)
        if len(ids) < self.order:
            raise ValueError(f"{len(ids)} ids are too few for n-grams of order {self.order}.")
        s = ids.tolist()
        n = self.order
        # counts[k] maps an n-gram of length k + 1 (a tuple) to its count (highest order: raw
        # counts; lower orders: continuation counts).
        counts: list[dict] = []
        for k in range(1, n + 1):
            if k == n:
                counts.append(Counter(tuple(s[j : j + k]) for j in range(len(s) - k + 1)))
            else:
                grams = {tuple(s[j : j + k + 1]) for j in range(len(s) - k)}
                counts.append(Counter(g[1:] for g in grams))
        self._counts = counts
        self._ctx_total = []  # N(u): the sum over c of counts[u c]
        self._ctx_types = []  # K(u): the number of c with counts[u c] > 0
        for table in counts:
            total: dict = defaultdict(int)
            types: dict = defaultdict(int)
            for gram, value in table.items():
                total[gram[:-1]] += value
                types[gram[:-1]] += 1
            self._ctx_total.append(dict(total))
            self._ctx_types.append(dict(types))
        self._fitted = True
        return self

    def _check_fitted(self) -> None:
        if not self._fitted:
            raise ValueError("this KneserNeyLM is not fitted yet: call fit(train_ids) first.")

    def prob(self, context: Sequence[int], char: int) -> float:
        """P(char | context), with the last order - 1 ids of ``context`` as the context."""
        self._check_fitted()
        context = self._check_ids(np.asarray(context, dtype=np.int64), "context").tolist()
        char = check_int(char, "char", minimum=0, maximum=self.vocab_size - 1, example=3)
        return self._prob(context, char)

    def _prob(self, context: list, char: int) -> float:
        context = tuple(context[-(self.order - 1) :]) if self.order > 1 else ()
        p = 1.0 / self.vocab_size
        D = self.discount
        for k in range(0, len(context) + 1):  # from the unigram (k = 0) up to the full context
            u = context[len(context) - k :]
            total = self._ctx_total[k].get(u, 0)
            if total == 0:
                continue  # an unseen context: keep the lower order's estimate
            count = self._counts[k].get((*u, int(char)), 0)
            p = (max(count - D, 0.0) + D * self._ctx_types[k][u] * p) / total
        return p

    def probs(self, context: Sequence[int]) -> np.ndarray:
        """The whole distribution P(. | context), shape (V,); it sums to 1."""
        self._check_fitted()
        context = self._check_ids(np.asarray(context, dtype=np.int64), "context").tolist()
        return np.array([self._prob(context, c) for c in range(self.vocab_size)])

    def log2_probs(self, ids, history=()) -> np.ndarray:
        """log2 P(ids[t] | the ids before it), shape (L,).

        ``history`` holds ids that come before ``ids`` (for example the end of the training
        text), so that the first predictions have a full context.
        """
        self._check_fitted()
        ids = self._check_ids(ids)
        history = self._check_ids(history, "history").tolist()
        seq = history + ids.tolist()
        start = len(history)
        ctx = self.order - 1
        out = np.empty(len(ids))
        for t in range(len(ids)):
            j = start + t
            out[t] = self._prob(seq[max(0, j - ctx) : j], seq[j])
        return np.log2(out)

    def bits_per_char(self, ids, history=()) -> float:
        """Mean of -log2 P over ``ids``: the model's bits per character on that text."""
        return float(-self.log2_probs(ids, history).mean())


def bracket_sequences(
    n: int,
    length: int,
    max_depth: int = 8,
    p_open: float = 0.3,
    p_close: float = 0.3,
    seed: int | Sequence[int] | None = 0,
) -> tuple[list[str], np.ndarray]:
    """Random strings of brackets and filler, and the depth of nesting after each character.

    Each string starts at depth 0. At every step it opens a bracket with probability
    ``p_open`` (if the depth is below ``max_depth``), closes one with probability ``p_close``
    (if the depth is above 0), and otherwise writes the filler ``x``; probabilities of the
    moves that are not allowed go to the filler. A model that predicts the next character well
    has to know whether the depth is 0 (no ``)`` can come) or ``max_depth`` (no ``(`` can
    come): it has to count.

    Parameters
    ----------
    n : int
        N, the number of strings.
    length : int
        T, the number of characters of each string.
    max_depth : int, default 8
    p_open, p_close : float in (0, 1), default 0.3
        With p_open + p_close < 1.
    seed : int, sequence of int, or None, default 0
        Seed of a private ``numpy.random.default_rng`` (a sequence such as ``[seed, step]``
        gives each training step its own strings).

    Returns
    -------
    strings : list of str, n strings of ``length`` characters from ``"()x"``
    depth : ndarray of int64, shape (N, T)
        The depth after each character.
    """
    n = positive_int(n, "n")
    length = positive_int(length, "length")
    max_depth = positive_int(max_depth, "max_depth")
    p_open = check_fraction(p_open, "p_open", example="0.3")
    p_close = check_fraction(p_close, "p_close", example="0.3")
    if p_open + p_close >= 1:
        raise ValueError(f"p_open + p_close must be below 1, got {p_open} + {p_close}.")
    rng = np.random.default_rng(seed)
    u = rng.random((n, length))
    depth = np.zeros((n, length), dtype=np.int64)
    chars = np.full((n, length), "x")
    d = np.zeros(n, dtype=np.int64)
    for t in range(length):
        opens = (u[:, t] < p_open) & (d < max_depth)
        closes = (u[:, t] >= 1 - p_close) & (d > 0)
        d = d + opens - closes
        chars[opens, t] = "("
        chars[closes, t] = ")"
        depth[:, t] = d
    return ["".join(row) for row in chars], depth
