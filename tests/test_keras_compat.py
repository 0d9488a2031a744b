import os

os.environ["KERAS_BACKEND"] = "torch"  # before the first import of keras

import keras
import numpy as np
import pytest
import torch

from lstmbook import scratch
from lstmbook.keras_compat import StackedLSTM, lstm_from_keras, model_from_keras

# Keras's torch backend converts its variables with np.array(x), which NumPy 2 reports.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(5, 7, 3)).astype(np.float32)


def built_lstm(units=4, input_size=3, seed=0, **options):
    keras.utils.set_random_seed(seed)
    layer = keras.layers.LSTM(units, **options)
    layer.build((None, 7, input_size))
    return layer


def keras_out(layer, x):
    return keras.ops.convert_to_numpy(layer(x))


def seed_model(units=6, output_size=1, input_size=3):
    keras.utils.set_random_seed(1)
    return keras.Sequential(
        [
            keras.Input((7, input_size)),
            keras.layers.LSTM(units, return_sequences=True),
            keras.layers.LSTM(units),
            keras.layers.Dense(output_size),
        ]
    )


def randomise_biases(layer, seed=0):
    """Keras starts biases at 0 and 1; random ones make a test that cannot pass by luck."""
    weights = layer.get_weights()
    weights[-1] = np.random.default_rng(seed).normal(size=weights[-1].shape).astype(np.float32)
    layer.set_weights(weights)


# --- lstm_from_keras ---------------------------------------------------------------------------


def test_lstm_from_keras_copies_the_weights_transposed():
    layer = built_lstm()
    kernel, recurrent_kernel, bias = layer.get_weights()
    lstm = lstm_from_keras(layer)
    assert isinstance(lstm, torch.nn.LSTM) and lstm.batch_first
    assert (lstm.input_size, lstm.hidden_size, lstm.num_layers) == (3, 4, 1)
    np.testing.assert_array_equal(lstm.weight_ih_l0.detach().numpy(), kernel.T)
    np.testing.assert_array_equal(lstm.weight_hh_l0.detach().numpy(), recurrent_kernel.T)
    np.testing.assert_array_equal(lstm.bias_ih_l0.detach().numpy(), bias)
    assert not lstm.bias_hh_l0.detach().numpy().any()


@pytest.mark.parametrize("return_sequences", [True, False])
def test_lstm_from_keras_reproduces_the_layer(return_sequences):
    layer = built_lstm(return_sequences=return_sequences)
    randomise_biases(layer)
    out, (h_n, c_n) = lstm_from_keras(layer)(torch.from_numpy(X))
    expected = keras_out(layer, X)
    got = out if return_sequences else out[:, -1]
    np.testing.assert_allclose(got.detach().numpy(), expected, atol=1e-5)
    np.testing.assert_allclose(
        h_n[0].detach().numpy(), expected[:, -1] if return_sequences else expected, atol=1e-5
    )


def test_lstm_from_keras_final_states_match_return_state():
    layer = built_lstm(return_state=True)
    randomise_biases(layer, seed=1)
    _, h_keras, c_keras = layer(X)
    _, (h_n, c_n) = lstm_from_keras(layer)(torch.from_numpy(X))
    np.testing.assert_allclose(
        h_n[0].detach().numpy(), keras.ops.convert_to_numpy(h_keras), atol=1e-5
    )
    np.testing.assert_allclose(
        c_n[0].detach().numpy(), keras.ops.convert_to_numpy(c_keras), atol=1e-5
    )


def test_lstm_from_keras_keeps_float64():
    layer = built_lstm(dtype="float64", return_sequences=True)
    lstm = lstm_from_keras(layer)
    assert lstm.weight_ih_l0.dtype == torch.float64
    x64 = X.astype(np.float64)
    out, _ = lstm(torch.from_numpy(x64))
    np.testing.assert_allclose(out.detach().numpy(), keras_out(layer, x64), atol=1e-12)


def test_lstm_from_keras_without_bias():
    layer = built_lstm(use_bias=False, return_sequences=True)
    lstm = lstm_from_keras(layer)
    assert not lstm.bias
    out, _ = lstm(torch.from_numpy(X))
    np.testing.assert_allclose(out.detach().numpy(), keras_out(layer, X), atol=1e-5)


def test_dropout_does_not_change_inference_outputs():
    layer = built_lstm(dropout=0.5, recurrent_dropout=0.5, return_sequences=True)
    out, _ = lstm_from_keras(layer)(torch.from_numpy(X))
    np.testing.assert_allclose(out.detach().numpy(), keras_out(layer, X), atol=1e-5)


def test_numpy_reference_takes_the_keras_weights_untransposed():
    layer = built_lstm(return_sequences=True)
    randomise_biases(layer, seed=2)
    kernel, recurrent_kernel, bias = layer.get_weights()
    params = {"W_x": kernel, "W_h": recurrent_kernel, "b": bias}
    hs, _, _ = scratch.lstm_forward(X.astype(np.float64), params)
    np.testing.assert_allclose(hs, keras_out(layer, X), atol=1e-5)


def test_a_fresh_keras_layer_starts_its_forget_gate_at_one():
    layer = built_lstm(units=5)
    bias = layer.get_weights()[2]
    H = 5
    np.testing.assert_array_equal(bias[H : 2 * H], 1.0)
    np.testing.assert_array_equal(np.delete(bias, np.s_[H : 2 * H]), 0.0)


def test_the_wrong_gate_order_gives_other_outputs():
    """Guard against a converter that reorders: i, f, o, g (a blog order) must not match."""
    layer = built_lstm(return_sequences=True)
    randomise_biases(layer, seed=3)
    lstm = lstm_from_keras(layer)
    H = 4
    order = [0, 1, 3, 2]  # i, f, o, g
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0"):
            w = getattr(lstm, name)
            w.copy_(torch.cat([w[k * H : (k + 1) * H] for k in order]))
    out, _ = lstm(torch.from_numpy(X))
    assert np.abs(out.detach().numpy() - keras_out(layer, X)).max() > 1e-2


# --- model_from_keras --------------------------------------------------------------------------


def test_model_from_keras_reproduces_the_seed_architecture():
    model = seed_model(output_size=2)
    for layer in model.layers[:2]:
        randomise_biases(layer, seed=4)
    torch_model = model_from_keras(model)
    assert isinstance(torch_model, StackedLSTM)
    assert torch_model.lstm.num_layers == 2 and torch_model.lstm.hidden_size == 6
    assert torch_model.head.out_features == 2
    with torch.no_grad():
        got = torch_model(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(got, model.predict(X, verbose=0), atol=1e-5)


def test_model_from_keras_accepts_input_shape_on_the_first_layer():
    """The seed's way of giving the input shape (Keras 3 warns, but builds the model)."""
    keras.utils.set_random_seed(2)
    model = keras.Sequential()
    with pytest.warns(UserWarning, match="input_shape"):
        model.add(keras.layers.LSTM(3, input_shape=(7, 3)))
    model.add(keras.layers.Dense(1))
    torch_model = model_from_keras(model)
    assert torch_model.lstm.num_layers == 1
    with torch.no_grad():
        got = torch_model(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(got, model.predict(X, verbose=0), atol=1e-5)


def test_parameter_counts_differ_by_the_second_bias():
    model = seed_model(units=6)
    torch_model = model_from_keras(model)
    n_torch = sum(p.numel() for p in torch_model.parameters())
    assert n_torch - model.count_params() == 2 * 4 * 6  # bias_hh: 4H per layer


def test_stacked_lstm_shapes_and_checks():
    model = StackedLSTM(3, 5, num_layers=2, output_size=4)
    assert model(torch.zeros(2, 7, 3)).shape == (2, 4)
    with pytest.raises(ValueError, match="hidden_size must be at least 1, got hidden_size=0"):
        StackedLSTM(3, 0)


# --- errors ------------------------------------------------------------------------------------


def test_not_a_keras_layer():
    with pytest.raises(TypeError, match="must be a keras.layers.LSTM layer, got LSTM"):
        lstm_from_keras(torch.nn.LSTM(3, 4))


def test_other_recurrent_layers_are_refused():
    layer = keras.layers.GRU(4)
    layer.build((None, 7, 3))
    with pytest.raises(TypeError, match="got a GRU layer .* LSTM layers only"):
        lstm_from_keras(layer)


def test_a_model_is_sent_to_model_from_keras():
    with pytest.raises(TypeError, match="For a whole model use model_from_keras"):
        lstm_from_keras(seed_model())


def test_bidirectional_is_refused():
    layer = keras.layers.Bidirectional(keras.layers.LSTM(4))
    layer.build((None, 7, 3))
    with pytest.raises(ValueError, match="Bidirectional .* layer.forward_layer"):
        lstm_from_keras(layer)


def test_an_unbuilt_layer_is_refused():
    with pytest.raises(ValueError, match="has no weights yet: .* Build it first"):
        lstm_from_keras(keras.layers.LSTM(4))


@pytest.mark.parametrize(
    "options, message",
    [
        (
            {"activation": "relu"},
            "activation='relu', but torch.nn.LSTM always uses activation='tanh'",
        ),
        (
            {"recurrent_activation": "hard_sigmoid"},
            "recurrent_activation='hard_sigmoid' .Keras 2 before version 2.3",
        ),
        ({"go_backwards": True}, "go_backwards=True .* x.flip.1."),
        ({"stateful": True}, "stateful=True .* initial states .h0, c0."),
    ],
)
def test_unsupported_options_are_named(options, message):
    keras.utils.set_random_seed(0)
    layer = keras.layers.LSTM(4, **options)
    layer.build((2, 7, 3))  # a stateful layer needs a fixed batch size
    with pytest.raises(ValueError, match=message) as info:
        lstm_from_keras(layer)
    assert "Supported: a built keras.layers.LSTM with activation='tanh'" in str(info.value)


def test_model_from_keras_needs_a_sequential():
    with pytest.raises(TypeError, match="must be a keras.Sequential model, got StackedLSTM"):
        model_from_keras(StackedLSTM(1, 2))


@pytest.mark.parametrize(
    "layers, message",
    [
        (lambda: [keras.layers.Dense(1)], "got Dense"),
        (
            lambda: [keras.layers.LSTM(4), keras.layers.Dropout(0.1), keras.layers.Dense(1)],
            "got LSTM, Dropout, Dense",
        ),
        (lambda: [keras.layers.LSTM(4)], "got LSTM"),
        (
            lambda: [
                keras.layers.LSTM(4, return_sequences=True),
                keras.layers.LSTM(2),
                keras.layers.Dense(1),
            ],
            r"different sizes, units=\[4, 2\]",
        ),
        (
            lambda: [
                keras.layers.LSTM(4, return_sequences=True),
                keras.layers.LSTM(4, use_bias=False),
                keras.layers.Dense(1),
            ],
            r"differ in use_bias \(\[True, False\]\)",
        ),
        (
            lambda: [keras.layers.LSTM(4, return_sequences=True), keras.layers.Dense(1)],
            "has return_sequences=True, so the Dense layer reads every step",
        ),
        (
            lambda: [keras.layers.LSTM(4), keras.layers.Dense(1, activation="sigmoid")],
            "activation='sigmoid' and use_bias=True; .* Supported: Dense",
        ),
        (
            lambda: [keras.layers.LSTM(4, activation="relu"), keras.layers.Dense(1)],
            "activation='relu', but torch.nn.LSTM always uses activation='tanh'",
        ),
    ],
)
def test_model_from_keras_names_what_it_found(layers, message):
    model = keras.Sequential([keras.Input((7, 3)), *layers()])
    with pytest.raises(ValueError, match=message):
        model_from_keras(model)
