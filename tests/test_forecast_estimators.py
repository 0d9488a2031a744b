"""The forecasters follow scikit-learn's estimator conventions; the package keeps its names."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone

from lstmbook import forecast as fc

FORECASTERS = [
    fc.NaiveForecaster(),
    fc.SeasonalNaiveForecaster(season=4),
    fc.LinearARForecaster(look_back=3, fit_intercept=False),
    fc.ARIMAForecaster(order=(1, 0, 0), trend="c"),
    fc.HoltWintersForecaster(trend=None, seasonal="add", season=4),
    fc.SeasonalDifferenceForecaster(fc.NaiveForecaster(), season=4, log=False),
    fc.LSTMForecaster(look_back=4, hidden_size=3, epochs=2, progress=False),
]


@pytest.mark.parametrize("model", FORECASTERS, ids=lambda m: type(m).__name__)
def test_forecasters_are_scikit_learn_estimators(model):
    assert isinstance(model, BaseEstimator)
    twin = clone(model)  # refuses an __init__ that changes or drops a parameter
    assert twin is not model and repr(twin) == repr(model)
    params = model.get_params(deep=False)
    assert all(params[k] is getattr(model, k) for k in params)
    assert repr(model).startswith(type(model).__name__ + "(")


def test_set_params_and_repr_show_what_was_changed():
    model = fc.LinearARForecaster(look_back=3)
    assert repr(model) == "LinearARForecaster(look_back=3)"
    model.set_params(look_back=5)
    assert model.look_back == 5 and repr(model) == "LinearARForecaster(look_back=5)"
    nested = fc.SeasonalDifferenceForecaster(fc.LinearARForecaster(look_back=2))
    assert nested.get_params()["base__look_back"] == 2


def test_a_clone_forecasts_like_the_original():
    y = np.sin(np.arange(60) / 3) + np.arange(60) / 30
    model = fc.LinearARForecaster(look_back=6).fit(y)
    twin = clone(model).fit(y)
    np.testing.assert_array_equal(model.predict(5), twin.predict(5))
    assert not hasattr(clone(model), "model_")  # a clone is unfitted


def test_seed_ensemble_keeps_its_seeds_as_given():
    seeds = (3, 4)
    ensemble = fc.SeedEnsemble(lambda seed: fc.NaiveForecaster(), seeds=seeds)
    assert ensemble.seeds is seeds and clone(ensemble).seeds == seeds


def test_every_name_chapters_use_is_in_the_package():
    names = [
        "naive",
        "seasonal_naive",
        "mase",
        "scores",
        "Forecaster",
        "NaiveForecaster",
        "SeasonalNaiveForecaster",
        "LinearARForecaster",
        "ARIMAForecaster",
        "LSTMRegressor",
        "LSTMForecaster",
        "rolling_origin",
        "SeasonalDifferenceForecaster",
        "HoltWintersForecaster",
        "SeedEnsemble",
        "empirical_interval",
        "coverage",
        "winkler_score",
        "select_arima",
        "arima_trend",
        "diebold_mariano",
        "CompetitionSet",
        "load_tourism",
        "mase_per_series",
        "mape_per_series",
        "ets_forecast",
        "holt_winters_forecast",
        "theta_forecast",
        "arima_forecast",
        "GlobalForecaster",
        "GlobalLSTMForecaster",
        "pool_windows",
        "pinball_loss",
    ]
    assert all(hasattr(fc, name) for name in names)
    assert sorted(fc.__all__) == sorted(names)


def test_the_seed_network_is_one_class():
    from lstmbook import keras_compat, torch_lstm

    assert fc.LSTMRegressor is torch_lstm.StackedLSTM is keras_compat.StackedLSTM
    net = torch_lstm.StackedLSTM()
    assert (net.lstm.input_size, net.lstm.hidden_size, net.lstm.num_layers) == (1, 50, 2)
    assert net.head.out_features == 1


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: fc.ARIMAForecaster(order=5), TypeError, r"order must be a tuple \(p, d, q\)"),
        (lambda: fc.ARIMAForecaster(order=(1, 0)), ValueError, "three whole numbers"),
        (lambda: fc.LinearARForecaster(fit_intercept="yes"), TypeError, "True or False"),
        (lambda: fc.SeedEnsemble(3), TypeError, "factory must be a function"),
        (lambda: fc.SeedEnsemble(lambda s: fc.NaiveForecaster(), ()), ValueError, "seeds is"),
    ],
)
def test_constructor_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
