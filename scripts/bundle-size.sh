#!/usr/bin/env bash
# Prints the size of each file the browser downloads from dist/ (wasm, js, css),
# raw and gzipped (gzip -9), and the first load's total. The search worker
# (eoslab-search*, fetched only when "Break it" first runs) and embed-host.js
# (loaded by course pages, not by the lab) are listed apart and not counted.
# Build it first: `make dist`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-dist}"
shopt -s nullglob
files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
if [ ${#files[@]} -eq 0 ]; then
  echo "no wasm/js/css in $dir: run \`make dist\` first" >&2
  exit 1
fi
on_demand() {
  case "$(basename "$1")" in
    eoslab-search* | embed-host.js) return 0 ;;
    *) return 1 ;;
  esac
}
raw_total=0
gz_total=0
printf '%-44s %10s %10s\n' file bytes gzip
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if on_demand "$f"; then
    printf '%-44s %10d %10d  (not in the first load)\n' "$(basename "$f")" "$raw" "$gz"
    continue
  fi
  raw_total=$((raw_total + raw))
  gz_total=$((gz_total + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' "first load" "$raw_total" "$gz_total"
