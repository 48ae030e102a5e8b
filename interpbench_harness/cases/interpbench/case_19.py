"""Case 19: keeps a token where it differs from the one before it, None where it repeats it.

The first position has no predecessor, so it also yields None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    previous = shift_by(1, rasp.tokens)
    return rasp.SequenceMap(
        lambda here, before: here if here != before else None, rasp.tokens, previous
    ).named("drop_repeats")


def reference(tokens):
    out = [None] if tokens else []
    for i in range(1, len(tokens)):
        out.append(tokens[i] if tokens[i] != tokens[i - 1] else None)
    return out


CASE = CaseSpec(
    case_id="19",
    description="Blanks out each token that repeats the token right before it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=True,
    max_seq_len=15,
    released=Released.YES,
    upstream_quirk="The first position has no previous token and always yields None.",
)
