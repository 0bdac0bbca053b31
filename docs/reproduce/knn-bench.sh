#!/usr/bin/env bash
# Exact all-vs-all 10-NN over 100,000 x 64-D, 2 threads, side by side and alternately in one run: `siamese bench knn`
# (dot products on the Vector API, then in plain Java) and FAISS's IndexFlatL2 (OpenBLAS).
# Usage: docs/reproduce/knn-bench.sh [work folder]   (from the repository root, after the README's build)
# Needs: apt-get install -y python3-faiss python3-numpy libopenblas0-pthread (FAISS on Debian's reference BLAS is
# ~15x slower; libopenblas0-pthread switches the BLAS alternative to OpenBLAS)
set -euo pipefail
WORK=${1:-/tmp/knn-bench}
THREADS=$(nproc)
# FAISS reads the same kind of data (i.i.d. Gaussian rows; `bench knn` draws its own with another seed)
app/siamese bench index --rows 100000 --data gaussian --threads "$THREADS" --export "$WORK"
for round in 1 2; do
  app/siamese bench knn --threads "$THREADS" | grep -e "dot products" -e "all-vs-all:" -e "ratio"
  OPENBLAS_NUM_THREADS=$THREADS /usr/bin/python3 docs/reproduce/faiss-knn.py "$WORK" "$THREADS" 10 2
  SIAMESE_JAVA_OPTS=-Dsiamese.vector=false app/siamese bench knn --threads "$THREADS" \
    | grep -e "dot products" -e "all-vs-all:" -e "ratio"
done
