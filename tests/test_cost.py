"""Cost accounting: passes through the model are counted exactly, hooks are removed after."""

import os
import time

import pytest
import torch

from interpbench_harness.cost import metered


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(3, 2)

    def forward(self, x):
        return self.linear(x)


def test_forward_and_backward_passes_are_counted():
    model = Tiny()
    with metered(model) as cost:
        with torch.no_grad():
            model(torch.zeros(5, 3))
            model(torch.zeros(7, 3))
        out = model(torch.ones(4, 3))
        torch.autograd.grad(out.sum(), list(model.parameters()))
        out = model(torch.ones(4, 3))
        out.sum().backward()
    assert cost["forward_passes"] == 4 and cost["forward_rows"] == 20 and cost["backward_passes"] == 2
    assert not model._forward_hooks  # the meter leaves nothing behind
    model(torch.zeros(1, 3))
    assert cost["forward_passes"] == 4


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="peak memory is read from /proc")
def test_peak_memory_sees_a_large_temporary_allocation():
    model = Tiny()
    with metered(model) as cost:
        block = torch.ones(64 * 2**20 // 4)  # 64 MiB, touched
        time.sleep(0.05)  # several sampling intervals
        del block
    with metered(model) as idle:
        pass
    assert cost["peak_memory_mib"] >= 32 and idle["peak_memory_mib"] < 32


def test_cpu_seconds_count_work_not_waiting():
    model = Tiny()
    with metered(model) as busy:
        deadline = time.process_time() + 0.2
        while time.process_time() < deadline:
            pass
    with metered(model) as waiting:
        time.sleep(0.2)  # wall time passes, the CPU is idle
    assert busy["cpu_seconds"] >= 0.2
    assert waiting["cpu_seconds"] < 0.1


def test_cost_is_filled_in_when_the_block_raises():
    model = Tiny()
    try:
        with metered(model) as cost:
            model(torch.zeros(2, 3))
            raise RuntimeError("method failed")
    except RuntimeError:
        pass
    assert cost["forward_passes"] == 1 and "peak_memory_mib" in cost and "cpu_seconds" in cost
    assert not model._forward_hooks


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="peak memory is read from /proc")
def test_a_peak_after_earlier_work_freed_memory_is_still_seen():
    model = Tiny()
    for _ in range(3):  # earlier methods: memory the allocator could keep and reuse unseen
        block = torch.ones(96 * 2**20 // 4)
        del block
    with metered(model) as cost:
        block = torch.ones(48 * 2**20 // 4)
        time.sleep(0.05)
        del block
    assert cost["peak_memory_mib"] >= 24


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="peak memory is read from /proc")
def test_a_meter_inside_another_loses_neither_peak():
    model = Tiny()
    with metered(model) as outer:
        block = torch.ones(64 * 2**20 // 4)
        del block
        with metered(model) as inner:  # resets the kernel's high-water mark the outer one reads
            block = torch.ones(32 * 2**20 // 4)
            del block
    assert outer["peak_memory_mib"] >= 48 and 16 <= inner["peak_memory_mib"] < 48


def test_accounting_hands_no_memory_back_per_result():
    """Metering a block must not make it fault its memory in again (no malloc_trim per result):
    repeated, a metered block that reuses the same heap memory faults in (almost) no page. (glibc
    may still trim the heap's top on its own after a free, now and then; hence the best of five.)"""
    import resource

    model = Tiny()

    def metered_work():  # 8 MiB in 64 KiB tensors, below glibc's mmap threshold: heap it keeps
        with metered(model):
            blocks = [torch.ones(2**14) for _ in range(128)]
            del blocks

    def faults():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        metered_work()
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    metered_work()
    measured = [faults() for _ in range(5)]
    assert min(measured) <= 256, measured  # faulting the 8 MiB in again would be 2048
