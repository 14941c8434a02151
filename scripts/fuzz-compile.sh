#!/usr/bin/env bash
# Compiles what the generator fuzz targets generate from their corpora: every input of
# fuzz/corpus/TARGET is run once with FUZZ_DUMP_DIR set, each successful generation becomes a
# module of one throw-away crate, and `cargo clippy -- -D warnings` checks them all under
# `#![deny(warnings)]`, like the tests crate does with the fixtures. Syntax is already checked
# inside the fuzz targets; this finds what only rustc sees (types, traits, recursion, lints).
#
#   scripts/fuzz-compile.sh [TARGET...]   (default: the three generate_* targets)
#
# Environment: CARGO_TARGET_DIR, FUZZ_SANITIZER as for scripts/fuzz.sh; FUZZ_COMPILE_MAX (default
# 2000) caps how many generated files are compiled (picked evenly). Prints the error kinds
# with counts and, for each, the input files (in $CARGO_TARGET_DIR/fuzz-compile/dump/) that
# produced it. Exit status 1 when something does not compile.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(generate_bytes generate_structured generate_mutated)
fi
export RUSTC_BOOTSTRAP=1
target_dir=${CARGO_TARGET_DIR:-$root/target}
work="$target_dir/fuzz-compile"
rm -rf "$work/dump" "$work/crate/src"
mkdir -p "$work/dump" "$work/crate/src"

for target in "${targets[@]}"; do
  [[ -d fuzz/corpus/$target ]] || continue
  mkdir -p "$work/dump/$target"
  echo "== running fuzz/corpus/$target once"
  # No lint problem stops this pass; files with one are left out below (the lint already
  # reports them), so the compiler looks for what the lint cannot see.
  FUZZ_IGNORE=all \
    FUZZ_DUMP_DIR="$work/dump/$target" \
    cargo fuzz run -s "${FUZZ_SANITIZER:-none}" --target-dir "$target_dir" "$target" \
    "fuzz/corpus/$target" -- -runs=0 -timeout=30 >"$work/$target.log" 2>&1 || {
    echo "   the corpus run failed: $work/$target.log" >&2
  }
done

cat >"$work/crate/Cargo.toml" <<EOF
[package]
name = "fuzz-compile"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
servicestack-runtime = { path = "$root/runtime", default-features = false, features = ["indexmap"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
EOF
cp Cargo.lock "$work/crate/Cargo.lock"
# At most FUZZ_COMPILE_MAX files (default 2000) go into the crate, picked evenly: rustc's time
# and memory grow with the crate.
write_lib() {
  local max=${FUZZ_COMPILE_MAX:-2000} total step
  find "$work/dump" -name '*.rs' | sort | { grep -vxFf "$work/excluded" || true; } >"$work/files"
  total=$(wc -l <"$work/files")
  step=$(((total + max - 1) / max))
  [[ $step -lt 1 ]] && step=1
  {
    echo '#![deny(warnings)]'
    echo '#![allow(missing_docs)]'
    awk -v step="$step" 'NR % step == 0 || step == 1' "$work/files" | while read -r file; do
      echo "#[path = \"$file\"] pub mod m_$(basename "$file" .rs);"
    done
  } >"$work/crate/src/lib.rs"
}

# Compiles the crate; prints what failed by kind; returns 1 on failure.
compile() {
  local modules code
  modules=$(grep -c '^#\[path' "$work/crate/src/lib.rs" || true)
  echo "== compiling $modules generated files"
  set +e
  cargo clippy --manifest-path "$work/crate/Cargo.toml" --target-dir "$target_dir" \
    --message-format short -- -D warnings >"$work/clippy.log" 2>&1
  code=$?
  set -e
  if [[ $code -eq 0 ]]; then
    echo "   all $modules compile without warnings"
    return 0
  fi
  echo "   problems by kind (count, kind):"
  grep -oE '(error|warning)(\[[A-Z0-9]+\])?: .*' "$work/clippy.log" | sed -E 's/`[^`]*`/`_`/g' |
    sort | uniq -c | sort -rn | head -30
  echo "   one file per kind (its input is the .json next to it):"
  grep -E '^/.*\.rs:[0-9]+:[0-9]+: (error|warning)' "$work/clippy.log" |
    sed -E 's/^([^:]*):[0-9]+:[0-9]+: (.*)$/\2\t\1/' | sed -E 's/`[^`]*`/`_`/g' |
    sort -u -t$'\t' -k1,1 | head -30
  cp "$work/clippy.log" "$work/clippy-$1.log"
  echo "   full log: $work/clippy-$1.log"
  return 1
}

# Generated files the fuzz lint already flags (their .json records the problem kinds).
find "$work/dump" -name '*.json' -print0 | xargs -0 -r grep -L '"lint":\[\]' |
  sed 's/\.json$/.rs/' | sort >"$work/excluded"
if [[ -s $work/excluded ]]; then
  echo "== leaving out $(wc -l <"$work/excluded") files with lint problems (kinds: $(
    grep -ohE '"lint":\[[^]]*\]' "$work"/dump/*/*.json | grep -v '\[\]' | sort | uniq -c | tr -s ' \n' ' '))"
fi
write_lib
status=0
if ! compile first; then
  status=1
  # Errors stop rustc before most lints run: leave the files with errors out and compile the
  # rest again, so the warnings hidden behind them show up too.
  grep -oE '^/[^:]*\.rs' "$work/clippy-first.log" | sort -u >"$work/failed"
  if [[ -s $work/failed ]]; then
    echo "== again without the $(wc -l <"$work/failed") files that had errors"
    sort -u "$work/failed" "$work/excluded" -o "$work/excluded"
    write_lib
    compile second || true
  fi
fi
exit "$status"
