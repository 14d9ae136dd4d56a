#!/usr/bin/env bash
# Runs every GutSkin test: formatting, lints, the front-end unit tests (Node's test runner),
# the domain and storage tests, the command layer under Tauri's mock runtime, and the
# end-to-end tests that drive the real window (each starts its own Xvfb display and
# tauri-driver, and checks every screen with axe-core; screenshots land in test-artifacts/),
# and the Debian package (scripts/package.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets -- -D warnings
# Node 20 runs no directory on its own: the files are named.
node --test tests/ui/*.test.js
cargo test --locked --workspace
# Last, as it takes longest (a release build): the .deb, unpacked and checked.
scripts/package.sh --test
