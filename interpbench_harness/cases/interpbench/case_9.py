"""Case 9: the digits of the input in ascending order.

Ties are broken by position through the key digit + index / 10, which keeps keys distinct for up
to ten positions (the compiled model takes nine).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_sort
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return make_sort(rasp.tokens, rasp.tokens, max_seq_len=10, min_key=1)


def reference(tokens):
    return sorted(tokens)


CASE = CaseSpec(
    case_id="9",
    description="Sorts the input digits from smallest to largest.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    released=Released.UNCONFIRMED,
)
