#!/usr/bin/env python3
"""`cargo check` time of generated code for ~1k types, against ServiceStack-shaped plain derives.

Usage (from the repository root):

    CARGO_TARGET_DIR=/work/target-bench python3 scripts/bench-cargo-check.py [--types 1000] [--runs 5]
        [--variants full,baseline] [--keep-going]

What it does:

1. builds the CLI and the synthetic-document example (`cargo build --release -p servicestack-codegen`),
   writes the synthetic document of ~N types (`examples/synthetic_metadata.rs`) and generates
   Rust from it with the CLI, all under $CARGO_TARGET_DIR/check-bench/;
2. writes the baseline for the same document with `examples/plain_baseline.rs` (built from the
   generator's IR, so both files hold the same types);
3. puts each variant in its own scratch crate (`src/lib.rs` = `pub mod dtos;`, dependencies
   serde, serde_json and servicestack-runtime from this repository), all in one scratch workspace
   with one target directory, so the dependencies are built once, up front;
4. then, for each round, for each variant (interleaved, so load from other processes spreads
   evenly): `cargo clean -p <crate>` and a timed `cargo check -p <crate>` (the crate's own check
   from a clean state, dependencies fresh). Reports the minimum and median CPU time (user + sys of
   cargo and rustc) and wall time, and ratios of the minimum CPU times.

Variants:

  full                 the generated file
  baseline             the same types in the shape ServiceStack's Rust generator emits: structs with
                       `#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]` and
                       `#[serde(default)]`, same field types, `#[serde(rename)]`, optional fields with
                       `#[serde(default, skip_serializing_if = "Option::is_none")]`; enums as unit
                       variants deriving `Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq,
                       Hash, Default` with `#[serde(rename)]` on every variant; description docs only;
                       no trait impls

Needs python3 (standard library only) and cargo. Results are also written as JSON to
$CARGO_TARGET_DIR/check-bench/results.json.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Splitting a prettyplease-formatted file into top-level items
# --------------------------------------------------------------------------------------------


class Item:
    def __init__(self, lines):
        self.lines = lines
        self.text = "\n".join(lines)
        head = next(
            (line for line in lines if line and not line.startswith(("///", "//", "#", " ", ")", "]"))),
            "",
        )
        self.head = head
        self.kind, self.name, self.trait = classify(head)

    def docs(self):
        return [line for line in self.lines if line.startswith("///")]


def classify(head):
    match = re.match(r"pub (struct|enum) (\w+)", head)
    if match:
        return match.group(1), match.group(2), None
    match = re.match(r"impl(?:<[^>]*>)? (.+?) for (\w+)", head)
    if match:
        trait = re.sub(r"<.*", "", match.group(1)).split("::")[-1]
        return "impl", match.group(2), trait
    match = re.match(r"impl(?:<[^>]*>)? (\w+)", head)
    if match:
        return "impl", match.group(1), None
    return "other", None, None


def split_items(code):
    """Returns (leading comment lines, items)."""
    lines = code.split("\n")
    header = []
    while lines and (lines[0].startswith("//") and not lines[0].startswith("///") or lines[0] == ""):
        header.append(lines.pop(0))
    items, current = [], []
    for line in lines:
        if not current and line == "":
            continue
        current.append(line)
        top_level = line and not line.startswith((" ", "/", "#", ")", "]"))
        closes = line == "}" or (top_level and (line.endswith(";") or line.endswith("}")))
        if closes:
            items.append(Item(current))
            current = []
    if any(line.strip() for line in current):
        items.append(Item(current))
    return header, items


def join_items(header, items):
    return "\n".join(header) + "\n" + "\n\n".join(item.text if isinstance(item, Item) else item for item in items) + "\n"


# --------------------------------------------------------------------------------------------
# Variants
# --------------------------------------------------------------------------------------------

VARIANTS = {
    "full": lambda h, i, baseline: join_items(h, i),
    "baseline": lambda h, i, baseline: baseline,
}

# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def run(command, cwd=None, env=None, quiet=False):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"failed: {' '.join(map(str, command))}")


def timed(command, cwd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, wall, cpu


def crate_name(variant):
    return "check_" + variant.replace("-", "_")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--keep-going", action="store_true", help="report variants that fail to compile and go on")
    args = parser.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    for variant in variants:
        if variant not in VARIANTS:
            sys.exit(f"unknown variant {variant}; known: {', '.join(VARIANTS)}")

    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")).resolve()
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
    work = target / "check-bench"
    work.mkdir(parents=True, exist_ok=True)

    print(f"building the generator and the synthetic-document example in {target} ...", flush=True)
    run(
        ["cargo", "build", "--release", "-p", "servicestack-codegen", "--bin", "servicestack-codegen",
         "--example", "synthetic_metadata", "--example", "plain_baseline"],
        cwd=REPO, env=env, quiet=True,
    )
    document = work / f"synthetic-{args.types}.metadata.json"
    generated = work / f"synthetic-{args.types}.rs"
    run([target / "release/examples/synthetic_metadata", str(args.types), document])
    run([target / "release/servicestack-codegen", "generate", document, "-o", generated], quiet=True)
    baseline_file = work / f"synthetic-{args.types}.baseline.rs"
    run([target / "release/examples/plain_baseline", document, baseline_file], quiet=True)
    baseline = baseline_file.read_text()
    code = generated.read_text()
    header, items = split_items(code)
    kinds = {}
    for item in items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    print(f"{generated}: {len(code.splitlines())} lines, items: {kinds}", flush=True)

    # One scratch workspace, one crate per variant, one target directory for all of them.
    scratch = work / "crates"
    scratch_target = work / "target"
    scratch.mkdir(exist_ok=True)
    members = []
    for variant in variants:
        name = crate_name(variant)
        crate = scratch / name
        (crate / "src").mkdir(parents=True, exist_ok=True)
        (crate / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            "[dependencies]\n"
            'serde = { version = "1", features = ["derive"] }\n'
            'serde_json = "1"\n'
            f'servicestack-runtime = {{ path = "{REPO / "runtime"}" }}\n'
        )
        (crate / "src/lib.rs").write_text("pub mod dtos;\n")
        text = VARIANTS[variant](header, items, baseline)
        dtos = crate / "src/dtos.rs"
        if not dtos.exists() or dtos.read_text() != text:
            dtos.write_text(text)
        members.append(name)
        print(f"  {variant:32} {len(text.splitlines()):7} lines {len(text):9} bytes", flush=True)
    (scratch / "Cargo.toml").write_text(
        '[workspace]\nresolver = "3"\nmembers = [' + ", ".join(f'"{m}"' for m in members) + "]\n"
    )
    lock = scratch / "Cargo.lock"
    if not lock.exists():
        shutil.copy(REPO / "Cargo.lock", lock)  # the versions the project uses
    scratch_env = dict(env, CARGO_TARGET_DIR=str(scratch_target))

    print("building the dependencies and checking every variant once ...", flush=True)
    failed = set()
    for name, variant in zip(members, variants):
        result = subprocess.run(["cargo", "check", "-p", name], cwd=scratch, env=scratch_env, capture_output=True, text=True)
        if result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
            print(f"  {variant}: does not compile ({len(errors)} errors): {errors[:3]}", flush=True)
            if not args.keep_going:
                sys.stderr.write(result.stderr[-5000:])
                sys.exit(1)
            failed.add(variant)

    measured = [v for v in variants if v not in failed]
    timings = {v: {"wall": [], "cpu": []} for v in measured}
    for round_index in range(args.runs):
        order = measured if round_index % 2 == 0 else list(reversed(measured))
        for variant in order:
            name = crate_name(variant)
            run(["cargo", "clean", "-p", name], cwd=scratch, env=scratch_env, quiet=True)
            result, wall, cpu = timed(["cargo", "check", "-p", name], scratch, scratch_env)
            if result.returncode != 0:
                sys.stderr.write(result.stderr[-3000:])
                sys.exit(f"{variant} failed")
            timings[variant]["wall"].append(wall)
            timings[variant]["cpu"].append(cpu)
        print(f"round {round_index + 1}/{args.runs}: "
              + ", ".join(f"{v} {timings[v]['cpu'][-1]:.2f}s CPU / {timings[v]['wall'][-1]:.2f}s wall" for v in measured),
              flush=True)

    # A no-op check: cargo's own start-up and freshness checks, included in every figure above.
    noop = []
    for _ in range(3):
        _, wall, _ = timed(["cargo", "check", "-p", crate_name(measured[0])], scratch, scratch_env)
        noop.append(wall)

    print()
    print(f"nproc {os.cpu_count()}, {cpu_model()}, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
          f"load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}, "
          f"{args.types} types, {args.runs} runs each, cargo no-op check {statistics.median(noop):.2f}s")
    print()
    print("CPU = user + sys time of cargo and rustc (what other processes on the machine disturb least);")
    print("ratios and differences use the minimum CPU time (interference only ever adds time).")
    print()
    print("| variant | lines | CPU min | CPU median | wall min | wall median | CPU min vs baseline | CPU min vs full |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    summary = {}
    for variant in measured:
        wall, cpu = timings[variant]["wall"], timings[variant]["cpu"]
        summary[variant] = {
            "cpu_min": min(cpu),
            "cpu_median": statistics.median(cpu),
            "wall_min": min(wall),
            "wall_median": statistics.median(wall),
            "walls": wall,
            "cpus": cpu,
            "lines": len((scratch / crate_name(variant) / "src/dtos.rs").read_text().splitlines()),
        }
    base = summary.get("baseline")
    full = summary.get("full")
    for variant, row in summary.items():
        vs_base = f"{row['cpu_min'] / base['cpu_min']:.2f}x" if base else "–"
        vs_full = f"{row['cpu_min'] - full['cpu_min']:+.2f}s" if full and variant != "full" else ""
        print(f"| {variant} | {row['lines']} | {row['cpu_min']:.2f}s | {row['cpu_median']:.2f}s | "
              f"{row['wall_min']:.2f}s | {row['wall_median']:.2f}s | {vs_base} | {vs_full} |")
    (work / "results.json").write_text(json.dumps(
        {"types": args.types, "runs": args.runs, "noop_check": noop, "cpu": cpu_model(),
         "nproc": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M %Z"), "variants": summary},
        indent=2))


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
