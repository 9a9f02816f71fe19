#!/bin/sh
# check_global_south.sh SRC - the reference scenario's Global South start
# (parameters.global_south.west / .east) is what the shipped data gives
# by the documented rule (scripts/global-south-shares.sh).
set -eu
src="$1"
out=$(sh "$src/scripts/global-south-shares.sh" "$src/data")
for k in west east; do
    want=$(printf '%s\n' "$out" | awk -v k="$k" '$1 == k { print $2 }')
    grep -q "^    $k: {value: $want," "$src/scenarios/northeast-asia-2024.yaml" || {
        echo "FAIL: $k share: the data give $want; the scenario says otherwise"
        exit 1
    }
done
echo "ok: $out" | tr '\n' ' '; echo
