#!/usr/bin/env bash
# Pictures of the overlays the golden test does not cover, at a fixed clock:
# the detail view before and after a vote, the stand-up (a note, a decision,
# the summary), the PIN pad of a locked kiosk, and the night. Compare two runs (say, the
# binary before and after a refactor) with benches/compare-pictures.py.
#
# Usage: bash benches/overlays.sh BINARY OUTDIR
# Needs: xvfb-run, xdotool, xwd (x11-apps) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "$1"); OUT=$(realpath -m "$2")
mkdir -p "$OUT"; rm -f "$OUT"/*.png
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
# A locked kiosk in a window: the PIN pad only exists when the kiosk is
# locked, and fullscreen under Xvfb has no window manager to size it.
cp config/sample-feed.json "$WORK/"
sed 's/    display: Fullscreen,/    display: Window(width: 1920, height: 1080),/' config/wall.ron > "$WORK/wall.ron"
# And a wall at night.
sed 's|    // night: (from: "20:00", to: "07:00", weekends: true),|    night: Some((from: "20:00", to: "07:00", weekends: true)),|' config/wall.ron > "$WORK/night.ron"
export BIN OUT WORK
xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  shot() { xwd -root -silent | convert xwd:- "$OUT/$1.png"; }
  start() { # data folder, log, more arguments
    rm -rf "$1"; mkdir -p "$1"
    RUST_LOG=info "$BIN" --at 2026-11-23T10:00:00+01:00 --scene change --data-dir "$1" "${@:3}" > "$2" 2>&1 &
    PID=$!
    for _ in $(seq 120); do grep -q "ready: showing" "$2" 2>/dev/null && break; sleep 0.5; done
    sleep 6
  }
  start "$WORK/data" "$OUT/log.txt" --windowed --size 1920x1080
  xdotool mousemove 300 520 click 1; sleep 3; shot detail
  xdotool mousemove 960 970 click 1; sleep 1; shot detail-voted
  xdotool mousemove 5 1075 click 1; sleep 3
  xdotool windowfocus "$(xdotool search --pid $PID | tail -1)" 2>/dev/null || true
  xdotool key s; sleep 4; shot standup
  xdotool key 2; sleep 2; shot standup-decided
  xdotool key Escape; sleep 3; shot summary
  kill $PID; wait $PID 2>/dev/null || true
  start "$WORK/data" "$OUT/log-locked.txt" --config "$WORK/wall.ron"
  xdotool mousemove 30 30 mousedown 1; sleep 5; xdotool mouseup 1; sleep 1
  xdotool windowfocus "$(xdotool search --pid $PID | tail -1)" 2>/dev/null || true
  xdotool key 1 key 2; sleep 2; shot pad
  xdotool key Return; sleep 2; shot pad-wrong
  kill $PID; wait $PID 2>/dev/null || true
  "$BIN" --config "$WORK/night.ron" --size 1920x1080 --at 2026-11-23T23:30:00+01:00 --screenshot "$OUT/night.png" > "$OUT/log-night.txt" 2>&1
'
ls "$OUT"
