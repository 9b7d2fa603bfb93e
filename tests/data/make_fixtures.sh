#!/usr/bin/env bash
# Rebuilds the binary fixtures under tests/data/import and tests/data/bad (shapefiles and
# GeoPackages written by GDAL, so the importers are tested on files another GIS wrote).
# Needs ogr2ogr (Debian gdal-bin), python3 and a built `onemap` (ONEMAP=path, default the debug build).
set -euo pipefail
cd "$(dirname "$0")"
ONEMAP=${ONEMAP:-../../target/debug/onemap}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/stations.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[114.3529,36.0981]},"properties":{"code":"T1","name":"文峰区消防救援站","class":"一级站","status":"现有","personnel":30}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[114.3921,36.1102]},"properties":{"code":"T2","name":"北关区消防救援站","class":"二级站","status":"规划","personnel":0}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[114.2873,36.0552]},"properties":{"code":"T3","name":"殷都区乡镇专职队","class":"乡镇专职消防队","status":"现有","personnel":12}}
]}
JSON
# Shapefile with a .cpg (UTF-8, as GDAL and ArcGIS write it).
rm -f import/stations_utf8.*
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 import/stations_utf8.shp "$tmp/stations.geojson"
# Shapefile in GBK with nothing declared: no .cpg, language driver byte 0, as old tools write it.
rm -f import/stations_gbk.*
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 import/stations_gbk.shp "$tmp/stations.geojson"
rm -f import/stations_gbk.cpg
python3 - <<'PY'
with open("import/stations_gbk.dbf", "r+b") as f:
    f.seek(29); f.write(b"\0")
PY
# A GeoPackage written by GDAL with two layers (teams and an unrelated one).
cat > "$tmp/teams.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[114.31,36.08]},"properties":{"编号":"R1","队伍名称":"安阳市矿山救护队","队伍类型":"专业救援","救援能力":"矿山,危化","队员人数":35,"上级主管部门":"市应急管理局"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[114.45,36.16]},"properties":{"编号":"R2","队伍名称":"蓝天救援队","队伍类型":"社会救援队伍","救援能力":"水域,山岳","队员人数":60,"上级主管部门":"市应急管理局"}}
]}
JSON
rm -f import/teams_gdal.gpkg
ogr2ogr -f GPKG -nln teams_src import/teams_gdal.gpkg "$tmp/teams.geojson"
ogr2ogr -f GPKG -update -nln other import/teams_gdal.gpkg "$tmp/stations.geojson"
# A GBK CSV as Excel in China saves it (CRLF, no BOM).
printf '编号,名称,类别,状态,经度,纬度,执勤人数,车辆,备注\r\nG1,汤阴县消防救援站,一级站,现有,114.3572,35.9240,28,水罐车:2;泡沫车:1,"有""引号"",和逗号"\r\nG2,内黄县消防救援站,二级站,在建,114.9012,35.9711,0,,\r\n' \
  | iconv -f UTF-8 -t GBK > import/stations_gbk.csv

# Bad: an SQLite database that is not a GeoPackage.
rm -f bad/sqlite_not_gpkg.gpkg
python3 -c "import sqlite3; c=sqlite3.connect('bad/sqlite_not_gpkg.gpkg'); c.execute('create table t(x)'); c.commit()"
# Bad: a project written by a newer OneMap (an extra schema step this build does not know).
rm -f bad/newer_schema.gpkg
"$ONEMAP" init bad/newer_schema.gpkg >/dev/null
python3 -c "
import sqlite3; c=sqlite3.connect('bad/newer_schema.gpkg')
c.execute(\"insert into onemap_migrations(name, applied_at) values ('9999_from_the_future', '2030-01-01T00:00:00Z')\")
c.commit(); c.execute('pragma journal_mode=delete'); c.execute('vacuum'); c.close()"
# Bad: a GeoJSON saved in GBK (RFC 7946 requires UTF-8).
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[114.35,36.1]},"properties":{"名称":"文峰区消防救援站","类别":"一级站","地址":"安阳市文峰区中华路"}}]}\n' \
  | iconv -f UTF-8 -t GBK > bad/gbk.geojson
