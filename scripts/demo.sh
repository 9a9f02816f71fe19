#!/bin/sh
# demo.sh SPIRAL SCENARIO - what `make demo` runs after the build.
# For now: check the reference scenario and print its resolved model.
set -eu
spiral="$1"; scenario="$2"
"$spiral" --version
"$spiral" check "$scenario"
