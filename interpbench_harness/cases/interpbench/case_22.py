"""Case 22: the words sorted by their length, shortest first, ties kept in input order."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_sort
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    word_length = rasp.Map(lambda word: len(word), rasp.tokens).named("word_length")
    return make_sort(rasp.tokens, word_length, max_seq_len=10, min_key=1)


def reference(tokens):
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]) + i / 10)
    return [tokens[i] for i in order]


CASE = CaseSpec(
    case_id="22",
    description="Sorts the words by length, shortest first, keeping input order among ties.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=False,
    released=Released.UNCONFIRMED,
)
