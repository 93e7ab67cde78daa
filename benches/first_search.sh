#!/bin/bash
# A search typed as soon as the browser's first frame is up, while the folded text and the word
# index are still being built in the background: seconds from the first frame to the moment
# the search's count is on screen, in a 200x50 tmux window. Run from the repository after
# `cargo build --release`:
#   benches/first_search.sh FILE WORDS [sitrep options...]
# WORDS is typed into the query bar (e.g. shelling). The cache goes to $XDG_CACHE_HOME (set it
# to a scratch directory; run twice to time a later open, from the cache).
set -u
f=$1; words=$2; shift 2
bin=$(pwd)/target/release/sitrep
tmux kill-session -t sitrep-fs 2>/dev/null
tmux new-session -d -s sitrep-fs -x 200 -y 50 \
  "XDG_CACHE_HOME=$XDG_CACHE_HOME $bin $* $f; echo SITREP-ENDED; sleep 600"
start=$(date +%s.%N)
# Looked at every 20 ms: looking more often takes enough of a 2-core machine to slow the
# program it watches.
until tmux capture-pane -p -t sitrep-fs 2>/dev/null | grep -q "Timeline · "; do sleep 0.02; done
frame=$(date +%s.%N)
echo "first frame $(echo "$frame - $start" | bc) s"
tmux send-keys -t sitrep-fs /
tmux send-keys -t sitrep-fs -l "$words"
typed=$(date +%s.%N)
# the status line: "N of M events WORDS", with no "searching…" left on screen
until s=$(tmux capture-pane -p -t sitrep-fs 2>/dev/null) && ! grep -q "searching" <<<"$s" \
  && grep -q " of [0-9,]* events $words" <<<"$s"; do sleep 0.02; done
echo "search on screen $(echo "$(date +%s.%N) - $typed" | bc) s after it was typed"
# apart, or the terminal reads Escape and q as Alt-q
tmux send-keys -t sitrep-fs Escape
sleep 0.5
tmux send-keys -t sitrep-fs q
until tmux capture-pane -p -t sitrep-fs 2>/dev/null | grep -q "SITREP-ENDED"; do sleep 0.1; done
tmux kill-session -t sitrep-fs 2>/dev/null
