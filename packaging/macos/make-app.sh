#!/bin/sh
# Makes packaging/out/OneMap.app on macOS (untested here: written for macOS, where iconutil exists).
#   cargo build --release && packaging/macos/make-app.sh
# A double-clicked .gpkg opens in OneMap (CFBundleDocumentTypes). Unsigned: Gatekeeper asks once;
# sign and notarise with your Developer ID (codesign, notarytool) before handing it out.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n 1)
app="$repo/packaging/out/OneMap.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
install -m 0755 "${CARGO_TARGET_DIR:-$repo/target}/release/onemap" "$app/Contents/MacOS/onemap"
sed "s/VERSION/$version/g" "$here/Info.plist" > "$app/Contents/Info.plist"
iconset="$repo/packaging/out/onemap.iconset"
rm -rf "$iconset" && mkdir -p "$iconset"
for s in 16 32 128 256 512; do
    cp "$repo/packaging/icons/onemap-$s.png" "$iconset/icon_${s}x${s}.png"
done
cp "$repo/packaging/icons/onemap-32.png" "$iconset/icon_16x16@2x.png"
cp "$repo/packaging/icons/onemap-64.png" "$iconset/icon_32x32@2x.png"
cp "$repo/packaging/icons/onemap-256.png" "$iconset/icon_128x128@2x.png"
cp "$repo/packaging/icons/onemap-512.png" "$iconset/icon_256x256@2x.png"
iconutil -c icns -o "$app/Contents/Resources/onemap.icns" "$iconset"
rm -rf "$iconset"
echo "$app"
