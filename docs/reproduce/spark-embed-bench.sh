#!/usr/bin/env bash
# The Spark embed job (spark-submit's class path, local[2], the runnable job jar) against `siamese index` and
# `siamese embed` on the same folder, alternately, ROUNDS times. Prints the wall time of every command.
# Usage: docs/reproduce/spark-embed-bench.sh FOLDER [ROUNDS]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
FOLDER=$(cd "$1" && pwd); ROUNDS=${2:-2}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
export SIAMESE_CACHE_DIR="$WORK/cache"
# Spark's class path as a cluster has it: Spark and the libraries it ships (both written by the build)
JOB=$(ls spark/target/siamese-spark-*-job.jar)
echo "$(cat spark/target/spark-classpath.txt):$(cat spark/target/shared-classpath.txt)" > "$WORK/spark-cp.txt"
OPENS=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' spark/pom.xml)
N=$(find "$FOLDER" -type f | wc -l)
secs() { local s=$(date +%s.%N); "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; echo "$(date +%s.%N) - $s" | bc; }
echo "folder $FOLDER: $N files; load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/out" "$WORK/idx" "$WORK/emb.csv"
  t=$(secs java $OPENS -Xmx4g -cp "$(cat "$WORK/spark-cp.txt"):$JOB" org.apache.spark.deploy.SparkSubmit --master 'local[2]' \
      --conf spark.ui.enabled=false --driver-memory 4g --driver-java-options "-Dsiamese.cache.dir=$WORK/cache" \
      --class dev.siamese.spark.SparkMain "$JOB" embed --input "file://$FOLDER" --out "file://$WORK/out/emb")
  echo "round $r spark embed job: $t s wall; $(grep 'picture files' "$WORK/last.log")"
  t=$(secs app/siamese index "$FOLDER" -i "$WORK/idx")
  echo "round $r siamese index:    $t s wall; $(grep -m1 'pictures found' "$WORK/last.log" || true)"
  t=$(secs app/siamese embed "$FOLDER" -o "$WORK/emb.csv")
  echo "round $r siamese embed:    $t s wall"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
