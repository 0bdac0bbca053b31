#!/usr/bin/env python3
"""hnswlib on the data `siamese bench index --export DIR` wrote: the peer of `siamese bench index`.

Usage: hnswlib-bench.py DIR [threads] [M] [ef_construction] [ef,ef,...]
Builds an HNSW index of gallery.f32 (L2, M 16, ef_construction 100, all threads by default), then times 10-NN queries
of queries.f32 (repeated for at least 3 s per ef) and measures recall@10 against truth.i32.
Needs Debian's python3-hnswlib and python3-numpy (apt-get install -y python3-hnswlib python3-numpy).
"""
import os
import sys
import time

import hnswlib
import numpy as np

folder = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
m = int(sys.argv[3]) if len(sys.argv) > 3 else 16
ef_construction = int(sys.argv[4]) if len(sys.argv) > 4 else 100
efs = [int(e) for e in sys.argv[5].split(",")] if len(sys.argv) > 5 else [20, 40, 60, 80, 100, 160]

rows, dim, nq, k = (int(v) for v in open(os.path.join(folder, "shape.txt")).read().split())
gallery = np.fromfile(os.path.join(folder, "gallery.f32"), dtype="<f4").reshape(rows, dim)
queries = np.fromfile(os.path.join(folder, "queries.f32"), dtype="<f4").reshape(nq, dim)
truth = np.fromfile(os.path.join(folder, "truth.i32"), dtype="<i4").reshape(nq, k)
print(f"hnswlib {getattr(hnswlib, '__version__', '?')}: {rows:,} x {dim}-D, {nq:,} queries, M {m}, "
      f"ef_construction {ef_construction}, {threads} threads", flush=True)

index = hnswlib.Index(space="l2", dim=dim)
index.init_index(max_elements=rows, M=m, ef_construction=ef_construction, random_seed=100)
index.set_num_threads(threads)
cpu0 = time.process_time()
t0 = time.perf_counter()
index.add_items(gallery, np.arange(rows))
build = time.perf_counter() - t0
print(f"build: {build:.1f} s ({rows / build:,.0f} embeddings/s), {time.process_time() - cpu0:.1f} CPU-s", flush=True)

for ef in efs:
    index.set_ef(ef)
    labels, _ = index.knn_query(queries, k=k)
    hits = sum(len(set(labels[q]) & set(truth[q])) for q in range(nq))
    recall = hits / (nq * k)
    searches = 0
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    while True:
        index.knn_query(queries, k=k)
        searches += nq
        elapsed = time.perf_counter() - t0
        if elapsed >= 3:
            break
    cpu = time.process_time() - cpu0
    print(f"ef {ef:4d}: recall@{k} {recall:.4f}, {searches / elapsed:,.0f} queries/s "
          f"({cpu / searches * 1e6:.0f} CPU-us each)", flush=True)
