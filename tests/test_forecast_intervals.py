import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from lstmbook import data
from lstmbook import forecast as fc
from lstmbook import forecast as ft


@pytest.fixture(scope="module")
def airline():
    return data.load_airline().to_numpy(dtype=float)


class MeanForecaster(fc.Forecaster):
    def _fit(self, y):
        self.mean_ = y.mean()

    def _predict(self, horizon, context):
        return np.full(horizon, self.mean_)


class LastForecaster(fc.Forecaster):
    """Repeats the last value of the context: checks that the context reaches the base."""

    def _fit(self, y):
        pass

    def _predict(self, horizon, context):
        return np.full(horizon, context[-1])


# --- SeasonalDifferenceForecaster --------------------------------------------------------------


def test_seasonal_difference_with_a_mean_is_seasonal_naive_with_drift(airline):
    train = airline[:120]
    model = ft.SeasonalDifferenceForecaster(MeanForecaster(), season=12, log=True).fit(train)
    log_train = np.log(train)
    growth = (log_train[12:] - log_train[:-12]).mean()
    k = np.arange(24)
    expected = np.exp(log_train[-12:][k % 12] + growth * (k // 12 + 1))
    np.testing.assert_allclose(model.predict(24), expected)
    np.testing.assert_allclose(model.z_train_, log_train[12:] - log_train[:-12])


def test_seasonal_difference_with_zero_is_seasonal_naive():
    y = np.arange(1.0, 31.0)
    model = ft.SeasonalDifferenceForecaster(MeanForecaster(), season=4, log=False)
    model.fit(y)
    # differences are all 4 (a line of slope 1 at lag 4): last season + 4, then + 8
    np.testing.assert_allclose(model.predict(6), [31, 32, 33, 34, 35, 36])
    assert model.differences(y).shape == (26,)


def test_seasonal_difference_reads_the_context(airline):
    model = ft.SeasonalDifferenceForecaster(LastForecaster(), season=12).fit(airline[:100])
    later = airline[:130]
    z = np.log(later[12:]) - np.log(later[:-12])
    expected = np.exp(np.log(later[-12:][:3]) + z[-1])
    np.testing.assert_allclose(model.predict(3, context=later), expected)
    assert "SeasonalDifferenceForecaster" in repr(model)


def test_seasonal_difference_with_rolling_origin(airline):
    origins = [84, 96, 108, 120, 132]
    growth = fc.rolling_origin(
        lambda: ft.SeasonalDifferenceForecaster(MeanForecaster(), 12), airline, 12, origins
    )
    snaive = fc.rolling_origin(lambda: fc.SeasonalNaiveForecaster(12), airline, 12, origins)
    assert list(growth.index) == origins
    # growth helps on a growing series, on average (not in 1958, a year of no growth)
    assert growth["rmse"].mean() < 0.6 * snaive["rmse"].mean()
    assert growth.loc[108, "rmse"] > snaive.loc[108, "rmse"]


def test_seasonal_difference_errors():
    with pytest.raises(TypeError, match="base must be a forecaster .*; got str"):
        ft.SeasonalDifferenceForecaster("lstm")
    with pytest.raises(ValueError, match="season must be at least 1"):
        ft.SeasonalDifferenceForecaster(MeanForecaster(), season=0)
    model = ft.SeasonalDifferenceForecaster(MeanForecaster(), season=4)
    with pytest.raises(ValueError, match="log=True needs a positive series"):
        model.fit(np.r_[np.ones(10), -1.0])
    with pytest.raises(ValueError, match="y has 3 points, too short"):
        model.fit([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="needs more than 4"):
        model.differences([1.0, 2.0, 3.0, 4.0])


# --- HoltWintersForecaster ---------------------------------------------------------------------


def test_holt_winters_matches_statsmodels(airline):
    train = airline[:132]
    model = ft.HoltWintersForecaster("add", "mul", season=12).fit(train)
    direct = ExponentialSmoothing(train, trend="add", seasonal="mul", seasonal_periods=12).fit()
    np.testing.assert_allclose(model.predict(12), direct.forecast(12))
    assert set(model.params_) >= {"smoothing_level", "initial_level", "initial_seasons"}


@pytest.mark.parametrize("seasonal, damped", [("mul", False), ("add", True)])
def test_holt_winters_context_keeps_the_parameters(airline, seasonal, damped):
    model = ft.HoltWintersForecaster("add", seasonal, 12, damped).fit(airline[:108])
    # the training series itself as context: the same forecast
    np.testing.assert_allclose(model.predict(12, context=airline[:108].copy()), model.predict(12))
    # a longer context: the fitted model run on, with its parameters unchanged
    later = model.predict(12, context=airline[:120])
    refit = ft.HoltWintersForecaster("add", seasonal, 12, damped).fit(airline[:120]).predict(12)
    assert later.shape == (12,) and not np.allclose(later, refit)
    frame = fc.rolling_origin(model, airline, 12, [108, 114, 120], refit=False)
    assert frame["rmse"].max() < 60


def test_holt_winters_without_trend_reads_the_context(airline):
    model = ft.HoltWintersForecaster(trend=None, seasonal="mul").fit(airline[:96])
    np.testing.assert_allclose(model.predict(12, context=airline[:96].copy()), model.predict(12))
    assert np.isfinite(model.predict(12, context=airline[:120])).all()


def test_holt_winters_errors(airline):
    with pytest.raises(ValueError, match="seasonal must be 'add' or 'mul', got None"):
        ft.HoltWintersForecaster(seasonal=None)
    with pytest.raises(ValueError, match="trend must be 'add', 'mul' or None"):
        ft.HoltWintersForecaster(trend="linear")
    with pytest.raises(ValueError, match="damped=True damps the trend, but trend=None"):
        ft.HoltWintersForecaster(trend=None, damped=True)
    with pytest.raises(ValueError, match="season must be at least 2"):
        ft.HoltWintersForecaster(season=1)
    with pytest.raises(ValueError, match="a multiplicative component needs a positive series"):
        ft.HoltWintersForecaster().fit(airline[:48] - 200)
    model = ft.HoltWintersForecaster().fit(airline[:60])
    with pytest.raises(ValueError, match="context must start with the training series"):
        model.predict(12, context=airline[1:80])


# --- SeedEnsemble ------------------------------------------------------------------------------


class Shifted(fc.Forecaster):
    def __init__(self, seed):
        self.seed = seed

    def _fit(self, y):
        self.last_ = y[-1]

    def _predict(self, horizon, context):
        return np.full(horizon, context[-1] + self.seed)


def test_seed_ensemble_averages_its_members():
    ens = ft.SeedEnsemble(Shifted, seeds=(0, 1, 5)).fit(np.arange(10.0))
    members = ens.member_forecasts(3)
    assert members.shape == (3, 3)
    np.testing.assert_allclose(members[:, 0], [9, 10, 14])
    np.testing.assert_allclose(ens.predict(3), members.mean(axis=0))
    np.testing.assert_allclose(ens.predict(2, context=np.arange(20.0)), [21, 21])
    assert [m.seed for m in ens.members_] == [0, 1, 5]


def test_seed_ensemble_of_lstms_is_deterministic():
    y = data.sine_with_trend(80)
    tiny = dict(look_back=5, hidden_size=4, num_layers=1, epochs=2, progress=False)

    def make(seed):
        return fc.LSTMForecaster(seed=seed, **tiny)

    a = ft.SeedEnsemble(make, (0, 1)).fit(y).predict(3)
    b = ft.SeedEnsemble(make, (0, 1)).fit(y).predict(3)
    np.testing.assert_array_equal(a, b)


def test_seed_ensemble_errors():
    with pytest.raises(
        TypeError, match="factory must be a function seed -> forecaster.*; got Shifted"
    ):
        ft.SeedEnsemble(Shifted(0))
    with pytest.raises(ValueError, match="seeds is empty"):
        ft.SeedEnsemble(Shifted, seeds=())
    with pytest.raises(NotFittedError, match="not fitted yet"):
        ft.SeedEnsemble(Shifted).member_forecasts(2)


# --- intervals ---------------------------------------------------------------------------------


def test_empirical_interval_symmetric_by_hand():
    rng = np.random.default_rng(0)
    past_forecast = rng.uniform(100, 200, size=(30, 4))
    past_actual = past_forecast * np.exp(rng.normal(0, 0.05, size=(30, 4)))
    forecast = np.array([150.0, 160.0, 170.0])
    lower, upper = ft.empirical_interval(past_actual, past_forecast, forecast, level=0.9)
    q = np.quantile(np.abs(np.log(past_actual) - np.log(past_forecast)), 0.9, axis=0)[:3]
    np.testing.assert_allclose(lower, forecast * np.exp(-q))
    np.testing.assert_allclose(upper, forecast * np.exp(q))


def test_empirical_interval_signed_carries_the_bias():
    past_forecast = np.full((11, 1), 10.0)
    past_actual = past_forecast + np.arange(11.0).reshape(-1, 1)  # errors 0..10, all positive
    lower, upper = ft.empirical_interval(
        past_actual, past_forecast, [50.0], level=0.8, log=False, symmetric=False
    )
    np.testing.assert_allclose([lower[0], upper[0]], [51.0, 59.0])
    lower, upper = ft.empirical_interval(past_actual, past_forecast, [50.0], 0.8, log=False)
    np.testing.assert_allclose([lower[0], upper[0]], [42.0, 58.0])


def test_empirical_interval_covers_about_its_level():
    rng = np.random.default_rng(1)
    truth = np.full((2000, 1), 100.0)
    past = truth * np.exp(rng.normal(0, 0.1, size=truth.shape))
    lower, upper = ft.empirical_interval(truth, past, [100.0], level=0.8)
    future = 100.0 * np.exp(rng.normal(0, 0.1, size=(2000, 1)))
    share = ft.coverage(future, np.full_like(future, lower[0]), np.full_like(future, upper[0]))
    assert abs(share - 0.8) < 0.03


def test_empirical_interval_errors():
    actual, past = np.ones((5, 3)), np.ones((5, 3))
    with pytest.raises(
        ValueError,
        match=r"level must be in \(0, 1\) \(such as 0.8 for an 80% interval\), got level=80",
    ):
        ft.empirical_interval(actual, past, [1.0], level=80)
    with pytest.raises(
        TypeError,
        match=r"level must be a number such as 0.8 for an 80% interval, got 'high' \(str\)",
    ):
        ft.empirical_interval(actual, past, [1.0], level="high")
    with pytest.raises(ValueError, match="same shape \\(n_origins, h\\)"):
        ft.empirical_interval(actual, np.ones((5, 2)), [1.0])
    with pytest.raises(ValueError, match="from 1 origin\\(s\\) cannot give a quantile"):
        ft.empirical_interval(actual[:1], past[:1], [1.0])
    with pytest.raises(ValueError, match="forecast has 4 steps but the past forecasts only 3"):
        ft.empirical_interval(actual, past, np.ones(4))
    with pytest.raises(ValueError, match="log=True needs a positive series, but forecast"):
        ft.empirical_interval(actual, past, [-1.0])
    with pytest.raises(ValueError, match="must be 2-D"):
        ft.empirical_interval(np.ones(5), np.ones(5), [1.0])


def test_coverage():
    assert ft.coverage([1.0, 2.0, 3.0, 4.0], [0, 0, 0, 5], [2, 2, 2, 6]) == 0.5
    assert ft.coverage(np.ones((2, 3)), np.zeros((2, 3)), np.ones((2, 3))) == 1.0  # edges count
    with pytest.raises(ValueError, match="same shape"):
        ft.coverage([1.0, 2.0], [0.0], [3.0, 3.0])
    with pytest.raises(ValueError, match="lower is above upper at 1 place"):
        ft.coverage([1.0, 2.0], [0.0, 3.0], [2.0, 1.0])
    with pytest.raises(ValueError, match="NaN"):
        ft.coverage([np.nan], [0.0], [1.0])
