"""Case 11: the length of each word, computed as the mean length of all words of equal length.

So the value is the word's own length, but its type tells whether the length is shared: an int
where no other word in the input has that length, a float where some other word does.
"""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    length = rasp.Map(lambda word: len(word), rasp.tokens).named("word_len")
    same_length = rasp.Select(length, length, rasp.Comparison.EQ).named("same_len")
    return rasp.Aggregate(same_length, length, default=None).named("mean_same_len")


def reference(tokens):
    lengths = [len(word) for word in tokens]
    shared = Counter(lengths)
    return [n if shared[n] == 1 else float(n) for n in lengths]


CASE = CaseSpec(
    case_id="11",
    description=(
        "The character count of each word (an int when no other word has that length, else a "
        "float)."
    ),
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    trivial=True,
    released=Released.YES,
    upstream_quirk=(
        "Described as counting words by length, but outputs each word's own length (the mean "
        "over equal-length words, so a float when another word shares it)."
    ),
)
