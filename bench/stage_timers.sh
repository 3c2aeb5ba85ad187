#!/usr/bin/env bash
# Times the stages of the encounters process in CPU cycles (the time-stamp
# counter) per resident-week, on the municipality at 1 thread: the tie-contact
# loop's seven stages, and the meetings' collection, sort and two phases.
# Whole-benchmark figures on the shared development machine drift by 5-20%;
# these stay within about 2% from run to run, so a change to one stage shows.
#
#   bench/stage_timers.sh [RUNS]                 (default 3)
#   bench/stage_timers.sh [RUNS] --against REV   this tree and git revision REV, run in turn
#
# BUILD_DIR: where the copies are built (default /tmp/kwartier-stages).
# It copies the source tree (and with --against, `git archive REV`), inserts
# timers at the stages' comments in sim/model/encounters.cpp (it stops if one
# is not found: keep the comments in step), builds kwartier_bench there
# (Release) and runs BM_Process_encounters_and_ties RUNS times; with
# --against, the two builds alternate, so that the machine's drift falls on
# both alike. The source itself is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
against=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --against) against="${2:?--against needs a git revision}"; shift 2 ;;
    *) runs="$1"; shift ;;
  esac
done
base="${BUILD_DIR:-/tmp/kwartier-stages}"

# build_timed DIR: DIR/src holds a source tree; inserts the timers, builds DIR/build.
build_timed() {
  local dir="$1"
  [[ -e "$dir/shared" ]] || ln -s "$(realpath ../shared)" "$dir/shared" 2>/dev/null || true
  /usr/bin/python3 - "$dir/src/sim/model/encounters.cpp" <<'EOF'
import sys
path = sys.argv[1]
s = open(path).read()

def insert_before(markers, text, optional=False):
    """Inserts text before the first of `markers` (a string, or a list of
    the forms the line has had) found in the source."""
    global s
    for marker in [markers] if isinstance(markers, str) else markers:
        if marker in s:
            s = s.replace(marker, text + marker, 1)
            return True
    if optional:
        return False
    sys.exit(f"stage_timers.sh: marker not found in encounters.cpp: {markers!r}")

# The tie-contact loop's stages: (name, the line that starts it, optional).
# An optional stage may be missing in an older revision; its time then falls
# to the stage before.
loop = [('scan', '      // List the slots with an event this week', False),
        ('fields', ["      // Each due slot's weight now", '      // The pair draws, and the weeks'], False),
        ('draws', '      rs.pair_bits_n(this_week', False),
        ('waits', '      contact_waits(n, ', False),
        ('contacts', '      // The contacts', False),
        ('sums', "      // Each resident's sums", True),
        ('attitudes', ['      // The contacts that matter for attitudes', '      for (std::uint32_t m = '], False),
        ('next events', "      // Each tie's next event:", False),
        (None, '      i0 = i1;', False)]
names = [name for name, _, _ in loop if name]
names += ['collect meetings', 'sort meetings', 'meetings phase 1', 'meetings phase 2']
stage = {name: q for q, name in enumerate(names)}
report = '''#include <utility>
#include <cstdio>
#include <x86intrin.h>
namespace kw::model {
std::uint64_t g_stage[32], g_resident_weeks, g_stage_start;
struct StageReport {
  ~StageReport() {
    static const char* names[] = {NAMES};
    std::fprintf(stderr, "cycles per resident-week:");
    for (int q = 0; q < COUNT; ++q) std::fprintf(stderr, " %s %.1f,", names[q], double(g_stage[q]) / double(g_resident_weeks));
    std::fprintf(stderr, "\\n");
  }
} g_stage_report;
}  // namespace kw::model
'''
report = report.replace('NAMES', ', '.join(f'"{n}"' for n in names)).replace('COUNT', str(len(names)))
s = s.replace('#include <utility>\n', report, 1)
previous = None
for name, marker, optional in loop:
    text = f'      g_stage[{stage[previous]}] += __rdtsc() - g_stage_start;\n' if previous else ''
    if name:
        text += '      g_stage_start = __rdtsc();\n'
    if insert_before(marker, text, optional):
        previous = name
insert_before('  // New meetings, in a second pass', '  g_resident_weeks += R.size;\n  const auto meetings_t0 = __rdtsc();\n')
insert_before('  apply_meetings(w, Stream::TieFormation, np.form_probability);\n}',
              f'  g_stage[{stage["collect meetings"]}] += __rdtsc() - meetings_t0;\n')
insert_before('  sort_meetings(meetings, w.residents.size);', '  const auto apply_t0 = __rdtsc();\n')
insert_before('  double homophily[kAgeBands];',
              f'  const auto apply_t1 = __rdtsc();\n  g_stage[{stage["sort meetings"]}] += apply_t1 - apply_t0;\n')
insert_before('  // Phase 2, serial in (a, b) order',
              f'  const auto apply_t2 = __rdtsc();\n  g_stage[{stage["meetings phase 1"]}] += apply_t2 - apply_t1;\n'
              f'  struct Phase2Timer {{ std::uint64_t t; ~Phase2Timer() {{ g_stage[{stage["meetings phase 2"]}] += __rdtsc() - t; }} }} phase2_timer{{apply_t2}};\n')
open(path, 'w').write(s)
EOF
  cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release -DKWARTIER_MPI=OFF >/dev/null
  cmake --build "$dir/build" --target kwartier_bench -j "$(nproc)" >/dev/null
}
run_timed() {  # run_timed DIR LABEL
  "$1/build/bench/kwartier_bench" --benchmark_filter='BM_Process_encounters_and_ties/threads:1/' 2>&1 >/dev/null |
    grep 'cycles per resident-week' | sed "s/^/$2/"
}

# this tree, without builds or git metadata; data files are read from the copy
this="$base/this"
mkdir -p "$this/src"
tar --exclude=./build --exclude=./.git -cf - . | (cd "$this/src" && tar -xf -)
build_timed "$this"
if [[ -n "$against" ]]; then
  other="$base/against"
  rm -rf "$other/src"
  mkdir -p "$other/src"
  git archive "$against" | tar -x -C "$other/src"
  build_timed "$other"
fi
for ((r = 0; r < runs; ++r)); do
  if [[ -n "$against" ]]; then
    run_timed "$other" "$against: "
    run_timed "$this" "this: "
  else
    run_timed "$this" ""
  fi
done
