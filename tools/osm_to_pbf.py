#!/usr/bin/env python3
"""Converts the OSM XML test samples to PBF with libosmium (PyPI `osmium`), so the PBF reader is
tested on files written by an independent, standard writer.

    pip install osmium && python3 tools/osm_to_pbf.py
"""
import bz2
import pathlib
import tempfile

import osmium

DATA = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "osm"

for name, opener in [("munich-small", open), ("west-oakland", bz2.open)]:
    src = DATA / (name + (".osm" if opener is open else ".osm.bz2"))
    with tempfile.TemporaryDirectory() as tmp:
        xml = pathlib.Path(tmp) / (name + ".osm")
        with opener(src, "rb") as f:
            xml.write_bytes(f.read())
        writer = osmium.SimpleWriter(str(DATA / (name + ".osm.pbf")), overwrite=True)
        for o in osmium.FileProcessor(str(xml)):
            if o.is_node():
                writer.add_node(o)
            elif o.is_way():
                writer.add_way(o)
            elif o.is_relation():
                writer.add_relation(o)
        writer.close()
