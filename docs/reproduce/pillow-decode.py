#!/usr/bin/env python3
"""Pillow's pictures per core-second for the JPEGs of the folders given (first 200 of each, sorted): open, optionally
`draft` (libjpeg's DCT-domain downscale), convert to RGB, resize to 64x64 (box filter); 3 passes (PASSES in the
environment for more). Pictures per core-second are counted on the process's CPU time, as DecodeSpeed does. Usage:
pillow-decode.py full|draft FOLDER..."""
import glob, os, sys, time
from PIL import Image

mode, folders = sys.argv[1], sys.argv[2:]
files = []
for folder in folders:
    found = sorted(p for p in glob.glob(os.path.join(folder, '**', '*'), recursive=True)
                   if p.lower().endswith(('.jpg', '.jpeg')))
    files += found[:200]
for r in range(1, int(os.environ.get('PASSES', '3')) + 1):
    start = time.time()
    cpu_start = time.process_time()
    for f in files:
        with Image.open(f) as im:
            if mode == 'draft':
                im.draft('RGB', (64, 64))
            im.convert('RGB').resize((64, 64), Image.BOX)
    s = time.time() - start
    cpu = time.process_time() - cpu_start
    print('pillow %s round %d: %d pictures in %.2f s, cpu %.2f s, %.1f pictures per core-second'
          % (mode, r, len(files), s, cpu, len(files) / cpu))
