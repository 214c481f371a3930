"""``acctbench run``: generate, score and summarise — resumable and reproducible.

The run directory holds ``run.json`` (configuration and metadata), ``items.jsonl`` (the items
asked), ``samples.jsonl`` (appended and fsynced per batch) and ``summary.json`` (atomic).
Re-running the same command resumes: finished (id, sample) pairs are skipped, a torn last line
from a crash is cut off, and a changed configuration is refused unless ``force``. One process
at a time writes a directory (:class:`~acctbench.results.lock.RunLock`); a disk error or Ctrl-C
stops the run with what is safely on disk (:mod:`acctbench.results.errors`).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acctbench import __version__
from acctbench.models import BackendError, Generation, GenerationConfig, Request, load_backend
from acctbench.prompt import build_messages, prompt_hash, select_shots
from acctbench.results import metadata
from acctbench.results.errors import OutputError, RunInterrupted, inside
from acctbench.results.files import write_atomic
from acctbench.results.jsonl import dumps, dumps_line
from acctbench.results.lock import RunLock
from acctbench.results.samples import SampleWriter, keys_on_disk, read_samples, sample_row
from acctbench.results.summary import summarize
from acctbench.schema import Item

AUTO_BATCH = {"cpu": 16, "cuda": 32, "mps": 8}
REMOTE_BATCH = 16
FINGERPRINT_KEYS = ("model", "datasets", "split", "samples", "few_shot", "limit", "ids", "generation", "scoring", "prompt_hash")


def _bundled_suites() -> list[str]:
    """Every bundled suite's name (imported late, like the other suite lookups here)."""
    from acctbench.suites import suites

    return list(suites())


class RunConfigError(ValueError):
    """The run directory holds a run with a different configuration."""


@dataclass
class RunConfig:
    """Everything that defines a run (``out`` and ``batch_size`` do not change results)."""

    model: str
    out: Path
    model_options: dict[str, Any] = field(default_factory=dict)
    """Backend keyword options (e.g. ``concurrency``, ``base_model``, ``tensor_parallel_size``)."""
    datasets: list[str] = field(default_factory=_bundled_suites)
    """Suite names or dataset files; by default every bundled suite, as ``acctbench run`` does."""
    split: str = "test"
    limit: int | None = None
    ids: list[str] | None = None
    samples: int = 1
    few_shot: int = 0
    batch_size: int | str = "auto"
    generation: GenerationConfig = field(default_factory=GenerationConfig)
    scorers: list[str] | None = None
    weights: dict[str, float] | None = None
    similarity_model: str = "all-MiniLM-L6-v2"
    use_reasoning: bool = False
    reasoning: str = "strip"
    """Reasoning policy: ``strip`` scores what follows a ``<think>`` block, ``keep`` the whole text."""
    workers: int = 1
    judge: str | None = None
    """LLM judge model spec (adds the ``judge`` scorer); ``judge_options`` are its backend options."""
    judge_options: dict[str, Any] = field(default_factory=dict)
    judge_cache: str | None = "default"
    """Judge reply cache folder; ``"default"``: ``$XDG_CACHE_HOME/acctbench/judge``; ``None``: none."""
    force: bool = False
    wait: bool = False
    """Queue behind another process writing ``out`` instead of refusing at once."""
    command: list[str] = field(default_factory=lambda: list(sys.argv))


def load_run_items(config: RunConfig) -> tuple[list[Item], list[dict[str, Any]]]:
    """The items to ask and each dataset's identity (name, version, hash, count)."""
    from acctbench.suites import get_suite, resolve_dataset, suites

    items: list[Item] = []
    described = []
    for spec in config.datasets:
        label, loaded = resolve_dataset(spec, config.split)
        if config.ids:
            wanted = set(config.ids)
            loaded = [i for i in loaded if i["id"] in wanted]
        if config.limit is not None:
            loaded = loaded[: config.limit]
        if label in suites():
            suite = get_suite(label)
            info = {"name": label, "split": config.split, "version": suite.version, "content_hash": suite.content_hash(config.split)}
        else:
            info = {"name": label, "split": None, "version": None, "content_hash": "sha256:" + hashlib.sha256(Path(label).read_bytes()).hexdigest()}
        described.append({**info, "n_items": len(loaded)})
        items.extend(loaded)
    duplicates = [item_id for item_id, n in Counter(i["id"] for i in items).items() if n > 1]
    if duplicates:
        raise ValueError(f"the same item id appears in two datasets: {sorted(duplicates)[:5]}")
    if not items:
        raise ValueError("no items selected (check --dataset, --ids and --limit)")
    return items, described


def _shot_pool(items: list[Item], few_shot: int) -> list[Item]:
    if few_shot <= 0:
        return []
    from acctbench.suites import suites

    asked = {i["id"] for i in items}
    return [i for s in suites().values() for i in s.load("train") if i["id"] not in asked]


def _fingerprint(run: dict[str, Any]) -> dict[str, Any]:
    """The settings that change results (the model by its spec only)."""
    return {**{k: run.get(k) for k in FINGERPRINT_KEYS}, "model": (run.get("model") or {}).get("spec")}


def _check_resume(run_path: Path, run: dict[str, Any], force: bool) -> dict[str, Any] | None:
    """The previous ``run.json`` of this directory (None for a new run); refuses a changed
    configuration unless ``force``."""
    if not run_path.exists():
        return None
    try:
        previous = json.loads(run_path.read_bytes())
        problem = None if isinstance(previous, dict) and isinstance(previous.get("model"), dict) else "not a run record"
    except ValueError as exc:  # not JSON, or not UTF-8
        problem = str(exc)
    if problem is not None:
        if force:
            return None  # rebuilt from this command
        raise RunConfigError(
            f"{run_path} is corrupt ({problem}); it records the configuration the rows in samples.jsonl were made "
            "with; restore it, or pass --force to rebuild it from this command"
        )
    old, new = _fingerprint(previous), _fingerprint(run)
    changed = [k for k in FINGERPRINT_KEYS if old.get(k) != new.get(k)]
    if changed and not force:
        raise RunConfigError(
            f"{run_path.parent} holds a run with a different configuration ({', '.join(changed)}); "
            "use another --out, or --force to continue it with the new configuration"
        )
    return previous


def _resolve_batch(batch_size: int | str, backend: Any) -> int:
    if isinstance(batch_size, int):
        if batch_size < 1:
            raise ValueError("--batch-size must be at least 1")
        return batch_size
    if batch_size != "auto":
        raise ValueError(f"--batch-size must be an integer or 'auto', got {batch_size!r}")
    device = getattr(backend, "device", None)
    if device is None:
        return REMOTE_BATCH
    return AUTO_BATCH.get(str(device).split(":")[0], 8)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, dumps(data, indent=2) + "\n")


def execute(config: RunConfig, progress: bool = True) -> dict[str, Any]:
    """Run (or resume) a benchmark run holding the directory's lock; returns the summary.

    Raises :class:`~acctbench.results.lock.RunLocked` when another process writes the
    directory, :class:`OutputError` when the directory cannot be written and
    :class:`RunInterrupted` on Ctrl-C; each says how many rows are safely on disk."""
    samples_path = config.out / "samples.jsonl"
    try:
        with RunLock(config.out, wait=config.wait):
            return _execute_locked(config, progress)
    except KeyboardInterrupt:
        raise RunInterrupted(samples_path) from None
    except OSError as exc:
        if isinstance(exc, OutputError) or not inside(exc.filename, config.out):
            raise
        raise OutputError(exc, samples_path) from exc


def _execute_locked(config: RunConfig, progress: bool) -> dict[str, Any]:
    from acctbench.rewards import Judge

    items, datasets = load_run_items(config)
    try:
        judge_model = load_backend(config.judge, **config.judge_options) if config.judge else None
    except BackendError as exc:
        raise BackendError(f"judge model {config.judge!r}: {exc}") from exc
    try:
        judge = Judge(config.scorers, config.weights, similarity_model=config.similarity_model,
                      use_reasoning=config.use_reasoning, workers=config.workers, reasoning=config.reasoning,
                      judge_model=judge_model, judge_cache=config.judge_cache)
    except BaseException:
        if judge_model is not None:
            judge_model.close()
        raise
    run: dict[str, Any] = {
        "acctbench_version": __version__,
        "model": {"spec": config.model, "options": config.model_options},
        "datasets": datasets,
        "split": config.split,
        "samples": config.samples,
        "few_shot": config.few_shot,
        "limit": config.limit,
        "ids": config.ids,
        "generation": config.generation.as_dict(),
        "scoring": judge.config(),
        "prompt_hash": prompt_hash(),
        "command": config.command,
    }
    out = config.out
    run_path = out / "run.json"
    previous = _check_resume(run_path, run, config.force)
    out.mkdir(parents=True, exist_ok=True)
    samples_path = out / "samples.jsonl"
    done = keys_on_disk(samples_path)
    pool = _shot_pool(items, config.few_shot)
    todo = [
        Request(item, s, build_messages(item, select_shots(item, pool, config.few_shot)))
        for s in range(config.samples)
        for item in items
    ]
    started = time.time()
    backend = load_backend(config.model, **config.model_options)
    label = backend.label
    todo = [r for r in todo if (r.item["id"], label, r.sample) not in done]
    run["model"].update({"label": label, "identity": backend.identity()})
    run.update({"packages": metadata.package_versions(), "git_commit": metadata.git_commit(), "host": metadata.host()})
    created = previous.get("created_at") if previous else None
    run.update({"created_at": created or metadata.now(), "status": "running", "updated_at": metadata.now()})
    write_atomic(out / "items.jsonl", "".join(dumps_line(i) for i in items))
    _write_json(run_path, run)
    batch = _resolve_batch(config.batch_size, backend)
    if hasattr(backend, "batch_size"):  # local backends batch what they are given in chunks of this
        backend.batch_size = batch
    timing = {"generate_seconds": 0.0, "score_seconds": 0.0}
    try:
        _generate_and_score(todo, backend, judge, config.generation, batch, samples_path, label, progress, timing)
    finally:
        backend.close()
        judge.close()
    rows = [r for r in read_samples(samples_path) if r.get("model") == label]
    summary = {"model": label, "datasets": datasets, **summarize(rows)}
    _write_json(out / "summary.json", summary)
    run.update({
        "status": "complete",
        "updated_at": metadata.now(),
        "timing": {**{k: round(v, 2) for k, v in timing.items()}, "session_seconds": round(time.time() - started, 2)},
    })
    _write_json(run_path, run)
    return summary


def _full_text(g: Generation) -> str:
    """The completion as the model wrote it: a server's separate reasoning field goes back in
    front of the content as a ``<think>`` block (scored, and recorded, like inline reasoning)."""
    if g.reasoning is None:
        return g.text
    from acctbench.rewards.reasoning import join_reasoning

    return join_reasoning(g.reasoning, g.text, g.reasoning_closed)


def _reasoning_extra(g: Generation) -> dict[str, Any] | None:
    """What the samples row adds to a server-split reasoning record: the field, its token count."""
    if g.reasoning is None:
        return None
    return {"server_field": g.reasoning_field, "server_tokens": g.reasoning_tokens}


def _generate_and_score(todo: list[Request], backend: Any, judge: Any, generation: GenerationConfig, batch: int,
                        samples_path: Path, label: str, progress: bool, timing: dict[str, float]) -> None:
    from tqdm import tqdm

    bar = tqdm(total=len(todo), disable=not progress or not todo, unit="sample", desc=label, file=sys.stderr)
    with SampleWriter(samples_path) as writer:
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            t0 = time.perf_counter()
            generations = backend.generate(chunk, generation)
            t1 = time.perf_counter()
            texts = [_full_text(g) for g in generations]
            judgements = judge.score_batch([r.item for r in chunk], texts)
            timing["generate_seconds"] += t1 - t0
            timing["score_seconds"] += time.perf_counter() - t1
            writer.write(
                sample_row(
                    r.item, label, r.sample, text, j, _reasoning_extra(g),
                    prompt_tokens=g.prompt_tokens, completion_tokens=g.completion_tokens, latency_s=g.latency_s,
                )
                for r, g, text, j in zip(chunk, generations, texts, judgements)
            )
            bar.update(len(chunk))
    bar.close()
