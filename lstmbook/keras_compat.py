"""Keras LSTM layers and models as PyTorch modules with the same weights.

Keras keeps an ``LSTM`` layer's weights as three arrays, with the gate blocks in the order
i, f, c, o (``c`` is Keras's name for the candidate ~C_t, ``g`` in this book)::

    kernel            (D, 4H)   used as  x_t @ kernel
    recurrent_kernel  (H, 4H)   used as  h_{t-1} @ recurrent_kernel
    bias              (4H,)

``torch.nn.LSTM`` stacks the same gates in the same order (i, f, g, o) but multiplies from the
other side, ``W_ih x_t``, so its matrices are the transposes, and it carries two bias vectors
whose sum plays the role of Keras's one::

    weight_ih_l0 = kernel.T               (4H, D)
    weight_hh_l0 = recurrent_kernel.T     (4H, H)
    bias_ih_l0   = bias,  bias_hh_l0 = 0  (4H,)

The NumPy reference (:func:`lstmbook.scratch.lstm_forward`) multiplies from Keras's side, so it
takes ``kernel``, ``recurrent_kernel`` and ``bias`` as ``W_x``, ``W_h`` and ``b`` unchanged.

Keras itself is imported by the caller (with ``KERAS_BACKEND`` set first); this module never
imports it, so that importing ``lstmbook`` does not choose a Keras backend.
"""

from __future__ import annotations

import sys

import numpy as np
import torch
from torch import nn

from lstmbook.torch_lstm import StackedLSTM

__all__ = ["StackedLSTM", "lstm_from_keras", "model_from_keras"]


# --- checks ------------------------------------------------------------------------------------


_SUPPORTED = (
    "Supported: a built keras.layers.LSTM with activation='tanh', "
    "recurrent_activation='sigmoid', go_backwards=False and stateful=False (Keras's defaults)."
)


def _keras_module():
    """The ``keras`` module if the caller has imported it, else None (never imports it)."""
    return sys.modules.get("keras")


def _check_lstm_layer(layer, name: str = "layer") -> dict:
    """Check that ``layer`` is a built Keras LSTM that torch.nn.LSTM can reproduce; its config."""
    keras = _keras_module()
    if keras is None or not isinstance(layer, keras.layers.Layer):
        raise TypeError(
            f"{name} must be a keras.layers.LSTM layer, got {type(layer).__name__}. "
            "Import keras (with os.environ['KERAS_BACKEND'] set first) and pass the layer, "
            "for example model.layers[0]."
        )
    if isinstance(layer, keras.layers.Bidirectional):
        raise ValueError(
            f"{name} is a Bidirectional wrapper, which lstm_from_keras does not convert: its "
            "backward half reads each sequence from the end (go_backwards=True). Its forward "
            "half, layer.forward_layer, can be converted on its own. " + _SUPPORTED
        )
    if not isinstance(layer, keras.layers.LSTM):
        hint = ""
        if isinstance(layer, keras.Model):
            hint = " For a whole model use model_from_keras(model)."
        elif isinstance(layer, keras.layers.RNN):
            hint = " (lstm_from_keras converts LSTM layers only, not GRU or SimpleRNN.)"
        raise TypeError(
            f"{name} must be a keras.layers.LSTM layer, got a {type(layer).__name__} layer "
            f"named {layer.name!r}.{hint} " + _SUPPORTED
        )
    if not layer.built or not layer.weights:
        raise ValueError(
            f"The LSTM layer {layer.name!r} has no weights yet: Keras creates them when the layer "
            "first sees an input. Build it first, for example by calling it on a batch, "
            "layer(np.zeros((1, T, D), 'float32')), or by giving its model an input shape."
        )
    config = layer.get_config()
    for option, wanted in (("activation", "tanh"), ("recurrent_activation", "sigmoid")):
        got = config.get(option)
        if got != wanted:
            extra = (
                " (Keras 2 before version 2.3 defaulted to 'hard_sigmoid')"
                if option == "recurrent_activation"
                else ""
            )
            raise ValueError(
                f"The LSTM layer {layer.name!r} has {option}={got!r}{extra}, but torch.nn.LSTM "
                f"always uses {option}={wanted!r}, so its outputs would differ. " + _SUPPORTED
            )
    if config.get("go_backwards"):
        raise ValueError(
            f"The LSTM layer {layer.name!r} has go_backwards=True (it reads each sequence from "
            "its end); torch.nn.LSTM has no such option. Rebuild it with go_backwards=False, or "
            "convert it and feed the PyTorch LSTM x.flip(1). " + _SUPPORTED
        )
    if config.get("stateful"):
        raise ValueError(
            f"The LSTM layer {layer.name!r} has stateful=True (it carries its states from one "
            "batch to the next); torch.nn.LSTM instead takes the initial states (h0, c0) as "
            "arguments of each call. Rebuild the layer with stateful=False and pass the states "
            "yourself. " + _SUPPORTED
        )
    return config


def _numpy_weights(layer) -> list[np.ndarray]:
    return [np.asarray(w) for w in layer.get_weights()]


# --- conversion --------------------------------------------------------------------------------


def lstm_from_keras(layer) -> nn.LSTM:
    """A ``torch.nn.LSTM`` (batch-first) holding a Keras ``LSTM`` layer's weights.

    Keras's gate order i, f, c, o is PyTorch's i, f, g, o, so nothing is reordered: the matrices
    are transposed and Keras's one bias goes into ``bias_ih_l0``, with ``bias_hh_l0`` = 0.

    Parameters
    ----------
    layer : keras.layers.LSTM
        A built layer (it has weights) with H units reading D features:
        ``kernel`` (D, 4H), ``recurrent_kernel`` (H, 4H) and, if ``use_bias``, ``bias`` (4H,).
        Options that change only training (``dropout``, ``recurrent_dropout``, regularisers,
        constraints) or only what the layer returns (``return_sequences``, ``return_state``,
        ``unroll``) are allowed; the returned LSTM computes the layer's outputs at inference.

    Returns
    -------
    torch.nn.LSTM
        ``nn.LSTM(D, H, batch_first=True, bias=use_bias)`` in the dtype of the Keras weights,
        with ``weight_ih_l0`` (4H, D) = ``kernel.T``, ``weight_hh_l0`` (4H, H) =
        ``recurrent_kernel.T``, ``bias_ih_l0`` (4H,) = ``bias`` and ``bias_hh_l0`` = 0.
        For x (N, T, D), ``out, (h_n, c_n) = lstm(x)`` gives ``out`` (N, T, H), which is the
        Keras layer's output with ``return_sequences=True``; with ``return_sequences=False``
        Keras returns ``out[:, -1]`` (N, H).

    Raises
    ------
    ValueError
        If ``layer`` is not a built Keras ``LSTM`` layer, or uses an option torch.nn.LSTM
        cannot reproduce: ``activation`` other than 'tanh', ``recurrent_activation`` other than
        'sigmoid', ``go_backwards=True`` or ``stateful=True``.

    Examples
    --------
    >>> import os; os.environ["KERAS_BACKEND"] = "torch"   # doctest: +SKIP
    >>> import keras                                        # doctest: +SKIP
    >>> layer = keras.layers.LSTM(8); layer.build((None, 5, 3))  # doctest: +SKIP
    >>> lstm_from_keras(layer)                              # doctest: +SKIP
    LSTM(3, 8, batch_first=True)
    """
    config = _check_lstm_layer(layer)
    use_bias = bool(config.get("use_bias", True))
    weights = _numpy_weights(layer)
    if len(weights) != (3 if use_bias else 2):
        raise ValueError(
            f"The LSTM layer {layer.name!r} has {len(weights)} weight arrays; expected kernel, "
            f"recurrent_kernel{' and bias' if use_bias else ''}. " + _SUPPORTED
        )
    kernel, recurrent_kernel = weights[0], weights[1]
    D, four_h = kernel.shape
    H = four_h // 4
    dtype = torch.from_numpy(kernel[:0]).dtype
    lstm = nn.LSTM(D, H, batch_first=True, bias=use_bias, dtype=dtype)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(kernel.T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(recurrent_kernel.T.copy()))
        if use_bias:
            lstm.bias_ih_l0.copy_(torch.from_numpy(weights[2]))
            lstm.bias_hh_l0.zero_()
    return lstm


def model_from_keras(model) -> StackedLSTM:
    """The PyTorch :class:`StackedLSTM` with the weights of a Keras ``Sequential`` LSTM model.

    Parameters
    ----------
    model : keras.Sequential
        A built model made of k >= 1 ``LSTM`` layers of the same number of units H (all but
        the last with ``return_sequences=True``, the last with ``return_sequences=False``),
        followed by one ``Dense(output_size)`` layer with a linear activation and a bias:
        the seed example's ``LSTM(50, return_sequences=True), LSTM(50), Dense(1)``.

    Returns
    -------
    StackedLSTM
        ``StackedLSTM(D, H, num_layers=k, output_size)``; ``module(x)`` for x (N, T, D)
        equals ``model.predict(x)``, shape (N, output_size). The LSTM layer ``l`` gets the
        weights of the l-th Keras LSTM as in :func:`lstm_from_keras`; the head gets
        ``weight`` = Dense ``kernel.T`` (output_size, H) and ``bias``.

    Raises
    ------
    ValueError
        If ``model`` is not a built Keras ``Sequential``, if its layers do not follow the
        pattern above (the message lists the layers found), if the LSTM layers differ in size
        or in ``use_bias``, or if an LSTM layer uses an option torch.nn.LSTM cannot reproduce.
    """
    keras = _keras_module()
    if keras is None or not isinstance(model, keras.Sequential):
        raise TypeError(
            f"model must be a keras.Sequential model, got {type(model).__name__}. For another "
            "kind of model, convert its LSTM layers one at a time with lstm_from_keras(layer)."
        )
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    found = ", ".join(type(layer).__name__ for layer in layers) or "no layers"
    pattern = (
        "Supported: one or more LSTM layers of the same size followed by one Dense layer, "
        f"for example LSTM(50, return_sequences=True), LSTM(50), Dense(1); got {found}."
    )
    lstm_layers, dense = layers[:-1], layers[-1] if layers else None
    if (
        not lstm_layers
        or not all(isinstance(layer, keras.layers.LSTM) for layer in lstm_layers)
        or not isinstance(dense, keras.layers.Dense)
    ):
        raise ValueError(f"model_from_keras cannot convert this model. {pattern}")
    configs = [
        _check_lstm_layer(layer, f"model.layers[{k}]") for k, layer in enumerate(layers[:-1])
    ]

    units = [c["units"] for c in configs]
    if len(set(units)) > 1:
        raise ValueError(
            f"The LSTM layers have different sizes, units={units}, but torch.nn.LSTM stacks "
            "layers of one size. Convert each layer with lstm_from_keras and chain them in "
            f"your own module. {pattern}"
        )
    biases = [bool(c.get("use_bias", True)) for c in configs]
    if len(set(biases)) > 1:
        raise ValueError(
            f"The LSTM layers differ in use_bias ({biases}), but torch.nn.LSTM's bias applies to "
            "all its layers. Give every LSTM layer the same use_bias."
        )
    if configs[-1].get("return_sequences"):
        raise ValueError(
            f"The last LSTM layer {lstm_layers[-1].name!r} has return_sequences=True, so the "
            "Dense layer reads every step; StackedLSTM reads only the last step (out[:, -1]). "
            f"Use return_sequences=False on the last LSTM layer. {pattern}"
        )
    dense_config = dense.get_config()
    if dense_config.get("activation") not in ("linear", None) or not dense_config.get("use_bias"):
        raise ValueError(
            f"The Dense layer {dense.name!r} has activation={dense_config.get('activation')!r} "
            f"and use_bias={dense_config.get('use_bias')!r}; StackedLSTM's head is a "
            "torch.nn.Linear with a bias and no activation. Supported: Dense(units) with "
            "Keras's defaults activation=None (linear) and use_bias=True."
        )

    converted = [lstm_from_keras(layer) for layer in lstm_layers]
    kernel, bias = _numpy_weights(dense)
    torch_model = StackedLSTM(
        converted[0].input_size,
        units[0],
        num_layers=len(converted),
        output_size=kernel.shape[1],
        bias=biases[0],
    ).to(converted[0].weight_ih_l0.dtype)
    with torch.no_grad():
        for k, lstm in enumerate(converted):
            for name in ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if biases[0] else ()):
                getattr(torch_model.lstm, f"{name}_l{k}").copy_(getattr(lstm, f"{name}_l0"))
        torch_model.head.weight.copy_(torch.from_numpy(kernel.T.copy()))
        torch_model.head.bias.copy_(torch.from_numpy(bias))
    return torch_model
