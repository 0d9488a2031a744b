import random

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from lstmbook import train


def line(n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 1))
    return X, 3 * X - 0.5


def linear(seed=0):
    torch.manual_seed(seed)
    return nn.Linear(1, 1)


class TinyLSTM(nn.Module):
    """Reads (B, T, 1), predicts (B,): the shape of the book's sequence models."""

    def __init__(self, hidden=4, dropout=0.0):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(self.drop(out[:, -1])).squeeze(-1)


def sequences(n=40, T=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, T, 1))
    return X, X[:, :, 0].sum(axis=1)


# --- helpers ---------------------------------------------------------------------------------


def test_set_seed_seeds_python_numpy_and_torch():
    train.set_seed(3)
    first = (random.random(), np.random.rand(), torch.rand(1).item())
    train.set_seed(3)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first
    with pytest.raises(ValueError, match="seed must be at least 0, got seed=-1"):
        train.set_seed(-1)
    with pytest.raises(TypeError, match=r"seed must be a whole number >= 0, got 1.5 \(float\)"):
        train.set_seed(1.5)


def test_get_device():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert train.get_device() == torch.device(expected)


# --- fit ---------------------------------------------------------------------------------------


def test_fit_learns_a_line():
    X, y = line()
    model = linear()
    history = train.fit(model, (X, y), epochs=60, lr=0.05, batch_size=16, progress=False)
    assert isinstance(history, train.History)
    assert history.epochs_run == 60 and len(history.train_loss) == 60
    assert history.val_loss == [] and history.best_epoch is None and not history.stopped_early
    assert history.train_loss[-1] < 1e-3 * history.train_loss[0]
    assert history.seconds > 0
    assert model.weight.item() == pytest.approx(3, abs=0.01)
    assert model.bias.item() == pytest.approx(-0.5, abs=0.01)


def test_train_loss_is_the_mean_over_samples_of_the_epoch():
    X, y = line(n=10)
    model = linear()
    opt = torch.optim.SGD(model.parameters(), lr=0.0)  # weights never move
    history = train.fit(model, (X, y), epochs=1, batch_size=4, optimizer=opt, progress=False)
    with torch.no_grad():
        expected = nn.functional.mse_loss(
            model(torch.tensor(X, dtype=torch.float32)), torch.tensor(y, dtype=torch.float32)
        ).item()
    assert history.train_loss[0] == pytest.approx(expected, rel=1e-5)  # batches of 4, 4, 2


def test_val_loss_and_best_epoch():
    X, y = line()
    Xv, yv = line(seed=1)
    history = train.fit(linear(), (X, y), (Xv, yv), epochs=20, lr=0.05, progress=False)
    assert len(history.val_loss) == 20
    assert history.best_epoch == int(np.argmin(history.val_loss))
    assert history.val_loss[-1] < history.val_loss[0]


def test_fit_is_deterministic_for_a_seed():
    X, y = sequences()

    def run(seed):
        torch.manual_seed(0)
        model = TinyLSTM(dropout=0.3)  # dropout draws from torch's global generator
        return train.fit(model, (X, y), epochs=3, batch_size=8, seed=seed, progress=False)

    first, second, other = run(0), run(0), run(1)
    assert first.train_loss == second.train_loss
    assert first.train_loss != other.train_loss  # the seed does change the shuffling


def test_fit_leaves_torchs_global_generator_alone():
    X, y = line()
    model = linear()
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    train.fit(model, (X, y), epochs=2, seed=9, progress=False)
    assert torch.equal(torch.rand(3), expected)


def test_fit_restores_the_mode_and_trains_in_train_mode():
    modes = []

    class Spy(nn.Linear):
        def forward(self, x):
            modes.append(self.training)
            return super().forward(x)

    X, y = line(n=8)
    model = Spy(1, 1)
    model.eval()
    train.fit(model, (X, y), (X, y), epochs=1, batch_size=8, progress=False)
    assert modes == [True, False]  # one training batch, then validation in eval mode
    assert not model.training


class Scripted(nn.Module):
    """A 'model' whose validation loss follows a script: epoch k predicts script[k]."""

    def __init__(self, script):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(()))
        self.script = script
        self.epoch = 0

    def forward(self, x):
        if self.training:
            return self.w * x
        with torch.no_grad():
            self.w.fill_(float(self.epoch))  # the weight records the epoch it was set in
        value = self.script[self.epoch]
        self.epoch += 1
        return torch.full_like(x, value)


def test_early_stopping_stops_and_restores_the_best_weights():
    X = np.zeros((4, 1))
    y = np.zeros((4, 1))
    script = [5.0, 3.0, 1.0, 2.0, 4.0, 3.0, 0.5, 0.1]  # best at epoch 2 until epoch 6
    model = Scripted(script)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    history = train.fit(
        model, (X, y), (X, y), epochs=8, patience=3, optimizer=opt, batch_size=4, progress=False
    )
    assert history.epochs_run == 6 and history.stopped_early
    assert history.best_epoch == 2
    assert history.val_loss == pytest.approx([25.0, 9.0, 1.0, 4.0, 16.0, 9.0])
    assert model.w.item() == 2.0  # the weights of epoch 2, not those of epoch 5


def test_patience_not_reached_runs_all_epochs_and_keeps_the_best_weights():
    X = np.zeros((4, 1))
    y = np.zeros((4, 1))
    model = Scripted([3.0, 1.0, 2.0])
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    history = train.fit(
        model, (X, y), (X, y), epochs=3, patience=5, optimizer=opt, batch_size=4, progress=False
    )
    assert history.epochs_run == 3 and not history.stopped_early
    assert history.best_epoch == 1 and model.w.item() == 1.0


def test_restore_best_without_patience_runs_every_epoch_and_keeps_the_best():
    X = np.zeros((4, 1))
    y = np.zeros((4, 1))
    script = [3.0, 1.0, 2.0, 4.0]

    def run(**kwargs):
        model = Scripted(script)
        opt = torch.optim.SGD(model.parameters(), lr=0.0)
        history = train.fit(
            model, (X, y), (X, y), epochs=4, optimizer=opt, batch_size=4, progress=False, **kwargs
        )
        return model, history

    model, history = run(restore_best=True)
    assert history.epochs_run == 4 and not history.stopped_early
    assert history.best_epoch == 1 and model.w.item() == 1.0
    model, history = run()  # default without patience: the last epoch's weights
    assert history.best_epoch == 1 and model.w.item() == 3.0
    model, history = run(patience=1, restore_best=False)  # stop early, keep the last weights
    assert history.epochs_run == 3 and history.stopped_early and model.w.item() == 2.0


def test_early_stopping_on_a_real_model_restores_the_best_validation_loss():
    X, y = sequences(n=32)
    Xv, yv = sequences(n=16, seed=1)
    torch.manual_seed(0)
    model = TinyLSTM()
    history = train.fit(
        model, (X, y), (Xv, yv), epochs=300, lr=0.1, batch_size=8, patience=2, progress=False
    )
    assert history.stopped_early and history.epochs_run < 300
    assert history.epochs_run == history.best_epoch + 1 + 2
    pred = train.predict(model, Xv)
    mse = float(np.mean((pred - yv.astype(np.float32)) ** 2))
    assert mse == pytest.approx(min(history.val_loss), rel=1e-4)


class NormRecorder(torch.optim.SGD):
    """SGD that records the joint gradient norm it is asked to apply."""

    def __init__(self, params, **kwargs):
        params = list(params)
        super().__init__(params, **kwargs)
        self.params, self.norms = params, []

    def step(self, closure=None):
        self.norms.append(torch.norm(torch.stack([p.grad.norm() for p in self.params])).item())
        return super().step(closure)


def test_clip_norm_bounds_the_gradient_norm_of_every_step():
    X, y = line()
    y = 100 * y  # large errors, large gradients

    def norms(clip_norm):
        model = linear()
        opt = NormRecorder(model.parameters(), lr=1e-4)
        train.fit(
            model,
            (X, y),
            epochs=3,
            batch_size=16,
            optimizer=opt,
            clip_norm=clip_norm,
            progress=False,
        )
        return np.array(opt.norms)

    free, clipped = norms(None), norms(0.5)
    assert len(clipped) == 12 and free.min() > 0.5  # without clipping every step is larger
    np.testing.assert_allclose(clipped, 0.5, rtol=1e-4)  # rescaled to exactly the bound


def test_clip_norm_calls_clip_grad_norm_each_step(monkeypatch):
    calls = []
    real = torch.nn.utils.clip_grad_norm_

    def spy(params, max_norm, *args, **kwargs):
        calls.append(max_norm)
        return real(params, max_norm, *args, **kwargs)

    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", spy)
    X, y = line(n=20)
    train.fit(linear(), (X, y), epochs=2, batch_size=10, clip_norm=1.5, progress=False)
    assert calls == [1.5] * 4


def test_dataset_and_dataloader_inputs_are_accepted():
    X, y = sequences()
    tensors = TensorDataset(
        torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    )

    def run(data, val):
        torch.manual_seed(0)
        return train.fit(
            TinyLSTM(), data, val, epochs=2, batch_size=8, shuffle=False, progress=False
        )

    from_arrays = run((X, y), (X, y))
    from_dataset = run(tensors, tensors)
    from_loader = run(DataLoader(tensors, batch_size=8), DataLoader(tensors, batch_size=40))
    from_tensors = run((torch.tensor(X), torch.tensor(y)), None)
    assert from_arrays.train_loss == from_dataset.train_loss == from_loader.train_loss
    assert from_arrays.val_loss == pytest.approx(from_loader.val_loss, rel=1e-5)
    assert from_tensors.train_loss == from_arrays.train_loss


def test_a_custom_dataset_and_loss():
    class Pairs(Dataset):
        def __len__(self):
            return 12

        def __getitem__(self, k):
            x = torch.tensor([k / 12.0])
            return x, 2 * x

    history = train.fit(
        linear(), Pairs(), epochs=30, lr=0.05, batch_size=4, loss_fn=nn.L1Loss(), progress=False
    )
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]


def test_progress_bar_shows_the_losses(capsys):
    X, y = line(n=8)
    train.fit(linear(), (X, y), (X, y), epochs=2, progress=True)
    shown = capsys.readouterr()
    assert "fit" in shown.out and "train=" in shown.out and "val=" in shown.out
    assert shown.err == ""  # stderr stays for trouble
    train.fit(linear(), (X, y), epochs=2, progress=False)
    assert capsys.readouterr().out == ""
    train.fit(linear(), (X, y), epochs=1, desc="LSTM")
    assert "LSTM: 100%" in capsys.readouterr().out


# --- predict -----------------------------------------------------------------------------------


def test_predict_returns_numpy_in_eval_mode_without_grad():
    X, _ = sequences(n=300)
    torch.manual_seed(0)
    model = TinyLSTM(dropout=0.5)
    pred = train.predict(model, X, batch_size=128)
    assert isinstance(pred, np.ndarray) and pred.shape == (300,) and pred.dtype == np.float32
    with torch.no_grad():
        model.eval()
        expected = model(torch.tensor(X, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(pred, expected, rtol=1e-5, atol=1e-6)  # no dropout: eval mode
    model.train()
    train.predict(model, X[:5])
    assert model.training  # mode restored


# --- error messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0}, "epochs must be at least 1, got epochs=0"),
        ({"batch_size": 0}, "batch_size must be at least 1, got batch_size=0"),
        ({"lr": -1.0}, "lr must be a positive number such as 1e-3, got lr=-1.0"),
        ({"clip_norm": 0}, "clip_norm must be a positive number such as 1.0, got clip_norm=0.0"),
        ({"patience": 0}, "patience must be at least 1, got patience=0"),
        ({"patience": 3}, r"patience=3 .* no val_data was given\. Pass val_data=\(X_val, y_val\)"),
        ({"seed": -2}, "seed must be at least 0, got seed=-2"),
        ({"restore_best": True}, r"restore_best=True .* no val_data was given"),
    ],
)
def test_fit_argument_errors(kwargs, message):
    X, y = line()
    with pytest.raises(ValueError, match=message):
        train.fit(linear(), (X, y), progress=False, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 2.5}, r"epochs must be a whole number >= 1, got 2.5 \(float\)"),
        ({"lr": "1e-3"}, r"lr must be a positive number such as 1e-3, got '1e-3' \(str\)"),
    ],
)
def test_fit_argument_type_errors(kwargs, message):
    X, y = line()
    with pytest.raises(TypeError, match=message):
        train.fit(linear(), (X, y), progress=False, **kwargs)


def test_fit_data_errors():
    X, y = line()
    cases = [
        (
            (X, y[:-1]),
            "train_data: X and y must have one row per sample, but X has 64 rows and y has 63",
        ),
        ((X[:0], y[:0]), "train_data is empty"),
        (TensorDataset(torch.zeros(0, 1), torch.zeros(0, 1)), "train_data is empty"),
        ((X, y, y), r"train_data must be a pair \(X, y\), got a tuple of 3 items"),
    ]
    for data, message in cases:
        with pytest.raises(ValueError, match=message):
            train.fit(linear(), data, progress=False)
    type_cases = [
        (
            "data.csv",
            r"train_data must be a pair \(X, y\) of arrays or tensors, a "
            "torch.utils.data.Dataset or a DataLoader, got str",
        ),
        (
            (np.array(["a", "b"]), y[:2]),
            "train_data X must hold numbers, got an array of dtype <U1",
        ),
    ]
    for data, message in type_cases:
        with pytest.raises(TypeError, match=message):
            train.fit(linear(), data, progress=False)


def test_fit_names_the_array_and_index_of_a_nan():
    X, y = line()
    X_bad = X.copy()
    X_bad[7, 0] = np.nan
    with pytest.raises(
        ValueError,
        match=r"train_data X contains 1 NaN value\(s\) .* at index "
        r"\(7, 0\)\. Fill or drop them",
    ):
        train.fit(linear(), (X_bad, y), progress=False)
    y_bad = y[:, 0].copy()
    y_bad[[3, 9]] = np.inf
    with pytest.raises(ValueError, match=r"val_data y contains 2 infinite .* at index 3\."):
        train.fit(linear(), (X, y), (X[:, 0], y_bad), progress=False)


def test_fit_model_errors():
    X, y = line()
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got function"):
        train.fit(lambda x: x, (X, y), progress=False)
    with pytest.raises(
        ValueError,
        match=r"predictions of shape \(32, 1\) but y has shape \(32,\)"
        r".*\.squeeze\(-1\)",
    ):
        train.fit(linear(), (X, y[:, 0]), progress=False)
    X_seq, y_seq = sequences()
    with pytest.raises(TypeError, match=r"must return one tensor .* got a tuple\. A bare nn.LSTM"):
        train.fit(nn.LSTM(1, 2, batch_first=True), (X_seq, y_seq), progress=False)


def test_a_loader_of_single_tensors_is_refused():
    loader = DataLoader(torch.zeros(4, 1), batch_size=2)
    with pytest.raises(
        TypeError, match=r"each batch must be a pair \(X, y\).* yields Tensor items"
    ):
        train.fit(linear(), loader, progress=False)


def test_predict_errors():
    model = linear()
    with pytest.raises(ValueError, match="X is empty"):
        train.predict(model, np.zeros((0, 1)))
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        train.predict(model, np.zeros((3, 1)), batch_size=0)
    with pytest.raises(ValueError, match=r"X contains 1 NaN .* at index \(1, 0\)"):
        train.predict(model, np.array([[0.0], [np.nan]]))
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        train.predict("model", np.zeros((3, 1)))
