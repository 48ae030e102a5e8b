"""GPT-2 token ids for the IOI prompts, used when GPT-2's tokenizer is already on this machine.

InterpBench's released IOI weights read GPT-2 ids (d_vocab 50257); the project's own IOI models
read the word-level vocabulary (`vocabulary.py`), because the tokenizer cannot be downloaded
here. The tokenizer is looked for, never fetched: `tokenizer.json` in the folder named by
$INTERPBENCH_GPT2_TOKENIZER, else in the local huggingface_hub cache of `gpt2` or
`openai-community/gpt2`.

A prompt is encoded as GPT-2 reads its text (punctuation joined to the word before it, every
other word after a space), and each word must come out as exactly one token, as IOI name lists
are chosen to. BOS is `<|endoftext|>`. GPT-2 has no PAD token; the newline token stands in: it
never occurs in a prompt, and in a causal model no scored position attends to a PAD after it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional, Sequence

from interpbench_harness.ioi import prompts

TOKENIZER_ENV = "INTERPBENCH_GPT2_TOKENIZER"
HUB_REPOS = ("gpt2", "openai-community/gpt2")
GPT2_VOCAB_SIZE = 50257
BOS_TOKEN = "<|endoftext|>"
PAD_TOKEN = "\u010a"  # GPT-2's byte-level spelling of "\n"
_JOINED = {",", "."}  # written without a space before them


class GPT2TokenizerMissing(FileNotFoundError):
    pass


def find_tokenizer_path() -> Optional[Path]:
    """Where GPT-2's `tokenizer.json` is on this machine, or None."""
    folder = os.environ.get(TOKENIZER_ENV)
    if folder:
        path = Path(folder) / "tokenizer.json"
        if not path.is_file():
            raise GPT2TokenizerMissing(f"${TOKENIZER_ENV} is {folder}, which holds no tokenizer.json")
        return path
    from huggingface_hub import try_to_load_from_cache

    for repo in HUB_REPOS:
        path = try_to_load_from_cache(repo, "tokenizer.json")
        if isinstance(path, str):
            return Path(path)
    return None


def find_tokenizer():
    """GPT-2's tokenizer (a `tokenizers.Tokenizer`) from local files, or None."""
    from tokenizers import Tokenizer

    path = find_tokenizer_path()
    return Tokenizer.from_file(str(path)) if path is not None else None


def text_of(words: Sequence[str]) -> str:
    """The sentence as text: words joined by spaces, punctuation joined to the word before."""
    return "".join(w if (i == 0 or w in _JOINED) else " " + w for i, w in enumerate(words))


class GPT2Vocabulary:
    """GPT-2's numbering of the IOI prompts (the same interface as `WordVocabulary`)."""

    name = "gpt2"

    def __init__(self, tokenizer=None):
        tokenizer = tokenizer if tokenizer is not None else find_tokenizer()
        if tokenizer is None:
            raise GPT2TokenizerMissing(
                "this IOI model reads GPT-2 token ids, but GPT-2's tokenizer is not on this machine and "
                f"cannot be downloaded here: put GPT-2's tokenizer.json in a folder and set ${TOKENIZER_ENV} "
                f"to it, or have {HUB_REPOS[0]} in the huggingface_hub cache"
            )
        self._tokenizer = tokenizer
        self.bos_id, self.pad_id = self._special(BOS_TOKEN), self._special(PAD_TOKEN)
        self.tokens: List[str] = [tokenizer.id_to_token(i) for i in range(tokenizer.get_vocab_size())]
        self.name_ids = frozenset(self._single(" " + name) for name in prompts.NAMES)

    def _special(self, token: str) -> int:
        found: Optional[int] = self._tokenizer.token_to_id(token)
        if found is None:
            raise ValueError(f"the tokenizer has no {token!r} token, so it is not GPT-2's")
        return found

    def _single(self, text: str) -> int:
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids
        if len(ids) != 1:
            raise ValueError(f"{text!r} is {len(ids)} GPT-2 tokens; IOI needs one token per word")
        return ids[0]

    def word_ids(self, words: Sequence[str]) -> List[int]:
        ids = self._tokenizer.encode(text_of(words), add_special_tokens=False).ids
        if len(ids) != len(words):
            raise ValueError(
                f"{text_of(words)!r} is {len(ids)} GPT-2 tokens for {len(words)} words; IOI needs one token "
                "per word: choose names, places and objects that GPT-2 spells as one token"
            )
        return ids
