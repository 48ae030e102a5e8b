"""Case 20: 'spam' where the word is one of free/offer/click/now, 'not spam' elsewhere.

The vocabulary adds 'spam', 'offer', 'click' and 'now' to the random words; 'spam' itself is
no keyword and 'free' never occurs.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_KEYWORDS = frozenset({"free", "offer", "click", "now"})


def program() -> rasp.SOp:
    hits = rasp.Map(lambda word: sum(word == kw for kw in _KEYWORDS), rasp.tokens).named(
        "keyword_hits"
    )
    return rasp.Map(lambda n: "spam" if n > 0 else "not spam", hits).named("spam_label")


def reference(tokens):
    return ["spam" if t in _KEYWORDS else "not spam" for t in tokens]


CASE = CaseSpec(
    case_id="20",
    description="Labels each word 'spam' if it is a spam keyword, otherwise 'not spam'.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words() | {"spam", "offer", "click", "now"},
    causal=True,
    trivial=True,
    released=Released.YES,
    upstream_quirk=(
        "Judges each word on its own, not the message; the token 'spam' is labelled 'not spam'."
    ),
)
