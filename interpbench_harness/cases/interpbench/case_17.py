"""Case 17: whether each token equals the token at the mirrored position.

Despite the task name (palindrome detection), the output is per position: True where a token
matches its mirror, so only a full palindrome gives True everywhere.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.rasp_blocks import make_reverse
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    mirrored = make_reverse(rasp.tokens)
    return rasp.SequenceMap(lambda a, b: a == b, rasp.tokens, mirrored).named("matches_mirror")


def reference(tokens):
    n = len(tokens)
    return [tokens[i] == tokens[n - 1 - i] for i in range(n)]


CASE = CaseSpec(
    case_id="17",
    description="Marks each position whose token equals the token at the mirrored position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(10),
    causal=False,
    released=Released.NO,
    upstream_quirk=(
        "Outputs a per-position mirror match, not one palindrome verdict for the whole input."
    ),
    sampler=samplers.palindrome_or_not_inputs,
)
