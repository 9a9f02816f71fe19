#!/bin/sh
# check_sweep_cli.sh SPIRAL SRC - `spiral sweep` end to end with the real
# program and real SQLite files:
#   1. an uninterrupted sweep (2 threads) is the reference;
#   2. the same on 1 thread gives the same (run key -> outcome bytes);
#   3. the same killed with SIGKILL about halfway (after its second
#      committed batch of four), then
#      --resume: the same set of run keys and outcomes, none twice;
#   4. --resume with another option is refused, naming the difference;
#   5. shards 1/2 and 2/2 together hold exactly the reference's runs.
# Exits non-zero with a message on the first failed check.
set -u
spiral="$1"; src="$2"
tmp=$(mktemp -d); trap 'kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
pid=
scn="$src/scenarios/northeast-asia-2024.yaml"
fail() { echo "FAIL: $*"; exit 1; }
sweep() { db=$1; shift
    "$spiral" sweep "$scn" --design lhs --samples 100 --replications 2 \
        --packages status-quo,deterrence --seed 5 --db "$db" --quiet "$@"; }
# run key -> outcomes, one line each, in key order
keys() { sqlite3 "$1" "SELECT package, point, replication, ifnull(failure,''),
    hex(outcomes) FROM runs ORDER BY package, point, replication"; }

sweep "$tmp/ref.db" --threads 2 > "$tmp/ref.txt" || fail "reference sweep exited $?"
keys "$tmp/ref.db" > "$tmp/ref.keys"
[ "$(wc -l < "$tmp/ref.keys")" -eq 400 ] || fail "reference holds $(wc -l < "$tmp/ref.keys") runs, not 100 x 2 x 2"
[ "$(sqlite3 "$tmp/ref.db" 'SELECT count(*) FROM sweep_points')" -eq 100 ] \
    || fail "not 100 design points stored"

sweep "$tmp/one.db" --threads 1 > /dev/null || fail "1-thread sweep exited $?"
keys "$tmp/one.db" | cmp -s - "$tmp/ref.keys" || fail "1 and 2 threads differ"

# Kill once half the runs are committed (batches of 256 runs), then resume. The program itself
# is the background job (exec), so SIGKILL reaches it, not a subshell.
(exec "$spiral" sweep "$scn" --design lhs --samples 100 --replications 2 \
    --packages status-quo,deterrence --seed 5 --db "$tmp/kill.db" --quiet \
    --threads 1 > /dev/null 2>&1) &
pid=$!
n=0
while [ "$n" -lt 256 ] && kill -0 $pid 2>/dev/null; do
    sleep 0.05
    n=$(sqlite3 "$tmp/kill.db" 'SELECT count(*) FROM runs' 2>/dev/null)
    case "$n" in ''|*[!0-9]*) n=0 ;; esac
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
before=$(sqlite3 "$tmp/kill.db" 'SELECT count(*) FROM runs')
[ "$before" -lt 400 ] || echo "note: the sweep finished before the kill ($before runs)"
sweep "$tmp/kill.db" --threads 2 --resume > "$tmp/resume.txt" || fail "--resume exited $?"
grep -q "$before already stored" "$tmp/resume.txt" || fail "resume did not skip the $before stored runs: $(cat "$tmp/resume.txt")"
keys "$tmp/kill.db" | cmp -s - "$tmp/ref.keys" || fail "killed + resumed differs from the uninterrupted sweep"
[ "$(sqlite3 "$tmp/kill.db" 'SELECT count(*) FROM invocations')" -eq 1 ] \
    || fail "resume made a new invocation"
[ "$(sqlite3 "$tmp/kill.db" 'SELECT status FROM invocations')" = done ] \
    || fail "resumed sweep not marked done"

# A failed run (marked by hand: the model gives no input that fails) is
# kept by --resume with exit 3, and --retry-failed reruns its unit.
cp "$tmp/ref.db" "$tmp/fail.db"
sqlite3 "$tmp/fail.db" "UPDATE runs SET failure = 'injected' WHERE point = 7 AND replication = 1 AND package = 1"
sweep "$tmp/fail.db" --resume > "$tmp/f1.txt" 2> "$tmp/f1.err"
[ $? -eq 3 ] || fail "--resume with a stored failure should exit 3"
grep -q "1 failed" "$tmp/f1.txt" || fail "the stored failure is not counted: $(cat "$tmp/f1.txt")"
grep -q "retry-failed" "$tmp/f1.err" || fail "no hint to --retry-failed: $(cat "$tmp/f1.err")"
sweep "$tmp/fail.db" --resume --retry-failed > "$tmp/f2.txt" || fail "--retry-failed exited $?"
grep -q "398 already stored, 2 run now" "$tmp/f2.txt" || fail "--retry-failed did not rerun exactly the unit (its 2 package runs): $(cat "$tmp/f2.txt")"
keys "$tmp/fail.db" | cmp -s - "$tmp/ref.keys" || fail "after --retry-failed the runs differ from the reference"

# Resume under other inputs is refused.
"$spiral" sweep "$scn" --design lhs --samples 100 --replications 2 \
    --packages status-quo,deterrence --seed 6 --db "$tmp/kill.db" --resume \
    > /dev/null 2> "$tmp/err.txt" && fail "--resume with another seed succeeded"
grep -q 'stored seed=5, now seed=6' "$tmp/err.txt" || fail "refusal does not name the seed: $(cat "$tmp/err.txt")"
[ "$(sqlite3 "$tmp/kill.db" 'SELECT status FROM invocations')" = done ] \
    || fail "a refused --resume changed the stored sweep's status"
"$spiral" sweep "$scn" --design lhs --samples 10 --db "$tmp/none.db" --resume \
    > /dev/null 2> "$tmp/err.txt" && fail "--resume of nothing succeeded"
grep -q 'holds no sweep' "$tmp/err.txt" || fail "resume of an empty db: $(cat "$tmp/err.txt")"

# A new sweep in an existing database gets a new id.
sweep "$tmp/ref.db" --samples 3 > "$tmp/second.txt" || fail "second sweep exited $?"
grep -q '^sweep 2 ' "$tmp/second.txt" || fail "second sweep is not id 2: $(cat "$tmp/second.txt")"

# Shards: disjoint, and together the whole sweep.
sweep "$tmp/s1.db" --shard 1/2 > /dev/null || fail "shard 1/2 exited $?"
sweep "$tmp/s2.db" --shard 2/2 > /dev/null || fail "shard 2/2 exited $?"
{ keys "$tmp/s1.db"; keys "$tmp/s2.db"; } | sort > "$tmp/shards.keys"
sort "$tmp/ref.keys" | cmp -s - "$tmp/shards.keys" || fail "shards 1/2 + 2/2 differ from the whole sweep"
# factorial: --levels per parameter, no --samples; too many points is
# refused with the count.
cat > "$tmp/two.yaml" <<'YAML'
spiral: 1
name: two
time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 1}
actors:
  AAA: {cow: 2, milex: {dist: uniform, min: 500, max: 1500}}
  BBB: {cow: 740, milex: 1000}
dyads:
  AAA-BBB: {alignment: {dist: uniform, min: -0.9, max: -0.1}, proximity: 1}
packages:
  none: {levers: []}
YAML
"$spiral" sweep "$tmp/two.yaml" --design factorial --levels 3 --db "$tmp/f.db" \
    --quiet > "$tmp/fac.txt" || fail "factorial exited $?"
grep -q "9 points x 2 parameters" "$tmp/fac.txt" || fail "factorial 3^2: $(cat "$tmp/fac.txt")"
"$spiral" sweep "$scn" --design factorial --levels 3 --db "$tmp/g.db" \
    > /dev/null 2> "$tmp/err.txt" && fail "factorial 3^k on the reference succeeded"
grep -q "factorial: 3^[0-9]* points for [0-9]* parameters" "$tmp/err.txt" ||
    fail "factorial refusal: $(cat "$tmp/err.txt")"

echo "ok: sweep threads, kill -9 + resume ($before runs before the kill), refusals, shards"
