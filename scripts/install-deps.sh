#!/bin/sh
# install-deps.sh: the one place that names the Debian packages spiral needs.
#
# Idempotent: checks each package with dpkg-query and installs only what is
# missing, running `apt-get update` first only when something must be
# installed. Run as root (make demo and make test call it).
#
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --check  list what is missing, install nothing
set -eu

PACKAGES="
build-essential
cmake
pkg-config
libyaml-dev
libsqlite3-dev
librandom123-dev
libgsl-dev
zlib1g-dev
libcmocka-dev
sqlite3
python3
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    [ "${1:-}" = "--check" ] && echo "install-deps: nothing missing"
    exit 0
fi

if [ "${1:-}" = "--check" ]; then
    echo "install-deps: missing:$missing"
    exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages:$missing" >&2
    echo "install-deps: run as root (or: sudo $0)" >&2
    exit 1
fi

echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
