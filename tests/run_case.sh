#!/bin/sh
# run_case.sh SPIRAL CASEFILE - run one CLI case kept as data.
#
# A case file (tests/golden/*.case, tests/malformed/*.case):
#   # comment lines
#   args: check input.yaml --set time.horizon_years=0
#   exit: 1
#   env: SPIRAL_SEED=3          (optional: environment for the command)
#   --- file input.yaml        (any number: written into the case's temp dir;
#                               an empty section makes an empty file)
#   ...file content...
#   --- stdout                 (optional: exact expected stdout)
#   --- stderr                 (optional: exact expected stderr)
#   --- stdout-contains        (optional: each line must appear in stdout)
#   --- stderr-contains        (optional: each line must appear in stderr)
# The command runs in a fresh temp dir; $SRC in args is the project root.
# Every run is also checked for crashes (exit >= 124 or a sanitizer report).
set -u
spiral="$1"; case_file="$2"
SRC=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/_expect"

# Split the case file into its parts.
awk -v dir="$tmp" '
  /^--- file / { out = dir "/" $3; printf "" > out; next }
  /^--- (stdout|stderr|stdout-contains|stderr-contains)$/ { out = dir "/_expect/" $2; printf "" > out; next }
  out == "" && /^args: / { sub(/^args: /, ""); print > (dir "/_expect/args"); next }
  out == "" && /^env: / { sub(/^env: /, ""); print > (dir "/_expect/env"); next }
  out == "" && /^exit: / { sub(/^exit: /, ""); print > (dir "/_expect/exit"); next }
  out == "" { next }
  { print > out }
' "$case_file"

args=$(cat "$tmp/_expect/args")
want_exit=$(cat "$tmp/_expect/exit" 2>/dev/null || echo 0)
cd "$tmp" || exit 2
eval "set -- $args"
envs=$(cat _expect/env 2>/dev/null || true)
eval "env $envs timeout 60 \"\$spiral\" \"\$@\"" > _stdout 2> _stderr < /dev/null
got_exit=$?
fail=0
if [ "$got_exit" != "$want_exit" ]; then
    echo "FAIL exit: got $got_exit, want $want_exit"; fail=1
fi
if [ "$got_exit" -ge 124 ] || grep -q -e 'Sanitizer' -e 'runtime error' _stderr; then
    echo "FAIL crash or sanitizer report"; fail=1
fi
for stream in stdout stderr; do
    if [ -f "_expect/$stream" ] && ! diff -u "_expect/$stream" "_$stream"; then
        echo "FAIL $stream differs (above: - expected, + got)"; fail=1
    fi
    if [ -f "_expect/$stream-contains" ]; then
        while IFS= read -r line; do
            [ -z "$line" ] && continue
            if ! grep -qF -- "$line" "_$stream"; then
                echo "FAIL $stream lacks: $line"; fail=1
            fi
        done < "_expect/$stream-contains"
    fi
done
if [ $fail -ne 0 ]; then
    echo "--- command: spiral $args"; echo "--- stdout:"; head -40 _stdout
    echo "--- stderr:"; cat _stderr
    exit 1
fi
echo "ok: $(basename "$case_file")"
