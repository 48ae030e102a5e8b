"""Case 23: the word where it reads the same backwards, None otherwise.

Single-letter words count as palindromes.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _keep_if_palindrome(word):
    return word if word == word[::-1] else None


def program() -> rasp.SOp:
    return rasp.Map(_keep_if_palindrome, rasp.tokens).named("palindrome_words")


def reference(tokens):
    return [_keep_if_palindrome(t) for t in tokens]


CASE = CaseSpec(
    case_id="23",
    description="Keeps the words that are palindromes and blanks the rest.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words() | {"racecar", "noon"},
    causal=True,
    released=Released.UNCONFIRMED,
)
