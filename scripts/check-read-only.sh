#!/usr/bin/env bash
# Checks under strace that the read-only commands (quote, quote --bills, quote --plan, advise, verify,
# plans) create, write, rename, link or delete no file or folder.
#
# Usage: scripts/check-read-only.sh [path/to/tariffcalc]
#   default .build/debug/tariffcalc of this package, built with `swift build` if missing.
#
# In a folder made with mktemp -d: copies of Tariffs/ and SampleCDRs/, one `bill --out bills/2004-10`
# (bills to quote and verify from) and a copy of them in next/. Then each command runs under
# `strace -f`; a successful call that creates, writes, renames, links or deletes a file or folder
# (open/openat with O_CREAT, O_WRONLY, O_RDWR or O_TRUNC; creat, mkdir*, rename*, unlink*, link*,
# symlink*, truncate) fails the check, naming the command and the call. Exit 0 when every command is
# clean, 1 otherwise. Only the folder this script made is removed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ $# -gt 1 ]; then echo "usage: $0 [path/to/tariffcalc]" >&2; exit 64; fi
if [ $# -eq 1 ]; then
  bin="$1"
  case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
  if [ ! -x "$bin" ]; then echo "check-read-only: no executable at $bin" >&2; exit 1; fi
else
  bin="$root/.build/debug/tariffcalc"
  if [ ! -x "$bin" ]; then (cd "$root" && swift build); fi
fi

if ! command -v strace >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y strace >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y strace >/dev/null; }
fi
if ! strace -f -qq -o /dev/null true 2>/dev/null; then
  echo "check-read-only: strace cannot trace a process here (ptrace not permitted?)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT  # the folder this script made, and only it
mkdir "$work/run" "$work/trace"
cp -R "$root/Tariffs" "$root/SampleCDRs" "$work/run/"
cd "$work/run"
"$bin" bill --out bills/2004-10 >/dev/null
cp -R bills next

# The calls traced. The ones marked ? are absent on some architectures (aarch64): strace skips them there.
calls='?open,openat,openat2,?creat,?mkdir,mkdirat,?rename,renameat,renameat2,?unlink,unlinkat,?link,linkat,?symlink,symlinkat,truncate'

# Prints the calls of one process's trace (strace -ff: one file per process, so no call is split into
# `unfinished` and `resumed` halves) that succeeded and create, write, rename, link or delete.
writes() {
  awk '
    /^\+\+\+|^---|<unfinished|resumed>/ { next }  # exit and signal lines
    {
      name = $0; sub(/\(.*/, "", name)
      result = $0; if (!sub(/.*\) += /, "", result)) next
      if (result ~ /^-1 /) next                     # failed: changed nothing
      if (name ~ /^open(at2?)?$/) {
        args = $0; gsub(/"([^"\\]|\\.)*"/, "\"\"", args)  # flags only, not a path that spells O_CREAT
        if (args ~ /O_CREAT|O_WRONLY|O_RDWR|O_TRUNC/) print
      } else if (name ~ /^(creat|mkdir|mkdirat|rename|renameat|renameat2|unlink|unlinkat|link|linkat|symlink|symlinkat|truncate)$/) {
        print
      }
    }' "$@"
}

failed=0
n=0
check() {
  n=$((n + 1))
  local traces="$work/trace/$n" out="$work/trace/$n.out"
  mkdir "$traces"
  if ! strace -f -ff -qq -s 200 -o "$traces/t" -e trace="$calls" "$bin" "$@" >"$out" 2>&1; then
    echo "FAIL: tariffcalc $* exited with an error:" >&2
    sed 's/^/  /' "$out" >&2
    failed=1
    return
  fi
  # Not vacuous: the trace shows the program opening the data it reads (tariffs, records or bills).
  if ! grep -q -E '^open(at2?)?\(.*"([^"]*/)?(Tariffs|SampleCDRs|bills|next)/.*\) += [0-9]' "$traces"/t.*; then
    echo "FAIL: tariffcalc $*: the trace shows no file of Tariffs/, SampleCDRs/, bills/ or next/ opened" >&2
    failed=1
    return
  fi
  local found
  found=$(writes "$traces"/t.*)
  if [ -n "$found" ]; then
    echo "FAIL: tariffcalc $* creates, writes, renames, links or deletes files:" >&2
    echo "$found" | sed 's/^/  /' >&2
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

if [ "$failed" = 0 ]; then
  echo "the read-only commands create, write, rename, link and delete no file"
fi
exit $failed
