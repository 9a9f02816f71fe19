#!/bin/sh
# bench/run.sh BUILD_DIR - run every benchmark (make bench).
# Each prints its figures beside a peer measured in the same run.
set -eu
build="$1"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ)"
"$build/bench_load" scenarios/northeast-asia-2024.yaml 30
