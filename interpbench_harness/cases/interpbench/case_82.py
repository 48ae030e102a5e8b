"""Case 82: numbers at positions length // 2 and later are halved (true division), earlier ones kept.

Halved numbers are floats (4 -> 2.0) while the first half stays int.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    n_tokens = make_length()
    midpoint = rasp.Map(lambda n: n // 2, n_tokens).named("midpoint")
    in_back_half = rasp.SequenceMap(lambda i, mid: i >= mid, rasp.indices, midpoint).named("in_back_half")
    return rasp.SequenceMap(
        lambda value, back: value / 2 if back else value, rasp.tokens, in_back_half
    ).named("halve_back_half")


def reference(tokens):
    midpoint = len(tokens) // 2
    return [value / 2 if i >= midpoint else value for i, value in enumerate(tokens)]


CASE = CaseSpec(
    case_id="82",
    description="Halves the numbers in the second half of the sequence and keeps the first half.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    upstream_quirk=(
        "The second half starts at length // 2, so an odd length's middle number is halved too; "
        "halved values are floats, kept ones ints."
    ),
)
