import numpy as np
import pandas as pd
import pytest

from lstmbook import data


def test_sine_with_trend_is_the_seed_series_value_for_value():
    np.random.seed(42)
    t = np.arange(200)
    expected = np.sin(t / 20) * 10 + 0.1 * t + np.random.randn(200) * 2
    np.testing.assert_array_equal(data.sine_with_trend(), expected)


def test_sine_with_trend_leaves_the_global_generator_alone():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    data.sine_with_trend(n=50, seed=7)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_sine_with_trend_length_and_seed():
    assert data.sine_with_trend(n=37).shape == (37,)
    assert not np.array_equal(data.sine_with_trend(seed=1), data.sine_with_trend(seed=2))
    with pytest.raises(ValueError, match="n must be at least 1"):
        data.sine_with_trend(n=0)


def test_load_airline():
    airline = data.load_airline()
    assert isinstance(airline, pd.Series)
    assert len(airline) == 144 and int(airline.sum()) == 40363
    assert airline.name == "passengers"
    assert airline.index.freqstr == "MS"
    assert airline.index[0] == pd.Timestamp("1949-01-01")
    assert airline.index[-1] == pd.Timestamp("1960-12-01")
    assert airline.iloc[0] == 112 and airline.iloc[-1] == 432


def test_make_windows_1d_keeps_the_last_window():
    series = np.arange(20.0)
    X, y = data.make_windows(series, look_back=5, horizon=3)
    assert X.shape == (20 - 5 - 3 + 1, 5, 1)
    assert y.shape == (13, 3)
    np.testing.assert_array_equal(X[0, :, 0], np.arange(5.0))
    np.testing.assert_array_equal(y[0], [5.0, 6.0, 7.0])
    np.testing.assert_array_equal(y[-1], [17.0, 18.0, 19.0])  # ends at the last value


@pytest.mark.parametrize("look_back,horizon", [(1, 1), (3, 1), (4, 2), (9, 1), (1, 9)])
def test_make_windows_matches_a_plain_loop(look_back, horizon):
    series = np.random.default_rng(0).normal(size=10)
    X, y = data.make_windows(series, look_back, horizon)
    n = len(series) - look_back - horizon + 1
    assert X.shape == (n, look_back, 1) and y.shape == (n, horizon)
    for k in range(n):
        np.testing.assert_array_equal(X[k, :, 0], series[k : k + look_back])
        np.testing.assert_array_equal(y[k], series[k + look_back : k + look_back + horizon])


def test_make_windows_2d():
    series = np.arange(30.0).reshape(15, 2)
    X, y = data.make_windows(series, look_back=4, horizon=2)
    assert X.shape == (10, 4, 2) and y.shape == (10, 2, 2)
    np.testing.assert_array_equal(X[3], series[3:7])
    np.testing.assert_array_equal(y[3], series[7:9])


def test_make_windows_accepts_lists_and_series_and_ints():
    X, y = data.make_windows(pd.Series([1, 2, 3, 4]), look_back=2)
    assert X.dtype == np.float64
    np.testing.assert_array_equal(y[:, 0], [3.0, 4.0])
    X, _ = data.make_windows([1.0, 2.0, 3.0], look_back=2)
    assert X.shape == (1, 2, 1)


def test_make_windows_exact_fit():
    X, y = data.make_windows(np.arange(6.0), look_back=4, horizon=2)
    assert X.shape == (1, 4, 1) and y.shape == (1, 2)


def test_make_windows_returns_independent_arrays():
    series = np.arange(10.0)
    for horizon in (1, 2):
        X, y = data.make_windows(series, look_back=3, horizon=horizon)
        assert X.flags.writeable and y.flags.writeable  # torch.from_numpy warns on read-only
        X[0, 0, 0] = 99.0
        y[0, 0] = 99.0
        assert series[0] == 0.0 and series[3] == 3.0


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(look_back=0), "look_back must be at least 1, got look_back=0"),
        (dict(look_back=3, horizon=0), "horizon must be at least 1, got horizon=0"),
        (
            dict(look_back=300),
            r"look_back=300 plus horizon=1 is longer than the series \(200 points\)",
        ),
        (dict(look_back=190, horizon=11), "horizon=11 is longer than the series"),
    ],
)
def test_make_windows_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.make_windows(data.sine_with_trend(), **kwargs)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(look_back=2.5), r"look_back must be a whole number >= 1, got 2.5 \(float\)"),
        (dict(look_back=True), r"look_back must be a whole number >= 1, got True \(bool\)"),
    ],
)
def test_make_windows_wrong_argument_types(kwargs, message):
    with pytest.raises(TypeError, match=message):
        data.make_windows(data.sine_with_trend(), **kwargs)


def test_make_windows_nan_and_inf_say_where():
    series = np.arange(10.0)
    series[4] = np.nan
    with pytest.raises(ValueError, match=r"1 NaN or infinite value\(s\), the first at index 4"):
        data.make_windows(series, look_back=2)
    series[4] = np.inf
    with pytest.raises(ValueError, match="Fill or drop them"):
        data.make_windows(series, look_back=2)


def test_make_windows_rank_and_dtype():
    with pytest.raises(ValueError, match=r"series must be 1-D or 2-D, got a 3-D array of shape"):
        data.make_windows(np.zeros((5, 2, 2)), look_back=2)
    with pytest.raises(ValueError, match="series must be 1-D or 2-D, got a 0-D array"):
        data.make_windows(3.0, look_back=1)
    with pytest.raises(TypeError, match="series must hold numbers, got an array of dtype <U1"):
        data.make_windows(np.array(["a", "b", "c"]), look_back=1)
