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
echo
echo "sweeps (issue 8): a Sobol sweep of the reference against spiral run, both 2 threads, stored"
pk=status-quo,reassurance,deterrence,mix
"$spiral" sweep "$scn" --design sobol --samples 1 --packages $pk --db "$tmp/probe.db" --quiet --json > "$tmp/probe.json"
k=$(sed 's/.*"parameters": \([0-9]*\).*/\1/' "$tmp/probe.json")
for target in 10000 100000; do
    n=$(( (target + 4 * (k + 2) - 1) / (4 * (k + 2)) ))
    set -- $("$build/peakmem" "$spiral" sweep "$scn" --design sobol --samples $n \
             --packages $pk --threads 2 --db "$tmp/sw$target.db" --quiet --json 2>&1 >/dev/null)
    runs=$(( n * (k + 2) * 4 ))
    echo "$1 $runs" > "$tmp/sweep$target"
    awk -v n="$n" -v k="$k" -v r="$runs" -v t="$1" -v kb="$2" 'BEGIN { printf "  sobol, %d base points x %d parameters: %7d runs  %6.1f s  %8.0f runs/s  %7.1f MiB peak\n", n, k, r, t, r / t, kb / 1024 }'
done
set -- $(cat "$tmp/sweep100000")
sw_t=$1 sw_runs=$2
# Two peers: compare at nominal parameters (what `spiral run` does by
# default) and with --sample-params (parameters drawn per replication, the
# same kind of work as a sweep's points: other parameters, other wars).
for peer in nominal sampled; do
    flag=; [ $peer = sampled ] && flag=--sample-params
    set -- $("$build/peakmem" "$spiral" compare "$scn" --packages $pk --runs $(( sw_runs / 4 )) --threads 2 \
             $flag --db "$tmp/cmp$peer.db" --quiet --json 2>&1 >/dev/null)
    awk -v t="$1" -v kb="$2" -v r="$sw_runs" -v st="$sw_t" -v peer="$peer" 'BEGIN { printf "  spiral compare (%s), same %d runs: %6.1f s  %8.0f runs/s  %7.1f MiB peak; sweep / compare %.2f (target >= 0.80)\n", peer, r, t, r / t, kb / 1024, (r / st) / (r / t) }'
done
