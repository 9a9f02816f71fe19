#!/bin/sh
# check_calibrate.sh SPIRAL SOURCE_DIR - `spiral calibrate` against the
# values in use: every number the reference scenario takes from data lies
# inside the 95% interval the shipped data gives it (a change to the data,
# the fits or the scenario that breaks this fails here).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
spiral=$1 src=$2
out=$("$spiral" calibrate --data "$src/data" --json)
echo "$out" | grep -q '"name": "escalation.p_war"' || {
    echo "calibrate --json lacks escalation.p_war" >&2; exit 1; }
echo "$out" | awk '
/"name":/ {
    name = $0; sub(/.*"name": "/, "", name); sub(/".*/, "", name)
    v = field("value"); lo = field("lo"); hi = field("hi"); use = field("in_use")
    if (lo == "null" || use == "null") next
    checked++
    if (use + 0 < lo + 0 || use + 0 > hi + 0) {
        printf "%s: in use %s outside the fitted 95%% interval [%s, %s] (fit %s)\n", name, use, lo, hi, v
        bad++
    }
}
function field(k,   s) {
    s = $0; if (!sub(".*\"" k "\": ", "", s)) return "null"
    sub(/[,}].*/, "", s); return s
}
END {
    if (checked < 6) { print "only " checked " rows checked"; exit 1 }
    if (bad) exit 1
    print "ok: " checked " values in use inside their fitted intervals"
}'
