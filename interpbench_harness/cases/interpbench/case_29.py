"""Case 29: each word shortened to its first three characters (shorter words stay whole)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _first_three(word):
    return word[:3] if len(word) > 3 else word


def program() -> rasp.SOp:
    return rasp.Map(_first_three, rasp.tokens).named("three_letter_prefix")


def reference(tokens):
    out = []
    for word in tokens:
        out.append(word if len(word) <= 3 else "".join(word[k] for k in range(3)))
    return out


CASE = CaseSpec(
    case_id="29",
    description="Cuts every word token down to at most its first three characters.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    trivial=True,
    released=Released.YES,
)
