#!/usr/bin/env bash
# The load generator (wrk) and PostgreSQL 15 server for `make bench` / `make loadtest`, from
# Debian, when run as root and missing. Without them the bench uses a bounded Python load
# generator and SQLite, and says so in its table; this script never fails the target.
set -u
want=()
command -v wrk >/dev/null || want+=(wrk)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || want+=(postgresql-15)
[[ ${#want[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
    echo "not root: ${want[*]} not installed (the bench falls back to Python load and SQLite)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_install() { apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null; }
apt_install || { apt-get update -q >/dev/null && apt_install; } \
    || echo "could not install ${want[*]}: the bench falls back to Python load and SQLite"
exit 0
