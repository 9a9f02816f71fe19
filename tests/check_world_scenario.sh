#!/bin/sh
# check_world_scenario.sh SPIRAL SRC - scenarios/world-2024.yaml is what
# `spiral build-scenario` makes from the shipped data today (the command
# in its header), and it loads and runs.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
spiral="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Built under the same relative name, since the header quotes the command.
mkdir "$tmp/scenarios"
ln -s "$src/data" "$tmp/data"
(cd "$tmp" && "$spiral" build-scenario --year 2024 --states un \
    -o scenarios/world-2024.yaml) ||
    fail "build-scenario exited $?"
cd "$src" || fail "no source dir"
cmp -s "$tmp/scenarios/world-2024.yaml" scenarios/world-2024.yaml ||
    fail "scenarios/world-2024.yaml is stale: rebuild it with the command in its header"
"$spiral" check scenarios/world-2024.yaml > "$tmp/check.txt" || fail "check exited $?"
grep -q "^actors (193)" "$tmp/check.txt" || fail "not 193 actors: $(grep '^actors' "$tmp/check.txt")"
"$spiral" run scenarios/world-2024.yaml --runs 2 --quiet > /dev/null || fail "run exited $?"
echo "ok: world-2024.yaml current, 193 actors, runs"
