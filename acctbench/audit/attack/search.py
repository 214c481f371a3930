"""A budgeted black-box search for the highest-scoring wrong completion of each item.

Evolutionary, seeded and deterministic. The population starts from every wrong-by-construction
operator result. Each round, for every item, children are made by stacking one polarity-neutral
move (a ``mutation`` operator, or a random insertion from the vocabulary) on a parent drawn from
the item's best few, or, now and then, by applying a fresh wrong operator to the reference (a
``vocabulary`` operator then draws a new phrasing). A child is wrong because its chain starts
with a wrong operator and adds only moves that keep what it asserts; it never contains the
reference completion. All children of a round, across items, are scored in one batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from acctbench.audit.attack.operators import Operator
from acctbench.audit.attack.slots import Candidate, Slots, reference_candidate
from acctbench.audit.attack.vocabulary import default_vocabulary

Objective = Callable[[list[dict[str, Any]], list[str]], list[float]]


@dataclass(frozen=True)
class Found:
    """One evaluated wrong candidate and the operators that made it."""

    candidate: Candidate
    chain: tuple[str, ...]
    score: float

    @property
    def text(self) -> str:
        return self.candidate.text()


@dataclass(frozen=True)
class SearchConfig:
    """Budget and shape of the search."""

    budget: int = 200  # evaluations per item, the starting wrong operator results included
    beam: int = 8  # parents are drawn from the item's best ``beam`` candidates
    per_round: int = 24  # children per item per round
    max_depth: int = 6  # operators in one chain
    reseed: float = 0.25  # chance that a child is a fresh wrong operator on the reference
    keep: int = 5  # best candidates reported per item
    seed: int = 0


def insertion_moves() -> list[Operator]:
    """One neutral move per insertion list of the vocabulary."""
    kinds = ("numeric", "choice", "journal", "text")
    return [Operator(f"insert:{name}", "insertion", "correct", kinds, "insert", {"list": name}, "mutation")
            for name in default_vocabulary().insertions]


@dataclass
class _State:
    item: dict[str, Any]
    slots: Slots
    starts: list[Operator]
    moves: list[Operator]
    pool: list[Found]
    seen: set[str]
    used: int
    rng: Random


def _child(state: _State, config: SearchConfig, reference: str) -> Found | None:
    rng = state.rng
    if not state.pool or rng.random() < config.reseed:
        op, base, chain = rng.choice(state.starts), reference_candidate(state.item), ()
    else:
        parent = rng.choice(state.pool[: config.beam])
        if len(parent.chain) >= config.max_depth or not state.moves:
            return None
        op, base, chain = rng.choice(state.moves), parent.candidate, parent.chain
    cand = op.apply(base, state.slots, rng)
    if cand is None:
        return None
    text = cand.text()
    if text in state.seen or reference in text:
        return None
    state.seen.add(text)
    return Found(cand, (*chain, op.name), 0.0)


def search(
    items: Sequence[dict[str, Any]],
    slots: Sequence[Slots],
    starts: Sequence[list[Found]],
    operators: Sequence[Operator],
    objective: Objective,
    config: SearchConfig,
) -> list[list[Found]]:
    """For each item, its best wrong candidates (best first); ``starts`` holds each item's
    already scored wrong operator results, which count against the budget."""
    moves = [op for op in operators if op.compose == "mutation"] + insertion_moves()
    wrong = [op for op in operators if op.label == "wrong"]
    states = []
    for item, sl, found in zip(items, slots, starts):
        states.append(_State(
            item, sl, [op for op in wrong if op.applies(item)], [op for op in moves if op.applies(item)],
            sorted(found, key=lambda f: -f.score), {f.text for f in found}, len(found),
            Random(f"{config.seed}:search:{item['id']}"),
        ))
    references = [reference_candidate(i).text() for i in items]
    active = [i for i, s in enumerate(states) if s.starts and s.used < config.budget]
    while active:
        batch: list[tuple[int, Found]] = []
        for i in active:
            state, want = states[i], min(config.per_round, config.budget - states[i].used)
            made = []
            for _ in range(5 * want):
                if len(made) == want:
                    break
                child = _child(state, config, references[i])
                if child:
                    made.append(child)
            batch += [(i, c) for c in made]
            state.used += len(made) if made else config.budget  # nothing new left to try: stop
        scores = objective([states[i].item for i, _ in batch], [c.text for _, c in batch]) if batch else []
        for (i, c), score in zip(batch, scores):
            states[i].pool.append(Found(c.candidate, c.chain, score))
        for i in active:
            states[i].pool.sort(key=lambda f: -f.score)
            del states[i].pool[max(config.beam, config.keep) * 4 :]
        active = [i for i in active if states[i].used < config.budget]
    return [s.pool[: config.keep] for s in states]
