"""Case 108: 1 at every position if some number occurs at least twice, else 0."""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    same_value = rasp.Select(rasp.tokens, rasp.tokens, lambda k, q: k == q).named("same_value")
    copies = rasp.SelectorWidth(same_value).named("n_copies")
    two = rasp.Map(lambda _: 2, rasp.indices).named("two")
    repeated = rasp.Select(copies, two, rasp.Comparison.GEQ).named("repeated_positions")
    n_repeated = rasp.SelectorWidth(repeated).named("n_repeated")
    return rasp.Map(lambda c: 1 if c > 0 else 0, n_repeated).named("has_repeat")


def reference(tokens):
    return [1 if len(set(tokens)) < len(tokens) else 0] * len(tokens)


CASE = CaseSpec(
    case_id="108",
    description="Marks every position with 1 if any number occurs twice or more, else 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    sampler=samplers.duplicate_or_distinct_inputs,
)
