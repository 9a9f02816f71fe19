#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check_data.sh DATA_DIR
# Checks DATA_DIR against the `| file | sha256 |` table of DATA_DIR/MANIFEST.md:
# every listed file exists and has the listed sha256, and every *.csv in
# DATA_DIR is listed. Prints "N files match MANIFEST" and exits 0 on success;
# names each problem and exits 1 otherwise.
set -u

dir=${1:-}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "usage: check_data.sh DATA_DIR" >&2
    exit 2
fi
manifest="$dir/MANIFEST.md"
if [ ! -f "$manifest" ]; then
    echo "check_data: $manifest: not found"
    exit 1
fi

if command -v sha256sum >/dev/null 2>&1; then
    sha() { sha256sum "$1" | awk '{print $1}'; }
elif command -v shasum >/dev/null 2>&1; then
    sha() { shasum -a 256 "$1" | awk '{print $1}'; }
else
    echo "check_data: neither sha256sum nor shasum found"
    exit 1
fi

# The table: a header row "| file | sha256 |", a separator row, then rows
# "| name | 64 hex digits |" up to the first line that is not a table row.
# Output: "name hash" per row, or "!bad <line>" for a malformed row.
table=$(awk '
    function trim(s) { gsub(/^[ \t`]+|[ \t`]+$/, "", s); return s }
    state == 0 && /^\|[ \t]*file[ \t]*\|[ \t]*sha256[ \t]*\|[ \t]*$/ { state = 1; next }
    state == 1 { if ($0 ~ /^\|[- :|]+\|[ \t]*$/) { state = 2; next } else { print "!bad " $0; exit } }
    state == 2 {
        if ($0 !~ /^\|/) exit
        n = split($0, f, "|")
        name = trim(f[2]); hash = tolower(trim(f[3]))
        if (n != 4 || name == "" || name ~ /[ \t]/ || hash !~ /^[0-9a-f]+$/ || length(hash) != 64)
            print "!bad " $0
        else
            print name, hash
    }
' "$manifest")

if [ -z "$table" ]; then
    echo "check_data: $manifest: no '| file | sha256 |' table (or it is empty)"
    exit 1
fi

fail=0
count=0
listed=""
# Read from a here-document so the loop runs in this shell (fail, count).
while read -r name hash; do
    case "$name" in
    '!bad') echo "check_data: $manifest: malformed table row: $hash"; fail=1; continue ;;
    esac
    if printf '%s\n' "$listed" | grep -Fxq -- "$name"; then
        echo "check_data: $name: listed twice in MANIFEST.md"; fail=1; continue
    fi
    listed="$listed
$name"
    count=$((count + 1))
    if [ ! -f "$dir/$name" ]; then
        echo "check_data: $name: missing (MANIFEST.md sha256 $hash)"
        fail=1
        continue
    fi
    actual=$(sha "$dir/$name")
    if [ "$actual" != "$hash" ]; then
        echo "check_data: $name: sha256 mismatch: MANIFEST.md $hash, file $actual"
        fail=1
    fi
done <<EOT
$table
EOT

for path in "$dir"/*.csv; do
    [ -e "$path" ] || continue
    base=${path##*/}
    if ! printf '%s\n' "$listed" | grep -Fxq -- "$base"; then
        echo "check_data: $base: not listed in MANIFEST.md"
        fail=1
    fi
done

if [ "$fail" -ne 0 ]; then
    exit 1
fi
echo "$count files match MANIFEST"
