#!/usr/bin/env bash
# A province's pull of nine prefectures (issue 14, target <= 5 s) at the
# generator's province scale: the province file of `cargo bench --bench ui --
# province` (9 prefectures, 15,000 villages, 12 months of history; made by
# that bench in target/bench-data/), split as the test
# upward_province::nine_prefectures_... splits it: nine prefecture databases
# and a province database holding only the province and its prefectures.
# Each prefecture pushes its first batch (the whole state), the province
# pulls the nine files in one `zhucun pull`; then records change in every
# prefecture (N villages each, 20 unless N is set), each pushes again and the
# province pulls the nine deltas. Whole commands, wall clock, RUNS times.
#
# Usage: bash benches/upward-province.sh [PATH-TO-ZHUCUN] [RUNS]
# (default: target/release/zhucun built with --features upward; 3 runs).
# Needs python3 (its sqlite3 module) to split the file.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-}
RUNS=${2:-3}
# Records made in each prefecture between the two pushes.
N=${N:-20}
if [ -z "$B" ]; then
    cargo build --release --features upward --quiet
    B=${CARGO_TARGET_DIR:-target}/release/zhucun
fi
SRC=${CARGO_TARGET_DIR:-target}/bench-data/province.db
if [ ! -f "$SRC" ]; then
    echo "no $SRC: run \`cargo bench --bench ui -- province\` first (it generates the file)" >&2
    exit 1
fi
D=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'rm -rf "$D"' EXIT
T=2026-11-28
ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$@"; }

split() {
    rm -rf "$D/run" && mkdir -p "$D/run/out"
    for f in 1 2 3 4 5 6 7 8 9; do
        p="52$(printf %02d $f)"
        cp "$SRC" "$D/run/pref$f.db"
        sql "$D/run/pref$f.db" "PRAGMA foreign_keys = OFF;
            DELETE FROM completion WHERE substr(village, 1, 4) <> '$p';
            DELETE FROM rollup WHERE substr(code, 1, 4) <> '$p';
            DELETE FROM division WHERE substr(code, 1, 4) <> '$p';
            UPDATE division SET parent = NULL WHERE level = 1;"
    done
    cp "$SRC" "$D/run/prov.db"
    sql "$D/run/prov.db" "PRAGMA foreign_keys = OFF; DELETE FROM completion; DELETE FROM rollup;
        DELETE FROM division WHERE level > 1; UPDATE division SET villages = 0;"
}

push_all() {
    local t=0 n
    for f in 1 2 3 4 5 6 7 8 9; do
        n=$(ms "$B" --today "$1" --db "$D/run/pref$f.db" push --dir "$D/run/out")
        t=$((t + n))
    done
    echo "$t"
}

for r in $(seq "$RUNS"); do
    split
    push=$(push_all "$T")
    files=$(ls "$D"/run/out/*.zhucun-upward)
    size=$(cat $files | wc -c)
    pull=$(ms "$B" --today "$T" --db "$D/run/prov.db" pull $files)
    echo "run $r: first batches: nine pushes ${push} ms in all, ${size} bytes; one pull of the nine: ${pull} ms"
    mkdir -p "$D/run/done" && mv $files "$D/run/done/"
    for f in 1 2 3 4 5 6 7 8 9; do
        q="SELECT code FROM division d WHERE level = 4 AND NOT EXISTS (SELECT 1 FROM completion c
           WHERE c.village = d.code AND c.task = 1 AND c.period = '2026-11') ORDER BY code LIMIT $N"
        python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" \
            "$D/run/pref$f.db" "$q" | while read -r v; do
            "$B" --today "$T" --db "$D/run/pref$f.db" record --village "$v" --task 1 --period 2026-11 --status done >/dev/null
        done
    done
    push=$(push_all "$T")
    files=$(ls "$D"/run/out/*.zhucun-upward)
    size=$(cat $files | wc -c)
    pull=$(ms "$B" --today "$T" --db "$D/run/prov.db" pull $files)
    echo "run $r: a day's changes: nine pushes ${push} ms in all, ${size} bytes; one pull of the nine: ${pull} ms"
done
