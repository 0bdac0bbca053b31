#!/usr/bin/env bash
# Decoding JPEG photographs for a 64x64 input, one thread, side by side: ours at 1/8 scale and in full, Pillow with
# and without draft, alternately, on the same files. Needs Pillow (apt-get install python3-pil).
# Usage: docs/reproduce/decode-bench.sh FOLDER...   (build first: mvn -q -DskipTests install -pl data -am)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q test-compile -pl data
CP="data/target/classes:data/target/test-classes:$(ls ~/.m2/repository/dev/siamese/siamese-api/*/siamese-api-*.jar | head -1)"
PY=${PYTHON:-/usr/bin/python3}
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" dev.siamese.data.DecodeSpeed "$@"
"$PY" docs/reproduce/pillow-decode.py draft "$@"
java -Dsiamese.decode.exact=true -cp "$CP" dev.siamese.data.DecodeSpeed "$@"
"$PY" docs/reproduce/pillow-decode.py full "$@"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
