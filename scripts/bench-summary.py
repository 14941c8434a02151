#!/usr/bin/env python3
"""Summarizes the criterion results of `cargo bench` as the tables in BENCHMARKS.md.

Usage (from the repository root, after the benches ran with the same target directory):

    CARGO_TARGET_DIR=/work/target-bench cargo bench -p servicestack-codegen --bench generate
    CARGO_TARGET_DIR=/work/target-bench cargo bench -p servicestack-tests --bench client
    CARGO_TARGET_DIR=/work/target-bench python3 scripts/bench-summary.py

Reads $CARGO_TARGET_DIR/criterion (default: target/criterion), or the directory given as the
only argument (e.g. a CRITERION_HOME used for another run), and prints, as Markdown:

- generation: every stage of every document, the whole pipeline, and the ratios
  `pipeline / serde_json_value` and `pipeline_write / serde_json_value` against the target
  (<= 40x, aim <= 10x);
- client: requests per second of every client, sequential and 16 concurrent, and the ratio of
  `JsonServiceClient` to the hand-written reqwest + serde_json call (target >= 0.95x).

Times are criterion's estimate (the slope of linear sampling, the mean of flat sampling) with its
95% confidence interval. Only the standard library is used.
"""

import json
import os
import sys
from pathlib import Path

GENERATION_TARGET = 40.0
GENERATION_AIM = 10.0
CLIENT_TARGET = 0.95
STAGES = ["serde_json_value", "parse", "resolve", "emit", "format", "write", "pipeline", "pipeline_write"]


def load(root):
    results = {}
    for benchmark in root.glob("**/new/benchmark.json"):
        meta = json.loads(benchmark.read_text())
        estimates = json.loads((benchmark.parent / "estimates.json").read_text())
        estimate = estimates.get("slope") or estimates["mean"]
        results[(meta["group_id"], meta["function_id"])] = (
            estimate["point_estimate"],
            estimate["confidence_interval"]["lower_bound"],
            estimate["confidence_interval"]["upper_bound"],
        )
    return results


def duration(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def verdict(ok):
    return "met" if ok else "**missed**"


def generation(results):
    groups = sorted(
        {group for group, _ in results if group.startswith("generate/")},
        key=lambda group: results.get((group, "serde_json_value"), (0,))[0],
    )
    if not groups:
        return
    print("### Generation time per stage\n")
    print("| document | " + " | ".join(STAGES) + " |")
    print("|---|" + "---:|" * len(STAGES))
    for group in groups:
        cells = []
        for stage in STAGES:
            value = results.get((group, stage))
            cells.append(duration(value[0]) if value else "–")
        print(f"| {group.removeprefix('generate/')} | " + " | ".join(cells) + " |")
    cpu_groups = sorted(
        {group for group, _ in results if group.startswith("generate-cpu/")},
        key=lambda group: results.get((group, "serde_json_value"), (0,))[0],
    )
    groups = groups + cpu_groups
    print("\n### Pipeline / `serde_json::from_str::<Value>` (target <= 40x, aim <= 10x)\n")
    print("`generate/*`: wall-clock time; `generate-cpu/*`: CPU time of the bench thread.\n")
    print("| document | parse→format | verdict | with write | verdict |")
    print("|---|---:|---|---:|---|")
    for group in groups:
        reference = results.get((group, "serde_json_value"))
        if not reference:
            continue
        cells = []
        for stage in ("pipeline", "pipeline_write"):
            value = results.get((group, stage))
            if not value:
                cells += ["–", ""]
                continue
            ratio = value[0] / reference[0]
            note = "" if ratio <= GENERATION_AIM else " (aim <= 10x missed)"
            cells += [f"{ratio:.1f}x", verdict(ratio <= GENERATION_TARGET) + note]
        print(f"| {group} | " + " | ".join(cells) + " |")
    print()


def client(results):
    groups = sorted(
        {group for group, _ in results if group.startswith(("client/", "client-cpu/"))},
        key=lambda group: (group.startswith("client-cpu/"), group),
    )
    if not groups:
        return
    print("### Client overhead (target >= 0.95x)\n")
    print("`client/*`: requests per second of wall-clock time; `client-cpu/*`: requests per second of")
    print("CPU time of the client's thread (1 / CPU time per request).\n")
    print("| group | client | requests/s (95% CI) | vs hand-written | verdict |")
    print("|---|---|---:|---:|---|")
    for group in groups:
        reference = results.get((group, "reqwest_serde_json"))
        names = sorted(function for g, function in results if g == group)
        for name in names:
            point, low, high = results[(group, name)]
            rps = 1e9 / point
            cell = f"{rps:,.0f} ({1e9 / high:,.0f}–{1e9 / low:,.0f})"
            if reference and name != "reqwest_serde_json":
                ratio = reference[0] / point
                print(f"| {group} | {name} | {cell} | {ratio:.3f}x | {verdict(ratio >= CLIENT_TARGET)} |")
            else:
                print(f"| {group} | {name} | {cell} | 1 | |")
    print()
    decode = [(name, results[("decode", name)]) for g, name in sorted(results) if g == "decode"]
    if decode:
        print("| decoding the response body | time (95% CI) |")
        print("|---|---:|")
        for name, (point, low, high) in decode:
            print(f"| {name} | {duration(point)} ({duration(low)}–{duration(high)}) |")
        print()


def main():
    if len(sys.argv) > 1:
        root = Path(sys.argv[1])
    else:
        root = Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"
    if not root.is_dir():
        sys.exit(f"{root} does not exist: run `cargo bench` first (with the same CARGO_TARGET_DIR)")
    results = load(root)
    generation(results)
    client(results)


if __name__ == "__main__":
    main()
