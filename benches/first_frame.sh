#!/bin/bash
# The browser's first frame: seconds from the command to the first timeline on screen, in a
# 200x50 tmux window; then q, and the time until the process ends (a cache write finishes
# first), and its peak memory. Run from the repository after `cargo build --release`:
#   benches/first_frame.sh FILE [sitrep options...]
# The cache goes to $XDG_CACHE_HOME (set it to a scratch directory).
set -u
f=$1; shift
bin=$(pwd)/target/release/sitrep
mem=$(mktemp)
tmux kill-session -t sitrep-ff 2>/dev/null
start=$(date +%s.%N)
tmux new-session -d -s sitrep-ff -x 200 -y 50 \
  "XDG_CACHE_HOME=$XDG_CACHE_HOME /usr/bin/time -f %M -o $mem $bin $* $f; echo SITREP-ENDED; sleep 600"
# Looked at every 20 ms: looking more often (a tmux client each time) takes enough of a 2-core
# machine to slow the program it watches.
until tmux capture-pane -p -t sitrep-ff 2>/dev/null | grep -q "Timeline · "; do sleep 0.02; done
echo "first frame $(echo "$(date +%s.%N) - $start" | bc) s"
tmux send-keys -t sitrep-ff q
until tmux capture-pane -p -t sitrep-ff 2>/dev/null | grep -q "SITREP-ENDED"; do sleep 0.1; done
echo "ended after $(echo "$(date +%s.%N) - $start" | bc) s"
tmux kill-session -t sitrep-ff 2>/dev/null
echo "peak $(cat "$mem") KB"
rm -f "$mem"
