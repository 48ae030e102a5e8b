"""Case 71: each number divided by the sequence length (true division, so floats).

The length-zero branch adds the int 0 to the output space before 0.0 can, so the compiled
model decodes 0 where the program gives 0.0.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    n_tokens = make_length()
    return rasp.SequenceMap(
        lambda value, n: value / n if n > 0 else 0, rasp.tokens, n_tokens
    ).named("over_length")


def reference(tokens):
    n = len(tokens)
    return [value / n for value in tokens]


CASE = CaseSpec(
    case_id="71",
    description="Divides every number by how many numbers the sequence holds.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
