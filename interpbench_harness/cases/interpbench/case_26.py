"""Case 26: each letter written (position + 1) times, e.g. a, b, c -> a, bb, ccc."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda letter, i: letter * (i + 1), rasp.tokens, rasp.indices).named(
        "cascade"
    )


def reference(tokens):
    return [t * (i + 1) for i, t in enumerate(tokens)]


CASE = CaseSpec(
    case_id="26",
    description="Repeats each letter as many times as its position number (counting from one).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=True,
    trivial=True,
    released=Released.YES,
)
