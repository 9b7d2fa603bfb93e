#!/bin/sh
# Builds the Debian package and installs it with dpkg into a temporary root (its own dpkg
# database: nothing on this machine changes), then checks the installed files:
#   onemap --version (version and commit), onemap init --demo + check from the installed binary,
#   desktop-file-validate on the menu entry, the MIME type and icons in place, the man page
#   renders, and dpkg removes everything again.
#
#   packaging/test-install.sh                 # build (release) + test
#   packaging/test-install.sh FILE.deb        # test an existing package
# Exit 0 when every check passes; the first failure is named on stderr.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

deb=${1:-}
if [ -z "$deb" ]; then
    deb=$("$here/build-deb.sh" | tail -n 1)
fi
[ -f "$deb" ] || fail "no package at $deb"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
admin="$root/var/lib/dpkg"
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers"
: > "$admin/status"
: > "$admin/available"

# Dependencies (libc …) live in the real system, not in the empty root: check them there, then
# install into the root without re-checking.
# (For "a | b" the first must be there: libvulkan1 on this machine.)
for dep in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g'); do
    dpkg -s "$dep" >/dev/null 2>&1 || fail "dependency $dep is not installed on this machine"
done
pass "dependencies present: $(dpkg-deb -f "$deb" Depends)"

# dpkg warns that the empty root lacks libc6 &c. (checked above); keep that out of the way.
dpkg --root="$root" --admindir="$admin" --force-depends --force-script-chrootless --force-not-root \
    --log=/dev/null -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i"; }
status=$(dpkg --root="$root" --admindir="$admin" -s onemap | sed -n 's/^Status: //p')
[ "$status" = "install ok installed" ] || fail "dpkg status is \"$status\""
pass "dpkg -i into $root: $status"

bin="$root/usr/bin/onemap"
version=$("$bin" --version) || fail "onemap --version"
want=$(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')
echo "$version" | grep -q "^onemap $want (" || fail "--version says \"$version\", package is $want"
echo "$version" | grep -q "unknown commit" && fail "--version has no commit: \"$version\""
pass "installed onemap --version: $version"

export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$HOME"
"$bin" init --demo "$tmp/demo.gpkg" >/dev/null || fail "onemap init --demo"
"$bin" check "$tmp/demo.gpkg" >/dev/null || fail "onemap check on the demo project"
n=$("$bin" list --db "$tmp/demo.gpkg" stations --json | grep -c '^    "id":')
[ "$n" -eq 29 ] || fail "the demo project has $n stations, expected 29"
pass "installed onemap init --demo: $n stations, check passes"

desktop="$root/usr/share/applications/onemap.desktop"
desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
grep -q '^Name\[zh_CN\]=' "$desktop" || fail "no Chinese name in the desktop entry"
pass "desktop-file-validate onemap.desktop"

mime="$root/usr/share/mime/packages/onemap.xml"
[ -f "$mime" ] || fail "no MIME type"
if command -v update-mime-database >/dev/null; then
    mkdir -p "$tmp/mime/packages" && cp "$mime" "$tmp/mime/packages/"
    update-mime-database "$tmp/mime" 2>/dev/null || fail "update-mime-database refuses onemap.xml"
    grep -q 'application/geopackage+sqlite3' "$tmp/mime/globs2" || fail "*.gpkg not in the MIME globs"
    pass "MIME type application/geopackage+sqlite3 for *.gpkg"
fi
grep -q 'MimeType=application/geopackage+sqlite3;' "$desktop" || fail "the desktop entry does not open *.gpkg"

for size in 16 24 32 48 64 128 256 512; do
    [ -s "$root/usr/share/icons/hicolor/${size}x${size}/apps/onemap.png" ] || fail "no ${size}px icon"
done
[ -s "$root/usr/share/icons/hicolor/scalable/apps/onemap.svg" ] || fail "no SVG icon"
pass "icons 16–512 px and SVG"

if command -v man >/dev/null; then
    man -l "$root/usr/share/man/man1/onemap.1.gz" 2>/dev/null | grep -q "onemap - emergency resources" ||
        fail "the man page does not render"
else
    zcat "$root/usr/share/man/man1/onemap.1.gz" | grep -q '^\.TH ONEMAP 1' || fail "the man page is not a man page"
fi
grep -q "OFL" "$root/usr/share/doc/onemap/copyright" || fail "the font licence is missing"
pass "man page and licences"

dpkg --root="$root" --admindir="$admin" --force-script-chrootless --force-not-root --log=/dev/null \
    --purge onemap >/dev/null || fail "dpkg --purge"
[ ! -e "$bin" ] || fail "the binary is still there after purge"
pass "dpkg --purge removes it"
echo "test-install: all checks passed for $(basename "$deb")"
