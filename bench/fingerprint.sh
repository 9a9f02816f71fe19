#!/bin/sh
# bench/fingerprint.sh BUILD_DIR [RUNS] - one checksum of everything the
# model computes: every package of the reference, at nominal and sampled
# parameters, each run's outcomes (export csv, full precision) and its
# legal-ledger rows (--series). A speed change that claims to leave the
# numbers alone must leave this line unchanged; print it before and after.
set -eu
build="$1"; runs="${2:-300}"
spiral="$build/spiral"
scn=scenarios/northeast-asia-2024.yaml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for pkg in status-quo reassurance deterrence mix; do
    for flag in "" --sample-params; do
        db="$tmp/$pkg$flag.db"
        "$spiral" run "$scn" --package $pkg --runs "$runs" --threads 2 $flag \
            --series --db "$db" --quiet >/dev/null
        "$spiral" export "$db" --format csv -o "$tmp/out.csv"
        cat "$tmp/out.csv"
        sqlite3 "$db" "SELECT r.replication, l.seq, l.month, l.rule, l.act,
                       l.actor, l.other, l.size FROM ledger_rows l
                       JOIN runs r ON r.id = l.run
                       ORDER BY r.replication, l.seq"
    done
done | md5sum | cut -d' ' -f1
