#!/usr/bin/env bash
# Side by side on the same data, one after the other in one run: `siamese bench index` (Lucene 9.12 HNSW with this
# project's graph search) and hnswlib, 1,000,000 clustered 64-D rows, M 16, beam / ef_construction 100, 2 threads.
# Usage: docs/reproduce/ann-bench.sh [rows] [work folder]   (from the repository root, after the README's build)
# Needs: apt-get install -y python3-hnswlib python3-numpy
set -euo pipefail
ROWS=${1:-1000000}
WORK=${2:-/tmp/ann-bench}
THREADS=$(nproc)
mkdir -p "$WORK"
app/siamese bench index --rows "$ROWS" --threads "$THREADS" --export "$WORK/data"
echo "== siamese bench index"
/usr/bin/time -f "whole command: %e s wall, %U s user, max RSS %M KB" \
  app/siamese bench index --rows "$ROWS" --threads "$THREADS" --candidates 20,40,60,80,100,160
echo "== hnswlib"
/usr/bin/time -f "whole command: %e s wall, %U s user, max RSS %M KB" \
  /usr/bin/python3 docs/reproduce/hnswlib-bench.py "$WORK/data" "$THREADS" 16 100 20,40,60,80,100,160
