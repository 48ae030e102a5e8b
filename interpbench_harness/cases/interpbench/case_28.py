"""Case 28: each word spelled backwards (a character-level reversal of every token).

The vocabulary is upstream's random word list with words of at least four letters and up
to 50 draws.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _backwards(word):
    return None if word is None else word[::-1]


def program() -> rasp.SOp:
    return rasp.Map(_backwards, rasp.tokens).named("word_backwards")


def reference(tokens):
    return ["".join(reversed(word)) for word in tokens]


CASE = CaseSpec(
    case_id="28",
    description="Spells every word token backwards.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(min_chars=4, max_words=50),
    causal=True,
    released=Released.UNCONFIRMED,
)
