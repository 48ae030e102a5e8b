"""Case 21: the token at its first occurrence, None at every later repeat of it."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import first_occurrences
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return first_occurrences(rasp.tokens)


def reference(tokens):
    seen = set()
    out = []
    for t in tokens:
        out.append(None if t in seen else t)
        seen.add(t)
    return out


CASE = CaseSpec(
    case_id="21",
    description="Keeps each token where it first appears and blanks its later repeats.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=True,
    released=Released.YES,
)
