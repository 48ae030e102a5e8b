"""Case 7: how often each position's token occurs in the whole input."""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_hist
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return make_hist()


def reference(tokens):
    counts = Counter(tokens)
    return [counts[token] for token in tokens]


CASE = CaseSpec(
    case_id="7",
    description="Number of occurrences, across the input, of the token at each position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=False,
    released=Released.YES,
)
