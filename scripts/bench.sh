#!/usr/bin/env bash
# Measures GutSkin the way a new user meets it (release build, an existing file with a year of
# records, opened once already today) against the floor app in bench/floor (a Tauri 2
# hello-world with bundled rusqlite and the same release profile), alternately, and prints each
# figure of issue 9 as a median and a ratio. A benchmark, not a test: it never fails on numbers.
#
#   scripts/bench.sh [PAIRS]      PAIRS alternating GutSkin/floor pairs (default 7, at least 7
#                                 for figures worth quoting); BENCH_KEEP=1 keeps the work dir.
#
# How each figure is taken (the apps print `BENCH <label> <wall-clock µs> <json>` lines through
# the GUTSKIN_BENCH hook, src-tauri/src/bench.rs and bench/driver.js):
# - launch: from this script's clock just before the process is spawned to GutSkin's Today list
#   drawn from IPC (the floor: DOMContentLoaded plus one IPC round trip), as the app receives the
#   page's mark. Beside it, for both apps, the end of the first rendering update after that mark
#   (a requestAnimationFrame callback, then the first task after it): when the screen has been
#   laid out and painted, which the issue's figure alone does not say.
# - idle PSS: the sum of `Pss:` in /proc/<pid>/smaps_rollup over the app and every descendant
#   (WebKit's web and network processes), once the tree has used no CPU for half a second.
# - toggle and Progress: performance.now() in the page around `invoke` (the real IPC path:
#   serialisation, the command on its thread, the commit with synchronous=FULL, the answer),
#   after 10 warm-up calls, 20 samples each the mean of a batch of 10 calls (Progress: 10 of 4),
#   since WebKit rounds performance.now() to whole milliseconds; median per run.
# - PSS growth: idle PSS before and after 1,000 more toggles from the page.
# - Today redrawn with 30 habits (a year of records): "Previous day" / "Next day" clicked in the
#   page just after a frame, 20 times after 10 warm-ups; from the click to the new screen laid
#   out ("drawn"), which rendering update after the click first shows it ("frames", 1 = the very
#   next), and "work": drawn plus that update's own time (style, layout, paint), which must fit
#   in one frame interval (16.7 ms at 60 Hz) for any tap to be shown in the next frame.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

pairs="${1:-7}"
if ! [[ "$pairs" =~ ^[0-9]+$ ]] || [ "$pairs" -lt 1 ]; then
  echo "usage: scripts/bench.sh [PAIRS]" >&2
  exit 2
fi

# One private D-Bus session for the whole run, so no launch pays for starting a bus.
if [ -z "${GUTSKIN_BENCH_IN_SESSION:-}" ]; then
  scripts/deps.sh app
  if ! command -v Xvfb >/dev/null || ! command -v dbus-run-session >/dev/null; then
    scripts/deps.sh test
  fi
  export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
  echo "Building GutSkin (release) and the floor app; this takes minutes the first time."
  cargo build --release --locked -p gutskin -p gutskin-core --bins
  cargo build --release --locked --manifest-path bench/floor/Cargo.toml --target-dir "$root/target"
  exec env GUTSKIN_BENCH_IN_SESSION=1 dbus-run-session -- "$0" "$@"
fi

gutskin="$root/target/release/gutskin"
floor="$root/target/release/gutskin-bench-floor"
demo="$root/target/release/gutskin-demo"

work="$(mktemp -d)"
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$work"; else echo "Work dir kept: $work"; fi
}
trap cleanup EXIT

# --- a private X display --------------------------------------------------------------------
Xvfb -displayfd 9 -screen 0 1280x1024x24 -nolisten tcp 9>"$work/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 100); do
  [ -s "$work/display" ] && break
  sleep 0.1
done
if ! [ -s "$work/display" ]; then
  echo "Xvfb did not start" >&2
  exit 1
fi
export DISPLAY=":$(head -n1 "$work/display")"
export NO_AT_BRIDGE=1

# --- measuring a process tree ---------------------------------------------------------------
# The pid and all its descendants.
tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      keep[root] = 1; print root
      changed = 1
      while (changed) {
        changed = 0
        for (i in pids) { p = pids[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; print p; changed = 1 } }
      }
    }'
}

# Total CPU ticks used so far by the tree.
tree_ticks() {
  local total=0 pid stat
  for pid in $(tree "$1"); do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    stat="${stat##*) }"
    # shellcheck disable=SC2086
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# Waits until the tree has used at most one tick of CPU in half a second (at most 20 s).
wait_idle() {
  local last now quiet=0
  last="$(tree_ticks "$1")"
  for _ in $(seq 200); do
    sleep 0.1
    now="$(tree_ticks "$1")"
    if [ $((now - last)) -le 1 ]; then quiet=$((quiet + 1)); else quiet=0; last="$now"; fi
    [ "$quiet" -ge 5 ] && return 0
  done
  echo "  (the process tree did not go idle within 20 s; measuring anyway)" >&2
}

# PSS of the whole tree in kB; also appends "uss=<kB> comm=<pss kB>..." to $work/pss-breakdown
# and the tree's USS (private pages, which other processes' sharing does not change) to
# $work/<tag>-uss when a tag is given.
tree_pss() {
  local pid line comm pss uss total=0 total_uss=0 parts=""
  for pid in $(tree "$1"); do
    line="$(awk '/^Pss:/ { p = $2 } /^Private_(Clean|Dirty):/ { u += $2 } END { if (p != "") print p, u }' "/proc/$pid/smaps_rollup" 2>/dev/null)" || continue
    [ -n "$line" ] || continue
    read -r pss uss <<<"$line"
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || echo "?")"
    total=$((total + pss))
    total_uss=$((total_uss + uss))
    parts="$parts $comm=$pss"
  done
  echo "uss=$total_uss$parts" >>"$work/pss-breakdown"
  if [ -n "${2:-}" ]; then echo "$total_uss" >>"$work/$2-uss"; fi
  echo "$total"
}

# Stops the tree and waits until every process of it is gone, so no run shares memory pages or
# the CPU with the one before it.
stop_tree() {
  local pids pid alive
  pids="$(tree "$1")"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 100); do
    alive=""
    for pid in $pids; do
      if [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then alive=1; fi
    done
    [ -z "$alive" ] && return 0
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

# --- one app run ----------------------------------------------------------------------------
# run APP MODE DB: launches the app with GUTSKIN_BENCH=MODE on DB and handles its marks until it
# is done, then stops it. Appends results to $work/<app>-<what> files, one value a line.
run() {
  local app="$1" mode="$2" db="$3" tag="$4" bin t0 line label micros data pss_before=""
  if [ "$app" = gutskin ]; then bin="$gutskin"; else bin="$floor"; fi
  t0="${EPOCHREALTIME/./}"
  coproc APP { GUTSKIN_BENCH="$mode" exec "$bin" --db "$db" 2>>"$work/$app-stderr.log"; }
  local pid="$APP_PID" out="${APP[0]}" in="${APP[1]}" finished=""
  while IFS= read -r -t 60 line <&"$out"; do
    [[ "$line" == "BENCH "* ]] || continue
    read -r _ label micros data <<<"$line"
    case "$label" in
      ready)
        if [ "$mode" = launch ]; then
          echo $(((micros - t0) / 1000)).$((((micros - t0) % 1000) / 100)) >>"$work/$tag-launch"
        fi
        ;;
      page)
        echo "$t0 $data" >>"$work/$tag-page"
        wait_idle "$pid"
        tree_pss "$pid" "$tag" >>"$work/$tag-pss"
        finished=1
        break
        ;;
      idle)
        echo >&"$in"
        ;;
      rust-*)
        # The Rust side's start-path marks (bench.rs `stamp`), in ms from spawn.
        if [ "$mode" = launch ]; then echo "$label $(((micros - t0) / 1000))" >>"$work/$tag-rust"; fi
        ;;
      toggle | progress | startup | redraw-drawn | redraw-frames | redraw-work)
        samples "$data" | median >>"$work/$tag-$label"
        ;;
      before-toggles)
        wait_idle "$pid"
        pss_before="$(tree_pss "$pid")"
        echo >&"$in"
        ;;
      after-toggles)
        wait_idle "$pid"
        echo "$pss_before $(tree_pss "$pid")" >>"$work/$tag-growth"
        echo >&"$in"
        ;;
      done)
        finished=1
        break
        ;;
      error)
        echo "  $app ($mode, $tag): the page reported $data" >&2
        break
        ;;
    esac
  done
  if [ -z "$finished" ]; then echo "  $app ($mode, $tag) did not finish; see $work/$app-stderr.log" >&2; fi
  stop_tree "$pid"
  wait "$pid" 2>/dev/null || true
}

# The numbers of a `{"samples":[...]}` object, one a line.
samples() {
  sed -e 's/.*\[//' -e 's/\].*//' <<<"$1" | tr ',' '\n'
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

med() { if [ -s "$work/$1" ]; then median <"$work/$1"; else echo nan; fi; }

# --- data -----------------------------------------------------------------------------------
echo "Preparing data files (one year, ten years, empty) in a temporary directory"
mkdir -p "$work/data" "$work/ipc"
"$demo" --db "$work/data/year.sqlite3" --days 365 >/dev/null
"$demo" --db "$work/data/ten-years.sqlite3" --days 3652 >/dev/null
"$demo" --db "$work/data/thirty.sqlite3" --days 365 --habits 30 >/dev/null
# Opened once already today: the day's backup exists, the floor's file exists, the empty file
# is a real (empty) GutSkin file.
for db in year ten-years empty thirty; do run gutskin launch "$work/data/$db.sqlite3" prep; done
run floor launch "$work/data/floor.sqlite3" prep

# Each IPC run writes, so it gets a fresh copy (and its first backup, before it is measured).
ipc_copy() {
  rm -rf "$work/ipc" && mkdir -p "$work/ipc"
  cp "$work/data/$1.sqlite3" "$work/ipc/$1.sqlite3"
  echo "$work/ipc/$1.sqlite3"
}

echo "Running $pairs alternating pairs on $DISPLAY (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq "$pairs"); do
  order="gutskin floor"
  if [ $((i % 2)) -eq 0 ]; then order="floor gutskin"; fi
  for app in $order; do
    if [ "$app" = gutskin ]; then
      run gutskin launch "$work/data/year.sqlite3" g
      run gutskin ipc "$(ipc_copy year)" g
      run gutskin ipc "$(ipc_copy ten-years)" g10
      run gutskin ipc "$(ipc_copy empty)" g0
      run gutskin redraw "$work/data/thirty.sqlite3" g30
    else
      run floor launch "$work/data/floor.sqlite3" f
      run floor ipc "$(ipc_copy floor)" f
    fi
  done
  echo "  pair $i/$pairs: GutSkin $(tail -n1 "$work/g-launch" 2>/dev/null || echo '?') ms, floor $(tail -n1 "$work/f-launch" 2>/dev/null || echo '?') ms to interactive"
done

# --- the table ------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "nan"; else printf "%.2f", a / b }'; }
met() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "nan") print "?"; else if (r <= t) print "yes"; else print "no" }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "nan") print "nan"; else printf "%.1f", k / 1024 }'; }
growth_kb() { awk '{ print $2 - $1 }' "$work/$1-growth" 2>/dev/null | median; }
growth_pct() { awk '{ printf "%.3f\n", ($2 - $1) * 100 / $1 }' "$work/$1-growth" 2>/dev/null | median; }

# Median over an app's launches of one page timing, in ms from spawn (see page_summary).
since() {
  [ -s "$work/$1-page" ] || { echo nan; return 0; }
  while read -r t0 json; do
    v="$({ grep -o "\"$2\":[0-9.]*" <<<"$json" || true; } | cut -d: -f2)"
    awk -v v="$v" -v t="$t0" 'BEGIN { if (v != "") printf "%.1f\n", v - t / 1000 }'
  done <"$work/$1-page" | median
}

g_launch="$(med g-launch)"; f_launch="$(med f-launch)"
g_painted="$(since g paintedAt)"; f_painted="$(since f paintedAt)"
g_pss="$(med g-pss)"; f_pss="$(med f-pss)"
g_toggle="$(med g-toggle)"; f_toggle="$(med f-toggle)"
g10_toggle="$(med g10-toggle)"; g0_toggle="$(med g0-toggle)"
g10_progress="$(med g10-progress)"
g30_drawn="$(med g30-redraw-drawn)"; g30_frames="$(med g30-redraw-frames)"; g30_work="$(med g30-redraw-work)"
g30_frames_max="$( (sort -g "$work/g30-redraw-frames" 2>/dev/null || true) | tail -n1)"
g_growth="$(growth_kb g)"; f_growth="$(growth_kb f)"; g_growth_pct="$(growth_pct g)"; f_growth_pct="$(growth_pct f)"
g_size="$(stat -c %s "$gutskin")"; f_size="$(stat -c %s "$floor")"

r_launch="$(ratio "$g_launch" "$f_launch")"
r_painted="$(ratio "$g_painted" "$f_painted")"
r_pss="$(ratio "$g_pss" "$f_pss")"
r_toggle="$(ratio "$g_toggle" "$f_toggle")"
r_scale="$(ratio "$g10_toggle" "$g0_toggle")"
r_size="$(ratio "$g_size" "$f_size")"

echo
echo "GutSkin vs floor, medians over $pairs alternating pairs ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| figure | GutSkin median | floor median | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
echo "| launch → Today interactive (floor: DOMContentLoaded + one IPC) | $g_launch ms | $f_launch ms | ${r_launch}× | ≤ 1.15× | $(met "$r_launch" 1.15) |"
echo "| launch → that screen's first frame painted (both apps; not an issue target, shown beside the one above) | $g_painted ms | $f_painted ms | ${r_painted}× | – | – |"
echo "| idle PSS, whole process tree | $(mb "$g_pss") MB | $(mb "$f_pss") MB | ${r_pss}× | ≤ 1.10× | $(met "$r_pss" 1.10) |"
echo "| one toggle over IPC, one year (floor: IPC + bare upsert) | $g_toggle ms | $f_toggle ms | ${r_toggle}× | ≤ 1.5× | $(met "$r_toggle" 1.5) |"
echo "| the same toggle, ten years vs. an empty file | $g10_toggle ms | $g0_toggle ms (empty) | ${r_scale}× | ≤ 1.25× | $(met "$r_scale" 1.25) |"
echo "| Progress over IPC, ten years, whole year | $g10_progress ms | – | – | ≤ 10 ms | $(awk -v v="$g10_progress" 'BEGIN { if (v == "nan") print "?"; else print (v <= 10 ? "yes" : "no") }') |"
echo "| Today redrawn for another day, 30 habits: tap → drawn; drawn + its frame's update (work); first frame showing it | $g30_drawn ms; $g30_work ms; frame $g30_frames (worst run's median: ${g30_frames_max:-?}) | – | – | work ≤ 16.7 ms (one frame at 60 Hz), shown in the next frame | $(awk -v v="$g30_work" -v f="$g30_frames" 'BEGIN { if (v == "nan" || f == "nan") print "?"; else print (v <= 16.7 && f <= 1 ? "yes" : "no") }') |"
echo "| PSS growth over 1,000 toggles | +$(mb "$g_growth") MB (${g_growth_pct}%) | +$(mb "$f_growth") MB (${f_growth_pct}%) | – | ≤ +1% | $(awk -v v="$g_growth_pct" 'BEGIN { if (v == "nan" || v == "") print "?"; else print (v <= 1 ? "yes" : "no") }') |"
# Issue 9: at most 1.3× the floor, plus 3 MB for the doctor-summary PDF crate (krilla and its
# font stack, and the embedded font).
size_limit=$((f_size * 13 / 10 + 3 * 1024 * 1024))
echo "| release binary | $(mb $((g_size / 1024))) MB | $(mb $((f_size / 1024))) MB | ${r_size}× | ≤ 1.3× + 3 MB for the PDF crate ($(mb $((size_limit / 1024))) MB) | $([ "$g_size" -le "$size_limit" ] && echo yes || echo no) |"

# --- where the launch went (page side), for the profile -------------------------------------
# Milliseconds from spawn, all on the wall clock: the driver script's start (the document
# exists), DOMContentLoaded (every module loaded and run), the ready mark, and the end of the
# first rendering update after it (the screen painted).
page_summary() {
  [ -s "$work/$1-page" ] || return 0
  echo "| $2 | $(since "$1" documentStart) ms | $(since "$1" domContentLoaded) ms | $(since "$1" readyAt) ms | $(since "$1" paintedAt) ms |"
}
echo
echo "Where the launch goes (medians, milliseconds from spawn)"
echo
echo "| app | document starts | DOMContentLoaded | ready | first frame painted |"
echo "|---|---|---|---|---|"
page_summary g GutSkin
page_summary f floor
if [ -s "$work/g-rust" ]; then
  echo
  echo "GutSkin's Rust side (medians, ms from spawn): $(
    for label in rust-main rust-build rust-built rust-ready rust-desktop rust-app-status rust-today-view rust-today-view-answered; do
      printf '%s %s; ' "${label#rust-}" "$(awk -v l="$label" '$1 == l { print $2 }' "$work/g-rust" | median)"
    done
  )"
fi
echo
echo "GutSkin's two start-up calls (app_status + today_view) over IPC, one year: $(med g-startup) ms; ten years: $(med g10-startup) ms"
echo "Idle USS (private memory, unaffected by other processes sharing pages): GutSkin $(mb "$(med g-uss)") MB, floor $(mb "$(med f-uss)") MB, ratio $(ratio "$(med g-uss)" "$(med f-uss)")×"
echo "PSS by process, kB (the last measurement of each app):"
echo "  GutSkin:$({ grep ' gutskin=' "$work/pss-breakdown" || true; } | tail -n1)"
echo "  floor:  $({ grep ' gutskin-bench-f=' "$work/pss-breakdown" || true; } | tail -n1)"
