import numpy as np
import pytest
import torch
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.preprocessing import StandardScaler

from lstmbook import data
from lstmbook import forecast as fc

TINY = dict(hidden_size=4, num_layers=1, epochs=2, batch_size=16, progress=False)


@pytest.fixture(scope="module")
def series():
    return data.sine_with_trend()


# --- baselines and metrics ---------------------------------------------------------------------


def test_naive_repeats_the_last_value():
    np.testing.assert_array_equal(fc.naive([1.0, 4.0, 2.5], horizon=3), [2.5, 2.5, 2.5])
    np.testing.assert_array_equal(fc.naive(np.arange(5), horizon=1), [4.0])


def test_seasonal_naive_repeats_the_last_season():
    y = [1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 40.0]
    # the last season (m=3) is 20, 30, 40; step 4 starts the season again
    np.testing.assert_array_equal(fc.seasonal_naive(y, horizon=5, season=3), [20, 30, 40, 20, 30])
    np.testing.assert_array_equal(fc.seasonal_naive(y, horizon=2, season=1), fc.naive(y, 2))
    np.testing.assert_array_equal(fc.seasonal_naive(y, horizon=2, season=7), [1.0, 2.0])


def test_seasonal_naive_needs_a_full_season():
    with pytest.raises(ValueError, match="season=5, but y_train has 4 points"):
        fc.seasonal_naive([1.0, 2.0, 3.0, 4.0], horizon=2, season=5)


def test_mase_against_hand_computed_values():
    y_train = [1.0, 2.0, 4.0, 7.0]  # naive in-sample errors 1, 2, 3: scale 2
    y_true, y_pred = [8.0, 10.0], [7.0, 7.0]  # absolute errors 1 and 3: MAE 2
    assert fc.mase(y_true, y_pred, y_train) == pytest.approx(1.0)
    # season 2: |4-1|, |7-2|, |5-4|, |6-7| = 3, 5, 1, 1: scale 2.5
    y_train = [1.0, 2.0, 4.0, 7.0, 5.0, 6.0]
    assert fc.mase([1.0, 2.0], [2.0, 4.0], y_train, season=2) == pytest.approx(1.5 / 2.5)


def test_mase_of_the_in_sample_naive_forecast_is_one():
    y = np.random.default_rng(0).normal(size=50).cumsum()
    assert fc.mase(y[1:], y[:-1], y) == pytest.approx(1.0)


def test_mase_errors():
    with pytest.raises(ValueError, match="same shape"):
        fc.mase([1.0, 2.0], [1.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="scale of MASE is 0"):
        fc.mase([1.0], [2.0], [5.0, 5.0, 5.0])
    with pytest.raises(ValueError, match="more than 3 points of y_train; got 3"):
        fc.mase([1.0], [2.0], [1.0, 2.0, 3.0], season=3)
    with pytest.raises(ValueError, match="NaN"):
        fc.mase([np.nan], [2.0], [1.0, 2.0, 3.0])


def test_scores_are_scikit_learns():
    rng = np.random.default_rng(1)
    y_train, y_true, y_pred = rng.normal(size=30), rng.normal(size=5), rng.normal(size=5)
    result = fc.scores(y_true, y_pred, y_train)
    assert result["rmse"] == pytest.approx(root_mean_squared_error(y_true, y_pred))
    assert result["mae"] == pytest.approx(mean_absolute_error(y_true, y_pred))
    assert result["mase"] == pytest.approx(fc.mase(y_true, y_pred, y_train))


def test_baseline_input_errors():
    with pytest.raises(ValueError, match="horizon must be at least 1"):
        fc.naive([1.0, 2.0], horizon=0)
    with pytest.raises(ValueError, match="y_train has 0 values but at least 1 are needed"):
        fc.naive([], horizon=1)
    with pytest.raises(ValueError, match="NaN or infinite value.*index 1"):
        fc.naive([1.0, np.nan, 3.0], horizon=1)
    with pytest.raises(ValueError, match="must be 1-D"):
        fc.naive(np.ones((3, 2)), horizon=1)


# --- the forecaster interface ------------------------------------------------------------------


def test_baseline_forecasters_match_the_functions(series):
    y = series[:150]
    np.testing.assert_array_equal(fc.NaiveForecaster().fit(y).predict(4), fc.naive(y, 4))
    np.testing.assert_array_equal(
        fc.SeasonalNaiveForecaster(12).fit(y).predict(15), fc.seasonal_naive(y, 15, 12)
    )
    # a context moves the origin without refitting
    model = fc.NaiveForecaster().fit(y)
    np.testing.assert_array_equal(model.predict(2, context=series[:170]), [series[169]] * 2)


def test_predict_before_fit_and_bad_horizon():
    with pytest.raises(ValueError, match="not fitted yet: call fit"):
        fc.NaiveForecaster().predict(3)
    model = fc.NaiveForecaster().fit([1.0, 2.0])
    with pytest.raises(ValueError, match="horizon must be at least 1, got horizon=0"):
        model.predict(0)
    with pytest.raises(TypeError, match=r"horizon must be a whole number >= 1, got 2.5 \(float\)"):
        model.predict(2.5)


def test_fit_rejects_nan_and_short_series():
    with pytest.raises(ValueError, match="y contains 1 NaN"):
        fc.NaiveForecaster().fit([1.0, np.nan])
    with pytest.raises(ValueError, match=r"needs at least 11"):
        fc.LinearARForecaster(look_back=10).fit(np.arange(10.0))
    with pytest.raises(
        ValueError, match="context has 3 points, but this LinearARForecaster needs at least 4"
    ):
        fc.LinearARForecaster(look_back=4).fit(np.arange(20.0)).predict(1, context=[1, 2, 3.0])


def test_linear_ar_recovers_a_noiseless_ar1():
    y = np.empty(40)
    y[0] = 10.0
    for t in range(1, 40):
        y[t] = 2.0 + 0.5 * y[t - 1]
    model = fc.LinearARForecaster(look_back=1).fit(y[:30])
    assert model.model_.coef_[0] == pytest.approx(0.5, abs=1e-6)
    assert model.model_.intercept_ == pytest.approx(2.0, abs=1e-5)
    np.testing.assert_allclose(model.predict(10), y[30:], atol=1e-5)  # recursive


def test_linear_ar_is_recursive():
    y = np.random.default_rng(2).normal(size=60).cumsum()
    model = fc.LinearARForecaster(look_back=3).fit(y)
    step1 = model.predict(1)
    two = model.predict(2)
    assert two[0] == step1[0]
    expected = model.model_.predict(np.r_[y[-2:], step1].reshape(1, -1))[0]
    assert two[1] == pytest.approx(expected)  # step 2 reads the model's own step 1


def test_arima_recovers_an_ar1_and_forecasts_with_a_context():
    rng = np.random.default_rng(3)
    y = np.empty(600)
    y[0] = 0.0
    for t in range(1, 600):
        y[t] = 0.6 * y[t - 1] + rng.normal()
    model = fc.ARIMAForecaster(order=(1, 0, 0), trend="c").fit(y[:500])
    phi = model.results_.params[1]
    assert phi == pytest.approx(0.6, abs=0.1)
    assert model.converged_ and np.isfinite(model.aic_)
    mu = model.results_.params[0]
    one_step = model.predict(1, context=y[:550])[0]
    assert one_step == pytest.approx(mu + phi * (y[549] - mu))  # same parameters, new origin


def test_arima_log_and_errors():
    y = np.exp(np.linspace(0, 2, 60) + np.random.default_rng(4).normal(0, 0.05, 60))
    forecast = fc.ARIMAForecaster(order=(0, 1, 1), log=True).fit(y).predict(3)
    assert forecast.shape == (3,) and (forecast > 0).all()
    with pytest.raises(ValueError, match="log=True needs a positive series"):
        fc.ARIMAForecaster(log=True).fit(y - 5)
    with pytest.raises(ValueError, match=r"order must be three whole numbers \(p, d, q\)"):
        fc.ARIMAForecaster(order=(1, 1))
    with pytest.raises(ValueError, match="seasonal_order must be four"):
        fc.ARIMAForecaster(seasonal_order=(0, 1, 1))


# --- the LSTM forecaster -----------------------------------------------------------------------


def test_lstm_regressor_shapes():
    net = fc.LSTMRegressor(input_size=1, hidden_size=5, num_layers=2, output_size=3)
    assert net(torch.zeros(7, 10, 1)).shape == (7, 3)
    assert net.lstm.batch_first and net.lstm.num_layers == 2


def test_lstm_forecaster_scales_with_the_training_part_only(series):
    n = 160
    model = fc.LSTMForecaster(look_back=5, **TINY).fit(series[:n])
    assert model.scaler_.data_min_[0] == series[:n].min()
    assert model.scaler_.data_max_[0] == series[:n].max()
    standard = fc.LSTMForecaster(look_back=5, scaler=StandardScaler(), **TINY).fit(series[:n])
    assert standard.scaler_.mean_[0] == pytest.approx(series[:n].mean())
    assert standard.scaler is not standard.scaler_  # the argument is cloned, not fit in place


def test_future_values_change_nothing(series):
    n, h = 150, 8
    poisoned = series.copy()
    poisoned[n:] = 1e6  # the evaluation part, huge

    def make():
        return fc.LSTMForecaster(look_back=5, **TINY)

    _, clean = fc.rolling_origin(make, series, h, [n], return_forecasts=True)
    _, dirty = fc.rolling_origin(make, poisoned, h, [n], return_forecasts=True)
    np.testing.assert_array_equal(clean, dirty)
    # without refitting, a later origin reads y[:o] and nothing beyond
    poisoned = series.copy()
    poisoned[n + 5 :] = 1e6
    kw = dict(refit=False, return_forecasts=True)
    _, clean = fc.rolling_origin(make, series, 3, [n, n + 5], **kw)
    _, dirty = fc.rolling_origin(make, poisoned, 3, [n, n + 5], **kw)
    np.testing.assert_array_equal(clean, dirty)


class Recorder(torch.nn.Module):
    """A stand-in network: predicts the last input plus ``step``, and records every input."""

    def __init__(self, step=0.01, first_offset=0.0):
        super().__init__()
        self.step, self.first_offset, self.inputs = step, first_offset, []

    def forward(self, x):
        self.inputs.append(x.detach().clone())
        offset = self.first_offset if len(self.inputs) == 1 else 0.0
        return x[:, -1, :] + self.step + offset


def test_recursive_forecast_feeds_back_its_own_predictions(series):
    n, look_back, h = 120, 6, 5
    y = series.copy()
    y[n:] = 1e6  # a true future that must never be read
    model = fc.LSTMForecaster(look_back=look_back, **TINY).fit(y[:n])
    model.model_ = recorder = Recorder()
    forecast = model.predict(h)
    scaled_train = model.scaler_.transform(y[:n].reshape(-1, 1))[:, 0]

    assert len(recorder.inputs) == h  # one forward pass per step
    windows = [x[0, :, 0].numpy().astype(np.float64) for x in recorder.inputs]
    np.testing.assert_allclose(windows[0], scaled_train[-look_back:], rtol=1e-6)
    outputs = [w[-1] + 0.01 for w in windows]  # what the recorder returned at each step
    for k in range(1, h):
        np.testing.assert_allclose(windows[k][:-1], windows[k - 1][1:], rtol=1e-6)
        np.testing.assert_allclose(windows[k][-1], outputs[k - 1], rtol=1e-6)
    assert max(abs(w).max() for w in windows) < 2  # no scaled 1e6 anywhere
    expected = model.scaler_.inverse_transform(np.array(outputs).reshape(-1, 1))[:, 0]
    np.testing.assert_allclose(forecast, expected, rtol=1e-5)


def test_changing_the_first_prediction_changes_the_later_ones(series):
    model = fc.LSTMForecaster(look_back=4, **TINY).fit(series[:100])
    model.model_ = Recorder()
    base = model.predict(4)
    model.model_ = Recorder(first_offset=0.2)
    moved = model.predict(4)
    shift = 0.2 / model.scaler_.scale_[0]  # 0.2 in scaled units, in units of the series
    np.testing.assert_allclose(moved - base, [shift] * 4, rtol=1e-4)


def test_direct_strategy_outputs_all_steps_at_once(series):
    model = fc.LSTMForecaster(look_back=5, strategy="direct", horizon=4, **TINY).fit(series[:80])
    assert model.model_.head.out_features == 4
    assert model.predict(4).shape == (4,) and model.predict(2).shape == (2,)
    np.testing.assert_array_equal(model.predict(2), model.predict(4)[:2])
    with pytest.raises(ValueError, match="trained for horizon=4 steps; asked for horizon=6"):
        model.predict(6)


@pytest.mark.parametrize(
    "transform,y",
    [
        ("diff", 3.0 + 2.0 * np.arange(30.0)),  # a straight line: constant changes
        ("log-diff", 5.0 * 1.1 ** np.arange(30.0)),  # exponential growth: constant log changes
        ("log", 5.0 * np.ones(30) + np.arange(30) % 2),
    ],
)
def test_transforms_are_undone(transform, y):
    class Persist(torch.nn.Module):
        def forward(self, x):  # repeat the last (scaled) input
            return x[:, -1, :]

    model = fc.LSTMForecaster(look_back=3, transform=transform, **TINY).fit(y[:25])
    model.model_ = Persist()
    forecast = model.predict(5)
    if transform == "log":
        np.testing.assert_allclose(forecast, [y[24]] * 5, rtol=1e-5)
    else:  # the last change, repeated: the line or the growth continues
        np.testing.assert_allclose(forecast, y[25:30], rtol=1e-5)


def test_validation_tail_and_early_stopping(series):
    y = series[:40]
    model = fc.LSTMForecaster(
        look_back=5, val_fraction=0.25, patience=1, **{**TINY, "epochs": 30}
    ).fit(y)
    assert model.n_windows_ == (40 - 10) - 5  # the last 10 targets are kept for validation
    assert len(model.history_.val_loss) == model.history_.epochs_run >= 1
    assert model.history_.best_epoch is not None


def test_same_seed_same_forecast(series):
    first = fc.LSTMForecaster(look_back=5, seed=3, **TINY).fit(series[:60]).predict(3)
    second = fc.LSTMForecaster(look_back=5, seed=3, **TINY).fit(series[:60]).predict(3)
    np.testing.assert_array_equal(first, second)


def test_module_factory_is_used(series):
    made = []

    def factory(n_outputs):
        net = fc.LSTMRegressor(hidden_size=3, num_layers=1, output_size=n_outputs)
        made.append(net)
        return net

    model = fc.LSTMForecaster(look_back=5, module_factory=factory, **TINY).fit(series[:50])
    assert made == [model.model_]


def test_lstm_forecaster_errors(series):
    with pytest.raises(ValueError, match="strategy must be 'recursive'"):
        fc.LSTMForecaster(strategy="multi")
    with pytest.raises(ValueError, match="transform must be one of"):
        fc.LSTMForecaster(transform="sqrt")
    with pytest.raises(ValueError, match=r"val_fraction must be in \[0, 1\)"):
        fc.LSTMForecaster(val_fraction=1.5)
    with pytest.raises(ValueError, match="val_fraction=0 keeps no validation tail"):
        fc.LSTMForecaster(patience=5)
    with pytest.raises(ValueError, match="look_back must be at least 1"):
        fc.LSTMForecaster(look_back=0)
    short = fc.LSTMForecaster(look_back=10, strategy="direct", horizon=5, **TINY)
    with pytest.raises(
        ValueError,
        match=r"y has 12 points, too short for this LSTMForecaster: it needs at least 15",
    ):
        short.fit(series[:12])
    with pytest.raises(ValueError, match="keeps 1 of 20 points for validation"):
        fc.LSTMForecaster(look_back=5, val_fraction=0.05, horizon=2, strategy="direct").fit(
            series[:20]
        )
    with pytest.raises(ValueError, match="needs a positive series"):
        fc.LSTMForecaster(look_back=3, transform="log", **TINY).fit(series[:30] - 100)
    with pytest.raises(ValueError, match="not fitted yet"):
        fc.LSTMForecaster().predict(1)


# --- rolling origin ----------------------------------------------------------------------------


def test_rolling_origin_against_hand_computed_values():
    y = np.array([0.0, 1.0, 3.0, 6.0, 10.0, 15.0])
    frame, forecasts = fc.rolling_origin(
        fc.NaiveForecaster, y, horizon=2, origins=[2, 3], return_forecasts=True
    )
    np.testing.assert_array_equal(forecasts, [[1.0, 1.0], [3.0, 3.0]])
    assert list(frame.index) == [2, 3]
    assert frame.loc[2, "mae"] == pytest.approx((2 + 5) / 2)
    assert frame.loc[2, "rmse"] == pytest.approx(np.sqrt((4 + 25) / 2))
    assert frame.loc[3, "mase"] == pytest.approx(((3 + 7) / 2) / 1.5)  # scale from y[:3]


def test_rolling_origin_one_step_without_refit_and_custom_metrics(series):
    model = fc.LinearARForecaster(look_back=3).fit(series[:150])
    frame, forecasts = fc.rolling_origin(
        model,
        series,
        1,
        range(150, 160),
        refit=False,
        return_forecasts=True,
        metrics={"error": lambda t, p: float(p[0] - t[0])},
    )
    expected = [model.predict(1, context=series[:o])[0] for o in range(150, 160)]
    np.testing.assert_allclose(forecasts[:, 0], expected)
    np.testing.assert_allclose(frame["error"], forecasts[:, 0] - series[150:160])


def test_rolling_origin_errors(series):
    naive = fc.NaiveForecaster
    with pytest.raises(ValueError, match="strictly increasing"):
        fc.rolling_origin(naive, series, 1, [150, 140])
    with pytest.raises(ValueError, match="origins is empty"):
        fc.rolling_origin(naive, series, 1, [])
    with pytest.raises(ValueError, match="needs values up to index 204, but y has 200"):
        fc.rolling_origin(naive, series, 10, [195])
    with pytest.raises(ValueError, match="unknown metric"):
        fc.rolling_origin(naive, series, 1, [150], metrics=["mape"])
    fitted = fc.NaiveForecaster().fit(series[:160])
    with pytest.raises(ValueError, match="refit=True fits a fresh forecaster"):
        fc.rolling_origin(fitted, series, 1, [160])
    with pytest.raises(ValueError, match="would have seen the future"):
        fc.rolling_origin(fitted, series, 1, [150], refit=False)
    with pytest.raises(ValueError, match="would have seen the future"):
        fc.rolling_origin(fitted, series + 1, 1, [170], refit=False)
    with pytest.raises(ValueError, match="is not fitted"):
        fc.rolling_origin(fc.NaiveForecaster(), series, 1, [150], refit=False)
