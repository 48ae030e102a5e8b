"""Case tb-count-less-freq: how many positions hold a digit that occurs at most twice in the input.

TracrBench's docstring says "fewer than n times", but its program (and compiled model) counts
the positions whose digit occurs at most n = 2 times; we follow the program.
"""

from collections import Counter

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_hist
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN

_MOST = 2


def program() -> rasp.SOp:
    count = make_hist().named("hist")
    rare = rasp.Select(count, count, lambda key, query: key <= _MOST).named("rare_keys")
    return rasp.SelectorWidth(rare).named("n_rare")


def reference(tokens):
    counts = Counter(tokens)
    return [sum(counts[token] <= _MOST for token in tokens)] * len(tokens)


CASE = CaseSpec(
    case_id="tb-count-less-freq",
    description="At every position, how many positions hold a digit that occurs at most twice in the input.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
