"""Case tb-sort-unique: the digits sorted by tracr's make_sort_unique, which assumes distinct keys.

Each digit goes to the position given by how many digits are smaller. Copies of a digit all go
to the same position (their mean is the digit), and the positions no digit goes to answer None,
e.g. [3, 1, 3] -> [1, 3, None].
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_sort_unique
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return make_sort_unique(rasp.tokens, rasp.tokens)


def reference(tokens):
    landing = {sum(other < token for other in tokens): token for token in tokens}
    return [landing.get(i) for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="tb-sort-unique",
    description="Sorts the digits as if they were distinct: copies share one slot, leftover slots are None.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
