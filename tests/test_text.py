import math

import numpy as np
import pytest

from lstmbook import text as tx


@pytest.fixture(scope="module")
def austen():
    return tx.load_pride_and_prejudice()


def test_the_shipped_text(austen):
    assert austen.startswith("PRIDE AND PREJUDICE")
    assert 150_000 < len(austen) < 300_000
    assert "Chapter 19" in austen and "Chapter 20" not in austen
    assert austen.isascii()


def test_vocab_round_trip(austen):
    vocab = tx.CharVocab(austen)
    ids = vocab.encode(austen)
    assert ids.dtype == np.int64 and ids.shape == (len(austen),)
    assert vocab.decode(ids) == austen
    assert len(vocab) == len(set(austen)) == ids.max() + 1
    assert list(vocab.chars) == sorted(set(austen))
    assert vocab.decode([]) == "" and vocab.encode("").shape == (0,)


def test_vocab_names_an_unknown_character():
    vocab = tx.CharVocab("abc")
    with pytest.raises(ValueError, match=r"character 'z' \(at position 2\) is not in the vocab"):
        vocab.encode("abz")
    with pytest.raises(ValueError, match="'é'"):
        vocab.encode("é")  # beyond the lookup table of ASCII codes


def test_vocab_input_checks():
    with pytest.raises(TypeError, match="text must be a str"):
        tx.CharVocab(["a", "b"])
    with pytest.raises(ValueError, match="empty"):
        tx.CharVocab("")
    vocab = tx.CharVocab("ab")
    with pytest.raises(TypeError, match="text must be a str"):
        vocab.encode(b"ab")
    with pytest.raises(ValueError, match=r"ids\[1\] = 2 is not an id"):
        vocab.decode([0, 2])
    with pytest.raises(TypeError, match="whole numbers"):
        vocab.decode(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="1-D"):
        vocab.decode([[0, 1]])


def test_split_ids_is_in_order():
    train, val, test = tx.split_ids(np.arange(100), val=0.1, test=0.2)
    assert (train == np.arange(70)).all() and (val == np.arange(70, 80)).all()
    assert (test == np.arange(80, 100)).all()
    with pytest.raises(ValueError, match="leave something to train on"):
        tx.split_ids(np.arange(100), val=0.5, test=0.5)
    with pytest.raises(ValueError, match="too few"):
        tx.split_ids(np.arange(3), val=0.1, test=0.1)
    with pytest.raises(TypeError, match="encode the text first"):
        tx.split_ids("some text")


def test_stream_batches_layout():
    ids = np.arange(50)
    X, Y = tx.stream_batches(ids, n_streams=4, chunk_len=5)
    per_stream = (50 - 1) // 4  # 12 ids per stream, 2 chunks of 5
    assert X.shape == Y.shape == (2, 4, 5) and X.dtype == np.int64
    np.testing.assert_array_equal(Y, X + 1)  # the target is the next id
    for n in range(4):  # row n of consecutive batches is one contiguous stream
        row = np.concatenate([X[k, n] for k in range(2)])
        np.testing.assert_array_equal(row, np.arange(n * per_stream, n * per_stream + 10))


def test_stream_batches_a_text_too_short_for_one_batch():
    with pytest.raises(ValueError, match=r"too short for one batch.*at least N \* T \+ 1 = 21"):
        tx.stream_batches(np.arange(20), n_streams=4, chunk_len=5)
    X, _ = tx.stream_batches(np.arange(21), n_streams=4, chunk_len=5)
    assert X.shape == (1, 4, 5)
    with pytest.raises(TypeError, match="n_streams must be a whole number"):
        tx.stream_batches(np.arange(100), n_streams=2.0, chunk_len=5)
    with pytest.raises(ValueError, match="chunk_len must be at least 1"):
        tx.stream_batches(np.arange(100), n_streams=2, chunk_len=0)
    with pytest.raises(ValueError, match="negative id"):
        tx.stream_batches(np.array([-1, 2, 3]), n_streams=1, chunk_len=1)


def test_softmax_and_temperature():
    z = np.array([[1.0, 2.0, 3.0]])
    p = tx.softmax(z)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p, np.exp(z) / np.exp(z).sum())
    assert tx.softmax(z, 0.5)[0, 2] > p[0, 2] > tx.softmax(z, 2.0)[0, 2]
    assert np.isfinite(tx.softmax(np.array([1000.0, 0.0]))).all()
    with pytest.raises(ValueError, match="temperature must be > 0"):
        tx.softmax(z, 0.0)


def _bigram_step(vocab):
    # A tiny "model": the logits depend only on the last character (favours the next one).
    V = len(vocab)

    def step(ids, state):
        logits = np.full((1, ids.shape[1], V), 0.0)
        logits[0, np.arange(ids.shape[1]), (ids[0] + 1) % V] = 3.0
        return logits, state

    return step


def test_sample_is_reproducible_under_a_seed():
    vocab = tx.CharVocab("abcd")
    step = _bigram_step(vocab)
    a = tx.sample(step, vocab, "a", 50, temperature=1.0, seed=3)
    assert a == tx.sample(step, vocab, "a", 50, temperature=1.0, seed=3)
    assert a != tx.sample(step, vocab, "a", 50, temperature=1.0, seed=4)
    assert len(a) == 50 and set(a) <= set("abcd")
    assert tx.sample(step, vocab, "a", 6, temperature=0) == "bcdabc"  # greedy
    assert tx.sample(step, vocab, "a", 0) == ""


def test_sample_input_checks():
    vocab = tx.CharVocab("abcd")
    step = _bigram_step(vocab)
    with pytest.raises(ValueError, match="prime is empty"):
        tx.sample(step, vocab, "", 5)
    with pytest.raises(ValueError, match="'z'"):
        tx.sample(step, vocab, "z", 5)
    with pytest.raises(TypeError, match="step must be a function"):
        tx.sample("model", vocab, "a", 5)
    with pytest.raises(TypeError, match="vocab must be a CharVocab"):
        tx.sample(step, "abcd", "a", 5)
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        tx.sample(step, vocab, "a", 5, temperature=-1.0)
    with pytest.raises(ValueError, match=r"expected \(4,\)"):
        tx.sample(lambda ids, s: (np.zeros((1, 1, 3)), s), vocab, "a", 5)


def test_bits_per_char():
    assert tx.bits_per_char(math.log(2)) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        tx.bits_per_char(-1.0)


def test_kneser_ney_is_a_distribution_and_beats_lower_orders(austen):
    vocab = tx.CharVocab(austen)
    train, val, _ = tx.split_ids(vocab.encode(austen[:60_000]))
    V = len(vocab)
    models = {n: tx.KneserNeyLM(n, 0.75, V).fit(train) for n in (1, 3)}
    for model in models.values():
        for context in (train[100:110], [0, 1, 2, 3], []):
            np.testing.assert_allclose(model.probs(context).sum(), 1.0, atol=1e-12)
    bpc = {n: m.bits_per_char(val, train[-5:]) for n, m in models.items()}
    assert bpc[3] < bpc[1] < math.log2(V)


def test_kneser_ney_on_a_tiny_text_by_hand():
    # "abab": bigram counts ab 2, ba 1; unigram continuation counts a 1 (b.), b 1 (a.).
    lm = tx.KneserNeyLM(2, 0.5, vocab_size=2).fit([0, 1, 0, 1])
    # P_uni(b) = (1 - 0.5 + 0.5 * 2 * 1/2) / 2 = 0.5; P(b | a) = (2 - 0.5 + 0.5 * 1 * 0.5) / 2
    assert lm.prob([0], 1) == pytest.approx(0.875)
    assert lm.prob([0], 0) == pytest.approx(0.125)


def test_kneser_ney_checks():
    with pytest.raises(ValueError, match="not fitted"):
        tx.KneserNeyLM(3, 0.5, 4).prob([0], 1)
    with pytest.raises(ValueError, match="vocab_size=4 allows only ids 0 to 3"):
        tx.KneserNeyLM(2, 0.5, 4).fit([0, 5])
    with pytest.raises(ValueError, match="discount must be in"):
        tx.KneserNeyLM(2, 1.5, 4)
    with pytest.raises(TypeError, match="order must be a whole number"):
        tx.KneserNeyLM(2.0, 0.5, 4)
    with pytest.raises(ValueError, match="too few"):
        tx.KneserNeyLM(5, 0.5, 4).fit([0, 1])
    lm = tx.KneserNeyLM(2, 0.5, 4).fit([0, 1, 2, 3])
    with pytest.raises(ValueError, match="char must be at most 3"):
        lm.prob([0], 4)
    with pytest.raises(ValueError, match="context holds 7"):
        lm.prob([7], 1)
    with pytest.raises(ValueError, match="history holds 9"):
        lm.bits_per_char([0, 1], history=[9])


def test_bracket_sequences_are_balanced_and_bounded():
    strings, depth = tx.bracket_sequences(50, 60, max_depth=3, seed=1)
    assert len(strings) == 50 and depth.shape == (50, 60)
    for s, d in zip(strings, depth, strict=True):
        running = np.cumsum([{"(": 1, ")": -1, "x": 0}[c] for c in s])
        np.testing.assert_array_equal(running, d)
    assert depth.min() == 0 and depth.max() == 3
    again, _ = tx.bracket_sequences(50, 60, max_depth=3, seed=1)
    assert again == strings
    with pytest.raises(ValueError, match="below 1"):
        tx.bracket_sequences(5, 10, p_open=0.6, p_close=0.6)
