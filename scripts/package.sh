#!/usr/bin/env bash
# Builds GutSkin's Debian package with the Tauri CLI (installed with cargo when missing):
#   scripts/package.sh          target/release/bundle/deb/GutSkin_<version>_<arch>.deb
#   scripts/package.sh --test   that, then checks the package: unpacked with dpkg-deb -x, it
#                               must hold the program in /usr/bin, the desktop entry and the
#                               icons, depend on WebKitGTK 4.1, and the unpacked program must
#                               answer --version. Prints "N passed, N failed"; fails if any did.
# Only a .deb: an AppImage needs linuxdeploy and its plugins, which the Tauri CLI downloads while
# bundling, and an offline machine cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

mode="${1:-build}"
case "$mode" in
  build | --test) ;;
  *)
    echo "usage: scripts/package.sh [--test]" >&2
    exit 2
    ;;
esac

scripts/deps.sh app
if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "dpkg-deb is missing: the package can only be built on Debian or Ubuntu." >&2
  exit 1
fi
if ! cargo tauri --version >/dev/null 2>&1; then
  echo "Installing the Tauri CLI (cargo install tauri-cli)"
  cargo install tauri-cli --locked --version "^2"
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
arch="$(dpkg --print-architecture)"
deb="$root/target/release/bundle/deb/GutSkin_${version}_${arch}.deb"
rm -f "$deb"
(cd src-tauri && cargo tauri build --bundles deb)
if [ ! -f "$deb" ]; then
  echo "the build did not leave $deb" >&2
  exit 1
fi
echo "Built $deb"
echo "Install it with: sudo apt install ./$(basename "$deb")"

[ "$mode" = "--test" ] || exit 0

# ---- the package test ----
passed=0
failed=0
check() {
  local what="$1"
  shift
  if "$@" >/dev/null 2>&1; then
    passed=$((passed + 1))
    echo "ok: $what"
  else
    failed=$((failed + 1))
    echo "FAILED: $what"
  fi
}
png_size_is() { file "$1" | grep -q ", $2 x $2,"; }
has_line() { grep -qxE "$2" "$1"; }
depends_on_webkit() { dpkg-deb -f "$deb" Depends | grep -qE '(^|, )libwebkit2gtk-4\.1-0( |,|$)'; }
version_is() { [ "$(env -u DISPLAY -u WAYLAND_DISPLAY "$1" --version)" = "gutskin $version" ]; }

unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"

bin="$unpacked/usr/bin/gutskin"
desktop="$unpacked/usr/share/applications/GutSkin.desktop"
icons="$unpacked/usr/share/icons/hicolor"

check "the program is /usr/bin/gutskin" test -x "$bin"
check "the desktop entry is there" test -f "$desktop"
check "the entry is named GutSkin" has_line "$desktop" 'Name=GutSkin'
check "the entry has a one-line comment" has_line "$desktop" 'Comment=.{10,}'
check "the entry's categories: Science (the main one) and MedicalSoftware" \
  has_line "$desktop" 'Categories=(.*;)?Science;(.*;)?MedicalSoftware;?(.*)'
check "the entry starts the program" has_line "$desktop" 'Exec=gutskin'
check "the entry has the icon" has_line "$desktop" 'Icon=gutskin'
for size in 32 128 256; do
  icon="$icons/${size}x${size}/apps/gutskin.png"
  check "a ${size} px icon in hicolor" png_size_is "$icon" "$size"
done
if command -v desktop-file-validate >/dev/null 2>&1; then
  check "desktop-file-validate accepts the entry" desktop-file-validate "$desktop"
fi
check "the package depends on WebKitGTK 4.1" depends_on_webkit
check "the unpacked program answers --version with gutskin $version" version_is "$bin"

echo "package test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
