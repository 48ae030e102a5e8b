"""Case tb-sort-freq: the digits ordered from most to least frequent, ties in input order.

tracr's make_sort_freq: the keys are minus each digit's count, made distinct by adding
index / max_seq_len, and the digits are placed by how many keys are smaller. TracrBench's
compiled model was built with min_key=0 (only that fits its residual width), so its keys are not
distinct and it does not sort; we follow the task, as tracr's library does, with min_key=1.
"""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_hist, make_sort
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    rarity = (-1 * make_hist()).named("minus_count")
    return make_sort(rasp.tokens, rarity, max_seq_len=MAX_SEQ_LEN - 1, min_key=1).named("sort_freq")


def reference(tokens):
    counts = Counter(tokens)
    return [token for _, token in sorted(enumerate(tokens), key=lambda item: (-counts[item[1]], item[0]))]


CASE = CaseSpec(
    case_id="tb-sort-freq",
    description="Orders the digits from the most to the least frequent, keeping input order among equals.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
