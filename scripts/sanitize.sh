#!/usr/bin/env bash
# Runs the tests that exercise the library and the batch/corpus workers under a sanitizer. Not part of CI.
#
#   ./scripts/sanitize.sh address     AddressSanitizer (and LeakSanitizer), build in .build-asan
#   ./scripts/sanitize.sh thread      ThreadSanitizer, build in .build-tsan
#   ./scripts/sanitize.sh thread --filter DecodeStreamTests     other swift test flags replace the default filter
#
# Everything is built with the sanitizer, `tok` too, so the tests that run `tok encode` over a corpus check its
# worker threads as well (a report makes `tok` fail, and the test with it). Suppressions for reports that are
# not the library's own are in scripts/sanitizers/ (none are needed so far). Needs what scripts/test.sh installs
# (python3 with numpy for the corpus tests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kind=${1:-}
shift || true
case $kind in
address) scratch=.build-asan ;;
thread) scratch=.build-tsan ;;
*) echo "usage: scripts/sanitize.sh address|thread [swift test flags…]" >&2; exit 64 ;;
esac

# The suites of the library, its batch encoding and trainers, and the corpus workers of `tok encode`; the
# conformance and golden suites (reference libraries, minutes of work) are left to scripts/test.sh.
suites='ComponentTests|ModelTests|NormalizerTests|EncodingAPITests|FastPathTests|DecodeStreamTests|GenerationDecodingTests'
suites+='|OffsetRangesTests|LocalizedErrorTests|ChatTemplateTests|TrainerTests|UnigramTrainerTests|SavingRoundTripTests'
suites+='|CorpusEncodingTests|CLIEncodingOptionsTests|FuzzRegressionTests'
if [ $# -eq 0 ]; then set -- --filter "$suites"; fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:suppressions=$root/scripts/sanitizers/tsan.supp}
# Release (-O, bounds and overflow checks kept) by default: the trainer and corpus suites take many times
# longer in a debug build under a sanitizer. SANITIZE_CONFIGURATION=debug builds without optimisation.
configuration=${SANITIZE_CONFIGURATION:-release}
started=$SECONDS
echo "== swift test -c $configuration --sanitize=$kind ($scratch) $*"
swift test -c "$configuration" --sanitize="$kind" --scratch-path "$scratch" "$@"
echo "== $kind sanitizer run done in $((SECONDS - started)) s"
