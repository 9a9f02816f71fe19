#!/bin/sh
# check_ledger_cli.sh SPIRAL SRC - the ledger end to end through the real
# program and a real SQLite file: run with --series, then `spiral ledger`
# with and without filters, JSON, and bad filters. Exits non-zero with a
# message on the first failed check.
set -u
spiral="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db="$tmp/l.db"
fail() { echo "FAIL: $*"; exit 1; }

"$spiral" run "$src/scenarios/northeast-asia-2024.yaml" --runs 4 --seed 3 \
    --threads 2 --db "$db" --series --quiet > "$tmp/run.txt" \
    || fail "run --series exited $?"
"$spiral" ledger "$db" > "$tmp/all.txt" || fail "ledger exited $?"
grep -q '^status-quo *unscr_1718 *transfer:artillery *PRK *100.0%' "$tmp/all.txt" \
    || fail "no unscr_1718 artillery line for PRK in every run"
grep -q '^status-quo *unscr_1718 *transfer:artillery *RUS *100.0%' "$tmp/all.txt" \
    || fail "the buyer (RUS) is not in the ledger"
grep -q 'violations (--series)' "$tmp/all.txt" || fail "no rows listed"

"$spiral" ledger "$db" --actor UKR --rule distinction > "$tmp/ukr.txt" \
    || fail "filtered ledger exited $?"
if grep -q ' PRK  *[0-9.]*%' "$tmp/ukr.txt"; then fail "--actor UKR shows PRK"; fi
if grep -q 'proportionality  *attack' "$tmp/ukr.txt"; then
    fail "--rule distinction shows proportionality"
fi

"$spiral" ledger "$db" --json --rule unscr_1718 > "$tmp/l.json" \
    || fail "ledger --json exited $?"
grep -q '"series": true' "$tmp/l.json" || fail "JSON lacks series: true"
grep -q '"rule": "unscr_1718"' "$tmp/l.json" || fail "JSON lacks the rule"
if grep -q '"rule": "distinction"' "$tmp/l.json"; then
    fail "JSON --rule filter leaks other rules"
fi

"$spiral" ledger "$db" --rule humanty 2> "$tmp/err.txt"
[ $? -eq 1 ] || fail "unknown rule: want exit 1"
grep -q "did you mean 'humanity'" "$tmp/err.txt" || fail "no did-you-mean"
"$spiral" ledger "$db" --id 9 2> "$tmp/err.txt"
[ $? -eq 1 ] || fail "unknown id: want exit 1"
grep -q 'no invocation 9' "$tmp/err.txt" || fail "unknown id message"
echo "ok"
