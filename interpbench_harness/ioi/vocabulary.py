"""The word-level vocabulary of the IOI prompts: one token per word, built from the prompt sets.

GPT-2's tokenizer files cannot be downloaded here, so the project's IOI models read this
vocabulary: every word, name and punctuation mark of `prompts` is one token, plus BOS and PAD.
The difference from GPT-2 matters only for the released IOI weights, which read GPT-2 ids.
"""

from __future__ import annotations

from typing import Dict, Sequence, Tuple

import torch

from interpbench_harness.data import TokenBatch
from interpbench_harness.ioi import prompts

BOS, PAD = "<bos>", "<pad>"


def vocabulary() -> Tuple[str, ...]:
    """BOS, PAD, then every template word, name, place and object, sorted: stable ids."""
    words = {w for t in prompts.TEMPLATES for w in t.split() if not w.startswith("{")}
    words |= set(prompts.NAMES) | set(prompts.PLACES) | set(prompts.OBJECTS)
    return (BOS, PAD) + tuple(sorted(words))


def token_ids() -> Dict[str, int]:
    return {word: i for i, word in enumerate(vocabulary())}


def max_length() -> int:
    """Tokens in the longest prompt, BOS included."""
    return 1 + max(len(t.split()) for t in prompts.TEMPLATES)


def encode(sentences: Sequence[Sequence[str]], scored: str = "end") -> TokenBatch:
    """`[BOS] + words + [PAD]*` as ids; `scored` marks the last word only ("end", the IOI
    metric's position) or every word ("all", for next-token training)."""
    if scored not in ("end", "all"):
        raise ValueError(f"scored must be 'end' or 'all', got {scored!r}")
    ids_of = token_ids()
    length = max_length()
    ids = torch.full((len(sentences), length), ids_of[PAD], dtype=torch.long)
    mask = torch.zeros((len(sentences), length), dtype=torch.bool)
    for row, words in enumerate(sentences):
        unknown = [w for w in words if w not in ids_of]
        if unknown:
            raise ValueError(f"words not in the IOI vocabulary: {unknown}; add them to ioi/prompts.py")
        ids[row, 0] = ids_of[BOS]
        ids[row, 1:len(words) + 1] = torch.tensor([ids_of[w] for w in words])
        if scored == "end":
            mask[row, len(words)] = True
        else:
            mask[row, 1:len(words) + 1] = True
    return TokenBatch(ids, mask)
