"""Case 127: every token divided by (second token / first token), as floats.

So the sequence is effectively scaled by first / second; with a zero among the first two tokens
the divisor is 1 and the tokens come back unchanged (as floats).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _ratio(first, second):
    if first != 0 and second != 0:
        return second / first
    return 1


def program() -> rasp.SOp:
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    at_start = rasp.Select(rasp.indices, zeros, rasp.Comparison.EQ).named("at_start")
    first = rasp.Aggregate(at_start, rasp.tokens).named("first_token")
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    second_index = rasp.Map(lambda n: 1 if n > 1 else 0, n_tokens).named("second_index")
    at_second = rasp.Select(rasp.indices, second_index, rasp.Comparison.EQ).named("at_second")
    second = rasp.Aggregate(at_second, rasp.tokens).named("second_token")
    ratio = rasp.SequenceMap(_ratio, first, second).named("ratio")
    return rasp.SequenceMap(lambda t, r: t / r, rasp.tokens, ratio).named("scaled")


def reference(tokens):
    second = tokens[1] if len(tokens) > 1 else tokens[0]
    ratio = _ratio(tokens[0], second)
    return [t / ratio for t in tokens]


CASE = CaseSpec(
    case_id="127",
    description="Divides each number by the second number over the first (left as is if either is 0).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    upstream_quirk="The divisor is second / first (not first / second), and every output is a float.",
)
