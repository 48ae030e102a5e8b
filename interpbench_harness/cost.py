"""What a method spent on one case: forward and backward passes through the model, CPU time, peak memory.

Passes are counted on `case.model` itself, so they are comparable across methods whatever their
batch layout: a forward pass is one run through the model's unembedding (whatever its batch
size, also reported as `forward_rows`), a backward pass is one backward through the logits.
The unembedding is watched rather than the model's own call because TransformerLens's
`run_with_hooks` and `run_with_cache` call `forward` directly, past module hooks; a model with
no `unembed` is watched at its own call. A method that runs a copy of the model is not counted.
CPU time is the process's (every thread's) user and system time while the method ran: with
one torch thread per worker it is the wall time a quiet machine would take, and it grows far
less than wall time when other processes share the cores (about 1.2x against 2.2x, five busy
processes on two cores), so timings taken on a busy machine stay roughly comparable.
Peak memory is the highest resident set size the process reached while the method ran, minus
the size when it started: the kernel's own high-water mark (`VmHWM` in /proc/self/status, reset
to the current size at the start by writing 5 to /proc/self/clear_refs), so it is exact and costs
microseconds; where that cannot be reset, the size is sampled every few milliseconds from
/proc/self/statm in a background thread; absent where neither file is there. Nothing is handed
back to the system first: memory the allocator kept from earlier work in the process is reused
by the method without growing the resident set, so a peak counts the memory the method needed
beyond what the process already held. (Handing it back before every result, with glibc's
malloc_trim, made each method fault all of its memory in again: on a small case that cost eap a
fifth of its time, see benchmarks/test_bench_overhead.py.)
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from typing import TYPE_CHECKING, Dict, Iterator, Optional

if TYPE_CHECKING:
    import torch

_STATM = "/proc/self/statm"
_STATUS = "/proc/self/status"
_CLEAR_REFS = "/proc/self/clear_refs"
_RESET_PEAK = b"5"  # clear_refs: reset the peak resident set size to the current one (Linux >= 4.0)
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_STATUS_FIELD = re.compile(rb"^(VmHWM|VmRSS):\s+(\d+) kB", re.MULTILINE)


def _resident_bytes() -> Optional[int]:
    try:
        with open(_STATM) as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES
    except (OSError, ValueError, IndexError):
        return None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


def keep_freed_heap(trim_threshold: int = 1 << 30, mmap_threshold: int = 32 << 20) -> bool:
    """Let glibc keep freed heap memory for reuse instead of handing it back to the system.

    By default glibc returns the heap's free top once it exceeds 128 KiB and serves blocks from
    128 KiB up (its threshold adapts) with mmap, so a method that allocates and frees the same
    tensors every step faults the same pages in again and again: minor page faults that cost
    time in the kernel and add noise to every timing. The benchmark processes (the plugin calls
    this at start-up) keep up to `trim_threshold` bytes of free heap and mmap only blocks above
    `mmap_threshold`. Returns False where the C library is not glibc (nothing changes).
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, trim_threshold)) and bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold))


_status_buffer = bytearray(16384)  # reused: reading /proc allocates no heap memory between a
# method's frees and its next allocations (a stray buffer there can make glibc trim the heap's top)


def _status_bytes() -> Optional[Dict[str, int]]:
    """{"VmHWM": peak resident bytes since the last reset, "VmRSS": resident bytes now}."""
    try:
        fd = os.open(_STATUS, os.O_RDONLY)
        try:
            size = os.readv(fd, [_status_buffer])
        finally:
            os.close(fd)
        fields = {name.decode(): int(kib) * 1024 for name, kib in _STATUS_FIELD.findall(_status_buffer, 0, size)}
    except (OSError, ValueError):
        return None
    return fields if len(fields) == 2 else None


def _reset_high_water_mark() -> bool:
    try:
        fd = os.open(_CLEAR_REFS, os.O_WRONLY)
        try:
            os.write(fd, _RESET_PEAK)
        finally:
            os.close(fd)
    except OSError:
        return False
    return True


_open_meters: "list[_PeakMemory]" = []  # meters reading the high-water mark, outermost first


class _PeakMemory:
    """The peak resident set size while the block runs: the kernel's high-water mark when it can be
    reset, else a background thread's samples. A meter opened inside another one hands the mark
    it resets to the outer ones first, so nesting loses no peak."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.start: Optional[int] = None
        self.peak: Optional[int] = None
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    def __enter__(self):
        before = _status_bytes()
        status = _status_bytes() if before is not None and _reset_high_water_mark() else None
        if status is not None:
            for outer in _open_meters:
                outer.peak = max(outer.peak, before["VmHWM"])
            _open_meters.append(self)
            self.start = self.peak = status["VmRSS"]
        else:
            self.start = self.peak = _resident_bytes()
            if self.start is not None:
                self._thread = threading.Thread(target=self._sample, daemon=True)
                self._thread.start()
        return self

    def __exit__(self, *exc):
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._sample_once()
        elif self in _open_meters:
            _open_meters.remove(self)
            status = _status_bytes()
            if status is not None:
                self.peak = max(self.peak, status["VmHWM"])

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._sample_once()
            self._stop.wait(self.interval)

    def _sample_once(self) -> None:
        current = _resident_bytes()
        if current is not None and current > (self.peak or 0):
            self.peak = current

    @property
    def peak_mib(self) -> Optional[float]:
        if self.start is None:
            return None
        return round(max(self.peak - self.start, 0) / 2**20, 2)


@contextlib.contextmanager
def metered(model: "torch.nn.Module") -> Iterator[Dict[str, object]]:
    """Count passes through `model` and the peak memory while the block runs.

    Yields a dict that is filled in when the block ends (also when it raises): `forward_passes`,
    `forward_rows`, `backward_passes`, `cpu_seconds`, `peak_memory_mib`. The hooks it adds are
    gone by then.
    """
    import torch

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
    cpu_started = time.process_time()
    try:
        with _PeakMemory() as memory:
            yield cost
    finally:
        handle.remove()
        cost["cpu_seconds"] = round(time.process_time() - cpu_started, 4)
        cost["peak_memory_mib"] = memory.peak_mib
