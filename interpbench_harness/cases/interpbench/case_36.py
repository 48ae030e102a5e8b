"""Case 36: the sentiment label of each emoji token (smiling, crying or a neutral book)."""

from tracr.rasp import rasp

from interpbench_harness.cases.spec import CaseSpec, Released

_HAPPY, _SAD, _BOOK = "\U0001F60A", "\U0001F622", "\U0001F4D8"
_LABELS = {_HAPPY: "positive", _SAD: "negative", _BOOK: "neutral"}


def program() -> rasp.SOp:
    return rasp.Map(lambda emoji: _LABELS.get(emoji, "neutral"), rasp.tokens).named(
        "emoji_sentiment"
    )


def reference(tokens):
    return ["positive" if t == _HAPPY else "negative" if t == _SAD else "neutral" for t in tokens]


CASE = CaseSpec(
    case_id="36",
    description="Labels each emoji token 'positive', 'negative' or 'neutral'.",
    build_program=program,
    reference=reference,
    vocab=frozenset({_HAPPY, _SAD, _BOOK}),
    causal=True,
    trivial=True,
    released=Released.YES,
)
