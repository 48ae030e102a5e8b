"""Case 120: the second half of the sequence followed by the first half.

For an odd length the middle token stays in the middle: [a, b, m, c, d] -> [c, d, m, a, b].
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _destination(i, half):
    if half == int(half):
        return i - half if i >= half else i + half
    if i + 0.5 == half:
        return i
    return i + int(half) + 1 if i < half else i - int(half) - 1


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    half = rasp.Map(lambda n: n / 2, n_tokens).named("half_length")
    destination = rasp.SequenceMap(_destination, rasp.indices, half).named("destination")
    move = rasp.Select(destination, rasp.indices, rasp.Comparison.EQ).named("move")
    return rasp.Aggregate(move, rasp.tokens).named("halves_swapped")


def reference(tokens):
    tokens = list(tokens)
    m = len(tokens) // 2
    if len(tokens) % 2 == 0:
        return tokens[m:] + tokens[:m]
    return tokens[m + 1 :] + [tokens[m]] + tokens[:m]


CASE = CaseSpec(
    case_id="120",
    description="Swaps the first and second halves of the sequence, keeping an odd middle in place.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
)
