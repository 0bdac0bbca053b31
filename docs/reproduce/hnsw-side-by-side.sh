#!/usr/bin/env bash
# Our own HNSW graph (`siamese bench index --graph own`) and hnswlib on the same rows, alternately in one run
# (ours, hnswlib, ours, hnswlib, ...), so that a machine shared with other work loads both alike; compare the ratios.
# Usage: docs/reproduce/hnsw-side-by-side.sh [rows] [work folder] [rounds] [ef,...]   (after the README's build)
# Needs: apt-get install -y python3-hnswlib python3-numpy
# Both sides on transparent huge pages (the launcher asks for them where the kernel offers them; glibc gives them to
# hnswlib with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, set here unless HNSWLIB_HUGE_PAGES=off)
set -euo pipefail
ROWS=${1:-200000}
WORK=${2:-/tmp/hnsw-side-by-side}
ROUNDS=${3:-2}
EFS=${4:-10,20,40,80}
THREADS=$(nproc)
mkdir -p "$WORK"
app/siamese bench index --rows "$ROWS" --threads "$THREADS" --export "$WORK/data"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: ours (bench index --graph own)"
  /usr/bin/time -f "whole command: %e s wall, %U s user, max RSS %M KB" \
    app/siamese bench index --graph own --rows "$ROWS" --threads "$THREADS" --candidates "$EFS"
  echo "== round $round: hnswlib"
  HUGE_TUNABLE=$([ "${HNSWLIB_HUGE_PAGES:-on}" != off ] && echo glibc.malloc.hugetlb=1 || true)
  GLIBC_TUNABLES=$HUGE_TUNABLE /usr/bin/time -f "whole command: %e s wall, %U s user, max RSS %M KB" \
    /usr/bin/python3 docs/reproduce/hnswlib-bench.py "$WORK/data" "$THREADS" 16 100 "$EFS"
done
