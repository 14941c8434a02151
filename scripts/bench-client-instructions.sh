#!/usr/bin/env bash
# Client overhead in instructions per request, counted by callgrind: a figure that does not move
# with the load of a shared machine (wall-clock and CPU-time requests/s do, by ±30%).
#
# Usage, from the repository root:
#
#     CARGO_TARGET_DIR=/work/target-bench bash scripts/bench-client-instructions.sh [SECONDS]
#
# Builds the client bench (`tests/benches/client/bench.rs`), then for each sender of the
# `client-cpu/sequential` group runs the bench binary under
# `valgrind --tool=callgrind --toggle-collect='*Sender*send*'` for SECONDS (default 4) of
# criterion's profiling mode. Only instructions inside `Sender::send` (one request: build, send,
# read, decode) are counted, not the server's threads nor criterion's. The number of requests is
# the number of `SessionInfo` maps deserialized (one per answer). Prints instructions per request
# and the ratio hand-written / ours, which is the ratio of requests per second at equal speed per
# instruction. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-4}"
target="${CARGO_TARGET_DIR:-target}"
CARGO_TARGET_DIR="$target" cargo bench --quiet -p servicestack-tests --bench client --no-run
binary=$(ls -t "$target"/release/deps/client-* | grep -v '\.d$' | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

senders=(json_service_client reqwest_serde_json_timeout json_service_client_no_timeout reqwest_serde_json)
for sender in "${senders[@]}"; do
    (cd tests && valgrind --tool=callgrind --callgrind-out-file="$work/$sender.out" \
        --toggle-collect='*Sender*send*' "$binary" --bench --profile-time "$seconds" \
        "^client-cpu/sequential/$sender\$" >"$work/$sender.log" 2>&1)
done

python3 - "$work" "${senders[@]}" <<'EOF'
import re
import sys
from pathlib import Path

work = Path(sys.argv[1])
per_request = {}
for sender in sys.argv[2:]:
    total = 0
    requests = 0
    names = {}
    current = None
    for line in (work / f"{sender}.out").read_text().splitlines():
        if line.startswith("summary:") or line.startswith("totals:"):
            total = max(total, int(line.split()[1]))
        match = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line)
        if match:
            if match.group(2):
                names[match.group(1)] = match.group(2)
            current = names.get(match.group(1)) if line.startswith("cfn=") else None
            continue
        match = re.match(r"calls=(\d+)", line)
        if match and current:
            if "SessionInfo" in current and current.endswith("visit_map"):
                requests += int(match.group(1))
            current = None
    per_request[sender] = total / requests
    print(f"{sender}: {total:,} instructions / {requests:,} requests = {total / requests:,.0f} per request")
for ours, theirs in [("json_service_client", "reqwest_serde_json_timeout"),
                     ("json_service_client_no_timeout", "reqwest_serde_json")]:
    print(f"{ours} vs {theirs}: {per_request[theirs] / per_request[ours]:.3f}x")
EOF
