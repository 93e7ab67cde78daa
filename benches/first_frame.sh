#!/bin/bash
# The browser's first frame: seconds from the command to the first timeline on screen, in a
# 200x50 tmux window; then q, and the time until the process ends (a cache write finishes
# first), its peak memory and the processor time it took. Run from the repository after `cargo build --release`:
#   benches/first_frame.sh FILE [sitrep options...]
# The cache goes to $XDG_CACHE_HOME (set it to a scratch directory). With SETTLE=1, q is pressed
# only once the browser has been idle for a second after the first frame (the word index of the
# free-text search built, a cache written), so that the peak covers that work too; with SEARCH
# set as well, that free-text search is then typed in the query bar and the browser waits to be
# idle again. SITREP_BIN names another binary to measure, FF_SESSION another tmux session name
# (sitrep-ff), so that two measurements never share a window.
set -u
f=$1; shift
bin=${SITREP_BIN:-$(pwd)/target/release/sitrep}
session=${FF_SESSION:-sitrep-ff}
mem=$(mktemp)
tmux kill-session -t "$session" 2>/dev/null
start=$(date +%s.%N)
tmux new-session -d -s "$session" -x 200 -y 50 \
  "XDG_CACHE_HOME=$XDG_CACHE_HOME /usr/bin/time -f \"%M %U %S\" -o $mem $bin $* $f; echo SITREP-ENDED; sleep 600"
# Watched through a control-mode client, which tmux tells of the pane's output as it comes:
# looking at the pane again and again (a tmux client each time, every 20 ms) took enough of a
# 2-core machine to slow the first open of a million events by about 0.3 s. A frame drawn
# before the client is attached is found on the pane itself.
coproc CTL { tmux -C attach -t "$session" 2>/dev/null; }
if ! tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "Timeline · "; then
  while IFS= read -r line <&"${CTL[0]}"; do [[ $line == *"Timeline · "* ]] && break; done
fi
echo "first frame $(echo "$(date +%s.%N) - $start" | bc) s"
if [ "${SETTLE:-0}" = 1 ]; then
  # the program: the child of the child (time) of the pane's shell
  shell=$(tmux display -p -t "$session" '#{pane_pid}')
  child() { awk -v p="$1" '$4 == p { print $1; exit }' /proc/[0-9]*/stat 2>/dev/null; }
  pid=$(child "$(child "$shell")")
  cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }
  last=$(cpu); still=0
  while [ "$still" -lt 10 ]; do
    sleep 0.1; now=$(cpu)
    if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last=$now; fi
  done
  echo "settled $(echo "$(date +%s.%N) - $start - 1" | bc) s"
  if [ -n "${SEARCH:-}" ]; then
    # the query bar, the search typed a letter at a time, then idle again
    tmux send-keys -t "$session" /
    for ((k = 0; k < ${#SEARCH}; k++)); do tmux send-keys -t "$session" -l "${SEARCH:k:1}"; sleep 0.3; done
    tmux send-keys -t "$session" Enter
    last=$(cpu); still=0
    while [ "$still" -lt 10 ]; do
      sleep 0.1; now=$(cpu)
      if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last=$now; fi
    done
    echo "searched: $(tmux capture-pane -p -t "$session" | grep -o -m1 'Timeline · [0-9]* of [0-9]*')"
    tmux send-keys -t "$session" Escape
    sleep 0.3
  fi
fi
tmux send-keys -t "$session" q
until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "SITREP-ENDED"; do sleep 0.1; done
echo "ended after $(echo "$(date +%s.%N) - $start" | bc) s"
tmux kill-session -t "$session" 2>/dev/null
kill "${CTL_PID:-}" 2>/dev/null
read -r peak user sys < "$mem"
echo "peak $peak KB, cpu $user s user $sys s system"
rm -f "$mem"
