"""Case 2: the input sequence read back to front."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_reverse
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return make_reverse(rasp.tokens)


def reference(tokens):
    return list(reversed(tokens))


CASE = CaseSpec(
    case_id="2",
    description="Writes the letters of the input in reverse order.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(),
    causal=False,
    released=Released.YES,
)
