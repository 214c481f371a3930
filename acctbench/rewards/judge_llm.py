"""``judge``: a language model grades the answer against the reference (and the item's rubric).

Opt-in and weight 0 in ``total`` unless weighted (``--weights judge=0.3``). The scorer receives
a generation backend (any ``--model`` spec: ``openai:``, a URL, ``vllm:``, a ``.gguf`` file or
alias, a checkpoint); it never builds one. What it does per completion:

1. Commitment guard: the answer is read through the shared commitment analysis
   (:func:`~acctbench.rewards.commitment.stance_of`); an answer that asserts nothing (negated,
   retracted, hedged, denied, framed false, empty) scores 0 without asking the judge, and
   withdrawn parts are blanked from what the judge sees.
2. Prompt (:mod:`acctbench.rewards.judge_prompt`, template ``rewards/judge.yaml``): the question
   (with its options on a choice item), the reference answer, the rubric's required and forbidden claims, and
   the answer fenced by markers the answer cannot know.
3. Cache (:mod:`acctbench.rewards.judge_cache`), then one ``generate`` call per chunk of the
   requests not cached, at temperature 0 (the backend's concurrency applies within a chunk).
4. Verdict (:mod:`acctbench.rewards.judge_verdict`): ``score / scale``. A reply with no usable
   score (unparseable, out of range, ambiguous, or only a verdict copied out of the answer)
   scores 0 with that ``status`` in the metadata: a hostile answer that breaks the judge must
   not drop the judge from its total.

Failures: a chunk the backend cannot answer is retried one request at a time; after
:data:`BREAKER` requests in a row fail, the rest of the batch scores 0 with status ``error``
without calling (a dead server costs a few timeouts per batch, not one per row). Time is
bounded by the backend's own limits (``timeout`` and ``max_retries`` for servers,
``max_new_tokens`` everywhere). Never raises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acctbench.rewards.commitment import stance_of
from acctbench.rewards.judge_cache import JudgeCache, cache_key, default_dir, stable_identity
from acctbench.rewards.judge_prompt import JudgeTemplate, clean_answer, load_template, render
from acctbench.rewards.judge_verdict import parse_verdict
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.types import Score

logger = logging.getLogger(__name__)

NAME = "judge"
BREAKER = 2
"""Consecutive failed requests after which a batch stops calling the judge."""
NOT_ASKED = "not_asserted"
"""Status of an answer that asserts nothing: scored 0 without asking the judge."""
DEFAULT_CACHE = "default"
"""``cache_dir`` value meaning :func:`acctbench.rewards.judge_cache.default_dir`."""


@dataclass
class _Ask:
    """One judge request to make (or to read from the cache)."""

    key: str
    item: dict[str, Any]
    answer: str
    messages: list[dict[str, str]]
    cut: bool


def _failed(reason: str) -> Score:
    return Score(0.0, f"judge request failed: {reason}"[:300], metadata={"status": "error"})


class LLMJudge:
    """A judge model as a batch scorer (see the module doc)."""

    name = NAME

    def __init__(self, backend: Any, cache_dir: str | Path | None = DEFAULT_CACHE, template: str | None = None):
        if backend is None or not callable(getattr(backend, "generate", None)):
            raise ValueError("scorer 'judge' needs a judge model: Judge(judge_model=load_backend(SPEC)) or --judge SPEC")
        self.backend = backend
        self.template: JudgeTemplate = load_template(template)
        self.cache = JudgeCache(default_dir() if cache_dir == DEFAULT_CACHE else cache_dir)
        self._identity: dict[str, Any] | None = None
        self.requests_made = 0
        """Requests sent to the judge model by this scorer (cache hits are not requests)."""

    @property
    def identity(self) -> dict[str, Any]:
        """The judge model's identity (``backend.identity()``, asked once)."""
        if self._identity is None:
            try:
                self._identity = dict(self.backend.identity())
            except Exception as exc:  # noqa: BLE001 - an identity is a record, never a reason to fail
                self._identity = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        return self._identity

    def config(self) -> dict[str, Any]:
        """What ``run.json`` records: the judge's label and identity, the prompt's hash and version."""
        t = self.template
        return {
            "model": getattr(self.backend, "label", None),
            "identity": self.identity,
            "prompt_sha256": t.sha256,
            "prompt_version": t.version,
            "scale": t.scale,
            "generation": self._generation().as_dict(),
        }

    def _generation(self) -> Any:
        from acctbench.models.base import GenerationConfig

        return GenerationConfig(max_new_tokens=self.template.max_new_tokens, temperature=0.0, top_p=1.0, seed=0)

    def _plan(self, item: dict[str, Any], parsed: Parsed, judge_id: dict[str, Any]) -> _Ask | Score:
        stance = stance_of(item, parsed)
        if not stance.asserted or not stance.answer.strip():
            return Score(0.0, f"nothing asserted, the judge is not asked: {stance.why or 'empty answer'}"[:300],
                         metadata={"status": NOT_ASKED})
        answer, cut = clean_answer(stance.answer, self.template.max_answer_chars)
        item = item if isinstance(item.get("id"), str) else {**item, "id": ""}
        messages = render(self.template, item, answer)
        return _Ask(cache_key(judge_id, self.template.sha256, item["id"], answer, messages), item, answer, messages, cut)

    def score_batch(self, items: list[dict[str, Any]], parsed: list[Parsed]) -> list[Score]:
        """Grade many completions: cached replies from disk, the rest in chunked backend calls."""
        judge_id = stable_identity(str(getattr(self.backend, "label", "")), self.identity)
        plans = [self._plan(item if isinstance(item, dict) else {}, p, judge_id) for item, p in zip(items, parsed)]
        asks = {p.key: p for p in plans if isinstance(p, _Ask)}
        replies: dict[str, str] = self.cache.get_many(asks)
        cached = set(replies)
        errors = self._ask([a for k, a in asks.items() if k not in replies], replies)
        return [p if isinstance(p, Score) else self._score(p, replies, errors, p.key in cached) for p in plans]

    def _ask(self, todo: list[_Ask], replies: dict[str, str]) -> dict[str, str]:
        """Fill ``replies`` from the judge model; returns the error of each request that failed."""
        errors: dict[str, str] = {}
        failures_in_a_row, last = 0, ""
        for start in range(0, len(todo), self.template.chunk):
            chunk = todo[start : start + self.template.chunk]
            if failures_in_a_row >= BREAKER:
                errors.update((a.key, f"skipped after {BREAKER} failed requests in a row: {last}") for a in chunk)
                continue
            got, last = self._generate(chunk)
            if got is None:  # the chunk failed: one at a time, so one bad request loses only itself
                got = {}
                for ask in chunk:
                    if failures_in_a_row >= BREAKER:
                        errors[ask.key] = f"skipped after {BREAKER} failed requests in a row: {last}"
                        continue
                    one, last = self._generate([ask])
                    if one is None:
                        failures_in_a_row += 1
                        errors[ask.key] = last
                    else:
                        failures_in_a_row = 0
                        got.update(one)
            else:
                failures_in_a_row = 0
            self.cache.put_many(got)
            replies.update(got)
        return errors

    def _generate(self, chunk: list[_Ask]) -> tuple[dict[str, str] | None, str]:
        """``({key: reply}, "")`` for a chunk, or ``(None, why)`` when the backend failed."""
        from acctbench.models.base import Request

        requests = [Request(a.item, 0, a.messages) for a in chunk]
        self.requests_made += len(requests)
        try:
            generations = self.backend.generate(requests, self._generation())
            if len(generations) != len(chunk):
                raise RuntimeError(f"{len(generations)} generations for {len(chunk)} requests")
            return {a.key: str(g.text or "") for a, g in zip(chunk, generations)}, ""
        except Exception as exc:  # noqa: BLE001 - a judge failure scores 0, it never aborts scoring
            logger.warning("judge backend failed on %d request(s): %s", len(chunk), exc)
            return None, f"{type(exc).__name__}: {exc}"[:240]

    def _score(self, ask: _Ask, replies: dict[str, str], errors: dict[str, str], cached: bool) -> Score:
        if ask.key not in replies:
            return _failed(errors.get(ask.key, "no reply"))
        reply = replies[ask.key]
        t = self.template
        verdict = parse_verdict(reply, t.scale, t.score_labels, ask.answer)
        meta = {"status": verdict.status, "cached": cached, "reply": reply[:300]}
        note = f" (answer cut at {t.max_answer_chars} characters)" if ask.cut else ""
        if not verdict.ok:
            return Score(0.0, f"judge verdict {verdict.status}: {verdict.reason}{note}"[:300], metadata=meta)
        return Score(verdict.score / t.scale, f"judge {verdict.score:g}/{t.scale}: {verdict.reason}{note}"[:300],
                     metadata={**meta, "score": verdict.score})

    def __call__(self, item: dict[str, Any], completion: Any) -> Score:
        return self.score_batch([item], [parse(completion)])[0]

    def close(self) -> None:
        """Release the judge model and the cache."""
        self.cache.close()
        try:
            self.backend.close()
        except Exception as exc:  # noqa: BLE001 - closing must not mask the run's own outcome
            logger.warning("closing the judge model failed: %s", exc)
