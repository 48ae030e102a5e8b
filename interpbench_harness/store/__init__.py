"""Model stores: which trained model a case runs with, where it came from, and that it is intact.

One concept per module; imports run one way, each module using only those above it:

- `integrity`: every hash (files, weights, compiled cases) and the checks that refuse a file not
  matching its recorded hash (`CorruptModelError`). Also used by the compile cache.
- `entries`: our store entries (`<root>/<source>/case-<id>/{model.safetensors, manifest.json}`),
  read with their hashes checked and written atomically (`interpbench_harness.atomic`).
- `shipped`: the store shipped in the package, and `select_cases`, which expands the `shipped`
  case selector.
- `policy`: training settings and recipes, and which attempt is better.
- `training`: training a case into a store (resumable, locked).
- `untrusted`: reading pickles and weights from outside without running their code.
- `released`: InterpBench's released folder layout (read, check against the case, export);
  `mib`: MIB's layout of the IOI model; `hub`: the local huggingface_hub cache.
- `resolution`: the order in which sources are tried (`resolve_model`).

This file imports nothing, so importing one module (say `integrity`) loads only what it needs.
"""
