"""Case 14: how many 'a' tokens the whole input holds, repeated at every position."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    keys_are_a = rasp.Select(rasp.tokens, rasp.tokens, lambda key, query: key == "a").named(
        "keys_are_a"
    )
    return rasp.SelectorWidth(keys_are_a).named("a_count")


def reference(tokens):
    total = sum(1 for t in tokens if t == "a")
    return [total for _ in tokens]


CASE = CaseSpec(
    case_id="14",
    description="Counts the 'a' tokens in the input and reports the count at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=False,
    released=Released.YES,
)
