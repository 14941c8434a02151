#!/usr/bin/env python3
"""`cargo check` time of a `--crate` output with every feature (`full`) vs one tag's feature.

Usage (from the repository root):

    CARGO_TARGET_DIR=/work/target-bench python3 scripts/bench-crate-features.py [--runs 5]
        [--types 1000] [--documents blazor,synthetic]

What it does:

1. builds the CLI and the synthetic-document example (`cargo build --release`), and writes the
   synthetic document of ~N types (`examples/synthetic_metadata.rs`; its operations carry one tag
   per entity noun, `booking`, `customer`, ...), all under $CARGO_TARGET_DIR/crate-features-bench/;
2. for each document, generates a standalone crate (`generate DOC --crate DIR`, runtime by path)
   into one scratch workspace with one target directory, prints the document's tags with their
   operation counts, and picks the feature that enables the most operations (from the crate's
   README);
3. checks every crate once with each feature set, so the dependencies are built up front;
4. then, for each round, for each (document, variant), interleaved: `cargo clean -p <crate>` and
   a timed `cargo check -p <crate>` (`/usr/bin/time -f '%U %S'`: user + sys CPU of cargo and
   rustc), with default features (`full`) or `--no-default-features --features <tag>`; reports
   the best (minimum) CPU time of the runs and the ratio to `full`.

Needs python3 (standard library only), cargo and /usr/bin/time (GNU time). Builds offline: the
dependencies must be in cargo's cache (they are once the workspace has been built).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLAZOR = REPO.parent / "shared/fixtures/metadata/blazor-gallery-v6.61.metadata.json"


def run(command, cwd=None, env=None):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-5000:])
        sys.exit(f"failed: {' '.join(map(str, command))}")
    return result


def timed_check(crate, features, scratch, env):
    """CPU seconds (user + sys) of a `cargo check` of the crate from clean."""
    run(["cargo", "clean", "--offline", "-p", crate], cwd=scratch, env=env)
    command = ["/usr/bin/time", "-f", "%U %S", "cargo", "check", "--offline", "-p", crate, *features]
    result = run(command, cwd=scratch, env=env)
    user, system = result.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system)


def tag_counts(document):
    counts = {}
    for operation in json.loads(document.read_text()).get("operations", []):
        for tag in operation.get("tags") or []:
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items(), key=lambda entry: (-entry[1], entry[0])))


def readme_features(readme):
    """Feature name -> number of operations it enables, from the crate's README table."""
    features = {}
    for line in readme.read_text().splitlines():
        match = re.match(r"^\| `([a-z0-9-]+)` \| .* \| (`[^|]*`) \|$", line)
        if match:
            features[match.group(1)] = match.group(2).count("`") // 2
    return features


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--documents", default="blazor,synthetic")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.documents.split(",") if name.strip()]

    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")).resolve()
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
    work = target / "crate-features-bench"
    work.mkdir(parents=True, exist_ok=True)
    print(f"building the generator and the synthetic-document example in {target} ...", flush=True)
    run(["cargo", "build", "--release", "-p", "servicestack-codegen", "--bin", "servicestack-codegen",
         "--example", "synthetic_metadata"], cwd=REPO, env=env)
    cli = target / "release/servicestack-codegen"

    documents = {}
    if "blazor" in wanted:
        if not BLAZOR.exists():
            sys.exit(f"{BLAZOR} is missing")
        documents["blazor-gallery-v6.61"] = BLAZOR
    if "synthetic" in wanted:
        synthetic = work / f"synthetic-{args.types}.metadata.json"
        run([target / "release/examples/synthetic_metadata", str(args.types), synthetic])
        documents[f"synthetic-{args.types}"] = synthetic

    # One scratch workspace (outside any other), one crate per document, one target directory.
    scratch = work / "crates"
    scratch.mkdir(exist_ok=True)
    scratch_env = dict(env, CARGO_TARGET_DIR=str(work / "target"))
    crates = {}
    for label, document in documents.items():
        crate = "bench-" + label.replace(".", "-")
        directory = scratch / crate
        shutil.rmtree(directory, ignore_errors=True)
        run([cli, "generate", document, "--crate", directory, "--crate-name", crate,
             "--runtime-path", REPO / "runtime"], env=env)
        counts = tag_counts(document)
        features = readme_features(directory / "README.md")
        if not features:
            sys.exit(f"{label}: the crate declares no features (is the gating wired in?)")
        operations = sum(1 for _ in json.loads(document.read_text()).get("operations", []))
        feature = max(sorted(features), key=lambda name: features[name])
        print(f"\n{label}: {operations} operations; tags (operations): "
              + ", ".join(f"{tag} ({count})" for tag, count in counts.items()))
        print(f"  measuring feature `{feature}` ({features[feature]} operations) against `full`", flush=True)
        crates[label] = (crate, feature, features[feature], operations)
    (scratch / "Cargo.toml").write_text(
        '[workspace]\nresolver = "3"\nmembers = ['
        + ", ".join(f'"{crate}"' for crate, _, _, _ in crates.values()) + "]\n"
    )
    lock = scratch / "Cargo.lock"
    if not lock.exists():
        shutil.copy(REPO / "Cargo.lock", lock)  # the versions the project uses

    variants = []
    for label, (crate, feature, _, _) in crates.items():
        variants.append((label, "full", crate, []))
        variants.append((label, feature, crate, ["--no-default-features", "--features", feature]))
    print("\nbuilding the dependencies and checking every variant once ...", flush=True)
    for _, _, crate, features in variants:
        run(["cargo", "check", "--offline", "-p", crate, *features], cwd=scratch, env=scratch_env)

    timings = {(label, variant): [] for label, variant, _, _ in variants}
    for round_index in range(args.runs):
        order = variants if round_index % 2 == 0 else list(reversed(variants))
        for label, variant, crate, features in order:
            timings[(label, variant)].append(timed_check(crate, features, scratch, scratch_env))
        print(f"round {round_index + 1}/{args.runs}: "
              + ", ".join(f"{label}/{variant} {timings[(label, variant)][-1]:.2f}s"
                          for label, variant, _, _ in variants), flush=True)

    print(f"\nnproc {os.cpu_count()}, best of {args.runs} runs, CPU = user + sys of `cargo check` "
          "(cargo and rustc) of the crate alone, dependencies built\n")
    print("| document | features | operations | CPU best (s) | vs full |")
    print("|---|---|---:|---:|---:|")
    for label, (_, feature, feature_operations, operations) in crates.items():
        full = min(timings[(label, "full")])
        one = min(timings[(label, feature)])
        print(f"| {label} | `full` | {operations} | {full:.2f} | 1.00 |")
        print(f"| {label} | `{feature}` | {feature_operations} | {one:.2f} | {one / full:.2f} |")


if __name__ == "__main__":
    main()
