"""Case 25: each token's count in the input divided by the input length.

The ratio is a categorical output (one class per possible fraction), not a numerical one.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_hist, make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.SequenceMap(
        lambda count, total: (count / total) if total > 0 else None, make_hist(), make_length()
    ).named("token_share")


def reference(tokens):
    n = len(tokens)
    return [tokens.count(t) / n for t in tokens]


CASE = CaseSpec(
    case_id="25",
    description="Gives each token the fraction of the input taken up by that token.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=False,
    released=Released.YES,
)
