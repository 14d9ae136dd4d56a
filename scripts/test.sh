#!/usr/bin/env bash
# Runs every GutSkin test: formatting, lints, the domain and storage tests, the command layer
# under Tauri's mock runtime, and the end-to-end tests that drive the real window (each starts
# its own Xvfb display and tauri-driver; screenshots land in test-artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo test --locked --workspace
