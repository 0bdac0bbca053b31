#!/usr/bin/env python3
"""Makes the soak folder of BENCHMARKS.md ("Soak: index with a 1 GB heap"): 100,000 generated pictures of mixed sizes.

Usage: make-soak-folder.py OUT [count]   (default /tmp/soak100k, 100000; needs python3-pil; ~10 min on 2 cores)
Per 1,000 pictures: 940 small JPEGs and PNGs (48-800 px a side), 50 JPEGs of 1-4 megapixels, 6 JPEGs of 12-24
megapixels (up to 6000x4000), 2 PNGs of 6000x4000 with 16-bit grey samples, 1 empty file and 1 text file named .jpg.
Smooth content (gradients and a few shapes), so that even the largest JPEGs stay small on disk.
"""
import os
import random
import sys
from multiprocessing import Pool

from PIL import Image, ImageDraw

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/soak100k"
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000


def picture(rnd, w, h, mode="RGB"):
    im = Image.linear_gradient("L").resize((w, h)).convert(mode) if mode != "RGB" else \
        Image.merge("RGB", [Image.linear_gradient("L").rotate(rnd.randint(0, 3) * 90).resize((w, h))
                            for _ in range(3)])
    draw = ImageDraw.Draw(im)
    for _ in range(4):
        x, y = rnd.randint(0, w - 1), rnd.randint(0, h - 1)
        r = rnd.randint(max(2, min(w, h) // 10), max(3, min(w, h) // 3))
        fill = tuple(rnd.randint(0, 255) for _ in range(3)) if mode == "RGB" else rnd.randint(0, 65535 if mode == "I;16" else 255)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    return im


def make(i):
    rnd = random.Random(i)
    folder = os.path.join(OUT, "d%03d" % (i // 1000))
    os.makedirs(folder, exist_ok=True)
    k = i % 1000
    if k < 940:
        w, h = rnd.randint(48, 800), rnd.randint(48, 800)
        im = picture(rnd, w, h)
        if k % 3 == 0:
            im.save(os.path.join(folder, "s%06d.png" % i))
        else:
            im.save(os.path.join(folder, "s%06d.jpg" % i), quality=rnd.randint(70, 95))
    elif k < 990:
        area = rnd.uniform(1e6, 4e6)
        w = int((area * 4 / 3) ** 0.5)
        picture(rnd, w, int(area / w)).save(os.path.join(folder, "m%06d.jpg" % i), quality=85)
    elif k < 996:
        area = rnd.uniform(12e6, 24e6)
        w = min(6000, int((area * 3 / 2) ** 0.5))
        picture(rnd, w, min(4000, int(area / w))).save(os.path.join(folder, "l%06d.jpg" % i), quality=85)
    elif k < 998:
        picture(rnd, 6000, 4000, "I;16").save(os.path.join(folder, "g%06d.png" % i))
    elif k == 998:
        open(os.path.join(folder, "empty%06d.jpg" % i), "wb").close()
    else:
        with open(os.path.join(folder, "text%06d.jpg" % i), "w") as f:
            f.write("not a picture\n")


if __name__ == "__main__":
    with Pool(os.cpu_count()) as pool:
        for n, _ in enumerate(pool.imap_unordered(make, range(COUNT), chunksize=50)):
            if n % 10000 == 0:
                print(f"{n:,} of {COUNT:,}", flush=True)
    print("done", OUT)
