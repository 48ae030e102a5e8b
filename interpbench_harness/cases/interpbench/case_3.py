"""Case 3: the share of 'x' tokens among the tokens up to and including each position.

At position 0 tracr's evaluator averages a single value, so the output there is the bool itself
(True or False), not a float.
"""

from tracr.rasp import rasp

from interpbench_harness.cases.rasp_blocks import make_frac_prevs
from interpbench_harness.cases.spec import CaseSpec, OutputKind, Released


def program() -> rasp.SOp:
    is_x = rasp.Map(lambda token: token == "x", rasp.tokens).named("is_x")
    return make_frac_prevs(is_x)


def reference(tokens):
    flags = [token == "x" for token in tokens]
    out = []
    for i, flag in enumerate(flags):
        out.append(flag if i == 0 else sum(flags[: i + 1]) / (i + 1))
    return out


CASE = CaseSpec(
    case_id="3",
    description="Running fraction of the tokens so far that are 'x'.",
    build_program=program,
    reference=reference,
    vocab=frozenset({"a", "b", "c", "x"}),
    causal=True,
    output_kind=OutputKind.NUMERICAL,
    max_seq_len=5,
    released=Released.YES,
)
