#!/usr/bin/env bash
# The main job on the bundled samples: create a demo case, register the sample requests,
# ingest the sample packages, verify, and print the summary.
# Usage: bash scripts/demo.sh [CASE_DIR]   (default ./demo-case; an existing demo case is replaced)
set -euo pipefail
cd "$(dirname "$0")/.."
CASE="${1:-demo-case}"
if [ -f "$CASE/case.json" ]; then chmod -R u+w "$CASE" && rm -rf "$CASE"; fi
export RETURNS_CASE="$CASE"
export RETURNS_EXAMINER="${RETURNS_EXAMINER:-Demo Examiner}"

returns init "$CASE" --case-number CASE-2026-0417 --title "Sample returns (synthetic)"
returns request import samples/requests.csv
for pkg in samples/packages/*; do
  args=()
  base="$(basename "$pkg")"; stem="${base%.*}"
  if [ -f "samples/passwords/$stem.txt" ]; then args+=(--password-file "samples/passwords/$stem.txt"); fi
  # the request each sample answers is in the generator's ground truth
  req="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("request_id") or "")' "samples/truth/$base.json" 2>/dev/null || true)"
  if [ -n "$req" ]; then args+=(--request "$req"); fi
  returns ingest "$pkg" --received-from "sample package" "${args[@]}"
done
echo
returns packages
echo
returns request list
echo
returns verify
echo
n="$(returns review --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
echo "Review queue: $n values a person must check (OCR readings, free-text finds, assumed zones): see 'returns review'."
