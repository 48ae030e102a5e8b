"""The word-level vocabulary of the IOI prompts: one token per word, built from the prompt sets.

GPT-2's tokenizer files cannot be downloaded here, so the project's IOI models read this
vocabulary: every word, name and punctuation mark of `prompts` is one token, plus BOS and PAD.
The difference from GPT-2 matters only for the released IOI weights, which read GPT-2 ids
(`gpt2.GPT2Vocabulary`, used when the tokenizer is on the machine). Both vocabularies offer
the same few things: `tokens`, `bos_id`, `pad_id`, `name_ids` and `word_ids(words)`.
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

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


class WordVocabulary:
    """The project's IOI vocabulary: what its shipped IOI models read."""

    name = "words"

    def __init__(self):
        self.tokens: List[str] = list(vocabulary())
        self._ids = token_ids()
        self.bos_id, self.pad_id = self._ids[BOS], self._ids[PAD]
        self.name_ids = frozenset(self._ids[n] for n in prompts.NAMES)

    def word_ids(self, words: Sequence[str]) -> List[int]:
        unknown = [w for w in words if w not in self._ids]
        if unknown:
            raise ValueError(f"words not in the IOI vocabulary: {unknown}; add them to ioi/prompts.py")
        return [self._ids[w] for w in words]


def encode_with(vocab, sentences: Sequence[Sequence[str]], scored: str = "end") -> TokenBatch:
    """`[BOS] + words + [PAD]*` as `vocab`'s ids; `scored` marks the last word only ("end", the
    IOI metric's position) or every word ("all")."""
    if scored not in ("end", "all"):
        raise ValueError(f"scored must be 'end' or 'all', got {scored!r}")
    length = max_length()
    ids = torch.full((len(sentences), length), vocab.pad_id, dtype=torch.long)
    mask = torch.zeros((len(sentences), length), dtype=torch.bool)
    for row, words in enumerate(sentences):
        ids[row, 0] = vocab.bos_id
        ids[row, 1:len(words) + 1] = torch.tensor(vocab.word_ids(words))
        if scored == "end":
            mask[row, len(words)] = True
        else:
            mask[row, 1:len(words) + 1] = True
    return TokenBatch(ids, mask)


def encode(sentences: Sequence[Sequence[str]], scored: str = "end") -> TokenBatch:
    """`encode_with` the word-level vocabulary."""
    return encode_with(WordVocabulary(), sentences, scored)
