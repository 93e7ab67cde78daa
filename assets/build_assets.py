#!/usr/bin/env python3
"""Rebuild the map's line files in this folder from Natural Earth country polygons.

    python3 build_assets.py SOURCE_DIR [OUT_DIR]

SOURCE_DIR holds `region-10m.geojson` (Natural Earth 1:10m admin-0 polygons of Syria and its
neighbours) and `world-110m.geojson` (Natural Earth 1:110m admin-0 polygons of the world), both
GeoJSON with [lon, lat] positions. OUT_DIR defaults to the folder of this script. Python 3
standard library only.

A terminal map draws lines, not filled polygons, and it needs to tell a coast from a border. An
edge that two country rings share is a land border; an edge that only one ring has is a coast.
Shared edges are identical in both rings because the polygons were decoded from one topology, so
comparing rounded end points is exact. Each file is written as two GeoJSON MultiLineString
features, `coast` and `border`, each shared border once.

    region-lines.geojson  1:10m lines inside DETAIL, 4 decimals (about 10 m)
    world-lines.geojson   1:110m lines outside DETAIL, 2 decimals (about 1 km, finer than 1:110m)

The two meet at the edge of DETAIL, so a view beyond the detailed region still shows coasts and
borders. No simplification happens here: the program simplifies at load time (geo's
Ramer-Douglas-Peucker `Simplify`) to several levels of detail, picked by zoom.
"""
import json
import os
import sys

# lon_min, lat_min, lon_max, lat_max: where the 1:10m source is complete (every country that reaches
# this box is in region-10m.geojson). Must match `DETAIL` in src/map/geometry.rs.
DETAIL = (33.0, 31.5, 43.5, 38.5)


def inside(p):
    x0, y0, x1, y1 = DETAIL
    return x0 <= p[0] <= x1 and y0 <= p[1] <= y1


def rings(feature):
    geom = feature["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for poly in polys:
        for ring in poly:
            yield [tuple(p) for p in ring]


def edge_key(a, b):
    return (a, b) if a <= b else (b, a)


def lines(features, keep_edge, decimals):
    """Coast and border polylines of the rings' edges that `keep_edge(a, b)` accepts."""
    all_rings = [r for f in features for r in rings(f)]
    uses = {}
    for ring in all_rings:
        for a, b in zip(ring, ring[1:]):
            if a != b:
                k = edge_key(a, b)
                uses[k] = uses.get(k, 0) + 1
    out = {"coast": [], "border": []}
    emitted = set()
    for ring in all_rings:
        run_kind, run = None, []

        def flush():
            if len(run) >= 2:
                out[run_kind].append([[round(x, decimals), round(y, decimals)] for x, y in run])

        for a, b in zip(ring, ring[1:]):
            k = edge_key(a, b)
            kind = "border" if uses.get(k, 0) >= 2 else "coast"
            # A border edge belongs to two rings: draw it once. Edges outside the wanted area end a run.
            keep = a != b and keep_edge(a, b) and k not in emitted
            if keep and kind == "border":
                emitted.add(k)
            if not keep or kind != run_kind:
                flush()
                run_kind, run = (kind, [a]) if keep else (None, [])
            if keep:
                run.append(b)
        if run_kind:
            flush()
    return out


def write(path, out, note):
    feats = [
        {"type": "Feature", "properties": {"kind": kind},
         "geometry": {"type": "MultiLineString", "coordinates": out[kind]}}
        for kind in ("coast", "border")
    ]
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "name": note, "features": feats}, f, separators=(",", ":"))
        f.write("\n")
    n = sum(len(line) for kind in out for line in out[kind])
    print(f"{os.path.basename(path)}: {n} points, {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(src, "region-10m.geojson")) as f:
        region = json.load(f)["features"]
    with open(os.path.join(src, "world-110m.geojson")) as f:
        world = json.load(f)["features"]
    # An edge with one end inside DETAIL is detail; the world file takes every other edge.
    write(os.path.join(dst, "region-lines.geojson"),
          lines(region, lambda a, b: inside(a) or inside(b), 4),
          "Natural Earth 1:10m coasts and land borders around Syria")
    write(os.path.join(dst, "world-lines.geojson"),
          lines(world, lambda a, b: not (inside(a) and inside(b)), 2),
          "Natural Earth 1:110m coasts and land borders of the world")


if __name__ == "__main__":
    main()
