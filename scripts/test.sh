#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (ICU headers, the reference `tokenizers`
# package for the conformance test), then `swift test -c release`, which builds the library, the tests and the
# `tok` that the CLI and conformance tests run, all optimized (with testable imports): the tests ran 31 minutes
# in a debug build on this 2-core machine and 11 in release, which keeps CI under its 30 minutes.
#
#   ./scripts/test.sh                 build into .build (as CI does)
#   TOKENIZERKIT_SCRATCH=.build-x ./scripts/test.sh   another build directory
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${TOKENIZERKIT_SCRATCH:-.build}
reference_version=0.23.3
tiktoken_version=0.14.0
mistral_common_version=1.13.1
sentencepiece_version=0.2.3
transformers_version=5.25.0
started=$SECONDS

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then as_root apt-get update -q; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# ICU headers and libraries for the CICU target.
if [ ! -e /usr/include/unicode/uregex.h ]; then
    echo "== installing libicu-dev"
    apt_install libicu-dev
fi
# zlib headers for the CZlib target (gzip inputs of tok encode).
if [ ! -e /usr/include/zlib.h ]; then
    echo "== installing zlib1g-dev"
    apt_install zlib1g-dev
fi

if ! command -v python3 >/dev/null; then
    echo "== installing python3"
    apt_install python3 python3-pip
fi

# pip_install MODULE PACKAGE [VERSION]: installs PACKAGE (at VERSION) unless python3 imports MODULE (at VERSION).
pip_install() {
    local module=$1 package=$2 version=${3:-} spec=$2
    if [ -n "$version" ]; then
        spec="$package==$version"
        python3 -c "import sys, $module; sys.exit($module.__version__ != '$version')" 2>/dev/null && return 0
    else
        python3 -c "import $module" 2>/dev/null && return 0
    fi
    echo "== installing $spec"
    if ! python3 -m pip --version >/dev/null 2>&1; then apt_install python3-pip; fi
    # Debian's own python3 refuses pip installs outside a virtual environment unless told otherwise.
    python3 -m pip install --quiet "$spec" || python3 -m pip install --quiet --break-system-packages "$spec"
}

# The reference library, for ConformanceTests (shared/tools/conformance.py).
pip_install tokenizers tokenizers "$reference_version"
# tiktoken (and mistral_common, for tekken.json), for TiktokenFormatTests (scripts/tiktoken_conformance.py).
pip_install tiktoken tiktoken "$tiktoken_version"
pip_install mistral_common mistral-common "$mistral_common_version"
# sentencepiece, for SentencePieceTests (scripts/sentencepiece_conformance.py).
pip_install sentencepiece sentencepiece "$sentencepiece_version"
# transformers (without torch), for VocabularyFileTests (scripts/vocabulary_file_conformance.py): the
# reference for vocab.txt and vocab.json + merges.txt.
pip_install transformers transformers "$transformers_version"
# numpy reads tok's binary outputs back in the CLI tests.
pip_install numpy numpy

echo "== swift test -c release ($scratch)"
swift test -c release --scratch-path "$scratch"
echo "== all tests done in $((SECONDS - started)) s"
