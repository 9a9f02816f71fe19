#!/bin/sh
# bench/run.sh BUILD_DIR - every benchmark (make bench). Each figure is
# printed beside a peer measured in the same run, so machine noise shows
# in both; nothing here is asserted.
set -eu
build="$1"
spiral="$build/spiral"
scn=scenarios/northeast-asia-2024.yaml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), spiral $("$spiral" --version | cut -d' ' -f2-)"
echo
"$build/bench_load" "$scn" 30
echo
echo "runs of the reference scenario (package status-quo, all mechanisms on)"
"$build/bench_runs" "$scn" 0 5000
for t in 1 2; do
    set -- $("$build/peakmem" "$spiral" run "$scn" --runs 20000 --threads $t \
             --db "$tmp/t$t.db" --quiet --json 2>&1 >/dev/null)
    echo "$1 $t" > "$tmp/time$t"
    awk -v t="$1" -v th="$t" 'BEGIN { printf "  spiral run, stored, %d thread%s      %8.0f runs/s   (%.0f per core)\n", th, (th > 1 ? "s" : " "), 20000 / t, 20000 / t / th }'
done
awk -v a="$(cut -d' ' -f1 "$tmp/time1")" -v b="$(cut -d' ' -f1 "$tmp/time2")" \
    'BEGIN { printf "  2-thread speed-up                 %8.2fx\n", a / b }'
echo
echo "peak memory (spiral run, 2 threads, stored): it should not grow with the run count"
for n in 1000 100000; do
    set -- $("$build/peakmem" "$spiral" run "$scn" --runs $n --threads 2 \
             --db "$tmp/m$n.db" --quiet --json 2>&1 >/dev/null)
    awk -v n="$n" -v t="$1" -v kb="$2" 'BEGIN { printf "  %7d runs   %7.1f MiB peak   %6.1f s\n", n, kb / 1024, t }'
done
