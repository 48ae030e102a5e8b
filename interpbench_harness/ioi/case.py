"""The IOI case in the shape the SIIT trainer and the harness read from a compiled tracr case.

`IOICase` offers what `CompiledCase` offers (spec, config, batches, labels, ground truth, a
high-level model), so training, evaluation and discovery need no IOI branch. The high-level
model is `high_level.IOIHighLevelModel` behind TransformerLens hook points named after the
low-level components its nodes map to (`blocks.0.hook_mlp_out`, `blocks.{1,2,4}.attn.hook_z` /
`hook_result` at head 1), so the interchange code that patches a tracr model patches it too.
There is no compiled transformer: the `tracr` model source does not exist for IOI.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cached_property
from typing import Dict, List

import torch
from transformer_lens.hook_points import HookPoint
from transformer_lens.HookedRootModule import HookedRootModule

from interpbench_harness import data, graph
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.ioi import gpt2, high_level, prompts, vocabulary

D_MODEL = 64  # the released IOI models' width
ANSWER_LOGIT = 10.0  # the high-level model's logit for its answer (0 elsewhere)


class _Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hook_z = HookPoint()
        self.hook_result = HookPoint()


class _Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = _Attention()
        self.hook_mlp_out = HookPoint()


class HookedIOIHighLevel(HookedRootModule):
    """The IOI algorithm with a hook point at each node's low-level image.

    A node's value travels through its hooks as a float tensor, [batch, pos, 1] at
    `hook_mlp_out`, [batch, pos, n_heads, 1] with the value in head 1 at `hook_z` and
    `hook_result`, so a patch of those hooks (rows from another input) sets the node's value.
    """

    def __init__(self, vocab):
        super().__init__()
        self.algorithm = high_level.IOIHighLevelModel(vocab.name_ids, vocab.pad_id)
        self.d_vocab_out = len(vocab.tokens)
        self.blocks = torch.nn.ModuleList(_Block() for _ in range(high_level.N_LAYERS))
        self.cfg = _Switches(high_level.N_LAYERS, high_level.N_HEADS)
        self.setup()

    def _through(self, node: str, value: torch.Tensor, n_pos: int) -> torch.Tensor:
        """Send a node's value through its hook points and read back what comes out."""
        target = high_level.NODES[node]
        if target.kind is graph.NodeKind.MLP:
            out = self.blocks[target.layer].hook_mlp_out(value.float()[..., None])
            return out[..., 0].round().long()
        per_position = value if value.dim() == 2 else value[:, None].expand(-1, n_pos)
        slots = torch.zeros(*per_position.shape, high_level.N_HEADS, 1)
        slots[:, :, target.head, 0] = per_position.float()
        attention = self.blocks[target.layer].attn
        out = attention.hook_result(attention.hook_z(slots))[:, :, target.head, 0].round().long()
        return out if value.dim() == 2 else out[:, 0]

    def forward(self, ids: torch.Tensor, *args, **kwargs) -> torch.Tensor:
        algorithm, n_pos = self.algorithm, ids.shape[1]
        tokens = self._through("tokens", ids, n_pos)
        duplicate = self._through("duplicate", algorithm.repeated_names(tokens), n_pos)
        inhibited = self._through("s_inhibition", algorithm.first_repeated_name(duplicate), n_pos)
        answer = self._through("name_mover", algorithm.first_other_name(tokens, inhibited), n_pos)
        logits = torch.zeros(ids.shape[0], n_pos, self.d_vocab_out)
        named = answer != high_level.NONE
        logits[named, :, answer[named]] = ANSWER_LOGIT
        return logits


@dataclasses.dataclass
class _Switches:
    """The config flags the trainer toggles on a HookedTransformer; inert here."""

    n_layers: int
    n_heads: int
    use_attn_result: bool = True
    use_split_qkv_input: bool = True


@dataclasses.dataclass(frozen=True)
class IOICase:
    """Everything the trainer and the harness read from a case, for IOI."""

    spec: CaseSpec
    next_token: bool = False  # ioi_next_token: the behaviour loss is next-token prediction
    vocabulary_name: str = "words"  # or "gpt2": the ids the released IOI weights read
    has_compiled_model = False

    @cached_property
    def vocab(self):
        """The token numbering: the project's word-level one, or GPT-2's (see `gpt2.py`)."""
        if self.vocabulary_name == "gpt2":
            return gpt2.GPT2Vocabulary()
        return vocabulary.WordVocabulary()

    def reading(self, d_vocab: int) -> "IOICase":
        """This case in the numbering that a model with `d_vocab` input tokens reads.

        The project's models read the word-level vocabulary; the released IOI weights read
        GPT-2's, which needs the tokenizer on this machine. Any other size is refused.
        """
        words = dataclasses.replace(self, vocabulary_name="words")
        if len(words.tokens) == d_vocab:
            return words
        gpt2_case = dataclasses.replace(self, vocabulary_name="gpt2")
        try:
            if len(gpt2_case.tokens) == d_vocab:
                return gpt2_case
        except gpt2.GPT2TokenizerMissing:
            if d_vocab == gpt2.GPT2_VOCAB_SIZE:
                raise
        raise ValueError(
            f"an IOI model with d_vocab {d_vocab} reads neither the word-level vocabulary "
            f"({len(words.tokens)} tokens) nor GPT-2's ({gpt2.GPT2_VOCAB_SIZE})"
        )

    @property
    def tokens(self) -> List[str]:
        return self.vocab.tokens

    @property
    def output_values(self) -> List[str]:
        return self.tokens

    @property
    def weights(self) -> Dict[str, object]:
        return {}  # no compiled weights

    @property
    def verification(self) -> Dict[str, object]:
        return {}  # nothing was converted

    @property
    def config(self) -> Dict[str, object]:
        return {
            "n_layers": high_level.N_LAYERS, "n_heads": high_level.N_HEADS, "d_model": D_MODEL,
            "d_head": D_MODEL // high_level.N_HEADS, "d_mlp": 4 * D_MODEL, "d_vocab": len(self.tokens),
            "d_vocab_out": len(self.tokens), "n_ctx": vocabulary.max_length(), "act_fn": "gelu",
            "attention_dir": "causal", "pad_token_id": self.vocab.pad_id, "bos_token_id": self.vocab.bos_id,
        }

    @property
    def n_layers(self) -> int:
        return high_level.N_LAYERS

    @property
    def n_heads(self) -> int:
        return high_level.N_HEADS

    @property
    def ground_truth_qkv(self) -> graph.Circuit:
        return high_level.ground_truth()  # head level already: the algorithm names no q/k/v ports

    @property
    def ground_truth(self) -> graph.Circuit:
        return self.ground_truth_qkv

    @cached_property
    def key(self) -> str:
        """What makes a trained IOI model stale: a digest of the task's behaviour.

        There are no compiled weights to hash, so this hashes what the high-level model does:
        the vocabulary, a fixed sample of clean and corrupted prompts, the algorithm's answers
        on them and the training objective. Edits that change none of these (a docstring, a
        refactor) keep the shipped model valid.
        """
        clean, corrupted = self.batch(500, 0), self.corrupted_batch(500)
        digest = hashlib.sha256(repr([self.tokens, self.next_token]).encode())
        for tensor in (clean.ids, clean.scored, corrupted.ids, self.labels(clean), self.labels(corrupted)):
            digest.update(tensor.numpy().tobytes())
        return digest.hexdigest()

    def universe(self, qkv: bool = False) -> graph.Circuit:
        return graph.universe(self.n_layers, self.n_heads, qkv=qkv)

    def model(self) -> HookedIOIHighLevel:
        return HookedIOIHighLevel(self.vocab)

    def batch(self, n_samples: int, seed: int, variable_length: bool = False) -> data.TokenBatch:
        """Prompts from IOI's templates (`variable_length` does not apply: templates fix lengths)."""
        return vocabulary.encode_with(self.vocab, [p.words for p in prompts.sample_prompts(n_samples, seed)])

    def corrupted_batch(self, n_samples: int) -> data.TokenBatch:
        """The clean prompts' corruption (same templates, three fresh names): IOI's minimal pairs."""
        clean = prompts.sample_prompts(n_samples, data.CLEAN_SEED)
        return vocabulary.encode_with(self.vocab, prompts.corrupt(clean, data.CORRUPTED_SEED))

    def labels(self, batch: data.TokenBatch, model=None) -> torch.Tensor:
        """The high-level model's argmax at every position: the answer (id 0 where a prompt
        names nobody else), read from the algorithm instead of [batch, pos, d_vocab] logits."""
        model = model if model is not None else self.model()
        answer = model.algorithm.predict(batch.ids)
        answer = torch.where(answer == high_level.NONE, torch.zeros_like(answer), answer)
        return answer[:, None].expand(-1, batch.ids.shape[1]).clone()

    def behaviour_targets(self, batch: data.TokenBatch, labels: torch.Tensor):
        """(targets, scored) of the SIIT behaviour loss.

        `ioi`: the answer at the end position. `ioi_next_token`: every position predicts the
        word after it, as a language model does, and the end position predicts the answer,
        which is the word that follows the prompt; PAD positions are never scored.
        """
        if not self.next_token:
            return labels, batch.scored
        pad = self.vocab.pad_id
        following = torch.cat([batch.ids[:, 1:], torch.full_like(batch.ids[:, :1], pad)], dim=1)
        targets = torch.where(batch.scored, labels, following)
        return targets, batch.scored | (following != pad)
