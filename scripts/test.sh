#!/usr/bin/env bash
# Installs what is missing, builds w2v and runs the whole test suite (GoogleTest and the gensim
# comparisons), then builds and runs the suite again under ASan and UBSan. Tests that need the
# shared corpus or evaluation sets skip when they are absent. Point W2V_SHARED_DATA at the
# directory holding corpus/ and eval/ to run them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
W2V_BUILD_DIR=${W2V_BUILD_DIR:-build} scripts/build.sh
ctest --test-dir "${W2V_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, built in build-asan/.
# Set W2V_SKIP_SANITIZE=1 to skip this stage.
if [ "${W2V_SKIP_SANITIZE:-0}" != 1 ]; then
  scripts/sanitize.sh asan
fi
