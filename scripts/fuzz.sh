#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ one after the other, SECONDS each (default 120), with a seed
# corpus, and prints a summary (executions, corpus size, crashes). See FUZZING.md.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: generate_bytes generate_structured generate_mutated wire_types (default: all).
# Environment:
#   CARGO_TARGET_DIR   where to build (default: target/ of the repository)
#   FUZZ_SANITIZER     none (default: fastest; the code under test is safe Rust) or address
#   FUZZ_KEEP_GOING=1  libFuzzer's fork mode: record a crash and keep fuzzing until the time is up
#   FUZZ_IGNORE=k1,k2  lint problem kinds to skip (known bugs), see fuzz/src/check.rs
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain may be stable: cargo-fuzz's
# nightly-only flags are accepted with RUSTC_BOOTSTRAP=1, which this script sets.
# Exit status: 0 when no target crashed, 1 otherwise; inputs that crashed are in
# fuzz/artifacts/TARGET/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-120}
[[ $# -gt 0 ]] && shift
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(generate_bytes generate_structured generate_mutated wire_types)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi
export RUSTC_BOOTSTRAP=1
target_dir=${CARGO_TARGET_DIR:-$root/target}
sanitizer=${FUZZ_SANITIZER:-none}

# Seed corpora (read-only; libFuzzer's own corpus goes to fuzz/corpus/TARGET).
seeds=fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds/generate_bytes" "$seeds/wire_types"
# The project's fixtures, the hostile ones included.
find fixtures -name '*.json' | while read -r file; do
  cp "$file" "$seeds/generate_bytes/$(echo "$file" | tr '/' '_')"
done
# Every string literal of the wire types' sources and tests (escapes left as written).
n=0
for file in runtime/src/wire/*.rs; do
  grep -ohE '"([^"\\]|\\.)*"' "$file" || true
done | sed -E 's/^"(.*)"$/\1/' | sort -u | while IFS= read -r value; do
  n=$((n + 1))
  printf '%s' "$value" >"$seeds/wire_types/$(printf 'v%04d' "$n")"
done

mkdir -p fuzz/logs
summary=()
status=0
for target in "${targets[@]}"; do
  features=()
  limits=()
  inputs=("fuzz/corpus/$target")
  case "$target" in
    generate_bytes) inputs+=("$seeds/generate_bytes") ;;
    generate_structured | generate_mutated) limits=(-max_len=8192) ;;
    wire_types)
      features=(--features wire)
      limits=(-max_len=512)
      inputs+=("$seeds/wire_types")
      ;;
    *)
      echo "unknown target $target" >&2
      exit 2
      ;;
  esac
  mode=()
  if [[ ${FUZZ_KEEP_GOING:-0} == 1 ]]; then
    mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  before=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
  log="fuzz/logs/$target.log"
  echo "== $target: ${seconds}s (log: $log)"
  set +e
  cargo fuzz run -s "$sanitizer" "${features[@]}" --target-dir "$target_dir" "$target" \
    "${inputs[@]}" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${limits[@]}" "${mode[@]}" >"$log" 2>&1
  code=$?
  set -e
  after=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  if [[ -z $execs ]]; then
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  fi
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  coverage=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  crashes=$((after - before))
  if [[ $code -ne 0 || $crashes -gt 0 ]]; then
    status=1
    echo "   FAILED (exit $code, $crashes new inputs in fuzz/artifacts/$target/), log: $log"
    grep -m1 -A8 'panicked at' "$log" || true
    echo "   reproduce one with: RUSTC_BOOTSTRAP=1 cargo fuzz run -s $sanitizer ${features[*]} $target fuzz/artifacts/$target/FILE"
  fi
  summary+=("$(printf '| %s | %s s | %s | %s | %s | %s |' "$target" "$seconds" "${execs:-?}" "$corpus" "${coverage:-?}" "$crashes")")
done

echo
echo "| target | time | executions | corpus entries | coverage (edges) | new crashes |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
exit "$status"
