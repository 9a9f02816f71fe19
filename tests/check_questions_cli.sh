#!/bin/sh
# check_questions_cli.sh SPIRAL SRC - `spiral questions` agrees with
# `spiral run` on the same seed and run count (common random numbers:
# question 1's P(major war) and question 2's "with the treaty" are the
# very runs `run` makes), its JSON has every answer, and bad input fails
# with exit 1. Exits non-zero with a message on the first failed check.
set -u
spiral="$1"; src="$2"
scn="$src/scenarios/northeast-asia-2024.yaml"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$spiral" questions "$scn" --runs 300 --seed 5 --threads 2 --json \
    > "$tmp/q.json" || fail "questions exited $?"
"$spiral" run "$scn" --package status-quo --runs 300 --seed 5 --threads 2 \
    --json > "$tmp/r.json" || fail "run exited $?"
# P within the horizon from run: the "10" entry of an outcome.
run_p() {
    tr -d '\n' < "$tmp/r.json" | grep -o "\"$1\": {\"1\": [^}]*}, \"5\": [^}]*}, \"10\": {\"p\": [0-9.]*" |
        sed 's/.*"p": //'
}
q_major=$(tr -d '\n' < "$tmp/q.json" |
    grep -o '{"years": 10, "lowest": "[a-z-]*", "packages": \[{"name": "status-quo", "p": {"value": [0-9.]*' |
    sed 's/.*"value": //')
r_major=$(run_p major_war)
[ -n "$q_major" ] && [ "$q_major" = "$r_major" ] ||
    fail "P(major war, 10 years, status-quo): questions '$q_major', run '$r_major'"
q_wider=$(tr -d '\n' < "$tmp/q.json" |
    grep -o '"q2_treaty_wider_war": {"events": \["rus-prk-treaty"\], "with": {"value": [0-9.]*' |
    sed 's/.*"value": //')
r_wider=$(run_p wider_war)
[ -n "$q_wider" ] && [ "$q_wider" = "$r_wider" ] ||
    fail "P(wider war with the treaty): questions '$q_wider', run '$r_wider'"
for key in q1_lowest_major_war q2_treaty_wider_war q3_capability \
           q4_global_south q5_one_at_a_time; do
    grep -q "\"$key\"" "$tmp/q.json" || fail "JSON lacks $key"
done

"$spiral" questions "$scn" --runs 0 2> "$tmp/err"
[ $? -eq 1 ] || fail "--runs 0: want exit 1"
"$spiral" questions "$tmp/missing.yaml" 2> "$tmp/err"
[ $? -eq 1 ] || fail "missing scenario: want exit 1"
"$spiral" questions "$scn" --runs 20 --target JPN > "$tmp/jpn.txt" ||
    fail "--target JPN exited $?"
grep -q "JPN has no capability outcome" "$tmp/jpn.txt" ||
    fail "a non-nuclear target should be said to have no capability outcome"
# --db stores the answers; the report of the same scenario shows them
# (and before that says how to add them); report's default is the newest
# run or compare, not the questions invocation.
"$spiral" compare "$scn" --runs 40 --db "$tmp/a.db" --quiet > /dev/null ||
    fail "compare --db exited $?"
"$spiral" report "$tmp/a.db" -o "$tmp/r1.html" || fail "report exited $?"
grep -q "None stored for this scenario" "$tmp/r1.html" ||
    fail "the report should say how to add the answers"
"$spiral" questions "$scn" --runs 30 --db "$tmp/a.db" --quiet > "$tmp/q.txt" ||
    fail "questions --db exited $?"
grep -q "^1. Which package" "$tmp/q.txt" || fail "questions --db printed no answers"
"$spiral" report "$tmp/a.db" -o "$tmp/r2.html" || fail "report after questions exited $?"
grep -q '<pre class="answers">' "$tmp/r2.html" || fail "the report lacks the stored answers"
grep -q "1. Which package gives the lowest" "$tmp/r2.html" ||
    fail "the stored answers are not the printed ones"
"$spiral" ls "$tmp/a.db" | grep -q " questions " || fail "ls does not list the questions invocation"

# Question 5 by a sweep: the same numbers on 1 and 2 threads; the sweep
# is kept in --db as a sweep invocation; JSON carries its fields.
"$spiral" questions "$scn" --runs 10 --decisive --samples 24 \
    --replications 3 --threads 1 --quiet > "$tmp/d1.txt" ||
    fail "questions --decisive exited $?"
"$spiral" questions "$scn" --runs 10 --decisive --samples 24 \
    --replications 3 --threads 2 --quiet > "$tmp/d2.txt" ||
    fail "questions --decisive (2 threads) exited $?"
cmp -s "$tmp/d1.txt" "$tmp/d2.txt" || fail "question 5 differs between 1 and 2 threads"
grep -q "^   24 design points (Latin hypercube over [0-9]* uncertain values) x 3 replications" "$tmp/d1.txt" ||
    fail "question 5 does not describe its sweep: $(grep -A2 '^5\.' "$tmp/d1.txt")"
grep -q "where deterrence is the worse package" "$tmp/d1.txt" || fail "no PRIM box for deterrence"
"$spiral" questions "$scn" --runs 10 --decisive --samples 24 \
    --replications 3 --db "$tmp/d.db" --quiet --json > "$tmp/d.json" ||
    fail "questions --decisive --db --json exited $?"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["q5_decisive"]
assert d["points"] == 24 and d["replications"] == 3, d
s = d["share_reassurance_safer"] + d["share_deterrence_safer"]
assert 0 <= s <= 1, s
assert len(d["decisive"]) == 8 and all(-1 <= x["rho"] <= 1 for x in d["decisive"])
' "$tmp/d.json" || fail "question 5 JSON is wrong"
[ "$(sqlite3 "$tmp/d.db" "SELECT count(*) FROM runs r JOIN invocations i ON i.id = r.invocation WHERE i.kind = 'sweep'")" -eq 144 ] ||
    fail "the question 5 sweep is not in --db with 24 x 3 x 2 runs"

echo "ok: questions and run agree (major war $q_major, wider war $q_wider)"
