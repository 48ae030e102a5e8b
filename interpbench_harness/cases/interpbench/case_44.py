"""Case 44: at each position, how many tokens of the whole sequence are strictly larger."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    larger = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.GT).named("larger_keys")
    return rasp.SelectorWidth(larger).named("n_larger")


def reference(tokens):
    return [len([other for other in tokens if other > tok]) for tok in tokens]


CASE = CaseSpec(
    case_id="44",
    description="Counts, for each token, the tokens in the sequence that are greater than it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(),
    causal=False,
    released=Released.UNCONFIRMED,
)
