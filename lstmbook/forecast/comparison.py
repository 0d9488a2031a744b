"""Is one forecaster better than another, or only luckier? The Diebold-Mariano test."""

from __future__ import annotations

import numpy as np
from scipy import stats

from lstmbook import _validate as v

__all__ = ["diebold_mariano"]


def diebold_mariano(
    y_true, pred_a, pred_b, horizon: int = 1, power: int = 2
) -> tuple[float, float]:
    """Diebold-Mariano test of equal accuracy, with Harvey et al.'s small-sample correction.

    The loss differential ``d_t = |e_a,t|^power - |e_b,t|^power`` is paired point by point;
    its mean is divided by a standard error that allows autocorrelation up to lag
    ``horizon - 1`` (forecasts ``horizon`` steps ahead overlap), then corrected for small
    samples and compared with Student's t with n - 1 degrees of freedom (Diebold and Mariano,
    1995; Harvey, Leybourne and Newbold, 1997).

    Parameters
    ----------
    y_true, pred_a, pred_b : array-like, shape (n,)
        The actual values and the two forecasts of them.
    horizon : int, default 1
        h, the forecast horizon of the errors (h - 1 autocovariances enter the variance).
    power : int, default 2
        2 compares squared errors (RMSE), 1 absolute errors (MAE).

    Returns
    -------
    statistic : float
        Negative when forecast a has the smaller loss.
    p_value : float
        Two-sided p-value of "equal expected loss".

    Raises
    ------
    ValueError
        If the arrays differ in length, have fewer than 3 points or ``horizon >= n``, or the two
        forecasts have identical losses at every point.

    Examples
    --------
    >>> y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    >>> stat, p = diebold_mariano(y, y + 0.1, y + np.array([1, -1, 1, -1, 1, -1.0]))
    >>> bool(stat < 0), bool(p < 0.001)
    (True, True)
    """
    y = v.as_series(y_true, "y_true")
    a = v.as_series(pred_a, "pred_a")
    b = v.as_series(pred_b, "pred_b")
    if not len(y) == len(a) == len(b):
        raise ValueError(
            f"y_true, pred_a and pred_b must have the same length, got {len(y)}, {len(a)} and "
            f"{len(b)}: pair each forecast with the value it forecasts."
        )
    n = len(y)
    if n < 3:
        raise ValueError(f"the test needs at least 3 paired points, got {n}.")
    horizon = v.positive_int(horizon, "horizon")
    if horizon >= n:
        raise ValueError(f"horizon={horizon} must be smaller than the number of points ({n}).")
    power = v.check_int(power, "power", minimum=1, maximum=2)
    d = np.abs(y - a) ** power - np.abs(y - b) ** power
    d_bar = d.mean()
    centred = d - d_bar
    gamma = [np.dot(centred[k:], centred[: n - k]) / n for k in range(horizon)]
    variance = (gamma[0] + 2 * sum(gamma[1:])) / n
    if variance <= 0:
        raise ValueError(
            "the two forecasts have the same loss at every point (or a degenerate variance): "
            "there is nothing to test."
        )
    statistic = d_bar / np.sqrt(variance)
    statistic *= np.sqrt((n + 1 - 2 * horizon + horizon * (horizon - 1) / n) / n)
    p_value = 2 * stats.t.sf(abs(statistic), df=n - 1)
    return float(statistic), float(p_value)
