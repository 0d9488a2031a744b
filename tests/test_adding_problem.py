import re

import numpy as np
import pytest

from lstmbook import data


def test_shapes_and_dtypes():
    X, y = data.adding_problem(5, T=12, seed=3)
    assert X.shape == (5, 12, 2) and y.shape == (5,)
    assert X.dtype == np.float64 and y.dtype == np.float64


def test_numbers_lie_in_the_unit_interval_and_markers_are_zero_or_one():
    X, _ = data.adding_problem(200, T=30, seed=0)
    assert X[:, :, 0].min() >= 0.0 and X[:, :, 0].max() < 1.0
    assert set(np.unique(X[:, :, 1])) == {0.0, 1.0}


@pytest.mark.parametrize("T", [2, 3, 7, 10, 101])
def test_one_marker_in_each_half(T):
    X, _ = data.adding_problem(300, T=T, seed=1)
    markers = X[:, :, 1]
    assert np.array_equal(markers.sum(axis=1), np.full(300, 2.0))
    assert np.array_equal(markers[:, : T // 2].sum(axis=1), np.ones(300))
    assert np.array_equal(markers[:, T // 2 :].sum(axis=1), np.ones(300))


def test_every_position_of_each_half_is_used():
    T = 10
    X, _ = data.adding_problem(2000, T=T, seed=2)
    first = X[:, : T // 2, 1].argmax(axis=1)
    second = T // 2 + X[:, T // 2 :, 1].argmax(axis=1)
    assert set(first) == set(range(T // 2)) and set(second) == set(range(T // 2, T))


def test_target_is_the_sum_of_the_two_marked_numbers():
    X, y = data.adding_problem(50, T=20, seed=4)
    for n in range(50):
        t1, t2 = np.flatnonzero(X[n, :, 1])
        assert y[n] == X[n, t1, 0] + X[n, t2, 0]


def test_predicting_the_mean_scores_one_sixth():
    _, y = data.adding_problem(200_000, T=4, seed=5)
    assert abs(y.mean() - 1.0) < 0.005
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.002


def test_seeds_reproduce_and_differ_and_leave_the_global_generator_alone():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    X1, y1 = data.adding_problem(10, T=8, seed=7)
    X2, y2 = data.adding_problem(10, T=8, seed=7)
    X3, _ = data.adding_problem(10, T=8, seed=8)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_the_default_seed_is_fixed():
    X1, _ = data.adding_problem(3, T=6)
    X2, _ = data.adding_problem(3, T=6, seed=0)
    assert np.array_equal(X1, X2)


def test_numpy_integers_are_accepted():
    X, y = data.adding_problem(np.int64(2), T=np.int32(4))
    assert X.shape == (2, 4, 2) and y.shape == (2,)


@pytest.mark.parametrize("T", [1, 0, -3])
def test_too_short_sequences_are_refused(T):
    with pytest.raises(ValueError, match=rf"T must be at least 2, got T={T}: the two markers"):
        data.adding_problem(4, T=T)


@pytest.mark.parametrize("T", [2.0, "100", True, None])
def test_T_must_be_a_whole_number(T):
    with pytest.raises(
        TypeError, match=rf"T must be a whole number such as 100, got {re.escape(repr(T))} \("
    ):
        data.adding_problem(4, T=T)


def test_n_samples_must_be_at_least_one():
    with pytest.raises(ValueError, match="n_samples must be at least 1, got n_samples=0"):
        data.adding_problem(0, T=10)
    with pytest.raises(
        TypeError, match=r"n_samples must be a whole number >= 1, got 3.5 \(float\)"
    ):
        data.adding_problem(3.5, T=10)


def test_it_is_exported():
    assert "adding_problem" in data.__all__
