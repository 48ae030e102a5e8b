"""What a method spent on one case: forward and backward passes through the model, peak memory.

Passes are counted on `case.model` itself, so they are comparable across methods whatever their
batch layout: a forward pass is one run through the model's unembedding (whatever its batch
size, also reported as `forward_rows`), a backward pass is one backward through the logits.
The unembedding is watched rather than the model's own call because TransformerLens's
`run_with_hooks` and `run_with_cache` call `forward` directly, past module hooks; a model with
no `unembed` is watched at its own call. A method that runs a copy of the model is not counted.
Peak memory is the highest resident set size the process reached while the method ran, minus
the size when it started (sampled every few milliseconds from /proc/self/statm; absent where
that file is missing). Memory freed by earlier work is
handed back to the system first (glibc's malloc_trim, where available), or the allocator would
reuse it unseen and a method's peak would read as 0.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import threading
from typing import Dict, Iterator

import torch

_STATM = "/proc/self/statm"
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _trim_heap() -> None:
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: peaks may read low after earlier work


def _resident_bytes() -> "int | None":
    try:
        with open(_STATM) as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES
    except (OSError, ValueError, IndexError):
        return None


class _PeakMemory:
    """Samples the resident set size in a background thread until stopped."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        _trim_heap()
        self.start = _resident_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            current = _resident_bytes()
            if current is not None and (self.peak is None or current > self.peak):
                self.peak = current
            self._stop.wait(self.interval)

    def __enter__(self):
        if self.start is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self.start is not None:
            self._stop.set()
            self._thread.join()
            self._sample_once()

    def _sample_once(self) -> None:
        current = _resident_bytes()
        if current is not None and current > (self.peak or 0):
            self.peak = current

    @property
    def peak_mib(self) -> "float | None":
        if self.start is None:
            return None
        return round(max(self.peak - self.start, 0) / 2**20, 2)


@contextlib.contextmanager
def metered(model: torch.nn.Module) -> Iterator[Dict[str, object]]:
    """Count passes through `model` and the peak memory while the block runs.

    Yields a dict that is filled in when the block ends (also when it raises): `forward_passes`,
    `forward_rows`, `backward_passes`, `peak_memory_mib`. The hooks it adds are gone by then.
    """
    cost: Dict[str, object] = {"forward_passes": 0, "forward_rows": 0, "backward_passes": 0}

    def count_backward(gradient):
        cost["backward_passes"] += 1

    def count_forward(module, args, kwargs, output):
        cost["forward_passes"] += 1
        first = args[0] if args else next(iter(kwargs.values()), None)
        if isinstance(first, torch.Tensor) and first.dim() > 0:
            cost["forward_rows"] += int(first.shape[0])
        if isinstance(output, torch.Tensor) and output.requires_grad:
            output.register_hook(count_backward)

    watched = model.unembed if isinstance(getattr(model, "unembed", None), torch.nn.Module) else model
    handle = watched.register_forward_hook(count_forward, with_kwargs=True)
    try:
        with _PeakMemory() as memory:
            yield cost
    finally:
        handle.remove()
        cost["peak_memory_mib"] = memory.peak_mib
