"""Case 90: every "findme" token becomes "-"; all other words pass through unchanged."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_TARGET = "findme"
_SUBSTITUTE = "-"


def program() -> rasp.SOp:
    return rasp.Map(lambda w: _SUBSTITUTE if w == _TARGET else w, rasp.tokens).named("substituted")


def reference(tokens):
    return [_SUBSTITUTE if w == _TARGET else w for w in tokens]


CASE = CaseSpec(
    case_id="90",
    description='Replaces each "findme" word with "-" and copies every other word.',
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words() | {_TARGET, _SUBSTITUTE},
    causal=True,
    trivial=True,
    released=Released.YES,
)
