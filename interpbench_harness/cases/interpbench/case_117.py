"""Case 117: the sum of the last two tokens, broadcast to every position."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    final_index = rasp.Map(lambda n: n - 1, n_tokens).named("final_index")
    penultimate_index = rasp.Map(lambda n: n - 2, n_tokens).named("penultimate_index")
    final = rasp.Aggregate(
        rasp.Select(rasp.indices, final_index, rasp.Comparison.EQ).named("at_final"), rasp.tokens
    ).named("final_token")
    penultimate = rasp.Aggregate(
        rasp.Select(rasp.indices, penultimate_index, rasp.Comparison.EQ).named("at_penultimate"),
        rasp.tokens,
    ).named("penultimate_token")
    return rasp.SequenceMap(lambda a, b: a + b, final, penultimate).named("sum_of_last_two")


def reference(tokens):
    if len(tokens) < 2:  # no penultimate token to read
        return [None] * len(tokens)
    return [tokens[-1] + tokens[-2]] * len(tokens)


CASE = CaseSpec(
    case_id="117",
    description="Adds the last two numbers and writes the sum at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
)
