"""Case 39: running share of 'x' tokens among positions 0..i, on inputs of up to 59 tokens.

tracr's evaluator returns a lone selected value unchanged, so position 0 gives the bool
`token == 'x'` rather than a float; later positions give floats.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_frac_prevs
from interpbench_harness.cases.spec import CaseSpec, OutputKind, Released


def program() -> rasp.SOp:
    is_x = (rasp.tokens == "x").named("token_is_x")
    return make_frac_prevs(is_x)


def reference(tokens):
    out = []
    seen = 0
    for i, tok in enumerate(tokens):
        seen += tok == "x"
        out.append(tok == "x" if i == 0 else seen / (i + 1))
    return out


CASE = CaseSpec(
    case_id="39",
    description="At each position, the fraction of tokens so far (inclusive) that are 'x'.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters() | {"x"},
    causal=True,
    output_kind=OutputKind.NUMERICAL,
    max_seq_len=60,
    released=Released.YES,
    upstream_quirk=(
        "The program gives the bool token == 'x' at position 0 (a float elsewhere); upstream's "
        "training labels come from its own formula, a float everywhere."
    ),
)
