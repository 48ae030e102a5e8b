"""Case 4: running share of '(' minus running share of ')' at each position.

At position 0 the two shares are single bools, so the difference there is an int (1, 0 or -1).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_pair_balance
from interpbench_harness.cases.spec import CaseSpec, OutputKind, Released


def program() -> rasp.SOp:
    return make_pair_balance(rasp.tokens, "(", ")")


def reference(tokens):
    out = []
    opened = closed = 0
    for i, token in enumerate(tokens):
        opened += token == "("
        closed += token == ")"
        if i == 0:
            out.append(int(opened) - int(closed))
        else:
            out.append(opened / (i + 1) - closed / (i + 1))
    return out


CASE = CaseSpec(
    case_id="4",
    description="Fraction of tokens so far that open a bracket minus the fraction that close one.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3) | {"(", ")"},
    causal=True,
    output_kind=OutputKind.NUMERICAL,
    released=Released.YES,
)
