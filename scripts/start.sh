#!/usr/bin/env bash
# Builds GutSkin (release) and starts it. Extra arguments go to the app, e.g. --db PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh app
exec cargo run --release --locked -p gutskin -- "$@"
