#!/usr/bin/env bash
# Times commands run alternately, so that the drift of a shared machine's
# speed (10-20% within minutes on the development machine) falls on all of
# them alike: each round runs every command once, in the order given. Prints
# per command its wall times in ms, sorted, then the best and the median.
# README ("Speed and memory") and docs/speed-log.md compare versions of
# `kwartier` this way.
#
#   bench/alternate.sh ROUNDS 'LABEL|COMMAND' ['LABEL|COMMAND' ...]
#
# Example, this build against an older one on the whole municipality:
#   bench/alternate.sh 9 \
#     "new|build/sim/kwartier run scenarios/oss-municipality.ini --threads 2 --out /tmp/a.h5" \
#     "old|/tmp/kwartier-old run scenarios/oss-municipality.ini --threads 2 --out /tmp/b.h5"
set -euo pipefail

if [[ $# -lt 2 ]] || ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/alternate.sh ROUNDS 'LABEL|COMMAND' ['LABEL|COMMAND' ...]" >&2
  exit 2
fi
rounds=$1
shift
declare -A times
for ((r = 0; r < rounds; ++r)); do
  for spec in "$@"; do
    label="${spec%%|*}"
    cmd="${spec#*|}"
    t0=$(date +%s%N)
    bash -c "$cmd" >/dev/null 2>&1 || { echo "alternate.sh: '$label' failed: $cmd" >&2; exit 1; }
    t1=$(date +%s%N)
    times[$label]+="$(((t1 - t0) / 1000000)) "
  done
done
for spec in "$@"; do
  label="${spec%%|*}"
  sorted=$(tr ' ' '\n' <<<"${times[$label]}" | sed '/^$/d' | sort -n | tr '\n' ' ')
  read -r -a arr <<<"$sorted"
  n=${#arr[@]}
  printf '%-20s best %6d ms  median %6d ms   (%s)\n' "$label" "${arr[0]}" "${arr[$((n / 2))]}" "$sorted"
done
