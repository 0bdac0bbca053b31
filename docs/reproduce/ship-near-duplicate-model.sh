#!/usr/bin/env bash
# Makes the shipped near-duplicate twin (model-tf/src/main/resources/siamese-models/near-duplicates) from scratch:
#   1. trains the bundled near-duplicate-photos experiment at 64x64 input on CIFAR-10's 50,000 training JPEGs (about
#      57 minutes on 2 cores; deterministic: the same weights digest every time; measured better than 32x32 on real
#      photographs, docs/results/near-duplicates.md),
#   2. chooses its near-duplicate decision on a real near-duplicate set (set A, see docs/results/near-duplicates.md):
#      embedding distance + w x DCT-hash bits < threshold, w and the threshold for the best mean centred-group F1
#      over both halves, and
#   3. copies the model into the module's resources with bundle.json: every file's SHA-256 and how it was made.
# Usage (from the repository root, after mvn -q -DskipTests package):
#   CIFAR10_DIR=/tmp/cifar10-jpg SET_A=/tmp/ndsetA [RUN_DIR=runs/near-duplicate-photos-...] \
#     docs/reproduce/ship-near-duplicate-model.sh [WORK_DIR]
set -euo pipefail
: "${CIFAR10_DIR:?set CIFAR10_DIR to the unpacked cifar10-jpg folder (train/<class>/*.jpg)}"
: "${SET_A:?set SET_A to a near-duplicate set made by 'siamese near-duplicates make-set' (set A)}"
work=${1:-$(mktemp -d)}
mkdir -p "$work"
# RUN_DIR: a finished run of the same experiment to ship instead of training again (same seed, same weights)
if [ -z "${RUN_DIR:-}" ]; then
  PICTURES_DIR="$CIFAR10_DIR/train" app/siamese train -e near-duplicate-photos -o "$work/runs" \
      --set data.image-folder.height=64 --set data.image-folder.width=64
  RUN_DIR=$(ls -d "$work"/runs/near-duplicate-photos-* | tail -n 1)
fi
run=$RUN_DIR
test -f "$run/COMPLETE"
app/siamese near-duplicates threshold --set "$SET_A" -m "$run" -o "$work/near-duplicates" --with-hash
digest=$(sed -n 's/.*"weightsSha256" *: *"\([0-9a-f]*\)".*/\1/p' "$run/metrics.json" | head -n 1)
dest=model-tf/src/main/resources/siamese-models/near-duplicates
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$work/near-duplicates/." "$dest/"
cd "$dest"
{
  echo '{'
  echo '  "name": "near-duplicates",'
  echo '  "provenance": {'
  echo '    "experiment": "near-duplicate-photos",'
  echo '    "overrides": "data.image-folder.height=64, data.image-folder.width=64",'
  echo '    "data": "CIFAR-10 training pictures as JPEGs (cifar10-jpg: train/<class>/*.jpg, 50,000 of 32x32, read at 64x64), held-out share by path checksum",'
  echo "    \"weightsSha256\": \"$digest\","
  echo '    "thresholdChosenOn": "set A: 81 Debian wallpapers (ukui, lomiri, mate, plasma packages) x 6 versions + 1,000 CIFAR-10 test JPEGs (make-set seed 2024), decision distance + w x hash bits, best mean centred-group F1 over both halves",'
  echo '    "reproduce": "CIFAR10_DIR=... SET_A=... docs/reproduce/ship-near-duplicate-model.sh"'
  echo '  },'
  echo '  "files": {'
  find . -type f ! -name bundle.json | sed 's|^\./||' | sort | while read -r f; do
    echo "    \"$f\": \"$(sha256sum "$f" | cut -d' ' -f1)\","
  done | sed '$ s/,$//'
  echo '  }'
  echo '}'
} > bundle.json
cat bundle.json
