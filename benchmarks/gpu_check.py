"""The GPU check behind ``benchmarks/gpu_check.sh``: each GPU path of acctbench once, on tiny random models.

    python benchmarks/gpu_check.py OUT_DIR            # every stage, each in its own process
    python benchmarks/gpu_check.py OUT_DIR --stage S  # one stage (what the driver runs)

Stages (no hub download: the models are tiny random Llamas built in code by
``acctbench.train.tiny``, hidden 128, heads of 64):

- ``environment``: GPU name, compute capability, memory, and the versions of the GPU packages;
- ``unsloth_grpo``: ``acctbench train`` on Unsloth's ``FastLanguageModel`` in 4-bit with LoRA,
  5 GRPO steps with the acctbench rewards and the T4 recipe's ``paged_adamw_8bit``;
- ``bnb_adapter``: ``acctbench run`` on a LoRA adapter over a bitsandbytes 4-bit checkpoint;
- ``vllm``: ``acctbench run --model vllm:DIR`` (vLLM in-process);
- ``hf_auto_batch``: ``acctbench run`` with transformers on CUDA at ``--batch-size auto``.

Each stage runs in a child process with its own time limit (Unsloth patches transformers
globally, vLLM holds GPU memory), so one failing does not stop the others: it is recorded as
failed with its error. Results: ``OUT_DIR/gpu_check.json`` and ``OUT_DIR/gpu_check.md`` (status,
seconds, peak GPU memory per stage, versions); ``OUT_DIR/stages/*.log`` hold each stage's output.
Exit status 0 when every stage passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGE_LIMITS = {"environment": 30, "unsloth_grpo": 210, "bnb_adapter": 80, "vllm": 150, "hf_auto_batch": 60}
"""Seconds per stage at most: 530 in all, which leaves the installation a minute of the 10."""
PACKAGES = ("torch", "transformers", "trl", "peft", "accelerate", "bitsandbytes", "unsloth", "unsloth_zoo", "vllm", "acctbench")
HIDDEN = 128
RUN_ITEMS = 8
NO_CUDA = "no CUDA: torch.cuda.is_available() is False"


class StageError(RuntimeError):
    """A stage that cannot run or whose result is wrong."""


def _versions() -> dict[str, str | None]:
    from importlib import metadata

    found: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _require_cuda() -> Any:
    import torch

    if not torch.cuda.is_available():
        raise StageError(NO_CUDA)
    return torch


def _tiny(work: Path) -> Path:
    from acctbench.train.tiny import build_tiny_llama

    path = work / "tiny-llama"
    if not (path / "config.json").is_file():
        build_tiny_llama(path, hidden_size=HIDDEN)
    return path


def _acctbench_run(work: Path, name: str, model: str, *extra: str) -> dict[str, Any]:
    """``acctbench run`` on ``RUN_ITEMS`` choice items in a child process; its summary and timing."""
    out = work / f"run-{name}"
    command = [sys.executable, "-m", "acctbench", "run", "--model", model, "--suite", "choice", "--limit", str(RUN_ITEMS),
               "--max-new-tokens", "32", "--out", str(out), "--no-progress", *extra]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise StageError(f"acctbench run exited {done.returncode}: {done.stderr[-1500:]}")
    rows = [json.loads(line) for line in (out / "samples.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(rows) != RUN_ITEMS:
        raise StageError(f"acctbench run wrote {len(rows)} rows, expected {RUN_ITEMS}")
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    identity = (meta.get("model") or {}).get("identity") or {}
    batches = sorted({(r.get("meta") or {}).get("batch_size") for r in rows if isinstance(r.get("meta"), dict)} - {None})
    return {"run_seconds": round(seconds, 1), "rows": len(rows), "batch_sizes": batches,
            "identity": {k: identity.get(k) for k in ("backend", "engine", "kind", "dtype", "device", "quantized") if k in identity},
            "nonempty_completions": sum(bool(str(r.get("completion") or "").strip()) for r in rows)}


def stage_environment(work: Path) -> dict[str, Any]:
    torch = _require_cuda()
    props = torch.cuda.get_device_properties(0)
    return {"gpu": props.name, "capability": list(torch.cuda.get_device_capability(0)),
            "memory_gib": round(props.total_memory / 2**30, 1), "cuda": torch.version.cuda, "gpus": torch.cuda.device_count()}


def stage_unsloth_grpo(work: Path) -> dict[str, Any]:
    torch = _require_cuda()
    import unsloth  # noqa: F401 - before transformers, trl and peft, as acctbench train does

    from acctbench.train import TrainArguments, train

    bf16 = torch.cuda.get_device_capability(0)[0] >= 8
    args = TrainArguments(
        model=str(_tiny(work)), output_dir=str(work / "unsloth-grpo"), backend="unsloth", load_in_4bit=True,
        fp16=not bf16, bf16=bf16, optim="paged_adamw_8bit", lora_r=8, lora_alpha=16, max_steps=5,
        per_device_train_batch_size=4, num_generations=4, max_completion_length=32, max_train_items=8,
        learning_rate=1e-4, warmup_ratio=0.0, logging_steps=1, save_steps=5, sample_completions=2,
    )
    start = time.perf_counter()
    record = train(args)
    seconds = time.perf_counter() - start
    if record.get("global_step") != 5 or record["backend"]["name"] != "unsloth":
        raise StageError(f"expected 5 Unsloth steps, got {record.get('global_step')} on {record['backend']}")
    history = json.loads((work / "unsloth-grpo" / "trainer_state.json").read_text(encoding="utf-8"))["log_history"]
    step_times = [h["step_time"] for h in history if isinstance(h.get("step_time"), (int, float))]
    return {"train_seconds": round(seconds, 1), "steps": record["global_step"], "precision": "bf16" if bf16 else "fp16",
            "step_time_s": step_times, "last_log": {k: v for k, v in record.get("last_log", {}).items() if k.startswith(("reward", "rewards/"))}}


def stage_bnb_adapter(work: Path) -> dict[str, Any]:
    torch = _require_cuda()
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

    from acctbench.train.tiny import save_tiny_adapter

    tiny = _tiny(work)
    q4 = work / "tiny-llama-bnb4"
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.float16)
    AutoModelForCausalLM.from_pretrained(str(tiny), quantization_config=quant, device_map={"": 0}).save_pretrained(str(q4))
    AutoTokenizer.from_pretrained(str(tiny)).save_pretrained(str(q4))
    adapter = save_tiny_adapter(q4, work / "bnb4-adapter")
    result = _acctbench_run(work, "bnb-adapter", str(adapter))
    if result["identity"].get("kind") != "adapter":
        raise StageError(f"acctbench run did not load an adapter: {result['identity']}")
    return result


def stage_vllm(work: Path) -> dict[str, Any]:
    _require_cuda()
    return _acctbench_run(work, "vllm", f"vllm:{_tiny(work)}", "--model-option", "gpu_memory_utilization=0.3")


def stage_hf_auto_batch(work: Path) -> dict[str, Any]:
    _require_cuda()
    result = _acctbench_run(work, "hf-auto", str(_tiny(work)), "--batch-size", "auto")
    if result["identity"].get("device", "").split(":")[0] != "cuda":
        raise StageError(f"transformers did not generate on CUDA: {result['identity']}")
    return result


STAGES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "environment": stage_environment, "unsloth_grpo": stage_unsloth_grpo, "bnb_adapter": stage_bnb_adapter,
    "vllm": stage_vllm, "hf_auto_batch": stage_hf_auto_batch,
}


def _peak_memory() -> dict[str, float] | None:
    """This process's peak allocated GPU memory and the device's used memory now, in MiB (None without CUDA)."""
    try:
        import torch

        if not torch.cuda.is_available() or not torch.cuda.is_initialized():
            return None
        free, total = torch.cuda.mem_get_info()
        return {"peak_allocated_mib": round(torch.cuda.max_memory_allocated() / 2**20, 1),
                "device_used_mib": round((total - free) / 2**20, 1)}
    except Exception:  # noqa: BLE001 - memory figures are best effort
        return None


def run_stage(name: str, out: Path) -> dict[str, Any]:
    """Run one stage in this process; write and return its result (never raises)."""
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    result: dict[str, Any] = {"stage": name}
    try:
        result.update(status="ok", details=STAGES[name](work))
    except Exception as exc:  # noqa: BLE001 - a failed stage is a result, recorded with its error
        result.update(status="failed", error=f"{type(exc).__name__}: {exc}"[:2000], traceback=traceback.format_exc()[-4000:])
    result["seconds"] = round(time.perf_counter() - start, 1)
    result["gpu_memory"] = _peak_memory()
    (out / "stages").mkdir(parents=True, exist_ok=True)
    (out / "stages" / f"{name}.json").write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return result


def _child(name: str, out: Path) -> dict[str, Any]:
    """Run a stage in a child process within its time limit; a child that dies or hangs is a failure."""
    log = out / "stages" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    result_file = out / "stages" / f"{name}.json"
    result_file.unlink(missing_ok=True)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        try:
            subprocess.run([sys.executable, __file__, str(out), "--stage", name], stdout=handle, stderr=subprocess.STDOUT,
                           cwd=ROOT, timeout=STAGE_LIMITS[name], check=False)
        except subprocess.TimeoutExpired:
            return {"stage": name, "status": "failed", "error": f"timed out after {STAGE_LIMITS[name]} s",
                    "seconds": round(time.perf_counter() - start, 1), "gpu_memory": None}
    if not result_file.is_file():
        tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
        return {"stage": name, "status": "failed", "error": f"the stage process died without a result: {tail}",
                "seconds": round(time.perf_counter() - start, 1), "gpu_memory": None}
    return json.loads(result_file.read_text(encoding="utf-8"))


def markdown(report: dict[str, Any]) -> str:
    """The results as a Markdown table, then the versions."""
    lines = ["| stage | status | seconds | peak GPU MiB (this process) | GPU MiB in use | notes |", "|---|---|---|---|---|---|"]
    for r in report["stages"]:
        memory = r.get("gpu_memory") or {}
        note = r.get("error") or json.dumps(r.get("details"), default=str)
        note = note.replace("|", "\\|").replace("\n", " ")[:300]
        lines.append(f"| {r['stage']} | {r['status']} | {r['seconds']} | {memory.get('peak_allocated_mib', '–')} | "
                     f"{memory.get('device_used_mib', '–')} | {note} |")
    lines += ["", "| package | version |", "|---|---|"]
    lines += [f"| {k} | {v or 'not installed'} |" for k, v in report["versions"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder for gpu_check.json, gpu_check.md and the stage logs")
    parser.add_argument("--stage", choices=sorted(STAGES), help="run one stage in this process")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.stage:
        return 0 if run_stage(args.stage, args.out)["status"] == "ok" else 1
    started = time.perf_counter()
    stages = [_child(name, args.out) for name in STAGES]
    report = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "python": sys.version.split()[0],
              "versions": _versions(), "seconds": round(time.perf_counter() - started, 1), "stages": stages}
    (args.out / "gpu_check.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    (args.out / "gpu_check.md").write_text(markdown(report), encoding="utf-8")
    sys.stdout.write(markdown(report))
    return 0 if all(r["status"] == "ok" for r in stages) else 1


if __name__ == "__main__":
    sys.exit(main())
