"""Case 45: numbers in the first half of the sequence doubled, the rest kept.

Position i counts as first half when i < length / 2, so for odd lengths the middle stays as is.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    length = make_length()
    early = rasp.SequenceMap(lambda i, n: 1 if i < n / 2 else 0, rasp.indices, length).named(
        "in_first_half"
    )
    return rasp.SequenceMap(lambda x, flag: x * (1 + flag), rasp.tokens, early).named(
        "double_first_half"
    )


def reference(tokens):
    n = len(tokens)
    return [2 * x if 2 * i < n else x for i, x in enumerate(tokens)]


CASE = CaseSpec(
    case_id="45",
    description="Doubles the numbers in the first half of the sequence and keeps the others.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(),
    causal=False,
    released=Released.UNCONFIRMED,
)
