#!/bin/sh
# check_analyze_cli.sh SPIRAL SRC - `spiral analyze` end to end through the
# real program: small sobol, morris and lhs sweeps of the reference
# scenario, then every analysis flag, checking structure and the values
# that can go wrong (indices finite, one entry per parameter, PRIM
# coverage in [0, 1], shares inside their intervals, regret of a lone
# package 0), the errors, and that analyze leaves the database unchanged.
# Exits non-zero with a message on the first failed check.
set -u
spiral="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
scn="$src/scenarios/northeast-asia-2024.yaml"
fail() { echo "FAIL: $*"; exit 1; }

"$spiral" sweep "$scn" --design sobol --samples 8 \
    --packages status-quo,deterrence --replications 2 --threads 2 \
    --db "$tmp/s.db" --quiet > /dev/null || fail "sobol sweep exited $?"
"$spiral" sweep "$scn" --design morris --samples 3 --packages status-quo \
    --replications 2 --threads 2 --db "$tmp/m.db" --quiet > /dev/null \
    || fail "morris sweep exited $?"
"$spiral" sweep "$scn" --design lhs --samples 48 \
    --packages status-quo,deterrence --replications 2 --threads 2 \
    --db "$tmp/l.db" --quiet > /dev/null || fail "lhs sweep exited $?"
sum_before=$(cksum < "$tmp/s.db")

# The default: summary, the design's analysis, regret (two packages).
"$spiral" analyze "$tmp/s.db" > "$tmp/d.txt" || fail "analyze exited $?"
grep -q '^sweep 1 in .*: sobol design' "$tmp/d.txt" || fail "no summary"
grep -q 'runs: 4768 stored, 0 failed' "$tmp/d.txt" || fail "run count"
grep -q '^outcome major_war_10y' "$tmp/d.txt" || fail "default outcome"
grep -q "^Sobol' indices of major_war_10y for status-quo" "$tmp/d.txt" \
    || fail "default analysis of a sobol sweep"
grep -q 'replication noise' "$tmp/d.txt" || fail "no word on the noise"
grep -q '^regret on major_war_10y' "$tmp/d.txt" || fail "default regret"

# --sobol --json: every parameter once, finite indices, intervals around
# their estimates' sides.
"$spiral" analyze "$tmp/s.db" --sobol --outcome incidents --json \
    > "$tmp/s.json" || fail "--sobol --json exited $?"
for f in '"sobol"' '"base_points_used": 8' '"noise"' '"s1_lo"' '"st_hi"' \
         '"outcome": "incidents"'; do
    grep -q "$f" "$tmp/s.json" || fail "--sobol JSON lacks $f"
done
k=$(grep -o '"path"' "$tmp/s.json" | wc -l)
n=$(grep -o '"parameter"' "$tmp/s.json" | wc -l)
[ "$k" -gt 0 ] && [ "$k" -eq "$n" ] || fail "$n indices for $k parameters"
if grep -q '"s1": null\|"st": null\|"st_lo": null' "$tmp/s.json"; then
    fail "non-finite Sobol' index"
fi
grep -o '"st": [-0-9.]*, "st_lo": [-0-9.]*, "st_hi": [-0-9.]*' "$tmp/s.json" |
    awk -F'[:,] *' '{ if ($2 < 0 || $4 > $2 + 1e-9 || $6 < $2 - 1e-9) bad++ }
        END { exit bad ? 1 : 0 }' || fail "ST outside its interval or < 0"

# --morris: mu* per parameter, finite.
"$spiral" analyze "$tmp/m.db" --morris --outcome incidents --json \
    > "$tmp/m.json" || fail "--morris exited $?"
k=$(grep -o '"path"' "$tmp/m.json" | wc -l)
n=$(grep -o '"mu_star": [0-9.]*' "$tmp/m.json" | wc -l)
[ "$k" -gt 0 ] && [ "$k" -eq "$n" ] || fail "$n finite mu* for $k parameters"
grep -q '"trajectories": 3' "$tmp/m.json" || fail "morris trajectories"
"$spiral" analyze "$tmp/m.db" --outcome incidents > "$tmp/m.txt" \
    || fail "analyze of the morris sweep exited $?"
grep -q '^Morris elementary effects of incidents' "$tmp/m.txt" \
    || fail "default analysis of a morris sweep"

# Regret of a lone package against itself: 0 everywhere, best everywhere.
"$spiral" analyze "$tmp/m.db" --regret incidents --json > "$tmp/r.json" \
    || fail "--regret exited $?"
grep -q '"package": "status-quo", "max": 0.000000, "mean": 0.000000, "p90": 0.000000, "share_best": 1.000000' \
    "$tmp/r.json" || fail "regret of a lone package is not 0"

# --prim on the lhs sweep, split at the mean so both sides have points.
"$spiral" analyze "$tmp/l.db" --outcome incidents --json > "$tmp/l.json" \
    || fail "lhs summary exited $?"
mean=$(grep -o '"means": \[{"package": "status-quo", "points": [0-9]*, "mean": [0-9.]*' \
    "$tmp/l.json" | sed 's/.*"mean": //')
[ -n "$mean" ] || fail "no mean in the lhs summary"
"$spiral" analyze "$tmp/l.db" --prim "incidents > $mean" --json \
    > "$tmp/p.json" || fail "--prim exited $?"
grep -q '"trajectory": \[{"box": 0, "coverage": 1.000000' "$tmp/p.json" \
    || fail "PRIM box 0 is not the whole range"
grep -q '"box": {"coverage"' "$tmp/p.json" || fail "no chosen box"
grep -o '"coverage": [-0-9.]*' "$tmp/p.json" | awk '{ if ($2 < 0 || $2 > 1) bad++ }
    END { exit bad || NR < 2 ? 1 : 0 }' || fail "PRIM coverage outside [0, 1]"
"$spiral" analyze "$tmp/l.db" --prim "incidents > $mean" > "$tmp/p.txt" \
    || fail "--prim text exited $?"
grep -q 'ranges: min and max of the stored values' "$tmp/p.txt" \
    || fail "PRIM does not say where its ranges come from"
grep -q '<= x <=' "$tmp/p.txt" || fail "no restricted parameter listed"

# --threshold: shares inside their Wilson intervals.
"$spiral" analyze "$tmp/l.db" --threshold "major_war_10y < 0.5" --json \
    > "$tmp/t.json" || fail "--threshold exited $?"
n=$(grep -o '"share": [0-9.]*, "lo": [0-9.]*, "hi": [0-9.]*' "$tmp/t.json" |
    awk -F'[:,] *' '$4 <= $2 && $2 <= $6 && $4 >= 0 && $6 <= 1' | wc -l)
[ "$n" -eq 2 ] || fail "threshold shares outside their intervals"

# Errors: exit 1 and a message that says what is wrong.
expect_err() { # want-text args...
    want="$1"; shift
    "$spiral" analyze "$@" > /dev/null 2> "$tmp/err.txt"
    rc=$?
    [ $rc -eq 1 ] || fail "analyze $*: exit $rc, want 1"
    grep -qF -- "$want" "$tmp/err.txt" || { cat "$tmp/err.txt"; fail "analyze $*: no '$want'"; }
}
expect_err "--sobol needs a sobol design" "$tmp/l.db" --sobol
expect_err "--morris needs a morris design" "$tmp/s.db" --morris
expect_err "column 11: expected >, >=, < or <=" "$tmp/s.db" --prim "incidents = 3"
expect_err "column 12: '>' is not a number" "$tmp/s.db" --prim "incidents >> 3"
grep -q '^             \^$' "$tmp/err.txt" || fail "no caret under column 12"
expect_err "column 15: unexpected text" "$tmp/s.db" --threshold "incidents < 3 x"
expect_err "no package 'detterence' (did you mean 'deterrence'?)" \
    "$tmp/s.db" --package detterence
expect_err "no outcome 'major_war10y' (did you mean 'major_war_10y'?)" \
    "$tmp/s.db" --outcome major_war10y
expect_err "no outcome 'incident'" "$tmp/s.db" --regret incident
"$spiral" run "$scn" --runs 2 --threads 2 --db "$tmp/r.db" --quiet \
    > /dev/null || fail "run --db exited $?"
expect_err "holds no sweep" "$tmp/r.db"
"$spiral" run "$scn" --runs 2 --threads 2 --db "$tmp/l.db" --quiet \
    > /dev/null || fail "run --db exited $?"
expect_err "invocation 2 is not a sweep" "$tmp/l.db" --id 2
expect_err "no invocation 7" "$tmp/l.db" --id 7
"$spiral" analyze "$tmp/l.db" > /dev/null || fail "newest sweep, not newest run"
echo "not a database" > "$tmp/x.txt"
expect_err "not an SQLite database" "$tmp/x.txt"

[ "$(cksum < "$tmp/s.db")" = "$sum_before" ] || fail "analyze changed the database"
echo "ok"
