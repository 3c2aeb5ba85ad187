#!/usr/bin/env bash
# Measures experiments as a user runs them (issue 4's figures):
#   1. 100 replicates of the pilot, whole process, on 2 threads;
#   2. throughput of MPI ranks: the same 8 pilot runs with 1 rank and with 2
#      ranks (1 thread each), as runs per second;
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
  echo "== MPI ranks: 8 pilot runs, 1 thread per rank"
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  one=$(seconds mpirun -np 1 "$kw" sweep scenarios/oss-pilot.ini --replicates 8 --threads 1 -q --out "$tmp/r1.h5")
  two=$(seconds mpirun -np 2 "$kw" sweep scenarios/oss-pilot.ini --replicates 8 --threads 1 -q --out "$tmp/r2.h5")
  h5diff --exclude-attribute / "$tmp/r1.h5" "$tmp/r2.h5" >/dev/null && same=identical || same=DIFFERENT
  /usr/bin/python3 -c "print(f'   1 rank {$one} s, 2 ranks {$two} s: {8/$one:.2f} -> {8/$two:.2f} runs/s, {$one/$two:.2f}x; datasets $same')"
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
