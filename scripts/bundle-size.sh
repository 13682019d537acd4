#!/usr/bin/env bash
# Prints the size of each file the browser downloads from dist/ (wasm, js, css),
# raw and gzipped (gzip -9), and the totals. Build it first: `make dist`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-dist}"
shopt -s nullglob
files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
if [ ${#files[@]} -eq 0 ]; then
  echo "no wasm/js/css in $dir: run \`make dist\` first" >&2
  exit 1
fi
raw_total=0
gz_total=0
printf '%-44s %10s %10s\n' file bytes gzip
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  raw_total=$((raw_total + raw))
  gz_total=$((gz_total + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' total "$raw_total" "$gz_total"
