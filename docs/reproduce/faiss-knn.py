#!/usr/bin/env python3
"""FAISS exact all-vs-all k-NN on the rows `siamese bench index --export DIR` wrote: the peer of `siamese bench knn`.

Usage: faiss-knn.py DIR [threads] [k] [repeats]
Searches every row of gallery.f32 against all rows with IndexFlatL2 (BLAS for the products, as FAISS does for large
query batches), k + 1 neighbours (the row itself among them), best of `repeats` runs (default 3).
Needs Debian's python3-faiss and python3-numpy (apt-get install -y python3-faiss python3-numpy).
"""
import os
import sys
import time

import faiss
import numpy as np

folder = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
rows, dim, _, _ = (int(v) for v in open(os.path.join(folder, "shape.txt")).read().split())
x = np.ascontiguousarray(np.fromfile(os.path.join(folder, "gallery.f32"), dtype="<f4").reshape(rows, dim))
faiss.omp_set_num_threads(threads)
print(f"faiss {faiss.__version__}: exact all-vs-all {k}-NN, {rows:,} x {dim}-D, {threads} threads", flush=True)
index = faiss.IndexFlatL2(dim)
index.add(x)
best = None
for r in range(repeats):
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    distances, labels = index.search(x, k + 1)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(f"run {r + 1}: {wall:.2f} s wall, {cpu:.1f} CPU-s, effective {2 * rows * rows * dim / wall / 1e9:.1f} GFLOP/s",
          flush=True)
    best = wall if best is None else min(best, wall)
print(f"best: {best:.2f} s")
