"""Case 33: whether each word has an even number of characters (True) or an odd one (False)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda word: len(word) % 2 == 0, rasp.tokens).named("even_length")


def reference(tokens):
    return [not (len(word) & 1) for word in tokens]


CASE = CaseSpec(
    case_id="33",
    description="True where the word token has an even length, False where it is odd.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    trivial=True,
    released=Released.YES,
)
