"""Case 37: each word spelled backwards unless it is the protected word 'nochange'.

'nochange' is not in the vocabulary, so in practice every token is reversed.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_PROTECTED = "nochange"


def program() -> rasp.SOp:
    return rasp.Map(lambda word: word if word == _PROTECTED else word[::-1], rasp.tokens).named(
        "reverse_unless_protected"
    )


def reference(tokens):
    return [word if word == _PROTECTED else "".join(reversed(word)) for word in tokens]


CASE = CaseSpec(
    case_id="37",
    description="Spells each word token backwards, leaving the word 'nochange' as it is.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    trivial=True,
    released=Released.YES,
    upstream_quirk="The excluded word 'nochange' is not in the vocab, so every token is reversed.",
)
