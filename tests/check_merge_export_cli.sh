#!/bin/sh
# check_merge_export_cli.sh SPIRAL SRC - merge and export end to end
# through the real program and real SQLite files: a small sweep run whole
# and as three shards; the merged shards must equal the whole sweep byte
# for byte (runs, design points, parameters, names); every refusal of
# merge exits 1 and leaves nothing behind; export's csv, jsonl and ema
# files have the right rows and columns, parse, and give back the stored
# doubles exactly. Needs sqlite3, tar and /usr/bin/python3 (standard
# library only). Exits non-zero with a message on the first failed check.
set -u
spiral="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3
sweep() {
    "$spiral" sweep "$src/scenarios/northeast-asia-2024.yaml" --design lhs \
        --samples 12 --packages status-quo,deterrence --replications 2 \
        --threads 2 --quiet "$@" > /dev/null || fail "sweep $* exited $?"
}
same() { # same SQL on two files gives the same rows
    sqlite3 "$1" "$3" > "$tmp/q1" && sqlite3 "$2" "$3" > "$tmp/q2" \
        || fail "sqlite3 failed on: $3"
    [ -s "$tmp/q1" ] || fail "no rows for: $3"
    cmp -s "$tmp/q1" "$tmp/q2" || fail "$1 and $2 differ on: $3"
}

# ---- merge: the shards equal the whole sweep ----------------------------
sweep --db "$tmp/all.db"
for k in 1 2 3; do sweep --shard $k/3 --db "$tmp/s$k.db"; done
"$spiral" merge "$tmp/s3.db" "$tmp/s1.db" "$tmp/s2.db" -o "$tmp/m.db" \
    > "$tmp/merge.txt" || fail "merge exited $?"
grep -q '^merged 3 shards: 48 runs into ' "$tmp/merge.txt" \
    || fail "merge summary: $(cat "$tmp/merge.txt")"
same "$tmp/all.db" "$tmp/m.db" \
    "SELECT package, point, replication, hex(outcomes) FROM runs ORDER BY 1,2,3"
same "$tmp/all.db" "$tmp/m.db" \
    "SELECT point, hex(x) FROM sweep_points ORDER BY 1"
same "$tmp/all.db" "$tmp/m.db" "SELECT idx, path, dist FROM sweep_params ORDER BY 1"
same "$tmp/all.db" "$tmp/m.db" "SELECT idx, name FROM packages ORDER BY 1"
same "$tmp/all.db" "$tmp/m.db" "SELECT idx, name FROM outcome_names ORDER BY 1"
same "$tmp/all.db" "$tmp/m.db" "SELECT design, samples, replications, n_points,
    n_params, shard_k, shard_n, identity FROM sweeps"
same "$tmp/all.db" "$tmp/m.db" "SELECT kind, scenario_sha256, scenario_text,
    params_json, seed, code_version FROM invocations"
[ "$(sqlite3 "$tmp/m.db" 'SELECT count(*) FROM runs')" = 48 ] || fail "not 48 runs"
[ "$(sqlite3 "$tmp/m.db" 'SELECT status FROM invocations')" = done ] \
    || fail "merged invocation not done"
ls "$tmp"/m.db.tmp* 2> /dev/null && fail "merge left m.db.tmp behind"
# --resume on the merged file finds nothing to run
"$spiral" sweep "$src/scenarios/northeast-asia-2024.yaml" --design lhs \
    --samples 12 --packages status-quo,deterrence --replications 2 \
    --resume --db "$tmp/m.db" --json > "$tmp/resume.json" \
    || fail "resume on the merged file exited $?"
grep -q '"runs_done": 0' "$tmp/resume.json" || fail "resume ran runs again"

# ---- merge: refusals ------------------------------------------------------
sweep --seed 2 --shard 2/3 --db "$tmp/other.db"
sweep --shard 1/2 --db "$tmp/half.db"
"$spiral" run "$src/scenarios/northeast-asia-2024.yaml" --runs 3 --threads 2 \
    --db "$tmp/run.db" --quiet > /dev/null || fail "run --db exited $?"
cp "$tmp/s2.db" "$tmp/s2copy.db"
cp "$tmp/s2.db" "$tmp/cut.db"
sqlite3 "$tmp/cut.db" "DELETE FROM runs WHERE point = 1 AND replication = 1"
echo "not a database" > "$tmp/notes.txt"
cksum "$tmp/all.db" > "$tmp/all.sum"
refuse() { # refuse "what it says" merge arguments...
    want="$1"; shift
    rm -f "$tmp/bad.db"
    "$spiral" merge "$@" > /dev/null 2> "$tmp/err.txt"
    rc=$?
    [ $rc -eq 1 ] || fail "merge $*: exit $rc, want 1 ($(cat "$tmp/err.txt"))"
    grep -qF -- "$want" "$tmp/err.txt" \
        || fail "merge $*: message lacks '$want': $(cat "$tmp/err.txt")"
    [ -n "${SHOW:-}" ] && cat "$tmp/err.txt" # SHOW=1: print each message
    ls "$tmp"/bad.db* 2> /dev/null && fail "merge $* left a file behind"
    return 0
}
refuse "hold shards of different sweeps (seed=2 against seed=1)" \
    "$tmp/s1.db" "$tmp/other.db" "$tmp/s3.db" -o "$tmp/bad.db"
refuse "shard 2/3 is in both" \
    "$tmp/s1.db" "$tmp/s2.db" "$tmp/s2copy.db" "$tmp/s3.db" -o "$tmp/bad.db"
refuse "is given twice" "$tmp/s1.db" "$tmp/s1.db" "$tmp/s2.db" "$tmp/s3.db" \
    -o "$tmp/bad.db"
refuse "shard 2/3 is missing (2 of 3 given)" "$tmp/s1.db" "$tmp/s3.db" \
    -o "$tmp/bad.db"
refuse "shards of one sweep share N" "$tmp/s1.db" "$tmp/half.db" \
    -o "$tmp/bad.db"
refuse "shard 2/3 is incomplete (14 of 16 runs)" "$tmp/s1.db" "$tmp/cut.db" \
    "$tmp/s3.db" -o "$tmp/bad.db"
refuse "notes.txt: not an SQLite database" "$tmp/s1.db" "$tmp/notes.txt" \
    -o "$tmp/bad.db"
refuse "run.db: holds no sweep" "$tmp/run.db" -o "$tmp/bad.db"
refuse "all.db exists; merge does not overwrite" "$tmp/s1.db" "$tmp/s2.db" \
    "$tmp/s3.db" -o "$tmp/all.db"
cksum "$tmp/all.db" | cmp -s - "$tmp/all.sum" || fail "merge changed all.db"
refuse "is also an input" "$tmp/s1.db" "$tmp/s2.db" "$tmp/s3.db" \
    -o "$tmp/s1.db"
refuse "merge writes a new database: give -o FILE" "$tmp/s1.db"

# ---- export csv -----------------------------------------------------------
k=$(sqlite3 "$tmp/m.db" 'SELECT count(*) FROM sweep_params')
n=$(sqlite3 "$tmp/m.db" 'SELECT count(*) FROM outcome_names')
"$spiral" export "$tmp/m.db" --format csv -o "$tmp/m.csv" || fail "export csv exited $?"
[ -f "$tmp/m.csv.meta.json" ] || fail "no m.csv.meta.json"
ls "$tmp"/m.csv*.tmp 2> /dev/null && fail "export left a .tmp behind"
[ "$(wc -l < "$tmp/m.csv")" -eq 49 ] || fail "csv: $(wc -l < "$tmp/m.csv") lines, want 1 + 12*2*2"
sqlite3 -separator ' ' "$tmp/m.db" "SELECT r.point, p.name, r.replication,
    hex(r.outcomes) FROM runs r JOIN packages p ON p.idx = r.package
    ORDER BY 1, 3, r.package" > "$tmp/stored.txt"
$py - "$tmp/m.csv" "$tmp/stored.txt" "$k" "$n" << 'EOF' || fail "csv check"
import csv, struct, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
k, n = int(sys.argv[3]), int(sys.argv[4])
head, body = rows[0], rows[1:]
assert head[:4] == ["point", "package", "replication", "failure"], head[:4]
assert all(len(r) == 4 + k + n for r in rows), "column counts"
stored = [l.split() for l in open(sys.argv[2])]
assert len(stored) == len(body) == 48
for r, (pt, pkg, rep, hexo) in zip(body, stored):
    assert (r[0], r[1], r[2]) == (pt, pkg, rep), (r[:3], pt, pkg, rep)
    got = b"".join(struct.pack("<d", float(v) if v else float("nan"))
                   for v in r[4 + k:]).hex().upper()
    assert got == hexo, "outcomes of %s differ after the round trip" % r[:3]
EOF
$py -c 'import json, sys
m = json.load(open(sys.argv[1]))
assert m["rows"] == 48 and m["invocation"] == 1 and m["seed"] == 1, m
assert m["kind"] == "sweep" and m["sweep"]["design"] == "lhs"
assert m["sweep"]["replications"] == 2 and m["sweep"]["samples"] == 12
assert len(m["scenario_sha256"]) == 64 and m["code_version"]
assert m["command_line"].startswith("spiral merge")' "$tmp/m.csv.meta.json" \
    || fail "meta.json"
# to stdout: the same bytes, no sidecar
(cd "$tmp" && "$spiral" export m.db --format csv > out.csv) || fail "export to stdout"
cmp -s "$tmp/out.csv" "$tmp/m.csv" || fail "csv on stdout differs from -o"
[ -e "$tmp/out.csv.meta.json" ] && fail "stdout export wrote a sidecar"

# ---- export jsonl ---------------------------------------------------------
"$spiral" export "$tmp/m.db" --format jsonl -o "$tmp/m.jsonl" \
    || fail "export jsonl exited $?"
$py - "$tmp/m.jsonl" "$k" "$n" << 'EOF' || fail "jsonl check"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 48, len(lines)
for l in lines:
    o = json.loads(l)
    assert set(o) == {"point", "package", "replication", "failure",
                      "parameters", "outcomes"}, set(o)
    assert len(o["parameters"]) == int(sys.argv[2])
    assert len(o["outcomes"]) == int(sys.argv[3])
EOF

# ---- export ema -----------------------------------------------------------
"$spiral" export "$tmp/m.db" --format ema -o "$tmp/m.tar.gz" \
    || fail "export ema exited $?"
mkdir "$tmp/ema" && tar -xzf "$tmp/m.tar.gz" -C "$tmp/ema" || fail "tar -xzf"
[ -f "$tmp/ema/metadata.json" ] || fail "ema: no metadata.json"
[ "$(wc -l < "$tmp/ema/experiments.csv")" -eq 49 ] || fail "ema: experiments.csv lines"
[ "$(ls "$tmp/ema" | grep -c '\.cls$')" -eq "$n" ] || fail "ema: not one .cls per outcome"
for f in "$tmp"/ema/*.cls; do
    [ "$(wc -l < "$f")" -eq 48 ] || fail "ema: $f has $(wc -l < "$f") lines"
done
head -1 "$tmp/ema/experiments.csv" | grep -q ',scenario,policy,model$' \
    || fail "ema: experiments.csv header"
sed -n 2p "$tmp/ema/experiments.csv" | grep -q ',0,status-quo,spiral$' \
    || fail "ema: first experiment is not point 0 of status-quo"

# ---- export: a run invocation, and refusals -------------------------------
"$spiral" export "$tmp/run.db" --format csv > "$tmp/run.csv" || fail "export run"
[ "$(wc -l < "$tmp/run.csv")" -eq 4 ] || fail "run csv: want 1 + 3 lines"
[ "$(head -1 "$tmp/run.csv" | tr ',' '\n' | wc -l)" -eq $((4 + n)) ] \
    || fail "run csv: want no parameter columns"
for args in "--format ema" "--format xml" "--format csv --id 7" ""; do
    # shellcheck disable=SC2086
    "$spiral" export "$tmp/m.db" $args > /dev/null 2> "$tmp/err.txt"
    [ $? -eq 1 ] || fail "export $args: want exit 1"
done
echo "ok: merge and export"
