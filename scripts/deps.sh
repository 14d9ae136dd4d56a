#!/usr/bin/env bash
# Installs what GutSkin needs on Debian/Ubuntu, skipping whatever is already there.
#   scripts/deps.sh app    what building and running the app needs
#   scripts/deps.sh test   that, plus what the tests need: Xvfb, WebKitWebDriver, tauri-driver,
#                          poppler-utils (reading the report PDF back), Node (the front-end
#                          unit tests) and, from package-lock.json, the
#                          test-only npm packages (axe-core, the accessibility checker)
set -euo pipefail

mode="${1:-app}"

# libayatana-appindicator3-dev: the tray icon (GutSkin stays there to send reminders).
packages=(build-essential pkg-config file libwebkit2gtk-4.1-dev libssl-dev libxdo-dev librsvg2-dev
  libayatana-appindicator3-dev)
if [ "$mode" = "test" ]; then
  # desktop-file-utils: the package test validates the .deb's desktop entry; poppler-utils: the
  # report tests read the PDF back.
  packages+=(webkit2gtk-driver xvfb dbus dbus-x11 sqlite3 desktop-file-utils poppler-utils)
  # Node from the system only when there is none (a newer one from elsewhere is fine).
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed. Install a current stable toolchain with rustup, then run this again." >&2
  exit 1
fi

if [ "$mode" = "test" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "Installing tauri-driver"
  cargo install tauri-driver --locked
fi

# The test-only npm packages, exactly as locked, whenever they are missing or the lock changed.
if [ "$mode" = "test" ]; then
  root="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -f "$root/node_modules/axe-core/axe.min.js" ] \
    || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "Installing the test-only npm packages (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
fi
