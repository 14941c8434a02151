#!/usr/bin/env bash
# Peak memory (maximum resident set size) of the CLI generating the largest real document and the
# synthetic ~1k and ~10k-type documents, measured with GNU time (`/usr/bin/time -v`).
#
# Usage, from the repository root:
#
#     CARGO_TARGET_DIR=/work/target-bench bash scripts/bench-memory.sh [RUNS]
#
# Builds the CLI and the synthetic-document example in release mode, writes the synthetic
# documents to $CARGO_TARGET_DIR/memory-bench/ (never into the repository), then runs
# `servicestack-codegen generate DOC -o OUT` RUNS times (default 3) per document and prints the
# document size, the lines generated, the maximum RSS of each run and the elapsed and user time.
# The real document is read in place from ../shared/fixtures/metadata (skipped when missing).
# Needs /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
target="${CARGO_TARGET_DIR:-target}"
target="$(cd "$target" 2>/dev/null && pwd || echo "$PWD/$target")"
work="$target/memory-bench"
mkdir -p "$work"

CARGO_TARGET_DIR="$target" cargo build --quiet --release -p servicestack-codegen \
    --bin servicestack-codegen --example synthetic_metadata
cli="$target/release/servicestack-codegen"

documents=()
real="../shared/fixtures/metadata/blazor-gallery-v6.61.metadata.json"
if [[ -f "$real" ]]; then
    documents+=("$real")
else
    echo "skipping $real: missing" >&2
fi
for types in 1000 10000; do
    "$target/release/examples/synthetic_metadata" "$types" "$work/synthetic-$types.metadata.json"
    documents+=("$work/synthetic-$types.metadata.json")
done

echo "nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-45s %10s %9s %14s %9s %9s\n' document "JSON bytes" "Rust lines" "max RSS (KB)" "elapsed" "user"
for document in "${documents[@]}"; do
    out="$work/$(basename "$document" .json).rs"
    for _ in $(seq "$runs"); do
        report="$(/usr/bin/time -v "$cli" generate "$document" -o "$out" 2>&1 >/dev/null)"
        rss="$(grep 'Maximum resident set size' <<<"$report" | awk '{print $NF}')"
        elapsed="$(grep 'Elapsed (wall clock)' <<<"$report" | awk '{print $NF}')"
        user="$(grep 'User time' <<<"$report" | awk '{print $NF}')"
        printf '%-45s %10s %9s %14s %9s %9s\n' "$(basename "$document")" "$(stat -c %s "$document")" \
            "$(wc -l <"$out")" "$rss" "$elapsed" "${user}s"
    done
done
