"""Case 34: per word, the number of vowels divided by the number of other characters.

Vowels are a, e, i, o, u in either case; a word with no other characters would give inf, though
no word of this vocabulary is like that.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _vowel_ratio(word):
    n_vowels = sum(ch in "aeiou" for ch in word.lower())
    n_others = len(word) - n_vowels
    if n_others == 0:
        return float("inf")
    return n_vowels / n_others


def program() -> rasp.SOp:
    return rasp.Map(_vowel_ratio, rasp.tokens).named("vowels_per_consonant")


def reference(tokens):
    out = []
    for word in tokens:
        vowels = len([ch for ch in word if ch.lower() in ("a", "e", "i", "o", "u")])
        others = len(word) - vowels
        out.append(vowels / others if others else float("inf"))
    return out


CASE = CaseSpec(
    case_id="34",
    description="Divides the count of vowels in each word token by the count of its other letters.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(),
    causal=True,
    released=Released.YES,
)
