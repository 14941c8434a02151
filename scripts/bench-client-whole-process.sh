#!/usr/bin/env bash
# Whole-process client cost per request, counted by callgrind: `JsonServiceClient` against a
# hand-written reqwest + serde_json client (same 60 s timeout, URL as text, same headers), for a
# GET with five query members and the POST of the `InviteChatMember` seed.
#
# Usage, from the repository root:
#
#     CARGO_TARGET_DIR=/work/target-bench bash scripts/bench-client-whole-process.sh [N1 N2 [RUNS]]
#
# Builds `runtime/examples/client_whole_process.rs` (release), checks that both clients put the
# same bytes on the wire (`verify`), starts the same binary in `serve` mode as a separate process
# (a minimal keep-alive HTTP/1.1 server on 127.0.0.1, never under valgrind), then runs each
# client and verb under `valgrind --tool=callgrind` for N1 and N2 requests (default 200 and
# 1200), RUNS times each (default 3; the median of the totals is used). Every instruction of the
# client process is counted: runtime, reqwest, hyper, tokio, rustls set-up, the allocator.
# (total(N2) - total(N1)) / (N2 - N1) is the cost of one request with the start-up cost removed;
# the ratios ours / hand-written are printed per verb (below 1 means ours is cheaper). Needs
# valgrind. Per-function profiles of the N2 runs stay in $CARGO_TARGET_DIR/whole-process/ for
# `callgrind_annotate`.
set -euo pipefail
cd "$(dirname "$0")/.."

n1="${1:-200}"
n2="${2:-1200}"
runs="${3:-3}"
if ! [ "$n2" -gt "$n1" ]; then
    echo "N2 ($n2) must be larger than N1 ($n1)" >&2
    exit 2
fi
target="${CARGO_TARGET_DIR:-target}"
CARGO_TARGET_DIR="$target" cargo build --quiet --release -p servicestack-runtime \
    --example client_whole_process
binary="$target/release/examples/client_whole_process"
out="$target/whole-process"
mkdir -p "$out"
rm -f "$out"/*.out

"$binary" verify

"$binary" serve >"$out/server-url" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    [ -s "$out/server-url" ] && break
    sleep 0.1
done
url=$(head -1 "$out/server-url")
[ -n "$url" ] || { echo "the server did not start" >&2; exit 1; }

for verb in get post; do
    for client in ours hand; do
        for n in "$n1" "$n2"; do
            for run in $(seq "$runs"); do
                valgrind --tool=callgrind --callgrind-out-file="$out/$client-$verb-$n-$run.out" \
                    "$binary" run "$client" "$verb" "$url" "$n" 2>"$out/$client-$verb-$n-$run.log"
            done
        done
    done
done

python3 - "$out" "$n1" "$n2" "$runs" <<'EOF'
import statistics
import sys
from pathlib import Path

out, n1, n2, runs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def total(name):
    for line in (out / f"{name}.out").read_text().splitlines():
        if line.startswith("totals:") or line.startswith("summary:"):
            return int(line.split()[1])
    raise SystemExit(f"{name}.out has no totals")

per_request = {}
print(f"instructions of the whole client process, median of {runs} run(s)")
print(f"{'client':<6} {'verb':<5} {'N=' + str(n1):>14} {'N=' + str(n2):>14} {'per request':>12} {'spread':>8}")
for verb in ["get", "post"]:
    for client in ["ours", "hand"]:
        totals = {n: [total(f"{client}-{verb}-{n}-{r}") for r in range(1, runs + 1)] for n in (n1, n2)}
        low, high = statistics.median(totals[n1]), statistics.median(totals[n2])
        cost = (high - low) / (n2 - n1)
        # How far the extreme runs move the per-request figure, as a share of it.
        spread = ((max(totals[n2]) - min(totals[n2])) + (max(totals[n1]) - min(totals[n1]))) / (n2 - n1) / cost
        per_request[client, verb] = cost
        print(f"{client:<6} {verb:<5} {low:>14,.0f} {high:>14,.0f} {cost:>12,.0f} {spread:>7.2%}")
for verb in ["get", "post"]:
    ratio = per_request["ours", verb] / per_request["hand", verb]
    print(f"{verb.upper()}: ours / hand-written = {ratio:.3f}x")
EOF
