"""The book's own LSTM as a PyTorch module, interchangeable with ``torch.nn.LSTM``.

:class:`LSTM` has the parameters of a one-layer ``nn.LSTM`` under the same names and shapes
(``weight_ih_l0`` (4H, D), ``weight_hh_l0`` (4H, H), ``bias_ih_l0`` and ``bias_hh_l0`` (4H,),
gate blocks in the order **i, f, g, o**), so ``load_state_dict`` works in both directions, and
it is called like ``nn.LSTM(input_size, hidden_size, batch_first=True)``::

    out, (h_n, c_n) = lstm(x)            # x (B, T, D) -> out (B, T, H), h_n and c_n (1, B, H)

One step, with ``W_ih = weight_ih_l0``, ``W_hh = weight_hh_l0``::

    a_t = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh       shape (B, 4H)
    i_t, f_t, o_t = σ(a_t blocks 0, 1, 3);  g_t = ~C_t = tanh(a_t block 2)
    C_t = f_t * C_{t-1} + i_t * g_t
    h_t = o_t * tanh(C_t)

Two ways to get the gradients:

- ``manual_backward=False`` (the default): a Python loop over :meth:`LSTM.step`, written with
  ordinary tensor operations; autograd records every operation and differentiates them.
- ``manual_backward=True``: :class:`LSTMFunction`, a ``torch.autograd.Function`` whose
  ``backward`` is backpropagation through time written by hand (the equations of
  :func:`lstmbook.scratch.lstm_backward`), with torch operations. It is about twice as fast
  on the book's benchmark (batch 32, 50 steps, 8 inputs, 64 hidden): one GEMM for the input
  projections of all steps, preallocated buffers, one matmul and a few in-place elementwise
  operations per step, and the weight gradients as one GEMM over all steps.

Both work in float32 and float64 and on whatever device the parameters live on.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from lstmbook import _validate as v

__all__ = ["LSTM", "LSTMFunction", "StackedLSTM", "lstm_function", "graph_size"]


class LSTMFunction(torch.autograd.Function):
    """One-layer LSTM over a whole sequence, with backpropagation through time by hand.

    ``LSTMFunction.apply(x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh)`` returns
    ``(out, h_n, c_n)``. Shapes: ``x`` (B, T, D); ``h0``, ``c0`` (B, H); ``weight_ih``
    (4H, D); ``weight_hh`` (4H, H); ``bias_ih``, ``bias_hh`` (4H,); ``out`` (B, T, H);
    ``h_n``, ``c_n`` (B, H). Gates in the order i, f, g, o. Inputs are not checked here; use
    :func:`lstm_function` or :class:`LSTM` for checked calls.
    """

    @staticmethod
    def forward(ctx, x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh):
        B, T, D = x.shape
        H = h0.shape[1]
        x_tm = x.transpose(0, 1).contiguous()  # (T, B, D): each step's rows are contiguous
        # The input projections of all steps in one GEMM, both biases added once:
        # gates[t] starts as x_t W_ih^T + b and becomes the activated gates of step t.
        gates = torch.addmm(bias_ih + bias_hh, x_tm.view(T * B, D), weight_ih.t())
        gates = gates.view(T, B, 4 * H)
        hs = x.new_empty(T + 1, B, H)  # hs[t + 1] = h_t, hs[0] = h_0
        cs = x.new_empty(T + 1, B, H)  # cs[t + 1] = C_t, cs[0] = C_0
        tanh_c = x.new_empty(T, B, H)
        hs[0], cs[0] = h0, c0
        W_hhT = weight_hh.t()
        # Per-step views, made once (indexing inside the loop would cost a call each).
        i, f, g, o = (block.unbind(0) for block in gates.chunk(4, dim=2))
        h_steps, c_steps = hs.unbind(0), cs.unbind(0)
        steps = zip(
            gates.unbind(0),
            gates[..., : 2 * H].unbind(0),  # i and f together, for one sigmoid
            i,
            f,
            g,
            o,
            h_steps[:-1],
            h_steps[1:],
            c_steps[:-1],
            c_steps[1:],
            tanh_c.unbind(0),
            strict=True,
        )
        for a, a_if, i_t, f_t, g_t, o_t, h_prev, h, c_prev, c, tc in steps:
            a.addmm_(h_prev, W_hhT)  # + h_{t-1} W_hh^T: the only matmul of the step
            a_if.sigmoid_()
            g_t.tanh_()
            o_t.sigmoid_()
            torch.mul(f_t, c_prev, out=c)  # C_t = f_t * C_{t-1} + i_t * g_t
            c.addcmul_(i_t, g_t)
            torch.tanh(c, out=tc)
            torch.mul(o_t, tc, out=h)  # h_t = o_t * tanh(C_t)
        ctx.save_for_backward(x_tm, weight_ih, weight_hh, gates, hs, cs, tanh_c)
        out = hs[1:].transpose(0, 1).contiguous()
        return out, hs[T].clone(), cs[T].clone()

    @staticmethod
    def backward(ctx, d_out, d_hn, d_cn):
        x_tm, weight_ih, weight_hh, gates, hs, cs, tanh_c = ctx.saved_tensors
        T, B, H4 = gates.shape
        H, D = H4 // 4, x_tm.shape[2]
        i, f, g, o = gates.chunk(4, dim=2)  # each (T, B, H)
        # `da` will hold the gradients of the pre-activations a_t of all steps. It starts as
        # the local derivatives, computed for all steps at once and in place (σ' = σ(1 - σ),
        # tanh' = 1 - tanh²): d(a^i, a^f, a^g)/dC_t and d(a^o)/dh_t. The loop multiplies them
        # by the gradients that reach C_t and h_t.
        da = torch.addcmul(gates, gates, gates, value=-1)  # σ' = σ - σ² (g's block: below)
        da_i, da_f, da_g, da_o = da.chunk(4, dim=2)
        torch.mul(g, g, out=da_g).neg_().add_(1)  # tanh' = 1 - g²
        da_i.mul_(g)  # a^i -> i -> C_t: σ'(a^i) g
        da_f.mul_(cs[:-1])  # a^f -> f -> C_t: σ'(a^f) C_{t-1}
        da_g.mul_(i)  # a^g -> g -> C_t: tanh'(a^g) i
        da_o.mul_(tanh_c)  # a^o -> o -> h_t: σ'(a^o) tanh(C_t)
        dc_dh = torch.mul(tanh_c, tanh_c).neg_().add_(1).mul_(o)  # dh_t/dC_t = o (1 - tanh²)
        # What reaches h_{t-1} from outside the cell at step t: the output gradient of step
        # t - 1, and nothing for h_0 (a block of zeros in front).
        d_ext = d_out.new_zeros(T + 1, B, H)
        d_ext[1:] = d_out.transpose(0, 1)
        dc = d_cn.clone()  # what reaches C_t from step t + 1
        dc_3 = dc.unsqueeze(1)  # the same memory, shaped (B, 1, H) to scale i, f, g at once
        dh = d_ext[T] + d_hn  # all that reaches h_T
        # Per-step views, made once, walked from the last step to the first.
        steps = zip(
            da.unbind(0),
            da[..., : 3 * H].view(T, B, 3, H).unbind(0),
            da_o.unbind(0),
            f.unbind(0),
            dc_dh.unbind(0),
            d_ext.unbind(0)[:-1],
            strict=True,
        )
        for da_t, da_ifg, da_o_t, f_t, dc_dh_t, d_ext_t in reversed(list(steps)):
            dc.addcmul_(dh, dc_dh_t)  # dC_t: from step t + 1 and through h_t
            da_ifg.mul_(dc_3)  # i, f, g
            da_o_t.mul_(dh)  # o
            dc.mul_(f_t)  # now what reaches C_{t-1}
            dh = torch.addmm(d_ext_t, da_t, weight_hh)  # what reaches h_{t-1}
        # The parameter gradients and dx as one GEMM each over all (step, example) rows.
        da2 = da.view(T * B, H4)
        need = ctx.needs_input_grad
        dx = (da2 @ weight_ih).view(T, B, D).transpose(0, 1) if need[0] else None
        dW_ih = da2.t() @ x_tm.view(T * B, D) if need[3] else None
        dW_hh = da2.t() @ hs[:-1].reshape(T * B, H) if need[4] else None
        db = da2.sum(0) if need[5] or need[6] else None
        return dx, dh, dc, dW_ih, dW_hh, db, None if db is None else db.clone()


def _tensor(value, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            f"{name} must be a torch.Tensor, got {type(value).__name__}. Convert it with "
            f"torch.as_tensor({name}, dtype=torch.float32)."
        )
    return value


def lstm_function(
    x: torch.Tensor,
    h0: torch.Tensor,
    c0: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Run :class:`LSTMFunction` after checking every shape.

    Parameters
    ----------
    x : Tensor, shape (B, T, D)
        Inputs, batch first.
    h0, c0 : Tensor, shape (B, H)
        Initial hidden and cell states.
    weight_ih : Tensor, shape (4H, D)
    weight_hh : Tensor, shape (4H, H)
    bias_ih, bias_hh : Tensor, shape (4H,)
        As ``nn.LSTM``'s ``*_l0`` parameters, gate blocks in the order i, f, g, o.

    Returns
    -------
    out : Tensor, shape (B, T, H)
        h_t at every step.
    h_n, c_n : Tensor, shape (B, H)
        The final states (without ``nn.LSTM``'s leading layer axis).
    """
    tensors = dict(
        x=x,
        h0=h0,
        c0=c0,
        weight_ih=weight_ih,
        weight_hh=weight_hh,
        bias_ih=bias_ih,
        bias_hh=bias_hh,
    )
    for name, value in tensors.items():
        _tensor(value, name)
    if weight_ih.dim() != 2 or weight_ih.shape[0] % 4 or weight_ih.shape[0] == 0:
        raise ValueError(
            f"weight_ih must have shape (4H, D), four gate blocks i, f, g, o stacked, got "
            f"{tuple(weight_ih.shape)}."
        )
    H, D = weight_ih.shape[0] // 4, weight_ih.shape[1]
    _check_input(x, D)
    B = x.shape[0]
    expected = {
        "h0": (B, H),
        "c0": (B, H),
        "weight_hh": (4 * H, H),
        "bias_ih": (4 * H,),
        "bias_hh": (4 * H,),
    }
    for name, shape in expected.items():
        if tuple(tensors[name].shape) != shape:
            raise ValueError(
                f"{name} must have shape {shape} (batch {B}, hidden_size {H} from weight_ih's "
                f"4H={4 * H}), got {tuple(tensors[name].shape)}."
            )
    _check_like(tensors, x)
    return LSTMFunction.apply(x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh)


def _check_input(x, input_size: int) -> torch.Tensor:
    """Check that ``x`` is a (batch, time, input_size) tensor with no empty axis."""
    _tensor(x, "x")
    shape = tuple(x.shape)
    if x.dim() != 3:
        if x.dim() == 2:
            fix = (
                " If it is one sequence of shape (time, input_size), add a batch axis with "
                "x.unsqueeze(0); if it is a batch of sequences of one feature, add a feature "
                "axis with x.unsqueeze(-1)."
            )
        else:
            fix = " Reshape it to (batch, time, input_size)."
        raise ValueError(
            f"x must be 3-D (batch, time, input_size) = (B, T, {input_size}), got shape "
            f"{shape}.{fix}"
        )
    if shape[2] != input_size:
        raise ValueError(
            f"x has shape {shape}: expected (batch, time, input_size) = (B, T, {input_size}), "
            f"but its last axis has {shape[2]} features. Give the LSTM "
            f"input_size={shape[2]}, or check that x is laid out batch first."
        )
    if shape[0] == 0 or shape[1] == 0:
        raise ValueError(f"x has shape {shape}: batch and time must both be at least 1.")
    if not x.is_floating_point():
        raise ValueError(f"x must hold floating-point numbers, got dtype {x.dtype}; use x.float().")
    return x


def _check_like(tensors: dict, reference: torch.Tensor, ref_name: str = "x") -> None:
    """All tensors share the reference's dtype and device (nn.LSTM requires the same)."""
    for name, value in tensors.items():
        if value.dtype != reference.dtype:
            raise ValueError(
                f"{name} has dtype {value.dtype}, {ref_name} {reference.dtype}: convert one of "
                "them (x.double() or lstm.double(); x.float() or lstm.float())."
            )
        if value.device != reference.device:
            raise ValueError(
                f"{name} is on device {value.device}, {ref_name} on {reference.device}: move "
                f"x with x.to({str(reference.device)!r}), or the LSTM with lstm.to(x.device)."
            )


class LSTM(nn.Module):
    """A one-layer, batch-first LSTM with the parameters and the call of ``torch.nn.LSTM``.

    Parameters
    ----------
    input_size, hidden_size : int
        D, the features per time step, and H, the hidden (and cell) units.
    manual_backward : bool, default False
        False: a Python loop over :meth:`step`, differentiated by autograd. True: the whole
        sequence as :class:`LSTMFunction`, whose backward pass is written by hand (faster).

    Attributes
    ----------
    weight_ih_l0 : Parameter, shape (4H, D)
    weight_hh_l0 : Parameter, shape (4H, H)
    bias_ih_l0, bias_hh_l0 : Parameter, shape (4H,)
        Named and shaped as in ``nn.LSTM``, gate blocks in the order i, f, g, o, drawn like
        ``nn.LSTM``'s from uniform(-1/sqrt(H), 1/sqrt(H)) in the same order: after the same
        ``torch.manual_seed`` the two modules start with equal weights.

    Examples
    --------
    >>> lstm = LSTM(input_size=3, hidden_size=5)
    >>> out, (h_n, c_n) = lstm(torch.randn(2, 7, 3))
    >>> tuple(out.shape), tuple(h_n.shape), tuple(c_n.shape)
    ((2, 7, 5), (1, 2, 5), (1, 2, 5))
    >>> lstm.load_state_dict(nn.LSTM(3, 5, batch_first=True).state_dict())
    <All keys matched successfully>
    """

    def __init__(self, input_size: int, hidden_size: int, *, manual_backward: bool = False):
        super().__init__()
        self.input_size = v.positive_int(input_size, "input_size")
        self.hidden_size = v.positive_int(hidden_size, "hidden_size")
        self.manual_backward = bool(manual_backward)
        H4 = 4 * hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(H4, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(H4, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.empty(H4))
        self.bias_hh_l0 = nn.Parameter(torch.empty(H4))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from uniform(-1/sqrt(H), 1/sqrt(H)), as ``nn.LSTM`` does."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for weight in self.parameters():
            nn.init.uniform_(weight, -bound, bound)

    def extra_repr(self) -> str:
        return (
            f"{self.input_size}, {self.hidden_size}, batch_first=True, "
            f"manual_backward={self.manual_backward}"
        )

    def step(
        self, x_t: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One step: ``x_t`` (B, D), ``h`` = h_{t-1} and ``c`` = C_{t-1} (B, H) -> h_t, C_t."""
        a = x_t @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0
        a_i, a_f, a_g, a_o = a.chunk(4, dim=1)  # gate order i, f, g, o
        i, f, g, o = torch.sigmoid(a_i), torch.sigmoid(a_f), torch.tanh(a_g), torch.sigmoid(a_o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        return h, c

    def forward(
        self,
        x: torch.Tensor,
        state: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        """Run the LSTM over a batch of sequences.

        Parameters
        ----------
        x : Tensor, shape (B, T, D)
            Inputs, batch first, in the parameters' dtype and on their device.
        state : tuple (h_0, c_0) of Tensors, each shape (1, B, H), optional
            Initial hidden and cell states, with ``nn.LSTM``'s leading layer axis; zeros if
            not given.

        Returns
        -------
        out : Tensor, shape (B, T, H)
            h_t at every step.
        (h_n, c_n) : tuple of Tensors, each shape (1, B, H)
            The final states; ``h_n[0]`` equals ``out[:, -1]``.
        """
        x = _check_input(x, self.input_size)
        _check_like({"x": x}, self.weight_ih_l0, "the LSTM's parameters")
        h, c = self._initial_state(x, state)
        if self.manual_backward:
            out, h, c = LSTMFunction.apply(x, h, c, *self._flat_weights())
        else:
            outputs = []
            for x_t in x.unbind(1):
                h, c = self.step(x_t, h, c)
                outputs.append(h)
            out = torch.stack(outputs, dim=1)
        return out, (h.unsqueeze(0), c.unsqueeze(0))

    def _flat_weights(self) -> tuple[torch.Tensor, ...]:
        return self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0

    def _initial_state(self, x: torch.Tensor, state) -> tuple[torch.Tensor, torch.Tensor]:
        B, H = x.shape[0], self.hidden_size
        if state is None:
            zeros = x.new_zeros(B, H)
            return zeros, zeros
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            error = ValueError if isinstance(state, (tuple, list)) else TypeError
            raise error(
                "state must be a pair (h_0, c_0) of tensors, each of shape (1, batch, "
                f"hidden_size) = (1, {B}, {H}), got {type(state).__name__}"
                + (f" of length {len(state)}." if isinstance(state, (tuple, list)) else ".")
            )
        checked = []
        for value, name in zip(state, ("h_0", "c_0"), strict=True):
            _tensor(value, name)
            if tuple(value.shape) != (1, B, H):
                fix = (
                    f" Add the layer axis with {name}.unsqueeze(0)."
                    if tuple(value.shape) == (B, H)
                    else ""
                )
                raise ValueError(
                    f"state's {name} must have shape (num_layers, batch, hidden_size) = "
                    f"(1, {B}, {H}), got {tuple(value.shape)}.{fix}"
                )
            checked.append(value)
        _check_like({"h_0": checked[0], "c_0": checked[1]}, x)
        return checked[0][0], checked[1][0]


def graph_size(tensor: torch.Tensor) -> int:
    """Number of operations autograd recorded to compute ``tensor`` (nodes of its graph).

    Parameters
    ----------
    tensor : torch.Tensor
        A result of operations on tensors that require gradients.

    Returns
    -------
    int
        0 for a tensor with no history (no ``grad_fn``).
    """
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"graph_size needs a torch.Tensor, got {type(tensor).__name__}.")
    seen, todo = set(), [tensor.grad_fn]
    while todo:
        node = todo.pop()
        if node is not None and node not in seen:
            seen.add(node)
            todo += [child for child, _ in node.next_functions]
    return len(seen)


class StackedLSTM(nn.Module):
    """The seed's network: stacked ``nn.LSTM`` layers and a linear head on the last step.

    The PyTorch form of Keras's ``Sequential([LSTM(H, return_sequences=True), ..., LSTM(H),
    Dense(output_size)])``; the defaults are the seed example's (two layers of 50 units, one
    input, one output). Chapter 8 writes it out in front of the reader; chapter 9, the LSTM
    forecaster (:class:`lstmbook.forecast.LSTMForecaster`) and
    :func:`lstmbook.keras_compat.model_from_keras` all use this one class.

    Parameters
    ----------
    input_size : int, default 1
        D, features per time step.
    hidden_size : int, default 50
        H, units of every LSTM layer.
    num_layers : int, default 2
        Stacked LSTM layers.
    output_size : int, default 1
        Outputs of the linear head (1, or the horizon of a direct forecaster).
    bias : bool, default True
        Whether the LSTM layers have biases (Keras's ``use_bias``).

    Notes
    -----
    ``forward(x)`` maps x of shape (N, T, D) to (N, output_size), read from ``out[:, -1]``.

    Examples
    --------
    >>> net = StackedLSTM()
    >>> net(torch.zeros(4, 10, 1)).shape
    torch.Size([4, 1])
    """

    def __init__(
        self,
        input_size: int = 1,
        hidden_size: int = 50,
        num_layers: int = 2,
        output_size: int = 1,
        bias: bool = True,
    ) -> None:
        super().__init__()
        input_size = v.positive_int(input_size, "input_size")
        hidden_size = v.positive_int(hidden_size, "hidden_size")
        num_layers = v.positive_int(num_layers, "num_layers")
        output_size = v.positive_int(output_size, "output_size")
        bias = v.check_bool(bias, "bias")
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, bias=bias, batch_first=True)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(x)  # (N, T, H): the top layer's h_t at every step
        return self.head(out[:, -1])  # (N, output_size)
