import numpy as np
import pytest
import torch

from lstmbook.optim import Adam, clip_grad_norm


def _params(seed=0):
    rng = np.random.default_rng(seed)
    return {"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}


def _grads(seed=1):
    rng = np.random.default_rng(seed)
    return {"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}


def test_first_step_is_lr_times_sign_of_the_gradient():
    params = _params()
    before = {k: v.copy() for k, v in params.items()}
    grads = _grads()
    Adam(params, lr=0.01).step(grads)
    for k in params:
        np.testing.assert_allclose(before[k] - params[k], 0.01 * np.sign(grads[k]), rtol=1e-6)


def test_parameters_are_updated_in_place_and_gradients_are_left_alone():
    params = _params()
    arrays = {k: v for k, v in params.items()}
    grads = _grads()
    grads_before = {k: v.copy() for k, v in grads.items()}
    opt = Adam(params, lr=0.1)
    opt.step(grads)
    assert all(params[k] is arrays[k] for k in params)
    assert all(np.array_equal(grads[k], grads_before[k]) for k in grads)
    assert opt.t == 1


def test_matches_torch_adam_over_several_steps():
    params = _params()
    torch_params = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    ours = Adam(params, lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    theirs = torch.optim.Adam(torch_params.values(), lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    for step in range(6):
        grads = _grads(seed=10 + step)
        ours.step(grads)
        for k, p in torch_params.items():
            p.grad = torch.tensor(grads[k])
        theirs.step()
    for k in params:
        np.testing.assert_allclose(params[k], torch_params[k].detach().numpy(), rtol=1e-12)


def test_minimises_a_quadratic():
    target = np.array([[1.0, -2.0], [0.5, 3.0]])
    params = {"w": np.zeros((2, 2))}
    opt = Adam(params, lr=0.05)
    for _ in range(1000):
        opt.step({"w": 2 * (params["w"] - target)})
    np.testing.assert_allclose(params["w"], target, atol=1e-3)


def test_keeps_float32_parameters_float32():
    params = {"w": np.ones(3, dtype=np.float32)}
    Adam(params, lr=0.1).step({"w": np.ones(3, dtype=np.float32)})
    assert params["w"].dtype == np.float32
    np.testing.assert_allclose(params["w"], 0.9, rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(lr=0.0), "lr must be a positive number such as 1e-3, got lr=0.0"),
        (dict(lr=-1e-3), "lr must be a positive number"),
        (dict(betas=(0.9, 1.0)), r"betas must be two numbers in \[0, 1\)"),
        (dict(eps=0.0), "eps must be a positive number such as 1e-8"),
    ],
)
def test_bad_hyperparameters_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Adam(_params(), **kwargs)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(lr="0.01"), r"lr must be a positive number such as 1e-3, got '0.01' \(str\)"),
        (dict(eps=True), r"eps must be a positive number such as 1e-8, got True \(bool\)"),
        (dict(betas=0.9), r"betas must be a pair of numbers such as \(0.9, 0.999\), got 0.9"),
    ],
)
def test_hyperparameters_of_the_wrong_type_are_refused(kwargs, message):
    with pytest.raises(TypeError, match=message):
        Adam(_params(), **kwargs)


def test_bad_params_are_refused():
    with pytest.raises(ValueError, match="params must be a non-empty dict .* with no entries"):
        Adam({})
    with pytest.raises(TypeError, match=r"params must be a non-empty dict .*got list\.$"):
        Adam([np.zeros(3)])
    with pytest.raises(TypeError, match=r"params\['w'\] must be a NumPy array of floats.*got list"):
        Adam({"w": [1.0, 2.0]})
    with pytest.raises(TypeError, match=r"params\['w'\] must be a NumPy array of floats.*got int"):
        Adam({"w": np.arange(3)})
    read_only = np.zeros(3)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match=r"params\['w'\] is read-only"):
        Adam({"w": read_only})


def test_bad_grads_are_refused():
    opt = Adam(_params())
    with pytest.raises(
        ValueError, match=r"same keys as the parameters \['W', 'b'\]; missing \['b'\]"
    ):
        opt.step({"W": np.zeros((3, 4))})
    with pytest.raises(ValueError, match=r"unexpected \['c'\]"):
        opt.step({**_grads(), "c": np.zeros(1)})
    with pytest.raises(ValueError, match=r"grads\['b'\] has shape \(5,\) but the parameter has"):
        opt.step({"W": np.zeros((3, 4)), "b": np.zeros(5)})
    with pytest.raises(ValueError, match=r"grads\['b'\] contains NaN or infinite values"):
        opt.step({"W": np.zeros((3, 4)), "b": np.array([0.0, np.nan, 0.0, 0.0])})
    with pytest.raises(TypeError, match="grads must be a dict of NumPy arrays .*got list"):
        opt.step([np.zeros((3, 4)), np.zeros(4)])
    assert opt.t == 0  # no refused call counted as a step


def test_clip_returns_the_norm_before_clipping_and_keeps_the_direction():
    grads = _grads()
    before = {k: v.copy() for k, v in grads.items()}
    expected = np.sqrt(sum(np.sum(v**2) for v in before.values()))
    norm = clip_grad_norm(grads, max_norm=0.5)
    assert isinstance(norm, float)
    assert norm == pytest.approx(expected)
    after = np.sqrt(sum(np.sum(v**2) for v in grads.values()))
    assert after == pytest.approx(0.5)
    for k in grads:  # same direction: every array scaled by the same positive factor
        np.testing.assert_allclose(grads[k], before[k] * 0.5 / expected)


def test_clip_leaves_small_gradients_alone():
    grads = {"a": np.array([0.3]), "b": np.array([[0.4]])}
    assert clip_grad_norm(grads, max_norm=1.0) == pytest.approx(0.5)
    assert grads["a"][0] == 0.3 and grads["b"][0, 0] == 0.4


def test_clip_matches_torch():
    grads = _grads()
    tensors = [
        torch.zeros(v.shape, dtype=torch.float64, requires_grad=True) for v in grads.values()
    ]
    for t, v in zip(tensors, grads.values(), strict=True):
        t.grad = torch.tensor(v)
    torch_norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm=0.7)
    norm = clip_grad_norm(grads, max_norm=0.7)
    assert norm == pytest.approx(float(torch_norm))
    for t, v in zip(tensors, grads.values(), strict=True):
        np.testing.assert_allclose(v, t.grad.numpy(), rtol=1e-5)


def test_clip_refuses_bad_input():
    with pytest.raises(ValueError, match="max_norm must be a positive number such as 1.0"):
        clip_grad_norm(_grads(), max_norm=0)
    with pytest.raises(ValueError, match=r"grads\['a'\] contains NaN or infinite values"):
        clip_grad_norm({"a": np.array([np.inf])}, max_norm=1.0)
    with pytest.raises(TypeError, match=r"grads\['a'\] must be a NumPy array of floats, got list"):
        clip_grad_norm({"a": [1.0]}, max_norm=1.0)
    read_only = np.ones(2)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match=r"grads\['a'\] is read-only"):
        clip_grad_norm({"a": read_only}, max_norm=1.0)
