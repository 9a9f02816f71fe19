#!/bin/sh
# Fails if the shared library exports any symbol without the sp_ prefix.
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/ {print $3}' | grep -v '^sp_' || true)
n=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/' | grep -c ' sp_' || true)
if [ -n "$bad" ]; then
    echo "exported symbols without the sp_ prefix:"; echo "$bad"; exit 1
fi
if [ "$n" -lt 10 ]; then echo "only $n sp_ symbols exported: is visibility wrong?"; exit 1; fi
echo "exports: $n sp_ symbols, none other"
