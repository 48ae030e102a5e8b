"""Case 78: how often each position's letter occurs in the whole sequence."""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    same_letter = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named("same_letter")
    return rasp.SelectorWidth(same_letter).named("occurrences")


def reference(tokens):
    counts = Counter(tokens)
    return [counts[letter] for letter in tokens]


CASE = CaseSpec(
    case_id="78",
    description="Replaces each letter with the number of times it occurs in the sequence.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(10),
    causal=False,
)
