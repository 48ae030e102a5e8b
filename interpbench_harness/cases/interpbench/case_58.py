"""Case 58: keeps the first half and fills the second half with the first half mirrored.

Position i (of n) reads position n - 1 - i when i >= n // 2, else itself; for odd n the middle
token stays put.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    everything = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named("select_all")
    n = rasp.SelectorWidth(everything).named("n_tokens")
    source = rasp.SequenceMap(
        lambda pos, size: size - 1 - pos if pos >= size // 2 else pos, rasp.indices, n
    ).named("mirror_source")
    read_source = rasp.Select(rasp.indices, source, rasp.Comparison.EQ).named("read_mirror_source")
    return rasp.Aggregate(read_source, rasp.tokens, default=None).named("mirror_first_half")


def reference(tokens):
    n = len(tokens)
    return [tokens[n - 1 - i] if i >= n // 2 else tokens[i] for i in range(n)]


CASE = CaseSpec(
    case_id="58",
    description="Copies the first half of the input, reversed, over its second half.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
