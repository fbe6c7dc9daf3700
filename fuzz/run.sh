#!/usr/bin/env bash
# Runs the three fuzz targets (extract, html, sparql) side by side for SECONDS each (default 600), then
# minimises their corpora (fuzz/corpus/<target>, replayed by `cargo test`:
# tests/fuzz_corpus.rs). Needs cargo-fuzz (installed here when missing) and
# libFuzzer's nightly flags, which the stable toolchain accepts with
# RUSTC_BOOTSTRAP=1. The fuzz build has no RocksDB (socgraf without its
# `store` feature). A crash is saved under fuzz/artifacts/<target>/.
#   bash fuzz/run.sh [SECONDS=600]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
export RUSTC_BOOTSTRAP=1
target_dir="${FUZZ_TARGET_DIR:-$HOME/.cache/socgraf-fuzz-target}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
cargo fuzz build -s none --target-dir "$target_dir"
pids=()
for t in extract html sparql; do
  mkdir -p "corpus/$t"
  cargo fuzz run -s none --target-dir "$target_dir" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$t.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do wait "${pids[$i]}" || status=1; done
for t in extract html sparql; do
  echo "== $t: $(grep -E '^(stat::number_of_executed_units|Done)' "$t.log" | tr '\n' ' ')"
  grep -E 'ERROR|panicked|SUMMARY' "$t.log" || true
done
[ "$status" = 0 ] || { echo "fuzz: a target crashed (see fuzz/<target>.log, fuzz/artifacts/)" >&2; exit 1; }
for t in extract html sparql; do
  cargo fuzz cmin -s none --target-dir "$target_dir" "$t" "corpus/$t" -- -max_len=8192 >/dev/null 2>&1
  echo "== $t: corpus of $(ls "corpus/$t" | wc -l) inputs after minimising"
done
