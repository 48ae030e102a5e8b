"""Indirect-object-identification prompts: templates, names, and clean / corrupted sets.

A prompt names two people, then repeats one of them (the subject, S) giving something to
someone; the answer is the other one (the indirect object, IO):

    Then, Mary and John went to the store. John gave a ring to   -> Mary

`ABBA` prompts name IO first ("Mary and John ... John"), `BABA` prompts name S first. The
corrupted prompt for a clean one keeps its template, place and object and puts three other,
distinct names in the three name slots, so no name repeats and nothing marks an indirect
object, while every token stays in its position (the word-level vocabulary makes each name and
word one token). Prompts are sampled with a seeded generator, so a seed gives the same set.
"""

from __future__ import annotations

import dataclasses
from typing import List, Sequence, Tuple

import numpy as np

# Names, places and objects of the IOI literature's prompt sets; each name is a single GPT-2
# token with its leading space, so the same prompts work with either tokenizer.
NAMES: Tuple[str, ...] = (
    "Mary", "John", "Tom", "James", "Dan", "Sid", "Martin", "Amy", "Anne", "Kate",
    "Paul", "Lisa", "Mark", "Sarah", "David", "Michael", "Laura", "Peter", "Emma", "Alice",
)
PLACES: Tuple[str, ...] = ("store", "garden", "restaurant", "school", "hospital", "office", "station", "house")
OBJECTS: Tuple[str, ...] = ("ring", "kiss", "bone", "drink", "snack", "necklace", "computer", "basketball")

# {A} is named first, {B} second; {S} is the repeated subject. The prompt ends before the answer.
TEMPLATES: Tuple[str, ...] = (
    "Then , {A} and {B} went to the {PLACE} . {S} gave a {OBJECT} to",
    "When {A} and {B} got a {OBJECT} at the {PLACE} , {S} decided to give it to",
    "After {A} and {B} went to the {PLACE} , {S} gave a {OBJECT} to",
    "While {A} and {B} were working at the {PLACE} , {S} gave a {OBJECT} to",
    "Friends {A} and {B} found a {OBJECT} at the {PLACE} . {S} gave it to",
    "Then , {A} and {B} had a long argument . Afterwards {S} said to",
)


@dataclasses.dataclass(frozen=True)
class Prompt:
    """One prompt as words, with the positions a circuit reads (0 = the first word)."""

    words: Tuple[str, ...]
    io: str  # the answer
    subject: str
    template: int
    order: str  # "ABBA" (IO named first) or "BABA"
    io_position: int  # the first mention of IO
    s1_position: int  # the first mention of S
    s2_position: int  # the repeated S
    end_position: int  # the last word: where the answer is predicted

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _fill(template: int, first: str, second: str, subject: str, place: str, obj: str) -> Tuple[str, ...]:
    words = []
    for word in TEMPLATES[template].split():
        words.append({"{A}": first, "{B}": second, "{S}": subject, "{PLACE}": place, "{OBJECT}": obj}.get(word, word))
    return tuple(words)


def _slots(template: int) -> Tuple[int, int, int]:
    """Word positions of {A}, {B} and {S} in a template."""
    words = TEMPLATES[template].split()
    return words.index("{A}"), words.index("{B}"), words.index("{S}")


def make_prompt(template: int, io: str, subject: str, order: str, place: str, obj: str) -> Prompt:
    if io == subject:
        raise ValueError(f"the indirect object and the subject must differ, got {io!r} twice")
    if order not in ("ABBA", "BABA"):
        raise ValueError(f"order must be 'ABBA' or 'BABA', got {order!r}")
    first, second = (io, subject) if order == "ABBA" else (subject, io)
    a, b, s = _slots(template)
    words = _fill(template, first, second, subject, place, obj)
    io_position, s1_position = (a, b) if order == "ABBA" else (b, a)
    return Prompt(words, io, subject, template, order, io_position, s1_position, s, len(words) - 1)


def sample_prompts(n: int, seed: int) -> List[Prompt]:
    """`n` clean prompts: template, names, order, place and object drawn uniformly."""
    rng = np.random.default_rng(seed)
    prompts = []
    for _ in range(n):
        io, subject = rng.choice(len(NAMES), size=2, replace=False)
        prompts.append(make_prompt(
            int(rng.integers(len(TEMPLATES))), NAMES[io], NAMES[subject], ("ABBA", "BABA")[int(rng.integers(2))],
            PLACES[int(rng.integers(len(PLACES)))], OBJECTS[int(rng.integers(len(OBJECTS)))],
        ))
    return prompts


def corrupt(prompts: Sequence[Prompt], seed: int) -> List[Tuple[str, ...]]:
    """Per clean prompt, its words with the three name slots filled by three other distinct names."""
    rng = np.random.default_rng(seed)
    corrupted = []
    for prompt in prompts:
        others = [name for name in NAMES if name not in (prompt.io, prompt.subject)]
        first, second, third = (others[i] for i in rng.choice(len(others), size=3, replace=False))
        a, b, s = _slots(prompt.template)
        words = list(prompt.words)
        words[a], words[b], words[s] = first, second, third
        corrupted.append(tuple(words))
    return corrupted
