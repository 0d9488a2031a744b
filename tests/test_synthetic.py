import numpy as np
import pytest

from lstmbook import synthetic


def _mackey_glass_loop(n, tau, dt, every, burn_in, x0=1.2, beta=0.2, gamma=0.1, power=10):
    """A plain reference: Euler steps on a growing list, history x0 before t = 0."""
    d, s, b = round(tau / dt), round(every / dt), round(burn_in / dt)
    history = [x0] * (d + 1)
    while len(history) < d + 1 + b + (n - 1) * s:
        lagged, now = history[-1 - d], history[-1]
        history.append(now + dt * (beta * lagged / (1 + lagged**power) - gamma * now))
    return np.array(history[d + b :: s][:n])


# --- Mackey-Glass ----------------------------------------------------------------------------


@pytest.mark.parametrize("every,burn_in", [(1.0, 0.0), (6.0, 100.0), (0.5, 20.0)])
def test_mackey_glass_matches_a_plain_euler_loop(every, burn_in):
    x = synthetic.mackey_glass(60, tau=17.0, dt=0.1, sample_every=every, burn_in=burn_in)
    expected = _mackey_glass_loop(60, 17.0, 0.1, every, burn_in)
    np.testing.assert_allclose(x, expected, rtol=1e-12)


def test_mackey_glass_starts_at_x0_without_burn_in():
    x = synthetic.mackey_glass(3, burn_in=0.0, x0=0.9)
    assert x[0] == 0.9


def test_mackey_glass_stays_on_its_attractor_and_does_not_settle():
    x = synthetic.mackey_glass(1000, sample_every=6.0)
    assert 0.2 < x.min() and x.max() < 1.5  # the chaotic attractor's range
    assert x[-200:].std() > 0.15  # still oscillating: no fixed point
    # not periodic either: no shift of up to 300 values brings the series back onto itself
    best = max(np.corrcoef(x[k:], x[:-k])[0, 1] for k in range(1, 301))
    assert best < 0.95


def test_mackey_glass_small_tau_settles_to_the_fixed_point():
    # for short delays the equation has a stable equilibrium, x* = (beta/gamma - 1)^(1/power)
    x = synthetic.mackey_glass(50, tau=2.0, burn_in=2000.0)
    np.testing.assert_allclose(x, (0.2 / 0.1 - 1) ** (1 / 10), atol=1e-6)


def test_mackey_glass_noise_is_seeded_and_leaves_the_global_generator_alone():
    clean = synthetic.mackey_glass(200)
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    a = synthetic.mackey_glass(200, noise=0.05, seed=1)
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.testing.assert_array_equal(a, synthetic.mackey_glass(200, noise=0.05, seed=1))
    assert not np.array_equal(a, synthetic.mackey_glass(200, noise=0.05, seed=2))
    assert 0.03 < np.std(a - clean) < 0.07


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"n": 0}, "n must be at least 1"),
        ({"n": 10, "tau": 17.05}, r"tau=17.05 is not a whole number of integration steps dt=0.1"),
        ({"n": 10, "sample_every": 0.25}, "sample_every=0.25 is not a whole number"),
        ({"n": 10, "dt": 0.0}, "dt must be > 0"),
        ({"n": 10, "x0": -1.0}, "x0 must be > 0"),
        ({"n": 10, "noise": -0.1}, "noise must be >= 0"),
        ({"n": 10, "gamma": float("nan")}, "gamma must be finite"),
    ],
)
def test_mackey_glass_messages(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic.mackey_glass(**kwargs)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"n": 10, "beta": "0.2"}, r"beta must be a number such as .*, got '0.2' \(str\)"),
        ({"n": 2.5}, r"n must be a whole number >= 1, got 2.5 \(float\)"),
    ],
)
def test_mackey_glass_wrong_types(kwargs, message):
    with pytest.raises(TypeError, match=message):
        synthetic.mackey_glass(**kwargs)


# --- AR(p) -----------------------------------------------------------------------------------


def test_ar_process_follows_its_equation():
    y, oracle = synthetic.ar_process(500, [0.6, -0.3], sigma=0.5, seed=3, return_oracle=True)
    assert y.shape == oracle.shape == (500,)
    np.testing.assert_allclose(oracle[2:], 0.6 * y[1:-1] - 0.3 * y[:-2], atol=1e-12)
    noise = y - oracle
    assert abs(noise.std() - 0.5) < 0.05 and abs(noise.mean()) < 0.1


def test_ar_process_least_squares_recovers_the_coefficients():
    y = synthetic.ar_process(20000, [0.5, 0.2, -0.4], seed=0)
    X = np.column_stack([y[2:-1], y[1:-2], y[:-3]])
    coefs, *_ = np.linalg.lstsq(X, y[3:], rcond=None)
    np.testing.assert_allclose(coefs, [0.5, 0.2, -0.4], atol=0.03)


def test_ar_process_is_seeded_and_leaves_the_global_generator_alone():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    a = synthetic.ar_process(100, [0.5], seed=4)
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.testing.assert_array_equal(a, synthetic.ar_process(100, [0.5], seed=4))
    assert not np.array_equal(a, synthetic.ar_process(100, [0.5], seed=5))


def test_ar_process_without_oracle_returns_the_same_series():
    y = synthetic.ar_process(50, [0.3], seed=2)
    y2, _ = synthetic.ar_process(50, [0.3], seed=2, return_oracle=True)
    np.testing.assert_array_equal(y, y2)


@pytest.mark.parametrize(
    "coefs,kwargs,message",
    [
        ([1.2], {}, r"non-stationary AR process: a root .* has modulus 1.2 >= 1"),
        ([0.5, 0.5], {}, "non-stationary"),  # a unit root
        ([], {}, "coefs is empty"),
        ([[0.5]], {}, "coefs must be 1-D"),
        ([0.5, np.nan], {}, "coefs contains 1 NaN"),
        ([0.5], {"sigma": -1.0}, "sigma must be >= 0"),
        ([0.5], {"burn_in": -1}, "burn_in must be at least 0, got burn_in=-1"),
    ],
)
def test_ar_process_messages(coefs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic.ar_process(10, coefs, **kwargs)


@pytest.mark.parametrize(
    "coefs,kwargs,message",
    [
        ([0.5], {"burn_in": 1.5}, r"burn_in must be a whole number >= 0, got 1.5 \(float\)"),
        (["a"], {}, "coefs must hold numbers, got an array of dtype <U1"),
    ],
)
def test_ar_process_wrong_types(coefs, kwargs, message):
    with pytest.raises(TypeError, match=message):
        synthetic.ar_process(10, coefs, **kwargs)


# --- the delayed echo ------------------------------------------------------------------------


@pytest.mark.parametrize("lag", [1, 5, 20])
def test_delayed_echo_follows_its_equation(lag):
    y, oracle = synthetic.delayed_echo(3000, lag, seed=1, return_oracle=True)
    np.testing.assert_allclose(oracle[lag:], 0.1 + 0.8 * y[:-lag], atol=1e-12)
    surprise = y - oracle  # the event minus its mean, plus noise: unpredictable
    assert abs(surprise.mean()) < 0.03
    assert abs(surprise.std() - np.sqrt(0.1 * 0.9 + 0.1**2)) < 0.02
    assert abs(np.corrcoef(surprise[lag:], y[:-lag])[0, 1]) < 0.06


def test_delayed_echo_memory_sits_at_the_lag_only():
    y = synthetic.delayed_echo(20000, 7, seed=0)

    def corr(k):
        return np.corrcoef(y[k:], y[:-k])[0, 1]

    assert corr(7) > 0.75  # close to echo = 0.8
    assert max(abs(corr(k)) for k in (1, 2, 3, 5, 6, 8)) < 0.05  # nothing in between


def test_delayed_echo_events_have_the_rate_and_size_asked_for():
    y = synthetic.delayed_echo(5000, 3, rate=0.2, size=2.0, echo=0.0, sigma=0.0, seed=0)
    assert set(np.unique(y)) == {0.0, 2.0}
    assert abs((y == 2.0).mean() - 0.2) < 0.02


def test_delayed_echo_is_seeded_and_leaves_the_global_generator_alone():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    a = synthetic.delayed_echo(100, 4, seed=4)
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.testing.assert_array_equal(a, synthetic.delayed_echo(100, 4, seed=4))
    assert not np.array_equal(a, synthetic.delayed_echo(100, 4, seed=5))


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"lag": 0}, "lag must be at least 1"),
        ({"lag": 3, "rate": 1.5}, r"rate is a probability per step and must be in \[0, 1\]"),
        ({"lag": 3, "rate": -0.1}, "rate must be >= 0"),
        ({"lag": 3, "echo": 1.0}, r"echo=1.0 must satisfy \|echo\| < 1"),
        ({"lag": 3, "sigma": -0.1}, "sigma must be >= 0"),
        ({"lag": 3, "burn_in": -5}, "burn_in must be at least 0, got burn_in=-5"),
    ],
)
def test_delayed_echo_messages(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic.delayed_echo(10, **kwargs)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"lag": 2.5}, r"lag must be a whole number >= 1, got 2.5 \(float\)"),
        ({"lag": 3, "burn_in": 2.0}, r"burn_in must be a whole number >= 0, got 2.0 \(float\)"),
    ],
)
def test_delayed_echo_wrong_types(kwargs, message):
    with pytest.raises(TypeError, match=message):
        synthetic.delayed_echo(10, **kwargs)


def test_folded_echo_follows_its_equation():
    y, best = synthetic.folded_echo(500, 7, seed=3, return_oracle=True)
    assert y.shape == best.shape == (500,)
    assert np.allclose(best[7:], 0.8 * np.abs(y[:-7]))
    rest = y - best  # events of +-1 and noise of sd 0.1
    assert np.mean(np.abs(rest) > 0.5) < 0.2 and abs(rest.mean()) < 0.05
    assert np.array_equal(synthetic.folded_echo(500, 7, seed=3), y)


def test_folded_echo_hides_part_of_the_lag_from_a_linear_model():
    y, best = synthetic.folded_echo(5000, 5, seed=0, return_oracle=True)
    linear = np.corrcoef(y[5:], y[:-5])[0, 1]
    assert 0.2 < linear < 0.6
    assert np.corrcoef(y[5:], best[5:])[0, 1] > linear + 0.1


@pytest.mark.parametrize(
    "kwargs,message,error",
    [
        ({"lag": 0}, "lag must be at least 1", ValueError),
        ({"lag": 3, "rate": 1.5}, r"rate is a probability per step", ValueError),
        ({"lag": 3, "echo": -1.0}, r"echo=-1.0 must satisfy \|echo\| < 1", ValueError),
        ({"lag": 3, "sigma": -0.1}, "sigma must be >= 0", ValueError),
        ({"lag": 2.5}, r"lag must be a whole number >= 1", TypeError),
        ({"lag": 3, "burn_in": 2.0}, r"burn_in must be a whole number >= 0", TypeError),
    ],
)
def test_folded_echo_bad_input(kwargs, message, error):
    with pytest.raises(error, match=message):
        synthetic.folded_echo(10, **kwargs)
