#!/bin/sh
# gen-scenario-doc.sh SPIRAL - regenerate the reference part of
# docs/SCENARIO.md from the parameter tables (test_scenario checks it).
set -eu
spiral="$1"; doc=docs/SCENARIO.md
head=$(grep -n '^## Reference (generated' "$doc" | cut -d: -f1)
tmp=$(mktemp)
head -n $((head - 1)) "$doc" > "$tmp"
"$spiral" params --markdown >> "$tmp"
mv "$tmp" "$doc"
