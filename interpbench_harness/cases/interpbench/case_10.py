"""Case 10: keeps each word that is a palindrome and blanks (None) every other word.

Upstream also builds a shift of the tokens by half the word length, but nothing reads it, so
tracr never compiles it; it is left out here.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    half = rasp.Map(lambda word: len(word) // 2, rasp.tokens).named("half_len")
    mirrored = rasp.SequenceMap(
        lambda word, n: word[:n] == word[: -n - 1 : -1], rasp.tokens, half
    ).named("ends_mirror")
    return rasp.SequenceMap(lambda word, ok: word if ok else None, rasp.tokens, mirrored).named(
        "palindrome_or_none"
    )


def reference(tokens):
    return [word if word == word[::-1] else None for word in tokens]


CASE = CaseSpec(
    case_id="10",
    description="Echoes each word that reads the same backwards; other words give no output.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words() | {"radar", "rotor"},
    causal=True,
    released=Released.NO,
    upstream_quirk=(
        "Outputs the word itself (not True) for a palindrome and None (not False) otherwise."
    ),
)
