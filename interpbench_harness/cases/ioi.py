"""The IOI case's spec: cheap to build, like every spec; the case itself loads from `ioi.case`.

IOI is not a RASP program: its high-level model is written by hand (`interpbench_harness.ioi`),
so the spec carries a loader instead of a program.
"""

from __future__ import annotations

from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.ioi import prompts


def _not_rasp(*args):
    raise NotImplementedError("the IOI case is not a RASP program: its high-level model is hand-written (ioi/high_level.py)")


def _load(spec: CaseSpec):
    from interpbench_harness.ioi.case import IOICase

    return IOICase(spec, next_token=spec.case_id == "ioi_next_token")


_WORDS = {w for t in prompts.TEMPLATES for w in t.split() if not w.startswith("{")}

_COMMON = dict(
    build_program=_not_rasp,
    reference=_not_rasp,
    vocab=frozenset(_WORDS | set(prompts.NAMES) | set(prompts.PLACES) | set(prompts.OBJECTS)),
    causal=True,
    max_seq_len=1 + max(len(t.split()) for t in prompts.TEMPLATES),
    min_seq_len=1 + min(len(t.split()) for t in prompts.TEMPLATES),
    released=Released.YES,
    extra_tags=frozenset({"ioi-cases"}),
    loader=_load,
    metric="answer_logit",
)

CASES = [
    CaseSpec(
        case_id="ioi",
        description="Indirect object identification: after 'A and B ... B gave it to', predict A "
        "(duplicate-token head L1H1 -> S-inhibition head L2H1 -> name mover L4H1, with MLP0)",
        **_COMMON,
    ),
    CaseSpec(
        case_id="ioi_next_token",
        description="The IOI circuit in a model also trained as a language model: its behaviour "
        "loss is next-token prediction on every word, the circuit's losses stay at the end position",
        **_COMMON,
    ),
]
