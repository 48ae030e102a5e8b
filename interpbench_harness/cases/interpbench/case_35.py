"""Case 35: each word with upper case at even character offsets, lower case at odd ones."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _zigzag_case(word):
    return "".join(ch.lower() if k % 2 else ch.upper() for k, ch in enumerate(word))


def program() -> rasp.SOp:
    return rasp.Map(_zigzag_case, rasp.tokens).named("alternating_case")


def reference(tokens):
    out = []
    for word in tokens:
        chars = list(word.lower())
        chars[0::2] = [ch.upper() for ch in chars[0::2]]
        out.append("".join(chars))
    return out


CASE = CaseSpec(
    case_id="35",
    description="Upper-cases the 1st, 3rd, 5th... character of each word and lower-cases the rest.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    trivial=True,
    released=Released.YES,
)
