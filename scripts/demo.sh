#!/bin/sh
# demo.sh SPIRAL SCENARIO - what `make demo` runs after the build:
# compare the four packages of the reference scenario (10,000 runs each,
# common random numbers), store the runs in demo.db, answer the five
# questions of the seed facts (2,000 runs per configuration; question 5
# also by a 200-point sweep, --decisive) into
# questions.txt and demo.db, and write report.html, which shows both.
set -eu
spiral="$1"; scenario="$2"
"$spiral" --version
"$spiral" check "$scenario" > /dev/null
rm -f demo.db demo.db-wal demo.db-shm
"$spiral" compare "$scenario" --runs 10000 --db demo.db
"$spiral" questions "$scenario" --runs 2000 --decisive --quiet --db demo.db \
    > questions.txt
"$spiral" report demo.db -o report.html
echo
cat questions.txt
echo
echo "results: $(pwd)/demo.db   (spiral ls demo.db)"
echo "report:  $(pwd)/report.html"
echo "answers: $(pwd)/questions.txt   (spiral questions --help)"
