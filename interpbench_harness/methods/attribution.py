"""Built-in gradient-attribution methods: EAP and EAP-IG.

An edge's score is (corrupted - clean sender output) · d(loss)/d(receiver input), summed over
the batch and every position: a first-order estimate of how much the loss moves when that
edge alone is resample-ablated (head receivers sum their q, k and v inputs).

The loss is the harness metric where that has a gradient at the clean point: on cases scored
by the clean answer's logit (IOI) it is minus that logit, summed. KL to the clean output (and
squared error to the label of a regression case, which on these models equals the output
exactly) is at its minimum at the clean point, so its gradient there is zero and every score
would vanish: categorical cases therefore use the cross-entropy of the clean logits against
`case.labels`, and regression cases the summed output value. Only the loss is restricted to scored positions: in a
bidirectional model a sender's output at BOS still reaches scored positions through attention,
so the sum over positions must include it for EAP to be exact where the model is linear.
"""

from __future__ import annotations

import dataclasses
from typing import Dict

import torch

from interpbench_harness.ablation import receiver_hooks, sender_hook
from interpbench_harness.graph import INPUT_HOOK, Node
from interpbench_harness.methods.contract import DiscoveryCase, EdgeScores, MethodSettings
from interpbench_harness.methods.registry import register

DEFAULT_IG_STEPS = 10  # the EAP-IG paper's


@dataclasses.dataclass(frozen=True)
class EapIgOptions:
    steps: int = dataclasses.field(default=DEFAULT_IG_STEPS, metadata={
        "help": "points on the line from the corrupted to the clean input; 1 + steps forwards, steps backwards"})

    def __post_init__(self) -> None:
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or self.steps < 1:
            raise ValueError(f"steps must be a positive integer, got {self.steps!r}")


@register("eap", returns=EdgeScores, signed=True)
def edge_attribution_patching(case: DiscoveryCase, settings: MethodSettings) -> EdgeScores:
    """EAP: gradients at the clean input. Two forwards (corrupted, clean) and one backward."""
    return attribution_scores(case, steps=1)


@register("eap_ig", options=EapIgOptions, returns=EdgeScores, signed=True)
def edge_attribution_patching_ig(case: DiscoveryCase, settings: MethodSettings) -> EdgeScores:
    """EAP-IG: gradients averaged along the line from the corrupted to the clean input embedding.

    Option `steps` points (default 10): one corrupted forward, then one forward and one backward
    per step.
    """
    return attribution_scores(case, EapIgOptions(**settings.options).steps)


def attribution_scores(case: DiscoveryCase, steps: int) -> EdgeScores:
    """Signed scores with the loss gradient averaged at alpha = 1/steps, 2/steps, ..., 1.

    At alpha the input embedding is corrupted + alpha * (clean - corrupted), written as
    clean - (1 - alpha) * (clean - corrupted) so that alpha = 1 is exactly the clean run. That
    step runs first: it records the clean sender outputs and fixes the answers (see `_loss`).
    """
    model, clean_ids = case.model, case.clean.ids
    edges = case.universe.sorted_edges()
    senders = {edge.sender for edge in edges}
    receiver_hook_names = {name for edge in edges for name, _ in receiver_hooks(edge)}
    sender_hook_names = {sender_hook(node)[0] for node in senders}

    with torch.no_grad():
        _, corrupted_cache = model.run_with_cache(
            case.corrupted.ids, names_filter=lambda name: name in sender_hook_names
        )
    corrupted_embedding = corrupted_cache[INPUT_HOOK]

    gradient_names = sorted(receiver_hook_names)
    gradient_sums: Dict[str, torch.Tensor] = {}
    clean_activations: Dict[str, torch.Tensor] = {}
    answers = None
    # The clean point (alpha = 1) first: its outputs fix the answers an answer-logit loss reads.
    for step in [steps - 1] + list(range(steps - 1)):
        remaining = 1.0 - (step + 1) / steps
        activations: Dict[str, torch.Tensor] = {}

        def interpolate(embedding, hook):
            embedding = embedding.detach()
            return (embedding - remaining * (embedding - corrupted_embedding)).requires_grad_(True)

        def record(activation, hook):
            activations[hook.name] = activation
            return activation

        fwd_hooks = [(INPUT_HOOK, interpolate)]
        fwd_hooks += [(name, record) for name in sorted(sender_hook_names | receiver_hook_names)]
        logits = model.run_with_hooks(clean_ids, fwd_hooks=fwd_hooks)
        if answers is None:
            answers, clean_activations = logits.detach().argmax(dim=-1), activations
        gradients = torch.autograd.grad(_loss(case, logits, answers), [activations[name] for name in gradient_names])
        for name, gradient in zip(gradient_names, gradients):
            gradient_sums[name] = gradient_sums.get(name, 0) + gradient

    def output_change(node: Node) -> torch.Tensor:
        name, head = sender_hook(node)
        change = corrupted_cache[name] - clean_activations[name].detach()
        return change if head is None else change[:, :, head]

    def mean_gradient(edge) -> torch.Tensor:
        total = 0
        for name, head in receiver_hooks(edge):
            total = total + (gradient_sums[name] if head is None else gradient_sums[name][:, :, head])
        return total / steps

    changes = {node: output_change(node) for node in senders}
    return EdgeScores(
        {edge.name: float((changes[edge.sender] * mean_gradient(edge)).sum()) for edge in edges},
        signed=True,
    )


def _loss(case: DiscoveryCase, logits: torch.Tensor, answers: torch.Tensor) -> torch.Tensor:
    """The summed loss over scored positions whose gradient drives the scores (see module doc).

    `answers` are the clean run's argmax tokens, which the answer-logit metric reads.
    """
    scored = case.clean.scored
    if case.spec.metric == "answer_logit":
        return -logits.gather(-1, answers[..., None])[..., 0][scored].sum()
    if case.is_regression:
        return logits[..., 0][scored].sum()
    return torch.nn.functional.cross_entropy(logits[scored], case.labels[scored], reduction="sum")
