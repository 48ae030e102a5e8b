"""The model store's modules import one way: no cycle, within the store or through the harness.

Read from the source with `ast`, lazy imports inside functions included (a cycle hidden in a
function is still a cycle), then checked once for real in a fresh interpreter.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "interpbench_harness"

# The store's modules, each importing only modules listed before it.
ORDER = ("integrity", "entries", "shipped", "policy", "training", "untrusted", "released", "mib", "hub", "resolution")
STORE = tuple(f"interpbench_harness.store.{name}" for name in ORDER)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(path): path for path in PACKAGE.rglob("*.py") if "trained_models" not in path.parts}


def _imports(path: Path, known) -> set:
    """The harness modules `path` imports anywhere in it, with the packages they sit in."""
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                     for alias in node.names]
        for name in names:
            parts = name.split(".")
            targets |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & set(known)
    return targets


def _graph():
    known = _modules()
    return {name: _imports(path, known) - {name} for name, path in known.items()}


def _cycles(graph):
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_store_module_is_listed_in_the_order():
    on_disk = {name for name in _modules() if name.startswith("interpbench_harness.store.")}
    assert on_disk == set(STORE)


def test_store_modules_import_only_those_before_them():
    graph = _graph()
    for position, module in enumerate(STORE):
        later = set(STORE[position:]) & graph[module]
        assert not later, f"{module} imports {sorted(later)}, which come after it in {ORDER}"
    assert graph["interpbench_harness.store"] == set(), "store/__init__.py must import nothing"


def test_no_import_cycle_passes_through_the_store_or_the_atomic_writer():
    ours = set(STORE) | {"interpbench_harness.store", "interpbench_harness.atomic", "interpbench_harness.compiled_cases"}
    cycles = [sorted(component) for component in _cycles(_graph()) if component & ours]
    assert not cycles


@pytest.mark.subprocess
def test_the_leaves_need_no_torch_and_the_modules_import_in_order_in_a_fresh_interpreter():
    """The atomic writer and the hashes are what the compile cache uses: importing them must not
    pull in torch. Then every store module imports, bottom up, in a clean process."""
    script = (
        "import sys\n"
        "import interpbench_harness.atomic, interpbench_harness.store.integrity\n"
        "assert 'torch' not in sys.modules, 'the leaves imported torch'\n"
        "import importlib\n"
        f"for name in {STORE!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert not (PACKAGE / "model_store.py").exists() and not (PACKAGE / "released_layout.py").exists()
