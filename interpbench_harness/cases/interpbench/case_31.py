"""Case 31: whether each word is an anagram of 'listen' (the word itself included).

Besides 'listen' itself the vocabulary is upstream's default random word list, so 'listen' is the
only token that ever yields True.
"""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_TARGET = "listen"


def program() -> rasp.SOp:
    letters_of_target = sorted(_TARGET)
    return rasp.Map(lambda word: sorted(word) == letters_of_target, rasp.tokens).named(
        "anagram_of_listen"
    )


def reference(tokens):
    wanted = Counter(_TARGET)
    return [Counter(word) == wanted for word in tokens]


CASE = CaseSpec(
    case_id="31",
    description="True where the word token is a rearrangement of the letters of 'listen'.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words() | {_TARGET},
    causal=True,
    released=Released.YES,
)
