"""Why SP's fast path stops short of 5x: its attention products against the other ways to write them.

    .venv/bin/python -m pytest benchmarks/test_bench_sp_attention.py -p no:xdist --benchmark-json=benchmark-sp-attention.json

About a quarter of a fast-path SP epoch is attention over thousands of tiny matrices, one per
(copy, head, row): on the paper's 19 lambdas, 4 heads and a batch of 50 rows, 3800 products of
5x5 (case 3) or 10x10 (case 13) scores. The reference path runs the same kernels, so this part
cannot get much faster than it is unless some other formulation of the same arithmetic beats
the batched product. Each formulation below computes the attention forward and its backward
over q, k and v at those shapes (one thread; a third of the rows end in two masked PAD keys),
round by round in turn, so that a shared machine's load falls on all of them alike; `extra_info`
has each one's median milliseconds, its ratio to `sp_forward`'s own (`_Weights.attend`: batched
products, the softmax over a key-first copy) and its largest difference from it. Nothing asserts
a time; a formulation that computes other numbers fails.
"""

import statistics
import time

import pytest
import torch
import torch.nn.functional as F

from interpbench_harness.methods.sp_forward import _Weights

COPIES, HEADS, ROWS, D_HEAD = 19, 4, 50, 6
ROUNDS = 15


def shipped(q, k, v, key_mask):
    return _Weights.attend(None, 0, q, k, v, key_mask)


def fused(q, k, v, key_mask):
    """PyTorch's scaled_dot_product_attention (q is pre-scaled, as in sp_forward)."""
    flat = [t.reshape(COPIES * HEADS, *t.shape[2:]) for t in (q, k, v)]
    return F.scaled_dot_product_attention(*flat, attn_mask=~key_mask, scale=1.0).view(q.shape)


def broadcast(q, k, v, key_mask):
    """Products as broadcast multiplies and sums, no matrix kernel."""
    scores = (q[..., :, None, :] * k[..., None, :, :]).sum(-1).masked_fill(key_mask, float("-inf"))
    pattern = torch.softmax(scores, dim=-1)
    return (pattern[..., :, :, None] * v[..., None, :, :]).sum(-2)


def position_loop(q, k, v, key_mask):
    """One fused multiply-add per key position, with rows innermost so that every operand is long and contiguous."""
    qt, kt, vt = (t.permute(4, 3, 0, 1, 2).contiguous() for t in (q, k, v))  # [d_head, pos, copy, head, row]
    scores = qt[0][:, None] * kt[0][None]
    for d in range(1, qt.shape[0]):
        scores = torch.addcmul(scores, qt[d][:, None], kt[d][None])  # [query, key, copy, head, row]
    pattern = torch.softmax(scores.masked_fill(key_mask.permute(1, 2, 0)[:, :, None, None], float("-inf")), dim=1)
    z = pattern[None, :, 0] * vt[:, None, 0]
    for key in range(1, vt.shape[1]):
        z = torch.addcmul(z, pattern[None, :, key], vt[:, None, key])
    return z.permute(2, 3, 4, 1, 0)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    torch.set_num_threads(1)


def _interleaved_median_ms(runs, rounds=ROUNDS):
    """Median milliseconds per named run, the runs timed in turn within each round (after one warm-up each)."""
    for run in runs.values():
        run()
    times = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}


@pytest.mark.parametrize("positions", [5, 10])
def test_attention_formulations(benchmark, positions):
    benchmark.group = "sp attention"
    generator = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(COPIES, HEADS, ROWS, positions, D_HEAD, generator=generator).requires_grad_()
               for _ in range(3))
    key_mask = torch.zeros(ROWS, positions, positions, dtype=torch.bool)
    key_mask[::3, :, positions - 2:] = True  # some rows end in PAD
    grad = torch.randn(q.shape, generator=generator)
    expected = shipped(q, k, v, key_mask).detach()

    def forward_backward(formulation):
        return lambda: torch.autograd.grad(formulation(q, k, v, key_mask), [q, k, v], grad)

    formulations = (shipped, fused, broadcast, position_loop)
    info = {"positions": positions}
    for formulation in formulations[1:]:
        difference = float((formulation(q, k, v, key_mask).detach() - expected).abs().max())
        assert difference < 1e-4, formulation.__name__
        info[f"{formulation.__name__}_max_difference"] = difference
    runs = {f.__name__: forward_backward(f) for f in formulations}
    ms = benchmark.pedantic(lambda: _interleaved_median_ms(runs), rounds=1, iterations=1)
    info["shipped_ms"] = round(ms["shipped"], 2)
    for formulation in formulations[1:]:
        name = formulation.__name__
        info[f"{name}_ms"] = round(ms[name], 2)
        info[f"{name}_over_shipped"] = round(ms[name] / ms["shipped"], 2)
    benchmark.extra_info.update(info)
