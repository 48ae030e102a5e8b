"""Run a method so that a misbehaving one fails only its own case, with a message saying why.

What a method is handed is shared state: a method that changes the model's weights, leaves hooks
attached (on the model, or torch's global module hooks, which reach every model in the process),
or edits the case's data or labels in place would silently corrupt every method run after it.
`load_benchmark_case` already gives each case its own model and its own copies of the data; the
guard checks, around the call, that the method left all of it as it found it: hooks it left on
the model or globally are removed (the state before the call is restored), and the method fails,
naming what it changed. The time limit is checked on the wall clock after the call too, so a
method that catches the harness's interruption still fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import time
from typing import Dict, List, Tuple

import torch
import torch.nn.modules.module as _torch_module


class MethodContractError(RuntimeError):
    """The method broke the contract (changed weights or data, left hooks, ran too long)."""


def weights_fingerprint(model: torch.nn.Module) -> str:
    digest = hashlib.sha256()
    for name, parameter in sorted(model.named_parameters()):
        digest.update(name.encode())
        digest.update(parameter.detach().cpu().numpy().tobytes())
    return digest.hexdigest()


# --- the case's data -------------------------------------------------------------------------

_CASE_TENSORS = (("case.clean.ids", ("clean", "ids")), ("case.clean.scored", ("clean", "scored")),
                 ("case.corrupted.ids", ("corrupted", "ids")), ("case.corrupted.scored", ("corrupted", "scored")),
                 ("case.labels", ("labels",)))


def _tensor_fingerprint(tensor) -> Tuple:
    if not isinstance(tensor, torch.Tensor):
        return ("not a tensor", repr(type(tensor)))
    values = tensor.detach().cpu().contiguous()
    return (str(values.dtype), tuple(values.shape), hashlib.sha256(values.numpy().tobytes()).hexdigest())


def _data_fingerprints(case) -> Dict[str, Tuple]:
    """What the method's data and labels hold (bytes, so NaN labels compare equal to themselves)."""
    prints = {}
    for label, path in _CASE_TENSORS:
        value = case
        for attribute in path:
            value = getattr(value, attribute, None)
        if value is not None:
            prints[label] = _tensor_fingerprint(value)
    return prints


# --- hooks on the model ----------------------------------------------------------------------

_MODULE_HOOK_DICTS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")


def _hook_count(model: torch.nn.Module) -> int:
    return sum(len(getattr(module, attr, {})) for module in model.modules() for attr in _MODULE_HOOK_DICTS)


def _model_hook_state(model: torch.nn.Module) -> List[Tuple[torch.nn.Module, Dict[str, object]]]:
    """Every module's hook containers as they are now: torch's dicts (with their kwargs and
    always-called companions) and TransformerLens's `fwd_hooks`/`bwd_hooks` handle lists."""
    state = []
    for module in model.modules():
        saved = {}
        for attr, value in vars(module).items():
            if "hook" in attr and isinstance(value, dict):
                saved[attr] = (value, list(value.items()))
            elif "hook" in attr and isinstance(value, list):
                saved[attr] = (value, list(value))
            elif attr in ("context_level", "_is_full_backward_hook"):
                saved[attr] = (value, value)
        state.append((module, saved))
    return state


def _restore_model_hooks(state) -> None:
    """Put every hook container back as it was: removes hooks added since, permanent ones too."""
    for module, saved in state:
        for attr, (container, contents) in saved.items():
            current = getattr(module, attr, None)
            if isinstance(container, dict):
                if current is not container or list(container.items()) != contents:
                    container.clear()
                    container.update(contents)
                    setattr(module, attr, container)
            elif isinstance(container, list):
                if current is not container or container != contents:
                    container[:] = contents
                    setattr(module, attr, container)
            elif current != contents:
                setattr(module, attr, contents)


# --- torch's global module hooks -------------------------------------------------------------

# Registry in torch.nn.modules.module -> the function that registers into it.
_GLOBAL_HOOK_REGISTRIES = {
    "_global_forward_hooks": "register_module_forward_hook",
    "_global_forward_pre_hooks": "register_module_forward_pre_hook",
    "_global_backward_hooks": "register_module_backward_hook",  # or _full_, see _global_is_full_backward_hook
    "_global_backward_pre_hooks": "register_module_full_backward_pre_hook",
    "_global_module_registration_hooks": "register_module_module_registration_hook",
    "_global_parameter_registration_hooks": "register_module_parameter_registration_hook",
    "_global_buffer_registration_hooks": "register_module_buffer_registration_hook",
}
_GLOBAL_COMPANIONS = ("_global_forward_hooks_with_kwargs", "_global_forward_hooks_always_called",
                      "_global_is_full_backward_hook")


def _global_hook_state() -> Dict[str, Tuple[object, object]]:
    state = {}
    for name in (*_GLOBAL_HOOK_REGISTRIES, *_GLOBAL_COMPANIONS):
        if hasattr(_torch_module, name):  # older torch versions lack some
            value = getattr(_torch_module, name)
            state[name] = (value, list(value.items()) if isinstance(value, dict) else value)
    return state


def _restore_global_hooks(state) -> List[str]:
    """Put torch's global hook registries back as they were; say what the method had left."""
    left = []
    for name, (registry, contents) in state.items():
        current = getattr(_torch_module, name)
        if name in _GLOBAL_HOOK_REGISTRIES:
            before = {key for key, _ in contents}
            added = [key for key in (current if isinstance(current, dict) else {}) if key not in before]
            if added:
                function = _GLOBAL_HOOK_REGISTRIES[name]
                if name == "_global_backward_hooks" and getattr(_torch_module, "_global_is_full_backward_hook", None):
                    function = "register_module_full_backward_hook"
                left.append(f"{len(added)} x torch.nn.modules.module.{function}")
        if isinstance(registry, dict):
            if current is not registry or list(registry.items()) != contents:
                registry.clear()
                registry.update(contents)
                setattr(_torch_module, name, registry)
        elif current != contents:
            setattr(_torch_module, name, contents)
    return left


# --- the time limit --------------------------------------------------------------------------

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
    """`method(case, settings)`, checked for weight, data and hook changes and the time limit.

    The time limit is the harness's, not the method's. SIGALRM interrupts a well-behaved method
    at the limit; one that catches the interruption (`except BaseException`, or this module's
    MethodContractError) and goes on is failed afterwards on the wall-clock time it took. Running
    each method in a child process that is killed at the limit would also stop a method that
    never returns, but was not taken: the case (model, data) would have to be pickled to the
    child or re-built there (spawn re-imports torch and TransformerLens, seconds per call; fork
    is unsafe once torch has started its thread pools or CUDA), plugins from method_plugins/
    re-imported, the result pickled back, the pass counting of `cost.metered` (hooks on the
    parent's model) and the peak-memory sampling redone in the child, and a plugin author's
    tracebacks and debugger would run in another process. A method that swallows the signal
    and never returns still hangs its worker; pytest-timeout (or the CI job's limit) is the
    backstop for that.
    """
    model = case.model
    weights_before, hooks_before = weights_fingerprint(model), _hook_count(model)
    data_before = _data_fingerprints(case)
    model_hooks, global_hooks = _model_hook_state(model), _global_hook_state()
    started = time.perf_counter()
    try:
        with _time_limit(timeout, f"method {name!r}"):
            result = method(case, settings)
    finally:
        elapsed = time.perf_counter() - started
        leftover = _hook_count(model) - hooks_before
        _restore_model_hooks(model_hooks)  # also when the method raised: nothing it added stays
        global_left = _restore_global_hooks(global_hooks)
    if timeout and timeout > 0 and elapsed > timeout:
        raise MethodContractError(
            f"method {name!r} ran {elapsed:.1f} s, limit {timeout:g} s (--method-timeout); it went on "
            "after the harness's interruption, which a method must not catch"
        )
    if global_left:
        raise MethodContractError(
            f"method {name!r} left {sum(int(item.split(' x ')[0]) for item in global_left)} global module hook(s) "
            f"registered ({', '.join(global_left)}); they reach every model in the process and were removed. "
            "Hook case.model only (model.hooks(...) or run_with_hooks), or remove the handle before returning"
        )
    if leftover > 0:
        raise MethodContractError(
            f"method {name!r} left {leftover} hooks attached to the model (removed); add hooks with "
            "model.hooks(...) or run_with_hooks, or call model.reset_hooks() before returning"
        )
    if weights_fingerprint(model) != weights_before:
        raise MethodContractError(
            f"method {name!r} changed the model's weights; train or edit a copy "
            "(copy.deepcopy(case.model)) instead"
        )
    data_after = _data_fingerprints(case)
    changed = [label for label in data_before if data_after.get(label) != data_before[label]]
    if changed:
        raise MethodContractError(
            f"method {name!r} changed {', '.join(changed)} in place; the data and labels are read-only "
            "(work on a .clone())"
        )
    return result
