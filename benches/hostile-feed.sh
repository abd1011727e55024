#!/usr/bin/env bash
# How fast a hostile 16 MB feed gets on screen: eight 2 MB notes (one
# endless word, an address, a phone number, an IBAN and an obfuscated
# e-mail repeated, dates and amounts, emoji, plain words) beside 30 normal
# notes. Prints, per run, the seconds from launch to the wall's "ready"
# (its first frame with the data drawn), then the frame times of a 15 s
# --bench on the same feed.
#
#   bash benches/hostile-feed.sh [BINARY] [RUNS]
#
# Needs python3 and xvfb-run (apt-get install xvfb mesa-vulkan-drivers).
set -euo pipefail
binary="${1:-${CARGO_TARGET_DIR:-target}/release/wall-of-change}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys
out = sys.argv[1]
shapes = [
    "x" * 1_800_000,
    "a@b.nl " * 300_000,
    "06-12345678 " * 170_000,
    "NL91ABNA0417164300 " * 105_000,
    " Bel me ".join(["j.jansen [at] gmail.com"] * 65_000),
    "€ 12,50 op 23-11-2026 14:05 " * 70_000,
    "🎁" * 250_000,
    "word " * 300_000,
]
notes = [{"id": f"huge-{i}", "kind": "complaint", "text": text,
          "created_at": "2026-11-23T09:00:00+01:00", "team": "klantenservice"}
         for i, text in enumerate(shapes)]
kinds = ["idea", "question", "complaint", "suggestion", "recommendation"]
notes += [{"id": f"n-{i}", "kind": kinds[i % 5],
           "text": f"Gewone notitie nummer {i}: de klant belde over de factuur.",
           "created_at": "2026-11-22T09:00:00+01:00"} for i in range(30)]
text = json.dumps({"version": 1, "notes": notes})
open(f"{out}/feed.json", "w").write(text)
open(f"{out}/wall.ron", "w").write(
    '(sources: [File(path: "feed.json", poll_seconds: 5)], scenes: [(scene: change, seconds: 60)])\n')
print(f"feed: {len(text.encode()) / 2**20:.1f} MiB, {len(notes)} notes")
PY

for run in $(seq "$runs"); do
    data="$work/data-$run"
    mkdir -p "$data"
    start=$(date +%s.%N)
    RUST_LOG=info xvfb-run -a -s "-screen 0 1920x1080x24" "$binary" --config "$work/wall.ron" \
        --windowed --size 1920x1080 --data-dir "$data" > "$work/log-$run" 2>&1 &
    wall=$!
    for _ in $(seq 1200); do
        grep -q 'ready: showing' "$work/log-$run" && break
        sleep 0.05
    done
    ready=$(date +%s.%N)
    line=$(grep -o 'ready: showing.*' "$work/log-$run" | sed 's/\x1b\[[0-9;]*m//g' || true)
    printf 'run %s: %.2f s to "%s"\n' "$run" "$(echo "$ready - $start" | bc)" "${line:-never ready}"
    kill "$wall" 2> /dev/null || true
    wait "$wall" 2> /dev/null || true
done

echo "--bench 15 on the same feed:"
xvfb-run -a -s "-screen 0 1920x1080x24" "$binary" --config "$work/wall.ron" --size 1920x1080 --bench 15 2>/dev/null
