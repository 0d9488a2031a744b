"""A small optimiser for models whose parameters are a dict of NumPy arrays.

Chapter 5 writes both pieces in front of the reader; these are the reusable copies, used by the
chapters that train NumPy models:

- :class:`Adam`, the optimiser of Kingma and Ba (2015), updating the arrays of a parameter dict
  in place, with the same update rule (and the same defaults) as ``torch.optim.Adam``;
- :func:`clip_grad_norm`, gradient-norm clipping (Pascanu, Mikolov and Bengio, 2013), which
  rescales a dict of gradients in place like ``torch.nn.utils.clip_grad_norm_``.

A training step reads::

    grads = ...                              # same keys and shapes as params
    norm = clip_grad_norm(grads, max_norm=1.0)
    opt.step(grads)                          # opt = Adam(params, lr=1e-2)
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import numpy as np

from lstmbook._validate import positive_number

__all__ = ["Adam", "clip_grad_norm"]


def _check_grads(grads, params: Mapping[str, np.ndarray] | None = None) -> None:
    """Check that ``grads`` is a dict of finite float arrays (keyed and shaped like ``params``)."""
    if not isinstance(grads, Mapping):
        raise TypeError(
            f"grads must be a dict of NumPy arrays keyed like the parameters, "
            f"got {type(grads).__name__}."
        )
    if params is not None:
        missing = [k for k in params if k not in grads]
        extra = [k for k in grads if k not in params]
        if missing or extra:
            raise ValueError(
                f"grads must have the same keys as the parameters {sorted(params)}; "
                f"missing {missing}, unexpected {extra}. Give one gradient per parameter "
                "(zeros for a parameter that gets none)."
            )
    for name, grad in grads.items():
        if not isinstance(grad, np.ndarray) or not np.issubdtype(grad.dtype, np.floating):
            got = grad.dtype if isinstance(grad, np.ndarray) else type(grad).__name__
            raise TypeError(f"grads[{name!r}] must be a NumPy array of floats, got {got}.")
        if params is not None and grad.shape != params[name].shape:
            raise ValueError(
                f"grads[{name!r}] has shape {grad.shape} but the parameter has shape "
                f"{params[name].shape}: a gradient has the shape of what it differentiates."
            )
        if not np.isfinite(grad).all():
            raise ValueError(
                f"grads[{name!r}] contains NaN or infinite values: training has diverged. Try a "
                "smaller learning rate or gradient clipping with a smaller max_norm."
            )


class Adam:
    """Adam (Kingma and Ba, 2015) for a dict of NumPy arrays, updated in place.

    For each parameter θ with gradient g, at step t = 1, 2, ...::

        m ← β1 m + (1 - β1) g          first moment (a running mean of g)
        v ← β2 v + (1 - β2) g²         second moment (a running mean of g²)
        m̂ = m / (1 - β1^t),  v̂ = v / (1 - β2^t)      bias corrections
        θ ← θ - lr m̂ / (sqrt(v̂) + eps)

    This is Algorithm 1 of the paper and the rule of ``torch.optim.Adam`` (without weight
    decay). A step moves each element by about ``lr`` or less, whatever the scale of its gradient:
    the first step moves it by exactly ``lr * sign(g)`` (up to ``eps``).

    Parameters
    ----------
    params : dict of str to ndarray
        The model's parameters, float arrays of any shapes. They are updated **in place**, so
        the model keeps using the same arrays.
    lr : float, default 1e-3
        Learning rate (the largest typical step per element).
    betas : tuple of two floats, default (0.9, 0.999)
        Decay rates β1, β2 of the two moment estimates, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator.

    Attributes
    ----------
    t : int
        Number of steps taken.
    m, v : dict of str to ndarray
        The moment estimates, keyed and shaped like ``params``.

    Examples
    --------
    >>> params = {"w": np.array([1.0, -2.0])}
    >>> opt = Adam(params, lr=0.1)
    >>> opt.step({"w": np.array([3.0, -0.5])})
    >>> np.round(params["w"], 6)
    array([ 0.9, -1.9])
    """

    def __init__(
        self,
        params: MutableMapping[str, np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        if not isinstance(params, MutableMapping) or not params:
            error = TypeError if not isinstance(params, Mapping) else ValueError
            raise error(
                "params must be a non-empty dict of NumPy arrays (for example the dict made by "
                f"lstmbook.scratch.init_lstm_params), got {type(params).__name__}"
                + (" with no entries." if isinstance(params, Mapping) else ".")
            )
        for name, value in params.items():
            if not isinstance(value, np.ndarray) or not np.issubdtype(value.dtype, np.floating):
                got = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
                raise TypeError(
                    f"params[{name!r}] must be a NumPy array of floats (it is updated in "
                    f"place), got {got}. Store it as np.asarray(..., dtype=np.float64)."
                )
            if not value.flags.writeable:
                raise ValueError(
                    f"params[{name!r}] is read-only, but Adam updates it in place; store a "
                    "writeable copy (array.copy())."
                )
        self.lr = positive_number(lr, "lr", "1e-3")
        if not isinstance(betas, (tuple, list)):
            raise TypeError(f"betas must be a pair of numbers such as (0.9, 0.999), got {betas!r}.")
        if len(betas) != 2 or not all(
            isinstance(b, (int, float, np.floating)) and 0 <= b < 1 for b in betas
        ):
            raise ValueError(
                f"betas must be two numbers in [0, 1), such as (0.9, 0.999), got {betas!r}."
            )
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = positive_number(eps, "eps", "1e-8")
        self.params = params
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Take one Adam step, updating the parameter arrays in place.

        Parameters
        ----------
        grads : dict of str to ndarray
            The gradient of the loss with respect to each parameter: the same keys and shapes
            as ``params``. Not modified.
        """
        _check_grads(grads, self.params)
        beta1, beta2 = self.betas
        self.t += 1
        correction1 = 1.0 - beta1**self.t
        correction2 = 1.0 - beta2**self.t
        for name, param in self.params.items():
            g = grads[name]
            m, v = self.m[name], self.v[name]
            m *= beta1
            m += (1.0 - beta1) * g
            v *= beta2
            v += (1.0 - beta2) * g * g
            param -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)


def clip_grad_norm(grads: MutableMapping[str, np.ndarray], max_norm: float) -> float:
    """Rescale a dict of gradients in place so that their joint norm is at most ``max_norm``.

    The norm is that of all gradients together, as if flattened into one vector,
    ``||g|| = sqrt(sum over arrays of sum(g**2))``. If it exceeds ``max_norm``, every gradient
    is multiplied by ``max_norm / ||g||``: the direction is kept, only the step shrinks
    (Pascanu, Mikolov and Bengio, 2013). Like ``torch.nn.utils.clip_grad_norm_``.

    Parameters
    ----------
    grads : dict of str to ndarray
        The gradients, float arrays of any shapes. Modified in place.
    max_norm : float
        The largest norm allowed (> 0).

    Returns
    -------
    float
        The norm **before** clipping (worth logging: it shows when gradients explode).

    Examples
    --------
    >>> grads = {"a": np.array([3.0]), "b": np.array([4.0])}
    >>> clip_grad_norm(grads, max_norm=1.0)
    5.0
    >>> grads["a"], grads["b"]
    (array([0.6]), array([0.8]))
    """
    max_norm = positive_number(max_norm, "max_norm", "1.0")
    _check_grads(grads)
    for name, grad in grads.items():
        if not grad.flags.writeable:
            raise ValueError(
                f"grads[{name!r}] is read-only, but clipping rescales it in place; pass a "
                "writeable copy (array.copy())."
            )
    norm = float(
        np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads.values()))
    )
    if norm > max_norm:
        scale = max_norm / norm
        for grad in grads.values():
            grad *= scale
    return norm
