#!/usr/bin/env bash
# Measures experiments as a user runs them (issue 4's figures):
#   1. 100 replicates of the pilot, whole process, on 2 threads;
#   2. throughput of MPI ranks: the same 16 pilot runs with 1 rank and with 2
#      ranks (1 thread each), as runs per second while the runs run (the
#      sweep's own 'ran N runs in S s' line: start-up and assembly, done once
#      whatever the ranks, left out), best of 3, and the whole command's time;
#   3. the output size of one municipality run;
#   4. with --scaleup, scenarios/oss-scaleup.ini (8 variants x 30 replicates,
#      whole municipality) on 2 threads: long, several minutes.
#
#   bench/experiments.sh [--scaleup]        (BUILD_DIR: default build, configured with -DKWARTIER_MPI=ON)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
kw="$build/sim/kwartier"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --build "$build" --target kwartier -j "$(nproc)" >/dev/null

seconds() {  # seconds COMMAND...: wall time of a command
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
  t1=$(date +%s.%N)
  /usr/bin/python3 -c "print(f'{$t1 - $t0:.2f}')"
}

echo "== 100 replicates of the pilot, 2 threads (whole process)"
s=$(seconds "$kw" run scenarios/oss-pilot.ini --replicates 100 --threads 2 -q --out "$tmp/p100.h5")
echo "   ${s} s wall; file $(du -h "$tmp/p100.h5" | cut -f1)"

if command -v mpirun >/dev/null; then
  echo "== MPI ranks: 16 pilot runs, 1 thread per rank (best of 3)"
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  for np in 1 2; do
    for rep in 1 2 3; do
      /usr/bin/time -f "%e" -o "$tmp/wall" mpirun -np $np "$kw" sweep scenarios/oss-pilot.ini --replicates 16 --threads 1 \
        --out "$tmp/r$np.h5" 2>"$tmp/log" >/dev/null
      echo "$np $(sed -n 's/^ran 16 runs in .*: \([0-9.]*\) runs\/s.*/\1/p' "$tmp/log") $(cat "$tmp/wall")" >> "$tmp/ranks"
    done
  done
  h5diff --exclude-attribute / "$tmp/r1.h5" "$tmp/r2.h5" >/dev/null && same=identical || same=DIFFERENT
  /usr/bin/python3 - "$tmp/ranks" "$same" <<'EOF'
import sys
best = {}
for line in open(sys.argv[1]):
    np, rate, wall = line.split()
    r = best.setdefault(np, [0.0, 1e9])
    r[0], r[1] = max(r[0], float(rate)), min(r[1], float(wall))
(r1, w1), (r2, w2) = best["1"], best["2"]
print(f"   runs/s while running: 1 rank {r1:.2f}, 2 ranks {r2:.2f}: {r2/r1:.2f}x")
print(f"   whole command: 1 rank {w1:.2f} s, 2 ranks {w2:.2f} s: {w1/w2:.2f}x; datasets {sys.argv[2]}")
EOF
fi

echo "== one municipality run: output size"
"$kw" run scenarios/oss-municipality.ini --threads 2 -q --out "$tmp/m.h5"
echo "   $(stat -c %s "$tmp/m.h5") bytes"

if [[ "${1:-}" == "--scaleup" ]]; then
  echo "== scenarios/oss-scaleup.ini (8 variants x 30 replicates), 2 threads"
  "$kw" sweep scenarios/oss-scaleup.ini --dry-run --out "$tmp/s.h5" 2>&1 | sed 's/^/   /'
  s=$(seconds "$kw" sweep scenarios/oss-scaleup.ini --threads 2 -q --out "$tmp/s.h5")
  echo "   ${s} s wall; file $(du -h "$tmp/s.h5" | cut -f1)"
fi
