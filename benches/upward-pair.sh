#!/usr/bin/env bash
# Two builds of zhucun against each other on the demo prefecture, run in
# turn (A B A B ...) so a drift in the machine's speed hits both alike:
# a monthly push, and the marks of a session (S, default 14: a township's,
# one county's counts recomputed; 1 is the prefecture's, every county).
# Each run copies the same prepared database, made once by each build, so
# neither pays for the other's migrations. Prints each build's median wall
# time in ms and the median of the pairs' ratios A/B.
#
# Usage: bash benches/upward-pair.sh A-ZHUCUN B-ZHUCUN [RUNS] [S]
# (both built with --features upward; RUNS default 11).
set -euo pipefail
A=$1 B=$2 N=${3:-11} S=${4:-14}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
for x in A B; do
    bin=${!x}
    mkdir -p "$D/$x/out"
    "$bin" --today 2026-11-28 --db "$D/$x/base.db" init --demo >/dev/null 2>&1
    "$bin" --today 2026-11-28 --db "$D/$x/base.db" push --dir "$D/$x/out" >/dev/null
done
ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
}
once() { # build dir what
    rm -rf "$2/run.db"* "$2/o2" && mkdir -p "$2/o2"
    cp "$2/base.db" "$2/run.db"
    case $3 in
    push) ms "$1" --today 2026-12-28 --db "$2/run.db" push --dir "$2/o2" ;;
    mark) ms "$1" --today 2026-11-28 --db "$2/run.db" training mark "$S" --all --status attended ;;
    esac
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for what in push mark; do
    : >"$D/a" && : >"$D/b" && : >"$D/r"
    for _ in $(seq "$N"); do
        a=$(once "$A" "$D/A" $what)
        b=$(once "$B" "$D/B" $what)
        echo "$a" >>"$D/a"
        echo "$b" >>"$D/b"
        awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f\n", a / b}' >>"$D/r"
    done
    echo "$what: A $(median <"$D/a") ms, B $(median <"$D/b") ms, A/B $(median <"$D/r") (median of $N pairs; each run copies the 54 MB database first)"
done
