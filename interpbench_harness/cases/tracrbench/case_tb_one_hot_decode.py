"""Case tb-one-hot-decode: the position of the digit 1, written at every position.

One head whose every query selects the positions holding 1 reads their index. The task is
defined for one-hot inputs: with no 1 the program answers None, with several it averages their
indices, which a categorical output cannot hold (the compiled model picks one of them). So the
case draws inputs with exactly one 1, the other digits uniform from the rest.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN
from interpbench_harness.sampling import random_sequence

_HOT = 1


def program() -> rasp.SOp:
    hot = rasp.Select(rasp.tokens, rasp.tokens, lambda key, query: key == _HOT).named("hot_position")
    return rasp.Aggregate(hot, rasp.indices).named("hot_index")


def reference(tokens):
    hot = [i for i, token in enumerate(tokens) if token == _HOT]
    if not hot:
        return [None] * len(tokens)
    return [hot[0] if len(hot) == 1 else sum(hot) / len(hot)] * len(tokens)  # several: the program's mean


def one_hot_inputs(vocab, count, min_len, max_len, draws):
    """Uniform inputs over the digits other than 1, each with one 1 put at a uniform position."""
    cold = [token for token in vocab if token != _HOT]
    sequences = []
    for _ in range(count):
        sequence = random_sequence(cold, min_len, max_len, draws)
        sequence[draws.python.randrange(len(sequence))] = _HOT
        sequences.append(sequence)
    return sequences


CASE = CaseSpec(
    case_id="tb-one-hot-decode",
    description="Writes the position of the digit 1 at every position (inputs hold exactly one 1).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
    sampler=one_hot_inputs,
)
