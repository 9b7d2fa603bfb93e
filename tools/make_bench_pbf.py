#!/usr/bin/env python3
"""Writes a synthetic OSM PBF of a city for the road-import benchmark, with libosmium (PyPI
`osmium`): a jittered street grid (shape points between junctions, a road hierarchy, some
one-way streets) plus buildings with addresses filling the blocks, so that, as in real extracts,
most nodes and ways are not roads; every object carries editing metadata (version, changeset,
user, timestamp) as extracts from the OSM planet do. About 200 MB with GRID = 690.

    pip install osmium && python3 tools/make_bench_pbf.py OUT.osm.pbf [GRID]
"""
import datetime
import random
import sys

import osmium

out = sys.argv[1]
grid = int(sys.argv[2]) if len(sys.argv) > 2 else 690
rng = random.Random(42)
lon0, lat0 = 114.0, 35.8
block = 0.0011  # about 100 m
w = osmium.SimpleWriter(out, overwrite=True)
nid = 0
wid = 0


USERS = [f"mapper{i}" for i in range(5000)]


def meta():
    u = rng.randrange(5000)
    return dict(
        version=rng.randrange(1, 9),
        changeset=rng.randrange(1, 150_000_000),
        uid=u + 1,
        user=USERS[u],
        timestamp=datetime.datetime.fromtimestamp(1_300_000_000 + rng.randrange(400_000_000), datetime.timezone.utc),
    )


def node(lon, lat):
    global nid
    nid += 1
    w.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), **meta()))
    return nid


def way(refs, tags):
    global wid
    wid += 1
    w.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags, **meta()))


def jitter():
    return (rng.random() - 0.5) * block * 0.2


# Junctions first (nodes must precede ways in a PBF).
junction = {}
for i in range(grid):
    for j in range(grid):
        junction[i, j] = node(lon0 + j * block + jitter(), lat0 + i * block + jitter())
# Shape points between neighbouring junctions, two per street piece.
shape = {}
for i in range(grid):
    for j in range(grid):
        for di, dj in ((0, 1), (1, 0)):
            if i + di < grid and j + dj < grid:
                a = (lon0 + j * block, lat0 + i * block)
                pts = []
                for f in (1 / 3, 2 / 3):
                    pts.append(node(a[0] + dj * block * f + jitter() * 0.3, a[1] + di * block * f + jitter() * 0.3))
                shape[i, j, di, dj] = pts
# Buildings: four per block, four corners each.
buildings = []
for i in range(grid - 1):
    for j in range(grid - 1):
        for bi in range(2):
            for bj in range(2):
                x = lon0 + (j + 0.15 + bj * 0.45) * block
                y = lat0 + (i + 0.15 + bi * 0.45) * block
                s = block * 0.3
                corners = [node(x, y), node(x + s, y + jitter() * 0.05), node(x + s, y + s), node(x, y + s)]
                buildings.append(corners + [corners[0]])


def road_class(k):
    if k % 16 == 0:
        return "trunk"
    if k % 8 == 0:
        return "primary"
    if k % 4 == 0:
        return "secondary"
    return "residential"


for horizontal in (True, False):
    for k in range(grid):
        refs = []
        for m in range(grid):
            i, j = (k, m) if horizontal else (m, k)
            refs.append(junction[i, j])
            if m + 1 < grid:
                refs.extend(shape[i, j, 0, 1] if horizontal else shape[i, j, 1, 0])
        cls = road_class(k)
        tags = {"highway": cls, "name": f"{'Road' if horizontal else 'Street'} {k}"}
        if cls == "residential" and k % 3 == 0:
            tags["oneway"] = "yes" if (k // 3) % 2 == 0 else "-1"
        if cls == "residential" and k % 5 == 0:
            tags["maxspeed"] = "30"
        # Long streets are cut into ways of ~40 junctions, as mappers do.
        step = 40 * 3
        for s in range(0, len(refs) - 1, step):
            way(refs[s:s + step + 1], tags)
for k, b in enumerate(buildings):
    way(b, {"building": "yes", "addr:street": f"Street {k % grid}", "addr:housenumber": str(k % 397 + 1)})
w.close()
print(f"{nid} nodes, {wid} ways")
