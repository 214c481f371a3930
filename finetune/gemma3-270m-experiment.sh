#!/usr/bin/env bash
# The committed CPU experiment: Gemma 3 270M before and after GRPO + LoRA with the acctbench rewards.
#
#   finetune/gemma3-270m-experiment.sh [OUT_DIR [--key value ...]]   (default: reports/gemma3-270m-grpo)
#
# Recipe overrides after OUT_DIR go to acctbench train (e.g. --max_steps 2 for a dry run);
# EVAL_LIMIT (default 20) sets the test items per suite, TRAIN_OUT the training output directory.
#
# 1. the base model (the GGUF's cached checkpoint) on a fixed test subset: the first 20 test items
#    of each of the four suites (80 items), greedy, 160 new tokens;
# 2. training with finetune/gemma3-270m-cpu.yaml (resumable: rerun to continue);
# 3. the tuned adapter on the same items with the same settings;
# 4. the report (HTML and Markdown) over base, tuned and the training output.
# Into OUT_DIR go base/ and tuned/ (run directories), training/ (trainer_state.json,
# acctbench_train.json, completions_sample.jsonl), adapter/ (if at most 20 MB), report.html,
# report.md and timings.txt. Offline throughout. Run it from the repository root.
set -euo pipefail

OUT=${1:-reports/gemma3-270m-grpo}
shift $(( $# > 0 ? 1 : 0 ))
RECIPE=finetune/gemma3-270m-cpu.yaml
TRAIN_OUT=${TRAIN_OUT:-outputs/gemma3-270m-cpu}
EVAL=(--suite computations --suite journal --suite choice --suite concepts --limit "${EVAL_LIMIT:-20}"
      --max-new-tokens 160 --temperature 0 --seed 0 --batch-size 4 --no-progress)
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "$OUT"
timings="$OUT/timings.txt"
: >"$timings"

timed() {  # timed LABEL COMMAND...: run it and append its wall time to timings.txt
    local label=$1 start end
    shift
    start=$(date +%s)
    "$@"
    end=$(date +%s)
    echo "$label: $((end - start)) s" | tee -a "$timings"
}

BASE=$(python -c "from acctbench.train.base import resolve_base; print(resolve_base('gemma3-270m').source)")
echo "base checkpoint: $BASE" | tee -a "$timings"
timed "base eval" acctbench run --model "$BASE" --out "$OUT/base" "${EVAL[@]}"
timed "training" acctbench train --config "$RECIPE" --output_dir "$TRAIN_OUT" "$@"
timed "tuned eval" acctbench run --model "$TRAIN_OUT" --out "$OUT/tuned" "${EVAL[@]}"

mkdir -p "$OUT/training"
cp "$TRAIN_OUT"/{trainer_state.json,acctbench_train.json,acctbench_train.yaml,completions_sample.jsonl} "$OUT/training/"
size=$(du -k "$TRAIN_OUT/adapter_model.safetensors" | cut -f1)
if [ "$size" -le 20480 ]; then
    mkdir -p "$OUT/adapter"
    cp "$TRAIN_OUT"/{adapter_config.json,adapter_model.safetensors} "$OUT/adapter/"
else
    echo "adapter is ${size} KB (> 20 MB): not copied" | tee -a "$timings"
fi
acctbench report "$OUT/base" "$OUT/tuned" "$OUT/training" -o "$OUT/report.html" --title "Gemma 3 270M: base vs GRPO + LoRA (CPU)"
acctbench report "$OUT/base" "$OUT/tuned" "$OUT/training" -o "$OUT/report.md" --title "Gemma 3 270M: base vs GRPO + LoRA (CPU)"
echo "done: $OUT"
