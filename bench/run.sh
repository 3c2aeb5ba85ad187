#!/usr/bin/env bash
# Builds and runs Kwartier's benchmarks, then measures the `kwartier run`
# command itself: peak memory per resident and whole-run wall time on 1 and 2
# threads. About 2-3 minutes on 2 cores.
#
#   bench/run.sh [RESULTS.json]     (default: build/bench-results.json)
#
# Environment: BUILD_DIR (default build), REPS (benchmark repetitions, default 3),
# RUNS (timed runs of `kwartier run` per case, default 3), BENCH_FILTER (regex).
# Timing-sensitive figures are the best of the repetitions, since other work
# may be running on the machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
build="${BUILD_DIR:-build}"
json="${1:-$build/bench-results.json}"
reps="${REPS:-3}"
runs="${RUNS:-3}"
filter="${BENCH_FILTER:-.}"
py=/usr/bin/python3

# --- build (Release) ----------------------------------------------------------
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
bt="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"
if [[ "$bt" != "Release" ]]; then
  echo "run.sh: $build is configured as '$bt'; reconfiguring as Release" >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target kwartier_bench kwartier -j "$(nproc)"
kw="$build/sim/kwartier"
mkdir -p "$(dirname "$json")"

# --- Google Benchmark ---------------------------------------------------------
# Benchmarks with a fixed iteration count or MinTime in the source ignore
# --benchmark_min_time; it applies to the random-stream ones.
echo
echo "== kwartier_bench ($reps repetitions; JSON in $json)"
"$build/bench/kwartier_bench" \
  --benchmark_filter="$filter" \
  --benchmark_min_time=0.2 \
  --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=false \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$json" --benchmark_out_format=json

# --- summary of the benchmarks (best of the repetitions) ----------------------
echo
echo "== summary (best of $reps repetitions)"
"$py" - "$json" <<'EOF'
import json, re, sys
from collections import defaultdict
data = json.load(open(sys.argv[1]))
best = {}
for b in data["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"]
    if name not in best or b["real_time"] < best[name]["real_time"]:
        best[name] = b
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
def secs(b): return b["real_time"] * unit[b["time_unit"]]
def find(pattern):
    for name, b in best.items():
        if re.fullmatch(pattern, name): return b
order = ["encounters_and_ties", "loneliness", "niche_visits", "attitudes", "kwartiermaker_work",
         "buddy_project", "experienced_support", "roles_and_participation", "crisis_and_care", "trajectory_end"]
week = {t: find(rf"BM_Week/threads:{t}/.*") for t in (1, 2)}
alone = {(p, t): find(rf"BM_Process_{p}/threads:{t}/.*") for p in order for t in (1, 2)}
cold = {p: find(rf"BM_ProcessCold_{p}/threads:1/.*") for p in order}
if any(alone.values()) or any(week.values()):
    print("ns per resident-week per weekly process (wall time / adults / weeks)")
    print("  alone:   BM_Process_<p>, only that process each iteration (week++), best repetition")
    print("  cold:    BM_ProcessCold_<p>, the same with cold caches (as in a week), 1 thread")
    print("  in week: BM_Week's per-process timers, i.e. on the state the schedule gives it")
    print(f"{'process':26s} {'alone 1T':>9s} {'alone 2T':>9s} {'cold 1T':>8s} {'inweek 1T':>10s} {'inweek 2T':>10s} {'speed-up':>9s}")
    def f(x): return f"{x:.3f}" if x is not None else "-"
    for p in order:
        a = [secs(alone[p, t]) / alone[p, t]["adults"] * 1e9 if alone[p, t] else None for t in (1, 2)]
        c = secs(cold[p]) / cold[p]["adults"] * 1e9 if cold[p] else None
        w = [week[t].get("ns_" + p) if week[t] else None for t in (1, 2)]
        su = f"{w[0] / w[1]:.2f}x" if None not in w and w[1] > 0 else "-"
        print(f"{p:26s} {f(a[0]):>9s} {f(a[1]):>9s} {f(c):>8s} {f(w[0]):>10s} {f(w[1]):>10s} {su:>9s}")
for t in (1, 2):
    b = week[t]
    if b:
        rw = b["adults"] / secs(b)
        print(f"whole week (Model::step), {t} thread(s): {secs(b)*1e3:.2f} ms/week, {rw/1e6:.2f} M resident-weeks/s, "
              f"{rw/t/1e6:.2f} M per core, {1e9/rw:.1f} ns per resident-week")
for s in ("municipality", "pilot"):
    r = {t: find(rf"BM_WholeRun/{s}/threads:{t}/.*") for t in (1, 2)}
    if r[1] and r[2]:
        print(f"whole run in-process ({s}: {int(r[1]['weeks'])} weeks incl. burn-in, {int(r[1]['adults'])} adults): "
              f"1T {secs(r[1]):.2f} s, 2T {secs(r[2]):.2f} s, speed-up {secs(r[1])/secs(r[2]):.2f}x")
for t in (1, 2):
    b = find(rf"BM_BuildWorld/threads:{t}/.*")
    if b:
        print(f"build_world municipality, {t} thread(s): {secs(b)*1e3:.1f} ms")
for name, b in sorted(best.items()):
    if name.startswith(("BM_PairBits", "BM_AgentUniform")):
        print(f"{name:28s} {secs(b)*1e9:8.2f} ns/iteration, {b['items_per_second']/1e6:8.1f} M draws/s")
EOF

# --- the kwartier command: peak memory and wall time ---------------------------
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
muni=scenarios/oss-municipality.ini
pilot=scenarios/oss-pilot.ini

adults_of() {  # adults in an output file
  "$py" -c 'import h5py, sys; print(int(h5py.File(sys.argv[1], "r")["wijken/adults"][...].sum()))' "$1" 2>/dev/null ||
    "$kw" run "$2" --out "$tmp/a.h5" --threads 2 | sed -n 's/^Kwartier: [0-9]* weeks, \([0-9]*\) adults.*/\1/p'
}
# run_timed SCENARIO THREADS -> prints "wall_seconds peak_rss_kb"
run_timed() {
  /usr/bin/time -v -o "$tmp/time.txt" "$kw" run "$1" --out "$tmp/x.h5" -q --threads "$2"
  "$py" - "$tmp/time.txt" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(m)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(wall, rss)
EOF
}

echo
if command -v hyperfine >/dev/null; then
  echo "== kwartier run: wall time (hyperfine)"
  for s in "$muni" "$pilot"; do
    hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/hf-$(basename "$s").json" \
      "$kw run $s --out $tmp/h1.h5 -q --threads 1" "$kw run $s --out $tmp/h2.h5 -q --threads 2"
  done
fi

echo "== kwartier run: wall time (/usr/bin/time, best of $runs) and peak memory"
declare -A wall rss adults
for s in "$muni" "$pilot"; do
  for t in 1 2; do
    best_w=""; best_r=""
    for ((k = 0; k < runs; k++)); do
      read -r w r < <(run_timed "$s" "$t")
      if [[ -z "$best_w" ]] || "$py" -c "import sys; sys.exit(0 if $w < $best_w else 1)"; then best_w=$w; fi
      if [[ -z "$best_r" || $r -lt $best_r ]]; then best_r=$r; fi
    done
    wall["$s,$t"]=$best_w
    rss["$s,$t"]=$best_r
  done
  adults["$s"]=$(adults_of "$tmp/x.h5" "$s")
done

"$py" - "${adults[$muni]}" "${adults[$pilot]}" \
  "${wall[$muni,1]}" "${wall[$muni,2]}" "${wall[$pilot,1]}" "${wall[$pilot,2]}" \
  "${rss[$muni,1]}" "${rss[$muni,2]}" "${rss[$pilot,1]}" "${rss[$pilot,2]}" <<'EOF'
import sys
a_m, a_p = int(sys.argv[1]), int(sys.argv[2])
wm1, wm2, wp1, wp2 = map(float, sys.argv[3:7])
rm1, rm2, rp1, rp2 = (int(x) * 1024 for x in sys.argv[7:11])
print(f"{'scenario':14s} {'adults':>7s} {'1 thread':>9s} {'2 threads':>10s} {'speed-up':>9s}")
print(f"{'municipality':14s} {a_m:7d} {wm1:8.2f}s {wm2:9.2f}s {wm1/wm2:8.2f}x")
print(f"{'pilot':14s} {a_p:7d} {wp1:8.2f}s {wp2:9.2f}s {wp1/wp2:8.2f}x")
print()
print("peak RSS (--threads 2, min over runs):")
print(f"  municipality {rm2/2**20:7.1f} MiB = {rm2/a_m:7.0f} bytes per adult")
print(f"  pilot        {rp2/2**20:7.1f} MiB = {rp2/a_p:7.0f} bytes per adult")
print(f"  marginal     {(rm2-rp2)/(a_m-a_p):7.0f} bytes per adult "
      f"((municipality - pilot) / ({a_m} - {a_p}) adults)")
print(f"  (--threads 1: municipality {rm1/2**20:.1f} MiB, pilot {rp1/2**20:.1f} MiB, "
      f"marginal {(rm1-rp1)/(a_m-a_p):.0f} bytes per adult)")
EOF
