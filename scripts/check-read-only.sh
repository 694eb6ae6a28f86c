#!/usr/bin/env bash
# Checks under strace that the read-only commands (quote, quote --bills, quote --plan, advise, verify,
# plans) create, write, rename, link or delete no file or folder.
# Usage: scripts/check-read-only.sh [path/to/tariffcalc]   (default .build/debug/tariffcalc, built if missing)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/.build/debug/tariffcalc}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
if [ ! -x "$bin" ]; then (cd "$root" && swift build); fi
if ! command -v strace >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y strace >/dev/null; else sudo apt-get install -y strace >/dev/null; fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT  # the folder this script made, and only it
cp -r "$root/Tariffs" "$root/SampleCDRs" "$work/"
cd "$work"
"$bin" bill --out bills/2004-10 >/dev/null
cp -r bills next

failed=0
check() {
  local trace="$work/trace.txt"
  if ! strace -f -qq -o "$trace" -e trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,link,linkat,symlink,symlinkat,truncate,ftruncate \
    "$bin" "$@" >/dev/null 2>&1; then
    echo "FAIL: tariffcalc $* exited with an error" >&2
    failed=1
    return
  fi
  # A write: a successful open with O_CREAT, O_WRONLY, O_RDWR or O_TRUNC, or any successful call of the others.
  local writes
  writes=$(grep -v -E ' = -1 ' "$trace" | grep -E 'O_CREAT|O_WRONLY|O_RDWR|O_TRUNC|mkdir|rename|unlink|link\(|linkat|symlink|creat\(|truncate' || true)
  if [ -n "$writes" ]; then
    echo "FAIL: tariffcalc $* writes:" >&2
    echo "$writes" >&2
    failed=1
  else
    echo "ok: tariffcalc $*"
  fi
}

check quote 13871000004 --as-of 2004-10-21
check quote 13871000004 --bills bills/2004-10/bills.jsonl
check advise 13871000006
check quote --plan mzone-youth --usage mo=100,mo-night=60,mt-night=30,ip=10,sms=50,sms-off=10 --month 2004-10
check verify bills/2004-10/bills.jsonl next/2004-10/bills.jsonl
check plans
check plans huanghe --on 2004-05-03
exit $failed
