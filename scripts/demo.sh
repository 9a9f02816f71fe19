#!/bin/sh
# demo.sh SPIRAL SCENARIO - what `make demo` runs after the build:
# compare the four packages of the reference scenario (10,000 runs each,
# common random numbers), store the runs in demo.db, write report.html,
# and answer the five questions of the seed facts (2,000 runs per
# configuration) into questions.txt.
set -eu
spiral="$1"; scenario="$2"
"$spiral" --version
"$spiral" check "$scenario" > /dev/null
rm -f demo.db demo.db-wal demo.db-shm
"$spiral" compare "$scenario" --runs 10000 --db demo.db
"$spiral" report demo.db -o report.html
echo
"$spiral" questions "$scenario" --runs 2000 --quiet > questions.txt
cat questions.txt
echo
echo "results: $(pwd)/demo.db   (spiral ls demo.db)"
echo "report:  $(pwd)/report.html"
echo "answers: $(pwd)/questions.txt   (spiral questions --help)"
