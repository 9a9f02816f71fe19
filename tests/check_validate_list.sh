#!/bin/sh
# check_validate_list.sh SPIRAL DATA CASE... - the validation cases ctest
# names (tests/CMakeLists.txt) are exactly the cases `spiral validate`
# runs, each once.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
spiral=$1 data=$2
shift 2
tmp=${TMPDIR:-/tmp}/spiral-vlist.$$
trap 'rm -f "$tmp".*' EXIT
printf '%s\n' "$@" | sort > "$tmp.ctest"
"$spiral" validate --data "$data" --json | sed -n 's/^  {"case": "\([a-z0-9_]*\)".*/\1/p' | sort > "$tmp.code" || true
if ! cmp -s "$tmp.ctest" "$tmp.code"; then
    echo "validation cases differ (< ctest list, > spiral validate):" >&2
    diff "$tmp.ctest" "$tmp.code" >&2 || true
    exit 1
fi
echo "ok: $(wc -l < "$tmp.code") cases"
