"""Run a method so that a misbehaving one fails only its own case, with a message saying why.

The model is shared state: a method that changes its weights or leaves hooks attached would
silently corrupt every method run after it on the same model. So weights are fingerprinted and
hooks counted before and after; hooks left behind are removed, and the case fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal

import torch


class MethodContractError(RuntimeError):
    """The method broke the contract (changed weights, left hooks, ran too long)."""


def weights_fingerprint(model: torch.nn.Module) -> str:
    digest = hashlib.sha256()
    for name, parameter in sorted(model.named_parameters()):
        digest.update(name.encode())
        digest.update(parameter.detach().cpu().numpy().tobytes())
    return digest.hexdigest()


def _hook_count(model: torch.nn.Module) -> int:
    hook_dicts = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")
    return sum(len(getattr(module, attr, {})) for module in model.modules() for attr in hook_dicts)


@contextlib.contextmanager
def _time_limit(seconds: float, what: str):
    if not seconds or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise MethodContractError(f"{what} ran longer than the --method-timeout of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def guarded_call(method, case, settings, name: str, timeout: float = 0.0):
    """`method(case, settings)`, checked for weight changes, leftover hooks and the time limit."""
    model = case.model
    weights_before, hooks_before = weights_fingerprint(model), _hook_count(model)
    with _time_limit(timeout, f"method {name!r}"):
        result = method(case, settings)
    leftover = _hook_count(model) - hooks_before
    if leftover > 0:
        model.reset_hooks(including_permanent=False)
        raise MethodContractError(
            f"method {name!r} left {leftover} hooks attached to the model; add hooks with "
            "model.hooks(...) or run_with_hooks, or call model.reset_hooks() before returning"
        )
    if weights_fingerprint(model) != weights_before:
        raise MethodContractError(
            f"method {name!r} changed the model's weights; train or edit a copy "
            "(copy.deepcopy(case.model)) instead"
        )
    return result
