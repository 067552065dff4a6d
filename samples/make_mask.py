#!/usr/bin/env python3
"""Writes samples/astronaut-mask.png: white (255) where the demo replaces pixels, black elsewhere.

The region is the model space shuttle in the background of astronaut.png (512 x 512): a rounded
rectangle around the orbiter, tank and boosters, and a smaller one around its stand. Deterministic,
standard library only: run `python3 samples/make_mask.py` to regenerate the committed file.
"""
import os
import struct
import zlib

WIDTH, HEIGHT = 512, 512

# (left, top, right, bottom, corner radius), inclusive pixel bounds in astronaut.png coordinates.
SHAPES = [
    (348, 0, 470, 266, 18),   # orbiter, external tank and boosters
    (366, 258, 478, 288, 8),  # the stand on the table
]


def inside(x, y, shape):
    left, top, right, bottom, r = shape
    if not (left <= x <= right and top <= y <= bottom):
        return False
    # Distance to the nearest corner centre decides the rounded corners.
    cx = min(max(x, left + r), right - r)
    cy = min(max(y, top + r), bottom - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    rows = [[255 if any(inside(x, y, s) for s in SHAPES) else 0 for x in range(WIDTH)] for y in range(HEIGHT)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "astronaut-mask.png")
    with open(path, "wb") as f:
        f.write(png(WIDTH, HEIGHT, rows))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
