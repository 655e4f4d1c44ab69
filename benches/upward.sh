#!/usr/bin/env bash
# Size and apply time of the upward channel (docs/upward.md): the demo
# prefecture's first batch (a full snapshot) and a one-day delta, applied to a
# province database. Usage: bash benches/upward.sh [PATH-TO-ZHUCUN]
# (default: builds target/release/zhucun with --features upward).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-}
if [ -z "$B" ]; then
    cargo build --release --features upward --quiet
    B=${CARGO_TARGET_DIR:-target}/release/zhucun
fi
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
T=2026-11-28
z() { "$B" --today "$T" "$@"; }
ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
}

z --db "$D/pref.db" init --demo >/dev/null 2>&1
z --db "$D/prov.db" init >/dev/null 2>&1
printf '代码,名称\n520000,贵州省\n522700,黔南布依族苗族自治州\n522600,黔东南苗族侗族自治州\n' >"$D/prov.csv"
z --db "$D/prov.db" import divisions "$D/prov.csv" >/dev/null

t=$(ms z --db "$D/pref.db" upward export -o "$D/b1.zcu")
echo "full snapshot: export ${t} ms, $(stat -c %s "$D/b1.zcu") bytes ($(gzip -9c "$D/b1.zcu" | wc -c) gzipped), $(grep -a -m1 '^changes ' "$D/b1.zcu")"
t=$(ms z --db "$D/prov.db" upward apply "$D/b1.zcu")
echo "full snapshot: apply ${t} ms"

# One day: 200 records (task 1, this month) in villages that had none.
q="SELECT code FROM division d WHERE level = 4 AND NOT EXISTS (SELECT 1 FROM completion c
   WHERE c.village = d.code AND c.task = 1 AND c.period = '2026-11') ORDER BY code LIMIT 200"
python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "$D/pref.db" "$q" >"$D/villages"
n=$(wc -l <"$D/villages")
while read -r v; do
    z --db "$D/pref.db" record --village "$v" --task 1 --period 2026-11 --status done >/dev/null
done <"$D/villages"
t=$(ms z --db "$D/pref.db" upward export -o "$D/b2.zcu")
echo "one-day delta ($n records): export ${t} ms, $(stat -c %s "$D/b2.zcu") bytes ($(gzip -9c "$D/b2.zcu" | wc -c) gzipped), $(grep -a -m1 '^changes ' "$D/b2.zcu")"
t=$(ms z --db "$D/prov.db" upward apply "$D/b2.zcu")
echo "one-day delta: apply ${t} ms"

# A monthly push (issue 14): a month later, every village's new month of team
# and cadre rows, pushed under the prefecture-and-sequence name, then pulled.
mkdir -p "$D/out"
t=$(ms "$B" --today 2026-12-28 --db "$D/pref.db" push --dir "$D/out")
f=$(ls "$D"/out/*.zhucun-upward | tail -1)
echo "monthly push: ${t} ms, $(stat -c %s "$f") bytes ($(gzip -9c "$f" | wc -c) gzipped), $(grep -a -m1 '^changes ' "$f")"
t=$(ms "$B" --today 2026-12-28 --db "$D/prov.db" pull "$f")
echo "monthly push: pull ${t} ms"
