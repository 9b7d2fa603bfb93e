#!/bin/sh
# Builds the Debian package of OneMap offline: packaging/out/onemap_<version>-1_<arch>.deb
#
#   packaging/build-deb.sh            # release build, then the package
#   ONEMAP_BIN=path/to/onemap packaging/build-deb.sh   # package an already built binary
#
# Needs only cargo, dpkg-deb and gzip (cargo-deb is not in the offline registry; this script lays
# out the same files). Honours CARGO_TARGET_DIR. The package installs:
#   /usr/bin/onemap                                   the program (demo data and font embedded)
#   /usr/share/applications/onemap.desktop            menu entry, Chinese and English names
#   /usr/share/mime/packages/onemap.xml               *.gpkg → application/geopackage+sqlite3
#   /usr/share/icons/hicolor/{16..512}/apps/onemap.png, scalable/apps/onemap.svg
#   /usr/share/man/man1/onemap.1.gz                   the manual page
#   /usr/share/doc/onemap/copyright                   licences of OneMap, the font and the data
# The desktop, MIME and icon caches are refreshed by the dpkg triggers of desktop-file-utils,
# shared-mime-info and hicolor-icon-theme, so the package needs no maintainer scripts.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out="$here/out"
cd "$repo"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "build-deb: no version in Cargo.toml" >&2; exit 1; }
arch=$(dpkg --print-architecture)
revision=1
name="onemap_${version}-${revision}_${arch}"

if [ -z "${ONEMAP_BIN:-}" ]; then
    cargo build --release --locked --bin onemap
    ONEMAP_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/onemap"
fi
[ -x "$ONEMAP_BIN" ] || { echo "build-deb: $ONEMAP_BIN is not an executable" >&2; exit 1; }

root="$out/$name"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/mime/packages" \
    "$root/usr/share/man/man1" "$root/usr/share/doc/onemap" "$root/usr/share/icons/hicolor/scalable/apps"

# Copy the binary at once: a shared CARGO_TARGET_DIR may be rebuilt by someone else.
install -m 0755 "$ONEMAP_BIN" "$root/usr/bin/onemap"
commit=$(git rev-parse --short=10 HEAD 2>/dev/null || echo "")
if [ -n "$commit" ] && [ -z "${ONEMAP_BIN_ANY:-}" ] && ! "$root/usr/bin/onemap" --version | grep -q "$commit"; then
    echo "build-deb: $ONEMAP_BIN reports \"$("$root/usr/bin/onemap" --version)\", not commit $commit" >&2
    echo "           (rebuild, or set ONEMAP_BIN_ANY=1 to package it anyway)" >&2
    exit 1
fi

install -m 0644 packaging/onemap.desktop "$root/usr/share/applications/onemap.desktop"
install -m 0644 packaging/onemap-mime.xml "$root/usr/share/mime/packages/onemap.xml"
install -m 0644 packaging/icons/onemap.svg "$root/usr/share/icons/hicolor/scalable/apps/onemap.svg"
for size in 16 24 32 48 64 128 256 512; do
    dir="$root/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    install -m 0644 "packaging/icons/onemap-$size.png" "$dir/onemap.png"
done
gzip -9n -c packaging/onemap.1 > "$root/usr/share/man/man1/onemap.1.gz"
chmod 0644 "$root/usr/share/man/man1/onemap.1.gz"
{
    cat packaging/copyright
    echo
    echo "License: OFL-1.1"
    sed 's/^$/./; s/^/ /' assets/fonts/OFL.txt
    echo
    echo "License: ISC"
    sed 's/^$/./; s/^/ /' data/basemap/LICENSE
} > "$root/usr/share/doc/onemap/copyright"
chmod 0644 "$root/usr/share/doc/onemap/copyright"

# Libraries the binary links (libc, libgcc_s), found as Debian's own packages do ...
linked=$(cd "$root" && mkdir -p debian && printf 'Source: onemap\n\nPackage: onemap\nArchitecture: any\n' > debian/control &&
    dpkg-shlibdeps -O usr/bin/onemap 2>/dev/null | sed -n 's/^shlibs:Depends=//p'; rm -rf debian)
[ -n "$linked" ] || { echo "build-deb: dpkg-shlibdeps found no libraries" >&2; exit 1; }
# ... and those the window loads at run time (winit: X11 or Wayland, xkbcommon; wgpu: Vulkan or GL).
depends="$linked, libx11-6, libxcursor1, libxi6, libxrandr2, libxkbcommon0, libxkbcommon-x11-0, libwayland-client0, libvulkan1 | libgl1"
size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)

cat > "$root/DEBIAN/control" <<EOF
Package: onemap
Version: ${version}-${revision}
Architecture: ${arch}
Maintainer: OneMap developers <onemap@localhost>
Installed-Size: ${size_kb}
Depends: ${depends}
Recommends: desktop-file-utils, shared-mime-info, hicolor-icon-theme
Section: science
Priority: optional
Description: emergency resources on one map (应急资源一张图)
 OneMap is a desktop GIS for a city's emergency response: fire stations,
 rescue teams, supply depots and enterprises with four-colour risk levels on
 one map, offline, Chinese by default. It finds the nearest units and plans
 dispatches, routes on road networks from OpenStreetMap, draws drive-time
 areas, sites new stations, keeps the hazard ledger and drill records, and
 exports maps and sheets. Projects are GeoPackage files.
 .
 The embedded Anyang demo project is illustrative (示意).
EOF

mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/$name.deb" >/dev/null
rm -rf "$root"
echo "$out/$name.deb"
