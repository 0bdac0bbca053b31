#!/usr/bin/env bash
# Decoding JPEG photographs for a 64x64 input, one thread, side by side: ours at 1/8 scale and Pillow with draft,
# alternately, ROUNDS times (default 3; each run times PASSES passes over the files, default 5, and its best counts),
# then, with FULL=1, both full decodes once. Pictures per core-second are counted on CPU time, so that other work on the machine does not count.
# Needs Pillow (apt-get install python3-pil).
# Usage: [ROUNDS=3] [PASSES=5] [FULL=1] docs/reproduce/decode-bench.sh FOLDER...   (build first: mvn -o -q -DskipTests package -pl data -am)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q test-compile -pl data -am
CP="data/target/classes:data/target/test-classes:api/target/classes"
PY=${PYTHON:-/usr/bin/python3}
LOG=$(mktemp)
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "${ROUNDS:-3}"); do
    java -Dpasses="${PASSES:-5}" -cp "$CP" dev.siamese.data.pictures.internal.DecodeSpeed "$@" | tee -a "$LOG"
    PASSES="${PASSES:-5}" "$PY" docs/reproduce/pillow-decode.py draft "$@" | tee -a "$LOG"
    echo "--" >> "$LOG"
done
if [ "${FULL:-0}" = 1 ]; then
    java -Dsiamese.decode.exact=true -cp "$CP" dev.siamese.data.pictures.internal.DecodeSpeed "$@"
    "$PY" docs/reproduce/pillow-decode.py full "$@"
fi
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
# per alternation: the best of ours over the best of Pillow's
awk '/^java 1\/8/ {if ($(NF-3) > j) j = $(NF-3)} /^pillow draft/ {if ($(NF-3) > p) p = $(NF-3)}
     /^--/ {n++; printf "round %d: ours %.1f, Pillow draft %.1f pictures per core-second: %.2fx\n", n, j, p, j / p; j = 0; p = 0}' "$LOG"
rm -f "$LOG"
