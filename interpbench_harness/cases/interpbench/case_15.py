"""Case 15: twice each number minus its position, built as a 3-argument map from two pair maps.

The three arguments (token, token, index) are packed into a tuple by two SequenceMaps and then
unpacked by one Map, so the model has three MLP layers and no attention.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _append(packed, item):
    if isinstance(packed, tuple):
        return (*packed, item)
    return (packed, item)


def _three_way_map(fn, first, *rest):
    packed = first
    for part in rest:
        packed = rasp.SequenceMap(_append, packed, part)
    return rasp.Map(lambda args: fn(*args), packed)


def program() -> rasp.SOp:
    return _three_way_map(
        lambda a, b, i: a + b - i, rasp.tokens, rasp.tokens, rasp.indices
    ).named("double_minus_index")


def reference(tokens):
    return [2 * t - i for i, t in enumerate(tokens)]


CASE = CaseSpec(
    case_id="15",
    description="Doubles each number and subtracts its position index.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(5),
    causal=True,
    max_seq_len=5,
    released=Released.YES,
)
