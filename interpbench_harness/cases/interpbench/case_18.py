"""Case 18: grades each token by its share of the input: 'frequent', 'common' or 'rare'."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_hist, make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def _grade(count, total):
    if count > total / 2:
        return "frequent"
    if count > total / 4:
        return "common"
    return "rare"


def program() -> rasp.SOp:
    counts = make_hist()
    total = make_length()
    return rasp.SequenceMap(_grade, counts, total).named("frequency_grade")


def reference(tokens):
    return [_grade(tokens.count(t), len(tokens)) for t in tokens]


CASE = CaseSpec(
    case_id="18",
    description=(
        "'frequent' for a token filling over half the input, 'common' over a quarter, else 'rare'."
    ),
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(5),
    causal=False,
    released=Released.YES,
)
