"""Timings of the book's NumPy code and its own PyTorch LSTM against PyTorch, as one table.

Run it with ``python scripts/bench.py`` (``--repeats`` to change the number of timed runs).
Each comparison is a function returning a :class:`Comparison`; add a new one to
:data:`COMPARISONS` and ``main`` prints it with the others.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.utils.benchmark as benchmark
from threadpoolctl import threadpool_info, threadpool_limits

from lstmbook import scratch, torch_lstm

# The setting every comparison uses (the book's reference size).
BATCH, STEPS, INPUTS, HIDDEN = 32, 50, 8, 64
THREADS = 2
DTYPE = np.float32


@dataclass
class Comparison:
    """Median seconds per call of our code and of the reference implementation."""

    name: str
    ours: float
    reference: float

    @property
    def ratio(self) -> float:
        return self.ours / self.reference


def median_times(fns: dict[str, Callable[[], object]], repeats: int, rounds: int = 5):
    """Median wall-clock seconds per call of each zero-argument function.

    ``torch.utils.benchmark.Timer`` does the timing (warm-up, blocks of calls, the thread count
    fixed for the measurement). The runs are split into ``rounds`` that alternate between the
    functions (a b a b ...), so that a burst of load from another process falls on both sides.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    per_round = max(1, -(-repeats // rounds))
    for _ in range(rounds):
        for name, fn in fns.items():
            timer = benchmark.Timer("fn()", globals={"fn": fn}, num_threads=THREADS)
            times[name].extend(timer.timeit(per_round).times)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _inputs(rng: np.random.Generator, hidden: int):
    x = rng.standard_normal((BATCH, STEPS, INPUTS)).astype(DTYPE)
    dhs = rng.standard_normal((BATCH, STEPS, hidden)).astype(DTYPE)
    return x, dhs


def _torch_weights(module: torch.nn.RNNBase) -> dict[str, np.ndarray]:
    """nn.LSTM / nn.RNN weights as lstmbook.scratch parameters (W_x, W_h, b)."""
    return {
        "W_x": module.weight_ih_l0.detach().numpy().T.copy(),
        "W_h": module.weight_hh_l0.detach().numpy().T.copy(),
        "b": (module.bias_ih_l0 + module.bias_hh_l0).detach().numpy(),
    }


def _torch_fwd_bwd(module: torch.nn.RNNBase, x: np.ndarray, dhs: np.ndarray):
    x_t = torch.from_numpy(x).requires_grad_(True)  # dx is computed on both sides
    dhs_t = torch.from_numpy(dhs)

    def run():
        module.zero_grad(set_to_none=True)
        x_t.grad = None
        hs, _ = module(x_t)
        hs.backward(dhs_t)

    return run


def lstm_forward_backward(repeats: int) -> Comparison:
    """lstmbook.scratch.lstm_forward + lstm_backward against torch.nn.LSTM's forward + backward."""
    torch.manual_seed(0)
    module = torch.nn.LSTM(INPUTS, HIDDEN, batch_first=True)
    params = _torch_weights(module)
    x, dhs = _inputs(np.random.default_rng(0), HIDDEN)

    def ours():
        hs, _, cache = scratch.lstm_forward(x, params)
        scratch.lstm_backward(dhs, cache)

    t = median_times({"ours": ours, "torch": _torch_fwd_bwd(module, x, dhs)}, repeats)
    return Comparison("LSTM forward+backward", t["ours"], t["torch"])


def rnn_forward_backward(repeats: int) -> Comparison:
    """lstmbook.scratch.rnn_forward + rnn_backward against torch.nn.RNN's forward + backward."""
    torch.manual_seed(0)
    module = torch.nn.RNN(INPUTS, HIDDEN, batch_first=True)
    params = _torch_weights(module)
    x, dhs = _inputs(np.random.default_rng(0), HIDDEN)

    def ours():
        hs, _, cache = scratch.rnn_forward(x, params)
        scratch.rnn_backward(dhs, cache)

    t = median_times({"ours": ours, "torch": _torch_fwd_bwd(module, x, dhs)}, repeats)
    return Comparison("RNN forward+backward", t["ours"], t["torch"])


def torch_lstm_forward_backward(repeats: int) -> list[Comparison]:
    """lstmbook.torch_lstm.LSTM against torch.nn.LSTM, forward + backward (chapter 6).

    Two rows: the autograd loop (``manual_backward=False``) and the hand-written backward pass
    (``manual_backward=True``), each divided by nn.LSTM's time. The three modules, with the
    same weights, are timed in one :func:`median_times` call, so both ratios come from the
    same run.
    """
    torch.manual_seed(0)
    reference = torch.nn.LSTM(INPUTS, HIDDEN, batch_first=True)
    modules = {
        "loop": torch_lstm.LSTM(INPUTS, HIDDEN),
        "hand": torch_lstm.LSTM(INPUTS, HIDDEN, manual_backward=True),
        "torch": reference,
    }
    for module in modules.values():
        module.load_state_dict(reference.state_dict())
    x, dhs = _inputs(np.random.default_rng(0), HIDDEN)
    t = median_times({k: _torch_fwd_bwd(m, x, dhs) for k, m in modules.items()}, repeats)
    return [
        Comparison("torch_lstm, autograd", t["loop"], t["torch"]),
        Comparison("torch_lstm, by hand", t["hand"], t["torch"]),
    ]


COMPARISONS: list[Callable[[int], Comparison]] = [lstm_forward_backward, rnn_forward_backward]


def main(argv: list[str] | None = None) -> list[Comparison]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200, help="timed runs per function")
    args = parser.parse_args(argv)

    torch.set_num_threads(THREADS)
    blas = ", ".join(
        sorted({i["internal_api"] for i in threadpool_info() if i["user_api"] == "blas"})
    )
    print(
        f"batch {BATCH}, {STEPS} steps, {INPUTS} inputs, {HIDDEN} hidden, "
        f"{np.dtype(DTYPE).name}, {THREADS} threads (torch and NumPy's {blas}); "
        f"median of {args.repeats} runs"
    )
    print(f"numpy {np.__version__}, torch {torch.__version__}, {platform.machine()}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if load > 0.5 * cores:
        print(
            f"warning: load average {load:.1f} on {cores} cores; other processes compete, so "
            "times are inflated and noisy (the ratio suffers less)"
        )
    print(f"{'':24}{'lstmbook':>12}{'torch':>12}{'ratio':>9}")
    results = []
    with threadpool_limits(limits=THREADS, user_api="blas"):
        for compare in COMPARISONS:
            r = compare(args.repeats)
            results.append(r)
            print(f"{r.name:24}{r.ours * 1e3:>9.2f} ms{r.reference * 1e3:>9.2f} ms{r.ratio:>8.2f}x")
        for r in torch_lstm_forward_backward(args.repeats):
            results.append(r)
            print(f"{r.name:24}{r.ours * 1e3:>9.2f} ms{r.reference * 1e3:>9.2f} ms{r.ratio:>8.2f}x")
    return results


if __name__ == "__main__":
    main()
