#!/bin/sh
# demo.sh SPIRAL SCENARIO - what `make demo` runs after the build:
# compare the four packages of the reference scenario (10,000 runs each,
# common random numbers), store the runs in demo.db and write report.html.
set -eu
spiral="$1"; scenario="$2"
"$spiral" --version
"$spiral" check "$scenario" > /dev/null
rm -f demo.db demo.db-wal demo.db-shm
"$spiral" compare "$scenario" --runs 10000 --db demo.db
"$spiral" report demo.db -o report.html
echo
echo "results: $(pwd)/demo.db   (spiral ls demo.db)"
echo "report:  $(pwd)/report.html"
