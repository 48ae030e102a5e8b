"""Case 89: 1 at every position when the tokens never decrease from left to right, else 0.

Equal neighbours count as increasing; the length limit is the vocabulary size (11, BOS included).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.rasp_blocks import previous_or_self
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    previous = previous_or_self(rasp.tokens)  # position 0 compares with itself
    in_order = rasp.SequenceMap(
        lambda prev, cur: 0 if prev > cur else 1, previous, rasp.tokens
    ).named("pair_in_order")
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zero")
    broken = rasp.Select(in_order, zeros, rasp.Comparison.EQ).named("out_of_order_pairs")
    n_broken = rasp.SelectorWidth(broken).named("n_out_of_order")
    return rasp.Map(lambda n: 0 if n > 0 else 1, n_broken).named("is_increasing")


def reference(tokens):
    ok = all(a <= b for a, b in zip(tokens, tokens[1:]))
    return [1 if ok else 0] * len(tokens)


CASE = CaseSpec(
    case_id="89",
    description="Marks every position with 1 if the sequence is non-decreasing and 0 otherwise.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    max_seq_len=11,
    released=Released.UNCONFIRMED,
    upstream_quirk="Equal neighbours pass, so the check is for non-decreasing, not strictly increasing.",
    sampler=samplers.half_increasing_inputs,
)
