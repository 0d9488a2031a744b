"""Tests of lstmbook.forecast.global_models and lstmbook.forecast.competitions."""

import numpy as np
import pytest

from lstmbook import forecast
from lstmbook.forecast import GlobalForecaster, GlobalLSTMForecaster

H, M = 6, 12


def _series(n_series=4, n=60, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return [
        (10 + k) * (1 + 0.3 * np.sin(2 * np.pi * t / M)) + rng.normal(0, 0.1, n)
        for k in range(n_series)
    ]


def _model(**kw):
    kw = {"epochs": 1, "hidden_size": 8, **kw}
    return GlobalLSTMForecaster(horizon=H, season=M, look_back=24, **kw)


def test_shapes_of_point_and_quantile_forecasts():
    model = _model().fit(_series())
    point = model.predict(H)
    assert [p.shape for p in point] == [(H,)] * 4
    bands = model.predict(3, quantiles=True)
    assert [b.shape for b in bands] == [(3, 3)] * 4
    assert np.allclose([b[:, 1] for b in bands], [p[:3] for p in point])


def test_quantiles_are_ordered():
    bands = _model(epochs=2).fit(_series()).predict(H, quantiles=True)
    assert all((np.diff(b, axis=1) >= 0).all() for b in bands)


@pytest.mark.parametrize("transform", ["log", "standard"])
def test_untrained_skip_model_is_seasonal_naive(transform):
    # the head starts at zero: with the skip, the forecast is the seasonal naive one
    series = _series()
    model = _model(transform=transform, epochs=1, lr=1e-12).fit(series)
    for s, p in zip(series, model.predict(H), strict=True):
        assert np.allclose(p, forecast.seasonal_naive(s, H, M), rtol=1e-4)


def test_no_leakage_from_the_hold_out():
    series = _series(n=80)
    train = [s[:60] for s in series]
    model = _model().fit(train)
    # the scaler's statistics are those of the training parts
    assert np.allclose(model.transform_.mean_, [s.mean() for s in train])
    # the inputs of the forecast are the last look_back points of each training part
    for k, s in enumerate(train):
        assert np.allclose(model.context_[k], model.transform_.forward(s[-24:], k))
    # the windows are the training part's: their count is fixed by its length
    assert model.n_windows_ == 4 * (60 - 24 - H + 1)


def test_same_seed_same_forecasts_and_other_seed_differs():
    series = _series()
    a = _model(seed=3).fit(series).predict(H)
    b = _model(seed=3).fit(series).predict(H)
    c = _model(seed=4).fit(series).predict(H)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c, strict=True))


@pytest.mark.parametrize(
    "kw", [{"calendar": True}, {"embedding_dim": 3}, {"patch": 1}, {"transform": "standard"}]
)
def test_options_train(kw):
    pred = _model(**kw).fit(_series()).predict(H)
    assert all(np.isfinite(p).all() for p in pred)


@pytest.mark.parametrize("architecture", ["mlp", "linear", "gbm"])
def test_global_baselines(architecture):
    model = GlobalForecaster(H, M, 24, architecture=architecture, epochs=1, max_windows=50)
    model.fit(_series())
    assert all(p.shape == (H,) for p in model.predict(H))
    assert all((np.diff(b, axis=1) >= 0).all() for b in model.predict(H, quantiles=True))


def test_bad_series():
    with pytest.raises(ValueError, match="empty"):
        _model().fit([])
    with pytest.raises(ValueError, match="shorter than the window"):
        _model().fit([np.ones(10)])
    with pytest.raises(ValueError, match="missing"):
        _model().fit([np.r_[np.ones(40), np.nan]])
    with pytest.raises(ValueError, match="1-D"):
        _model().fit([np.ones((40, 2))])
    with pytest.raises(ValueError, match="one training window"):
        _model().fit([np.ones(25)])
    with pytest.raises(TypeError, match="list"):
        _model().fit(np.ones(40))
    with pytest.raises(TypeError, match="numbers"):
        _model().fit([np.array(["a"] * 40)])


def test_bad_arguments():
    model = _model().fit(_series())
    for bad in (0, -1):
        with pytest.raises(ValueError):
            model.predict(bad)
    with pytest.raises(ValueError, match="longer than"):
        model.predict(H + 1)
    with pytest.raises(TypeError):
        model.predict(2.5)
    with pytest.raises(TypeError):
        model.predict(H, quantiles="yes")
    with pytest.raises(RuntimeError):
        _model().predict(H)
    with pytest.raises(ValueError, match="multiple of patch"):
        GlobalLSTMForecaster(H, M, look_back=30)
    with pytest.raises(ValueError, match="0.5"):
        GlobalLSTMForecaster(H, M, quantiles=(0.1, 0.9))
    with pytest.raises(ValueError):
        GlobalLSTMForecaster(H, M, transform="box-cox")
    with pytest.raises(TypeError):
        GlobalLSTMForecaster(H, M, architecture="mlp")
    with pytest.raises(TypeError):
        GlobalLSTMForecaster("6", M)


def test_pinball_loss():
    y = np.array([1.0, 2.0])
    f = np.array([[0.0, 1.0], [2.0, 2.0]])
    # q=0.1: (0.1*1 + 0) / 2; q=0.5: (0 + 0) / 2
    assert forecast.pinball_loss(y, f, [0.1, 0.5]) == pytest.approx(0.025)
    with pytest.raises(ValueError):
        forecast.pinball_loss(y, f, [0.1])


def test_tourism_seasonal_naive_matches_the_published_figures():
    for freq, published_mape, published_mase in (
        ("monthly", 22.56, 1.63),
        ("quarterly", 16.46, 1.70),
    ):
        data = forecast.load_tourism(freq)
        fc = [forecast.seasonal_naive(x, data.horizon, data.season) for x in data.train]
        mape = forecast.mape_per_series(fc, data.test).mean()
        mase = forecast.mase_per_series(fc, data.test, data.train, data.season).mean()
        assert round(mape, 2) == published_mape
        assert round(mase, 2) == published_mase


def test_load_tourism_and_scores_check_input():
    data = forecast.load_tourism("monthly")
    assert len(data) == 366 and data.horizon == 24 and data.season == 12
    with pytest.raises(ValueError):
        forecast.load_tourism("weekly")
    with pytest.raises(TypeError):
        forecast.load_tourism(12)
    with pytest.raises(ValueError):
        forecast.mase_per_series([], [], [], 12)
    with pytest.raises(TypeError):
        forecast.mase_per_series(np.ones(3), [np.ones(3)], [np.ones(3)], 12)


def test_classical_benchmarks_forecast_the_horizon():
    y = _series(n_series=1, n=60)[0]
    fc, name = forecast.ets_forecast(y, H, M)
    assert fc.shape == (H,) and name.startswith("ETS(")
    assert forecast.holt_winters_forecast(y, H, M).shape == (H,)


def test_theta_forecast_shapes_a_known_case_and_bad_input():
    y = _series(n_series=1, n=60)[0]
    assert forecast.theta_forecast(y, H, M).shape == (H,)
    # a positive series with an exact multiplicative season of period 4
    pattern = np.array([0.8, 1.2, 1.0, 1.0])
    seasonal = 100.0 * np.tile(pattern, 10)
    fc = forecast.theta_forecast(seasonal, 8, 4)
    np.testing.assert_allclose(fc, 100.0 * np.tile(pattern, 2), rtol=1e-3)
    # a straight line: the theta = 2 line's drift is half the slope
    line = forecast.theta_forecast(np.arange(1.0, 31.0), 3, 1)
    np.testing.assert_allclose(np.diff(line), 0.5, atol=1e-6)
    with pytest.raises(TypeError):
        forecast.theta_forecast("abc", H, M)
    with pytest.raises(ValueError):
        forecast.theta_forecast(y, 0, M)
    with pytest.raises(ValueError):
        forecast.theta_forecast(y, H, 0)
    with pytest.raises(ValueError):
        forecast.theta_forecast(np.array([1.0, np.nan, 2.0, 3.0, 4.0]), H, 1)


def test_arima_forecast_finds_a_known_model_and_rejects_bad_input():
    # an AR(1) around 10: the search must keep the series' mean and decay to it
    rng = np.random.default_rng(0)
    y = np.empty(120)
    y[0] = 10.0
    for t in range(1, 120):
        y[t] = 10.0 + 0.7 * (y[t - 1] - 10.0) + rng.normal(0, 0.5)
    fc, name = forecast.arima_forecast(y, 6, 1)
    assert fc.shape == (6,) and name.startswith("ARIMA(")
    assert abs(fc[-1] - 10.0) < abs(y[-1] - 10.0) + 0.3  # back toward the mean
    # a strong season of period 4 plus a little noise is forecast as that season
    pattern = np.array([5.0, 9.0, 7.0, 3.0])
    noisy = np.tile(pattern, 12) + rng.normal(0, 0.1, 48)
    fc, name = forecast.arima_forecast(noisy, 8, 4)
    assert name.endswith("[4]")
    np.testing.assert_allclose(fc, np.tile(pattern, 2), atol=0.3)
    with pytest.raises(TypeError):
        forecast.arima_forecast("abc", 6, 1)
    with pytest.raises(ValueError):
        forecast.arima_forecast(y, 0, 1)
    with pytest.raises(ValueError):
        forecast.arima_forecast(y, 6, 0)
