import numpy as np
import pytest

from lstmbook import forecast as fc


@pytest.fixture(scope="module")
def trend_sine():
    t = np.arange(120.0)
    rng = np.random.default_rng(0)
    return 0.2 * t + 5 * np.sin(t / 6) + 0.3 * rng.standard_normal(len(t))


def test_arima_trend_maps_each_d():
    assert fc.arima_trend(0, False) == "c"
    assert fc.arima_trend(0, True) == "ct"
    assert fc.arima_trend(1, False) is None
    assert fc.arima_trend(1, True) == "t"
    with pytest.raises(ValueError, match="d"):
        fc.arima_trend(2, True)
    with pytest.raises(TypeError, match="with_trend"):
        fc.arima_trend(0, "yes")


def test_select_arima_scores_every_candidate_and_returns_the_best(trend_sine):
    best, table = fc.select_arima(trend_sine, 10, [80, 95], ps=[0, 2], ds=[0, 1], qs=[0])
    assert len(table) == 2 * 2 * 2
    assert table["rmse"].is_monotonic_increasing
    top = table.iloc[0]
    assert best.order == (top.p, top.d, top.q)
    assert best.trend == top.trend or (best.trend is None and top.trend is None)
    assert not hasattr(best, "y_train_")  # unfitted: fit it on the whole training part


def test_select_arima_score_is_the_rolling_origin_mean(trend_sine):
    _, table = fc.select_arima(trend_sine, 10, [80, 95], ps=[2], ds=[0], qs=[0], trends=[True])
    expected = fc.rolling_origin(
        lambda: fc.ARIMAForecaster((2, 0, 0), trend="ct"), trend_sine, 10, [80, 95]
    )["rmse"].mean()
    assert np.isclose(table.loc[0, "rmse"], expected)


def test_select_arima_finds_the_trend_of_a_trend_stationary_series():
    rng = np.random.default_rng(1)
    y = 0.5 * np.arange(100.0) + rng.standard_normal(100)
    best, table = fc.select_arima(y, 20, [50, 65, 80], ps=[0, 1], ds=[0, 1], qs=[0])
    assert best.trend in ("ct", "t")
    assert table.loc[0, "with_trend"] and table["trend"].isna().sum() == 2


def test_select_arima_sees_only_the_series_it_is_given(trend_sine):
    poisoned = trend_sine.copy()
    poisoned[100:] = 1e6
    a = fc.select_arima(trend_sine[:100], 10, [80, 90], ps=[1], ds=[0, 1], qs=[0])[1]
    b = fc.select_arima(poisoned[:100], 10, [80, 90], ps=[1], ds=[0, 1], qs=[0])[1]
    assert a.equals(b)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"ps": 2}, TypeError, "ps must be a sequence"),
        ({"ps": []}, ValueError, "ps is empty"),
        ({"ds": [2]}, ValueError, "ds"),
        ({"qs": [-1]}, ValueError, "qs"),
        ({"trends": "t"}, TypeError, "trends"),
        ({"trends": []}, ValueError, "trends is empty"),
        ({"metric": "mape"}, ValueError, "metric"),
        ({"ps": [1.5]}, TypeError, "ps"),
    ],
)
def test_select_arima_checks_its_grid(trend_sine, kwargs, error, match):
    with pytest.raises(error, match=match):
        fc.select_arima(trend_sine, 5, [100], **kwargs)


def test_select_arima_checks_origins(trend_sine):
    with pytest.raises(ValueError, match="origin"):
        fc.select_arima(trend_sine, 10, [115], ps=[1], ds=[0], qs=[0])
    with pytest.raises(TypeError, match="horizon"):
        fc.select_arima(trend_sine, 2.5, [100], ps=[1], ds=[0], qs=[0])


# --- diebold_mariano and winkler_score ----------------------------------------------------------


def test_diebold_mariano_by_hand_for_one_step():
    rng = np.random.default_rng(2)
    y = rng.standard_normal(30)
    a, b = y + 0.3 * rng.standard_normal(30), y + rng.standard_normal(30)
    d = (y - a) ** 2 - (y - b) ** 2
    t = d.mean() / np.sqrt(d.var() / 30) * np.sqrt((30 + 1 - 2) / 30)
    stat, p = fc.diebold_mariano(y, a, b)
    assert np.isclose(stat, t) and stat < 0 and p < 0.01
    assert np.isclose(fc.diebold_mariano(y, b, a)[0], -stat)  # symmetric


def test_diebold_mariano_does_not_reject_equal_forecasts_in_distribution():
    rng = np.random.default_rng(3)
    y = rng.standard_normal(200)
    _, p = fc.diebold_mariano(y, y + rng.standard_normal(200), y + rng.standard_normal(200), 3)
    assert p > 0.05


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (([1.0, 2, 3], [1.0, 2], [1.0, 2, 3]), {}, ValueError, "same length"),
        (([1.0, 2], [1.0, 2], [2.0, 3]), {}, ValueError, "at least 3"),
        (([1.0, 2, 3], [1.0, 2, 4], [2.0, 3, 3]), {"horizon": 3}, ValueError, "horizon"),
        (([1.0, 2, 3], [1.0, 2, 4], [2.0, 3, 3]), {"power": 3}, ValueError, "power"),
        (([1.0, 2, 3], [1.0, 2, 4], [2.0, 3, 3]), {"horizon": 1.5}, TypeError, "horizon"),
        (([1.0, 2, 3], [2.0, 3, 4], [2.0, 3, 4]), {}, ValueError, "same loss"),
    ],
)
def test_diebold_mariano_checks_its_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        fc.diebold_mariano(*args, **kwargs)


def test_winkler_score_is_width_plus_scaled_misses():
    assert fc.winkler_score([1.0, 5.0], [0.0, 0.0], [2.0, 4.0], level=0.8) == (2 + 4 + 10) / 2
    honest = fc.winkler_score([0.0], [-1.0], [1.0], level=0.5)
    assert fc.winkler_score([0.0], [-3.0], [3.0], level=0.5) > honest  # too wide scores worse
    with pytest.raises(ValueError, match="level"):
        fc.winkler_score([0.0], [-1.0], [1.0], level=1.5)
    with pytest.raises(ValueError, match="lower"):
        fc.winkler_score([0.0], [1.0], [-1.0])
