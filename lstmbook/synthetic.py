"""Synthetic series whose generating rule is known, for testing claims about forecasters.

A real series never tells us what the best possible forecast is. These do, so that a chapter can
measure how far a model is from the best forecast anyone could make::

    from lstmbook import synthetic

    x = synthetic.mackey_glass(1400, sample_every=6.0)          # non-linear, chaotic
    y, best = synthetic.ar_process(1400, [0.6, -0.3], return_oracle=True)   # linear
    z, best = synthetic.delayed_echo(1500, lag=20, return_oracle=True)      # a lag-20 memory

``return_oracle=True`` also returns the one-step forecast of an oracle that knows the rule and
every past value: ``y - oracle`` is the part of each value that nothing could have predicted.

Every generator draws from a private ``numpy.random.default_rng(seed)``, so NumPy's global
generator is left untouched and the same seed gives the same series.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from lstmbook._validate import as_finite_array, check_int, check_number, positive_int

__all__ = ["mackey_glass", "ar_process", "delayed_echo", "folded_echo"]


def _number(
    value, name: str, default: float, *, low: float | None = None, strict: bool = False
) -> float:
    """``value`` as a float, checked to be a finite number (and ``> low`` or ``>= low``)."""
    return check_number(value, name, low=low, low_open=strict, example=f"{default:g}")


def _whole_steps(value: float, dt: float, name: str) -> int:
    """The number of Euler steps of size ``dt`` in ``value`` time units (must be whole)."""
    steps = value / dt
    if abs(steps - round(steps)) > 1e-9 * max(1.0, steps):
        raise ValueError(
            f"{name}={value:g} is not a whole number of integration steps dt={dt:g} "
            f"({name}/dt = {steps:g}). Choose dt so that it divides {name}, for example "
            f"dt={value / max(1, round(steps)):g}."
        )
    return int(round(steps))


def mackey_glass(
    n: int,
    *,
    tau: float = 17.0,
    beta: float = 0.2,
    gamma: float = 0.1,
    power: float = 10.0,
    dt: float = 0.1,
    sample_every: float = 1.0,
    x0: float = 1.2,
    burn_in: float = 500.0,
    noise: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """A series from the Mackey-Glass delay differential equation (Mackey and Glass, 1977).

    ``dx/dt = beta * x(t - tau) / (1 + x(t - tau) ** power) - gamma * x(t)``, a model of blood-cell
    production that is chaotic for ``tau`` = 17 and the default parameters. It is integrated with
    Euler's scheme, step ``dt``, from ``x = x0`` on ``[-tau, 0]``; the first ``burn_in`` time units
    are dropped, then one value is kept every ``sample_every`` time units.

    Parameters
    ----------
    n : int
        Number of values returned (>= 1).
    tau : float, default 17.0
        The delay (> 0); a whole number of steps ``dt``.
    beta, gamma, power : float, default 0.2, 0.1, 10.0
        Production rate, decay rate and exponent of the equation (> 0).
    dt : float, default 0.1
        Euler step (> 0).
    sample_every : float, default 1.0
        Time between two returned values (> 0); a whole number of steps ``dt``. The larger it
        is, the less one value says about the next, and the harder one-step forecasting gets.
    x0 : float, default 1.2
        The constant history on ``[-tau, 0]`` (> 0).
    burn_in : float, default 500.0
        Time units integrated and dropped before the first returned value (>= 0), so that the
        series starts on the attractor rather than in the transient from ``x0``.
    noise : float, default 0.0
        Standard deviation of Gaussian observation noise added to every returned value (>= 0);
        the dynamics themselves stay deterministic.
    seed : int, default 0
        Seed of the observation noise (unused when ``noise=0``).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If a parameter is out of range, or ``tau``, ``sample_every`` or ``burn_in`` is not a
        whole number of steps ``dt``.

    Examples
    --------
    >>> x = mackey_glass(500, sample_every=6.0)
    >>> x.shape, bool(0.2 < x.min() < x.max() < 1.5)
    ((500,), True)
    """
    n = positive_int(n, "n")
    tau = _number(tau, "tau", 17.0, low=0.0, strict=True)
    beta = _number(beta, "beta", 0.2, low=0.0, strict=True)
    gamma = _number(gamma, "gamma", 0.1, low=0.0, strict=True)
    power = _number(power, "power", 10.0, low=0.0, strict=True)
    dt = _number(dt, "dt", 0.1, low=0.0, strict=True)
    sample_every = _number(sample_every, "sample_every", 1.0, low=0.0, strict=True)
    x0 = _number(x0, "x0", 1.2, low=0.0, strict=True)
    burn_in = _number(burn_in, "burn_in", 500.0, low=0.0)
    noise = _number(noise, "noise", 0.0, low=0.0)
    delay = _whole_steps(tau, dt, "tau")
    every = _whole_steps(sample_every, dt, "sample_every")
    skip = _whole_steps(burn_in, dt, "burn_in")

    steps = skip + (n - 1) * every
    x = np.empty(delay + 1 + steps)
    x[: delay + 1] = x0  # x[delay] is x(0); x[k] is x((k - delay) * dt)
    for k in range(delay, delay + steps):
        lagged = x[k - delay]
        x[k + 1] = x[k] + dt * (beta * lagged / (1.0 + lagged**power) - gamma * x[k])
    series = x[delay + skip :: every][:n].copy()
    if noise > 0:
        series += noise * np.random.default_rng(seed).standard_normal(n)
    return series


def ar_process(
    n: int,
    coefs,
    *,
    sigma: float = 1.0,
    burn_in: int = 200,
    seed: int = 0,
    return_oracle: bool = False,
):
    """A stationary linear autoregression AR(p) with Gaussian noise.

    ``y_t = coefs[0] * y_{t-1} + ... + coefs[p-1] * y_{t-p} + sigma * e_t``, ``e_t ~ N(0, 1)``,
    generated with ``scipy.signal.lfilter`` from zeros; the first ``burn_in`` values are dropped.

    Parameters
    ----------
    n : int
        Number of values returned (>= 1).
    coefs : array-like, shape (p,)
        phi_1, ..., phi_p, the weights of lags 1 to p. They must give a stationary process: all
        roots of ``z**p - phi_1 z**(p-1) - ... - phi_p`` inside the unit circle.
    sigma : float, default 1.0
        Standard deviation of the noise (>= 0).
    burn_in : int, default 200
        Values generated and dropped first (>= 0), so that the start from zeros is forgotten.
    seed : int, default 0
        Seed of the noise.
    return_oracle : bool, default False
        Also return the oracle's one-step forecasts.

    Returns
    -------
    y : numpy.ndarray, shape (n,)
    oracle : numpy.ndarray, shape (n,)
        Only with ``return_oracle=True``: ``sum_j coefs[j] * y_{t-1-j}`` (using values from the
        burn-in where needed), the best one-step forecast; ``y - oracle`` is ``sigma * e_t``.

    Raises
    ------
    ValueError
        If ``coefs`` is empty or not 1-D, or gives a non-stationary process, or ``sigma`` or
        ``burn_in`` is negative.

    Examples
    --------
    >>> y, best = ar_process(1000, [0.6, -0.3], sigma=0.5, return_oracle=True)
    >>> bool(abs(np.std(y - best) - 0.5) < 0.05)
    True
    """
    n = positive_int(n, "n")
    phi = np.asarray(as_finite_array(coefs, "coefs", ndims=(1,)), dtype=np.float64)
    if len(phi) == 0:
        raise ValueError("coefs is empty: give at least one weight, for example coefs=[0.6].")
    moduli = np.abs(np.roots(np.r_[1.0, -phi]))
    if moduli.size and moduli.max() >= 1.0:
        raise ValueError(
            f"coefs={phi.tolist()} give a non-stationary AR process: a root of "
            f"z**p - phi_1 z**(p-1) - ... - phi_p has modulus {moduli.max():.3g} >= 1, so the "
            "series would drift or explode. Use smaller weights, for example [0.6, -0.3]."
        )
    sigma = _number(sigma, "sigma", 1.0, low=0.0)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    shocks = sigma * np.random.default_rng(seed).standard_normal(n + int(burn_in))
    y = lfilter([1.0], np.r_[1.0, -phi], shocks)
    y, shocks = y[burn_in:], shocks[burn_in:]
    if return_oracle:
        return y, y - shocks
    return y


def delayed_echo(
    n: int,
    lag: int,
    *,
    rate: float = 0.1,
    size: float = 1.0,
    echo: float = 0.8,
    sigma: float = 0.1,
    burn_in: int | None = None,
    seed: int = 0,
    return_oracle: bool = False,
):
    """Random events that come back, weakened, exactly ``lag`` steps later.

    ``y_t = s_t + echo * y_{t-lag} + sigma * e_t``: at each step an event ``s_t = size`` happens
    with probability ``rate`` (else ``s_t = 0``), ``e_t ~ N(0, 1)``. Every value is repeated
    ``lag`` steps later, multiplied by ``echo``: to forecast ``y_t`` a model must remember
    ``y_{t-lag}``, and nothing in between helps. (A sparse autoregression at lag ``lag``,
    generated with ``scipy.signal.lfilter``.)

    Parameters
    ----------
    n : int
        Number of values returned (>= 1).
    lag : int
        k, the delay of the echo (>= 1).
    rate : float, default 0.1
        Probability of an event at each step, in [0, 1].
    size : float, default 1.0
        Size of an event.
    echo : float, default 0.8
        Weight of ``y_{t-lag}``, with ``|echo| < 1`` so that echoes die out.
    sigma : float, default 0.1
        Standard deviation of the Gaussian noise (>= 0).
    burn_in : int or None, default None
        Values generated and dropped first (>= 0); default ``50 * lag``, after which the start
        from zeros is forgotten (``echo ** 50`` is tiny).
    seed : int, default 0
        Seed of the events and the noise.
    return_oracle : bool, default False
        Also return the best one-step forecasts, the oracle's.

    Returns
    -------
    y, oracle : numpy.ndarray, shape (n,)
        ``oracle`` only with ``return_oracle=True``: ``rate * size + echo * y_{t-lag}``, the
        expected value of ``y_t`` given the past: the best one-step forecast in mean squared
        error.

    Raises
    ------
    ValueError
        If ``lag`` is not a whole number >= 1, ``rate`` is outside [0, 1], ``|echo| >= 1``, or
        ``sigma`` or ``burn_in`` is negative.

    Examples
    --------
    >>> y, best = delayed_echo(2000, lag=5, return_oracle=True)
    >>> bool(np.corrcoef(y[5:], y[:-5])[0, 1] > 0.6)  # strongly tied to the value 5 steps back
    True
    """
    n = positive_int(n, "n")
    lag = positive_int(lag, "lag")
    rate = _number(rate, "rate", 0.1, low=0.0)
    if rate > 1.0:
        raise ValueError(f"rate is a probability per step and must be in [0, 1], got rate={rate}.")
    size = _number(size, "size", 1.0)
    echo = _number(echo, "echo", 0.8)
    if abs(echo) >= 1.0:
        raise ValueError(
            f"echo={echo} must satisfy |echo| < 1, or the echoes would never die out and the "
            "series would explode (or never settle). Use for example echo=0.8."
        )
    sigma = _number(sigma, "sigma", 0.1, low=0.0)
    if burn_in is None:
        burn_in = 50 * lag
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    rng = np.random.default_rng(seed)
    total = n + int(burn_in)
    events = size * (rng.random(total) < rate)
    shocks = events + sigma * rng.standard_normal(total)
    denominator = np.zeros(lag + 1)
    denominator[0], denominator[lag] = 1.0, -echo
    y = lfilter([1.0], denominator, shocks)
    if not return_oracle:
        return y[burn_in:]
    lagged = np.r_[np.zeros(lag), y[:-lag]]
    oracle = rate * size + echo * lagged
    return y[burn_in:], oracle[burn_in:]


def folded_echo(
    n: int,
    lag: int,
    *,
    rate: float = 0.1,
    echo: float = 0.8,
    sigma: float = 0.1,
    burn_in: int = 1000,
    seed: int = 0,
    return_oracle: bool = False,
):
    """An echo that comes back folded: ``y_t = s_t + echo * |y_{t-lag}| + sigma * e_t``.

    At each step an event ``s_t = +1`` or ``-1`` happens with probability ``rate / 2`` each
    (else ``s_t = 0``), ``e_t ~ N(0, 1)``. Unlike :func:`delayed_echo`, the value ``lag`` steps
    back returns through ``|.|``: a linear model whose window holds ``y_{t-lag}`` can use only
    part of it (it cannot fold the sign of a fresh event), a non-linear one all of it.

    Parameters
    ----------
    n : int
        Number of values returned (>= 1).
    lag : int
        k, the delay of the echo (>= 1).
    rate : float, default 0.1
        Probability of an event at each step, in [0, 1].
    echo : float, default 0.8
        Weight of ``|y_{t-lag}|``, with ``|echo| < 1``.
    sigma : float, default 0.1
        Standard deviation of the Gaussian noise (>= 0).
    burn_in : int, default 1000
        Values generated and dropped first (>= 0).
    seed : int, default 0
        Seed of the events and the noise.
    return_oracle : bool, default False
        Also return the best one-step forecasts, ``echo * |y_{t-lag}|`` (the events have mean 0).

    Returns
    -------
    y, oracle : numpy.ndarray, shape (n,)
        ``oracle`` only with ``return_oracle=True``.

    Examples
    --------
    >>> y, best = folded_echo(3000, lag=5, return_oracle=True)
    >>> linear = np.corrcoef(y[5:], y[:-5])[0, 1]  # what a straight line can use
    >>> bool(np.corrcoef(y[5:], best[5:])[0, 1] > linear + 0.1)  # the fold adds more
    True
    """
    n = positive_int(n, "n")
    lag = positive_int(lag, "lag")
    rate = _number(rate, "rate", 0.1, low=0.0)
    if rate > 1.0:
        raise ValueError(f"rate is a probability per step and must be in [0, 1], got rate={rate}.")
    echo = _number(echo, "echo", 0.8)
    if abs(echo) >= 1.0:
        raise ValueError(f"echo={echo} must satisfy |echo| < 1. Use for example echo=0.8.")
    sigma = _number(sigma, "sigma", 0.1, low=0.0)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    rng = np.random.default_rng(seed)
    u = rng.random(n + burn_in)
    y = np.select([u < rate / 2, u < rate], [1.0, -1.0], 0.0)
    y += sigma * rng.standard_normal(n + burn_in)
    best = np.zeros_like(y)
    for t in range(lag, len(y)):  # a loop: |.| is not a linear filter
        best[t] = echo * abs(y[t - lag])
        y[t] += best[t]
    if return_oracle:
        return y[burn_in:], best[burn_in:]
    return y[burn_in:]
