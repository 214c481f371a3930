#!/usr/bin/env bash
# GPU check: every GPU path of acctbench once, in at most 10 minutes on one CUDA GPU, offline.
#
#   benchmarks/gpu_check.sh OUT_DIR [WHEELS_DIR]
#
# Stages (benchmarks/gpu_check.py; tiny random Llamas built in code, no hub download):
# Unsloth FastLanguageModel 4-bit + LoRA with 5 GRPO steps on the acctbench rewards; acctbench run
# on a LoRA adapter over a bitsandbytes 4-bit checkpoint; acctbench run through the vllm: backend;
# acctbench run with transformers on CUDA at --batch-size auto. Each stage runs in its own process
# with its own time limit; one failing does not stop the others. Writes OUT_DIR/gpu_check.json,
# OUT_DIR/gpu_check.md (status, seconds, peak GPU memory, versions) and OUT_DIR/stages/*.log.
#
# The machine needs no network: the Python packages come from WHEELS_DIR (default: wheels/ in the
# checkout, or $ACCTBENCH_WHEELS). Fill it beforehand, on a machine with the same Python version,
# platform and CUDA as the GPU machine:
#   pip wheel --no-deps -w wheels .
#   pip download -d wheels -c constraints.txt ".[train,unsloth,vllm]"
# Without a WHEELS_DIR the packages already installed in the current Python are used.
set -uo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUT_DIR [WHEELS_DIR]" >&2
    exit 2
fi
OUT=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WHEELS=${2:-${ACCTBENCH_WHEELS:-$ROOT/wheels}}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 VLLM_NO_USAGE_STATS=1 DO_NOT_TRACK=1
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1

if [ -d "$WHEELS" ]; then
    echo "installing from $WHEELS (no index) ..."
    if ! "$PYTHON" -m pip install --no-index --find-links "$WHEELS" "acctbench[train,unsloth,vllm]" >"$OUT/pip.log" 2>&1; then
        echo "pip install from $WHEELS failed (see $OUT/pip.log); checking with what is installed" >&2
    fi
else
    echo "no wheel folder at $WHEELS: using the packages installed in $PYTHON" >&2
fi

timeout 560 "$PYTHON" "$ROOT/benchmarks/gpu_check.py" "$OUT"
status=$?
if [ "$status" -eq 124 ]; then
    echo "gpu_check.py ran past its time limit; the finished stages are in $OUT/stages" >&2
fi
exit "$status"
