#!/usr/bin/env bash
# The seeded fuzz tests under AddressSanitizer: FuzzTests (the CDR files), InputFuzzTests (the
# subscribers file, the tariff folder, bills.jsonl for verify) and LineReaderTests. The tests and the
# tariffcalc executable they run are both built with -sanitize=address, apart from the normal build,
# in .build-asan/.
#
# Not part of CI (.ci/run): on two cores it takes 4 to 5 minutes from nothing (a minute to build, the
# rest testing), about as long again as CI itself.
# Any report of AddressSanitizer, in the test process or in a run of the executable, fails the run, and
# so does any leak but the toolchain's own (asan-fuzz.supp).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scratch=.build-asan
flags=(--scratch-path "$scratch" -Xswiftc -sanitize=address)

echo "== swift build --build-tests ${flags[*]}"
# Less the linker's hundreds of warnings about the ASan runtime's local symbols.
swift build --build-tests "${flags[@]}" 2>&1 | { grep -v "warning: Cannot export local symbol '__asan_" || true; }

# The tests run the executable beside their bundle (Support/BinaryRunner.swift), or $TARIFFCALC_BIN:
# name the ASan build's, so that a TARIFFCALC_BIN from the caller cannot put an unchecked one in its place.
bin="$(swift build --show-bin-path "${flags[@]}")"
export TARIFFCALC_BIN="$bin/tariffcalc"
for f in "$TARIFFCALC_BIN" "$bin"/tariffcalcPackageTests.xctest; do
  if ! grep -q __asan_init "$f"; then
    echo "$f is not built with AddressSanitizer" >&2
    exit 1
  fi
done

# An ASan report in a run of the executable exits 99, never 1 or 2, which the tests would take for an
# answer; it also writes to standard error, which the tests check line by line.
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=99:abort_on_error=0:halt_on_error=1}"
# Leaks are reported too, less those of the toolchain's libraries listed in asan-fuzz.supp.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/scripts/asan-fuzz.supp:print_suppressions=0}"

echo "== swift test ${flags[*]} --filter 'FuzzTests|InputFuzzTests|LineReaderTests'"
swift test --skip-build "${flags[@]}" --filter 'FuzzTests|InputFuzzTests|LineReaderTests'
