"""Case 111: the last token moved to position 0, with 0 at every other position."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    final_index = rasp.Map(lambda n: n - 1, n_tokens).named("final_index")
    at_final = rasp.Select(rasp.indices, final_index, rasp.Comparison.EQ).named("at_final")
    final_token = rasp.Aggregate(at_final, rasp.tokens).named("final_token")
    return rasp.SequenceMap(
        lambda value, i: value if i == 0 else 0, final_token, rasp.indices
    ).named("final_first_then_zeros")


def reference(tokens):
    return [tokens[-1]] + [0] * (len(tokens) - 1)


CASE = CaseSpec(
    case_id="111",
    description="Writes the last token at the first position and 0 everywhere else.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.YES,
)
